"""Warranty rules: one start event, parts not quietly shorter, the 三包 floor."""

from __future__ import annotations

import re
from typing import Iterator

from ..clauses import START_CONTEXT, START_WORD_RE, START_WORDS, event_of, same_start
from ..durations import Duration, IncomparableDurations
from ..findings import Severity
from ..model import WARRANTY_STARTS, Policy
from . import Report, TextDocument, rule
from .textscan import SENTENCE_RE, buyer_text, doc_text, policy_text, policy_texts

# the start-event vocabulary is shared with the compliance analysis (a tender
# clause's "自验收合格之日起"): its one home is generator/clauses.py


@rule("warranty-start", Severity.ERROR, "policy")
def warranty_start(policy: Policy, project) -> Iterator[Report]:
    """A warranty starts from one event only. Every start written anywhere in
    one plan is compared: with `warranty.start` when it is declared, else text
    against text (the first start written is the reference).

    Why: seed 000 starts the warranty both "自验收合格之日起" and "自合同签订
    之日起"; the buyer will pick the later end date, and an evaluator marks the
    contradiction.

    A period the plan equates with the warranty ("养护期（保修期）") is the
    warranty: its start ("在工程完工后…养护二年") is compared too.

    No event at all is the other way to fail: a length with no start
    ("免费维护期为12个月" and nothing else) has no end date the buyer can
    hold us to; the term is reported (a plan with no length either is
    missing-term's).

    Bad:  `start: 验收合格` and a note "质保期自合同签订之日起计算";
          `term: 12个月` with no start anywhere.
    Good: one event everywhere: "自验收合格之日起".
    """
    warranty = policy.warranty
    declared = warranty.start if warranty is not None else None
    if not START_CONTEXT.search(policy_text(policy)):
        if warranty is not None and declared is None and isinstance(warranty.term, Duration):
            yield Report(warranty, "term", f"质保期写了 {warranty.term}，但没有写明从何时起算；起算事件不同，期满日就不同。请写明一个起算事件，如“自验收合格之日起{warranty.term}”")
        return
    first: tuple[str, str] | None = None
    aliases = _warranty_aliases(policy_text(policy))
    for item in policy_texts(policy):
        if ".secondary[" in item.path:
            continue  # 延保, latent-defect periods have starts of their own
        for m in [*START_CONTEXT.finditer(item.text), *_alias_starts(item.text, aliases)]:
            event = event_of(m)
            if declared is not None:
                if not same_start(event, declared):
                    yield Report(item, None, f"文字中写质保“{m.group(0)}”，但{_where_declared(policy)}质保起算为“{declared}”；一份质保只能有一个起算事件，请统一为“自{declared}之日起”")
            elif first is None:
                first = (event, m.group(0))
            elif not same_start(event, first[0]):
                yield Report(item, None, f"文字中写质保“{m.group(0)}”，但前文写的是“{first[1]}”；一份质保只能有一个起算事件，请统一")


#: the warranty under another name: "养护期（保修期）", "保修期（即维保期）"
ALIAS_RE = re.compile(r"(?P<a>[\u4e00-\u9fff]{2,4})期\s*[（(]\s*(?:即|也即|亦即|即为)?\s*(?:保修期|质保期|质量保证期)\s*[)）]"
                      r"|(?:保修期|质保期|质量保证期)\s*[（(]\s*(?:即|也即|亦即|即为)?\s*(?P<b>[\u4e00-\u9fff]{2,4})期\s*[)）]")
#: a start written with "在…后" ("在工程完工后…养护二年"), read only in a
#: sentence about the warranty's other name (START_CONTEXT reads the rest)
LOOSE_START_RE = re.compile(r"(?:自|从|在|于)[^。；;，,]{0,10}?(?P<event>" + START_WORD_RE.pattern + r")(?:之日)?(?:以后|之后|后|起)")


def _warranty_aliases(text: str) -> tuple[str, ...]:
    """The stems of the warranty's other names ("养护" of "养护期（保修期）")."""
    stems = {(m["a"] or m["b"])[-2:] for m in ALIAS_RE.finditer(text)}
    return tuple(sorted(stem for stem in stems if stem not in ("保修", "质保")))


