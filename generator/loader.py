"""Reading the YAML data files safely, keeping file:line for every value.

Bid writers edit these files by hand, often at night before a deadline, and
the files travel by e-mail. So the loader:

* only ever builds plain values (str, int, float, bool, date, lists, maps):
  any tag other than YAML's core ones (`!!python/object`, `!foo`) is refused;
* refuses duplicate keys (YAML silently keeps the last one);
* bounds work: file size, nesting depth and the number of values after alias
  expansion (a "billion laughs" file is stopped, not expanded);
* turns every problem into a Chinese finding with file:line, never a traceback;
* remembers where each value stands (`LocDict.locs`, `LocList.locs`) so that
  rules and schema errors can point at the right line.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .findings import Finding, Location, Severity

try:  # libyaml is much faster; its parser is used only after the depth scan below
    from yaml import CSafeLoader as _FastLoader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _FastLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_VALUES = 200_000
MAX_SCALAR_CHARS = 100_000

CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:merge",
}


class LocDict(dict):
    """A mapping from a data file that knows where it and its values stand."""

    __slots__ = ("loc", "locs")

    def __init__(self, *args: Any, loc: Location | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.loc = loc
        self.locs: dict[str, Location] = {}


class LocList(list):
    """A sequence from a data file that knows where it and its items stand."""

    __slots__ = ("loc", "locs")

    def __init__(self, *args: Any, loc: Location | None = None) -> None:
        super().__init__(*args)
        self.loc = loc
        self.locs: list[Location] = []


class LoadError(Exception):
    """A file that cannot be read as data; carries the finding to report."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def _error(rule: str, file: str, line: int, message: str, col: int = 1) -> LoadError:
    return LoadError(Finding(rule, Severity.ERROR, file, line, message, col))


# -- bytes to text -----------------------------------------------------------

_UTF16_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode(data: bytes, file: str) -> str:
    """UTF-8 (with or without BOM) only; other encodings get a clear hint."""
    if any(data.startswith(bom) for bom in _UTF16_BOMS):
        raise _error("file-encoding", file, 1, "文件是 UTF-16/UTF-32 编码；请在编辑器中另存为“UTF-8”编码后再试")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = "文件不是 UTF-8 编码"
        try:
            data.decode("gb18030")
            hint += "，看起来是 GBK/GB18030（Windows 记事本的“ANSI”）"
        except UnicodeDecodeError:
            pass
        raise _error("file-encoding", file, line, f"{hint}；请另存为 UTF-8 编码后再试（第 {line} 行起无法解码）") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise _error("file-encoding", file, line, "文件含有空字符（\\0），不是文本文件；请确认没有把 Word 或 Excel 文件改名为 .yaml")
    return text


# -- cheap scans before parsing ----------------------------------------------

_TAB_INDENT = re.compile(r"^[ ]*\t", re.M)


def prescan(text: str, file: str) -> None:
    """Problems best caught before the parser: tabs, nesting depth."""
    m = _TAB_INDENT.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise _error("yaml-syntax", file, line, f"第 {line} 行用制表符（Tab）缩进；YAML 只允许空格缩进，请把 Tab 换成空格")
    depth = 0
    deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    widest = max((len(line) - len(line.lstrip(" ")) for line in text.splitlines()), default=0)
    if deepest > MAX_DEPTH or widest > MAX_DEPTH * 8:
        raise _error("yaml-syntax", file, 1, f"嵌套层次过深（超过 {MAX_DEPTH} 层）；数据文件不需要这么深的结构，请检查缩进或括号")


# -- parser messages in Chinese ---------------------------------------------

