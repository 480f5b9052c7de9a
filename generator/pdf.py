"""Bid-ready PDFs: render context → Jinja2 print templates → WeasyPrint.

Why it is built this way:

* **Cover apart from the body.** The footer reads 第 X 页 共 Y 页 over the
  body only; CSS ``counter(pages)`` would count the cover, so the cover and
  the body are laid out as two documents (sharing fonts and stylesheets)
  and their pages joined. Table-of-contents and 评分索引 page numbers come
  from ``target-counter()`` in the body, so they are the printed numbers.
* **No network, no stray files.** Every URL WeasyPrint asks for goes through
  :class:`ConfinedFetcher`: only files inside the project root and the
  shipped fonts, symlinks resolved; anything else stops the render with a
  message. A bid must never carry /etc/passwd or another bidder's seal.
* **Same input, same bytes.** Dates in the PDF come from the data (bid date,
  policy effective date) or ``SOURCE_DATE_EPOCH``; the producer is fixed
  and no author is a person or a login name (identical personal metadata in
  two bidders' files is read as collusion).
* **No tofu.** Text the shipped fonts cannot draw is reported before
  rendering instead of being printed as boxes.

The public functions are plain module-level functions so a build can run
them in worker processes: :func:`render_policy_pdf`, :func:`render_bid_pdf`
and :func:`render_job` (which loads the project itself).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
import re
import sys
import warnings
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import quote, urlsplit
from urllib.request import url2pathname

# Every face the documents use ships with the package (@font-face), so a
# machine with no system font renders the same bytes; WeasyPrint's import-time
# warning that output will be ugly without system fonts does not apply here.
warnings.filterwarnings("ignore", message="No fonts configured in FontConfig")

import jinja2  # noqa: E402
import markupsafe  # noqa: E402
import pydyf
from weasyprint import CSS, HTML, Attachment
from weasyprint import __version__ as weasyprint_version
from weasyprint.css.counters import CounterStyle
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from . import document
from .analysis import Analysis
from .document import UnknownDocument
from .fonts import FONT_DIR, font_face_css, harfbuzz_subset_available, uncovered_characters
from .project import Project, load_project
from .assets import ATTACHMENT_KINDS, is_inside, read_head, sniff_kind
from .printsources import DEFAULT_TEMPLATE_DIRS, find_template_dir  # noqa: F401  (DEFAULT_TEMPLATE_DIRS: re-exported)

PACKAGE_DIR = Path(__file__).resolve().parent
PRODUCER = "tender"
CHINA_TZ = dt.timezone(dt.timedelta(hours=8))
MIME = {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml", "pdf": "application/pdf"}

__all__ = ["PdfError", "AssetRefused", "UncoveredCharacters", "UnknownDocument",
           "render_policy_pdf", "render_bid_pdf", "render_bid_letter_pdf", "render_job", "render_html", "html_to_pdf"]


class PdfError(Exception):
    """A PDF cannot be made; the message tells the bid writer why."""


class AssetRefused(PdfError):
    """The document asked for a file outside the project, or for the network."""


class UncoveredCharacters(PdfError):
    """Text the shipped fonts have no glyph for (it would print as boxes)."""

    def __init__(self, message: str, characters: list[str]) -> None:
        super().__init__(message)
        self.characters = characters


# -- entry points -------------------------------------------------------------------


#: public policies are downloads customers keep: archivable PDF/A-2b, tagged
#: (structure for screen readers and text reflow). Bids keep plain PDF.
POLICY_VARIANT = "pdf/a-2b"


def render_policy_pdf(project: Project, policy_id: str, layout: dict[str, Any] | None = None) -> bytes:
    """The public service policy `policy_id` as a PDF/A-2b, tagged PDF."""
    return _render(project.root, document.policy_context(project, policy_id), variant=POLICY_VARIANT, layout=layout)


def render_bid_pdf(project: Project, bid_id: str, analysis: Analysis | None = None, layout: dict[str, Any] | None = None) -> bytes:
    """The bid `bid_id`'s 售后服务方案 as a PDF (in 暗标 form for an anonymous
    bid); its 偏离表 and 评分索引 come from the check's analysis."""
    return _render(project.root, document.bid_context(project, bid_id, analysis=analysis), layout=layout)


