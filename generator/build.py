"""`tender build`: check, then the public site (with the policy PDFs) and every
bid's documents, written atomically.

Order of work (the build stage of ARCHITECTURE.md):

1. check the data; any error → findings printed, exit 1, nothing written (not
   even the cache folder);
2. take the build lock ``.tender-cache/build.lock`` (``fcntl.flock``; the
   kernel drops it when the process dies, so a killed build leaves no stale
   lock); a second build at the same time stops with exit 2;
3. render the PDFs and their .docx twins (one job makes both, from one
   render context and one HTML: :func:`generator.word.render_both`) — from
   the content-hash cache ``.tender-cache/pdf/`` where the inputs are
   unchanged, else in this process or with ``--jobs N`` in worker processes;
4. build the site with mkdocs (the plugin gets the checked project and the
   PDF bytes) into ``.tender-cache/tmp/site.new``, and the bids into
   ``.tender-cache/tmp/build.new`` — same filesystem as the outputs;
5. swap each into place with one ``renameat2(RENAME_EXCHANGE)`` (the old tree
   is moved aside in the same step, then deleted), so at every moment
   ``site/`` and ``build/`` are each the whole previous or the whole new
   output. Where the exchange is not available: rename old aside, rename new
   in, and the next build puts an old tree back if it finds one missing.

The cache and the lock live in ``.tender-cache/`` (not in ``build/``: build/
is swapped as a whole, and a killed build must not change it). When nothing
at all changed (same inputs, outputs untouched) the build stops after the
check.

Reproducible bytes: PDFs carry the data's dates or SOURCE_DATE_EPOCH; for the
mkdocs part (sitemap dates, gzip header) SOURCE_DATE_EPOCH is set to the
newest policy date when the caller did not set it.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import hashlib
import json
import logging
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

CACHE_DIR = ".tender-cache"
OUTPUTS = ("site", "build")
PACKAGE_DIR = Path(__file__).resolve().parent
CACHE_FORMAT = "tender-build-1"


class BuildError(Exception):
    """The build cannot run or cannot write its output (exit 2)."""


class LockedError(BuildError):
    pass


@dataclass
class Job:
    kind: str  # policy | bid
    doc_id: str
    key: str
    cost: int = 0

    @property
    def label(self) -> str:
        return {"policy": "政策", "bid": "投标", "letter": "投标承诺函"}[self.kind] + f" {self.doc_id}"


@dataclass(frozen=True)
class Printed:
    """One document's print outputs: the PDF and the .docx made with it."""

    pdf: bytes
    docx: bytes


@dataclass
class BuildResult:
    up_to_date: bool = False
    rendered: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    seconds: float = 0.0
    pages: int = 0
    kept: int = 0  # --no-pdf: PDFs still current, taken from the cache
    dropped: int = 0  # --no-pdf: PDFs not in the output (data changed since they were made)


# -- errors ----------------------------------------------------------------------------------


_ERRNO_TEXT = {
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "超出磁盘配额",
    errno.EACCES: "没有写权限",
    errno.EPERM: "不允许修改（文件或目录被锁定为只读/不可变）",
    errno.EROFS: "所在文件系统是只读的",
    errno.EBUSY: "目录正被占用",
    errno.ENOTEMPTY: "目录非空",
}


def os_error_text(exc: OSError, what: str) -> str:
    reason = _ERRNO_TEXT.get(exc.errno or 0, exc.strerror or str(exc))
    where = exc.filename or ""
    return f"无法写入{what}{f'（{where}）' if where else ''}：{reason}。之前的输出保持不变"


# -- hashing ---------------------------------------------------------------------------------


def _hash_tree(h: "hashlib._Hash", root: Path, skip: tuple[str, ...] = ()) -> None:
    if root.is_file():
        h.update(b"F" + root.name.encode() + b"\0" + root.read_bytes())
        return
    if not root.is_dir():
        h.update(b"-none-")  # never the path: a project moved or cloned elsewhere keeps its cache
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in skip and d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith((".pyc", ".pyo")) or name in skip:
                continue
            path = Path(dirpath, name)
            rel = path.relative_to(root).as_posix()
            h.update(rel.encode() + b"\0")
            with contextlib.suppress(OSError):
                h.update(hashlib.sha256(path.read_bytes()).digest())


