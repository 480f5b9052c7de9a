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


def parse_chinese_integer(text: str, *, short_forms: bool = True) -> int:
    """Read a Chinese integer such as 二十四, 一百零五, 两万, 十二, 一亿零五万.

    Also the spoken short forms 一百一 (110) and 两万五 (25000), unless
    `short_forms` is false (大写 amounts: 壹佰壹 is then refused, not read as
    110), and digit-by-digit years such as 二〇二六. Raises ValueError for
    anything that is not a well-formed numeral (十十, 五百千, 二三十).
    """
    if not text or any(ch not in DIGITS and ch not in SMALL_UNITS and ch not in BIG_UNITS for ch in text):
        raise ValueError(f"不是中文数字：{text!r}")
    if all(ch in DIGITS for ch in text) and len(text) > 1:
        # digit-by-digit style: 二〇二六
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = 0  # value of the completed big-unit groups (亿, 万)
    section = 0  # value below the current big unit
    digit: int | None = None  # a digit still waiting for its unit
    zero = False  # 零 written since the last unit: "一百零五" is 105, "一百五" is 150
    last_small: int | None = None  # the last 十/百/千 in this section (must decrease)
    last_big: int | None = None  # the last 万/亿 (a smaller one adds, a larger one multiplies)
    previous = ""  # the character before this one
    for ch in text:
        if ch in DIGITS:
            if digit is not None:  # two digits in a row: 二三十
                raise ValueError(f"不是中文数字：{text!r}")
            if DIGITS[ch] == 0:
                zero = True
            else:
                digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if last_small is not None and unit >= last_small:  # 十十, 五百千
                raise ValueError(f"不是中文数字：{text!r}")
            if digit is None and (section or zero):  # 一百十 (should be 一百一十)
                raise ValueError(f"不是中文数字：{text!r}")
            section += (1 if digit is None else digit) * unit
            digit, zero, last_small = None, False, unit
        else:
            big = BIG_UNITS[ch]
            section += digit or 0
            if last_big is None or big > last_big:
                if section == 0 and previous not in BIG_UNITS:
                    if total or zero:  # 一亿零万
                        raise ValueError(f"不是中文数字：{text!r}")
                    section = 1  # a bare 万 is ten thousand
                total = (total + section) * big  # 一万亿: the 亿 multiplies the 万
            else:
                if section == 0:  # 一亿万
                    raise ValueError(f"不是中文数字：{text!r}")
                total += section * big  # 一亿零五万: the 万 group adds
            last_big = big
            section, digit, zero, last_small = 0, None, False, None
        previous = ch
    if digit is not None and not zero:
        # spoken short form: 一百一 = 110, 两万五 = 25000 (the unit after the last one)
        if not short_forms and (last_small not in (None, 10) or (last_small is None and last_big is not None)):
            raise ValueError(f"不是完整的中文数字：{text!r}（缺少“零”或单位）")
        if last_small is not None:
            digit *= last_small // 10
        elif previous in DIGITS and last_big is not None and section == 0 and len(text) > 1 and text[-2] in BIG_UNITS:
            digit *= last_big // 10
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


_DAXIE_RE = re.compile(r"(?:(?P<yuan>[^元]+)元)?零?(?:(?P<jiao>[壹贰叁肆伍陆柒捌玖])角)?零?(?:(?P<fen>[壹贰叁肆伍陆柒捌玖])分)?整?")


def read_daxie(text: str) -> Decimal | None:
    """The amount a 大写 text states, or None when it is not a 大写 amount.

    Accepts the forms the banking rules (支付结算办法) allow besides the one
    amount_daxie writes: 圆 for 元, 正 for 整, 整 after 角, an optional 零 for
    a zero 元/万 digit (壹拾万零柒仟元 = 壹拾万柒仟元), a 人民币/（大写）
    prefix. Short spoken forms (壹佰壹元) are refused: their value is not certain.
    """
    text = re.sub(r"\s|人民币|[（(]?大写[)）]?[:：]?", "", text).replace("圆", "元").replace("正", "整")
    negative = text.startswith("负")
    text = text.removeprefix("负")
    m = _DAXIE_RE.fullmatch(text)
    if not text or not m or not (m["yuan"] or m["jiao"] or m["fen"]):
        return None
    if text.endswith("分整") or (not m["jiao"] and not m["fen"] and not text.endswith("整")):
        return None  # 整 closes 元 (or 角), never 分; a whole amount needs its 整
    try:
        yuan = parse_chinese_integer(m["yuan"], short_forms=False) if m["yuan"] else 0
    except ValueError:
        return None
    if any(ch not in "零壹贰叁肆伍陆柒捌玖拾佰仟万亿" for ch in m["yuan"] or ""):
        return None  # 大写 only: 一二三 and 十百千 are the 小写 numerals that invite alteration
    cents = DIGITS[m["jiao"]] * 10 if m["jiao"] else 0
    cents += DIGITS[m["fen"]] if m["fen"] else 0
    amount = Decimal(yuan) + Decimal(cents) / 100
    return -amount if negative else amount


def format_money(amount: Decimal) -> str:
    """小写 amount as printed in a 承诺函: ¥128,000.00."""
    return f"¥{amount:,.2f}"
