"""`tender import PLAN`: a draft policy from a plan document (issue #12).

The plans here are the tests' own text. Each value of the draft carries its
source and original wording; what the plan does not say stays absent; the
draft loads, and `tender check` on it reports the plan's real defects only."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_project, run_cli_in_process

from generator.loader import parse_text

PLAN = (
    "售后服务方案\n"  # 1
    "一、质量保证\n"  # 2
    "质保期为验收合格之日起3年。\n"  # 3
    "二、故障响应\n"  # 4
    "一级故障接到报修后30分钟内响应，4小时内到达现场，2小时内修复。\n"  # 5: fix before arrival
    "二级故障接到报修后1小时内响应，8小时内到达现场，24小时内修复。\n"  # 6
    "三、培训计划\n"  # 7
    "为采购人培训操作人员2期，每期10人。\n"  # 8
    "四、定期巡检\n"  # 9
    "每季度巡检一次。\n"  # 10
)


def tender(monkeypatch, capsys, cwd: Path, *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process (as `tender ARGS` in ``cwd``): exit code, stdout, stderr."""
    proc = run_cli_in_process(cwd, monkeypatch, capsys, *args)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def proj(tmp_path):
    root = copy_project(tmp_path / "proj")
    (root / "plan.txt").write_text(PLAN, encoding="utf-8")
    return root


def draft_line(text: str, needle: str) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(lines) == 1, (needle, lines)
    return lines[0]


def test_values_go_into_fields_with_their_source_and_wording(monkeypatch, capsys, proj):
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.txt", "-o", "commitments/policies/imported.yaml")
    assert code == 0, err
    text = (proj / "commitments/policies/imported.yaml").read_text(encoding="utf-8")
    policy = parse_text(text, "x.yaml")["policy"]
    assert policy["warranty"] == {"term": "3年", "start": "验收合格"}
    one, two = policy["fault_levels"]
    assert (one["level"], dict(one["times"][0])) == ("一级", {"response": "30分钟", "arrival": "4小时", "fix": "2小时"})
    assert (two["level"], dict(two["times"][0])) == ("二级", {"response": "1小时", "arrival": "8小时", "fix": "24小时"})
    assert dict(policy["training"]["sessions"][0]) == {"title": "培训", "trainees": 10, "sessions": 2}
    assert policy["inspections"] == {"interval": "3个月"}
    # each value names its place and the original words
    assert "term: 3年  # 原文 plan.txt:3：“质保期为验收合格之日起3年。”" in text
    assert "fix: 2小时  # 原文 plan.txt:5：" in text
    # nothing invented: no return visits, parts, KPIs or complaint times
    for absent in ("return_visits", "spare_parts", "kpis", "complaints"):
        assert absent not in policy
    # every paragraph kept, in order, under its section
    prose = policy["prose"]
    assert list(prose) == ["other", "warranty", "faults", "training", "inspections"]
    assert sum(len(v) for v in prose.values()) == 10
    assert "已写入" in err and "10 段原文" in err


def test_what_is_missing_is_listed_not_invented(monkeypatch, capsys, proj):
    tender(monkeypatch, capsys, proj, "import", "plan.txt", "-o", "commitments/policies/imported.yaml")
    text = (proj / "commitments/policies/imported.yaml").read_text(encoding="utf-8")
    head = text.split("policy:")[0]
    assert "# 方案没有写明" in head
    for words in ("回访间隔", "停产后备件供应年限", "量化的服务指标", "投诉受理时限"):
        assert words in head, words


def test_check_on_the_draft_reports_the_plans_real_defects_exactly(monkeypatch, capsys, proj):
    tender(monkeypatch, capsys, proj, "import", "plan.txt", "-o", "commitments/policies/imported.yaml")
    rel = "commitments/policies/imported.yaml"
    text = (proj / rel).read_text(encoding="utf-8")
    code, out, _ = tender(monkeypatch, capsys, proj, "check", "--format", "json", rel)
    import json

    got = sorted((f["rule"], f["severity"], f["line"]) for f in json.loads(out))
    policy_line = draft_line(text, "policy:") + 1  # the title: absent sections are reported on the policy
    fix_line = draft_line(text, "fix: 2小时")
    expected = sorted([
        ("time-ladder", "error", fix_line),  # 2小时 fix before a 4小时 arrival
        ("missing-term", "warning", policy_line),  # no return-visit interval
        ("missing-term", "warning", policy_line),  # no spare-parts supply years
        ("missing-term", "warning", policy_line),  # no KPI
        ("missing-term", "warning", policy_line),  # no complaint time
    ])
    assert got == expected, out
    assert code == 1


