"""Rules on free text: copy-paste residue, vague promises, punctuation.

Bid writers build a plan by copying old Word files. What survives the copy
— another company's name, a placeholder, a web page's "小编", a set-top box
in an HVAC plan — gets a bid rejected or looks like collusion (串标).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..findings import Severity
from . import Report, TextDocument, rule
from .textscan import doc_text

# -- placeholder ------------------------------------------------------------------

PLACEHOLDER_RE = re.compile(
    r"(?P<ph>"
    r"(?<![A-Za-z])[Xx×]{2,}(?![A-Za-z])"  # XXX, xx, ××
    r"|[12]\d?[xX*＊]{1,3}年"  # 20xx年, 2**年
    r"|(?<!\d)[12][0-9][xX*＊]{2}(?!\w)"  # 20xx
    r"|2\*\*"
    r"|_{3,}|＿{2,}"  # blanks to fill
    r"|某某|某公司|某单位|某项目"
    r"|(?<![A-Za-z])TBD(?![A-Za-z])|待定|待补充|待填写"
    r"|【[^】]{0,20}】"  # 【项目名称】
    r"|\{\{[^}]*\}\}"  # unfilled template fields
    r"|(?<!\d)\s年\s*月\s*日|□{2,}|○○"
    r")"
)
#: a character or word that every placeholder above contains: scanning for
#: these first is ten times faster than the full pattern on clean text
PLACEHOLDER_HINT_RE = re.compile(r"[Xx×*＊]{2}|[xX*＊]年|_{3}|＿{2}|某|TBD|待[定补填]|【|\{\{|\s年|□□|○○")


@rule("placeholder", Severity.ERROR, "text")
def placeholder(doc: TextDocument, project) -> Iterator[Report]:
    """No placeholder is left in any text: XXX, xx, 20xx年, 2**, ____, 某某,
    TBD, 待定, 【…】, blank dates.

    Why: a placeholder in a submitted bid shows it was never read, and a
    placeholder in a 承诺函 makes the promise void (seed 001 has "20xx年"
    and "XXX").
    """
    joined = doc_text(doc)
    if not PLACEHOLDER_HINT_RE.search(joined) or not PLACEHOLDER_RE.search(joined):
        return
    for item in doc.items:
        for m in PLACEHOLDER_RE.finditer(item.text):
            yield Report(item, None, f"“{item.key}”中有未替换的占位符“{m['ph'].strip()}”：{_excerpt(item.text, m.start())}；请填写实际内容")


def _excerpt(text: str, pos: int, width: int = 14) -> str:
    start = max(0, pos - width)
    end = min(len(text), pos + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


# -- foreign names --------------------------------------------------------------------

ORG_RE = re.compile(r"[\u4e00-\u9fff]{1,30}?(?:有限责任公司|股份有限公司|有限公司|公司|集团|厂|馆|局|院)")
_ORG_SUFFIXES = ("有限责任公司", "股份有限公司", "有限公司", "公司", "集团", "厂", "馆", "局", "院")
#: characters that start a phrase before a name ("由…公司负责") and are not part of it
_LEADING = set("由向与和及对在为经将请被是的给该各同从把让使其即并或以于至按凭本我贵这那此其每任")
#: words before a suffix that make a common noun, not a name
_GENERIC_STEMS = {
    "", "我", "本", "贵", "该", "各", "分", "子", "总", "母", "原", "其", "他", "外", "同", "我方", "对方",
    "生产", "出", "返", "回", "工", "原厂", "医", "法", "学", "影", "剧", "设计", "研究", "科学", "场", "展", "体育",
    "物流", "快递", "运输", "保险", "服务", "维修", "合作", "代理", "招标代理", "供应商", "集", "图书", "档案", "博物",
    "住", "入", "病", "全", "驻", "上级", "主管", "监管", "相关", "有关", "当地", "施工", "监理", "建设", "使用", "采购", "三甲医", "专科医", "检测",
}


def _candidate(match: str) -> str:
    """Strip leading function characters from a matched run ("由冠金公司" → "冠金公司")."""
    text = re.split(r"[的或与和及、在须将向由对为从给被把让使于至按]", match)[-1]
    while len(text) > 2 and text[0] in _LEADING and not (text[0] == "贵" and text[1:2] in ("州", "阳")):
        text = text[1:]
    return text


def _stem(name: str) -> str:
    for suffix in _ORG_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def allowed_names(project, doc: TextDocument) -> list[str]:
    names = []
    company = project.company
    if company is not None:
        names += [company.name, company.short_name, *company.allowed_names]
    if doc.bid is not None:
        project_id = doc.bid.bid.project
        # the project's own name and site often hold a building or an
        # institution ("…图书馆新馆空调采购项目"): not residue
        names += [project_id.buyer.name, project_id.name, project_id.site]
        if project_id.agency:
            names.append(project_id.agency.name)
    return [n for n in names if n]


@rule("foreign-name", Severity.ERROR, "text")
def foreign_name(doc: TextDocument, project) -> Iterator[Report]:
    """Organisation names in text are ours, the buyer's, the agency's or on
    the allow-list (`company.allowed_names`: manufacturers, partners).

    Why: another company's name left from an old bid ("冠金公司", "华为标书",
    "贵州省电教馆" in seed 001) is the most common fatal residue and is read
    as evidence of collusion.
    """
    allowed = allowed_names(project, doc)
    if doc.kind == "company" or not ORG_RE.search(doc_text(doc)):
        return
    for item in doc.items:
        for m in ORG_RE.finditer(item.text):
            name = _candidate(m.group(0))
            stem = _stem(name)
            if stem in _GENERIC_STEMS or len(stem) < 2:
                continue
            if any(a and (a in name or name in a or stem in a) for a in allowed):
                continue
            yield Report(item, None, f"出现了其他单位的名称“{name}”：{_excerpt(item.text, m.start())}；应为本公司、采购人或代理机构的名称，若确是合作单位请加入 company.allowed_names")


# -- vague promises -------------------------------------------------------------------

VAGUE_RE = re.compile(r"及时(?!率)|尽快|尽早|第一时间|最短的?时间|最快的?速度|以最快|在客户规定的时间内|按公司承诺的时限|按照?承诺的时间|随叫随到|迅速")
FIGURE_RE = re.compile(r"\d|[一二两三四五六七八九十百]+(?:分钟|小时|个?工作日|日|天|周|个月|年)")


@rule("vague-promise", Severity.WARNING, "text")
def vague_promise(doc: TextDocument, project) -> Iterator[Report]:
    """A promise in text gives a figure where a figure is expected: not
    "及时", "尽快", "在客户规定的时间内", "按公司承诺的时限".

    Why: evaluators score only measurable promises; a vague word earns no
    points and invites the question "how fast, exactly?" (seeds 000, 001).
    """
    if doc.kind == "company" or not VAGUE_RE.search(doc_text(doc)):
        return
    for item in doc.items:
        for sentence in re.split(r"[。；;！!？?\n]", item.text):
            m = VAGUE_RE.search(sentence)
            if m and not FIGURE_RE.search(sentence):
                yield Report(item, None, f"“{m.group(0)}”没有具体时限：{_excerpt(sentence, m.start())}；请写明数字，如“30分钟内响应”")


# -- web residue ------------------------------------------------------------------------

WEB_RE = re.compile(
    r"小编|展开阅读全文|阅读全文|相关文章|相关推荐|点击下载|下载文档|免费下载|本文由|来源[:：]|版权归|收藏本文|"
    r"百度文库|道客巴巴|豆丁|原创力文档|范文|范例\d*篇|仅供参考|供大家参考|希望可以帮助|"
    r"(?:https?://|www\.)\S*(?:wenku|doc88|docin|book118|360doc|taodocs|renrendoc|jianshu|csdn)\S*",
    re.IGNORECASE,
)


@rule("web-residue", Severity.ERROR, "text")
def web_residue(doc: TextDocument, project) -> Iterator[Report]:
    """No text pasted from a web page or template site: 小编, 展开阅读全文,
    相关文章, 点击下载, URLs of document-sharing sites.

    Why: it proves the plan was copied from the internet (seed 001 opens
    with "下面是小编为大家收集的售后服务方案").
    """
    if not WEB_RE.search(doc_text(doc)):
        return
    for item in doc.items:
        for m in WEB_RE.finditer(item.text):
            yield Report(item, None, f"疑似从网页复制的残留“{m.group(0)}”：{_excerpt(item.text, m.start())}；请删除")


# -- punctuation ---------------------------------------------------------------------------

HAN = r"[\u4e00-\u9fff]"
HALF_PUNCT_RE = re.compile(rf"{HAN}\s?(?P<p>[,;:!?]|\.(?!\d))\s?{HAN}|{HAN}\s?(?P<q>[()])|(?P<r>[()])\s?{HAN}")
PUNCT_HINT_RE = re.compile(r'[,;:!?.()"]')
FULL_FOR = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", ".": "。", "(": "（", ")": "）"}


@rule("punctuation", Severity.WARNING, "text")
def punctuation(doc: TextDocument, project) -> Iterator[Report]:
    """Chinese text uses full-width punctuation (，。；：（）); one quote style.

    Why: half-width commas and brackets between Chinese characters look
    careless in print and are a sign of text pasted from elsewhere (seed 004).
    """
    joined = doc_text(doc)
    if not PUNCT_HINT_RE.search(joined) or (not HALF_PUNCT_RE.search(joined) and '"' not in joined):
        return
    for item in doc.items:
        m = HALF_PUNCT_RE.search(item.text)
        if m:
            p = m["p"] or m["q"] or m["r"]
            yield Report(item, None, f"中文之间用了半角标点“{p}”：{_excerpt(item.text, m.start())}；应为全角“{FULL_FOR[p]}”")
        if '"' in item.text and re.search(r"[“”]", item.text):
            yield Report(item, None, "同一段文字中混用了直引号 \" 和弯引号 “”；中文请统一用 “”")


# -- off-topic product words -----------------------------------------------------------------

#: product nouns by product line; a word from another line is likely residue
PRODUCT_CATALOGUE = {
    "家电影音": ["机顶盒", "电视机", "冰箱", "洗衣机", "热水器", "油烟机", "微波炉", "音响"],
    "暖通空调": ["空调", "冷水机组", "风机盘管", "冷却塔", "新风机组", "多联机", "锅炉"],
    "电梯": ["电梯", "扶梯", "曳引机"],
    "显示": ["显示屏", "LED屏", "拼接屏", "大屏幕", "显示器", "投影仪"],
    "照明": ["灯具", "路灯", "灯杆", "光源"],
    "信息系统": ["服务器", "交换机", "路由器", "存储阵列", "防火墙", "数据库", "操作系统"],
    "办公": ["打印机", "复印机", "碎纸机"],
    "医疗": ["监护仪", "呼吸机", "CT机", "彩超", "输液泵"],
    "安防": ["摄像机", "门禁", "录像机"],
    "家具": ["课桌椅", "沙发", "办公桌"],
}


def foreign_product_words(own: list[str]) -> list[str]:
    words = []
    for line_words in PRODUCT_CATALOGUE.values():
        for word in line_words:
            if not any(word in o or o in word for o in own):
                words.append(word)
    return words


@lru_cache(maxsize=256)
def _foreign_words_re(own: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for the product words of the other lines (every bid of a
    policy shares it)."""
    words = foreign_product_words(list(own))
    if not words:
        return None
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


