"""Absent sections print honestly: nothing promised, in words, never a blank
or a crash (issue #12)."""

from __future__ import annotations

from pathlib import Path

from test_format_forms import _cut_section
from test_rules import HVAC, HOSPITAL_BID, edit

from generator import document
from generator.pdf import render_html
from generator.project import load_project
from generator.site import render_pages
from generator.sentences import NOT_PROMISED, not_promised


def _without(project: Path) -> None:
    for key in ("training", "inspections", "return_visits", "complaints", "after_warranty", "emergency", "kpis", "penalties"):
        _cut_section(project, HVAC, key)
    edit(project, HVAC, "      return_within: 7日\n", "")


def test_a_policy_with_absent_sections_renders_not_promised(project):
    _without(project)
    loaded, _findings = load_project(project)
    ctx = document.policy_context(loaded, "hvac")
    _cover, body = render_html(project, ctx)
    assert not_promised(for_bid=False) in body  # a published policy says 本政策, never 本方案 (#16)
    assert NOT_PROMISED not in body
    assert "包退" not in body  # a 三包 term not stated is not printed
    pages = render_pages(loaded)
    assert any(not_promised(for_bid=False) in page for page in pages.values())
    assert not any("本方案" in page for page in pages.values())


def test_a_bid_on_a_policy_with_absent_sections_renders(project):
    _without(project)
    edit(project, HOSPITAL_BID, "    inspections:\n      visits: 20\n", "")
    loaded, _findings = load_project(project)
    if "lw-hospital-hvac" in loaded.bids:
        ctx = document.bid_context(loaded, "lw-hospital-hvac")
        _cover, body = render_html(project, ctx)
        assert NOT_PROMISED in body
