"""The format says what real plans say (issue #12): absent sections, time
terms that are not durations, bounds, more rungs, several maintenance
cycles, partial 三包, secondary periods, detailed start events, staff roles."""

from __future__ import annotations

from test_rules import ERROR, HVAC, WARNING, check, edit, fires, line_of, silent

from generator.metrics import METRICS, compare, parse_threshold
from generator.values import TimeTerm, _to_count, _to_percent, _to_time

LOCAL_L1 = "        - {region: 本市, response: 15分钟, arrival: 2小时, fix: 8小时, backup: 24小时}"


def _cut_section(project, rel: str, key: str) -> None:
    """Remove a top-level policy section (key and its indented block)."""
    path = project / rel
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out, skipping = [], False
    for line in lines:
        if line.startswith(f"  {key}:"):
            skipping = True
            continue
        if skipping and (line.startswith("    ") or not line.strip()):
            continue
        skipping = False
        out.append(line)
    path.write_text("".join(out), encoding="utf-8")


def test_a_policy_without_training_loads_and_missing_term_warns(project):
    _cut_section(project, HVAC, "training")
    findings = check(project)
    assert not [f for f in findings if f.rule == "schema"]
    assert any(f.rule == "missing-term" and f.severity == WARNING and "培训" in f.message and f.file == HVAC for f in findings)


def test_a_policy_without_warranty_is_a_missing_term_error(project):
    _cut_section(project, HVAC, "warranty")
    findings = check(project)
    assert not [f for f in findings if f.rule == "schema" and f.file == HVAC]
    assert any(f.rule == "missing-term" and f.severity == ERROR and "质保期" in f.message for f in findings)


def test_a_time_term_loads_renders_as_written_and_is_flagged(project):
    edit(project, HVAC, LOCAL_L1, "        - {region: 本市, response: 立即, arrival: 按双方约定, fix: 8小时, backup: 24小时}")
    findings = check(project)
    f = fires(findings, "missing-term", WARNING, HVAC, line_of(project, HVAC, "arrival: 按双方约定"))
    assert "按双方约定" in f.message
    silent([x for x in findings if x.file == HVAC], "time-ladder")


def test_a_level_without_arrival_or_fix_is_an_error(project):
    edit(project, HVAC, LOCAL_L1, "        - {region: 本市, response: 15分钟}")
    edit(project, HVAC, "        - {region: 省内, response: 15分钟, arrival: 4小时, fix: 12小时, backup: 36小时}", "")
    edit(project, HVAC, "        - {region: 省外, response: 15分钟, arrival: 8小时, fix: 24小时, backup: 48小时}", "")
    fires(check(project), "missing-term", ERROR, HVAC, line_of(project, HVAC, "- level: 一级"))


def test_more_rungs_load_and_the_ladder_runs_over_them(project):
    edit(project, HVAC, LOCAL_L1, "        - {region: 本市, response: 15分钟, dispatch: 30分钟, arrival: 2小时, proposal: 4小时, fix: 3小时, replacement: 72小时}")
    f = fires(check(project), "time-ladder", ERROR, HVAC, line_of(project, HVAC, "dispatch: 30分钟"))
    assert "修复" in f.message and "处理方案" in f.message


def test_a_fix_counted_from_arrival_adds_the_arrival_time(project):
    # 2h to arrive + 7h from arrival = 9h from the call, later than the 8h backup? no: backup 24h; fine
    edit(project, HVAC, LOCAL_L1, "        - {region: 本市, response: 15分钟, arrival: 2小时, fix: 7小时, fix_from: 到场, backup: 8小时}")
    fires(check(project), "time-ladder", ERROR, HVAC, line_of(project, HVAC, "fix_from: 到场"))


def test_a_merged_arrival_and_fix_rung_loads(project):
    edit(project, HVAC, LOCAL_L1, "        - {region: 本市, response: 15分钟, arrival_fix: 2小时, backup: 24小时}")
    findings = [f for f in check(project) if f.file == HVAC]
    silent(findings, "schema")
    silent(findings, "missing-term")


