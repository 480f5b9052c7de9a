"""Shared test helper: words drawn on top of each other in a PDF.

Overlapping words are what a reader sees when a layout goes wrong (a seal
label over a date, a table cell running into the next); text extraction
still "finds" every word, so only geometry tells. Used on our own PDFs and
on the PDFs LibreOffice makes from the .docx files.
"""

from __future__ import annotations

from pathlib import Path


def overlapping_words(pdf: Path | str, min_share: float = 0.3) -> list[tuple[int, str, str]]:
    """(page number, word, word) for each pair of words whose boxes overlap by
    more than `min_share` of the smaller box. Words are pdfplumber's: runs
    of characters without a gap, so a Chinese line is a few long words."""
    import pdfplumber

    found = []
    with pdfplumber.open(str(pdf)) as doc:
        for number, page in enumerate(doc.pages, start=1):
            words = sorted(page.extract_words(keep_blank_chars=False, use_text_flow=False), key=lambda w: w["x0"])
            for i, a in enumerate(words):
                for b in words[i + 1:]:
                    if b["x0"] >= a["x1"]:
                        break  # sorted by x0: nothing further right can overlap a
                    width = min(a["x1"], b["x1"]) - b["x0"]
                    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                    if width <= 0 or height <= 0:
                        continue
                    smaller = min((a["x1"] - a["x0"]) * (a["bottom"] - a["top"]), (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]))
                    if smaller > 0 and width * height > min_share * smaller:
                        found.append((number, a["text"], b["text"]))
    return found
