"""Durations as bid writers write them: 30分钟, 2小时, 3个工作日, 15日, 36个月, 3年.

Time promises are the heart of a 售后服务方案, and tenders mix units freely.
The rules must compare them, so a Duration parses once at the edge and from
then on is a value with a unit family:

* clock time (分钟, 小时, 日/日历日, 周) — comparable with each other;
* calendar months (个月, 年) — comparable with each other, and with clock time
  only approximately (a month is taken as 30 日, as 民法典 §202 counts it);
* working days (工作日) — comparable with clock time only when a service
  calendar is stated (e.g. 5×8), because 3个工作日 over a holiday can be a week.

A bare 天 is read as 日 (calendar day, as the law reads it) and remembered as
ambiguous so that the `duration-unit` rule can warn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property, lru_cache, total_ordering

from .numbers import NUMBER_RE, parse_number

#: unit → (family, size in the family's base unit, canonical spelling)
UNITS: dict[str, tuple[str, int, str]] = {
    "分钟": ("clock", 1, "分钟"),
    "min": ("clock", 1, "分钟"),
    "mins": ("clock", 1, "分钟"),
    "minute": ("clock", 1, "分钟"),
    "minutes": ("clock", 1, "分钟"),
    "小时": ("clock", 60, "小时"),
    "个小时": ("clock", 60, "小时"),
    "时": ("clock", 60, "小时"),
    "h": ("clock", 60, "小时"),
    "hr": ("clock", 60, "小时"),
    "hrs": ("clock", 60, "小时"),
    "hour": ("clock", 60, "小时"),
    "hours": ("clock", 60, "小时"),
    "日": ("clock", 1440, "日"),
    "日历日": ("clock", 1440, "日"),
    "个日历日": ("clock", 1440, "日"),
    "天": ("clock", 1440, "日"),
    "d": ("clock", 1440, "日"),
    "周": ("clock", 10080, "周"),
    "星期": ("clock", 10080, "周"),
    "个星期": ("clock", 10080, "周"),
    "工作日": ("workday", 1, "个工作日"),
    "个工作日": ("workday", 1, "个工作日"),
    "个月": ("month", 1, "个月"),
    "年": ("month", 12, "年"),
}

_UNIT_RE = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
DURATION_RE = re.compile(rf"^\s*(?P<num>{NUMBER_RE})\s*(?P<unit>{_UNIT_RE})\s*$", re.IGNORECASE)
#: for finding durations inside prose ("2小时内到达现场")
DURATION_IN_TEXT_RE = re.compile(rf"(?<![\d.月年])(?P<num>{NUMBER_RE})\s*(?P<unit>{_UNIT_RE})(?![a-zA-Z])")

#: minutes in a month when months must be compared with clock time (30 日)
MINUTES_PER_MONTH = 30 * 1440
#: nothing a service plan promises lasts longer than this
MAX_MONTHS = 100 * 12


#: traditional forms of the characters in duration units (a bid pasted from a
#: 繁体 document or typed with a 繁体 input method): 2小時 → 2小时
TRADITIONAL_UNIT_CHARS = {"時": "时", "鐘": "钟", "週": "周", "個": "个", "歷": "历", "曆": "历", "內": "内"}


def traditional_hint(text: str) -> str:
    """"；“時”是繁体字，应写简体“时”（2小时）" when text holds a traditional unit character."""
    found = [ch for ch in dict.fromkeys(text) if ch in TRADITIONAL_UNIT_CHARS]
    if not found:
        return ""
    fixed = "".join(TRADITIONAL_UNIT_CHARS.get(ch, ch) for ch in text.strip())
    names = "、".join(f"“{ch}”是繁体字，简体为“{TRADITIONAL_UNIT_CHARS[ch]}”" for ch in found)
    return f"；{names}：请写作“{fixed}”"


class DurationError(ValueError):
    """A duration text that cannot be read; the message is for bid writers."""


class IncomparableDurations(ValueError):
    """工作日 compared with clock time without a service calendar."""


@dataclass(frozen=True)
class Calendar:
    """A service calendar that lets 工作日 be compared with clock time.

    `days_per_week` working days; a working day is counted conservatively as
    7/days_per_week calendar days (weekends spread over the week).
    """

    days_per_week: int = 5


@total_ordering
@dataclass(frozen=True)
class Duration:
    """A length of time in one unit family; see the module docstring."""

    amount: Fraction
    family: str  # clock | month | workday
    unit: str  # canonical spelling, e.g. 小时
    ambiguous: bool = field(default=False, compare=False)  # written as bare 天
    #: "<" or ">" for a strict bound ("少于2小时"); a non-strict bound (不超过,
    #: 以内) reads as the plain promise. Deviation logic breaks ties on it.
    strict: str = field(default="", compare=False)

    @classmethod
    def parse(cls, text: str | int | float) -> "Duration":
        """Read a duration as written ("2小时", "3个工作日"); raises DurationError
        with a message for bid writers. Results are cached by text: the same
        few dozen spellings recur in every bid."""
        if isinstance(text, str) and cls is Duration:
            return _parse_cached(text)
        return cls._parse(text)

    @classmethod
    def _parse(cls, text: str | int | float) -> "Duration":
        if isinstance(text, bool) or not isinstance(text, (str, int, float)):
            raise DurationError(f"时长应写成文字，如“2小时”，而不是 {text!r}")
        if isinstance(text, (int, float)):
            raise DurationError(f"时长“{text}”缺少单位：请写成“{text}小时”“{text}日”或“{text}个月”等")
        m = DURATION_RE.match(text)
        if not m and re.match(r"\s*[-－−]", text):
            raise DurationError(f"时长“{text}”不能为负数：请写成正数，如 2小时")
        if not m:
            if re.fullmatch(rf"\s*{NUMBER_RE}\s*", text):
                raise DurationError(f"时长“{text}”缺少单位：请写成“{text.strip()}小时”“{text.strip()}日”等")
            raise DurationError(
                f"无法识别的时长“{text}”：应为数字加单位，如 30分钟、2小时、3个工作日、15日、36个月、3年{traditional_hint(text)}"
            )
        try:
            number = parse_number(m["num"])
        except ValueError as exc:
            raise DurationError(f"时长“{text}”中的数字无法识别") from exc
        unit_key = m["unit"].lower()
        if unit_key not in UNITS:  # e.g. "hourſ": IGNORECASE matches Unicode look-alikes
            raise DurationError(f"时长“{text}”的单位“{m['unit']}”无法识别：请用 分钟、小时、日、工作日、周、个月、年")
        family, size, canonical = UNITS[unit_key]
        if number <= 0:
            raise DurationError(f"时长“{text}”必须大于零")
        amount = Fraction(number)
        base = amount * size
        months = base / MINUTES_PER_MONTH if family == "clock" else base
        if family == "workday":
            months = base / 21
        if months > MAX_MONTHS:
            raise DurationError(f"时长“{text}”超过 100 年，不合常理，请检查数字和单位")
        return cls(amount=amount, family=family, unit=canonical, ambiguous=(unit_key == "天"))

    # -- values -----------------------------------------------------------
    @cached_property
    def base(self) -> Fraction:
        """Amount in the family's base unit: minutes, months or working days."""
        return self.amount * _unit_size(self.unit)

    def minutes(self, calendar: Calendar | None = None) -> Fraction:
        """Length in calendar minutes; 工作日 need a calendar."""
        if self.family == "clock":
            return self.base
        if self.family == "month":
            return self.base * MINUTES_PER_MONTH
        if calendar is None:
            raise IncomparableDurations(f"“{self}”以工作日计，无法与按小时或日历日计的时限直接比较")
        return self.base * Fraction(7, calendar.days_per_week) * 1440

    def comparable(self, other: "Duration") -> bool:
        return self.family == other.family or "workday" not in (self.family, other.family)

    def key(self, other: "Duration", calendar: Calendar | None = None) -> tuple[Fraction, Fraction]:
        """Comparable numbers for self and other (same family: exact)."""
        if self.family == other.family:
            return self.base, other.base
        return self.minutes(calendar), other.minutes(calendar)

    def compare(self, other: "Duration", calendar: Calendar | None = None) -> int:
        """-1, 0, 1 like cmp; raises IncomparableDurations for 工作日 vs clock."""
        a, b = self.key(other, calendar)
        return (a > b) - (a < b)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Duration):
            return NotImplemented
        return self.compare(other) < 0

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Duration):
            return NotImplemented
        if not self.comparable(other):
            return False
        return self.compare(other) == 0

    def __hash__(self) -> int:
        # equal values must hash alike: 1个月 == 30日 compares clock and month
        # time by minutes, so both hash by minutes; 工作日 only equal 工作日
        if self.family == "workday":
            return hash(("workday", self.base))
        return hash(self.minutes())

    def __str__(self) -> str:
        return f"{self.strict}{format_amount(self.amount)}{self.unit}"

    def times(self, factor: int) -> "Duration":
        return Duration(self.amount * factor, self.family, self.unit)

    def count_in(self, period: "Duration") -> Fraction:
        """How many of self fit in period (e.g. visits in a warranty)."""
        a, b = period.key(self)
        return a / b


