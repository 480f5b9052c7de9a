"""How fast is `tender check`? Prints the check time of the shipped example and
of a project with 500 generated bids, per bid and as a ratio to only parsing
the same YAML files (yaml.safe_load with the C loader when available).

Goal: a full check costs at most 3× the bare parse (exit status 1 when the
large check misses it). Times are CPU time of this process (median of
--repeat runs, garbage collected before each), so other jobs on the machine
disturb them less than wall time; a per-stage breakdown (loader, models,
rules) follows, and --profile prints a cProfile of the large check.

    python benchmarks/check.py [--bids 500] [--repeat 5] [--profile] [--no-breakdown]

Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.checker import check_project  # noqa: E402

try:
    from yaml import CSafeLoader as FastLoader

    LOADER = "CSafeLoader"
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as FastLoader  # type: ignore[assignment]

    LOADER = "SafeLoader (libyaml missing)"

GOAL = 3.0


def copy_example(dest: Path) -> Path:
    for part in ("commitments", "mkdocs.yml"):
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


#: variations a bid writer makes between two tenders (all keep the data clean)
CITIES = ["澜江", "澜湾", "青溪", "松岭", "临川", "白沙", "望海", "秋浦", "东禾", "西陵"]
BUILDINGS = ["门诊楼", "住院楼", "图书馆", "体育中心", "会展中心", "行政中心", "实验楼", "档案中心"]
ARRIVALS = ["1小时", "2小时"]


def own_identity(text: str, i: int, rng: random.Random) -> str:
    """Bid `i`'s own buyer, agency and site (as a real project's bids have:
    bid-copy rightly calls two bids sharing them a copy nobody changed)."""
    ident = yaml.safe_load(text)["bid"]["project"]
    city = rng.choice(CITIES)
    buyer, agency = ident["buyer"], ident.get("agency") or {}
    new = [  # longest first: the site holds the buyer's address
        (ident["site"], f"{city}市第{i}大道{i}号 主楼"),
        (buyer["name"], f"{city}市第{i}{rng.choice(BUILDINGS)}管理处"),
        (buyer["address"], f"{city}市第{i}大道{i}号"),
        (buyer["contact"], f"设备科 第{i}联系人"),
        (buyer["phone"], f"0571-8{i:07d}"),
        *((agency[k], v) for k, v in (("name", f"{city}{i}号招标代理有限公司"), ("address", f"{city}市代理路{i}号"),
                                      ("phone", f"0571-6{i:07d}")) if agency.get(k)),
    ]
    for old, value in new:
        text = text.replace(old, value)
    return text


def generate_bids(root: Path, count: int, seed: int = 20261123) -> None:
    """`count` bids copied from the example bids with varied names, numbers and
    overrides; the example's own bids are replaced."""
    rng = random.Random(seed)
    bids = root / "commitments" / "bids"
    templates = [p.read_text(encoding="utf-8") for p in sorted(bids.glob("*.yaml"))]
    names = {
        "澜湾区人民医院门诊楼中央空调系统采购及安装项目": "中央空调系统采购及安装项目",
        "澜江会展中心主展厅LED显示屏采购项目": "LED显示屏采购项目",
    }
    numbers = ["LWCG-2026-0418", "NBLJ-2026-1107"]
    for p in bids.glob("*.yaml"):
        p.unlink()
    for i in range(count):
        text = templates[i % len(templates)]
        place = f"{rng.choice(CITIES)}{rng.choice(BUILDINGS)}"
        for old, suffix in names.items():
            text = text.replace(f"name: {old}", f"name: {place}{i}号{suffix}")
        for old in numbers:
            text = text.replace(f"number: {old}", f"number: ZB-{2026 + i % 3}-{i:05d}")
        text = own_identity(text, i, rng)
        if "      term: 5年" in text:  # the HVAC bid: warranty years drive the visit counts and the prose
            years = rng.choice([4, 5])  # the compressor part is warranted 60个月
            arrival = rng.choice(ARRIVALS)
            text = text.replace("      term: 5年", f"      term: {years}年", 1)
            text = text.replace("      visits: 20", f"      visits: {years * 4}", 1)
            text = text.replace("      visits: 60", f"      visits: {years * 12}", 1)
            text = text.replace("arrival: 1小时, fix: 6小时", f"arrival: {arrival}, fix: 6小时", 1)
            text = text.replace("本项目质保期 5年，一级故障 1小时内到场", f"本项目质保期 {years}年，一级故障 {arrival}内到场", 1)
            text = text.replace("一级故障本市 1小时内到达现场", f"一级故障本市 {arrival}内到达现场", 1)
            text = text.replace("      - 质保期 5年，自验收合格之日起计算。", f"      - 质保期 {years}年，自验收合格之日起计算。", 1)
        (bids / f"bid-{i:04d}.yaml").write_text(text, encoding="utf-8")


