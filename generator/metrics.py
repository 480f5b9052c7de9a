"""Measurable promises: what a tender requirement or scoring item talks about.

A requirement names a metric (`arrival`, `warranty_term`, …) and a threshold;
the metric says how to read the threshold, where our promise is in the
resolved bid, which direction is better, and in which section of the
document the evidence stands (for the scoring index).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable

from pydantic_core import PydanticCustomError

from .durations import Duration, DurationError, IncomparableDurations
from .values import Percent, ServiceHours, TimeTerm, _to_hours, _to_percent, _to_time

#: (resolved bid, company, level) → (model node, field name) holding the promise
Source = Callable[[Any, Any, "str | None"], "tuple[Any, str] | None"]


@dataclass(frozen=True)
class Metric:
    """One measurable promise, defined once: what requirements, scoring, the
    偏离表, the 评分索引, prose-number and both renderers know about it."""

    id: str
    title: str  # Chinese name shown in the 偏离表, in messages and in editors
    kind: str  # duration | count | percent | hours | text
    better: str  # lower | higher
    section: str  # outline section holding the evidence
    get: Callable[[Any, Any, str | None], Any]  # (resolved bid, company, level) → value
    source: Source | None = None  # where the promise is written, for messages
    unit: str = ""  # unit printed after a count ("人次", "次")
    uses_level: bool = False  # the value depends on the fault level
    description: str = ""  # Chinese help shown by editors (JSON Schema enum)
    #: a tender requirement or scoring item may name it (kpi is read only in prose:
    #: it needs the KPI's name, which a requirement cannot give)
    requirement: bool = True
    #: RegionTimes field for the fault-level × region time metrics
    step: str | None = None
    #: regular expression of the labels that name it right before a number in
    #: prose ("到场时间：2小时", "质保期三年"); "" when prose has no label for it
    label: str = ""

    def value(self, rb: Any, company: Any, level: str | None) -> Any:
        return self.get(rb, company, level)

    def where(self, rb: Any, company: Any, level: str | None) -> Any:
        """Location (file:line) of the promise, or None when it is computed."""
        if self.source is None:
            return None
        try:
            found = self.source(rb, company, level)
        except (KeyError, AttributeError, IndexError):
            return None
        if not found:
            return None
        node, field = found
        return node.loc(field) if node is not None else None


# -- derived figures: one function each, used by rules, prose and renderers ----------------


def match_level(policy: Any, name: str | None) -> Any:
    """The fault level written as `name` — its 等级 (一级) or its 名称
    (紧急故障) — or None."""
    return next((lv for lv in policy.fault_levels if name in (lv.level, lv.name)), None) if name else None


def find_level(policy: Any, level: str | None) -> Any:
    """The fault level named `level` (see match_level); the most severe one
    when no level is given. KeyError if unknown."""
    if not level:
        if not policy.fault_levels:
            raise KeyError("一级")
        return policy.fault_levels[0]
    found = match_level(policy, level)
    if found is None:
        raise KeyError(level)
    return found


def _counted(policy: Any) -> list[Any] | None:
    """The courses, or None when the plan trains nobody or leaves a number out
    (a total is then unknown, never a guess)."""
    training = policy.training
    if training is None or not training.sessions or any(s.trainees is None or s.sessions is None for s in training.sessions):
        return None
    return training.sessions


def training_total(policy: Any) -> int | None:
    """培训总人次: Σ 每期人数 × 期数 over the courses."""
    courses = _counted(policy)
    return sum(s.trainees * s.sessions for s in courses) if courses is not None else None


def training_sessions(policy: Any) -> int | None:
    """培训总期数: Σ 期数 over the courses."""
    courses = _counted(policy)
    return sum(s.sessions for s in courses) if courses is not None else None


def visits_ratio(interval: Duration, term: Duration) -> Fraction:
    """质保期 ÷ 间隔, exact (IncomparableDurations when 工作日 meet months);
    count-total uses it to see whether the division is whole."""
    return interval.count_in(term)


def visits_in_warranty(interval: Duration, term: Duration) -> int | None:
    """Whole visits at `interval` within `term` (None when 工作日 meet months)."""
    try:
        return math.floor(visits_ratio(interval, term))
    except (IncomparableDurations, ZeroDivisionError):
        return None


def _times(rb: Any, level: str | None) -> Any:
    lv = find_level(rb.policy, level)
    region = rb.bid.project.region
    return next((t for t in lv.times if t.region == region), None)


def _time_source(step: str) -> Source:
    def source(rb: Any, company: Any, level: str | None) -> tuple[Any, str] | None:
        times = _times(rb, level)
        return (times, step) if times is not None else None

    return source


def _time(step: str) -> Callable[[Any, Any, str | None], Any]:
    def get(rb: Any, company: Any, level: str | None) -> Any:
        times = _times(rb, level)
        return getattr(times, step) if times is not None else None

    return get


def _visits(node: str) -> Callable[[Any, Any, str | None], Any]:
    def get(rb: Any, company: Any, level: str | None) -> Any:
        part = getattr(rb.policy, node)
        term = rb.policy.warranty.term if rb.policy.warranty is not None else None
        if part is None or part.interval is None or not isinstance(term, Duration):
            return None
        return visits_in_warranty(part.interval, term)

    return get


def _parts(rb: Any, level: str | None) -> list[Any]:
    """Spare parts that serve `level` (all parts when none is named for it)."""
    items = rb.policy.spare_parts.items if rb.policy.spare_parts is not None else []
    if level:
        lv = find_level(rb.policy, level)
        serving = [p for p in items if p.serves_level in (lv.level, lv.name)]
        if serving:
            return serving
    return list(items)


def _slowest_part(rb: Any, company: Any, level: str | None) -> Any:
    parts = _parts(rb, level)
    if not parts:
        return None
    slowest = parts[0]
    for p in parts[1:]:
        try:
            if p.arrival.compare(slowest.arrival) > 0:
                slowest = p
        except IncomparableDurations:
            continue
    return slowest


def _attr(path: str) -> Source:
    """Source for a fixed place in the resolved policy: "warranty.term"."""
    *nodes, field = path.split(".")

    def source(rb: Any, company: Any, level: str | None) -> tuple[Any, str] | None:
        node = rb.policy
        for name in nodes:
            node = getattr(node, name)
            if node is None:
                return None
        return node, field

    return source


def _get(path: str) -> Callable[[Any, Any, str | None], Any]:
    source = _attr(path)

    def get(rb: Any, company: Any, level: str | None) -> Any:
        found = source(rb, company, level)
        return getattr(*found) if found else None

    return get


def _fixed(path: str) -> dict[str, Any]:
    return {"get": _get(path), "source": _attr(path)}


def _time_metric(step: str) -> dict[str, Any]:
    return {"get": _time(step), "source": _time_source(step), "uses_level": True, "step": step}


def _none(rb: Any, company: Any, level: str | None) -> Any:
    return None


_PARTS_WORDS = r"(?:备品备件|备件|配件|零配件|零部件)"
_STOPPED = r"(?:停产|停止生产|停售)"

METRICS: dict[str, Metric] = {m.id: m for m in [
    Metric("warranty_term", "质保期", "duration", "higher", "warranty", **_fixed("warranty.term"),
           description="整体质保期，如 36个月",
           label=r"(?:整机|整体|系统|整屏|免费)?(?:质保期|保修期|质量保证期|质保期限|保修期限|质保|保修)|免费(?:维护|保障|维修)期"),
    Metric("response", "响应时限", "duration", "lower", "faults", **_time_metric("response"),
           description="接到报修后的响应时限（按故障等级和项目所在区域）", label=r"响应(?:时间|时限)"),
    Metric("arrival", "到场时限", "duration", "lower", "faults", **_time_metric("arrival"),
           description="工程师到达现场的时限（按故障等级和项目所在区域）", label=r"(?:到场|到达现场|上门)(?:服务)?(?:时间|时限)"),
    Metric("fix", "修复时限", "duration", "lower", "faults", **_time_metric("fix"),
           description="排除故障、恢复使用的时限（按故障等级和项目所在区域）", label=r"(?:修复|故障修复|排除故障|故障排除|恢复)(?:时间|时限)"),
    Metric("backup", "备用设备时限", "duration", "lower", "faults", **_time_metric("backup"),
           description="未能按时修复时提供备用设备的时限", label=r"(?:备用设备|备机|备用机|替代设备)(?:提供)?(?:时间|时限)"),
    Metric("dispatch", "派员时限", "duration", "lower", "faults", **_time_metric("dispatch"),
           description="接到报修后派出工程师的时限（按故障等级和项目所在区域）", label=r"派员(?:时间|时限)"),
    Metric("arrival_fix", "到场处理时限", "duration", "lower", "faults", **_time_metric("arrival_fix"),
           description="到达现场并处理的合写时限，如“24小时内到达现场处理”", label=r"到场处理(?:时间|时限)"),
    Metric("proposal", "处理方案时限", "duration", "lower", "faults", **_time_metric("proposal"),
           description="提出处理方案的时限", label=r"(?:处理|解决)方案(?:提交|提出)?(?:时间|时限)"),
    Metric("replacement", "更换时限", "duration", "lower", "faults", **_time_metric("replacement"),
           description="无法修复时更换设备或部件的时限", label=r"更换(?:设备)?(?:时间|时限)"),
    Metric("remote_response", "远程支持响应时限", "duration", "lower", "faults", **_fixed("remote_support.response"),
           description="电话或远程支持的响应时限", label=r"远程(?:技术)?(?:支持)?响应(?:时间|时限)"),
    Metric("service_hours", "上门服务时间", "hours", "higher", "faults", **_fixed("service_hours"),
           description="现场服务的工作时间，如 7×24"),
    Metric("hotline_hours", "服务热线时间", "hours", "higher", "organisation",
           get=lambda rb, c, lv: c.hotline_hours if c else None, source=lambda rb, c, lv: (c, "hotline_hours") if c else None,
           description="服务热线的接听时间，如 7×24"),
    Metric("parts_supply", "停产后备件供应年限", "duration", "higher", "parts", **_fixed("spare_parts.supply_years"),
           description="产品停产后继续供应备件的年限",
           label=rf"(?:{_STOPPED}后?)?{_PARTS_WORDS}的?(?:供应|供货)(?:期|年限|期限)?|{_STOPPED}后(?:继续)?(?:供应|提供|保证供应){_PARTS_WORDS}?"),
    Metric("parts_arrival", "备件到场时限", "duration", "lower", "parts",
           get=lambda rb, c, lv: getattr(_slowest_part(rb, c, lv), "arrival", None),
           source=lambda rb, c, lv: (_slowest_part(rb, c, lv), "arrival"), uses_level=True,
           description="备件送达现场的时限（服务该故障等级的最慢一种备件）",
           label=r"(?:备件|配件|备品备件)的?(?:到场|到达|送达)(?:时间|时限)"),
    Metric("training_trainees", "培训总人次", "count", "higher", "training",
           lambda rb, c, lv: training_total(rb.policy), unit="人次", description="各课程 每期人数×期数 之和"),
    Metric("training_sessions", "培训总期数", "count", "higher", "training",
           lambda rb, c, lv: training_sessions(rb.policy), unit="期", description="各课程期数之和"),
    Metric("inspection_interval", "巡检间隔", "duration", "lower", "inspections", **_fixed("inspections.interval"),
           description="两次巡检之间的时间", label=r"巡检(?:间隔|周期)"),
    Metric("inspection_visits", "质保期内巡检次数", "count", "higher", "inspections", _visits("inspections"), unit="次",
           description="质保期 ÷ 巡检间隔"),
    Metric("visit_interval", "回访间隔", "duration", "lower", "visits", **_fixed("return_visits.interval"),
           description="两次回访之间的时间", label=r"回访(?:间隔|周期)"),
    Metric("visit_visits", "质保期内回访次数", "count", "higher", "visits", _visits("return_visits"), unit="次",
           description="质保期 ÷ 回访间隔"),
    Metric("satisfaction", "满意度目标", "percent", "higher", "visits", **_fixed("return_visits.satisfaction_target"),
           description="回访的客户满意度目标，如 98%"),
    Metric("complaint_response", "投诉受理时限", "duration", "lower", "complaints", **_fixed("complaints.response"),
           description="收到投诉后受理并答复的时限", label=r"投诉(?:受理|响应)(?:时间|时限)"),
    Metric("sanbao_return", "包退期限", "duration", "higher", "warranty", **_fixed("warranty.sanbao.return_within"),
           description="三包：售出后可退货的期限"),
    Metric("sanbao_exchange", "包换期限", "duration", "higher", "warranty", **_fixed("warranty.sanbao.exchange_within"),
           description="三包：售出后可换货的期限"),
    Metric("outlets", "服务网点数", "count", "higher", "organisation", lambda rb, c, lv: len(c.outlets) if c else None, unit="个",
           description="公司服务网点的个数"),
    Metric("kpi", "服务指标", "percent", "higher", "kpis", _none, requirement=False,
           description="服务指标的目标值（只在文字中按指标名称核对）"),
    Metric("text", "文字要求", "text", "higher", "overview", _none,
           description="无法量化的要求：在 answer 中写明我方如何满足"),
]}

#: the metrics a requirement or scoring item may name, in catalogue order
REQUIREMENT_METRICS: tuple[str, ...] = tuple(m.id for m in METRICS.values() if m.requirement)


def requirement_metric(metric_id: str) -> Metric | None:
    """The metric a requirement or scoring item names, None if it names none."""
    return METRICS[metric_id] if metric_id in REQUIREMENT_METRICS else None


class ThresholdError(ValueError):
    """A threshold that does not fit its metric; message for bid writers."""


_COUNT_RE = re.compile(r"\s*(\d+)\s*(?:人次|人|次|期|个|家)?\s*")


def parse_threshold(metric: Metric, raw: Any) -> Any:
    """Read a requirement's threshold the way its metric needs it."""
    if metric.kind == "text":
        return raw
    if raw is None:
        raise ThresholdError(f"指标“{metric.title}”需要门槛值（threshold）")
    try:
        if metric.kind == "duration":
            return _to_time(raw) if isinstance(raw, str) and not isinstance(_to_time(raw), TimeTerm) else Duration.parse(raw)
        if metric.kind == "count":
            if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                raise ValueError
            if isinstance(raw, str):
                m = _COUNT_RE.fullmatch(raw)
                if not m:
                    raise ValueError
                return int(m[1])
            if int(raw) < 0:
                raise ValueError
            return int(raw)
        if metric.kind == "percent":
            return _to_percent(raw)
        if metric.kind == "hours":
            return _to_hours(raw)
    except (DurationError, ValueError, TypeError, OverflowError) as exc:
        # the value parsers raise pydantic's error with the same Chinese text
        detail = str(exc) if isinstance(exc, (DurationError, PydanticCustomError)) else ""
        # a parser's message already gives examples (and the 繁体 hint): not twice
        shown = f"：{detail}" if detail else f"（{_EXAMPLES[metric.kind]}）"
        raise ThresholdError(f"门槛值“{raw}”不符合指标“{metric.title}”的格式{shown}") from None
    except Exception as exc:  # pydantic custom errors from the value parsers
        raise ThresholdError(f"门槛值“{raw}”不符合指标“{metric.title}”的格式：{exc}") from None
    raise ThresholdError(f"未知的指标类型 {metric.kind}")


