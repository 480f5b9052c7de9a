"""The `tender` command line (contract in architecture.md).

Exit codes: 0 clean (or warnings only), 1 findings that stop the work (errors,
or warnings with --strict), 2 the command cannot run (no project, bad
arguments, an output folder that cannot be written).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .findings import Severity, has_errors, to_json

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="tender：把售后服务承诺数据生成投标用的售后服务方案、网站和 PDF。",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)


class Abort(Exception):
    """A condition that stops a command with a message for the user (exit 2)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def find_project(project: Optional[Path]) -> Path:
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
    return text.replace("[", "\\[")


def exit_code(findings, strict: bool) -> int:
    if has_errors(findings):
        return 1
    if strict and findings:
        return 1
    return 0


@app.command()
def check(
    paths: list[Path] = typer.Argument(None, help="只报告这些文件或目录中的问题（默认全部）"),
    fmt: str = typer.Option("text", "--format", help="输出格式：text 或 json"),
    strict: bool = typer.Option(False, "--strict", help="有警告也返回 1"),
    project: Optional[Path] = ProjectOpt,
) -> None:
    """检查全部数据：结构、时限阶梯、占位符、他人名称……"""
    from .checker import check_project

    if fmt not in ("text", "json"):
        raise Abort(f"--format 只能是 text 或 json，而不是 {fmt}")
    root = find_project(project)
    only = [p if p.is_absolute() else Path.cwd() / p for p in paths] if paths else None
    for p in only or []:
        if not p.exists():
            raise Abort(f"路径不存在：{p}")
    _, findings = check_project(root, only)
    print_findings(findings, fmt)
    raise typer.Exit(exit_code(findings, strict))


@app.command()
def schema(output: Optional[Path] = typer.Option(None, "-o", "--output", help="写入文件（默认输出到屏幕）")) -> None:
    """输出数据文件的 JSON Schema（编辑器据此给出中文提示和补全）。"""
    from .schema import schema_text

    text = schema_text()
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"已写入 {output}")
    else:
        sys.stdout.write(text)


@app.command()
def rules() -> None:
    """列出全部检查规则及其说明。"""
    from .rules import BUILTIN_RULES, load_all

    seen = set()
    for rid, (sev, doc) in BUILTIN_RULES.items():
        out.print(f"[bold]{rid}[/bold] ({sev.value})  {_escape(doc)}")
    for r in load_all():
        if r.id in seen:
            continue
        seen.add(r.id)
        first = r.doc.split("\n\n")[0].replace("\n", " ")
        out.print(f"[bold]{r.id}[/bold] ({r.severity.value})  {_escape(first)}")


def main() -> None:
    """Entry point: turn every expected failure into a message, never a traceback."""
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
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(2)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(130)
        if os.environ.get("TENDER_DEBUG"):
            raise
        err.print(f"[red]内部错误：[/red]{_escape(type(exc).__name__)}: {_escape(str(exc))}（设置环境变量 TENDER_DEBUG=1 可查看详细信息；请把此信息反馈给开发者）")
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
