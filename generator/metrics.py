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

from .durations import Duration, DurationError, IncomparableDurations
from .values import Percent, ServiceHours, _to_hours, _to_percent

#: (resolved bid, company, level) → (model node, field name) holding the promise
Source = Callable[[Any, Any, "str | None"], "tuple[Any, str] | None"]


@dataclass(frozen=True)
class Metric:
    id: str
    title: str  # Chinese name shown in the 偏离表
    kind: str  # duration | count | percent | hours | text
    better: str  # lower | higher
    section: str  # outline section holding the evidence
    get: Callable[[Any, Any, str | None], Any]  # (resolved bid, company, level) → value
    source: Source | None = None  # where the promise is written, for messages
    unit: str = ""  # unit printed after a count ("人次", "次")
    uses_level: bool = False  # the value depends on the fault level

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


def find_level(policy: Any, level: str | None) -> Any:
    """The fault level named `level` (its 等级 such as 一级, or its 名称 such as
    紧急故障); the most severe one when no level is given. KeyError if unknown."""
    if not level:
        return policy.fault_levels[0]
    for lv in policy.fault_levels:
        if lv.level == level or lv.name == level:
            return lv
    raise KeyError(level)


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


def visits_in_warranty(interval: Duration, term: Duration) -> int | None:
    """Whole visits at `interval` within `term` (None when 工作日 meet months)."""
    try:
        return math.floor(interval.count_in(term))
    except IncomparableDurations:
        return None


def _visits(node: str) -> Callable[[Any, Any, str | None], Any]:
    def get(rb: Any, company: Any, level: str | None) -> Any:
        part = getattr(rb.policy, node)
        return visits_in_warranty(part.interval, rb.policy.warranty.term)

    return get


def _parts(rb: Any, level: str | None) -> list[Any]:
    """Spare parts that serve `level` (all parts when none is named for it)."""
    items = rb.policy.spare_parts.items
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
    return {"get": _time(step), "source": _time_source(step), "uses_level": True}


METRICS: dict[str, Metric] = {m.id: m for m in [
    Metric("warranty_term", "质保期", "duration", "higher", "warranty", **_fixed("warranty.term")),
    Metric("response", "响应时限", "duration", "lower", "faults", **_time_metric("response")),
    Metric("arrival", "到场时限", "duration", "lower", "faults", **_time_metric("arrival")),
    Metric("fix", "修复时限", "duration", "lower", "faults", **_time_metric("fix")),
    Metric("backup", "备用设备时限", "duration", "lower", "faults", **_time_metric("backup")),
    Metric("remote_response", "远程支持响应时限", "duration", "lower", "faults", **_fixed("remote_support.response")),
    Metric("service_hours", "现场服务时间", "hours", "higher", "faults", **_fixed("service_hours")),
    Metric("hotline_hours", "服务热线时间", "hours", "higher", "organisation",
           get=lambda rb, c, lv: c.hotline_hours if c else None, source=lambda rb, c, lv: (c, "hotline_hours") if c else None),
    Metric("parts_supply", "停产后备件供应年限", "duration", "higher", "parts", **_fixed("spare_parts.supply_years")),
    Metric("parts_arrival", "备件到场时限", "duration", "lower", "parts",
           get=lambda rb, c, lv: getattr(_slowest_part(rb, c, lv), "arrival", None),
           source=lambda rb, c, lv: (_slowest_part(rb, c, lv), "arrival"), uses_level=True),
    Metric("training_trainees", "培训总人次", "count", "higher", "training",
           lambda rb, c, lv: sum(s.trainees * s.sessions for s in rb.policy.training.sessions), unit="人次"),
    Metric("training_sessions", "培训总期数", "count", "higher", "training",
           lambda rb, c, lv: sum(s.sessions for s in rb.policy.training.sessions), unit="期"),
    Metric("inspection_interval", "巡检间隔", "duration", "lower", "inspections", **_fixed("inspections.interval")),
    Metric("inspection_visits", "质保期内巡检次数", "count", "higher", "inspections", _visits("inspections"), unit="次"),
    Metric("visit_interval", "回访间隔", "duration", "lower", "visits", **_fixed("return_visits.interval")),
    Metric("satisfaction", "满意度目标", "percent", "higher", "visits", **_fixed("return_visits.satisfaction_target")),
    Metric("complaint_response", "投诉受理时限", "duration", "lower", "complaints", **_fixed("complaints.response")),
    Metric("outlets", "服务网点数", "count", "higher", "organisation", lambda rb, c, lv: len(c.outlets) if c else None, unit="个"),
    Metric("text", "文字要求", "text", "higher", "overview", lambda rb, c, lv: None),
]}


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
            return Duration.parse(raw)
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
        detail = str(exc) if isinstance(exc, DurationError) else ""
        raise ThresholdError(f"门槛值“{raw}”不符合指标“{metric.title}”的格式{('：' + detail) if detail else ''}（{_EXAMPLES[metric.kind]}）") from None
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
    else:
        c = (promised > threshold) - (promised < threshold)
    return -c if metric.better == "lower" else c


def format_value(metric: Metric, value: Any) -> str:
    """Our promise as printed: 2小时, 40人次, 7×24, 98%."""
    if value is None:
        return "未承诺"
    return f"{value}{metric.unit}" if metric.kind == "count" else str(value)


__all__ = ["METRICS", "Metric", "ThresholdError", "parse_threshold", "compare", "compare_durations", "find_level",
           "format_value", "visits_in_warranty", "IncomparableDurations"]
