"""A bid writer copies last month's bid for a school LED tender: what the
copy keeps from the old tender is an error (`bid-copy`)."""

from __future__ import annotations

from conftest import edit, line_of
from test_rules import ERROR, EXPO_BID, check, fires, silent

SCHOOL = "commitments/bids/school-led.yaml"

NEW_IDENTITY = """  project:
    name: 宁海县澜溪中学报告厅LED显示屏采购项目
    number: NHCG-2027-0032
    buyer:
      name: 宁海县澜溪中学
      address: 宁海县桃源街道澜溪路9号
      contact: 总务处 陈老师
      phone: 0574-65512345
    agency:
      name: 宁波甬信招标有限公司
      phone: 0574-87650000
    site: 宁海县桃源街道澜溪路9号 报告厅
"""


def _copy(project, identity: str | None = None) -> str:
    text = (project / EXPO_BID).read_text(encoding="utf-8")
    if identity is not None:
        start, end = text.index("  project:\n"), text.index("    region:")
        text = text[:start] + identity + text[end:]
    (project / SCHOOL).write_text(text, encoding="utf-8")
    return text


def test_a_copy_that_keeps_the_old_number_buyer_and_address_is_an_error(project):
    _copy(project)
    edit(project, SCHOOL, "name: 澜江会展中心主展厅LED显示屏采购项目", "name: 宁海县澜溪中学报告厅LED显示屏采购项目")
    findings = check(project)
    for needle in ("number: NBLJ-2026-1107", "name: 宁波市澜江会展服务中心", "name: 浙江明衡工程咨询有限公司", "address: 宁波市鄞州区澜江路18号",
                   "site: 宁波市鄞州区澜江路18号 主展厅", "contact: 综合保障部 林工", "phone: 0574-88217640"):
        f = fires(findings, "bid-copy", ERROR, SCHOOL, line_of(project, SCHOOL, needle))
        assert "lj-expo-led" in f.message
        # the original is told too: either file may be the stale copy
        fires(findings, "bid-copy", ERROR, EXPO_BID, line_of(project, EXPO_BID, needle))


def test_another_bids_buyer_in_the_text_is_an_error_whatever_its_suffix(project):
    _copy(project, NEW_IDENTITY)
    edit(project, SCHOOL, "      value: 68000元", "      value: 68000元\n  letter:\n    paragraphs:\n"
         "      - 我公司曾为宁波市澜江会展服务中心提供同型号显示屏的安装与维保服务。\n"
         "      - 澜江会展服务中心的维保经验将用于本项目。\n"
         "      - 我公司将为宁海县澜溪中学提供驻场培训。\n")
    findings = check(project)
    silent([f for f in findings if f.file == EXPO_BID], "bid-copy")
    f = fires(findings, "bid-copy", ERROR, SCHOOL, line_of(project, SCHOOL, "我公司曾为宁波市澜江会展服务中心"))
    assert "宁波市澜江会展服务中心" in f.message and "lj-expo-led" in f.message and "采购人" in f.message
    fires(findings, "bid-copy", ERROR, SCHOOL, line_of(project, SCHOOL, "澜江会展服务中心的维保经验"))
    # our own buyer is fine
    assert not [f for f in findings if f.rule == "bid-copy" and "驻场培训" in f.message]


def test_the_other_hospital_and_agency_are_found_too(project):
    _copy(project, NEW_IDENTITY)
    edit(project, SCHOOL, "      value: 68000元", "      value: 68000元\n  commitments:\n"
         "    - 参照杭州市澜湾区人民医院的做法，由浙江衡信招标代理有限公司组织验收。\n")
    findings = check(project)
    f = fires(findings, "bid-copy", ERROR, SCHOOL, line_of(project, SCHOOL, "参照杭州市澜湾区人民医院"))
    assert "lw-hospital-hvac" in f.message


