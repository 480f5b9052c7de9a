#!/usr/bin/env python3
"""Build the Simplified-Chinese fonts shipped in ``generator/fonts/``.

Why: the PDFs must come out the same on a machine with no Chinese fonts
installed (a CI runner, a bidder's laptop), so the package carries its own
open-licensed (SIL OFL 1.1) fonts and the stylesheets reference them by path
through ``@font-face``. The Noto CJK collections are 19-27 MB each; subset to
the characters Chinese tender documents use they are a few MB, and WeasyPrint
subsets them again per document, so PDFs stay small.

Sources (Debian packages, nothing downloaded from elsewhere):
``fonts-noto-cjk`` (``/usr/share/fonts/opentype/noto/*.ttc``) and
``unicode-data`` (``/usr/share/unicode/Unihan_OtherMappings.txt.bz2``).
Each TTC holds one face per region (JP, KR, SC, TC, HK and, for Sans, Mono);
the SC face is found by its name table (family "Noto Serif CJK SC" /
"Noto Sans CJK SC"), not by index, since the order is not guaranteed.

Character set:

* all of GB 2312 (6,763 Han plus its 682 symbols: pinyin, Greek, Cyrillic,
  kana, box drawing, Roman numerals, ...), enumerated with Python's
  ``gb2312`` codec over the byte-pair ranges;
* all 8,105 characters of the 通用规范汉字表 (Table of General Standard
  Chinese Characters, 2013), read from the ``kTGH`` field of the Unicode
  Han Database as packaged by Debian's ``unicode-data``, so no downloaded
  list is involved. It adds 1,467 characters GB 2312 lacks, mostly used in
  names and places (啰, 堃, 喆, 镕, 珺, 玥, 祎, ...); GB 2312 keeps
  125 that the table dropped (radicals such as 亻 氵 扌, 後, 馀, ...).
  Han total: 8,230.

  Deriving such a list from jieba's dictionary (``jieba/dict.txt``, Han
  characters ranked by the frequencies of the words they occur in) was tried
  first and rejected: its top characters beyond GB 2312 are mojibake
  single-character entries (紝 銆 殑 鐨, tagged ``zg``) and traditional forms
  (瞭 溼 脣 ...), and its 1,342 best characters contained only ~200 of the
  1,467 the standard table adds.
* ASCII printable, Latin-1, General Punctuation (U+2000-206F), CJK Symbols and
  Punctuation (U+3000-303F), full-width forms (U+FF01-FF5E, U+FFE0-FFE6) and
  the symbols tenders use (★☆▲△●○◆◇■□√× ①-⑳ ⑴-⒇ ㈠-㈩ ≤≥±°℃%‰№§→←↑↓ · … ‧).

Characters the source face lacks are skipped (and reported on stderr).

Subsetting (fontTools): hinting dropped, glyph names dropped (the CFF stays
CID-keyed, so glyphs are unnamed anyway; ``post`` becomes format 3), the
default OpenType layout features kept (they include ``vert``, ``vrt2``,
``locl``, ``halt``, ``palt``, ``vhal``, ``vpal``, ``kern``, ``chws``). Before
subsetting, the JAN/KOR/ZHT/ZHH language systems are removed from GSUB/GPOS:
their ``locl`` lookups only lead to Japanese, Korean and Traditional glyph
variants, which would otherwise be pulled into the subset.

The result is renamed "Noto Serif SC" / "Noto Sans SC" (PostScript
``NotoSerifSC-Regular`` etc.), as Google names its own per-region subsets;
"Noto" is not an OFL Reserved Font Name. CSS never relies on these names:
``generator/fonts.py`` declares ``@font-face`` rules with explicit ``src``.

The build is deterministic: ``head.created``/``head.modified`` are copied from
the source face instead of being set to "now", and everything else fontTools
writes depends only on the input, so the same Debian package and the same
unicode-data and fontTools versions give the same bytes.

Also writes ``generator/fonts/charset.txt``: the union of the four cmaps as
code-point ranges, which ``generator.fonts.covered_characters`` reads (parsing
four cmaps with fontTools at import time is slower than reading it).

Run: ``python scripts/build_fonts.py`` (needs fontTools and the Debian
packages ``fonts-noto-cjk`` and ``unicode-data``; about 90 s).
"""

