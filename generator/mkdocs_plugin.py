"""The mkdocs plugin `tender`: turns commitments/ into the site's pages.

Declared in pyproject as the entry point ``tender`` and switched on in
mkdocs.yml. Every page is generated in memory (``File.generated``) in
``on_files``; nothing is written into the project. The data is loaded and
checked with :func:`generator.checker.check_project`; errors stop the build
with a :class:`PluginError` listing the findings.

Its inputs are its config options (mkdocs.yml ``plugins: - tender: {...}``),
nothing else; `tender build` and `tender serve` set the same options through
mkdocs' own ``plugins`` override (:func:`plugins_with`), so there is no state
set on the plugin object and none in environment variables:

``project``  the project root (default: the folder of mkdocs.yml);
``pdf``      policy PDFs on the site (default true); plain ``mkdocs build``
             renders them, ``tender serve`` only with ``--pdf``;
``pdf_dir``  take the policy PDFs (``<policy id>.pdf``, and ``.docx`` beside) from this folder
             instead of rendering them: ``tender build`` renders them itself
             (cached, in parallel) and points here;
``bid_pdf``  a local preview also renders each bid's PDF (``tender serve --pdf``);
``checked``  in-process only (no YAML value has this type): the
             `analysis.CheckedProject` of `tender build`, so the site is made
             from the project it checked instead of a second check.

The pages are generated in `on_files`, the nav is set in `on_nav`. Bids are
never read here, except by a preview: under `mkdocs serve`/`tender serve` on
a loopback address the bids get local-only pages (generator/preview.py), and
errors show in the browser instead of stopping the server.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

log = logging.getLogger("mkdocs.plugins.tender")


class TenderConfig(Config):
    #: policy PDFs on the site (rendered here unless pdf_dir has them)
    pdf = c.Type(bool, default=True)
    #: a folder with the policy PDFs already rendered (<policy id>.pdf): tender build
    pdf_dir = c.Optional(c.Type(str))
    #: a local preview also renders the bids' PDFs: tender serve --pdf
    bid_pdf = c.Type(bool, default=False)
    #: the project root (default: the folder of mkdocs.yml)
    project = c.Optional(c.Type(str))
    #: in-process only: the CheckedProject tender build made (skips a second check)
    checked = c.Optional(c.Type(object))


def plugins_with(config_file: Path, **options: Any) -> dict[str, Any] | None:
    """mkdocs.yml's plugins with `options` added to the tender entry, for
    mkdocs' ``plugins`` override (load_config, serve): how tender build and
    tender serve configure the plugin. In the mapping form, which mkdocs
    reads without consuming it (serve reloads the config on every change).
    None when the file has no tender entry or does not read (mkdocs then
    reports the file's own problem)."""
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(config_file, encoding="utf-8") as fh:
            raw = yaml_load(fh) or {}
    except Exception:  # noqa: BLE001 - load_config reads the same file and says what is wrong
        return None
    entries = raw.get("plugins") if isinstance(raw, dict) else None
    if isinstance(entries, list):  # the list form: [search, {tender: {...}}]
        pairs = [next(iter(e.items())) if isinstance(e, dict) and len(e) == 1 else (e, {}) for e in entries]
        if not all(isinstance(name, str) for name, _ in pairs):
            return None
        entries = dict(pairs)
    if not isinstance(entries, dict) or "tender" not in entries:
        return None
    mine = entries["tender"]
    return {**entries, "tender": {**(mine if isinstance(mine, dict) else {}), **options}}


class TenderPlugin(BasePlugin[TenderConfig]):
    def __init__(self) -> None:
        super().__init__()
        #: the project of this build (from the `checked` option, a check, or the preview)
        self.project: Any = None
        self._nav: list[Any] | None = None
        self._pages: dict[str, str] = {}
        self._synonyms: list[tuple[str, list[str]]] = []
        #: mkdocs serve: show errors in the browser, preview bids (loopback only)
        self._serving = False
        self._local = False
        #: the page URIs of the last good preview: while the data has errors each shows them
        self._known: set[str] = set()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"

    def on_config(self, config: Any) -> Any:
        host = getattr(getattr(config, "dev_addr", None), "host", None)
        self._local = self._serving and host in _LOOPBACK
        self._nav = None
        _quiet_jieba()
        return config

    def _root(self, config: Any) -> Path:
        if self.config.project:
            return (Path(config.config_file_path).parent / self.config.project).resolve()
        return Path(config.config_file_path).resolve().parent

    def _load(self, config: Any) -> Any:
        if self.project is not None:
            return self.project
        checked = self.config.checked
        if checked is not None:
            if not hasattr(checked, "project"):
                raise PluginError("tender 插件的 checked 选项只能由 tender build 设置，不能写在 mkdocs.yml 中")
            return checked.project
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

    def _pdfs(self, project: Any) -> tuple[dict[str, bytes] | None, dict[str, bytes]]:
        """(policy PDFs or None for none on the site, their .docx twins)."""
        if not self.config.pdf:
            return None, {}
        if self.config.pdf_dir is not None:
            return self._prebuilt(project, Path(self.config.pdf_dir), ".pdf"), self._prebuilt(project, Path(self.config.pdf_dir), ".docx")
        from . import pdf as pdfmod
        from . import word

        pdfs, docx = {}, {}
        for pid in sorted(project.policies):
            try:
                pdfs[pid], docx[pid] = word.render_both(project, "policy", pid)
            except pdfmod.PdfError as exc:
                raise PluginError(f"政策 {pid} 的 PDF 生成失败：{exc}") from None
        return pdfs, docx

    def _preview(self, files: Files, config: Any) -> Files | None:
        """Serving: check without stopping. Errors outside the bids replace
        every page with the error list (the open page reloads to it, and back
        to the content once fixed); bids get their local pages. None when the
        public site can be built as usual."""
        from . import preview
        from .checker import check_project

        project, findings = check_project(self._root(config))
        blocking = preview.blocks_site(findings, project)
        if blocking:
            for f in blocking:
                log.error(f.text())
            page = preview.error_page(blocking)
            for uri in sorted(self._known | {"index.md"}):
                if files.get_file_from_path(uri) is not None:
                    files.remove(files.get_file_from_path(uri))
                files.append(File.generated(config, uri, content=page))
            self._nav = [{"数据有错误": "index.md"}]
            return files
        self.project = project
        try:
            built = self.on_files(files, config=config)
        finally:
            self.project = None
        self._known = {f.src_uri for f in built if f.src_uri.endswith(".md")}
        if self._local:
            bid_pdfs = self._bid_pdfs(project)
            for uri, text in preview.bid_pages(project, findings, bid_pdfs).items():
                # reached from the preview index, not the nav: NOT_IN_NAV spares the log its English notice
                inclusion = InclusionLevel.UNDEFINED if uri == f"{preview.BIDS_DIR}/index.md" else InclusionLevel.NOT_IN_NAV
                built.append(File.generated(config, uri, content=text, inclusion=inclusion))
            for bid_id, data in (bid_pdfs or {}).items():
                built.append(File.generated(config, f"{preview.BIDS_DIR}/{bid_id}.pdf", content=data))
            self._nav = list(self._nav or []) + [{"投标预览（仅本机）": f"{preview.BIDS_DIR}/index.md"}]
        return built

    def _prebuilt(self, project: Any, folder: Path, suffix: str) -> dict[str, bytes]:
        """The policy PDFs (or their .docx, by `suffix`) tender build rendered
        (a policy without one has no download link)."""
        out = {}
        for pid in sorted(project.policies):
            try:
                out[pid] = (folder / f"{pid}{suffix}").read_bytes()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise PluginError(f"无法读取政策 {pid} 的{'PDF' if suffix == '.pdf' else ' Word 文件'}（{folder}）：{exc.strerror or exc}") from None
        return out

    def _bid_pdfs(self, project: Any) -> dict[str, bytes] | None:
        if not self.config.bid_pdf:
            return None
        from . import pdf as pdfmod

        out = {}
        for bid_id in sorted(project.bids):
            try:
                out[bid_id] = pdfmod.render_bid_pdf(project, bid_id)
            except pdfmod.PdfError as exc:
                log.error(f"投标 {bid_id} 的 PDF 生成失败：{exc}")
        return out

    def on_files(self, files: Files, /, *, config: Any) -> Files:
        from . import site

        if self._serving and self.project is None:
            return self._preview(files, config)
        project = self._load(config)
        pdfs, docx = self._pdfs(project)
        infos = {pid: site.PdfInfo(site.pdf_uri(pid), len(data), site.docx_uri(pid) if pid in docx else None, len(docx.get(pid, b"")))
                 for pid, data in (pdfs or {}).items()} if pdfs is not None else None
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
            if pid in docx:
                files.append(File.generated(config, site.docx_uri(pid), content=docx[pid]))
        self._nav = site.nav(project)
        site.configure(config, project)
        self._synonyms = site.synonym_groups(project)
        _teach_jieba(self._synonyms)
        return files

    def on_nav(self, nav: Any, /, *, config: Any, files: Files) -> Any:
        """The site's menu, from the data (policies, regions, outlets) or, while
        the data has errors in a preview, the error page only."""
        if self._nav is None:
            return nav
        from mkdocs.structure.nav import get_navigation

        config.nav = self._nav
        return get_navigation(files, config)

    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
        """Tables also as sentences (search snippets, phones); runs before
        the search plugin reads the page."""
        from . import site

        return site.tables_as_sentences(html)

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: Any) -> None:
        """Add the company's search synonyms (保修 → 质保) to the search index,
        and keep its snippets from breaking a line before 。 (site.search_index)."""
        from . import site

        path = Path(config.site_dir) / "search" / "search_index.json"
        if path.is_file():
            path.write_text(site.search_index(path.read_text(encoding="utf-8"), self._synonyms), encoding="utf-8")

    def on_serve(self, server: Any, /, *, config: Any, builder: Any) -> Any:
        """`mkdocs serve`/`tender serve`: rebuild when the data or the page templates change."""
        root = self._root(config)
        for part in ("commitments", "templates"):
            if (root / part).is_dir():
                server.watch(str(root / part))
        return server


