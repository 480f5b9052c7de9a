"""Checking a project: load, run every rule, apply waivers.

Pure except for reading the data files: returns a `CheckedProject` (the
project, the sorted, de-duplicated findings, and the analysis the renderers
read), and never raises on bad data.
"""

from __future__ import annotations

import gc
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from .analysis import CheckedProject, analysing
from .findings import Finding, Location, Severity, unique_sorted
from .identity import PrintedDocument
from .project import Project, ResolvedBid, load_project
from .rules import BUILTIN_RULES, Rule, TextDocument, load_all, run
from .rules.textscan import iter_texts


#: where a policy keeps an imported plan's own paragraphs (model.PolicyProse)
PLAN_PROSE = "policy.prose"


def is_plan_prose(item: Any) -> bool:
    return item.path.startswith(PLAN_PROSE) and item.path[len(PLAN_PROSE):len(PLAN_PROSE) + 1] in (".", "[")


def text_documents(project: Project) -> list[TextDocument]:
    """The free text of every data file. A policy's ``prose`` (an imported
    plan's own paragraphs, which nothing prints) is also a document of its
    own, kind "document": it is the plan's text, so the rules check it as they
    check the plan document (see ``text_views``)."""
    docs = []
    for kind, doc_id, file in project.documents():
        raw = project.raw.get(file)
        if raw is None:
            continue  # did not load: its errors are reported already
        doc = TextDocument(file=file, kind=kind, items=list(iter_texts(raw)))
        if kind == "policy":
            doc.policy = project.policies.get(doc_id)
            plan = [item for item in doc.items if is_plan_prose(item)]
            if plan:
                docs.append(TextDocument(file=file, kind="document", items=plan, policy=doc.policy))
        elif kind == "bid":
            rb = project.bids.get(doc_id)
            if rb is None:
                continue  # a bid that did not resolve has its errors already
            doc.bid = rb
            doc.policy = rb.policy
        docs.append(doc)
    return docs


def text_views(docs: list[TextDocument]) -> tuple[list[TextDocument], list[TextDocument]]:
    """(what most text rules read, what the rules that hold text against
    data read). Why two: an imported plan's paragraphs (``policy.prose``) must
    meet the same text rules as the plan document did (`tender import` loses
    no defect: hotline-format, truncated, shared-text and the document forms
    of foreign-name and project-identity only look at documents), once each;
    and the rules `tender check PLAN.docx` leaves to the facts reader
    (plancheck.NOT_ON_DOCUMENTS: prose-number, warranty-start, off-topic…)
    read the prose with the policy's values, as part of the policy."""
    general, with_data = [], []
    for doc in docs:
        if doc.kind == "document":
            general.append(doc)
            continue
        with_data.append(doc)
        if doc.kind == "policy" and any(is_plan_prose(i) for i in doc.items):
            general.append(TextDocument(file=doc.file, kind=doc.kind, items=[i for i in doc.items if not is_plan_prose(i)],
                                        policy=doc.policy, bid=doc.bid))
        else:
            general.append(doc)
    return general, with_data


def run_rules(project: Project) -> list[Finding]:
    findings: list[Finding] = []
    rules = load_all()
    from .plancheck import NOT_ON_DOCUMENTS  # one home for the rules a plan document skips

    docs = text_documents(project)
    general, with_data = text_views(docs)
    printed: list[PrintedDocument] | None = None
    for r in rules:
        if r.scope == "company" and project.company is not None:
            findings += run_safely(r, project.company, project)
        elif r.scope == "policy":
            findings += _policy_findings(r, project)
        elif r.scope == "bid":
            for rb in project.bids.values():
                findings += run_safely(r, rb, project)
        elif r.scope == "text":
            for doc in (with_data if r.id in NOT_ON_DOCUMENTS else general):
                findings += run_safely(r, doc, project)
        elif r.scope == "printed":
            if printed is None:
                printed, problems = printed_documents(project, docs)
                findings += problems
            for doc in printed:
                findings += run_safely(r, doc, project)
    return findings


