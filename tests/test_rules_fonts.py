"""font-coverage: a character the shipped fonts lack is a located check finding."""

from __future__ import annotations

from conftest import edit, line_of
from test_rules import ERROR, check, fires, silent

BID = "commitments/bids/lw-hospital-hvac.yaml"


def test_a_character_the_fonts_lack_is_reported_at_its_line(project):
    edit(project, BID, "均无负偏离。", "均无负偏离（𠮷）。")
    hit = fires(check(project), "font-coverage", ERROR, BID, line_of(project, BID, "𠮷"))
    assert "U+20BB7" in hit.message


def test_the_example_prints_with_the_shipped_fonts(project):
    silent(check(project), "font-coverage")


def test_a_traditional_character_the_fonts_lack_names_its_simplified_form(project):
    # 時 from a 繁体 input method: the fonts lack it, its simplified 时 is the fix
    edit(project, BID, "均无负偏离。", "均无负偏离，4小時内到场。")
    hit = fires(check(project), "font-coverage", ERROR, BID, line_of(project, BID, "4小時"))
    assert "“時”（U+6642，繁体字，简体为“时”）" in hit.message, hit.message
