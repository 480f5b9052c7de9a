"""Checking a project: load, run every rule, apply waivers.

Pure except for reading the data files: returns the project and the sorted,
de-duplicated findings, and never raises on bad data.
"""

from __future__ import annotations

from pathlib import Path

from .findings import Finding, Severity, unique_sorted
from .project import Project, load_project
from .rules import BUILTIN_RULES, TextDocument, load_all, run
from .rules.textscan import iter_texts


def text_documents(project: Project) -> list[TextDocument]:
    docs = []
    for file, raw in project.raw.items():
        kind = "company" if file.endswith("company.yaml") else ("bid" if "/bids/" in file else "policy")
        doc = TextDocument(file=file, kind=kind, items=list(iter_texts(raw)))
        if kind == "policy":
            stem = Path(file).stem
            doc.policy = project.policies.get(stem)
        elif kind == "bid":
            rb = project.bids.get(Path(file).stem)
            if rb is None:
                continue  # a bid that did not resolve has its errors already
            doc.bid = rb
            doc.policy = rb.policy
        docs.append(doc)
    return docs


def run_rules(project: Project) -> list[Finding]:
    findings: list[Finding] = []
    rules = load_all()
    policies = list(project.policies.values()) + [rb.policy for rb in project.bids.values()]
    docs = text_documents(project)
    for r in rules:
        if r.scope == "company" and project.company is not None:
            findings += run(r, project.company, project)
        elif r.scope == "policy":
            for policy in policies:
                findings += run(r, policy, project)
        elif r.scope == "bid":
            for rb in project.bids.values():
                findings += run(r, rb, project)
        elif r.scope == "text":
            for doc in docs:
                findings += run(r, doc, project)
    return findings


def waiver_findings(project: Project) -> list[Finding]:
    known = {r.id for r in load_all()} | set(BUILTIN_RULES)
    out = []
    for waivers in project.waivers.values():
        for w in waivers:
            if w.rule not in known:
                out.append(Finding.at("waiver", Severity.WARNING, w.loc("rule"), f"豁免的规则“{w.rule}”不存在；规则编号见 tender rules"))
    return out


def apply_waivers(project: Project, findings: list[Finding]) -> list[Finding]:
    """Drop findings silenced by a waiver written in the same file."""
    kept = []
    for f in findings:
        waivers = project.waivers.get(f.file, [])
        if any(w.rule == f.rule and (not w.path or f.path.startswith(w.path)) for w in waivers):
            continue
        kept.append(f)
    return kept


def check_project(root: Path, only: list[Path] | None = None) -> tuple[Project, list[Finding]]:
    """All findings for the project under root (optionally only for some files)."""
    project, findings = load_project(root)
    findings += run_rules(project)
    findings += waiver_findings(project)
    findings = unique_sorted(apply_waivers(project, findings))
    if only:
        wanted = [p.resolve() for p in only]
        findings = [f for f in findings if any(_inside((root / f.file).resolve(), w) for w in wanted)]
    return project, findings


def _inside(path: Path, target: Path) -> bool:
    return path == target or target in path.parents