def test_the_draft_of_a_clean_plan_checks_without_errors(monkeypatch, capsys, proj):
    (proj / "plan.txt").write_text(PLAN.replace("2小时内修复", "8小时内修复"), encoding="utf-8")
    tender(monkeypatch, capsys, proj, "import", "plan.txt", "-o", "commitments/policies/imported.yaml")
    code, out, _ = tender(monkeypatch, capsys, proj, "check", "commitments/policies/imported.yaml")
    assert code == 0 and "error" not in out, out


def test_an_existing_file_is_never_overwritten_without_force(monkeypatch, capsys, proj):
    target = proj / "commitments/policies/imported.yaml"
    target.write_text("# mine\n", encoding="utf-8")
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.txt", "-o", str(target))
    assert code == 2 and "已存在" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "# mine\n"
    code, _, _ = tender(monkeypatch, capsys, proj, "import", "plan.txt", "-o", str(target), "--force")
    assert code == 0 and "policy:" in target.read_text(encoding="utf-8")


def test_a_bid_marked_confidential_is_never_written_into_a_project(monkeypatch, capsys, proj):
    (proj / "bid.txt").write_text("投标文件（商务部分）\n密级：机密\n" + PLAN, encoding="utf-8")
    code, _, err = tender(monkeypatch, capsys, proj, "import", "bid.txt", "-o", "commitments/policies/bid.yaml")
    assert code == 2 and "保密" in err
    assert not (proj / "commitments/policies/bid.yaml").exists()
    assert not list((proj / "commitments/policies").glob(".bid.yaml.*"))


def test_a_promise_to_keep_data_secret_is_not_a_confidential_marking(monkeypatch, capsys, proj):
    (proj / "plan.txt").write_text(PLAN + "我公司对采购人的数据严格保密，不向第三方泄露。\n", encoding="utf-8")
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.txt", "-o", "commitments/policies/imported.yaml")
    assert code == 0, err


def test_a_collection_asks_which_plan(monkeypatch, capsys, proj):
    body = "质保期为验收合格之日起3年。\n一级故障4小时内到达现场，8小时内修复。\n"
    (proj / "many.txt").write_text("售后服务方案1\n" + body + "售后服务方案2\n" + body.replace("3年", "1年"), encoding="utf-8")
    code, _, err = tender(monkeypatch, capsys, proj, "import", "many.txt", "-o", "commitments/policies/many.yaml")
    assert code == 2 and "--plan" in err and "售后服务方案2" in err
    code, _, err = tender(monkeypatch, capsys, proj, "import", "many.txt", "--plan", "2", "-o", "commitments/policies/many.yaml")
    assert code == 0, err
    policy = parse_text((proj / "commitments/policies/many.yaml").read_text(encoding="utf-8"), "x")["policy"]
    assert policy["title"] == "售后服务方案2" and policy["warranty"]["term"] == "1年"


def test_a_docx_plan_is_imported_with_paragraph_ordinals(monkeypatch, capsys, proj):
    import docx

    d = docx.Document()
    for line in PLAN.splitlines():
        d.add_paragraph(line)
    d.save(proj / "plan.docx")
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.docx", "-o", "commitments/policies/w.yaml")
    assert code == 0, err
    text = (proj / "commitments/policies/w.yaml").read_text(encoding="utf-8")
    assert "term: 3年  # 原文 plan.docx:3：" in text


