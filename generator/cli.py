"""The `tender` command line (`tender --help`; the stages behind it in ARCHITECTURE.md).

Exit codes: 0 clean (or warnings only), 1 findings that stop the work (errors,
or warnings with --strict), 2 the command cannot run (no project, bad
arguments, an output folder that cannot be written).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from typer.core import TyperCommand

from .clihelp import ZhCommand, ZhGroup, usage_error_text
from .findings import Severity, has_errors, to_json

app = typer.Typer(
    cls=ZhGroup,
    add_completion=False,
    no_args_is_help=True,
    help="tender：把售后服务承诺数据生成投标用的售后服务方案、网站和 PDF。",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)
# emoji=False: rich would print "x.yaml:100:7" as "x.yaml💯7" (":100:" is an emoji code)
err = Console(stderr=True, highlight=False, emoji=False)
out = Console(highlight=False, soft_wrap=True, emoji=False)


class Abort(Exception):
    """A condition that stops a command with a message for the user (exit 2)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def find_project(project: Path | None) -> Path:
    root = (project or Path.cwd()).resolve()
    if not (root / "commitments").is_dir():
        raise Abort(f"在 {root} 找不到 commitments/ 目录：请在项目根目录（含 mkdocs.yml 和 commitments/）运行，或用 --project 指定；新项目可用 tender new 目录名 生成")
    return root


ProjectOpt = typer.Option(None, "--project", "-p", help="项目根目录（默认当前目录）", file_okay=False)


def print_findings(findings, fmt: str) -> None:
    if fmt == "json":
        out.print(to_json(findings), markup=False)
        return
    for f in findings:
        style = "red" if f.severity is Severity.ERROR else "yellow"
        out.print(f"[{style}]{_escape(f.text())}[/{style}]")
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    summary = f"{errors} 个错误，{warnings} 个警告" if findings else "检查通过：没有发现问题"
    err.print(summary)


def _escape(text: str) -> str:
    # rich's own escape also handles a backslash before "[" (D:\[资料]), which
    # a plain replace turned into markup: "\[/x]" crashed the output
    from rich.markup import escape

    return escape(text)


def exit_code(findings, strict: bool) -> int:
    if has_errors(findings):
        return 1
    if strict and findings:
        return 1
    return 0


@app.command(cls=ZhCommand)
def check(
    paths: list[Path] = typer.Argument(None, help="只报告这些文件或目录中的问题（默认全部）；也可以是现成的方案文档 .docx、.pdf、.txt、.md"),
    fmt: str = typer.Option("text", "--format", metavar="text|json", help="输出格式：text（默认）或 json"),
    strict: bool = typer.Option(False, "--strict", help="有警告也返回 1"),
    project: Path | None = ProjectOpt,
) -> None:
    """检查全部数据：结构、时限阶梯、占位符、他人名称……；也可直接检查 Word、PDF、文本格式的售后服务方案。"""
    from .documents import FORMATS

    if fmt not in ("text", "json"):
        raise Abort(f"--format 只能是 text 或 json，而不是 {fmt}")
    documents = [p for p in paths or [] if p.suffix.lower() in FORMATS]
    if documents:
        findings = _check_documents(documents, project)
        data_paths = [p for p in paths if p not in documents]
        if data_paths:
            root = find_project(project)
            findings += _check_data(root, data_paths)
        print_findings(findings, fmt)
        raise typer.Exit(exit_code(findings, strict))
    root = find_project(project)
    findings = _check_data(root, paths)
    print_findings(findings, fmt)
    raise typer.Exit(exit_code(findings, strict))


