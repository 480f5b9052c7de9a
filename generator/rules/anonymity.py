"""暗标: an anonymous technical bid that gives nothing of the bidder away."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Severity
from . import Report, TextItem, rule


@rule("anonymity", Severity.ERROR, "printed")
def anonymity(printed, project) -> Iterator[Report]:
    """An anonymous bid (`anonymous: true`) prints nothing of the bidder's
    identity: company name, short name or 字号, phone numbers, addresses,
    e-mail or web domain, staff names, certificate numbers, outlet names,
    images.

    Why: a 暗标 that lets the evaluators recognise its bidder scores 0 or is
    rejected. The check reads the anonymous document as it is printed (its
    HTML, and in `tender build` the finished PDF), so a template, a derived
    sentence and the plan's own words ("我公司杭州服务中心") all count; each
    finding points at the data that printed it.

    Example (bad, in a bid with `anonymous: true`):

        overrides:
          complaints:
            channels: [服务热线 400-826-3519]

    Use instead: `channels: [7×24小时服务热线, 服务邮箱]` (the numbers go into
    the 商务标 file 售后服务承诺函, which tender writes beside the plan).
    """
    from ..identity import leaks

    for leak in leaks(printed):
        yield Report(TextItem(leak.snippet, leak.loc, leak.path, ""), None, leak.message)
