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
from ..orgnames import SUFFIX_RE, TENDER_DOCS_RE, find_org_names, find_tender_owners, role_names
from .bidcopy import names_another_bid
from .textscan import SENTENCE_RE, doc_text

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
    r"|(?<![A-Za-z0-9])[XxＸ](?=\s*(?:个|天|日|小时|分钟|周|次|人|元|%|％))"  # 在X个工作日内: one X for a number
    r"|(?:电话|手机|邮箱|传真|联系电话)\s*[:：]\s*(?=$|(?:电话|手机|邮箱|传真|日期|地址)\s*[:：])"  # a contact field left empty
    r")"
)
#: a character or word that every placeholder above contains: scanning for
#: these first is ten times faster than the full pattern on clean text
PLACEHOLDER_HINT_RE = re.compile(r"[Xx×*＊]{2}|[xX*＊]年|_{3}|＿{2}|某|TBD|待[定补填]|【|\{\{|\s年|□□|○○|[XxＸ]\s*[个天日小分周次人元%％]|[话机箱真]\s*[:：]")


#: a contact field that sends the reader further on: "服务部电话（见下）"
SEE_BELOW_RE = re.compile(r"(?:电话|热线|手机|传真|联系方式)\s*[（(]\s*(?:见下文?|详见下文|见后|附后|下附)\s*[)）]")
#: how far on the promised number may follow (items: paragraphs or table rows)
SEE_BELOW_WINDOW = 15
_NUMBER_RE = re.compile(r"(?<!\d)(?:\d[\d\s\-－—]{5,}\d)(?!\d)")


def _unkept_see_below(doc: TextDocument) -> Iterator[Report]:
    """"电话（见下）" with no number in the next paragraphs: a field left empty."""
    items = doc.items
    for k, item in enumerate(items):
        for m in SEE_BELOW_RE.finditer(item.text):
            following = [item.text[m.end():]] + [i.text for i in items[k + 1:k + 1 + SEE_BELOW_WINDOW]]
            if not any(_NUMBER_RE.search(t) for t in following):
                yield Report(item, None, f"写了“{m.group(0)}”，但后文没有给出号码：{_excerpt(item.text, m.start())}；请填写实际号码", at=m.start())


@rule("placeholder", Severity.ERROR, "text")
def placeholder(doc: TextDocument, project) -> Iterator[Report]:
    """No placeholder is left in any text: XXX, xx, 20xx年, 2**, ____, 某某,
    TBD, 待定, 【…】, blank dates, a phone "（见下）" that never follows.

    Why: a placeholder in a submitted bid shows it was never read, and a
    placeholder in a 承诺函 makes the promise void (seed 001 has "20xx年"
    and "XXX").
    """
    joined = doc_text(doc)
    if "见" in joined or "附后" in joined or "下附" in joined:
        yield from _unkept_see_below(doc)
    if not PLACEHOLDER_HINT_RE.search(joined) or not PLACEHOLDER_RE.search(joined):
        return
    for item in doc.items:
        for m in PLACEHOLDER_RE.finditer(item.text):
            shown = m['ph'].strip() or m['ph']
            yield Report(item, None, f"“{item.key}”中有未替换的占位符“{shown}”：{_excerpt(item.text, m.start())}；请填写实际内容", at=m.start())


