"""Typed values parsed once at the edge: durations, percentages, money, dates,
service hours. Inside the program only these values are used, never strings.

Each type raises a pydantic error whose `type` is the id of the rule that
owns the problem (`duration-unit`, `date-valid`, …), so a schema failure is
reported under the rule a bid writer can look up.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, PlainValidator, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError

from .durations import UNITS, Duration, DurationError
from .numbers import NUMBER_RE, parse_number


def _fail(rule: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(rule, message)


# -- patterns for the editor ------------------------------------------------------------
#
# The JSON Schema carries a pattern per value type, read by Python's `re`
# (tests, jsonschema) and by the editor's JavaScript (`u` flag) alike. They are
# generated from the parsers' own expressions where possible, so the editor and
# `tender check` agree; tests/test_schema.py runs a table of values through both.

_ASCII_DIGITS = "0123456789"
_WIDE_DIGITS = "０１２３４５６７８９"
_WIDE = str.maketrans(_ASCII_DIGITS, _WIDE_DIGITS)


def digits(chars: str) -> str:
    """A character class of ASCII digits (or a range such as 1-7) and their
    full-width twins, which the parsers read too (int("２") == 2)."""
    return f"[{chars}{chars.translate(_WIDE)}]"


def editor_pattern(regex: str) -> str:
    """A Python regular expression as a JSON Schema pattern: named groups
    unnamed (JavaScript spells them differently) and \\d as ASCII or
    full-width digits (JavaScript's \\d is ASCII only; digits of other scripts
    are left to `tender check`)."""
    out, i, in_class = [], 0, False
    while i < len(regex):
        ch = regex[i]
        if ch == "\\" and i + 1 < len(regex):
            pair = regex[i:i + 2]
            out.append(("0-9" + _WIDE_DIGITS[0] + "-" + _WIDE_DIGITS[9]) if pair == "\\d" and in_class else digits("0-9") if pair == "\\d" else pair)
            i += 2
            continue
        if not in_class and regex.startswith("(?P<", i):
            i = regex.index(">", i) + 1
            out.append("(?:")
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


def _editor_type(schema: dict, message: str, examples: list[str]) -> dict:
    """A value type's schema: Chinese message for a wrong spelling or type
    (the YAML language server shows errorMessage/patternErrorMessage)."""
    return {**schema, "errorMessage": message, "patternErrorMessage": message, "examples": examples}


# -- Duration -----------------------------------------------------------------

#: Time promises real plans make that are not a length of time. They load and
#: render as written, are never compared as numbers, and are flagged where a
#: figure is expected (missing-term); `未承诺` says the company offers nothing.
#: term → kind: none (nothing promised), immediate, anytime, deferred (the
#: figure is left to someone else), lifetime.
TIME_TERMS: dict[str, str] = {
    "未承诺": "none",
    "立即": "immediate",
    "第一时间": "immediate",
    "随时": "anytime",
    "在客户规定的时间内": "deferred",
    "按双方约定": "deferred",
    "按公司承诺的时限": "deferred",
    "另行约定": "deferred",
    "终身": "lifetime",
}

#: bound words around a number: (prefix or suffix, operator). 以上/以下/以内
#: include the number itself (民法典 §1259), 少于/超过 do not.
BOUND_PREFIXES: dict[str, str] = {
    "不少于": "≥", "不低于": "≥", "不小于": "≥", "至少": "≥", "≥": "≥", ">=": "≥", "＞＝": "≥",
    "不超过": "≤", "不高于": "≤", "不大于": "≤", "最多": "≤", "≤": "≤", "<=": "≤", "＜＝": "≤",
    "少于": "<", "低于": "<", "小于": "<", "<": "<", "＜": "<",
    "超过": ">", "高于": ">", "大于": ">", ">": ">", "＞": ">",
}
BOUND_SUFFIXES: dict[str, str] = {"以上": "≥", "以下": "≤", "以内": "≤", "之内": "≤", "内": "≤"}
_PREFIX_RE = "|".join(sorted((re.escape(w) for w in BOUND_PREFIXES), key=len, reverse=True))
_SUFFIX_RE = "|".join(sorted((re.escape(w) for w in BOUND_SUFFIXES), key=len, reverse=True))
_BOUND_RE = re.compile(rf"^\s*(?P<pre>{_PREFIX_RE})?\s*(?P<body>.*?)\s*(?P<suf>{_SUFFIX_RE})?\s*$", re.S)


def split_bound(text: str) -> tuple[str | None, str]:
    """("不少于16学时") → ("≥", "16学时"); ("5名以上") → ("≥", "5名");
    ("2小时") → (None, "2小时"). The one reading of bound words, used by the
    loader, the schema pattern, thresholds and the prose reader."""
    m = _BOUND_RE.match(text)
    if not m or not m["body"] or (m["pre"] and m["suf"]):
        return None, text.strip()
    return BOUND_PREFIXES.get(m["pre"] or "") or BOUND_SUFFIXES.get(m["suf"] or ""), m["body"]


def is_strict(op: str | None) -> bool:
    return op in ("<", ">")


@dataclass(frozen=True)
class TimeTerm:
    """A time promise that is not a duration (立即, 按双方约定, 未承诺, 终身)."""

    text: str

    @property
    def kind(self) -> str:
        return TIME_TERMS[self.text]

    @property
    def promised(self) -> bool:
        """False for 未承诺: the company explicitly offers nothing here."""
        return self.kind != "none"

    def __str__(self) -> str:
        return self.text


def _to_duration(value: Any) -> Duration:
    if isinstance(value, Duration):
        return value
    try:
        return Duration.parse(value)
    except DurationError as exc:
        raise _fail("duration-unit", str(exc)) from None


def _duration_pattern() -> str:
    """The editor's pattern for a duration, generated from the units the parser
    knows (so the two never disagree on a spelling such as 2hr or 10个小时);
    JSON Schema patterns have no case-insensitive flag, hence [hH]."""

    def spell(unit: str) -> str:
        return "".join(f"[{c.lower()}{c.upper()}]" if c.isascii() and c.isalpha() else re.escape(c) for c in unit)

    units = "|".join(spell(u) for u in sorted(UNITS, key=lambda u: (-len(u), u)))
    number = editor_pattern(NUMBER_RE)
    zero = rf"(?:{digits('0')}+(?:\.{digits('0')}+)?|[零〇]+)"  # the parser refuses a zero length
    return rf"^\s*(?!{zero}\s*(?:{units})\s*$){number}\s*(?:{units})\s*$"


#: what the editor says about a duration it cannot read (the units from the parser)
DURATION_MESSAGE = (
    "时长应写作 数字+单位，如 30分钟、2小时、3个工作日、36个月"
    f"（单位：{'、'.join(dict.fromkeys(c for _f, _s, c in UNITS.values()))}；数字须大于零）"
)

DurationValue = Annotated[
    Duration,
    BeforeValidator(_to_duration),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(_editor_type({"type": "string", "pattern": _duration_pattern()}, DURATION_MESSAGE, ["2小时", "36个月"])),
]


def _to_time(value: Any) -> Duration | TimeTerm:
    """A time promise: a duration, possibly with a bound word (“不超过2小时”,
    “2小时以内”, “<2小时”, “不少于3年”), or one of TIME_TERMS."""
    if isinstance(value, (Duration, TimeTerm)):
        return value
    if isinstance(value, str):
        term = value.strip()
        if term in TIME_TERMS:
            return TimeTerm(term)
        op, body = split_bound(term)
        if op is not None:
            duration = _to_duration(body)
            return Duration(duration.amount, duration.family, duration.unit, duration.ambiguous, op if is_strict(op) else "")
    return _to_duration(value)


def time_pattern() -> str:
    """The editor's pattern for a time promise: bound word + duration, or a term."""
    body = _duration_pattern()[1:-1]
    terms = "|".join(re.escape(t) for t in TIME_TERMS)
    return rf"^\s*(?:(?:{_PREFIX_RE})\s*)?{body}(?:{_SUFFIX_RE})?\s*$|^\s*(?:{terms})\s*$"


