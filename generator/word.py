"""Word (.docx) output: the printed 售后服务方案 as a document that drops into
the master bid file (投标文件) that bid writers assemble in Word or WPS.

Why it is built this way:

* **One source.** The .docx is made from the very HTML that WeasyPrint lays
  out for the PDF (:func:`generator.pdf.render_html`): cover, 承诺函 with the
  signature and seal block, 偏离表, 评分索引, the numbered sections and their
  tables. Walking that HTML means no sentence, figure or table is written a
  second time here, so nothing can be in one output and not in the other,
  and whatever the print templates or the render context learn (new
  sentences, an anonymous mode) reaches the .docx without a change here.
  python-docx (not docxtpl) because the structure is generated, not filled
  into a hand-made Word layout; python-docx gives the package, styles and
  pictures, and the WordprocessingML it lacks (fields, numbering, repeated
  header rows) is written as raw XML.
* **Word-native.** Headings use the built-in styles Heading 1–4 (Word shows
  them as 标题 1–4, so its navigation pane and the master file's TOC pick
  them up), numbered 一、（一）1.（1）by a multilevel list attached to the
  styles: no number is typed into the text. Tables repeat their header row
  (``w:tblHeader``) and rows do not split (``w:cantSplit``). The footer is
  第 X 页 共 Y 页 with PAGE and NUMPAGES fields over the body (the cover has
  its own section and does not count, as in the PDF). The TOC is a real TOC
  field that Word refreshes on opening (``w:updateFields``), pre-filled with
  its entries so WPS and LibreOffice show them without a refresh.
* **The company's look.** ``templates/word/reference.docx`` or the
  company.yaml field ``word_template`` supplies styles, page setup, header
  and footer; the document keeps its own numbering. Without one, a plain
  default (宋体 小四 body, 黑体 headings, the PDF's A4 margins) is built here.
  Fonts live in styles only (with ``w:eastAsia`` always set, or Word falls
  back to MS Mincho): a run names no font, so pasted into the master file
  the chapter takes on the master's styles.
* **Same input, same bytes; no personal metadata.** Author is the company
  (the HTML's author, empty for anonymous output), dates come from the data
  or SOURCE_DATE_EPOCH, no tool version, and the zip is rewritten with
  fixed timestamps and order.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import docx
import lxml.html
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from lxml import etree

from . import document
from . import pdf as pdfmod
from .analysis import Analysis
from .pdf import PdfError
from .printsources import WORD_REFERENCE, named_word_template
from .project import Project

__all__ = ["DocxError", "render_policy_docx", "render_bid_docx", "render_docx", "html_to_docx", "reference_docx", "docx_digest"]

#: where a project keeps its company Word template (optional)
REFERENCE = WORD_REFERENCE
#: the character that makes Word lay text out with Chinese rules
_CJK_RE = re.compile("[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
_SPACE_RE = re.compile(r"[ \t\r\n\f]+")
TWIPS_PER_MM = 1440 / 25.4
#: fixed zip entry time: 1980-01-01, the earliest a zip can store
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _png_1px() -> bytes:
    """A transparent 1×1 PNG (the fallback image behind an SVG)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00\x00")) + chunk(b"IEND", b""))


TRANSPARENT_PNG = _png_1px()
_SVG_SIZE_RE = re.compile(rb"<svg\b[^>]*>", re.S)


def svg_ratio(data: bytes) -> float:
    """height / width of an SVG, from its viewBox or width and height (1 if neither)."""
    m = _SVG_SIZE_RE.search(data)
    tag = m.group(0).decode("utf-8", "replace") if m else ""
    box = re.search(r'viewBox\s*=\s*["\']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)', tag)
    if box and float(box[1]) > 0:
        return float(box[2]) / float(box[1])
    w, h = (re.search(rf'\b{a}\s*=\s*["\']\s*([\d.]+)', tag) for a in ("width", "height"))
    return float(h[1]) / float(w[1]) if w and h and float(w[1]) > 0 else 1.0


class DocxError(PdfError):
    """A .docx cannot be made; the message tells the bid writer why."""


# -- entry points -------------------------------------------------------------------


def render_policy_docx(project: Project, policy_id: str) -> bytes:
    """The public service policy `policy_id` as a .docx."""
    return render_docx(project.root, document.policy_context(project, policy_id), reference_docx(project))


def render_bid_docx(project: Project, bid_id: str) -> bytes:
    """The bid `bid_id`'s 售后服务方案 as a .docx."""
    return render_docx(project.root, document.bid_context(project, bid_id), reference_docx(project))


def render_docx(root: Path, context: dict[str, Any], reference: Path | None = None, layout: dict[str, Any] | None = None) -> bytes:
    """A render context (the PDF's) → .docx bytes, through the print HTML."""
    cover_html, body_html = pdfmod.render_html(root, context)
    if context.get("anonymous"):
        reference = None  # a 暗标 takes the tender's format, never the company's look (its styles and header name the bidder)
    return html_to_docx(root, cover_html, body_html, reference, layout)


def render_both(project: Project, kind: str, doc_id: str, analysis: Analysis | None = None) -> tuple[bytes, bytes]:
    """(PDF, .docx) of one document — "policy", "bid" or "letter" (an
    anonymous bid's 承诺函 file) — through the PDF's own entry point, from
    the same render context (and the check's `analysis` for a bid's
    偏离表/评分索引); the PDF's layout gives the .docx its pre-filled page
    numbers."""
    layout: dict[str, Any] = {}
    if kind == "policy":
        pdf, context = pdfmod.render_policy_pdf(project, doc_id, layout=layout), document.policy_context(project, doc_id)
    elif kind == "letter":
        pdf = pdfmod.render_bid_letter_pdf(project, doc_id, analysis, layout=layout)
        context = document.bid_context(project, doc_id, part="letter", analysis=analysis)
    else:
        pdf, context = pdfmod.render_bid_pdf(project, doc_id, analysis, layout=layout), document.bid_context(project, doc_id, analysis=analysis)
    return pdf, render_docx(Path(project.root), context, reference_docx(project), layout)


def docx_text(data: bytes) -> str:
    """All text a reader can find in a .docx: body, header, footer and the
    document properties (for the 暗标 identity check)."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith(".xml") and (name.startswith("word/") or name.startswith("docProps/")) and "styles" not in name and "theme" not in name:
                root = etree.fromstring(z.read(name))
                parts.append("".join(t for t in root.itertext()))
    return "\n".join(parts)


def reference_docx(project: Project) -> Path | None:
    """The company's Word template: company.yaml `word_template`, else
    templates/word/reference.docx if the project has one, else None (the
    plain default). Only a file inside the project is read."""
    path, named = named_word_template(project)
    if named:
        return pdfmod.confined_path(path.as_uri(), (str(Path(project.root).resolve()),))
    return path


def docx_digest() -> str:
    """What besides the PDF's inputs shapes a .docx: the python-docx version."""
    from importlib import metadata

    return f"python-docx={metadata.version('python-docx')}"


# -- page geometry from the print stylesheet -------------------------------------------


@dataclass(frozen=True)
class Page:
    """A4 and the margins of the PDF (mm), read from print.css's @page rule."""

    width: float = 210.0
    height: float = 297.0
    top: float = 37.0
    right: float = 26.0
    bottom: float = 35.0
    left: float = 28.0

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom


_PAGE_RULE_RE = re.compile(r"@page\s*\{(?P<body>[^{}]*)")
_MARGIN_RE = re.compile(r"(?<![-\w])margin\s*:\s*([^;}]+)")


