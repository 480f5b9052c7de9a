"""Rules on the service organisation: outlets behind promises, phone numbers,
complaint escalation, dates of a bid."""

from __future__ import annotations

import re
from typing import Iterator

from ..durations import Duration, DurationError
from ..findings import Severity
from ..model import Company, Policy
from ..prose import DURATION_RE
from . import Report, TextDocument, rule
from .textscan import buyer_text, doc_text


@rule("region-outlet", Severity.WARNING, "policy")
def region_outlet(policy: Policy, project) -> Iterator[Report]:
    """Each region tier with promised times is backed by an outlet with staff
    in that tier.

    Why: "省外 8小时到场" with no one outside the province is a promise
    an evaluator will question (seed 003 lists its 7 outlets for this reason).
    """
    company = project.company
    if company is None:
        return
    staffed = {o.region for o in company.outlets if o.staff > 0}
    reported = set()
    for level in policy.fault_levels:
        for times in level.times:
            if times.region is None:
                continue
            if times.region not in staffed and times.region not in reported:
                reported.add(times.region)
                yield Report(times, "region", f"承诺了{times.region}的服务时限，但 company.yaml 中没有位于{times.region}且有人员的服务网点；请补充网点或说明由哪个网点覆盖")


PHONE_RES = (
    re.compile(r"^[48]00-?\d{3}-?\d{4}$"),  # 400-826-3519
    re.compile(r"^0\d{2,3}-?\d{7,8}(?:-\d{1,5})?$"),  # 0571-88886666
    re.compile(r"^1[3-9]\d{9}$"),  # mobile
    re.compile(r"^1[3-9]\d-\d{4}-\d{4}$"),
)


def phone_ok(text: str) -> bool:
    compact = re.sub(r"[\s()（）]", "", text)
    return any(p.match(compact) for p in PHONE_RES)


@rule("hotline-format", Severity.WARNING, "company")
def hotline_format(company: Company, project) -> Iterator[Report]:
    """Phone numbers look real: 400-/800- numbers, area code + number, mobile.

    Why: a hotline like "400-XXX-XXXX" or a number with a digit missing is a
    promise nobody can call.
    """
    phones = [(company, "hotline", company.hotline)] if company.hotline else []
    phones += [(o, "phone", o.phone) for o in company.outlets if o.phone]
    if company.signatory is not None and company.signatory.phone:
        phones.append((company.signatory, "phone", company.signatory.phone))
    for node, field, number in phones:
        if not phone_ok(number):
            yield Report(node, field, f"电话“{number}”不像有效号码；应为 400/800 号码（400-826-3519）、区号加号码（0571-88886666）或手机号")
    for rb in project.bids.values():
        for party in (rb.bid.project.buyer, rb.bid.project.agency):
            if party is not None and party.phone and not phone_ok(party.phone):
                yield Report(party, "phone", f"电话“{party.phone}”不像有效号码")


@rule("escalation-order", Severity.WARNING, "policy")
def escalation_order(policy: Policy, project) -> Iterator[Report]:
    """Complaint escalation steps have increasing rank and non-decreasing
    time limits.

    Why: a ladder whose second step must finish before the first (seed 003)
    cannot be followed, and shows the procedure was never used.
    """
    steps = policy.complaints.steps if policy.complaints is not None else []
    for prev, step in zip(steps, steps[1:]):
        a, b = step.time_limit, prev.time_limit
        if step.rank <= prev.rank:
            yield Report(step, "rank", f"升级第 {step.rank} 级排在第 {prev.rank} 级之后；级别应逐级增加")
        elif isinstance(a, Duration) and isinstance(b, Duration) and a.comparable(b) and a.compare(b) < 0:
            yield Report(step, "time_limit", f"升级第 {step.rank} 级（{step.role}）的处理时限 {step.time_limit} 短于上一级的 {prev.time_limit}；越往上升级，处理时限应不短于下一级")


#: a step that hands the case up: "上报公司领导", "报告总经理", "提交上级主管"
ESCALATE_RE = re.compile(r"(?:上报|报告|报请|呈报|提交|转交|移交|升级)(?:给|至|到)?(?:公司|上级|更高|分管|主管|部门)?(?:领导|总经理|副总|经理|主管|负责人|高层|管理层|上级)")
#: an escalation on failure ("仍未解决的", "未予落实的", "无法处理的"), not a
#: notice ("重大故障及时报告公司领导")
UNRESOLVED_RE = re.compile(r"未|不能|无法|没有|仍|不满意")


@rule("escalation-order", Severity.WARNING, "text")
def escalation_order_text(doc: TextDocument, project) -> Iterator[Report]:
    """The same ladder where a paragraph writes it out: each step that hands
    a case up to a higher rank keeps a time limit not shorter than the step
    before, and the top step taken on failure is not left without one after
    timed steps ("2小时内安排，4小时内检查，未落实的上报公司领导协调解决":
    the last and most serious step has no limit; "重大故障及时报告公司领导"
    is a notice, not a step).

    Why: an escalation that ends in "上报领导" with no time is where a
    complaint stalls; a higher step due sooner than a lower one cannot be
    followed.

    Bad:  "4小时内未解决的上报部门经理；2小时内未解决的上报总经理。"
    Good: "4小时内未解决的上报部门经理；24小时内仍未解决的上报总经理。"
    """
    text = doc_text(doc)
    if not ESCALATE_RE.search(text):
        return
    for item in doc.items:
        if buyer_text(item):
            continue
        times = [(m.start(), d) for m in DURATION_RE.finditer(item.text) if (d := _duration(m)) is not None]
        steps = []  # (escalation match, its own limit and where it stands)
        for up in ESCALATE_RE.finditer(item.text):
            a, b = _step_clause(item.text, up.start())
            own = [(at, d) for at, d in times if a <= at < b]
            steps.append((up, own[0] if own else (-1, None)))
        for (_, (_, a)), (up, (where, b)) in zip(steps, steps[1:]):
            added = where > 0 and item.text[where - 1] in "再另又"  # "再4小时": counted from the step before
            if a is not None and b is not None and not added and a.comparable(b) and b.compare(a) < 0:
                yield Report(item, None, f"升级到“{up.group(0)}”的时限 {b} 短于上一步的 {a}；越往上升级，时限应不短于前一步", at=up.start())
        if steps:
            up, (_, limit) = steps[-1]
            before = sum(at < up.start() for at, _ in times)
            after = any(at > up.start() for at, _ in times)
            a, _ = _step_clause(item.text, up.start())
            failed = UNRESOLVED_RE.search(item.text, a, up.start()) is not None
            if limit is None and failed and before >= 2 and not after:
                yield Report(item, None, f"最后一步“{up.group(0)}”没有处理时限，而前面各步都写了时限：升级到最高一级反而可能无限期拖延；请写明，如“上报后24小时内协调解决”", at=up.start())


def _step_clause(text: str, pos: int) -> tuple[int, int]:
    """The clause of an escalation step, with the condition before it when it
    is one ("8小时内仍未解决的，上报总经理"): where its own limit is written."""
    marks = "，,。；;！!？?\n"
    start = max(text.rfind(c, 0, pos) for c in marks) + 1
    ends = [i for i in (text.find(c, pos) for c in marks) if i >= 0]
    end = min(ends) if ends else len(text)
    if start >= 2 and text[start - 1] in "，," and text[start - 2] == "的":
        start = max(text.rfind(c, 0, start - 1) for c in marks) + 1
    return start, end


def _duration(m: re.Match[str]) -> Duration | None:
    try:
        return Duration.parse(m.group(0))
    except (DurationError, ValueError):
        return None
