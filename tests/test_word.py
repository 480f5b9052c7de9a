"""The .docx twin of the printed 售后服务方案, read back with python-docx.

Everything is checked against the very HTML WeasyPrint lays out for the
PDF: every heading and every table cell, in the same order. Word-native
structure (heading styles with attached numbering, repeated header rows,
rows that do not split, footer fields, a pre-filled TOC field), an East
Asian font behind every Chinese run, metadata that names no person and no
tool version, and the same bytes for the same input. A company template
(reference.docx) with other fonts and margins is taken on and the checks
still pass. The slow LibreOffice tests live in test_word_libreoffice.py.
"""

from __future__ import annotations

import getpass
import io
import re
import zipfile
from pathlib import Path

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from conftest import REPO, copy_project
from generator import document, word
from generator.pdf import render_html
from generator.project import load_project

BID = "lw-hospital-hvac"
POLICY = "hvac"
CJK = re.compile("[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
PAGEREF = re.compile(r"（第 \d* 页）")


# -- helpers ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example():
    project, _ = load_project(REPO)
    return project


def context_of(project, kind: str, doc_id: str) -> dict:
    return document.bid_context(project, doc_id) if kind == "bid" else document.policy_context(project, doc_id)


def html_of(project, kind: str, doc_id: str) -> tuple[str, str]:
    return render_html(project.root, context_of(project, kind, doc_id))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def html_headings(body_html: str) -> list[str]:
    tree = lxml.html.document_fromstring(body_html)
    return [squash(h.text_content()) for h in tree.iter("h1", "h2", "h3", "h4")]


def html_cells(body_html: str) -> list[str]:
    tree = lxml.html.document_fromstring(body_html)
    return [squash(c.text_content()) for c in tree.iter("td", "th")]


def docx_headings(doc) -> list[str]:
    """Heading paragraphs (Heading 1–4 and the TOC heading) in body order."""
    out = []
    for p in doc.paragraphs:
        if p.style.style_id in word.HEADING_STYLES or p.style.style_id == "TOCHeading":
            out.append(squash(p.text))
    return out


def docx_cells(doc) -> list[str]:
    """Every table cell in order; a vMerge continuation is not a cell of its own."""
    out = []
    for tbl in doc.element.body.iter(qn("w:tbl")):
        for tc in tbl.iter(qn("w:tc")):
            merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            if merge is not None and merge.get(qn("w:val")) in (None, "continue"):
                continue
            text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
            out.append(squash(PAGEREF.sub("", text)))
    return out


def style_chain(doc, style_id: str | None):
    styles = doc.styles.element
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
        if style is None:
            return
        yield style
        based = style.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None


def east_asian_font(doc, run, paragraph) -> str | None:
    """The East Asian font a run is drawn with, resolved as Word does: the
    run, its character style, the paragraph style chain, the document
    defaults. A theme reference counts as unresolved."""
    def fonts_of(rpr):
        f = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if f is None:
            return None
        if f.get(qn("w:eastAsiaTheme")):
            return "THEME"
        return f.get(qn("w:eastAsia"))

    rpr = run.find(qn("w:rPr"))
    found = fonts_of(rpr)
    if found:
        return found
    rstyle = rpr.find(qn("w:rStyle")) if rpr is not None else None
    if rstyle is not None:
        for style in style_chain(doc, rstyle.get(qn("w:val"))):
            found = fonts_of(style.find(qn("w:rPr")))
            if found:
                return found
    ppr = paragraph.find(qn("w:pPr"))
    pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
    for style in style_chain(doc, pstyle.get(qn("w:val")) if pstyle is not None else "Normal"):
        found = fonts_of(style.find(qn("w:rPr")))
        if found:
            return found
    default = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    return fonts_of(default)


def assert_word_native(data: bytes, body_html: str) -> docx.document.Document:
    """The checks every generated .docx must pass, default or company template."""
    doc = docx.Document(io.BytesIO(data))
    # every heading and table cell of the print HTML, in the same order
    assert docx_headings(doc) == html_headings(body_html)
    assert docx_cells(doc) == html_cells(body_html)
    # numbers come from the list attached to the heading styles, not typed
    for p in doc.paragraphs:
        if p.style.style_id in word.HEADING_STYLES:
            assert not re.match(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.", p.text), p.text
    for level, style_id in enumerate(word.HEADING_STYLES):
        num = doc.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']/{qn('w:pPr')}/{qn('w:numPr')}")
        assert num is not None, style_id
    # every Chinese run resolves to an East Asian font
    body = doc.element.body
    for p in body.iter(qn("w:p")):
        for r in p.iter(qn("w:r")):
            text = "".join(t.text or "" for t in r.iter(qn("w:t")))
            if CJK.search(text):
                font = east_asian_font(doc, r, p)
                assert font and font != "THEME", (text, font)
    # header rows repeat, no row splits
    for tbl in body.iter(qn("w:tbl")):
        rows = tbl.findall(qn("w:tr"))
        assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)
    heads = [tbl for tbl in body.iter(qn("w:tbl")) if tbl.find(f"{qn('w:tr')}/{qn('w:tc')}")is not None]
    assert heads
    # the footer numbers the body's pages with fields
    footer_xml = "".join(sec.footer._element.xml for sec in doc.sections)
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", footer_xml)
    assert re.search(r"<w:instrText[^>]*> (SECTIONPAGES|NUMPAGES) </w:instrText>", footer_xml)
    # a TOC field, pre-filled, refreshed by Word on opening
    instr = [t.text for t in body.iter(qn("w:instrText"))]
    assert any(t.strip().startswith("TOC ") for t in instr)
    assert len([p for p in doc.paragraphs if p.style.style_id == "TOC1"]) == len(re.findall(r'<li class="(?:numbered|form)"', body_html))
    assert doc.settings.element.find(qn("w:updateFields")) is not None
    return doc


# -- the example documents ------------------------------------------------------------


@pytest.mark.parametrize("kind, doc_id", [("bid", BID), ("policy", POLICY)])
def test_docx_holds_every_heading_and_cell_of_the_print_html(example, kind, doc_id):
    cover_html, body_html = html_of(example, kind, doc_id)
    data = word.html_to_docx(example.root, cover_html, body_html)
    doc = assert_word_native(data, body_html)
    # the cover's lines are there too
    cover_text = "".join(p.text for p in doc.paragraphs[:12])
    for line in lxml.html.document_fromstring(cover_html).iter("p"):
        assert squash(line.text_content()) in squash(cover_text)


def test_header_rows_carry_tblheader(example):
    _, body_html = html_of(example, "bid", BID)
    doc = docx.Document(io.BytesIO(word.html_to_docx(example.root, *html_of(example, "bid", BID))))
    tables = list(doc.element.body.iter(qn("w:tbl")))
    assert len(tables) == body_html.count("<table")
    headed = [t for t in tables if t.find(f"{qn('w:tr')}/{qn('w:trPr')}/{qn('w:tblHeader')}") is not None]
    assert len(headed) == body_html.count("<thead>")
    for t in headed:  # only the header row repeats
        rows = t.findall(qn("w:tr"))
        assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert all(r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for r in rows[1:])


def test_word_native_page_and_styles(example):
    doc = docx.Document(io.BytesIO(word.html_to_docx(example.root, *html_of(example, "bid", BID))))
    body = doc.sections[-1]
    assert abs(body.page_width - Mm(210)) < Mm(0.5) and abs(body.page_height - Mm(297)) < Mm(0.5)
    for side, mm in (("top_margin", 37), ("bottom_margin", 35), ("left_margin", 28), ("right_margin", 26)):
        assert abs(getattr(body, side) - Mm(mm)) < Mm(0.2), side
    styles = doc.styles
    assert styles["Normal"].font.size.pt == 12  # 小四
    normal = styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert normal.get(qn("w:eastAsia")) == "宋体"
    for sid in word.HEADING_STYLES:
        fonts = styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='{sid}']/{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts.get(qn("w:eastAsia")) == "黑体"
    assert styles["Heading 1"].name == "Heading 1"  # built-in: Word shows 标题 1
    # the cover is a section of its own without header or footer
    assert len(doc.sections) == 2
    first = doc.sections[0]._sectPr
    assert first.find(qn("w:headerReference")) is None and first.find(qn("w:footerReference")) is None


def test_numbering_is_chinese_multilevel(example):
    doc = docx.Document(io.BytesIO(word.html_to_docx(example.root, *html_of(example, "bid", BID))))
    xml = doc.part.numbering_part.element.xml
    for fmt, text in (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3. "), ("decimal", "（%4）")):
        assert re.search(rf'<w:numFmt w:val="{fmt}"/>\s*<w:pStyle w:val="Heading\d"/>\s*<w:suff w:val="nothing"/>\s*<w:lvlText w:val="{re.escape(text)}"/>', xml), text


def test_lists_count_at_the_level_print_css_gives_them(example):
    """print.css numbers a list 1. and, after a 1. heading of a numbered
    section, （1）: the .docx list of the same HTML uses the same numbers."""
    body = ('<html><body><section class="numbered"><h1>甲</h1><h2>乙</h2><ol class="items"><li>一级故障</li></ol>'
            '<h3>丙</h3><ol class="items"><li>二级故障</li></ol></section></body></html>')
    doc = docx.Document(io.BytesIO(word.html_to_docx(example.root, "<html><body></body></html>", body)))
    numbering = doc.part.numbering_part.element
    texts = {}
    for p in doc.paragraphs:
        num_id = p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is not None and p.text in ("一级故障", "二级故障"):
            num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id.get(qn("w:val")))
            abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
            lvl = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract).find(qn("w:lvl"))
            texts[p.text] = lvl.find(qn("w:lvlText")).get(qn("w:val"))
    assert texts == {"一级故障": "%1. ", "二级故障": "（%1）"}