def page_from_css(css: str) -> Page:
    """The page margins the PDF gets, in mm: the last ``@page { margin: … }``
    of the stylesheets (print.css, then a document's own <style>, such as a
    暗标's prescribed margins); the margins have one home, the CSS."""
    margins = [mm for m in _PAGE_RULE_RE.finditer(css) if (mm := _MARGIN_RE.search(m["body"]))]
    margin = margins[-1] if margins else None
    if margin is None:
        return Page()
    values = [v for v in margin[1].split()]
    if not values or not all(v.endswith("mm") for v in values):
        return Page()
    mm = [float(v[:-2]) for v in values]
    top, right, bottom, left = (mm * 4)[:4] if len(mm) == 1 else (mm + mm)[:4] if len(mm) == 2 else (mm[0], mm[1], mm[2], mm[1]) if len(mm) == 3 else mm[:4]
    return Page(top=top, right=right, bottom=bottom, left=left)


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


# -- XML helpers ----------------------------------------------------------------------


def W(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def el(tag: str, *children: Any, **attrs: Any) -> etree._Element:
    """A w: element; attributes are w: attributes (``val="x"``)."""
    node = etree.Element(W(tag), nsmap={"w": W_NS})
    for key, value in attrs.items():
        node.set(W(key.rstrip("_")), str(value))
    for child in children:
        if child is not None:
            node.append(child)
    return node


def fld(instr: str, result: str = "", rpr: etree._Element | None = None) -> list[etree._Element]:
    """A complex field (begin, instruction, separate, cached result, end) as runs."""
    def run(*kids: Any) -> etree._Element:
        r = el("r")
        if rpr is not None:
            r.append(_copy(rpr))
        for k in kids:
            r.append(k)
        return r

    instr_el = el("instrText")
    instr_el.text = f" {instr} "
    instr_el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    out = [run(el("fldChar", fldCharType="begin")), run(instr_el), run(el("fldChar", fldCharType="separate"))]
    if result:
        out.append(text_run(result, rpr))
    out.append(run(el("fldChar", fldCharType="end")))
    return out


def _copy(node: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(node))


def text_run(text: str, rpr: etree._Element | None = None, style: str | None = None) -> etree._Element:
    """A run of text; Chinese text carries w:hint="eastAsia" so ambiguous
    characters (“”、…) take the East Asian font the style names."""
    r = el("r")
    props = _copy(rpr) if rpr is not None else None
    if style or _CJK_RE.search(text):
        if props is None:
            props = el("rPr")
        if style:
            props.insert(0, el("rStyle", val=style))
        if _CJK_RE.search(text) and props.find(W("rFonts")) is None:
            props.insert(1 if style else 0, el("rFonts", hint="eastAsia"))
    if props is not None and len(props):
        r.append(props)
    t = el("t")
    t.text = text
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return r


def classes(node: Any) -> set[str]:
    return set((node.get("class") or "").split())


def collapse(text: str | None) -> str:
    return _SPACE_RE.sub(" ", text or "")


def text_width(text: str) -> float:
    """Width in em: Chinese and full-width 1, everything else about half."""
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.55 for ch in text)


CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (as Word's chineseCounting numbers headings)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


# -- styles and numbering of the plain default -------------------------------------------

HEADING_STYLES = ("Heading1", "Heading2", "Heading3", "Heading4")
BODY_FONT, HEADING_FONT, LATIN_BODY, LATIN_HEADING = "宋体", "黑体", "Times New Roman", "Arial"


def _style(kind: str, style_id: str, name: str, body: str, based_on: str | None = "Normal", extra: str = "") -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return f'<w:style w:type="{kind}" w:styleId="{style_id}"{extra}><w:name w:val="{name}"/>{based}{body}</w:style>'


def _fonts(latin: str, east: str) -> str:
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}" w:cs="{latin}"/>'


