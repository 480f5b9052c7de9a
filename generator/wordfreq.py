"""Common Chinese words with their frequency and part of speech, and the
toneless readings of their characters.

The data (generator/lexicon/*.txt.gz) is derived from jieba's dictionary and
pypinyin by scripts/make_lexicon.py; it is loaded once, on first use, so a
check that never asks pays nothing.

Used by `typo` (a pair of characters that is no word, next to a homophone
that is a common one) and `foreign-name` (whether the words before 公司 are a
place or a name, or ordinary words such as 树立、维护).
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent / "lexicon"


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, int], dict[str, str]]:
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    try:
        raw = gzip.decompress((HERE / "words.txt.gz").read_bytes()).decode("utf-8")
    except OSError:  # pragma: no cover - a broken install: the rules that need words stay silent
        return freq, tags
    parts = raw.split()  # "word count tag" per line: one split, then columns (5× faster than line by line)
    words = parts[0::3]
    return dict(zip(words, map(int, parts[1::3]))), dict(zip(words, parts[2::3]))


def frequency(word: str) -> int:
    """How often the word occurs in jieba's corpus (0: not a common word)."""
    return _load()[0].get(word, 0)


def tag(word: str) -> str:
    """jieba's part of speech: n, v, ns (place), nr (person), nt (organisation), nz, …; "" if unknown."""
    return _load()[1].get(word, "")


def is_word(word: str) -> bool:
    return word in _load()[0]


@lru_cache(maxsize=1)
def _readings() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    by_char: dict[str, tuple[str, ...]] = {}
    by_sound: dict[str, list[str]] = {}
    try:
        raw = gzip.decompress((HERE / "pinyin.txt.gz").read_bytes()).decode("utf-8")
    except OSError:  # pragma: no cover
        return {}, {}
    for line in raw.splitlines():
        ch, readings = line.split(" ")
        by_char[ch] = tuple(readings.split(","))
        for r in by_char[ch]:
            by_sound.setdefault(r, []).append(ch)
    return by_char, {k: tuple(v) for k, v in by_sound.items()}


def homophones(ch: str) -> tuple[str, ...]:
    """Characters read like ``ch`` (any tone), ``ch`` excluded."""
    by_char, by_sound = _readings()
    out: list[str] = []
    for r in by_char.get(ch, ()):
        out += [c for c in by_sound.get(r, ()) if c != ch and c not in out]
    return tuple(out)
