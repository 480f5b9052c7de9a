"""Rules on how a plan is written: typos, mojibake, numbering, cut-off text,
internal notes, names that change, statements that contradict each other.

They read the text the way an evaluator does, item by item (a YAML string,
or a paragraph or table row of a document) and in order, and they stay
silent when unsure: a false warning on a real plan teaches people to ignore
the checker.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
import heapq
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from .. import wordfreq
from ..findings import Severity
from . import Report, TextDocument, rule
from .textscan import SENTENCE_RE, doc_text

HAN_RE = re.compile(r"[\u4e00-\u9fff]")


def one_slip_apart(a: str, b: str) -> bool:
    """Are a and b one name retyped: the same first two and last two characters,
    and at most two characters inserted, dropped or changed in between
    (贵州省电教馆, 贵州省省电教馆, 贵州电教馆)? A name cut at its start
    (电教馆) is a short form, not a slip."""
    if a == b:
        return False
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    q = 0
    while q < min(len(a), len(b)) - p and a[-1 - q] == b[-1 - q]:
        q += 1
    return p >= 2 and q >= 2 and len(a) - p - q <= 2 and len(b) - p - q <= 2


def slip_key(name: str) -> str:
    """Names one slip apart share their first two and last two characters:
    compare only names with the same key (a long list costs no n² pairs)."""
    return name[:2] + name[-2:]


def _excerpt(text: str, pos: int, width: int = 12) -> str:
    start, end = max(0, pos - width), min(len(text), pos + width)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


# -- garbled-text ----------------------------------------------------------------------------

#: a character that occurs in almost no common word (mojibake is made of them)
RARE_SCORE = 20
#: financial numerals are rare in words but normal in 大写 amounts
NOT_RARE = set("壹贰叁肆伍陆柒捌玖拾佰仟萬億圆")


@lru_cache(maxsize=1)
def _char_scores() -> dict[str, int]:
    freq, _ = wordfreq._load()
    scores: Counter[str] = Counter()
    for word, count in freq.items():
        for ch in set(word):
            scores[ch] += count
    return dict(scores)


def is_rare(ch: str) -> bool:
    return bool(HAN_RE.match(ch)) and ch not in NOT_RARE and _char_scores().get(ch, 0) < RARE_SCORE and bool(_char_scores())


GARBLED_RES = [
    re.compile(r"\ufffd+|锟斤拷|烫烫烫|屯屯屯"),  # replacement characters, GBK/UTF-8 classics
    re.compile(r"(?:[ÃÂÅÆÐÑØÞßàâãåæçèéêëìíîïðñòóôõöøùúûüýþ][\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6-\u02dc]){2,}"),  # UTF-8 read as Latin-1
    re.compile(r"[\u3105-\u312f]+"),  # bopomofo inside Chinese text: （一）read in the wrong code page
    re.compile(r"(?<=[\u4e00-\u9fff])\?[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü][a-z]*"),  # ?shù: a character lost, its reading left
    re.compile(r"&(?:nbsp|lt|gt|amp|quot|apos|ldquo|rdquo|mdash|hellip|middot|#\d{2,6}|#x[0-9a-fA-F]{2,5});"),  # HTML entities
    re.compile(r"</?(?:p|br|div|span|td|tr|th|table|tbody|strong|b|i|u|em|font|img|a|li|ul|ol|h[1-6])\b[^<>]{0,80}>", re.IGNORECASE),  # HTML tags
    re.compile(r"[\u2500-\u257f][\u4e00-\u9fff]|[\u4e00-\u9fff][\u2500-\u257f]"),  # box-drawing glued to characters
    re.compile(r"^\s*[。、](?=\S)"),  # a paragraph never starts with 。or 、: （一）/①read in the wrong code page
]
_ODD_NEIGHBOUR = re.compile(r"[A-Za-z?!#$%&@^~|\\\u00c0-\u024f≡]")


@functools.lru_cache(maxsize=1 << 15)
def garbled_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where ``text`` holds mojibake, entities or tags: (start, end) spans.
    Remembered per text: bids copied from each other hold the same
    paragraphs hundreds of times."""
    spans = [m.span() for regex in GARBLED_RES for m in regex.finditer(text)]
    if _char_scores():
        spans += _rare_clusters(text)
    spans.sort()
    return tuple(spans)


def _rare_clusters(text: str) -> list[tuple[int, int]]:
    """Two rare characters within four, or one next to a stray Latin letter,
    ? or symbol: the shape GBK read as UTF-8 (or the reverse) leaves."""
    out = []
    rare = [i for i, ch in enumerate(text) if is_rare(ch)]
    for k, i in enumerate(rare):
        close = k + 1 < len(rare) and rare[k + 1] - i <= 3
        odd = any(_ODD_NEIGHBOUR.match(text[j]) for j in (i - 1, i + 1) if 0 <= j < len(text))
        if close or odd:
            out.append((max(0, i - 1), min(len(text), (rare[k + 1] if close else i) + 2)))
    return out


@rule("garbled-text", Severity.WARNING, "text")
def garbled_text(doc: TextDocument, project) -> Iterator[Report]:
    """No mojibake, HTML entities or tags, or stray ? inside words.

    Mojibake is recognised by its shape, not by a list: characters that
    occur in almost no common word, in pairs or next to a stray Latin
    letter or "?"; bopomofo or box-drawing characters inside Chinese text;
    "?shù" where a character was lost and its reading left; U+FFFD, 锟斤拷.

    Why: a garbled line (seed 001: "服务宗旨!翱蛻舻臐M意", "。ㄒ唬" for
    （一）) shows the plan was pasted from a web page and never read.

    Bad:  坚持为每一位客户提供高品质的售后服务?蛻羰瞧髽I经营发展的根本
    Good: 坚持为每一位客户提供高品质的售后服务。客户是企业经营发展的根本
    """
    for item in doc.items:
        spans = garbled_spans(item.text)
        if spans:
            s, e = spans[0]
            yield Report(item, None, f"疑似乱码或网页残留“{item.text[s:e]}”：{_excerpt(item.text, s)}；请对照原文改正", at=s)


# -- numbering ---------------------------------------------------------------------------------

CN_DIGITS = "零一二三四五六七八九"
_CN_NUM = r"[一二三四五六七八九十]{1,3}"
MARKER_RES = [
    ("一、", re.compile(rf"^\s*(?P<n>{_CN_NUM})\s*[、.．]")),
    ("（一）", re.compile(rf"^\s*[（(]\s*(?P<n>{_CN_NUM})\s*[）)]")),
    ("第一、", re.compile(rf"^\s*第(?P<n>{_CN_NUM})\s*[、，,：:]")),
    ("1、", re.compile(r"^\s*(?P<n>\d{1,2})\s*、")),
    ("1.", re.compile(r"^\s*(?P<n>\d{1,2})\s*[.．](?!\d)")),
    ("（1）", re.compile(r"^\s*[（(]\s*(?P<n>\d{1,2})\s*[）)]")),
    ("1)", re.compile(r"^\s*(?P<n>\d{1,2})\s*[）)]")),
    ("A)", re.compile(r"^\s*(?P<n>[A-Z])\s*[）)、.]")),
    ("①", re.compile(r"^\s*(?P<n>[①-⑳])")),
]
#: the same level written with the other kind of numeral: (1) then (二)
TWIN_STYLE = {"（一）": "（1）", "（1）": "（一）", "一、": "1、", "1、": "一、"}
INLINE_LETTER_RE = re.compile(r"(?:^|[;；。\s])(?P<n>[A-Z])\s*[）)]")