_SIZES = {canonical: size for _family, size, canonical in UNITS.values()}


def _unit_size(unit: str) -> int:
    return _SIZES[unit]


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> Duration:
    return Duration._parse(text)


def duration_in_text(text: str) -> list[tuple[re.Match[str], Duration]]:
    """Every duration written in prose, with its match (for position)."""
    out = []
    for m in DURATION_IN_TEXT_RE.finditer(text):
        try:
            out.append((m, Duration.parse(m["num"] + m["unit"])))
        except DurationError:
            continue
    return out


def as_decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def format_amount(amount: Fraction) -> str:
    """The number as written back: 2, 1.5, 0.0001 (never 1e-04 or a rounded 1.23457e+06)."""
    if amount.denominator == 1:
        return str(amount.numerator)
    den, twos, fives = amount.denominator, 0, 0
    while den % 2 == 0:
        den, twos = den // 2, twos + 1
    while den % 5 == 0:
        den, fives = den // 5, fives + 1
    if den != 1:  # not a decimal fraction (only from arithmetic, never parsed)
        return format(as_decimal(amount).normalize(), "f")
    scale = max(twos, fives)
    digits = str(abs(amount.numerator) * 10**scale // amount.denominator).rjust(scale + 1, "0")
    sign = "-" if amount < 0 else ""
    return f"{sign}{digits[:-scale]}.{digits[-scale:]}".rstrip("0").rstrip(".")
