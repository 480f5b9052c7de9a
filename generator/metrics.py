"""Measurable promises: what a tender requirement or scoring item talks about.

A requirement names a metric (`arrival`, `warranty_term`, …) and a threshold;
the metric says how to read the threshold, where our promise is in the
resolved bid, which direction is better, and in which section of the
document the evidence stands (for the scoring index).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from .durations import Duration, DurationError, IncomparableDurations
from .values import Percent, ServiceHours, _to_hours, _to_percent


@dataclass(frozen=True)
class Metric:
    id: str
    title: str  # Chinese name shown in the 偏离表
    kind: str  # duration | count | percent | hours | text
    better: str  # lower | higher
    section: str  # outline section holding the evidence
    get: Callable[[Any, Any, str | None], Any]  # (resolved bid, company, level) → value


def _level(rb: Any, level: str | None) -> Any:
    policy = rb.policy
    lv = policy.level(level) if level else policy.fault_levels[0]
    if lv is None:
        raise KeyError(level)
    return lv


def _time(step: str) -> Callable[[Any, Any, str | None], Any]:
    def get(rb: Any, company: Any, level: str | None) -> Any:
        lv = _level(rb, level)
        region = rb.bid.project.region
        times = next((t for t in lv.times if t.region == region), None)
        return getattr(times, step) if times is not None else None

    return get


def _visits(node: str) -> Callable[[Any, Any, str | None], Any]:
    def get(rb: Any, company: Any, level: str | None) -> Any:
        part = getattr(rb.policy, node)
        return int(part.interval.count_in(rb.policy.warranty.term))

    return get


METRICS: dict[str, Metric] = {m.id: m for m in [
    Metric("warranty_term", "质保期", "duration", "higher", "warranty", lambda rb, c, lv: rb.policy.warranty.term),
    Metric("response", "响应时限", "duration", "lower", "faults", _time("response")),
    Metric("arrival", "到场时限", "duration", "lower", "faults", _time("arrival")),
    Metric("fix", "修复时限", "duration", "lower", "faults", _time("fix")),
    Metric("backup", "备用设备时限", "duration", "lower", "faults", _time("backup")),
    Metric("remote_response", "远程支持响应时限", "duration", "lower", "faults",
           lambda rb, c, lv: rb.policy.remote_support.response if rb.policy.remote_support else None),
    Metric("service_hours", "现场服务时间", "hours", "higher", "faults", lambda rb, c, lv: rb.policy.service_hours),
    Metric("hotline_hours", "服务热线时间", "hours", "higher", "organisation", lambda rb, c, lv: c.hotline_hours if c else None),
    Metric("parts_supply", "停产后备件供应年限", "duration", "higher", "parts", lambda rb, c, lv: rb.policy.spare_parts.supply_years),
    Metric("parts_arrival", "备件到场时限", "duration", "lower", "parts",
           lambda rb, c, lv: max((p.arrival for p in rb.policy.spare_parts.items), default=None)),
    Metric("training_trainees", "培训总人次", "count", "higher", "training",
           lambda rb, c, lv: sum(s.trainees * s.sessions for s in rb.policy.training.sessions)),
    Metric("training_sessions", "培训总期数", "count", "higher", "training",
           lambda rb, c, lv: sum(s.sessions for s in rb.policy.training.sessions)),
    Metric("inspection_interval", "巡检间隔", "duration", "lower", "inspections", lambda rb, c, lv: rb.policy.inspections.interval),
    Metric("inspection_visits", "质保期内巡检次数", "count", "higher", "inspections", _visits("inspections")),
    Metric("visit_interval", "回访间隔", "duration", "lower", "visits", lambda rb, c, lv: rb.policy.return_visits.interval),
    Metric("satisfaction", "满意度目标", "percent", "higher", "visits", lambda rb, c, lv: rb.policy.return_visits.satisfaction_target),
    Metric("complaint_response", "投诉受理时限", "duration", "lower", "complaints", lambda rb, c, lv: rb.policy.complaints.response),
    Metric("outlets", "服务网点数", "count", "higher", "organisation", lambda rb, c, lv: len(c.outlets) if c else None),
    Metric("text", "文字要求", "text", "higher", "overview", lambda rb, c, lv: None),
]}


class ThresholdError(ValueError):
    """A threshold that does not fit its metric; message for bid writers."""


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
            if isinstance(raw, bool):
                raise ValueError
            if isinstance(raw, str):
                m = re.fullmatch(r"\s*(\d+)\s*(?:人次|人|次|期|个|家)?\s*", raw)
                if not m:
                    raise ValueError
                return int(m[1])
            return int(raw)
        if metric.kind == "percent":
            return _to_percent(raw)
        if metric.kind == "hours":
            return _to_hours(raw)
    except (DurationError, ValueError, TypeError) as exc:
        detail = str(exc) if isinstance(exc, DurationError) else ""
        raise ThresholdError(f"门槛值“{raw}”不符合指标“{metric.title}”的格式{('：' + detail) if detail else ''}") from None
    except Exception as exc:  # pydantic custom errors from the value parsers
        raise ThresholdError(f"门槛值“{raw}”不符合指标“{metric.title}”的格式：{exc}") from None
    raise ThresholdError(f"未知的指标类型 {metric.kind}")


def compare(metric: Metric, promised: Any, threshold: Any) -> int:
    """+1 if our promise is better than the threshold, 0 equal, -1 worse.

    Raises IncomparableDurations when 工作日 meet clock time.
    """
    if metric.kind == "duration":
        c = promised.compare(threshold)
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


__all__ = ["METRICS", "Metric", "ThresholdError", "parse_threshold", "compare", "IncomparableDurations"]