def test_several_maintenance_cycles_each_have_count_total(project):
    edit(project, HVAC, "  inspections:\n", "  inspections:\n    cycles:\n      - {name: 年度保养, interval: 12个月, visits: 2, content: [全面保养]}\n")
    found = check(project)
    fires(found, "count-total", ERROR, HVAC, line_of(project, HVAC, "name: 年度保养"))
    fires(found, "count-total", ERROR, "commitments/bids/lw-hospital-hvac.yaml",
          line_of(project, "commitments/bids/lw-hospital-hvac.yaml", "    inspections:"))  # the bid resolving hvac


def test_partial_sanbao_checks_what_is_stated(project):
    edit(project, HVAC, "      return_within: 7日\n      exchange_within: 15日\n", "")
    findings = check(project)
    silent([f for f in findings if f.file == HVAC], "sanbao-floor")
    silent([f for f in findings if f.file == HVAC], "schema")


def test_a_bare_sanbao_reference_is_reported_as_missing_terms(project):
    edit(project, HVAC, "      return_within: 7日\n      exchange_within: 15日\n      repair_within: 30日\n      repairs_before_exchange: 2\n",
         "      reference: 按国家三包规定执行\n")
    fires(check(project), "sanbao-floor", WARNING, HVAC, line_of(project, HVAC, "reference: 按国家三包规定执行"))


def test_secondary_periods_and_detailed_start_events_load(project):
    edit(project, HVAC, "    note: 质保期自验收合格之日起计算；",
         "    secondary:\n      - {kind: 延保, term: 24个月, start: 终验合格}\n      - {kind: 使用寿命, term: 终身}\n    note: 质保期自验收合格之日起计算；")
    findings = [f for f in check(project) if f.file == HVAC]
    silent(findings, "schema")


def test_a_lifelong_promise_with_limited_parts_is_a_parts_ladder_error(project):
    edit(project, HVAC, "    note: 质保期自验收合格之日起计算；", "    secondary:\n      - {kind: 使用寿命, name: 终身服务, term: 终身}\n    note: 质保期自验收合格之日起计算；")
    fires(check(project), "parts-ladder", ERROR, HVAC, line_of(project, HVAC, "supply_years: 10年"))


def test_a_detailed_start_in_text_that_differs_from_the_declared_one_is_an_error(project):
    edit(project, HVAC, "    note: 质保期自验收合格之日起计算；", "    note: 质保期自初验合格之日起计算；")
    fires(check(project), "warranty-start", ERROR, HVAC, line_of(project, HVAC, "自初验合格之日起"))


def test_staff_roles_with_or_without_headcount(project):
    edit(project, "commitments/company.yaml", "  staff:\n", "  staff:\n    - {role: 项目经理, person: 张工}\n    - {role: 驻场工程师, count: 5名以上}\n")
    silent([f for f in check(project) if f.file == "commitments/company.yaml"], "schema")


def test_bounds_read_and_compare_strictly():
    assert _to_count("5名以上") == 5 and _to_count("5名以上").op == "≥"
    assert _to_percent("<1%").op == "<"
    arrival = METRICS["arrival"]
    # promise 2小时 against a requirement "<2小时": not met (2 is not below 2)
    assert compare(arrival, _to_time("2小时"), parse_threshold(arrival, "<2小时")) == -1
    assert compare(arrival, _to_time("<2小时"), parse_threshold(arrival, "2小时")) == 1
    assert compare(arrival, _to_time("不超过2小时"), parse_threshold(arrival, "≤2小时")) == 0
    sat = METRICS["satisfaction"]
    assert compare(sat, _to_percent("95%"), parse_threshold(sat, ">95%")) == -1


def test_a_time_term_never_compares_as_a_number():
    assert isinstance(_to_time("在客户规定的时间内"), TimeTerm)
    assert str(_to_time("第一时间")) == "第一时间"