_EXAMPLES = {"duration": "应如 2小时、3个工作日、36个月", "count": "应为整数，如 30", "percent": "应如 95%", "hours": "应如 7×24"}

#: 工作日 compared with clock time: N working days span at least N calendar days
#: and at most N days + two weekend days per started week + the longest public
#: holiday (8 days, 国庆 with 中秋) + one more weekend next to it.
_HOLIDAY_DAYS = 8


def _workday_span(days: Fraction) -> tuple[Fraction, Fraction]:
    """Shortest and longest calendar span, in minutes, of `days` 工作日."""
    weeks = math.ceil(days / 5)
    return days * 1440, (days + 2 * weeks + _HOLIDAY_DAYS + 2) * 1440


def compare_durations(promised: Duration, threshold: Duration) -> int:
    """cmp(promised, threshold) by length; 工作日 against clock time is
    decided only when it holds for every possible calendar (the shortest and
    the longest span of the working days), else IncomparableDurations."""
    try:
        return promised.compare(threshold)
    except IncomparableDurations:
        pass
    if promised.family == "workday":
        low, high = _workday_span(promised.base)
        other = threshold.minutes()
        if low > other:
            return 1
        if high <= other:
            return -1 if high < other else 0
    else:
        low, high = _workday_span(threshold.base)
        mine = promised.minutes()
        if mine < low:
            return -1
        if mine == low:  # never longer, but not surely shorter: as good as asked
            return 0
        if mine > high:
            return 1
    raise IncomparableDurations(f"“{promised}”与“{threshold}”一个按工作日、一个按日历时间计，无法确定哪个更短")


