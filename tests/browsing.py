"""The built site in a real Chromium, for the browser tests and for
`scripts/screenshots.py`: the system's Chromium (playwright drives it; no
browser is ever downloaded), the shipped fonts made visible to it through a
private fontconfig file (so Chinese shows on a machine without system CJK
fonts), and a local web server that answers a missing page with the
site's own 404.html, as a real web server would."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("TENDER_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
PHONE = 390


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a web server would: the site's own 404.html for a missing page."""

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    """The folder served on a free loopback port; yields its address."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def chromium(workdir: Path) -> Iterator[object]:
    """Headless Chromium that sees the shipped fonts (`workdir` holds its fontconfig file and cache)."""
    from playwright import sync_api

    assert Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: run `bash scripts/setup.sh --test`"
    workdir.mkdir(parents=True, exist_ok=True)
    conf = workdir / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f'<dir>{REPO / "generator" / "fonts"}</dir><cachedir>{workdir / "cache"}</cachedir></fontconfig>\n', encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True, env={**os.environ, "FONTCONFIG_FILE": str(conf)})
        try:
            yield browser
        finally:
            browser.close()


def search(page, server: str, words: str) -> str:
    """Type `words` into the site's search box (opening it first on a phone); the results' text."""
    page.goto(server + "/")
    if page.viewport_size["width"] < 960:
        page.locator("label[for='__search']").first.click()
    query = page.locator("input.md-search__input")
    query.click()
    query.fill(words)
    query.press("End")  # Material searches on key events
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=20000)
    return page.locator(".md-search-result").inner_text()
