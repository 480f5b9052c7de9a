"""Facts read from a plan's prose and tables go through the same rules as YAML
(issue #11 part 2): a table row is a fact like the sentence that says it."""

from __future__ import annotations

from pathlib import Path


from generator.findings import Severity
from generator.plancheck import check_document

ERROR, WARNING = Severity.ERROR, Severity.WARNING


def _check(tmp_path: Path, text: str, name: str = "plan.txt") -> list:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check_document(path, None, name)


def _hits(findings, rule, line=None):
    return [f for f in findings if f.rule == rule and (line is None or f.line == line)]


def test_a_fix_promised_before_arrival_in_a_sentence_is_a_time_ladder_error(tmp_path):
    findings = _check(tmp_path, "质保期为36个月，自验收合格之日起计算。\n一级故障接到报修后1小时内响应，12小时内到达现场，8小时内修复。\n")
    hits = _hits(findings, "time-ladder", 2)
    assert hits and hits[0].severity is ERROR


def test_a_table_row_is_a_fact_like_the_sentence(tmp_path):
    text = ("质保期为36个月，自验收合格之日起计算。\n"
            "| 故障等级 | 响应时间 | 到场时间 | 修复时间 |\n"
            "| --- | --- | --- | --- |\n"
            "| 一级 | 30分钟 | 12小时 | 8小时 |\n")
    hits = _hits(_check(tmp_path, text, "plan.md"), "time-ladder", 4)
    assert hits and hits[0].col > 1  # located at the cell


def test_a_clean_ladder_is_silent(tmp_path):
    findings = _check(tmp_path, "质保期为36个月，自验收合格之日起计算。\n一级故障接到报修后30分钟内响应，2小时内到达现场，8小时内修复。\n二级故障接到报修后1小时内响应，4小时内到达现场，24小时内修复。\n")
    for rule in ("time-ladder", "severity-order", "missing-term", "warranty-start", "prose-number"):
        assert not _hits(findings, rule), rule


def test_a_milder_level_served_faster_is_a_severity_order_error(tmp_path):
    findings = _check(tmp_path, "质保期为36个月，自验收合格之日起计算。\n二级故障4小时内到达现场。\n一级故障8小时内到达现场。\n")
    assert _hits(findings, "severity-order")


def test_two_start_events_in_one_plan_are_a_warranty_start_error(tmp_path):
    findings = _check(tmp_path, "质保期为三年，自验收合格之日起计算。\n本项目质保期自合同签订之日起计算。\n")
    assert _hits(findings, "warranty-start", 2)


def test_a_warranty_referred_to_but_never_quantified_is_a_missing_term_error(tmp_path):
    findings = _check(tmp_path, "在免费保修期内，我公司负责免费维修。\n")
    hits = _hits(findings, "missing-term", 1)
    assert hits and all(h.severity is ERROR for h in hits)


def test_two_values_for_one_promise_are_a_prose_number_error(tmp_path):
    findings = _check(tmp_path, "质保期为36个月，自验收合格之日起计算。\n一级故障2小时内到达现场，8小时内修复。\n紧急情况下，一级故障4小时内到达现场。\n")
    assert _hits(findings, "prose-number", 3)


def test_lifelong_service_with_limited_parts_is_a_parts_ladder_error(tmp_path):
    findings = _check(tmp_path, "质保期为三年，自验收合格之日起计算。\n我公司对所售产品实行终身服务。\n产品停产后备件供应年限为3年。\n")
    assert _hits(findings, "parts-ladder", 3)


def test_a_rate_above_100_percent_is_a_kpi_range_error(tmp_path):
    findings = _check(tmp_path, "质保期为三年，自验收合格之日起计算。\n服务及时率≥95%，客户满意度≥100%。\n")
    assert _hits(findings, "kpi-range", 2)


def test_a_sentence_that_names_no_level_is_not_held_against_the_most_severe(tmp_path):
    findings = _check(tmp_path, "质保期为36个月，自验收合格之日起计算。\n一级故障2小时内到达现场，8小时内修复。\n二级故障4小时内到达现场，24小时内修复。\n工程师4小时内到达现场。\n")
    assert not _hits(findings, "prose-number")


def test_plans_of_a_collection_are_read_one_by_one(tmp_path):
    text = ("售后服务方案1\n质保期为36个月，自验收合格之日起计算。\n一级故障2小时内到达现场。\n"
            "售后服务方案2\n质保期为12个月，自合同签订之日起计算。\n一级故障8小时内到达现场。\n")
    findings = _check(tmp_path, text)
    assert not _hits(findings, "warranty-start") and not _hits(findings, "prose-number")


def test_equal_arrival_and_fix_leave_no_repair_time(tmp_path):
    findings = _check(tmp_path, "质保期为1年，自验收合格之日起计算。\n接报后1小时内响应，48小时内到达现场，48小时内处理完毕。\n")
    hits = _hits(findings, "time-ladder", 2)
    assert hits and hits[0].severity is WARNING


def test_traditional_text_is_read_like_simplified(tmp_path):
    findings = _check(tmp_path, "質保期為36個月，自驗收合格之日起計算。\n一級故障接到報修後1小時內響應，12小時內到達現場，8小時內修復。\n")
    assert _hits(findings, "time-ladder", 2)


# -- staying silent where the reader cannot decide (precision on real plans) --------------------