_SOURCE_DIGEST: str | None = None


def source_digest() -> str:
    """The generator's own version: its source files and fonts, and the versions
    of the libraries that shape the output."""
    global _SOURCE_DIGEST
    if _SOURCE_DIGEST is None:
        from importlib import metadata

        h = hashlib.sha256(CACHE_FORMAT.encode())
        _hash_tree(h, PACKAGE_DIR, skip=("_project",))
        for dist in ("weasyprint", "pydyf", "mkdocs", "mkdocs-material", "jieba", "jinja2", "markdown", "python-docx", "lxml"):
            with contextlib.suppress(metadata.PackageNotFoundError):
                h.update(f"{dist}={metadata.version(dist)}".encode())
        _SOURCE_DIGEST = h.hexdigest()
    return _SOURCE_DIGEST


def _file_digest(path: Path) -> bytes:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return b"-missing-"


def shared_print_digest(root: Path, project: Any) -> bytes:
    """The inputs every PDF of a project shares (the generator, assets,
    print templates, the Word reference document): hashed once per build,
    not once per document."""
    from .printsources import find_template_dir, named_word_template
    from .project import COMMITMENTS

    h = hashlib.sha256(f"{source_digest()}\0{os.environ.get('SOURCE_DATE_EPOCH', '')}".encode())
    _hash_tree(h, root / COMMITMENTS / "assets")
    templates = find_template_dir(root)
    if templates is not None:
        _hash_tree(h, templates)
    reference, _ = named_word_template(project)
    if reference is not None and not reference.resolve().is_relative_to(Path(root).resolve()):
        reference = None  # outside the project: never read (the render refuses it with a message)
    h.update(b"word\0" + (_file_digest(reference) if reference else b"-default-"))
    return h.digest()


def pdf_key(root: Path, project: Any, kind: str, doc_id: str, shared: bytes | None = None) -> str:
    """Content hash of everything one PDF (and its .docx) is made from:
    its own data files and `shared_print_digest` (pass it when keying many).

    Imports neither WeasyPrint nor python-docx (printsources names the files),
    so `build --no-pdf` stays fast when it checks its cached PDFs."""
    from .project import COMMITMENTS

    h = hashlib.sha256(f"{kind}\0{doc_id}\0".encode() + (shared if shared is not None else shared_print_digest(root, project)))
    files = [f"{COMMITMENTS}/company.yaml"]
    policy_id = doc_id if kind == "policy" else project.bids[doc_id].bid.policy
    files.append(project.policy_files.get(policy_id, ""))
    if kind in ("bid", "letter"):
        files.append(project.file_of("bid", doc_id) or "")
    for f in files:
        h.update(f.encode() + b"\0" + _file_digest(root / f))
    return h.hexdigest()


def inputs_digest(root: Path, with_pdf: bool) -> str:
    """Content hash of every input of a whole build."""
    h = hashlib.sha256(f"{source_digest()}\0pdf={with_pdf}\0{os.environ.get('SOURCE_DATE_EPOCH', '')}".encode())
    for part in ("commitments", "templates", "mkdocs.yml"):
        h.update(part.encode())
        _hash_tree(h, root / part)
    return h.hexdigest()


def tree_digest(root: Path) -> str | None:
    if not root.is_dir():
        return None
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames + [d + "/" for d in dirnames]):
            path = Path(dirpath, name.rstrip("/"))
            st = path.lstat()
            h.update(f"{path.relative_to(root).as_posix()}\0{st.st_mode:o}\0".encode())
            if not name.endswith("/") and path.is_file() and not path.is_symlink():
                try:
                    h.update(_file_digest(path))
                except OSError:
                    return None
    return h.hexdigest()