TimeValue = Annotated[
    Duration | TimeTerm,
    BeforeValidator(_to_time),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(_editor_type(
        {"type": "string", "pattern": time_pattern()},
        DURATION_MESSAGE + "；可带界限（不超过2小时、2小时以内、<2小时、不少于3年），或写 " + "、".join(TIME_TERMS),
        ["2小时", "不超过4小时", "36个月", "立即", "按双方约定", "未承诺"])),
]


# -- Percent ------------------------------------------------------------------


@dataclass(frozen=True)
class Percent:
    """A percentage as written (95%, 99.5%); the range is checked by `kpi-range`."""

    value: Decimal
    #: bound as written: "≥", "≤", "<", ">" ("<1%" for 抱怨率), "" for a plain figure
    op: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.op}{self.value.normalize():f}%"

    def __lt__(self, other: "Percent") -> bool:
        return self.value < other.value


def _to_percent(value: Any) -> Percent:
    if isinstance(value, Percent):
        return value
    if isinstance(value, bool):
        raise _fail("schema", "百分比应写成数字加 %，如 95%")
    if isinstance(value, (int, float)):
        return Percent(Decimal(str(value)))
    if isinstance(value, str):
        op, body = split_bound(value)
        m = _PERCENT_RE.fullmatch(body)
        if m:
            return Percent(Decimal(m[1]), op or "")
    raise _fail("schema", f"“{value}”不是百分比：应写成如 95%")