def _check_data(root: Path, paths) -> list:
    from .checker import check_project

    only = [p if p.is_absolute() else Path.cwd() / p for p in paths] if paths else None
    for p in only or []:
        if not p.exists() and not p.is_symlink():
            raise Abort(f"路径不存在：{p}")
        data = Path(os.path.abspath(root / "commitments"))
        if not Path(os.path.abspath(p)).is_relative_to(data) and not data.is_relative_to(os.path.abspath(p)):
            # a file from an e-mail checked where it lies would "pass": nothing in it is read
            raise Abort(f"{p} 不在项目的 commitments/ 目录中，不会被检查；请先把它放进 commitments/（投标放 bids/，政策放 policies/）再检查；Word、PDF、文本格式的方案（.docx/.pdf/.txt/.md）可在任何位置直接检查")
    _, findings = check_project(root, only)
    return findings


def _check_documents(documents: list[Path], project: Path | None) -> list:
    """Plan documents: inside a project (or with --project) its names apply."""
    from .documents import DocumentError
    from .plancheck import check_document, project_or_none

    root = find_project(project) if project else (project or Path.cwd()).resolve()
    proj = project_or_none(root)
    findings = []
    for path in documents:
        try:
            findings += check_document(path, proj)
        except DocumentError as exc:
            raise Abort(str(exc)) from None
    return findings


@app.command(cls=ZhCommand)
def schema(
    kind: str | None = typer.Argument(None, help="文件类型：company（公司）、policy（服务政策）或 bid（投标）；写入目录时可不填，表示全部"),
    output: Path | None = typer.Option(None, "-o", "--output", help="写入这个目录，文件名为 <类型>.schema.json（默认输出到屏幕）", file_okay=False),
) -> None:
    """输出数据文件的 JSON Schema（编辑器据此给出中文提示、补全和错误）；每种文件一份。"""
    from .schema import KINDS, schema_text, write_schemas

    if kind is not None and kind not in KINDS:
        raise Abort(f"文件类型只能是 {'、'.join(KINDS)}，而不是“{kind}”")
    if output is None:
        if kind is None:
            raise Abort(f"请指定文件类型（{'、'.join(KINDS)}），或用 -o 目录 写入全部，如 tender schema -o commitments")
        sys.stdout.write(schema_text(kind))
        return
    try:
        output.mkdir(parents=True, exist_ok=True)
        written = write_schemas(output, [kind] if kind else None)
    except OSError as exc:
        raise Abort(f"无法写入 {output}：{exc.strerror or exc}") from None
    for path in written:
        err.print(f"已写入 {path}")


@app.command(cls=ZhCommand)
def rules(rule_id: str | None = typer.Argument(None, metavar="规则", help="只解释这一条规则（如 time-ladder），并给出错误示例和正确写法")) -> None:
    """列出全部检查规则及其说明；给出规则编号时详细解释这一条。"""
    from .rules import BUILTIN_RULES, load_all
    from .rules.zh import text_of

    zh = {"error": "错误", "warning": "警告"}
    catalogue = {rid: (sev, text_of(rid, doc)) for rid, (sev, doc) in BUILTIN_RULES.items()}
    for r in load_all():
        catalogue.setdefault(r.id, (r.severity, text_of(r.id)))
    if rule_id is None:
        for rid, (sev, text) in catalogue.items():
            out.print(f"[bold]{rid}[/bold]（{zh[sev.value]}）  {_escape(text.what if text else '')}")
        err.print(f"共 {len(catalogue)} 条规则；tender rules 规则编号 可查看一条规则的详细说明和示例")
        return
    if rule_id not in catalogue:
        import difflib

        close = difflib.get_close_matches(rule_id, list(catalogue), n=1)
        raise Abort(f"没有规则“{rule_id}”" + (f"；是否想查 {close[0]}？" if close else "；全部规则见 tender rules"))
    sev, text = catalogue[rule_id]
    out.print(f"[bold]{rule_id}[/bold]（{zh[sev.value]}）", markup=True)
    if text is not None:
        for label, value in (("检查什么", text.what), ("为什么", text.why), ("错误示例", text.bad), ("正确写法", text.good)):
            if value:
                out.print(f"{label}：{_escape(value)}")
    out.print(f"豁免某一处：在该文件的 waivers 中写 {{rule: {rule_id}, path: 位置, reason: 理由}}", markup=False)


