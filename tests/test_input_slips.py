"""The slips a Chinese input method makes, told in the bid writer's terms:
a full-width colon or space names that character on its line, 時 is the
traditional 时, and an enum error lists the choices in Chinese."""

from __future__ import annotations

from conftest import edit, line_of
from test_rules import ERROR, EXPO_BID, check, fires


def test_full_width_colon_after_a_key_is_named_on_its_line(project):
    line = line_of(project, EXPO_BID, "threshold: 4小时")
    edit(project, EXPO_BID, "      threshold: 4小时", "      threshold：4小时")
    f = fires(check(project), "yaml-syntax", ERROR, EXPO_BID, line)
    assert "全角冒号“：”" in f.message and "threshold: 4小时" in f.message and f.col == 16


def test_full_width_colon_in_a_list_item_that_would_parse_as_text(project):
    line = line_of(project, EXPO_BID, "- clause: 5.2.2")
    edit(project, EXPO_BID, "    - clause: 5.2.2", "    - clause：5.2.2")
    f = fires(check(project), "yaml-syntax", ERROR, EXPO_BID, line)
    assert "全角冒号" in f.message


def test_full_width_space_in_the_indentation_is_named(project):
    line = line_of(project, EXPO_BID, "threshold: 4小时")
    edit(project, EXPO_BID, "      threshold: 4小时", "　　　threshold: 4小时")
    f = fires(check(project), "yaml-syntax", ERROR, EXPO_BID, line)
    assert "全角空格“　”" in f.message


def test_full_width_colons_and_spaces_inside_text_are_fine(project):
    edit(project, EXPO_BID, "      value: 68000元", "      value: 68000元\n  commitments:\n    - 说明：本项目设专人负责。\n    - |\n      　　正文段落首行缩进两个全角空格。\n")
    assert not [f for f in check(project) if f.rule == "yaml-syntax"]


def test_traditional_shi_gets_a_hint(project):
    edit(project, EXPO_BID, "threshold: 4小时", "threshold: 4小時")
    f = fires(check(project), "requirement-answered", ERROR, EXPO_BID, line_of(project, EXPO_BID, "threshold: 4小時"))
    assert "“時”是繁体字" in f.message and "4小时" in f.message
    assert f.message.count("2小时") == 1, f.message  # the examples once, not twice


def test_enum_error_lists_the_choices_in_chinese(project):
    edit(project, EXPO_BID, "    region: 省内", "    region: 省里")
    f = fires(check(project), "schema", ERROR, EXPO_BID, line_of(project, EXPO_BID, "region: 省里"))
    assert "只能是 本市、省内 或 省外，而不是“省里”" in f.message
    edit(project, EXPO_BID, "      mark: ★\n      text: 整屏质保", "      mark: 星\n      text: 整屏质保")
    found = check(project)
    f = fires(found, "schema", ERROR, EXPO_BID, line_of(project, EXPO_BID, "mark: 星"))
    assert "只能是 ★、▲ 或留空" in f.message
    fires(found, "schema", ERROR, EXPO_BID, line_of(project, EXPO_BID, "region: 省里"))  # still there from the first edit and "'" not in f.message
