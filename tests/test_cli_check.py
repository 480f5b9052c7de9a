"""`tender check` as a bid writer runs it (contract in generator/cli.py and README.md).

Exit codes: 0 clean or warnings only; 1 any error, or any warning with
--strict; 2 the check cannot run. Findings print like a compiler's
(`file:line:col: error[rule] message`) or as a JSON array. Bad input gives
a Chinese message with file:line — never a traceback — and a check never
changes a file.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from pathlib import Path

import pytest

from conftest import edit, run_cli, run_cli_in_process

HVAC = "commitments/policies/hvac.yaml"
LED = "commitments/policies/led.yaml"
EXPO_BID = "commitments/bids/lj-expo-led.yaml"

FINDING_LINE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning)\[(?P<rule>[a-z]+(?:-[a-z]+)*)\] (?P<message>.+)$")
CJK = re.compile(r"[\u4e00-\u9fff]")



def check_process(project: Path, *args: str):
    """`tender check` in a process of its own, for the cases where the whole
    command (interpreter exit, files it might leave) is the point."""
    return run_cli("check", *args, cwd=project)


@pytest.fixture
def check(monkeypatch, capsys):
    """`tender check ARGS` in this process (conftest.run_cli_in_process): what it says and its exit code."""
    def run(project: Path, *args: str):
        return run_cli_in_process(project, monkeypatch, capsys, "check", *args)
    return run


def parse_text_output(stdout: str) -> list[dict]:
    findings = []
    for line in stdout.splitlines():
        m = FINDING_LINE.match(line)
        assert m, f"not a finding line: {line!r}"
        findings.append(m.groupdict())
    return findings


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under root with the hash of its bytes and its mtime."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            out[path.relative_to(root).as_posix()] = f"{hashlib.sha256(path.read_bytes()).hexdigest()}:{path.stat().st_mtime_ns}"
        elif path.is_dir():
            out[path.relative_to(root).as_posix() + "/"] = "dir"
    return out


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    assert "内部错误" not in result.stderr, result.stderr


# -- exit codes ------------------------------------------------------------------------------


def test_a_clean_project_exits_0_and_says_so(project):
    result = check_process(project)
    assert result.returncode == 0
    assert result.stdout == ""
    assert "检查通过" in result.stderr


def test_an_error_exits_1(project):
    edit(project, HVAC, "    satisfaction_target: 98%", "    satisfaction_target: 101%")
    result = check_process(project)
    assert result.returncode == 1
    [finding] = parse_text_output(result.stdout)
    assert finding["rule"] == "kpi-range" and finding["severity"] == "error"
    assert "1 个错误" in result.stderr


def test_warnings_only_exit_0_but_1_with_strict(project, check):
    edit(project, EXPO_BID, "  validity: 90日", "  validity: 90天")
    result = check(project)
    assert result.returncode == 0
    [finding] = parse_text_output(result.stdout)
    assert (finding["rule"], finding["severity"]) == ("duration-unit", "warning")
    assert check(project, "--strict").returncode == 1


@pytest.mark.parametrize(("raised", "code"), [(None, 0), (1, 1), ("说明", 1)])
def test_the_command_leaves_with_mains_exit_code_after_the_exit_handlers(monkeypatch, capsys, raised, code):
    """`tender` (cli.run) skips the interpreter's teardown: it must still run
    the atexit handlers (temporary folders, logging) and flush the streams
    before it leaves, and keep main's exit code (a text code: said, exit 1)."""
    import atexit

    from generator import cli

    events = []

    def fake_main():
        print("输出", end="")
        raise SystemExit(raised)

    class Left(Exception):
        pass

    def fake_exit(n):
        events.append(("exit", n))
        raise Left

    monkeypatch.setattr(cli, "main", fake_main)
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: events.append(("atexit",)))
    monkeypatch.setattr(cli.os, "_exit", fake_exit)
    monkeypatch.setattr("threading.active_count", lambda: 1)
    with pytest.raises(Left):
        cli.run()
    assert events == [("atexit",), ("exit", code)]
    out, err = capsys.readouterr()
    assert out == "输出" and (err.strip() == "说明") == (raised == "说明")


def test_no_project_here_exits_2_with_a_hint(tmp_path):
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "commitments" in result.stderr and CJK.search(result.stderr)
    no_traceback(result)


def test_a_project_option_pointing_nowhere_exits_2(tmp_path, project):
    result = run_cli("check", "--project", str(tmp_path / "nowhere"), cwd=project)
    assert result.returncode == 2
    no_traceback(result)


