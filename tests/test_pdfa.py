"""Policy PDFs published on the site are PDF/A-2b and tagged; bids are not.

veraPDF (the reference validator) is a Java program that none of the
project's package sources ships, so this checks what the machine can:
`qpdf --check` (structure) and, with pikepdf, the PDF/A identification, the
output intent, the tags, and that XMP metadata and the info dictionary agree."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from conftest import built_pdf

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def pdfs(built_example: Path) -> dict[str, Path]:
    """A published policy PDF and a bid PDF, as `tender build` made them."""
    from generator.project import load_project

    project, _ = load_project(built_example)
    paths = {"policy": built_pdf(built_example, "policy", "led"), "bid": built_pdf(built_example, "bid", sorted(project.bids)[0])}
    return paths


def test_qpdf_finds_no_structural_error(pdfs):
    assert shutil.which("qpdf"), "qpdf is not installed: run `bash scripts/setup.sh --test`"
    for path in pdfs.values():
        proc = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_policy_pdf_is_tagged_pdfa_2b(pdfs):
    with pikepdf.open(pdfs["policy"]) as pdf:
        meta = pdf.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("2", "B")
        assert pdf.Root.MarkInfo.Marked is True and "/StructTreeRoot" in pdf.Root
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1 and intents[0].S == "/GTS_PDFA1" and "/DestOutputProfile" in intents[0]
        assert str(pdf.docinfo.Producer) == meta.get("pdf:Producer") == "tender"
        assert str(pdf.docinfo.Title) == meta.get("dc:title")
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})


def test_bids_keep_their_plain_pdf(pdfs):
    with pikepdf.open(pdfs["bid"]) as pdf:
        assert pdf.open_metadata().get("pdfaid:part") is None
        assert "/OutputIntents" not in pdf.Root


def test_policy_pdf_says_policy_not_bid(pdfs):
    import pypdf

    text = "".join(page.extract_text() for page in pypdf.PdfReader(str(pdfs["policy"])).pages)
    assert "本政策适用于" in text.replace(" ", "").replace("\n", "")
    for bid_word in ("随投标文件另附", "本方案", "投标人"):
        assert bid_word not in text, bid_word
