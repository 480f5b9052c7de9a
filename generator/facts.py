"""Facts read from a plan's prose and tables, held against the consistency rules.

A Word plan says "一级故障30分钟响应、2小时到场、8小时修复" or has a table row
"一级｜30分钟｜2小时｜8小时" under a header "故障等级｜响应时间｜到场时间｜修复
时间". Both are the same fact. This module reads such facts (with the place
of each figure), turns them into the *same* model objects the YAML loader
produces — a Policy whose values point into the document (file, block line,
column) — and runs the same rules on it: the policy rules (time-ladder,
severity-order, region-order, calendar-mix, warranty-start, sanbao-floor,
count-total, kpi-range, amount-daxie, parts-ladder, missing-term…) and
prose-number, which holds every other sentence of the plan against the
values read. There is no second copy of any rule here.

The reading itself is `generator.prose.find_figures` (the reader prose-number
uses on YAML text), given the document's own level words, plus a few patterns
for what a figure reader does not cover (the start event, 终身, 三包 by
reference, KPIs by name, 大写 amounts). Like that reader it stays silent
rather than guess: a figure whose level or region is ambiguous is not read
into a field (it stays prose, so prose-number can still compare it).

A collection of several plans in one file ("售后服务方案1", "售后服务方案2", …)
is read plan by plan: one plan's figures are never held against another's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from .findings import Finding, Location, unique_sorted
from .loader import LocDict, LocList
from .model import PolicyFile
from .metrics import METRICS
from .durations import Duration, DurationError
from .prose import _INT, _NUM, GENERIC_LEVEL_RE, REGION_OF, Vocab, find_figures, ANY, UNKNOWN, _int
from .rules import TextDocument, TextItem, load_all, run
from .clauses import START_CONTEXT, START_WORD_RE, event_of

#: plan title of a collection: "售后服务方案1", "售后服务方案(范例20篇)" is not one
PLAN_TITLE_RE = re.compile(r"^\s*.{0,16}?(?:方案|范本|承诺书?)\s*(?:篇)?\s*[0-9一二三四五六七八九十]{1,3}\s*$|^\s*.{0,16}?篇[一二三四五六七八九十]{1,3}\s*$")
#: a level word of the document itself (一级, 紧急故障); the rules need them named
LEVEL_WORD_RE = GENERIC_LEVEL_RE
WARRANTY_WORD_RE = re.compile(r"(?<!延长)(?<!延长了)(?:质保期|保修期|质量保证期|免费保修期|免费维护期|免费保障期)")
LIFETIME_RE = re.compile(r"终身|终生")
LIFETIME_SERVICE_RE = re.compile(r"(?:提供|实行|享受|负责)?[^，。；]{0,6}?(?:终身|终生)(?:跟踪|维修|维护|技术)?(?:服务|保修|维修|支持)")
SANBAO_REF_RE = re.compile(r"(?:按|依照|按照|根据|执行)[^。；]{0,12}?三包[^。；]{0,8}?(?:规定|政策|办法|条例)")
KPI_RE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,6}率)\s*(?:为|达到|达|保持|在)?\s*(?P<op>≥|>=|＞＝|≤|<=|＜＝|<|＜|>|＞|不低于|不高于|不少于|不超过|低于|高于)?\s*(?P<num>\d+(?:\.\d+)?)\s*[%％]")
AMOUNT_RE = re.compile(r"(?P<xiaoxie>\d[\d,]*(?:\.\d+)?)\s*(?:万)?元[^。；]{0,12}?大写[：:]?\s*(?:人民币)?\s*(?P<daxie>[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整正]+)")
PHONE_RE = re.compile(r"(?<!\d)(?:[48]00-?\d{3}-?\d{4}|0\d{2,3}-?\d{7,8}|1[3-9]\d{9})(?!\d)")
HOTLINE_RE = re.compile(r"热线")
#: a training section's heading ("三、项目培训方案", "培训服务计划"): a short line
TRAINING_HEADING_RE = re.compile(r"培训(?:服务)?(?:及|和|与)?(?:计划|方案|安排|服务)")
#: the buyer's side as trainees: a clause that trains them is a promise to the
#: buyer ("向建设单位提供…培训"); training our own staff or dealers is not
BUYER_RE = re.compile(r"用户|业主|采购人|采购方|甲方|买方|客户|建设单位|使用单位|使用方|贵单位|贵方|院方|校方|操作人员|操作员|使用人员")
#: numbers of a training: per-session headcount, sessions, length ("每期20人",
#: "共3期", "5名以上", "不少于16学时", "一次免费的培训")
TRAINING_TRAINEES_RE = re.compile(rf"(?P<n>{_INT})\s*(?:名|人)(?!次|员|民)")
TRAINING_SESSIONS_RE = re.compile(rf"(?P<n>{_INT})\s*(?:期|批|次|轮)")
TRAINING_LENGTH_RE = re.compile(rf"(?P<n>{_INT})\s*(?P<u>个?工作日|天|日|学时|课时|小时)(?!以?内|之内|后|前)")
CLAUSE_SPLIT_RE = re.compile(r"[，,；;。！？!?]")
#: spaces inside Chinese text are PDF line breaks ("以竣 工时间"): the reader ignores them
INNER_SPACE_RE = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \t\u3000]+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\d])")
INSPECTION_RE = re.compile(r"巡检|巡查|定期检查|维护保养")
#: the user pays for a service ("上门服务并收取相应的费用", "有偿服务")...
CHARGE_RE = re.compile(r"收取[^，。；;,]{0,8}?费|(?<![免不])收费|有偿服务|付费")
#: ... except beyond the free cover, for the user's own fault, or forbidden
FREE_CONTEXT_RE = re.compile(r"免费|不收|免收|无偿|超出|超过|以外|之外|期满|期外|过期|过保|人为|不当|自行|擅自|工本|成本|材料费|配件费|零件费|备件费|差旅|不得|不准|严禁|禁止|不允许")
VISIT_RE = re.compile(r"回访")
COMPLAINT_RE = re.compile(r"投诉")
#: "质保期为验收证书签发之日起2年", "保修期自验收合格后三年": the start between label and length
WARRANTY_FROM_RE = re.compile("(?:" + METRICS["warranty_term"].label + r")(?:为|是|：|:)?(?:自|从|以|于|经)?[^，。；;,]{0,16}?(?:之日起|起|开始|算起|后)(?:计算|算)?(?:为|共)?\s*(?P<num>" + _NUM + r")\s*(?P<unit>个月|年|月)")
#: "自调试验收后36个月的保修期": the start before the length
WARRANTY_AFTER_START_RE = re.compile(r"(?:自|从|以|于|经)(?P<span>[^，。；;,]{0,16}?)(?:之日起|起|开始|算起|后)\s*(?P<num>" + _NUM + r")\s*(?:个月|年)的?(?:免费)?(?:质保|保修|质量保证)")
#: a maintenance check the figure reader's 巡检/巡查 words miss: "每个季度对设备
#: 进行一次全面检查", "每半年保养一次" (an inspection interval)
MAINTENANCE_RE = re.compile(r"(?:每|按)\s*(?:个|一个)?(?P<pu>季度|个月|月|半年|年|周|星期)[^，。；;,\d]{0,16}?(?:(?P<k>[一二两三四1-4])次)?[^，。；;,\d]{0,6}?(?:全面检查|定期检查|检查|保养|检修|巡视)")
HOURS_RE = re.compile(r"(?<![\d.])(?P<d>[1-7])\s*(?:天|日)?\s*[×xX*＊]\s*(?P<h>\d{1,2})(?![\d.])")

#: prose reader metric → (section path, field) in the policy
SIMPLE = {
    "warranty_term": (("warranty",), "term"),
    "parts_supply": (("spare_parts",), "supply_years"),
    "inspection_interval": (("inspections",), "interval"),
    "inspection_visits": (("inspections",), "visits"),
    "visit_interval": (("return_visits",), "interval"),
    "visit_visits": (("return_visits",), "visits"),
    "complaint_response": (("complaints",), "response"),
    "remote_response": (("remote_support",), "response"),
    "sanbao_return": (("warranty", "sanbao"), "return_within"),
    "sanbao_exchange": (("warranty", "sanbao"), "exchange_within"),
    "satisfaction": (("return_visits",), "satisfaction_target"),
}
RUNG_METRICS = {"response", "dispatch", "remote", "arrival", "arrival_fix", "proposal", "fix", "replacement", "backup"}
NO_LEVEL = "不分级"


@dataclass
class Fact:
    """One value read from the document, with its place and source text."""

    path: tuple[Any, ...]  # keys into the policy: ("fault_levels", "一级", "本市", "arrival")
    value: Any  # as it goes into the YAML: "2小时", "验收合格", 12
    item: int  # index of the text item (block) it was read from
    offset: int  # position in that item's (simplified) text
    quote: str  # the figure as written


@dataclass
class Plan:
    """One plan of the document: its items and what was read from them."""

    title: str
    items: list[Any]  # BlockItem-like: .text (simplified), .loc, .block
    facts: list[Fact] = field(default_factory=list)
    mentions: dict[str, int] = field(default_factory=dict)  # section → first item mentioning it


# -- splitting a collection into plans --------------------------------------------------------------


def split_plans(items: list[Any]) -> list[Plan]:
    """One plan per "…方案N" heading when a file holds several; else one."""
    starts = [i for i, it in enumerate(items) if len(it.text.strip()) <= 24 and PLAN_TITLE_RE.match(it.text)]
    if len(starts) < 2:
        return [Plan("", items)]
    plans = []
    if starts[0] > 0:
        plans.append(Plan("", items[:starts[0]]))
    for a, b in zip(starts, starts[1:] + [len(items)]):
        plans.append(Plan(items[a].text.strip(), items[a:b]))
    return plans


# -- reading ---------------------------------------------------------------------------------------


#: how severe a level word is (lower: more severe); levels are listed most severe first
SEVERITY_WORDS = ("特急", "紧急", "重大", "严重", "一般", "普通", "轻微")
_NUMERAL_RANK = "一二三四五六七八九"


def severity_rank(word: str) -> int:
    if word[0] in _NUMERAL_RANK and word.endswith("级"):
        return _NUMERAL_RANK.index(word[0])
    return next((i for i, w in enumerate(SEVERITY_WORDS) if word.startswith(w)), len(SEVERITY_WORDS))


def document_levels(texts: Iterable[str]) -> tuple[str, ...]:
    """The fault level words the plan uses, most severe first (一级 before 二级,
    紧急 before 一般), as the rules expect the levels to be listed."""
    seen: dict[str, None] = {}
    for text in texts:
        for m in LEVEL_WORD_RE.finditer(text):
            seen.setdefault(m.group(0))
    return tuple(sorted(seen, key=severity_rank))


def row_sentence(item: Any, header: Any) -> tuple[str, list[int]] | None:
    """A table row read with its header as one sentence ("响应时间30分钟，到场时间
    2小时"), and for each character of that sentence its offset in the row's
    text (so a figure's place is the cell's). None without a usable header."""
    cells, heads = _cells(item), _cells(header)
    if not cells or len(cells) != len(heads):
        return None
    out, where = [], []
    for (h, _hs), (c, cs) in zip(heads, cells):
        for ch in h:
            out.append(ch)
            where.append(cs)
        for k, ch in enumerate(c):
            out.append(ch)
            where.append(cs + k)
        out.append("，")
        where.append(cs + len(c))
    return "".join(out), where


def _cells(item: Any) -> list[tuple[str, int]]:
    """(cell text, offset in the item's text) for a table row; [] otherwise."""
    text = item.text
    sep = "｜" if "｜" in text else ("|" if text.strip().startswith("|") else None)
    block = getattr(item, "block", None)
    if sep is None or (block is not None and block.kind != "row" and sep == "｜"):
        return []
    out, pos = [], 0
    for part in text.split(sep):
        start = pos + (len(part) - len(part.lstrip()))
        out.append((part.strip(), start))
        pos += len(part) + 1
    if sep == "|":
        out = [c for c in out if c[0] != "" or False][0:]
        out = [c for c in out if c[0]]
    return out


_HEADER_WORDS = re.compile(r"时间|时限|响应|到场|到达|修复|故障|等级|级别|区域|地区")
_HAS_FIGURE = re.compile(r"\d")


def is_header(item: Any) -> bool:
    cells = _cells(item)
    return len(cells) >= 2 and not _HAS_FIGURE.search(item.text) and sum(bool(_HEADER_WORDS.search(c)) for c, _ in cells) >= 2


def read_plan(plan: Plan, vocab: Vocab) -> None:
    """Fill plan.facts and plan.mentions from its items."""
    header = None
    for index, item in enumerate(plan.items):
        text = item.text
        if is_header(item):
            header = item
            _mention(plan, index, text)
            continue
        sentence, where = text, list(range(len(text)))
        if header is not None and _cells(item):
            row = row_sentence(item, header)
            if row is not None:
                sentence, where = row
        elif not _cells(item):
            header = None
        sentence, where = squeeze(sentence, where)
        _mention(plan, index, sentence)
        figures = []
        for fig in find_figures(sentence, vocab):
            if fig.metric == "service_hours" and PHONE_HOURS_RE.search(_clause(sentence, fig.start)):
                continue  # "7×24电话服务", "7天x24小时热线": the hotline's hours, not on-site service
            kind = _secondary_kind(sentence, fig)
            if kind is None:
                figures.append(fig)
            else:  # "更换的配件自更换之日起另享一年质保": not the warranty's own length
                plan.facts.append(Fact(("warranty", "secondary"), {"kind": kind, "name": _clause(sentence, fig.start)[:20], "term": str(fig.value)},
                                       index, where[fig.start], fig.written))
        for fig in _unambiguous(figures):
            _figure_fact(plan, index, where[fig.start], fig)
        _extra_facts(plan, index, sentence, where)
        _training_facts(plan, index, item, sentence, where)


def squeeze(text: str, where: list[int]) -> tuple[str, list[int]]:
    """``text`` without the spaces inside Chinese words (PDF line breaks:
    "以竣 工时间", "质保 期为"), with each character's original offset."""
    keep = [True] * len(text)
    for m in INNER_SPACE_RE.finditer(text):
        for i in range(m.start(), m.end()):
            keep[i] = False
    if all(keep):
        return text, where
    return "".join(c for c, k in zip(text, keep) if k), [w for w, k in zip(where, keep) if k]


#: hours of a phone line, not of on-site service
PHONE_HOURS_RE = re.compile(r"热线|电话|接听|咨询")
#: a warranty length in a clause about something else than the whole warranty
SECONDARY_CLAUSE = (("更换部件重新计算质保", re.compile(r"更换|换下|替换")), ("延保", re.compile(r"延保|延长")),
                    ("隐蔽工程质量责任", re.compile(r"潜在缺陷|隐蔽")), ("其他", re.compile(r"配件|部件|零件|备件|元器件")))


def _secondary_kind(sentence: str, fig: Any) -> str | None:
    """The kind of secondary period a warranty-length figure belongs to, or None
    when it is the warranty's own length."""
    if fig.metric != "warranty_term":
        return None
    clause = _clause(sentence, fig.start)
    return next((kind for kind, regex in SECONDARY_CLAUSE if regex.search(clause)), None)


def _clause(text: str, pos: int) -> str:
    start = max(text.rfind(c, 0, pos) for c in "，,；;。") + 1
    ends = [i for i in (text.find(c, pos) for c in "，,；;。") if i >= 0]
    return text[start:min(ends) if ends else len(text)]


def _unambiguous(figures: Iterable[Any]) -> list[Any]:
    """The figures of one block less those whose metric (at the same level and
    region) has two different values there ("一般客户每年回访一次，重要客户
    每半年回访一次"): the reader cannot tell which is the plan's, so neither
    goes into a field (and prose-number stays silent on them)."""
    figures = list(figures)
    values: dict[tuple[Any, ...], set[str]] = {}
    for f in figures:
        values.setdefault((f.metric, f.level, f.region), set()).add(str(f.value))
    return [f for f in figures if len(values[(f.metric, f.level, f.region)]) == 1]


def _training_facts(plan: Plan, index: int, item: Any, text: str, where: list[int]) -> None:
    """A training promised to the buyer (a training section's heading, or a
    clause that trains the buyer's people) and the numbers written with it.
    Training our own staff or dealers is not a promise: no section, no finding."""
    if "培训" not in text:
        return
    short = len(text.strip()) <= 24 and not CLAUSE_SPLIT_RE.search(text.strip())
    clauses = [c for c in CLAUSE_SPLIT_RE.split(text) if "培训" in c]
    if (short and TRAINING_HEADING_RE.search(text)) or any(BUYER_RE.search(c) for c in clauses):
        plan.mentions.setdefault("training", index)
    if "training" not in plan.mentions:
        return
    # the clauses about training: those naming it, and those that go on with its numbers ("，每期10人")
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^，,。；;！!？?]+", text)
             if "培训" in m.group(0) or re.match(r"\s*(?:每期|每批|每次|共|分|合计)", m.group(0))]
    for key, regex in (("trainees", TRAINING_TRAINEES_RE), ("sessions", TRAINING_SESSIONS_RE), ("length", TRAINING_LENGTH_RE)):
        for m in regex.finditer(text):
            if not any(a <= m.start() < b for a, b in spans):
                continue  # "设备到货后3日内验收" in the next sentence is not the training's length
            n = _int(m["n"])
            if n is not None and 0 < n <= (10000 if key == "trainees" else 1000):
                value = f"{n}{m['u']}" if key == "length" else n
                plan.facts.append(Fact(("training_session", key), value, index, where[m.start()], m.group(0)))
                break


