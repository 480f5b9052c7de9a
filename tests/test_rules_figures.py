"""Figures: percentages, totals, 大写 amounts, dates and the project's identity.

Seed 004 promises 满意度 ≥100 %; seed 001 plan 9 states inspection and
training totals that do not add up and leaves "20xx年" in dates; a project
number retyped by hand is a classic reason for rejection.
"""

from __future__ import annotations

import pytest

from test_rules import (
    COMPANY,
    ERROR,
    EXPO_BID,
    HOSPITAL_BID,
    HVAC,
    LED,
    WARNING,
    append,
    check,
    edit,
    fires,
    line_of,
    silent,
)

LETTER = "      - 我公司已认真阅读招标文件第2包的全部售后服务要求"


# -- kpi-range ------------------------------------------------------------------------------


def test_a_satisfaction_target_of_at_least_100_percent_is_an_error(project):
    # seed 004: "用户满意程度≥100%"
    edit(project, HVAC, "    - name: 客户满意度\n      target: 98%", "    - name: 客户满意度\n      target: 100%")
    f = fires(check(project), "kpi-range", ERROR, HVAC, line_of(project, HVAC, "      target: 100%"))
    assert "客户满意度" in f.message


def test_a_percentage_above_100_is_an_error(project):
    edit(project, LED, "    satisfaction_target: 97%", "    satisfaction_target: 101%")
    fires(check(project), "kpi-range", ERROR, LED, line_of(project, LED, "satisfaction_target: 101%"))


def test_a_negative_discount_is_an_error(project):
    edit(project, HVAC, "    parts_discount: 85%", "    parts_discount: -5%")
    fires(check(project), "kpi-range", ERROR, HVAC, line_of(project, HVAC, "parts_discount: -5%"))


def test_a_ceiling_of_1_percent_complaints_is_fine(project):
    # seed 004: 抱怨率 <1% is a reachable ceiling, not an impossible floor
    edit(project, HVAC, "      target: 1%\n      direction: 不高于", "      target: 0.5%\n      direction: 不高于")
    silent(check(project), "kpi-range")


# -- count-total ------------------------------------------------------------------------------


def test_quarterly_inspections_over_three_years_are_twelve_not_eight(project):
    # seed 001 plan 9: "每季度巡检一次，质保期三年共8次"
    edit(project, HVAC, "    interval: 3个月\n    visits: 12", "    interval: 3个月\n    visits: 8")
    f = fires(check(project), "count-total", ERROR, HVAC, line_of(project, HVAC, "    visits: 8"))
    assert "12" in f.message


def test_a_training_total_that_is_not_the_sum_of_the_courses_is_an_error(project):
    # 10×2 + 8×2 = 36, not 30
    edit(project, HVAC, "    total_trainees: 36", "    total_trainees: 30")
    f = fires(check(project), "count-total", ERROR, HVAC, line_of(project, HVAC, "total_trainees: 30"))
    assert "36" in f.message


def test_a_bid_that_lengthens_the_warranty_must_update_the_visit_count(project):
    # the bid makes the warranty 5年 and writes 20 inspections; 6年 needs 24
    edit(project, HOSPITAL_BID, "    warranty:\n      term: 5年", "    warranty:\n      term: 6年")
    found = check(project)
    fires(found, "count-total", ERROR, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "      visits: 20"))
    fires(found, "count-total", ERROR, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "      visits: 60"))  # return visits: 72 in 6年


def test_an_interval_that_does_not_divide_the_warranty_is_a_warning(project):
    edit(project, HVAC, "    interval: 3个月\n    visits: 12", "    interval: 7个月\n    visits: 5")
    found = check(project)
    fires(found, "count-total", WARNING, HVAC, line_of(project, HVAC, "interval: 7个月"))
    fires(found, "count-total", WARNING, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "    inspections:"))  # the bid's 5年 warranty too


def test_an_interval_in_working_days_cannot_be_counted_and_says_so(project):
    edit(project, HVAC, "    interval: 3个月\n    visits: 12", "    interval: 60个工作日\n    visits: 12")
    found = check(project)
    f = fires(found, "count-total", WARNING, HVAC, line_of(project, HVAC, "interval: 60个工作日"))
    assert "工作日" in f.message
    fires(found, "count-total", WARNING, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "    inspections:"))


# -- amount-daxie ---------------------------------------------------------------------------------