def _alias_starts(text: str, aliases: tuple[str, ...]) -> list[re.Match[str]]:
    """Starts of the warranty under another name, sentence by sentence."""
    if not aliases:
        return []
    out = []
    for sentence in SENTENCE_RE.finditer(text):
        if any(a in sentence.group(0) for a in aliases) and not START_CONTEXT.search(sentence.group(0)):
            m = LOOSE_START_RE.search(text, sentence.start(), sentence.end())
            if m is not None:
                out.append(m)
    return out


def _where_declared(policy: Policy) -> str:
    """"数据中" for YAML; for facts read from a plan document, the line that states the start."""
    loc = policy.warranty.loc("start") if policy.warranty is not None else None
    if loc is None or loc.file.endswith((".yaml", ".yml")) or not loc.line:
        return "数据中"
    return f"第 {loc.line} 行写的"


@rule("warranty-start", Severity.ERROR, "text")
def warranty_start_bid(doc: TextDocument, project) -> Iterator[Report]:
    """Same check for a bid's own text (其他承诺, 承诺函 paragraphs, answers
    to requirements) against the start event the bid resolves to. The
    tender's own wording (requirement and scoring texts) is the buyer's and
    is not checked here; the overrides are checked with the resolved policy."""
    if doc.bid is None or doc.bid.policy.warranty is None or doc.bid.policy.warranty.start is None:
        return
    if not START_CONTEXT.search(doc_text(doc)):
        return
    declared = doc.bid.policy.warranty.start
    for item in doc.items:
        if item.path.startswith("bid.overrides") or ".scoring[" in item.path or (".requirements[" in item.path and item.key == "text"):
            continue
        for m in START_CONTEXT.finditer(item.text):
            event = event_of(m)
            if not same_start(event, declared):
                yield Report(item, None, f"文字中写质保“{m.group(0)}”，但本投标的质保起算为“{declared}”；一份质保只能有一个起算事件，请统一为“自{declared}之日起”")


@rule("warranty-part", Severity.WARNING, "policy")
def warranty_part(policy: Policy, project) -> Iterator[Report]:
    """A part's warranty shorter than the whole is listed as a consumable or
    as an exclusion.

    Why: "整机质保3年" with "压缩机质保1年" hidden in a table is read as
    a trick; name it as 易损件 or put it in 除外责任 so it is stated openly.
    """
    if policy.warranty is None or not isinstance(policy.warranty.term, Duration):
        return
    whole = policy.warranty.term
    exclusions = " ".join(policy.warranty.exclusions)
    for part in policy.warranty.parts:
        if not isinstance(part.term, Duration):
            continue
        try:
            shorter = part.term.compare(whole) < 0
        except IncomparableDurations:
            yield Report(part, "term", f"部件“{part.name}”质保 {part.term} 与整体质保 {whole} 一个按工作日、一个按日历计，无法比较；质保期请用个月或年表述")
            continue
        if shorter and not part.consumable and part.name not in exclusions:
            yield Report(part, "term", f"部件“{part.name}”质保 {part.term} 短于整体质保 {whole}，但未标为易损件（consumable: true），也未写入除外责任；请标明或延长到 {whole}")


#: 部分商品修理更换退货责任规定 / 消费者权益保护法 §24
SANBAO_FLOOR = {
    "return_within": (Duration.parse("7日"), "包退期限不少于 7日"),
    "exchange_within": (Duration.parse("15日"), "包换期限不少于 15日"),
}
SANBAO_REPAIR_MAX = Duration.parse("30日")


