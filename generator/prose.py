"""Figures in free text and the structured value each one describes.

The `prose-number` rule needs to know, for "一级故障本市 2小时内到达现场", that
"2小时" is the arrival time of fault level 一级 in region 本市, so that it can
hold it against the data. This module does that reading, and nothing else:
`find_figures(text, vocab)` is pure (no model, no files), cached by text, and
`Facts.check(figure)` compares one figure with the data.

It is built to stay silent rather than guess. A figure is tied to a metric
only by a fixed phrase right next to it:

* a deadline — the number, then 内/以内/之内, then within a few characters
  the first verb: 到场/到达现场/上门 → arrival, 响应 → response, 修复/排除故障/
  恢复 → fix, 提供…备用/替代 → backup (a 备件 subject turns 到场/送达 into
  parts_arrival); a negation (不能/未/无法) or a reporting verb (提交, 答复,
  通报, 安排…) before that verb means "no metric";
* a label right before the number: 到场时间：2小时, 质保期三年, 备件供应年限 10年;
* a period: 每季度巡检一次, 每年回访两次, 按月巡检;
* a total: 巡检…共8次, 共培训40人次, 质保期内巡检12次;
* a KPI name right before a percentage: 客户满意度不低于98%;
* a service calendar: 7×24 in a sentence about 服务/热线/值守.

Never read as figures: 7×24小时 (the 24), dates (11月23日, 2026年), ranges
(2-4小时), ordinals (第3日), periodic clauses (每超时1小时), things before an
event (活动前3日), phone numbers, clause numbers and amounts (no unit).

Fault level and region come from the same sentence: the nearest 一级/紧急故障
(the policy's own level names) and 本市/省内/省外 before the number. A level or
region named only after the number, or several at once (省内外), widens the
comparison to all of them; a level word the policy does not have (四级) makes
the figure unreadable and it is skipped.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

from .durations import UNITS, Duration, DurationError, IncomparableDurations
from .metrics import METRICS, match_level, training_total, visits_in_warranty
from .model import REGIONS
from .numbers import NUMERAL_CHARS, parse_number
from .values import TimeTerm

#: a figure's level or region is "any of them" (named after it, or several)
ANY = "*"
#: a level word the policy does not know: the figure cannot be placed
UNKNOWN = "?"

_CN = NUMERAL_CHARS
_NUM = rf"(?:\d+(?:\.\d+)?|[{_CN}]+)"
_INT = rf"(?:\d+|[{_CN}]+)"
#: the duration units of durations.UNITS, longest first; a bare 时 only as "N时内"
_UNIT = "(?:" + "|".join(sorted((re.escape(u) for u in UNITS if u != "时"), key=len, reverse=True)) + "|时(?=以内|之内|内))"
_HALF = {"小时": "30分钟", "个小时": "30分钟", "年": "6个月", "个月": "15日"}

DURATION_RE = re.compile(
    rf"(?<![\d.．])(?:(?P<num>{_NUM})\s?(?P<unit>{_UNIT})|半(?P<half>个小时|小时|年|个月))(?![A-Za-z\d])"
)
PERCENT_RE = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s*[%％]")
HOURS_RE = re.compile(r"(?<![\d.])(?P<d>[1-7])\s*天?\s*[×xX*＊]\s*(?P<h>\d{1,2})(?![\d.])\s*(?:小时|h)?")
_PERIOD = rf"(?P<pn>{_INT})?\s*(?P<pu>个月|个星期|星期|季度|季|半年|年|月|周)"
INTERVAL_RE = re.compile(
    rf"(?:每|按)\s*{_PERIOD}\s*(?:(?P<k1>{_INT})\s*次)?(?P<gap>[^，。；;,、\d]{{0,8}}?)(?P<kind>巡检|巡查|回访)(?:\s*(?P<k2>{_INT})\s*次)?"
)
TOTAL_RE = re.compile(
    rf"(?P<qual>不少于|至少|不低于)?(?:共|合计|总计|累计|一共|总共)(?:计|为|是|进行|安排|开展|巡检|巡查|回访|上门|培训)*\s*(?P<n>{_INT})\s*(?P<u>人次|次)"
)
WARRANTY_COUNT_RE = re.compile(rf"质保期内(?P<gap>[^，。；;,\d每]{{0,6}}?)(?P<kind>巡检|巡查|回访)\s*(?P<n>{_INT})\s*次")
TRAINEES_RE = re.compile(rf"培训(?:总人次|人次)(?:为|是|：|:|共|达|合计)?\s*(?P<qual>不少于|至少)?\s*(?P<n>{_INT})\s*(?:人次)?(?![\d人])")

#: characters right before a number that make it something else: part of a
#: bigger number, 7×24, a date, a range, an ordinal, a time before an event
SKIP_BEFORE = frozenset("0123456789.．×xX*＊第年月号-－/~～—至到约近前个")
#: a sentence carries the fault level and region of its figures; a ； keeps
#: them ("一级故障本市 2小时内到场；未能修复的，24小时内提供备用设备")
SENTENCE_DELIMS = "。！!？?\n"
CLAUSE_DELIMS = SENTENCE_DELIMS + "；;，,、"
EXCERPT_DELIMS = SENTENCE_DELIMS + "；;"

#: connectors between a label and its number: 质保期为三年, 到场时间：2小时, 不少于8年
_CONNECT = r"(?:为|是|在|达|长达|：|:|（|\(|不超过|不多于|不大于|不得超过|不少于|不低于|至少|最长|最多|≤|<=|＜|<|≥|>=|\s)*"
_MIN_WORDS = ("不少于", "不低于", "至少", "≥", ">=", "最少")
_MAX_WORDS = ("不超过", "不多于", "不大于", "不得超过", "不高于", "≤", "<=", "＜", "<", "最长", "最多")

#: a metric's label (from the catalogue) right before a number: 质保期为三年
LABEL_RE = re.compile("(?:" + "|".join(f"(?P<{m.id}>{m.label})" for m in METRICS.values() if m.label) + rf"){_CONNECT}$")
WITHIN_RE = re.compile(r"\s*(?:以内|之内|内)")
AFTER_RE = re.compile(
    r"(?P<neg>不能|未能|未|无法|没有|不)"
    r"|(?P<remote>远程)"
    r"|(?P<arrival_fix>(?:到达(?:用户|采购人|客户|故障|事故|项目|使用|设备)?现场|到现场|到场|上门)(?:进行)?(?:解决|处理|维修|检修|排除))"
    r"|(?P<dispatch>(?:派(?:出|遣)?(?:工程师|技术人员|专人|维修人员|服务人员|工程技术人员)|派员)(?![^，。；,;]{0,3}(?:到|赶赴|前往|上门)))"
    r"|(?P<proposal>(?:提出|给出|提供|制定)[^，。；,;]{0,4}?(?:处理|解决|维修)方案)"
    r"|(?P<arrival>到达(?:用户|采购人|客户|故障|事故|项目|使用|设备)?现场|(?:抵达|赶到|赶赴)\w{0,3}?现场|到现场|到场|上门|到达)"
    r"|(?P<response>响应|回应)"
    r"|(?P<fix>修复|排除故障|排除|恢复|修好|处理完毕|维修完毕|修理完毕|解决故障|解决问题|完成维修|完成修复|解决|处理好)"
    r"|(?P<replacement>更换(?:同档次|同型号|同规格)?(?:的)?(?:设备|新机|整机|新品|部件|产品)|调换)"
    r"|(?P<backup>提供[^，。；,;]{0,6}?(?:备用|替代|备机|周转|临时))"
    r"|(?P<deliver>送达|送到)"
    r"|(?P<sanbao_return>退货|包退)"
    r"|(?P<sanbao_exchange>换货|包换)"
    r"|(?P<accept>受理)"
    r"|(?P<stop>提交|报告|通报|答复|回复|反馈|安排|制定|提出|告知|通知|联系|确认|签字|办理|发出|派出|出具|完成|到货|发货|支付|赔偿)"
)
WARRANTY_AFTER_RE = re.compile(r"\s*的?(?:免费)?(?:质保|保修|质量保证期)")
PARTS_WORDS_RE = re.compile(r"备件|配件|备品|零部件")
STOPPED_RE = re.compile(r"停产|停止生产|停售")
#: what follows "配件…N年内" when N is how long parts are supplied
PARTS_SUPPLY_AFTER_RE = re.compile(r"\s*(?:均|都|仍|可|能|正常)*(?:供货|供应|有货)")
#: clauses about a period over which something happens, not a deadline
#: a fix counted from the engineer's arrival, not from the call ("到场后2小时内
#:修复", "8小时内到达现场并配合业主在2小时内排除故障"): not the fix deadline
FROM_ARRIVAL_RE = re.compile(r"(?:到场|现场)(?:后|以后|之后|并)[^，。；;,]*$")
PERIODIC_PRE_RE = re.compile(r"每[^，。；]{0,3}$|(?:超过|超出|逾期|超时|延误)\s*$")

REGION_RE = re.compile(r"省内外|市内外|本市|市内|市区|同城|省内|本省|省外|外省|跨省|外地")
REGION_OF = {"本市": "本市", "市内": "本市", "市区": "本市", "同城": "本市", "省内": "省内", "本省": "省内",
             "省外": "省外", "外省": "省外", "跨省": "省外", "外地": "省外", "省内外": ANY, "市内外": ANY}
GENERIC_LEVEL_RE = re.compile(r"[一二三四五六七八九]级|(?:紧急|重大|严重|一般|普通|轻微|特急)(?:故障|问题)")

SATISFACTION_RE = re.compile(r"(?:客户|用户)?满意(?:度|率)")
KPI_TAIL_RE = re.compile(r"(?:不低于|不少于|不高于|不超过|至少|达到|达|为|是|：|:|≥|>=|＞|>|≤|<=|<|＜|在|保持|\s)*$")
HOURS_CONTEXT_RE = re.compile(r"服务|热线|值守|值班|响应|支持|维修")


@dataclass(frozen=True)
class Vocab:
    """The words of one policy that the reader needs: its level names, the
    parts with their own warranty, its KPI names. Hashable: part of the cache key."""

    levels: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    kpis: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """One figure in a text and what it describes."""

    metric: str  # arrival, response, fix, backup, remote_response, warranty_term, parts_supply, parts_arrival,
    # inspection_interval, visit_interval, inspection_visits, visit_visits, training_trainees,
    # satisfaction, kpi, service_hours, complaint_response, sanbao_return, sanbao_exchange
    value: Any  # Duration, int, Fraction (percent) or (days, hours)
    written: str  # as in the text: 四小时, 8次
    start: int
    end: int
    level: str | None = None  # level word as written, None (not named), ANY or UNKNOWN
    region: str | None = None  # 本市/省内/省外, None (not named) or ANY
    bound: str = "exact"  # exact | min (text says "at least") | max (text says "at most")
    parts: tuple[str, ...] = ()  # warranty parts named in the same clause
    kpi: str | None = None  # KPI name for metric "kpi"


# -- reading -------------------------------------------------------------------------------


def _int(text: str) -> int | None:
    try:
        value = parse_number(text)
    except (ValueError, ArithmeticError):
        return None
    return int(value) if value == int(value) else None


def _delims(text: str, chars: str) -> list[int]:
    return [i for i, ch in enumerate(text) if ch in chars]


class _Text:
    """A text with its sentence and clause boundaries."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences = _delims(text, SENTENCE_DELIMS)
        self.clauses = _delims(text, CLAUSE_DELIMS)

    @staticmethod
    def _span(bounds: list[int], pos: int, length: int) -> tuple[int, int]:
        i = bisect.bisect_left(bounds, pos)
        start = bounds[i - 1] + 1 if i else 0
        end = bounds[i] if i < len(bounds) else length
        return start, end

    def sentence(self, pos: int) -> tuple[int, int]:
        return self._span(self.sentences, pos, len(self.text))

    def clause(self, pos: int) -> tuple[int, int]:
        return self._span(self.clauses, pos, len(self.text))


