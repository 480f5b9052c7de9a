"""Durations as bid writers write them, compared like with like.

30分钟, 2小时, 3个工作日, 15日, 36个月, 3年, also 2h / 30min and Chinese
numerals. 工作日 and clock time are never compared without a service
calendar; a bare 天 is read as 日 and remembered as ambiguous.
"""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.durations import (
    MAX_MONTHS,
    UNITS,
    Calendar,
    Duration,
    DurationError,
    IncomparableDurations,
    duration_in_text,
    format_amount,
)

D = Duration.parse
CJK = re.compile(r"[\u4e00-\u9fff]")
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- reading -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, amount, family, unit",
    [
        ("30分钟", 30, "clock", "分钟"),
        ("30min", 30, "clock", "分钟"),
        ("30 mins", 30, "clock", "分钟"),
        ("2小时", 2, "clock", "小时"),
        ("2个小时", 2, "clock", "小时"),
        ("2h", 2, "clock", "小时"),
        ("2H", 2, "clock", "小时"),
        ("2 hours", 2, "clock", "小时"),
        ("1.5小时", Fraction(3, 2), "clock", "小时"),
        ("15日", 15, "clock", "日"),
        ("15个日历日", 15, "clock", "日"),
        ("3天", 3, "clock", "日"),
        ("2周", 2, "clock", "周"),
        ("1个星期", 1, "clock", "周"),
        ("3个工作日", 3, "workday", "个工作日"),
        ("3工作日", 3, "workday", "个工作日"),
        ("36个月", 36, "month", "个月"),
        ("3年", 3, "month", "年"),
        (" 2 小时 ", 2, "clock", "小时"),
        ("１２小时", 12, "clock", "小时"),  # full-width digits from a Chinese IME
    ],
)
def test_the_usual_spellings_are_read(text, amount, family, unit):
    d = D(text)
    assert (d.amount, d.family, d.unit) == (amount, family, unit)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("两小时", "2小时"),
        ("二十四小时", "24小时"),
        ("十二个月", "12个月"),
        ("三十六个月", "36个月"),
        ("一百零五日", "105日"),
        ("三年", "3年"),
        ("十五日", "15日"),
        ("半个月", None),  # 半 is not a number we read: the writer is asked for a figure
    ],
)
def test_chinese_numerals_are_read(text, expected):
    if expected is None:
        with pytest.raises(DurationError):
            D(text)
    else:
        assert str(D(text)) == expected


@pytest.mark.parametrize(
    "value, hint",
    [
        ("-2小时", "负"),
        ("－2小时", "负"),
        ("0小时", "大于零"),
        ("0个月", "大于零"),
        ("1000000000000个月", "100 年"),
        ("101年", "100 年"),
        ("1201个月", "100 年"),
        ("30000个工作日", "100 年"),
        ("36个钟", "无法识别"),
        ("36", "单位"),
        (36, "单位"),
        (2.5, "单位"),
        ("", "无法识别"),
        ("尽快", "无法识别"),
        ("2小时内", "无法识别"),
        (True, "文字"),
        (None, "文字"),
        (["2小时"], "文字"),
    ],
)
def test_what_is_not_a_duration_is_refused_in_chinese(value, hint):
    with pytest.raises(DurationError) as info:
        D(value)
    assert CJK.search(str(info.value)) and hint in str(info.value)


def test_a_hundred_years_is_the_longest_promise():
    assert D("100年").base == MAX_MONTHS
    assert D("1200个月") == D("100年")


def test_a_bare_tian_is_read_as_a_calendar_day_and_marked_ambiguous():
    assert D("3天").ambiguous
    assert not D("3日").ambiguous and not D("3个工作日").ambiguous
    assert D("3天") == D("3日")  # same value; the flag is for the duration-unit warning
    assert str(D("3天")) == "3日"


# -- comparing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [("36个月", "3年"), ("60分钟", "1小时"), ("24小时", "1日"), ("7日", "1周"), ("2h", "120min"), ("12个月", "1年")],
)
def test_the_same_time_in_other_units_is_equal(a, b):
    assert D(a) == D(b)
    assert D(a).compare(D(b)) == 0
    assert hash(D(a)) == hash(D(b))


@pytest.mark.parametrize(
    "shorter, longer",
    [("2h", "1日"), ("30分钟", "1小时"), ("23小时", "1日"), ("11个月", "1年"), ("15日", "1个月"), ("1个工作日", "2个工作日"), ("6日", "1周")],
)
def test_shorter_is_less(shorter, longer):
    assert D(shorter) < D(longer)
    assert D(longer) > D(shorter)
    assert D(shorter).compare(D(longer)) == -1 and D(longer).compare(D(shorter)) == 1
    assert max(D(shorter), D(longer)) == D(longer)


def test_a_month_is_thirty_days_when_it_meets_clock_time():
    # 民法典 §202 counts a month as the calendar month; for comparisons with days we take 30 日
    assert D("1个月") == D("30日")
    assert hash(D("1个月")) == hash(D("30日"))
    assert D("1个月") > D("29日") and D("1个月") < D("31日")


