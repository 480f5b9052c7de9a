"""Tender compliance, as a bid writer meets it: the 偏离表 is derived from the
numbers, a ★ clause answered weaker than asked stops the build, every clause
gets an answer, and the bid's text never retypes its project differently.

Each story edits a private copy of the shipped example (`project` fixture)
with the YAML written inline, then runs `tender check` (or the library) and
looks at the finding's rule, file and line.
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from pathlib import Path

import pytest

from conftest import REPO, edit, line_of, run_cli
from generator.checker import check_project
from generator import compliance
from generator.compliance import DEVIATION_HEADER, SCORING_HEADER, deviation_rows, scoring_rows
from generator.durations import Duration, IncomparableDurations
from generator.metrics import METRICS, ThresholdError, compare, compare_durations, parse_threshold
from generator.project import load_project

LED = "commitments/bids/lj-expo-led.yaml"
HVAC = "commitments/bids/lw-hospital-hvac.yaml"
LED_POLICY = "commitments/policies/led.yaml"
HVAC_POLICY = "commitments/policies/hvac.yaml"

COMPLIANCE_RULES = ("requirement-answered", "deviation-star", "deviation-derived", "prose-number", "project-identity")


# -- helpers ---------------------------------------------------------------------------------


def deviation_csv(rb, company):
    return compliance.deviation_csv(compliance.deviation_rows(rb, company))


def scoring_csv(rb, company):
    return compliance.scoring_csv(compliance.scoring_rows(rb, company))


def findings(root: Path, rule: str | None = None) -> list:
    _, found = check_project(root)
    return [f for f in found if rule is None or f.rule == rule]


def resolved(root: Path, bid_id: str):
    project, errors = load_project(root)
    assert not errors, errors
    return project.bids[bid_id], project.company


def row(rows, clause: str):
    return next(r for r in rows if r.clause == clause)


# -- the shipped example ------------------------------------------------------------------------


def test_the_shipped_example_passes_a_strict_check():
    result = run_cli("check", "--strict", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "[]"


def test_the_example_deviation_table_is_derived_from_the_numbers():
    rb, company = resolved(REPO, "lw-hospital-hvac")
    rows = deviation_rows(rb, company)
    assert [r.clause for r in rows] == [r.clause for r in rb.bid.requirements]
    arrival = row(rows, "3.1.2")
    assert (arrival.deviation, arrival.promised, arrival.required, arrival.review) == ("正偏离", "1小时", "2小时", False)
    assert arrival.response == "一级故障（本市）到场时限 1小时"
    hotline = row(rows, "3.1.4")
    assert hotline.deviation == "无偏离"
    office = row(rows, "3.1.8")  # free text: our answer, for a person to confirm
    assert office.deviation is None and office.review and office.response.startswith("我公司杭州服务中心")


# -- ★ clauses ---------------------------------------------------------------------------------


def test_a_star_clause_weaker_than_asked_stops_the_build(project):
    # the tender asks for 2 h on site; the LED bid (省内) promises 4 h
    edit(project, LED, "      text: 接到一级故障通知后4小时内到达现场\n      metric: arrival\n      level: 一级\n      threshold: 4小时",
         "      text: 接到一级故障通知后2小时内到达现场\n      metric: arrival\n      level: 一级\n      threshold: 2小时")
    result = run_cli("check", "--project", str(project))
    assert result.returncode == 1
    line = line_of(project, LED, "clause: 5.2.2")
    star = [f for f in result.stdout.splitlines() if "[deviation-star]" in f]
    assert len(star) == 1, result.stdout
    assert star[0].startswith(f"{LED}:{line}:")
    assert "5.2.2" in star[0] and "负偏离" in star[0] and "2小时" in star[0] and "4小时" in star[0]
    assert "[prose-number]" not in result.stdout  # the tender's own words are not our prose


def test_weakening_the_policy_makes_a_star_clause_negative_and_says_where_the_promise_is(project):
    edit(project, LED_POLICY, "{region: 省内, response: 15分钟, arrival: 4小时, fix: 12小时, backup: 24小时}",
         "{region: 省内, response: 15分钟, arrival: 6小时, fix: 12小时, backup: 24小时}")
    [star] = findings(project, "deviation-star")
    assert (star.file, star.line) == (LED, line_of(project, LED, "clause: 5.2.2"))
    policy_line = line_of(project, LED_POLICY, "arrival: 6小时")
    assert f"{LED_POLICY}:{policy_line}" in star.message and "6小时" in star.message


def test_a_star_text_clause_marked_negative_stops_the_build(project):
    edit(project, HVAC, "      answer: 我公司杭州服务中心位于本市滨江区",
         "      deviation: 负偏离\n      answer: 我公司杭州服务中心位于本市滨江区")
    [star] = findings(project, "deviation-star")
    assert star.file == HVAC and star.line == line_of(project, HVAC, "deviation: 负偏离")
    assert "3.1.8" in star.message


def test_a_star_clause_that_cannot_be_decided_stops_the_build(project):
    # 二级 省内 fix is 48小时; "1个工作日" spans 1 to 13 days: it depends on the calendar
    edit(project, LED, "      mark: ▲\n      text: 一级故障12小时内修复\n      metric: fix\n      level: 一级\n      threshold: 12小时",
         "      mark: ★\n      text: 二级故障1个工作日内修复\n      metric: fix\n      level: 二级\n      threshold: 1个工作日")
    [star] = findings(project, "deviation-star")
    assert star.line == line_of(project, LED, "threshold: 1个工作日")
    assert "工作日" in star.message
    rb, company = resolved(project, "lj-expo-led")
    r = row(deviation_rows(rb, company), "5.2.3")
    assert r.deviation is None and r.review and r.problem


# -- the derived class ---------------------------------------------------------------------------


def test_a_stronger_promise_gets_a_positive_deviation(project):
    edit(project, LED, "  overrides:\n", "  overrides:\n    fault_levels:\n      - level: 一级\n        times:\n          - {region: 省内, arrival: 3小时}\n")
    assert findings(project) == []
    rb, company = resolved(project, "lj-expo-led")
    r = row(deviation_rows(rb, company), "5.2.2")
    assert (r.deviation, r.promised, r.review) == ("正偏离", "3小时", False)
    assert r.note == "优于招标要求（要求 4小时，承诺 3小时）"


def test_editing_a_policy_time_changes_the_class_and_the_scoring_tier(project):
    rb, company = resolved(project, "lj-expo-led")
    assert row(deviation_rows(rb, company), "5.2.3").deviation == "无偏离"
    fix = row(scoring_rows(rb, company), "评分细则 4.2")
    assert (fix.points, fix.tier, fix.next_tier, fix.next_points) == (3, "12小时内修复", "8小时内修复", 5)

    edit(project, LED_POLICY, "{region: 省内, response: 15分钟, arrival: 4小时, fix: 12小时, backup: 24小时}",
         "{region: 省内, response: 15分钟, arrival: 4小时, fix: 8小时, backup: 24小时}")
    assert findings(project) == []
    rb, company = resolved(project, "lj-expo-led")
    assert row(deviation_rows(rb, company), "5.2.3").deviation == "正偏离"
    fix = row(scoring_rows(rb, company), "评分细则 4.2")
    assert (fix.points, fix.max_points, fix.tier, fix.next_tier) == (5, 5, "8小时内修复", None)


def test_a_hand_written_deviation_that_disagrees_is_an_error(project):
    edit(project, LED, "      threshold: 4小时\n", "      threshold: 4小时\n      deviation: 正偏离\n")
    [wrong] = findings(project, "deviation-derived")
    assert (wrong.file, wrong.line) == (LED, line_of(project, LED, "deviation: 正偏离"))
    assert "“正偏离”" in wrong.message and "应为“无偏离”" in wrong.message


def test_a_hand_written_deviation_that_agrees_is_fine(project):
    edit(project, LED, "      threshold: 4小时\n", "      threshold: 4小时\n      deviation: 无偏离\n")
    assert findings(project) == []


def test_working_days_in_the_tender_are_compared_over_every_calendar(project):
    # 12 h is shorter than any 2 working days: 正偏离, not "cannot compare"
    edit(project, LED, "      text: 一级故障12小时内修复\n      metric: fix\n      level: 一级\n      threshold: 12小时",
         "      text: 一级故障2个工作日内修复\n      metric: fix\n      level: 一级\n      threshold: 2个工作日")
    assert findings(project) == []
    rb, company = resolved(project, "lj-expo-led")
    assert row(deviation_rows(rb, company), "5.2.3").deviation == "正偏离"


# -- every clause answered ------------------------------------------------------------------------


def test_an_unanswered_text_requirement_fails(project):
    edit(project, LED, "      answer: 按屏体面积的 3% 随货提供同批次备用模组，并在杭州服务中心另储备 120 块同批次模组。\n", "")
    result = run_cli("check", "--project", str(project))
    assert result.returncode == 1
    line = line_of(project, LED, "clause: 5.2.5")
    assert any(f.startswith(f"{LED}:{line}:") and "[requirement-answered]" in f and "5.2.5" in f and "answer" in f
               for f in result.stdout.splitlines()), result.stdout


@pytest.mark.parametrize(("old", "new", "at", "says"), [
    ("      metric: arrival\n      level: 一级\n      threshold: 4小时", "      metric: arival\n      level: 一级\n      threshold: 4小时",
     "metric: arival", "未知的指标“arival”"),
    ("      threshold: 4小时\n", "      threshold: 四个钟头\n", "threshold: 四个钟头", "门槛值“四个钟头”"),
    ("      level: 一级\n      threshold: 4小时", "      level: 四级\n      threshold: 4小时", "level: 四级", "故障等级“四级”不存在"),
])
def test_a_requirement_that_cannot_be_read_is_unanswered(project, old, new, at, says):
    edit(project, LED, old, new)
    [found] = findings(project, "requirement-answered")
    assert (found.file, found.line) == (LED, line_of(project, LED, at))
    assert says in found.message and "5.2.2" in found.message


def test_a_requirement_the_bid_makes_no_promise_for_is_unanswered(project):
    # 三级 faults have no backup equipment in the HVAC policy
    edit(project, HVAC, "      metric: inspection_interval\n      threshold: 3个月",
         "      metric: backup\n      level: 三级\n      threshold: 72小时")
    [found] = findings(project, "requirement-answered")
    assert found.line == line_of(project, HVAC, "clause: 3.1.7")
    assert "备用设备时限" in found.message and "三级" in found.message


def test_a_fault_level_may_be_named_by_its_name(project):
    edit(project, LED, "      level: 一级\n      threshold: 4小时", "      level: 紧急故障\n      threshold: 4小时")
    assert findings(project) == []


def test_a_scoring_item_with_an_unknown_level_or_section_is_an_error(project):
    edit(project, HVAC, "      title: 故障到场时间\n      metric: arrival\n      level: 一级",
         "      title: 故障到场时间\n      metric: arrival\n      level: 特级\n      evidence: fault")
    found = findings(project, "requirement-answered")
    assert {(f.line, "特级" in f.message, "fault" in f.message) for f in found} == {
        (line_of(project, HVAC, "level: 特级"), True, False),
        (line_of(project, HVAC, "evidence: fault"), False, True),
    }


def test_a_requirement_can_point_the_deviation_table_at_a_section(project):
    edit(project, HVAC, "      metric: text\n      answer: 我公司杭州", "      metric: text\n      evidence: organisation\n      answer: 我公司杭州")
    assert findings(project) == []
    rb, company = resolved(project, "lw-hospital-hvac")
    assert row(deviation_rows(rb, company), "3.1.8").section == "organisation"


# -- CSV for Excel ------------------------------------------------------------------------------------


def _read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so that Excel reads UTF-8"
    body = data[3:].decode("utf-8")
    assert "\r\n" in body and "\n" not in body.replace("\r\n", ""), "CR LF line ends only"
    return list(csv.reader(io.StringIO(body, newline="")))


def test_the_deviation_csv_opens_in_excel_with_the_right_rows(project):
    edit(project, HVAC, "      text: 接到报修后30分钟内响应", '      text: 接到报修后30分钟内响应，"电话"或远程')
    edit(project, HVAC, "      text: 投标人须在医院所在城市设有常驻服务机构", "      text: =投标人须在医院所在城市设有常驻服务机构")
    rb, company = resolved(project, "lw-hospital-hvac")
    rows = _read_csv(deviation_csv(rb, company))
    assert tuple(rows[0]) == DEVIATION_HEADER == ("序号", "招标条款", "标记", "招标要求", "投标响应", "偏离", "说明")
    assert len(rows) == 1 + len(rb.bid.requirements)
    assert rows[2] == ["2", "3.1.2", "★", "接到一级故障报修后2小时内到达现场", "一级故障（本市）到场时限 1小时", "正偏离",
                       "优于招标要求（要求 2小时，承诺 1小时）"]
    assert rows[3][3] == '接到报修后30分钟内响应，"电话"或远程'  # quoting survives a round trip
    assert rows[8][3].startswith("'=") and rows[8][5] == "待人工复核"  # no formula; free text for review


def test_the_scoring_csv_lists_points_and_the_chapter_with_the_evidence():
    rb, company = resolved(REPO, "lj-expo-led")
    rows = _read_csv(scoring_csv(rb, company))
    assert tuple(rows[0]) == SCORING_HEADER
    assert rows[1:] == [
        ["1", "评分细则 4.1", "质保期", "质保期 36个月，自安装调试完成之日起", "质保期36个月及以上", "6", "6", "质保期与三包", "已达最高档"],
        ["2", "评分细则 4.2", "一级故障修复时间", "一级故障（省内）修复时限 12小时", "12小时内修复", "3", "5", "故障分级与响应时限",
         "达到“8小时内修复”可得 5 分"],
    ]


def test_the_csv_is_the_same_bytes_every_time():
    rb, company = resolved(REPO, "lw-hospital-hvac")
    assert deviation_csv(rb, company) == deviation_csv(rb, company)


# -- the bid's identity in its text ---------------------------------------------------------------------


LETTER = "      - 我公司已认真阅读招标文件第2包的全部售后服务要求，完全理解并接受，对其中全部 ★ 条款均无负偏离。\n"


def add_paragraph(root: Path, text: str) -> int:
    edit(root, HVAC, LETTER, LETTER + f"      - {text}\n")
    return line_of(root, HVAC, text)


def test_a_bid_text_retyping_the_project_number_wrong_fails(project):
    line = add_paragraph(project, "本项目编号为 LWCG-2026-0481，我公司承诺按期履约。")
    result = run_cli("check", "--project", str(project))
    assert result.returncode == 1
    assert any(f.startswith(f"{HVAC}:{line}:") and "[project-identity]" in f and "LWCG-2026-0481" in f
               for f in result.stdout.splitlines()), result.stdout


@pytest.mark.parametrize(("text", "says"), [
    ("项目编号：2026-0418。", "2026-0418"),  # without its prefix
    ("包号：第3包。", "第3包"),
    ("参加澜湾区人民医院门诊楼中央空调系统采购安装项目投标。", "采购安装项目"),  # 及 lost
    ("另附澜江会展中心主展厅LED显示屏采购项目的业绩证明。", "另一个投标（lj-expo-led）"),
    ("业绩证明见 NBLJ-2026-1107 项目验收报告。", "另一个投标（lj-expo-led）"),
])
def test_a_retyped_or_foreign_project_identity_is_an_error(project, text, says):
    line = add_paragraph(project, text)
    found = [f for f in findings(project, "project-identity") if f.line == line]
    assert found and says in found[0].message, findings(project)


@pytest.mark.parametrize("text", [
    "我公司承诺对澜湾区人民医院门诊楼中央空调系统采购及安装项目提供全部服务。",
    "本项目编号 LWCG-2026-0418，服务热线 400-826-3519，联系电话 0571-85903312。",
    "设备随第1包装箱附说明书，执行 GB 50243-2016 验收规范，2026-12-08 签署。",
    "项目名称与招标文件一致，项目编号见封面。",
])
def test_the_right_identity_and_ordinary_figures_are_not_flagged(project, text):
    add_paragraph(project, text)
    assert findings(project) == []


def test_copy_residue_in_a_bid_is_caught(project):
    line = add_paragraph(project, "本项目由XXX负责协调，冠金照明有限公司提供配件，机顶盒除外。")
    rules = {f.rule for f in findings(project) if f.file == HVAC and f.line == line}
    assert {"placeholder", "foreign-name", "off-topic"} <= rules


# -- metrics -------------------------------------------------------------------------------------------


def D(text: str) -> Duration:
    return Duration.parse(text)


@pytest.mark.parametrize(("promised", "threshold", "expected"), [
    ("12小时", "2个工作日", -1),  # shorter than any 2 working days
    ("1日", "1个工作日", 0),  # never longer, not surely shorter
    ("14日", "1个工作日", 1),  # longer than any single working day
    ("2个工作日", "1日", 1),
    ("1个工作日", "30日", -1),
    ("3个月", "90日", 0),
])
def test_working_days_compare_with_clock_time_only_when_every_calendar_agrees(promised, threshold, expected):
    assert compare_durations(D(promised), D(threshold)) == expected


def test_working_days_that_depend_on_the_calendar_are_incomparable():
    with pytest.raises(IncomparableDurations):
        compare_durations(D("2日"), D("1个工作日"))


def test_direction_of_better():
    assert compare(METRICS["arrival"], D("1小时"), D("2小时")) == 1
    assert compare(METRICS["warranty_term"], D("36个月"), D("3年")) == 0
    assert compare(METRICS["training_trainees"], 40, 30) == 1


@pytest.mark.parametrize(("metric", "raw", "value"), [
    ("training_trainees", "30人次", 30), ("training_trainees", 30, 30), ("outlets", "5个", 5),
    ("satisfaction", "98%", Fraction(98)), ("hotline_hours", "7×24", "7×24"), ("arrival", "两小时", "2小时"),
])
def test_thresholds_read_as_their_metric(metric, raw, value):
    parsed = parse_threshold(METRICS[metric], raw)
    if isinstance(value, Fraction):
        assert parsed.value == value
    else:
        assert parsed == value or str(parsed) == value


@pytest.mark.parametrize(("metric", "raw"), [
    ("arrival", None), ("arrival", 4), ("arrival", "四个钟头"), ("training_trainees", "三十人"), ("training_trainees", 2.5),
    ("training_trainees", True), ("training_trainees", -3), ("satisfaction", "很高"), ("hotline_hours", "全天"),
])
def test_thresholds_that_do_not_fit_their_metric_are_refused(metric, raw):
    with pytest.raises(ThresholdError):
        parse_threshold(METRICS[metric], raw)


def test_every_rule_of_the_issue_is_registered():
    from generator.rules import load_all

    ids = {r.id for r in load_all()}
    assert set(COMPLIANCE_RULES) <= ids
    for r in load_all():
        if r.id in COMPLIANCE_RULES:
            assert r.doc.strip(), r.id
