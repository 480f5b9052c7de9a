"""The built site in a real Chromium (playwright, the system's /usr/bin/chromium;
no browser is ever downloaded): Chinese search leads to a policy page, PDF
links serve PDFs, and screenshots at desktop and phone widths.

Screenshots go to $TENDER_SCREENSHOTS (default /tmp/tender-screenshots)."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from conftest import copy_project, run_cli

CHROMIUM = os.environ.get("TENDER_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
SHOTS = Path(os.environ.get("TENDER_SCREENSHOTS", "/tmp/tender-screenshots"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}"),
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("browser") / "proj")
    proc = run_cli("build", "--jobs", "2", cwd=root, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    handler = functools.partial(QuietHandler, directory=str(root / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def test_search_leads_to_a_policy_page(server: str, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith((server, "data:", "blob:")) else None)
    page.goto(server + "/")
    assert "售后服务政策" in page.title()
    query = page.locator("input.md-search__input")
    query.click()
    query.fill("备件")
    query.press("End")  # Material searches on key events
    result = page.locator(".md-search-result__item a").first
    result.wait_for(state="visible", timeout=20000)
    assert "备件" in page.locator(".md-search-result").inner_text()
    result.click()
    page.wait_for_load_state()
    assert "/policies/" in page.url, page.url
    assert page.locator("h1").first.inner_text().endswith("售后服务政策")
    # no request leaves the machine (fonts etc. come from the site itself)
    assert not [u for u in external if not u.startswith("http://127.0.0.1")], external
    page.close()


def test_pdf_link_serves_a_pdf(server: str, browser):
    page = browser.new_page()
    page.goto(server + "/policies/led/")
    href = page.locator("a[href$='.pdf']").first.get_attribute("href")
    response = page.request.get(page.url.rsplit("/", 1)[0] + "/" + href)
    assert response.status == 200
    assert response.body().startswith(b"%PDF")
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots(server: str, browser, width: int):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900 if width > 600 else 844})
    for name, path in (("home", "/"), ("policy", "/policies/led/"), ("outlets", "/outlets/"), ("downloads", "/downloads/")):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        # nothing overflows the viewport sideways (tables scroll inside their own box)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} at {width}px is {overflow}px wider than the screen"
    page.close()