def _before(text: str, pos: int) -> str:
    """The first non-space character before pos ("" at the start)."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\u3000":
        i -= 1
    return text[i] if i >= 0 else ""


def _bound(words: str) -> str:
    if any(w in words for w in _MIN_WORDS):
        return "min"
    if any(w in words for w in _MAX_WORDS):
        return "max"
    return "exact"


def _nearest(regex: re.Pattern[str], sentence: str, pos: int, known: dict[str, str] | None, levels: tuple[str, ...] = ()) -> str | None:
    """The level or region named nearest before pos in the sentence:
    None if none is named, ANY if only after pos, UNKNOWN for a level the policy lacks."""
    before = after = None
    for m in regex.finditer(sentence):
        if m.start() < pos:
            before = m.group(0)
        elif after is None:
            after = m.group(0)
    if before is not None:
        if known is not None:
            return known.get(before, UNKNOWN)
        return before if before in levels else UNKNOWN
    return ANY if after is not None else None


@lru_cache(maxsize=64)
def _level_re(levels: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted(set(levels), key=len, reverse=True)
    alts = [re.escape(w) for w in words] + [GENERIC_LEVEL_RE.pattern]
    return re.compile("|".join(alts))


#: metrics whose figures carry a fault level and a region from their sentence (a
#: remote response time is held against the levels' response times as well)
TIME_METRICS = frozenset(m.id for m in METRICS.values() if m.uses_level or m.id == "remote_response")


@lru_cache(maxsize=16384)
def find_figures(text: str, vocab: Vocab = Vocab()) -> tuple[Figure, ...]:
    """Every figure in `text` that can be tied to a metric without guessing."""
    figures: list[Figure] = []
    doc: _Text | None = None
    taken: list[tuple[int, int]] = []

    def ctx() -> _Text:
        nonlocal doc
        if doc is None:
            doc = _Text(text)
        return doc

    # periods and totals first: "每季度巡检一次" is not a count, "共8次" is
    for m in INTERVAL_RE.finditer(text):
        fig = _interval(m)
        if fig:
            figures.append(fig)
            taken.append((m.start(), m.end()))
    for regex in (TOTAL_RE, WARRANTY_COUNT_RE, TRAINEES_RE):
        for m in regex.finditer(text):
            if any(s <= m.start("n") < e for s, e in taken):
                continue
            fig = _count(m, regex, ctx())
            if fig:
                figures.append(fig)
                taken.append((m.start(), m.end()))
    for m in DURATION_RE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        fig = _duration(m, ctx(), vocab)
        if fig:
            figures.append(fig)
    for m in PERCENT_RE.finditer(text):
        fig = _percent(m, ctx(), vocab)
        if fig:
            figures.append(fig)
    for m in HOURS_RE.finditer(text):
        fig = _hours(m, ctx())
        if fig:
            figures.append(fig)
    figures.sort(key=lambda f: f.start)
    return tuple(figures)


def _duration(m: re.Match[str], t: _Text, vocab: Vocab) -> Figure | None:
    text = t.text
    if _before(text, m.start()) in SKIP_BEFORE:
        return None
    try:
        value = Duration.parse(_HALF[m["half"]]) if m["half"] else Duration.parse(m["num"] + m["unit"])
    except DurationError:
        return None
    cs, ce = t.clause(m.start())
    pre, post = text[cs:m.start()], text[m.end():ce]
    metric, bound = _label(pre, value)
    if metric is None and not PERIODIC_PRE_RE.search(pre):
        metric = _deadline(pre, post, value)
        bound = "exact"
        if metric == "fix" and FROM_ARRIVAL_RE.search(pre):
            return None
    if metric is None:
        return None
    fig = Figure(metric, value, m.group(0), m.start(), m.end(), bound=bound)
    if metric == "warranty_term":
        clause = text[cs:ce]
        parts = tuple(p for p in vocab.parts if p and p in clause)
        return Figure(metric, value, fig.written, fig.start, fig.end, bound=bound, parts=parts)
    if metric in TIME_METRICS:
        ss, se = t.sentence(m.start())
        sentence, pos = text[ss:se], m.start() - ss
        level = _nearest(_level_re(vocab.levels), sentence, pos, None, vocab.levels)
        region = _nearest(REGION_RE, sentence, pos, REGION_OF)
        if level == UNKNOWN:
            return None
        return Figure(metric, value, fig.written, fig.start, fig.end, level=level, region=region, bound=bound)
    return fig


def _label(pre: str, value: Duration) -> tuple[str | None, str]:
    """Metric named by a label right before the number: 质保期为三年."""
    m = LABEL_RE.search(pre)
    if not m:
        return None, "exact"
    metric = m.lastgroup
    tail = pre[m.end(metric):]
    months = value.family == "month"
    if metric in ("warranty_term", "parts_supply") and not months:
        return None, "exact"  # "保修 2小时内到场", "备件供应时间 4小时": not a term in years
    if metric in TIME_METRICS and months:
        return None, "exact"
    bound = _bound(tail) if metric in ("warranty_term", "parts_supply") else ("max" if metric.endswith("_interval") and _bound(tail) == "max" else "exact")
    return metric, bound


def _deadline(pre: str, post: str, value: Duration) -> str | None:
    """Metric of "N(以)内 + verb": the first verb after the deadline decides."""
    months = value.family == "month"
    w = WARRANTY_AFTER_RE.match(post)
    if months and w:
        return "warranty_term"
    within = WITHIN_RE.match(post)
    if not within:
        return None
    rest = post[within.end():within.end() + 16]
    if months:
        # "停止生产的五年之内均有足够的零配件"
        if STOPPED_RE.search(pre) and PARTS_WORDS_RE.search(rest):
            return "parts_supply"
        # "机型的配件仍然保证三年内供货": the parts named just before, the supply just after
        if PARTS_WORDS_RE.search(pre[-12:]) and PARTS_SUPPLY_AFTER_RE.match(rest) and "免费" not in pre[-12:]:
            return "parts_supply"
        return None
    remote = "远程" in pre[-6:]
    for k in AFTER_RE.finditer(rest):
        kind = k.lastgroup
        if kind == "remote":
            remote = True
            continue
        if kind in ("neg", "stop"):
            return None
        if kind == "response":
            return "remote_response" if remote else "response"
        if kind in ("arrival", "deliver", "arrival_fix"):
            if PARTS_WORDS_RE.search(pre):
                return "parts_arrival"
            return kind if kind != "deliver" else None
        if kind == "accept":
            return "complaint_response" if "投诉" in pre else None
        return kind
    return None


_PERIOD_MONTHS = {"个月": 1, "月": 1, "季度": 3, "季": 3, "半年": 6, "年": 12}
_PERIOD_WEEKS = {"周": 1, "星期": 1, "个星期": 1}


def _interval(m: re.Match[str]) -> Figure | None:
    n = _int(m["pn"]) if m["pn"] else 1
    k_text = m["k1"] or m["k2"]
    k = _int(k_text) if k_text else 1
    if not n or not k:
        return None
    unit = m["pu"]
    if unit == "半年" and m["pn"]:
        return None
    if unit in _PERIOD_MONTHS:
        value = Duration(Fraction(n * _PERIOD_MONTHS[unit], k), "month", "个月")
    else:
        value = Duration(Fraction(n * _PERIOD_WEEKS[unit], k), "clock", "周")
    metric = "inspection_interval" if m["kind"] in ("巡检", "巡查") else "visit_interval"
    bound = "max" if any(w in (m["gap"] or "") for w in ("至少", "不少于", "最少")) else "exact"
    return Figure(metric, value, m.group(0), m.start(), m.end(), bound=bound)


_COUNT_KIND_RE = re.compile(r"巡检|巡查|回访|培训")


def _count(m: re.Match[str], regex: re.Pattern[str], t: _Text) -> Figure | None:
    n = _int(m["n"])
    if n is None:
        return None
    qual = m.groupdict().get("qual") or ""
    if regex is TRAINEES_RE:
        metric = "training_trainees"
    elif regex is WARRANTY_COUNT_RE:
        metric = "inspection_visits" if m["kind"] in ("巡检", "巡查") else "visit_visits"
    else:
        ss, _se = t.sentence(m.start())
        kinds = list(_COUNT_KIND_RE.finditer(t.text, max(ss, m.start() - 30), m.end()))
        if not kinds:
            return None
        kind = kinds[-1].group(0)
        if m["u"] == "人次":
            if kind != "培训":
                return None
            metric = "training_trainees"
        elif kind in ("巡检", "巡查"):
            metric = "inspection_visits"
        elif kind == "回访":
            metric = "visit_visits"
        else:
            return None
        between = t.text[kinds[-1].end():m.start()]
        if "每" in between or "年内" in between:
            return None
    return Figure(metric, n, m.group(0), m.start(), m.end(), bound="min" if qual else "exact")


def _percent(m: re.Match[str], t: _Text, vocab: Vocab) -> Figure | None:
    cs, _ce = t.clause(m.start())
    pre = t.text[cs:m.start()]
    tail = KPI_TAIL_RE.search(pre)
    head = pre[:tail.start()] if tail else pre
    words = pre[tail.start():] if tail else ""
    after = t.text[m.end():m.end() + 2]
    bound = "min" if (_bound(words) == "min" or after.startswith("以上")) else ("max" if (_bound(words) == "max" or after.startswith("以下")) else "exact")
    value = Fraction(m["num"])
    for name in sorted(vocab.kpis, key=len, reverse=True):
        if name and head.endswith(name):
            return Figure("kpi", value, m.group(0), m.start(), m.end(), bound=bound, kpi=name)
    if SATISFACTION_RE.search(head[-5:]) and head.endswith(("满意度", "满意率")):
        return Figure("satisfaction", value, m.group(0), m.start(), m.end(), bound=bound)
    return None


def _hours(m: re.Match[str], t: _Text) -> Figure | None:
    days, hours = int(m["d"]), int(m["h"])
    if not 1 <= hours <= 24:
        return None
    ss, se = t.sentence(m.start())
    if not HOURS_CONTEXT_RE.search(t.text, ss, se):
        return None
    return Figure("service_hours", (days, hours), m.group(0).strip(), m.start(), m.end())


# -- comparing with the data -----------------------------------------------------------------

@dataclass
class Candidate:
    value: Any
    label: str  # where it comes from: "一级故障（本市）", "压缩机"

    def text(self) -> str:
        return _show(self.value)


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        return f"{value[0]}×{value[1]}"
    if isinstance(value, Fraction):
        return f"{float(value):g}%"
    return str(value)


def _figure(value: Any) -> bool:
    """A value that can be held against a figure: not absent, not 立即 or 按双方约定."""
    return value is not None and not isinstance(value, TimeTerm)


def _agrees(written: Any, data: Any, bound: str) -> bool | None:
    """Does the text's figure agree with one data value? None: not comparable."""
    try:
        if isinstance(written, Duration):
            c = data.compare(written)
        elif isinstance(written, tuple):
            return written == (data.days, data.hours)
        elif isinstance(written, Fraction):
            d = Fraction(str(data.value))
            c = (d > written) - (d < written)
        else:
            c = (data > written) - (data < written)
    except IncomparableDurations:
        return None
    if bound == "min":  # the text says "at least N": the data must reach N
        return c >= 0
    if bound == "max":
        return c <= 0
    return c == 0