from __future__ import annotations

import argparse
import bz2
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "generator" / "fonts"
SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
UNIHAN = Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")

#: number of characters in 通用规范汉字表 (2013)
TGH_SIZE = 8105

#: OpenType language systems kept; the others only reach non-SC glyph variants
KEEP_LANGSYS = {"ZHS "}


@dataclass(frozen=True)
class Job:
    source: str  # TTC file in SOURCE_DIR
    source_family: str  # name ID 1 of the face to take from it
    out: str  # file written to OUT_DIR
    family: str  # new name ID 1
    style: str  # name ID 2: "Regular" or "Bold"


JOBS = (
    Job("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "NotoSerifSC-Regular.otf", "Noto Serif SC", "Regular"),
    Job("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC", "NotoSerifSC-Bold.otf", "Noto Serif SC", "Bold"),
    Job("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", "NotoSansSC-Regular.otf", "Noto Sans SC", "Regular"),
    Job("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC", "NotoSansSC-Bold.otf", "Noto Sans SC", "Bold"),
)

TENDER_SYMBOLS = (
    "★☆▲△●○◆◇■□√×"
    + "".join(map(chr, range(0x2460, 0x2474)))  # ①-⑳
    + "".join(map(chr, range(0x2474, 0x2488)))  # ⑴-⒇
    + "".join(map(chr, range(0x3220, 0x322A)))  # ㈠-㈩
    + "≤≥±°℃%‰№§→←↑↓"
    + "·…‧"
)


def is_han(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3FFFF
    )


def gb2312_characters() -> set[str]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def tgh_characters() -> set[str]:
    """The 通用规范汉字表: Unihan entries with a ``kTGH`` (position in the table) field."""
    if not UNIHAN.exists():
        raise SystemExit(f"{UNIHAN} not found: apt-get install unicode-data")
    chars = set()
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as f:
        for line in f:
            parts = line.split("\t")
            if len(parts) == 3 and parts[1] == "kTGH":
                chars.add(chr(int(parts[0].removeprefix("U+"), 16)))
    if len(chars) != TGH_SIZE:
        raise SystemExit(f"{UNIHAN}: {len(chars)} kTGH entries, expected {TGH_SIZE}")
    return chars


def ranges(*spans: tuple[int, int]) -> set[str]:
    return {chr(cp) for a, b in spans for cp in range(a, b + 1)}


def wanted_characters() -> set[str]:
    return (
        gb2312_characters()
        | tgh_characters()
        | ranges((0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF01, 0xFF5E), (0xFFE0, 0xFFE6))
        | set(TENDER_SYMBOLS)
    )


def character_set(available: set[str]) -> tuple[set[str], list[str]]:
    """The wanted characters the source has, and the wanted ones it lacks."""
    wanted = wanted_characters()
    missing = sorted((ch for ch in wanted if ch not in available), key=ord)
    return {ch for ch in wanted if ch in available}, missing


def open_face(job: Job) -> TTFont:
    path = SOURCE_DIR / job.source
    collection = TTCollection(str(path), lazy=True)
    for index, face in enumerate(collection.fonts):
        if face["name"].getDebugName(1) == job.source_family:
            return TTFont(str(path), fontNumber=index, recalcTimestamp=False, recalcBBoxes=True)
    raise SystemExit(f"{path}: no face named {job.source_family!r}")


def drop_other_languages(font: TTFont) -> None:
    for tag in ("GSUB", "GPOS"):
        if tag not in font:
            continue
        for record in font[tag].table.ScriptList.ScriptRecord:
            script = record.Script
            script.LangSysRecord = [r for r in script.LangSysRecord if r.LangSysTag in KEEP_LANGSYS]
            script.LangSysCount = len(script.LangSysRecord)


def rename(font: TTFont, job: Job) -> None:
    ps_name = f"{job.family.replace(' ', '')}-{job.style}"
    full = job.family if job.style == "Regular" else f"{job.family} {job.style}"
    name = font["name"]
    version = name.getDebugName(5) or ""
    revision = f"{font['head'].fontRevision:.3f}"
    # keep copyright (0), trademark (7), designers, URLs, licence (13, 14); replace the naming
    name.names = [n for n in name.names if n.nameID not in (1, 2, 3, 4, 6, 16, 17)]
    for name_id, value in (
        (1, job.family),
        (2, job.style),
        (3, f"{revision};GOOG;{ps_name};subset for tender"),
        (4, full),
        (5, f"{version}; subset for tender"),
        (6, ps_name),
    ):
        name.setName(value, name_id, 3, 1, 0x409)
    cff = font["CFF "].cff
    cff.fontNames = [ps_name]
    top = cff.topDictIndex[0]
    top.FullName = full
    top.FamilyName = job.family


def build(job: Job) -> tuple[Path, set[str], list[str]]:
    font = open_face(job)
    created, modified = font["head"].created, font["head"].modified
    available = {chr(cp) for cp in font.getBestCmap()}
    chars, missing = character_set(available)
    drop_other_languages(font)

    options = subset.Options()
    options.hinting = False
    options.glyph_names = False
    options.notdef_outline = True  # a missing character shows as a visible box, not a blank
    options.name_IDs = ["*"]  # keep copyright, trademark, licence description and URL
    options.name_languages = [0x0409]
    options.layout_features = sorted(set(options.layout_features) | {"vert", "vrt2", "locl", "halt", "palt", "vhal", "vpal"})
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(map(ord, chars)))
    subsetter.subset(font)

    rename(font, job)
    font["head"].created = created
    font["head"].modified = modified
    out = OUT_DIR / job.out
    font.save(str(out))
    return out, {chr(cp) for cp in font.getBestCmap()}, missing


