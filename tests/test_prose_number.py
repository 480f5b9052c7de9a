"""prose-number: a figure in free text agrees with the data it describes.

First the reader (`generator.prose.find_figures`): which figure it ties to
which metric, level and region — and, as important, the many figures it must
leave alone (dates, 7×24小时, clause numbers, phone numbers, amounts, ranges,
periodic clauses, emergency triggers). Then the comparison with the shipped
HVAC policy, and finally the user stories through `tender check`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, edit, line_of, run_cli
from generator.checker import check_project
from generator.prose import ANY, Facts, Vocab, find_figures, vocab_of
from generator.project import load_project

HVAC_POLICY = "commitments/policies/hvac.yaml"
LED_POLICY = "commitments/policies/led.yaml"
HVAC = "commitments/bids/lw-hospital-hvac.yaml"
LED = "commitments/bids/lj-expo-led.yaml"

VOCAB = Vocab(levels=("一级", "紧急故障", "二级", "严重故障", "三级", "一般故障"), parts=("压缩机",), kpis=("服务及时率", "客户满意度", "有效投诉率"))


def read(text: str) -> list[tuple]:
    return [(f.metric, str(f.value) if not isinstance(f.value, tuple) else "%d×%d" % f.value, f.level, f.region) for f in find_figures(text, VOCAB)]


# -- the reader: what it must find ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # deadlines: number + 内 + the first verb
    ("一级故障2小时内到达现场", [("arrival", "2小时", "一级", None)]),
    ("一级故障本市 2小时内到达现场，8小时内修复；未能修复的，24小时内提供备用设备。",
     [("arrival", "2小时", "一级", "本市"), ("fix", "8小时", "一级", "本市"), ("backup", "24小时", "一级", "本市")]),
    ("接到报修后30分钟内响应", [("response", "30分钟", None, None)]),
    ("接到报修后半小时内响应", [("response", "30分钟", None, None)]),
    ("二级故障省内四小时内到场", [("arrival", "4小时", "二级", "省内")]),
    ("紧急故障二十四小时以内派工程师到现场", [("arrival", "24小时", "紧急故障", None)]),
    ("省外两个工作日之内上门", [("arrival", "2个工作日", None, "省外")]),
    ("12小时内排除故障", [("fix", "12小时", None, None)]),
    ("4小时内恢复正常使用", [("fix", "4小时", None, None)]),
    ("10分钟内远程响应", [("remote_response", "10分钟", None, None)]),
    ("关键备件4小时内送达现场", [("parts_arrival", "4小时", None, None)]),
    ("投诉在2小时内受理", [("complaint_response", "2小时", None, None)]),
    ("7日内可退货，15日内可换货", [("sanbao_return", "7日", None, None), ("sanbao_exchange", "15日", None, None)]),
    ("24时内上门", [("arrival", "24小时", None, None)]),
    # level or region named after the figure, or several at once: any of them
    ("2小时内到场（一级故障）", [("arrival", "2小时", ANY, None)]),
    ("省内外 24小时内到场", [("arrival", "24小时", None, ANY)]),
    # labels before the figure
    ("到场时间：2小时", [("arrival", "2小时", None, None)]),
    ("响应时限不超过15分钟", [("response", "15分钟", None, None)]),
    ("质保期三年", [("warranty_term", "3年", None, None)]),
    ("质保期为 36个月，自验收合格之日起计算", [("warranty_term", "36个月", None, None)]),
    ("提供自调试验收后36个月的保修期", [("warranty_term", "36个月", None, None)]),
    ("整机5年质保", [("warranty_term", "5年", None, None)]),
    ("备件供应年限 10年", [("parts_supply", "10年", None, None)]),
    ("设备停产后继续供应备件八年", [("parts_supply", "8年", None, None)]),
    ("保证在停止生产的五年之内均有足够的零配件", [("parts_supply", "5年", None, None)]),
    # periods and totals
    ("每季度巡检一次", [("inspection_interval", "3个月", None, None)]),
    ("每半年至少巡检一次", [("inspection_interval", "6个月", None, None)]),
    ("每年回访两次", [("visit_interval", "6个月", None, None)]),
    ("按月巡检、按季回访", [("inspection_interval", "1个月", None, None), ("visit_interval", "3个月", None, None)]),
    ("每两个月进行免费巡检一次", [("inspection_interval", "2个月", None, None)]),
    ("每年至少巡检4次", [("inspection_interval", "3个月", None, None)]),
    ("每季度巡检一次，质保期三年共8次", [("inspection_interval", "3个月", None, None), ("warranty_term", "3年", None, None),
                                      ("inspection_visits", "8", None, None)]),
    ("质保期内巡检12次", [("inspection_visits", "12", None, None)]),
    ("共培训40人次", [("training_trainees", "40", None, None)]),
    ("培训总人次为36", [("training_trainees", "36", None, None)]),
    # percentages after a KPI name, service calendars
    ("客户满意度不低于98%", [("kpi", "98", None, None)]),
    ("回访满意度达到97%以上", [("satisfaction", "97", None, None)]),
    ("提供7×24小时服务热线", [("service_hours", "7×24", None, None)]),
    ("现场服务时间5×8", [("service_hours", "5×8", None, None)]),
    # the 24 of 7×24 is never a duration
    ("提供7×24小时技术支持，24小时服务热线", [("service_hours", "7×24", None, None)]),
    ("7天x24小时全天候响应", [("service_hours", "7×24", None, None)]),
])
def test_the_reader_ties_a_figure_to_its_metric(text, expected):
    assert read(text) == expected


def test_bounds_are_read_from_the_wording():
    [f] = find_figures("质保期不少于3年", VOCAB)
    assert f.bound == "min"
    [f] = find_figures("每季度至少巡检一次", VOCAB)
    assert f.bound == "max"  # at least quarterly: the interval is at most 3 months
    [f] = find_figures("有效投诉率不高于1%", VOCAB)
    assert (f.kpi, f.bound) == ("有效投诉率", "max")
    [f] = find_figures("一级故障到场时间不超过2小时", VOCAB)
    assert f.bound == "exact"  # a deadline states our promise itself


def test_parts_with_their_own_warranty_are_noted():
    [f] = find_figures("压缩机质保期 5年", VOCAB)
    assert f.parts == ("压缩机",)


# -- the reader: what it must leave alone -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    # dates, times of day, years
    "投标日期为2026年11月23日，有效期至2027年3月1日。",
    "每月 5日前提交上月运维报告",
    "保证在11月23日内到场",
    "下午2时前到达",
    "二〇二六年十二月八日",
    # 7×24 and round-the-clock wording
    "全天24小时响应",
    "二十四小时故障报修、咨询及技术支持",
    "建立一小时售后服务圈",
    # clause numbers, phone numbers, amounts, codes, standards
    "按招标文件第3.2.1条执行，详见5.2.4款",
    "服务热线 400-826-3519，值班电话 0571-86691520，手机 13857120468",
    "质保期外年度维保费 128000元（壹拾贰万捌仟元整），违约金每次500元",
    "执行 GB 50243-2016 规范",
    "屏体面积 3% 的备用模组，常用备件按装机量的 5% 储备",
    # ranges, ordinals, approximate and relative times
    "2-4小时内到场",
    "2至4小时内到场",
    "第3日起计算",
    "约2小时内到场",
    "活动前 3日完成专项巡检",
    "一个半小时内到场",
    # periodic clauses and penalties, negations, conditions
    "每超时 1小时支付违约金",
    "每 2小时向采购人通报一次进展",
    "每逾期 1日支付违约金",
    "超过2小时未到场的，按违约处理",
    "供冷季主机全部停机，且 2小时内不能恢复",
    "2小时内未能修复的，启动应急预案",
    # deadlines for something else than the metric words
    "每次巡检后 3个工作日内提交书面巡检报告",
    "接到通知后24小时内派人修理",
    # "48小时内提出解决方案" is read now: the 处理方案 (proposal) rung of issue #12
    "2小时内做出安排并告之用户",
    "驻场工程师 10分钟内切换备用视频处理器",
    "3个月内完成培训",
    # no 内: "24小时响应" means round the clock, not a deadline
    "提供24小时响应服务",
    "2小时到达现场",
    # a warranty term that is not one, a level the policy lacks
    "质保期满后2年内按八五折供应备件",
    "压缩机延保至 5年",
    "接到保修通知后 2小时内安排",
    "四级故障24小时内修复",
    "重大故障2小时内到场",
    # counts that are per period, not totals; cable sizes
    "年度维保含两次巡检",
    "电缆截面 3×2.5mm²，维修时更换",
])
def test_the_reader_leaves_other_figures_alone(text):
    assert find_figures(text, VOCAB) == ()


def test_the_reader_is_cached_by_text():
    find_figures.cache_clear()
    text = "一级故障本市 2小时内到达现场"
    first = find_figures(text, VOCAB)
    assert find_figures(text, VOCAB) is first
    assert find_figures.cache_info().hits == 1


# -- comparing with the data ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def example():
    project, errors = load_project(REPO)
    assert not errors
    return project


def mismatches(example, text: str, region: str | None = None, policy: str = "hvac") -> list[str]:
    p = example.policies[policy]
    facts = Facts(p, example.company, region=region)
    return [f.figure.written for f in map(facts.check, find_figures(text, vocab_of(p))) if f]


@pytest.mark.parametrize("text", [
    "一级故障本市 2小时内到达现场，8小时内修复；未能修复的，24小时内提供备用设备。",
    "一级故障2小时内到场",  # no region in a policy: any region (本市 2小时)
    "一级故障8小时内到场",  # 省外
    "二级故障省外12小时内到场",
    "接到报修后15分钟内响应",
    "质保期三年",  # = 36个月
    "质保期不少于2年",  # at least 2 years: true
    "压缩机质保期5年",  # the part's own term
    "每季度巡检一次，质保期三年共12次",
    "免费提供每季度一次的巡检和保养",
    "每季度至少巡检一次",
    "客户满意度不低于98%",
    "客户满意度不低于95%",  # weaker than the data, still true
    "提供7×24小时服务热线",
    "停产后备件供应年限 10年",
    "7日内可退货，15日内可换货",
    "投诉在2小时内受理",
])
def test_figures_that_agree_with_the_policy_pass(example, text):
    assert mismatches(example, text) == []


@pytest.mark.parametrize(("text", "wrong"), [
    ("一级故障本市 4小时内到达现场", ["4小时"]),
    ("一级故障本市四小时内到达现场", ["四小时"]),
    ("一级故障本市 2小时内到达现场，二十四小时内修复", ["二十四小时"]),
    ("一级故障24小时内到场", ["24小时"]),  # no region matches
    ("二级故障本市2小时内到场", ["2小时"]),
    ("接到报修后30分钟内响应", ["30分钟"]),  # 一级 responds within 15 minutes
    ("质保期五年", ["五年"]),
    ("质保期不少于5年", ["5年"]),  # at least 5 years: the data has 3
    ("每半年巡检一次", ["每半年巡检一次"]),
    ("每季度巡检一次，质保期三年共8次", ["共8次"]),
    ("客户满意度不低于99%", ["99%"]),
    ("现场服务时间5×8", ["5×8"]),
    ("停产后备件供应年限 8年", ["8年"]),
    ("7日内可退货，30日内可换货", ["30日"]),
    ("共培训40人次", ["共培训40人次"]),  # 2×10 + 2×8 = 36
])
def test_figures_that_contradict_the_policy_are_found(example, text, wrong):
    assert mismatches(example, text) == wrong


def test_a_bid_is_held_to_its_own_region(example):
    assert mismatches(example, "一级故障4小时内到场") == []  # a policy: 省内 has 4小时
    assert mismatches(example, "一级故障4小时内到场", region="本市") == ["4小时"]
    assert mismatches(example, "一级故障省内4小时内到场", region="本市") == []  # the text names its region


# -- user stories through tender check ---------------------------------------------------------------




def prose_findings(root: Path) -> list:
    _, found = check_project(root)
    return [f for f in found if f.rule == "prose-number"]


POLICY_TEXT = "    - 一级故障本市 2小时内到达现场，8小时内修复；未能修复的，24小时内提供备用设备。"


@pytest.mark.parametrize("written", ["4小时", "四小时"])
def test_policy_text_saying_4_hours_where_the_data_says_2_fails(project, written):
    edit(project, HVAC_POLICY, POLICY_TEXT, POLICY_TEXT.replace("2小时内到达现场", f"{written}内到达现场"))
    result = run_cli("check", "--project", str(project))
    assert result.returncode == 1
    line = line_of(project, HVAC_POLICY, f"{written}内到达现场")
    found = [f for f in result.stdout.splitlines() if "[prose-number]" in f]
    assert found and all(f.startswith(f"{HVAC_POLICY}:{line}:") for f in found), result.stdout
    assert f"“{written}”" in found[0] and "2小时" in found[0] and "到场时限" in found[0]


def test_bid_text_is_held_against_what_the_bid_resolves_to(project):
    # the bid promises 1 h on site (override); its own text must say so
    edit(project, HVAC, "本项目质保期 5年，一级故障 1小时内到场", "本项目质保期 5年，一级故障 2小时内到场")
    [found] = prose_findings(project)
    assert (found.file, found.line) == (HVAC, line_of(project, HVAC, "一级故障 2小时内到场"))
    assert "一级故障（本市）到场时限为 1小时" in found.message


def test_bid_text_contradicting_the_overridden_warranty_fails(project):
    edit(project, HVAC, "本项目质保期 5年", "本项目质保期三年")
    [found] = prose_findings(project)
    assert "三年" in found.message and "5年" in found.message


def test_a_requirement_answer_is_read_at_the_requirement_level(project):
    # 二级 本市 arrival is 4小时 in the HVAC policy; the answer names no level
    edit(project, HVAC, "      text: 接到报修后30分钟内响应\n      metric: response\n      level: 一级",
         "      text: 二级故障4小时内到场\n      metric: arrival\n      level: 二级\n      answer: 接到报修后4小时内到达现场")
    edit(project, HVAC, "      threshold: 30分钟\n", "      threshold: 4小时\n")
    assert prose_findings(project) == []
    edit(project, HVAC, "      answer: 接到报修后4小时内到达现场", "      answer: 接到报修后2小时内到达现场")
    [found] = prose_findings(project)
    assert "二级故障（本市）到场时限为 4小时" in found.message


def test_the_tenders_own_words_are_not_checked(project):
    # the tender asks 8 h; our promise is better, and that is no contradiction
    edit(project, HVAC, "      text: 接到一级故障报修后2小时内到达现场", "      text: 接到一级故障报修后8小时内到达现场")
    assert prose_findings(project) == []


def test_emergency_and_after_warranty_texts_are_not_service_promises(project):
    edit(project, HVAC_POLICY, "      trigger: 供冷或供热季主机全部停机，且 2小时内不能恢复",
         "      trigger: 供冷或供热季主机全部停机，且 3小时内无法修复")
    edit(project, HVAC_POLICY, "    description: 质保期满后继续提供 7×24 热线和上门维修服务，响应时限与质保期内相同。",
         "    description: 质保期满后继续提供 7×24 热线和上门维修服务，一级故障 8小时内到场。")
    assert prose_findings(project) == []


def test_a_seed_like_inspection_total_is_caught(project):
    # seed 001, plan 9: "每季度巡检一次 … 共8次" over a 3-year warranty
    edit(project, HVAC_POLICY, "    - 质保期 36个月，自验收合格之日起计算。",
         "    - 质保期 36个月，自验收合格之日起计算；每季度巡检一次，质保期三年共8次。")
    [found] = prose_findings(project)
    assert "共8次" in found.message and "12" in found.message


def test_policy_text_a_bid_inherits_is_held_against_the_bids_own_promises(project, cli):
    """The HVAC bid promises 1小时 / 6小时 / 5年 but, without its own wording,
    would print the policy's "2小时内到达现场 … 8小时内修复 … 质保期 36个月"."""
    bid = project / "commitments" / "bids" / "lw-hospital-hvac.yaml"
    text = bid.read_text(encoding="utf-8")
    start = text.index("    commitments:\n      - 一级故障本市")
    text = text[:start] + text[text.index("  requirements:"):]
    bid.write_text(text, encoding="utf-8")
    result = cli("check", "--format", "json", cwd=project)
    assert result.returncode == 1
    import json

    found = [f for f in json.loads(result.stdout) if f["rule"] == "prose-number"]
    assert {(f["file"], f["line"]) for f in found} == {("commitments/policies/hvac.yaml", 190), ("commitments/policies/hvac.yaml", 191)}
    assert all("lw-hospital-hvac" in f["message"] for f in found)