def test_the_project_option_checks_another_folder(tmp_path, project):
    edit(project, HVAC, "    satisfaction_target: 98%", "    satisfaction_target: 101%")
    result = run_cli("check", "--project", str(project), cwd=tmp_path)
    assert result.returncode == 1
    assert parse_text_output(result.stdout)[0]["file"] == HVAC


def test_an_unknown_format_exits_2(project, check):
    result = check(project, "--format", "xml")
    assert result.returncode == 2
    assert "json" in result.stderr
    no_traceback(result)


def test_a_path_that_does_not_exist_exits_2(project, check):
    result = check(project, "commitments/bids/missing.yaml")
    assert result.returncode == 2
    assert "missing.yaml" in result.stderr
    no_traceback(result)


def test_an_unknown_option_is_a_usage_error_exit_2(project, check):
    result = check(project, "--bogus")
    assert result.returncode == 2
    assert "--bogus" in result.stderr
    no_traceback(result)


# -- output formats ---------------------------------------------------------------------------


@pytest.fixture
def two_problems(project):
    """One error in the HVAC policy, one warning in the LED bid."""
    edit(project, HVAC, "    satisfaction_target: 98%", "    satisfaction_target: 101%")
    edit(project, EXPO_BID, "  validity: 90日", "  validity: 90天")
    return project


def test_text_findings_read_like_a_compiler_message(two_problems, check):
    result = check(two_problems)
    findings = parse_text_output(result.stdout)
    assert [(f["file"], f["severity"], f["rule"]) for f in findings] == [
        (EXPO_BID, "warning", "duration-unit"),
        (HVAC, "error", "kpi-range"),
    ]
    for f in findings:
        line = (two_problems / f["file"]).read_text(encoding="utf-8").splitlines()[int(f["line"]) - 1]
        assert line[int(f["col"]) - 1:].startswith(("validity", "satisfaction_target")), line
        assert CJK.search(f["message"])


def test_json_findings_are_an_array_with_the_contract_keys(two_problems, check):
    result = check(two_problems, "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 2
    for item in data:
        assert {"rule", "severity", "file", "line", "message"} <= set(item)
        assert item["severity"] in ("error", "warning")
        assert isinstance(item["line"], int) and item["line"] >= 1
        assert CJK.search(item["message"])
    assert {(d["rule"], d["file"]) for d in data} == {("duration-unit", EXPO_BID), ("kpi-range", HVAC)}


def test_json_of_a_clean_project_is_an_empty_array(project, check):
    result = check(project, "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_json_keeps_long_chinese_messages_on_one_line(project, check):
    # rich must not wrap or colour the JSON: tools read it
    edit(project, HVAC, "        - 启动应急小组，售后服务总监现场指挥", "        - 启动应急小组，售后服务总监现场指挥" + "，冠金公司技术部配合" * 12)
    data = json.loads(check(project, "--format", "json").stdout)
    assert any(d["rule"] == "foreign-name" for d in data)
    assert "\x1b[" not in json.dumps(data)


# -- paths restrict the report ---------------------------------------------------------------------


def test_a_file_argument_reports_only_that_file(two_problems, check):
    result = check(two_problems, HVAC)
    assert result.returncode == 1
    assert {f["file"] for f in parse_text_output(result.stdout)} == {HVAC}


def test_a_folder_argument_reports_only_files_inside_it(two_problems, check):
    result = check(two_problems, "commitments/bids")
    assert result.returncode == 0  # only the warning is in the bids
    assert {f["file"] for f in parse_text_output(result.stdout)} == {EXPO_BID}
    assert check(two_problems, "--strict", "commitments/bids").returncode == 1


def test_a_clean_file_argument_exits_0_even_if_other_files_have_errors(two_problems, check):
    result = check(two_problems, LED)
    assert result.returncode == 0
    assert result.stdout == ""


# -- bad input: a message with file:line, never a traceback -----------------------------------------


def _set(rel: str, content: str | bytes):
    def apply(project: Path) -> None:
        path = project / rel
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return apply


def _edit(rel: str, old: str, new: str):
    return lambda project: edit(project, rel, old, new)


def _gbk(project: Path) -> None:
    path = project / HVAC
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))


ALIAS_BOMB = "policy:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  {n}: &{n} [{', '.join(['*' + p] * 10)}]\n" for p, n in zip("abcdefgh", "bcdefghi")
)

