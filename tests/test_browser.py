"""The built site in a real Chromium (playwright, the system's /usr/bin/chromium;
no browser is ever downloaded), as a customer uses it at 1280 px and 390 px:
search in the customer's words, no sideways scrolling on a phone, every phone
number callable, a Chinese 404 page with the hotline, no English UI text,
the region picker, and screenshots.

One site build (with PDFs) is shared by the module. The shipped fonts are
made visible to Chromium through a private fontconfig file, so screenshots
show Chinese on a machine without system CJK fonts.
Screenshots go to $TENDER_SCREENSHOTS (default /tmp/tender-screenshots)."""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from pathlib import Path

import pytest
import yaml

from conftest import BUILT_EXAMPLE, REPO

CHROMIUM = os.environ.get("TENDER_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
SHOTS = Path(os.environ.get("TENDER_SCREENSHOTS", "/tmp/tender-screenshots"))
PHONE = 390

#: Latin words a Chinese customer page may show: product terms and file types
ALLOWED_WORDS = {"LED", "PDF", "Word", "HIS", "KB"}
#: e-mail addresses, web addresses, units and times
ALLOWED_PATTERNS = re.compile(r"[\w.+-]+@[\w.-]+|(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+[\w/.-]*|\d+(?:\.\d+)?\s*(?:KB|MB|kW|m|mm|cm|h)\b")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    BUILT_EXAMPLE,
]


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


@pytest.fixture(scope="module")
def built(built_example: Path) -> Path:
    return built_example


@pytest.fixture(scope="module")
def server(built: Path):
    handler = functools.partial(QuietHandler, directory=str(built / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def pages(built: Path) -> list[str]:
    """Every HTML page of the site, as a path on the server."""
    site = built / "site"
    return sorted("/" + p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright import sync_api

    assert Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: run `bash scripts/setup.sh --test`"
    fonts = tmp_path_factory.mktemp("fontconfig")
    conf = fonts / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f'<dir>{REPO / "generator" / "fonts"}</dir><cachedir>{fonts / "cache"}</cachedir></fontconfig>\n', encoding="utf-8")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True, env={**os.environ, "FONTCONFIG_FILE": str(conf)})
        yield b
        b.close()


def search(page, server: str, words: str) -> str:
    page.goto(server + "/")
    if page.viewport_size["width"] < 960:
        page.locator("label[for='__search']").first.click()
    query = page.locator("input.md-search__input")
    query.click()
    query.fill(words)
    query.press("End")  # Material searches on key events
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=20000)
    return page.locator(".md-search-result").inner_text()


def test_search_in_the_customers_words_finds_the_warranty(server: str, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith((server, "data:", "blob:")) else None)
    results = search(page, server, "保修")
    assert "质保" in results
    titles = page.evaluate("[...document.querySelectorAll('.md-search-result__article h1, .md-search-result__article h2')]"
                           ".map(h => h.textContent.replace(/\\u200b/g, ''))")
    assert any("质保期与三包" in t for t in titles), titles
    assert "缺少" not in page.locator(".md-search-result").inner_text()
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state()
    assert "/policies/" in page.url, page.url
    # no request leaves the machine (fonts, map, picker data come from the site itself)
    assert not [u for u in external if not u.startswith("http://127.0.0.1")], external
    page.close()


@pytest.mark.parametrize(("words", "section"), [("上门", "故障分级与响应时限"), ("坏了", "故障分级与响应时限"), ("配件", "备品备件")])
def test_other_customer_words_find_their_sections(server: str, browser, words: str, section: str):
    """The company's synonym list (company.yaml search_synonyms) beyond 保修."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    search(page, server, words)
    titles = page.evaluate("[...document.querySelectorAll('.md-search-result__article h1, .md-search-result__article h2')]"
                           ".map(h => h.textContent.replace(/\\u200b/g, ''))")
    assert any(section in t for t in titles), titles
    page.close()


def test_no_page_scrolls_sideways_on_a_phone(server: str, browser, pages: list[str]):
    page = browser.new_page(viewport={"width": PHONE, "height": 844})
    for path in pages:
        page.goto(server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE, f"{path} is {width}px wide at {PHONE}px"
        wide = page.evaluate("""[...document.querySelectorAll('.md-content table')]
            .filter(t => t.offsetParent !== null && t.scrollWidth > t.parentElement.clientWidth + 1).length""")
        assert wide == 0, f"{path}: {wide} table(s) scroll sideways inside the page at {PHONE}px"
    page.close()


def test_no_table_scrolls_sideways_on_a_desktop(server: str, browser, pages: list[str]):
    """Material gives every header cell 5rem at least: the eight-column
    training table once scrolled inside a 1280 px page, its last column hidden."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for path in pages:
        page.goto(server + path)
        wide = page.evaluate("""[...document.querySelectorAll('.md-content table')]
            .filter(t => { const box = t.closest('.md-typeset__scrollwrap') || t;
                           return t.offsetParent !== null && (t.scrollWidth > t.clientWidth + 1 || box.scrollWidth > box.clientWidth + 1); })
            .map(t => t.rows[0].textContent.trim())""")
        assert not wide, f"{path}: table(s) scroll sideways at 1280px: {wide}"
    page.close()