def _mention(plan: Plan, index: int, text: str) -> None:
    if "charge" not in plan.mentions and CHARGE_RE.search(text):
        # a sentence that charges the user outright: where a plan with no free period shows it
        if any(CHARGE_RE.search(s) and not FREE_CONTEXT_RE.search(s) for s in re.split(r"[。；;！!？?]", text)):
            plan.mentions["charge"] = index
    for section, regex in (("warranty", WARRANTY_WORD_RE), ("inspections", INSPECTION_RE),
                           ("return_visits", VISIT_RE), ("complaints", COMPLAINT_RE), ("hotline", HOTLINE_RE)):
        if section not in plan.mentions and regex.search(text):
            plan.mentions[section] = index


def _figure_fact(plan: Plan, index: int, offset: int, fig: Any) -> None:
    value = fig.value
    if fig.metric in RUNG_METRICS:
        if fig.level in (ANY, UNKNOWN) or fig.region == ANY:
            return  # the sentence does not say which level or region: stay silent
        level = fig.level or NO_LEVEL
        region = REGION_OF.get(fig.region, fig.region) if fig.region else None
        plan.facts.append(Fact(("fault_levels", level, region, fig.metric), str(value), index, offset, fig.written))
        return
    if fig.metric == "service_hours":
        plan.facts.append(Fact(("service_hours",), f"{value[0]}×{value[1]}", index, offset, fig.written))
        return
    if fig.metric in ("satisfaction",):
        plan.facts.append(Fact(("return_visits", "satisfaction_target"), f"{float(value):g}%", index, offset, fig.written))
        return
    if fig.metric in SIMPLE:
        section, name = SIMPLE[fig.metric]
        plan.facts.append(Fact((*section, name), value if isinstance(value, int) else str(value), index, offset, fig.written))