def _heading(level: int, size: int, before: int, after: int) -> str:
    return _style(
        "paragraph", f"Heading{level}", f"heading {level}",
        f'<w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="{after}" w:line="240" w:lineRule="auto"/>'
        f'<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/><w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f'<w:rPr>{_fonts(LATIN_HEADING, HEADING_FONT)}<w:b/><w:bCs/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>')


def default_styles_xml() -> str:
    """The plain default: 宋体 小四 body with a 2-character first-line indent,
    黑体 headings (三号, 四号, 小四), 五号 tables, GB/T 9704-like spacing."""
    styles = [
        _style("paragraph", "Normal", "Normal",
               '<w:qFormat/><w:pPr><w:spacing w:before="0" w:after="60" w:line="400" w:lineRule="exact"/>'
               '<w:ind w:firstLineChars="200" w:firstLine="480"/><w:jc w:val="both"/></w:pPr>'
               f'<w:rPr>{_fonts(LATIN_BODY, BODY_FONT)}<w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>', None, ' w:default="1"'),
        _heading(1, 32, 240, 180),
        _heading(2, 28, 180, 100),
        _heading(3, 24, 120, 60),
        _heading(4, 24, 100, 40),
        _style("character", "DefaultParagraphFont", "Default Paragraph Font", "<w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/>", None, ' w:default="1"'),
        _style("character", "Strong", "Strong", f'<w:uiPriority w:val="22"/><w:qFormat/><w:rPr>{_fonts(LATIN_HEADING, HEADING_FONT)}<w:b/><w:bCs/></w:rPr>', "DefaultParagraphFont"),
        _style("character", "Hyperlink", "Hyperlink", "<w:rPr><w:color w:val=\"auto\"/></w:rPr>", "DefaultParagraphFont"),
        _style("paragraph", "TOCHeading", "TOC Heading",
               f'<w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:pPr><w:keepNext/><w:spacing w:before="0" w:after="360" w:line="240" w:lineRule="auto"/>'
               f'<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
               f'<w:rPr>{_fonts(LATIN_HEADING, HEADING_FONT)}<w:b/><w:bCs/><w:spacing w:val="180"/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr>'),
        _style("paragraph", "TOC1", "toc 1",
               '<w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:pPr><w:spacing w:before="0" w:after="120"/><w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr>'),
        _style("paragraph", "Header", "header",
               '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/></w:pPr>'
               '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'),
        _style("paragraph", "Footer", "footer",
               '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
               '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'),
        _style("paragraph", "TableText", "表格文字",
               '<w:qFormat/><w:pPr><w:spacing w:before="0" w:after="0" w:line="300" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/></w:pPr>'
               '<w:rPr><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr>'),
        _style("paragraph", "TableHeading", "表格标题行",
               f'<w:qFormat/><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr><w:rPr>{_fonts(LATIN_HEADING, HEADING_FONT)}<w:b/><w:bCs/></w:rPr>', "TableText"),
        _style("paragraph", "Note", "注",
               '<w:qFormat/><w:pPr><w:spacing w:before="60" w:after="60" w:line="320" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr>'
               '<w:rPr><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr>'),
        _style("paragraph", "Caption", "caption",
               f'<w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="0" w:after="120"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
               f'<w:rPr>{_fonts(LATIN_HEADING, HEADING_FONT)}<w:b/><w:bCs/></w:rPr>'),
        _style("table", "TableNormal", "Normal Table",
               '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
               '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>',
               None, ' w:default="1"'),
        _style("table", "TableGrid", "Table Grid",
               '<w:uiPriority w:val="59"/><w:tblPr><w:tblBorders>'
               + "".join(f'<w:{side} w:val="single" w:sz="5" w:space="0" w:color="000000"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
               + '</w:tblBorders><w:tblCellMar><w:top w:w="68" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="68" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>',
               "TableNormal"),
    ]
    return (f'<w:styles {nsdecls("w")}><w:docDefaults><w:rPrDefault><w:rPr>{_fonts(LATIN_BODY, BODY_FONT)}'
            '<w:kern w:val="2"/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:widowControl/></w:pPr></w:pPrDefault></w:docDefaults>' + "".join(styles) + "</w:styles>")


#: styles the generated document uses; a company template lacking one gets the default's
USED_STYLES = ("Normal", *HEADING_STYLES, "Strong", "Hyperlink", "TOCHeading", "TOC1", "Header", "Footer", "TableText", "TableHeading", "Note", "Caption", "TableGrid", "TableNormal", "DefaultParagraphFont")


def _lvl(ilvl: int, fmt: str, text: str, style: str | None, left: int = 0, hanging: int = 0, first: int = 0) -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    ind = f'<w:ind w:left="{left}" w:hanging="{hanging}"/>' if hanging else f'<w:ind w:left="{left}" w:firstLine="{first}"/>'
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}<w:suff w:val="nothing"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr>{ind}</w:pPr></w:lvl>')


def heading_numbering_xml(abstract_id: int) -> str:
    """一、（一）1.（1）on Heading 1–4: the PDF's CSS counters, Word-native."""
    levels = [_lvl(0, "chineseCounting", "%1、", "Heading1"), _lvl(1, "chineseCounting", "（%2）", "Heading2"),
              _lvl(2, "decimal", "%3. ", "Heading3"), _lvl(3, "decimal", "（%4）", "Heading4")]
    return (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="multilevel"/>'
            f'<w:name w:val="tender-headings"/>' + "".join(levels) + "</w:abstractNum>")


#: list kind → (number format, number text); print.css numbers a list 1. and,
#: under a 1. heading of a numbered section, （1）(the level below it)
LIST_FORMATS = {"items": ("decimal", "%1. "), "sub-items": ("decimal", "（%1）"), "cn-items": ("chineseCounting", "%1、")}


def list_numbering_xml(abstract_id: int, kind: str) -> str:
    """1. or （1）items with a hanging indent, or 一、items indented like a paragraph."""
    fmt, text = LIST_FORMATS[kind]
    lvl = _lvl(0, fmt, text, None, first=480) if kind == "cn-items" else _lvl(0, fmt, text, None, left=960, hanging=480)
    return (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="singleLevel"/>'
            f'<w:name w:val="tender-{kind}"/>{lvl}</w:abstractNum>')


# -- the package -------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _blank_package() -> bytes:
    """python-docx's template saved once (parsed fresh per document)."""
    stream = io.BytesIO()
    docx.Document().save(stream)
    return stream.getvalue()


def open_base(reference: Path | None) -> tuple[Any, bool]:
    """(python-docx Document, uses a company template?) with an empty body."""
    if reference is None:
        doc = docx.Document(io.BytesIO(_blank_package()))
        doc.part._styles_part._element = parse_xml(default_styles_xml().encode())
        _drop_parts(doc, keep_header_footer=False)
        return doc, False
    try:
        doc = docx.Document(str(reference))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a .docx
        raise DocxError(f"Word 模板“{reference}”无法打开（{type(exc).__name__}）：应为 Word 2007 及以后的 .docx 文件（不是 .doc 或 .dotx 改名）") from None
    _drop_parts(doc, keep_header_footer=True)
    return doc, True


def _drop_parts(doc: Any, keep_header_footer: bool) -> None:
    """Remove what would leak or bloat: thumbnails, custom XML, custom
    properties, Word's styles-with-effects copy, comments, glossary; and the
    template's body (its sectPr stays: page setup, header and footer)."""
    keep = {RT.STYLES, RT.NUMBERING, RT.SETTINGS, RT.FONT_TABLE, RT.THEME, RT.WEB_SETTINGS, RT.FOOTNOTES, RT.ENDNOTES}
    if keep_header_footer:
        keep |= {RT.HEADER, RT.FOOTER, RT.IMAGE}
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype not in keep:
            del doc.part.rels[rid]
    for rid, rel in list(doc.part.package.rels.items()):
        if rel.reltype not in (RT.OFFICE_DOCUMENT, RT.CORE_PROPERTIES, RT.EXTENDED_PROPERTIES):
            del doc.part.package.rels[rid]
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    sect = body.find(qn("w:sectPr"))
    if sect is None:
        body.append(el("sectPr"))
    if not keep_header_footer and sect is not None:
        for ref in sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference")):
            sect.remove(ref)


# -- the writer -------------------------------------------------------------------------------


@dataclass
class Meta:
    title: str = ""
    author: str = ""
    subject: str = ""
    created: str = ""
    lang: str = "zh-CN"
    header: list[str] = field(default_factory=list)


class Writer:
    """Turns the print HTML into WordprocessingML, element by element."""

    def __init__(self, doc: Any, root: Path, page: Page, company_template: bool, hidden: frozenset[str] = frozenset()) -> None:
        self.doc = doc
        self.root = Path(root)
        self.page = page
        self.company_template = company_template
        #: classes the document's own CSS hides (display: none), e.g. the seal in a 暗标
        self.hidden = hidden
        self.out: list[etree._Element] = []
        self.numbering = doc.part.numbering_part.element
        self.next_abstract, self.next_num = self._free_ids()
        self.list_abstract: dict[str, int] = {}
        self.heading_num = self._add_heading_numbering()
        self.bookmarks = 0
        self.toc_entries: list[tuple[str, str, bool]] = []  # (text, anchor, numbered)
        self.images = 0
        self.anchor_pages: dict[str, int] = {}

    # -- numbering ---------------------------------------------------------------

    def _free_ids(self) -> tuple[int, int]:
        abstract = [int(a.get(qn("w:abstractNumId"))) for a in self.numbering.findall(qn("w:abstractNum"))]
        nums = [int(n.get(qn("w:numId"))) for n in self.numbering.findall(qn("w:num"))]
        return max(abstract, default=0) + 1, max(nums, default=0) + 1

    def _add_abstract(self, xml: str) -> int:
        aid = self.next_abstract
        self.next_abstract += 1
        node = parse_xml(xml.replace("{ID}", str(aid)))
        existing = self.numbering.findall(qn("w:abstractNum"))
        if existing:
            existing[-1].addnext(node)
        else:
            self.numbering.insert(0, node)
        return aid

    def _add_num(self, abstract_id: int, restart: bool = False) -> int:
        nid = self.next_num
        self.next_num += 1
        num = el("num", el("abstractNumId", val=abstract_id), numId=nid)
        if restart:
            num.append(el("lvlOverride", el("startOverride", val=1), ilvl=0))
        self.numbering.append(num)
        return nid

    def _add_heading_numbering(self) -> int:
        aid = self._add_abstract(heading_numbering_xml(0).replace('w:abstractNumId="0"', 'w:abstractNumId="{ID}"'))
        nid = self._add_num(aid)
        styles = self.doc.styles.element
        for level, style_id in enumerate(HEADING_STYLES):
            style = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
            if style is None:
                continue
            ppr = style.find(qn("w:pPr"))
            if ppr is None:
                ppr = el("pPr")
                rpr = style.find(qn("w:rPr"))
                (rpr.addprevious(ppr) if rpr is not None else style.append(ppr))
            old = ppr.find(qn("w:numPr"))
            if old is not None:
                ppr.remove(old)
            num_pr = el("numPr", el("ilvl", val=level) if level else None, el("numId", val=nid))
            ppr.insert(_ppr_position(ppr, "numPr"), num_pr)
        return nid

    def new_list(self, kind: str) -> int:
        if kind not in self.list_abstract:
            self.list_abstract[kind] = self._add_abstract(list_numbering_xml(0, kind).replace('w:abstractNumId="0"', 'w:abstractNumId="{ID}"'))
        return self._add_num(self.list_abstract[kind], restart=True)

    # -- paragraphs ---------------------------------------------------------------

    def para(self, runs: Iterable[etree._Element], style: str | None = None, **props: Any) -> etree._Element:
        """A paragraph; props are pPr children in schema order (see _PPR_ORDER)."""
        p = el("p")
        ppr = el("pPr")
        if style:
            ppr.append(el("pStyle", val=style))
        for name in _PPR_ORDER:
            value = props.get(name)
            if value is not None:
                ppr.append(value)
        if len(ppr):
            p.append(ppr)
        for r in runs:
            p.append(r)
        self.out.append(p)
        return p

    def inline(self, node: Any, bold: bool = False, size: int | None = None, top: bool = True) -> list[etree._Element]:
        """The runs of an HTML element's content: text, <b>/<strong>/.mark in
        the Strong style, <br> as a line break, page references as PAGEREF
        fields, the seal and the signature line."""
        runs: list[etree._Element] = []
        rpr = _rpr(size=size)
        style = "Strong" if bold else None

        def add_text(text: str | None) -> None:
            text = collapse(text)
            if text:
                runs.append(text_run(text, rpr, style))

        add_text(node.text)
        for child in node:
            if not isinstance(child.tag, str):  # a comment
                add_text(child.tail)
                continue
            tag, cls = child.tag, classes(child)
            if cls & self.hidden:
                add_text(child.tail)
                continue
            if tag == "br":
                runs.append(el("r", el("br")))
            elif tag in ("b", "strong") or "mark" in cls:
                runs += self.inline(child, bold=True, size=size, top=False)
            elif "seal" in cls:
                runs.append(self.seal(child))
            elif "sign-space" in cls:
                u = _rpr(size=size) if size else el("rPr")
                u.append(el("u", val="single"))
                runs.append(text_run("\u00a0" * 16, u))
                runs.append(text_run("\u200b"))  # LibreOffice does not underline blanks that end a line
            elif tag == "a" and "pageref" in cls:
                runs += self.inline(child, bold=bold, size=size, top=False)
                target = (child.get("href") or "").lstrip("#")
                bookmark = _bookmark_name(target)
                runs.append(text_run("（第 ", rpr, style))
                runs += fld(f"PAGEREF {bookmark} \\h", str(self.anchor_pages.get(target) or ""), rpr)
                runs.append(text_run(" 页）", rpr, style))
            elif tag == "img":
                runs += self.picture(child)
            else:
                runs += self.inline(child, bold=bold, size=size, top=False)
            add_text(child.tail)
        if top and runs:
            _strip_edges(runs)
        return runs

    # -- blocks -------------------------------------------------------------------

    def blocks(self, node: Any, context: str = "") -> None:
        """Every block element under `node`, in document order."""
        for child in node:
            self.block(child, context)

    def block(self, child: Any, context: str = "") -> None:
        """One block element: heading, paragraph, table, list, figure, signature."""
        if isinstance(child.tag, str) and not classes(child) & self.hidden:
            tag, cls = child.tag, classes(child)
            if tag in ("h1", "h2", "h3", "h4"):
                self.heading(child, context)
            elif tag == "p":
                self.paragraph(child, context)
            elif tag == "table":
                self.table(child)
            elif tag in ("ol", "ul"):
                self.ordered(child)
            elif tag == "figure":
                self.figure(child)
            elif tag == "div" and "signature" in cls:
                self.signature(child)
            elif tag in ("div", "section") or any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in child):
                self.blocks(child, context)
            elif tag not in ("style", "script", "colgroup") and collapse(child.text_content()).strip():
                self.paragraph(child, context)  # any other element with text: never dropped

    def heading(self, node: Any, context: str) -> None:
        level = int(node.tag[1])
        text = collapse(node.text_content()).strip()
        anchor = node.get("id")
        runs = self.inline(node)
        props: dict[str, Any] = {}
        if context == "form":
            props = {"pageBreakBefore": el("pageBreakBefore"), "numPr": el("numPr", el("numId", val=0)), "jc": el("jc", val="center")}
            runs = [_with_rpr(r, el("spacing", val=36), el("sz", val=36), el("szCs", val=36)) for r in runs]
        elif context == "first":
            props = {"pageBreakBefore": el("pageBreakBefore")}
        p = self.para(runs, HEADING_STYLES[level - 1], **props)
        if anchor and level == 1:
            name = _bookmark_name(anchor)
            self.bookmarks += 1
            p.insert(1, el("bookmarkStart", id=self.bookmarks, name=name))
            p.append(el("bookmarkEnd", id=self.bookmarks))
            self.toc_entries.append((text, anchor, context != "form"))

    def paragraph(self, node: Any, context: str = "") -> None:
        cls = classes(node)
        if "form-sign" in cls:
            runs = []
            for i, span in enumerate(node.findall("span")):
                if i:
                    runs.append(text_run("\u3000\u3000\u3000"))
                runs += self.inline(span)
            self.para(runs, "Normal", keepNext=None, spacing=el("spacing", before=240), ind=_no_indent(), jc=el("jc", val="right"))
            return
        if "note" in cls or "form-meta" in cls:
            self.para(self.inline(node), "Note")
            return
        props: dict[str, Any] = {}
        if "addressee" in cls or "flush" in cls:
            props["ind"] = _no_indent()
            props["spacing"] = el("spacing", after=120)
        self.para(self.inline(node), "Normal", **props)

    def ordered(self, node: Any) -> None:
        kind = "cn-items" if "cn-items" in classes(node) else "sub-items" if _under_item_heading(node) else "items"
        num = self.new_list(kind)
        indent = el("ind", left=0, firstLine=480, firstLineChars=0) if kind == "cn-items" else el("ind", left=960, hanging=480, firstLineChars=0)
        for li in node.findall("li"):
            self.para(self.inline(li), "Normal", numPr=el("numPr", el("ilvl", val=0), el("numId", val=num)), ind=indent)

    def signature(self, node: Any) -> None:
        """承诺函 signature block: right part of the page, kept on one page
        (each line keeps with the next) and with the text before it."""
        left = twips(self.page.text_width * 0.42)
        items = [p for p in node if isinstance(p.tag, str) and p.tag == "p"]
        for i, p in enumerate(items):
            before = 600 if i == 0 else 0
            props = {"keepNext": el("keepNext") if i < len(items) - 1 else None, "keepLines": el("keepLines"),
                     "spacing": el("spacing", before=before, after=0, line=580, lineRule="exact"),
                     "ind": el("ind", left=left, firstLine=0, firstLineChars=0), "jc": el("jc", val="left")}
            self.para(self.inline(p), "Normal", **props)

    def figure(self, node: Any) -> None:
        caption = node.find("figcaption")
        if caption is not None:
            self.para(self.inline(caption), "Caption", pageBreakBefore=el("pageBreakBefore"))
        for img in node.iter("img"):
            self.para(self.picture(img, max_height=200.0), "Normal", ind=_no_indent(), jc=el("jc", val="center"))

    # -- tables ---------------------------------------------------------------------

    def table(self, node: Any) -> None:
        rows: list[tuple[Any, bool]] = []  # (tr, is header)
        for part in node:
            if not isinstance(part.tag, str):
                continue
            if part.tag == "thead":
                rows += [(tr, True) for tr in part.findall("tr")]
            elif part.tag == "tbody":
                rows += [(tr, False) for tr in part.findall("tr")]
            elif part.tag == "tr":
                rows.append((part, False))
        if not rows:
            return
        grid = _table_grid(rows)
        widths = self.column_widths(grid)
        tbl = el("tbl")
        tbl.append(el("tblPr", el("tblStyle", val="TableGrid"), el("tblW", w=sum(widths), type="dxa"), el("jc", val="center"),
                      el("tblLayout", type="fixed"), el("tblLook", val="04A0", firstRow=1, lastRow=0, firstColumn=0, lastColumn=0, noHBand=0, noVBand=1)))
        tbl.append(el("tblGrid", *[el("gridCol", w=w) for w in widths]))
        for r, (tr, header) in enumerate(rows):
            tr_el = el("tr")
            trpr = el("trPr", el("cantSplit"))
            if header:
                trpr.append(el("tblHeader"))
            tr_el.append(trpr)
            row_cls = classes(tr)
            for cell in grid.rows[r]:
                tr_el.append(self.cell(cell, widths, row_cls, header))
            tbl.append(tr_el)
        self.out.append(tbl)
        # a table directly followed by another (or ending a cell) needs a paragraph between; keep a small gap like the PDF's margin
        self.para([], "Note", spacing=el("spacing", before=0, after=0, line=160, lineRule="exact"))

    def cell(self, cell: "_Cell", widths: list[int], row_cls: set[str], header: bool) -> etree._Element:
        tc = el("tc")
        tcpr = el("tcPr", el("tcW", w=sum(widths[cell.col:cell.col + cell.span]), type="dxa"))
        if cell.span > 1:
            tcpr.append(el("gridSpan", val=cell.span))
        if cell.merge:
            tcpr.append(el("vMerge", val="restart") if cell.merge == "restart" else el("vMerge"))
        node = cell.node
        cls = classes(node) if node is not None else set()
        fill = "EEEEEE" if header else ("E6E6E6" if "ours" in row_cls and "level" not in cls else ("F4F4F4" if "label" in cls else None))
        if fill:
            tcpr.append(el("shd", val="clear", color="auto", fill=fill))
        tcpr.append(el("vAlign", val="center"))
        tc.append(tcpr)
        if node is None or cell.merge == "continue":
            tc.append(el("p", el("pPr", el("pStyle", val="TableText"))))
            return tc
        bold = "total" in row_cls
        runs = self.inline(node, bold=bold)
        centred = header or {"num", "center"} & cls
        p = el("p", el("pPr", el("pStyle", val="TableHeading" if header else "TableText"), el("jc", val="center") if centred and not header else None))
        for run in runs:
            p.append(run)
        tc.append(p)
        return tc

    def column_widths(self, grid: "_Grid") -> list[int]:
        """Column widths (twips) like CSS auto layout: no column narrower than
        its unbreakable content (headers, figures, regions), the rest of the
        text width shared by how much text each column holds."""
        n = grid.columns
        em = 10.5 / 72 * 25.4  # mm per em at 五号
        pad = 1.6  # cell margins (3 mm) and a safety, in em
        low, want = [2.0] * n, [2.0] * n
        for row in grid.rows:
            for cell in row:
                if cell.node is None or cell.merge == "continue" or cell.span > 1:
                    continue
                text = collapse(cell.node.text_content()).strip()
                lines = [collapse(part).strip() for part in _br_split(cell.node)] or [text]
                width = max((text_width(t) for t in lines), default=0) + pad
                nowrap = cell.node.tag == "th" and "wrap" not in classes(cell.node) or {"num", "center"} & classes(cell.node)
                if nowrap:
                    low[cell.col] = max(low[cell.col], width)
                words = re.findall(r"[A-Za-z0-9.,:/@_()（）-]+", text)  # a code or number is never broken (CSS min-content)
                if words:
                    low[cell.col] = max(low[cell.col], min(max(text_width(t) for t in words), 16.0) + pad)
                want[cell.col] = max(want[cell.col], min(width, 28.0))
        total = self.page.text_width / em
        if sum(low) >= total:
            scaled = [w * total / sum(low) for w in low]
        elif sum(want) <= total:
            scaled = [w * total / sum(want) for w in want]
        else:
            extra = total - sum(low)
            give = [max(0.0, w - lo) for w, lo in zip(want, low)]
            scaled = [lo + extra * g / (sum(give) or 1) for lo, g in zip(low, give)]
        return [twips(w * em) for w in scaled]

    # -- pictures and the seal -----------------------------------------------------------

    def _image_path(self, src: str) -> Path:
        from urllib.parse import unquote

        url = (self.root.resolve() / unquote(src)).as_uri()
        path = pdfmod.confined_path(url, (str(self.root.resolve()),))
        if path is None:
            raise DocxError(f"文档引用的图片“{src}”不是项目内的文件")
        return path

    def picture(self, img: Any, max_width: float | None = None, max_height: float = 220.0, size: float | None = None) -> list[etree._Element]:
        """An inline picture (PNG, JPEG or SVG), scaled to fit the text area."""
        from .assets import read_head, sniff_kind

        path = self._image_path(img.get("src") or "")
        if sniff_kind(read_head(path)) == "svg":
            return self.svg_picture(path, max_width, max_height, size)
        part = self.doc.part
        try:
            rid, image = part.get_or_add_image(str(path))
        except Exception as exc:  # an image python-docx cannot read
            raise DocxError(f"无法读取图片“{path.name}”（{type(exc).__name__}）：应为 PNG 或 JPEG 文件") from None
        width_mm = min(max_width or self.page.text_width, self.page.text_width)
        if size is not None:
            w, h = size, size
        else:
            ratio = image.px_height / image.px_width if image.px_width else 1
            natural = image.px_width / (image.horz_dpi or 96) * 25.4
            w = min(natural, width_mm)
            h = w * ratio
            if h > max_height:
                w, h = max_height / ratio, max_height
        self.images += 1
        inline = part.new_pic_inline(str(path), Mm(w), Mm(h))
        return [el("r", _wrap_drawing(inline))]

    def svg_picture(self, path: Path, max_width: float | None, max_height: float, size: float | None) -> list[etree._Element]:
        """An SVG as Word 2016+ embeds it (asvg:svgBlip), with a transparent
        PNG as the fallback python-docx and older readers need."""
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        data = path.read_bytes()
        ratio = svg_ratio(data)
        w = size or min(max_width or self.page.text_width, self.page.text_width)
        h = size or w * ratio
        if h > max_height:
            w, h = max_height / ratio, max_height
        self.images += 1
        svg = Part(PackURI(f"/word/media/vector{self.images}.svg"), "image/svg+xml", data, self.doc.part.package)
        rid = self.doc.part.relate_to(svg, RT.IMAGE)
        inline = self.doc.part.new_pic_inline(io.BytesIO(TRANSPARENT_PNG), Mm(w), Mm(h))
        blip = inline.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
        blip.append(parse_xml(f'<a:extLst {nsdecls("a", "r")}><a:ext uri="{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}">'
                              f'<asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="{rid}"/></a:ext></a:extLst>'))
        return [el("r", _wrap_drawing(inline))]

    def seal(self, node: Any) -> etree._Element:
        """The seal position: the company's seal image, or a dashed circle
        the size of an official seal (40 mm), floating behind the text over
        the （盖章） it follows, as the stamp will be."""
        img = node.find("img")
        if img is not None:
            inline = self.picture(img, size=40.0)[0].find(W("drawing"))[0]
            return el("r", el("drawing", _anchor_from_inline(inline, self._next_shape_id())))
        return el("r", el("drawing", parse_xml(_seal_circle_xml(self._next_shape_id()))))

    def _next_shape_id(self) -> int:
        self.images += 1
        return 1000 + self.images