def compare(metric: Metric, promised: Any, threshold: Any) -> int:
    """+1 if our promise is better than the threshold, 0 equal, -1 worse.

    Raises IncomparableDurations when 工作日 meet clock time and the order
    depends on the calendar.
    """
    if metric.kind == "duration":
        c = compare_durations(promised, threshold)
        if c == 0:  # equal figures: a strict bound ("少于2小时") is the stronger one
            c = _strictness(promised) - _strictness(threshold)
            c = (c > 0) - (c < 0)
    elif metric.kind == "hours":
        assert isinstance(promised, ServiceHours) and isinstance(threshold, ServiceHours)
        if promised == threshold:
            return 0
        if promised.covers(threshold):
            return 1
        return -1
    elif metric.kind == "percent":
        assert isinstance(promised, Percent)
        c = (promised.value > threshold.value) - (promised.value < threshold.value)
        if c == 0:
            c = _strictness(promised) - _strictness(threshold)
            c = (c > 0) - (c < 0)
    else:
        c = (promised > threshold) - (promised < threshold)
    return -c if metric.better == "lower" else c


def _strictness(value: Any) -> int:
    """Where a bound puts the value against its bare figure: -1 for "<N"
    (just below N), +1 for ">N", 0 for a plain figure or a non-strict bound
    (不超过, 以内, 以上 include N, 民法典 §1259)."""
    op = getattr(value, "strict", "") or getattr(value, "op", "")
    return {"<": -1, ">": 1}.get(op, 0)


def format_value(metric: Metric, value: Any) -> str:
    """Our promise as printed: 2小时, 40人次, 7×24, 98%."""
    if value is None:
        return "未承诺"
    return f"{value}{metric.unit}" if metric.kind == "count" else str(value)


__all__ = ["METRICS", "REQUIREMENT_METRICS", "Metric", "ThresholdError", "parse_threshold", "compare", "compare_durations",
           "find_level", "match_level", "format_value", "visits_in_warranty", "visits_ratio", "training_total", "training_sessions",
           "requirement_metric", "IncomparableDurations"]