@app.command("pdf", cls=ZhCommand)
def pdf_command(
    doc_id: str = typer.Argument(..., metavar="ID", help="政策或投标的编号：policies/ 或 bids/ 下的文件名（不含 .yaml）"),
    output: Path | None = typer.Option(None, "-o", "--output", help="输出文件（默认为当前目录下的 ID.pdf）", dir_okay=False),
    project: Path | None = ProjectOpt,
) -> None:
    """生成一份政策或投标的 PDF；先检查数据，有错误则不生成。"""
    from . import pdf as pdfmod

    pdfmod.warn_if_slow_subsetting()
    checked, kind = checked_document(doc_id, project, "PDF")
    proj = checked.project
    try:
        data = pdfmod.render_bid_pdf(proj, doc_id, checked.analysis) if kind == "bid" else pdfmod.render_policy_pdf(proj, doc_id)
    except pdfmod.PdfError as exc:
        raise Abort(str(exc), code=1) from None
    if kind == "bid" and proj.bids[doc_id].bid.anonymous:
        from .identity import pdf_leaks

        leaks = pdf_leaks(data, proj.company)
        if leaks:
            raise Abort(f"暗标 PDF 中出现了投标人身份信息，未写入：{'；'.join(leaks[:10])}", code=1)
        err.print("这是暗标（技术标）；承诺函等商务标内容由 tender build 另行生成 售后服务承诺函.pdf")
    target = output or Path.cwd() / f"{doc_id}.pdf"
    write_atomically(target, data)
    err.print(f"已写入 {target}（{len(data) // 1024} KB）")


@app.command("docx", cls=ZhCommand)
def docx_command(
    doc_id: str = typer.Argument(..., metavar="ID", help="政策或投标的编号：policies/ 或 bids/ 下的文件名（不含 .yaml）"),
    output: Path | None = typer.Option(None, "-o", "--output", help="输出文件（默认为当前目录下的 ID.docx）", dir_okay=False),
    project: Path | None = ProjectOpt,
) -> None:
    """生成一份政策或投标的 Word 文件（.docx，内容与 PDF 相同，可套用公司模板）；先检查数据，有错误则不生成。"""
    from . import pdf as pdfmod
    from . import word

    pdfmod.warn_if_slow_subsetting()
    checked, kind = checked_document(doc_id, project, "Word 文件")
    proj = checked.project
    try:
        pdf, data = word.render_both(proj, kind, doc_id, checked.analysis)  # the PDF's layout gives the TOC its page numbers
    except pdfmod.PdfError as exc:
        raise Abort(str(exc), code=1) from None
    if kind == "bid" and proj.bids[doc_id].bid.anonymous:
        from .build import BuildError, Printed, check_anonymous

        try:
            check_anonymous(proj, {doc_id: Printed(pdf, data)})
        except BuildError as exc:
            raise Abort(str(exc), code=1) from None
        err.print("这是暗标（技术标）；承诺函等商务标内容由 tender build 另行生成 售后服务承诺函.docx")
    target = output or Path.cwd() / f"{doc_id}.docx"
    write_atomically(target, data)
    err.print(f"已写入 {target}（{max(1, len(data) // 1024)} KB）")


