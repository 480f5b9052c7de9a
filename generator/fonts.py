"""The Chinese fonts shipped with the package, and what they can render.

Why ship fonts: a PDF made on a machine without Chinese fonts would otherwise
fall back to whatever fontconfig finds (or to empty boxes), so the same data
would give different documents on different machines. ``generator/fonts/``
holds subsets of Noto Serif CJK SC and Noto Sans CJK SC (SIL OFL 1.1, see
``fonts/README.md``), built by ``scripts/build_fonts.py``. Stylesheets use them
through :func:`font_face_css`, with explicit file ``src`` rather than family
names, so no system font is ever consulted for the families below.

The subsets cover GB 2312, the ~8,100 most common Han characters and the
punctuation and symbols of tender documents, not all of Unicode; text outside
that would render as boxes, so :func:`uncovered_characters` lets the checker
report such characters before a PDF is made.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

FONT_DIR = Path(__file__).resolve().parent / "fonts"

#: generated with the fonts: union of their cmaps as hexadecimal code-point ranges
CHARSET_FILE = FONT_DIR / "charset.txt"

SERIF = "Tender Serif"
SANS = "Tender Sans"


@dataclass(frozen=True)
class Face:
    """One font file and the CSS family/weight it is declared as."""

    family: str
    weight: int
    path: Path
    style: str = "normal"


#: the four shipped faces, by file stem
FACES: Mapping[str, Face] = MappingProxyType(
    {
        "NotoSerifSC-Regular": Face(SERIF, 400, FONT_DIR / "NotoSerifSC-Regular.otf"),
        "NotoSerifSC-Bold": Face(SERIF, 700, FONT_DIR / "NotoSerifSC-Bold.otf"),
        "NotoSansSC-Regular": Face(SANS, 400, FONT_DIR / "NotoSansSC-Regular.otf"),
        "NotoSansSC-Bold": Face(SANS, 700, FONT_DIR / "NotoSansSC-Bold.otf"),
    }
)


def font_face_css() -> str:
    """``@font-face`` rules declaring "Tender Serif" and "Tender Sans" (400 and 700).

    The ``src`` are ``file:`` URIs; WeasyPrint resolves them through the
    project's confined URL fetcher, which must allow :data:`FONT_DIR`.
    """
    rules = []
    for face in FACES.values():
        rules.append(
            "@font-face {\n"
            f'  font-family: "{face.family}";\n'
            f"  font-weight: {face.weight};\n"
            f"  font-style: {face.style};\n"
            f'  src: url("{face.path.as_uri()}") format("opentype");\n'
            "}\n"
        )
    return "\n".join(rules)


def _parse_charset(text: str) -> frozenset[str]:
    chars: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        first, _, last = line.partition("-")
        start = int(first, 16)
        chars.update(map(chr, range(start, int(last or first, 16) + 1)))
    return frozenset(chars)


def _read_cmaps() -> frozenset[str]:
    from fontTools.ttLib import TTFont

    chars: set[str] = set()
    for face in FACES.values():
        with TTFont(face.path, lazy=True) as font:
            chars.update(map(chr, font.getBestCmap()))
    return frozenset(chars)


@functools.lru_cache(maxsize=1)
def covered_characters() -> frozenset[str]:
    """Every character at least one shipped font has a glyph for.

    Read from ``fonts/charset.txt`` (about 7 ms), which the build script writes
    next to the fonts: parsing the four cmaps with fontTools takes about
    150 ms, too slow for every ``tender check``. Falls back to the cmaps if the
    file is missing.
    """
    try:
        return _parse_charset(CHARSET_FILE.read_text(encoding="ascii"))
    except FileNotFoundError:
        return _read_cmaps()


def _ignorable(ch: str) -> bool:
    # whitespace, control and format characters (zero-width space, joiners,
    # direction marks, BOM) lay out without a glyph of their own
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def uncovered_characters(text: str) -> list[str]:
    """Characters of ``text`` no shipped font covers, unique, in order of first appearance.

    Whitespace, control and format characters are ignored.
    """
    covered = covered_characters()
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in covered and ch not in seen and not _ignorable(ch):
            seen[ch] = None
    return list(seen)


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint found ``libharfbuzz-subset`` (Debian ``libharfbuzz-subset0``).

    With it WeasyPrint subsets the embedded fonts with HarfBuzz, much faster
    than with fontTools, which matters with 2-3 MB CJK fonts. WeasyPrint is
    imported here, not at module level, so the checker works without it.
    """
    try:
        from weasyprint.text.ffi import harfbuzz_subset
    except Exception:  # ImportError, or OSError when Pango itself is missing
        return False
    return harfbuzz_subset is not None
