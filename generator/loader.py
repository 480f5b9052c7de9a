"""Reading the YAML data files safely, keeping file:line for every value.

Bid writers edit these files by hand, often at night before a deadline, and
the files travel by e-mail. So the loader:

* only ever builds plain values (str, int, float, bool, date, lists, maps):
  any tag other than YAML's core ones (`!!python/object`, `!foo`) is refused;
* refuses duplicate keys (YAML silently keeps the last one);
* bounds work before it is done: file size, nesting depth, the number of
  values (counted while the parser streams events, so a deep or huge file is
  stopped before any tree is built) and the number of values after alias
  expansion (a "billion laughs" file is stopped, not expanded);
* never recurses in C: the node tree is composed here, iteratively, from
  libyaml's event stream (libyaml's own composer recurses per nesting level
  and a line of 100 000 "- " crashed the process);
* reads only regular files that stay inside the data folder (no FIFOs,
  devices, folders named x.yaml, or symlinks that lead out of the project);
* reads text the way an editor shows it: UTF-8 (a UTF-8 BOM is fine),
  CR LF / CR line ends count as one line each, and control characters,
  Word's manual line break (U+000B) or U+2028 are refused with their place;
* resolves plain scalars by a small, unsurprising schema (YAML 1.2 style):
  `yes`/`no`/`on`/`off` stay text, `010020` stays text (not octal 4112),
  `1:30` stays text (not 90), `=` is just text;
* turns every problem into a Chinese finding with file:line, never a traceback;
* remembers where each value stands (`LocDict.locs`, `LocList.locs`) so that
  rules and schema errors can point at the right line.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .findings import Finding, Location, Severity

try:  # libyaml is much faster; only its event parser is used (it does not recurse)
    from yaml import CSafeLoader as _EventParser
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _EventParser  # type: ignore[assignment]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
#: values in one file, counted as written and again after alias expansion;
#: the largest realistic data file has a few thousand
MAX_VALUES = 100_000
MAX_SCALAR_CHARS = 100_000

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (_T + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
MAP, SEQ, MERGE = _T + "map", _T + "seq", _T + "merge"
SCALAR_TAGS = {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP}
CORE_TAGS = SCALAR_TAGS | {MAP, SEQ, MERGE}

#: how plain (unquoted) scalars are read; every pattern is a subset of YAML
#: 1.1's, so anything `yaml.safe_dump` writes reads back the same
_IMPLICIT = [
    (NULL, re.compile(r"~|null|Null|NULL|")),
    (BOOL, re.compile(r"true|True|TRUE|false|False|FALSE")),
    (INT, re.compile(r"[-+]?(?:0|[1-9][0-9]*)")),
    (FLOAT, re.compile(r"[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?|\.[0-9]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")),
    (TIMESTAMP, re.compile(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
        r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
    )),
    (MERGE, re.compile(r"<<")),
]


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


def _short(value: str, width: int = 40) -> str:
    """A value quoted in a message: not too long, control characters visible."""
    value = value if len(value) <= width else value[:width] + "…"
    return _CONTROL_IN_VALUE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) > 0xFF else f"\\x{ord(m.group()):02x}", value)


# -- bytes to text -----------------------------------------------------------

_UTF16_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

#: characters YAML does not allow in a file (C0 and C1 controls except tab and
#: line ends), plus ones that look like nothing and break lines in some
#: programs only: U+2028/U+2029 (line/paragraph separator), a BOM that is not
#: at the start, U+FFFE/U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
#: in a value: the same, and CR (only possible through an escape, "\r")
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_CONTROL_NAMES = {
    0x0B: "垂直制表符（Word 里的手动换行 Shift+Enter 复制过来就是它）",
    0x0C: "换页符",
    0x1B: "ESC 转义符",
    0x7F: "DEL 删除符",
    0x85: "NEL 换行符",
    0x2028: "行分隔符 U+2028（从网页或 Word 复制时常带入）",
    0x2029: "段落分隔符 U+2029",
    0xFEFF: "文件中间的 BOM（零宽不换行空格）",
}
#: zero-width and direction-control characters: fine in prose (the
#: `hidden-char` rule reports them there), not in keys, where they make a
#: correct-looking key unknown
_HIDDEN_IN_KEY = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069\u00ad]")


def _control_name(ch: str) -> str:
    return _CONTROL_NAMES.get(ord(ch), f"控制字符 U+{ord(ch):04X}")


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def decode(data: bytes, file: str) -> str:
    """Bytes → text; raises LoadError. UTF-8 with or without BOM only;
    other encodings get a hint which one the file looks like."""
    if any(data.startswith(bom) for bom in _UTF16_BOMS):
        raise _error("file-encoding", file, 1, "文件是 UTF-16/UTF-32 编码；请在编辑器中另存为“UTF-8”编码后再试")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    head = data[:400]
    zeros = sorted((head[0::2].count(0), head[1::2].count(0)))
    if zeros[1] >= 2 and zeros[1] >= len(head) // 2 * 0.3 and zeros[0] <= zeros[1] // 4:  # ASCII in UTF-16: every other byte 0
        raise _error("file-encoding", file, 1, "文件看起来是不带 BOM 的 UTF-16 编码（每隔一个字节就是空字节）；请另存为“UTF-8”编码后再试")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = "文件不是 UTF-8 编码"
        if _looks_like_gbk(data):
            hint += "，看起来是 GBK/GB18030（Windows 记事本的“ANSI”）"
        raise _error("file-encoding", file, line, f"{hint}；请另存为 UTF-8 编码后再试（第 {line} 行起无法解码）") from None
    if "\x00" in text:
        line, col = _line_col(text, text.index("\x00"))
        raise _error("file-encoding", file, line, "文件含有空字符（\\0），不是文本文件；请确认没有把 Word 或 Excel 文件改名为 .yaml", col)
    return text


def normalize(text: str, file: str) -> str:
    """Line ends as one LF each (CR LF from Windows, a lone CR from old Macs,
    so line numbers agree with every editor); refuse characters YAML forbids,
    naming their line and column."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    m = _CONTROL.search(text)
    if m:
        line, col = _line_col(text, m.start())
        if m.group() == "\x00":
            raise _error("file-encoding", file, line, "文件含有空字符（\\0），不是文本文件；请确认没有把 Word 或 Excel 文件改名为 .yaml", col)
        raise _error("hidden-char", file, line, f"第 {line} 行第 {col} 列有不可见的{_control_name(m.group())}，YAML 不允许；请删除它（换行请直接回车）", col)
    return text


