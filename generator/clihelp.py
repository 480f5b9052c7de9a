"""Chinese help and usage errors for the `tender` command line.

typer/click print their own English words ("Usage:", "Options", "Show this
message and exit.", "<bool>", "Missing argument") and cut long descriptions
with "…" in narrow terminals. Bid writers read Chinese, and a cut-off
description hides the very option they look for. So the help screens are
written here from the commands' own parameters (their `help=` texts stay the
single source), as plain text that wraps instead of cutting, and click's
usage errors are turned into Chinese sentences.
"""

from __future__ import annotations

import shutil
import textwrap
import unicodedata
from typing import Any

from typer.core import TyperCommand, TyperGroup

HELP_TEXT = "显示本帮助并退出"

#: what a value of each parameter type looks like, in the help and in errors
_TYPE_NAMES = {"integer": "整数", "integer range": "整数", "float": "数字", "path": "路径", "directory": "目录",
               "file": "文件", "text": "文字", "boolean": "是/否", "choice": "选项"}


def _width(text: str) -> int:
    """Display width: a Chinese character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


#: punctuation that never starts a line (Chinese typesetting's 避头点): it
#: stays on the line before, one column over the width
_NO_LINE_START = set("，。、；：？！）》」』”’,.;:?!)")


def _wrap(text: str, width: int) -> list[str]:
    """Wrap by display width, never cutting a line short with "…", never
    starting a line with a comma or full stop."""
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line = ""
        for ch in para:
            if _width(line + ch) > width and line and ch not in _NO_LINE_START:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
    return lines


def _value_name(param: Any) -> str:
    """Chinese name of the value a parameter takes (no "<bool>" hints)."""
    metavar = getattr(param, "metavar", None)
    if metavar:
        return metavar
    desc = getattr(param, "type_descriptor", None)  # typer >= 0.2x: no click type object
    if desc is not None:
        info = getattr(desc, "parameter_info", None)
        kind = {int: "integer", float: "float", str: "text", bool: "boolean"}.get(desc.annotation)
        if kind is None and getattr(desc.annotation, "__name__", "") in ("Path", "PosixPath"):
            kind, okay = "path", info
        else:
            okay = None
    else:
        kind, okay = getattr(getattr(param, "type", None), "name", "text"), getattr(param, "type", None)
    if kind == "path":
        return "目录" if getattr(okay, "file_okay", True) is False else ("文件" if getattr(okay, "dir_okay", True) is False else "路径")
    return _TYPE_NAMES.get(kind or "text", "值")


def _option_row(param: Any) -> tuple[str, str]:
    names = sorted(param.opts + list(param.secondary_opts), key=lambda o: (o.startswith("--"), o))
    left = ", ".join(names)
    if not getattr(param, "is_flag", False):
        left += f" {_value_name(param)}"
    help_text = param.help or ""
    if "--help" in param.opts:
        help_text = HELP_TEXT
    default = getattr(param, "default", None)
    if not getattr(param, "is_flag", False) and default not in (None, "", (), []) and "默认" not in help_text:
        help_text += f"（默认 {default}）"
    return left, help_text


def _table(rows: list[tuple[str, str]], width: int) -> list[str]:
    if not rows:
        return []
    left_w = min(max(_width(left) for left, _ in rows), 28)
    text_w = max(20, width - left_w - 6)
    out = []
    for left, right in rows:
        pad = " " * (left_w - _width(left))
        wrapped = _wrap(right, text_w)
        if _width(left) > left_w:
            out.append(f"  {left}")
            wrapped_lines = [f"  {' ' * left_w}  {w}" for w in wrapped]
        else:
            wrapped_lines = [f"  {left}{pad}  {wrapped[0]}"] + [f"  {' ' * left_w}  {w}" for w in wrapped[1:]]
        out += wrapped_lines
    return out


def _usage(ctx: Any, command: Any) -> str:
    pieces = []
    for param in command.get_params(ctx):
        if getattr(param, "param_type_name", "") == "argument":
            name = (param.metavar or param.name or "").upper() if param.metavar else (param.name or "").upper()
            pieces.append(name if param.required else f"[{name}...]" if param.nargs == -1 else f"[{name}]")
    if isinstance(command, TyperGroup):
        pieces.append("命令 [参数...]")
    return " ".join([ctx.command_path, "[选项]", *pieces])


def help_text(ctx: Any, command: Any) -> str:
    width = min(100, max(60, shutil.get_terminal_size((100, 24)).columns))
    doc = textwrap.dedent(command.help or "").strip()
    lines = [f"用法：{_usage(ctx, command)}", ""]
    for para in doc.split("\n\n"):
        lines += _wrap(para.replace("\n", ""), width - 2)
    params = command.get_params(ctx)
    args = [p for p in params if getattr(p, "param_type_name", "") == "argument"]
    opts = [p for p in params if getattr(p, "param_type_name", "") == "option" and not getattr(p, "hidden", False)]
    if args:
        lines += ["", "参数："]
        lines += _table([((p.metavar or (p.name or "").upper()), getattr(p, "help", "") or "") for p in args], width)
    if opts:
        lines += ["", "选项："]
        lines += _table([_option_row(p) for p in opts], width)
    if isinstance(command, TyperGroup):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                rows.append((name, textwrap.dedent(sub.help or "").strip().split("\n\n")[0].replace("\n", "")))
        lines += ["", "命令：", *_table(rows, width), "", f"每个命令的说明：{ctx.command_path} 命令 --help"]
    return "\n".join(lines) + "\n"


class ZhCommand(TyperCommand):
    """A command whose --help is Chinese plain text."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(help_text(ctx, self))