_PERCENT_RE = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*[%％]\s*")

PercentValue = Annotated[
    Percent,
    BeforeValidator(_to_percent),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(_editor_type(
        {"type": ["string", "number"], "pattern": rf"^\s*(?:(?:{_PREFIX_RE})\s*)?{editor_pattern(_PERCENT_RE.pattern)}(?:{_SUFFIX_RE})?\s*$"},
        "百分比应写作 数字+%，可带 ≥、<、不低于 等界限，如 95%、≥95%、<1%", ["95%", "98.5%", "≥95%", "<1%"])),
]


# -- Count ----------------------------------------------------------------------


class Count(int):
    """A head or item count, possibly bounded as plans write it (“5名以上”,
    “不少于3人”); behaves as the int, remembers the bound for display."""

    op: str = ""

    def __new__(cls, value: int, op: str = "") -> "Count":
        obj = super().__new__(cls, value)
        obj.op = op
        return obj

    def __str__(self) -> str:
        n = int(self)
        return {"≥": f"{n}以上", "≤": f"不超过{n}", "<": f"少于{n}", ">": f"多于{n}"}.get(self.op, str(n))


_COUNT_UNITS = "名|人|个|位|次|期|家|台|套|处|人次"


def _to_count(value: Any) -> Count:
    if isinstance(value, Count):
        return value
    if isinstance(value, bool):
        raise _fail("schema", "人数应写成整数，如 5 或“5名以上”")
    if isinstance(value, int):
        if not 0 <= value <= 1_000_000:
            raise _fail("schema", f"人数 {value} 不合常理")
        return Count(value)
    if isinstance(value, str):
        op, body = split_bound(value)
        m = re.fullmatch(rf"\s*({NUMBER_RE})\s*(?:{_COUNT_UNITS})?\s*", body)
        if m:
            try:
                n = parse_number(m[1])
            except ValueError:
                n = None
            if n is not None and n == int(n) and 0 <= n <= 1_000_000:
                return Count(int(n), op or "")
    raise _fail("schema", f"“{value}”不是人数：应写成整数，如 5，或带界限，如“5名以上”“不少于3人”")


CountValue = Annotated[
    Count,
    PlainValidator(_to_count),
    PlainSerializer(lambda c: int(c) if not c.op else str(c), return_type=Any),
    WithJsonSchema({"type": ["integer", "string"], "minimum": 0, "examples": [5, "5名以上", "不少于3人"]}),
]


# -- Money ----------------------------------------------------------------------

_MONEY_RE = re.compile(r"^\s*[¥￥]?\s*(?P<num>[\d,]+(?:\.\d+)?)\s*(?P<unit>万元|元|万)?\s*$")


