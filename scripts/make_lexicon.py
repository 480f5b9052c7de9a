"""Regenerate generator/lexicon/words.txt.gz from jieba's dictionary.

The text rules (typo, foreign-name) need to know whether two characters form
a common word and what part of speech a word is (place name, person name,
organisation). jieba's dict.txt (MIT, word frequencies from the People's
Daily corpus) has that, but loading all 349k entries takes about a second;
this keeps the words the rules consult: two-character words seen at least
3 times and three- and four-character words seen at least 20 times.

Usage: .venv/bin/pip install pypinyin && .venv/bin/python scripts/make_lexicon.py
"""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

import jieba

HAN = re.compile(r"^[\u4e00-\u9fff]+$")
TARGET = Path(__file__).resolve().parent.parent / "generator" / "lexicon" / "words.txt.gz"
PINYIN_TARGET = TARGET.with_name("pinyin.txt.gz")


def keep(word: str, freq: int) -> bool:
    if not HAN.match(word):
        return False
    return (len(word) == 2 and freq >= 3) or (len(word) in (3, 4) and freq >= 20)


def main() -> None:
    source = Path(os.path.dirname(jieba.__file__)) / "dict.txt"
    lines = []
    with source.open(encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            if keep(word, int(freq)):
                lines.append(f"{word} {freq} {tag}")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(TARGET, "wb", mtime=0) as out:  # mtime=0: the same input gives the same bytes
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{TARGET}: {len(lines)} words")
    write_pinyin({ch for line in lines for ch in line.split(" ")[0]})


def write_pinyin(chars: set[str]) -> None:
    """The usual toneless reading of every character of the kept words (pypinyin, MIT):
    the typo rule's homophones. Only this script needs pypinyin."""
    from pypinyin import Style, pinyin

    rows = []
    for ch in sorted(chars):
        # the usual reading only: rare heteronyms (有 read wěi) make false homophones
        readings = [r for r in pinyin(ch, style=Style.NORMAL, heteronym=False)[0] if r.isascii() and r.isalpha()]
        if readings:
            rows.append(f"{ch} {','.join(readings)}")
    with gzip.GzipFile(PINYIN_TARGET, "wb", mtime=0) as out:
        out.write(("\n".join(rows) + "\n").encode("utf-8"))
    print(f"{PINYIN_TARGET}: {len(rows)} characters")


if __name__ == "__main__":
    main()