def _looks_like_gbk(data: bytes) -> bool:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    han = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
    return han > 0 and not _CONTROL.search(text)


# -- cheap scans before parsing ----------------------------------------------

_TAB_INDENT = re.compile(r"^[ ]*\t", re.M)


#: the most common input-method slips: a full-width colon after a key
#: (`threshold：2小时`), a full-width space in the indentation of a key or a
#: list item (a Chinese paragraph indent inside a text block stays allowed)
_FULLWIDTH_COLON = re.compile(r"^[ ]*(?:-[ ]+)?[A-Za-z_][A-Za-z0-9_]*[ \u3000]*(?P<ch>：)", re.M)
_FULLWIDTH_INDENT = re.compile(r"^[ ]*(?P<ch>\u3000)[ \u3000]*(?:-[ \u3000]|[A-Za-z_][A-Za-z0-9_]*[ \u3000]*[:：])", re.M)


def prescan(text: str, file: str) -> None:
    """Problems best caught before the parser, with a better message: tabs,
    and the full-width colon or space a Chinese input method slips in (the
    parser would blame a line below, or quietly read `key：value` as text)."""
    m = _TAB_INDENT.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise _error("yaml-syntax", file, line, f"第 {line} 行用制表符（Tab）缩进；YAML 只允许空格缩进，请把 Tab 换成空格")
    if "：" in text or "\u3000" in text:
        for regex, what in ((_FULLWIDTH_COLON, "键后面用了全角冒号“：”（中文输入法）；键和值之间要用半角冒号加空格，请改为“{fixed}”"),
                            (_FULLWIDTH_INDENT, "行首的缩进里有全角空格“　”（中文输入法）；缩进只能用半角空格")):
            m = regex.search(text)
            if m:
                line = text.count("\n", 0, m.start("ch")) + 1
                col = m.start("ch") - (text.rfind("\n", 0, m.start("ch")) + 1) + 1
                line_text = text[text.rfind("\n", 0, m.start("ch")) + 1:].split("\n", 1)[0].strip()
                fixed = re.sub(r"[ \u3000]*：[ \u3000]*", ": ", line_text, count=1)
                raise _error("yaml-syntax", file, line, f"第 {line} 行“{_short(line_text, 30)}”的{what.format(fixed=_short(fixed, 30))}", col)