def render_bid_letter_pdf(project: Project, bid_id: str, analysis: Analysis | None = None, layout: dict[str, Any] | None = None) -> bytes:
    """An anonymous bid's 商务标 file 售后服务承诺函: the signed letter and the
    identity-bearing parts its anonymous plan leaves out."""
    return _render(project.root, document.bid_context(project, bid_id, part="letter", analysis=analysis), layout=layout)


def render_job(root: str, kind: str, doc_id: str) -> bytes:
    """Load the project at `root` and render one document; `kind` is
    "policy" or "bid". Takes and returns only picklable values, for workers."""
    project, _ = load_project(Path(root))
    if kind == "policy":
        return render_policy_pdf(project, doc_id)
    if kind == "bid":
        return render_bid_pdf(project, doc_id)
    if kind == "letter":
        return render_bid_letter_pdf(project, doc_id)
    raise ValueError(f"unknown document kind {kind!r} (policy, bid or letter)")


def _render(root: Path, context: dict[str, Any], variant: str | None = None, layout: dict[str, Any] | None = None) -> bytes:
    warn_if_slow_subsetting()
    cover_html, body_html = render_html(root, context)
    check_coverage(cover_html, body_html)
    return html_to_pdf(root, cover_html, body_html, attachments=context["attachments"], date=context["doc"]["date"],
                       anonymous=bool(context.get("anonymous")), variant=variant, layout=layout)


# -- HTML ------------------------------------------------------------------------------


def template_dir(root: Path) -> Path:
    """The project's own print templates if it has them, else the shipped ones."""
    found = find_template_dir(root)
    if found is not None:
        return found
    raise PdfError("找不到打印模板 templates/print/body.html；请用 tender new 重新生成项目或恢复 templates/ 目录")


_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
#: line breaks and spaces between two Chinese characters: YAML folds a long
#: value (`>-`) into one line by joining with a space, which prints as a gap
_FOLDED_SPACE_RE = re.compile(f"(?<=[{_CJK}])[ \t\r\n]+(?=[{_CJK}])")


def tidy(value: Any) -> Any:
    """Every value a template prints: drop folding spaces inside Chinese text
    (URLs, already marked safe by :func:`file_url`, are left alone)."""
    return _FOLDED_SPACE_RE.sub("", value) if isinstance(value, str) and not isinstance(value, markupsafe.Markup) else value


def file_url(path: str) -> markupsafe.Markup:
    """A project-relative file path as a relative URL (a space, # or ? in a
    file name must not become part of the URL syntax)."""
    return markupsafe.Markup(markupsafe.escape(quote(path, safe="/:")))


def balance(text: str, per_line: float) -> list[str]:
    """Split a title into lines of even width (a cover must not end a project
    name with one lonely character on its last line). Widths in em: Chinese
    1, Latin and digits about half; a run of Latin letters or digits is
    never split."""
    widths = [1.0 if ord(ch) > 0x2E80 else 0.55 for ch in text]
    total = sum(widths)
    if total <= per_line:
        return [text]
    target = total / math.ceil(total / per_line)
    lines, start, width = [], 0, 0.0
    for i, w in enumerate(widths):
        if width + w > target + 0.5 and i > start and not (text[i - 1].isascii() and text[i].isascii() and text[i].isalnum()):
            lines.append(text[start:i])
            start, width = i, 0.0
        width += w
    return lines + [text[start:]]


@functools.lru_cache(maxsize=8)
def _environment(directory: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=tidy,
    )
    env.filters["balance"] = balance
    env.filters["file_url"] = file_url
    return env