def test_same_input_same_bytes_and_clean_metadata(example, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    args = (example.root, *html_of(example, "bid", BID))
    first, second = word.html_to_docx(*args), word.html_to_docx(*args)
    assert first == second
    z = zipfile.ZipFile(io.BytesIO(first))
    assert z.namelist()[0] == "[Content_Types].xml"
    assert {i.date_time for i in z.infolist()} == {word.ZIP_TIME}
    assert not [n for n in z.namelist() if "thumbnail" in n or n.startswith("customXml") or "custom.xml" in n]
    core, app = z.read("docProps/core.xml").decode(), z.read("docProps/app.xml").decode()
    company = example.company.name
    assert f"<dc:creator>{company}</dc:creator>" in core
    assert "python-docx" not in core + app and "AppVersion" not in app
    assert "2026-12-08" in core or "2026-12-07T16:00:00" in core  # the bid date (Beijing midnight)
    user = getpass.getuser()
    for name in z.namelist():
        text = z.read(name)
        if user and len(user) > 2:
            assert user.encode() not in text, name
        assert b"/home/" not in text and b"/tmp/" not in text, name


def test_source_date_epoch_sets_the_dates(example, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    data = word.html_to_docx(example.root, *html_of(example, "policy", POLICY))
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert "2023-11-14T22:13:20Z" in core


def test_layout_prefills_toc_and_footer(example):
    layout = {"pages": 13, "anchors": {"sec-letter": 2, "sec-overview": 5}}
    doc = docx.Document(io.BytesIO(word.html_to_docx(example.root, *html_of(example, "bid", BID), layout=layout)))
    toc = [p.text for p in doc.paragraphs if p.style.style_id == "TOC1"]
    assert toc[0] == "售后服务承诺函\t2"
    assert toc[3] == "一、服务承诺总述\t5"
    assert "共 13 页" in "".join(t.text or "" for t in doc.sections[-1].footer._element.iter(qn("w:t")))


# -- a company template ----------------------------------------------------------------


def company_template(path: Path) -> Path:
    """A reference.docx with its own heading fonts and margins, as a company's IT would make."""
    doc = docx.Document()
    h1 = doc.styles["Heading 1"]
    fonts = h1.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), "Georgia")
    fonts.set(qn("w:hAnsi"), "Georgia")
    fonts.set(qn("w:eastAsia"), "楷体")
    h1.font.size = docx.shared.Pt(20)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin = sec.bottom_margin = Mm(20)
    sec.left_margin = sec.right_margin = Mm(22)
    doc.core_properties.author = "张三"
    doc.add_paragraph("模板里的示例文字，不应出现在输出中")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def test_company_template_styles_and_margins_are_taken_on(tmp_path):
    root = copy_project(tmp_path / "proj")
    company_template(root / word.REFERENCE)
    project, _ = load_project(root)
    assert word.reference_docx(project) == root / word.REFERENCE
    data = word.render_docx(root, context_of(project, "bid", BID), word.reference_docx(project))
    _, body_html = html_of(project, "bid", BID)
    doc = assert_word_native(data, body_html)
    h1 = doc.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='Heading1']/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert h1.get(qn("w:eastAsia")) == "楷体" and h1.get(qn("w:ascii")) == "Georgia"
    assert doc.styles["Heading 1"].font.size.pt == 20
    body = doc.sections[-1]
    assert abs(body.top_margin - Mm(20)) < Mm(0.2) and abs(body.left_margin - Mm(22)) < Mm(0.2)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "模板里的示例文字" not in text
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert "张三" not in core


