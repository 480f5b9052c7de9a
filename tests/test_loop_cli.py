"""The newcomer's command line: Chinese help everywhere, `tender new` that
never leaks the user's own bids, and `tender build --no-pdf` that says what
happens to the PDFs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, copy_project, run_cli

ENGLISH = ("Show this message and exit", "Usage:", "Options", "Commands", "Arguments", "<bool>", "<int", "<dir>", "<path>",
           "[default:")


def _help_texts() -> dict[str, str]:
    import typer

    from generator.cli import app

    from generator.cli import _chinese_help_everywhere

    _chinese_help_everywhere()
    group = typer.main.get_command(app)
    top = group.make_context("tender", [], resilient_parsing=True)
    texts = {"tender": group.get_help(top)}
    for name in group.list_commands(top):
        cmd = group.get_command(top, name)
        texts[name] = cmd.get_help(cmd.make_context(name, [], parent=top, resilient_parsing=True))
    return texts


def test_every_help_screen_is_chinese_and_complete():
    texts = _help_texts()
    assert {"check", "build", "new", "serve", "pdf", "rules", "schema"} <= set(texts)
    for name, text in texts.items():
        for word in ENGLISH:
            assert word not in text, f"{name} --help shows {word!r}:\n{text}"
        assert "用法：" in text and "显示本帮助并退出" in text, text
    # the long descriptions are wrapped, not cut off
    flat = {name: re.sub(r"\s+", "", text) for name, text in texts.items()}
    # every description and parameter help is there in full, wrapped rather than cut off
    import typer

    from generator.cli import app

    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():
        for text in [cmd.help or ""] + [p.help or "" for p in cmd.params if getattr(p, "help", None) and "--help" not in p.opts]:
            assert re.sub(r"\s+", "", text) in flat[name], f"{name}: {text!r} not in full in:\n{texts[name]}"
    # no wrapped line starts with a comma or a full stop (避头点)
    for name, text in texts.items():
        assert not re.search(r"\n\s*[，。、；）]", text), f"{name} --help:\n{text}"
    assert "compare" in texts and "雷同" in texts["compare"]
    assert "没有与当前数据一致版本的PDF不放进site/和build/" in flat["build"]
    assert "默认不生成PDF" in flat["tender"]


def test_help_and_usage_errors_from_the_real_command():
    proc = run_cli("--help")
    assert proc.returncode == 0 and "命令：" in proc.stdout and "Show this" not in proc.stdout
    proc = run_cli("build", "--jobs", "x")
    assert proc.returncode == 2 and "--jobs" in proc.stderr and "应为整数" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_cli("check", "--frmat", "json")
    assert proc.returncode == 2 and "没有选项 --frmat" in proc.stderr and "--format" in proc.stderr


def test_new_copies_only_the_shipped_example_bids(tmp_path, monkeypatch):
    from generator import scaffold

    source = copy_project(tmp_path / "repo")  # an editable install: the "example" is the user's own repository
    (source / "commitments/bids/secret-hospital.yaml").write_text("bid: {}\n", encoding="utf-8")
    monkeypatch.setattr(scaffold, "example_source", lambda: source)
    target = scaffold.new_project(tmp_path / "new")
    assert sorted(p.name for p in (target / "commitments/bids").iterdir()) == sorted(scaffold.EXAMPLE_BIDS)
    assert sorted(scaffold.EXAMPLE_BIDS) == sorted(p.name for p in (REPO / "commitments/bids").glob("*.yaml") if p.name in scaffold.EXAMPLE_BIDS)


def test_packaging_ships_only_the_example_bids():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"commitments" = ' not in text  # the whole folder would carry any bid lying in it
    for name in __import__("generator.scaffold", fromlist=["EXAMPLE_BIDS"]).EXAMPLE_BIDS:
        assert f'"commitments/bids/{name}"' in text


def test_new_names_a_command_that_runs(tmp_path):
    proc = run_cli("new", str(tmp_path / "p"))
    assert proc.returncode == 0, proc.stderr
    cmd_line = next(line.strip() for line in proc.stderr.splitlines() if line.strip().endswith(" check"))
    # run exactly what it says, from the new project
    import shlex
    import subprocess

    argv = shlex.split(cmd_line)
    done = subprocess.run(argv, cwd=tmp_path / "p", capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert shutil.which(argv[0]) or Path(argv[0]).is_absolute()


@pytest.mark.slow
def test_no_pdf_keeps_current_pdfs_and_says_which_it_left_out(project):
    from generator.build import CACHE_DIR, pdf_key
    from generator.checker import check_project

    proj, _ = check_project(project)
    cache = project / CACHE_DIR / "pdf"
    cache.mkdir(parents=True)
    fake, fake_docx = b"%PDF-1.7 current led", b"PK current led docx"
    key = pdf_key(project, proj, "policy", "led")
    (cache / f"{key}.pdf").write_bytes(fake)
    (cache / f"{key}.docx").write_bytes(fake_docx)  # a PDF is kept with its .docx twin, never alone
    proc = run_cli("build", "--no-pdf", cwd=project, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (project / "site/downloads/led.pdf").read_bytes() == fake
    assert (project / "site/downloads/led.docx").read_bytes() == fake_docx
    assert not (project / "site/downloads/hvac.pdf").exists()
    text = proc.stderr.replace("\n", "")
    # four documents have no current PDF (none was ever made here): the message must not claim they were removed
    assert "保留了 1 份仍与数据一致的 PDF，4 份没有与当前数据一致的版本" in text and "移除" not in text, proc.stderr


def test_every_rule_is_explained_in_chinese():
    from generator.rules import load_all
    from generator.rules.zh import RULE_TEXTS

    cjk = re.compile(r"[\u4e00-\u9fff]")
    ids = {r.id for r in load_all()}
    missing = sorted(ids - set(RULE_TEXTS))
    assert not missing, f"rules without a Chinese explanation in generator/rules/zh.py: {missing}"
    for rid in ids:
        text = RULE_TEXTS[rid]
        assert cjk.search(text.what) and cjk.search(text.why) and text.bad and text.good, rid
        assert len(cjk.findall(text.what)) > len(re.findall("[A-Za-z]", text.what)), rid


def test_rules_lists_chinese_and_explains_one_rule():
    proc = run_cli("rules")
    assert proc.returncode == 0
    for line in proc.stdout.splitlines():
        what = line.split("  ", 1)[1]
        assert len(re.findall(r"[\u4e00-\u9fff]", what)) > len(re.findall("[A-Za-z]", what)), line
    proc = run_cli("rules", "region-order")
    assert proc.returncode == 0
    assert "检查什么" in proc.stdout and "错误示例" in proc.stdout and "正确写法" in proc.stdout
    proc = run_cli("rules", "regon-order")
    assert proc.returncode == 2 and "region-order" in proc.stderr


def test_readme_tells_a_newcomer_how_to_write_a_bid():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## 写一份新投标"):text.index("## 数据要点")]
    for needed in ("cp commitments/bids/", "★", "▲", "tender serve", "_bids/", "测试要多久", "bid-copy"):
        assert needed in section, needed


def test_the_readme_metric_table_is_the_requirement_catalogue():
    """写一份新投标 lists every metric a requirement may name, with its title
    from the catalogue, and nothing else (kpi is read from prose only)."""
    from generator.metrics import REQUIREMENT_METRICS, requirement_metric

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("写一份新投标"):]
    section = section[: section.index("4. **★ 和 ▲**")]
    pairs = dict(re.findall(r"`([a-z_]+)` \| ([^|`]+?) \|", section))
    assert pairs == {m: requirement_metric(m).title for m in REQUIREMENT_METRICS}


def test_serve_log_speaks_chinese():
    """mkdocs' progress lines during `tender serve` reach the bid writer in Chinese; jieba stays quiet."""
    import logging

    from generator.cli import SERVE_LOG_HIDDEN, ServeLogFormatter
    from generator.mkdocs_plugin import _quiet_jieba

    def shown(message: str, level: int = logging.INFO) -> str:
        return ServeLogFormatter().format(logging.LogRecord("mkdocs", level, __file__, 1, message, None, None))

    assert shown("Documentation built in 1.21 seconds") == "信息：网站已生成，用时 1.21 秒"
    assert shown("[01:50:16] Serving on http://127.0.0.1:8000/") == "信息：[01:50:16] 预览已启动：http://127.0.0.1:8000/"
    assert shown("[01:50:25] Detected file changes") == "信息：[01:50:25] 发现文件改动，重新生成"
    assert shown("Something new", logging.WARNING) == "警告：Something new"  # unknown lines pass as mkdocs wrote them
    assert SERVE_LOG_HIDDEN.search("Cleaning site directory")
    _quiet_jieba()
    assert logging.getLogger("jieba").getEffectiveLevel() >= logging.WARNING
