"""Text rules on plan documents: each rule fires on its own bad case, with
the exact findings (rule, line, column), and stays silent on good text.

The plans are written here, in the project's own words, modelled on the
seeds' real defects; they are checked as a user would (`tender check
plan.txt`), on their own, with no project.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import STATED
from test_rules import fires

from generator.findings import Severity
from generator.plancheck import check_document

ERROR, WARNING = Severity.ERROR, Severity.WARNING


def check_text(tmp_path: Path, text: str, name: str = "plan.txt") -> list:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check_document(path, None, file=name)


def only(findings, rule: str) -> list[tuple[int, int]]:
    """(line, col) of every finding of `rule`; the test compares the whole
    list, so these count as stated for `fires`' exactness check."""
    STATED.setdefault(id(findings), (findings, set()))[1].update((f.rule, f.file, f.line) for f in findings if f.rule == rule)
    return [(f.line, f.col) for f in findings if f.rule == rule]


CLEAN = """售后服务方案
一、服务承诺
我公司提供7×24小时服务热线 400-826-3519，接到报修后 30分钟内响应，2小时内到达现场。
二、质保期
质保期为验收合格之日起三年，质保期内免费上门维修、免费更换零部件。
三、培训
安装调试完成后对采购人操作人员进行现场培训，共 2期、每期 10人。
"""


def test_a_clean_plan_has_no_finding(tmp_path):
    assert check_text(tmp_path, CLEAN) == []


# -- foreign-name: our own side is never foreign -----------------------------------------------


OWN_SIDE = """我公司承诺：采购我公司产品的用户，故障信息及时反馈到公司后 2小时内上门。
本公司、本厂、我方和我单位负责维修；不能现场修复的返厂维修，其厂家负责配件（含返厂维修、出厂检验）。
维修人员须穿着公司统一的工服，树立公司形象，维护公司信誉。
销售分公司和售后服务中心负责登记。软件公司提供升级。
"""


def test_our_own_side_is_never_another_organisation(tmp_path):
    assert only(check_text(tmp_path, OWN_SIDE), "foreign-name") == []


def test_an_organisation_shaped_name_is_foreign(tmp_path):
    text = "冠金公司从成立之初就重视服务。\n由江苏绿色照明工程有限公司工程部负责。\n我们将向贵州省电教馆提供服务。\n"
    findings = check_text(tmp_path, text)
    assert only(findings, "foreign-name") == [(1, 1), (2, 2), (3, 5)]
    assert "冠金公司" in fires(findings, "foreign-name", ERROR, "plan.txt", 1).message


def test_a_proper_name_before_tender_documents_is_foreign(tmp_path):
    text = "深化设计遵照腾讯标书的要求进行。\n深化设计遵照本项目招标文件和采购人的要求进行。\n"
    findings = check_text(tmp_path, text)
    assert only(findings, "foreign-name") == [(1, 7)]
    assert "腾讯" in fires(findings, "foreign-name", ERROR, "plan.txt", 1).message


def test_the_names_a_plan_gives_itself_are_not_foreign(tmp_path):
    text = "投标人：杭州澄衡科技有限公司（盖章）\n致：杭州市澜湾区人民医院\n杭州澄衡科技有限公司承诺为杭州市澜湾区人民医院提供服务。\n"
    assert only(check_text(tmp_path, text), "foreign-name") == []


def test_one_organisation_retyped_in_another_way_is_a_project_identity_error(tmp_path):
    text = ("我们将向澜湾市档案馆提供上门服务。\n澜湾市档案馆的设备由专人维护。\n"
            "定期了解澜湾市市档案馆的需求。\n为澜湾档案馆提供安装服务。\n向档案馆提交报告。\n")
    findings = check_text(tmp_path, text)
    assert only(findings, "project-identity") == [(3, 5), (4, 2)]
    assert "澜湾市档案馆" in fires(findings, "project-identity", ERROR, "plan.txt", 3).message


def test_traditional_text_is_checked_like_simplified_with_original_positions(tmp_path):
    findings = check_text(tmp_path, "售後服務方案\n本公司與冠金公司從成立之初……\n")
    f = fires(findings, "foreign-name", ERROR, "plan.txt", 2)
    assert f.col == 5  # 冠 is the fifth character of the original line


# -- placeholder: a number promised further on ---------------------------------------------------


