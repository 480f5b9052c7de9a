"""The public site built from the example: every page, every link, Chinese
search, and nothing from the bids."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml


pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def built(built_example: Path) -> Path:
    return built_example


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("href", "src") and value:
                self.links.append(value)


def policy_ids(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "commitments/policies").glob("*.yaml"))


def test_every_page_exists(built: Path):
    site = built / "site"
    for page in ("index.html", "outlets/index.html", "downloads/index.html", "search/search_index.json"):
        assert (site / page).is_file(), page
    for pid in policy_ids(built):
        assert (site / "policies" / pid / "index.html").is_file(), pid
        pdf = site / "downloads" / f"{pid}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF"), pid


def test_policy_page_shows_the_matrix_and_links_its_pdf(built: Path):
    page = (built / "site/policies/led/index.html").read_text(encoding="utf-8")
    for heading in ("质保期与三包", "故障分级与响应时限", "备品备件", "培训方案", "巡检与预防性维护", "回访与满意度",
                    "投诉处理与升级", "服务指标与违约责任", "质保期满后服务", "应急预案"):
        assert heading in page, heading
    assert "本市" in page and "省外" in page and "rowspan" in page
    assert 'href="../../downloads/led.pdf"' in page
    downloads = (built / "site/downloads/index.html").read_text(encoding="utf-8")
    assert re.search(r"\d+\u00a0KB", downloads) and "2026年" in downloads  # the unit never wraps alone


def test_every_internal_link_resolves(built: Path):
    site = built / "site"
    checked = 0
    for page in site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "tel:")):
                continue
            base = site if parts.path.startswith("/") else page.parent
            target = (base / unquote(parts.path).lstrip("/")).resolve()
            if link.endswith("/") or target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(site)}: broken link {link}"
            assert site.resolve() in target.parents, f"{page.relative_to(site)}: link leaves the site {link}"
            checked += 1
    assert checked > 50


def test_every_pdf_link_resolves(built: Path):
    site = built / "site"
    pdf_links = 0
    for page in site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            if link.endswith(".pdf"):
                target = (page.parent / link).resolve()
                assert target.is_file() and target.read_bytes().startswith(b"%PDF"), f"{page}: {link}"
                pdf_links += 1
    assert pdf_links >= 2 * len(policy_ids(built))


def test_search_index_is_segmented_chinese(built: Path):
    index = json.loads((built / "site/search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    separator = re.compile(index["config"]["separator"])
    tokens = set()
    for doc in index["docs"]:
        tokens.update(t for t in separator.split(doc["text"]) if t)
    for word in ("质保", "备件", "响应"):
        assert word in tokens, f"{word} is not a token of its own"
    assert any("\u200b" in doc["text"] for doc in index["docs"]), "jieba segmentation (\\u200b) missing"
    # a snippet line never starts with a closing mark: no break opportunity before one
    stuck = [doc["text"][max(0, m.start() - 10):m.end()] for doc in index["docs"] for m in re.finditer("\u200b[。，、；：？！）]", doc["text"])]
    assert not stuck, stuck[:5]


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)] if isinstance(value, (str, int)) and not isinstance(value, bool) else []


def test_no_bid_string_reaches_the_site(built: Path):
    """Project names, numbers, buyer and agency names from the bids appear
    nowhere under site/ (bids are confidential)."""
    needles = set()
    for path in (built / "commitments/bids").glob("*.yaml"):
        bid = yaml.safe_load(path.read_text(encoding="utf-8"))["bid"]
        project = bid["project"]
        needles.update(s for s in _strings({k: project[k] for k in ("name", "number") if k in project}) if len(s) >= 4)
        for party in ("buyer", "agency"):
            if party in project:
                needles.update(s for s in _strings(project[party]) if len(s) >= 6)
        needles.add(path.stem)
    assert len(needles) >= 6, needles
    for path in (built / "site").rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for needle in needles:
            assert needle.encode() not in data, f"{path.relative_to(built)} contains bid string {needle}"
    assert not list((built / "site").rglob("*lj-expo*"))


def test_plain_mkdocs_build_works(project: Path):
    """`mkdocs build` alone (the plugin renders what it needs); nothing is written into the project."""
    import os
    import subprocess
    import sys

    from conftest import REPO

    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project.parent / "out")], cwd=project,
                          env={**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    out = project.parent / "out"
    assert (out / "policies/led/index.html").is_file() and (out / "downloads/led.pdf").is_file()
    after = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    assert before == after, "mkdocs build wrote into the project"


def test_plain_mkdocs_build_refuses_bad_data(project: Path):
    import os
    import subprocess
    import sys

    from conftest import REPO

    led = project / "commitments/policies/led.yaml"
    led.write_text(led.read_text(encoding="utf-8").replace("  title: LED 显示屏售后服务政策\n", "", 1), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project.parent / "out")], cwd=project,
                          env={**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, timeout=600)
    assert proc.returncode != 0
    assert "数据有错误" in proc.stderr and "led.yaml" in proc.stderr


def test_serve_previews_on_loopback_without_pdfs(project: Path):
    """`tender serve` answers on 127.0.0.1 only, PDFs off by default, and writes nothing into the project."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from conftest import REPO

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=project,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        body = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/policies/led/", timeout=5).read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        assert body and "故障分级与响应时限" in body, proc.stderr.read() if proc.poll() is not None else "no answer"
        assert ".pdf" not in body  # PDFs off by default
        listening = subprocess.run(["ss", "-ltn"], capture_output=True, text=True).stdout
        if listening:
            assert f"127.0.0.1:{port}" in listening and f"0.0.0.0:{port}" not in listening and f"*:{port}" not in listening
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    after = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    assert before == after


def test_sitemap_and_canonical_links_use_site_url(built: Path):
    site_url = yaml.safe_load((built / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["site_url"]
    sitemap = (built / "site/sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    for page in ("", "outlets/", "repair/", "downloads/", *(f"policies/{pid}/" for pid in policy_ids(built))):
        assert site_url + page in locs, page
    home = (built / "site/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{site_url}">' in home
    title = re.search(r"<title>(.*?)</title>", (built / "site/policies/led/index.html").read_text(encoding="utf-8")).group(1)
    assert "澄衡科技" in title


def test_public_pages_use_policy_wording(built: Path):
    for page in (built / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for bid_word in ("随投标文件另附", "本方案", "投标人"):
            assert bid_word not in text, f"{page.relative_to(built)}: {bid_word}"