def test_a_fully_rewritten_copy_passes_and_a_shared_agency_can_be_waived(project):
    _copy(project, NEW_IDENTITY)
    silent(check(project), "bid-copy")
    edit(project, SCHOOL, "name: 宁波甬信招标有限公司", "name: 浙江明衡工程咨询有限公司")
    findings = check(project)
    fires(findings, "bid-copy", ERROR, SCHOOL, line_of(project, SCHOOL, "name: 浙江明衡工程咨询有限公司"))
    fires(findings, "bid-copy", ERROR, EXPO_BID, line_of(project, EXPO_BID, "name: 浙江明衡工程咨询有限公司"))  # either may be the stale copy
    text = (project / SCHOOL).read_text(encoding="utf-8")
    (project / SCHOOL).write_text(text + "waivers:\n  - {rule: bid-copy, path: bid.project.agency, reason: 同一代理机构代理的两个不同项目}\n", encoding="utf-8")
    silent([f for f in check(project) if f.file == SCHOOL], "bid-copy")


def _exactly(findings, expected: set[tuple[str, str, str, int]]) -> None:
    """The findings are these (severity, rule, file, line) and nothing else."""
    got = {(f.severity.value, f.rule, f.file, f.line) for f in findings}
    listing = "\n".join(f.text() for f in findings) or "(no findings)"
    assert got == expected, listing


def test_exact_findings_of_a_copy_that_changed_only_the_name(project):
    """Every field copied from the old tender, in both bids (either may be
    the stale copy), and nothing else: no other rule speaks."""
    _copy(project)
    edit(project, SCHOOL, "name: 澜江会展中心主展厅LED显示屏采购项目", "name: 宁海县澜溪中学报告厅LED显示屏采购项目")
    stale = ("number: NBLJ-2026-1107", "name: 宁波市澜江会展服务中心", "address: 宁波市鄞州区澜江路18号", "contact: 综合保障部 林工",
             "phone: 0574-88217640", "name: 浙江明衡工程咨询有限公司", "site: 宁波市鄞州区澜江路18号 主展厅")
    _exactly(check(project), {("error", "bid-copy", file, line_of(project, file, needle)) for file in (SCHOOL, EXPO_BID) for needle in stale})


def test_exact_findings_of_a_rewritten_copy_with_old_names_in_its_text(project):
    """The identity rewritten, but the letter still names the old buyer (with
    and without its city) and a commitment the other bid's hospital and
    agency: one bid-copy error for each name, and foreign-name stays silent
    (one pasted name, one finding: the one that says whose it is)."""
    _copy(project, NEW_IDENTITY)
    edit(project, SCHOOL, "      value: 68000元", "      value: 68000元\n  letter:\n    paragraphs:\n"
         "      - 我公司曾为宁波市澜江会展服务中心提供同型号显示屏的安装与维保服务。\n"
         "      - 澜江会展服务中心的维保经验将用于本项目。\n"
         "      - 我公司将为宁海县澜溪中学提供驻场培训。\n"
         "  commitments:\n"
         "    - 参照杭州市澜湾区人民医院的做法，由浙江衡信招标代理有限公司组织验收。\n")
    lines = ("我公司曾为宁波市澜江会展服务中心", "澜江会展服务中心的维保经验", "参照杭州市澜湾区人民医院")
    findings = check(project)
    _exactly(findings, {("error", "bid-copy", SCHOOL, line_of(project, SCHOOL, needle)) for needle in lines})
    named = sorted(f.message.split("”")[0].split("“")[1] for f in findings)
    assert named == ["宁波市澜江会展服务中心", "杭州市澜湾区人民医院", "浙江衡信招标代理有限公司", "澜江会展服务中心"], named
    agency = next(f for f in findings if "浙江衡信招标代理有限公司" in f.message)
    assert "本投标的代理机构是“宁波甬信招标有限公司”" in agency.message, agency.message


def test_many_copies_are_named_a_few_at_a_time(project):
    """Seven copies of one bid: each message names five others and how many there are."""
    text = (project / EXPO_BID).read_text(encoding="utf-8")
    for i in range(7):
        (project / f"commitments/bids/copy-{i}.yaml").write_text(text, encoding="utf-8")
    findings = [f for f in check(project) if f.rule == "bid-copy" and f.file == EXPO_BID
                and f.line == line_of(project, EXPO_BID, "number: NBLJ-2026-1107")]
    assert len(findings) == 1
    assert findings[0].message.startswith("项目编号“NBLJ-2026-1107”与投标 copy-0、copy-1、copy-2、copy-3、copy-4 等 7 份相同"), findings[0].message
