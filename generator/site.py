"""The public website's pages, rendered from the checked project.

Pure: takes a :class:`~generator.project.Project` (already checked, without
errors) and returns Markdown text per page, which the mkdocs plugin hands to
mkdocs as in-memory files. Bids are never read here: the site is public.

Escaping: templates under ``templates/web/pages/`` run with HTML autoescape
and put every value from the data inside raw HTML elements, never into
Markdown syntax, so text such as ``<script>`` or ``[x](javascript:…)`` from
the YAML shows literally. Headings written in Markdown (``## …``) carry only
fixed titles from :mod:`generator.outline`. Page titles (shown by the theme
unescaped in the nav and ``<title>``) go through :func:`safe_title`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from . import document
from .model import REGIONS
from .project import Project
from .values import format_date

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_SITE_DIRS = (PACKAGE_DIR / "_project" / "templates" / "web", PACKAGE_DIR.parent / "templates" / "web")

_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
#: YAML folds long Chinese text with line breaks: a space between two Chinese
#: characters is an artefact, not an intended gap (the PDF drops it as well)
_FOLDED_SPACE_RE = re.compile(f"(?<=[{_CJK}])[ \t\r\n]+(?=[{_CJK}])")
_TITLE_MAP = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "`": "｀", "[": "［", "]": "］", "*": "＊", "_": "＿", "\n": " ", "\r": " "})


@dataclass(frozen=True)
class PdfInfo:
    """A policy PDF published on the site."""

    url: str  # relative to the site root, e.g. downloads/led.pdf
    size: int  # bytes


def site_template_dir(root: Path) -> Path:
    """The project's own site templates if it has them, else the shipped ones."""
    for candidate in (Path(root) / "templates" / "web", *DEFAULT_SITE_DIRS):
        if (candidate / "pages" / "policy.md").is_file():
            return candidate
    raise FileNotFoundError("找不到网站模板 templates/web/pages/policy.md；请用 tender new 重新生成项目或恢复 templates/ 目录")


def tidy(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return _FOLDED_SPACE_RE.sub("", value.strip())
    return value


def text_filter(value: Any) -> markupsafe.Markup:
    """Escaped text with its line breaks kept (as <br>), safe inside an HTML block:
    a blank line in the data must not end Markdown's raw-HTML block."""
    if value is None:
        return markupsafe.Markup("")
    escaped = markupsafe.escape(tidy(str(value)))
    lines = [line.strip() for line in str(escaped).splitlines()]
    return markupsafe.Markup("<br>".join(line for line in lines if line))


def safe_title(value: str) -> str:
    """A page title for the nav and <title>: mkdocs' theme prints titles
    without escaping, so markup characters become their full-width forms
    (the page body shows the exact text, escaped)."""
    return tidy(value).translate(_TITLE_MAP)


def kb(size: int) -> str:
    return f"{max(1, round(size / 1024))} KB"


@functools.lru_cache(maxsize=8)
def _environment(directory: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory / "pages"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=tidy,
        keep_trailing_newline=True,
    )
    env.filters["text"] = text_filter
    env.filters["kb"] = kb
    return env


def policy_page_uri(policy_id: str) -> str:
    return f"policies/{policy_id}.md"


def pdf_uri(policy_id: str) -> str:
    return f"downloads/{policy_id}.pdf"


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL (relative to the site root) mkdocs gives the file `src_uri`."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5] if use_directory_urls else stem + ".html"
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def relative_link(from_uri: str, to_uri: str, use_directory_urls: bool = True) -> str:
    """A link from the page `from_uri` to the file `to_uri` (both source paths),
    as it must stand in the HTML (raw HTML is not rewritten by mkdocs)."""
    import posixpath

    here = page_url(from_uri, use_directory_urls)
    here_dir = here if here.endswith("/") or here == "" else posixpath.dirname(here) + "/"
    if here_dir == "/":
        here_dir = ""
    target = page_url(to_uri, use_directory_urls)
    rel = posixpath.relpath(target or ".", here_dir.rstrip("/") or ".")
    if target.endswith("/") or target == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


def _front_matter(title: str) -> str:
    # JSON is YAML: a quoted title whatever characters it holds
    import json

    return f"---\ntitle: {json.dumps(safe_title(title), ensure_ascii=False)}\n---\n\n"


def _policy_summary(project: Project, policy_id: str, pdfs: dict[str, PdfInfo] | None) -> dict[str, Any]:
    policy = project.policies[policy_id]
    top = policy.fault_levels[0]
    times = sorted(top.times, key=lambda t: REGIONS.index(t.region))
    local = times[0] if times else None
    return {
        "id": policy_id,
        "title": policy.title,
        "nav_title": safe_title(policy.title),
        "version": policy.version,
        "date": format_date(policy.effective_date),
        "product_line": policy.product_line,
        "summary": policy.summary,
        "warranty": document.duration(policy.warranty.term),
        "service_hours": f"{policy.service_hours}小时",
        "top_level": f"{top.level}（{top.name}）",
        "local": {"region": local.region, "response": document.duration(local.response), "arrival": document.duration(local.arrival),
                  "fix": document.duration(local.fix)} if local else None,
        "commitments": list(policy.commitments)[:4],
        "page": policy_page_uri(policy_id),
        "pdf_uri": pdf_uri(policy_id),
        "pdf": pdfs.get(policy_id) if pdfs else None,
        "file": project.policy_files.get(policy_id, ""),
    }


def render_pages(project: Project, pdfs: dict[str, PdfInfo] | None = None, use_directory_urls: bool = True) -> dict[str, str]:
    """{src_uri: Markdown} for every page of the site. `pdfs` lists the policy
    PDFs that are published with the site (None: a build without PDFs)."""
    env = _environment(site_template_dir(project.root))
    company = project.company
    assert company is not None, "render_pages needs a project without errors"
    ids = sorted(project.policies)
    summaries = [_policy_summary(project, pid, pdfs) for pid in ids]
    org = document.organisation_part(company)
    base = {"company": document.company_part(company), "policies": summaries, "with_pdf": pdfs is not None,
            "organisation": org}
    pages: dict[str, str] = {}

    def ctx_for(uri: str, **extra: Any) -> dict[str, Any]:
        return {**base, **extra, "link": lambda to: relative_link(uri, to, use_directory_urls)}

    pages["index.md"] = _front_matter("首页") + env.get_template("home.md").render(ctx_for("index.md"))
    for summary in summaries:
        pid = summary["id"]
        ctx = document.policy_context(project, pid)
        # the site shows the policy's own sections (no attachments list: those are for bids)
        ctx["sections"] = [s for s in ctx["sections"] if s["id"] != "attachments"]
        uri = policy_page_uri(pid)
        page = env.get_template("policy.md").render(ctx_for(uri, **ctx, policy=summary))
        pages[uri] = _front_matter(summary["title"]) + page
    by_region = [{"region": region, "outlets": [o for o in org["outlets"] if o["region"] == region]} for region in REGIONS]
    pages["outlets.md"] = _front_matter("服务网点") + env.get_template("outlets.md").render(ctx_for("outlets.md", regions=[r for r in by_region if r["outlets"]]))
    pages["downloads.md"] = _front_matter("政策下载") + env.get_template("downloads.md").render(ctx_for("downloads.md"))
    return pages


def nav(project: Project) -> list[Any]:
    """The site's navigation (mkdocs `nav` config)."""
    policies = [{safe_title(project.policies[pid].title): policy_page_uri(pid)} for pid in sorted(project.policies)]
    return [{"首页": "index.md"}, {"服务政策": policies}, {"服务网点": "outlets.md"}, {"政策下载": "downloads.md"}]
