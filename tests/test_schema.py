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
from generator.schema import SCHEMA_FILE, schema_dict, schema_text

jsonschema = pytest.importorskip("jsonschema")  # test dependency: jsonschema>=4.20

CJK = re.compile(r"[\u4e00-\u9fff]")
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<target>\S+)$")
DATA_FILES = sorted(p for p in (REPO / "commitments").rglob("*.y*ml"))


@pytest.fixture(scope="module")
def schema() -> dict:
    return schema_dict()


@pytest.fixture(scope="module")
def validator(schema):
    return jsonschema.Draft202012Validator(schema)


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# -- the command --------------------------------------------------------------------------------


def test_tender_schema_prints_a_valid_json_schema():
    result = run_cli("schema")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(printed)
    assert printed == schema_dict()


def test_tender_schema_writes_the_same_text_to_a_file(tmp_path):
    target = tmp_path / "tender.schema.json"
    result = run_cli("schema", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8") == schema_text()


def test_the_schema_accepts_each_of_the_three_file_kinds(schema):
    refs = {item["$ref"].rsplit("/", 1)[-1] for item in schema["anyOf"]}
    assert refs == {"CompanyFile", "PolicyFile", "BidFile"}
    assert CJK.search(schema["title"]) and CJK.search(schema["description"])


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


def test_unknown_keys_are_refused_everywhere(schema):
    open_defs = [name for name, d in schema["$defs"].items() if d.get("type") == "object" and d.get("additionalProperties") is not False]
    # Bid.overrides is free-form on purpose (it is checked as a policy after merging)
    assert open_defs == [], open_defs


# -- the committed file and the modelines ------------------------------------------------------------------


def test_the_committed_schema_is_the_generated_one():
    committed = (REPO / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), "run `tender schema -o commitments/tender.schema.json` after changing the model"


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_shipped_data_file_points_its_editor_at_the_schema(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = MODELINE.match(first)
    assert m, f"first line should be the yaml-language-server modeline, not {first!r}"
    assert (path.parent / m["target"]).resolve() == (REPO / SCHEMA_FILE).resolve()


# -- the schema agrees with the checker ----------------------------------------------------------------------


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_shipped_data_file_is_valid_against_the_schema(validator, path):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(load(path))]
    assert not errors


def test_a_misspelt_key_is_refused_by_the_schema_too(validator):
    data = load(REPO / "commitments/policies/hvac.yaml")
    times = data["policy"]["fault_levels"][0]["times"][0]
    times["respone"] = times.pop("response")
    errors = list(validator.iter_errors(data))
    assert errors
    messages = " ".join(str(e.message) for top in errors for e in top.context)
    assert "respone" in messages


@pytest.mark.parametrize("spelling", sorted(UNITS))
def test_every_unit_the_checker_reads_is_accepted_by_the_editor(schema, spelling):
    pattern = schema["$defs"]["Warranty"]["properties"]["term"]["pattern"]
    for text in (f"36{spelling}", f"2 {spelling}", f"三十六{spelling}"):
        Duration.parse(text)  # the checker reads it
        assert re.fullmatch(pattern, text), text
    if spelling.isascii():
        assert re.fullmatch(pattern, f"2{spelling.upper()}")


@pytest.mark.parametrize("text", ["36个钟", "36", "尽快", "36个月内"])
def test_what_is_not_a_duration_is_refused_by_the_editor(schema, text):
    pattern = schema["$defs"]["Warranty"]["properties"]["term"]["pattern"]
    assert not re.fullmatch(pattern, text)