def checked_document(doc_id: str, project: Path | None, what: str):
    """(CheckedProject, "policy" or "bid") for a document id; findings in
    its files are printed, and errors among them stop the command (exit 1)."""
    from .checker import check_project
    from .project import COMMITMENTS

    root = find_project(project)
    checked = check_project(root)
    proj, findings = checked.project, checked.findings
    kind = proj.kind_of(doc_id)
    if kind is None:
        raise Abort(f"找不到“{doc_id}”：应为 {COMMITMENTS}/policies/ 或 {COMMITMENTS}/bids/ 下的文件名（不含 .yaml/.yml）")
    files = {f"{COMMITMENTS}/company.yaml", proj.file_of(kind, doc_id)}
    if kind == "bid" and doc_id in proj.bids:
        files.add(proj.policy_files.get(proj.bids[doc_id].bid.policy, ""))
    findings = [f for f in findings if f.file in files]
    if findings:
        print_findings(findings, "text")
    if has_errors(findings) or (kind == "bid" and doc_id not in proj.bids) or (kind == "policy" and doc_id not in proj.policies):
        err.print(f"数据有错误，未生成 {what}")
        raise typer.Exit(1)
    return checked, kind


@app.command("build", cls=ZhCommand)
def build_command(
    no_pdf: bool = typer.Option(False, "--no-pdf", help="不生成 PDF（快）：仍与数据一致的 PDF 保留，没有与当前数据一致版本的 PDF 不放进 site/ 和 build/"),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, max=64, help="并行生成 PDF 的进程数（默认 0：按 CPU 核数，最多 4）"),
    project: Path | None = ProjectOpt,
) -> None:
    """检查数据，然后生成网站 site/（含政策 PDF）和每个投标的文件 build/bids/；有错误则什么都不写。"""
    from .background import BackgroundCheck

    root = find_project(project)
    jobs = jobs or min(4, os.cpu_count() or 1)
    background = BackgroundCheck.start(root) if no_pdf else None  # forked before the heavy imports: the child takes them on the other core
    from .build import BuildError, run_build

    if background is not None:
        proj, result = _build_beside_check(root, background, jobs)
    else:
        from .checker import check_project

        checked = check_project(root)
        proj = checked.project
        _stop_on_errors(checked.findings)
        try:
            result = run_build(root, proj, analysis=checked.analysis, with_pdf=not no_pdf, jobs=jobs, console=err)
        except BuildError as exc:
            raise Abort(str(exc)) from None
    if result.up_to_date:
        err.print(f"没有变化：site/ 和 build/ 已是最新（{result.seconds:.1f} 秒）")
        return
    if no_pdf:
        # a PDF is missing because its data changed or because it was never made: the build cannot tell which
        missing = f"，{result.dropped} 份没有与当前数据一致的版本，暂不提供（运行 tender build 生成）" if result.dropped else ""
        kept = f"保留了 {result.kept} 份仍与数据一致的 PDF" if result.kept else "没有仍与数据一致的 PDF"
        pdfs = f"；未生成 PDF：{kept}{missing}"
    else:
        pdfs = f"；PDF 新生成 {len(result.rendered)} 份、取自缓存 {len(result.cached)} 份"
    err.print(f"已构建 site/（{result.pages} 个页面）和 build/bids/（{len(proj.bids)} 个投标）{pdfs}，用时 {result.seconds:.1f} 秒", soft_wrap=True)


def _stop_on_errors(findings: list) -> None:
    """Print the check's findings; exit 1 (nothing written) when one is an error."""
    if findings:
        print_findings(findings, "text")
    if has_errors(findings):
        err.print("数据有错误，未构建；之前的输出保持不变")
        raise typer.Exit(1)


class _CheckFailed(Exception):
    """The background check found errors: the build must not swap its output in."""