def _extra_facts(plan: Plan, index: int, text: str, where: list[int]) -> None:
    for m in START_CONTEXT.finditer(text):
        plan.facts.append(Fact(("warranty", "start"), event_of(m), index, where[m.start("event") if m["event"] else m.start("event2")], m.group(0)))
    for m in WARRANTY_FROM_RE.finditer(text):
        value = _warranty_term(m)
        if value is not None:
            plan.facts.append(Fact(("warranty", "term"), value, index, where[m.start("num")], m.group(0)))
        _start_inside(plan, index, m, where)
    for m in WARRANTY_AFTER_START_RE.finditer(text):
        _start_inside(plan, index, m, where)
    for m in MAINTENANCE_RE.finditer(text):
        value = _maintenance_interval(m)
        if value is not None:
            plan.facts.append(Fact(("inspections", "interval"), value, index, where[m.start()], m.group(0)))
    for m in LIFETIME_SERVICE_RE.finditer(text):
        plan.facts.append(Fact(("warranty", "secondary"), {"kind": "使用寿命", "name": m.group(0)[-6:], "term": "终身"}, index, where[m.start()], m.group(0)))
    for m in SANBAO_REF_RE.finditer(text):
        plan.facts.append(Fact(("warranty", "sanbao", "reference"), m.group(0), index, where[m.start()], m.group(0)))
    for m in KPI_RE.finditer(text):
        if "满意" in m["name"]:
            continue  # the prose reader's satisfaction figure
        op = {"不低于": "≥", "不少于": "≥", "不高于": "≤", "不超过": "≤", "低于": "<", "高于": ">"}.get(m["op"] or "", m["op"] or "")
        plan.facts.append(Fact(("kpis",), {"name": m["name"], "target": f"{op}{m['num']}%"}, index, where[m.start("num")], m.group(0)))
    for m in AMOUNT_RE.finditer(text):
        plan.facts.append(Fact(("penalties",), {"condition": "原文金额", "penalty": _sentence(text, m.start()), "amount": m["xiaoxie"].replace(",", "") + "元",
                                                  "amount_daxie": m["daxie"]}, index, where[m.start()], m.group(0)))
    for m in PHONE_RE.finditer(text):
        if "hotline" in plan.mentions and plan.mentions["hotline"] <= index:
            plan.mentions.setdefault("hotline_number", index)


