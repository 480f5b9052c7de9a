"""What an anonymous bid (暗标) prints: its print HTML cut into the places a
reader sees, for the `anonymity` rule.

The rule must judge what is printed, not only the data: a template, a
derived sentence or an override can all put the hotline on a page. So
`tender check` renders each anonymous bid's print HTML here (Jinja only, no
PDF: tens of milliseconds) and hands the result to the rule; the rule itself
never renders, and render never imports rules (ARCHITECTURE.md,
tests/test_architecture.py).
"""

from __future__ import annotations

import re
from typing import Any

from . import document
from .identity import PrintedDocument
from .pdf import render_html, visible_text

_SECTION_RE = re.compile(r'<section class="[^"]*"[^>]*>\s*<h1 id="[^"]*">(.*?)</h1>', re.DOTALL)
_IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def printed_bid(project: Any, bid_id: str, sources: list[Any]) -> PrintedDocument:
    """Render an anonymous bid's plan to HTML and cut its text by section."""
    rb = project.bids[bid_id]
    ctx = document.bid_context(project, bid_id)
    cover_html, body_html = render_html(project.root, ctx)
    segments = [("封面", visible_text(cover_html))]
    matches = list(_SECTION_RE.finditer(body_html))
    start = body_html.find("<body")
    segments.append(("目录", visible_text(body_html[start:matches[0].start()] if matches else body_html[start:])))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body_html)
        segments.append((f"“{visible_text(m.group(1)).strip()}”一节", visible_text(body_html[m.start():end])))
    doc = ctx["doc"]
    segments.append(("文件属性（标题、作者、主题）", "\n".join(str(doc.get(k) or "") for k in ("title", "author", "subject"))))
    images = [tag for html in (cover_html, body_html) for tag in _IMG_RE.findall(html)]
    return PrintedDocument(bid_id, rb.file, segments, images, sources, project.company)
