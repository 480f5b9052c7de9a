"""暗标: an anonymous bid's plan gives nothing of the bidder away, and the
`anonymity` rule finds what would.

The identity strings below are read from company.yaml by the test itself
(not from generator.identity), so the test does not trust the code it tests
to know what identity is.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import edit, line_of

from generator.checker import check_project

HVAC = "commitments/bids/lw-hospital-hvac.yaml"
LED = "commitments/bids/lj-expo-led.yaml"

#: what a bid writer changes to make the example bids anonymous: the plan's
#: own words that name outlets or the hotline (the rule found each of them)
HVAC_OVERRIDES = """  overrides:
    spare_parts:
      description: 项目所在地服务网点设中心备件库，省内及其他地区服务网点设前置备件库；常用备件按项目装机量的 5% 储备。
    complaints:
      channels: [7×24小时服务热线, 服务邮箱, 企业微信服务群]
"""
LED_OVERRIDES = """  overrides:
    spare_parts:
      description: 按屏体面积的 3% 随货提供备用模组，另在省内服务网点储备同批次模组和电源，保证色差一致。
    complaints:
      channels: [7×24小时服务热线, 服务邮箱]
    emergency:
      - name: 重大活动期间黑屏
        measures:
          - 驻场工程师 10分钟内切换备用视频处理器或备用信号链路
          - 省内服务网点同步派出第二组工程师携带备件
"""
FORMAT = """  anonymous: true
  anonymous_format:
    body_font: 宋体
    body_size: 小四
    heading_font: 黑体
    heading_size: 三号
    line_spacing: 1.5
    page_numbers: true
    cover_text: 技术标（暗标）
