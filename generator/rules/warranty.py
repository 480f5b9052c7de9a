"""Warranty rules: one start event, parts not quietly shorter, the 三包 floor."""

from __future__ import annotations

from typing import Iterator

from ..clauses import START_CONTEXT, START_WORDS, event_of, same_start
from ..durations import Duration, IncomparableDurations
from ..findings import Severity
from ..model import WARRANTY_STARTS, Policy
from . import Report, TextDocument, rule
from .textscan import doc_text, policy_text, policy_texts

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
    for item in policy_texts(policy):
        if ".secondary[" in item.path:
            continue  # 延保, latent-defect periods have starts of their own
        for m in START_CONTEXT.finditer(item.text):
            event = event_of(m)
            if declared is not None:
                if not same_start(event, declared):
                    yield Report(item, None, f"文字中写质保“{m.group(0)}”，但{_where_declared(policy)}质保起算为“{declared}”；一份质保只能有一个起算事件，请统一为“自{declared}之日起”")
            elif first is None:
                first = (event, m.group(0))
            elif not same_start(event, first[0]):
                yield Report(item, None, f"文字中写质保“{m.group(0)}”，但前文写的是“{first[1]}”；一份质保只能有一个起算事件，请统一")


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


assert set(START_WORDS) == set(WARRANTY_STARTS)
