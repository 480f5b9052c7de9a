"""Recall of `tender check` on the labelled real defects of the seed plans.

Usage: .venv/bin/python benchmarks/recall.py [-v] [--corpus DIR]

The corpus (shared/corpus/seed-defects-dev.tsv, with its README) and the seeds
(shared/seeds/) are read where they are: $TENDER_CORPUS, or the first
``shared/corpus`` found beside the repository or one of its parents. They are
never copied into the repository.

What it does, as the corpus README says:

* strips the pinyin noise "(wù)" from seeds 001 and 003 with a tone-aware
  class (line numbers are kept) into a temporary folder;
* runs ``python -m generator check --format json`` on the labelled files,
  as a user would;
* a defect is found when a finding is on one of its lines and has its rule
  or a near rule (missing-term ≈ vague-promise; placeholder ≈ date-valid ≈
  date-text; garbled-text ≈ web-residue ≈ markup; prose-number ≈
  self-contradiction);
* prints error recall, all-defect recall, recall per rule, and findings per
  1,000 characters on lines that have no catalogue row (seed 001 方案9,
  lines 262–333, is not labelled and is left out of both counts).

``-v`` lists every finding on an unlabelled line (each is either a defect the
reviewer missed or a false positive: look at each) and every missed defect.
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
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PINYIN = re.compile(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+)\)")
NEAR = [{"missing-term", "vague-promise"}, {"placeholder", "date-valid", "date-text"}, {"garbled-text", "web-residue", "markup"},
        {"prose-number", "self-contradiction"}]
#: lines of a seed that the catalogue does not cover (001 方案9)
UNLABELLED_SPANS = {"001_1ae4d6cd50451ab3.txt": [(262, 333)]}


def find_corpus(given: str | None) -> Path:
    candidates = [given, os.environ.get("TENDER_CORPUS")]
    candidates += [str(p / "shared" / "corpus") for p in [REPO, *REPO.parents]]
    for c in candidates:
        if c and (Path(c) / "seed-defects-dev.tsv").is_file():
            return Path(c)
    sys.exit("找不到 shared/corpus/seed-defects-dev.tsv；请用 --corpus 或环境变量 TENDER_CORPUS 指定")


def parse_lines(spec: str) -> set[int]:
    out: set[int] = set()
    for part in re.split(r"[,，]\s*", spec.strip()):
        m = re.match(r"^(\d+)\s*[–—-]\s*(\d+)$", part.strip())
        if m:
            out.update(range(int(m[1]), int(m[2]) + 1))
        elif part.strip().isdigit():
            out.add(int(part))
    return out


def same_rule(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in NEAR)


def run_check(files: list[Path], cwd: Path) -> list[dict]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "generator", "check", "--format", "json", *[f.name for f in files]],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode not in (0, 1):
        sys.exit(f"tender check failed ({proc.returncode}): {proc.stderr}")
    return json.loads(proc.stdout or "[]")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    corpus = find_corpus(args.corpus)
    seeds = corpus.parent / "seeds"
    with (corpus / "seed-defects-dev.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    names = sorted({r["file"] for r in rows})
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for name in names:
            text = (seeds / name).read_text(encoding="utf-8")
            target = Path(tmp) / name
            target.write_text(PINYIN.sub("", text), encoding="utf-8")
            files.append(target)
        texts = {f.name: f.read_text(encoding="utf-8").splitlines() for f in files}
        findings = run_check(files, Path(tmp))
    by_place = defaultdict(list)
    for f in findings:
        by_place[(f["file"], f["line"])].append(f)

    found, missed = [], []
    for r in rows:
        lines = parse_lines(r["lines"])
        hit = any(same_rule(f["rule"], r["rule"]) for ln in lines for f in by_place.get((r["file"], ln), []))
        (found if hit else missed).append(r)

    labelled = defaultdict(set)
    for r in rows:
        labelled[r["file"]] |= parse_lines(r["lines"])

    def excluded(name: str, line: int) -> bool:
        return any(a <= line <= b for a, b in UNLABELLED_SPANS.get(name, []))

    chars = 0
    for name, lines in texts.items():
        for i, line in enumerate(lines, 1):
            if i not in labelled[name] and not excluded(name, i):
                chars += len(line.strip())
    stray = [f for f in findings if f["line"] not in labelled[f["file"]] and not excluded(f["file"], f["line"])]

    errors = [r for r in rows if r["sev"] == "E"]
    found_errors = [r for r in found if r["sev"] == "E"]
    print(f"corpus: {corpus}  ({len(rows)} defects in {len(names)} files; {len(findings)} findings)")
    print(f"error recall:      {len(found_errors)}/{len(errors)} = {100 * len(found_errors) / len(errors):.1f} %  (goal ≥ 90 %)")
    print(f"all-defect recall: {len(found)}/{len(rows)} = {100 * len(found) / len(rows):.1f} %  (goal ≥ 75 %)")
    print(f"unlabelled lines:  {len(stray)} findings on {chars} characters = {1000 * len(stray) / max(chars, 1):.2f} per 1,000 (goal ≤ 0.3)")
    own = [f for f in findings if f["rule"] == "foreign-name" and re.search(r"“[^”]*(?:我|本|贵)?(?:公司|厂家?)”", f["message"]) and re.search(r"“(?:我|本)?(?:公司|厂家?|本厂)”|我公司|本公司|我方|我单位", f["message"].split("：")[0])]
    print(f"foreign-name findings naming our own side: {len(own)}")
    print("\nrecall per rule:")
    per = defaultdict(lambda: [0, 0])
    for r in rows:
        per[r["rule"]][1] += 1
    for r in found:
        per[r["rule"]][0] += 1
    for rule_id, (k, n) in sorted(per.items(), key=lambda kv: (-kv[1][1], kv[0])):
        print(f"  {rule_id:22s} {k:3d}/{n:<3d} {100 * k / n:5.0f} %")
    if args.verbose:
        print("\nfindings on unlabelled lines:")
        for f in stray:
            print(f"  {f['file'][:3]}:{f['line']}:{f['col']} {f['severity']}[{f['rule']}] {f['message']}")
        print("\nmissed defects:")
        for r in missed:
            print(f"  {r['id']:8s} {r['rule']:20s} L{r['lines']:12s} {r['quote']}")


if __name__ == "__main__":
    main()
