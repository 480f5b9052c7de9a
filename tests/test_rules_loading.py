"""The rules built into loading: syntax, tags, encoding, missing files, the
schema, references between files and waivers.

These are what a bid writer meets first, editing YAML by hand the night
before a deadline: a key typed twice, a file saved by Notepad as GBK, a
misspelt key that would silently drop a promise.
"""

from __future__ import annotations

from test_rules import (
    COMPANY,
    ERROR,
    EXPO_BID,
    HOSPITAL_BID,
    HVAC,
    LED,
    WARNING,
    append,
    check,
    edit,
    fires,
    line_of,
)


def test_a_key_written_twice_is_an_error_at_the_second_one(project):
    edit(project, HVAC, "    term: 36个月\n", "    term: 36个月\n    term: 24个月\n")
    f = fires(check(project), "yaml-syntax", ERROR, HVAC, line_of(project, HVAC, "term: 24个月"))
    assert "term" in f.message and str(line_of(project, HVAC, "term: 36个月")) in f.message


def test_an_unclosed_quote_is_an_error_near_its_line(project):
    edit(project, HVAC, "  version: 2026版", '  version: "2026版')
    findings = check(project)
    assert [f.rule for f in findings if f.file == HVAC] == ["yaml-syntax"]
    assert [f.severity for f in findings if f.file == HVAC] == [ERROR]


def test_tab_indentation_is_an_error_at_its_line(project):
    edit(project, HVAC, "    term: 36个月\n", "\tterm: 36个月\n")
    f = fires(check(project), "yaml-syntax", ERROR, HVAC, line_of(project, HVAC, "\tterm: 36个月"))
    assert "Tab" in f.message


def test_an_empty_file_is_an_error(project):
    (project / LED).write_text("", encoding="utf-8")
    fires(check(project), "yaml-syntax", ERROR, LED, 1)


def test_a_python_object_tag_is_refused(project):
    (project / LED).write_text("# yaml-language-server: $schema=../tender.schema.json\npolicy: !!python/object/apply:os.system [\"echo 1\"]\n", encoding="utf-8")
    f = fires(check(project), "yaml-tag", ERROR, LED, 2)
    assert "python" in f.message


def test_a_file_saved_as_gbk_is_an_error_with_a_hint(project):
    # Windows 记事本 "ANSI" is GBK; the loader names the first line it cannot decode
    text = (project / HVAC).read_text(encoding="utf-8")
    (project / HVAC).write_bytes(text.encode("gbk"))
    first_chinese = next(i for i, line in enumerate(text.splitlines(), 1) if not line.isascii())
    f = fires(check(project), "file-encoding", ERROR, HVAC, first_chinese)
    assert "UTF-8" in f.message and "GBK" in f.message


def test_a_missing_company_file_is_an_error(project):
    (project / COMPANY).unlink()
    fires(check(project), "file-missing", ERROR, COMPANY, 1)


def test_a_misspelt_key_is_an_error_that_suggests_the_right_one(project):
    edit(project, HVAC, "{region: 本市, response: 15分钟, arrival: 2小时, fix: 8小时, backup: 24小时}",
         "{region: 本市, respone: 15分钟, arrival: 2小时, fix: 8小时, backup: 24小时}")
    findings = check(project)
    f = fires(findings, "schema", ERROR, HVAC, line_of(project, HVAC, "respone: 15分钟"))
    unknown = [x for x in findings if x.rule == "schema" and "respone" in x.message]
    assert unknown and "response" in unknown[0].message and "响应时限" in unknown[0].message
    assert f.severity is ERROR


def test_a_chinese_key_is_an_error_that_gives_the_english_one(project):
    # the writer typed the title the editor shows instead of the key
    edit(project, HVAC, "    supply_years: 10年", "    停产后供应年限: 10年")
    f = fires(check(project), "schema", ERROR, HVAC, line_of(project, HVAC, "停产后供应年限: 10年"))
    assert "supply_years" in f.message


def test_a_word_where_a_number_belongs_is_an_error(project):
    edit(project, HVAC, "      repairs_before_exchange: 2", "      repairs_before_exchange: 两次")
    f = fires(check(project), "schema", ERROR, HVAC, line_of(project, HVAC, "repairs_before_exchange: 两次"))
    assert "整数" in f.message


def test_a_missing_warranty_start_is_a_missing_term_error_not_a_schema_error(project):
    edit(project, HVAC, "    start: 验收合格\n", "")
    findings = check(project)
    f = fires(findings, "missing-term", ERROR, HVAC, line_of(project, HVAC, "    term: 36个月"))
    assert "起算" in f.message
    assert not [x for x in findings if x.rule == "schema"]


def test_a_value_outside_the_choices_is_an_error(project):
    edit(project, HVAC, "    start: 验收合格\n", "    start: 付款之日\n")
    f = fires(check(project), "schema", ERROR, HVAC, line_of(project, HVAC, "start: 付款之日"))
    assert "验收合格" in f.message


def test_a_bid_built_on_a_policy_that_does_not_exist_is_an_error(project):
    edit(project, EXPO_BID, "  policy: led", "  policy: led-2025")
    f = fires(check(project), "reference", ERROR, EXPO_BID, line_of(project, EXPO_BID, "policy: led-2025"))
    assert "led" in f.message


def test_a_bid_override_with_a_wrong_type_is_reported_at_the_bid_line(project):
    edit(project, HOSPITAL_BID, "    inspections:\n      visits: 20", "    inspections:\n      visits: 二十次")
    fires(check(project), "schema", ERROR, HOSPITAL_BID, line_of(project, HOSPITAL_BID, "visits: 二十次"))


def test_a_waiver_for_a_rule_that_does_not_exist_is_a_warning(project):
    append(project, HVAC, "waivers:\n  - rule: warranty-parts\n    reason: 压缩机另有厂家质保\n")
    f = fires(check(project), "waiver", WARNING, HVAC, line_of(project, HVAC, "rule: warranty-parts"))
    assert "warranty-parts" in f.message


def test_a_waiver_without_a_reason_is_a_schema_error(project):
    append(project, HVAC, "waivers:\n  - rule: warranty-part\n    reason: 无\n")
    fires(check(project), "schema", ERROR, HVAC, line_of(project, HVAC, "reason: 无"))


def test_a_seal_image_outside_the_project_is_an_error(project):
    # the PDF embeds the seal: a path out of the project must never be followed
    edit(project, COMPANY, "  seal_image: null", "  seal_image: /etc/passwd")
    f = fires(check(project), "asset-path", ERROR, COMPANY, line_of(project, COMPANY, "seal_image: /etc/passwd"))
    assert "绝对路径" in f.message
