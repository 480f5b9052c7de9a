"""Chinese numerals: reading 三十六 / 两 / 二十四 in text, and writing 大写 amounts.

Bid writers and evaluators mix Arabic and Chinese numerals freely ("质保期三年",
"二十四小时内到场"), so every rule that compares a figure in prose with the
data must read both. Amounts in a 承诺函 are written twice, 小写 and 大写
(壹贰叁…, 元角分, 整); we generate the 大写 form rather than trust a typed one.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7,
    "八": 8, "捌": 8, "九": 9, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

#: characters that can make up a Chinese numeral, for regular expressions
NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
CN_NUMBER_RE = f"[{NUMERAL_CHARS}]+"
#: a number written either way: 24, 2.5, 二十四, 两
NUMBER_RE = rf"(?:\d+(?:\.\d+)?|{CN_NUMBER_RE})"


def parse_chinese_integer(text: str) -> int:
    """Read a Chinese integer such as 二十四, 一百零五, 两万, 十二.

    Raises ValueError for anything that is not a well-formed numeral.
    """
    if not text or any(ch not in DIGITS and ch not in SMALL_UNITS and ch not in BIG_UNITS for ch in text):
        raise ValueError(f"不是中文数字：{text!r}")
    if all(ch in DIGITS for ch in text) and len(text) > 1:
        # digit-by-digit style: 二〇二六
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = 0  # completed big-unit groups
    section = 0  # value below the current big unit
    digit: int | None = None
    for ch in text:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] != 0:
                raise ValueError(f"不是中文数字：{text!r}")
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            if section == 0:
                section = 1
            total = (total + section) * BIG_UNITS[ch]
            section = 0
            digit = None
    return total + section + (digit or 0)


def parse_number(text: str) -> Decimal:
    """Read an Arabic (24, 2.5) or Chinese (二十四) number."""
    text = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    return Decimal(parse_chinese_integer(text))


_DAXIE_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_DAXIE_SMALL = ["", "拾", "佰", "仟"]
_DAXIE_BIG = ["", "万", "亿", "万亿"]


def _four_digits(group: int) -> str:
    """大写 for 0 < group < 10000, with 零 for inner gaps."""
    out = []
    zero = False
    for pos in range(3, -1, -1):
        d = group // 10**pos % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DAXIE_DIGITS[d] + _DAXIE_SMALL[pos])
    return "".join(out)


def amount_daxie(amount: Decimal) -> str:
    """人民币大写 for an amount in 元, per the usual banking convention.

    128000 → 壹拾贰万捌仟元整; 1005.30 → 壹仟零伍元叁角; 0.05 → 伍分.
    """
    if amount < 0:
        return "负" + amount_daxie(-amount)
    fen_total = int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    yuan, fen_part = divmod(fen_total, 100)
    jiao, fen = divmod(fen_part, 10)
    parts: list[str] = []
    if yuan:
        groups = []
        n = yuan
        while n:
            groups.append(n % 10000)
            n //= 10000
        text = ""
        need_zero = False
        for idx in range(len(groups) - 1, -1, -1):
            g = groups[idx]
            if g == 0:
                need_zero = bool(text)
                continue
            if text and (need_zero or g < 1000):
                text += "零"
            text += _four_digits(g) + _DAXIE_BIG[idx]
            need_zero = False
        parts.append(text + "元")
    if not jiao and not fen:
        return ("".join(parts) or "零元") + "整"
    if jiao:
        parts.append(_DAXIE_DIGITS[jiao] + "角")
    elif yuan:
        parts.append("零")
    if fen:
        parts.append(_DAXIE_DIGITS[fen] + "分")
    return "".join(parts)


def format_amount(amount: Decimal) -> str:
    """小写 amount as printed in a 承诺函: ¥128,000.00."""
    return f"¥{amount:,.2f}"
