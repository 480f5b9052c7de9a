"""Typed values parsed once at the edge: durations, percentages, money, dates,
service hours. Inside the program only these values are used, never strings.

Each type raises a pydantic error whose `type` is the id of the rule that
owns the problem (`duration-unit`, `date-valid`, …), so a schema failure is
reported under the rule a bid writer can look up.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, Strict, WithJsonSchema
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


# -- Percent ------------------------------------------------------------------


@dataclass(frozen=True)
class Percent:
    """A percentage as written (95%, 99.5%); the range is checked by `kpi-range`."""

    value: Decimal

    def __str__(self) -> str:
        return f"{self.value.normalize():f}%"

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
        m = _PERCENT_RE.fullmatch(value)
        if m:
            return Percent(Decimal(m[1]))
    raise _fail("schema", f"“{value}”不是百分比：应写成如 95%")


_PERCENT_RE = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*[%％]\s*")

PercentValue = Annotated[
    Percent,
    BeforeValidator(_to_percent),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(_editor_type(
        {"type": ["string", "number"], "pattern": f"^{editor_pattern(_PERCENT_RE.pattern)}$"},
        "百分比应写作 数字+%，如 95%", ["95%", "98.5%"])),
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