def test_a_phone_promised_below_that_never_follows_is_a_placeholder(tmp_path):
    text = "用户可拨打客服中心电话（见下）报修。\n工程师接到电话后30分钟内回复。\n"
    findings = check_text(tmp_path, text)
    assert only(findings, "placeholder") == [(1, 10)]
    assert "（见下）" in fires(findings, "placeholder", ERROR, "plan.txt", 1).message


def test_a_phone_given_below_as_promised_is_fine(tmp_path):
    text = "用户可拨打客服中心电话（见下）报修。\n服务热线：400-826-3519\n"
    assert only(check_text(tmp_path, text), "placeholder") == []


# -- vague-promise -----------------------------------------------------------------------------


def test_item_numbers_and_dates_do_not_make_a_promise_measurable(tmp_path):
    text = "（2）接到报修后及时上门维修。\n3、2026年5月1日起在规定时间内到达现场。\n3.4.3 尽快修复故障。\n"
    assert only(check_text(tmp_path, text), "vague-promise") == [(1, 9), (2, 13), (3, 7)]


def test_a_vague_word_joined_to_another_adjective_still_governs_the_action(tmp_path):
    text = "对用户的来电须给予及时、耐心答复。\n对用户的来电须迅速和妥善地处理。\n对用户的来电须热情、耐心。\n"
    assert only(check_text(tmp_path, text), "vague-promise") == [(1, 10), (2, 8)]


def test_a_frequency_is_a_figure(tmp_path):
    text = "密封条损坏的及时更换，每年一次。\n滤网及时更换，2次/月。\n滤网及时更换，定期检查。\n"
    assert only(check_text(tmp_path, text), "vague-promise") == [(3, 3)]


def test_vague_words_about_other_things_are_no_promise(tmp_path):
    text = ("及时了解客户的需求，及时总结经验。\n接到报修后及时上门，2小时内到达现场。\n维修人员须按承诺时限到场，未按承诺时限修复的按合同扣款。\n"
            "对未能及时修复的设备，提供备用机。\n不能及时到场的，须向用户说明原因。\n")
    assert only(check_text(tmp_path, text), "vague-promise") == []


@pytest.mark.parametrize("phrase", ["在公司承诺的时限内到达", "按规定时间到场", "在规定时间内修复", "在客户规定的时间内到达现场"])
def test_vague_phrases_match_by_pattern(tmp_path, phrase):
    findings = check_text(tmp_path, f"接到报修后，维修人员{phrase}。\n")
    assert only(findings, "vague-promise") == [(1, 11)]


# -- punctuation -------------------------------------------------------------------------------


def test_a_dot_between_listed_words_suggests_an_enumeration_comma(tmp_path):
    f = fires(check_text(tmp_path, "负责设备.材料的供应，按时交付。\n"), "punctuation", WARNING, "plan.txt", 1)
    assert f.col == 5 and "、" in f.message


def test_half_width_marks_used_by_habit_are_one_finding(tmp_path):
    text = "服务内容（共七项）：\n" + "".join(f"第{i}项服务,按约定执行,并记录。\n" for i in range(1, 8))
    findings = check_text(tmp_path, text)
    assert only(findings, "punctuation") == [(2, 6)]
    assert "14 处" in fires(findings, "punctuation", WARNING, "plan.txt", 2).message


def test_half_width_marks_left_by_an_nfkc_conversion_are_not_the_writers(tmp_path):
    # 。 and 、 kept, not one ，：；（）: an extractor folded them (Unicode NFKC)
    text = "".join(f"第{i}项服务,按约定执行、并记录:签字(盖章)。\n" for i in range(1, 8))
    assert only(check_text(tmp_path, text), "punctuation") == []


def test_a_bracket_inside_mojibake_is_garbled_text_not_punctuation(tmp_path):
    findings = check_text(tmp_path, "服务宗旨!翱蛻舻臐M意才是我们的成功。\n（1）售后服务\n。1)质保期\n")
    assert only(findings, "punctuation") == []
    assert only(findings, "garbled-text") == [(1, 7), (3, 1)]
    assert "乱码" in fires(findings, "garbled-text", WARNING, "plan.txt", 1).message


# -- typo --------------------------------------------------------------------------------------


