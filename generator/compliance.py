"""Tender compliance: the 偏离表 and the 评分索引, derived from the numbers.

For each requirement of a bid we read our promise from the resolved bid
(policy ⊕ overrides), compare it with the tender's threshold and derive the
偏离 class — never typed by hand. Free-text requirements carry our explicit
answer and are marked for human review. For each scoring item we find the
highest tier our promise reaches and the section where the evidence stands
(the PDF turns that section into a real page number).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .durations import IncomparableDurations
from .metrics import METRICS, Metric, ThresholdError, compare, parse_threshold

POSITIVE, NONE, NEGATIVE = "正偏离", "无偏离", "负偏离"


@dataclass
class DeviationRow:
    """One row of the 售后服务偏离表."""

    index: int
    clause: str
    mark: str
    requirement: str
    response: str
    deviation: str | None  # None: free text, needs a human look
    note: str
    section: str  # outline section with the evidence
    review: bool  # free text: a person must confirm
    problem: str | None = None  # why no class could be derived


@dataclass
class ScoringRow:
    """One row of the 评分索引: our promise, the tier it reaches, where the proof is."""

    clause: str
    title: str
    promise: str
    tier: str | None
    points: float
    max_points: float
    section: str
    problem: str | None = None


def _scope(metric: Metric, rb: Any, level: str | None) -> str:
    if metric.section != "faults" or metric.id in ("service_hours",):
        return ""
    lv = rb.policy.level(level) if level else rb.policy.fault_levels[0]
    name = lv.level if lv is not None else level
    return f"{name}故障（{rb.bid.project.region}）"


def promise_text(metric: Metric, value: Any, rb: Any, level: str | None) -> str:
    if value is None:
        return "未承诺"
    unit = "人次" if metric.id == "training_trainees" else ("期" if metric.id == "training_sessions" else ("次" if metric.id == "inspection_visits" else ("个" if metric.id == "outlets" else "")))
    extra = f"，自{rb.policy.warranty.start}之日起" if metric.id == "warranty_term" else ""
    return f"{_scope(metric, rb, level)}{metric.title} {value}{unit}{extra}"


def evaluate(metric_id: str, rb: Any, company: Any, level: str | None, threshold: Any) -> tuple[Any, int | None, str | None]:
    """(our value, comparison with the threshold, problem text)."""
    metric = METRICS.get(metric_id)
    if metric is None:
        return None, None, f"未知的指标“{metric_id}”；可用：{'、'.join(METRICS)}"
    if metric.kind == "text":
        return None, None, None
    try:
        value = metric.get(rb, company, level)
    except KeyError:
        return None, None, f"故障等级“{level}”不存在"
    try:
        limit = parse_threshold(metric, threshold)
    except ThresholdError as exc:
        return value, None, str(exc)
    if value is None:
        return None, -1, "没有相应的承诺"
    try:
        return value, compare(metric, value, limit), None
    except IncomparableDurations as exc:
        return value, None, f"{exc}；请用同一种计时单位"


def deviation_rows(rb: Any, company: Any) -> list[DeviationRow]:
    rows = []
    for i, req in enumerate(rb.bid.requirements, start=1):
        metric = METRICS.get(req.metric)
        section = metric.section if metric else "overview"
        if metric is None or metric.kind == "text":
            rows.append(DeviationRow(i, req.clause, req.mark, req.text, req.answer or "", None, req.note or "文字条款，请人工复核响应内容", section, True,
                                     None if metric else f"未知的指标“{req.metric}”"))
            continue
        value, cmp, problem = evaluate(req.metric, rb, company, req.level, req.threshold)
        response = req.answer or promise_text(metric, value, rb, req.level)
        if cmp is None:
            rows.append(DeviationRow(i, req.clause, req.mark, req.text, response, None, req.note or "", section, True, problem))
            continue
        deviation = {1: POSITIVE, 0: NONE, -1: NEGATIVE}[cmp]
        limit = parse_threshold(metric, req.threshold)
        auto_note = {1: f"优于招标要求（要求 {limit}，承诺 {value}）", 0: f"满足招标要求（{limit}）", -1: f"未达到招标要求（要求 {limit}，承诺 {value}）"}[cmp]
        rows.append(DeviationRow(i, req.clause, req.mark, req.text, response, deviation, req.note or auto_note, section, False, problem))
    return rows


def scoring_rows(rb: Any, company: Any) -> list[ScoringRow]:
    rows = []
    for item in rb.bid.scoring:
        metric = METRICS.get(item.metric)
        section = item.evidence or (metric.section if metric else "overview")
        max_points = max(t.points for t in item.tiers)
        if metric is None or metric.kind == "text":
            rows.append(ScoringRow(item.clause, item.title, "见正文", None, 0, max_points, section,
                                   None if metric else f"未知的指标“{item.metric}”"))
            continue
        value = None
        reached = None
        problem = None
        for tier in sorted(item.tiers, key=lambda t: -t.points):
            value, cmp, problem = evaluate(item.metric, rb, company, item.level, tier.threshold)
            if problem:
                break
            if cmp is not None and cmp >= 0:
                reached = tier
                break
        promise = promise_text(metric, value, rb, item.level)
        tier_text = (reached.text or f"{reached.threshold}") if reached else None
        rows.append(ScoringRow(item.clause, item.title, promise, tier_text, reached.points if reached else 0, max_points, section, problem))
    return rows
