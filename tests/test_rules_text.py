"""Free text: copy-paste residue, vague promises, punctuation, phone numbers,
the complaint ladder.

The residue is what the seeds are full of: placeholders (XXX, 20xx年, 2**)
and other companies' names (冠金公司, 贵州省电教馆) in seed 001, a web page's
"小编为大家收集" opening, "在客户规定的时间内到达现场" in seed 000, a set-top
box and half-width commas in seed 004's electromechanical plan, and seed
003's escalation steps.
"""

from __future__ import annotations

import pytest

from test_rules import (
    COMPANY,
    ERROR,
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

FREE_SCOPE = "      - 免费提供群控系统软件升级"
REPORT = "    report: 每次巡检后 3个工作日内提交书面巡检报告，由设备科签字确认后存档。"
EMERGENCY = "        - 启动应急小组，售后服务总监现场指挥"
STEP2 = "        action: 现场协调，制定整改方案"


# -- placeholder -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "residue",
    [
        "由XXX负责",  # seed 001: 技术服务邮箱:XXX
        "自20xx年起",  # seed 001: 20xx年医师资格考试
        "2**年4月7日起",  # seed 001: 2**年4月7日
        "联系人：____",
        "由某某工程师负责",
        "具体安排待定",
        "详见【项目名称】",
        "TBD",
    ],
)
def test_a_placeholder_left_in_text_is_an_error(project, residue):
    edit(project, HVAC, FREE_SCOPE, f"{FREE_SCOPE}，{residue}")
    fires(check(project), "placeholder", ERROR, HVAC, line_of(project, HVAC, residue))


def test_a_placeholder_in_the_company_file_is_an_error(project):
    edit(project, COMPANY, "  email: service@chengheng-tech.cn", "  email: XXX@chengheng-tech.cn")
    fires(check(project), "placeholder", ERROR, COMPANY, line_of(project, COMPANY, "email: XXX@"))


def test_model_numbers_and_7x24_are_not_placeholders(project):
    edit(project, HVAC, FREE_SCOPE, f"{FREE_SCOPE}（适用 CH-XF 系列、7×24 热线、2x 冗余电源）")
    silent(check(project), "placeholder")


# -- foreign-name ------------------------------------------------------------------------------


def test_another_companys_name_left_from_an_old_bid_is_an_error(project):
    # seed 001: "冠金公司從成立之初就將…"
    edit(project, HVAC, EMERGENCY, f"{EMERGENCY}，冠金公司技术部配合")
    f = fires(check(project), "foreign-name", ERROR, HVAC, line_of(project, HVAC, "冠金公司"))
    assert "冠金公司" in f.message and "allowed_names" in f.message


def test_another_buyers_name_left_in_a_bid_is_an_error(project):
    # seed 001: a plan written for 贵州省电教馆
    edit(project, HOSPITAL_BID, "    - 本项目质保期 5年", "    - 贵州省电教馆项目质保期 5年")
    fires(check(project), "foreign-name", ERROR, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "贵州省电教馆"))


def test_our_buyer_agency_manufacturer_and_project_names_are_fine(project):
    edit(project, HOSPITAL_BID, "    - 本项目质保期 5年",
         "    - 杭州市澜湾区人民医院委托浙江衡信招标代理有限公司采购；澄衡科技与中质华信认证有限公司合作，质保期 5年")
    silent(check(project), "foreign-name")


def test_a_project_named_after_a_library_is_not_residue(project):
    # the project's own name holds an institution ending in 馆
    edit(project, HOSPITAL_BID, "    name: 澜湾区人民医院门诊楼中央空调系统采购及安装项目", "    name: 澜湾区图书馆新馆中央空调系统采购及安装项目")
    edit(project, HOSPITAL_BID, "    - 本项目质保期 5年", "    - 澜湾区图书馆新馆中央空调系统采购及安装项目质保期 5年")
    silent(check(project), "foreign-name")


def test_an_allowed_partner_is_fine_once_listed(project):
    edit(project, HVAC, EMERGENCY, f"{EMERGENCY}，冠金公司技术部配合")
    edit(project, COMPANY, "    - 中质华信认证有限公司\n", "    - 中质华信认证有限公司\n    - 冠金公司\n")
    silent(check(project), "foreign-name")


# -- vague-promise -------------------------------------------------------------------------------


def test_arriving_within_the_time_the_customer_sets_is_a_vague_promise(project):
    # seed 000: "需要现场服务的，应在客户规定的时间内到达现场"
    edit(project, HVAC, STEP2, "        action: 需要现场服务的，应在客户规定的时间内到达现场")
    f = fires(check(project), "vague-promise", WARNING, HVAC, line_of(project, HVAC, "在客户规定的时间内"))
    assert "在客户规定的时间内" in f.message