# -- XML building blocks --------------------------------------------------------------

_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "table", "ol", "ul", "figure", "div", "section"})

_PPR_ORDER = ("keepNext", "keepLines", "pageBreakBefore", "numPr", "spacing", "ind", "jc", "sectPr")
_PPR_SCHEMA = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs",
               "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
               "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
               "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")


def _under_item_heading(node: Any) -> bool:
    """print.css's `section.numbered h3 ~ ol.items`: a list after a 1. heading
    of a numbered section counts at the level below it, （1）."""
    section = next((a for a in node.iterancestors("section")), None)
    return (section is not None and "numbered" in classes(section)
            and any(isinstance(s.tag, str) and s.tag == "h3" for s in node.itersiblings(preceding=True)))


def _ppr_position(ppr: etree._Element, name: str) -> int:
    """Index where a pPr child named `name` goes (Word rejects out-of-order children)."""
    rank = _PPR_SCHEMA.index(name)
    for i, child in enumerate(ppr):
        local = etree.QName(child).localname
        if local in _PPR_SCHEMA and _PPR_SCHEMA.index(local) > rank:
            return i
    return len(ppr)


def _no_indent() -> etree._Element:
    return el("ind", firstLine=0, firstLineChars=0)


def _rpr(size: int | None = None) -> etree._Element | None:
    if size is None:
        return None
    return el("rPr", el("sz", val=size), el("szCs", val=size))