def _build_beside_check(root: Path, background: Any, jobs: int) -> tuple[Any, Any]:
    """`build --no-pdf` with the check running in a forked process: the site
    is built into the build's temporary folder meanwhile and swapped in only
    once the check has passed (run_build's `before_swap`); with an error,
    nothing is written, exactly as when the check runs first. A build step
    that fails on data the check rejects reports the check's findings."""
    from .build import BuildError, run_build
    from .project import load_project

    proj, load_findings = load_project(root)
    if has_errors(load_findings):  # no speculative build on data that does not even load
        _stop_on_errors(background.findings())
    shown = False

    def confirm() -> None:
        nonlocal shown
        shown = True
        findings = background.findings()
        if findings:
            print_findings(findings, "text")
        if has_errors(findings):
            raise _CheckFailed

    try:
        result = run_build(root, proj, with_pdf=False, jobs=jobs, console=err, before_swap=confirm)
    except _CheckFailed:
        err.print("数据有错误，未构建；之前的输出保持不变")
        raise typer.Exit(1) from None
    except Exception as exc:  # noqa: BLE001 - on data the check rejects, the check's findings are the answer
        if not shown:
            _stop_on_errors(background.findings())
        if isinstance(exc, BuildError):
            raise Abort(str(exc)) from None
        raise
    if not shown:  # nothing changed since the last build: its findings are still worth showing
        _stop_on_errors(background.findings())
    return proj, result


#: mkdocs' own progress lines during `tender serve`, in the bid writer's
#: language (a line not listed is shown as mkdocs wrote it)
SERVE_LOG_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), zh) for p, zh in (
    (r"^Building documentation\.*$", "正在生成网站…"),
    (r"^Documentation built in ([\d.]+) seconds$", r"网站已生成，用时 \1 秒"),
    (r"^(\[[\d:]+\] )?Watching paths for changes: (.*)$", r"\1正在监视这些文件的改动：\2"),
    (r"^(\[[\d:]+\] )?Serving on (\S+)$", r"\1预览已启动：\2"),
    (r"^(\[[\d:]+\] )?Detected file changes$", r"\1发现文件改动，重新生成"),
    (r"^(\[[\d:]+\] )?Reloading browsers$", r"\1刷新浏览器"),
    (r"^(\[[\d:]+\] )?Browser connected: (\S+)$", r"\1浏览器已连接：\2"),
    (r"^Shutting down\.*$", "正在停止预览…"),
))
#: mkdocs lines that say nothing to a bid writer
SERVE_LOG_HIDDEN = re.compile(r"^Cleaning site directory$")
LEVEL_ZH = {"DEBUG": "调试", "INFO": "信息", "WARNING": "警告", "ERROR": "错误", "CRITICAL": "严重错误"}


class ServeLogFormatter(logging.Formatter):
    """mkdocs' log lines in Chinese: level names and the known progress messages."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        for pattern, zh in SERVE_LOG_ZH:
            if pattern.match(message):
                message = pattern.sub(zh, message)
                break
        return f"{LEVEL_ZH.get(record.levelname, record.levelname)}：{message}"


@app.command("serve", cls=ZhCommand)
def serve_command(
    pdf: bool = typer.Option(False, "--pdf", help="同时生成政策 PDF（较慢）"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="端口（只监听本机 127.0.0.1）"),
    project: Path | None = ProjectOpt,
) -> None:
    """本地预览网站（http://127.0.0.1:端口/），修改数据或模板后自动刷新；默认不生成 PDF。"""
    root = find_project(project)
    if not (root / "mkdocs.yml").is_file():
        raise Abort(f"在 {root} 找不到 mkdocs.yml；请从 tender new 生成的项目中复制一份")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    from .mkdocs_plugin import plugins_with

    handler = logging.StreamHandler()
    handler.setFormatter(ServeLogFormatter())
    handler.addFilter(lambda record: not SERVE_LOG_HIDDEN.search(record.getMessage()))
    mk_log = logging.getLogger("mkdocs")
    mk_log.addHandler(handler)
    mk_log.setLevel(logging.INFO)
    err.print(f"预览地址：http://127.0.0.1:{port}/（Ctrl+C 结束）")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        # the plugin watches commitments/ and templates/; --pdf through its options
        options = {"plugins": plugins} if (plugins := plugins_with(root / "mkdocs.yml", pdf=pdf, bid_pdf=pdf)) else {}
        serve(str(root / "mkdocs.yml"), dev_addr=f"127.0.0.1:{port}", livereload=True, **options)
    except MkDocsException as exc:
        raise Abort(f"预览失败：{exc}") from None
    except OSError as exc:
        raise Abort(f"无法在 127.0.0.1:{port} 启动预览：{exc.strerror or exc}（端口被占用时可用 --port 换一个）") from None
    finally:
        os.chdir(cwd)


