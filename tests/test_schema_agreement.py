"""The editor and `tender check` give the same verdict on a value.

Each row is a value written in a data file as a bid writer would type it.
It is read once by the loader, then judged twice: by the JSON Schema the
editor uses (jsonschema, seeing the value as the YAML language server does)
and by the model `tender check` validates with. Both must accept it or both
refuse it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import REPO
from generator.loader import parse_text
from generator.model import BidFile, PolicyFile
from generator.project import validate
from generator.schema import schema_dict

import jsonschema  # noqa: E402

POLICY = "commitments/policies/hvac.yaml"
BID = "commitments/bids/lw-hospital-hvac.yaml"

OK, BAD = True, False

#: (file, path to the value, the value as written in YAML, verdict)
ROWS = [
    # durations: full-width digits are read, zero is not a time limit
    (POLICY, "policy.warranty.term", "36个月", OK),
    (POLICY, "policy.warranty.term", "三十六个月", OK),
    (POLICY, "policy.warranty.term", "２４个月", OK),
    (POLICY, "policy.warranty.term", "2 年", OK),
    (POLICY, "policy.warranty.term", "0.5年", OK),
    (POLICY, "policy.warranty.term", "0个月", BAD),
    (POLICY, "policy.warranty.term", "00个月", BAD),
    (POLICY, "policy.warranty.term", "０个月", BAD),
    (POLICY, "policy.warranty.term", "0.0年", BAD),
    (POLICY, "policy.warranty.term", "零年", BAD),
    (POLICY, "policy.warranty.term", "36", BAD),
    (POLICY, "policy.warranty.term", "'36'", BAD),
    (POLICY, "policy.warranty.term", "36个钟", BAD),
    (POLICY, "policy.warranty.term", "-3年", BAD),
    (POLICY, "policy.warranty.term", "尽快", BAD),
    (POLICY, "policy.fault_levels.0.times.0.arrival", "２小时", OK),
    (POLICY, "policy.fault_levels.0.times.0.arrival", "2HR", OK),
    (POLICY, "policy.fault_levels.0.times.0.arrival", "0小时", BAD),
    (POLICY, "policy.fault_levels.0.times.0.arrival", "3个工作日", OK),
    (BID, "bid.validity", "90日", OK),
    (BID, "bid.validity", "0日", BAD),
    (BID, "bid.validity", "90", BAD),
    # dates: real calendar dates only
    (POLICY, "policy.effective_date", "2026年1月1日", OK),
    (POLICY, "policy.effective_date", "2026 年 1 月 1 日", OK),
    (POLICY, "policy.effective_date", "２０２６年１月１日", OK),
    (POLICY, "policy.effective_date", "2026-01-05", OK),
    (POLICY, "policy.effective_date", "'2026-1-5'", OK),
    (POLICY, "policy.effective_date", "2028年2月29日", OK),
    (POLICY, "policy.effective_date", "2000年2月29日", OK),
    (POLICY, "policy.effective_date", "2026年12月31日", OK),
    (POLICY, "policy.effective_date", "2026年13月45日", BAD),
    (POLICY, "policy.effective_date", "2026年2月29日", BAD),
    (POLICY, "policy.effective_date", "2100年2月29日", BAD),
    (POLICY, "policy.effective_date", "2026年4月31日", BAD),
    (POLICY, "policy.effective_date", "2026年0月1日", BAD),
    (POLICY, "policy.effective_date", "20xx年1月1日", BAD),
    (POLICY, "policy.effective_date", "1999年1月1日", BAD),
    (POLICY, "policy.effective_date", "2026年1月", BAD),
    (BID, "bid.bid_date", "2026年12月8日", OK),
    (BID, "bid.bid_date", "2026年11月31日", BAD),
    # booleans: true/false only; yes/no/on/off are text (README)
    (POLICY, "policy.training.sessions.0.certificate", "true", OK),
    (POLICY, "policy.training.sessions.0.certificate", "false", OK),
    (POLICY, "policy.training.sessions.0.certificate", "yes", BAD),
    (POLICY, "policy.training.sessions.0.certificate", "no", BAD),
    (POLICY, "policy.training.sessions.0.certificate", "on", BAD),
    (POLICY, "policy.training.sessions.0.certificate", "'true'", BAD),
    (POLICY, "policy.training.sessions.0.certificate", "1", BAD),
    # service hours
    (POLICY, "policy.service_hours", "7×24", OK),
    (POLICY, "policy.service_hours", "5×8", OK),
    (POLICY, "policy.service_hours", "7*24", OK),
    (POLICY, "policy.service_hours", "7×24小时", OK),
    (POLICY, "policy.service_hours", "七×二十四", OK),
    (POLICY, "policy.service_hours", "8×24", BAD),
    (POLICY, "policy.service_hours", "7×25", BAD),
    (POLICY, "policy.service_hours", "全天", BAD),
    # percentages and money
    (POLICY, "policy.return_visits.satisfaction_target", "98%", OK),
    (POLICY, "policy.return_visits.satisfaction_target", "98.5 ％", OK),
    (POLICY, "policy.return_visits.satisfaction_target", "98", OK),
    (POLICY, "policy.return_visits.satisfaction_target", "'98'", BAD),
    (POLICY, "policy.return_visits.satisfaction_target", "九十八%", BAD),
    (POLICY, "policy.after_warranty.labour_rate", "800元", OK),
    (POLICY, "policy.after_warranty.labour_rate", "1.2万元", OK),
    (POLICY, "policy.after_warranty.labour_rate", "¥1,200.00", OK),
    (POLICY, "policy.after_warranty.labour_rate", "800", OK),
    (POLICY, "policy.after_warranty.labour_rate", "-800", BAD),
    (POLICY, "policy.after_warranty.labour_rate", "八百元", BAD),
    # closed sets
    (POLICY, "policy.warranty.start", "验收合格", OK),
    (POLICY, "policy.warranty.start", "验收", BAD),
    (BID, "bid.project.region", "省外", OK),
    (BID, "bid.project.region", "外省", BAD),
    # inside overrides: the same types, and typos
    (BID, "bid.overrides.warranty.term", "２年", OK),
    (BID, "bid.overrides.warranty.term", "0年", BAD),
    (BID, "bid.overrides.inspections.visit", "6", BAD),
]

MODELS = {POLICY: (PolicyFile, "policy"), BID: (BidFile, "bid")}


def _read(rel: str, dotted: str, written: str):
    """The file as the loader reads it, with the value at `dotted` replaced by
    the loader's reading of `written`."""
    raw = parse_text((REPO / rel).read_text(encoding="utf-8"), rel)
    value = parse_text(f"v: {written}\n", "value.yaml")["v"]
    *parents, last = [int(p) if p.isdigit() else p for p in dotted.split(".")]
    node = raw
    for part in parents:
        node = node[part]
    node[last] = value
    return raw


