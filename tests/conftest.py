"""Shared test helpers: a private copy of the example project, and the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

#: what a project consists of (copied for tests that change data or build)
PROJECT_PARTS = ("commitments", "templates", "mkdocs.yml")


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


@pytest.fixture(scope="session")
def built_example(tmp_path_factory, request) -> Path:
    """The example project after `tender build --jobs 2`: its site/, its
    build/bids/ and its PDFs and .docx. Read-only: a test that changes data
    or output makes its own copy (the `project` or `built_project` fixture).

    Built once per test run, not once per xdist worker: the workers share
    the run's temporary root, and the first to need the example builds it
    there under a file lock while the other waits (the build uses both
    cores meanwhile)."""
    import fcntl

    if not hasattr(request.config, "workerinput"):  # not an xdist worker (-n 0, -p no:xdist): this session is the whole run
        shared = tmp_path_factory.getbasetemp()
    else:
        shared = tmp_path_factory.getbasetemp().parent
    root = shared / "built-example" / "proj"
    with open(shared / "built-example.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = root.parent / "built"
        if not done.exists():
            shutil.rmtree(root.parent, ignore_errors=True)  # a build that failed in another worker
            copy_project(root)
            proc = run_cli("build", "--jobs", "2", cwd=root, timeout=600)
            assert proc.returncode == 0, proc.stdout + proc.stderr
            done.touch()
    return root


@pytest.fixture
def built_project(tmp_path: Path, built_example: Path) -> Path:
    """A private, writable copy of the built example, outputs and build cache
    included: for tests about what a later build does, which need a first
    build but not to pay for it again."""
    dest = tmp_path / "proj"
    shutil.copytree(built_example, dest, symlinks=True)
    return dest


def built_pdf(root: Path, kind: str, doc_id: str, suffix: str = ".pdf") -> Path:
    """Where `tender build` put one document's PDF (or its .docx twin)."""
    if kind == "policy":
        return root / "site" / "downloads" / f"{doc_id}{suffix}"
    return root / "build" / "bids" / doc_id / f"售后服务方案{suffix}"


def edit(project: Path, rel: str, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in a data file of the project copy."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{rel}: expected exactly one {old!r}, found {text.count(old)}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def append(project: Path, rel: str, text: str) -> None:
    """Add text at the end of a data file of the project copy."""
    path = project / rel
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")


def line_of(project: Path, rel: str, needle: str) -> int:
    """1-based number of the one line of a data file that contains `needle`."""
    lines = [i for i, line in enumerate((project / rel).read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert len(lines) == 1, f"{rel}: {needle!r} on lines {lines}, expected exactly one"
    return lines[0]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private, writable copy of the shipped example project."""
    return copy_project(tmp_path / "proj")


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run `python -m generator ARGS` as a user would; returns the completed process."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd or REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_cli_in_process(cwd: Path, monkeypatch, capsys, *args: str) -> subprocess.CompletedProcess:
    """`tender ARGS` run in this process (in ``cwd``), as a CompletedProcess:
    for the many tests about what the CLI says, where a process per case
    only costs time. An exception other than the CLI's own exit fails the
    test, as a traceback would."""
    from generator.cli import main

    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", ["tender", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(["tender", *args], exc.value.code or 0, out, err)


@pytest.fixture
def cli():
    return run_cli


#: findings lists a test asserted with test_rules.fires, and the (rule, file,
#: line) it stated for each: after the test every finding of such a list must
#: have been stated (ruff-style exact fixtures: an extra finding fails)
STATED: dict[int, tuple[list, set]] = {}


def unstated(findings: list, stated: set) -> list:
    """The findings of a stated rule at a (file, line) the test did not state.
    Exact per rule: another rule set off by the same edit is that rule's own
    test's business (a policy edit also fires in every bid resolving it,
    and the test must say so for its rule)."""
    rules = {rule for rule, _file, _line in stated}
    return [f for f in findings if f.rule in rules and (f.rule, f.file, f.line) not in stated]


@pytest.fixture(autouse=True)
def _exact_findings():
    STATED.clear()
    yield
    try:
        for findings, stated in STATED.values():
            extra = unstated(findings, stated)
            assert not extra, ("findings the test did not state (assert them with fires, or change the fixture):\n"
                               + "\n".join(f.text() for f in extra))
    finally:
        STATED.clear()