def test_a_template_that_is_not_a_docx_is_reported(tmp_path):
    root = copy_project(tmp_path / "proj")
    (root / word.REFERENCE).parent.mkdir(parents=True)
    (root / word.REFERENCE).write_bytes(b"not a zip")
    project, _ = load_project(root)
    with pytest.raises(word.DocxError, match="Word 模板"):
        word.render_docx(root, context_of(project, "policy", POLICY), word.reference_docx(project))


# -- an anonymous bid (暗标) ----------------------------------------------------------------


def test_anonymous_bid_docx_names_no_one_and_takes_the_prescribed_format(tmp_path):
    from test_anonymous import HVAC, LED, flat, identity_strings, make_anonymous

    root = make_anonymous(copy_project(tmp_path / "proj"))
    company_template(root / word.REFERENCE)  # a 暗标 must not take the company's look
    project, _ = load_project(root)
    identity = [flat(s) for s in identity_strings(root) if len(flat(s)) >= 2]
    for rel, footer in ((HVAC, True), (LED, False)):
        bid_id = Path(rel).stem
        context = context_of(project, "bid", bid_id)
        data = word.render_docx(root, context, word.reference_docx(project))
        text = flat(word.docx_text(data))
        assert [s for s in identity if s in text] == [], bid_id
        _, body_html = render_html(root, context)
        doc = assert_word_native(data, body_html) if footer else docx.Document(io.BytesIO(data))
        body = doc.sections[-1]
        assert body._sectPr.find(qn("w:headerReference")) is None
        assert (body._sectPr.find(qn("w:footerReference")) is not None) == footer
        if not footer:
            assert abs(body.top_margin - Mm(25)) < Mm(0.2) and abs(body.left_margin - Mm(30)) < Mm(0.2)
        h1 = doc.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='Heading1']/{qn('w:rPr')}/{qn('w:rFonts')}")
        assert h1.get(qn("w:eastAsia")) == "黑体"  # the plain default, not the template's 楷体
        assert "盖章位置" not in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()


def test_png_and_svg_pictures_are_embedded(tmp_path):
    """The seal (PNG, floating behind the signature) and an SVG logo both reach the .docx."""
    from test_pdf import PNG_1PX

    from conftest import edit

    root = copy_project(tmp_path / "proj")
    (root / "commitments/assets").mkdir(parents=True, exist_ok=True)
    (root / "commitments/assets/seal.png").write_bytes(PNG_1PX)
    (root / "commitments/assets/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50"><rect width="200" height="50"/></svg>', encoding="utf-8")
    edit(root, "commitments/company.yaml", "  seal_image: null\n", "  seal_image: commitments/assets/seal.png\n  logo: commitments/assets/logo.svg\n")
    project, _ = load_project(root)
    data = word.render_docx(root, context_of(project, "bid", BID))
    z = zipfile.ZipFile(io.BytesIO(data))
    media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert any(n.endswith(".svg") for n in media) and any(n.endswith(".png") for n in media)
    xml = z.read("word/document.xml").decode()
    assert "svgBlip" in xml and xml.count("<wp:anchor") >= 2  # the seal on the cover and under the letter