def _start_inside(plan: Plan, index: int, m: re.Match[str], where: list[int]) -> None:
    """The start event named inside a warranty phrase ("…为验收证书签发日起2年")."""
    w = START_WORD_RE.search(m.group(0))
    if w is not None:
        plan.facts.append(Fact(("warranty", "start"), event_of(w.group(0)), index, where[m.start() + w.start()], m.group(0)))


def _maintenance_interval(m: re.Match[str]) -> str | None:
    from .prose import _PERIOD_MONTHS, _PERIOD_WEEKS

    k = _int(m["k"]) if m["k"] else 1
    if not k:
        return None
    unit = m["pu"]
    if unit in _PERIOD_MONTHS:
        months = _PERIOD_MONTHS[unit] / k
        return f"{months:g}个月" if months == int(months) else None
    weeks = _PERIOD_WEEKS[unit] / k
    return f"{weeks:g}周" if weeks == int(weeks) else None


def _warranty_term(m: re.Match[str]) -> str | None:
    try:
        return str(Duration.parse(m["num"] + m["unit"]))
    except DurationError:
        return None


def _sentence(text: str, pos: int) -> str:
    start = max(text.rfind(c, 0, pos) for c in "。；;\n") + 1
    ends = [i for i in (text.find(c, pos) for c in "。；;\n") if i >= 0]
    return text[start:min(ends) if ends else len(text)].strip() or text.strip()