@app.command("compare")
def compare_command(
    files: list[Path] = typer.Argument(..., metavar="文件…", help="两份或更多文件：.pdf、.docx、.txt 或 .md（我方的或他人的）"),
    fmt: str = typer.Option("text", "--format", help="输出格式：text 或 json"),
    min_chars: int = typer.Option(60, "--min-chars", min=10, max=10000, help="相同或近似段落至少多少字才报告（不计标点和空格）"),
    tender: list[Path] = typer.Option([], "--tender", help="招标文件（其条款原文是每份投标都有的内容，不算雷同）；可给多次"),
    project: Path | None = ProjectOpt,
) -> None:
    """雷同/串标自查：找出评审会看到的相同段落、共同错别字、相同文件属性、共同联系人和相同图片。"""
    from .compare import CompareError, compare_documents, load_documents, project_boilerplate, read_one, report_json, report_text

    if fmt not in ("text", "json"):
        raise Abort(f"--format 只能是 text 或 json，而不是 {fmt}")
    for f in [*files, *tender]:
        if not f.exists():
            raise Abort(f"文件不存在：{f}")
    try:
        docs = load_documents(files)
        boilerplate = [read_one(t, "[招标文件]").text for t in tender]
    except CompareError as exc:
        raise Abort(str(exc)) from None
    root = (project or Path.cwd()).resolve()
    if (root / "commitments").is_dir():
        from .project import load_project

        boilerplate += project_boilerplate(load_project(root)[0])
    report = compare_documents(docs, boilerplate, min_chars=min_chars)
    out.print(report_json(report) if fmt == "json" else report_text(report), markup=False, highlight=False)
    raise typer.Exit(1 if report.flagged else 0)