@rule("sanbao-floor", Severity.ERROR, "policy")
def sanbao_floor(policy: Policy, project) -> Iterator[Report]:
    """Consumer goods: not weaker than 三包 — 7日 return, 15日 exchange,
    exchange after 2 failed repairs, each repair within 30日. Only what the
    plan states is compared; a bare reference to the 三包 rules without any
    term is reported as missing terms.

    Why: a promise below the legal floor is void and shows the bidder does
    not know the law (seed 000 quotes the 30日 repair limit).

    Bad:  `sanbao: {return_within: 5日}` or only `reference: 按国家三包规定执行`.
    Good: `sanbao: {return_within: 7日, exchange_within: 15日, repair_within: 30日, repairs_before_exchange: 2}`.
    """
    sanbao = policy.warranty.sanbao if policy.warranty is not None else None
    if sanbao is None:
        return
    for key, (floor, text) in SANBAO_FLOOR.items():
        value = getattr(sanbao, key)
        if value is None:
            continue
        if not isinstance(value, Duration) or value.family == "workday" or value.compare(floor) < 0:
            yield Report(sanbao, key, f"三包承诺 {value} 低于法定标准（{text}，按日历日计）")
    repair = sanbao.repair_within
    if repair is not None and (not isinstance(repair, Duration) or repair.family == "workday" or repair.compare(SANBAO_REPAIR_MAX) > 0):
        yield Report(sanbao, "repair_within", f"修理期限 {repair} 超过法定的 30日（按日历日计）")
    if sanbao.repairs_before_exchange is not None and sanbao.repairs_before_exchange > 2:
        yield Report(sanbao, "repairs_before_exchange", f"法定为修理 2 次仍不能正常使用即换货，这里写了 {sanbao.repairs_before_exchange} 次")
    terms = ("return_within", "exchange_within", "repair_within", "repairs_before_exchange")
    if sanbao.reference and all(getattr(sanbao, k) is None for k in terms):
        yield Report(sanbao, "reference", f"只写了“{sanbao.reference}”，没有写明三包的具体期限；请写明 7日内包退、15日内包换、每次修理不超过30日、修理两次仍不能正常使用予以换货", Severity.WARNING)


#: a 三包 right withheld: "三包服务不予认定", "不认定…的三包服务", "三包凭证作废"
_WITHHOLD = r"(?:不予|不再|不)(?:认定|办理|受理|享受|提供|执行)"
SANBAO_WITHHELD_RE = re.compile(r"三包[^。；;！!，,]{0,16}?" + _WITHHOLD + r"|" + _WITHHOLD + r"[^。；;！!，,]{0,16}?三包|三包[^。；;！!，,]{0,8}?(?:失效|作废|无效)")
#: ... on a condition: "否则", "未按时返回的", "逾期"
SANBAO_CONDITION_RE = re.compile(r"否则|未(?:按|能|在|及时|执行|填写|返回|寄回|交回|办理|登记|上报)|逾期|如不|若不|如未|若未")
#: ... that is a step of a seller between us and the user, not the user's own act
SELLER_RE = re.compile(r"经销商|销售商|代理商|分销商|零售商|经销单位|销售网点|网点|门店|销售方|商家")
#: what is beyond 三包 anyway ("超出三包范围的额外承诺"): not a 三包 right
BEYOND_SANBAO_RE = re.compile(r"超出|超过|以外|之外|范围外")
#: "免费修理不退换", "免费维修，不予退货": repair offered instead of a return
REPAIR_NOT_RETURN_RE = re.compile(r"免费(?:修理|维修|修复|返修)[^。；;！!]{0,6}?不(?:予|能|可|得)?(?:退换|退货|包退|退)(?![还款出回])")
#: what makes repair-only lawful: the user's fault, or the 7/15 days past
USER_FAULT_OR_TIME_RE = re.compile(r"人为|不当|擅自|私自|自行|意外|超过|超出|过期|逾期|以后|之后|期满|[\d一二三四五六七八九十两]+\s*(?:个工作日|日|天|个月|月|年)")
#: "价格下调时，按现价计价": a return refunds less than was paid
PRICE_CUT_RE = re.compile(r"(?:价格|售价|价)(?:下调|下降|降低)[^。；;]{0,8}?按(?:现价|现行价|调整后|新价|降价后)")
#: the user's right to return ("顾客可以申请退货", "有权要求退换")...
RETURN_RIGHT_RE = re.compile(r"(?:能够|可以|可|有权|均可|即可)\s*(?:申请|要求|办理)?\s*(?:退货|退换货|退换)")
#: ... bounded only by words ("在合理的范围内", "视情况")...
VAGUE_SCOPE_RE = re.compile(r"合理的?(?:范围|情况|期限|时间)|适当的?(?:范围|期限|时间)|一定的?(?:范围|期限|条件)|视情况|酌情")
#: ... with no window in days
DAY_WINDOW_RE = re.compile(r"[\d一二两三四五六七八九十]+\s*(?:个工作日|日|天)")
#: a return the law does not require (goodwill): its terms are the seller's own
GOODWILL_RE = re.compile(r"非质量|无理由|非产品质量")