PHONE_RE = r"(?<![\d-])(?:[48]00-?\d{3}-?\d{4}|0\d{2,3}-\d{7,8}|1[3-9]\d{9})(?![\d-])"


def test_every_phone_number_is_a_tel_link_on_one_line(server: str, browser, pages: list[str]):
    page = browser.new_page(viewport={"width": PHONE, "height": 844})
    for path in pages:
        page.goto(server + path)
        bare = page.evaluate("""(re) => {
            const out = [], rx = new RegExp(re, 'g');
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                if (n.parentElement.closest('script, style, a[href^="tel:"]')) continue;
                if (n.parentElement.offsetParent === null && getComputedStyle(n.parentElement).position !== 'fixed') continue;
                for (const m of n.data.matchAll(rx)) out.push(m[0]);
            }
            return out; }""", PHONE_RE)
        assert not bare, f"{path}: phone numbers without tel: link: {bare}"
        broken = page.evaluate("""[...document.querySelectorAll('a[href^="tel:"]')]
            .filter(a => a.offsetParent !== null && a.getClientRects().length > 1).map(a => a.textContent)""")
        assert not broken, f"{path}: phone numbers broken across lines: {broken}"
    page.close()


def test_404_page_is_chinese_with_the_hotline(server: str, browser, built: Path):
    hotline = yaml.safe_load((built / "commitments/company.yaml").read_text(encoding="utf-8"))["company"]["hotline"]
    page = browser.new_page(viewport={"width": PHONE, "height": 844})
    page.goto(server + "/no/such/page/")
    text = page.locator("article").inner_text()
    assert "页面不存在" in text and hotline in text
    assert page.locator(f"article a[href='tel:{re.sub(r'[^0-9]', '', hotline)}']").count() == 1
    page.close()


def _allowed_models(built: Path) -> set[str]:
    models = set()
    for path in (built / "commitments/policies").glob("*.yaml"):
        for product in yaml.safe_load(path.read_text(encoding="utf-8"))["policy"]["products"]:
            models.update(re.findall(r"[A-Za-z][\w.\-/]*", str(product.get("model") or "")))
    return models


def test_no_english_ui_text_is_left(server: str, browser, pages: list[str], built: Path):
    allowed = ALLOWED_WORDS | _allowed_models(built)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    found = {}
    for path in pages:
        page.goto(server + path)
        text = page.evaluate("""document.body.innerText + '\\n' + [...document.querySelectorAll('[title],[aria-label],[placeholder],[alt]')]
            .map(e => ['title', 'aria-label', 'placeholder', 'alt'].map(a => e.getAttribute(a) || '').join(' ')).join('\\n')""")
        text = ALLOWED_PATTERNS.sub(" ", text)
        for word in re.findall(r"[A-Za-z][A-Za-z0-9.\-]*", text):
            if word.strip(".-") not in allowed:
                found.setdefault(word, path)
    page.close()
    assert not found, f"English left on the site (word: page): {found}"


def test_region_picker_shows_the_times_for_my_city(server: str, browser):
    page = browser.new_page(viewport={"width": PHONE, "height": 844})
    page.goto(server + "/policies/led/")
    picker = page.locator("[data-tender-picker]").first
    picker.locator("[data-picker-province]").select_option("上海市")
    result = picker.locator("[data-picker-result]").inner_text()
    assert "上海市属于省外（" in result and "到达现场" in result
    picker.locator("[data-picker-province]").select_option("浙江省")
    picker.locator("[data-picker-city]").select_option("杭州市")
    assert "杭州市属于本市（杭州市）" in picker.locator("[data-picker-result]").inner_text()
    assert page.locator("tr.tender-mine").count() >= 1
    page.close()


def test_pdf_link_serves_a_pdf(server: str, browser):
    page = browser.new_page()
    page.goto(server + "/policies/led/")
    href = page.locator("a[href$='.pdf']").first.get_attribute("href")
    response = page.request.get(page.url.rsplit("/", 1)[0] + "/" + href)
    assert response.status == 200
    assert response.body().startswith(b"%PDF")
    page.close()


@pytest.mark.parametrize("width", [1280, PHONE])
def test_screenshots(server: str, browser, width: int):
    """Home, a policy, outlets, 如何报修, downloads, 404 and a search, for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900 if width > 600 else 844})
    for name, path in (("home", "/"), ("policy", "/policies/led/"), ("outlets", "/outlets/"), ("repair", "/repair/"),
                       ("downloads", "/downloads/"), ("404", "/no-such-page/")):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready")
        # animations="disabled" ends the fade-in of the header tabs at once
        # (a shot taken during it shows them faint), instead of waiting it out
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True, animations="disabled")
    search(page, server, "保修")
    page.screenshot(path=str(SHOTS / f"search-{width}.png"), animations="disabled")  # the overlay's slide, ended
    page.close()