def write_charset(chars: set[str], path: Path) -> None:
    cps = sorted(map(ord, chars))
    spans: list[list[int]] = []
    for cp in cps:
        if spans and spans[-1][1] == cp - 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    lines = [
        "# Characters covered by the fonts in this directory (union of their cmaps),",
        "# as hexadecimal code points and ranges. Generated by scripts/build_fonts.py; do not edit.",
    ]
    lines += [f"{a:04X}" if a == b else f"{a:04X}-{b:04X}" for a, b in spans]
    path.write_text("\n".join(lines) + "\n", encoding="ascii")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    union: set[str] = set()
    for job in JOBS:
        out, covered, missing = build(job)
        union |= covered
        han = sum(map(is_han, covered))
        digest = hashlib.sha256(out.read_bytes()).hexdigest()[:16]
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size:,} bytes, {len(covered):,} characters ({han:,} Han), sha256 {digest}")
        # the whole General Punctuation block is requested, and the source lacks its
        # unassigned, format and some space characters; only the rest is worth listing
        blanket = [ch for ch in missing if 0x2000 <= ord(ch) <= 0x206F]
        named = [ch for ch in missing if ch not in blanket]
        if named:
            shown = " ".join(f"U+{ord(ch):04X} {ch}" for ch in named)
            print(f"  {job.source} ({job.source_family}) lacks {len(named)} requested: {shown}", file=sys.stderr)
        if blanket:
            print(f"  ({len(blanket)} code points of U+2000-206F not in the source face, skipped)", file=sys.stderr)
    charset = OUT_DIR / "charset.txt"
    write_charset(union, charset)
    print(f"{charset.relative_to(ROOT)}: {len(union):,} characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
