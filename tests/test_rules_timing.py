"""Time promises: ladders, fault levels, regions, calendars, spare parts, units.

Fixtures are modelled on the seeds: seed 001's lighting plan promises a fix
within 24 h and, pages later, arrival within 24 h and replacement within
72 h; its HVAC plan sends parts slower than the fix they serve; 001 mixes
天, 日 and 工作日; seed 003 lists its outlets because region promises need
people there.
"""

from __future__ import annotations

from test_rules import (
    COMPANY,
    ERROR,
    EXPO_BID,
    HOSPITAL_BID,
    HVAC,
    LED,
    WARNING,
    check,
    edit,
    fires,
    line_of,
    silent,
)

LED_FAR_LEVEL1 = "{region: 省外, response: 15分钟, arrival: 12小时, fix: 24小时, backup: 48小时}"
HVAC_NEAR_LEVEL1 = "{region: 本市, response: 15分钟, arrival: 2小时, fix: 8小时, backup: 24小时}"
HVAC_MID_LEVEL2 = "{region: 省内, response: 30分钟, arrival: 8小时, fix: 36小时, backup: 72小时}"
HVAC_FAR_LEVEL3 = "{region: 省外, response: 1小时, arrival: 48小时, fix: 96小时}"


# -- time-ladder -------------------------------------------------------------------------


def test_a_fix_promised_before_the_engineer_arrives_is_an_error(project):
    # seed 001: "24小时内完成修复" in one place, "24小时内到达现场" in another
    edit(project, LED, LED_FAR_LEVEL1, "{region: 省外, response: 15分钟, arrival: 24小时, fix: 12小时, backup: 72小时}")
    f = fires(check(project), "time-ladder", ERROR, LED, line_of(project, LED, "arrival: 24小时, fix: 12小时"))
    assert "修复" in f.message and "24小时" in f.message and "12小时" in f.message


def test_backup_equipment_promised_before_the_fix_deadline_is_an_error(project):
    edit(project, HVAC, HVAC_NEAR_LEVEL1, "{region: 本市, response: 15分钟, arrival: 2小时, fix: 8小时, backup: 4小时}")
    fires(check(project), "time-ladder", ERROR, HVAC, line_of(project, HVAC, "backup: 4小时"))


def test_a_response_slower_than_the_arrival_is_an_error_even_across_units(project):
    # 1日 response but arrival within 2小时: the units differ, the order is still wrong
    edit(project, HVAC, HVAC_NEAR_LEVEL1, "{region: 本市, response: 1日, arrival: 2小时, fix: 8小时, backup: 24小时}")
    fires(check(project), "time-ladder", ERROR, HVAC, line_of(project, HVAC, "response: 1日"))


def test_a_bid_override_that_breaks_the_ladder_is_reported_at_the_bid_line(project):
    # the bid tightens arrival to 1小时 but writes the fix as 30分钟
    edit(project, HOSPITAL_BID, "{region: 本市, response: 15分钟, arrival: 1小时, fix: 6小时, backup: 24小时}",
         "{region: 本市, response: 15分钟, arrival: 1小时, fix: 30分钟, backup: 24小时}")
    findings = check(project)
    fires(findings, "time-ladder", ERROR, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "fix: 30分钟"))
    assert not [f for f in findings if f.rule == "time-ladder" and f.file == HVAC], "the published policy is still fine"


def test_equal_arrival_and_fix_leave_no_repair_time_a_warning_not_an_error(project):
    # seed 002: 48h arrival and 48h fix: consistent, but no time is left to repair
    # (the corpus reviewer marks it, 002-12); equal response/arrival stays silent
    edit(project, LED, LED_FAR_LEVEL1, "{region: 省外, response: 15分钟, arrival: 48小时, fix: 48小时, backup: 48小时}")
    findings = [f for f in check(project) if f.rule == "time-ladder"]
    assert findings and all(f.severity is WARNING for f in findings)


# -- severity-order ------------------------------------------------------------------------


def test_an_urgent_fault_handled_slower_than_a_minor_one_is_an_error(project):
    # 二级 (serious) arrives within 3小时 in 省内, 一级 (urgent) only within 4小时
    edit(project, HVAC, HVAC_MID_LEVEL2, "{region: 省内, response: 30分钟, arrival: 3小时, fix: 36小时, backup: 72小时}")
    f = fires(check(project), "severity-order", ERROR, HVAC, line_of(project, HVAC, "{region: 省内, response: 15分钟, arrival: 4小时"))
    assert "一级" in f.message and "二级" in f.message


# -- region-order -----------------------------------------------------------------------------


