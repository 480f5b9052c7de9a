"""The metric catalogue is the one home of what a promise is (issue #10)."""

from __future__ import annotations

import json

from generator import prose
from generator.metrics import METRICS, REQUIREMENT_METRICS, requirement_metric
from generator.schema import schema_dict


def test_every_metric_has_a_chinese_title_and_description():
    for m in METRICS.values():
        assert m.title and m.description, m.id
        assert m.kind in {"duration", "count", "percent", "hours", "text"}
        assert m.better in {"lower", "higher"}


def test_prose_reads_only_catalogue_metrics():
    assert set(prose.LABEL_RE.groupindex) <= set(METRICS)
    assert prose.TIME_METRICS <= set(METRICS)
    assert not hasattr(prose, "TITLES")


def test_a_requirement_can_name_what_prose_checks_except_kpi():
    for mid in ("visit_visits", "sanbao_return", "sanbao_exchange", "training_trainees"):
        assert requirement_metric(mid) is METRICS[mid]
    assert requirement_metric("kpi") is None


def test_metric_and_evidence_are_enums_with_chinese_descriptions_in_the_schema():
    defs = schema_dict("bid")["$defs"]
    for name in ("Requirement", "ScoringItem"):
        metric = defs[name]["properties"]["metric"]
        assert metric["enum"] == list(REQUIREMENT_METRICS)
        assert metric["enumDescriptions"][metric["enum"].index("arrival")].startswith("到场时限")
        evidence = json.dumps(defs[name]["properties"]["evidence"], ensure_ascii=False)
        assert '"warranty"' in evidence and "质保期与三包" in evidence


def test_prose_duration_units_come_from_durations():
    figs = prose.find_figures("一级故障2hr内到达现场", prose.Vocab(levels=("一级",)))
    assert [f.metric for f in figs] == ["arrival"]