def data_files(root: Path) -> list[Path]:
    return sorted((root / "commitments").rglob("*.yaml"))


#: CPU time of this process: other jobs on the machine disturb it far less than wall time
clock = time.process_time


def time_parse(root: Path) -> float:
    start = clock()
    for path in data_files(root):
        yaml.load(path.read_bytes(), Loader=FastLoader)
    return clock() - start


def time_check(root: Path) -> tuple[float, int]:
    from generator.rules.writing import clear_text_memos

    clear_text_memos()  # each run starts without the texts of the last (as a new `tender check` process does)
    start = clock()
    _, findings = check_project(root)
    return clock() - start, len(findings)


def breakdown(root: Path, repeat: int) -> dict[str, float]:
    """Where a check's time goes: reading files (tender's safe loader), building
    the models (validation, bid resolution, locations) and running the rules.
    Uses internals; the stages run with the garbage collector paused, as in
    check_project."""
    from generator.checker import run_rules
    from generator.loader import read_data_file
    from generator.project import load_project

    stages: dict[str, list[float]] = {"read+parse (loader)": [], "models+resolve (project)": [], "rules": []}
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = clock()
            for path in data_files(root):
                read_data_file(path, path.name)
            read = clock() - start
            start = clock()
            project, _ = load_project(root)
            load = clock() - start
            start = clock()
            run_rules(project)
            rules = clock() - start
        finally:
            gc.enable()
        stages["read+parse (loader)"].append(read)
        stages["models+resolve (project)"].append(max(load - read, 0.0))
        stages["rules"].append(rules)
    return {name: statistics.median(values) for name, values in stages.items()}


def measure(root: Path, repeat: int) -> dict:
    time_check(root)  # warm up: imports, regex compilation, disk cache
    checks, parses = [], []
    findings = 0
    for _ in range(repeat):
        gc.collect()  # neither run pays for the other's garbage
        parses.append(time_parse(root))
        gc.collect()
        t, findings = time_check(root)
        checks.append(t)
    bids = len(list((root / "commitments" / "bids").glob("*.yaml")))
    check_s, parse_s = statistics.median(checks), statistics.median(parses)
    return {"bids": bids, "files": len(data_files(root)), "check": check_s, "parse": parse_s, "findings": findings}


def report(label: str, m: dict) -> None:
    ratio = m["check"] / m["parse"]
    per_bid = m["check"] / max(m["bids"], 1) * 1000
    verdict = "OK" if ratio <= GOAL else f"MISSES the ≤{GOAL:g}× goal"
    print(
        f"{label:<12} {m['files']:>4} files {m['bids']:>4} bids  check {m['check'] * 1000:8.1f} ms"
        f"  ({per_bid:6.2f} ms/bid)  parse {m['parse'] * 1000:8.1f} ms"
        f"  ratio {ratio:5.2f}×  {verdict}  findings={m['findings']}"
    )


def profile(root: Path, top: int = 25) -> None:
    prof = cProfile.Profile()
    prof.enable()
    check_project(root)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
    print(buf.getvalue())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bids", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", action="store_true", help="print a cProfile of the large check")
    ap.add_argument("--no-breakdown", action="store_true", help="skip the per-stage times")
    args = ap.parse_args()
    print(f"YAML loader for the parse baseline: {LOADER}; CPU time, median of {args.repeat} runs")
    with tempfile.TemporaryDirectory(prefix="tender-bench-") as tmp:
        example = copy_example(Path(tmp) / "example")
        report("example", measure(example, args.repeat))
        large = copy_example(Path(tmp) / "large")
        generate_bids(large, args.bids)
        m = measure(large, args.repeat)
        report(f"{args.bids} bids", m)
        if m["findings"]:
            print("note: the generated bids are meant to be clean; findings:")
            for f in check_project(large)[1][:10]:
                print("  ", f.text())
        if not args.no_breakdown:
            parts = breakdown(large, args.repeat)
            print("  where the time goes (×parse of the same files): " + ", ".join(f"{name} {s * 1000:.0f} ms ({s / m['parse']:.2f}×)" for name, s in parts.items()))
        if args.profile:
            profile(large)
        return 0 if m["check"] / m["parse"] <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