def test_a_farther_region_served_faster_than_a_nearer_one_is_an_error(project):
    edit(project, HVAC, HVAC_MID_LEVEL2, "{region: 省内, response: 30分钟, arrival: 3小时, fix: 36小时, backup: 72小时}")
    f = fires(check(project), "region-order", ERROR, HVAC, line_of(project, HVAC, "arrival: 3小时, fix: 36小时"))
    assert "本市" in f.message and "省内" in f.message


def test_a_region_written_twice_in_one_level_is_an_error(project):
    edit(project, HVAC, HVAC_FAR_LEVEL3, "{region: 省内, response: 1小时, arrival: 48小时, fix: 96小时}")
    fires(check(project), "region-order", ERROR, HVAC, line_of(project, HVAC, "{region: 省内, response: 1小时, arrival: 48小时"))


def test_a_city_province_country_ladder_like_2h_12h_48h_is_fine(project):
    # seed 001: 北京 2h / 周边 12h / 外省 48h
    edit(project, LED, "{region: 省内, response: 15分钟, arrival: 4小时, fix: 12小时, backup: 24小时}",
         "{region: 省内, response: 15分钟, arrival: 12小时, fix: 24小时, backup: 36小时}")
    edit(project, LED, LED_FAR_LEVEL1, "{region: 省外, response: 15分钟, arrival: 48小时, fix: 72小时, backup: 96小时}")
    findings = check(project)
    silent(findings, "region-order")
    silent(findings, "time-ladder")


# -- region-outlet ---------------------------------------------------------------------------


def test_promising_out_of_province_times_without_anyone_there_is_a_warning(project):
    # seed 003 lists its 7 outlets; here the two out-of-province stations have no staff
    edit(project, COMPANY, "      phone: 021-64197735\n      staff: 7", "      phone: 021-64197735\n      staff: 0")
    edit(project, COMPANY, "      phone: 025-52106648\n      staff: 5", "      phone: 025-52106648\n      staff: 0")
    findings = check(project)
    fires(findings, "region-outlet", WARNING, LED, line_of(project, LED, LED_FAR_LEVEL1))
    fires(findings, "region-outlet", WARNING, HVAC, line_of(project, HVAC, "{region: 省外, response: 15分钟, arrival: 8小时"))
    fires(findings, "region-outlet", WARNING, "commitments/policies/his.yaml",
          line_of(project, "commitments/policies/his.yaml", "{region: 省外, response: 10分钟, arrival: 8小时"))


# -- calendar-mix ---------------------------------------------------------------------------


def test_7x24_service_with_a_fix_in_working_days_is_an_error(project):
    edit(project, HVAC, HVAC_FAR_LEVEL3, "{region: 省外, response: 1小时, arrival: 48小时, fix: 5个工作日}")
    f = fires(check(project), "calendar-mix", ERROR, HVAC, line_of(project, HVAC, "fix: 5个工作日"))
    assert "7×24" in f.message


def test_the_suggested_hours_for_half_a_working_day_are_not_rounded_to_zero(project):
    edit(project, HVAC, HVAC_FAR_LEVEL3, "{region: 省外, response: 1小时, arrival: 0.5个工作日, fix: 96小时}")
    f = fires(check(project), "calendar-mix", ERROR, HVAC, line_of(project, HVAC, "arrival: 0.5个工作日"))
    assert "12小时" in f.message


def test_office_hours_service_promising_arrival_within_hours_is_a_warning(project):
    edit(project, LED, "  service_hours: 7×24", "  service_hours: 5×8")
    found = check(project)
    # every promise in clock hours, each at its own row (a row may hold two: arrival and fix)
    for row in ("{region: 本市, response: 15分钟, arrival: 2小时", "{region: 省内, response: 15分钟, arrival: 4小时",
                "{region: 省外, response: 15分钟, arrival: 12小时", "{region: 本市, response: 30分钟, arrival: 8小时"):
        fires(found, "calendar-mix", WARNING, LED, line_of(project, LED, row))


def test_a_complaint_step_in_working_days_under_7x24_is_a_warning(project):
    edit(project, HVAC, "        time_limit: 24小时\n        action: 核实情况", "        time_limit: 1个工作日\n        action: 核实情况")
    fires(check(project), "calendar-mix", WARNING, HVAC, line_of(project, HVAC, "time_limit: 1个工作日"))


# -- parts-ladder --------------------------------------------------------------------------------


