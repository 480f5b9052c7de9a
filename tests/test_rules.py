"""The consistency rules as a whole: the shipped example is clean, every rule
has a test that makes it fire and a docstring that explains it, waivers work.

The per-rule stories live in test_rules_*.py and share the helpers below:
each test edits a private copy of the example inline (`edit`), runs the
checker in-process (`check`) and asserts the finding's rule id, severity,
file and line (`fires`). `fires` is also how the meta-test knows which rule
ids are covered, so call it with the rule id as a literal string.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import STATED, append, edit, line_of, run_cli
from generator.checker import check_project
from generator.findings import Finding, Severity
from generator.rules import BUILTIN_RULES, load_all

TESTS = Path(__file__).resolve().parent

COMPANY = "commitments/company.yaml"
HVAC = "commitments/policies/hvac.yaml"
LED = "commitments/policies/led.yaml"
HIS = "commitments/policies/his.yaml"
HOSPITAL_BID = "commitments/bids/lw-hospital-hvac.yaml"
EXPO_BID = "commitments/bids/lj-expo-led.yaml"

ERROR, WARNING = Severity.ERROR, Severity.WARNING

#: rules of the tender-compliance issue, tested by its owner (test_compliance*.py)
OTHER_ISSUE = {"requirement-answered", "deviation-star", "deviation-derived", "prose-number"}

CJK = re.compile(r"[\u4e00-\u9fff]")


# -- helpers shared by test_rules_*.py ------------------------------------------------


def check(project: Path) -> list[Finding]:
    """All findings for the project copy, as `tender check` computes them."""
    _, findings = check_project(project)
    for f in findings:  # every finding, whatever the rule, speaks Chinese and has a place
        assert CJK.search(f.message), f.text()
        assert f.file and f.line >= 1, f.text()
    return findings


def fires(findings: list[Finding], rule: str, severity: Severity, file: str, line: int) -> Finding:
    """The finding of `rule` at file:line with that severity; fails with the
    full list when there is none. The list is then held exact: when the test
    ends, every finding in it must have been stated by a `fires` call
    (conftest's `_exact_findings`), so a fixture that also sets off another
    rule, or the same rule at another line, fails instead of passing."""
    STATED.setdefault(id(findings), (findings, set()))[1].add((rule, file, line))
    hits = [f for f in findings if f.rule == rule and f.file == file and f.line == line]
    listing = "\n".join(f.text() for f in findings) or "(no findings)"
    assert hits, f"expected {severity.value}[{rule}] at {file}:{line}; got:\n{listing}"
    assert all(f.severity is severity for f in hits), f"expected {severity.value}[{rule}] at {file}:{line}; got:\n{listing}"
    return hits[0]


def bid_warranty_line(project: Path) -> int:
    """The hospital bid overrides the warranty: what hvac's warranty rules
    find, they find again in the bid, at its `warranty:` override."""
    return line_of(project, HOSPITAL_BID, "    warranty:")


def rules_of(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def silent(findings: list[Finding], rule: str) -> None:
    hits = [f.text() for f in findings if f.rule == rule]
    assert not hits, "\n".join(hits)


def test_fires_holds_its_list_exact_for_the_rules_it_states():
    from conftest import unstated

    a = Finding("warranty-part", WARNING, HVAC, 10, "甲")
    b = Finding("warranty-part", WARNING, HOSPITAL_BID, 24, "乙")
    other = Finding("count-total", WARNING, HVAC, 12, "丙")
    assert unstated([a, b, other], {("warranty-part", HVAC, 10)}) == [b]
    assert unstated([a, b, other], {("warranty-part", HVAC, 10), ("warranty-part", HOSPITAL_BID, 24)}) == []


# -- the example -----------------------------------------------------------------------


def test_the_shipped_example_has_no_finding_at_all(project):
    assert check(project) == []


def test_the_shipped_example_passes_a_strict_check_on_the_command_line():
    result = run_cli("check", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""
    assert "Traceback" not in result.stderr


# -- waivers ---------------------------------------------------------------------------


def test_a_waiver_with_a_reason_silences_one_rule_at_one_place(project):
    edit(project, HVAC, "      - name: 压缩机\n        term: 60个月", "      - name: 压缩机\n        term: 12个月")
    before = check(project)
    fires(before, "warranty-part", WARNING, HVAC, line_of(project, HVAC, "term: 12个月"))
    fires(before, "warranty-part", WARNING, HOSPITAL_BID, bid_warranty_line(project))  # the bid resolving hvac, at its warranty override
    append(project, HVAC, "waivers:\n  - rule: warranty-part\n    path: policy.warranty.parts[0]\n    reason: 压缩机由厂家另行提供五年质保，合同附件写明\n")
    silent(check(project), "warranty-part")


def test_a_waiver_for_one_place_does_not_silence_the_same_rule_elsewhere(project):
    edit(project, HVAC, "      - name: 压缩机\n        term: 60个月", "      - name: 压缩机\n        term: 12个月")
    append(project, HVAC, "waivers:\n  - rule: warranty-part\n    path: policy.warranty.parts[1]\n    reason: 过滤网属于耗材，另行说明\n")
    found = check(project)
    fires(found, "warranty-part", WARNING, HVAC, line_of(project, HVAC, "term: 12个月"))
    fires(found, "warranty-part", WARNING, HOSPITAL_BID, bid_warranty_line(project))


def test_a_waiver_in_another_file_does_not_silence_a_finding(project):
    edit(project, HVAC, "      - name: 压缩机\n        term: 60个月", "      - name: 压缩机\n        term: 12个月")
    append(project, LED, "waivers:\n  - rule: warranty-part\n    reason: 写错了文件的豁免不应生效\n")
    found = check(project)
    fires(found, "warranty-part", WARNING, HVAC, line_of(project, HVAC, "term: 12个月"))
    fires(found, "warranty-part", WARNING, HOSPITAL_BID, bid_warranty_line(project))


def test_a_waiver_matches_whole_path_segments_not_prefixes(project):
    edit(project, HVAC, "      - name: 压缩机\n        term: 60个月", "      - name: 压缩机\n        term: 12个月")
    append(project, HVAC, "waivers:\n  - rule: warranty-part\n    path: policy.warranty.parts[0].ter\n    reason: 半个键名不应生效\n"
                          "  - rule: warranty-part\n    path: policy.w\n    reason: 半个键名不应生效\n")
    found = check(project)
    fires(found, "warranty-part", WARNING, HVAC, line_of(project, HVAC, "term: 12个月"))
    fires(found, "warranty-part", WARNING, HOSPITAL_BID, bid_warranty_line(project))


def test_a_waiver_that_silences_nothing_is_reported(project):
    append(project, HVAC, "waivers:\n  - rule: warranty-part\n    path: policy.warranty.parts[0]\n    reason: 早已改正的问题留下的豁免\n")
    hit = fires(check(project), "waiver", WARNING, HVAC, line_of(project, HVAC, "  - rule: warranty-part"))
    assert "没有消除任何问题" in hit.message


def test_a_waiver_whose_path_is_not_in_the_file_is_reported(project):
    append(project, HVAC, "waivers:\n  - rule: warranty-part\n    path: policy.warranty.partz[0]\n    reason: 路径写错了\n")
    hit = fires(check(project), "waiver", WARNING, HVAC, line_of(project, HVAC, "path: policy.warranty.partz[0]"))
    assert "不存在" in hit.message


# -- the registry ------------------------------------------------------------------------


def registered_ids() -> set[str]:
    return {r.id for r in load_all()} | set(BUILTIN_RULES)


def _fires_calls(path: Path) -> set[str]:
    """Rule ids passed to fires(...) in one test module (literal strings only)."""
    ids = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "fires":
            args = list(node.args[1:2]) + [k.value for k in node.keywords if k.arg == "rule"]
            ids |= {a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return ids


def _mentioned_in_tests(rule_id: str) -> bool:
    """A rule owned by another engineer (e.g. the loader's `file-outside`)
    counts as covered when another test module names it."""
    for path in TESTS.glob("test_*.py"):
        if path.name.startswith("test_rules"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.Constant) and n.value == rule_id for n in ast.walk(tree)):
            return True
    return False


def test_every_registered_rule_has_a_test_that_makes_it_fire():
    covered = set().union(*(_fires_calls(p) for p in TESTS.glob("test_rules*.py")))
    missing = sorted(rid for rid in registered_ids() - covered - OTHER_ISSUE if not _mentioned_in_tests(rid))
    assert not missing, f"rules without a firing test: {missing}"
    unknown = sorted(covered - registered_ids())
    assert not unknown, f"tests name rules that are not registered: {unknown}"


def test_every_rule_explains_itself():
    for r in load_all():
        assert r.doc, f"{r.id} ({r.func.__name__}) has no docstring"
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", r.id), r.id
    for rid, (severity, doc) in BUILTIN_RULES.items():
        assert isinstance(severity, Severity)
        assert CJK.search(doc), rid


@pytest.mark.parametrize("rule_id", sorted({r.id for r in load_all()} - OTHER_ISSUE))
def test_the_first_function_of_each_rule_says_why_it_matters(rule_id):
    first = next(r for r in load_all() if r.id == rule_id)
    assert "Why" in first.doc or "为什么" in first.doc, f"{rule_id}: docstring should say why a buyer or the law cares"


def test_one_rule_id_has_one_default_severity():
    seen: dict[str, Severity] = {}
    for r in load_all():
        assert seen.setdefault(r.id, r.severity) is r.severity, r.id
    assert not set(seen) & set(BUILTIN_RULES), "a rule is both a function and a built-in"


def test_tender_rules_lists_every_rule():
    result = run_cli("rules")
    assert result.returncode == 0, result.stderr
    for rid in registered_ids():
        assert rid in result.stdout


# -- a rule that fails does not take the check down ---------------------------------------


def test_a_rule_that_crashes_on_odd_data_costs_only_its_own_findings(project, monkeypatch):
    from generator import checker
    from generator.rules import Rule

    def broken(policy, project):
        """Fails on purpose."""
        raise ZeroDivisionError("division by zero")
        yield  # pragma: no cover

    rules = [*load_all(), Rule("broken-rule", ERROR, "policy", broken)]
    monkeypatch.setattr(checker, "load_all", lambda: rules)
    monkeypatch.delenv("TENDER_DEBUG", raising=False)
    edit(project, HVAC, "    satisfaction_target: 98%", "    satisfaction_target: 101%")
    findings = check(project)
    fires(findings, "kpi-range", ERROR, HVAC, line_of(project, HVAC, "satisfaction_target: 101%"))
    crash = [f for f in findings if f.rule == "broken-rule"]
    assert crash and all(f.severity is ERROR and "ZeroDivisionError" in f.message for f in crash)
    assert {f.file for f in crash} >= {HVAC, LED, HIS}
    monkeypatch.setenv("TENDER_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        check(project)
