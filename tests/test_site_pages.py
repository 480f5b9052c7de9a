"""The customer's site pages, rendered in-process from the example project
(no mkdocs, no PDFs): regions explained, outlets with map, 如何报修, phone
links, search synonyms."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO, edit


@pytest.fixture(scope="module")
def example():
    from generator.project import load_project

    project, _ = load_project(REPO)
    return project


@pytest.fixture(scope="module")
def pages(example) -> dict[str, str]:
    from generator import site

    return site.render_pages(example)


def test_tiers_say_where_they_are(example):
    from generator import regions

    areas = regions.areas(example.company)
    assert areas.label("本市").startswith("本市（杭州市")
    assert areas.region_of("浙江省", "杭州市") == "本市"
    assert areas.region_of("浙江省", "宁波市") == "省内"
    assert areas.region_of("上海市", "上海市") == "省外"
    assert areas.region_of("浙江省") == "省内"


def test_default_tiers_come_from_the_company_home(project: Path):
    from generator import regions
    from generator.project import load_project

    text = (project / "commitments/company.yaml").read_text(encoding="utf-8")
    start, end = text.index("  service_areas:"), text.index("  # 网站“如何报修”页")
    (project / "commitments/company.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    loaded, findings = load_project(project)
    assert not [f for f in findings if f.severity.name == "ERROR"], findings
    areas = regions.areas(loaded.company)
    assert areas.label("本市") == "本市（杭州市）"
    assert areas.label("省内") == "省内（浙江省内杭州市以外的地区）"
    assert areas.label("省外") == "省外（浙江省以外的地区）"


def test_every_page_that_shows_a_tier_explains_it(pages):
    for uri, text in pages.items():
        for tier in ("本市", "省内", "省外"):
            bare = re.findall(f"{tier}(?!（)", re.sub(r"<script.*?</script>|<option.*?</option>|data-region=\"..\"|tier-..", "", text, flags=re.S))
            explained = f"{tier}（" in text
            assert not bare or explained, f"{uri}: {tier} shown without saying where it is"


def test_picker_data_knows_home_cities_and_provinces(pages):
    data = json.loads(re.search(r'<script type="application/json" data-picker-data>(.*?)</script>', pages["index.md"], re.S).group(1))
    zhejiang = next(p for p in data["provinces"] if p["province"] == "浙江省")
    assert zhejiang["region"] == "省内" and {"city": "杭州市", "region": "本市"} in zhejiang["cities"]
    shanghai = next(p for p in data["provinces"] if p["province"] == "上海市")
    assert shanghai["region"] == "省外" and shanghai["cities"] == []
    assert len(data["policies"]) == 3 and data["policies"][0]["times"][0]["times"]["本市"]["arrival"]


def test_picker_sentences_come_from_the_sentence_builder(example, pages):
    """The picker shows sentences.region_times, the same clause as the 承诺函."""
    from generator import sentences

    data = json.loads(re.search(r'<script type="application/json" data-picker-data>(.*?)</script>', pages["index.md"], re.S).group(1))
    shown = {(p["title"], lv["level"], region): t["sentence"] for p in data["policies"] for lv in p["times"] for region, t in lv["times"].items()}
    assert shown
    for policy in example.policies.values():
        for lv in policy.fault_levels:
            for t in lv.times:
                assert shown[(policy.title, lv.level, t.region or "各区域")] == sentences.region_times(t) + "。"


def test_picker_data_cannot_close_its_script(project: Path):
    from generator import site
    from generator.project import load_project

    edit(project, "commitments/company.yaml", "description: 浙江省以外的地区", 'description: "</script><script>alert(1)</script>"')
    loaded, _ = load_project(project)
    home = site.render_pages(loaded)["index.md"]
    assert "</script><script>alert" not in home and "\\u003c/script\\u003e" in home


def test_outlets_page_groups_by_province_and_city_with_a_map(pages):
    page = pages["outlets.md"]
    assert page.index("浙江省") < page.index("上海市") < page.index("江苏省")
    for needle in ("营业时间：周一至周日 8:00—20:00", "服务产品线：暖通空调设备、LED 显示系统", "服务产品线：全部产品线",
                   'href="tel:057186691520"', "备件库：无"):
        assert needle in page, needle
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert svg.count('<g class="pt') == 5 and "宁波市" in svg and "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_map_skips_unknown_cities_unless_given_coordinates(project: Path):
    from generator import site
    from generator.project import load_project

    edit(project, "commitments/company.yaml", "      city: 南京市\n", "      city: 某某市\n")
    loaded, _ = load_project(project)
    assert site.outlet_map(loaded.company)["missing"] == ["南京服务站"]
    edit(project, "commitments/company.yaml", "      city: 某某市\n", "      city: 某某市\n      lon: 118.8\n      lat: 32.1\n")
    loaded, _ = load_project(project)
    assert site.outlet_map(loaded.company)["missing"] == []


def test_repair_page_from_the_data(pages):
    page = pages["repair.md"]
    for needle in ('href="tel:4008263519"', "微信公众号", "设备序列号或合同编号", "响应", "到场", "修复", "备用设备", "投诉与升级", "客服主管"):
        assert needle in page, needle


def test_every_phone_number_is_a_tel_link(pages):
    phone = re.compile(r"(?<![\d-])(?:400-\d{3}-\d{4}|0\d{2,3}-\d{7,8}|1[3-9]\d{9})(?![\d-])")
    for uri, text in pages.items():
        bare = re.sub(r'<a class="tender-tel" href="tel:\d+">[^<]+</a>', "", text)
        assert not phone.search(bare), f"{uri}: phone number without tel: link: {phone.search(bare)}"


def test_synonyms_reach_the_search_index():
    from generator import site

    index = json.dumps({"config": {"fields": {}}, "docs": [
        {"location": "a/#w", "title": "质保", "text": "质保\u200b期 质保"}, {"location": "b/", "title": "培训", "text": "课程"}]})
    out = json.loads(site.search_index(index, [("质保", ["保修"])]))
    assert out["config"]["fields"]["synonyms"] == {"boost": 1}
    assert out["docs"][0]["synonyms"].split() == ["保修"] * 3
    assert "synonyms" not in out["docs"][1]


def test_search_snippets_break_no_line_before_a_closing_mark():
    """The theme joins words with zero-width spaces, punctuation included;
    a phone then showed a snippet line starting with 。. Without synonyms too."""
    from generator import site

    index = json.dumps({"config": {}, "docs": [{"location": "a/", "title": "质保\u200b（\u200b三包\u200b）",
                                                "text": "可\u200b选择\u200b换货\u200b。\u200b以下\u200b为\u200b“\u200b承诺\u200b”"}]})
    doc = json.loads(site.search_index(index, []))["docs"][0]
    assert doc["title"] == "质保\u200b（三包）"  # a line may still break before an opening mark
    assert doc["text"] == "可\u200b选择\u200b换货。\u200b以下\u200b为\u200b“承诺”"


def test_unknown_synonym_key_is_refused(project: Path):
    from generator.project import load_project

    edit(project, "commitments/company.yaml", "    - word: 质保\n", "    - word: 质保\n      synonym: [保修]\n")
    _, findings = load_project(project)
    assert any(f.severity.name == "ERROR" and "company.yaml" in f.text() for f in findings)


def test_tables_are_also_sentences_for_search_and_phones():
    from generator import site

    html = ('<p>x</p><table>\n<thead><tr><th>故障等级</th><th>区域</th><th class="num">响应</th><th class="num">到场</th></tr></thead>\n<tbody>\n'
            '<tr data-region="本市"><td class="level" rowspan="2">一级<br>紧急故障</td><td>本市（杭州市）</td><td class="num">15分钟</td><td class="num">2小时</td></tr>\n'
            '<tr><td>省外</td><td class="num">15分钟</td><td class="num">—</td></tr>\n</tbody>\n</table>')
    out = site.tables_as_sentences(html)
    assert '<div class="tender-table tender-table--wide" data-search-exclude><table>' in out
    items = re.findall(r"<li>(.*?)</li>", out)
    assert items == ["<strong>一级 紧急故障，本市（杭州市）</strong><span class=\"sep\">：</span>响应15分钟；到场2小时。", "<strong>一级 紧急故障，省外</strong><span class=\"sep\">：</span>响应15分钟。"]
    narrow = site.tables_as_sentences("<table><tbody><tr><td>公司</td><td>某公司</td></tr></tbody></table>")
    assert "tender-table--narrow" in narrow and "<li><strong>公司</strong><span class=\"sep\">：</span>某公司。</li>" in narrow
    pair = site.tables_as_sentences("<table><thead><tr><th>三包</th><th>承诺</th></tr></thead><tbody><tr><td>包退</td><td>7日内可退货</td></tr></tbody></table>")
    assert "<li><strong>包退</strong><span class=\"sep\">：</span>7日内可退货。</li>" in pair


def test_policy_page_sentences_read_as_sentences(pages):
    from generator import site

    html = site.tables_as_sentences(pages["policies/led.md"])
    items = re.findall(r"<li>(.*?)</li>", html)
    plain = [re.sub(r"<[^>]+>", "", i) for i in items]
    assert "一级 紧急故障，本市（杭州市）：响应15分钟；到场2小时；修复6小时；备用设备12小时。" in plain
    assert any(i.startswith("<strong>压缩机") or i.startswith("<strong>LED 模组</strong><span class=\"sep\">：</span>类别：部件") for i in items)