def test_homophone_typos_are_found_by_method(tmp_path):
    text = "质保期内免费维户。\n对重点用户每年致少走访一次。\n本公司觉不允许维修人员索要好处。\n整机保休期三年，保修期内免费更换，保修范围见附件。\n"
    findings = check_text(tmp_path, text)
    assert only(findings, "typo") == [(1, 7), (2, 8), (3, 4), (4, 3)]
    assert "维护" in fires(findings, "typo", WARNING, "plan.txt", 1).message


def test_a_pdf_line_break_space_inside_a_word_is_no_typo(tmp_path):
    text = "收到通 知后2小时内到场，意见反馈给各相 关部门。\n质保期内免费维 户。\n"
    findings = check_text(tmp_path, text)
    assert only(findings, "typo") == [(2, 7)]
    assert "维护" in fires(findings, "typo", WARNING, "plan.txt", 2).message


def test_a_text_with_more_odd_spots_than_any_plan_gets_no_more_typo_answers(tmp_path, monkeypatch):
    from generator.rules.writing import PlanText

    monkeypatch.setattr(PlanText, "LOOKS_BASE", 3)
    monkeypatch.setattr(PlanText, "LOOKS_PER_CHAR", 0)
    text = "质保期内免费维户。\n对重点用户每年致少走访一次。\n"  # three odd spots in line 1, then no more answers
    assert only(check_text(tmp_path, text), "typo") == [(1, 7)]
    monkeypatch.setattr(PlanText, "LOOKS_BASE", 2000)
    assert only(check_text(tmp_path, text), "typo") == [(1, 7), (2, 8)]


def test_a_set_phrase_with_one_character_wrong_is_a_typo(tmp_path):
    text = "我们对每位用户持之以横地提供服务。\n服务人员应当言谈举此得体。\n我们将锲而不舍地改进服务，一丝不苟。\n"
    findings = check_text(tmp_path, text)
    assert only(findings, "typo") == [(1, 8), (2, 7)]
    assert "言谈举止" in fires(findings, "typo", WARNING, "plan.txt", 2).message


def test_transposed_characters_and_digits_in_fixed_terms_are_typos(tmp_path):
    findings = check_text(tmp_path, "利用机算计和互联网受理报修。\n不允许将3包用户推给厂家。\n接到通知后24时内上门。\n")
    assert only(findings, "typo") == [(1, 3), (2, 5), (3, 6)]


def test_the_plans_own_vocabulary_is_not_a_typo(tmp_path):
    text = "负责售前、售中、售后服务。\n售中服务包括安装指导。\n年度维保含两次巡检。\n免费提供控制软件升级和屏体校正。\n"
    assert only(check_text(tmp_path, text), "typo") == []


def test_a_plan_of_a_collection_that_stops_mid_sentence_is_truncated(tmp_path):
    plan1 = "售后服务方案1\n第1条，工程师接到报修后按约定到场处理，处理完毕请用户签字确认。\n第2条，工程师接到报修后按约定到场处理，处理完毕请用户签字确认。\n第3条，工程师接到报修后按约定到场处理，处理完毕请用户签字确认。\n第4条，工程师接到报修后按约定到场处理，处理完毕请用户签字确认。\n第5条，工程师接到报修后按约定到场处理，处理完毕请用户签字确认。\n工程师每月向采购人提交巡检记录和故障统计表，并按采购人的安排申请下月的巡检\n"
    plan2 = "售后服务方案2\n第1条，工程师接到报修后按约定到场处理，处理完毕请用户签字确认。\n第2条，工程师接到报修后按约定到场处理，处理完毕请用户签字确认。\n第3条，工程师接到报修后按约定到场处理，处理完毕请用户签字确认。\n第4条，工程师接到报修后按约定到场处理，处理完毕请用户签字确认。\n第5条，工程师接到报修后按约定到场处理，处理完毕请用户签字确认。\n"
    findings = check_text(tmp_path, plan1 + plan2)
    assert only(findings, "truncated") == [(7, 37)]
    assert "这一篇方案" in fires(findings, "truncated", WARNING, "plan.txt", 7).message


def test_a_plan_that_never_ends_paragraphs_with_a_full_stop_is_not_cut(tmp_path):
    text = "".join(f"第{i}条，工程师接到报修后按约定到场处理，处理完毕请用户签字确认\n" for i in range(1, 7))
    assert only(check_text(tmp_path, text), "truncated") == []


# -- internal-text -----------------------------------------------------------------------------


