"""The JSON Schema editors use while a bid writer types.

Every key shows Chinese help (title and description), the committed schema
is the generated one, every shipped data file points its YAML language
server at it, and the schema accepts the shipped data and refuses what the
checker refuses.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_cli
from generator.durations import UNITS, Duration
from generator.schema import KINDS, kind_of, modeline, schema_dict, schema_file, schema_text

import jsonschema  # noqa: E402  (test dependency: jsonschema>=4.20)

CJK = re.compile(r"[\u4e00-\u9fff]")
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<target>\S+)$")
DATA_FILES = sorted(p for p in (REPO / "commitments").rglob("*.y*ml"))


@pytest.fixture(scope="module")
def schemas() -> dict:
    return {kind: schema_dict(kind) for kind in KINDS}


@pytest.fixture(scope="module")
def schema(schemas) -> dict:
    """The bid schema: it holds every definition (the policy's too, for overrides)."""
    return schemas["bid"]


@pytest.fixture(scope="module")
def validators(schemas):
    return {kind: jsonschema.Draft202012Validator(s) for kind, s in schemas.items()}


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# -- the command --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_tender_schema_prints_a_valid_json_schema_per_kind(kind):
    result = run_cli("schema", kind)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(printed)
    assert printed == schema_dict(kind)


def test_tender_schema_writes_every_kind_into_a_folder(tmp_path):
    result = run_cli("schema", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{k}.schema.json" for k in KINDS)
    for kind in KINDS:
        assert (tmp_path / f"{kind}.schema.json").read_text(encoding="utf-8") == schema_text(kind)


def test_tender_schema_refuses_an_unknown_kind_in_chinese():
    result = run_cli("schema", "polcy")
    assert result.returncode == 2
    assert "company" in result.stderr and "policy" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_schema_is_rooted_at_its_own_file_kind(schemas, kind):
    root = schemas[kind]
    assert root["required"] == [kind] and root["additionalProperties"] is False
    assert CJK.search(root["title"]) and CJK.search(root["description"])


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_top_level_typo_names_what_the_kind_expects(validators, kind):
    errors = list(validators[kind].iter_errors({kind[:2] + kind[3:]: {}}))
    messages = " ".join(e.message for e in errors)
    assert f"'{kind}' is a required property" in messages
    assert "was unexpected" in messages


# -- Chinese help for every key ------------------------------------------------------------------------


def _properties(schema: dict):
    for name, definition in schema["$defs"].items():
        for key, prop in definition.get("properties", {}).items():
            yield name, key, prop


def test_every_key_of_every_definition_has_a_chinese_title_and_description(schema):
    missing = [
        f"{name}.{key}"
        for name, key, prop in _properties(schema)
        if not (CJK.search(prop.get("title", "")) and CJK.search(prop.get("description", "")))
    ]
    assert not missing, f"keys without Chinese help: {missing}"
    assert len(list(_properties(schema))) > 150  # the walk did find the model


def test_keys_are_english_snake_case(schema):
    bad = [f"{name}.{key}" for name, key, _ in _properties(schema) if not re.fullmatch(r"[a-z][a-z0-9_]*", key)]
    assert not bad


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_unknown_keys_are_refused_everywhere(schemas, kind):
    defs = schemas[kind]["$defs"]
    open_defs = [name for name, d in defs.items() if d.get("type") == "object" and d.get("additionalProperties") is not False]
    assert open_defs == [], open_defs


# -- the committed file and the modelines ------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_committed_schema_is_the_generated_one(kind):
    committed = (REPO / schema_file(kind)).read_text(encoding="utf-8")
    assert committed == schema_text(kind), "run `tender schema -o commitments` after changing the model"


def test_no_stray_schema_files_are_shipped():
    shipped = sorted(p.name for p in (REPO / "commitments").glob("*.json"))
    assert shipped == sorted(f"{k}.schema.json" for k in KINDS)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_shipped_data_file_points_its_editor_at_its_own_schema(path):
    kind = kind_of(path)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = MODELINE.match(first)
    assert m, f"first line should be the yaml-language-server modeline, not {first!r}"
    assert first == modeline(kind)
    assert (path.parent / m["target"]).resolve() == (REPO / schema_file(kind)).resolve()


def test_tender_new_writes_files_that_point_at_their_own_schema(tmp_path):
    result = run_cli("new", str(tmp_path / "p"))
    assert result.returncode == 0, result.stderr
    for path in sorted((tmp_path / "p" / "commitments").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == modeline(kind_of(path)), path
        target = path.parent / MODELINE.match(first)["target"]
        assert target.is_file(), target


# -- the schema agrees with the checker ----------------------------------------------------------------------


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_shipped_data_file_is_valid_against_its_schema(validators, path):
    validator = validators[kind_of(path)]
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(load(path))]
    assert not errors


def test_a_misspelt_key_is_refused_by_the_schema_too(validators):
    data = load(REPO / "commitments/policies/hvac.yaml")
    times = data["policy"]["fault_levels"][0]["times"][0]
    times["respone"] = times.pop("response")
    messages = " ".join(e.message for e in validators["policy"].iter_errors(data))
    assert "respone" in messages


def _pattern(prop: dict) -> str:
    """The pattern of a value, also when it is optional (anyOf with null)."""
    if "pattern" in prop:
        return prop["pattern"]
    return next(p["pattern"] for p in prop.get("anyOf", []) if "pattern" in p)


@pytest.mark.parametrize("spelling", sorted(UNITS))
def test_every_unit_the_checker_reads_is_accepted_by_the_editor(schema, spelling):
    pattern = _pattern(schema["$defs"]["Warranty"]["properties"]["term"])
    for text in (f"36{spelling}", f"2 {spelling}", f"三十六{spelling}"):
        Duration.parse(text)  # the checker reads it
        assert re.fullmatch(pattern, text), text
    if spelling.isascii():
        assert re.fullmatch(pattern, f"2{spelling.upper()}")


@pytest.mark.parametrize("text", ["36个钟", "36", "尽快", "36个月内"])
def test_what_is_not_a_duration_is_refused_by_the_editor(schema, text):
    pattern = _pattern(schema["$defs"]["TrainingSession"]["properties"]["length"])
    assert not re.fullmatch(pattern, text)


@pytest.mark.parametrize("text", ["不超过4小时", "2小时以内", "<2小时", "不少于3年", "立即", "按双方约定", "未承诺", "终身"])
def test_a_time_promise_with_a_bound_or_a_term_is_accepted_by_the_editor(schema, text):
    pattern = _pattern(schema["$defs"]["RegionTimes"]["properties"]["arrival"])
    assert re.fullmatch(pattern, text)


@pytest.mark.parametrize("text", ["36个钟", "尽快", "随便"])
def test_what_is_not_a_time_promise_is_refused_by_the_editor(schema, text):
    pattern = _pattern(schema["$defs"]["RegionTimes"]["properties"]["arrival"])
    assert not re.fullmatch(pattern, text)


def _duration_pattern(schema: dict) -> str:
    return _pattern(schema["$defs"]["Warranty"]["properties"]["term"])


# -- overrides: the policy's structure, every field optional ---------------------------------------------


def _bid_with_overrides(overrides: dict) -> dict:
    data = load(REPO / "commitments/bids/lw-hospital-hvac.yaml")
    data["bid"]["overrides"] = overrides
    return data


def _messages(validator, data) -> str:
    return " ".join(e.message for e in validator.iter_errors(data))


@pytest.mark.parametrize("overrides, typo", [
    ({"inspections": {"visit": 6}}, "visit"),
    ({"warranty": {"trem": "5年"}}, "trem"),
    ({"fault_levels": [{"level": "一级", "times": [{"region": "本市", "arival": "1小时"}]}]}, "arival"),
    ({"training": {"sessions": [{"title": "x", "trainee": 3}]}}, "trainee"),
    ({"warrenty": {"term": "5年"}}, "warrenty"),
])
def test_a_typo_inside_overrides_is_flagged_at_any_depth(validators, overrides, typo):
    assert f"'{typo}' was unexpected" in _messages(validators["bid"], _bid_with_overrides(overrides))


def test_overrides_need_only_what_they_change(validators):
    data = _bid_with_overrides({
        "warranty": {"term": "5年"},
        "fault_levels": [{"level": "一级", "times": [{"region": "本市", "arrival": "1小时"}]}],
        "spare_parts": {"items": [{"name": "压缩机", "stock": 3}]},
    })
    assert _messages(validators["bid"], data) == ""


def test_named_list_items_in_overrides_must_name_what_they_merge_with(validators):
    data = _bid_with_overrides({"fault_levels": [{"times": [{"region": "本市", "arrival": "1小时"}]}]})
    assert "'level' is a required property" in _messages(validators["bid"], data)


def test_overrides_values_keep_their_types(validators):
    data = _bid_with_overrides({"warranty": {"term": "尽快"}, "inspections": {"visits": "很多"}})
    errors = {"/".join(map(str, e.absolute_path)) for e in validators["bid"].iter_errors(data)}
    assert {"bid/overrides/warranty/term", "bid/overrides/inspections/visits"} <= errors


def test_check_agrees_that_a_typo_in_overrides_is_an_error(project):
    from conftest import edit
    from generator.checker import check_project

    edit(project, "commitments/bids/lw-hospital-hvac.yaml", "    inspections:\n      visits: 20", "    inspections:\n      visit: 20")
    _, findings = check_project(project, None)
    assert any(f.severity.name == "ERROR" and "visit" in f.message for f in findings)


# -- closed sets, messages, examples ------------------------------------------------------------------


def _walk(node, path=""):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}/{i}")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_enum_value_has_a_chinese_description_and_message(schemas, kind):
    enums = [(path, node) for path, node in _walk(schemas[kind]) if "enum" in node and "/if/" not in path]
    assert enums
    for path, node in enums:
        assert len(node["enumDescriptions"]) == len(node["enum"]), path
        missing = [v for v, d in zip(node["enum"], node["enumDescriptions"]) if not CJK.search(d)]
        assert not missing, f"{path}: values without a description (add them to model.VALUE_HELP): {missing}"
        assert CJK.search(node["errorMessage"]), path


def test_metric_and_evidence_offer_exactly_the_catalogues(schema):
    from generator.metrics import REQUIREMENT_METRICS
    from generator.outline import SECTIONS

    for definition in ("Requirement", "ScoringItem"):
        props = schema["$defs"][definition]["properties"]
        assert props["metric"]["enum"] == list(REQUIREMENT_METRICS)
        evidence = next(alt for alt in props["evidence"]["anyOf"] if alt.get("type") == "string")
        assert evidence["enum"] == [s.id for s in SECTIONS]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_pattern_has_a_chinese_message(schemas, kind):
    for path, node in _walk(schemas[kind]):
        if "pattern" in node:
            assert CJK.search(node.get("patternErrorMessage", "")), path


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_completion_inserts_null(schemas, kind):
    nulls = [path for path, node in _walk(schemas[kind]) if "default" in node and node["default"] is None]
    assert nulls == []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_typed_value_has_examples_of_its_own_that_check_reads(schemas, kind):
    """Examples come from the field's description ("如 2小时"): arrival does
    not suggest 36个月, and each one passes the field's pattern."""
    for name, definition in schemas[kind]["$defs"].items():
        for key, prop in definition.get("properties", {}).items():
            patterns = [node["pattern"] for _, node in _walk(prop) if "pattern" in node]
            if not patterns:
                continue
            assert prop.get("examples"), f"{name}.{key}: give an example in the description (如 …)"
            for example in prop["examples"]:
                assert any(re.search(p, example) for p in patterns), (name, key, example)


def test_examples_fit_the_field(schema):
    d = schema["$defs"]
    assert d["RegionTimes"]["properties"]["arrival"]["examples"] == ["2小时"]
    assert d["Warranty"]["properties"]["term"]["examples"] == ["36个月"]
    assert d["Bid"]["properties"]["validity"]["examples"] == ["90日"]


@pytest.mark.parametrize("metric, threshold, ok", [
    ("arrival", "2小时", True),
    ("arrival", "四个钟头", False),
    ("arrival", "0小时", False),
    ("arrival", None, False),
    ("training_trainees", 30, True),
    ("training_trainees", "30人次", True),
    ("training_trainees", "2小时", False),
    ("satisfaction", "95%", True),
    ("satisfaction", "很高", False),
    ("hotline_hours", "7×24", True),
    ("hotline_hours", "全天", False),
    ("text", "任何文字", True),
    ("text", None, True),
])
def test_threshold_takes_the_type_of_its_metric(validators, metric, threshold, ok):
    from generator.metrics import METRICS, ThresholdError, parse_threshold

    data = load(REPO / "commitments/bids/lw-hospital-hvac.yaml")
    req = {"clause": "9.9", "text": "要求", "metric": metric}
    if threshold is not None:
        req["threshold"] = threshold
    if metric == "text":
        req["answer"] = "满足"
    data["bid"]["requirements"] = [req]
    data["bid"]["scoring"] = [{"clause": "9", "title": "t", "metric": metric, "tiers": [{"points": 1, **({"threshold": threshold} if threshold is not None else {})}]}]
    editor = not list(validators["bid"].iter_errors(data))
    try:
        parse_threshold(METRICS[metric], threshold)
        check = True
    except ThresholdError:
        check = False
    assert editor == check == ok


def test_every_metric_kind_has_a_threshold_type():
    from generator.metrics import METRICS, REQUIREMENT_METRICS
    from generator.schema import _threshold_schemas

    assert {METRICS[i].kind for i in REQUIREMENT_METRICS} - {"text"} <= set(_threshold_schemas())


def test_boolean_fields_refuse_yes_in_check_too():
    from generator.model import TrainingSession

    with pytest.raises(Exception):
        TrainingSession.model_validate({"title": "t", "audience": "a", "trainees": 1, "sessions": 1, "length": "1日",
                                        "place": "p", "content": ["c"], "certificate": "yes"})