def test_a_markdown_plan_with_a_table_is_imported(monkeypatch, capsys, proj):
    md = ("# 售后服务方案\n\n质保期为验收合格之日起3年。\n\n"
          "| 故障等级 | 响应时间 | 到场时间 | 修复时间 |\n| --- | --- | --- | --- |\n| 一级 | 30分钟 | 2小时 | 8小时 |\n")
    (proj / "plan.md").write_text(md, encoding="utf-8")
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.md", "-o", "commitments/policies/m.yaml")
    assert code == 0, err
    policy = parse_text((proj / "commitments/policies/m.yaml").read_text(encoding="utf-8"), "x")["policy"]
    assert dict(policy["fault_levels"][0]["times"][0]) == {"response": "30分钟", "arrival": "2小时", "fix": "8小时"}


def test_a_bad_document_is_exit_2_with_a_message(monkeypatch, capsys, proj):
    (proj / "broken.docx").write_bytes(b"not a zip")
    code, _, err = tender(monkeypatch, capsys, proj, "import", "broken.docx")
    assert code == 2 and "broken.docx" in err and "Traceback" not in err
    assert not list((proj / "commitments/policies").glob("broken*"))


def test_a_replaced_parts_warranty_is_a_secondary_period_not_the_warranty(monkeypatch, capsys, proj):
    (proj / "plan.txt").write_text("我公司提供整机质保三年，质保期自验收合格之日起计算，更换的配件自更换之日起另享一年质保。\n"
                                   "对采购人操作人员进行培训，共2期，每期10人。设备到货后3日内完成开箱验收。\n", encoding="utf-8")
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.txt", "-o", "commitments/policies/p.yaml")
    assert code == 0, err
    policy = parse_text((proj / "commitments/policies/p.yaml").read_text(encoding="utf-8"), "x")["policy"]
    warranty = policy["warranty"]
    assert (warranty["term"], warranty["start"]) == ("3年", "验收合格")
    assert [(s["kind"], s["term"]) for s in warranty["secondary"]] == [("更换部件重新计算质保", "1年")]
    # the 3日 of the next sentence is the acceptance, not the training's length
    assert dict(policy["training"]["sessions"][0]) == {"title": "培训", "trainees": 10, "sessions": 2}


def test_hotline_hours_are_not_on_site_hours_and_a_deadline_is_not_a_training_length(monkeypatch, capsys, proj):
    (proj / "plan.txt").write_text("质保期为验收合格之日起3年。\n我方提供7×24小时热线电话服务。\n"
                                   "工程竣工后10个工作日内安排采购人操作人员培训，培训为期2天，每期10人，共2期。\n", encoding="utf-8")
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.txt", "-o", "commitments/policies/p.yaml")
    assert code == 0, err
    policy = parse_text((proj / "commitments/policies/p.yaml").read_text(encoding="utf-8"), "x")["policy"]
    assert "service_hours" not in policy
    assert dict(policy["training"]["sessions"][0]) == {"title": "培训", "trainees": 10, "sessions": 2, "length": "2天"}


@pytest.mark.slow
def test_a_text_layer_pdf_plan_is_imported(monkeypatch, capsys, proj):
    from html import escape

    from weasyprint import HTML

    from generator.fonts import font_face_css

    body = "".join(f"<p>{escape(line)}</p>" for line in PLAN.splitlines())
    css = f"{font_face_css()} body {{font-family: 'Tender Sans'; font-size: 10.5pt}} p {{margin: 0 0 4pt 0}} @page {{size: A4; margin: 20mm}}"
    HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body></html>").write_pdf(proj / "plan.pdf")
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.pdf", "-o", "commitments/policies/pdf.yaml")
    assert code == 0, err
    text = (proj / "commitments/policies/pdf.yaml").read_text(encoding="utf-8")
    policy = parse_text(text, "x")["policy"]
    assert policy["warranty"] == {"term": "3年", "start": "验收合格"}
    assert dict(policy["fault_levels"][0]["times"][0]) == {"response": "30分钟", "arrival": "4小时", "fix": "2小时"}
    assert "# 原文 plan.pdf:" in text


