"""A requirement's own words agree with its threshold (`requirement-text`),
a clause's warranty start event counts in the 偏离, and a 天 in a threshold
gets the usual warning."""

from __future__ import annotations

from conftest import edit, line_of
from generator.checker import check_project
from generator.compliance import deviation_rows
from test_rules import ERROR, EXPO_BID, WARNING, check, fires, silent


def test_clause_saying_2_hours_with_an_8_hour_threshold_is_an_error(project):
    edit(project, EXPO_BID, "text: 接到一级故障通知后4小时内到达现场", "text: 接到一级故障通知后2小时内到达现场")
    findings = check(project)
    f = fires(findings, "requirement-text", ERROR, EXPO_BID, line_of(project, EXPO_BID, "threshold: 4小时"))
    assert "2小时" in f.message and "4小时" in f.message


def test_at_least_2_years_with_a_12_month_threshold_is_an_error(project):
    edit(project, EXPO_BID, "text: 整屏质保不少于2年\n      metric: warranty_term\n      threshold: 24个月",
         "text: 不少于2年\n      metric: warranty_term\n      threshold: 12个月")
    f = fires(check(project), "requirement-text", ERROR, EXPO_BID, line_of(project, EXPO_BID, "threshold: 12个月"))
    assert "2年" in f.message


def test_clause_and_threshold_that_agree_are_silent(project):
    # 2年 = 24个月; 4小时 = 4小时; 每半年 = 6个月 (the example as shipped)
    silent(check(project), "requirement-text")
    edit(project, EXPO_BID, "threshold: 4小时", "threshold: 240分钟")
    silent(check(project), "requirement-text")


def _expo_rows(project):
    proj, _ = check_project(project)
    rb = proj.bids["lj-expo-led"]
    return {r.clause: r for r in deviation_rows(rb, proj.company)}


def test_a_different_warranty_start_in_a_star_clause_is_a_negative_deviation(project):
    # the LED policy starts the warranty at 安装调试完成; the tender asks 验收合格 (later)
    assert _expo_rows(project)["5.2.1"].deviation == "正偏离"
    edit(project, EXPO_BID, "text: 整屏质保不少于2年", "text: 整屏质保自验收合格之日起不少于2年")
    row = _expo_rows(project)["5.2.1"]
    assert row.deviation == "负偏离" and "验收合格" in row.note, row
    f = fires(check(project), "deviation-star", ERROR, EXPO_BID, line_of(project, EXPO_BID, "clause: 5.2.1"))
    assert "验收合格" in f.message and "start" in f.message


def test_a_later_start_than_asked_is_no_deviation_against_us(project):
    edit(project, EXPO_BID, "text: 整屏质保不少于2年", "text: 整屏质保自到货签收之日起不少于2年")
    row = _expo_rows(project)["5.2.1"]
    assert row.deviation == "正偏离" and "起算更晚" in row.note


def test_a_bare_tian_in_a_threshold_gets_the_usual_warning(project):
    edit(project, EXPO_BID, "threshold: 6个月", "threshold: 180天")
    edit(project, EXPO_BID, "text: 每半年至少巡检一次", "text: 每180天至少巡检一次")
    f = fires(check(project), "duration-unit", WARNING, EXPO_BID, line_of(project, EXPO_BID, "threshold: 180天"))
    assert "180日" in f.message and "工作日" in f.message


def test_exact_findings_of_clauses_that_contradict_their_thresholds(project):
    """Two clauses whose words say another figure than their threshold, one
    that agrees in other units (2年 = 24个月): an error at each contradicting
    threshold, and no other finding."""
    edit(project, EXPO_BID, "text: 接到一级故障通知后4小时内到达现场", "text: 接到一级故障通知后2小时内到达现场")
    edit(project, EXPO_BID, "text: 一级故障12小时内修复", "text: 一级故障8小时内修复")
    got = {(f.severity.value, f.rule, f.file, f.line) for f in check(project)}
    expected = {("error", "requirement-text", EXPO_BID, line_of(project, EXPO_BID, "threshold: 4小时")),
                ("error", "requirement-text", EXPO_BID, line_of(project, EXPO_BID, "text: 一级故障8小时内修复") + 3)}
    assert got == expected, got
