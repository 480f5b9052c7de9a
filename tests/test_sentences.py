"""The web page and the PDF state the same promises (issue #10): every
promise sentence is built once in generator/sentences.py, and the policy
page shows no sentence the printed plan does not hold word for word."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from generator import document, sentences, site
from generator.pdf import render_html, visible_text
from generator.project import load_project

_TAG_RE = re.compile(r"<[^>]+>")
#: a <script> element's content is data for the region picker (its sentences
#: come from sentences.region_times and are tested in test_site), not page text
_SCRIPT_RE = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
_INLINE_RE = re.compile(r"</?(?:a|strong|b|span)\b[^>]*>")
_FIGURE_RE = re.compile(r"\d")
#: Python's repr of a list or tuple of strings: ['a', 'b'] or ("a",)
_PY_LIST_RE = re.compile(r"""[\[(]\s*['"][^'"\n]*['"]\s*(?:,|[\])])""")


@pytest.fixture(scope="module")
def example():
    project, _ = load_project(REPO)
    return project


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def promise_sentences(text: str) -> set[str]:
    """Whole sentences (ending in 。) that state a figure, without spaces,
    from each line of text (a line is one element's text: sentences never
    run across elements)."""
    out = set()
    for line in text.splitlines():
        line = line.strip()
        if line.startswith(("#", "---", "title:")):
            continue  # Markdown headings and front matter: fixed titles
        for part in _squash(line).split("。")[:-1]:
            part = part.rsplit("：", 1)[-1] if part.startswith("启动条件") else part
            if _FIGURE_RE.search(part):
                out.add(part + "。")
    return out


def _web_text(project, pid: str) -> str:
    page = site.render_pages(project)[site.policy_page_uri(pid)]
    page = _SCRIPT_RE.sub("\n", page)
    page = _INLINE_RE.sub("", page)  # a tel: link or <strong> inside a sentence does not end it
    return _TAG_RE.sub("\n", page)


def _print_text(project, pid: str) -> str:
    cover, body = render_html(project.root, document.policy_context(project, pid))
    return visible_text(body)


def test_every_promise_on_a_policy_page_is_word_for_word_in_its_pdf(example):
    for pid in example.policies:
        web = promise_sentences(_web_text(example, pid))
        printed = _squash(_print_text(example, pid))
        assert web, pid
        missing = sorted(s for s in web if s not in printed)
        assert not missing, f"{pid}: on the site but not in the PDF: {missing}"


def test_the_emergency_plan_reads_the_same_on_the_site_and_in_the_pdf(example):
    for pid, policy in example.policies.items():
        web, printed = _squash(_web_text(example, pid)), _squash(_print_text(example, pid))
        for scenario in policy.emergency:
            sentence = _squash(sentences.emergency_trigger(scenario))
            assert sentence in web and sentence in printed, (pid, sentence)
        assert "内启动）" not in web


def test_no_python_list_syntax_on_any_page(example):
    pages = site.render_pages(example)
    for uri, text in pages.items():
        assert not _PY_LIST_RE.search(_TAG_RE.sub(" ", text)), uri
    for pid in example.policies:
        assert not _PY_LIST_RE.search(_print_text(example, pid)), pid
    for bid_id in example.bids:
        _cover, body = render_html(example.root, document.bid_context(example, bid_id))
        assert not _PY_LIST_RE.search(visible_text(body)), bid_id


def test_training_content_is_a_sentence():
    class Course:
        content = ["开关屏顺序", "日常巡视。"]

    assert sentences.training_content(Course()) == "开关屏顺序；日常巡视。"


@pytest.mark.slow
def test_the_pdf_file_itself_holds_the_pages_promises(example):
    """The same comparison against the text of a real PDF (one policy)."""
    import io

    from pypdf import PdfReader

    from generator.pdf import render_policy_pdf

    pid = sorted(example.policies)[0]
    data = render_policy_pdf(example, pid)
    text = _squash("".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages))
    missing = sorted(s for s in promise_sentences(_web_text(example, pid)) if s not in text)
    assert not missing, missing
