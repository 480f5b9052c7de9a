"""The mkdocs plugin `tender`: turns commitments/ into the site's pages.

Declared in pyproject as the entry point ``tender`` and switched on in
mkdocs.yml. Every page is generated in memory (``File.generated``) in
``on_files``; nothing is written into the project. The data is loaded and
checked with :func:`generator.checker.check_project`; errors stop the build
with a :class:`PluginError` listing the findings.

Policy PDFs: ``tender build`` renders them itself (cached, in parallel) and
hands the bytes over through :attr:`TenderPlugin.prebuilt`; run by plain
``mkdocs build``/``mkdocs serve`` the plugin renders them itself when its
option ``pdf`` is true (``tender serve`` switches it off unless ``--pdf``).
Bids are never read here.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.plugins.tender")


class TenderConfig(Config):
    #: render the policy PDFs (plain mkdocs build); tender build hands them in
    pdf = c.Type(bool, default=True)
    #: the project root (default: the folder of mkdocs.yml)
    project = c.Optional(c.Type(str))


class TenderPlugin(BasePlugin[TenderConfig]):
    def __init__(self) -> None:
        super().__init__()
        #: set by tender build: the checked project (skips a second check)
        self.project: Any = None
        #: set by tender build: {policy_id: PDF bytes}, or {} for a build without PDFs
        self.prebuilt: dict[str, bytes] | None = None
        self._pages: dict[str, str] = {}
        self._synonyms: list[tuple[str, list[str]]] = []

    def _root(self, config: Any) -> Path:
        if self.config.project:
            return (Path(config.config_file_path).parent / self.config.project).resolve()
        return Path(config.config_file_path).resolve().parent

    def _load(self, config: Any) -> Any:
        if self.project is not None:
            return self.project
        from .checker import check_project
        from .findings import Severity, has_errors

        project, findings = check_project(self._root(config))
        for f in findings:
            if f.severity is not Severity.ERROR:
                log.warning(f.text())
        if has_errors(findings):
            lines = [f.text() for f in findings if f.severity is Severity.ERROR]
            raise PluginError("数据有错误，未生成网站（用 tender check 查看全部问题）：\n" + "\n".join(lines))
        return project

    def _pdfs(self, project: Any) -> dict[str, bytes] | None:
        if self.prebuilt is not None:
            return self.prebuilt or None
        import os

        wanted = os.environ.get("TENDER_SITE_PDF")  # set by tender serve [--pdf]
        if not (self.config.pdf if wanted is None else wanted == "1"):
            return None
        from . import pdf as pdfmod

        out = {}
        for pid in sorted(project.policies):
            try:
                out[pid] = pdfmod.render_policy_pdf(project, pid)
            except pdfmod.PdfError as exc:
                raise PluginError(f"政策 {pid} 的 PDF 生成失败：{exc}") from None
        return out

    def on_files(self, files: Files, /, *, config: Any) -> Files:
        from . import site

        project = self._load(config)
        pdfs = self._pdfs(project)
        infos = {pid: site.PdfInfo(site.pdf_uri(pid), len(data)) for pid, data in (pdfs or {}).items()} if pdfs is not None else None
        try:
            pages = site.render_pages(project, infos, use_directory_urls=config.use_directory_urls)
        except FileNotFoundError as exc:
            raise PluginError(str(exc)) from None
        for uri, text in pages.items():
            if files.get_file_from_path(uri) is not None:
                files.remove(files.get_file_from_path(uri))
            files.append(File.generated(config, uri, content=text))
        for pid, data in (pdfs or {}).items():
            files.append(File.generated(config, site.pdf_uri(pid), content=data))
        config.nav = site.nav(project)
        site.configure(config, project)
        self._synonyms = site.synonym_groups(project)
        _teach_jieba(self._synonyms)
        return files

    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
        """Tables also as sentences (search snippets, phones); runs before
        the search plugin reads the page."""
        from . import site

        return site.tables_as_sentences(html)

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: Any) -> None:
        """Add the company's search synonyms (保修 → 质保) to the search index."""
        from . import site

        path = Path(config.site_dir) / "search" / "search_index.json"
        if self._synonyms and path.is_file():
            path.write_text(site.synonym_index(path.read_text(encoding="utf-8"), self._synonyms), encoding="utf-8")

    def on_serve(self, server: Any, /, *, config: Any, builder: Any) -> Any:
        """`mkdocs serve`/`tender serve`: rebuild when the data or the page templates change."""
        root = self._root(config)
        for part in ("commitments", "templates"):
            if (root / part).is_dir():
                server.watch(str(root / part))
        return server


def _teach_jieba(groups: list[tuple[str, list[str]]]) -> None:
    """Make the synonym list's words whole words for jieba, which the
    search plugin uses to split Chinese text into index words."""
    try:
        import jieba
    except ImportError:
        return
    for word, synonyms in groups:
        for w in (word, *synonyms):
            jieba.add_word(w)