@dataclass
class Mismatch:
    figure: Figure
    description: str  # 一级故障（本市）到场时限
    candidates: list[Candidate]


@dataclass
class Facts:
    """The data a text is held against: a policy (resolved, for a bid), the
    company, and the defaults for figures that name no level or region."""

    policy: Any
    company: Any = None
    region: str | None = None  # a bid's project region; None: any region
    level: str | None = None  # default level (a requirement's), else the most severe

    def check(self, fig: Figure) -> Mismatch | None:
        cands, description = self.candidates(fig)
        if not cands:
            return None
        results = [_agrees(fig.value, c.value, fig.bound) for c in cands]
        if any(r is None for r in results) and not any(results):
            return None  # 工作日 against hours: not for this rule to judge
        if any(results):
            return None
        return Mismatch(fig, description, cands)

    # the candidates: every value the figure could be describing
    def candidates(self, fig: Figure) -> tuple[list[Candidate], str]:
        p = self.policy
        metric = fig.metric
        title = METRICS[metric].title
        if METRICS[metric].step or metric == "remote_response":
            levels, regions, scope = self._where(fig)
            out = []
            step = METRICS[metric].step or METRICS["response"].step
            if metric == "remote_response" and p.remote_support is not None:
                out.append(Candidate(p.remote_support.response, "远程支持"))
            for lv in levels:
                for t in lv.times:
                    if (t.region is None or t.region in regions) and _figure(getattr(t, step)):
                        out.append(Candidate(getattr(t, step), f"{lv.level}故障（{t.region or '各区域'}）"))
            if metric == "remote_response":
                return out, f"{title}或{scope}{METRICS['response'].title}"
            return out, f"{scope}{title}"
        out = self._candidates(fig, title)
        return [c for c in out[0] if _figure(c.value)], out[1]

    def _candidates(self, fig: Figure, title: str) -> tuple[list[Candidate], str]:
        p = self.policy
        metric = fig.metric
        w, sp = p.warranty, p.spare_parts
        if metric == "parts_arrival":
            return [Candidate(i.arrival, i.name) for i in (sp.items if sp else [])], title
        if metric == "warranty_term":
            if w is None:
                return [], title
            out = [Candidate(w.term, "整体")]
            out += [Candidate(part.term, part.name) for part in w.parts if part.name in fig.parts]
            return out, title
        if metric == "parts_supply":
            return ([Candidate(sp.supply_years, "")] if sp else []), title
        if metric == "inspection_interval":
            return ([Candidate(p.inspections.interval, "")] if p.inspections else []), title
        if metric == "visit_interval":
            return ([Candidate(p.return_visits.interval, "")] if p.return_visits else []), title
        if metric in ("inspection_visits", "visit_visits"):
            node = p.inspections if metric == "inspection_visits" else p.return_visits
            if node is None or node.interval is None or w is None or not isinstance(w.term, Duration):
                return [], title
            out = []
            computed = visits_in_warranty(node.interval, p.warranty.term)
            if computed is not None:
                out.append(Candidate(computed, f"质保期 {p.warranty.term} ÷ 间隔 {node.interval}"))
            if node.visits is not None and node.visits != computed:
                out.append(Candidate(node.visits, "数据中写明的次数"))
            return out, title
        if metric == "training_trainees":
            total = training_total(p)
            if total is None:
                return [], title
            out = [Candidate(total, "各课程 每期人数×期数 之和")]
            return out, title
        if metric == "satisfaction":
            out = [Candidate(p.return_visits.satisfaction_target, "回访满意度目标")] if p.return_visits else []
            out += [Candidate(k.target, k.name) for k in p.kpis if "满意" in k.name]
            return out, title
        if metric == "kpi":
            return [Candidate(k.target, k.name) for k in p.kpis if k.name == fig.kpi], f"指标“{fig.kpi}”目标值"
        if metric == "service_hours":
            out = [Candidate(p.service_hours, title)]
            if self.company is not None:
                out.append(Candidate(self.company.hotline_hours, METRICS["hotline_hours"].title))
            return out, f"{title}或{METRICS['hotline_hours'].title}"
        if metric == "complaint_response":
            return ([Candidate(p.complaints.response, "投诉受理")] if p.complaints else []), title
        if metric in ("sanbao_return", "sanbao_exchange"):
            sb = w.sanbao if w is not None else None
            if sb is None:
                return [], title
            return [Candidate(sb.return_within if metric == "sanbao_return" else sb.exchange_within, "三包")], title
        return [], title

    def _where(self, fig: Figure) -> tuple[list[Any], tuple[str, ...], str]:
        """Fault levels and regions a time figure can describe, and a label."""
        p = self.policy
        if fig.level == ANY:
            levels = list(p.fault_levels)
        else:
            name = fig.level if fig.level is not None else self.level
            found = match_level(p, name)
            levels = [found] if found is not None else list(p.fault_levels[:1])
        region = fig.region if fig.region is not None else self.region
        regions = REGIONS if region in (None, ANY) else (region,)
        level_label = levels[0].level if len(levels) == 1 else "各级"
        region_label = regions[0] if len(regions) == 1 else ""
        scope = f"{level_label}故障" + (f"（{region_label}）" if region_label else "")
        return levels, regions, scope