@pytest.mark.parametrize("vague", ["尽快解决", "第一时间答复客户", "按公司承诺的时限完成"])
def test_promises_without_a_figure_are_warnings(project, vague):
    edit(project, HVAC, STEP2, f"        action: 现场协调，{vague}")
    fires(check(project), "vague-promise", WARNING, HVAC, line_of(project, HVAC, vague))


def test_a_prompt_promise_with_a_figure_is_fine(project):
    edit(project, HVAC, STEP2, "        action: 现场协调，及时处理，48小时内书面答复")
    silent(check(project), "vague-promise")


# -- web-residue -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "residue",
    ["下面是小编为大家收集的售后服务方案", "展开阅读全文", "本文仅供参考", "详见 https://wenku.baidu.com/view/abc.html"],
)
def test_text_pasted_from_a_web_page_is_an_error(project, residue):
    edit(project, HVAC, REPORT, f"    report: {residue}。每次巡检后 3个工作日内提交书面巡检报告。")
    fires(check(project), "web-residue", ERROR, HVAC, line_of(project, HVAC, residue))


# -- punctuation -------------------------------------------------------------------------------------


def test_a_half_width_comma_between_chinese_words_is_a_warning(project):
    # seed 004: "信息准确、反应敏捷、处理有效,用户满意"
    edit(project, HVAC, STEP2, "        action: 现场协调,制定整改方案")
    f = fires(check(project), "punctuation", WARNING, HVAC, line_of(project, HVAC, "现场协调,制定"))
    assert "，" in f.message


def test_half_width_brackets_around_chinese_are_a_warning(project):
    edit(project, HVAC, STEP2, "        action: 现场协调(必要时驻场)")
    fires(check(project), "punctuation", WARNING, HVAC, line_of(project, HVAC, "(必要时驻场)"))


def test_mixed_quote_styles_are_a_warning(project):
    edit(project, HVAC, STEP2, "        action: 按“首问负责制”和\"限时办结\"处理")
    fires(check(project), "punctuation", WARNING, HVAC, line_of(project, HVAC, "首问负责制"))


def test_decimals_model_numbers_and_english_are_fine(project):
    edit(project, HVAC, STEP2, "        action: 现场协调，按 ISO 9001:2015 和 2.5 版流程处理（CH-LG 系列）")
    silent(check(project), "punctuation")


# -- off-topic ---------------------------------------------------------------------------------------


def test_a_set_top_box_in_an_hvac_plan_is_a_warning(project):
    # seed 004: 机顶盒 throughout an electromechanical plan
    edit(project, HVAC, "        - 活动期间工程师驻场值守", "        - 活动期间工程师驻场值守，检查机顶盒使用情况")
    f = fires(check(project), "off-topic", WARNING, HVAC, line_of(project, HVAC, "机顶盒"))
    assert "暖通空调设备" in f.message


def test_a_word_of_the_policys_own_line_is_fine(project):
    edit(project, LED, "        - 杭州服务中心同步派出第二组工程师携带备件", "        - 杭州服务中心同步派出第二组工程师携带备用显示屏模组")
    silent(check(project), "off-topic")


# -- hidden-char and markup ---------------------------------------------------------------------------


def test_an_invisible_character_is_an_error(project):
    edit(project, HVAC, STEP2, "        action: 现场协调\u200b，制定整改方案")
    f = fires(check(project), "hidden-char", ERROR, HVAC, line_of(project, HVAC, "现场协调\u200b"))
    assert "U+200B" in f.message


def test_html_pasted_into_text_is_a_warning(project):
    edit(project, HVAC, STEP2, "        action: <b>现场协调</b>，制定整改方案")
    fires(check(project), "markup", WARNING, HVAC, line_of(project, HVAC, "<b>现场协调"))


# -- hotline-format ------------------------------------------------------------------------------------


def test_a_hotline_left_as_400_xxx_is_a_warning_and_a_placeholder(project):
    edit(project, COMPANY, "  hotline: 400-826-3519", "  hotline: 400-XXX-XXXX")
    findings = check(project)
    line = line_of(project, COMPANY, "hotline: 400-XXX-XXXX")
    fires(findings, "hotline-format", WARNING, COMPANY, line)
    fires(findings, "placeholder", ERROR, COMPANY, line)


def test_an_outlet_phone_with_a_digit_missing_is_a_warning(project):
    edit(project, COMPANY, "      phone: 0571-86691520", "      phone: 0571-866915")
    fires(check(project), "hotline-format", WARNING, COMPANY, line_of(project, COMPANY, "phone: 0571-866915"))