def test_a_spare_part_arriving_after_the_fix_deadline_it_serves_is_an_error(project):
    # seed 001 plan 12: parts in 48 h for a fault promised fixed in 24 h
    edit(project, HVAC, "        arrival: 8小时\n        serves_level: 二级", "        arrival: 48小时\n        serves_level: 二级")
    f = fires(check(project), "parts-ladder", ERROR, HVAC, line_of(project, HVAC, "        arrival: 48小时"))
    assert "风机盘管电机" in f.message


def test_a_spare_part_serving_an_unknown_fault_level_is_an_error(project):
    edit(project, HVAC, "        arrival: 8小时\n        serves_level: 二级", "        arrival: 8小时\n        serves_level: 四级")
    fires(check(project), "parts-ladder", ERROR, HVAC, line_of(project, HVAC, "serves_level: 四级"))


def test_parts_supplied_for_less_time_than_the_warranty_is_an_error(project):
    edit(project, HVAC, "    supply_years: 10年", "    supply_years: 2年")
    found = check(project)
    fires(found, "parts-ladder", ERROR, HVAC, line_of(project, HVAC, "supply_years: 2年"))
    fires(found, "parts-ladder", ERROR, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "  overrides:"))  # the bid's 5年 warranty too


def test_a_bid_lengthening_the_warranty_beyond_the_parts_supply_is_an_error(project):
    edit(project, EXPO_BID, "      term: 36个月\n      parts:", "      term: 10年\n      parts:")
    # caused by the bid's override: reported in the bid (at its overrides), naming the policy's value
    f = fires(check(project), "parts-ladder", ERROR, EXPO_BID, line_of(project, EXPO_BID, "  overrides:"))
    assert f"{LED}:{line_of(project, LED, 'supply_years: 8年')}" in f.message and "合并基础政策 led 后" in f.message


# -- duration-unit ---------------------------------------------------------------------------------


def test_a_bare_tian_in_a_policy_is_a_warning_not_an_error(project):
    edit(project, HVAC, "    interval: 1个月", "    interval: 30天")
    findings = check(project)
    f = fires(findings, "duration-unit", WARNING, HVAC, line_of(project, HVAC, "interval: 30天"))
    assert "30日" in f.message and "30个工作日" in f.message
    assert all(x.severity is WARNING for x in findings)


def test_a_bare_tian_in_a_bid_is_a_warning(project):
    edit(project, EXPO_BID, "  validity: 90日", "  validity: 90天")
    fires(check(project), "duration-unit", WARNING, EXPO_BID, line_of(project, EXPO_BID, "validity: 90天"))


def test_a_bare_tian_in_a_bid_override_is_reported_at_the_bid_line(project):
    edit(project, HOSPITAL_BID, "fix: 6小时, backup: 24小时}", "fix: 6小时, backup: 1天}")
    line = line_of(project, HOSPITAL_BID, "backup: 1天")
    f = fires(check(project), "duration-unit", WARNING, HOSPITAL_BID, line)
    text = (project / HOSPITAL_BID).read_text(encoding="utf-8").splitlines()[line - 1]
    assert f.col == text.index("backup") + 1  # the key inside the flow mapping, for the editor to jump to


def test_ri_and_working_days_are_not_ambiguous(project):
    edit(project, HVAC, "    interval: 1个月", "    interval: 30日")
    edit(project, HVAC, "        time_limit: 72小时", "        time_limit: 3个工作日")
    silent(check(project), "duration-unit")


def test_an_unknown_unit_is_an_error_from_the_schema(project):
    edit(project, HVAC, "    term: 36个月\n", "    term: 36个钟\n")
    f = fires(check(project), "duration-unit", ERROR, HVAC, line_of(project, HVAC, "term: 36个钟"))
    assert "36个钟" in f.message and "个月" in f.message


def test_a_negative_duration_is_an_error(project):
    edit(project, HVAC, "    term: 36个月\n", "    term: -36个月\n")
    f = fires(check(project), "duration-unit", ERROR, HVAC, line_of(project, HVAC, "term: -36个月"))
    assert "负" in f.message


def test_an_absurd_duration_is_an_error(project):
    edit(project, HVAC, "    term: 36个月\n", "    term: 1000000000000个月\n")
    f = fires(check(project), "duration-unit", ERROR, HVAC, line_of(project, HVAC, "term: 1000000000000个月"))
    assert "100 年" in f.message


def test_a_number_without_a_unit_is_an_error(project):
    edit(project, HVAC, "    term: 36个月\n", "    term: 36\n")
    f = fires(check(project), "duration-unit", ERROR, HVAC, line_of(project, HVAC, "term: 36"))
    assert "单位" in f.message