"""


def make_anonymous(project: Path) -> Path:
    """Both example bids as 暗标, with their identity-bearing words rewritten."""
    edit(project, HVAC, "  overrides:\n", HVAC_OVERRIDES)
    edit(project, HVAC, "我公司杭州服务中心位于本市滨江区，", "我方在项目所在地设有服务网点，")
    edit(project, LED, "  overrides:\n", LED_OVERRIDES)
    edit(project, LED, "并在杭州服务中心另储备", "并在省内服务网点另储备")
    for rel, fmt in ((HVAC, FORMAT), (LED, FORMAT.replace("page_numbers: true", "page_numbers: false")
                                                   + "    margins: {top: 25, bottom: 20, left: 30, right: 20}\n")):
        path = project / rel
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + fmt, encoding="utf-8")
    return project


def identity_strings(project: Path) -> list[str]:
    """Every identifying string of the example company, straight from its YAML."""
    c = yaml.safe_load((project / "commitments/company.yaml").read_text(encoding="utf-8"))["company"]
    out = [c["name"], c["short_name"], c["short_name"][:2], c["legal_representative"], c["credit_code"],
           c["email"], c["website"], c["email"].split("@")[1], c["signatory"]["name"], c["address"]]
    phones = [c["hotline"], c["signatory"]["phone"]]
    for o in c["outlets"]:
        out += [o["name"], o["address"]]
        phones.append(o["phone"])
        out += re.findall(r"[^省市区\d]{2,6}(?:路|大道)\d+号", o["address"])
    out += [q["number"] for q in c["qualifications"] if q.get("number")]
    out += [re.sub(r"\D", "", p) for p in phones]  # digits alone: the text layer may space them
    return out


def flat(text: str) -> str:
    return re.sub(r"[\s\-－—]", "", text)


# -- the rule ------------------------------------------------------------------------


def test_the_example_bids_made_anonymous_pass_the_check(project: Path):
    make_anonymous(project)
    _, findings = check_project(project)
    assert [f for f in findings if f.rule == "anonymity"] == []
    assert not [f for f in findings if f.severity.value == "error"]


def test_the_plan_own_words_naming_an_outlet_are_found_at_their_line(project: Path):
    edit(project, HVAC, "  validity: 90日\n", "  validity: 90日\n  anonymous: true\n")
    _, findings = check_project(project)
    hits = [f for f in findings if f.rule == "anonymity"]
    line = line_of(project, HVAC, "我公司杭州服务中心")
    assert any(f.file == HVAC and f.line == line and "杭州服务中心" in f.message for f in hits), hits
    # the policy's own text the bid inherits is found in the policy file
    assert any(f.file == "commitments/policies/hvac.yaml" and "400-826-3519" in f.message for f in hits)
    assert not any(f.file.endswith("company.yaml") for f in hits), "the templates printed identity themselves"


def test_a_planted_hotline_in_an_override_and_a_staff_name_in_a_training_session(project: Path, cli):
    make_anonymous(project)
    edit(project, HVAC, "    complaints:\n      channels: [7×24小时服务热线, 服务邮箱, 企业微信服务群]\n",
         "    complaints:\n      channels: [服务热线 4008263519, 服务邮箱, 企业微信服务群]\n")
    edit(project, HVAC, "        - title: 中央空调系统运行管理\n          trainees: 12\n",
         "        - title: 中央空调系统运行管理\n          trainees: 12\n          content: [由售后服务总监顾清和主讲系统运行管理]\n")
    result = cli("check", "--format", "json", cwd=project)
    assert result.returncode == 1, result.stderr
    import json

    found = [f for f in json.loads(result.stdout) if f["rule"] == "anonymity"]
    hotline = line_of(project, HVAC, "4008263519")
    staff = line_of(project, HVAC, "顾清和")
    assert {(f["file"], f["line"]) for f in found} == {(HVAC, hotline), (HVAC, staff)}, found
    by_line = {f["line"]: f["message"] for f in found}
    assert "服务热线“400-826-3519”" in by_line[hotline] and "投诉处理与升级" in by_line[hotline]
    assert "签字人“顾清和”" in by_line[staff] and "培训方案" in by_line[staff]


def test_a_bid_that_is_not_anonymous_is_not_checked_for_identity(project: Path):
    _, findings = check_project(project)
    assert not [f for f in findings if f.rule == "anonymity"]


def test_an_unknown_font_size_is_a_schema_error_in_chinese(project: Path):
    make_anonymous(project)
    edit(project, HVAC, "    body_size: 小四\n", "    body_size: 大号\n")
    _, findings = check_project(project)
    bad = [f for f in findings if f.file == HVAC and f.line == line_of(project, HVAC, "body_size: 大号")]
    assert bad and bad[0].rule == "schema" and "小四" in bad[0].message


def test_the_anonymous_html_names_no_one():
    """The render context itself is clean: the word engineer's .docx and the
    PDF are made from this HTML."""
    import tempfile

    from conftest import copy_project

    from generator import document
    from generator.pdf import render_html, visible_text
    from generator.project import load_project

    with tempfile.TemporaryDirectory() as tmp:
        root = make_anonymous(copy_project(Path(tmp) / "p"))
        project, _ = load_project(root)
        for bid_id in ("lw-hospital-hvac", "lj-expo-led"):
            ctx = document.bid_context(project, bid_id)
            assert ctx["anonymous"] is True
            cover, body = render_html(root, ctx)
            text = flat(visible_text(cover) + visible_text(body) + cover + body)
            leaked = [s for s in identity_strings(root) if flat(s) in text]
            assert leaked == [], (bid_id, leaked)
            assert "<img" not in cover + body
            assert "在项目所在地设有常驻服务网点" in visible_text(body)
        cover, body = render_html(root, document.bid_context(project, "lj-expo-led"))
        assert "margin: 25mm 20mm 20mm 30mm" in body and "font: 12pt/1.5 Tender Serif" in body
        style = body[body.index("<style>"):body.index("</style>")]
        assert "counter(page)" not in style and "content: none;" in style  # page_numbers: false


# -- the built files ---------------------------------------------------------------------


@pytest.mark.slow
def test_built_anonymous_bids_hold_no_identity_in_text_or_metadata(built_project: Path, cli):
    """From the built example (its policies' PDFs stay cached): only the
    two bids, now 暗标, and their 承诺函 are rendered, in this process."""
    import pypdf

    project = make_anonymous(built_project)
    result = cli("build", "--jobs", "1", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "新生成 4 份、取自缓存 3 份" in result.stderr.replace("\n", ""), result.stderr
    identity = identity_strings(project)
    for bid_id in ("lw-hospital-hvac", "lj-expo-led"):
        folder = project / "build" / "bids" / bid_id
        reader = pypdf.PdfReader(folder / "售后服务方案.pdf")
        text = "\n".join(page.extract_text() for page in reader.pages)
        meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
        assert len(text) > 3000, "the text layer is there"
        leaked = [s for s in identity if flat(s) in flat(text) or any(flat(s) in flat(v) for v in meta.values())]
        assert leaked == [], (bid_id, leaked)
        assert set(meta) <= {"/Title", "/CreationDate", "/ModDate"}, meta  # no author, creator, producer
        assert meta["/Title"] == "售后服务方案"
        assert reader.xmp_metadata is None
        # only the format's faces, and no header line above the text
        fonts = {str(f["/BaseFont"]).split("+")[-1] for p in reader.pages for f in (p["/Resources"].get("/Font") or {}).values()
                 for f in [f.get_object()]}
        assert fonts <= {"Tender-Serif", "Tender-Sans-Bold"}, fonts
        if bid_id == "lw-hospital-hvac":
            assert "第2页共" in flat(text), "page numbers where the format allows them"
        else:
            assert "页共" not in flat(text), "no page numbers where the format forbids them"
            box = reader.pages[1].mediabox
            assert abs(float(box.width) - 595.3) < 1  # A4, margins from the format (checked in the HTML test)
        assert not any(p.images for p in reader.pages)
        # the 商务标 file beside it carries the letter, signed by the company
        letter = pypdf.PdfReader(folder / "售后服务承诺函.pdf")
        letter_text = flat("\n".join(page.extract_text() for page in letter.pages))
        assert "售后服务承诺函" in letter_text and "杭州澄衡智联科技有限公司" in letter_text and "4008263519" in letter_text


@pytest.mark.slow
def test_a_leak_only_the_pdf_shows_stops_the_build(project: Path, monkeypatch):
    """The build's own look at the PDF: if a template printed the hotline
    (which the check cannot blame on any data), nothing is written."""
    from generator import build
    from generator.identity import pdf_leaks
    from generator.pdf import render_bid_pdf
    from generator.project import load_project

    make_anonymous(project)
    tpl = project / "templates/print/sections/visits.html"
    tpl.write_text(tpl.read_text(encoding="utf-8") + "<p>热线 400-826-3519</p>\n", encoding="utf-8")
    proj, _ = load_project(project)
    data = render_bid_pdf(proj, "lw-hospital-hvac")
    found = pdf_leaks(data, proj.company)
    assert any("服务热线“400-826-3519”" in m and "页" in m for m in found), found
    with pytest.raises(build.BuildError, match="暗标 lw-hospital-hvac"):
        build.check_anonymous(proj, {"lw-hospital-hvac": data})
