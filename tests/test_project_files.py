"""Project lists its files with kind and id; document ids resolve through it
(so `tender pdf` finds a bid saved as .yml, which check accepts)."""

from __future__ import annotations

import pytest

from generator.project import load_project

BID = "commitments/bids/lw-hospital-hvac"


def test_project_lists_every_file_with_its_kind_and_id(project):
    proj, _ = load_project(project)
    docs = proj.documents()
    assert ("company", "company", "commitments/company.yaml") in docs
    assert ("policy", "hvac", "commitments/policies/hvac.yaml") in docs
    assert ("bid", "lw-hospital-hvac", f"{BID}.yaml") in docs


def test_a_bid_saved_as_yml_resolves_by_its_id(project):
    (project / f"{BID}.yaml").rename(project / f"{BID}.yml")
    proj, _ = load_project(project)
    assert proj.kind_of("lw-hospital-hvac") == "bid"
    assert proj.file_of("bid", "lw-hospital-hvac") == f"{BID}.yml"
    assert proj.kind_of("nothing-here") is None


@pytest.mark.slow
def test_tender_pdf_builds_a_yml_bid(project, cli, tmp_path):
    (project / f"{BID}.yaml").rename(project / f"{BID}.yml")
    out = tmp_path / "bid.pdf"
    result = cli("pdf", "lw-hospital-hvac", "-o", str(out), "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
