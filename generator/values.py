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

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from .durations import UNITS, Duration, DurationError
from .numbers import NUMBER_RE, NUMERAL_CHARS, parse_number


def _fail(rule: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(rule, message)


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
    return rf"^\s*(\d+(\.\d+)?|[{NUMERAL_CHARS}]+)\s*({units})\s*$"


DurationValue = Annotated[
    Duration,
    BeforeValidator(_to_duration),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({
        "type": "string",
        "pattern": _duration_pattern(),
        "examples": ["30分钟", "2小时", "3个工作日", "15日", "36个月", "3年"],
    }),
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
        m = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*[%％]\s*", value)
        if m:
            return Percent(Decimal(m[1]))
    raise _fail("schema", f"“{value}”不是百分比：应写成如 95%")


PercentValue = Annotated[
    Percent,
    BeforeValidator(_to_percent),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": ["string", "number"], "pattern": r"^-?\d+(\.\d+)?\s*[%％]$", "examples": ["95%", "98.5%"]}),
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
    WithJsonSchema({"type": ["string", "number"], "examples": ["128000元", "12.8万元", "¥128,000.00"]}),
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


def format_date(date: dt.date) -> str:
    """2026年11月23日 — the formal form, no leading zeros."""
    return f"{date.year}年{date.month}月{date.day}日"


DateValue = Annotated[
    dt.date,
    BeforeValidator(_to_date),
    PlainSerializer(format_date, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}年\d{1,2}月\d{1,2}日$", "examples": ["2026年11月23日"]}),
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


ServiceHoursValue = Annotated[
    ServiceHours,
    BeforeValidator(_to_hours),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^[1-7]\s*[×xX*]\s*([1-9]|1\d|2[0-4])$", "examples": ["7×24", "5×8"]}),
]


def parse_loose_number(text: str) -> Decimal:
    """24 or 二十四 → Decimal (re-exported for rules)."""
    return parse_number(text)