def _check_json(monkeypatch, capsys, proj, rel: str) -> list[dict]:
    import json

    code, out, _ = tender(monkeypatch, capsys, proj, "check", "--format", "json", rel)
    assert code in (0, 1), out
    return [f for f in json.loads(out) if f["file"] == rel]


def test_the_drafts_prose_meets_the_rules_a_plan_document_meets(monkeypatch, capsys, proj):
    """hotline-format, truncated and shared-text look at plan documents only;
    the draft's prose is the plan's text, so they find the same there, once."""
    repeated = "我公司建立健全售后服务体系，配备专职服务工程师，对用户的每一次报修都登记在案并跟踪到底，确保问题得到彻底解决。"
    plan = PLAN + "五、其他\n" + repeated + "\n详情请咨询售后服务热线。\n" + repeated + "\n联系人：XXX\n"
    (proj / "plan.txt").write_text(plan, encoding="utf-8")
    rel = "commitments/policies/imported.yaml"
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.txt", "-o", rel)
    assert code == 0, err
    text = (proj / rel).read_text(encoding="utf-8")
    hotline = draft_line(text, "详情请咨询售后服务热线")
    first, second = [i for i, line in enumerate(text.splitlines(), 1) if repeated in line]
    placeholder = draft_line(text, "联系人：XXX")
    findings = _check_json(monkeypatch, capsys, proj, rel)
    by_rule = {}
    for f in findings:
        by_rule.setdefault(f["rule"], []).append(f["line"])
    assert by_rule["hotline-format"] == [hotline]
    assert by_rule["shared-text"] == [second] and first != second
    assert by_rule["placeholder"] == [placeholder]  # once: not by the policy's text and again by the plan's
    # the source comments map the findings back to the plan's lines
    assert text.splitlines()[hotline - 1].endswith("# plan.txt:13")


def test_the_lead_in_of_a_collection_goes_with_its_first_plan(monkeypatch, capsys, proj):
    body = "质保期为验收合格之日起3年。\n一级故障4小时内到达现场，8小时内修复。\n"
    lead = "下面是小编为大家收集的售后服务方案，供大家参考借鉴。\n"
    (proj / "many.txt").write_text(lead + "售后服务方案1\n" + body + "售后服务方案2\n" + body, encoding="utf-8")
    for n in ("1", "2"):
        code, _, err = tender(monkeypatch, capsys, proj, "import", "many.txt", "--plan", n, "-o", f"commitments/policies/p{n}.yaml")
        assert code == 0, err
    one = (proj / "commitments/policies/p1.yaml").read_text(encoding="utf-8")
    two = (proj / "commitments/policies/p2.yaml").read_text(encoding="utf-8")
    assert "小编为大家收集的" in one and "# many.txt:1" in one
    assert "小编" not in two
    assert {f["line"] for f in _check_json(monkeypatch, capsys, proj, "commitments/policies/p1.yaml") if f["rule"] == "web-residue"} \
        == {draft_line(one, "小编为大家收集的")}


# -- the company parts ---------------------------------------------------------------------------------

COMPANY_LINES = [
    "售后服务方案",  # 1
    "投标人：杭州澄明科技有限公司（盖章）",  # 2
    "一、服务热线",  # 3
    "我公司设立7×24小时服务热线：400-826-3519，投诉电话：0571-86691234。",  # 4
    "二、服务网点",  # 5
]
OUTLET_ROWS = [["网点名称", "地址", "电话", "人数"],  # 6
               ["杭州服务中心", "杭州市滨江区江晖路1888号", "0571-86691520", "26"],  # 7
               ["遵义服务站", "贵州省遵义市红花岗区海尔大道8号", "0851-28812345", "5"]]  # 8
STAFF_ROWS = [["岗位", "姓名", "人数"],  # 9
              ["项目经理", "张伟", "1"]]  # 10
AFTER = ["配备专职工程师6名，客服专员共有2名。",  # 11
         "质保期为验收合格之日起3年。"]  # 12


def company_plan(path: Path) -> None:
    import docx

    d = docx.Document()
    for line in COMPANY_LINES:
        d.add_paragraph(line)
    for rows in (OUTLET_ROWS, STAFF_ROWS):
        table = d.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    for line in AFTER:
        d.add_paragraph(line)
    d.save(path)