def test_a_daxie_amount_that_disagrees_with_the_figure_is_an_error(project):
    edit(project, HOSPITAL_BID, "daxie: 壹拾贰万捌仟元整", "daxie: 壹拾贰万叁仟元整")
    f = fires(check(project), "amount-daxie", ERROR, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "daxie: 壹拾贰万叁仟元整"))
    assert "壹拾贰万捌仟元整" in f.message


def test_the_usual_ways_of_writing_daxie_are_accepted(project):
    edit(project, HOSPITAL_BID, "daxie: 壹拾贰万捌仟元整", "daxie: 人民币（大写）壹拾贰万捌仟圆正")
    silent(check(project), "amount-daxie")


@pytest.mark.parametrize("written", ["壹拾贰万捌仟元整", "人民币壹拾贰万捌仟圆正", "（大写）壹拾贰万捌仟元整"])
def test_the_forms_the_banking_rules_allow_are_accepted(project, written):
    edit(project, HOSPITAL_BID, "daxie: 壹拾贰万捌仟元整", f"daxie: {written}")
    silent(check(project), "amount-daxie")


def test_an_optional_zero_and_zheng_after_jiao_are_accepted(project):
    # 支付结算办法: 107000.50 may be written 壹拾万零柒仟元伍角整 or 壹拾万柒仟元伍角
    edit(project, HOSPITAL_BID, "      value: 128000元\n      daxie: 壹拾贰万捌仟元整", "      value: 107000.50元\n      daxie: 壹拾万零柒仟元伍角整")
    silent(check(project), "amount-daxie")


@pytest.mark.parametrize("written", ["壹拾贰万捌仟元", "十二万八千元整", "壹拾贰万捌仟"])
def test_a_daxie_that_is_not_written_by_the_rules_is_an_error(project, written):
    # no 整, 小写 numerals that are easy to alter, or no 元
    edit(project, HOSPITAL_BID, "daxie: 壹拾贰万捌仟元整", f"daxie: {written}")
    f = fires(check(project), "amount-daxie", ERROR, HOSPITAL_BID, line_of(project, HOSPITAL_BID, f"daxie: {written}"))
    assert "壹拾贰万捌仟元整" in f.message


def test_a_penalty_daxie_in_a_policy_is_checked_too(project):
    edit(project, HVAC, "      amount: 2000元\n", "      amount: 2000元\n      amount_daxie: 贰仟伍佰元整\n")
    fires(check(project), "amount-daxie", ERROR, HVAC, line_of(project, HVAC, "amount_daxie: 贰仟伍佰元整"))


# -- date-valid -------------------------------------------------------------------------------------


def test_a_bid_dated_after_the_deadline_is_an_error(project):
    edit(project, EXPO_BID, "  bid_date: 2026年12月15日", "  bid_date: 2026年12月20日")
    f = fires(check(project), "date-valid", ERROR, EXPO_BID, line_of(project, EXPO_BID, "bid_date: 2026年12月20日"))
    assert "2026年12月18日" in f.message


def test_a_date_that_does_not_exist_is_an_error(project):
    edit(project, EXPO_BID, "  deadline: 2026年12月18日", "  deadline: 2026年2月30日")
    fires(check(project), "date-valid", ERROR, EXPO_BID, line_of(project, EXPO_BID, "deadline: 2026年2月30日"))


def test_a_placeholder_year_in_a_date_is_an_error(project):
    # seed 001: "20xx年" left in dates
    edit(project, EXPO_BID, "  bid_date: 2026年12月15日", "  bid_date: 20xx年12月15日")
    fires(check(project), "date-valid", ERROR, EXPO_BID, line_of(project, EXPO_BID, "bid_date: 20xx年12月15日"))


def test_a_certificate_expired_before_the_bid_date_is_an_error(project):
    edit(project, COMPANY, "      valid_until: 2027年9月14日", "      valid_until: 2026年6月30日")
    f = fires(check(project), "date-valid", ERROR, COMPANY, line_of(project, COMPANY, "valid_until: 2026年6月30日"))
    assert "ISO 9001" in f.message


# -- date-text ------------------------------------------------------------------------------------------


def test_an_impossible_date_in_text_is_an_error(project):
    edit(project, HOSPITAL_BID, LETTER, "      - 我公司于2026年2月30日认真阅读招标文件第2包的全部售后服务要求")
    fires(check(project), "date-text", ERROR, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "2026年2月30日"))


