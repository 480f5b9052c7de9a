"""Warranty promises: one start event, parts not quietly shorter, the 三包 floor.

Seed 000 starts the warranty both at 验收合格 ("货物经采购人清点验收合格起")
and at contract signing ("质保期为中标合同签订的日期为准"), and quotes the
30日 repair limit of 三包; seed 001 plan 12 gives parts a shorter warranty
than the whole without saying so.
"""

from __future__ import annotations

from test_rules import ERROR, HOSPITAL_BID, HVAC, WARNING, check, edit, fires, line_of, silent

WARRANTY_NOTE = "    note: 质保期自验收合格之日起计算；分体空调另按三包规定办理退换货。"
COMPRESSOR = "      - name: 压缩机\n        term: 60个月"


# -- warranty-start ----------------------------------------------------------------------


def test_a_warranty_that_starts_twice_is_an_error(project):
    # the data says 验收合格, the note says 合同签订
    edit(project, HVAC, WARRANTY_NOTE, "    note: 质保期自合同签订之日起计算；分体空调另按三包规定办理退换货。")
    f = fires(check(project), "warranty-start", ERROR, HVAC, line_of(project, HVAC, "    note: 质保期自合同签订之日起"))
    assert "合同签订" in f.message and "验收合格" in f.message


def test_seed_000_wording_for_a_second_start_is_caught(project):
    edit(project, HVAC, WARRANTY_NOTE, "    note: 质保期为中标合同签订的日期为准进行质保。")
    fires(check(project), "warranty-start", ERROR, HVAC, line_of(project, HVAC, "中标合同签订的日期为准"))


def test_a_second_start_in_a_bid_commitment_is_reported_in_the_bid(project):
    edit(project, HOSPITAL_BID, "    - 本项目质保期 5年，", "    - 本项目质保期 5年，自到货签收之日起计算，")
    fires(check(project), "warranty-start", ERROR, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "自到货签收之日起计算"))


def test_a_bid_that_changes_the_start_event_contradicts_the_policy_text(project):
    # the bid switches the start to 合同签订 but the policy text (inherited) says 验收合格
    edit(project, HOSPITAL_BID, "    warranty:\n      term: 5年", "    warranty:\n      term: 5年\n      start: 合同签订")
    # caused by the bid's override: reported in the bid at its warranty override, naming the policy text
    found = check(project)
    f = fires(found, "warranty-start", ERROR, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "    warranty:"))
    assert f"{HVAC}:{line_of(project, HVAC, WARRANTY_NOTE.strip())}" in f.message
    fires(found, "warranty-start", ERROR, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "质保期 5年，自验收合格之日起计算"))  # the bid's own text too
    fires(found, "warranty-start", ERROR, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "  overrides:"))  # the inherited policy text (hvac.yaml:9)


def test_repeating_the_declared_start_in_text_is_fine(project):
    edit(project, HVAC, WARRANTY_NOTE, "    note: 质保期以验收合格之日为准，自验收合格之日起计算。")
    silent(check(project), "warranty-start")


# -- warranty-part -----------------------------------------------------------------------------


def test_a_part_with_a_shorter_warranty_that_is_not_declared_is_a_warning(project):
    # seed 001 plan 12: "整机三年" with a one-year compressor in a table
    edit(project, HVAC, COMPRESSOR, "      - name: 压缩机\n        term: 12个月")
    found = check(project)
    f = fires(found, "warranty-part", WARNING, HVAC, line_of(project, HVAC, "        term: 12个月"))
    assert "压缩机" in f.message and "36个月" in f.message
    fires(found, "warranty-part", WARNING, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "    warranty:"))  # the bid resolving hvac


def test_a_shorter_consumable_part_is_fine(project):
    # 空气过滤网 3个月 is marked consumable in the example; also an excluded part is fine
    edit(project, HVAC, COMPRESSOR, "      - name: 皮带\n        term: 12个月")
    silent(check(project), "warranty-part")  # 皮带 is named in the exclusions


def test_a_part_warranty_in_working_days_cannot_be_compared_and_says_so(project):
    edit(project, HVAC, COMPRESSOR, "      - name: 压缩机\n        term: 300个工作日")
    found = check(project)
    f = fires(found, "warranty-part", WARNING, HVAC, line_of(project, HVAC, "term: 300个工作日"))
    assert "工作日" in f.message
    fires(found, "warranty-part", WARNING, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "    warranty:"))


# -- sanbao-floor -------------------------------------------------------------------------------


def test_an_exchange_period_below_the_legal_15_days_is_an_error(project):
    edit(project, HVAC, "      exchange_within: 15日", "      exchange_within: 10日")
    f = fires(check(project), "sanbao-floor", ERROR, HVAC, line_of(project, HVAC, "exchange_within: 10日"))
    assert "15日" in f.message


def test_a_return_period_in_working_days_is_an_error(project):
    # 5个工作日 can be 7 calendar days — or less over a holiday; the law counts calendar days
    edit(project, HVAC, "      return_within: 7日", "      return_within: 5个工作日")
    fires(check(project), "sanbao-floor", ERROR, HVAC, line_of(project, HVAC, "return_within: 5个工作日"))


