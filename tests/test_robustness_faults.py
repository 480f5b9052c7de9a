"""Faults during `tender build`: a build killed at any moment, two builds at
once, an output folder that cannot be written.

The contract (generator/build.py, ARCHITECTURE.md): a build is atomic — it writes to a temporary
folder and renames, so a failed or interrupted build leaves the previous
site/ and build/ as they were; same input, same bytes.

* killed with SIGKILL at random moments: site/ and build/ are each, at every
  moment, either the previous build or the next one — whole, never missing,
  never mixed — and the next build succeeds (a stale lock does not block it);
* two builds at once: they do not corrupt each other; the one that cannot
  get the lock waits or stops with a clear Chinese message (exit 2);
* read-only output: a clear Chinese message, exit 2, nothing half-written.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from test_robustness import tree_state

pytestmark = [
    pytest.mark.slow,
]

OUTPUTS = ("site", "build")
BUILD_TIMEOUT = 600
#: parts of a build's duration the random kills are spread over, one kill each
STRATA = 4


def start_build(root: Path, *args: str) -> subprocess.Popen:
    """`tender build` in its own process group (so that everything it starts
    can be cleaned up afterwards, and only that)."""
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", *args],
        cwd=root, env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()


def outputs(root: Path) -> dict[str, dict | None]:
    return {name: tree_state(root / name) if (root / name).is_dir() else None for name in OUTPUTS}


def change_data(root: Path, marker: str) -> None:
    """A change that shows on the site and in one PDF and its .docx (the
    his policy, which no bid uses): a build after it goes through every
    stage (check, PDF workers, site, bids, swap) at the cost of one print."""
    path = root / "commitments/policies/his.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  summary: >-\n", f"  summary: >-\n    {marker}。\n", 1), encoding="utf-8")


def build_ok(root: Path, *args: str) -> float:
    t = time.monotonic()
    proc = run_cli("build", *args, cwd=root, timeout=BUILD_TIMEOUT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return time.monotonic() - t


def test_kill_at_random_moments(built_project: Path):
    """Each round changes the data, starts a build, kills it (SIGKILL, the
    process only, like `kill -9 PID`) at a random moment, checks that site/
    and build/ are each whole (the old or the new output), then builds again."""
    project = built_project
    seed = int(os.environ.get("FAULT_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    print(f"FAULT_SEED={seed}")

    build_ok(project)
    before_names = set(os.listdir(project))
    # how long a build after such a change takes: a first guess, then each
    # round's rebuild measures it (a guess too long only makes a round's kill
    # come after the build, and then the rounds go on with earlier kills)
    duration = 3.0

    interrupted = 0
    round_ = 0
    # one kill in each quarter of the build, at a random moment within it and
    # in a random order of the quarters (stratified: six uniform draws left a
    # quarter untried about one run in five); with and without --jobs 2
    # alternately. If load made the probe slow and every kill came after the
    # build had finished, go on with earlier kills (up to 6 more)
    quarters = rng.sample(range(STRATA), STRATA)
    while round_ < STRATA or (not interrupted and round_ < STRATA + 6):
        old = outputs(project)
        assert old["site"] and old["build"], "a build makes site/ and build/"
        change_data(project, f"故障注入第{round_}轮")
        jobs = ("--jobs", "2") if round_ % 2 else ()
        if round_ < STRATA:
            q = quarters[round_]
            delay = rng.uniform(max(0.05, q / STRATA), (q + 1) / STRATA) * duration
        else:
            delay = duration * 0.5 ** (round_ - STRATA + 1)
        proc = start_build(project, *jobs)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        time.sleep(0.3)  # anything it left running goes on for a moment
        killed = proc.returncode == -signal.SIGKILL
        state = outputs(project)
        kill_group(proc)  # then the build's own workers, if any are left
        for name in OUTPUTS:
            assert state[name] is not None, f"{name}/ is missing after a kill at {delay:.2f} s (seed {seed})"

        duration = min(duration, build_ok(project, *jobs))  # the next build succeeds: no stale lock, no debris in the way
        new = outputs(project)
        assert new != old
        for name in OUTPUTS:
            assert state[name] in (old[name], new[name]), f"{name}/ was neither the old nor the new build after a kill at {delay:.2f} s (seed {seed})"
        interrupted += killed and state["site"] == old["site"]
        print(f"round {round_}: kill at {delay:.2f} s of ~{duration:.1f} s, killed={killed}, "
              f"site={'old' if state['site'] == old['site'] else 'new'}, build={'old' if state['build'] == old['build'] else 'new'}")
        round_ += 1

    assert interrupted >= 1, "no kill landed inside a build: the test proved nothing"
    build_ok(project)
    assert outputs(project) == new, "a rebuild with nothing changed changed the output"
    leftovers = set(os.listdir(project)) - before_names
    assert not leftovers, f"debris left in the project: {leftovers}"
    tmp = project / ".tender-cache" / "tmp"
    assert not tmp.exists() or not any(tmp.iterdir()), f"debris left in {tmp}: {list(tmp.iterdir())}"


def test_kill_during_the_swap(built_project: Path):
    """Aim at the narrowest window: kill the build the moment site/ has been
    replaced (polling its inode), i.e. between the site and the build swap,
    or while the old trees are being deleted. The first round is a build
    with PDFs, the others `--no-pdf` (its own swap, after the forked check)."""
    project = built_project
    build_ok(project)
    outcomes = []
    for round_, args in enumerate([(), ("--no-pdf",), ("--no-pdf",)]):
        old = outputs(project)
        inode = (project / "site").stat().st_ino
        change_data(project, f"交换窗口第{round_}轮")
        proc = start_build(project, *args)
        deadline = time.monotonic() + BUILD_TIMEOUT
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                if (project / "site").stat().st_ino != inode:
                    os.kill(proc.pid, signal.SIGKILL)
                    break
            except FileNotFoundError:  # site/ missing even for a moment would be a bug: record it
                outcomes.append("site/ missing")
        proc.wait()
        kill_group(proc)
        state = outputs(project)
        for name in OUTPUTS:
            assert state[name] is not None, f"{name}/ is missing after a kill during the swap"
        build_ok(project, *args)
        new = outputs(project)
        for name in OUTPUTS:
            assert state[name] in (old[name], new[name]), f"{name}/ is neither old nor new after a kill during the swap"
        outcomes.append(f"site={'new' if state['site'] == new['site'] else 'old'}, build={'new' if state['build'] == new['build'] else 'old'}")
    print(outcomes)
    assert "site/ missing" not in outcomes


def test_two_builds_at_once(built_project: Path, built_example: Path):
    """Two builds started together on a project with no output yet (its PDF
    cache kept, so neither waits on WeasyPrint): they take turns or one
    stops with a message, and the output is what one build makes."""
    project = built_project
    for name in OUTPUTS:
        shutil.rmtree(project / name)
    a, b = start_build(project), start_build(project)
    results = []
    try:
        for proc in (a, b):
            out, err = proc.communicate(timeout=BUILD_TIMEOUT)
            results.append((proc.returncode, out, err))
    finally:
        for proc in (a, b):
            kill_group(proc)
    codes = sorted(code for code, _, _ in results)
    assert codes in ([0, 0], [0, 2]), results
    for code, out, err in results:
        assert "Traceback" not in err and "内部错误" not in err, err
        if code == 2:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in err), f"the lock message is not Chinese: {err}"
    # what a single clean build makes from the same input (the output is the
    # same bytes wherever the project lies: test_build checks determinism)
    assert outputs(project) == outputs(built_example), "two builds at once made a different (corrupt) output"


def _make_read_only(path: Path) -> None:
    if os.geteuid() != 0:
        path.chmod(0o555)
        return
    # root writes through permissions: make the folder immutable instead
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("running as root and chattr +i is not available here")


def _make_writable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    else:
        path.chmod(0o755)


def _assert_clean_refusal(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "内部错误" not in proc.stderr, proc.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in proc.stderr), proc.stderr


def test_read_only_project_folder(project: Path):
    """Nothing can be created where site/ and build/ go."""
    _make_read_only(project)
    try:
        proc = run_cli("build", "--no-pdf", cwd=project, timeout=BUILD_TIMEOUT)
    finally:
        _make_writable(project)
    _assert_clean_refusal(proc)
    assert not (project / "site").exists() and not (project / "build").exists()


@pytest.mark.parametrize("name", OUTPUTS)
def test_read_only_previous_output(built_project: Path, name: str):
    """The previous output (the built example's) cannot be replaced: it stays as it was."""
    project = built_project
    change_data(project, "只读测试标记")
    old = outputs(project)
    _make_read_only(project / name)
    try:
        proc = run_cli("build", "--no-pdf", cwd=project, timeout=BUILD_TIMEOUT)
    finally:
        _make_writable(project / name)
    if proc.returncode == 0:
        # without root, chmod 555 on a folder does not stop renaming it within
        # its parent, so an atomic swap may legitimately succeed: then it is new
        assert os.geteuid() != 0, f"the build claims success although {name}/ could not be replaced:\n{proc.stderr}"
        assert outputs(project)[name] != old[name]
        return
    _assert_clean_refusal(proc)
    assert outputs(project)[name] == old[name], f"{name}/ was changed although the build failed"
    build_ok(project, "--no-pdf")  # and once writable again, the build works