BAD_INPUTS = {
    # name: (how to break the project, rule, file, line)
    "empty file": (_set(LED, ""), "yaml-syntax", LED, 1),
    "only comments": (_set(LED, "# yaml-language-server: $schema=../tender.schema.json\n# 空\n"), "yaml-syntax", LED, 1),
    "invalid utf-8 (GBK)": (_gbk, "file-encoding", HVAC, 2),
    "utf-16": (_set(LED, "policy:\n  title: 显示屏\n".encode("utf-16")), "file-encoding", LED, 1),
    "tab indentation": (_edit(HVAC, "    term: 36个月\n", "\tterm: 36个月\n"), "yaml-syntax", HVAC, 27),
    "duplicate key": (_edit(HVAC, "    term: 36个月\n", "    term: 36个月\n    term: 24个月\n"), "yaml-syntax", HVAC, 28),
    "unknown key (typo)": (_edit(HVAC, "    supply_years: 10年", "    suply_years: 10年"), "schema", HVAC, 76),
    "wrong type": (_edit(HVAC, "      repairs_before_exchange: 2", "      repairs_before_exchange: [2]"), "schema", HVAC, 48),
    "map where a list belongs": (_edit(HVAC, "    channels: [服务热线, 远程群控平台, 企业微信服务群]", "    channels: 服务热线"), "schema", HVAC, 24),
    "negative duration": (_edit(HVAC, "    term: 36个月\n", "    term: -36个月\n"), "duration-unit", HVAC, 27),
    "absurd duration": (_edit(HVAC, "    term: 36个月\n", "    term: 1000000000000个月\n"), "duration-unit", HVAC, 27),
    "alias bomb": (_set(LED, ALIAS_BOMB), "yaml-syntax", LED, None),
    "python object tag": (_set(LED, 'policy: !!python/object/apply:os.system ["touch pwned"]\n'), "yaml-tag", LED, 1),
    "custom tag": (_set(LED, "policy: !include ../../secrets.yaml\n"), "yaml-tag", LED, 1),
    "deep flow nesting": (_set(LED, "policy: " + "[" * 500 + "]" * 500 + "\n"), "yaml-syntax", LED, 1),
    "deep block nesting": (_set(LED, "policy:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 80)) + "  " * 80 + "v: 1\n"), "yaml-syntax", LED, None),
    "a list at the top": (_set(LED, "- policy\n"), "schema", LED, 1),
    "two documents": (_set(LED, "policy: {}\n---\npolicy: {}\n"), "yaml-syntax", LED, None),
    "unclosed quote": (_edit(HVAC, "  version: 2026版", '  version: "2026版'), "yaml-syntax", HVAC, None),
}


#: the bad inputs also run through a real `tender check` process (exit code,
#: stderr, no traceback printed by the interpreter); the rest run the same
#: CLI in-process, which is what they are about and several times faster
THROUGH_A_PROCESS = {"alias bomb", "python object tag", "deep flow nesting", "a list at the top", "unclosed quote"}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_gives_a_located_chinese_message_and_no_traceback(project, name, monkeypatch, capsys):
    breaker, rule, file, line = BAD_INPUTS[name]
    breaker(project)
    before = tree_digest(project)
    start = time.monotonic()
    result = check_process(project) if name in THROUGH_A_PROCESS else run_cli_in_process(project, monkeypatch, capsys, "check")
    assert time.monotonic() - start < 60, "a hostile file must not make the check hang"
    no_traceback(result)
    assert result.returncode in (1, 2), result.stdout + result.stderr
    findings = parse_text_output(result.stdout)
    ours = [f for f in findings if f["file"] == file and f["rule"] == rule and (line is None or int(f["line"]) == line)]
    assert ours, f"expected error[{rule}] at {file}:{line or '?'}; got:\n{result.stdout}"
    assert all(f["severity"] == "error" and CJK.search(f["message"]) for f in ours)
    assert tree_digest(project) == before, "check changed a file"
    assert not (project / "pwned").exists()


def test_a_misspelt_key_suggests_the_right_one(project, check):
    edit(project, HVAC, "{region: 本市, response: 15分钟, arrival: 2小时, fix: 8小时, backup: 24小时}",
         "{region: 本市, respone: 15分钟, arrival: 2小时, fix: 8小时, backup: 24小时}")
    result = check(project)
    assert result.returncode == 1
    typo = [f for f in parse_text_output(result.stdout) if "respone" in f["message"]]
    assert typo and "response" in typo[0]["message"] and "是否想写" in typo[0]["message"]
    assert typo[0]["file"] == HVAC and typo[0]["line"] == "55"


# -- a check only reads --------------------------------------------------------------------------------


def test_checking_changes_nothing_on_disk(two_problems):
    before = tree_digest(two_problems)
    for args in ((), ("--format", "json"), ("--strict", HVAC)):
        check_process(two_problems, *args)
    assert tree_digest(two_problems) == before