# -- facts → the model --------------------------------------------------------------------------------


def plan_raw(plan: Plan, file: str, title: str) -> LocDict:
    """The PolicyFile data of one plan, as the loader would have built it from
    YAML: every value located where the document states it. The first place
    that states a value wins; the others stay prose (prose-number compares them)."""
    first = plan.items[0] if plan.items else None
    # column 0: the plan as a whole (a finding there names no place in the text)
    root_loc = Location(file, first.loc.line if first is not None and first.loc else 1, 0)
    policy = LocDict(loc=root_loc)
    policy["title"] = title
    policy.locs["title"] = root_loc
    levels: dict[str, LocDict] = {}
    rows: dict[tuple[str, Any], LocDict] = {}
    for fact in plan.facts:
        loc = _loc(plan.items[fact.item], fact.offset)
        head = fact.path[0]
        if head == "training_session":
            continue  # the training section's numbers: _mentioned_sections
        if head == "fault_levels":
            _, level, region, rung = fact.path
            lv = levels.get(level)
            if lv is None:
                lv = levels[level] = LocDict(loc=loc)
                lv["level"], lv.locs["level"] = level, loc
                lv["times"] = LocList(loc=loc)
                lv.locs["times"] = loc
            row = rows.get((level, region))
            if row is None:
                row = rows[(level, region)] = LocDict(loc=loc)
                if region:
                    row["region"], row.locs["region"] = region, loc
                lv["times"].append(row)
                lv["times"].locs.append(loc)
            if rung not in row:
                row[rung], row.locs[rung] = fact.value, loc
        elif head in ("kpis", "penalties"):
            items = _list(policy, head, loc)
            entry = LocDict(fact.value, loc=loc)
            entry.locs.update({k: loc for k in fact.value})
            if head == "kpis" and any(k["name"] == fact.value["name"] for k in items):
                continue
            items.append(entry)
            items.locs.append(loc)
        elif fact.path[-1] == "secondary":
            section = _section(policy, fact.path[:-1], loc)
            items = _list(section, "secondary", loc)
            if not any(e.get("kind") == fact.value["kind"] for e in items):
                entry = LocDict(fact.value, loc=loc)
                entry.locs.update({k: loc for k in fact.value})
                items.append(entry)
                items.locs.append(loc)
        else:
            section = _section(policy, fact.path[:-1], loc)
            name = fact.path[-1]
            if name not in section:
                section[name], section.locs[name] = fact.value, loc
    if levels:
        ordered = sorted(levels.values(), key=lambda lv: severity_rank(lv["level"]) if lv["level"] != NO_LEVEL else -1)
        levels = {lv["level"]: lv for lv in ordered}
        lst = LocList(levels.values(), loc=root_loc)
        lst.locs.extend(lv.loc for lv in levels.values())
        policy["fault_levels"], policy.locs["fault_levels"] = lst, root_loc
    _mentioned_sections(plan, policy)
    prose = LocDict(loc=root_loc)
    other = LocList(loc=root_loc)
    for item in plan.items:
        other.append(item.text)
        other.locs.append(_loc(item, 0))
    prose["other"], prose.locs["other"] = other, root_loc
    policy["prose"], policy.locs["prose"] = prose, root_loc
    raw = LocDict(loc=root_loc)
    raw["policy"], raw.locs["policy"] = policy, root_loc
    return raw