def test_a_training_section_without_numbers_is_a_missing_term_warning(tmp_path):
    findings = _check(tmp_path, "质保期为36个月，自验收合格之日起计算。\n五、培训计划\n培训时间与采购人商定后另行通知。\n")
    hits = _hits(findings, "missing-term", 2)
    assert [h.severity for h in hits] == [WARNING]


def test_a_training_with_its_numbers_is_silent(tmp_path):
    findings = _check(tmp_path, "质保期为36个月，自验收合格之日起计算。\n五、培训计划\n为采购人培训操作人员2期，每期10人，每期3天。\n")
    assert not [h for h in _hits(findings, "missing-term") if "培训" in h.message]


def test_training_our_own_staff_or_dealers_is_not_a_promise(tmp_path):
    findings = _check(tmp_path, "质保期为36个月，自验收合格之日起计算。\n销售部定期对经销商进行维修技能培训。\n项目经理负责组织施工人员培训。\n")
    assert not [h for h in _hits(findings, "missing-term") if "培训" in h.message]


def test_a_length_written_after_its_start_event_is_read(tmp_path):
    # "质保期为<start>起N年" and "自<start>后N个月的保修期" are the common forms
    for text in ("合同货物的质量保证期为验收证书签发之日起2年。\n", "本工程提供自调试验收后36个月的保修期。\n"):
        assert not _hits(_check(tmp_path, text), "missing-term"), text


def test_spaces_inside_chinese_words_do_not_hide_a_fact(tmp_path):
    # PDF line breaks leave spaces inside words: "竣 工"
    findings = _check(tmp_path, "保修期为2年，以竣 工时间为保修开始时间。\n")
    assert not _hits(findings, "missing-term")


def test_two_values_for_one_promise_in_one_sentence_are_not_guessed(tmp_path):
    # two classes of customers, two intervals: neither is "the" interval
    text = "质保期为36个月，自验收合格之日起计算。\n一般客户每年回访一次，重要客户每半年回访一次。\n回访由客服中心负责。\n"
    assert not _hits(_check(tmp_path, text), "prose-number")


def test_a_fix_counted_from_arrival_is_not_held_against_the_fix_deadline(tmp_path):
    text = ("质保期为36个月，自验收合格之日起计算。\n设备故障时，24小时内完成修复。\n"
            "如用户不能自行修复，工程师8小时内到达现场并配合用户在2小时内排除故障。\n")
    findings = _check(tmp_path, text)
    assert not _hits(findings, "prose-number") and not _hits(findings, "time-ladder")


def test_a_second_start_in_a_document_names_the_line_of_the_first(tmp_path):
    findings = _check(tmp_path, "质保期为三年，自验收合格之日起计算。\n本项目质保期自合同签订之日起计算。\n")
    hits = _hits(findings, "warranty-start", 2)
    assert hits and "第 1 行写的质保起算为“验收合格”" in hits[0].message and "数据中" not in hits[0].message


def test_parts_supplied_for_years_named_after_the_parts_are_read(tmp_path):
    # the parts come first and the supply after the years: still the supply period
    text = "质保期为24个月，自验收合格之日起计算。\n我公司对所供设备提供终身维护服务。\n该型号的零部件保证两年内供货。\n易损件在1年内免费供应。\n"
    found = [(f.rule, f.severity, f.line, f.col) for f in _check(tmp_path, text) if f.rule == "parts-ladder"]
    assert found == [("parts-ladder", ERROR, 3, 10)]  # at "两年"


def test_a_plan_that_charges_for_visits_and_names_no_free_period_is_a_missing_term_error(tmp_path):
    # no 质保/保修 anywhere; the visit is charged outright (line 3), the fee
    # beyond the free scope (line 4) and the ban on extra fees (line 5) are not charges
    text = ("服务流程\n"
            "接到报修后安排工程师上门。\n"
            "工程师到达后排除故障，并按标准收取上门服务费。\n"
            "人为损坏的维修另行收费。\n"
            "服务人员不得向用户收取额外费用。\n")
    found = [(f.rule, f.severity, f.line, f.col) for f in _check(tmp_path, text) if f.rule in ("missing-term", "warranty-start")]
    assert found == [("missing-term", ERROR, 3, 1)]


def test_a_plan_without_a_warranty_or_a_charge_has_no_place_for_the_gap(tmp_path):
    found = [f for f in _check(tmp_path, "服务流程\n接到报修后安排工程师上门。\n人为损坏的维修另行收费。\n") if f.rule == "missing-term" and "质保" in f.message]
    assert found == []


def test_a_factory_repair_as_long_as_the_longest_fix_is_a_time_ladder_error(tmp_path):
    text = ("质保期为24个月，自验收合格之日起计算。\n"
            "一级故障2小时内到场，8小时内修复；二级故障24小时内到场，3日内修复。\n"
            "接到报修后2小时内派人取回返修。\n"
            "需返厂维修的部件，返修期不超过3个工作日，返修期间提供备用机。\n"
            "需返厂维修的控制模块，返修期不超过3个工作日。\n")
    found = [(f.rule, f.severity, f.line) for f in _check(tmp_path, text) if f.rule == "time-ladder"]
    # line 3's two hours are shorter, line 4 lends a backup; line 5's three
    # working days last at least as long as the longest fix (3日, 二级)
    assert found == [("time-ladder", ERROR, 5)]