def test_internal_instructions_shown_to_the_buyer_are_a_warning(tmp_path):
    text = "维修人员未按时到场的，扣当月绩效考核分5分。\n通过回访挽回流失客户，提高市场占有率。\n开通网上服务，节省我公司的人力资源成本。\n"
    findings = check_text(tmp_path, text)
    assert only(findings, "internal-text") == [(1, 12), (2, 5), (3, 8)]
    assert "内部" in fires(findings, "internal-text", WARNING, "plan.txt", 1).message


def test_penalties_promised_to_the_buyer_are_not_internal(tmp_path):
    assert only(check_text(tmp_path, "每超时1小时，按合同向采购人支付违约金500元。\n"), "internal-text") == []


# -- term-consistency --------------------------------------------------------------------------


def test_one_period_named_three_ways_is_a_warning(tmp_path):
    text = "质保期三年。\n质保期内免费维修。\n保修期内免费上门。\n质量保证期满后按成本收费。\n"
    findings = check_text(tmp_path, text)
    assert only(findings, "term-consistency") == [(3, 1)]
    assert "质保期" in fires(findings, "term-consistency", WARNING, "plan.txt", 3).message


def test_the_buyer_named_from_three_contracts_in_one_paragraph_is_a_warning(tmp_path):
    findings = check_text(tmp_path, "乙方须免费提供同档次的设备予甲方使用，直至买方的设备修复，业主确认后归还。\n")
    assert only(findings, "term-consistency") == [(1, 22)]


def test_a_factory_that_also_calls_itself_the_company_mixes_its_names(tmp_path):
    text = "公司产品实行三包。\n用户意见及时反馈到公司。\n本厂负责维修，物流公司负责运输。\n"
    findings = check_text(tmp_path, text)
    assert only(findings, "term-consistency") == [(3, 1)]
    assert "本厂" in fires(findings, "term-consistency", WARNING, "plan.txt", 3).message


def test_a_factory_that_names_other_companies_is_consistent(tmp_path):
    text = "本厂产品实行三包。\n运输由物流公司负责，保险由保险公司承担。\n"
    assert only(check_text(tmp_path, text), "term-consistency") == []


# -- self-contradiction ------------------------------------------------------------------------


def test_free_visits_then_travel_costs_is_a_contradiction(tmp_path):
    text = "质保期内免费上门服务。\n维修人员的差旅费由用户承担。\n"
    findings = check_text(tmp_path, text)
    assert only(findings, "self-contradiction") == [(2, 6)]
    assert "免费上门" in fires(findings, "self-contradiction", WARNING, "plan.txt", 2).message


def test_travel_costs_outside_the_warranty_are_fine(tmp_path):
    text = "质保期内免费上门服务。\n质保期外上门的差旅费由用户承担。\n"
    assert only(check_text(tmp_path, text), "self-contradiction") == []


def test_regular_and_irregular_visits_contradict(tmp_path):
    text = "我公司定期巡查设备运行情况。\n服务人员不定期走访客户。\n"
    assert only(check_text(tmp_path, text), "self-contradiction") == [(2, 5)]


def test_an_act_forbidden_then_permitted_is_a_contradiction(tmp_path):
    text = "5、工程师在任何情况下都不得向用户索取备件运输费用。\n6、远程无法修复时可向用户索取备件运输费用。\n"
    findings = check_text(tmp_path, text)
    assert only(findings, "self-contradiction") == [(2, 10)]
    assert "前文明确禁止" in fires(findings, "self-contradiction", WARNING, "plan.txt", 2).message


def test_a_plain_prohibition_with_a_named_exception_is_fine(tmp_path):
    text = ("工程师不得向用户索取备件运输费用。\n质保期外可向用户索取备件运输费用。\n如用户同意，可以更换同型号备件。\n"
            "用户不得擅自拆卸设备的外壳部件。\n可拆卸设备的外壳部件由用户清洗。\n")
    assert only(check_text(tmp_path, text), "self-contradiction") == []


# -- numbering ---------------------------------------------------------------------------------


def test_a_skipped_heading_number_is_a_warning(tmp_path):
    findings = check_text(tmp_path, "一、服务承诺\n二、质保期\n四、培训\n")
    assert only(findings, "numbering") == [(3, 1)]
    assert "三、" in fires(findings, "numbering", WARNING, "plan.txt", 3).message