def _as_the_editor_sees_it(value):
    """YAML 1.2 (the language server) has no timestamps: a date is text."""
    if isinstance(value, dict):
        return {k: _as_the_editor_sees_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_the_editor_sees_it(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _check_verdict(rel: str, raw) -> bool:
    model, root = MODELS[rel]
    obj, findings = validate(model, raw, rel, root)
    if obj is not None and rel == BID:  # overrides are judged by check after merging with the policy
        from generator.project import load_project, resolve_bid

        project, _ = load_project(REPO)
        _, findings = resolve_bid(project, "x", rel, obj.bid, raw["bid"])
    return not findings


@pytest.fixture(scope="module")
def validators():
    return {rel: jsonschema.Draft202012Validator(schema_dict(root)) for rel, (_, root) in MODELS.items()}


@pytest.mark.parametrize("rel, dotted, written, verdict", ROWS, ids=[f"{d}={w}" for _, d, w, _ in ROWS])
def test_the_editor_and_check_give_the_same_verdict(validators, rel, dotted, written, verdict):
    raw = _read(rel, dotted, written)
    editor = not any(True for _ in validators[rel].iter_errors(_as_the_editor_sees_it(raw)))
    check = _check_verdict(rel, raw)
    assert (editor, check) == (verdict, verdict), f"editor {'accepts' if editor else 'refuses'}, check {'accepts' if check else 'refuses'} {written!r}"