def _mentioned_sections(plan: Plan, policy: LocDict) -> None:
    """A section the plan refers to without a figure becomes an empty section
    located at the mention, so missing-term reports it there (and only there)."""
    for section in ("warranty", "training"):
        index = plan.mentions.get(section)
        if section == "warranty" and index is None:
            index = plan.mentions.get("charge")  # it charges for service and never names a free period
        if index is None:
            continue
        loc = _loc(plan.items[index], 0)
        node = _section(policy, (section,), loc)
        node.loc = loc
        if section == "training" and "sessions" not in node:
            sessions = LocList(loc=loc)
            entry = LocDict(loc=loc)
            entry["title"], entry.locs["title"] = "培训", loc
            for fact in plan.facts:
                if fact.path[0] == "training_session" and fact.path[1] not in entry:
                    entry[fact.path[1]] = fact.value
                    entry.locs[fact.path[1]] = _loc(plan.items[fact.item], fact.offset)
            sessions.append(entry)
            sessions.locs.append(loc)
            node["sessions"], node.locs["sessions"] = sessions, loc


def _section(policy: LocDict, path: tuple[str, ...], loc: Location) -> LocDict:
    node = policy
    for key in path:
        if key not in node:
            node[key] = LocDict(loc=loc)
            node.locs[key] = loc
        node = node[key]
    return node