def vocab_of(policy: Any) -> Vocab:
    """The reading vocabulary of a (resolved) policy (a few names: cheap to
    build, so it is not kept anywhere)."""
    levels = tuple(w for lv in policy.fault_levels for w in (lv.level, lv.name) if w)
    parts = tuple(p.name for p in policy.warranty.parts) if policy.warranty is not None else ()
    return Vocab(levels=levels, parts=parts, kpis=tuple(k.name for k in policy.kpis))


def excerpt(text: str, start: int, end: int, width: int = 16) -> str:
    """The sentence around a figure, cut to about 2×width characters."""
    s = max(0, start - width)
    e = min(len(text), end + width)
    for i in range(start - 1, s - 1, -1):
        if text[i] in EXCERPT_DELIMS:
            s = i + 1
            break
    for i in range(end, e):
        if text[i] in EXCERPT_DELIMS:
            e = i
            break
    head = "…" if s > 0 and text[s - 1] not in EXCERPT_DELIMS else ""
    tail = "…" if e < len(text) and text[e] not in EXCERPT_DELIMS else ""
    return head + text[s:e].strip() + tail


def describe(mismatch: Mismatch) -> str:
    """"一级故障（本市）到场时限为 2小时" / "…为 本市 2小时、省内 4小时、省外 8小时中的一个"."""
    cands = mismatch.candidates
    if len(cands) == 1:
        return f"{mismatch.description}为 {cands[0].text()}"
    shown = dict.fromkeys(f"{c.label} {c.text()}" if c.label else c.text() for c in cands)
    listed = "、".join(shown)
    return f"{mismatch.description}为 {listed}"


def suggestion(mismatch: Mismatch) -> str:
    cands = mismatch.candidates
    fig = mismatch.figure
    if fig.bound == "min":
        return f"文字写“至少 {fig.written}”，数据达不到；请改为不超过数据的值，或删去数字由程序按数据生成"
    if len({c.text() for c in cands}) == 1:
        return f"请改为“{cands[0].text()}”，或删去数字由程序按数据生成"
    return "请改为数据中的值并写明对应的等级或区域，或删去数字由程序按数据生成"