def test_a_date_in_chinese_numerals_is_read_too(project):
    edit(project, HVAC, "    - 质保期 36个月，自验收合格之日起计算。", "    - 本政策自二〇二六年二月三十日起施行。")
    fires(check(project), "date-text", ERROR, HVAC, line_of(project, HVAC, "二〇二六年二月三十日"))


def test_a_date_with_leading_zeros_in_text_is_a_warning(project):
    edit(project, HOSPITAL_BID, LETTER, "      - 我公司于2026年01月05日认真阅读招标文件第2包的全部售后服务要求")
    f = fires(check(project), "date-text", WARNING, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "2026年01月05日"))
    assert "2026年1月5日" in f.message


def test_a_date_in_chinese_numerals_is_a_warning_in_the_arabic_form(project):
    edit(project, HVAC, "    - 质保期 36个月，自验收合格之日起计算。", "    - 本政策自二〇二六年三月五日起施行。")
    f = fires(check(project), "date-text", WARNING, HVAC, line_of(project, HVAC, "二〇二六年三月五日"))
    assert "2026年3月5日" in f.message


def test_a_plan_dated_with_a_circle_for_zero_is_read(tmp_path):
    from generator.plancheck import check_document

    (tmp_path / "plan.txt").write_text("服务承诺\n特此承诺。\n二○一九年十月八日\n落款日期：2019年10月8日\n", encoding="utf-8")
    found = [(f.severity, f.line, f.col) for f in check_document(tmp_path / "plan.txt", None, "plan.txt") if f.rule == "date-text"]
    assert found == [(WARNING, 3, 1)]


# -- project-identity --------------------------------------------------------------------------------------


def test_a_project_number_retyped_differently_is_an_error(project):
    edit(project, HOSPITAL_BID, LETTER, "      - 我公司已认真阅读项目 LWCG-2026-0481 招标文件第2包的全部售后服务要求")
    f = fires(check(project), "project-identity", ERROR, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "LWCG-2026-0481"))
    assert "LWCG-2026-0418" in f.message


def test_the_wrong_lot_in_the_letter_is_an_error(project):
    edit(project, HOSPITAL_BID, LETTER, "      - 我公司已认真阅读招标文件第3包的全部售后服务要求")
    fires(check(project), "project-identity", ERROR, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "第3包"))


def test_a_lot_in_text_when_the_project_has_no_lots_is_an_error(project):
    append(project, EXPO_BID, "  commitments:\n    - 本公司对第1包的全部条款无负偏离。\n")
    fires(check(project), "project-identity", ERROR, EXPO_BID, line_of(project, EXPO_BID, "第1包"))


def test_a_project_name_retyped_with_a_word_missing_is_an_error(project):
    edit(project, HOSPITAL_BID, "    - 本项目质保期 5年", "    - 澜湾区人民医院门诊楼中央空调系统采购安装项目质保期 5年")
    f = fires(check(project), "project-identity", ERROR, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "采购安装项目质保期"))
    assert "采购及安装" in f.message


def test_the_exact_project_name_and_number_in_text_are_fine(project):
    edit(project, HOSPITAL_BID, "    - 本项目质保期 5年", "    - 澜湾区人民医院门诊楼中央空调系统采购及安装项目（LWCG-2026-0418）第2包质保期 5年")
    silent(check(project), "project-identity")


# -- count-total in text -----------------------------------------------------------------------------


COPIES_PLAN = (
    "五、记录\n"
    "每次检修填写检修单，一式四份，一份交使用单位，一份存服务站，一份交财务。\n"
    "验收报告一式三份，一份交业主，一份存档，一份交监理。\n"
    "合同一式两份，双方各执一份。\n"
    "巡检记录一式三份，一份交用户。\n"
    "客户经理每季度至每年走访一次重点用户。\n"
    "每季度回访一次，每年巡检两次。\n"
)


def test_copies_that_do_not_add_up_and_a_range_of_intervals_are_reported(tmp_path):
    from generator.plancheck import check_document

    (tmp_path / "plan.txt").write_text(COPIES_PLAN, encoding="utf-8")
    found = [(f.severity, f.line, f.col) for f in check_document(tmp_path / "plan.txt", None, "plan.txt") if f.rule == "count-total"]
    # line 2: four copies, three holders; line 6: a range; 3 adds up, 4 and 5 cannot be counted
    assert found == [(ERROR, 2, 11), (WARNING, 6, 5)]
