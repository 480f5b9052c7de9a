"""Findings name the right place: a finding caused by a bid's override is
reported in the bid file, a policy's own finding once (not again for each
bid built on it), and a merged-bid finding says that it is one."""

from __future__ import annotations

from conftest import edit, line_of
from test_rules import ERROR, EXPO_BID, LED, WARNING, check, fires

OVERRIDE = """  overrides:
    fault_levels:
      - level: 一级
        times:
          - {region: 省内, response: 15分钟, arrival: 2天, fix: 3天, backup: 4天}
"""


def test_a_bid_override_that_breaks_the_region_order_is_blamed_on_the_bid(project):
    edit(project, EXPO_BID, "  overrides:\n", OVERRIDE)
    findings = check(project)
    assert not [f for f in findings if f.file == LED], "\n".join(f.text() for f in findings)
    f = fires(findings, "region-order", ERROR, EXPO_BID, line_of(project, EXPO_BID, "arrival: 2天") - 1)  # the bid's `times:` of 一级
    assert "合并基础政策 led 后" in f.message and f"{LED}:" in f.message
    # the 天 itself is warned about at the bid's own line, marked as the merged bid's
    f = fires(findings, "duration-unit", WARNING, EXPO_BID, line_of(project, EXPO_BID, "arrival: 2天"))
    assert "合并基础政策 led 后" in f.message


def test_a_policy_finding_is_reported_once_not_again_for_each_bid(project):
    edit(project, LED, "        time_limit: 72小时", "        time_limit: 12小时")
    hits = [f for f in check(project) if f.rule == "escalation-order"]
    assert len(hits) == 1 and hits[0].file == LED, "\n".join(f.text() for f in hits)
