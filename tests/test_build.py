"""`tender build`: a data error stops it and leaves the previous output; a
rebuild with nothing changed reuses the cache; same input, same bytes."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from conftest import run_cli

pytestmark = pytest.mark.slow


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build(root: Path, *args: str, env: dict | None = None):
    return run_cli("build", *args, cwd=root, timeout=600, env=env)


def assert_outputs(project: Path) -> None:
    """Every output of the example's build is there, and nothing else."""
    downloads = (project / "site/downloads/index.html").read_text(encoding="utf-8")
    for pid in ("led", "hvac", "his"):
        assert (project / "site/downloads" / f"{pid}.pdf").read_bytes().startswith(b"%PDF")
        assert (project / "site/downloads" / f"{pid}.docx").read_bytes().startswith(b"PK")
        assert f'{pid}.docx" download' in downloads
    for bid in ("lj-expo-led", "lw-hospital-hvac"):
        folder = project / "build/bids" / bid
        assert (folder / "售后服务方案.pdf").read_bytes().startswith(b"%PDF")
        assert (folder / "售后服务方案.docx").read_bytes().startswith(b"PK")
        assert (folder / "偏离表.csv").stat().st_size > 0
    assert not (project / "site/bids").exists()
    leftovers = set(os.listdir(project)) - {"commitments", "templates", "mkdocs.yml", "site", "build", ".tender-cache"}
    assert not leftovers


def test_data_error_stops_build_and_keeps_previous_site(project: Path):
    proc = build(project, "--no-pdf")
    assert proc.returncode == 0, proc.stderr
    before = {name: digest(project / name) for name in ("site", "build")}
    led = project / "commitments/policies/led.yaml"
    led.write_text(led.read_text(encoding="utf-8").replace("  title: LED 显示屏售后服务政策\n", "", 1), encoding="utf-8")
    proc = build(project)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "led.yaml" in proc.stdout and "error[" in proc.stdout
    assert "Traceback" not in proc.stderr
    assert {name: digest(project / name) for name in ("site", "build")} == before


def test_error_on_first_build_writes_nothing(project: Path):
    led = project / "commitments/policies/led.yaml"
    led.write_text(led.read_text(encoding="utf-8").replace("  title: LED 显示屏售后服务政策\n", "", 1), encoding="utf-8")
    proc = build(project)
    assert proc.returncode == 1
    assert sorted(os.listdir(project)) == ["commitments", "mkdocs.yml", "templates"]


def test_outputs_and_a_rebuild_reuses_the_cache(built_project: Path):
    """The example's cold build (the session's, copied here) holds every
    output; rebuilds reuse it, in this other folder too (no cache key holds
    a path): nothing changed, nothing is redone; a change to the site config
    renders no PDF; a changed policy renders only its own."""
    project = built_project
    assert_outputs(project)
    before = digest(project / "site")
    proc = build(project)
    assert proc.returncode == 0, proc.stderr
    assert "没有变化" in proc.stderr
    assert digest(project / "site") == before
    # a change that touches only the site config: the site is rebuilt, no PDF re-rendered
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    proc = build(project)
    assert proc.returncode == 0, proc.stderr
    said = proc.stderr.replace("\n", "")
    assert "新生成 0 份" in said and "缓存 5 份" in said, proc.stderr
    # one policy changed: only its PDF (no bid is built on it) is rendered again
    his = project / "commitments/policies/his.yaml"
    his.write_text(his.read_text(encoding="utf-8").replace("  summary: >-\n", "  summary: >-\n    本版补充说明。\n", 1), encoding="utf-8")
    proc = build(project)
    assert proc.returncode == 0, proc.stderr
    assert "新生成 1 份" in proc.stderr.replace("\n", ""), proc.stderr


def test_build_is_deterministic(project: Path, built_example: Path):
    """A cold build with one process, in another folder, gives the same bytes
    as the session's cold build with two worker processes."""
    proc = build(project, "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert {name: digest(project / name) for name in ("site", "build")} == {name: digest(built_example / name) for name in ("site", "build")}


def test_source_date_epoch_dates_the_pdfs_the_workers_make(project: Path):
    """SOURCE_DATE_EPOCH reaches the PDF worker processes (--jobs 2) and is
    every PDF's creation date. The project is cut to one policy and its bid,
    so two documents render, one per worker."""
    import pypdf

    for name in ("policies/hvac.yaml", "policies/his.yaml", "bids/lw-hospital-hvac.yaml"):
        (project / "commitments" / name).unlink()
    proc = build(project, "--jobs", "2", env={"SOURCE_DATE_EPOCH": "1700000000"})  # 2023-11-14 22:13:20 UTC
    assert proc.returncode == 0, proc.stderr
    assert "新生成 2 份" in proc.stderr.replace("\n", ""), proc.stderr
    for pdf in (project / "site/downloads/led.pdf", project / "build/bids/lj-expo-led/售后服务方案.pdf"):
        meta = pypdf.PdfReader(str(pdf)).metadata
        assert meta["/CreationDate"].startswith("D:20231114221320"), (pdf.name, meta)


def test_second_build_while_locked(project: Path):
    import fcntl

    (project / ".tender-cache").mkdir()
    with open(project / ".tender-cache/build.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        proc = build(project, "--no-pdf")
    assert proc.returncode == 2
    assert "正在构建" in proc.stderr and "Traceback" not in proc.stderr
    assert not (project / "site").exists()


def test_new_scaffolds_a_project_that_builds(tmp_path: Path):
    target = tmp_path / "新项目"
    proc = run_cli("new", str(target), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (target / "mkdocs.yml").is_file() and (target / "commitments/company.yaml").is_file()
    proc = run_cli("check", cwd=target)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = run_cli("new", str(target), cwd=tmp_path)
    assert proc.returncode == 2 and "不是空的" in proc.stderr


def test_a_preview_build_checks_beside_the_site_and_swaps_nothing_on_an_error(project: Path):
    """`build --no-pdf` builds the site while the check runs in a forked
    process: an error found there still leaves the previous output as it
    was and no debris; a warning is still shown."""
    proc = build(project, "--no-pdf")
    assert proc.returncode == 0, proc.stderr
    before = {name: digest(project / name) for name in ("site", "build")}
    led = project / "commitments/policies/led.yaml"
    led.write_text(led.read_text(encoding="utf-8").replace("  title: LED 显示屏售后服务政策\n", "", 1), encoding="utf-8")
    proc = build(project, "--no-pdf")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "led.yaml" in proc.stdout and "error[" in proc.stdout and "Traceback" not in proc.stderr
    assert "未构建" in proc.stderr
    assert {name: digest(project / name) for name in ("site", "build")} == before
    tmp = project / ".tender-cache" / "tmp"
    assert not tmp.exists() or not any(tmp.iterdir())


def test_a_background_check_that_dies_is_done_again_in_process(project: Path):
    """A check process killed before it answers: the build waits for a check
    all the same (it runs it itself), never goes on unchecked."""
    import signal

    from generator.background import BackgroundCheck

    led = project / "commitments/policies/led.yaml"
    led.write_text(led.read_text(encoding="utf-8").replace("  title: LED 显示屏售后服务政策\n", "", 1), encoding="utf-8")
    background = BackgroundCheck.start(project)
    assert background is not None
    os.kill(background._proc.pid, signal.SIGKILL)
    findings = background.findings()
    assert any(f.rule == "schema" and f.file == "commitments/policies/led.yaml" for f in findings)
