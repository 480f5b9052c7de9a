"""Time ladders: the promises about how fast we come must agree with each other."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator

from ..durations import Calendar, Duration, DurationError, IncomparableDurations, format_amount
from ..findings import Severity
from ..metrics import match_level
from ..model import REGIONS, RUNGS, Node, Policy, RegionTimes
from ..values import TimeTerm
from ..prose import DURATION_RE
from . import Report, TextDocument, rule
from .textscan import SENTENCE_RE, buyer_text, doc_text, policy_text, policy_texts

STEPS = tuple((key, zh) for key, zh, _order in RUNGS)
_ORDER = {key: order for key, _zh, order in RUNGS}


def _cmp(a: object, b: object) -> int | None:
    """Compare, or None when 工作日 meet clock time (calendar-mix reports it)
    or when either side is not a figure (立即, 按双方约定: missing-term's)."""
    if not isinstance(a, Duration) or not isinstance(b, Duration):
        return None
    try:
        return a.compare(b)
    except IncomparableDurations:
        return None


def rungs(times: RegionTimes) -> list[tuple[str, str, Duration]]:
    """The rungs a row states as durations, in their real order, with the fix
    counted from the call: a fix "到场后2小时内" adds the arrival time."""
    out = []
    for key, zh, _order in RUNGS:
        value = getattr(times, key)
        if not isinstance(value, Duration):
            continue
        if key == "fix" and times.fix_from == "到场":
            if not isinstance(times.arrival, Duration) or not times.arrival.comparable(value):
                continue
            value = _plus(times.arrival, value)
        out.append((key, zh, value))
    return out


def _plus(a: Duration, b: Duration) -> Duration:
    if a.family == b.family and a.unit == b.unit:
        return Duration(a.amount + b.amount, a.family, a.unit)
    return Duration(a.minutes() + b.minutes(), "clock", "分钟")


def _region(times: RegionTimes) -> str:
    return times.region or "各区域"


@rule("time-ladder", Severity.ERROR, "policy")
def time_ladder(policy: Policy, project) -> Iterator[Report]:
    """响应 ≤ 派员/远程诊断 ≤ 到场 ≤ 处理方案 ≤ 修复 ≤ 更换/备用设备, for every
    fault level and region, over whichever rungs the plan states; a fix
    counted from arrival ("到场后2小时内修复") adds the arrival time.

    Why: an evaluator reads "修复 8小时" and "到场 12小时" as a contradiction,
    and a buyer will hold us to the weaker reading.

    A fix due the moment the engineer arrives (到场 48小时, 修复 48小时,
    seed 002) leaves no time to repair: a warning.

    Bad:  `{region: 本市, response: 1小时, arrival: 24小时, fix: 8小时}` (seed 001).
    Good: `{region: 本市, response: 15分钟, arrival: 2小时, fix: 8小时, backup: 24小时}`.
    """
    for level in policy.fault_levels:
        for times in level.times:
            steps = rungs(times)
            merged = times.arrival_fix
            if isinstance(merged, Duration) and times.fix is None:
                yield Report(times, "arrival_fix", f"{level.level}故障（{_region(times)}）的到场和处理合写为一个时限 {merged}：工程师按时到场时已没有维修时间；请分别写明到场时限和修复时限", Severity.WARNING)
            for i, (k2, z2, d2) in enumerate(steps):
                earlier = [(k1, z1, d1) for k1, z1, d1 in steps[:i] if _ORDER[k1] < _ORDER[k2]]
                for k1, z1, d1 in reversed(earlier):
                    if _cmp(d1, d2) == 1:
                        yield Report(times, k2, f"{level.level}故障（{_region(times)}）的{z2}时限 {getattr(times, k2)} 短于{z1}时限 {d1}；顺序应为 响应 ≤ 到场 ≤ 修复 ≤ 备用设备，请把{z2}时限改为不少于 {d1}")
                        break
                    if (k1, k2) == ("arrival", "fix") and _cmp(d1, d2) == 0:
                        yield Report(times, k2, f"{level.level}故障（{_region(times)}）的修复时限与到场时限都是 {d1}：工程师到场时就已超出修复时限，没有留出维修时间；请把修复时限写得长于到场时限", Severity.WARNING)
                        break


#: a repair done back at the factory ("设备到工厂后返修期不超过5个工作日")
FACTORY_RE = re.compile(r"返厂|返修|送修|寄回厂家|送回厂家|返回工厂|返回厂家|到工厂后")
#: ... served meanwhile by a loan unit: the fix deadline is kept by the backup
LOAN_RE = re.compile(r"备用|备机|替换机|周转机|代用")
#: N working days last at least N calendar days: the lower bound of a 工作日 figure
EVERY_DAY = Calendar(days_per_week=7)


@rule("time-ladder", Severity.ERROR, "policy")
def factory_repair(policy: Policy, project) -> Iterator[Report]:
    """A repair sent back to the factory is a step inside the fix it serves:
    the factory's own time ("返修期不超过5个工作日") cannot be as long as the
    longest fix deadline of the plan ("重大问题5日内解决"), or a fault that
    needs the factory can never be fixed in time (transport comes on top).
    A 工作日 figure counts at its least (N working days ≥ N days); a sentence
    that lends a backup unit meanwhile ("返修期间提供备用机") keeps the
    deadline with it and is silent.

    Why: the evaluator reads the two figures side by side; the buyer will
    hold us to the fix deadline.

    Bad:  fix 5日 for the worst level, and "返厂维修不超过5个工作日".
    Good: "返厂维修不超过5个工作日，返修期间提供同型号备用设备".
    """
    fixes = [(t.fix, level.level) for level in policy.fault_levels for t in level.times if isinstance(t.fix, Duration) and t.fix_from != "到场"]
    if not fixes or not FACTORY_RE.search(policy_text(policy)):
        return
    longest, level = max(fixes, key=lambda f: f[0].minutes(EVERY_DAY))
    for item in policy_texts(policy):
        for sm in SENTENCE_RE.finditer(item.text):
            sentence = sm.group(0)
            k = None
            for k in FACTORY_RE.finditer(sentence):
                pass  # the last one: "返厂维修的部件，返修期不超过…" is read from 返修
            if k is None or LOAN_RE.search(sentence):
                continue
            m = DURATION_RE.search(sentence, k.end(), k.end() + 16)
            try:
                factory = Duration.parse(m.group(0)) if m is not None else None
            except DurationError:
                factory = None
            if factory is not None and factory.minutes(EVERY_DAY) >= longest.minutes(EVERY_DAY):
                yield Report(item, None, f"需要返厂的设备仅厂内返修就要 {factory}，已不短于方案中最长的修复时限 {longest}（{level}），运输时间还未计入：这类故障无法按时修复；请写明返修期间提供备用设备，或把修复时限写得长于返厂周期", at=sm.start() + m.start())
                return


@rule("severity-order", Severity.ERROR, "policy")
def severity_order(policy: Policy, project) -> Iterator[Report]:
    """A more severe fault level is never handled slower than a milder one.

    Fault levels are listed from most to least severe. Why: promising 4小时
    for a total outage but 2小时 for a cosmetic fault reads as careless and
    the buyer will quote the faster figure. A milder level with a figure and
    a more severe one with only words (及时, 立即 excepted) is missing-term's
    in data, and the text rule's below in a sentence.
    """
    levels = policy.fault_levels
    for severe, mild in zip(levels, levels[1:]):
        mild_by_region = {t.region: t for t in mild.times}
        for times in severe.times:
            other = mild_by_region.get(times.region)
            if other is None:
                continue
            for key, zh in STEPS:
                a, b = getattr(times, key), getattr(other, key)
                if a is not None and b is not None and _cmp(a, b) == 1:
                    yield Report(times, key, f"{severe.level}故障比{mild.level}故障更严重，但{_region(times)}的{zh}时限 {a} 反而长于{mild.level}的 {b}；更严重的等级应不慢于较轻的等级")


#: the severe case of a sentence ("紧急事件", "重大故障")
SEVERE_CASE_RE = re.compile(r"(?:紧急|特急|加急|重大|严重)(?:事件|情况|故障|问题|事故|报修|需求|任务|投诉)")
#: the milder case named as such before it ("一般报修", "普通故障", "一般来说")
MILD_CASE_RE = re.compile(r"一般|普通|常规|日常|非紧急|轻微")
#: a time in words only (立即, 第一时间 are immediate: not vague)
VAGUE_TIME_RE = re.compile(r"及时|尽快|尽早|适时|从速|迅速")


@rule("severity-order", Severity.ERROR, "text")
def severity_order_text(doc: TextDocument, project) -> Iterator[Report]:
    """The same order where the text gives the milder case a figure and the
    severe case only a word, in one sentence: "一般报修4小时内安排，紧急
    情况及时处理" (a warning: the severe case has no deadline, so it may be
    served slower than the ordinary one). The milder case must be named as
    such (一般, 普通, 常规…): "2小时内到场，重大故障及时启动预案" gives the
    figure to every case. A figure after the severe case belongs to it and
    settles it; 立即 and 第一时间 are immediate.

    Bad:  "普通报修当天安排，重大故障尽快处理。"
    Good: "普通报修8小时内安排，重大故障2小时内处理。"
    """
    text = doc_text(doc)
    if not SEVERE_CASE_RE.search(text):
        return
    for item in doc.items:
        if buyer_text(item):
            continue
        for sm in SENTENCE_RE.finditer(item.text):
            sentence = sm.group(0)
            severe = SEVERE_CASE_RE.search(sentence)
            if severe is None:
                continue
            before, after = sentence[:severe.start()], sentence[severe.end():]
            clause = re.split(r"[，,]", after, maxsplit=1)[0]
            vague = VAGUE_TIME_RE.search(clause)
            figure = DURATION_RE.search(before)
            if vague is None or figure is None or DURATION_RE.search(after) or SEVERE_CASE_RE.search(before) or not MILD_CASE_RE.search(before):
                continue
            yield Report(item, None, f"{severe.group(0)}只写了“{vague.group(0)}”，而同一句中较轻的情况承诺了 {figure.group(0)}：更严重的情况没有时限，可能反而更慢；请为{severe.group(0)}写明不长于 {figure.group(0)} 的时限", Severity.WARNING, at=sm.start() + severe.end() + vague.start())


@rule("region-order", Severity.ERROR, "policy")
def region_order(policy: Policy, project) -> Iterator[Report]:
    """本市 ≤ 省内 ≤ 省外 for each time of each fault level.

    Why: a farther region cannot be served faster than a nearer one; such a
    table is a copy-paste error. (北京 2h / 周边 12h / 外省 48h is fine.)
    """
    order = {name: i for i, name in enumerate(REGIONS)}
    for level in policy.fault_levels:
        regional = [t for t in level.times if t.region is not None]
        times = sorted(regional, key=lambda t: order[t.region])
        seen = set()
        for t in level.times:
            if t.region in seen:
                yield Report(t, "region", f"{level.level}故障的区域“{_region(t)}”写了两次；每个区域只写一次")
            seen.add(t.region)
        for near, far in zip(times, times[1:]):
            for key, zh in STEPS:
                a, b = getattr(near, key), getattr(far, key)
                if a is not None and b is not None and _cmp(a, b) == 1:
                    yield Report(far, key, f"{level.level}故障{far.region}的{zh}时限 {b} 短于{near.region}的 {a}；距离更远的区域不应更快")


@rule("calendar-mix", Severity.ERROR, "policy")
def calendar_mix(policy: Policy, project) -> Iterator[Report]:
    """7×24 service is not promised in 工作日, and 5×8 service does not promise
    to arrive within hours at night.

    Why: "7×24小时服务" with "3个工作日内修复" tells the buyer a weekend fault
    waits until Monday — two promises that cannot both be meant. With 5×8
    on-site hours a 2小时 arrival is only true in office hours: say so.
    """
    hours = policy.service_hours
    if hours is None:
        return
    for level in policy.fault_levels:
        for times in level.times:
            for key, zh in STEPS:
                d = getattr(times, key)
                if not isinstance(d, Duration):
                    continue
                if hours.round_the_clock and d.family == "workday":
                    yield Report(times, key, f"承诺 {hours} 服务，但{level.level}故障（{_region(times)}）的{zh}时限写成 {d}；请改用小时或日历日（如 {format_amount(d.amount * 24)}小时）")
                elif not hours.round_the_clock and d.family == "clock" and d.base < 24 * 60 and key in ("arrival", "fix"):
                    yield Report(times, key, f"上门服务时间为 {hours}，{zh}时限 {d} 在夜间和节假日无法兑现；请改为 7×24 服务，或用工作日/日历日表述", Severity.WARNING)
    for step in policy.complaints.steps if policy.complaints is not None else ():
        if hours.round_the_clock and isinstance(step.time_limit, Duration) and step.time_limit.family == "workday":
            yield Report(step, "time_limit", f"承诺 {hours} 服务，但投诉第 {step.rank} 级的处理时限写成 {step.time_limit}；请改用小时或日历日", Severity.WARNING)


@rule("parts-ladder", Severity.ERROR, "policy")
def parts_ladder(policy: Policy, project) -> Iterator[Report]:
    """A spare part arrives no later than the fix deadline it serves, and
    parts are supplied at least as long as the warranty runs.

    Why: promising a 8小时 fix while the part needs 48小时 to arrive is a
    promise we cannot keep (seed 001, plan 12).
    """
    if policy.spare_parts is None:
        return
    for part in policy.spare_parts.items:
        if part.serves_level is None or part.arrival is None:
            continue
        level = match_level(policy, part.serves_level)
        if level is None:
            known = "、".join(lv.level for lv in policy.fault_levels)
            yield Report(part, "serves_level", f"备件“{part.name}”服务的故障等级“{part.serves_level}”不存在；可选：{known}")
            continue
        for t in level.times:
            if _cmp(part.arrival, t.fix) == 1:
                yield Report(part, "arrival", f"备件“{part.name}”到场要 {part.arrival}，晚于它服务的{level.level}故障（{_region(t)}）修复时限 {t.fix}；备件应在修复时限内到场")
    supply = policy.spare_parts.supply_years
    term = policy.warranty.term if policy.warranty is not None else None
    if _cmp(supply, term) == -1:
        yield Report(policy.spare_parts, "supply_years", f"停产后备件供应 {supply} 短于质保期 {term}；备件供应期应不短于质保期")
    lifelong = [p for p in policy.warranty.secondary if isinstance(p.term, TimeTerm) and p.term.kind == "lifetime"] if policy.warranty else []
    if lifelong and isinstance(supply, Duration):
        yield Report(policy.spare_parts, "supply_years", f"承诺了终身服务（{lifelong[0].name or lifelong[0].kind}），但停产后备件只供应 {supply}；终身服务需要备件支撑，请写明期满后的备件来源或改写“终身”")


# -- duration-unit: a bare 天 ---------------------------------------------------------


def _ambiguous_days(node: Node) -> Iterator[Report]:
    """Every Duration written with a bare 天 in node and the nodes below it."""
    for name, title in _duration_fields(type(node)):
        value = getattr(node, name, None)
        for item in value if isinstance(value, list) else (value,):
            if isinstance(item, Duration):
                if item.ambiguous:
                    yield Report(node, name, _days_message(name, title, item), Severity.WARNING)
            elif isinstance(item, Node):
                yield from _ambiguous_days(item)


def _days_message(name: str, title: str, duration: Duration) -> str:
    n = format_amount(duration.amount)
    return f"“{name}”（{title}）写作“{n}天”：“天”在招标文件里常指工作日，法律上按日历日计，本程序按日历日读；请写明“{n}日”（日历日）或“{n}个工作日”"


def _ambiguous_thresholds(bid: Any) -> Iterator[Report]:
    """Thresholds of requirements and scoring tiers written with a bare 天
    (a threshold is read by its metric, not by the model, so the walk over
    Duration fields above does not see it)."""
    from ..metrics import METRICS, ThresholdError, parse_threshold

    places = [(req, req.metric, req.threshold) for req in bid.requirements]
    places += [(tier, item.metric, tier.threshold) for item in bid.scoring for tier in item.tiers]
    for node, metric_id, raw in places:
        metric = METRICS.get(metric_id)
        if metric is None or metric.kind != "duration" or not isinstance(raw, str):
            continue
        try:
            limit = parse_threshold(metric, raw)
        except ThresholdError:
            continue  # reported by requirement-answered
        if limit.ambiguous:
            yield Report(node, "threshold", _days_message("threshold", "门槛值", limit), Severity.WARNING)


@lru_cache(maxsize=None)
def _duration_fields(cls: type) -> tuple[tuple[str, str], ...]:
    """The fields of a model class that can hold a Duration or a nested model."""
    return tuple((name, info.title or name) for name, info in cls.model_fields.items() if _may_hold_duration(info.annotation))


def _may_hold_duration(annotation: object) -> bool:
    if annotation is Duration or (isinstance(annotation, type) and issubclass(annotation, Node)):
        return True
    return any(_may_hold_duration(arg) for arg in getattr(annotation, "__args__", ()) or ())


@rule("duration-unit", Severity.ERROR, "policy")
def duration_unit(policy: Policy, project) -> Iterator[Report]:
    """A duration has a known unit (an unknown one, such as 36个钟, is an error
    reported by the schema); a bare 天 is a warning.

    Why: 民法典 §200–204 reads 日 as calendar days, but many tenders and
    bidders mean working days when they write 天 — "3天内修复" over a
    weekend is a dispute waiting to happen (seed 001 mixes 天, 日 and 工作日).
    The checker reads 天 as 日历日 and asks to say which is meant.

    Bad:  `fix: 3天`.
    Good: `fix: 3日` (calendar days) or `fix: 3个工作日`.
    """
    yield from _ambiguous_days(policy)


@rule("duration-unit", Severity.ERROR, "bid")
def duration_unit_bid(rb, project) -> Iterator[Report]:
    """Same check for the durations of a bid itself (e.g. 投标有效期 90天); the
    policy a bid resolves to is checked by the policy rule."""
    yield from _ambiguous_days(rb.bid)
    yield from _ambiguous_thresholds(rb.bid)


_N = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百半]+)"
#: a bare 天 used as a limit: "20天内", "不超过两天", "销售前30天", "提前3天"
#: (not 7天×24小时, 每天, 第二天, 365天全天候: a frequency, a date or every day)
BARE_DAYS_RE = re.compile(r"(?P<pre>不超过|不少于|不多于|超过|提前|前|满|后)?\s*(?<![第每周几当次隔整\d.一二两三四五六七八九十百半])(?<!星期)(?P<n>" + _N + r")\s*天(?!\s*[×xX*＊]|\s*(?:24|二十四)|全天|天)(?P<post>\s*(?:以内|之内|内|之前|以前|前|之后|以后|后|以上|起))?")
#: "N个采暖期": a season as a warranty length (its months are a local rule)
SEASON_TERM_RE = re.compile(r"(?<![分划成])为\s*(?P<n>\d+|[一二两三四五六七八九十]+)\s*个\s*(?P<u>[\u4e00-\u9fff]{1,3}(?:期|季))")
KNOWN_SEASON_UNITS = ("季", "季度", "学期", "周期", "时期")
WARRANTY_CONTEXT_RE = re.compile(r"保修|质保|保用|保固|养护|维保|质量保证")