_RPR_SCHEMA = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow", "emboss", "imprint",
               "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u",
               "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")


def _with_rpr(run: etree._Element, *props: etree._Element) -> etree._Element:
    """Add run properties, in schema order, replacing same-named ones."""
    if run.find(W("t")) is None:
        return run
    rpr = run.find(W("rPr"))
    if rpr is None:
        rpr = el("rPr")
        run.insert(0, rpr)
    for prop in props:
        old = rpr.find(prop.tag)
        if old is not None:
            rpr.remove(old)
        rpr.append(prop)
    ordered = sorted(rpr, key=lambda c: _RPR_SCHEMA.index(etree.QName(c).localname) if etree.QName(c).localname in _RPR_SCHEMA else 99)
    for child in ordered:
        rpr.append(child)
    return run


def _strip_edges(runs: list[etree._Element]) -> None:
    """Drop the whitespace HTML leaves at the start and end of a block."""
    for run, side in ((runs[0], "l"), (runs[-1], "r")):
        t = run.find(W("t"))
        if t is not None and t.text:
            t.text = t.text.lstrip() if side == "l" else t.text.rstrip()
            if t.text == t.text.strip():
                t.attrib.pop("{http://www.w3.org/XML/1998/namespace}space", None)


def _br_split(node: Any) -> list[str]:
    parts, current = [], [node.text or ""]
    for child in node.iter():
        if child is node:
            continue
        if child.tag == "br":
            parts.append("".join(current))
            current = [child.tail or ""]
        else:
            current.append((child.text or "") + (child.tail or ""))
    parts.append("".join(current))
    return parts


