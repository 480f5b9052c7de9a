"""What in a text is another organisation's name, and what is our own side.

Real plans say 我公司, 本公司, 我方, 本厂, a bare 公司 or 厂家, and phrases such
as 采购我公司, 及时反馈到公司, 返厂维修, 树立公司形象: none of these names
anybody. Only something shaped like a name can be another organisation: a
stem that holds a place (贵州省…), a person's or brand's name (江森…), an
organisation (jieba tags ns/nr/nz/nt), or characters that form no common
word (冠金), followed by 公司/有限公司/集团/厂/医院/学校/局/院/馆…

The stem starts after the last function word (的, 向, 与, 在, 是…), pronoun
(我, 本, 贵, 其…) or punctuation before the suffix; a verb between the
place and a plain 公司 ends it too (山东省设有服务中心 names nobody), while
a formal 有限公司/集团 name may hold one (江苏绿色照明工程有限公司).
Places followed by a branch word (北京分公司, 济南服务中心) are our own
outlets as often as not, so they are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import wordfreq

FORMAL = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团")
PLAIN = ("公司", "医院", "学校", "中学", "小学", "大学", "学院", "研究院", "设计院", "研究所", "事务所", "局", "馆", "厂", "院")
SUFFIX_RE = re.compile("|".join(map(re.escape, sorted(FORMAL + PLAIN, key=len, reverse=True))))
#: a suffix that continues into a common noun is not a suffix: 厂家, 公司化, 院校
NOT_SUFFIX_AFTER = {"厂": "家商区房长址内外方", "公司": "化", "院": "校子落线", "局": "面部限势", "馆": "藏"}
#: a motion verb before a one-character suffix makes a verb phrase (返厂维修, 出院, 到馆): no name
MOTION_BEFORE = set("返回出进入离到驻来去赴住送")
#: characters that end a stem (function words, pronouns, digits, punctuation)
STOP_CHARS = set("的向与和及在由为对将把被从是给或并且等到至于按凭使让其即以此这那该各每任我本贵你您他她它们原总分子母")
STOP_RE = re.compile(r"[^\u4e00-\u9fff]")
#: tags of words that name something (place, person, organisation, other proper noun)
PROPER_TAGS = {"ns", "nr", "nrt", "nrfg", "nt", "nz"}
#: tags that end a plain name (a verb, adverb, preposition… between place and 公司)
BREAK_TAGS = {"v", "d", "p", "c", "u", "r", "f", "m", "q", "t", "ad", "vd", "uj", "ul", "y", "e", "o"}
#: words that follow a place and make a branch of one company, not another company
BRANCH_WORDS = ("分公司", "办事处", "服务中心", "服务站", "维修站", "维修中心", "分厂", "分院")
PLACEHOLDER_RE = re.compile(r"[XxＸ×*＊某]")


@dataclass(frozen=True)
class OrgName:
    name: str
    start: int
    end: int


def _tokens(stem: str) -> list[str]:
    """Backward maximum matching on the common-word list (4, 3, 2 characters)."""
    out: list[str] = []
    i = len(stem)
    while i > 0:
        for size in (4, 3, 2, 1):
            if size <= i and (size == 1 or wordfreq.is_word(stem[i - size:i])):
                out.append(stem[i - size:i])
                i -= size
                break
    return out[::-1]


def _stem_before(text: str, pos: int, limit: int = 14) -> str:
    start = pos
    while start > 0 and pos - start < limit:
        ch = text[start - 1]
        if STOP_RE.match(ch):
            break
        if ch in STOP_CHARS and not _in_place_name(text, start - 1):
            break
        start -= 1
    return text[start:pos]


def _in_place_name(text: str, i: int) -> bool:
    """Is text[i] part of a place name with a neighbour (贵州, 日本, 太原)?"""
    return any(wordfreq.tag(w) == "ns" for w in (text[i:i + 2], text[max(i - 1, 0):i + 1]) if len(w) == 2)


def _name_part(stem: str, formal: bool) -> str:
    """The part of the stem that is a name, or "" when the words are ordinary."""
    tokens = _tokens(stem)
    if not tokens:
        return ""
    # from the suffix backwards: keep tokens until one breaks a plain name
    kept: list[str] = []
    for tok in reversed(tokens):
        t = wordfreq.tag(tok) if len(tok) > 1 else ""
        if not formal and t in BREAK_TAGS:
            break
        kept.append(tok)
    kept.reverse()
    if not kept:
        return ""
    proper = any(len(t) > 1 and wordfreq.tag(t) in PROPER_TAGS for t in kept)
    unknown = _unknown_run(kept)
    if not proper and not unknown:
        return ""
    # a name starts at its first proper or unknown part: drop ordinary words before it
    while kept and not (len(kept[0]) == 1 or wordfreq.tag(kept[0]) in PROPER_TAGS):
        kept.pop(0)
    return "".join(kept)


def _unknown_run(tokens: list[str]) -> bool:
    """Two or more single characters in a row: no common word, likely a name (冠金)."""
    run = 0
    for tok in tokens:
        run = run + 1 if len(tok) == 1 else 0
        if run >= 2:
            return True
    return False


def find_org_names(text: str) -> list[OrgName]:
    """Every organisation-shaped name in ``text`` (simplified characters)."""
    out: list[OrgName] = []
    for m in SUFFIX_RE.finditer(text):
        suffix = m.group(0)
        after = text[m.end():m.end() + 1]
        if after and after in NOT_SUFFIX_AFTER.get(suffix, ""):
            continue
        if len(suffix) == 1 and m.start() > 0 and text[m.start() - 1] in MOTION_BEFORE:
            continue
        if out and m.start() < out[-1].end:
            continue
        stem = _stem_before(text, m.start())
        if len(stem) < 2 or PLACEHOLDER_RE.search(stem):
            continue
        formal = suffix in FORMAL
        name = _name_part(stem, formal)
        if len(name) < 2:
            continue
        full = name + suffix
        if any(full.endswith(b) for b in BRANCH_WORDS) or text[m.start():m.start() + 3] in BRANCH_WORDS:
            continue
        start = m.start() - len(name)
        out.append(OrgName(full, start, m.end()))
    return out


#: another tender's documents, named after their owner: "遵照华为标书的要求"
TENDER_DOCS_RE = re.compile(r"(?P<stem>[\u4e00-\u9fff]{2,8}?)(?:的)?(?:标书|招标文件|招标书|投标文件)")


def find_tender_owners(text: str) -> list[OrgName]:
    """Names before 标书/招标文件 that are proper nouns (华为标书): whose tender
    a plan follows. An ordinary word there (本项目, 采购人, 甲方) names nobody."""
    out: list[OrgName] = []
    for m in TENDER_DOCS_RE.finditer(text):
        tokens = _tokens(m["stem"])
        if not tokens or len(tokens[-1]) < 2 or wordfreq.tag(tokens[-1]) not in PROPER_TAGS:
            continue
        name = tokens[-1]
        # a place before it belongs to the name (贵州华为)
        for tok in reversed(tokens[:-1]):
            if len(tok) < 2 or wordfreq.tag(tok) not in PROPER_TAGS:
                break
            name = tok + name
        end = m.start("stem") + len(m["stem"])
        out.append(OrgName(name, end - len(name), end))
    return out


#: labels after which a plan names its own company or its buyer (not residue)
#: the labels of our side (the bidder) and of the buyer's side
OWN_ROLES = "投标人|投标单位|供应商|响应人|投标方|乙方|卖方|承诺人|公司名称|单位名称"
BUYER_ROLES = "采购人|招标人|采购单位|甲方|买方|业主|致|To"
_ROLE_NAME = r"\s*(?:名称)?\s*[:：]\s*(?P<name>[\u4e00-\u9fff（）()]{4,40}?)(?=[（(]?盖章|[\s，。,；;）)]|$)"
ROLE_RE = re.compile(rf"(?:{OWN_ROLES}|{BUYER_ROLES}){_ROLE_NAME}")
#: our own name as the plan gives it (`tender import` reads the company's name here)
OWN_ROLE_RE = re.compile(rf"(?:{OWN_ROLES}){_ROLE_NAME}")


def role_names(texts: list[str]) -> list[str]:
    """Names the plan itself gives its bidder and buyer (投标人：…, 致：…)."""
    names = []
    for text in texts:
        for m in ROLE_RE.finditer(text):
            names.append(m["name"])
    return names