def test_a_repair_allowed_to_take_longer_than_30_days_is_an_error(project):
    # seed 000 quotes the 30日 limit; a plan promising 45日 is below the floor
    edit(project, HVAC, "      repair_within: 30日", "      repair_within: 45日")
    fires(check(project), "sanbao-floor", ERROR, HVAC, line_of(project, HVAC, "repair_within: 45日"))


def test_three_repairs_before_an_exchange_is_an_error(project):
    edit(project, HVAC, "      repairs_before_exchange: 2", "      repairs_before_exchange: 3")
    fires(check(project), "sanbao-floor", ERROR, HVAC, line_of(project, HVAC, "repairs_before_exchange: 3"))


def test_more_generous_than_the_law_is_fine(project):
    edit(project, HVAC, "      return_within: 7日", "      return_within: 1个月")
    edit(project, HVAC, "      repair_within: 30日", "      repair_within: 72小时")
    silent(check(project), "sanbao-floor")


def test_a_length_with_no_start_anywhere_is_a_warranty_start_error(project):
    # the LED policy drops its start event from the data and from its summary
    led = "commitments/policies/led.yaml"
    edit(project, led, "    start: 安装调试完成\n", "")
    edit(project, led, "自安装调试完成之日起提供免费质保", "提供免费质保")
    found = check(project)
    f = fires(found, "warranty-start", ERROR, led, line_of(project, led, "  warranty:") + 1)
    assert "24个月" in f.message and "起算" in f.message
    # the expo bid overrides the length (36个月) and inherits the missing start
    bid = "commitments/bids/lj-expo-led.yaml"
    f = fires(found, "warranty-start", ERROR, bid, line_of(project, bid, "    warranty:") + 1)
    assert "36个月" in f.message


def test_a_plan_document_with_a_length_and_no_start_names_the_length(tmp_path):
    from generator.plancheck import check_document

    (tmp_path / "plan.txt").write_text("一、保修\n本系统免费保修期为二十四个月，期内上门维修不收费。\n", encoding="utf-8")
    found = [(f.rule, f.severity, f.line, f.col) for f in check_document(tmp_path / "plan.txt", None, "plan.txt") if f.rule in ("warranty-start", "missing-term")]
    assert found == [("warranty-start", ERROR, 2, 10)]  # at the length; missing-term does not report the same gap


# -- sanbao-floor in text ---------------------------------------------------------------------


def _doc_findings(tmp_path, text: str, rule: str) -> list[tuple]:
    from generator.plancheck import check_document

    (tmp_path / "plan.txt").write_text(text, encoding="utf-8")
    return [(f.severity, f.line, f.col) for f in check_document(tmp_path / "plan.txt", None, "plan.txt") if f.rule == rule]


SANBAO_PLAN = (
    "三、三包管理\n"
    "1、代理商售出整机后须在一周内寄回用户登记表，逾期未寄回的，厂家对该机三包不予受理。\n"
    "2、代理商未按期寄回登记表的，由代理商承担相应费用，用户的三包照常办理。\n"
    "3、用户未出示三包凭证的，不予办理三包。\n"
    "4、凡下列情形，免费维修但不予退货：\n"
    "5、因用户擅自拆机造成的损坏，免费维修，不予退换。\n"
    "6、售出十五日以后出现的性能故障，免费修理，不退换。\n"
    "7、退货时如售价下调，按现价退款。\n"
    "8、代理商超出三包范围的额外承诺，否则厂家不承担。\n"
    "9、顾客对商品不满意的，在合理的范围内可以申请退货。\n"
    "10、顾客对商品不满意的，售出7日内可以申请退货。\n"
    "11、非质量问题的退货，在合理的范围内可以办理退换。\n"
)


def test_a_three_guarantees_right_withheld_or_cut_in_text_is_reported(tmp_path):
    # 1: the user's 三包 depends on the agent's paperwork; 4: a free repair
    # (a defect of the goods) is never returnable; 7: a refund at the lowered
    # price; 9: a return bounded by "合理的范围" and no days. 2 puts the
    # paperwork on the agent, 3 is the user's own voucher, 5 is the user's
    # fault, 6 is past the 15 days, 8 is beyond 三包, 10 has its days, 11 is
    # a goodwill return the law does not require: lawful
    assert _doc_findings(tmp_path, SANBAO_PLAN, "sanbao-floor") == [(ERROR, 2, 36), (ERROR, 5, 9), (WARNING, 8, 7), (ERROR, 10, 14)]


def test_the_shipped_policies_keep_the_three_guarantees(project):
    silent(check(project), "sanbao-floor")


def test_the_warranty_under_another_name_keeps_the_same_start(tmp_path):
    from generator.plancheck import check_document

    text = ("一、保修期为两年，自竣工验收合格之日起计算。\n"
            "二、我方在设备安装完成后负责维保两年。\n"
            "三、维保期（即保修期）满后，维修按成本收费。\n"
            "四、我方在接到通知后负责清洗两年。\n")
    (tmp_path / "plan.txt").write_text(text, encoding="utf-8")
    found = [(f.severity, f.line) for f in check_document(tmp_path / "plan.txt", None, "plan.txt") if f.rule == "warranty-start"]
    # line 2 starts the 维保 period (the warranty, by line 3) at installation; line 4's period is not the warranty
    assert found == [(ERROR, 2)]