def test_a_repeated_number_and_a_style_change_are_warnings(tmp_path):
    text = "第一、下列情况包退\n第二、下列情况包换\n第二、下列情况不予退换\n（1）公司三包要求\n（二）经销商三包要求\n"
    assert only(check_text(tmp_path, text), "numbering") == [(3, 2), (5, 2)]


def test_a_sublist_that_changes_numeral_after_an_inner_list_is_a_style_change(tmp_path):
    text = "三、三包要求\n（1）厂方的要求\n1、登记\n2、回访\n（二）代理商的要求\n1、结算\n"
    findings = check_text(tmp_path, text)
    assert only(findings, "numbering") == [(5, 2)]
    assert "（2）" in fires(findings, "numbering", WARNING, "plan.txt", 5).message


def test_bare_numbers_glued_to_the_text_are_a_list_when_it_starts_at_one(tmp_path):
    text = "1接到报修登记。\n2派工程师上门。 3查明原因。\n5修复后请用户签字。\n"
    findings = check_text(tmp_path, text)
    assert only(findings, "numbering") == [(3, 1)]
    assert "缺少“4”" in fires(findings, "numbering", WARNING, "plan.txt", 3).message


def test_a_sentence_cut_in_two_by_a_number_is_a_numbering_warning(tmp_path):
    text = "1、工程师进门前应出示工作证，\n2、并说明来意。\n3、维修前铺好防尘布（防\n4、尘布自带）。\n5、离开前清理现场。\n"
    findings = check_text(tmp_path, text)
    assert only(findings, "numbering") == [(2, 1), (4, 1)]
    assert "拆成了两条" in fires(findings, "numbering", WARNING, "plan.txt", 2).message


def test_quantities_at_the_start_of_a_line_are_no_list(tmp_path):
    text = "1名工程师常驻现场。\n24小时内到达。\n3年内免费更换。\n5台备用机。\n"
    assert only(check_text(tmp_path, text), "numbering") == []


def test_a_new_top_heading_closes_the_open_lists(tmp_path):
    # a collection: the second plan's 一、 closes the first plan's 1、 list
    text = "1、响应\n2、到场\n一、服务方式\n1、电话\n2、远程\n3、上门\n二、服务热线\n"
    assert only(check_text(tmp_path, text), "numbering") == []


def test_nested_lists_that_restart_are_fine(tmp_path):
    text = "一、服务承诺\n1. 响应\n2. 到场\n二、质保期\n1. 整机\n2. 配件\n（1）压缩机\n（2）电机\n3. 耗材\n"
    assert only(check_text(tmp_path, text), "numbering") == []


# -- garbled-text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, col",
    [
        ("为确保向?qū学生提供服务", 5),
        ("。ㄒ唬公司三包要求", 1),
        ("提供高品质的售后服务&nbsp;客户至上", 11),
        ("问题进行归总处理</p>", 9),
        ("未来1-2年?duì争取设置网点", 7),
    ],
)
def test_mojibake_entities_and_tags_are_garbled_text(tmp_path, line, col):
    assert only(check_text(tmp_path, line + "\n"), "garbled-text") == [(1, col)]


def test_rare_but_real_words_are_not_garbled(tmp_path):
    text = "棉布服装褪色、缩水，免费熨烫。\n配件保证叁年内供货，金额贰万元整。\n服务人员统一着装并佩戴绶带。\n"
    assert only(check_text(tmp_path, text), "garbled-text") == []


# -- truncated ---------------------------------------------------------------------------------


def test_a_missing_attachment_and_a_cut_sentence_are_warnings(tmp_path):
    text = "一、活动安排\n活动行程规划（见附表一）。\n二、人员\n维修人员负责设备的\n"
    findings = check_text(tmp_path, text)
    assert only(findings, "truncated") == [(2, 9), (4, 9)]
    assert "附表一" in fires(findings, "truncated", WARNING, "plan.txt", 2).message


def test_an_attachment_that_is_there_is_fine(tmp_path):
    text = "一、活动安排\n活动行程规划（见附表一）。\n二、人员\n附表一：活动行程\n上午安装，下午调试。\n"
    assert only(check_text(tmp_path, text), "truncated") == []


# -- hotline and repeated text in documents ------------------------------------------------------


def test_a_hotline_without_a_number_is_a_warning(tmp_path):
    assert only(check_text(tmp_path, "常设7天×24小时热线服务。\n"), "hotline-format") == [(1, 10)]


