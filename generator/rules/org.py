"""Rules on the service organisation: outlets behind promises, phone numbers,
complaint escalation, dates of a bid."""

from __future__ import annotations

import re
from typing import Iterator

from ..durations import Duration
from ..findings import Severity
from ..model import Company, Policy
from . import Report, rule


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