def _to_money(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise _fail("schema", "金额应写成数字，如 128000元")
    if isinstance(value, (int, float)):
        amount = Decimal(str(value))
    elif isinstance(value, str) and (m := _MONEY_RE.match(value)):
        try:
            amount = Decimal(m["num"].replace(",", ""))
        except InvalidOperation:
            raise _fail("schema", f"“{value}”不是金额") from None
        if m["unit"] in ("万元", "万"):
            amount *= 10000
    else:
        raise _fail("schema", f"“{value}”不是金额：应写成如 128000元、12.8万元 或 ¥128,000.00")
    if amount < 0:
        raise _fail("schema", f"金额“{value}”不能为负数")
    if amount > Decimal("1e12"):
        raise _fail("schema", f"金额“{value}”超过一万亿元，不合常理")
    return amount.quantize(Decimal("0.01"))


MoneyValue = Annotated[
    Decimal,
    BeforeValidator(_to_money),
    PlainSerializer(lambda d: f"{d}元", return_type=str),
    WithJsonSchema(_editor_type(
        {"type": ["string", "number"], "minimum": 0, "pattern": editor_pattern(_MONEY_RE.pattern)},
        "金额应写作 如 128000元、12.8万元 或 ¥128,000.00（不能为负数）", ["128000元", "12.8万元"])),
]


# -- Date -----------------------------------------------------------------------

_CN_DATE_RE = re.compile(r"^\s*(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*$")
_ISO_DATE_RE = re.compile(r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\s*$")


def _to_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise _fail("date-valid", f"“{value}”不是日期：应写成如 2026年11月23日")
    m = _CN_DATE_RE.match(value) or _ISO_DATE_RE.match(value)
    if not m:
        raise _fail("date-valid", f"“{value}”不是完整的日期：应写成如 2026年11月23日（年份、月、日都要写实，不能留“20xx”）")
    try:
        date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        raise _fail("date-valid", f"“{value}”不是真实存在的日期（该月没有这一天）") from None
    if not 2000 <= date.year <= 2100:
        raise _fail("date-valid", f"日期“{value}”的年份不合常理")
    return date


def _date_pattern() -> str:
    """Real calendar dates of 2000—2100 only, as the parser reads them
    (2026年11月23日 with optional spaces, or 2026-11-23): months and days that
    exist, 29 February only in leap years."""
    twenty = digits("2") + digits("0")
    year = f"(?:{twenty}{digits('0-9')}{{2}}|{digits('2')}{digits('1')}{digits('0')}{{2}})"
    leap = f"(?:{twenty}(?:{digits('0')}{digits('048')}|{digits('2468')}{digits('048')}|{digits('13579')}{digits('26')}))"
    zero = f"{digits('0')}?"
    m31 = f"(?:{zero}{digits('13578')}|{digits('1')}{digits('02')})"
    m30 = f"(?:{zero}{digits('469')}|{digits('1')}{digits('1')})"
    feb = f"(?:{zero}{digits('2')})"
    low = f"(?:{zero}{digits('1-9')}|{digits('1')}{digits('0-9')})"  # 1—19
    d28 = f"(?:{low}|{digits('2')}{digits('0-8')})"
    d30 = f"(?:{low}|{digits('2')}{digits('0-9')}|{digits('3')}{digits('0')})"
    d31 = f"(?:{low}|{digits('2')}{digits('0-9')}|{digits('3')}{digits('01')})"
    d29 = f"{digits('2')}{digits('9')}"
    forms = []
    for y_m, m_d, end in ((r"\s*年\s*", r"\s*月\s*", r"\s*日"), ("-", "-", "")):
        days = f"(?:{m31}{m_d}{d31}|{m30}{m_d}{d30}|{feb}{m_d}{d28})"
        forms.append(f"{year}{y_m}{days}{end}|{leap}{y_m}{feb}{m_d}{d29}{end}")
    return rf"^\s*(?:{'|'.join(forms)})\s*$"


def format_date(date: dt.date) -> str:
    """2026年11月23日 — the formal form, no leading zeros."""
    return f"{date.year}年{date.month}月{date.day}日"


DateValue = Annotated[
    dt.date,
    BeforeValidator(_to_date),
    PlainSerializer(format_date, return_type=str),
    WithJsonSchema(_editor_type(
        {"type": "string", "pattern": _date_pattern()},
        "日期应写作 2026年11月23日，且是真实存在的日期（年份 2000—2100）", ["2026年11月23日"])),
]


# -- Service hours ------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceHours:
    """How many days a week and hours a day a service is staffed (7×24, 5×8)."""

    days: int
    hours: int

    def __str__(self) -> str:
        return f"{self.days}×{self.hours}"

    @property
    def round_the_clock(self) -> bool:
        return self.days == 7 and self.hours == 24

    def covers(self, other: "ServiceHours") -> bool:
        return self.days >= other.days and self.hours >= other.hours


def _to_hours(value: Any) -> ServiceHours:
    if isinstance(value, ServiceHours):
        return value
    m = re.fullmatch(rf"\s*({NUMBER_RE})\s*[×xX*＊]\s*({NUMBER_RE})\s*(?:小时|h)?\s*", str(value))
    if m:
        days, hours = int(parse_number(m[1])), int(parse_number(m[2]))
        if 1 <= days <= 7 and 1 <= hours <= 24:
            return ServiceHours(days, hours)
    raise _fail("schema", f"“{value}”不是服务时间：应写成“天数×小时数”，如 7×24 或 5×8")


def _hours_pattern() -> str:
    """Days 1—7 × hours 1—24, in digits or the usual Chinese numerals."""
    zeros = f"{digits('0')}*"
    days = f"(?:{zeros}{digits('1-7')}|[一二两三四五六七])"
    hours = (f"(?:{zeros}(?:{digits('1-9')}|{digits('1')}{digits('0-9')}|{digits('2')}{digits('0-4')})"
             "|[一二两三四五六七八九]|十[一二三四五六七八九]?|二十[一二三四]?)")
    return rf"^\s*{days}\s*[×xX*＊]\s*{hours}\s*(?:小时|h)?\s*$"


ServiceHoursValue = Annotated[
    ServiceHours,
    BeforeValidator(_to_hours),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(_editor_type(
        {"type": "string", "pattern": _hours_pattern()},
        "服务时间应写作“天数×小时数”，如 7×24 或 5×8（天数 1—7，小时数 1—24）", ["7×24", "5×8"])),
]


#: true or false only: `yes`/`no` are text (the loader reads them so, as the README says)
FlagValue = Annotated[
    bool,
    Strict(),
    WithJsonSchema({"type": "boolean", "errorMessage": "应写 true（是）或 false（否）；yes/no 按文字读取，不是布尔值"}),
]