def _number(style: str, text: str) -> int | None:
    if style in ("一、", "（一）", "第一、"):
        if text == "十":
            return 10
        if "十" in text:
            tens, _, ones = text.partition("十")
            return (CN_DIGITS.index(tens) if tens else 1) * 10 + (CN_DIGITS.index(ones) if ones else 0)
        return CN_DIGITS.index(text) if len(text) == 1 and text in CN_DIGITS else None
    if style == "A)":
        return ord(text) - ord("A") + 1
    if style == "①":
        return ord(text) - ord("①") + 1
    return int(text)


def _show(style: str, n: int) -> str:
    if style in ("一、", "（一）", "第一、"):
        word = ("十" if n == 10 else (CN_DIGITS[n // 10] if n >= 20 else "") + "十" + (CN_DIGITS[n % 10] if n % 10 else "")) if n >= 10 else CN_DIGITS[n]
        return style.replace("一", word)
    if style == "A)":
        return chr(ord("A") + n - 1) + ")"
    if style == "①":
        return chr(ord("①") + n - 1)
    return style.replace("1", str(n))


#: the usual outline order (GB/T 9704: 一、 above （一） above 1. above （1））: a style
#: that ranks above every open level is a new top level, not a sublist
RANK = {"第一、": 0, "一、": 1, "（一）": 2, "1、": 3, "1.": 3, "1": 3, "（1）": 4, "1)": 5, "A)": 5, "①": 6}
#: a bare number glued to the text ("3根据顾客意见…"): a list marker only when what
#: follows is no unit or measure word (24小时, 3年, 5台 are quantities)
BARE_RE = re.compile(r"(?:^\s*|(?<=[。；;！!？?])\s*)(?P<n>\d{1,2})(?=[\u4e00-\u9fff])(?![小分秒天年月日周个次人台套件元万千百号楼层米倍项条位家所名期批种户道年季])")


def _markers(doc: TextDocument) -> Iterator[tuple[object, int, str, int]]:
    """(item, offset, style, number) of every list or heading number, in order."""
    for item in doc.items:
        text = item.text
        for style, regex in MARKER_RES:
            m = regex.match(text)
            if m:
                n = _number(style, m["n"])
                if n:
                    yield item, m.start("n"), style, n
                break
        else:
            for m in BARE_RE.finditer(text):
                yield item, m.start("n"), "1", int(m["n"])
        for m in INLINE_LETTER_RE.finditer(text):
            if m.start("n") > 0:
                yield item, m.start("n"), "A)", ord(m["n"]) - ord("A") + 1


@rule("numbering", Severity.WARNING, "text")
def numbering(doc: TextDocument, project) -> Iterator[Report]:
    """Heading and list numbers run on: no number skipped (一、二、四、),
    none repeated (第二、…第二、), and a list does not change its style in
    the middle ((1)… then (二) with no (一)).

    Levels are a stack, as in an outline: a style not open yet opens a
    level below the current one, a style already open closes every level
    below it and continues its own count; a style that ranks above every
    open level in the usual outline order (一、 over （一） over 1. over
    （1）) closes them all. A list may restart at 1 anywhere,
    and a list picked up in the middle (after a quote or a table) is left
    alone. Bare numbers glued to the text ("3根据…") count as a list only
    after a "1" of the same kind, and never before a unit (24小时, 3年).
    A numbered item that ends on a comma or inside an open bracket, followed
    by the next numbered item, is one sentence cut in two by a number.

    Why: a skipped or doubled number looks like a lost paragraph, and an
    evaluator who cites "第三条" must find it (seeds 001, 003, 004).

    Bad:  一、服务承诺 … 二、质保期 … 四、培训
    Good: 一、服务承诺 … 二、质保期 … 三、培训
    """
    yield from _split_items(doc)
    stack: list[str] = []
    last: dict[str, int] = {}
    for item, pos, style, n in _markers(doc):
        twin = TWIN_STYLE.get(style)
        if style not in stack and twin in stack and n == last.get(twin, 0) + 1 and n > 1:
            del stack[stack.index(twin) + 1:]
            stack[-1] = style
            last[style] = n
            yield Report(item, None, f"编号样式变了：前面是“{_show(twin, n - 1)}”，这里是“{_show(style, n)}”：{_excerpt(item.text, pos)}；同一级应为“{_show(twin, n)}”", at=pos)
            continue
        if style in stack:
            del stack[stack.index(style) + 1:]
            prev = last.get(style)
        elif stack and RANK[style] < RANK[stack[0]]:
            stack[:] = [style]  # a heading above every open list closes them all (a new plan of a collection)
            prev = None
        else:
            stack.append(style)
            prev = None
        last[style] = n
        if n == 1 or prev is None:
            if n != 1 and style == "1":
                stack.pop()  # a bare number with no 1 before it is a quantity, not a list
                last.pop(style, None)
            continue  # a list picked up after a quote or a table: too uncertain
        if n == prev:
            yield Report(item, None, f"编号“{_show(style, n)}”重复：{_excerpt(item.text, pos)}；应为“{_show(style, n + 1)}”", at=pos)
        elif n > prev + 1:
            yield Report(item, None, f"编号从“{_show(style, prev)}”跳到了“{_show(style, n)}”：{_excerpt(item.text, pos)}；缺少“{_show(style, prev + 1)}”", at=pos)


def _split_items(doc: TextDocument) -> Iterator[Report]:
    """A numbered item that ends on a comma or inside an open bracket, with the
    next numbered item right after it: one sentence cut in two by a number."""
    prev = None
    for item in doc.items:
        text = item.text.strip()
        marked = any(regex.match(text) for _, regex in MARKER_RES)
        if marked and prev is not None:
            if prev.endswith(("，", ",", "、")) or prev.count("(") + prev.count("（") > prev.count(")") + prev.count("）"):
                yield Report(item, None, f"上一条以“{prev[-6:]}”结尾，句子没有写完，这一条接着写：{_excerpt(item.text, 0)}；一句话被编号拆成了两条，请合并并重新编号", at=0)
        prev = text if marked else None


# -- truncated ---------------------------------------------------------------------------------

ATTACH_REF_RE = re.compile(r"(?:见|详见|参见|参照|附)\s*(?P<ref>附(?:表|件|图)\s*(?:[一二三四五六七八九十]+|\d+)?)")
#: a sentence never ends on these: the text after them was lost
DANGLING = tuple("的和及与或在对将把被从向为是并且而但若如因以及其之")


@rule("truncated", Severity.WARNING, "text")
def truncated(doc: TextDocument, project) -> Iterator[Report]:
    """Nothing is cut off: a plan does not end in the middle of a sentence,
    and a 附表 or 附件 it refers to ("见附表一") is in the document.

    Only documents are checked (a YAML file's attachments are built).

    Why: "详见附表一" with no 附表一, or a last sentence that stops
    mid-way, shows parts were lost when the plan was copied (seed 001).

    Bad:  活动行程规划（见附表一）  — and no 附表一 anywhere
    Good: the 附表一 follows, or the reference is removed
    """
    if doc.kind != "document" or not doc.items:
        return
    joined = doc_text(doc)
    for item in doc.items:
        for m in ATTACH_REF_RE.finditer(item.text):
            ref = re.sub(r"\s+", "", m["ref"])
            label = ref if len(ref) > 2 else None
            if label is None:
                continue
            starts = [i for i in doc.items if i.text.lstrip().startswith(label) or re.match(rf"^\s*{label}[：:\s]", i.text)]
            if not starts and joined.count(label) <= 1 + sum(i.text.count(label) for i in [item]) - 1:
                yield Report(item, None, f"引用了“{label}”，但文档中没有{label}：{_excerpt(item.text, m.start())}；请补上或删去引用", at=m.start("ref"))
    from ..facts import split_plans  # one home for where a collection's plans start

    plans = [p.items for p in split_plans(doc.items) if p.items]
    ends_sentences = _ends_sentences(doc.items)
    for k, items in enumerate(plans):
        last = items[-1]
        text = last.text.rstrip()
        if len(items) > 3 and (text.endswith(DANGLING) or text.endswith(("：", ":", "，", ","))
                               or (ends_sentences and _cut_sentence(text))):
            where = "文档" if k == len(plans) - 1 else "这一篇方案"
            yield Report(last, None, f"{where}在句子中间结束：“…{text[-16:]}”；后面的内容可能丢失了", at=len(text) - 1)


#: how a paragraph of running text ends
SENTENCE_END = ("。", "！", "？", "!", "?", "；", ";", "…", "”", "）", ")", "》", "」")
LONG_PARAGRAPH = 30


def _cut_sentence(text: str) -> bool:
    """A long paragraph of running text (commas inside) with no end mark."""
    return len(text) >= LONG_PARAGRAPH and bool(re.search(r"[，,；;]", text)) and not text.endswith(SENTENCE_END)


def _ends_sentences(items) -> bool:
    """Does this document end its long paragraphs with an end mark (so a
    missing one means something)? Four in five of them, at least five."""
    long = [i.text.rstrip() for i in items if len(i.text.strip()) >= LONG_PARAGRAPH and re.search(r"[，,；;]", i.text)]
    return len(long) >= 5 and sum(t.endswith(SENTENCE_END) for t in long) >= 0.8 * len(long)


# -- internal-text -----------------------------------------------------------------------------

INTERNAL_RE = re.compile(
    r"(?P<pay>提成|计件工资|扣.{0,3}(?:绩效|考核|奖金|工资)|绩效考核分|考核扣分|扣.{0,2}分(?=处理|处罚)|罚款\s*\d+\s*元(?=.{0,6}(?:员工|人员|本人))|奖金挂钩)"
    r"|(?P<market>市场占有率|市场份额|抢占市场|挽回.{0,4}流失.{0,2}客户|流失客户|二次销售|促进销售|提升销量|销售业绩|打击竞争对手)"
    r"|(?P<cost>节省(?:我公司|公司|我们|企业)的?.{0,4}(?:成本|开支|人力)|降低(?:我公司|公司)的?.{0,4}成本)"
    r"|(?P<secret>内部资料|仅供内部|严禁外传|内部使用|不得外传|对外保密)"
    r"|(?P<attitude>息事宁人|敷衍了事|应付客户|糊弄|搪塞)"
    r"|(?P<price>(?:不应|不得|不要|不能)(?:立即|直接)?(?:给予)?(?:正面)?(?:回答|答复|透露).{0,4}价格|价格.{0,10}(?:不应|不得|不要)(?:立即)?(?:给予)?正面回答)"
)
_WHAT = {"pay": "员工的提成、扣分或奖惩", "market": "销售或市场目标", "cost": "本公司的成本考虑", "secret": "内部资料的标注",
         "attitude": "对自己员工的负面描述", "price": "对员工的内部话术"}


@rule("internal-text", Severity.WARNING, "text")
def internal_text(doc: TextDocument, project) -> Iterator[Report]:
    """No internal HR, sales or marketing instructions shown to the buyer:
    staff commissions and penalties (提成, 扣绩效考核分), market goals (市场
    占有率, 挽回流失客户), our own cost savings (节省我公司的人力成本),
    internal scripts (不应立即正面回答价格), "内部资料".

    Why: a plan copied from an internal procedure tells the evaluator how
    the company manages its staff, not what the buyer gets, and some of it
    reads badly (seeds 000, 001, 004).

    Bad:  维修人员未按时到场的，扣当月绩效考核分5分
    Good: 未按时到场的，按合同约定向采购人承担违约责任
    """
    joined = doc_text(doc)
    if not INTERNAL_RE.search(joined):
        return
    for item in doc.items:
        m = INTERNAL_RE.search(item.text)
        if m:
            yield Report(item, None, f"内部管理内容给采购人看到了（{_WHAT[m.lastgroup]}）：“{m.group(0)}”：{_excerpt(item.text, m.start())}；请删除或改写成对采购人的承诺", at=m.start())


# -- term-consistency ------------------------------------------------------------------------

#: how a plan calls its own company: one plan, one way (本厂 and 本公司 mixed shows two sources)
SELF_NAMES = {"本厂": "厂", "我厂": "厂", "本公司": "公司", "我公司": "公司"}
SELF_RE = re.compile("|".join(SELF_NAMES))
#: a bare 公司 meaning our own (公司产品, 向公司反馈), not another's (物流公司)
BARE_COMPANY_RE = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[的向与和及在由为对将把被从是给或并且等到至于按使让其即以此这该各每]))公司(?!化)")
PERIOD_NAMES = ("质量保证期", "免费保修期", "免费维护期", "免费保障期", "免费维保期", "质保期", "保修期", "维保期", "保质期", "养护期")
PERIOD_RE = re.compile("|".join(PERIOD_NAMES))
BUYER_ROLES = {"甲方": "合同", "买方": "买卖合同", "业主": "工程", "采购人": "招标", "招标人": "招标", "采购方": "招标"}
BUYER_RE = re.compile("|".join(BUYER_ROLES))
_NOT_BUYER_ROLE = re.compile(r"业主(?:方)?(?=委员会|大会)")


@rule("term-consistency", Severity.WARNING, "text")
def term_consistency(doc: TextDocument, project) -> Iterator[Report]:
    """One period or party keeps one name: the warranty is 质保期 (or 保修期)
    all through, not 质保期, 保修期 and 质量保证期 in turn; within one
    paragraph the buyer is not 甲方, 买方 and 业主 at once; the bidder is
    not 本厂 in one place and 本公司 (or a bare 公司产品) in another.

    Why: an evaluator reading three names asks whether they are three
    periods of different length; mixed party names show text pasted from
    different contracts (seeds 000, 001, 003).

    Bad:  质保期三年……保修期内免费上门……质量保证期满后
    Good: 质保期三年……质保期内免费上门……质保期满后
    """
    joined = doc_text(doc)
    names = Counter(PERIOD_RE.findall(joined))
    if len(names) >= 3 or (len(names) == 2 and min(names.values()) >= 2):
        first = names.most_common(1)[0][0]
        for item in doc.items:
            m = next((m for m in PERIOD_RE.finditer(item.text) if m.group(0) != first), None)
            if m:
                listed = "、".join(f"{n}（{k}处）" for n, k in names.most_common())
                yield Report(item, None, f"同一期限有多种叫法：{listed}；这里写作“{m.group(0)}”，请全文统一为“{first}”", at=m.start())
                break
    selves = Counter(SELF_NAMES[w] for w in SELF_RE.findall(joined))
    if selves.get("厂") and not selves.get("公司"):
        bare = len(BARE_COMPANY_RE.findall(joined))
        if bare >= 2:
            selves["公司"] = bare
    if len(selves) == 2:
        rare = min(selves, key=lambda k: selves[k])
        for item in doc.items:
            m = next((m for m in SELF_RE.finditer(item.text) if SELF_NAMES[m.group(0)] == rare), None)
            if m is None and rare == "公司":
                m = BARE_COMPANY_RE.search(item.text)
            if m:
                yield Report(item, None, f"本方时而称“厂”（本厂、我厂）、时而称“公司”（本公司、我公司、公司）：这里是“{m.group(0)}”；像是从不同来源拼接的，请统一", at=m.start())
                break
    for item in doc.items:
        found = {}
        for m in BUYER_RE.finditer(item.text):
            if _NOT_BUYER_ROLE.match(item.text, m.start()):
                continue
            found.setdefault(BUYER_ROLES[m.group(0)], (m.group(0), m.start()))
        if len(found) >= 2:
            words = "、".join(w for w, _ in found.values())
            pos = sorted(p for _, p in found.values())[1]
            yield Report(item, None, f"同一段里采购人有几种叫法（{words}）：{_excerpt(item.text, pos)}；像是从不同合同拼接的，请统一", at=pos)


# -- self-contradiction --------------------------------------------------------------------------

FREE_VISIT_RE = re.compile(r"免费(?:上门|现场)|上门服务(?:全部|一律)?免费|不收取?任何(?:费用|上门费|差旅费)")
CHARGE_RE = re.compile(r"收取.{0,8}(?:差旅|交通|食宿|上门|路|出差)费|(?:差旅|交通|食宿|上门)费.{0,6}(?:由.{0,6}(?:用户|客户|采购人|甲方|买方)|自理|承担)")
CHARGE_EXCUSED_RE = re.compile(r"保修期外|质保期外|保修期满|质保期满|期满后|过保|以外|之外|人为|自然灾害|不可抗力|非.{0,4}原因|超出|超过|不属于|除外|自行|不在|收费服务|有偿")
REGULAR_RE = re.compile(r"(?P<neg>不)?定期(?:的)?(?:进行|开展|安排)?(?:上门)?(?P<what>巡检|巡查|走访|回访|检查|保养|维护)")
_SAME_VISIT = {"巡检": "visit", "巡查": "visit", "走访": "visit", "检查": "visit", "回访": "call", "保养": "care", "维护": "care"}
WINDOW = 40
#: "不得 X" and later "可 X": a prohibition, and a permission of the same act
FORBID_RE = re.compile(r"(?:不得|严禁|禁止|不准|不允许|不可以|决不|绝不)(?P<vp>[^，,。；;！!？?()（）]{4,40})")
ALLOW_RE = re.compile(r"(?<![不认许宁])(?:可以|可|允许|准许|有权)(?P<vp>[^，,。；;！!？?()（）]{4,40})")
#: a prohibition of doing something without leave (不得擅自…) is no prohibition of the act
UNAUTHORISED_RE = re.compile(r"\s*(?:擅自|私自|随意|随便|未经|无故)")
#: a prohibition with these words admits no exception at all
ABSOLUTE_RE = re.compile(r"无论|任何|一律|绝对|决不|绝不|在任何情况下")
#: a permission that names its case (保修期外, 经用户同意…) is an exception, not a contradiction
CASE_RE = re.compile(r"如|若|经.{0,8}同意|需要时|必要时|期外|期满|人为|除外|特殊|另行|以外|之外|超出|超过")
SAME_ACT = 6
FORBID_WINDOW = 10


def _common_run(a: str, b: str) -> int:
    """The length of the longest run of characters that a and b share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


@rule("self-contradiction", Severity.WARNING, "text")
def self_contradiction(doc: TextDocument, project) -> Iterator[Report]:
    """Two statements of one plan do not contradict each other: "免费上门"
    and then travel costs charged with no exception named (保修期外, 人为
    损坏…); 定期巡检 and then 不定期 visits for the same thing; an act
    forbidden ("无论任何理由不得要求客户购买材料") and soon after permitted
    ("可要求客户购买材料") — after an absolute prohibition even with a case
    named, after a plain one only when the permission names no case.

    Only statements within about forty paragraphs of each other are
    compared (a collection of plans is not one plan).

    Why: the buyer will hold the bidder to the cheaper reading, and an
    evaluator reads the contradiction as carelessness (seeds 000, 001).

    Bad:  保修期内免费上门服务。……维修人员的差旅费由用户承担。
    Good: 保修期内免费上门服务。……保修期外上门的差旅费由用户承担。
    """
    items = doc.items
    free_at: list[int] = []
    regular: dict[str, list[tuple[int, bool, str]]] = {}
    for k, item in enumerate(items):
        text = item.text
        if FREE_VISIT_RE.search(text):
            free_at.append(k)
        for sentence_m in SENTENCE_RE.finditer(text):
            sentence = sentence_m.group(0)
            c = CHARGE_RE.search(sentence)
            if c and not CHARGE_EXCUSED_RE.search(sentence) and any(0 <= k - f <= WINDOW for f in free_at) and not FREE_VISIT_RE.search(sentence):
                yield Report(item, None, f"前文承诺免费上门，这里却要收取费用且未说明例外：{_excerpt(text, sentence_m.start() + c.start())}；请写明哪些情况收费（如保修期外、人为损坏）", at=sentence_m.start() + c.start())
        for m in REGULAR_RE.finditer(text):
            kind = _SAME_VISIT[m["what"]]
            neg = bool(m["neg"])
            for k0, neg0, word0 in regular.get(kind, []):
                if neg0 != neg and k - k0 <= WINDOW:
                    yield Report(item, None, f"“{m.group(0)}”与前文的“{word0}”相互矛盾：{_excerpt(text, m.start())}；请统一为定期并写明间隔", at=m.start())
                    break
            regular.setdefault(kind, []).append((k, neg, m.group(0)))
    yield from _permitted_after_forbidden(items)


def _permitted_after_forbidden(items) -> Iterator[Report]:
    """A permission ("可要求客户购买材料") of an act forbidden shortly before
    ("无论任何理由不得要求客户购买材料"): the same act of six characters or
    more; an absolute prohibition admits no case, another one admits a
    permission that names its case (保修期外可…)."""
    forbidden: list[tuple[int, str, bool]] = []
    for k, item in enumerate(items):
        text = item.text
        for m in ALLOW_RE.finditer(text):
            for k0, vp0, absolute in forbidden:
                if k - k0 > FORBID_WINDOW or _common_run(m["vp"], vp0) < SAME_ACT:
                    continue
                sentence = re.split(r"[。；;！!？?]", text[:m.start()])[-1]
                if absolute or not CASE_RE.search(sentence + m.group(0)):
                    yield Report(item, None, f"这里允许的“{m.group(0)}”，前文明确禁止（“…{vp0[:16]}”）：{_excerpt(text, m.start())}；请删去其一，或写明例外的情形", at=m.start())
                    return
        for m in FORBID_RE.finditer(text):
            if UNAUTHORISED_RE.match(m["vp"]):
                continue  # 不得擅自拆卸: allowed with leave, so a later 可拆卸 contradicts nothing
            sentence = re.split(r"[。；;！!？?]", text[:m.start()])[-1]
            forbidden.append((k, m["vp"], bool(ABSOLUTE_RE.search(sentence + m.group(0)))))


# -- typo ----------------------------------------------------------------------------------------

#: characters that stand alone in ordinary text (particles, pronouns, measure words…):
#: a pair with one of them is no word and is no typo either
FUNCTION_CHARS = set("一二三四五六七八九十两百千万零壹贰叁肆伍陆柒捌玖拾佰仟的了是在和与及或对为把被从向给让使由于以而并且也都就才又还很更最不没未无非要会能可应需须将已曾正这那此其该各每某本我你您他她它们之所者等个只件次台套项条份名人年月日天时分秒元上下中内外前后里间")
#: a typo's replacement must be a common word (jieba frequency), or a word
#: the plan itself uses elsewhere (保修 in a warranty plan)
COMMON = 2000
#: pairs across a conjunction or particle are two words, not one misspelt
SEPARATORS = set("和与及或并的了在")
DIGIT_SANBAO_RE = re.compile(r"(?<![\d.])3包(?![装括含邮])")
HOUR_TYPO_RE = re.compile(r"(?<![\d.:：])(?P<n>\d{1,2})时(?=内|以内|之内)")


#: characters that attach to the word before them (工程部, 维护期, 服务费): bound, not orphans
SUFFIX_MORPHEMES = set("部期费率性化员者家商厂站室处科组段类型级制表单书证点")
#: a pair that starts with a negation is a negated verb (不喝), not a word
NEGATIONS = set("不没未无非别勿")


def _covered(text: str, i: int) -> bool:
    """Is text[i] inside some common word of 2-4 characters, or a suffix bound to one?"""
    if text[i] in SUFFIX_MORPHEMES and i > 0 and HAN_RE.match(text[i - 1]) and _in_word(text, i - 1):
        return True
    return _in_word(text, i)


def _in_word(text: str, i: int) -> bool:
    for size in (2, 3, 4):
        for start in range(i - size + 1, i + 1):
            if start >= 0 and start + size <= len(text) and wordfreq.is_word(text[start:start + size]):
                return True
    return False


class PlanText:
    """The whole plan, as the typo rule asks about it: does it hold this pair
    or triple, how often does it use this word. Each question searches the
    whole text once and is remembered; a text that raises more questions than
    a real plan ever does (tens of thousands of odd pairs: random names,
    another language) gets no more answers, so a long hostile file costs
    linear time, and without answers the rule only says less."""

    BUDGET = 4000
    #: odd spots (pairs, characters in no word) looked at: the seeds have about
    #: 0.125 per character; four times that, after a start, is no prose
    LOOKS_BASE = 2000
    LOOKS_PER_CHAR = 0.5

    def __init__(self, text: str):
        self.text = text
        self._memo: dict[tuple[str, str], int] = {}
        self.looks = 0
        self.scanned = 0  # characters of the items looked at so far

    def look(self) -> bool:
        """Count one odd spot looked at; False once the text has had its share."""
        self.looks += 1
        return not self.exhausted

    def _ask(self, kind: str, word: str) -> int:
        key = (kind, word)
        if key not in self._memo:
            if len(self._memo) >= self.BUDGET:
                return 0
            self._memo[key] = self._count(word) if kind == "count" else self._as_word(word) if kind == "word" else int(word in self.text)
        return self._memo[key]

    @property
    def exhausted(self) -> bool:
        return len(self._memo) >= self.BUDGET or self.looks > self.LOOKS_BASE + self.LOOKS_PER_CHAR * self.scanned

    def __contains__(self, gram: str) -> bool:
        return bool(self._ask("in", gram))

    def count(self, word: str) -> int:
        return self._ask("count", word)

    def uses_as_word(self, word: str) -> int:
        return self._ask("word", word)

    def _count(self, word: str) -> int:
        return self.text.count(word)

    def _as_word(self, word: str) -> int:
        """How often the plan uses ``word`` as a word: "提交公司" holds 交公 but
        the 公 there belongs to the far more common 公司."""
        text = self.text
        n, start, freq = 0, 0, wordfreq.frequency(word)
        while (p := text.find(word, start)) >= 0:
            start = p + 1
            before, after = text[max(p - 1, 0):p + 1], text[p + 1:p + 3]
            if wordfreq.frequency(after) > freq or (p > 0 and wordfreq.frequency(before) > freq):
                continue
            n += 1
        return n


def _reads_well(text: str, i: int, vocabulary: PlanText) -> bool:
    """After a correction at text[i:i+2], its neighbours still belong to words
    (common ones, or ones the plan uses elsewhere): "维保含" → "维包含" leaves 维
    alone, so 保含 was not the slip."""
    for j in (i - 1, i + 2):
        if 0 <= j < len(text) and HAN_RE.match(text[j]) and text[j] not in FUNCTION_CHARS and not _covered(text, j):
            # a word of the plan that joins the neighbour to the corrected pair (保修|期 → 修期 in 保修期内)
            grams = [text[s:s + n] for n in (2, 3) for s in range(j - n + 1, j + 1)
                     if s >= 0 and s + n <= len(text) and s < i + 2 and s + n > i]
            if not any(g in vocabulary for g in grams):
                return False
    return True


def _homophone_fix(text: str, i: int, vocabulary: PlanText) -> tuple[int, str] | None:
    """For an orphan pair text[i:i+2], the one-character homophone change
    that makes it a common word: (position, corrected pair), if exactly one."""
    pair = text[i:i + 2]
    if pair[0] in SEPARATORS or pair[1] in SEPARATORS or pair[0] in NEGATIONS:
        return None
    found = []
    for k in (0, 1):
        ch = pair[k]
        if ch in FUNCTION_CHARS:
            continue
        for alt in wordfreq.homophones(ch):
            word = pair[:k] + alt + pair[k + 1:]
            freq = wordfreq.frequency(word)
            own = freq >= 10 and vocabulary.uses_as_word(word) >= 2
            if (freq >= COMMON // 4 or own) and _reads_well(text[:i] + word + text[i + 2:], i, vocabulary):
                found.append((i + k, word, freq, own))
    if not found:
        return None
    # one correction, or two of the same character meaning the same (决不/绝不): their evidence adds up
    same_place = len({p for p, _, _, _ in found}) == 1 and len(found) <= 2
    enough = sum(f for _, _, f, _ in found) >= COMMON or any(o for _, _, _, o in found)
    if (len({w for _, w, _, _ in found}) == 1 or same_place) and enough:
        return found[0][0], "/".join(dict.fromkeys(w for _, w, _, _ in found))
    return None


def _transposed(text: str, i: int) -> str | None:
    """A three-character run whose characters in another order are a common word (机算计 → 计算机)."""
    run = text[i:i + 3]
    if len(run) < 3 or wordfreq.is_word(run) or not all(HAN_RE.match(c) for c in run):
        return None
    for a, b, c in ((run[2], run[1], run[0]), (run[0], run[2], run[1]), (run[1], run[0], run[2]), (run[2], run[0], run[1]), (run[1], run[2], run[0])):
        word = a + b + c
        if word != run and wordfreq.frequency(word) >= COMMON and sorted(word) == sorted(run):
            return word
    return None


# -- one character off a set phrase -------------------------------------------------------------

#: jieba's tags of set phrases (成语 i, 习用语 l): four characters that go together
IDIOM_TAGS = ("i", "l")
#: particles and prepositions at a window's edge belong to the words outside it
EDGE_PARTICLES = set("的了和与及或并在等对为把被从向给将")


@lru_cache(maxsize=1)
def _idiom_index() -> dict[str, tuple[str, ...]]:
    """Four-character set phrases by pattern with one character blanked ("言谈举?")."""
    freq, tags = wordfreq._load()
    index: dict[str, list[str]] = {}
    for word, count in freq.items():
        if len(word) == 4 and count >= 5 and tags.get(word) in IDIOM_TAGS:
            for i in range(4):
                index.setdefault(word[:i] + "?" + word[i + 1:], []).append(word)
    return {k: tuple(v) for k, v in index.items()}


def _idiom_slip(text: str, s: int) -> tuple[int, str] | None:
    """text[s:s+4] is a set phrase with one character wrong (言谈举此 → 言谈举止):
    the odd character belongs to no common word here, the other three are no
    word by themselves, and exactly one set phrase fits."""
    window = text[s:s + 4]
    if len(window) < 4 or not all(HAN_RE.match(c) for c in window) or wordfreq.is_word(window):
        return None
    for i in range(4):
        fits = _idiom_index().get(window[:i] + "?" + window[i + 1:])
        if not fits or len(fits) > 1 or window[i] in EDGE_PARTICLES or _covered(text, s + i):
            continue
        rest = window[1:] if i == 0 else window[:3] if i == 3 else ""
        if rest and wordfreq.is_word(rest):
            continue
        return s + i, fits[0]
    return None


def typo_candidates(text: str, vocabulary: str | PlanText = "") -> Iterator[tuple[int, str, str]]:
    """(offset, as written, correction) for each likely typo in ``text``;
    ``vocabulary`` is the whole plan (its own words count as common)."""
    if isinstance(vocabulary, str):
        vocabulary = PlanText(vocabulary)
    for m in DIGIT_SANBAO_RE.finditer(text):
        yield m.start(), m.group(0), "三包"
    for m in HOUR_TYPO_RE.finditer(text):
        yield m.start(), m.group(0), f"{m['n']}小时"
    idioms = list(_idiom_slips(text, vocabulary))
    yield from idioms
    inside = {k for s, _, _ in idioms for k in range(s, s + 4)}
    n = len(text)
    i = 0
    while i < n - 1:
        if i in inside or i + 1 in inside:
            i += 1
            continue
        a, b = text[i], text[i + 1]
        if not (HAN_RE.match(a) and HAN_RE.match(b)) or wordfreq.is_word(a + b):
            i += 1
            continue
        # an orphan pair: neither character belongs to a common word here
        if not _covered(text, i) and not _covered(text, i + 1):
            if not vocabulary.look():
                return
            fix = _homophone_fix(text, i, vocabulary)
            if fix:
                yield i, a + b, fix[1]
                i += 2
                continue
        t = _transposed(text, i)
        if t and not _covered_outside(text, i, 3):
            yield i, text[i:i + 3], t
            i += 3
            continue
        i += 1


def _idiom_slips(text: str, vocabulary: PlanText) -> Iterator[tuple[int, str, str]]:
    """Set phrases with one character wrong, looked for only around a
    character that makes no word with either neighbour (cheap on clean text)."""
    done = -1
    for j in range(1, len(text) - 1):
        if j <= done or not HAN_RE.match(text[j]) or wordfreq.is_word(text[j - 1:j + 1]) or wordfreq.is_word(text[j:j + 2]):
            continue
        if _covered(text, j):
            continue
        if not vocabulary.look():
            return
        for s in range(max(0, j - 3), j + 1):
            slip = _idiom_slip(text, s)
            if slip and slip[0] == j:
                yield s, text[s:s + 4], slip[1]
                done = s + 3
                break


def _covered_outside(text: str, i: int, size: int) -> bool:
    """Is the run text[i:i+size] split by common words that reach outside it?"""
    return any(wordfreq.is_word(text[s:e]) for s in range(max(0, i - 3), i + size) for e in range(s + 2, min(len(text), s + 4) + 1) if (s < i < e or s < i + size < e) and not (i <= s and e <= i + size))


@rule("typo", Severity.WARNING, "text")
def typo(doc: TextDocument, project) -> Iterator[Report]:
    """A wrong character that changes or obscures the meaning (维户 → 维护,
    保休 → 保修, 致少 → 至少, 机算计 → 计算机, 3包 → 三包, 24时内 → 24小时内).

    Found by method, not from a list: two characters that form no common
    word and belong to none around them, where changing one of them for a
    character that sounds the same gives a common word (word frequencies
    from jieba's dictionary, readings from pypinyin); three characters in
    the wrong order; a set phrase (成语, 习用语) with one character wrong
    (言谈举此 → 言谈举止) where that character makes no word there; a
    digit in a fixed term (3包). When more than one correction fits,
    nothing is said. A space between two characters is a PDF line break
    ("通 知后"): words run on across it.

    Why: a typo in a promise obscures what is promised and tells the
    evaluator nobody proofread the bid (seeds 000, 001, 004).

    Bad:  质保期内免费维户，对重点用户每年致少走访一次
    Good: 质保期内免费维护，对重点用户每年至少走访一次
    """
    if doc.kind == "company":
        return
    joined = PlanText(_WRAP_SPACE_RE.sub("", doc_text(doc)))
    for item in doc.items:
        if joined.exhausted:
            return
        seen = set()
        text, where = _unwrapped(item.text)
        joined.scanned += len(text)
        for pos, written, fix in _candidates(text, joined):
            if written in seen:
                continue
            seen.add(written)
            if joined.count(written) >= 2 and joined.count(written) >= joined.count(fix):
                continue  # the plan's own vocabulary (售前、售中、售后), not a slip
            if joined.exhausted:
                return  # not a plan's prose (see PlanText): nothing more can be said
            yield Report(item, None, f"疑似错别字“{written}”，应为“{fix}”？{_excerpt(text, pos)}", at=where[pos])


# -- typo candidates remembered per text ---------------------------------------------------------
#
# Bids copied from each other hold the same paragraphs hundreds of times, and
# finding a paragraph's typo candidates is the costliest step of a check. The
# candidates of a text depend on the text and on the answers the plan around
# it gives (PlanText: does it hold this pair, how often does it use this word,
# may one more odd spot be looked at). A trace keeps the candidates with the
# questions asked and their answers; where the text recurs, the same
# questions are put to its own plan, and the candidates are taken over only
# when every answer is the same (else they are found again). A trace is only
# used where its questions cannot exhaust the plan's budget, so stopping
# early never depends on it.


@dataclass
class _Trace:
    candidates: list[tuple[int, str, str]]
    questions: list[tuple[str, str, int]]  # (kind, word, answer)
    looks: int


class _Recorder:
    """A PlanText seen through: every question and answer is written down."""

    def __init__(self, plan: PlanText):
        self.plan, self.questions, self.looks = plan, [], 0

    def look(self) -> bool:
        self.looks += 1
        return self.plan.look()

    def __contains__(self, gram: str) -> bool:
        answer = gram in self.plan
        self.questions.append(("in", gram, int(answer)))
        return answer

    def uses_as_word(self, word: str) -> int:
        answer = self.plan.uses_as_word(word)
        self.questions.append(("word", word, answer))
        return answer


_TRACES: dict[str, _Trace] = {}
_TRACE_LIMIT = 1 << 15


def _candidates(text: str, plan: PlanText) -> list[tuple[int, str, str]]:
    """typo_candidates(text, plan), from a trace of the same text when the
    plan answers its questions alike."""
    trace = _TRACES.get(text)
    if trace is not None and _replays(trace, plan):
        plan.looks += trace.looks
        return trace.candidates
    recorder = _Recorder(plan)
    found = list(typo_candidates(text, recorder))
    if not plan.exhausted:  # it ran to its end: a complete trace
        if len(_TRACES) >= _TRACE_LIMIT:
            _TRACES.clear()
        _TRACES[text] = _Trace(found, recorder.questions, recorder.looks)
    return found


def _replays(trace: _Trace, plan: PlanText) -> bool:
    """Does `plan` answer the trace's questions as the trace records, with
    room to spare in its budget (so no question could have stopped the run)?"""
    room = PlanText.BUDGET - len(plan._memo) - len(trace.questions) - 4 * len(trace.candidates)
    if room <= 0 or plan.looks + trace.looks > PlanText.LOOKS_BASE + PlanText.LOOKS_PER_CHAR * plan.scanned:
        return False
    for kind, word, answer in trace.questions:
        got = int(word in plan) if kind == "in" else plan.uses_as_word(word)
        if got != answer:
            return False
    return True


def clear_text_memos() -> None:
    """Forget what was remembered per text (benchmarks time a cold check)."""
    _TRACES.clear()
    garbled_spans.cache_clear()


#: a space between two Chinese characters: a line break of the PDF the text
#: came from ("通 知后"); the word goes on across it
_WRAP_SPACE_RE = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


def _unwrapped(text: str) -> tuple[str, list[int]]:
    """The text without line-break spaces inside words, and for each of its
    characters the offset in the original text."""
    if " " not in text:
        return text, list(range(len(text) + 1))
    kept = [i for i in range(len(text)) if not (text[i] == " " and _WRAP_SPACE_RE.match(text, i))]
    return "".join(text[i] for i in kept), kept + [len(text)]


# -- hotline without a number ------------------------------------------------------------------

HOTLINE_RE = re.compile(r"(?:服务|售后|投诉|咨询|客服|报修)?(?:热线|专线|服务电话|咨询电话|报修电话)")
PHONE_RE = re.compile(r"(?<!\d)(?:[48]00[-\s]?\d{3}[-\s]?\d{4}|0\d{2,3}[-\s－—]?\d{7,8}|1[3-9]\d{9}|\d{3,4}[-－]\d{7,8})(?!\d)")
PHONE_NEAR = 15


@rule("hotline-format", Severity.WARNING, "text")
def hotline_in_text(doc: TextDocument, project) -> Iterator[Report]:
    """A plan document that announces a hotline gives its number nearby
    (within about fifteen paragraphs): "详情请咨询售后服务热线" with no
    number anywhere is a promise nobody can call.

    Only documents are checked: a YAML project prints the company's hotline.

    Why: evaluators look for the number; "常设7×24小时热线服务" without
    one scores nothing (seeds 001, 002).

    Bad:  常设7×24小时热线服务。
    Good: 常设7×24小时服务热线 400-826-3519。
    """
    if doc.kind != "document" or not HOTLINE_RE.search(doc_text(doc)):
        return
    items = doc.items
    has_phone = [bool(PHONE_RE.search(i.text)) for i in items]
    told = -PHONE_NEAR
    for k, item in enumerate(items):
        m = HOTLINE_RE.search(item.text)
        if not m or k - told < PHONE_NEAR:
            continue
        if not any(has_phone[max(0, k - PHONE_NEAR):k + PHONE_NEAR + 1]):
            told = k
            yield Report(item, None, f"提到了“{m.group(0)}”，但附近没有电话号码：{_excerpt(item.text, m.start())}；请写明号码（如 400-826-3519）", at=m.start())


# -- shared-text ---------------------------------------------------------------------------------

SHARED_MIN = 30
SHARED_RATIO = 0.8


def _shingles(text: str) -> set[str]:
    han = "".join(HAN_RE.findall(text))
    return {han[i:i + 3] for i in range(len(han) - 2)}


@rule("shared-text", Severity.WARNING, "text")
def shared_text(doc: TextDocument, project) -> Iterator[Report]:
    """A document does not say the same paragraph twice: a paragraph of
    thirty characters or more whose wording (character trigrams) is at least
    80 % that of an earlier one is reported once, naming the earlier place;
    so is a run of three numbered headings that repeats an earlier run in
    order (the plan copied in twice, its paragraphs rewritten).

    Only documents are checked.

    Why: a plan stitched from two copies of one template repeats itself,
    which evaluators notice, and a reworded duplicate may promise something
    different from the original (seeds 001, 002).

    Bad:  篇二 repeats 篇一 point by point
    Good: one statement of each point
    """
    if doc.kind != "document":
        return
    earlier: list[tuple[set[str], object]] = []
    postings: dict[str, list[int]] = {}  # trigram → earlier paragraphs holding it
    for item in doc.items:
        grams = _shingles(item.text)
        if len(grams) < SHARED_MIN:
            continue
        for k in _likely_sources(grams, postings):
            other, where = earlier[k]
            common = len(grams & other)
            if common >= SHARED_RATIO * min(len(grams), len(other)) and common >= SHARED_RATIO * max(len(grams), len(other)) * 0.75:
                loc = getattr(where, "loc", None)
                line = f"第 {loc.line} 行" if loc is not None else "前文"
                yield Report(item, None, f"这段文字与{line}的几乎相同：{_excerpt(item.text, 0)}；请删去重复或合并", at=0)
                break
        else:
            for g in grams:
                postings.setdefault(g, []).append(len(earlier))
            earlier.append((grams, item))
    yield from _repeated_outline(doc)


#: a trigram in more earlier paragraphs than this tells nothing about which one is copied
COMMON_GRAM = 40
CANDIDATES = 5


def _likely_sources(grams: set[str], postings: dict[str, list[int]]) -> list[int]:
    """The few earlier paragraphs sharing most of the discriminating trigrams
    (a document of 20,000 paragraphs is not compared pair by pair)."""
    votes: Counter[int] = Counter()
    for g in grams:
        hits = postings.get(g)
        if hits and len(hits) <= COMMON_GRAM:
            votes.update(hits)
    # ties broken by the earlier paragraph: the set's order (hash seed) must not decide
    return [k for k, _ in heapq.nsmallest(CANDIDATES, votes.items(), key=lambda kv: (-kv[1], kv[0]))]


#: a heading: a short numbered line (一、组建服务团队)
HEADING_MAX = 24
OUTLINE_RUN = 3


def _headings(doc: TextDocument) -> list[tuple[object, str]]:
    out = []
    for item in doc.items:
        text = item.text.strip()
        if len(text) > HEADING_MAX or text.endswith(("。", "；", ";")) or "，" in text or "," in text:
            continue  # a sentence, not a heading
        for _, regex in MARKER_RES:
            m = regex.match(text)
            if m:
                body = re.sub(r"[\s:：。.,，、]", "", text[m.end():])
                if len(body) >= 3:
                    out.append((item, body))
                break
    return out


def _repeated_outline(doc: TextDocument) -> Iterator[Report]:
    """Three numbered headings in a row that repeat three earlier ones in
    order: the plan is in the document twice (rewritten in between, as
    often as not, so the paragraphs under them differ)."""
    heads = _headings(doc)
    first: dict[str, list[int]] = {}
    for k, (_, body) in enumerate(heads):
        first.setdefault(body, []).append(k)
    k = 0
    while k + OUTLINE_RUN <= len(heads):
        match = next((j for j in first[heads[k][1]] if j + OUTLINE_RUN <= k
                      and all(heads[j + d][1] == heads[k + d][1] for d in range(OUTLINE_RUN))), None)
        if match is None:
            k += 1
            continue
        item, where = heads[k][0], heads[match][0]
        loc = getattr(where, "loc", None)
        line = f"第 {loc.line} 行" if loc is not None else "前文"
        yield Report(item, None, f"从这里起的标题（{'、'.join(b for _, b in heads[k:k + OUTLINE_RUN])}…）与{line}起的标题依次相同：同一方案在文档中出现了两次；请删去重复的一份", at=0)
        start, k = k, k + OUTLINE_RUN
        while k < len(heads) and match + k - start < start and heads[k][1] == heads[match + k - start][1]:
            k += 1  # the rest of the copied run: one finding for it


# -- citation ------------------------------------------------------------------------------------

#: a quoted law, regulation or standard (its title is fixed; a form of the plan's own is not)
LAW_TITLE_RE = re.compile(r"《(?P<t>[^《》\n]{4,40}?(?:法|条例|规定|办法|标准|规范|规程|细则|通则|准则))》")
#: management-system standards by subject: the ISO number, its Chinese GB/T twin,
#: and the family or former numbers a plan may rightly cite (ISO 9000, GB/T 19001)
SUBJECT_STANDARDS = {
    "质量": ("9001", "19001", "9000", "9002", "9004", "19000", "19004"),
    "环境": ("14001", "24001", "14000", "24000", "14004", "24004"),
    "环保": ("14001", "24001", "14000", "24000", "14004", "24004"),
    "职业健康": ("45001", "45001", "18001", "28001", "18000", "28000"),
    "信息安全": ("27001", "22080", "27000", "27002", "22081"),
    "能源": ("50001", "23331"),
    "食品安全": ("22000", "22000"),
    "信息技术服务": ("20000", "24405"),
    "IT服务": ("20000", "24405"),
}
#: standards withdrawn and replaced
WITHDRAWN = {"OHSAS18001": "ISO 45001", "GB/T28001": "GB/T 45001"}
STANDARD_RE = re.compile(r"(?P<body>ISO|GB/T|GB|OHSAS)\s*(?P<n>\d{4,5})(?:[-—:：]\s*[0-9xX*]{2,4})?")
SUBJECT_RE = re.compile("|".join(sorted(SUBJECT_STANDARDS, key=len, reverse=True)))
SUBJECT_NEAR = 8


@rule("citation", Severity.WARNING, "text")
def citation(doc: TextDocument, project) -> Iterator[Report]:
    """A cited law or standard is cited right: a management-system standard
    has the number of its subject (环境管理体系 is ISO 14001, not ISO 18000),
    is not a withdrawn one (OHSAS 18001 and GB/T 28001 are replaced by
    ISO 45001 and GB/T 45001), and a law quoted twice in one plan has one
    title (《…修理、更换、退货责任规定》, not also 《…维修、更换…》).

    When a standard has two subjects about as near, nothing is said.

    Why: a wrong or reworded citation shows the text was copied without
    understanding, and an evaluator checks certificates against it (seed 001).

    Bad:  施工中执行 ISO18000 环保体系标准
    Good: 施工中执行 ISO 14001 环境管理体系标准
    """
    joined = doc_text(doc)
    if "《" in joined:
        yield from _retitled_laws(doc)
    if not STANDARD_RE.search(joined):
        return
    for item in doc.items:
        for m in STANDARD_RE.finditer(item.text):
            code = m["body"] + m["n"]
            if code in WITHDRAWN:
                yield Report(item, None, f"“{m.group(0)}”已废止，由 {WITHDRAWN[code]} 代替：{_excerpt(item.text, m.start())}；请引用现行标准", at=m.start())
                break
            subject = _nearest_subject(item.text, m.start(), m.end())
            if subject and m["n"] not in SUBJECT_STANDARDS[subject]:
                iso, gb = SUBJECT_STANDARDS[subject][:2]
                right = f"GB/T {gb}" if m["body"].startswith("GB") else f"ISO {iso}"
                yield Report(item, None, f"“{m.group(0)}”不是{subject}管理体系的标准（应为 {right}）：{_excerpt(item.text, m.start())}；请核对标准号", at=m.start())
                break


def _nearest_subject(text: str, start: int, end: int) -> str | None:
    """The subject word nearest to a standard number, if one is clearly nearest."""
    found = []
    for s in SUBJECT_RE.finditer(text, max(0, start - SUBJECT_NEAR - 4), min(len(text), end + SUBJECT_NEAR + 4)):
        gap = start - s.end() if s.end() <= start else s.start() - end
        if 0 <= gap <= SUBJECT_NEAR:
            found.append((gap, s.group(0)))
    found.sort()
    if not found or (len(found) > 1 and found[1][0] == found[0][0] and found[1][1] != found[0][1]):
        return None
    return found[0][1]


def _retitled_laws(doc: TextDocument) -> Iterator[Report]:
    """A law or standard whose title is quoted in two ways: the later one is reported."""
    seen: dict[str, list[str]] = {}  # by slip_key: only those can be one slip apart
    for item in doc.items:
        for m in LAW_TITLE_RE.finditer(item.text):
            title = m["t"]
            group = seen.setdefault(slip_key(title), [])
            other = next((t for t in group if one_slip_apart(t, title)), None)
            if other is not None and title not in group:
                yield Report(item, None, f"《{title}》与前文引用的《{other}》只差几个字，应为同一文件：{_excerpt(item.text, m.start())}；请按原名引用", at=m.start())
            if title not in group:
                group.append(title)
