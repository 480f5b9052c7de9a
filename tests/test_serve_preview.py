"""`tender serve` as a bid writer uses it: a data error shows in the browser
with file:line and message and goes away when fixed; an error in a
confidential bid leaves the public preview alone; bids are previewed on
local-only pages (偏离表, 评分索引) that follow the saved file."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow

LED = "commitments/policies/led.yaml"
EXPO_BID = "commitments/bids/lj-expo-led.yaml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=20) as resp:
        return resp.read().decode("utf-8")


def _wait_for(url: str, wanted: str, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        try:
            text = _get(url)
            if wanted in text:
                return text
        except OSError:
            pass
        time.sleep(1)
    raise AssertionError(f"{url} never showed {wanted!r}; last page:\n{text[:2000]}")


@pytest.fixture
def server(project):
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=project, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/", "澄衡")
        yield project, f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_errors_show_in_the_browser_and_go_away_when_fixed(server):
    project, url = server
    page = f"{url}/policies/led/"
    _wait_for(page, "LED 显示屏售后服务政策")
    _replace(project / LED, "  version: 2026版\n", "  version：2026版\n")
    text = _wait_for(page, "数据有")
    assert f"{LED}:" in text and "全角冒号" in text
    _replace(project / LED, "  version：2026版\n", "  version: 2026版\n")
    text = _wait_for(page, "LED 显示屏售后服务政策")
    assert "数据有错误" not in text


def test_a_bid_error_leaves_the_public_preview_and_shows_on_the_bid_page(server):
    project, url = server
    text = _wait_for(f"{url}/_bids/lj-expo-led/", "售后服务偏离表")
    assert "评分索引" in text and "5.2.2" in text
    _replace(project / EXPO_BID, "      threshold: 4小时", "      threshold: 4小時")
    text = _wait_for(f"{url}/_bids/lj-expo-led/", "繁体字")
    assert f"{EXPO_BID}:" in text
    assert "数据有" not in _get(f"{url}/policies/led/")
    assert "lj-expo-led" in _get(f"{url}/_bids/")
    # a bid that does not parse at all still has its page, saying why
    _replace(project / EXPO_BID, "      threshold: 4小時", "      threshold：4小时")
    text = _wait_for(f"{url}/_bids/lj-expo-led/", "全角冒号")
    assert "数据有" not in _get(f"{url}/policies/led/")


def test_the_built_site_has_no_bid_pages(project):
    from conftest import run_cli

    proc = run_cli("build", "--no-pdf", cwd=project, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert not (project / "site/_bids").exists()


def test_which_errors_stop_the_public_preview_is_told_by_the_project_not_the_path(project: Path):
    """A bid that does not parse (saved as .yml) stops nothing and gets its own
    page; an error in a policy stops the public preview."""
    from generator import preview
    from generator.checker import check_project

    (project / "commitments/bids/broken.yml").write_text("bid: [unclosed\n", encoding="utf-8")
    proj, findings = check_project(project)
    assert [f for f in findings if f.file == "commitments/bids/broken.yml" and f.severity.value == "error"]
    assert preview.blocks_site(findings, proj) == []
    assert "_bids/broken.md" in preview.bid_pages(proj, findings, None)
    led = project / "commitments/policies/led.yaml"
    led.write_text(led.read_text(encoding="utf-8").replace("  title: LED 显示屏售后服务政策\n", "", 1), encoding="utf-8")
    proj, findings = check_project(project)
    assert {f.file for f in preview.blocks_site(findings, proj)} == {"commitments/policies/led.yaml"}