def _bookmark_name(anchor: str) -> str:
    """A Word bookmark for an HTML id: hidden (leading _), letters, digits, _ only, ≤ 40."""
    return ("_Toc_" + re.sub(r"[^A-Za-z0-9_]", "_", anchor))[:40]


def _wrap_drawing(inline: Any) -> etree._Element:
    drawing = el("drawing")
    drawing.append(inline)
    return drawing


_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def _anchor_from_inline(inline: Any, shape_id: int) -> etree._Element:
    """A floating, behind-text copy of an inline picture, centred on the text before it."""
    ext = inline.find(f"{{{_WP}}}extent")
    cx, cy = int(ext.get("cx")), int(ext.get("cy"))
    graphic = inline.find("{http://schemas.openxmlformats.org/drawingml/2006/main}graphic")
    anchor = parse_xml(_anchor_open(shape_id, cx, cy, "公章") + "</wp:anchor>")
    anchor.append(graphic)
    return anchor


def _anchor_open(shape_id: int, cx: int, cy: int, name: str) -> str:
    """A wp:anchor 40 mm left of and 14 mm above where the run stands, behind the text."""
    dx, dy = -int(Mm(29)), -int(Mm(14))
    return (f'<wp:anchor {nsdecls("wp", "a", "pic")} distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="1" '
            f'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="character"><wp:posOffset>{dx}</wp:posOffset></wp:positionH>'
            f'<wp:positionV relativeFrom="line"><wp:posOffset>{dy}</wp:posOffset></wp:positionV>'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
            f'<wp:docPr id="{shape_id}" name="{name}"/><wp:cNvGraphicFramePr/>')


def _seal_circle_xml(shape_id: int) -> str:
    size = int(Mm(40))
    return (_anchor_open(shape_id, size, size, "盖章位置").replace(nsdecls("wp", "a", "pic"), nsdecls("wp", "a", "pic") + f' xmlns:wps="{_WPS}"')
            + '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr/>'
            f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{size}" cy="{size}"/></a:xfrm><a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom>'
            '<a:noFill/><a:ln w="7620"><a:solidFill><a:srgbClr val="999999"/></a:solidFill><a:prstDash val="dash"/></a:ln></wps:spPr>'
            '<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>')


@dataclass
class _Cell:
    node: Any
    col: int
    span: int = 1
    merge: str = ""  # "", "restart" or "continue" (rowspan)


@dataclass
class _Grid:
    rows: list[list[_Cell]]
    columns: int


def _table_grid(rows: list[tuple[Any, bool]]) -> _Grid:
    """HTML rows (with colspan and rowspan) as Word grid cells; a cell under a
    rowspan becomes a vMerge continuation in its column."""
    pending: dict[int, tuple[int, int]] = {}  # column → (rows still covered, span)
    out: list[list[_Cell]] = []
    columns = 0
    for tr, _ in rows:
        cells: list[_Cell] = []
        col = 0
        tds = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]

        def fill_pending() -> None:
            nonlocal col
            while col in pending:
                left, span = pending[col]
                cells.append(_Cell(None, col, span, "continue"))
                pending[col] = (left - 1, span)
                if left - 1 == 0:
                    del pending[col]
                col += span

        for td in tds:
            fill_pending()
            span = max(1, int(td.get("colspan") or 1))
            rowspan = max(1, int(td.get("rowspan") or 1))
            cells.append(_Cell(td, col, span, "restart" if rowspan > 1 else ""))
            if rowspan > 1:
                pending[col] = (rowspan - 1, span)
            col += span
        fill_pending()
        columns = max(columns, col)
        out.append(cells)
    return _Grid(out, columns)


# -- the whole document -------------------------------------------------------------------


@dataclass(frozen=True)
class OwnStyle:
    """What a document's own <style> (a 暗标's prescribed format) changes:
    its CSS (margins), the classes it hides, whether the body has a running
    header and a page-number footer."""

    css: str = ""
    hidden: frozenset[str] = frozenset()
    header: bool = True
    footer: bool = True


_HIDDEN_RE = re.compile(r"((?:\.[\w-]+\s*,?\s*)+)\{[^{}]*display\s*:\s*none")
_NO_HEADER_RE = re.compile(r"@top-center\s*\{[^{}]*?content\s*:\s*none")
_NO_FOOTER_RE = re.compile(r"@bottom-center\s*\{[^{}]*?content\s*:\s*none")


def page_blocks(css: str) -> str:
    """The text of every plain ``@page { … }`` rule (not ``@page cover``),
    nested margin boxes included."""
    out = []
    for m in re.finditer(r"@page\s*\{", css):
        depth, i = 1, m.end()
        while i < len(css) and depth:
            depth += {"{": 1, "}": -1}.get(css[i], 0)
            i += 1
        out.append(css[m.end():i - 1])
    return "\n".join(out)


def own_style(tree: Any) -> OwnStyle:
    css = "\n".join(style.text_content() for style in tree.iter("style"))
    if not css.strip():
        return OwnStyle()
    hidden = frozenset(name for m in _HIDDEN_RE.finditer(css) for name in re.findall(r"\.([\w-]+)", m[1]))
    page = page_blocks(css)
    return OwnStyle(css, hidden, not _NO_HEADER_RE.search(page), not _NO_FOOTER_RE.search(page))


def read_meta(tree: Any) -> Meta:
    meta = Meta(lang=tree.get("lang") or "zh-CN")
    title = tree.find(".//title")
    meta.title = collapse(title.text_content()).strip() if title is not None else ""
    for m in tree.iter("meta"):
        name, content = m.get("name"), m.get("content") or ""
        if name == "author":
            meta.author = content
        elif name == "description":
            meta.subject = content
        elif name == "dcterms.created":
            meta.created = content
    header = tree.find(".//div[@class='page-header']")
    if header is not None:
        meta.header = [collapse(s.text_content()).strip() for s in header.findall("span")]
    return meta


