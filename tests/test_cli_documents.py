"""`tender check PLAN.docx|.pdf|.txt|.md` on the command line: alone or in a
project, text and JSON output, bad documents (exit 2), literal locations."""

from __future__ import annotations

import json

import pytest
from conftest import REPO, copy_project, run_cli

#: a simplified-character seed the shipped fonts cover (read from shared/seeds at test time)
SEED = "002_6231c0895a348388.txt"
PLAN = "一、服务承诺\n冠金公司承诺：接到报修后及时上门维修。\n二、质保期\n质保期三年。\n"


def test_a_plan_checked_on_its_own_needs_no_project(tmp_path):
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    result = run_cli("check", "plan.txt", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert "plan.txt:2:1: error[foreign-name] 出现了其他单位的名称“冠金公司”" in lines[0]
    assert lines[1].startswith("plan.txt:2:13: warning[vague-promise]")
    # the facts reader: a 质保期 with a length and no start event
    assert lines[2].startswith("plan.txt:4:4: error[warranty-start] 质保期写了 3年，但没有写明从何时起算")
    assert "2 个错误，1 个警告" in result.stderr


def test_json_output_keeps_its_keys(tmp_path):
    (tmp_path / "plan.md").write_text("# 方案\n\n" + PLAN, encoding="utf-8")
    result = run_cli("check", "--format", "json", "plan.md", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert data and all(set(d) == {"rule", "severity", "file", "line", "col", "message"} for d in data)
    assert (data[0]["file"], data[0]["line"], data[0]["col"]) == ("plan.md", 4, 1)


def test_inside_a_project_the_companys_names_apply(tmp_path):
    project = copy_project(tmp_path / "proj")
    (project / "plan.txt").write_text("杭州澄衡智联科技有限公司承诺2小时内到场。\n", encoding="utf-8")
    assert run_cli("check", "plan.txt", cwd=project).returncode == 0
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "plan.txt").write_text("我们与杭州澄衡智联科技有限公司合作。\n", encoding="utf-8")
    assert "foreign-name" in run_cli("check", "plan.txt", cwd=alone).stdout


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("bad.docx", b"PK\x03\x04broken", "不是有效的 .docx"),
        ("gbk.txt", "售后服务方案，质保期三年。".encode("gbk"), "GBK"),
        ("scan.pdf", b"%PDF-1.4\n%%EOF\n", "PDF"),
    ],
)
def test_a_bad_document_exits_2_with_a_chinese_message_naming_it(tmp_path, name, data, words):
    (tmp_path / name).write_bytes(data)
    result = run_cli("check", name, cwd=tmp_path)
    assert result.returncode == 2
    assert name in result.stderr and words in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_locations_print_literally_on_every_line_number(tmp_path):
    # rich read ":100:" as an emoji code and printed "plan.txt💯1"
    lines = ["正文。"] * 1240
    lines[99] = "由XXX负责。"
    lines[1233] = "联系人：____"
    (tmp_path / "plan.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = run_cli("check", "plan.txt", cwd=tmp_path).stdout
    assert "plan.txt:100:2: error[placeholder]" in out
    assert "plan.txt:1234:5: error[placeholder]" in out
    assert "💯" not in out and "🔢" not in out


def test_the_example_project_still_checks_clean():
    result = run_cli("check", cwd=REPO)
    assert result.returncode == 0 and result.stdout.strip() == ""


@pytest.mark.slow
def test_a_docx_and_a_pdf_of_one_seed_give_the_same_findings_at_corresponding_lines(tmp_path):
    """One seed plan as .txt, as a .docx made with python-docx (one paragraph per
    line, so ordinals are line numbers) and as a text-layer PDF made with
    WeasyPrint (each paragraph's first extracted line is reported): the
    same rules fire on the same paragraphs."""
    import docx
    from weasyprint import HTML

    from generator.fonts import font_face_css
    from generator.plancheck import check_document

    seed = next((p / "shared" / "seeds" / SEED for p in REPO.parents if (p / "shared" / "seeds" / SEED).is_file()), None)
    if seed is None:
        pytest.skip("shared/seeds is not beside the repository")
    text = seed.read_text(encoding="utf-8")  # read where it lies, never copied into the repository
    lines = text.splitlines()
    (tmp_path / "plan.txt").write_text(text, encoding="utf-8")
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    d.save(tmp_path / "plan.docx")
    from html import escape

    body = "".join(f"<p>{escape(line) or '&#8203;'}</p>" for line in lines if line.strip())
    css = f"{font_face_css()} body {{font-family: 'Tender Sans'; font-size: 10.5pt}} p {{margin: 0 0 4pt 0}} @page {{size: A4; margin: 20mm}}"
    HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body></html>").write_pdf(tmp_path / "plan.pdf")

    def signature(findings, line_of):
        return sorted((f.rule, line_of(f.line)) for f in findings)

    txt = check_document(tmp_path / "plan.txt", None)
    docx_findings = check_document(tmp_path / "plan.docx", None)
    assert signature(docx_findings, int) == signature(txt, int)
    # a PDF line is an extracted line: map each paragraph's first line back to the text line
    from generator.documents import read_document

    pdf_doc = read_document(tmp_path / "plan.pdf")
    text_lines = [i for i, line in enumerate(lines, 1) if line.strip()]
    assert len(pdf_doc.blocks) == len(text_lines)
    first_line = {b.line: text_lines[k] for k, b in enumerate(pdf_doc.blocks)}
    pdf_findings = check_document(tmp_path / "plan.pdf", None)
    to_text = {}
    for b in pdf_doc.blocks:
        for k in range(b.line, b.line + len(b.breaks) + 1):
            to_text[k] = first_line[b.line]
    assert signature(pdf_findings, to_text.__getitem__) == signature(txt, int)
