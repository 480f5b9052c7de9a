"""How fast is `tender build`? Prints, for the example project and for a
generated project with --policies N (default 50) service policies:

* full build time (empty cache) — `tender build --jobs 1`, whole process;
* no-change rebuild time and its fraction of the full build (goal ≤ 10 %);
* `--jobs 2` against `--jobs 1` on a full build of the generated project
  (goal ≥ 1.6× speed-up; needs ≥ 2 cores);
* `tender build --no-pdf` against plain `mkdocs build` of the same pages
  written out as ordinary Markdown files, same theme and search (goal ≤ 1.3×);
  and against plain mkdocs given tender's quick read of jieba's dictionary
  (mkdocs_plugin.load_jieba_cache), which shows what the plugin itself adds.

    .venv/bin/python benchmarks/build.py [--policies 50] [--repeat 1]

Everything happens in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
PARTS = ("commitments", "templates", "mkdocs.yml")
ENV = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for part in PARTS:
        src = REPO / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / part)
    return dest


def generate(dest: Path, n: int) -> Path:
    """The example with `n` policies: copies of the three shipped ones, each
    with its own title and product line (so nothing is a duplicate)."""
    root = copy_project(dest)
    folder = root / "commitments/policies"
    sources = sorted(folder.glob("*.yaml"))
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sources}
    i = 0
    while len(list(folder.glob("*.yaml"))) < n:
        i += 1
        for stem, text in texts.items():
            if len(list(folder.glob("*.yaml"))) >= n:
                break
            title = re.search(r"^  title: (.+)$", text, re.M).group(1)
            new = text.replace(f"  title: {title}\n", f"  title: {title}（第{i}系列）\n", 1)
            (folder / f"{stem}-{i:02d}.yaml").write_text(new, encoding="utf-8")
    return root


LOADS: list[float] = []


def run(root: Path, *args: str) -> float:
    LOADS.append(os.getloadavg()[0])
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", *args], cwd=root, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"tender {' '.join(args)} failed in {root}:\n{proc.stdout}\n{proc.stderr}")
    return elapsed


def clean(root: Path) -> None:
    for name in ("site", "build", ".tender-cache"):
        shutil.rmtree(root / name, ignore_errors=True)


def best(fn, repeat: int) -> float:
    return min(fn() for _ in range(repeat))


#: plain mkdocs given tender's quick read of jieba's dictionary too: the
#: fair measure of what the tender plugin itself adds
PLAIN_WITH_JIEBA_READ = ("import sys, jieba; from generator.mkdocs_plugin import load_jieba_cache; load_jieba_cache(jieba.dt); "
                         "from mkdocs.__main__ import cli; cli(sys.argv[1:])")


def plain_mkdocs(root: Path, work: Path, jieba_read: bool = False) -> float:
    """The same pages as hand-written Markdown, built by plain mkdocs
    (`jieba_read`: with jieba's dictionary read as tender reads it)."""
    from generator.checker import check_project
    from generator.site import nav, render_pages

    project, _ = check_project(root)
    docs = work / "docs"
    shutil.copytree(REPO / "templates/web/docs", docs)
    if (REPO / "templates/web/overrides").is_dir():
        shutil.copytree(REPO / "templates/web/overrides", work / "overrides")
    for uri, text in render_pages(project, None).items():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_text(text, encoding="utf-8")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: templates/web/docs", "docs_dir: docs").replace("custom_dir: templates/web/overrides", "custom_dir: overrides")
    config = re.sub(r"  - tender:\n(    .*\n)*", "", config)
    import json

    config += "nav: " + json.dumps(nav(project), ensure_ascii=False) + "\n"
    (work / "mkdocs.yml").write_text(config, encoding="utf-8")
    t = time.perf_counter()
    command = ["-c", PLAIN_WITH_JIEBA_READ] if jieba_read else ["-m", "mkdocs"]
    proc = subprocess.run([sys.executable, *command, "build", "-q", "-d", str(work / "site")], cwd=work, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"plain mkdocs build failed:\n{proc.stderr}")
    return elapsed


def site_ratio(tmp: Path, example: Path, big: Path, repeat: int) -> None:
    """`tender build --no-pdf` against plain `mkdocs build` of the same pages."""
    for name, root in (("example", example), ("generated", big)):
        run(root, "check")  # warm the OS cache and jieba's dictionary cache
        nopdf = best(lambda: (clean(root), run(root, "build", "--no-pdf"))[1], repeat)
        work = tmp / f"plain-{name}"
        work.mkdir()
        def plain_run(jieba_read: bool) -> float:
            shutil.rmtree(work / "docs", ignore_errors=True)
            shutil.rmtree(work / "overrides", ignore_errors=True)
            return plain_mkdocs(root, work, jieba_read)

        plain = best(lambda: plain_run(False), repeat)
        fair = best(lambda: plain_run(True), repeat)
        print(f"{name}: tender build --no-pdf {nopdf:.2f} s   plain mkdocs build {plain:.2f} s   ratio {nopdf / plain:.2f}× (goal ≤ 1.3×)"
              f"   [plain mkdocs with tender's jieba read: {fair:.2f} s, ratio {nopdf / fair:.2f}×]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--policies", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--site-only", action="store_true", help="only --no-pdf against plain mkdocs build (no PDFs rendered; about a minute)")
    args = ap.parse_args()
    print(f"CPU cores: {os.cpu_count()}  Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="tender-bench-") as tmp:
        tmp = Path(tmp)
        example = copy_project(tmp / "example")
        big = generate(tmp / "big", args.policies)
        if args.site_only:
            site_ratio(tmp, example, big, args.repeat)
            return
        rows = []
        for name, root in (("example (3 policies, 2 bids)", example), (f"generated ({args.policies} policies, 2 bids)", big)):
            run(root, "check")  # warm the OS cache and jieba's dictionary cache
            full = best(lambda: (clean(root), run(root, "build", "--jobs", "1"))[1], args.repeat)
            again = best(lambda: run(root, "build"), args.repeat)
            rows.append((name, full, again))
        print("\n| project | full build (--jobs 1) | no-change rebuild | fraction (goal ≤ 10 %) |")
        print("|---|---:|---:|---:|")
        for name, full, again in rows:
            print(f"| {name} | {full:.1f} s | {again:.2f} s | {again / full:.1%} |")

        one = rows[1][1]
        two = best(lambda: (clean(big), run(big, "build", "--jobs", "2"))[1], args.repeat)
        print(f"\n--jobs 1: {one:.1f} s   --jobs 2: {two:.1f} s   speed-up {one / two:.2f}× (goal ≥ 1.6×)")

        site_ratio(tmp, example, big, args.repeat)
    print(f"\n1-minute load average before the runs: {min(LOADS):.1f}–{max(LOADS):.1f} on {os.cpu_count()} cores"
          " (above the core count the figures, the --jobs speed-up most of all, are not reliable)")


if __name__ == "__main__":
    main()
