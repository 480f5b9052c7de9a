"""Chinese numerals in prose, and 大写 amounts in a 承诺函.

When 大写 and 小写 differ the tender makes the 大写 binding, so the
generated form must follow the banking convention exactly: 零 for a gap
(but never two, never before 元), 整 when there are no 角/分.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.numbers import DIGITS, amount_daxie, format_money, parse_chinese_integer, parse_number, read_daxie

PROPERTY = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- reading Chinese numerals ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("零", 0),
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十四", 24),
        ("三十六", 36),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("一百一", 110),  # spoken short form
        ("一千零五十", 1050),
        ("三千零二", 3002),
        ("三千五", 3500),
        ("两万", 20000),
        ("两万五", 25000),
        ("三万零五", 30005),
        ("十万", 100000),
        ("一千万", 10_000_000),
        ("十二万三千四百五十六", 123456),
        ("一亿零五万", 100_050_000),
        ("一万亿", 10**12),
        ("二〇二六", 2026),  # a year written digit by digit
        ("壹拾贰万捌仟", 128000),  # 大写 digits read the same way
        ("贰仟零伍", 2005),
    ],
)
def test_chinese_integers_are_read(text, value):
    assert parse_chinese_integer(text) == value


@pytest.mark.parametrize("text", ["", "十十", "五百千", "二三十", "一百十", "一亿万", "abc", "3十", "半"])
def test_malformed_numerals_are_refused(text):
    with pytest.raises(ValueError):
        parse_chinese_integer(text)


@pytest.mark.parametrize("text, value", [("24", Decimal(24)), ("2.5", Decimal("2.5")), (" 二十四 ", Decimal(24)), ("两", Decimal(2))])
def test_a_number_may_be_written_either_way(text, value):
    assert parse_number(text) == value


@PROPERTY
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_every_daxie_integer_reads_back(n):
    # amount_daxie writes it, parse_chinese_integer reads it: two independent codings agree
    text = amount_daxie(Decimal(n))
    yuan = text.split("元")[0]
    assert parse_chinese_integer(yuan) == n


@PROPERTY
@given(st.text(alphabet="".join(DIGITS) + "十拾百佰千仟万亿", max_size=12))
def test_reading_any_numeral_text_gives_a_number_or_a_value_error(text):
    try:
        value = parse_chinese_integer(text)
    except ValueError:
        return
    assert value >= 0


# -- writing 大写 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "amount, daxie",
    [
        ("128000", "壹拾贰万捌仟元整"),
        ("68000", "陆万捌仟元整"),
        ("0", "零元整"),
        ("10", "壹拾元整"),
        ("101", "壹佰零壹元整"),
        ("110", "壹佰壹拾元整"),
        ("1001", "壹仟零壹元整"),
        ("1010", "壹仟零壹拾元整"),
        ("60036", "陆万零叁拾陆元整"),
        ("1000100", "壹佰万零壹佰元整"),
        ("10000001", "壹仟万零壹元整"),
        ("10100000", "壹仟零壹拾万元整"),
        ("100000000", "壹亿元整"),
        ("100010000", "壹亿零壹万元整"),
        ("1234567890.12", "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元壹角贰分"),
        ("1000000000000", "壹万亿元整"),
        # 角 and 分
        ("1005.30", "壹仟零伍元叁角"),
        ("100.05", "壹佰元零伍分"),
        ("120000.07", "壹拾贰万元零柒分"),
        ("0.5", "伍角"),
        ("0.05", "伍分"),
        ("0.55", "伍角伍分"),
        ("1.005", "壹元零壹分"),  # rounded half up to the 分
    ],
)
def test_daxie_follows_the_banking_convention(amount, daxie):
    assert amount_daxie(Decimal(amount)) == daxie


def test_a_negative_amount_is_written_with_fu():
    assert amount_daxie(Decimal("-300")) == "负叁佰元整"


def test_the_xiaoxie_form_has_thousands_separators_and_two_decimals():
    assert format_money(Decimal("128000")) == "¥128,000.00"
    assert format_money(Decimal("0.5")) == "¥0.50"


AMOUNTS = st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2, allow_nan=False, allow_infinity=False)


def reference_read(text: str) -> Decimal:
    """A reader for 大写 written for this test (the inverse of amount_daxie)."""
    m = re.fullmatch(r"(?:(?P<yuan>.+?)元)?(?:零)?(?:(?P<jiao>.)角)?(?:零)?(?:(?P<fen>.)分)?(?:整)?", text)
    assert m, text
    yuan = parse_chinese_integer(m["yuan"]) if m["yuan"] else 0
    jiao = DIGITS[m["jiao"]] if m["jiao"] else 0
    fen = DIGITS[m["fen"]] if m["fen"] else 0
    return Decimal(yuan) + Decimal(jiao) / 10 + Decimal(fen) / 100


@PROPERTY
@given(AMOUNTS)
def test_every_amount_reads_back_from_its_daxie(amount):
    text = amount_daxie(amount)
    assert reference_read(text) == amount


@PROPERTY
@given(AMOUNTS)
def test_daxie_never_writes_a_double_or_dangling_zero(amount):
    text = amount_daxie(amount)
    if amount == 0:
        assert text == "零元整"
        return
    assert "零零" not in text
    assert not re.search(r"零[元万亿角]", text), text
    assert set(text) <= set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")
    cents = int(amount * 100) % 100
    assert text.endswith("整") == (cents == 0)


# -- reading 大写 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, amount",
    [
        ("壹拾贰万捌仟元整", "128000"),
        ("人民币（大写）壹拾贰万捌仟圆正", "128000"),
        ("壹拾万零柒仟元伍角叁分", "107000.53"),  # 零 for a zero 万 digit may be written…
        ("壹拾万柒仟元伍角叁分", "107000.53"),  # …or left out
        ("壹仟陆佰捌拾元零叁角贰分", "1680.32"),
        ("壹仟零伍元叁角整", "1005.30"),  # 整 after 角 is allowed
        ("壹仟零伍元叁角", "1005.30"),
        ("零元整", "0"),
        ("伍分", "0.05"),
        ("负叁佰元整", "-300"),
    ],
)
def test_daxie_in_any_allowed_form_is_read(text, amount):
    assert read_daxie(text) == Decimal(amount)


@pytest.mark.parametrize(
    "text",
    ["壹拾贰万捌仟元", "十二万八千元整", "壹佰壹元整", "壹万壹元整", "壹佰元零伍分整", "整", "", "hello", "壹拾贰万捌仟"],
)
def test_what_is_not_a_proper_daxie_is_not_read(text):
    # no 整 after 元; 小写 numerals; spoken short forms whose value is unsure; 整 after 分
    assert read_daxie(text) is None


def test_short_forms_can_be_refused():
    assert parse_chinese_integer("一百一") == 110
    with pytest.raises(ValueError):
        parse_chinese_integer("壹佰壹", short_forms=False)
    assert parse_chinese_integer("贰拾肆", short_forms=False) == 24


@PROPERTY
@given(AMOUNTS)
def test_read_daxie_reads_what_amount_daxie_writes(amount):
    assert read_daxie(amount_daxie(amount)) == amount
