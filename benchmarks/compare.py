"""How fast is `tender compare` on two 100-page PDFs? Goal: ≤ 5 s.

Makes two PDFs of about 100 pages each (Chinese prose in the shipped fonts,
different text generated from different seeds, with five shared passages
planted in both) once, keeps them in a temporary folder, then times:

* the whole command `python -m generator compare A.pdf B.pdf` as a user runs
  it (process start, imports, reading both PDFs, comparison, output);
* the comparison alone, in this process, after reading (fastest of --repeat).

    .venv/bin/python benchmarks/compare.py [--pages 100] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

GOAL_S = 5.0
#: characters of text per A4 page at 小四 (about 38 × 28)
CHARS_PER_PAGE = 940


def vocabulary() -> list[str]:
    """Words of the example project's own text (jieba), so the generated
    prose has the shape of a real plan."""
    import jieba
    import yaml

    words: set[str] = set()
    for path in sorted((REPO / "commitments").rglob("*.yaml")):
        text = yaml.safe_load(path.read_text(encoding="utf-8"))
        for s in _strings(text):
            words.update(w for w in jieba.cut(s) if len(w) >= 2 and not w.isascii())
    return sorted(words)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def prose(rng: random.Random, words: list[str], chars: int) -> list[str]:
    paragraphs, total = [], 0
    while total < chars:
        sentences = []
        for _ in range(rng.randint(2, 5)):
            sentences.append("".join(rng.choice(words) for _ in range(rng.randint(5, 12))) + rng.choice("。；，。"))
        paragraph = "".join(sentences).rstrip("，；。") + "。"
        paragraphs.append(paragraph)
        total += len(paragraph)
    return paragraphs


def make_pdf(path: Path, paragraphs: list[str]) -> None:
    from html import escape

    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from generator.fonts import font_face_css

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    css = font_face_css() + '@page { size: A4; margin: 25mm } html { font: 12pt/1.6 "Tender Serif" } p { text-indent: 2em; margin: 0 0 .3em }'
    fonts = FontConfiguration()
    HTML(string=f'<html lang="zh-CN"><body>{body}</body></html>').write_pdf(path, stylesheets=[CSS(string=css, font_config=fonts)], font_config=fonts)


def make_pair(folder: Path, pages: int) -> tuple[Path, Path]:
    a, b = folder / f"bench2-a-{pages}.pdf", folder / f"bench2-b-{pages}.pdf"
    if a.exists() and b.exists():
        return a, b
    words = vocabulary()
    # five passages of 80 characters or more, above the 60-character threshold
    shared = [p for p in prose(random.Random(7), words, 6000) if len(p) >= 90][:5]
    for path, seed in ((a, 1), (b, 2)):
        paragraphs = prose(random.Random(seed), words, pages * CHARS_PER_PAGE)
        for i, passage in enumerate(shared):
            paragraphs.insert((i + 1) * len(paragraphs) // 7 + seed, passage)
        make_pdf(path, paragraphs)
    return a, b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "tender-bench-compare")
    args = parser.parse_args()
    args.keep.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    a, b = make_pair(args.keep, args.pages)
    made = time.perf_counter() - started

    import pypdfium2 as pdfium

    from generator.compare import compare_documents, load_documents

    pages = [len(pdfium.PdfDocument(str(p))) for p in (a, b)]
    print(f"输入：{a.name} {pages[0]} 页，{b.name} {pages[1]} 页（生成或取自 {args.keep}，{made:.1f} 秒）")

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    timings = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "generator", "compare", str(a), str(b)], env=env, capture_output=True, text=True, check=False)
        timings.append(time.perf_counter() - t0)
    shared_line = next((ln for ln in proc.stdout.splitlines() if "相同或近似段落" in ln), "")
    print(f"tender compare 整个命令：最快 {min(timings):.2f} 秒（{', '.join(f'{t:.2f}' for t in timings)}），退出码 {proc.returncode}；{shared_line.strip()}")

    t0 = time.perf_counter()
    docs = load_documents([a, b])
    read = time.perf_counter() - t0
    best = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        report = compare_documents(docs)
        best = min(best, time.perf_counter() - t0)
    print(f"读取两份 PDF：{read:.2f} 秒；比较本身：最快 {best:.2f} 秒；找到相同或近似段落 {len(report.passages)} 处（植入 5 处）")
    verdict = "达标" if min(timings) <= GOAL_S else "未达标"
    print(f"目标：整个命令 ≤ {GOAL_S:.0f} 秒 —— {verdict}")


if __name__ == "__main__":
    main()