@rule("sanbao-floor", Severity.ERROR, "text")
def sanbao_floor_text(doc: TextDocument, project) -> Iterator[Report]:
    """The 三包 floor in what the text says, where no figure shows it: a
    user's 三包 right withheld because a dealer did not do its paperwork
    ("经销商…回执卡…逾期未返回的，三包不予认定"); a defect repaired for
    free but never returned ("下列情况免费修理不退换", with no 7/15日 and no
    fault of the user named); a return bounded by words and no days; a
    return that refunds only the lowered price.

    Why: 三包 is the seller's duty to the user (部分商品修理更换退货责任规定,
    消费者权益保护法 §24): the dealer's paperwork is between dealer and
    maker, a free repair admits a defect of the goods (returnable within 7日,
    exchangeable within 15日), a return has a window in days (not "在合理的
    范围内"), and a return gives back what was paid. A plan
    that says otherwise promises less than the law and is void there.

    Bad:  "经销商未按期寄回登记表的，厂家对该产品的三包不予受理。"
    Good: "经销商未按期寄回登记表的，由经销商承担相应费用；用户的三包照常办理。"
    """
    text = doc_text(doc)
    if "三包" not in text and "退" not in text:
        return
    for item in doc.items:
        if buyer_text(item):
            continue
        for sm in SENTENCE_RE.finditer(item.text):
            sentence, base = sm.group(0), sm.start()
            yield from _sanbao_sentence(item, sentence, base)


def _sanbao_sentence(item, sentence: str, base: int) -> Iterator[Report]:
    if "三包" in sentence:
        m = SANBAO_WITHHELD_RE.search(sentence)
        cond = SANBAO_CONDITION_RE.search(sentence)
        seller = SELLER_RE.search(sentence)
        if (m is not None and cond is not None and seller is not None
                and not BEYOND_SANBAO_RE.search(sentence[max(0, m.start() - 12):m.end()])):
            quote = _short(sentence[min(cond.start(), m.start()):max(cond.end(), m.end())])
            who = seller.group(0)
            yield Report(item, None, f"用户的三包权利取决于{who}是否办好手续（“{quote}”）；三包是对用户的法定义务，{who}未办手续应由{who}承担责任，请改为“用户的三包照常办理”", at=base + m.start())
            return
    m = REPAIR_NOT_RETURN_RE.search(sentence)
    if m is not None and not USER_FAULT_OR_TIME_RE.search(sentence):
        yield Report(item, None, f"“{m.group(0)}”：免费修理说明问题在商品本身，按三包规定售出 7日内可退货、15日内可换货，不能一律只修不退；请写明“售出7日内可退货，15日内可换货，此后免费修理”", at=base + m.start())
        return
    m = RETURN_RIGHT_RE.search(sentence)
    vague = VAGUE_SCOPE_RE.search(sentence)
    if m is not None and vague is not None and not DAY_WINDOW_RE.search(sentence) and not GOODWILL_RE.search(sentence):
        yield Report(item, None, f"退货只以“{vague.group(0)}”为限，没有写明天数：“{_short(sentence[min(m.start(), vague.start()):max(m.end(), vague.end())])}”；按三包规定售出 7日内可退货，请写明“售出7日内可退货”", at=base + vague.start())
        return
    m = PRICE_CUT_RE.search(sentence)
    if m is not None and "退" in sentence:
        yield Report(item, None, f"“{m.group(0)}”：退货应退还用户实际支付的价款，不能按降价后的价格退；请改为“按购买时的实付价格退款”", Severity.WARNING, at=base + m.start())


def _short(text: str, width: int = 36) -> str:
    text = text.strip()
    return text if len(text) <= width else text[:width // 2] + "…" + text[-(width // 2):]


assert set(START_WORDS) == set(WARRANTY_STARTS)
