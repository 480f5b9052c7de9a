"""A real second reader opens the .docx files: LibreOffice.

Each example document (both bids, every policy) is converted to PDF by a
headless LibreOffice, once per module, with only the shipped fonts visible
(a private fontconfig file: Word's 宋体/SimSun and 黑体/SimHei, and the
Latin faces the styles name, are substituted by Noto Serif SC and Noto
Sans SC, since the machine has none of them), and so is the first bid made
with a company's own reference.docx (other heading fonts and margins).
The PDF it makes must
hold every section heading and every number of the 偏离表, have a page
count within 30 % of ours, embed Chinese fonts (no boxes), draw no text over other
text and number its headings in order (tests/pdfcheck.py, as for ours).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pypdf
import pytest

from conftest import built_pdf
from generator import document, word
from generator.fonts import FONT_DIR
from generator.pdf import render_html
from generator.project import load_project
from pdfcheck import heading_skips, overlapping_text
from test_word import company_template

pytestmark = [pytest.mark.slow]

SUBSTITUTES = {"Noto Serif SC": ("宋体", "SimSun", "Times New Roman"), "Noto Sans SC": ("黑体", "SimHei", "Arial")}


def fontconfig_file(folder: Path) -> Path:
    """A fontconfig setup that sees only the shipped fonts and maps the
    names the .docx styles use onto them."""
    rules = "".join(
        f'<match target="pattern"><test name="family"><string>{name}</string></test>'
        f'<edit name="family" mode="assign" binding="strong"><string>{target}</string></edit></match>'
        for target, names in SUBSTITUTES.items() for name in names)
    path = folder / "fonts.conf"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>{FONT_DIR}</dir>'
                    f'<cachedir>{folder / "fc-cache"}</cachedir>{rules}</fontconfig>', encoding="utf-8")
    return path


def documents(project) -> list[tuple[str, str]]:
    return [("bid", b) for b in sorted(project.bids)] + [("policy", p) for p in sorted(project.policies)]


@pytest.fixture(scope="module")
def converted(tmp_path_factory, built_example: Path):
    """{(kind, id): (our PDF, LibreOffice's PDF path, body HTML)}, with one
    LibreOffice run for all the .docx files `tender build` made."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("找不到 soffice：请运行 scripts/setup.sh --test（安装 libreoffice-writer-nogui）")
    folder = tmp_path_factory.mktemp("lo")
    project, _ = load_project(built_example)
    out = {}
    files = []
    for kind, doc_id in documents(project):
        ours, data = built_pdf(built_example, kind, doc_id).read_bytes(), built_pdf(built_example, kind, doc_id, ".docx").read_bytes()
        context = document.bid_context(project, doc_id) if kind == "bid" else document.policy_context(project, doc_id)
        path = folder / f"{kind}-{doc_id}.docx"
        path.write_bytes(data)
        files.append(str(path))
        out[(kind, doc_id)] = (ours, folder / f"{kind}-{doc_id}.pdf", render_html(project.root, context)[1])
    # the first bid once more, in a company's own Word template (other heading
    # fonts, other margins): it must pass every check below as well
    bid = sorted(project.bids)[0]
    context = document.bid_context(project, bid)
    path = folder / "template-bid.docx"
    path.write_bytes(word.render_docx(project.root, context, company_template(folder / "company-reference.docx")))
    files.append(str(path))
    out[("template", bid)] = (built_pdf(built_example, "bid", bid).read_bytes(), folder / "template-bid.pdf",
                              render_html(project.root, context)[1])
    env = {"PATH": "/usr/bin:/bin", "HOME": str(folder), "FONTCONFIG_FILE": str(fontconfig_file(folder)), "LANG": "C.UTF-8"}
    proc = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                           "--convert-to", "pdf", "--outdir", str(folder), *files], env=env, capture_output=True, text=True, timeout=300)
    for _, pdf, _ in out.values():
        assert pdf.is_file(), proc.stdout + proc.stderr
    return out


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def lo_text(pdf: Path) -> str:
    return squash(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)


def test_libreoffice_pdf_holds_every_heading_and_deviation_number(converted):
    for (kind, doc_id), (_, pdf, body_html) in converted.items():
        text = lo_text(pdf)
        tree = lxml.html.document_fromstring(body_html)
        for h in tree.iter("h1", "h2", "h3"):
            assert squash(h.text_content()) in text, (doc_id, h.text_content())
        for table in tree.find_class("deviation"):
            for cell in table.iter("td"):
                for number in re.findall(r"\d+(?:[.:：-]\d+)*", cell.text_content()):
                    assert number in text, (doc_id, number, cell.text_content())


def test_libreoffice_page_count_is_close_to_ours(converted):
    for (kind, doc_id), (ours, pdf, _) in converted.items():
        mine = len(pypdf.PdfReader(io.BytesIO(ours)).pages)
        theirs = len(pypdf.PdfReader(str(pdf)).pages)
        assert abs(theirs - mine) <= 0.3 * mine, (doc_id, mine, theirs)


def test_libreoffice_embeds_the_chinese_fonts(converted):
    for (kind, doc_id), (_, pdf, _) in converted.items():
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert listing, doc_id
        for line in listing:
            name, emb = line.split()[0], line.split()[-5]
            assert emb == "yes", (doc_id, line)
            assert "Noto" in name and ("CJK" in name or "SC" in name), (doc_id, line)
        assert "\ufffd" not in lo_text(pdf)


def test_libreoffice_draws_no_text_over_other_text(converted):
    for (kind, doc_id), (_, pdf, _) in converted.items():
        assert overlapping_text(pdf) == [], doc_id


def test_libreoffice_numbers_headings_without_skipping_a_level(converted):
    """Word numbers the headings itself (一、（一）1.（1） from the styles'
    numbering): LibreOffice's PDF shows that order, as ours does."""
    for (kind, doc_id), (_, pdf, _) in converted.items():
        assert heading_skips(pdf) == [], doc_id