# -- atomic swap -----------------------------------------------------------------------------


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot."""
    fn = _renameat2() if sys.platform.startswith("linux") else None
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_in(new: Path, target: Path, aside: Path) -> None:
    """Put the finished tree `new` at `target`; the previous one ends up at
    `aside` (deleted by the caller)."""
    if not target.exists() and not target.is_symlink():
        os.rename(new, target)
        return
    if exchange(new, target):
        os.rename(new, aside)  # `new` now holds the old tree
        return
    os.rename(target, aside)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(aside, target)
        raise


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        def onerror(func, p, exc_info):  # a read-only folder inside: make it writable and retry
            with contextlib.suppress(OSError):
                os.chmod(os.path.dirname(p), 0o755)
                os.chmod(p, 0o755)
                func(p)

        shutil.rmtree(path, onerror=onerror)


# -- the build -------------------------------------------------------------------------------


class Lock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def __enter__(self) -> "Lock":
        import fcntl

        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise BuildError(os_error_text(exc, "构建锁文件")) from None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self.fd)
            self.fd = None
            raise LockedError(f"另一个 tender build 正在构建这个项目（锁文件 {self.path}）；请等它结束后再运行") from None
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


#: the checked project and its analysis, inherited by forked workers (no
#: second load or analysis per PDF)
_INHERITED: Any = None


def _render_in_worker(root: str, kind: str, doc_id: str) -> tuple[bytes, bytes]:
    from . import pdf as pdfmod
    from . import word
    from .project import load_project

    project, analysis = _INHERITED or (None, None)
    try:
        if project is None or str(project.root) != root:
            project, analysis = load_project(Path(root))[0], None  # a spawned worker loads the project itself
        return word.render_both(project, kind, doc_id, analysis)
    except pdfmod.PdfError as exc:  # subclasses with extra arguments do not unpickle
        raise pdfmod.PdfError(str(exc)) from None


def _worker_init(fd: int | None) -> None:
    # a forked worker must not keep the build lock alive after the build dies
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)
    logging.getLogger().handlers.clear()


def _job_cost(kind: str) -> int:
    return 2 if kind == "bid" else 1


def default_epoch(project: Any) -> str:
    """SOURCE_DATE_EPOCH for the site: the newest policy's effective date
    (midnight, Beijing time)."""
    dates = [p.effective_date for p in project.policies.values() if p.effective_date is not None]
    day = max(dates) if dates else dt.date(2000, 1, 1)
    china = dt.timezone(dt.timedelta(hours=8))
    return str(int(dt.datetime.combine(day, dt.time(0), china).timestamp()))


@contextlib.contextmanager
def _env(name: str, value: str | None):
    old = os.environ.get(name)
    if value is not None:
        os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.chmod(path, 0o644)


def _write_cache(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


@contextlib.contextmanager
def _fewer_collections() -> Any:
    """mkdocs and the search plugin allocate hundreds of thousands of small
    objects per site (page trees, index entries, jieba's dictionary) that
    live until the build ends; at Python's default threshold the cyclic
    collector rescans them again and again, about 0.1–0.2 s of a 50-policy
    `--no-pdf` build. Frozen (what exists before the build is never rescanned)
    and collected less often while mkdocs runs, as before afterwards."""
    import gc

    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 10_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


class _Collect(logging.Handler):
    """Keeps mkdocs' error messages (it logs the reason, then raises a bare Abort)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(root: Path, checked: Any, pdfs: dict[str, Printed] | None, site_dir: Path, pdf_dir: Path) -> int:
    """Run mkdocs (with the tender plugin) into `site_dir`; returns the number
    of pages. The plugin gets the checked project and the policy PDFs and their .docx
    (written to `pdf_dir`) through its config options; None: no PDFs on the site."""
    from .mkdocs_plugin import plugins_with

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise BuildError(f"找不到网站配置 {config_file}；请从示例项目复制 mkdocs.yml（tender new 生成的项目里有）")
    for pid, printed in (pdfs or {}).items():
        pdf_dir.mkdir(parents=True, exist_ok=True)
        _write(pdf_dir / f"{pid}.pdf", printed.pdf)
        _write(pdf_dir / f"{pid}.docx", printed.docx)
    plugins = plugins_with(config_file, checked=checked, pdf=pdfs is not None, pdf_dir=str(pdf_dir))
    if plugins is None:
        raise BuildError("mkdocs.yml 没有启用 tender 插件（plugins: 下应有 - tender）")
    mk_log = logging.getLogger("mkdocs")
    previous_level = mk_log.level
    mk_log.setLevel(logging.WARNING)
    collected = _Collect()
    mk_log.addHandler(collected)
    try:
        with _env("SOURCE_DATE_EPOCH", os.environ.get("SOURCE_DATE_EPOCH") or default_epoch(checked.project)):
            cwd = os.getcwd()
            os.chdir(root)  # relative paths in mkdocs.yml (jieba dictionaries, …) are read from the project root
            try:
                with _fewer_collections():
                    config = load_config(str(config_file), site_dir=str(site_dir), plugins=plugins)
                    mkdocs_build(config)
            finally:
                os.chdir(cwd)
    except MkDocsException as exc:
        detail = "；".join(collected.messages) or str(exc)
        raise BuildError(f"网站构建失败：{detail}") from None
    finally:
        mk_log.setLevel(previous_level)
        mk_log.removeHandler(collected)
    return sum(1 for _ in site_dir.rglob("*.html"))


#: an anonymous bid's plan keeps the usual name; its 承诺函 and the
#: identity-bearing parts go beside it for the 商务标
PLAN_PDF = "售后服务方案.pdf"
LETTER_PDF = "售后服务承诺函.pdf"
PLAN_DOCX = "售后服务方案.docx"
LETTER_DOCX = "售后服务承诺函.docx"


def write_bids(project: Any, analysis: Any, pdfs: dict[str, Printed], out: Path, letters: dict[str, Printed] | None = None) -> None:
    """Each bid's folder: its PDFs, their .docx and the 偏离表/评分索引 rows of the analysis as CSV."""
    from . import compliance

    (out / "bids").mkdir(parents=True, exist_ok=True)
    for bid_id, rb in sorted(project.bids.items()):
        folder = out / "bids" / bid_id
        folder.mkdir(parents=True, exist_ok=True)
        if bid_id in pdfs:
            _write(folder / PLAN_PDF, pdfs[bid_id].pdf)
            _write(folder / PLAN_DOCX, pdfs[bid_id].docx)
        if letters and bid_id in letters:
            _write(folder / LETTER_PDF, letters[bid_id].pdf)
            _write(folder / LETTER_DOCX, letters[bid_id].docx)
        _write(folder / "偏离表.csv", compliance.deviation_csv(analysis.deviation_rows(rb)))
        _write(folder / "评分索引.csv", compliance.scoring_csv(analysis.scoring_rows(rb)))


def current_pdfs(root: Path, project: Any, cache: Path) -> tuple[dict[str, Printed], dict[str, Printed], dict[str, Printed]]:
    """The PDFs and their .docx still in the cache for the data as it is
    now (`--no-pdf`), as (policies, bids, anonymous bids' 承诺函): kept in
    the output because they are exactly what a full build would write; a
    document whose data changed is left out rather than shown stale."""
    found: dict[str, dict[str, Printed]] = {"policy": {}, "bid": {}, "letter": {}}
    letters = [bid for bid, rb in project.bids.items() if rb.bid.anonymous]
    shared = shared_print_digest(root, project)
    for kind, ids in (("policy", project.policies), ("bid", project.bids), ("letter", letters)):
        for doc_id in sorted(ids):
            key = pdf_key(root, project, kind, doc_id, shared)
            with contextlib.suppress(OSError):
                data, docx = (cache / f"{key}.pdf").read_bytes(), (cache / f"{key}.docx").read_bytes()
                if data.startswith(b"%PDF") and docx.startswith(b"PK"):
                    found[kind][doc_id] = Printed(data, docx)
    return found["policy"], found["bid"], found["letter"]


def render_pdfs(root: Path, project: Any, analysis: Any, jobs: int, cache: Path, progress: Callable[[str], None], lock_fd: int | None,
                result: BuildResult) -> tuple[dict[str, Printed], dict[str, Printed], dict[str, Printed]]:
    """({policy_id: PDF and .docx}, {bid_id: …}, {anonymous bid_id: 承诺函 PDF and .docx}), from the cache where possible."""
    from . import pdf as pdfmod
    from . import word

    shared = shared_print_digest(root, project)
    todo = [Job("policy", pid, pdf_key(root, project, "policy", pid, shared), _job_cost("policy")) for pid in sorted(project.policies)]
    todo += [Job("bid", bid, pdf_key(root, project, "bid", bid, shared), _job_cost("bid")) for bid in sorted(project.bids)]
    todo += [Job("letter", bid, pdf_key(root, project, "letter", bid, shared), _job_cost("policy"))
             for bid in sorted(project.bids) if project.bids[bid].bid.anonymous]
    done: dict[tuple[str, str], Printed] = {}
    missing = []
    for job in todo:
        path, docx_path = cache / f"{job.key}.pdf", cache / f"{job.key}.docx"
        if path.is_file() and docx_path.is_file():
            data, docx_data = path.read_bytes(), docx_path.read_bytes()
            if data.startswith(b"%PDF") and docx_data.startswith(b"PK"):
                done[(job.kind, job.doc_id)] = Printed(data, docx_data)
                result.cached.append(job.label)
                progress(f"{job.label}（缓存）")
                continue
        missing.append(job)
    if missing:
        pdfmod.warn_if_slow_subsetting()
    try:
        if jobs > 1 and len(missing) > 1:
            import multiprocessing

            global _INHERITED
            ctx = multiprocessing.get_context("fork")
            _INHERITED = (project, analysis)
            order = sorted(missing, key=lambda j: -j.cost)
            with ProcessPoolExecutor(max_workers=min(jobs, len(missing)), mp_context=ctx, initializer=_worker_init, initargs=(lock_fd,)) as pool:
                futures = {pool.submit(_render_in_worker, str(project.root), j.kind, j.doc_id): j for j in order}
                for fut in as_completed(futures):
                    job = futures[fut]
                    try:
                        data, docx_data = fut.result()
                    except pdfmod.PdfError as exc:
                        raise BuildError(f"{job.label} 的 PDF 生成失败：{exc}") from None
                    except BrokenProcessPool:
                        raise BuildError(f"生成 {job.label} 的进程意外退出（内存不足？）；可不加 --jobs 重试") from None
                    done[(job.kind, job.doc_id)] = Printed(data, docx_data)
                    _write_cache(cache / f"{job.key}.pdf", data)
                    _write_cache(cache / f"{job.key}.docx", docx_data)
                    result.rendered.append(job.label)
                    progress(job.label)
        else:
            for job in missing:
                data, docx_data = word.render_both(project, job.kind, job.doc_id, analysis)
                done[(job.kind, job.doc_id)] = Printed(data, docx_data)
                _write_cache(cache / f"{job.key}.pdf", data)
                _write_cache(cache / f"{job.key}.docx", docx_data)
                result.rendered.append(job.label)
                progress(job.label)
    except pdfmod.PdfError as exc:
        raise BuildError(f"PDF 生成失败：{exc}") from None
    # forget cache entries no build of this project uses any more
    keep = {f"{j.key}{suffix}" for j in todo for suffix in (".pdf", ".docx")}
    for path in [*cache.glob("*.pdf"), *cache.glob("*.docx")]:
        if path.name not in keep:
            with contextlib.suppress(OSError):
                path.unlink()
    policies = {doc: data for (kind, doc), data in done.items() if kind == "policy"}
    bids = {doc: data for (kind, doc), data in done.items() if kind == "bid"}
    letters = {doc: data for (kind, doc), data in done.items() if kind == "letter"}
    return policies, bids, letters


def check_anonymous(project: Any, bids: dict[str, Printed | bytes]) -> None:
    """The last look before a 暗标 is written: the finished PDF's and
    .docx's text and metadata hold nothing of the bidder's identity (the
    check saw the HTML; this sees what the evaluator will open). Raises
    BuildError otherwise."""
    from .identity import find_identity, identity_items, pdf_leaks
    from .word import docx_text

    for bid_id, printed in sorted(bids.items()):
        if not project.bids[bid_id].bid.anonymous:
            continue
        pdf, docx = (printed.pdf, printed.docx) if isinstance(printed, Printed) else (printed, None)  # a PDF alone: its check only
        found = pdf_leaks(pdf, project.company)
        if docx is not None:
            found += [f"Word 文件中有{hit.item.describe()}" for hit in find_identity(docx_text(docx), identity_items(project.company))]
        if found:
            raise BuildError(f"暗标 {bid_id} 的 PDF 或 Word 文件中出现了投标人身份信息：{'；'.join(found[:10])}"
                             f"{f'（共 {len(found)} 处）' if len(found) > 10 else ''}。未写入任何文件")


def recover(root: Path, tmp: Path) -> None:
    """After a build killed between the two renames of the fallback swap: put
    the old tree back where it is missing, then clear the scratch folder."""
    for name in OUTPUTS:
        aside = tmp / f"{name}.old"
        if not (root / name).exists() and aside.is_dir():
            os.rename(aside, root / name)
    if tmp.exists():
        _remove_tree(tmp)


def run_build(root: Path, project: Any, *, analysis: Any = None, with_pdf: bool = True, jobs: int = 1, console: Any = None,
              before_swap: Callable[[], None] | None = None) -> BuildResult:
    """Build site/ and build/ from a checked project without errors;
    `analysis` is the check's (`CheckedProject.analysis`), else derived anew.
    `before_swap` runs once the new output is complete in the temporary
    folder and before it replaces anything: an exception there leaves the
    previous output as it was (the check that runs beside a preview build)."""
    from .analysis import Analysis, CheckedProject

    analysis = analysis if analysis is not None else Analysis(project)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    t0 = time.monotonic()
    result = BuildResult()
    root = Path(root).resolve()
    cache_root = root / CACHE_DIR
    try:
        cache_root.mkdir(exist_ok=True)
        (cache_root / "pdf").mkdir(exist_ok=True)
    except OSError as exc:
        raise BuildError(os_error_text(exc, f"项目目录 {root}")) from None
    with Lock(cache_root / "build.lock") as lock:
        tmp = cache_root / "tmp"
        try:
            recover(root, tmp)
            tmp.mkdir()
        except OSError as exc:
            raise BuildError(os_error_text(exc, f"缓存目录 {cache_root}")) from None

        state_file = cache_root / "state.json"
        digest = inputs_digest(root, with_pdf)
        with contextlib.suppress(OSError, ValueError):
            state = json.loads(state_file.read_text(encoding="utf-8"))
            if state.get("inputs") == digest and all(state.get(name) == tree_digest(root / name) for name in OUTPUTS):
                result.up_to_date = True
                result.seconds = time.monotonic() - t0
                _remove_tree(tmp)
                return result

        n_jobs = (len(project.policies) + len(project.bids) + sum(rb.bid.anonymous for rb in project.bids.values())) if with_pdf else 0
        progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=console, transient=False, disable=console is None)
        try:
            policies: dict[str, Printed] | None = None
            bids: dict[str, Printed] = {}
            letters: dict[str, Printed] = {}
            if with_pdf:
                task = progress.add_task("生成 PDF", total=n_jobs)

                def tick(label: str) -> None:
                    progress.update(task, advance=1, description=f"生成 PDF：{label}")

                if jobs > 1:
                    # workers are forked before the progress display starts its thread
                    policies, bids, letters = render_pdfs(root, project, analysis, jobs, cache_root / "pdf", tick, lock.fd, result)
                    progress.start()
                else:
                    progress.start()
                    policies, bids, letters = render_pdfs(root, project, analysis, jobs, cache_root / "pdf", tick, lock.fd, result)
                progress.update(task, description="生成 PDF")
                check_anonymous(project, bids)
            else:
                kept_policies, bids, letters = current_pdfs(root, project, cache_root / "pdf")
                policies = kept_policies or None  # None: the site shows no download links
                result.kept = len(kept_policies) + len(bids)
                result.dropped = len(project.policies) + len(project.bids) - result.kept
                progress.start()
            site_task = progress.add_task("构建网站", total=2)
            new_site, new_build = tmp / "site.new", tmp / "build.new"
            # the build runs only on a project the caller checked without errors
            result.pages = build_site(root, CheckedProject(project, [], analysis), policies, new_site, tmp / "policy-pdfs")
            progress.update(site_task, advance=1)
            write_bids(project, analysis, bids, new_build, letters)
            progress.update(site_task, advance=1)
        except OSError as exc:
            raise BuildError(os_error_text(exc, "临时输出目录")) from None
        finally:
            progress.stop()

        if before_swap is not None:
            try:
                before_swap()
            except BaseException:
                with contextlib.suppress(OSError):
                    _remove_tree(tmp)
                raise
        for name, new in (("site", new_site), ("build", new_build)):
            try:
                swap_in(new, root / name, tmp / f"{name}.old")
            except OSError as exc:
                raise BuildError(os_error_text(exc, f" {name}/")) from None
        with contextlib.suppress(OSError):
            _remove_tree(tmp)
        with contextlib.suppress(OSError):
            state_file.write_text(json.dumps({"inputs": digest, **{n: tree_digest(root / n) for n in OUTPUTS}}), encoding="utf-8")
    result.seconds = time.monotonic() - t0
    return result