@rule("duration-unit", Severity.ERROR, "text")
def duration_unit_text(doc: TextDocument, project) -> Iterator[Report]:
    """The same check for durations written in text that no field holds: a
    limit in bare 天 ("销售后20天内寄回", "不超过两天": a warning, once a
    paragraph), and a warranty length in seasons ("供暖系统为2个采暖期": an
    error, the length of a 采暖期 is a local rule and cannot be compared with
    the warranty in months). A season counts only where the paragraph or the
    two before it speak of the warranty.

    Bad:  "配件在接到订单后10天内发出"; "地暖系统保修为两个采暖期".
    Good: "10日内发出" or "10个工作日内发出"; "两个采暖期（不少于24个月）".
    """
    text = doc_text(doc)
    if "天" not in text and "期" not in text and "季" not in text:
        return
    items = doc.items
    for i, item in enumerate(items):
        if buyer_text(item):
            continue
        for m in BARE_DAYS_RE.finditer(item.text):
            if (m["pre"] or m["post"]) and m["n"] != "365":
                n = m["n"]
                yield Report(item, None, f"“{m.group(0).strip()}”写的是“天”：招标文件里“天”常指工作日，法律上按日历日计；请写明“{n}日”（日历日）或“{n}个工作日”", Severity.WARNING, at=m.start("n"))
                break
        for m in SEASON_TERM_RE.finditer(item.text):
            if m["u"] in KNOWN_SEASON_UNITS or m["u"].endswith("个月"):
                continue
            context = " ".join(it.text for it in items[max(0, i - 2):i + 1])
            if WARRANTY_CONTEXT_RE.search(context):
                yield Report(item, None, f"“{m['n']}个{m['u']}”不是可比较的期限：{m['u']}的起止由各地规定，无法与质保期的月数核对；请写明月数或起止日期，如“{m['n']}个{m['u']}（不少于N个月）”", at=m.start("n"))