EXPECTED_COMPANY = {
    "name": "杭州澄明科技有限公司",
    "hotline": "400-826-3519",
    "hotline_hours": "7×24",
    "repair": {"channels": [{"name": "投诉电话", "contact": "0571-86691234"}]},
    "outlets": [
        {"name": "杭州服务中心", "province": "浙江省", "city": "杭州市", "address": "杭州市滨江区江晖路1888号", "phone": "0571-86691520", "staff": 26},
        {"name": "遵义服务站", "province": "贵州省", "city": "遵义市", "address": "贵州省遵义市红花岗区海尔大道8号", "phone": "0851-28812345", "staff": 5},
    ],
    "staff": [{"role": "项目经理", "person": "张伟", "count": 1}, {"role": "专职工程师", "count": 6}, {"role": "客服专员", "count": 2}],
}


def _plain(node):
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def test_company_parts_beside_an_existing_company_file_which_stays_untouched(monkeypatch, capsys, proj):
    company_plan(proj / "plan.docx")
    before = (proj / "commitments/company.yaml").read_bytes()
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.docx", "-o", "commitments/policies/w.yaml")
    assert code == 0, err
    assert (proj / "commitments/company.yaml").read_bytes() == before
    side = proj / "w-公司信息.yaml"  # at the project root: tender check does not load it
    text = side.read_text(encoding="utf-8")
    assert _plain(parse_text(text, "x")["company"]) == EXPECTED_COMPANY
    # each value names its source paragraph (Word: paragraph/row ordinal) and the words
    assert "name: 杭州澄明科技有限公司  # 原文 plan.docx:2：“投标人：杭州澄明科技有限公司（盖章）”" in text
    assert "hotline: 400-826-3519  # 原文 plan.docx:4：" in text
    assert "hotline_hours: 7×24  # 原文 plan.docx:4：“我公司设立7×24小时服务热线" in text
    assert "phone: 0851-28812345  # 原文 plan.docx:8：" in text
    assert "person: 张伟  # 原文 plan.docx:10：" in text
    assert "count: 6  # 原文 plan.docx:11：“配备专职工程师6名" in text
    assert text.splitlines()[0] == "# yaml-language-server: $schema=commitments/company.schema.json"
    said = " ".join(err.split())
    assert "w-公司信息.yaml" in said and "commitments/company.yaml 已存在，未改动" in said and "400-826-3519" in said
    code, out, _ = tender(monkeypatch, capsys, proj, "check")
    assert code in (0, 1) and "公司信息" not in out and "file-ignored" not in out


def test_a_project_without_a_company_file_gets_one_that_loads_and_lists_what_is_missing(monkeypatch, capsys, proj):
    company_plan(proj / "plan.docx")
    (proj / "commitments/company.yaml").unlink()
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.docx", "-o", "commitments/policies/w.yaml")
    assert code == 0, err
    text = (proj / "commitments/company.yaml").read_text(encoding="utf-8")
    assert _plain(parse_text(text, "x")["company"]) == EXPECTED_COMPANY
    assert text.splitlines()[0] == "# yaml-language-server: $schema=company.schema.json"
    head = text.split("company:")[0]
    for words in ("公司简称", "统一社会信用代码", "法定代表人", "所在城市", "签字人", "outlets[0]：缺少必填项“region”"):
        assert words in head, words
    assert "已写入公司信息草稿 commitments/company.yaml" in " ".join(err.split())
    import json

    code, out, _ = tender(monkeypatch, capsys, proj, "check", "--format", "json")
    assert code == 1  # loads: what the plan does not say is reported, nothing was filled in by hand
    company = {(f["rule"], f["message"]) for f in json.loads(out) if f["file"] == "commitments/company.yaml"}
    assert ("schema", "缺少必填项“short_name”（公司简称）") in company
    assert all(rule == "schema" and "缺少必填项" in message for rule, message in company), company