def write_cover(w: Writer, tree: Any) -> None:
    """The cover page, laid out as the PDF's (class names of cover.html)."""
    page = tree.find(".//div[@class='cover-page']")
    if page is None:
        return
    used = 10.0  # mm from the top of the text area
    for node in page:
        if not isinstance(node.tag, str):
            continue
        cls = classes(node)
        if node.tag == "img":
            w.para(w.picture(node, max_width=60, max_height=14), "Normal", ind=_no_indent(), jc=el("jc", val="center"), spacing=el("spacing", before=twips(10), after=twips(6)))
            used += 30
        elif "project" in cls:
            runs = [_with_rpr(r, el("rFonts", ascii=LATIN_HEADING, hAnsi=LATIN_HEADING, eastAsia=HEADING_FONT), el("b"), el("sz", val=36), el("szCs", val=36)) for r in w.inline(node)]
            w.para(runs, "Normal", ind=_no_indent(), jc=el("jc", val="center"), spacing=el("spacing", before=0 if used > 10 else twips(10), after=twips(8), line=580, lineRule="exact"))
            used += 10 * (1 + len(node.findall("br"))) + 8
        elif "ident" in cls or "version" in cls:
            runs = [_with_rpr(r, el("sz", val=30), el("szCs", val=30)) for r in w.inline(node)]
            w.para(runs, "Normal", ind=_no_indent(), jc=el("jc", val="center"), spacing=el("spacing", before=0, after=0, line=540, lineRule="exact"))
            used += 9.5
        elif "doc-title" in cls:
            size = 52 if "policy-title" in cls else 68
            before = 45 if "policy-title" in cls else 42
            runs = [_with_rpr(r, el("rFonts", ascii=LATIN_HEADING, hAnsi=LATIN_HEADING, eastAsia=HEADING_FONT), el("b"), el("spacing", val=size * 10 // 8 if "policy-title" not in cls else size), el("sz", val=size), el("szCs", val=size)) for r in w.inline(node)]
            w.para(runs, "Normal", ind=_no_indent(), jc=el("jc", val="center"), spacing=el("spacing", before=twips(before), after=0, line=240, lineRule="auto"))
            used += before + size / 2 * 0.3528 * 1.3 * (1 + len(node.findall("br")))
        elif "bidder" not in cls:  # any other cover line (a 暗标's prescribed text, …): centred
            runs = [_with_rpr(r, el("sz", val=30), el("szCs", val=30)) for r in w.inline(node)]
            if runs:
                w.para(runs, "Normal", ind=_no_indent(), jc=el("jc", val="center"), spacing=el("spacing", before=twips(20), after=0, line=540, lineRule="exact"))
                used += 30
        else:
            lines = [p for p in node.iter("p")]
            widest = max((text_width(collapse(p.text_content()).strip()) for p in lines), default=0) * 15 / 72 * 25.4
            indent = max(0.0, (w.page.text_width - widest) / 2)
            height = len(lines) * 15 * 2.2 / 72 * 25.4
            before = max(10.0, w.page.text_height - used - height - 12)
            for i, p in enumerate(lines):
                runs = [_with_rpr(r, el("sz", val=30), el("szCs", val=30)) if r.find(W("t")) is not None else r for r in w.inline(p)]
                w.para(runs, "Normal", keepNext=el("keepNext") if i < len(lines) - 1 else None, spacing=el("spacing", before=twips(before) if i == 0 else 0, after=0, line=660, lineRule="exact"),
                       ind=el("ind", left=twips(indent), firstLine=0, firstLineChars=0), jc=el("jc", val="left"))


def write_toc(w: Writer, tree: Any, entries: list[tuple[str, str, bool]]) -> list[etree._Element]:
    """The 目录: a TOC field over Heading 1 (the PDF lists the sections),
    pre-filled with its entries (number, title, PAGEREF page) so WPS and
    LibreOffice show it; Word refreshes it on opening (w:updateFields)."""
    toc = tree.find(".//section[@class='toc']")
    title = toc.find("h1") if toc is not None else None
    out: list[etree._Element] = []
    saved, w.out = w.out, out
    w.para(w.inline(title) if title is not None else [text_run("目录")], "TOCHeading")
    tab = el("tabs", el("tab", val="right", leader="dot", pos=twips(w.page.text_width) - 10))
    numbered = 0
    for i, (text, anchor, is_numbered) in enumerate(entries):
        bookmark = _bookmark_name(anchor)
        label = text
        if is_numbered:
            numbered += 1
            label = f"{cn_number(numbered)}、{text}"
        runs: list[etree._Element] = []
        if i == 0:
            runs += fld('TOC \\o "1-1" \\h \\z \\u')[:3]  # begin, instruction, separate: the entries are the cached result
        page = w.anchor_pages.get(anchor)
        link = el("hyperlink", text_run(label), el("r", el("tab")), *fld(f"PAGEREF {bookmark} \\h", str(page or "")), anchor=bookmark, history=1)
        runs.append(link)
        if i == len(entries) - 1:
            runs.append(el("r", el("fldChar", fldCharType="end")))
        p = el("p", el("pPr", el("pStyle", val="TOC1"), _copy(tab)), *runs)
        out.append(p)
    w.out = saved
    return out


def header_footer(w: Writer, meta: Meta, sect: Any, pages: int | None, header: bool = True, footer: bool = True) -> None:
    """The body's header (company short name | document title, rule below)
    and footer 第 X 页 共 Y 页; a company template's own are kept.

    共 Y 页 counts the body only, as the PDF's does: SECTIONPAGES (the body
    is one section), not NUMPAGES, which would count the cover. Its cached
    result is the PDF's body page count, shown by readers that do not
    compute the field (LibreOffice 7)."""
    doc = w.doc
    has_header = sect.find(qn("w:headerReference")) is not None
    has_footer = sect.find(qn("w:footerReference")) is not None
    section = doc.sections[-1]
    if not has_header and header:
        hdr = section.header
        hdr.is_linked_to_previous = False
        p = hdr.paragraphs[0]._p
        p.append(el("pPr", el("pStyle", val="Header"),
                     el("pBdr", el("bottom", val="single", sz=4, space=4, color="000000")),
                     el("tabs", el("tab", val="right", pos=twips(w.page.text_width)))))
        left, right = (meta.header + ["", ""])[:2]
        p.append(text_run(left))
        p.append(el("r", el("tab")))
        p.append(text_run(right))
    if not has_footer and footer:
        ftr = section.footer
        ftr.is_linked_to_previous = False
        p = ftr.paragraphs[0]._p
        p.append(el("pPr", el("pStyle", val="Footer")))
        for run in [text_run("第 ")] + fld("PAGE", "1") + [text_run(" 页 共 ")] + fld("SECTIONPAGES", str(pages or "")) + [text_run(" 页")]:
            p.append(run)


def page_setup(sect: Any, page: Page) -> None:
    """A4 with the PDF's margins (the plain default only)."""
    for tag in ("pgSz", "pgMar"):
        old = sect.find(qn(f"w:{tag}"))
        if old is not None:
            sect.remove(old)
    pos = 0
    for i, child in enumerate(sect):
        if etree.QName(child).localname in ("headerReference", "footerReference", "footnotePr", "endnotePr", "type"):
            pos = i + 1
    sect.insert(pos, el("pgSz", w=twips(page.width), h=twips(page.height)))
    sect.insert(pos + 1, el("pgMar", top=twips(page.top), right=twips(page.right), bottom=twips(page.bottom), left=twips(page.left),
                            header=twips(page.top - 17), footer=twips(page.bottom - 17), gutter=0))


def _page_from_sect(sect: Any, fallback: Page) -> Page:
    """The page a company template sets up (in mm), for widths and the cover."""
    size, margin = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    if size is None or margin is None:
        return fallback

    def mm(node: Any, name: str, default: float) -> float:
        value = node.get(qn(f"w:{name}"))
        return int(value) / TWIPS_PER_MM if value and value.lstrip("-").isdigit() else default

    return Page(width=mm(size, "w", fallback.width), height=mm(size, "h", fallback.height), top=abs(mm(margin, "top", fallback.top)),
                right=mm(margin, "right", fallback.right), bottom=abs(mm(margin, "bottom", fallback.bottom)), left=mm(margin, "left", fallback.left))


def html_to_docx(root: Path, cover_html: str, body_html: str, reference: Path | None = None, layout: dict[str, Any] | None = None) -> bytes:
    """The print HTML (cover and body, as WeasyPrint gets them) as .docx
    bytes. `layout` (from :func:`generator.pdf.html_to_pdf`) gives the PDF's
    page numbers, shown as the fields' cached results until a reader
    recomputes them."""
    layout = layout or {}
    cover = lxml.html.document_fromstring(cover_html)
    body = lxml.html.document_fromstring(body_html)
    meta = read_meta(body)
    doc, company = open_base(reference)
    sect = doc.element.body.find(qn("w:sectPr"))
    own = own_style(body)
    css_page = page_from_css(pdfmod.stylesheet_text(root) + own.css)
    if company:
        _complete_styles(doc)
        page = _page_from_sect(sect, css_page)
    else:
        page = css_page
        page_setup(sect, page)
    w = Writer(doc, root, page, company, own.hidden)
    w.anchor_pages = dict(layout.get("anchors") or {})

    write_cover(w, cover)
    cover_sect = _copy(sect)
    for ref in cover_sect.findall(qn("w:headerReference")) + cover_sect.findall(qn("w:footerReference")) + cover_sect.findall(qn("w:titlePg")):
        cover_sect.remove(ref)
    cover_blocks = w.out
    if cover_blocks:
        last = cover_blocks[-1]
        ppr = last.find(W("pPr"))
        if ppr is None:
            ppr = el("pPr")
            last.insert(0, ppr)
        ppr.insert(_ppr_position(ppr, "sectPr"), cover_sect)

    w.out = []
    body_el = body.find("body")
    for node in body_el:
        if not isinstance(node.tag, str) or node.tag != "section" or "toc" in classes(node):
            continue
        cls = classes(node)
        context = "form" if "form" in cls else ("first" if "first" in cls else "")
        for child in node:
            if isinstance(child.tag, str) and child.tag == "h1":
                w.heading(child, context)
            else:
                w.block(child)
    body_blocks = w.out
    toc_blocks = write_toc(w, body, w.toc_entries)

    # the cover is page 0, so the body's pages count from 1 without a
    # restart (LibreOffice would add a blank page to keep 1 on the right)
    for s in (sect, cover_sect):
        old = s.find(qn("w:pgNumType"))
        if old is not None:
            s.remove(old)
    pos = next((i for i, c in enumerate(cover_sect) if etree.QName(c).localname in ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings")), len(cover_sect))
    cover_sect.insert(pos, el("pgNumType", start=0))
    header_footer(w, meta, sect, layout.get("pages"), header=own.header, footer=own.footer)

    container = doc.element.body
    for block in cover_blocks + toc_blocks + body_blocks:
        sect.addprevious(block)
    if not container.findall(qn("w:p")):
        sect.addprevious(el("p"))
    _settings(doc)
    _core_properties(doc, meta)
    stream = io.BytesIO()
    doc.save(stream)
    return normalise_zip(stream.getvalue(), meta)


def _complete_styles(doc: Any) -> None:
    """A company template keeps its own styles; the ones it lacks come from
    the plain default, and every style chain ends in an East Asian font."""
    styles = doc.styles.element
    have = {s.get(qn("w:styleId")) for s in styles.findall(qn("w:style"))}
    defaults = parse_xml(default_styles_xml().encode())
    for style in defaults.findall(qn("w:style")):
        sid = style.get(qn("w:styleId"))
        if sid not in have:
            if style.get(qn("w:default")) == "1":
                style.attrib.pop(qn("w:default"))
            styles.append(style)
    # docDefaults: keep the template's fonts but make sure an East Asian one is named
    rpr_default = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr_default is None:
        doc_defaults = styles.find(qn("w:docDefaults"))
        if doc_defaults is None:
            doc_defaults = el("docDefaults")
            styles.insert(0, doc_defaults)
        holder = el("rPrDefault", el("rPr"))
        doc_defaults.insert(0, holder)
        rpr_default = holder[0]
    fonts = rpr_default.find(qn("w:rFonts"))
    if fonts is None:
        fonts = el("rFonts")
        rpr_default.insert(0, fonts)
    if not fonts.get(qn("w:eastAsia")):
        fonts.set(qn("w:eastAsia"), BODY_FONT)
        fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
    for style_id in HEADING_STYLES:
        style = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
        rpr = style.find(qn("w:rPr")) if style is not None else None
        f = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if f is not None and f.get(qn("w:eastAsiaTheme")) and not f.get(qn("w:eastAsia")):
            f.attrib.pop(qn("w:eastAsiaTheme"))
            f.set(qn("w:eastAsia"), HEADING_FONT)


def _settings(doc: Any) -> None:
    """Word refreshes the TOC and page references on opening; no template
    path, no editing-session ids (they would tie two files together)."""
    settings = doc.settings.element
    for tag in ("attachedTemplate", "rsids", "updateFields", "documentProtection", "writeProtection"):
        for node in settings.findall(qn(f"w:{tag}")):
            settings.remove(node)
    update = el("updateFields", val="true")
    anchor = next((c for c in settings if etree.QName(c).localname in ("defaultTabStop", "autoHyphenation", "hyphenationZone", "evenAndOddHeaders",
                                                                      "characterSpacingControl", "compat", "rsids", "themeFontLang", "clrSchemeMapping",
                                                                      "decimalSymbol", "listSeparator")), None)
    (anchor.addprevious(update) if anchor is not None else settings.append(update))


def _created(meta: Meta) -> dt.datetime:
    """The document date: SOURCE_DATE_EPOCH or the data's (as the PDF's)."""
    try:
        stamp = dt.datetime.fromisoformat(meta.created)
    except ValueError:
        stamp = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    return stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)


def _core_properties(doc: Any, meta: Meta) -> None:
    props = doc.core_properties
    props.author = meta.author
    props.last_modified_by = meta.author
    props.title = meta.title
    props.subject = meta.subject
    props.language = meta.lang
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.version = ""
    props.revision = 1
    props.created = props.modified = _created(meta)


APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template></Template>'
           '<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><Company>{company}</Company>'
           '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>')

#: zip entry order: content types first (some readers need it), then as Word writes
_ORDER = ("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml",
          "word/numbering.xml", "word/settings.xml", "word/fontTable.xml", "word/theme/theme1.xml", "word/webSettings.xml",
          "docProps/core.xml", "docProps/app.xml")


def normalise_zip(data: bytes, meta: Meta) -> bytes:
    """Rewrite the package: fixed entry order and timestamps (same input,
    same bytes); app.xml without application version, template path, page
    or word counts; core.xml without lastPrinted."""
    from xml.sax.saxutils import escape

    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    order = [n for n in _ORDER if n in names] + sorted(n for n in names if n not in _ORDER)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name in order:
            body = src.read(name)
            if name == "docProps/app.xml":
                body = APP_XML.format(company=escape(meta.author)).encode()
            elif name == "docProps/core.xml":
                body = re.sub(rb"<cp:lastPrinted>[^<]*</cp:lastPrinted>", b"", body)
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            z.writestr(info, body)
    return out.getvalue()


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