def _excerpt(text: str, pos: int, width: int = 14) -> str:
    start = max(0, pos - width)
    end = min(len(text), pos + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


# -- foreign names --------------------------------------------------------------------

#: cheap pre-test: no organisation suffix, no candidate name
ORG_RE = SUFFIX_RE


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
    elif doc.kind == "document":
        # a plan checked inside a project may be for any of its bids
        for rb in getattr(project, "bids", {}).values():
            ident = rb.bid.project
            names += [ident.buyer.name, ident.name, ident.site] + ([ident.agency.name] if ident.agency else [])
    return [n for n in names if n]


@rule("foreign-name", Severity.ERROR, "text")
def foreign_name(doc: TextDocument, project) -> Iterator[Report]:
    """Organisation names in text are ours, the buyer's, the agency's or on
    the allow-list (`company.allowed_names`: manufacturers, partners).

    Only something shaped like a name counts (a place, brand or unknown stem
    before 公司/有限公司/集团/厂/医院/学校/局/院/馆, or a proper noun before
    标书/招标文件: see generator.orgnames);
    our own side never does: 我公司, 本公司, 本厂, a bare 公司 or 厂家, 返厂维修,
    及时反馈到公司, 树立公司形象. A plan checked on its own also accepts the
    names it gives after 投标人：/供应商：/致：/采购人：.

    Why: another company's name left from an old bid ("冠金公司", "华为标书",
    "贵州省电教馆" in seed 001) is the most common fatal residue and is read
    as evidence of collusion.

    Bad:  冠金公司从成立之初就将客户满意作为服务宗旨
    Good: 我公司从成立之初就将客户满意作为服务宗旨
    """
    joined = doc_text(doc)
    if doc.kind == "company" or not (ORG_RE.search(joined) or TENDER_DOCS_RE.search(joined)):
        return
    allowed = allowed_names(project, doc)
    if doc.kind == "document":
        allowed += role_names([item.text for item in doc.items])
    for item in doc.items:
        for org in find_org_names(item.text) + find_tender_owners(item.text):
            if any(a and (a in org.name or org.name in a) for a in allowed):
                continue
            if doc.bid is not None and names_another_bid(project, doc.bid, org.name):
                continue  # another bid's buyer or agency: bid-copy says whose
            yield Report(item, None, f"出现了其他单位的名称“{org.name}”：{_excerpt(item.text, org.start)}；应为本公司、采购人或代理机构的名称，若确是合作单位请加入 company.allowed_names", at=org.start)


# -- vague promises -------------------------------------------------------------------

VAGUE_RE = re.compile(
    # 未能及时维修的 is a condition (what happens if it is late), not a promise
    r"(?<![未不没])(?<!未能|不能|无法|没有|不够)(?:及时(?!率|性)|尽快|尽早|迅速)|第一时间|(?:以|在)?最短的?时间(?:内)?|最快的?速度|以最快|随叫随到"
    r"|(?<![未没不])(?:在|按|按照|于)(?:(?:客户|用户|甲方|采购人|业主|招标人|双方|合同)?所?(?:规定|约定|要求|商定|确定)|(?:公司|我方|我公司|本公司)所?承诺)的?(?:时间|时限|期限)(?:内|之内|以内)?"
)
#: the service a vague word promises: a vague word about anything else (及时了解需求) is no promise
SERVICE_ACTION_RE = re.compile(
    r"响应|回应|到达|到场|赶到|赶赴|上门|修复|排除|维修|抢修|处理|解决(?!方案)|答复|回复|更换|调换|恢复|完成|派(?:出|遣|员)"
    r"|提供.{0,4}(?:备|替|服务|支持)|安排.{0,3}(?:人员|工程师|技术)"
)
#: a duration: a number with a time unit (an item number, a clause or a date is no figure)
FIGURE_RE = re.compile(
    r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百半]+)\s*(?:个)?(?:分钟|小时|工作日|日历日|天|日|周|星期|个月|月|年)"
    # a frequency is a figure too: 每年一次, 每季度2次, 一次/月
    r"|每.{0,2}(?:年|季度?|月|周|星期|天|日)\s*(?:\d+|[一二两三四五六七八九十]+)\s*次|(?:\d+|[一二两三四五六七八九十]+)\s*次\s*/\s*(?:年|季度?|月|周|天)"
)
DATE_RE = re.compile(r"\d{2,4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|[12]\d{3}\s*年")
ACTION_WINDOW = 4
#: a second adjective joined to the vague one (迅速、满意, 及时和妥善)
COORDINATED_RE = re.compile(r"[、和与及]\s*[\u4e00-\u9fff]{2}(?:地|的)?")