def printed_documents(project: Project, docs: list[TextDocument]) -> tuple[list[PrintedDocument], list[Finding]]:
    """The anonymous bids as printed (their print HTML; no PDF), for the
    rules that judge what a reader sees. Rendering is imported only when a
    bid is anonymous: WeasyPrint's import costs most of a second."""
    wanted = [bid_id for bid_id, rb in sorted(project.bids.items()) if rb.bid.anonymous]
    if not wanted:
        return [], []
    from .printed import printed_bid  # noqa: PLC0415

    company_items = [item for doc in docs if doc.kind == "company" for item in doc.items]
    out, problems = [], []
    for bid_id in wanted:
        rb = project.bids[bid_id]
        sources = [item for doc in docs if doc.kind == "bid" and doc.file == rb.file for item in doc.items]
        sources += list(iter_texts(rb.policy_raw, "policy")) + company_items
        try:
            out.append(printed_bid(project, bid_id, sources))
        except Exception as exc:  # noqa: BLE001 - reported as a finding, like a failing rule
            if os.environ.get("TENDER_DEBUG"):
                raise
            problems.append(Finding.at("anonymity", Severity.ERROR, rb.bid.loc("anonymous") or Location(rb.file),
                                       f"无法生成暗标的打印内容来核对身份信息（{type(exc).__name__}: {exc}）；请先改正模板或数据中的问题", "bid.anonymous"))
    return out, problems


def _policy_findings(rule_obj: Rule, project: Project) -> list[Finding]:
    """A policy rule on every published policy, then on what every bid
    resolves to. A bid's finding that its base policy has too is the
    policy's, reported once; a new one is caused by the bid's overrides, so
    it is reported in the bid file and says it comes from the merged bid."""
    out: list[Finding] = []
    base: dict[str, set[tuple]] = {}
    for policy_id, policy in project.policies.items():
        found = run_safely(rule_obj, policy, project)
        base[policy_id] = {_same(f) for f in found}
        out += found
    for rb in project.bids.values():
        inherited = base.get(rb.bid.policy, set())
        for f in run_safely(rule_obj, rb.policy, project):
            # a waiver in the policy file covers its place in every bid built on it
            if _same(f) not in inherited and not _waived(f, project.waivers.get(f.file, [])):
                out.append(_in_bid(f, rb))
    return out


def _same(f: Finding) -> tuple:
    return (f.rule, f.file, f.line, f.col, f.message)


def _in_bid(f: Finding, rb: ResolvedBid) -> Finding:
    """The finding of a merged bid, placed in the bid file: at the value
    itself when the bid wrote it, else at the bid's override of the nearest
    enclosing part (its 一级 fault level, its warranty), else at `overrides`."""
    if f.file == rb.file:
        return replace(f, message=f"（投标合并基础政策 {rb.bid.policy} 后）{f.message}")
    loc = _bid_loc(rb, f.path) or rb.bid.loc("overrides") or rb.bid.loc("policy") or Location(rb.file)
    message = f"（投标合并基础政策 {rb.bid.policy} 后，涉及 {f.file}:{f.line} 的值）{f.message}"
    return replace(f, file=loc.file, line=loc.line, col=loc.col, message=message)


def _bid_loc(rb: ResolvedBid, path: str) -> Location | None:
    """The deepest place along `path` (policy.fault_levels[0].times[2]…) in the
    merged data that the bid file wrote."""
    keys = [int(i) if i else k for k, i in _SEGMENT_RE.findall(path)][1:]  # drop "policy"
    node, best = rb.policy_raw, None
    for key in keys:
        locs = getattr(node, "locs", None)
        try:
            loc = locs.get(key) if isinstance(locs, dict) else (locs[key] if locs is not None else None)
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if loc is not None and loc.file == rb.file:
            best = loc
    return best


def run_safely(rule_obj: Rule, target: Any, project: Project) -> list[Finding]:
    """One rule on one target. A rule that fails on unforeseen data costs
    that rule's findings for that target, not the whole check: the failure
    becomes an error finding at the target's file (TENDER_DEBUG=1 re-raises)."""
    try:
        return list(run(rule_obj, target, project))
    except Exception as exc:  # noqa: BLE001 - reported as a finding
        if os.environ.get("TENDER_DEBUG"):
            raise
        return [Finding.at(rule_obj.id, Severity.ERROR, _where(target), f"规则 {rule_obj.id} 未能检查这里的数据（内部错误 {type(exc).__name__}: {exc}）；其他检查结果仍然有效，请把此信息反馈给开发者")]


def _where(target: Any) -> Location | None:
    if isinstance(target, (TextDocument, PrintedDocument)):
        return Location(target.file)
    if isinstance(target, ResolvedBid):
        return target.bid.loc() or Location(target.file)
    loc = getattr(target, "loc", None)
    return loc() if callable(loc) else None