# -- parser messages in Chinese ---------------------------------------------

_PROBLEMS = [
    ("found duplicate anchor", "锚点（&名字）重复定义"),
    ("found undefined alias", "引用了未定义的别名（*名字）"),
    ("found character '\\t'", "此处有制表符（Tab）；YAML 只允许空格"),
    ("found unexpected end of stream", "文件意外结束：可能有未闭合的引号或括号"),
    ("while scanning a quoted scalar", "引号没有闭合：请检查这一行的引号是否成对"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的引号、缩进有误"),
    ("mapping values are not allowed", "这里不能出现“键: 值”：可能缩进不对，或值里有未加引号的冒号（请给值加引号）"),
    ("expected <block end>, but found", "缩进不一致：同一层的键必须对齐"),
    ("did not find expected key", "缩进不一致或缺少“-”：同一层的键必须对齐"),
    ("did not find expected '-' indicator", "列表项缩进不一致：同一列表的“-”必须对齐"),
    ("expected a single document", "一个文件只能有一个 YAML 文档（不要用“---”分隔多份）"),
    ("found unknown escape character", "双引号中有无法识别的转义字符（\\）；Windows 路径请改用单引号"),
    ("found invalid Unicode character escape", "双引号中的 \\u 或 \\x 转义不是有效的字符"),
    ("expected escape sequence of", "双引号中的 \\u 或 \\x 转义位数不对"),
    ("special characters are not allowed", "文件含有不允许的控制字符"),
    ("unacceptable character", "文件含有不允许的控制字符"),
    ("found a tab character", "此处有制表符（Tab）；YAML 只允许空格"),
    ("while parsing a flow", "方括号或花括号没有正确闭合"),
    ("while scanning a block scalar", "多行文本（| 或 >）的写法有误"),
    ("while scanning an anchor", "锚点（&）写法有误：锚点的名字只能用英文字母、数字、“-”和“_”"),
    ("while scanning an alias", "别名（*）写法有误：锚点和别名的名字只能用英文字母、数字、“-”和“_”"),
    ("while scanning a simple key", "缺少冒号“:”，或上一行的引号、缩进有误"),
    ("while scanning a tag", "标签（!）写法有误；如果这是文字的一部分，请给整个值加引号"),
    ("while scanning a directive", "以 % 开头的行是 YAML 指令；如果这是文字，请加引号"),
    ("found incompatible YAML document", "不支持的 YAML 版本声明（%YAML）；请删除该行"),
    ("found duplicate YAML directive", "%YAML 声明重复"),
    ("found undefined tag handle", "未定义的标签前缀（!前缀!）"),
    ("did not find expected node content", "这里缺少值：可能有多余的逗号、冒号或“-”，或括号不配对"),
    ("found character that cannot start any token", "这里的字符不能作为值的开头（如 @ 或 `）；请给整个值加引号"),
    ("did not find expected <document start>", "文件结构有误：可能在顶层键之后多了内容，或缩进不对"),
    ("did not find expected ',' or ']'", "方括号 [ ] 中缺少逗号或右括号"),
    ("did not find expected ',' or '}'", "花括号 { } 中缺少逗号或右括号"),
    ("block sequence entries are not allowed", "这里不能开始列表（“-”）：请检查缩进，列表应另起一行"),
    ("found unexpected ':'", "这里多了冒号“:”；如果冒号是文字的一部分，请给整个值加引号"),
    ("could not find expected", "括号、引号或缩进不配对"),
]


#: problems whose cause is where something was opened (a quote, a bracket),
#: not where the parser gave up (often the end of the file)
_OPENED = [
    ("while scanning a quoted scalar", "引号"),
    ("while parsing a flow sequence", "方括号“[”"),
    ("while parsing a flow mapping", "花括号“{”"),
]


def _translate(exc: yaml.MarkedYAMLError, file: str) -> LoadError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    col = mark.column + 1 if mark else 1
    english = f"{exc.context or ''} {exc.problem or ''}"
    opened = exc.context_mark
    for needle, what in _OPENED:
        if needle in (exc.context or "") and opened is not None and opened.line + 1 < line:
            start = opened.line + 1
            where = "文件末尾" if "end of stream" in english else f"第 {line} 行"
            return _error("yaml-syntax", file, start, f"YAML 语法错误：第 {start} 行开始的{what}到{where}还没有闭合；请检查这一行的{what}是否成对", opened.column + 1)
    for needle, chinese in _PROBLEMS:
        if needle in english:
            return _error("yaml-syntax", file, line, f"YAML 语法错误：{chinese}", col)
    return _error("yaml-syntax", file, line, f"YAML 语法错误：请检查这一行附近的缩进、冒号和引号（解析器原文：{(exc.problem or exc.context or '').strip()}）", col)


# -- events to nodes ----------------------------------------------------------


_MAYBE_NOT_TEXT = frozenset("~nNtTfF-+0123456789.<")


def _resolve(value: str, implicit: tuple[bool, bool]) -> str:
    if implicit[0] and (not value or value[0] in _MAYBE_NOT_TEXT):  # plain scalar that may be a null, bool, number, date
        for tag, pattern in _IMPLICIT:
            if pattern.fullmatch(value):
                return tag
    return STR


def _too_many(file: str, event: Any) -> LoadError:
    return _error("yaml-syntax", file, event.start_mark.line + 1, f"文件中的值超过 {MAX_VALUES} 个，不像是正常的数据文件；请检查是否放错了文件")


def compose(text: str, file: str) -> Node | None:
    """Text → node graph, iteratively from the parser's events, within the
    depth and size bounds; raises LoadError. Aliases stay shared nodes here
    (expansion is bounded by the builder)."""
    parser = _EventParser(text)
    anchors: dict[str, Node] = {}
    stack: list[Node] = []
    pending: list[Node | None] = []  # a mapping's key waiting for its value
    root: Node | None = None
    documents = 0
    count = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, SequenceNode):
            parent.value.append(node)
        elif pending[-1] is None:
            pending[-1] = node
        else:
            parent.value.append((pending[-1], node))
            pending[-1] = None

    def anchor(event: Any, node: Node) -> None:
        if event.anchor is not None:
            if event.anchor in anchors:
                first = anchors[event.anchor].start_mark.line + 1
                raise _error("yaml-syntax", file, event.start_mark.line + 1, f"YAML 语法错误：锚点“&{event.anchor}”重复定义（第 {first} 行已有）", event.start_mark.column + 1)
            anchors[event.anchor] = node

    try:
        while parser.check_event():
            event = parser.get_event()
            kind = type(event)
            if kind is ScalarEvent:
                count += 1
                if count > MAX_VALUES:
                    raise _too_many(file, event)
                if len(event.value) > MAX_SCALAR_CHARS:
                    raise _error("yaml-syntax", file, event.start_mark.line + 1, f"一个值超过 {MAX_SCALAR_CHARS} 个字符，不像是正常的数据；请检查引号是否闭合")
                tag = event.tag if event.tag not in (None, "!") else _resolve(event.value, event.implicit)
                node: Node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
                if event.anchor is not None:
                    anchor(event, node)
                attach(node)
            elif kind is SequenceStartEvent or kind is MappingStartEvent:
                count += 1
                if count > MAX_VALUES:
                    raise _too_many(file, event)
                if len(stack) >= MAX_DEPTH:
                    raise _error("yaml-syntax", file, event.start_mark.line + 1, f"嵌套层次过深（超过 {MAX_DEPTH} 层）；数据文件不需要这么深的结构，请检查缩进或括号", event.start_mark.column + 1)
                is_seq = kind is SequenceStartEvent
                tag = event.tag if event.tag not in (None, "!") else (SEQ if is_seq else MAP)
                node = (SequenceNode if is_seq else MappingNode)(tag, [], event.start_mark, None, flow_style=event.flow_style)
                if event.anchor is not None:
                    anchor(event, node)
                attach(node)
                stack.append(node)
                pending.append(None)
            elif kind is SequenceEndEvent or kind is MappingEndEvent:
                stack.pop().end_mark = event.end_mark
                pending.pop()
            elif kind is AliasEvent:
                count += 1
                if count > MAX_VALUES:
                    raise _too_many(file, event)
                if event.anchor not in anchors:
                    raise _error("yaml-syntax", file, event.start_mark.line + 1, f"YAML 语法错误：引用了未定义的别名“*{event.anchor}”（别名必须在 &{event.anchor} 之后使用）", event.start_mark.column + 1)
                attach(anchors[event.anchor])
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line = event.start_mark.line + 1
                    raise _error("yaml-syntax", file, line, f"YAML 语法错误：一个文件只能有一个 YAML 文档（第 {line} 行开始了第二个；不要用“---”分隔多份）")
    except yaml.MarkedYAMLError as exc:
        raise _translate(exc, file) from None
    except yaml.YAMLError as exc:
        raise _error("yaml-syntax", file, 1, f"YAML 语法错误：文件无法解析（{_short(str(exc), 80)}）") from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    return root