@app.command("import", cls=ZhCommand)
def import_command(
    document: Path = typer.Argument(..., metavar="方案文档", help="现成的售后服务方案：.docx、.pdf（有文字层）、.txt 或 .md"),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="文件", help="草稿写到哪里（默认：项目中为 commitments/policies/<文件名>.yaml，否则为当前目录的 <文件名>.yaml；--plan all 时为 <文件名>-1.yaml、<文件名>-2.yaml……）"),
    plan: str | None = typer.Option(None, "--plan", metavar="N|all", help="文档含多份方案（方案1、方案2……）时，导入第 N 份；all：全部导入，每份一个文件"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的文件"),
) -> None:
    """把现成的 Word、PDF 或文本方案导入为服务政策草稿（YAML）：读到的数值写入字段并注明出处和原文，没写明的留空，原文按章节保存；方案写明的公司信息（名称、热线、网点、人员）另写一份公司信息草稿。"""
    from .documents import DocumentError, read_document
    from .importer import ImportError_, build_draft, company_draft, company_target, confidential_marking, default_output, inside_project, numbered, plan_count

    if not document.exists():
        raise Abort(f"找不到文件：{document}")
    if plan is not None and plan != "all" and not (plan.isdigit() and int(plan) >= 1):
        raise Abort(f"--plan 应为方案的序号（1、2……）或 all，而不是“{plan}”")
    target = output if output is not None else default_output(document, Path.cwd())
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise Abort(f"输出文件应以 .yaml 结尾：{target}")
    if not target.parent.is_dir():
        raise Abort(f"目录不存在：{target.parent}")
    try:
        marking = confidential_marking(read_document(document))
        if marking and inside_project(target):
            raise Abort(f"{document} 标记为保密（“{marking}”）：不能导入到项目的 commitments/ 中（服务政策会发布到网站）。请先删去其中的投标保密内容，或导出到项目以外的位置")
        if plan == "all":
            count = plan_count(document)
            wanted = [(n, numbered(target, n)) for n in range(1, count + 1)] if count > 1 else [(None, target)]
        else:
            wanted = [(int(plan) if plan else None, target)]
        taken = [t for _, t in wanted if t.exists()]
        if taken and not force:
            raise Abort(f"{'、'.join(_shown(t) for t in taken)} 已存在；不会覆盖，什么都没有写入。请换一个 -o 文件名，或加 --force 覆盖")
        drafts = [(build_draft(document, n, t), t) for n, t in wanted]
    except DocumentError as exc:
        raise Abort(str(exc)) from None
    except ImportError_ as exc:
        raise Abort(str(exc)) from None
    # the company parts: into the project's company.yaml when it has none and
    # only one plan states any (plans of a collection may be different companies)
    stating = [d for d, _ in drafts if d.company]
    companies = []
    for draft, t in drafts:
        if not draft.company:
            companies.append((None, None, None))
            continue
        file, company_yaml = company_target(t)
        if len(stating) > 1 and file == company_yaml:
            file = (company_yaml.parent.parent if company_yaml else t.parent) / f"{t.stem}-公司信息.yaml"
        companies.append((company_draft(draft, file), file, company_yaml))
    taken = [f for c, f, _ in companies if c is not None and f.exists()]
    if taken and not force:
        raise Abort(f"{'、'.join(_shown(f) for f in taken)} 已存在；不会覆盖（方案中的公司信息要写在这里）。请先移走它，或加 --force 覆盖；什么都没有写入")
    for (draft, t), (company, company_file, company_yaml) in zip(drafts, companies):
        write_atomically(t, draft.text.encode("utf-8"))
        title = f"（{draft.title}）" if len(drafts) > 1 else ""
        err.print(f"已写入 {t}{title}：{draft.values} 项数值读入字段，{draft.paragraphs} 段原文保存在 prose 中", soft_wrap=True)
        if company is not None:
            write_atomically(company_file, company.text.encode("utf-8"))
            _told_company(company, company_file, company_yaml)
        if draft.missing:
            err.print(f"方案没有写明 {len(draft.missing)} 项（已留空，见文件开头的注释）", soft_wrap=True)
        if draft.dropped:
            err.print("以下读到的数值不符合数据格式，没有写入：\n  " + "\n  ".join(draft.dropped), soft_wrap=True)
    if not stating:
        err.print("方案中没有读到公司信息（公司名称、服务热线、网点、人员）", soft_wrap=True)
    shown = " ".join(str(t) for _, t in drafts) if len(drafts) <= 3 else str(target.parent)
    err.print(f"接着运行：{command_path()} check {shown}", soft_wrap=True)


def _told_company(company, company_file: Path, company_yaml: Path | None) -> None:
    """Say in Chinese what of the company was found and where it went."""
    found = "；".join(company.found)
    if company_file == company_yaml:
        err.print(f"已写入公司信息草稿 {_shown(company_file)}：{found}；方案没有写明的 {len(company.missing)} 项列在文件开头，请补上", soft_wrap=True)
    elif company_yaml is not None:
        state = "已存在，未改动" if company_yaml.exists() else "没有写入（文档中不止一份方案写有公司信息）"
        err.print(f"方案中读到的公司信息（{found}）写在 {_shown(company_file)}（tender check 不读这个文件）；"
                  f"{_shown(company_yaml)} {state}：请核对后把需要的部分复制进去", soft_wrap=True)
    else:
        err.print(f"方案中读到的公司信息（{found}）写在 {_shown(company_file)}；放入项目时，把它复制为（或并入）commitments/company.yaml", soft_wrap=True)
    if company.dropped:
        err.print("以下读到的公司信息不符合数据格式，没有写入：\n  " + "\n  ".join(company.dropped), soft_wrap=True)