# -- duration-unit in text ---------------------------------------------------------------------------


DAYS_PLAN = (
    "六、备件与保修\n"
    "备件在接到订单后10天内发出，紧急备件3日内发出。\n"
    "客户服务中心提供7天×24小时热线，每天记录来电，第二天回复，每30天内汇总一次，每十五天内抽查一次。\n"
    "整机保修期为36个月，自验收合格之日起计算，其中：\n"
    "空调主机为3年；\n"
    "地暖系统为两个采暖期。\n"
    "培训为期两天。\n"
    "项目分为两个实施期，每个实施期三个月。\n"
    "质保期内的服务分为三个时期：安装期、运行期和移交期。\n"
)


def test_a_bare_day_limit_and_a_season_as_a_warranty_length_are_reported(tmp_path):
    from generator.plancheck import check_document

    (tmp_path / "plan.txt").write_text(DAYS_PLAN, encoding="utf-8")
    found = [(f.severity, f.line, f.col) for f in check_document(tmp_path / "plan.txt", None, "plan.txt") if f.rule == "duration-unit"]
    # 2: "10天内" is a limit in bare 天; 6: a season under the warranty.
    # 3: hours of a hotline, every day, the next day, every N days; 7: a length, not a limit;
    # 8: a phase far from the warranty, 9: a division into periods: silent
    assert found == [(WARNING, 2, 9), (ERROR, 6, 6)]


# -- severity-order and escalation-order in text -------------------------------------------------------


LADDER_PLAN = (
    "七、报修处理\n"
    "普通报修4小时内安排工程师，重大故障尽快处理。\n"
    "普通报修4小时内安排工程师，重大故障尽快处理并在2小时内到场。\n"
    "普通报修8小时内安排，紧急情况立即处理。\n"
    "客服2小时内派单，主管6小时内复核，仍未解决的上报公司总经理协调。\n"
    "客服2小时内派单，仍未解决的上报公司总经理，总经理24小时内协调解决。\n"
    "8小时内未解决的上报部门经理；4小时内未解决的上报总经理。\n"
    "8小时内未解决的上报部门经理；再4小时内未解决的上报总经理，总经理12小时内答复。\n"
    "接到报修后30分钟内响应，2小时内到场，重大故障及时报告公司领导并启动预案。\n"
)


def test_a_severe_case_with_only_a_word_and_a_top_step_without_a_limit_are_reported(tmp_path):
    from generator.plancheck import check_document

    (tmp_path / "plan.txt").write_text(LADDER_PLAN, encoding="utf-8")
    found = [(f.rule, f.severity, f.line, f.col) for f in check_document(tmp_path / "plan.txt", None, "plan.txt")
             if f.rule in ("severity-order", "escalation-order")]
    # 2: the severe case has only 尽快 (3 gives it its own figure, 4 says 立即);
    # 5: the top step of a timed ladder has no limit (6 gives one);
    # 7: the higher step is due sooner (8 adds its hours to the step before);
    # 9: the figures are every case's, and telling the leaders is a notice: silent
    assert found == [("severity-order", WARNING, 2, 19), ("escalation-order", WARNING, 5, 24), ("escalation-order", WARNING, 7, 24)]


def test_a_bare_day_limit_is_ours_to_fix_only_in_our_own_words(project):
    # the tender's clause says 天 (the buyer's words); our commitment says it too
    edit(project, HOSPITAL_BID, "      text: 质保期不少于3年，自验收合格之日起计算", "      text: 质保期不少于3年，备件3天内到货")
    edit(project, HOSPITAL_BID, "      - 质保期 5年，自验收合格之日起计算。", "      - 质保期 5年，自验收合格之日起计算，备件3天内到货。")
    found = check(project)
    f = fires(found, "duration-unit", WARNING, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "      - 质保期 5年，自验收合格之日起计算，备件3天内到货。"))
    assert "3日" in f.message and "3个工作日" in f.message


def test_a_factory_repair_longer_than_every_fix_is_a_time_ladder_error(project):
    # the longest fix of the HVAC policy is 96小时 (三级, 省外): five working
    # days at the factory alone are longer (the hospital bid writes its own commitments)
    edit(project, HVAC, "    - 质保期 36个月，自验收合格之日起计算。", "    - 质保期 36个月，自验收合格之日起计算。\n    - 需返厂维修的压缩机，返修期不超过5个工作日。")
    found = check(project)
    f = fires(found, "time-ladder", ERROR, HVAC, line_of(project, HVAC, "返修期不超过5个工作日"))
    assert "5个工作日" in f.message and "96小时" in f.message
