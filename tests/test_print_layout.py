"""What a reader sees on the printed pages: no text printed over text (every
example PDF and a bid with long clause numbers, names and amounts), the
seal guide beside "（盖章）" and the signature line rather than over them,
titles that copy out without inserted spaces, no sentence twice in a row,
and heading numbers that never skip a level. The checks live in
tests/pdfcheck.py so that other renderers (LibreOffice) can use them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import built_pdf, copy_project
from pdfcheck import extracted_text, heading_skips, overlapping_text

pytestmark = [pytest.mark.slow]

LONG = {
    "clause: 5.2.1": "clause: 第三章 技术要求 2.1.1",
    "clause: 5.2.2": "clause: ★ 第三章 2.1",
    "name: 宁波市澜江会展服务中心": "name: 宁波市澜江国际会议展览中心运营管理服务中心（宁波市澜江会展服务中心）",
    "name: 浙江明衡工程咨询有限公司": "name: 浙江明衡工程咨询与招标代理服务股份有限公司宁波分公司",
    "value: 68000元": "value: 123456789012.34元",
    "clause: 评分细则 4.1": "clause: 评分细则第四部分第4.1.1款",
}


def _render(project: Path, out: Path) -> dict[str, Path]:
    from generator import pdf as pdfmod
    from generator.checker import check_project

    proj, _ = check_project(project)
    paths = {}
    for pid in sorted(proj.policies):
        paths[pid] = out / f"{pid}.pdf"
        paths[pid].write_bytes(pdfmod.render_policy_pdf(proj, pid))
    for bid in sorted(proj.bids):
        paths[bid] = out / f"{bid}.pdf"
        paths[bid].write_bytes(pdfmod.render_bid_pdf(proj, bid))
    return paths


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, built_example: Path) -> dict[str, Path]:
    """Every example PDF as `tender build` made it, and the expo bid with
    long texts ("long")."""
    from generator.project import load_project

    out = tmp_path_factory.mktemp("pdfs")
    example, _ = load_project(built_example)
    paths = {pid: built_pdf(built_example, "policy", pid) for pid in sorted(example.policies)}
    paths |= {bid: built_pdf(built_example, "bid", bid) for bid in sorted(example.bids)}
    long_project = copy_project(out / "long-project")
    for name in list((long_project / "commitments/bids").iterdir()):
        if name.name != "lj-expo-led.yaml":
            name.unlink()
    bid = long_project / "commitments/bids/lj-expo-led.yaml"
    text = bid.read_text(encoding="utf-8")
    for old, new in LONG.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    bid.write_text(text, encoding="utf-8")
    for pid in ("hvac", "his"):
        (long_project / f"commitments/policies/{pid}.yaml").unlink()
    long_dir = out / "long"
    long_dir.mkdir()
    paths["long"] = _render(long_project, long_dir)["lj-expo-led"]
    shutil.rmtree(long_project)
    return paths


def test_no_two_characters_overlap_on_any_page(pdfs):
    assert len(pdfs) >= 6
    for name, path in pdfs.items():
        assert overlapping_text(path) == [], name


def test_the_long_clause_number_wraps_inside_its_column(pdfs):
    text = re.sub(r"\s+", "", extracted_text(pdfs["long"]))
    assert "123,456,789,012.34" in text and "第三" in text
    assert "★★" not in text  # the mark written in the clause is not printed twice


def test_titles_copy_out_without_inserted_spaces(pdfs):
    for name in ("lj-expo-led", "lw-hospital-hvac"):
        text = extracted_text(pdfs[name])
        for title in ("售后服务承诺函", "售后服务偏离表", "售后服务方案"):
            assert title in text, (name, title)


def test_the_seal_guide_covers_neither_the_seal_words_nor_the_signature_line(pdfs):
    import pdfplumber

    for name in ("lj-expo-led", "lw-hospital-hvac", "long"):
        with pdfplumber.open(str(pdfs[name])) as doc:
            for page in doc.pages:
                words = [w for w in page.extract_words() if "盖章" in w["text"] or "签字" in w["text"]]
                circles = [c for c in page.curves if abs((c["x1"] - c["x0"]) - (c["bottom"] - c["top"])) < 2 and c["x1"] - c["x0"] > 80]
                lines = [ln for ln in page.lines + page.rects if ln["top"] > 300 and abs(ln["bottom"] - ln["top"]) < 2]
                for c in circles:
                    for box in words + [ln for ln in lines if any(abs(ln["top"] - w["bottom"]) < 15 for w in words)]:
                        apart = box["x1"] <= c["x0"] or box["x0"] >= c["x1"] or box["bottom"] <= c["top"] or box["top"] >= c["bottom"]
                        assert apart, (name, page.page_number, box.get("text", "line"))


def test_the_warranty_start_is_not_printed_twice_in_a_row(pdfs):
    text = re.sub(r"\s+", "", extracted_text(pdfs["hvac"]))
    assert not re.search(r"自验收合格之日起计算。.{0,4}自验收合格之日起计算", text)
    assert "分体空调另按三包规定办理退换货" in text  # the rest of the note is kept


def test_heading_numbers_never_skip_a_level(pdfs):
    for name, path in pdfs.items():
        assert heading_skips(path) == [], name
