"""The check's result is a value: `check_project` returns the findings and
the analysis (偏离表/评分索引 rows, shared derived figures) that the build
renders from, and leaves nothing behind on the model objects."""

from __future__ import annotations

from conftest import REPO
from generator import compliance, document
from generator.analysis import CheckedProject, analysing, current, memo
from generator.checker import check_project

BID = "lw-hospital-hvac"


def test_check_returns_the_project_its_findings_and_its_analysis():
    checked = check_project(REPO)
    assert isinstance(checked, CheckedProject) and checked.errors == []
    project, findings = checked  # callers that need nothing derived
    assert project is checked.project and findings == checked.findings
    rb = project.bids[BID]
    rows = checked.analysis.deviation_rows(rb)
    assert rows is checked.analysis.deviation_rows(rb)  # derived once, shared by the rules, PDF and CSV
    fresh = compliance.deviation_rows(rb, project.company)
    assert [(r.clause, r.deviation) for r in rows] == [(r.clause, r.deviation) for r in fresh]


def test_the_model_objects_carry_only_what_the_loader_put_there():
    project = check_project(REPO).project
    nodes = [*project.policies.values(), *(rb.policy for rb in project.bids.values()), *(rb.bid for rb in project.bids.values())]
    for node in nodes:
        assert {k for k in node.__dict__ if k.startswith("_")} <= {"_raw", "_path"}, type(node).__name__
    for rb in project.bids.values():
        assert set(vars(rb)) == {"id", "file", "bid", "policy", "policy_raw"}
    assert not any(k.startswith("_") for k in vars(project))


def test_the_renderer_reads_the_rows_of_the_analysis_it_is_given():
    checked = check_project(REPO)
    rb = checked.project.bids[BID]
    rows = checked.analysis.deviation_rows(rb)
    rows[0].response = "由分析给出的响应"  # the context must show this value, not a recomputed one
    ctx = document.bid_context(checked.project, BID, analysis=checked.analysis)
    assert ctx["deviation"][0]["response"] == "由分析给出的响应"


def test_an_analysis_lives_as_long_as_its_check():
    checked = check_project(REPO)
    assert current(checked.project) is not checked.analysis  # the check is over: nothing global stays
    calls = []
    with analysing(checked.project) as analysis:
        assert current(checked.project) is analysis
        for _ in range(2):
            memo("x", checked.project, lambda: calls.append(1))
    assert len(calls) == 1
    memo("x", checked.project, lambda: calls.append(1))  # outside a check: computed, not kept
    assert len(calls) == 2