# -- nodes to values ----------------------------------------------------------

_TAG_NAMES = {MAP: "映射", SEQ: "列表"}


class _Builder:
    """Turns a composed node graph into LocDict/LocList/scalars, with limits."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.count = 0
        self.scalars = SafeConstructor()

    def loc(self, node: Node) -> Location:
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def fail(self, rule: str, node: Node, message: str) -> LoadError:
        loc = self.loc(node)
        return _error(rule, self.file, loc.line, message, loc.col)

    def check_tag(self, node: Node) -> None:
        if node.tag not in CORE_TAGS:
            raise self.fail("yaml-tag", node, f"不允许的 YAML 标签“{_short(node.tag, 70)}”：数据文件只能含文字、数字、日期、列表和映射，不能含程序对象或自定义标签；如果“!”是文字的一部分，请给整个值加引号")
        expected = MAP if isinstance(node, MappingNode) else SEQ if isinstance(node, SequenceNode) else None
        if expected and node.tag != expected or expected is None and node.tag not in SCALAR_TAGS:
            raise self.fail("yaml-tag", node, f"标签“{_short(node.tag)}”与值的类型不符；数据文件不需要写标签，请删除它")

    def build(self, node: Node, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.fail("yaml-syntax", node, f"展开后的数据超过 {MAX_VALUES} 个值（疑似“别名炸弹”）；请不要用别名（*）层层复制数据")
        if depth > MAX_DEPTH:
            raise self.fail("yaml-syntax", node, f"嵌套层次过深（超过 {MAX_DEPTH} 层；别名是否引用了它自己？）")
        if isinstance(node, ScalarNode) and node.tag == MERGE:
            return node.value  # a plain "<<" that is not a key is just text
        self.check_tag(node)
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
        tag = node.tag
        if tag == STR:
            value: Any = node.value
        else:
            try:
                value = self.scalars.construct_object(node)
            except Exception:  # noqa: BLE001 - any constructor failure is a bad value
                raise self.fail("yaml-syntax", node, f"无法识别的值“{_short(node.value)}”（如是日期，请写成 2026年11月23日 并加引号；如是文字，请加引号）") from None
            if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
                raise self.fail("yaml-syntax", node, f"“{_short(node.value)}”不是有效的数字")
        if isinstance(value, str):
            m = _CONTROL_IN_VALUE.search(value)
            if m:
                raise self.fail("hidden-char", node, f"值“{_short(value)}”中含有{_control_name(m.group())}（双引号中的转义写出来的），会破坏打印和网页；请删除它")
        return value

    def mapping(self, node: MappingNode, depth: int) -> LocDict:
        out = LocDict(loc=self.loc(node))
        merged: list[Any] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE and isinstance(key_node, ScalarNode):
                source = self.build(value_node, depth + 1)
                merged.extend(source if isinstance(source, list) else [source])
                continue
            if not isinstance(key_node, ScalarNode):
                raise self.fail("yaml-syntax", key_node, "键必须是简单的文字，不能是列表或映射")
            self.check_tag(key_node)
            self.count += 1
            key = self.key(key_node)
            if key in out:
                first = out.locs[key].line
                raise self.fail("yaml-syntax", key_node, f"键“{_short(key)}”重复（第 {first} 行已有）；YAML 会悄悄丢掉前一个值，请删去或合并其中一个")
            out[key] = self.build(value_node, depth + 1)
            out.locs[key] = self.loc(key_node)
        for source in merged:
            if not isinstance(source, LocDict):
                raise self.fail("yaml-syntax", node, "合并键“<<”的值必须是映射（或映射的列表）")
            for key, value in source.items():
                if key not in out:
                    out[key] = value
                    out.locs[key] = source.locs.get(key, source.loc)
        return out

    def key(self, node: ScalarNode) -> str:
        """A key as written (`yes`, `null`, `010` stay what they look like)."""
        self.scalar(node)  # same checks as any value (control characters, bad dates)
        key = node.value
        m = _HIDDEN_IN_KEY.search(key)
        if m:
            raise self.fail("hidden-char", node, f"键“{_short(key)}”中含有不可见字符 U+{ord(m.group()):04X}，看起来正确的键会变成未知的键；请删除它（重新输入这个键）")
        return key


def parse_text(text: str | bytes, file: str) -> Any:
    """Text (or raw bytes) → LocDict (or other value); raises LoadError only."""
    if isinstance(text, bytes):
        text = decode(text, file)
    elif text.startswith("\ufeff"):
        text = text[1:]
    text = normalize(text, file)
    prescan(text, file)
    try:
        node = compose(text, file)
        if node is None:
            raise _error("yaml-syntax", file, 1, "文件是空的：请填写内容，或删除这个文件")
        if isinstance(node, ScalarNode) and node.tag == NULL:
            line = node.start_mark.line + 1
            raise _error("yaml-syntax", file, line, f"文件的内容只有一个空值“{node.value or '（空）'}”：请填写内容，或删除这个文件")
        return _Builder(file).build(node)
    except LoadError:
        raise
    except RecursionError:
        raise _error("yaml-syntax", file, 1, "嵌套层次过深；请检查缩进或括号") from None
    except MemoryError:
        raise _error("yaml-syntax", file, 1, "文件太大或结构过于复杂，内存不足；请检查是否放错了文件") from None


# -- files --------------------------------------------------------------------

_ERRNO_ZH = {
    errno.ENOENT: "文件不存在（如果它是符号链接，链接指向的文件已不存在）",
    errno.EACCES: "没有读取权限；请检查文件权限（如 chmod 644）或以文件所有者身份运行",
    errno.EPERM: "操作不被允许；请检查文件权限",
    errno.EISDIR: "这是一个文件夹，不是文件；请改名（去掉 .yaml 后缀）或移走",
    errno.ELOOP: "符号链接形成了循环，无法读取",
    errno.ENAMETOOLONG: "文件路径太长",
    errno.EIO: "读取时发生输入/输出错误（磁盘或网络盘故障？）",
    errno.ENXIO: "这不是普通文件（设备或管道）",
}


def _os_message(exc: OSError) -> str:
    return _ERRNO_ZH.get(exc.errno or 0, f"无法读取（系统错误 {errno.errorcode.get(exc.errno or 0, exc.errno)}）")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def read_data_file(path: Path, display: str, within: Path | None = None) -> Any:
    """Read and parse one data file; raises LoadError with a located finding.

    `within` is the folder the data must come from (the project's
    commitments/): a symlink that leads out of it is refused, so a data
    file cannot pull in /etc/passwd or another project's confidential bid.
    """
    if within is not None:
        try:
            target = path.resolve(strict=True)
            inside = _inside(target, within.resolve())
        except (OSError, RuntimeError) as exc:
            code = errno.ELOOP if isinstance(exc, RuntimeError) else getattr(exc, "errno", None)
            raise _error("file-missing", display, 1, f"无法读取文件：{_os_message(OSError(code, ''))}") from None
        if not inside:
            raise _error("file-outside", display, 1, f"这个数据文件是指向项目以外（{target}）的符号链接；数据文件必须放在 commitments/ 之内，请复制文件本身而不是链接")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _error("file-missing", display, 1, f"无法读取文件：{_os_message(exc)}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _error("file-missing", display, 1, f"无法读取文件：{_ERRNO_ZH[errno.EISDIR]}")
        if not stat.S_ISREG(info.st_mode):
            raise _error("file-missing", display, 1, "这不是普通文件（而是管道、设备或套接字），不能作为数据文件；请删除或改名")
        if info.st_size > MAX_FILE_BYTES:
            raise _error("yaml-syntax", display, 1, f"文件有 {info.st_size // 1024} KB，超过 {MAX_FILE_BYTES // 1024 // 1024} MB 上限；数据文件不应这么大，请检查是否放错了文件")
        chunks = []
        size = 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_FILE_BYTES:  # grew while we read it
            raise _error("yaml-syntax", display, 1, f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB 上限；数据文件不应这么大，请检查是否放错了文件")
    except OSError as exc:
        raise _error("file-missing", display, 1, f"无法读取文件：{_os_message(exc)}") from None
    finally:
        os.close(fd)
    return parse_text(decode(b"".join(chunks), display), display)


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