def _list(node: LocDict, key: str, loc: Location) -> LocList:
    if key not in node:
        node[key] = LocList(loc=loc)
        node.locs[key] = loc
    return node[key]


def _loc(item: Any, offset: int) -> Location:
    at = getattr(item, "loc_at", None)
    if at is not None:
        loc = at(offset)
        if loc is not None:
            return loc
    loc = getattr(item, "loc", None)
    return loc or Location("<文档>")


# -- the rules ------------------------------------------------------------------------------------------


def read_document_plans(items: list[Any]) -> list[Plan]:
    """Every plan of the document with its facts read."""
    plans = split_plans(items)
    for plan in plans:
        vocab = Vocab(levels=document_levels(i.text for i in plan.items))
        read_plan(plan, vocab)
    return plans


def plan_policy(plan: Plan, file: str) -> tuple[Any, LocDict]:
    """The Policy of one plan (None when its facts do not validate)."""
    from .project import validate

    raw = plan_raw(plan, file, plan.title or "导入的售后服务方案")
    obj, errors = validate(PolicyFile, raw, file, "policy")
    return (obj.policy if obj is not None else None), raw


def document_findings(document: Any, context: Any) -> list[Finding]:
    """Findings of the consistency rules on the facts of ``document``
    (``context`` is a plancheck.DocumentContext: file, project, items)."""
    from .project import Project
    from pathlib import Path

    project = context.project if context.project is not None else Project(root=Path.cwd())
    findings: list[Finding] = []
    for plan in read_document_plans(context.items):
        if not plan.facts and not plan.mentions:
            continue
        policy, raw = plan_policy(plan, context.file)
        if policy is None:
            continue
        findings += _policy_findings(policy, plan, project, context.file)
    return unique_sorted(findings)


def _policy_findings(policy: Any, plan: Plan, project: Any, file: str) -> list[Finding]:
    out: list[Finding] = []
    for r in load_all():
        if r.scope == "policy":
            for f in run(r, policy, project):
                if f.col == 0:
                    continue  # about a section the plan never mentions: no place to show it
                out.append(f)
    prose = TextDocument(file=file, kind="policy", items=[_prose_item(it) for it in plan.items], policy=policy)
    for r in load_all():
        if r.id == "prose-number" and r.scope == "text":
            out += run(r, prose, project)
    return out


def _prose_item(item: Any) -> TextItem:
    """A block as policy prose: prose-number reads keys it knows as prose."""
    return TextItem(item.text, item.loc, f"policy.commitments[{getattr(item, 'path', '')}]", "commitments")