@app.command("new")
def new_command(directory: Path = typer.Argument(..., metavar="DIR", help="新项目的目录（不存在或为空）")) -> None:
    """生成一个可直接构建的新项目（示例公司的数据、模板和 mkdocs.yml）。"""
    from .scaffold import ScaffoldError, new_project

    try:
        target = new_project(directory)
    except ScaffoldError as exc:
        raise Abort(str(exc)) from None
    cmd = command_path()
    err.print(f"已生成项目 {target}；接着运行：\n  cd {target}\n  {cmd} check\n  {cmd} serve    （预览网站和投标）\n  {cmd} build    （生成网站、PDF 和偏离表）", soft_wrap=True)


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path) if Path(path).absolute().is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        return str(path)


def command_path() -> str:
    """How to run this very tender again: `tender` when that name on PATH is
    this program, else its full path (a .venv/bin/tender not on PATH), else
    `python -m generator` with the full interpreter path."""
    import shlex
    import shutil

    argv0 = Path(sys.argv[0])
    if argv0.name == "tender":
        on_path = shutil.which("tender")
        if on_path and Path(on_path).resolve() == argv0.resolve():
            return "tender"
        return shlex.quote(str(argv0.absolute()))
    return f"{shlex.quote(sys.executable)} -m generator"


def write_atomically(target: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename: an
    interrupted write never leaves half a PDF or .docx under the real name."""
    import tempfile

    target = target.absolute()
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise Abort(f"无法写入 {target.parent}：{exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _chinese_help_everywhere() -> None:
    """Every command gets the Chinese help screen, including commands added
    later without `cls=ZhCommand` (the decorator's default is typer's English one)."""
    for info in app.registered_commands:
        if info.cls is None or info.cls is TyperCommand:
            info.cls = ZhCommand


def main() -> None:
    """Entry point: turn every expected failure into a message, never a traceback."""
    _chinese_help_everywhere()
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except Abort as exc:
        err.print(f"[red]错误：[/red]{_escape(str(exc))}")
        sys.exit(exc.code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        err.print("已中断；之前的输出保持不变")
        sys.exit(130)
    except Exception as exc:
        import click

        kinds = [click.exceptions]
        try:  # typer >= 0.20 raises its own vendored copy of click's exceptions
            from typer._click import exceptions as vendored

            kinds.append(vendored)
        except ImportError:  # pragma: no cover
            pass
        if any(isinstance(exc, getattr(k, "ClickException", ())) for k in kinds):
            text = usage_error_text(exc)
            if text:
                err.print(f"[red]错误：[/red]{_escape(text)}")
            elif getattr(exc, "ctx", None) is not None:
                sys.stdout.write(exc.ctx.get_help())
            sys.exit(2)
        if any(isinstance(exc, getattr(k, "Abort", ())) for k in kinds):
            sys.exit(130)
        if os.environ.get("TENDER_DEBUG"):
            raise
        err.print(f"[red]内部错误：[/red]{_escape(type(exc).__name__)}: {_escape(str(exc))}（设置环境变量 TENDER_DEBUG=1 可查看详细信息；请把此信息反馈给开发者）")
        sys.exit(2)


def run() -> None:
    """The `tender` command (console script and `python -m generator`):
    `main()`, then leave without tearing the interpreter down.

    Why: freeing every object of a finished build (jieba's dictionary, the
    pages mkdocs held) takes about 0.16 s, a tenth of a `--no-pdf` build of
    the example; the output is written by then. atexit handlers still run
    (temporary folders, multiprocessing, logging) and the streams are
    flushed; with a thread still running, Python's own exit is kept so the
    thread is waited for. Tests call `main()`, which only raises SystemExit."""
    import atexit
    import threading

    try:
        main()
        code: Any = 0
    except SystemExit as exc:
        code = exc.code
    if threading.active_count() > 1:
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
