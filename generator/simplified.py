"""Traditional → simplified Chinese, with a map back to the original text.

Plans copied from Taiwanese or Hong Kong sources (seeds 001 and 003) are in
繁體; the text rules know simplified words only, so they read the simplified
form and report positions in the original. OpenCC's t2s (the official
``opencc`` package) converts phrase by phrase; almost every conversion keeps
the length, and where one does not (a phrase mapped to a longer or shorter
one) the chunk is converted character by character so that every simplified
character still points at the character it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_CHUNK = re.compile(r"[^，。；：！？、\s,;:!?]+|[，。；：！？、\s,;:!?]+")


@dataclass(frozen=True)
class Simplified:
    """``text`` is the simplified form; ``origin[i]`` is the offset in the
    original of ``text[i]`` (``origin[len(text)]`` is the original's length)."""

    text: str
    origin: tuple[int, ...]

    def original_offset(self, i: int) -> int:
        return self.origin[min(max(i, 0), len(self.origin) - 1)]


@lru_cache(maxsize=1)
def _converter():
    try:
        import opencc
    except ImportError:  # pragma: no cover - a dependency; without it, text is checked as written
        return None
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    converter = _converter()
    return converter.convert(text) if converter and text else text


def simplify(text: str) -> Simplified:
    """The simplified text and its position map back to ``text``."""
    converted = to_simplified(text)
    if len(converted) == len(text):
        return Simplified(converted, tuple(range(len(text) + 1)))
    out, origin = [], []
    for m in _CHUNK.finditer(text):
        chunk, start = m.group(), m.start()
        conv = to_simplified(chunk)
        if len(conv) == len(chunk):
            out.append(conv)
            origin.extend(range(start, start + len(chunk)))
            continue
        for k, ch in enumerate(chunk):
            single = to_simplified(ch)
            out.append(single)
            origin.extend([start + k] * len(single))
    origin.append(len(text))
    return Simplified("".join(out), tuple(origin))


def is_traditional(text: str) -> bool:
    """More than a trace of characters that t2s changes (a Hong Kong plan, not one stray 於)."""
    converted = to_simplified(text)
    changed = sum(a != b for a, b in zip(text, converted))
    return changed >= 3 and changed * 50 >= len(text.strip())
