"""Checks on a rendered PDF that a reader would notice: text printed over text."""

from __future__ import annotations

from pathlib import Path


def overlapping_text(pdf: Path | str, min_share: float = 0.3) -> list[str]:
    """Every pair of characters whose boxes overlap (by more than min_share of
    the smaller one, in both directions), on any page, as "page N: 'a' over 'b'
    at (x, y)". Characters of one line sit side by side and never overlap;
    a cell that overflows into its neighbour, or a guide drawn over text, does."""
    import pdfplumber

    found: list[str] = []
    with pdfplumber.open(str(pdf)) as doc:
        for number, page in enumerate(doc.pages, 1):
            # neighbours in the content stream are one word, kerned ("w." may touch): not an overlap
            chars = sorted(({**c, "seq": i} for i, c in enumerate(page.chars) if c["text"].strip()), key=lambda c: c["x0"])
            active: list[dict] = []
            for c in chars:
                active = [a for a in active if a["x1"] > c["x0"]]
                for a in active:
                    w = min(a["x1"], c["x1"]) - max(a["x0"], c["x0"])
                    h = min(a["bottom"], c["bottom"]) - max(a["top"], c["top"])
                    if w <= 0 or h <= 0 or abs(a["seq"] - c["seq"]) == 1:
                        continue
                    small_w = min(a["x1"] - a["x0"], c["x1"] - c["x0"]) or 1
                    small_h = min(a["bottom"] - a["top"], c["bottom"] - c["top"]) or 1
                    if w / small_w > min_share and h / small_h > min_share:
                        found.append(f"第 {number} 页：“{a['text']}”与“{c['text']}”重叠，位置 ({c['x0']:.0f}, {c['top']:.0f})")
                active.append(c)
    return found


_LEVELS = [(1, r"[一二三四五六七八九十]+、"), (2, r"（[一二三四五六七八九十]+）"), (3, r"\d+\.(?!\d)"), (4, r"（\d+）")]


def heading_skips(pdf: Path | str) -> list[str]:
    """Lines whose numbering skips a level (（一） followed by （1） with no
    1. between): the order is 一、 （一） 1. （1） (GB/T 9704)."""
    import re

    import pdfplumber

    found: list[str] = []
    last = 0
    with pdfplumber.open(str(pdf)) as doc:
        for number, page in enumerate(doc.pages, 1):
            for line in (page.extract_text() or "").splitlines():
                line = line.strip()
                level = next((lv for lv, pattern in _LEVELS if re.match(pattern, line)), None)
                if level is None:
                    continue
                if level > last + 1:
                    found.append(f"第 {number} 页：“{line[:20]}”跳过了上一级编号")
                last = level
    return found


def extracted_text(pdf: Path | str) -> str:
    """The text an evaluator copies out of the PDF."""
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)
