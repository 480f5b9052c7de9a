"""The printed 售后服务方案: what an evaluator sees must be right.

Renders the shipped example (a bid and a policy) and reads the PDFs back with
pypdf: values come from the data, page numbers in the table of contents and
the scoring index are the real ones, the footer counts body pages only,
fonts are embedded subsets with no missing glyphs, the bytes are
reproducible, metadata names no person, and nothing outside the project can
be pulled into a bid.
"""

from __future__ import annotations

import getpass
import io
import os
import re
import struct
import zlib
from pathlib import Path

import pypdf
import pytest

from conftest import REPO, built_pdf, run_cli, run_cli_in_process
from generator import document
from generator.checker import check_project
from generator.fonts import covered_characters
from generator.pdf import AssetRefused, UncoveredCharacters, confined_path, render_bid_pdf, render_job, render_policy_pdf
from generator.project import load_project

BID = "lw-hospital-hvac"
POLICY = "hvac"


def tiny_png() -> bytes:
    """A valid 1×1 red PNG, made here so the test needs no image library."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


PNG_1PX = tiny_png()

pytestmark = pytest.mark.slow


# -- helpers ----------------------------------------------------------------------


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def toc_entries(pages: list[str]) -> list[tuple[str, int]]:
    """(title, page) for each line of the table of contents (body page 1)."""
    out = []
    for line in lines(pages[1]):
        m = re.fullmatch(r"(.+?)\s*\.{3,}\s*(\d+)", line)
        if m:
            out.append((m[1].strip(), int(m[2])))
    return out


def heading_page(pages: list[str], title: str) -> int:
    """Body page number (the cover is PDF page 0) where `title` stands as a line of its own."""
    for index, text in enumerate(pages[2:], start=2):
        if title in lines(text):
            return index
    raise AssertionError(f"heading {title!r} not found on any page")


def load(root: Path):
    project, _ = load_project(root)
    return project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def example(built_example: Path) -> dict:
    """The example bid and policy as the session's build printed them (the
    same bytes as render_bid_pdf / render_policy_pdf give for its data), for
    the read-only tests."""
    project = load(built_example)
    bid = built_pdf(built_example, "bid", BID).read_bytes()
    policy = built_pdf(built_example, "policy", POLICY).read_bytes()
    return {"project": project, "bid": bid, "policy": policy, "bid_pages": pages_text(bid), "policy_pages": pages_text(policy)}


# -- content comes from the data ------------------------------------------------------


def test_values_from_the_yaml_are_printed_and_follow_an_edit(project: Path, example: dict):
    before = example["bid_pages"]
    letter = next(t for t in before if "售后服务承诺函" in lines(t))
    assert "400-826-3519" in letter and "1小时内到达现场" in letter
    edit(project / "commitments/company.yaml", "hotline: 400-826-3519", "hotline: 400-826-3577")
    edit(project / "commitments/bids/lw-hospital-hvac.yaml", "arrival: 1小时, fix: 6小时", "arrival: 50分钟, fix: 6小时")
    after = pages_text(render_bid_pdf(load(project), BID))
    letter = next(t for t in after if "售后服务承诺函" in lines(t))
    assert "400-826-3577" in letter and "400-826-3519" not in letter
    assert "50分钟内到达现场" in letter
    assert re.search(r"本市\s*15分钟\s*50分钟\s*6小时\s*24小时", "\n".join(after))  # the fault matrix row


def test_derived_figures_are_printed(example):
    text = "\n".join(example["bid_pages"])
    ctx = document.bid_context(example["project"], BID)
    totals = ctx["training"]["totals"]
    assert totals["person_times"] == 40  # 12×2 + 8×2 with the bid's override
    assert re.search(rf"合计\s+{totals['sessions']}\s+{totals['person_times']}\s+{totals['length']}", text)
    assert "质保期5年内共20次" in text  # every 3个月 over 5年
    assert "¥128,000.00（大写：人民币壹拾贰万捌仟元整）" in text.replace("\n", "")


def test_a_policy_has_no_bid_sections(example):
    text = "\n".join(example["policy_pages"])
    for title in ("售后服务承诺函", "售后服务偏离表", "评分索引"):
        assert title not in text
    assert "澜湾区人民医院" not in text  # nothing from a bid reaches a public policy
    assert "中央空调及机电设备售后服务政策" in text and "2026版" in text


# -- pages and numbering ------------------------------------------------------------------


@pytest.mark.parametrize("which", ["bid", "policy"])
def test_every_toc_entry_points_at_the_page_of_its_heading(example, which):
    pages = example[f"{which}_pages"]
    entries = toc_entries(pages)
    ctx = document.bid_context(example["project"], BID) if which == "bid" else document.policy_context(example["project"], POLICY)
    assert len(entries) == len(ctx["sections"])
    for title, page in entries:
        assert heading_page(pages, title) == page, title


def test_headings_are_numbered_in_chinese_beyond_ten(example):
    titles = [title for title, _ in toc_entries(example["bid_pages"])]
    assert titles[:3] == ["售后服务承诺函", "售后服务偏离表", "评分索引"]
    assert titles[3] == "一、服务承诺总述"
    assert "十、服务指标与违约责任" in titles and "十三、附件" in titles
    assert "（一）质保期" in lines("\n".join(example["bid_pages"]))


@pytest.mark.parametrize("which", ["bid", "policy"])
def test_footer_counts_body_pages_and_the_cover_has_no_header_or_footer(example, which):
    pages = example[f"{which}_pages"]
    body = len(pages) - 1
    assert not re.search(r"第\s*\d+\s*页", pages[0]) and "澄衡科技" not in pages[0]
    for number, text in enumerate(pages[1:], start=1):
        assert f"第 {number} 页 共 {body} 页" in text
        assert "澄衡科技" in text


def test_scoring_index_pages_are_the_pages_of_the_evidence(example):
    pages = example["bid_pages"]
    rows = document.bid_context(example["project"], BID)["scoring"]["rows"]
    index_page = pages[heading_page(pages, "评分索引")]
    printed = [int(n) for n in re.findall(r"（第 (\d+) 页）", index_page)]
    numbered = {title.split("、", 1)[-1]: page for title, page in toc_entries(pages)}
    assert printed == [numbered[row["section"]] for row in rows]
    assert all(heading_page(pages, next(t for t, _ in toc_entries(pages) if t.endswith(row["section"]))) == n for row, n in zip(rows, printed))


def test_signature_block_stays_with_the_letter_on_one_page(example):
    pages = example["bid_pages"]
    letter = pages[heading_page(pages, "售后服务承诺函")]
    for line in ("投标人：杭州澄衡智联科技有限公司（盖章）", "法定代表人或授权代表（签字）", "日期：2026年12月8日", "致：杭州市澜湾区人民医院"):
        assert line in letter


def test_a_table_over_several_pages_repeats_its_header_and_never_splits_a_row(project: Path):
    company = project / "commitments/company.yaml"
    extra = "".join(
        f"    - {{name: 测试网点{i:02d}, region: 省外, province: 江苏省, city: 南京市, address: 南京市江宁区双龙大道{i}号第{i}幢, phone: 025-5210{i:04d}, staff: 3}}\n"
        for i in range(60)
    )
    edit(company, "      spare_parts: false\n", "      spare_parts: false\n" + extra)
    pages = pages_text(render_policy_pdf(load(project), POLICY))
    holding = [i for i, text in enumerate(pages) if "测试网点" in text]
    assert len(holding) >= 2, "the outlet table should span pages in this test"
    for i in holding:
        assert "网点名称" in pages[i]
    for n in range(60):
        where = {i for i in holding if f"测试网点{n:02d}" in pages[i]}
        assert len(where) == 1 and f"025-5210{n:04d}" in pages[where.pop()]


# -- fonts ------------------------------------------------------------------------------------


def font_descriptors(data: bytes):
    reader = pypdf.PdfReader(io.BytesIO(data))
    seen = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descendant = descendant.get_object()
                seen[descendant["/BaseFont"]] = descendant["/FontDescriptor"].get_object()
    return seen


@pytest.mark.parametrize("which", ["bid", "policy"])
def test_every_font_is_an_embedded_subset_of_the_shipped_fonts(example, which):
    fonts = font_descriptors(example[which])
    assert fonts
    for name, descriptor in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+Tender-(Serif|Sans)(-Bold)?", name), name
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name


@pytest.mark.parametrize("which", ["bid", "policy"])
def test_every_printed_character_has_a_glyph(example, which):
    covered = covered_characters()
    text = "".join(example[f"{which}_pages"])
    missing = {ch for ch in text if not ch.isspace() and ch not in covered}
    assert not missing
    assert "\ufffd" not in text


def test_a_character_the_fonts_lack_is_reported_not_printed_as_a_box(project: Path):
    edit(project / "commitments/bids/lw-hospital-hvac.yaml", "均无负偏离。", "均无负偏离（𠮷）。")
    with pytest.raises(UncoveredCharacters) as info:
        render_bid_pdf(load(project), BID)
    assert "𠮷" in str(info.value) and "U+20BB7" in str(info.value)


# -- metadata and reproducibility ----------------------------------------------------------------


def test_same_input_gives_the_same_bytes(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    first = render_job(str(REPO), "bid", BID)
    second = render_job(str(REPO), "bid", BID)
    assert first == second
    info = pypdf.PdfReader(io.BytesIO(first)).metadata
    assert info["/CreationDate"].startswith("D:20260528")


def test_dates_come_from_the_data_without_source_date_epoch(example, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert pypdf.PdfReader(io.BytesIO(example["bid"])).metadata["/CreationDate"].startswith("D:20261208000000+08'00")
    assert pypdf.PdfReader(io.BytesIO(example["policy"])).metadata["/CreationDate"].startswith("D:20260101")


def machine_names() -> set[str]:
    names = {"root", getpass.getuser()}
    try:
        names.add(os.getlogin())
    except OSError:
        pass
    return {n for n in names if n}


@pytest.mark.parametrize("which", ["bid", "policy"])
def test_metadata_names_the_company_and_no_person(example, which):
    reader = pypdf.PdfReader(io.BytesIO(example[which]))
    info = {k: str(v) for k, v in reader.metadata.items()}
    company = example["project"].company
    assert info["/Author"] == company.name
    assert "WeasyPrint" not in info.get("/Producer", "") and "/Creator" not in info
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    blob = " ".join(info.values())
    for name in machine_names() | {company.signatory.name, company.legal_representative}:
        assert name not in blob, name
    assert "售后服务" in info["/Title"] and info.get("/Subject")


# -- nothing from outside the project ---------------------------------------------------------------


def set_seal(project: Path, value: str) -> None:
    edit(project / "commitments/company.yaml", "seal_image: null", f"seal_image: {value}")


@pytest.mark.parametrize("value", ["/etc/passwd", "../outside.png", "file:///etc/passwd", "http://example.com/seal.png", "https://example.com/seal.png", "assets/link.png"])
def test_the_fetcher_refuses_files_outside_the_project_and_the_network(project: Path, value: str):
    (project.parent / "outside.png").write_bytes(PNG_1PX)
    (project / "assets").mkdir()
    (project / "assets/link.png").symlink_to(project.parent / "outside.png")
    set_seal(project, f'"{value}"')
    with pytest.raises(AssetRefused):
        render_bid_pdf(load(project), BID)
    findings = check_project(project).findings
    assert any(f.rule == "asset-path" and f.file == "commitments/company.yaml" for f in findings)


def test_a_seal_inside_the_project_is_printed(project: Path):
    (project / "assets").mkdir()
    (project / "assets/seal.png").write_bytes(PNG_1PX)
    set_seal(project, "assets/seal.png")
    assert not [f for f in check_project(project).findings if f.rule == "asset-path"]
    reader = pypdf.PdfReader(io.BytesIO(render_bid_pdf(load(project), BID)))
    images = [p for p in reader.pages if p["/Resources"].get("/XObject")]
    assert images, "the seal image should be drawn"


def test_a_file_that_is_not_an_image_is_refused_by_the_rule(project: Path):
    (project / "assets").mkdir()
    (project / "assets/seal.png").write_text("not an image", encoding="utf-8")
    set_seal(project, "assets/seal.png")
    messages = [f.message for f in check_project(project).findings if f.rule == "asset-path"]
    assert messages and "PNG" in messages[0]


def test_confined_path_resolves_dot_dot_and_symlinks(tmp_path: Path):
    root = tmp_path / "proj"
    root.mkdir()
    (root / "a.png").write_bytes(PNG_1PX)
    (tmp_path / "secret.png").write_bytes(PNG_1PX)
    (root / "link.png").symlink_to(tmp_path / "secret.png")
    roots = (str(root),)
    assert confined_path((root / "a.png").as_uri(), roots) == root / "a.png"
    assert confined_path("data:image/png;base64,AAAA", roots) is None
    for url in ((root / "link.png").as_uri(), root.as_uri() + "/../secret.png", root.as_uri() + "/%2e%2e/secret.png", "file:///etc/passwd", "http://127.0.0.1/", "ftp://x/y"):
        with pytest.raises(AssetRefused):
            confined_path(url, roots)


# -- the command ------------------------------------------------------------------------------------------


def test_tender_pdf_writes_the_document(project: Path, tmp_path: Path, monkeypatch, capsys):
    result = run_cli_in_process(project, monkeypatch, capsys, "pdf", BID)
    assert result.returncode == 0, result.stderr
    data = (project / f"{BID}.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    out = tmp_path / "out" / "policy.pdf"
    out.parent.mkdir()
    assert run_cli_in_process(tmp_path, monkeypatch, capsys, "pdf", POLICY, "-o", str(out), "--project", str(project)).returncode == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in out.parent.iterdir()] == ["policy.pdf"]  # no temporary file left


def test_tender_pdf_refuses_data_with_errors_and_writes_nothing(project: Path, monkeypatch, capsys):
    set_seal(project, "/etc/passwd")
    result = run_cli_in_process(project, monkeypatch, capsys, "pdf", BID)
    assert result.returncode == 1
    assert "asset-path" in result.stdout
    assert not (project / f"{BID}.pdf").exists()


def test_tender_pdf_names_an_unknown_id(project: Path, monkeypatch, capsys):
    result = run_cli_in_process(project, monkeypatch, capsys, "pdf", "no-such-bid")
    assert result.returncode == 2
    assert "no-such-bid" in result.stderr


def test_attachments_are_shown_or_embedded(project: Path):
    (project / "assets").mkdir()
    (project / "assets/营业 执照#1.png").write_bytes(PNG_1PX)
    (project / "assets/cert.pdf").write_bytes(render_policy_pdf(load(project), "his"))
    edit(project / "commitments/company.yaml", "    - title: 营业执照副本\n", "    - title: 营业执照副本\n      file: \"assets/营业 执照#1.png\"\n")
    edit(project / "commitments/company.yaml", "    - title: 售后服务认证证书\n", "    - title: 售后服务认证证书\n      file: assets/cert.pdf\n")
    assert not [f for f in check_project(project).findings if f.rule == "asset-path"]
    reader = pypdf.PdfReader(io.BytesIO(render_bid_pdf(load(project), BID)))
    assert list(reader.attachments) == ["cert.pdf"]
    last = reader.pages[-1]
    assert "附件1" in last.extract_text() and last["/Resources"].get("/XObject")


def test_templates_hold_no_figures():
    """Every number on the page comes from the data: the print templates'
    text (outside tags and Jinja expressions) contains no digit."""
    for path in sorted((REPO / "templates/print").rglob("*.html")):
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<[^>]*>", "", text)
        figure = re.search(r".{0,20}\d.{0,20}", text)
        assert figure is None, f"{path.name}: {figure.group(0)!r}"


def test_a_machine_without_any_system_font_renders_the_same_bytes(tmp_path, built_example: Path):
    """The fonts ship with the package: with fontconfig seeing no font at all
    the PDF is byte-identical to the one the session's build rendered here
    (same data, same environment), and no warning about "ugly output"
    scares the user."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path}/cache</cachedir></fontconfig>', encoding="utf-8")
    bare = run_cli("pdf", BID, "-o", str(tmp_path / "bare.pdf"), cwd=built_example, env={"FONTCONFIG_FILE": str(conf)})
    assert bare.returncode == 0, bare.stderr
    assert "ugly" not in bare.stderr and "Warning" not in bare.stderr
    assert (tmp_path / "bare.pdf").read_bytes() == built_pdf(built_example, "bid", BID).read_bytes()