_PROBLEMS = [
    ("found duplicate anchor", "锚点（&名字）重复定义"),
    ("found undefined alias", "引用了未定义的别名（*名字）"),
    ("found character '\\t'", "此处有制表符（Tab）；YAML 只允许空格"),
    ("found unexpected end of stream", "文件意外结束：可能有未闭合的引号或括号"),
    ("while scanning a quoted scalar", "引号没有闭合：请检查这一行的引号是否成对"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的引号、缩进有误"),
    ("mapping values are not allowed here", "这里不能出现“键: 值”：可能缩进不对，或值里有未加引号的冒号（请给值加引号）"),
    ("expected <block end>, but found", "缩进不一致：同一层的键必须对齐"),
    ("did not find expected key", "缩进不一致或缺少“-”：同一层的键必须对齐"),
    ("did not find expected '-' indicator", "列表项缩进不一致：同一列表的“-”必须对齐"),
    ("expected a single document", "一个文件只能有一个 YAML 文档（不要用“---”分隔多份）"),
    ("found unknown escape character", "双引号中有无法识别的转义字符（\\）；路径请改用单引号"),
    ("special characters are not allowed", "文件含有不允许的控制字符"),
    ("unacceptable character", "文件含有不允许的控制字符"),
    ("found a tab character", "此处有制表符（Tab）；YAML 只允许空格"),
    ("while parsing a flow", "方括号或花括号没有正确闭合"),
    ("while scanning a block scalar", "多行文本（| 或 >）的写法有误"),
    ("while scanning an anchor", "锚点（&）写法有误"),
    ("while scanning an alias", "别名（*）写法有误"),
    ("while scanning a simple key", "缺少冒号“:”，或上一行的引号、缩进有误"),
]


def _translate(exc: yaml.MarkedYAMLError, file: str) -> LoadError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    col = mark.column + 1 if mark else 1
    english = f"{exc.context or ''} {exc.problem or ''}"
    for needle, chinese in _PROBLEMS:
        if needle in english:
            return _error("yaml-syntax", file, line, f"YAML 语法错误：{chinese}", col)
    return _error("yaml-syntax", file, line, f"YAML 语法错误（{(exc.problem or '').strip()}）：请检查这一行附近的缩进、冒号和引号", col)


# -- nodes to values ----------------------------------------------------------


class _Builder:
    """Turns a composed node graph into LocDict/LocList/scalars, with limits."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.count = 0
        self.scalars = SafeConstructor()

    def loc(self, node: Node) -> Location:
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: Node, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            loc = self.loc(node)
            raise _error("yaml-syntax", self.file, loc.line, f"展开后的数据超过 {MAX_VALUES} 个值（疑似“别名炸弹”）；请不要用别名（*）层层复制数据")
        if depth > MAX_DEPTH:
            raise _error("yaml-syntax", self.file, self.loc(node).line, f"嵌套层次过深（超过 {MAX_DEPTH} 层）")
        if node.tag not in CORE_TAGS:
            raise _error("yaml-tag", self.file, self.loc(node).line, f"不允许的 YAML 标签“{node.tag}”：数据文件只能含文字、数字、日期、列表和映射，不能含程序对象或自定义标签")
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            seq = LocList(loc=self.loc(node))
            for item in node.value:
                seq.append(self.build(item, depth + 1))
                seq.locs.append(self.loc(item))
            return seq
        assert isinstance(node, MappingNode)
        return self.mapping(node, depth)

    def scalar(self, node: ScalarNode) -> Any:
        if len(node.value) > MAX_SCALAR_CHARS:
            raise _error("yaml-syntax", self.file, self.loc(node).line, f"一个值超过 {MAX_SCALAR_CHARS} 个字符，不像是正常的数据")
        try:
            value = self.scalars.construct_object(node)
        except (ValueError, yaml.YAMLError):
            raise _error("yaml-syntax", self.file, self.loc(node).line, f"无法识别的值“{node.value}”（如是日期，请写成 2026年11月23日 并加引号）") from None
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            raise _error("yaml-syntax", self.file, self.loc(node).line, f"“{node.value}”不是有效的数字")
        return value

    def mapping(self, node: MappingNode, depth: int) -> LocDict:
        out = LocDict(loc=self.loc(node))
        merged: list[LocDict] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                source = self.build(value_node, depth + 1)
                merged.extend(source if isinstance(source, list) else [source])
                continue
            if not isinstance(key_node, ScalarNode):
                raise _error("yaml-syntax", self.file, self.loc(key_node).line, "键必须是简单的文字，不能是列表或映射")
            key = str(self.scalar(key_node))
            if key in out:
                first = out.locs[key].line
                raise _error("yaml-syntax", self.file, self.loc(key_node).line, f"键“{key}”重复（第 {first} 行已有）；YAML 会悄悄丢掉前一个值，请删去或合并其中一个", key_node.start_mark.column + 1)
            out[key] = self.build(value_node, depth + 1)
            out.locs[key] = self.loc(key_node)
        for source in merged:
            if not isinstance(source, LocDict):
                raise _error("yaml-syntax", self.file, out.loc.line if out.loc else 1, "合并键“<<”的值必须是映射")
            for key, value in source.items():
                if key not in out:
                    out[key] = value
                    out.locs[key] = source.locs.get(key, source.loc)
        return out


def parse_text(text: str, file: str) -> Any:
    """Text → LocDict (or other value); raises LoadError."""
    prescan(text, file)
    try:
        node = yaml.compose(text, Loader=_FastLoader)
    except yaml.MarkedYAMLError as exc:
        raise _translate(exc, file) from None
    except yaml.YAMLError as exc:
        raise _error("yaml-syntax", file, 1, f"YAML 语法错误：{exc}") from None
    except RecursionError:
        raise _error("yaml-syntax", file, 1, "嵌套层次过深；请检查缩进或括号") from None
    if node is None:
        raise _error("yaml-syntax", file, 1, "文件是空的：请填写内容，或删除这个文件")
    return _Builder(file).build(node)


def read_data_file(path: Path, display: str) -> Any:
    """Read and parse one data file; raises LoadError with a located finding."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _error("yaml-syntax", display, 1, f"文件有 {size // 1024} KB，超过 {MAX_FILE_BYTES // 1024 // 1024} MB 上限；数据文件不应这么大，请检查是否放错了文件")
        data = path.read_bytes()
    except OSError as exc:
        raise _error("file-missing", display, 1, f"无法读取文件：{exc.strerror or exc}") from None
    return parse_text(decode(data, display), display)


def location_of(raw: Any, path: tuple) -> Location | None:
    """The location of the value at `path` (keys and indexes) in raw data,
    or of the deepest existing parent when the path runs out."""
    best = getattr(raw, "loc", None)
    node = raw
    for part in path:
        if isinstance(node, LocDict) and part in node:
            best = node.locs.get(part, best)
            node = node[part]
        elif isinstance(node, LocList) and isinstance(part, int) and 0 <= part < len(node):
            best = node.locs[part]
            node = node[part]
        else:
            break
    return best
