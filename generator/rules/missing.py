"""missing-term: what a bid-ready plan must state and this one does not.

The format lets a plan leave any section out (imported plans often do), so
absence is reported here, by what it costs, rather than as a schema error.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..durations import Duration
from ..findings import Severity
from ..model import RUNGS, Policy
from ..values import TimeTerm
from . import Report, rule

W = Severity.WARNING


def _unquantified(value: Any) -> bool:
    """A time term where a figure is expected (立即 for a response is a figure
    enough; 未承诺 is the writer's explicit choice)."""
    return isinstance(value, TimeTerm) and value.kind not in ("none", "immediate")


@rule("missing-term", Severity.ERROR, "policy")
def missing_term(policy: Policy, project) -> Iterator[Report]:
    """A commitment the plan needs, or refers to, is absent or unquantified.

    Errors: the warranty's length or start is missing (a length with no
    start in data or text is warranty-start's); a fault level has
    neither an arrival nor a fix time. Warnings: no fault levels at all;
    training without numbers; no inspection or return-visit interval; no
    spare-parts supply years; no KPI; no complaint time; a time written as
    words where a figure is expected (在客户规定的时间内, 按双方约定).

    In a plan document a gap is shown where the plan mentions the section;
    a plan that never names a warranty but charges for a visit outright
    ("上门服务并收取相应的费用") shows the missing warranty there.

    Why: a 质保期 with no length, or "按双方约定" where the tender asks for a
    figure, is scored as no answer, and a ★ clause unanswered rejects the bid
    (seeds 000, 001, 004).

    Bad:  `warranty: {start: 验收合格}` (no term), `arrival: 按双方约定`.
    Good: `warranty: {term: 36个月, start: 验收合格}`, `arrival: 4小时`.
    """
    yield from _warranty(policy)
    yield from _faults(policy)
    yield from _others(policy)


def _warranty(policy: Policy) -> Iterator[Report]:
    w = policy.warranty
    if w is None:
        yield Report(policy, "warranty", "方案没有写明质保期长度和起算事件；请写明，如“质保期36个月，自验收合格之日起计算”")
        return
    if w.term is None and w.start is None:
        yield Report(w, None, "方案没有写明质保期长度和起算事件，看不出哪些服务免费、免费到何时；请写明，如“质保期36个月，自验收合格之日起计算”")
        return
    if w.term is None or (isinstance(w.term, TimeTerm) and w.term.kind == "none"):
        yield Report(w, "term" if w.term is not None else None, "方案没有写明质保期长度；请写明，如 36个月")
    elif _unquantified(w.term):
        yield Report(w, "term", f"质保期写作“{w.term}”，没有具体长度；请写明，如 36个月", W)
    if w.start is None and not _start_nowhere(policy):
        yield Report(w, None, "方案没有写明质保期从何时起算；请写明一个起算事件，如“自验收合格之日起”")
    if w.sanbao is not None and w.sanbao.reference and all(getattr(w.sanbao, k) is None for k in ("return_within", "exchange_within", "repair_within", "repairs_before_exchange")):
        return  # sanbao-floor reports the bare reference


def _start_nowhere(policy: Policy) -> bool:
    """A length with no start in the data or the text: warranty-start reports
    it at the length (a start only in the text is still missing from the data)."""
    from ..clauses import START_CONTEXT
    from .textscan import policy_text

    return isinstance(policy.warranty.term, Duration) and not START_CONTEXT.search(policy_text(policy))


def _faults(policy: Policy) -> Iterator[Report]:
    if not policy.fault_levels:
        yield Report(policy, "fault_levels", "方案没有写明故障响应、到场和修复时限；请按故障等级写明", W)
        return
    for level in policy.fault_levels:
        rows = level.times
        if not any(getattr(t, k) is not None for t in rows for k in ("arrival", "arrival_fix", "fix")):
            yield Report(level, "level", f"{level.level}故障既没有到场时限，也没有修复时限；请写明，如 4小时内到场、24小时内修复")
        for t in rows:
            for key, zh, _order in RUNGS:
                value = getattr(t, key)
                if _unquantified(value):
                    yield Report(t, key, f"{level.level}故障的{zh}时限写作“{value}”，没有具体时限；请写明小时数或日数", W)


def _others(policy: Policy) -> Iterator[Report]:
    training = policy.training
    if training is None or not training.sessions:
        yield Report(policy, "training", "方案没有写明培训安排（对象、人数、期数、时长）", W)
    elif any(s.trainees is None or s.sessions is None for s in training.sessions):
        s = next(s for s in training.sessions if s.trainees is None or s.sessions is None)
        yield Report(s, "title", f"培训“{s.title}”没有写明每期人数或期数", W)
    if policy.inspections is None or (policy.inspections.interval is None and not policy.inspections.cycles):
        yield Report(policy.inspections or policy, None if policy.inspections else "inspections", "方案没有写明巡检间隔；请写明，如 每3个月巡检一次", W)
    if policy.return_visits is None or policy.return_visits.interval is None:
        yield Report(policy.return_visits or policy, None if policy.return_visits else "return_visits", "方案没有写明回访间隔；请写明，如 每月回访一次", W)
    supply = policy.spare_parts.supply_years if policy.spare_parts is not None else None
    if supply is None:
        yield Report(policy.spare_parts or policy, None if policy.spare_parts else "spare_parts", "方案没有写明停产后备件供应年限；请写明，如 8年", W)
    elif _unquantified(supply):
        yield Report(policy.spare_parts, "supply_years", f"停产后备件供应年限写作“{supply}”，没有具体年限", W)
    if not policy.kpis:
        yield Report(policy, "kpis", "方案没有写明量化的服务指标（如 服务及时率≥95%）", W)
    c = policy.complaints
    if c is None or c.response is None:
        yield Report(c or policy, None if c else "complaints", "方案没有写明投诉受理时限；请写明，如 24小时内答复", W)
    elif _unquantified(c.response):
        yield Report(c, "response", f"投诉受理时限写作“{c.response}”，没有具体时限", W)