def test_a_buyer_phone_that_is_not_a_number_is_a_warning(project):
    edit(project, HOSPITAL_BID, "      phone: 0571-85903312", "      phone: 设备科转")
    fires(check(project), "hotline-format", WARNING, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "phone: 设备科转"))


@pytest.mark.parametrize("number", ["400 826 3519", "800-826-3519", "021-64197735", "0571-86691520-8021", "13857120468", "138-5712-0468"])
def test_real_looking_numbers_are_fine(project, number):
    edit(project, COMPANY, "  hotline: 400-826-3519", f"  hotline: {number}")
    silent(check(project), "hotline-format")


# -- escalation-order ----------------------------------------------------------------------------------


def test_an_escalation_step_with_a_shorter_limit_than_the_one_below_is_a_warning(project):
    # seed 003: the manager must answer before the clerk does
    edit(project, HVAC, "        time_limit: 48小时", "        time_limit: 12小时")
    f = fires(check(project), "escalation-order", WARNING, HVAC, line_of(project, HVAC, "time_limit: 12小时"))
    assert "区域服务经理" in f.message


def test_escalation_steps_out_of_order_are_a_warning(project):
    edit(project, HVAC, "      - rank: 3\n", "      - rank: 2\n")
    lines = (project / HVAC).read_text(encoding="utf-8").splitlines()
    second_rank_2 = [i for i, line in enumerate(lines, 1) if line.strip() == "- rank: 2"][1]
    fires(check(project), "escalation-order", WARNING, HVAC, second_rank_2)


# -- off-topic: a plan of a document that is about something else -----------------------------------


SERVICE_PART = (
    "售后服务方案一\n"
    "一、质保：设备质保期为36个月，自验收合格之日起计算，质保期内免费维修、免费更换故障配件。\n"
    "二、响应：接到报修后30分钟内响应，2小时内上门，8小时内排除故障；不能修复的提供备用设备。\n"
    "三、巡检与回访：每季度巡检一次，每次巡检后回访用户，记录设备运行和维护保养情况。\n"
    "四、培训：安装调试完成后对用户操作人员进行培训，每期10人，共2期，培训内容包括日常维护和常见故障处理。\n"
    "五、备件：常用备件在本地库房储备，停产后备件继续供应8年；投诉热线24小时受理，2小时内答复。\n"
)
OTHER_PART = (
    "售后服务方案二\n"
    "关于举办职工秋季运动会的通知\n"
    "各部门、各车间：为丰富职工业余文化生活，增强团队凝聚力，经研究决定于十月中旬举办职工秋季运动会，现将有关事项通知如下。\n"
    "比赛项目设田径、拔河、跳绳、趣味接力四大类，每个部门至少组织一支代表队参加，报名表请于本月底前交工会办公室。\n"
    "运动会期间请各部门合理安排生产，确保安全；比赛场地设在厂区东侧操场，开幕式当天上午八点整队入场。\n"
    "各代表队须统一服装，服从裁判安排，发扬友谊第一、比赛第二的精神，赛出水平，赛出风格。\n"
    "获奖队伍和个人将在闭幕式上颁发奖杯和证书，并给予一定的物质奖励，请各部门积极组织报名参加。\n"
)


def test_a_plan_of_a_collection_about_something_else_is_off_topic(tmp_path):
    from generator.plancheck import check_document

    (tmp_path / "plans.txt").write_text(SERVICE_PART + OTHER_PART, encoding="utf-8")
    found = [(f.severity, f.line, f.col) for f in check_document(tmp_path / "plans.txt", None, "plans.txt") if f.rule == "off-topic"]
    # reported once, at the first line after the second plan's title; the service plan is on topic
    assert found == [(WARNING, 8, 1)]


def test_a_whole_document_is_judged_with_room_for_a_company_profile(tmp_path):
    from generator.plancheck import check_document

    profile = "公司简介：本公司成立于二〇〇八年，注册资本五千万元，现有员工三百余人，拥有省级企业技术中心和多项发明专利。\n" * 60
    cases = {"notice.txt": OTHER_PART.split("\n", 1)[1], "plan.txt": profile + SERVICE_PART.split("\n", 1)[1]}
    found = {}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        found[name] = [(f.severity, f.line, f.col) for f in check_document(tmp_path / name, None, name) if f.rule == "off-topic"]
    # the notice alone is off topic at its first line; the plan with a long
    # profile (about 10 terms per 1,000 characters) is not
    assert found == {"notice.txt": [(WARNING, 1, 1)], "plan.txt": []}