def has_figure(sentence: str) -> bool:
    return bool(FIGURE_RE.search(DATE_RE.sub("", sentence)))


@rule("vague-promise", Severity.WARNING, "text")
def vague_promise(doc: TextDocument, project) -> Iterator[Report]:
    """A promise in text gives a figure where a figure is expected: not
    "及时", "尽快", "在客户规定的时间内", "按公司承诺的时限".

    Only a vague word that governs a service (及时上门, 尽快修复, 在规定
    时间内到达) is a promise; "及时了解客户需求" is not. Phrases match by
    pattern (在公司承诺的时限内, 按规定时间, 在规定时间内…). A figure is a
    number with a time unit or a frequency (每年一次): an item number (（2）, 3、), a clause (3.4.3)
    or a date does not make the sentence measurable.

    Why: evaluators score only measurable promises; a vague word earns no
    points and invites the question "how fast, exactly?" (seeds 000, 001).

    Bad:  接到报修后及时上门维修
    Good: 接到报修后 2小时内上门维修
    """
    if doc.kind == "company" or not VAGUE_RE.search(doc_text(doc)):
        return
    for item in doc.items:
        for sm in SENTENCE_RE.finditer(item.text):
            sentence = sm.group(0)
            for m in VAGUE_RE.finditer(sentence):
                joined_to = COORDINATED_RE.match(sentence, m.end())  # 迅速、满意地答复: the vague word governs 答复 too
                reach = m.end() + ACTION_WINDOW + (len(joined_to.group(0)) if joined_to else 0)
                if SERVICE_ACTION_RE.search(sentence, m.end(), reach) and not has_figure(sentence):
                    yield Report(item, None, f"“{m.group(0)}”没有具体时限：{_excerpt(sentence, m.start())}；请写明数字，如“30分钟内响应”", at=sm.start() + m.start())
                    break


# -- web residue ------------------------------------------------------------------------