def test_what_is_not_sure_is_not_read_into_the_company(monkeypatch, capsys, proj):
    (proj / "plan.txt").write_text(
        "投标人：杭州澄明科技有限公司\n供应商：宁波远航电子有限公司\n"  # two names: neither is sure
        "项目经理：负责项目的全面协调。\n"  # no person after the label
        "如有问题请拨打 0571-86691520。\n"  # a number with no hotline word
        "名称｜电话\n杭州服务中心｜0571-86691520\n"  # no 地址 column: not an outlet table
        + PLAN, encoding="utf-8")
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.txt", "-o", "commitments/policies/p.yaml")
    assert code == 0 and "没有读到公司信息" in err, err
    assert not (proj / "p-公司信息.yaml").exists()
    # one sure line is enough to be read
    (proj / "plan.txt").write_text((proj / "plan.txt").read_text(encoding="utf-8") + "服务热线：400-826-3519\n", encoding="utf-8")
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.txt", "-o", "commitments/policies/q.yaml")
    assert code == 0, err
    assert _plain(parse_text((proj / "q-公司信息.yaml").read_text(encoding="utf-8"), "x")["company"]) == {"hotline": "400-826-3519"}


def test_no_company_parts_no_file(monkeypatch, capsys, proj):
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.txt", "-o", "commitments/policies/p.yaml")
    assert code == 0 and "没有读到公司信息" in err
    assert not (proj / "p-公司信息.yaml").exists()


def test_an_existing_company_parts_file_stops_the_import_before_anything_is_written(monkeypatch, capsys, proj):
    company_plan(proj / "plan.docx")
    (proj / "w-公司信息.yaml").write_text("# mine\n", encoding="utf-8")
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.docx", "-o", "commitments/policies/w.yaml")
    assert code == 2 and "w-公司信息.yaml 已存在" in " ".join(err.split()) and "Traceback" not in err
    assert not (proj / "commitments/policies/w.yaml").exists()
    assert (proj / "w-公司信息.yaml").read_text(encoding="utf-8") == "# mine\n"


def test_the_draft_points_the_editor_at_the_projects_schema_wherever_it_is_written(monkeypatch, capsys, proj):
    from generator.schema import modeline

    for out, expected in (("commitments/policies/a.yaml", modeline("policy")), ("b.yaml", "# yaml-language-server: $schema=commitments/policy.schema.json")):
        code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.txt", "-o", out)
        assert code == 0, err
        first = (proj / out).read_text(encoding="utf-8").splitlines()[0]
        assert first == expected
        assert (proj / out).parent.joinpath(first.split("$schema=")[1]).resolve().is_file()


def test_plan_all_writes_one_draft_per_plan_and_never_overwrites(monkeypatch, capsys, proj):
    body = "质保期为验收合格之日起{}年。\n一级故障4小时内到达现场，8小时内修复。\n"
    text = "".join(f"售后服务方案{n}\n" + body.format(n) for n in (1, 2, 3)).replace("售后服务方案3\n", "售后服务方案3\n服务热线：400-826-3519\n")
    (proj / "many.txt").write_text(text, encoding="utf-8")
    (proj / "commitments/policies/many-2.yaml").write_text("# mine\n", encoding="utf-8")
    code, _, err = tender(monkeypatch, capsys, proj, "import", "many.txt", "--plan", "all", "-o", "commitments/policies/many.yaml")
    assert code == 2 and "many-2.yaml" in err and "什么都没有写入" in " ".join(err.split())
    assert not (proj / "commitments/policies/many-1.yaml").exists()
    assert (proj / "commitments/policies/many-2.yaml").read_text(encoding="utf-8") == "# mine\n"
    (proj / "commitments/policies/many-2.yaml").unlink()
    code, _, err = tender(monkeypatch, capsys, proj, "import", "many.txt", "--plan", "all", "-o", "commitments/policies/many.yaml")
    assert code == 0, err
    for n in (1, 2, 3):
        policy = parse_text((proj / f"commitments/policies/many-{n}.yaml").read_text(encoding="utf-8"), "x")["policy"]
        assert (policy["title"], policy["warranty"]["term"]) == (f"售后服务方案{n}", f"{n}年")
    assert not (proj / "commitments/policies/many.yaml").exists()
    # only the third plan states company parts: beside the project's company.yaml, named after its draft
    assert _plain(parse_text((proj / "many-3-公司信息.yaml").read_text(encoding="utf-8"), "x")["company"]) == {"hotline": "400-826-3519"}
    assert not list(proj.glob("many-[12]-公司信息.yaml"))
    code, out, _ = tender(monkeypatch, capsys, proj, "check")
    assert code in (0, 1), out


