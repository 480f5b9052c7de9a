"""font-coverage: every character of the data can be printed with the shipped fonts."""

from __future__ import annotations

from typing import Iterator

from ..findings import Severity
from ..fonts import uncovered_characters
from ..simplified import to_simplified
from . import Report, TextDocument, rule


@rule("font-coverage", Severity.ERROR, "text")
def font_coverage(doc: TextDocument, project) -> Iterator[Report]:
    """Every character written in the data has a glyph in the fonts that ship
    with the package (Noto Serif/Sans SC subsets, generator/fonts/).

    Why: a character the fonts lack prints as an empty box in the PDF; found
    only by `tender pdf`, it stopped the build with no file or line. Found
    here, it points at the line that holds it, so a passing `tender check`
    guarantees the build.

    Bad:  `summary: 我司𠀋承诺……` (a rare variant character)
    Good: the standard character, or extend the font subset (scripts/build_fonts.py).
    """
    for item in doc.items:
        missing = uncovered_characters(item.text)
        if missing:
            shown = "、".join(_named(ch) for ch in missing[:5])
            more = f"等 {len(missing)} 个字符" if len(missing) > 5 else ""
            yield Report(item, None, f"随附字体中没有字符 {shown}{more}，PDF 中会显示为方框；"
                                     "请改用规范汉字或常用符号，或把字符加入字体子集（scripts/build_fonts.py）")


def _named(ch: str) -> str:
    """“時”（U+6642，繁体字，简体为“时”）: a 繁体 character pasted or typed with
    a 繁体 input method is the usual cause, and its simplified form is the fix."""
    simple = to_simplified(ch)
    hint = f"，繁体字，简体为“{simple}”" if simple != ch and not uncovered_characters(simple) else ""
    return f"“{ch}”（U+{ord(ch):04X}{hint}）"