WEB_RE = re.compile(
    r"小编|展开阅读全文|阅读全文|相关文章|相关推荐|点击下载|下载文档|免费下载|本文由|(?:文章|本文|内容|转载)来源[:：]|版权归|收藏本文|"
    r"百度文库|道客巴巴|豆丁|原创力文档|范文|范例\d*篇|仅供参考|供大家参考|希望可以帮助|希望.{0,10}(?:对您|对大家|对你)有所帮助|"
    r"我们一起(?:来)?看看|一起来看看|下面是一(?:个|篇|份).{0,12}(?:范本|范文|模板|示例)|"
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
            yield Report(item, None, f"疑似从网页复制的残留“{m.group(0)}”：{_excerpt(item.text, m.start())}；请删除", at=m.start())


# -- punctuation ---------------------------------------------------------------------------

HAN = r"[\u4e00-\u9fff]"
HALF_PUNCT_RE = re.compile(rf"{HAN}\s?(?P<p>[,;:!?]|\.(?!\d))\s?{HAN}|{HAN}\s?(?P<q>[()])|(?P<r>[()])\s?{HAN}")
PUNCT_HINT_RE = re.compile(r'[,;:!?.()"]')
FULL_FOR = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", ".": "。", "(": "（", ")": "）"}
#: a document that writes a mark half-width this often (and more often than
#: full-width) does so by habit: one finding says so, not one per line
HABIT_MIN = 5
_CLAUSE_RE = re.compile(r"[，。；：！？、,;:!?\n（）()]")
#: the full-width marks that Unicode NFKC folds to ASCII, and the Chinese marks it keeps
NFKC_FOLDED_RE = re.compile(r"[，；：（）！？]")
NFKC_KEPT_RE = re.compile(r"[。、]")


def converted_punctuation(joined: str) -> bool:
    """Were the half-width marks made by a conversion, not by the writer?

    Text extractors and many web sites apply Unicode NFKC, which turns
    ，；：（）！？ into ,;:()!? but keeps 。 and 、. A text with many 。/、
    and not one of the folded full-width marks is such a conversion (a
    writer typing in half-width mode gets "." for 。 too): the marks say
    nothing about the writer's care, so punctuation stays silent.
    """
    return not NFKC_FOLDED_RE.search(joined) and len(NFKC_KEPT_RE.findall(joined)) >= HABIT_MIN


def _half_marks(doc: TextDocument) -> list[tuple[object, int, str]]:
    """Every half-width mark between Chinese characters: (item, offset, mark);
    marks inside mojibake are garbled-text's, not punctuation slips."""
    from .writing import garbled_spans

    out = []
    for item in doc.items:
        spans = None
        for m in HALF_PUNCT_RE.finditer(item.text):
            p = m["p"] or m["q"] or m["r"]
            pos = m.start("p") if m["p"] else (m.start("q") if m["q"] else m.start("r"))
            if spans is None:
                spans = garbled_spans(item.text)
            if any(s - 3 <= pos < e + 3 for s, e in spans) or (p == "." and item.text[pos - 1:pos] == "的"):
                continue  # mojibake, or a stray "." after 的 (no word of the text: nothing to suggest)
            out.append((item, pos, p))
    return out


def _suggest(text: str, pos: int, mark: str) -> str:
    """The full-width mark to use; a "." between short listed words is an
    enumeration comma (、), one that ends a sentence is 。; otherwise no guess."""
    if mark != ".":
        return f"应为全角“{FULL_FOR[mark]}”"
    before = _CLAUSE_RE.split(text[:pos])[-1]
    after = _CLAUSE_RE.split(text[pos + 1:])[0]
    if 0 < len(before.strip()) <= 6 and 0 < len(after.strip()) <= 6:
        return "这里是并列的词语，应为顿号“、”"
    if text[pos + 1:].strip() == "":
        return "应为句号“。”"
    return "应改为全角标点（并列词语用“、”，分句用“，”，句末用“。”）"


@rule("punctuation", Severity.WARNING, "text")
def punctuation(doc: TextDocument, project) -> Iterator[Report]:
    """Chinese text uses full-width punctuation (，。；：（）); one quote style.

    A mark written half-width by habit all through a document is reported
    once, with the count, at its first place; a "." between listed words
    suggests 、; a ")" inside mojibake is left to garbled-text. A text with
    。 and 、 but no ，：；（） at all went through Unicode NFKC (an extractor
    or web site did it, not the writer): nothing is said about it.

    Why: half-width commas and brackets between Chinese characters look
    careless in print and are a sign of text pasted from elsewhere (seed 004).

    Bad:  信息准确,反应敏捷.处理有效
    Good: 信息准确，反应敏捷、处理有效
    """
    joined = doc_text(doc)
    if not PUNCT_HINT_RE.search(joined):
        return
    if HALF_PUNCT_RE.search(joined) and not converted_punctuation(joined):
        marks = _half_marks(doc)
        counts: dict[str, int] = {}
        for _, _, p in marks:
            counts[p] = counts.get(p, 0) + 1
        full = sum(joined.count(FULL_FOR[p]) for p in counts)
        habit = len(marks) >= HABIT_MIN and len(marks) >= full
        if habit:
            item, pos, _ = marks[0]
            listed = "、".join(f"“{p}”{n} 处" for p, n in sorted(counts.items(), key=lambda kv: -kv[1]))
            yield Report(item, None, f"全文在中文之间用了半角标点（{listed}），这里是第一处：{_excerpt(item.text, pos)}；应统一改为全角（，；：（））", at=pos)
        else:
            seen_items: set[int] = set()
            for item, pos, p in marks:
                if id(item) not in seen_items:
                    seen_items.add(id(item))
                    yield Report(item, None, f"中文之间用了半角标点“{p}”：{_excerpt(item.text, pos)}；{_suggest(item.text, pos, p)}", at=pos)
    for item in doc.items:
        if '"' in item.text and re.search(r"[“”]", item.text):
            yield Report(item, None, "同一段文字中混用了直引号 \" 和弯引号 “”；中文请统一用 “”", at=item.text.index('"'))


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
    own = (*policy.product_words, *([policy.product_line] if policy.product_line else []), *(p.name for p in policy.products))
    regex = _foreign_words_re(own)
    if regex is None or not regex.search(doc_text(doc)):
        return
    for item in doc.items:
        for m in regex.finditer(item.text):
            yield Report(item, None, f"出现了本产品线（{policy.product_line or policy.title}）以外的产品词“{m.group(0)}”：{_excerpt(item.text, m.start())}；若确属本产品线，请加入 product_words")


#: the words an after-sales service plan is made of (warranty, repair, faults,
#: visits, parts, 三包, complaints, training, installation): a dictionary of the
#: domain, counted per 1,000 Chinese characters of one plan
SERVICE_TERMS_RE = re.compile(r"保修|质保|维修|故障|报修|巡检|回访|备件|配件|三包|退换|退货|换货|售后|技术支持|上门|维护|保养|响应|投诉|热线|培训|安装|调试")
HAN_RE = re.compile(r"[\u4e00-\u9fff]")
#: below this density a plan of a collection is about something else (after-sales
#: plans run 20–60); a whole document may hold a long company profile or
#: qualification chapter besides its plan, so it must fall lower
SERVICE_DENSITY_MIN = 15
SERVICE_DENSITY_MIN_WHOLE = 8
#: shorter plans are not judged (a heading and two lines say little)
SERVICE_PLAN_MIN_CHARS = 200


@rule("off-topic", Severity.WARNING, "text")
def off_topic_plan(doc: TextDocument, project) -> Iterator[Report]:
    """A plan document (or one plan of a collection) is about after-sales
    service: a plan of 200 characters or more in which the words of the
    trade (保修, 维修, 故障, 巡检, 备件, 三包, 投诉, 培训…) come fewer than
    15 times per 1,000 characters is reported at its first line; real plans
    run at 20 to 60. A document that is one plan only falls below 8 (it may
    hold a long company profile besides the plan).

    Why: a promotion notice, a canteen proposal or a site-safety chapter
    pasted in place of the service plan answers none of the tender's
    after-sales clauses, and an evaluator scores the section as missing.

    Bad:  a "售后服务方案" whose text is a shop's promotion-day notice.
    Good: the plan states warranty, response, repair, parts and training.
    """
    if doc.kind != "document":
        return
    from ..facts import split_plans

    plans = split_plans(doc.items)
    floor = SERVICE_DENSITY_MIN if len(plans) > 1 else SERVICE_DENSITY_MIN_WHOLE
    for plan in plans:
        text = "".join(item.text for item in plan.items)
        chars = len(HAN_RE.findall(text))
        if chars < SERVICE_PLAN_MIN_CHARS:
            continue
        terms = len(SERVICE_TERMS_RE.findall(text))
        density = 1000 * terms / chars
        if density < floor:
            first = plan.items[1] if plan.title and len(plan.items) > 1 else plan.items[0]
            name = f"“{plan.title}”" if plan.title else "这份方案"
            yield Report(first, None, f"{name}几乎没有售后服务的内容（{chars} 字中只有 {terms} 处质保、维修、故障、巡检、备件、培训等用语，每千字 {density:.0f} 处，售后服务方案通常在 20 以上）：疑似放错了文件；请换成本项目的售后服务方案或删去")


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
            yield Report(item, None, f"“{item.key}”中有不可见字符 U+{ord(m.group(0)):04X}（零宽字符或文字方向控制符），会让评审看到的内容与实际不同；请删除", at=m.start())


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
            yield Report(item, None, f"文字中有标记或模板语法“{m.group(0)[:30]}”，将按原样显示；请改为纯文字", at=m.start())