def test_a_wrong_plan_number_is_a_message(monkeypatch, capsys, proj):
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.txt", "--plan", "二")
    assert code == 2 and "--plan 应为" in err and "Traceback" not in err


def test_a_table_of_the_buyers_addresses_is_no_outlet_table(monkeypatch, capsys, proj):
    (proj / "plan.md").write_text(
        "| 单位名称 | 地址 | 电话 |\n| --- | --- | --- |\n| 杭州市第一人民医院 | 杭州市上城区浣纱路261号 | 0571-87065701 |\n\n"
        "| 服务网点 | 地址 | 电话 |\n| --- | --- | --- |\n| 宁波服务站 | 宁波市鄞州区天童南路568号 | 0574-87352216 |\n\n" + PLAN, encoding="utf-8")
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.md", "-o", "commitments/policies/p.yaml")
    assert code == 0, err
    company = _plain(parse_text((proj / "p-公司信息.yaml").read_text(encoding="utf-8"), "x")["company"])
    assert company == {"outlets": [{"name": "宁波服务站", "province": "浙江省", "city": "宁波市", "address": "宁波市鄞州区天童南路568号",
                                    "phone": "0574-87352216"}]}


def test_a_draft_written_outside_the_project_keeps_its_company_parts_outside(monkeypatch, capsys, proj, tmp_path):
    company_plan(proj / "plan.docx")
    (proj / "commitments/company.yaml").unlink()
    out = tmp_path / "outside"
    out.mkdir()
    code, _, err = tender(monkeypatch, capsys, proj, "import", "plan.docx", "-o", str(out / "w.yaml"))
    assert code == 0, err
    assert not (proj / "commitments/company.yaml").exists()
    text = (out / "w-公司信息.yaml").read_text(encoding="utf-8")
    assert _plain(parse_text(text, "x")["company"]) == EXPECTED_COMPANY
    assert text.splitlines()[0] == "# yaml-language-server: $schema=company.schema.json"  # right once it is commitments/company.yaml
    assert "复制为（或并入）commitments/company.yaml" in " ".join(err.split())


def test_the_draft_of_a_plan_that_is_no_service_plan_is_off_topic(monkeypatch, capsys, proj):
    """A promotion notice imported as a plan: the draft's prose is held to the
    service-word density a plan document is held to, and found off-topic."""
    notice = ("店庆促销活动方案\n一、活动时间\n本店定于十月一日至十月七日举办店庆活动，全场商品参加满减，会员再享积分加倍。\n"
              "二、活动内容\n活动期间每日上午十点开展抽奖，奖品包括电饭煲、床上用品和超市购物卡，中奖顾客凭小票到服务台领取。\n"
              "三、宣传安排\n各门店在入口摆放易拉宝，在收银台张贴海报，并通过短信和公众号通知会员，门店经理负责现场秩序。\n"
              "四、人员安排\n活动期间全体员工取消轮休，导购人员统一着装，每天下班前汇总销售数据报送办公室。\n"
              "五、费用预算\n活动费用由市场部统一申请，奖品采购、海报印刷和短信群发分别列支，活动结束后十日内完成结算并上报总经理审批。\n")
    (proj / "notice.txt").write_text(notice, encoding="utf-8")
    rel = "commitments/policies/notice.yaml"
    code, _, err = tender(monkeypatch, capsys, proj, "import", "notice.txt", "-o", rel)
    assert code == 0, err
    off = [f for f in _check_json(monkeypatch, capsys, proj, rel) if f["rule"] == "off-topic"]
    assert len(off) == 1 and "几乎没有售后服务的内容" in off[0]["message"], off
