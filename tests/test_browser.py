"""The built site in a real Chromium (playwright, the system's /usr/bin/chromium;
no browser is ever downloaded), as a customer uses it at 1280 px and 390 px:
search in the customer's words, no sideways scrolling on a phone, every phone
number callable, a Chinese 404 page with the hotline, no English UI text,
and the region picker.

The session's built example (with PDFs) is served; Chromium, the fonts and
the server are in browsing.py. Screenshots for a person to look at are taken
by `scripts/screenshots.py`, not here: they assert nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from browsing import PHONE, chromium, search, serving

#: Latin words a Chinese customer page may show: product terms and file types
ALLOWED_WORDS = {"LED", "PDF", "Word", "HIS", "KB"}
#: e-mail addresses, web addresses, units and times
ALLOWED_PATTERNS = re.compile(r"[\w.+-]+@[\w.-]+|(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+[\w/.-]*|\d+(?:\.\d+)?\s*(?:KB|MB|kW|m|mm|cm|h)\b")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
]


@pytest.fixture(scope="module")
def built(built_example: Path) -> Path:
    return built_example


@pytest.fixture(scope="module")
def server(built: Path):
    with serving(built / "site") as address:
        yield address


@pytest.fixture(scope="module")
def pages(built: Path) -> list[str]:
    """Every HTML page of the site, as a path on the server."""
    site = built / "site"
    return sorted("/" + p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("fontconfig")) as b:
        yield b


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