def waiver_findings(project: Project) -> list[Finding]:
    known = {r.id for r in load_all()} | set(BUILTIN_RULES)
    out = []
    for waivers in project.waivers.values():
        for w in waivers:
            if w.rule not in known:
                out.append(Finding.at("waiver", Severity.WARNING, w.loc("rule"), f"豁免的规则“{w.rule}”不存在；规则编号见 tender rules"))
    return out


_SEGMENT_RE = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def path_segments(path: str) -> list[str]:
    """policy.warranty.parts[0] → ["policy", "warranty", "parts", "[0]"]:
    a waiver names whole keys and list items, never a prefix of a name."""
    return [f"[{i}]" if i else key for key, i in _SEGMENT_RE.findall(path)]


def waiver_covers(waiver_path: str, finding_path: str) -> bool:
    """A waiver at `policy.w` does not cover `policy.warranty`, nor `parts[1]` `parts[10]`."""
    if not waiver_path:
        return True
    want = path_segments(waiver_path)
    return path_segments(finding_path)[: len(want)] == want


def _path_exists(raw: Any, path: str) -> bool:
    node = raw
    for seg in path_segments(path):
        try:
            node = node[int(seg[1:-1])] if seg.startswith("[") else node[seg]
        except (KeyError, IndexError, TypeError, ValueError):
            return False
    return True


def apply_waivers(project: Project, findings: list[Finding]) -> list[Finding]:
    """Drop findings silenced by a waiver written in the same file; warn on
    a waiver whose path is not in the file, or that silences nothing (so a
    stale waiver does not wait to hide the next real problem)."""
    kept, used = [], set()
    for f in findings:
        hits = [i for i, w in enumerate(project.waivers.get(f.file, [])) if w.rule == f.rule and waiver_covers(w.path, f.path)]
        if hits:
            used.update((f.file, i) for i in hits)
            continue
        kept.append(f)
    known = {r.id for r in load_all()} | set(BUILTIN_RULES)
    for file, waivers in project.waivers.items():
        for i, w in enumerate(waivers):
            if (file, i) in used or w.rule not in known:
                continue
            raw = project.raw.get(file)
            in_bid = w.path.startswith("policy.") and isinstance(raw, dict) and "bid" in raw  # a bid's overrides resolve to policy.*
            if w.path and not _path_exists(raw, w.path) and not (in_bid and _path_exists(raw, "bid.overrides" + w.path[len("policy"):])):
                kept.append(Finding.at("waiver", Severity.WARNING, w.loc("path"), f"豁免的位置“{w.path}”在本文件中不存在；请改为数据中的点分路径（如 policy.warranty.parts[0]），或删除该豁免"))
            else:
                kept.append(Finding.at("waiver", Severity.WARNING, w.loc(), f"豁免（规则 {w.rule}{('，位置 ' + w.path) if w.path else ''}）没有消除任何问题；请删除这条过时的豁免"))
    return kept


def _waived(f: Finding, waivers: list) -> bool:
    return any(w.rule == f.rule and waiver_covers(w.path, f.path) for w in waivers)


def check_project(root: Path, only: list[Path] | None = None) -> CheckedProject:
    """The project under root checked: all its findings (optionally only for
    some files) and the analysis the renderers read. Unpacks as
    ``project, findings`` for callers that need nothing derived."""
    # A check allocates ~10^6 small, acyclic objects (values, models, findings)
    # and frees nothing until it ends; the cyclic collector would rescan them
    # many times over (a third of the time for 500 bids), so it waits.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        project, findings = load_project(root)
        with analysing(project) as analysis:
            findings += run_rules(project)
        findings += waiver_findings(project)
        findings = unique_sorted(apply_waivers(project, findings))
    finally:
        if was_enabled:
            gc.enable()
    if only:
        # compare where files stand, not where symlinks lead (a link out of the
        # project or a link loop must still be reported, and must not crash)
        wanted = [Path(os.path.abspath(p)) for p in only]
        findings = [f for f in findings if any(_inside(Path(os.path.abspath(root / f.file)), w) for w in wanted)]
    return CheckedProject(project, findings, analysis)


def _inside(path: Path, target: Path) -> bool:
    return path == target or target in path.parents
