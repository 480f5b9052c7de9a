"""The data model: strict keys, values parsed once, every value knows its line,
and a bid is its policy with the bid's overrides merged in."""

from __future__ import annotations

import typing

import pytest
from pydantic import ValidationError

from generator import model
from generator.durations import Duration
from generator.model import REGIONS, WARRANTY_STARTS, Node, RegionTimes, Warranty
from generator.project import load_project
from conftest import line_of

HVAC = "commitments/policies/hvac.yaml"
LED = "commitments/policies/led.yaml"
EXPO_BID = "commitments/bids/lj-expo-led.yaml"



NODE_CLASSES = [cls for cls in vars(model).values() if isinstance(cls, type) and issubclass(cls, Node) and cls is not Node]


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda c: c.__name__)
def test_every_data_class_refuses_unknown_keys(cls):
    assert cls.model_config.get("extra") == "forbid"


def test_the_choices_in_the_model_and_in_the_rules_agree():
    assert typing.get_args(model.WarrantyStart) == WARRANTY_STARTS
    assert typing.get_args(model.Region) == REGIONS == ("本市", "省内", "省外")


def test_durations_are_parsed_once_at_the_edge():
    times = RegionTimes.model_validate({"region": "本市", "response": "15分钟", "arrival": "2h", "fix": "8小时"})
    assert isinstance(times.arrival, Duration) and str(times.arrival) == "2小时"
    assert times.backup is None
    assert times.model_dump(mode="json")["arrival"] == "2小时"


def test_a_bad_duration_is_a_validation_error_owned_by_duration_unit():
    with pytest.raises(ValidationError) as info:
        Warranty.model_validate({"term": "36个钟", "start": "验收合格", "free_scope": ["人工"]})
    assert info.value.errors()[0]["type"] == "duration-unit"


def test_every_value_knows_the_line_it_was_written_on(project):
    loaded, findings = load_project(project)
    assert findings == []
    hvac = loaded.policies["hvac"]
    assert hvac.warranty.loc("term").line == line_of(project, HVAC, "    term: 36个月")
    part = hvac.warranty.parts[1]
    assert part.loc().file == HVAC and part.loc("term").line == line_of(project, HVAC, "term: 3个月")
    assert part.dotted("term") == "policy.warranty.parts[1].term"


def test_a_bid_is_its_policy_with_the_overrides_merged_by_name(project):
    loaded, _ = load_project(project)
    resolved = loaded.bids["lj-expo-led"].policy
    parts = {p.name: p for p in resolved.warranty.parts}
    assert str(resolved.warranty.term) == "36个月"  # from the bid
    assert str(parts["LED 模组"].term) == "36个月"  # merged by name, from the bid
    assert str(parts["视频处理器"].term) == "36个月"  # untouched, from the policy
    assert parts["LED 模组"].loc("term").file == EXPO_BID
    assert parts["视频处理器"].loc("term").file == LED
    assert resolved.warranty.loc("term").file == EXPO_BID
    assert resolved.warranty.loc("term").line == line_of(project, EXPO_BID, "    warranty:") + 1
    assert str(loaded.policies["led"].warranty.term) == "24个月", "the published policy is unchanged"