@rule("off-topic", Severity.WARNING, "text")
def off_topic(doc: TextDocument, project) -> Iterator[Report]:
    """Text mentions only products of its own product line (`product_words`,
    product names); a word from another line is flagged.

    Why: "机顶盒" in an electromechanical plan (seed 004) shows a copied plan
    and tells the evaluator the bidder did not read it.
    """
    policy = doc.policy
    if policy is None:
        return
    own = (*policy.product_words, policy.product_line, *(p.name for p in policy.products))
    regex = _foreign_words_re(own)
    if regex is None or not regex.search(doc_text(doc)):
        return
    for item in doc.items:
        for m in regex.finditer(item.text):
            yield Report(item, None, f"出现了本产品线（{policy.product_line}）以外的产品词“{m.group(0)}”：{_excerpt(item.text, m.start())}；若确属本产品线，请加入 product_words")


# -- hidden characters and markup --------------------------------------------------------------

HIDDEN_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069\u00ad]")


@rule("hidden-char", Severity.ERROR, "text")
def hidden_char(doc: TextDocument, project) -> Iterator[Report]:
    """No invisible characters: zero-width spaces/joiners, soft hyphens,
    right-to-left overrides.

    Why: they hide or reorder text so that what the evaluator sees differs
    from what a search or a copy finds; a file that travelled by e-mail can
    carry them unseen.
    """
    if not HIDDEN_RE.search(doc_text(doc)):
        return
    for item in doc.items:
        m = HIDDEN_RE.search(item.text)
        if m:
            yield Report(item, None, f"“{item.key}”中有不可见字符 U+{ord(m.group(0)):04X}（零宽字符或文字方向控制符），会让评审看到的内容与实际不同；请删除")


MARKUP_RE = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|\[[^\]]+\]\([^)]+\)|\{\{|\{%|\bjavascript:", re.IGNORECASE)
MARKUP_HINT_RE = re.compile(r"[<\[{]|javascript:", re.IGNORECASE)


@rule("markup", Severity.WARNING, "text")
def markup(doc: TextDocument, project) -> Iterator[Report]:
    """Text holds no HTML, Markdown links or template syntax.

    Why: all text is printed literally (escaped), so markup shows up as
    stray symbols in the PDF and on the site; it usually comes from a paste.
    """
    joined = doc_text(doc)
    if not MARKUP_HINT_RE.search(joined) or not MARKUP_RE.search(joined):
        return
    for item in doc.items:
        m = MARKUP_RE.search(item.text)
        if m:
            yield Report(item, None, f"文字中有标记或模板语法“{m.group(0)[:30]}”，将按原样显示；请改为纯文字")
