"""`tender import` on the seed plans: values read, prose kept, defects kept.

Usage: .venv/bin/python benchmarks/imports.py [--corpus DIR] [-v]

For every seed of shared/seeds (pinyin noise stripped, as benchmarks/recall.py
does) and every plan in it, the draft is built (in-process, timed) and written
into a copy of the example project; one `tender check --format json` then
checks all drafts. A finding on a draft line is mapped back to the document
line its source comment names (values: "# 原文 file:line", prose: "# file:line").

Printed: per seed the plans, values read into fields, paragraphs kept as
prose, values the model rejected (dropped), missing terms listed, company
values read (name, hotline, outlets, staff: generator.companyfacts), import time;
and on the labelled seeds the corpus defects found by checking the documents
and by checking the drafts (the goal: an import loses no defect). ``-v``
prints every value read with its source comment, to verify a sample by hand.

Last, the time of `tender import` (whole process, as a user runs it) on the
50-page Word plan of benchmarks/document.py.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from recall import PINYIN, find_corpus, parse_lines, same_rule  # noqa: E402

SOURCE_RE = re.compile(r"#\s*(?:原文\s*)?(?P<file>[^\s:：]+):(?P<line>\d+)")


def main() -> None:
    from generator.importer import ImportError_, build_draft, company_draft, read_plans

    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    corpus = find_corpus(args.corpus)
    seeds = corpus.parent / "seeds"
    with (corpus / "seed-defects-dev.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run([sys.executable, "-m", "generator", "new", str(tmp / "proj")], env=env, capture_output=True, check=True)
        policies = tmp / "proj" / "commitments" / "policies"
        docs = []
        drafts: dict[str, str] = {}  # draft file name → seed file name
        print(f"{'seed':6s} {'plans':>5s} {'values':>6s} {'prose':>6s} {'dropped':>7s} {'missing':>7s} {'company':>7s} {'seconds':>7s}")
        for seed in sorted(seeds.glob("*.txt")):
            doc = tmp / seed.name
            doc.write_text(PINYIN.sub("", seed.read_text(encoding="utf-8")), encoding="utf-8")
            docs.append(doc)
            cwd = os.getcwd()
            os.chdir(tmp)  # the drafts name the document as the user gave it
            try:
                start = time.perf_counter()
                _, _, plans = read_plans(Path(seed.name))
                titled = [p for p in plans if p.title]
                numbers = list(range(1, len(titled) + 1)) if titled else [None]
                values = prose = dropped = missing = company = 0
                for n in numbers:
                    try:
                        draft = build_draft(Path(seed.name), n)
                    except ImportError_ as exc:
                        if n == 1 and titled and "第一份方案标题之前" in str(exc):
                            continue
                        raise
                    name = f"{seed.stem[:3]}-{n or 1}.yaml"
                    (policies / name).write_text(draft.text, encoding="utf-8")
                    drafts[name] = seed.name
                    values += draft.values
                    prose += draft.paragraphs
                    dropped += len(draft.dropped)
                    missing += len(draft.missing)
                    parts = company_draft(draft, tmp / f"{name}-公司信息.yaml")
                    company_lines = [line for line in parts.text.splitlines() if "# 原文" in line] if parts else []
                    company += len(company_lines)
                    if args.verbose:
                        for line in draft.text.splitlines() + company_lines:
                            if "# 原文" in line:
                                print(f"    {name}: {line.strip()}")
                elapsed = time.perf_counter() - start
            finally:
                os.chdir(cwd)
            print(f"{seed.name[:3]:6s} {len(numbers):5d} {values:6d} {prose:6d} {dropped:7d} {missing:7d} {company:7d} {elapsed:7.2f}")
        on_docs = _check(tmp, [d.name for d in docs], env)
        on_drafts = _check(tmp / "proj", [str(Path("commitments/policies") / n) for n in drafts], env)
        sources = {name: _sources((policies / name).read_text(encoding="utf-8")) for name in drafts}
    mapped = []
    for f in on_drafts:
        name = Path(f["file"]).name
        if name in drafts and f["line"] in sources[name]:
            mapped.append({**f, "file": drafts[name], "line": sources[name][f["line"]]})
    print(f"\nfindings: {len(on_docs)} on the documents, {len(on_drafts)} on the drafts "
          f"({len(mapped)} on a draft line with a source comment)")
    for label, findings in (("documents", on_docs), ("drafts", mapped)):
        found = _found(rows, findings)
        errors = [r for r in rows if r["sev"] == "E"]
        found_errors = [r for r in errors if r["id"] in found]
        print(f"corpus defects found by checking the {label:9s}: {len(found)}/{len(rows)} (errors {len(found_errors)}/{len(errors)})")
    if os.environ.get("IMPORT_DEBUG"):
        for f in mapped:
            print("  mapped", f["file"][:3], f["line"], f["rule"], f["message"][:40])
    lost = _found(rows, on_docs) - _found(rows, mapped)
    gained = _found(rows, mapped) - _found(rows, on_docs)
    print(f"lost by the import: {len(lost)}  {sorted(lost, key=_key)}")
    print(f"found only on the drafts: {len(gained)}  {sorted(gained, key=_key)}")
    _long_plan(env)


def _long_plan(env: dict) -> None:
    """`tender import` of benchmarks/document.py's 50-page Word plan, as a whole process."""
    from document import build

    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan.docx"
        chars = build(plan, 50)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "generator", "import", "plan.docx", "-o", "plan.yaml"], cwd=tmp, env=env,
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"tender import failed ({proc.returncode}): {proc.stderr}")
        print(f"\n50-page Word plan ({chars} characters): tender import {elapsed:.2f} s (whole process); load average {os.getloadavg()[0]:.1f}")


def _key(defect_id: str) -> tuple:
    a, b = defect_id.split("-")
    return a, int(b)


def _sources(text: str) -> dict[int, int]:
    """Draft line → document line, from the source comments."""
    out = {}
    lines = text.splitlines()
    for i, line in enumerate(lines, 1):
        m = SOURCE_RE.search(line)
        if m:
            out[i] = int(m["line"])
        elif i > 1 and i - 1 in out and lines[i - 2].rstrip().split("#")[0].rstrip().endswith(":"):
            out[i] = out[i - 1]  # a section's first key: the model places the section there
    return out


def _found(rows, findings) -> set[str]:
    by_place = defaultdict(list)
    for f in findings:
        by_place[(Path(f["file"]).name, f["line"])].append(f)
    return {r["id"] for r in rows
            if any(same_rule(f["rule"], r["rule"]) for ln in parse_lines(r["lines"]) for f in by_place.get((r["file"], ln), []))}


def _check(cwd: Path, files: list[str], env: dict) -> list[dict]:
    proc = subprocess.run([sys.executable, "-m", "generator", "check", "--format", "json", *files], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode not in (0, 1):
        sys.exit(f"tender check failed ({proc.returncode}): {proc.stderr}")
    return json.loads(proc.stdout or "[]")


if __name__ == "__main__":
    main()