def test_working_days_are_not_compared_with_hours_without_a_calendar():
    with pytest.raises(IncomparableDurations) as info:
        D("3个工作日").compare(D("72小时"))
    assert "工作日" in str(info.value)
    with pytest.raises(IncomparableDurations):
        _ = D("3个工作日") < D("72小时")
    with pytest.raises(IncomparableDurations):
        D("1年").compare(D("200个工作日"))
    assert not D("3个工作日").comparable(D("72小时"))
    assert D("3个工作日") != D("3日")  # unequal, and no exception: sets and dicts stay usable


def test_working_days_compare_with_clock_time_under_a_stated_calendar():
    five_by_eight = Calendar(days_per_week=5)
    assert D("5个工作日").compare(D("7日"), five_by_eight) == 0
    assert D("3个工作日").compare(D("72小时"), five_by_eight) == 1  # 3 working days span more than 3 calendar days
    assert D("5个工作日").compare(D("5日"), Calendar(days_per_week=7)) == 0


def test_counting_visits_in_a_warranty():
    assert D("3个月").count_in(D("36个月")) == 12
    assert D("1个月").count_in(D("3年")) == 36
    assert D("6个月").count_in(D("5年")) == 10
    assert D("7个月").count_in(D("36个月")) == Fraction(36, 7)
    with pytest.raises(IncomparableDurations):
        D("20个工作日").count_in(D("3年"))


def test_times_scales_in_the_same_unit():
    assert D("2小时").times(3) == D("6小时")
    assert str(D("2小时").times(3)) == "6小时"


# -- writing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, written",
    [("2h", "2小时"), ("30min", "30分钟"), ("3天", "3日"), ("3工作日", "3个工作日"), ("1.50小时", "1.5小时"), ("0.25日", "0.25日"), ("123456.5分钟", "123456.5分钟"), ("十二个月", "12个月")],
)
def test_a_duration_is_written_in_its_canonical_unit(text, written):
    assert str(D(text)) == written


def test_numbers_are_never_written_in_scientific_notation():
    assert format_amount(Fraction(1, 10000)) == "0.0001"
    assert format_amount(Fraction(2469131, 2)) == "1234565.5"
    assert format_amount(Fraction(-3, 2)) == "-1.5"


# -- durations in prose ----------------------------------------------------------------------


def test_durations_are_found_in_prose_but_dates_are_not():
    found = [(m.group(0), str(d)) for m, d in duration_in_text("自2026年11月23日起，接到报修后两小时内到场，3个工作日内修复")]
    assert found == [("两小时", "2小时"), ("3个工作日", "3个工作日")]


# -- properties ------------------------------------------------------------------------------

UNIT_SPELLINGS = sorted(UNITS)
NUMBERS = st.one_of(
    st.integers(min_value=1, max_value=10**6).map(str),
    st.decimals(min_value="0.001", max_value="99999", places=3, allow_nan=False, allow_infinity=False).map(lambda d: format(d, "f")),
    st.sampled_from(["一", "两", "十", "十二", "二十四", "三十六", "一百零五", "两千"]),
)


@PROPERTY
@given(st.text())
@example("2hourſ")  # IGNORECASE lets Unicode look-alikes match a unit spelling
@example("2mın")
@example("9" * 5000 + "小时")
@example("1e999小时")
def test_parsing_any_text_gives_a_duration_or_a_duration_error(text):
    try:
        d = D(text)
    except DurationError as exc:
        assert CJK.search(str(exc))
    else:
        assert d.amount > 0 and d.family in ("clock", "month", "workday")


@PROPERTY
@given(NUMBERS, st.sampled_from(UNIT_SPELLINGS), st.sampled_from(["", " ", "\u3000"]))
def test_what_a_duration_prints_reads_back_as_the_same_duration(number, unit, space):
    try:
        d = D(f"{space}{number}{space}{unit}{space}")
    except DurationError:
        return  # too long (over 100 years) or zero after rounding
    again = D(str(d))
    assert again == d and (again.amount, again.unit, again.family) == (d.amount, d.unit, d.family)
    assert str(again) == str(d)


CLOCK_OR_MONTH = st.builds(lambda n, u: f"{n}{u}", st.integers(min_value=1, max_value=100), st.sampled_from(["分钟", "小时", "日", "周", "个月", "年"]))


@PROPERTY
@given(CLOCK_OR_MONTH, CLOCK_OR_MONTH, CLOCK_OR_MONTH)
def test_comparison_is_a_total_order_consistent_with_hashing(a, b, c):
    x, y, z = D(a), D(b), D(c)
    assert x.compare(y) == -y.compare(x)
    assert (x == y) == (x.compare(y) == 0)
    if x == y:
        assert hash(x) == hash(y)
    if x <= y and y <= z:
        assert x <= z
    assert (x < y) == (x.minutes() < y.minutes())


@PROPERTY
@given(st.integers(min_value=1, max_value=300), st.integers(min_value=1, max_value=300))
def test_working_days_compare_only_with_working_days(a, b):
    x, y = D(f"{a}个工作日"), D(f"{b}个工作日")
    assert x.compare(y) == (a > b) - (a < b)
    with pytest.raises(IncomparableDurations):
        x.compare(D(f"{b}小时"))