def render_html(root: Path, context: dict[str, Any]) -> tuple[str, str]:
    """(cover HTML, body HTML) of a render context."""
    env = _environment(template_dir(root))
    values = {**context, "created": creation_date(context["doc"]["date"])}
    return env.get_template("cover.html").render(values), env.get_template("body.html").render(values)


def stylesheet_text(root: Path) -> str:
    return font_face_css() + (template_dir(root) / "print.css").read_text(encoding="utf-8")


def creation_date(data_date: dt.date) -> str:
    """W3C date for the PDF: SOURCE_DATE_EPOCH if set (reproducible builds),
    else midnight (Beijing time) of the date the document carries."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")
        except (ValueError, OverflowError, OSError):
            raise PdfError(f"环境变量 SOURCE_DATE_EPOCH=“{epoch}”不是有效的 Unix 时间戳（整数秒）") from None
    return dt.datetime.combine(data_date, dt.time(0), CHINA_TZ).isoformat()


# -- fonts -------------------------------------------------------------------------------


_warned = False


def warn_if_slow_subsetting() -> None:
    """Say once per process, loudly, when HarfBuzz subsetting is missing: the
    fallback works but is many times slower with CJK fonts (about 12× when
    the design notes measured it)."""
    global _warned
    if _warned or harfbuzz_subset_available():
        return
    _warned = True
    print("警告：未找到系统库 libharfbuzz-subset（Debian/Ubuntu 安装 libharfbuzz-subset0），"
          "WeasyPrint 将改用 fontTools 裁剪中文字体，生成 PDF 会慢十倍以上。请运行 scripts/setup.sh 或手动安装该库。",
          file=sys.stderr, flush=True)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "".join(collector.parts)


def check_coverage(*htmls: str) -> None:
    """Raise UncoveredCharacters, with where each character stands, if any
    text would need a glyph the shipped fonts do not have."""
    text = "\n".join(visible_text(h) for h in htmls)
    missing = uncovered_characters(text)
    if not missing:
        return
    shown = []
    for ch in missing[:10]:
        pos = text.index(ch)
        excerpt = text[max(0, pos - 8):pos + 9].replace("\n", " ").strip()
        shown.append(f"“{ch}”（U+{ord(ch):04X}，见“…{excerpt}…”）")
    more = f"等 {len(missing)} 个字符" if len(missing) > 10 else ""
    raise UncoveredCharacters(
        f"随附字体中没有这些字符，PDF 中会显示为方框：{'；'.join(shown)}{more}。"
        "请改用常用写法（如用规范汉字代替异体字、生僻字），或把字符加入字体子集（scripts/build_fonts.py）",
        missing)


# -- fetching: the project and the fonts, nothing else ------------------------------------


def confined_path(url: str, roots: tuple[str, ...]) -> Path | None:
    """The local file `url` names, if it may be read; None for a data: URL
    (no I/O). Raises AssetRefused for the network, other schemes, and files
    outside `roots` once symlinks and `..` are resolved."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "data":
        return None
    if scheme != "file":
        raise AssetRefused(f"文档引用了网络地址“{url}”；生成 PDF 时不访问网络，请把文件放入项目目录并用相对路径引用")
    path = Path(url2pathname(urlsplit(url).path))
    if not any(is_inside(path, root) for root in roots):
        raise AssetRefused(f"文档引用了项目目录之外的文件“{path}”（已解析 .. 和符号链接）；只能引用项目内的文件，如 assets/seal.png")
    if not path.is_file():
        raise AssetRefused(f"文档引用的文件“{path}”不存在或不是普通文件")
    return path


class ConfinedFetcher(URLFetcher):
    """WeasyPrint's URL fetcher, confined to the project root and the shipped
    fonts; a refusal stops the render (fail_on_errors) instead of leaving a
    silent gap where the seal should be."""

    def __init__(self, root: Path) -> None:
        super().__init__(fail_on_errors=True, allowed_protocols=("file", "data"))
        self.project_root = os.path.realpath(root)
        self.roots = (self.project_root, os.path.realpath(FONT_DIR))

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = confined_path(url, self.roots)
        if path is None:
            return super().fetch(url, headers)
        content_type = "font/otf"
        if is_inside(path, self.project_root) and not is_inside(path, FONT_DIR):
            kind = sniff_kind(read_head(path))
            if kind not in ATTACHMENT_KINDS:
                raise AssetRefused(f"文档引用的文件“{path}”不是 PNG、JPEG、SVG 或 PDF 文件（按内容判断），不能嵌入 PDF")
            content_type = MIME[kind]
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


