"""Reading plans: .docx/.txt/.md/.pdf blocks and lines, and bad input.

Every file here is made by the test itself (python-docx, zipfile, pypdf,
WeasyPrint), in the project's own words.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from generator.documents import CELL_SEP, MAX_FILE_BYTES, Block, DocumentError, read_document
from generator.simplified import is_traditional, simplify

import docx  # noqa: E402


def make_docx(path: Path) -> Path:
    d = docx.Document()
    d.add_heading("售后服务方案", 1)
    d.add_paragraph("一、服务承诺")
    d.add_paragraph("")  # counted, but gives no block
    d.add_paragraph("我公司承诺7×24小时受理报修。")
    table = d.add_table(rows=2, cols=3)
    for c, text in enumerate(("故障级别", "响应", "到场")):
        table.cell(0, c).text = text
    for c, text in enumerate(("一级", "30分钟", "2小时")):
        table.cell(1, c).text = text
    d.add_paragraph("二、质保期")
    d.core_properties.author = "王工"
    d.save(path)
    return path


def test_docx_blocks_in_body_order_with_ordinals(tmp_path):
    doc = read_document(make_docx(tmp_path / "plan.docx"))
    assert doc.format == "docx"
    assert [(b.line, b.kind, b.text) for b in doc.blocks] == [
        (1, "heading", "售后服务方案"),
        (2, "paragraph", "一、服务承诺"),
        (4, "paragraph", "我公司承诺7×24小时受理报修。"),
        (5, "row", CELL_SEP.join(("故障级别", "响应", "到场"))),
        (6, "row", "一级｜30分钟｜2小时"),
        (7, "paragraph", "二、质保期"),
    ]
    assert doc.blocks[0].level == 1
    assert doc.blocks[4].cells == ("一级", "30分钟", "2小时")
    assert doc.meta["author"] == "王工"


def test_txt_and_md_real_lines(tmp_path):
    (tmp_path / "p.txt").write_text("第一行\n\n  第三行\n", encoding="utf-8")
    assert [(b.line, b.text) for b in read_document(tmp_path / "p.txt").blocks] == [(1, "第一行"), (3, "  第三行")]
    (tmp_path / "p.md").write_text("# 方案\n\n| 级别 | 响应 |\n|---|---|\n| 一级 | 30分钟 |\n正文\n", encoding="utf-8")
    blocks = read_document(tmp_path / "p.md").blocks
    assert [(b.line, b.kind) for b in blocks] == [(1, "heading"), (3, "row"), (5, "row"), (6, "paragraph")]
    assert blocks[2].cells == ("一级", "30分钟")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_bom_encodings(tmp_path, encoding):
    (tmp_path / "p.txt").write_bytes("售后服务\n质保期三年\n".encode(encoding))
    assert [b.text for b in read_document(tmp_path / "p.txt").blocks] == ["售后服务", "质保期三年"]


def test_locate_in_wrapped_block():
    b = Block(10, "一二三四五六", "paragraph", breaks=(3,))
    assert b.locate(0) == (10, 1)
    assert b.locate(4) == (11, 2)


def test_simplify_keeps_positions():
    s = simplify("售後服務質保期於驗收合格後開始")
    assert s.text == "售后服务质保期于验收合格后开始"
    assert s.origin[:3] == (0, 1, 2)
    assert is_traditional("售後服務質保期於驗收合格後開始")
    assert not is_traditional("售后服务质保期于验收合格后开始")


# ---------------------------------------------------------------- bad input


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _bad_docx_with(tmp_path: Path, name: str, replace: dict[str, bytes]) -> Path:
    src = make_docx(tmp_path / "src.docx")
    with zipfile.ZipFile(src) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members.update(replace)
    return _zip(tmp_path / name, members)


def _xxe(tmp_path):
    body = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'
    return _bad_docx_with(tmp_path, "xxe.docx", {"word/document.xml": body})


def _bomb(tmp_path):
    return _bad_docx_with(tmp_path, "bomb.docx", {"word/media/pad.bin": b"\0" * (24 * 1024 * 1024)})


def _huge(tmp_path):
    p = tmp_path / "huge.docx"
    with p.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    return p


def _encrypted_pdf(tmp_path):
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(200, 200)
    w.encrypt("secret")
    p = tmp_path / "locked.pdf"
    with p.open("wb") as fh:
        w.write(fh)
    return p


def _scanned_pdf(tmp_path):
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(200, 200)
    p = tmp_path / "scan.pdf"
    with p.open("wb") as fh:
        w.write(fh)
    return p


BAD = {
    "corrupt docx": (lambda t: _write(t / "c.docx", b"PK\x03\x04 not really a zip"), "损坏"),
    "truncated docx": (lambda t: _write(t / "t.docx", make_docx(t / "ok.docx").read_bytes()[:900]), "损坏"),
    "encrypted docx (OLE)": (lambda t: _write(t / "e.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "加密"),
    "zip without word": (lambda t: _zip(t / "x.docx", {"a.txt": b"hi"}), "Word 正文"),
    "xxe": (_xxe, "XXE"),
    "zip bomb": (_bomb, "压缩炸弹"),
    "200 MB": (_huge, "太大"),
    "3 million characters": (lambda t: _write(t / "long.txt", ("售后服务质保期三年。" * 30 + "\n").encode() * 10_000), "文字过多"),
    "image as docx": (lambda t: _write(t / "i.docx", b"\x89PNG\r\n\x1a\n" + b"\0" * 100), "图片"),
    "image as pdf": (lambda t: _write(t / "i.pdf", b"\xff\xd8\xff\xe0" + b"\0" * 100), "图片"),
    "not a pdf": (lambda t: _write(t / "n.pdf", b"hello"), "PDF"),
    "corrupt pdf": (lambda t: _write(t / "b.pdf", b"%PDF-1.7\n" + b"garbage" * 50), "PDF"),
    "encrypted pdf": (_encrypted_pdf, "加密"),
    "scanned pdf": (_scanned_pdf, "没有文字层"),
    "gbk txt": (lambda t: _write(t / "g.txt", "售后服务方案，质保期三年。".encode("gbk")), "GBK"),
    "binary txt": (lambda t: _write(t / "b.txt", b"abc\0def"), "二进制"),
    "empty": (lambda t: _write(t / "e.txt", b""), "空"),
    "unknown suffix": (lambda t: _write(t / "plan.doc", b"x"), ".doc"),
    "directory": (lambda t: _mkdir(t / "d.docx"), "不是普通文件"),
    "missing": (lambda t: t / "nothing.txt", "不存在"),
}


def _write(p: Path, data: bytes) -> Path:
    p.write_bytes(data)
    return p


def _mkdir(p: Path) -> Path:
    p.mkdir()
    return p


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_a_document_error_naming_the_file(tmp_path, case):
    make, words = BAD[case]
    path = make(tmp_path)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    message = str(info.value)
    assert str(path) in message
    assert words in message, message


def test_docx_parser_does_not_resolve_entities_even_without_the_guard(tmp_path, monkeypatch):
    """Defence in depth: python-docx's own parser keeps entities unresolved."""
    from docx.oxml.parser import oxml_parser

    assert oxml_parser.resolve_entities is False if hasattr(oxml_parser, "resolve_entities") else True
    from lxml import etree

    root = etree.fromstring(b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/hostname">]><d>&x;</d>', oxml_parser)
    assert (root.text or "") == ""


@pytest.mark.slow
def test_text_layer_pdf_lines(tmp_path):
    from weasyprint import HTML

    from generator.fonts import font_face_css

    html = f"<html><head><style>{font_face_css()} body {{font-family: 'Tender Sans'}}</style></head><body style='font-size:12pt'><h1>售后服务方案</h1><p>一、服务承诺</p><p>我公司承诺7×24小时受理报修。</p></body></html>"
    target = tmp_path / "p.pdf"
    HTML(string=html).write_pdf(target)
    doc = read_document(target)
    assert [b.text for b in doc.blocks] == ["售后服务方案", "一、服务承诺", "我公司承诺7×24小时受理报修。"]
    assert [b.line for b in doc.blocks] == [1, 2, 3]
    assert "producer" in doc.meta