_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def _quiet_jieba() -> None:
    """jieba logs its dictionary loading in English at DEBUG level on stderr
    ("Building prefix dict…"), which `tender serve` and `mkdocs build` would
    show the bid writer; its import sets that level, so it is lowered after."""
    import jieba

    jieba.setLogLevel(logging.WARNING)


def load_jieba_cache(tokenizer: Any) -> bool:
    """Fill an uninitialised jieba tokenizer from jieba's own dictionary
    cache, as `Tokenizer.initialize` would; True when done.

    Why: jieba reads that cache with `marshal.load` on the open file, which
    reads it a few bytes at a time: 0.8 s here, against 0.25 s for reading
    the file whole and `marshal.loads`. Every site build pays it once (the
    search plugin splits Chinese with jieba), in a `--no-pdf` build of the
    example a third of the time. Anything unusual (another dictionary, a
    cache file named in the configuration, no cache yet, a file that does
    not read as jieba's pair of a dict and a total) is left to jieba."""
    import marshal
    import tempfile

    import jieba

    if tokenizer.initialized or tokenizer.cache_file or tokenizer.dictionary != jieba.DEFAULT_DICT:
        return False
    path = Path(tokenizer.tmp_dir or tempfile.gettempdir()) / "jieba.cache"
    try:
        with path.open("rb") as fh:
            data = fh.read(_JIEBA_CACHE_LIMIT + 1)
        if len(data) > _JIEBA_CACHE_LIMIT:
            return False
        freq, total = marshal.loads(data)
    except (OSError, ValueError, EOFError, TypeError):
        return False
    if not isinstance(freq, dict) or not isinstance(total, int):
        return False
    with tokenizer.lock:
        if not tokenizer.initialized:
            tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
    return True


#: jieba's cache of its default dictionary is about 9 MB; a larger file is not read
_JIEBA_CACHE_LIMIT = 64 << 20


def _teach_jieba(groups: list[tuple[str, list[str]]]) -> None:
    """Make the synonym list's words whole words for jieba, which the
    search plugin uses to split Chinese text into index words."""
    try:
        import jieba
    except ImportError:
        return
    load_jieba_cache(jieba.dt)
    for word, synonyms in groups:
        for w in (word, *synonyms):
            jieba.add_word(w)