# -- WeasyPrint ------------------------------------------------------------------------------


def html_to_pdf(root: Path, cover_html: str, body_html: str, attachments: Sequence[dict] = (), date: dt.date | None = None,
                anonymous: bool = False, variant: str | None = None, layout: dict[str, Any] | None = None) -> bytes:
    """Lay out cover and body with shared fonts and styles, join their pages
    and write the PDF with fixed metadata (for a 暗标: no producer either);
    `variant` (e.g. pdf/a-2b) also tags the PDF. A `layout` dict, if given,
    receives the body's page count and the body page of every anchor (the
    .docx pre-fills its TOC and footer with them)."""
    fetcher = ConfinedFetcher(root)
    base_url = Path(root).resolve().as_uri() + "/"
    fonts, counters = FontConfiguration(), CounterStyle()
    try:
        styles = [CSS(string=stylesheet_text(root), base_url=base_url, url_fetcher=fetcher, font_config=fonts, counter_style=counters)]
        options = {"stylesheets": styles, "font_config": fonts, "counter_style": counters}
        cover = HTML(string=cover_html, base_url=base_url, url_fetcher=fetcher).render(**options)
        body = HTML(string=body_html, base_url=base_url, url_fetcher=fetcher).render(**options)
        if layout is not None:
            layout["pages"] = len(body.pages)
            layout["anchors"] = {name: number for number, page in enumerate(body.pages, start=1) for name in page.anchors}
        embedded = [_attachment(a, base_url, fetcher, date) for a in attachments if a["kind"] == "pdf"]
        finisher = _strip_identity if anonymous else _fix_producer
        extra = {"pdf_variant": variant, "pdf_tags": True} if variant else {}
        return body.copy(cover.pages + body.pages).write_pdf(finisher=finisher, attachments=embedded or None, **extra)
    except FatalURLFetchingError as exc:
        cause = exc.__cause__
        raise (cause if isinstance(cause, PdfError) else PdfError(f"无法读取文档引用的文件：{cause or exc}")) from None


def _attachment(item: dict, base_url: str, fetcher: ConfinedFetcher, date: dt.date | None) -> Attachment:
    """A PDF attachment embedded as a file, dated like the document."""
    stamp = dt.datetime.fromisoformat(creation_date(date or dt.date(2000, 1, 1)))
    return Attachment(url=base_url + quote(item["file"], safe="/:"), url_fetcher=fetcher, name=item["name"], description=item["title"], created=stamp, modified=stamp)


def _fix_producer(document: Any, pdf: pydyf.PDF) -> None:
    """WeasyPrint writes 'WeasyPrint <version>' as producer; name the tool
    instead and keep no creator (it would come from a <meta generator>)."""
    pdf.info["Producer"] = pydyf.String(PRODUCER)
    pdf.info.pop("Creator", None)
    # PDF/A: the XMP metadata must say the same as the info dictionary
    metadata = pdf.catalog.get("Metadata")
    if metadata:
        stream = pdf.objects[int(metadata.split()[0])]
        theirs, ours = f"WeasyPrint {weasyprint_version}".encode(), PRODUCER.encode()
        stream.stream = [part.replace(theirs, ours) if isinstance(part, bytes) else part for part in stream.stream]


def _strip_identity(document: Any, pdf: pydyf.PDF) -> None:
    """A 暗标's metadata names no author and no tool or version (an
    evaluator's "file properties" must not tell who or what made it)."""
    for key in ("Producer", "Creator", "Author", "Subject", "Keywords"):
        pdf.info.pop(key, None)