def test_a_plan_copied_in_twice_under_the_same_headings_is_shared_text(tmp_path):
    first = "一、服务网点设置\n我公司在本市设有两个服务网点。\n二、备品备件供应\n常用备件在网点常备。\n三、操作人员培训\n安装后培训两次。\n"
    second = "一、服务网点设置\n1. 市内两个网点负责上门。\n二、备品备件供应\n1. 网点备有常用件。\n三、操作人员培训\n1. 培训两次。\n四、回访\n"
    findings = check_text(tmp_path, "服务方案\n" + first + "服务方案（二）\n" + second)
    assert only(findings, "shared-text") == [(9, 1)]
    assert "第 2 行" in fires(findings, "shared-text", WARNING, "plan.txt", 9).message


def test_headings_that_recur_out_of_order_are_no_copy(tmp_path):
    text = "一、服务网点设置\n二、备品备件供应\n三、操作人员培训\n四、服务网点设置\n五、操作人员培训\n六、备品备件供应\n"
    assert only(check_text(tmp_path, text), "shared-text") == []


def test_a_repeated_paragraph_is_shared_text(tmp_path):
    para = "建立健全的售后服务体系首先需要组建一个专业的售后服务团队，团队成员应该接受专业培训，了解产品的技术细节。"
    findings = check_text(tmp_path, f"{para}\n其他内容。\n{para}\n")
    assert only(findings, "shared-text") == [(3, 1)]
    assert "第 1 行" in fires(findings, "shared-text", WARNING, "plan.txt", 3).message


# -- citation ------------------------------------------------------------------------------------


def test_a_standard_number_that_is_not_its_subjects_is_a_citation_warning(tmp_path):
    text = ("我公司通过ISO9001质量管理体系、GB/T 24001环境管理体系和ISO9000质量体系认证。\n"
            "施工中执行ISO18000环保体系标准。\n"
            "按OHSAS18001职业健康安全管理体系管理现场。\n")
    findings = check_text(tmp_path, text)
    assert only(findings, "citation") == [(2, 6), (3, 2)]
    assert "ISO 14001" in fires(findings, "citation", WARNING, "plan.txt", 2).message
    assert "ISO 45001" in fires(findings, "citation", WARNING, "plan.txt", 3).message


def test_a_law_quoted_with_two_titles_is_a_citation_warning(tmp_path):
    text = ("依据《电梯设备检修、更换、报废管理规定》执行。\n填写《设备维修记录》。\n"
            "依据《电梯设备维修、更换、报废管理规定》执行。\n填写《设备修理记录》。\n")
    findings = check_text(tmp_path, text)
    assert only(findings, "citation") == [(3, 3)]
    assert "检修" in fires(findings, "citation", WARNING, "plan.txt", 3).message


def test_the_paragraphs_compared_for_shared_text_do_not_depend_on_the_hash_seed():
    from generator.rules.writing import _likely_sources

    # every earlier paragraph shares one trigram with the new one: a tie,
    # broken by the earlier paragraph whatever order the set of trigrams has
    later = {f"第{k}段落": [5 + k] for k in range(9)}
    postings = {"售后服": [0, 1, 2, 3, 4], **later}
    assert _likely_sources(set(postings), postings) == [0, 1, 2, 3, 4]


def test_typo_candidates_taken_from_a_trace_are_those_the_plan_itself_gives():
    """A paragraph met again (bids copied from each other) takes its typo
    candidates from the trace of the first meeting only when its own plan
    answers every question alike: for each pair of plans, the remembered
    answer equals a fresh one."""
    from generator.rules import writing

    lines = ["质保期内免费维户。", "对重点用户每年致少走访一次。", "本公司觉不允许维修人员索要好处。", "整机保休期三年，保修期内免费更换。",
             "保修含维保含税，维保含安装。", "服务人员应当言谈举此得体。", "机算计房设备3包期内免费。"]
    plans = ["\n".join(lines), "\n".join(lines[:2]), "维户系统\n维户平台\n维户\n" + "\n".join(lines), "保含\n保含\n维保\n" + lines[4]]
    for first in plans:
        for second in plans:
            for line in lines:
                writing.clear_text_memos()
                writing._candidates(line, writing.PlanText(first))  # leaves a trace
                again = writing._candidates(line, writing.PlanText(second))
                assert again == list(writing.typo_candidates(line, writing.PlanText(second))), (line, first[:8], second[:8])
    writing.clear_text_memos()