class ZhGroup(TyperGroup):
    """The `tender` group: Chinese help, and Chinese help for its commands."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(help_text(ctx, self))


def usage_error_text(exc: Any) -> str:
    """A click usage error as a Chinese sentence (click's own text is English)."""
    kind = type(exc).__name__
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "tender"
    hint = f"；用法见 {path} --help"
    param = getattr(exc, "param", None)
    pname = None
    if param is not None:
        pname = param.opts[0] if getattr(param, "opts", None) and param.param_type_name == "option" else (param.metavar or (param.name or "").upper())
    if kind == "NoSuchOption":
        close = getattr(exc, "possibilities", None)
        maybe = f"；是否想用 {'、'.join(sorted(close))}？" if close else ""
        return f"没有选项 {exc.option_name}{maybe}{hint}"
    if kind == "MissingParameter":
        return f"缺少参数 {pname or ''}{hint}"
    if kind == "BadParameter":
        return f"参数 {pname or ''} 的值不对：{_translate_detail(exc.message)}{hint}"
    if kind == "BadOptionUsage":
        return f"选项 {getattr(exc, 'option_name', '')} 用法不对：{_translate_detail(exc.message)}{hint}"
    if kind == "NoArgsIsHelpError":
        return ""
    message = getattr(exc, "message", str(exc))
    if message.startswith("No such command"):
        name = message.split("'")[1] if "'" in message else message
        return f"没有命令“{name}”；可用的命令见 tender --help"
    if message.startswith("Got unexpected extra argument"):
        extra = message.split("(", 1)[-1].rstrip(")")
        return f"多余的参数：{extra}{hint}"
    return f"{_translate_detail(message)}{hint}"


def _translate_detail(message: str) -> str:
    """The common detail phrases of click's type errors, in Chinese."""
    import re

    if message.startswith("Input should be a valid integer"):
        return "应为整数"
    if message.startswith("Input should be a valid number"):
        return "应为数字"
    m = re.match(r"Input should be (less|greater) than or equal to (\S+)", message)
    if m:
        return f"{'不能大于' if m[1] == 'less' else '不能小于'} {m[2]}"
    m = re.match(r"'?(.*?)'? is not a valid integer", message)
    if m:
        return f"“{m[1]}”不是整数"
    m = re.match(r"(.*) is not in the range (.*)\.", message)
    if m:
        return f"{m[1]} 超出范围 {m[2]}"
    m = re.match(r"Option '(.*)' requires an argument\.", message)
    if m:
        return f"选项 {m[1]} 后面要写一个值"
    m = re.match(r"Directory '(.*)' is a file\.", message)
    if m:
        return f"“{m[1]}”是文件，这里要目录"
    m = re.match(r"File '(.*)' is a directory\.", message)
    if m:
        return f"“{m[1]}”是目录，这里要文件"
    return message
