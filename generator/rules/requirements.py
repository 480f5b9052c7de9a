"""Rules on how a bid answers its tender: every tender clause answered, no ★ clause weaker
than asked, no hand-typed 偏离 class that the numbers contradict, and no
figure in free text that contradicts the data it describes.

The analysis lives in `generator/compliance.py`; `generator/analysis.py`
computes it once per check and shares it with the 偏离表 and 评分索引 of
the PDF. The reading of figures in prose lives in `generator/prose.py`.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Iterator

from ..compliance import (
    BAD_THRESHOLD,
    INCOMPARABLE,
    NEGATIVE,
    NO_ANSWER,
    NO_PROMISE,
    UNKNOWN_LEVEL,
    UNKNOWN_METRIC,
    Assessment,
)
from ..analysis import current, memo
from ..clauses import clause_figures
from ..durations import IncomparableDurations
from ..findings import Severity
from ..metrics import format_value
from ..outline import SECTION_BY_ID, SECTIONS
from ..project import ResolvedBid
from ..prose import Facts, describe, excerpt, find_figures, suggestion, vocab_of
from .textscan import policy_texts
from . import Report, TextDocument, TextItem, rule


def _clause(a: Assessment) -> str:
    req = a.req
    mark = req.mark or ""
    return f"{mark}条款 {req.clause}“{req.text}”"


def _promise(a: Assessment) -> str:
    value = format_value(a.metric, a.value) if a.metric else ""
    where = f"（写在 {a.source}）" if a.source else ""
    return f"{value}{where}"


def _wanted(a: Assessment) -> str:
    limit = format_value(a.metric, a.limit)
    return f"不超过 {limit}" if a.metric.better == "lower" else f"不少于 {limit}"


_FIELD = {UNKNOWN_METRIC: "metric", BAD_THRESHOLD: "threshold", UNKNOWN_LEVEL: "level"}


def _override_example(a: Assessment) -> str:
    """The YAML a bid writer adds under `overrides` for a fault-level time."""
    metric = a.metric
    if not metric.uses_level or metric.id == "parts_arrival" or not a.level_name:
        return ""
    limit = format_value(metric, a.limit)
    return f"，如 fault_levels: [{{level: {a.level_name}, times: [{{region: {a.rb_region}, {metric.id}: {limit}}}]}}]"


def _no_promise_hint(a: Assessment) -> str:
    metric = a.metric
    if metric.uses_level and metric.id != "parts_arrival":
        return f"请在 overrides.fault_levels 中为{a.level_name or '该'}级故障（{a.rb_region}）写明 {metric.id}"
    return f"请在基础政策或 overrides 中写明{metric.title}"


def _unknown_section(name: str) -> str:
    known = "、".join(f"{sec.id}（{sec.title}）" for sec in SECTIONS if not sec.bid_only)
    return f"证明材料章节“{name}”不存在，PDF 无法给出页码；可用：{known}"


@rule("requirement-answered", Severity.ERROR, "bid")
def requirement_answered(rb: ResolvedBid, project) -> Iterator[Report]:
    """Every tender requirement has a response: a known metric with a
    promise in the resolved bid (policy ⊕ overrides), or for `metric: text`
    an explicit `answer`. An unknown metric, a threshold that does not read
    for its metric, or a fault level the policy lacks is an error too; the
    same holds for the bid's scoring items.

    Why: a clause left unanswered is read as not accepted; for a ★ clause
    that is rejection (废标), for a ▲ clause lost points.

    Bad:
        - {clause: 3.1.8, mark: ★, text: 须在本市设常驻服务机构, metric: text}
        - {clause: 3.1.2, text: 2小时内到场, metric: arival, threshold: 2小时}
    Good:
        - {clause: 3.1.8, mark: ★, text: 须在本市设常驻服务机构, metric: text,
           answer: 我公司杭州服务中心位于本市滨江区，常驻服务人员 26 人。}
        - {clause: 3.1.2, text: 2小时内到场, metric: arrival, level: 一级, threshold: 2小时}
    """
    analysis = current(project)
    for a in analysis.requirements(rb):
        req = a.req
        if a.issue in _FIELD:
            yield Report(req, _FIELD[a.issue], f"{_clause(a)}无法响应：{a.problem}")
        elif a.issue == NO_PROMISE:
            yield Report(req, None, f"{_clause(a)}没有响应：{a.problem}（{a.scope or '本投标'}）；{_no_promise_hint(a)}")
        elif a.issue == NO_ANSWER:
            yield Report(req, "answer" if req.answer is not None else None,
                         f"{_clause(a)}是文字类要求，但没有填写投标响应；请在 answer 中写明我方如何满足该要求（将原样写入偏离表）")
        if req.evidence and req.evidence not in SECTION_BY_ID:
            yield Report(req, "evidence", _unknown_section(req.evidence))
    for s in analysis.scoring(rb):
        if s.item.evidence and s.item.evidence not in SECTION_BY_ID:
            yield Report(s.item, "evidence", _unknown_section(s.item.evidence))
        if s.issue in (UNKNOWN_METRIC, UNKNOWN_LEVEL, BAD_THRESHOLD):
            yield Report(s.problem_node, s.problem_field, f"评分项 {s.item.clause}“{s.item.title}”无法计分：{s.problem}")
        elif s.issue == NO_PROMISE:
            yield Report(s.item, None, f"评分项 {s.item.clause}“{s.item.title}”按现有数据得 0 分：{s.problem}", Severity.WARNING)


@rule("deviation-star", Severity.ERROR, "bid")
def deviation_star(rb: ResolvedBid, project) -> Iterator[Report]:
    """A ★ requirement is never answered weaker than asked (负偏离): the
    class derived from the numbers (for a text clause, the class written by
    hand) stops the build. A ★ clause whose class cannot be derived (工作日
    against hours, depending on the calendar) stops it too.

    Why: tenders state that a 负偏离 on any ★ (substantive) clause rejects
    the bid outright; no points can make up for it.

    Bad: tender ★ 3.1.2 "2小时内到达现场" (threshold 2小时) while the bid's
    resolved 一级/本市 arrival is 4小时.
    Good: override the promise: `fault_levels: [{level: 一级, times: [{region: 本市, arrival: 2小时}]}]`.
    """
    for a in current(project).requirements(rb):
        req = a.req
        if req.mark != "★":
            continue
        if a.is_text:
            if req.deviation == NEGATIVE:
                yield Report(req, "deviation", f"{_clause(a)}标为负偏离；★ 条款负偏离即废标，请改为满足要求的响应，或放弃投标")
        elif a.computed == NEGATIVE and a.start_note and a.start_asked:
            yield Report(req, None, f"{_clause(a)}为负偏离（★ 条款负偏离即废标）：{a.start_note}；"
                                    f"请在 overrides 中写 warranty: {{start: {a.start_asked}}}")
        elif a.computed == NEGATIVE:
            yield Report(req, None, f"{_clause(a)}为负偏离（★ 条款负偏离即废标）：招标要求{a.scope}{a.metric.title}{_wanted(a)}，"
                                    f"本投标承诺 {_promise(a)}；请在 overrides 中把承诺改为{_wanted(a)}{_override_example(a)}")
        elif a.issue == INCOMPARABLE:
            yield Report(req, "threshold", f"{_clause(a)}无法判断是否负偏离：{a.problem}")


@rule("deviation-derived", Severity.ERROR, "bid")
def deviation_derived(rb: ResolvedBid, project) -> Iterator[Report]:
    """The 偏离 class is computed from the numbers (正偏离 better than asked,
    无偏离 as asked, 负偏离 weaker); a `deviation:` written by hand that
    disagrees with the computed class is an error. A quantified clause whose
    class cannot be computed is a warning (a person must fill it in).

    Why: a 偏离表 claiming "无偏离" where the numbers show 负偏离 is a false
    statement in a bid; an evaluator checks it against the plan.

    Bad:  `{clause: 5.2.2, threshold: 2小时, metric: arrival, deviation: 无偏离}`
    with a promised arrival of 4小时.
    Good: leave `deviation` out; the generator writes 负偏离 — or improve the promise.
    """
    for a in current(project).requirements(rb):
        req = a.req
        if a.metric is None or a.is_text:
            continue
        if req.deviation is not None and a.computed is not None and req.deviation != a.computed:
            yield Report(req, "deviation", f"条款 {req.clause} 手写的偏离“{req.deviation}”与计算结果不符：招标要求 {format_value(a.metric, a.limit)}，"
                                           f"本投标承诺 {_promise(a)}，应为“{a.computed}”；建议删去 deviation，由程序计算")
        elif a.issue == INCOMPARABLE and req.mark != "★":
            what = f"手写的“{req.deviation}”无法核对" if req.deviation else "偏离表中该行将标为待人工复核"
            yield Report(req, "threshold", f"条款 {req.clause} 的偏离无法自动计算，{what}：{a.problem}", Severity.WARNING)


@rule("requirement-text", Severity.ERROR, "bid")
def requirement_text(rb: ResolvedBid, project) -> Iterator[Report]:
    """A requirement's own words agree with its `threshold`: the clause text
    "2小时内到场" with `threshold: 8小时`, or "不少于2年" with `threshold:
    12个月`, is an error. The figure is read with the same prose reader as
    prose-number (a figure tied to the requirement's metric, or the clause's
    only duration or percentage); a clause with several unclear figures is
    left alone.

    Why: the 偏离表 quotes the clause and prints a verdict computed from the
    threshold; when they disagree the table contradicts itself, and the
    verdict may say 无偏离 for a promise the clause rejects.

    Bad:  `{clause: 3.1.2, text: 2小时内到场, metric: arrival, threshold: 8小时}`
    Good: `{clause: 3.1.2, text: 2小时内到场, metric: arrival, threshold: 2小时}`
    """
    vocab = vocab_of(rb.policy)
    for a in current(project).requirements(rb):
        req = a.req
        if a.metric is None or a.is_text or a.limit is None or a.metric.kind not in ("duration", "percent"):
            continue
        for fig in clause_figures(req.text, a.metric.id, a.metric.kind, vocab):
            if _same_figure(a.metric.kind, fig.value, a.limit):
                continue
            yield Report(req, "threshold", f"条款 {req.clause} 原文“{excerpt(req.text, fig.start, fig.end)}”写的是 {fig.written}，"
                                           f"但门槛值（threshold）是 {format_value(a.metric, a.limit)}；偏离表引用原文，判定却按门槛值计算，"
                                           f"两者必须一致：请按招标文件把 threshold 改为 {fig.written}")
            break


def _same_figure(kind: str, written, limit) -> bool:
    """Does the clause's figure state the threshold? (True when 工作日 meet clock time: not decidable.)"""
    if kind == "percent":
        return Fraction(str(limit.value)) == written
    try:
        return written.compare(limit) == 0
    except IncomparableDurations:
        return True


# -- prose-number ------------------------------------------------------------------------------

#: keys whose text is our own prose (tender text, labels and values are not)
PROSE_KEYS = frozenset({
    "summary", "description", "note", "commitments", "free_scope", "exclusions", "report", "content",
    "action", "penalty", "price_policy", "paragraphs", "answer",
})
#: parts of a file whose figures describe something else than the service
#: promises: emergency scenarios (their own time limits), paid service after
#: the warranty, the tender's own words and the bid's identity
SKIP_PATH_RE = re.compile(r"\.emergency\b|\.after_warranty\b|^bid\.(?:project|scoring|amounts)\b|\.requirements\[\d+\]\.(?:text|clause)$")
_REQ_RE = re.compile(r"^bid\.requirements\[(\d+)\]\.")


def _facts(doc: TextDocument, project) -> Facts | None:
    if doc.policy is None:
        return None
    region = doc.bid.bid.project.region if doc.bid is not None else None
    return Facts(doc.policy, project.company, region=region)


@rule("prose-number", Severity.ERROR, "text")
def prose_number(doc: TextDocument, project) -> Iterator[Report]:
    """A figure in free text agrees with the structured value it describes:
    "一级故障2小时内到达现场" must match the arrival time of 一级 in the data,
    "质保期三年" the warranty term, "巡检共8次" the computed count. Chinese
    numerals count (三年, 二十四小时, 两个工作日). Policy text is held against
    the policy, a bid's text against what the bid resolves to (for the
    project's region).

    A figure is read only when a fixed phrase ties it to a metric (see
    `generator/prose.py`); anything unclear — 7×24小时, dates, ranges, "每超时
    1小时", a level the policy does not have — is left alone.

    Why: the buyer holds the bidder to the weaker of two statements, and an
    evaluator who finds "2小时" in the table and "4小时" in the text marks
    the plan as self-contradictory (seed 001, plan 9).

    Bad:  `commitments: [一级故障四小时内到达现场]` with `arrival: 2小时`.
    Good: `commitments: [一级故障2小时内到达现场]` — or no figure at all.
    """
    if doc.kind == "company":
        return
    facts = _facts(doc, project)
    if facts is None:
        return
    vocab = vocab_of(facts.policy)
    requirements = doc.bid.bid.requirements if doc.bid is not None else []
    for item, inherited in _prose_items(doc, project):
        if item.key not in PROSE_KEYS or SKIP_PATH_RE.search(item.path):
            continue
        figures = find_figures(item.text, vocab)
        if not figures:
            continue
        item_facts = facts
        m = _REQ_RE.match(item.path)
        if m and int(m[1]) < len(requirements) and requirements[int(m[1])].level:
            item_facts = Facts(facts.policy, facts.company, facts.region, requirements[int(m[1])].level)
        for fig in figures:
            mismatch = item_facts.check(fig)
            if mismatch is None:
                continue
            via = f"投标 {doc.bid.id} 沿用了政策中的这段文字，但" if inherited else ""
            fix = "请在该投标的 overrides 中改写这段文字" if inherited else suggestion(mismatch)
            yield Report(item, None, f"{via}文字“{excerpt(item.text, fig.start, fig.end)}”中的“{fig.written}”与数据不符："
                                     f"{describe(mismatch)}；{fix}")


def _prose_items(doc: TextDocument, project) -> Iterator[tuple[TextItem, bool]]:
    """The document's own text, and for a bid also the policy text it
    inherits unchanged (printed in its PDF, so held against the bid's own
    promises). Only the base policy's sentences with a figure are candidates,
    found once per policy; a bid keeps one when its resolved data still holds
    that very string (merge shares untouched values with the base)."""
    for item in doc.items:
        yield item, False
    if doc.bid is None:
        return
    base = project.policies.get(doc.bid.bid.policy)
    if base is None:
        return
    for item, keys in _figure_items(base):
        if _lookup(doc.bid.policy_raw, keys) is item.text:
            yield item, True


_HAS_NUMBER = re.compile(r"[0-9零〇一二两三四五六七八九十百千]")
_PATH_PART = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def _figure_items(policy) -> list[tuple[TextItem, tuple]]:
    """The prose items of a policy that hold a figure, with their keys (once per check)."""
    return memo("figure_items", policy, lambda: _find_figure_items(policy))


def _find_figure_items(policy) -> list[tuple[TextItem, tuple]]:
    found = []
    for item in policy_texts(policy):
        if item.key in PROSE_KEYS and not SKIP_PATH_RE.search(item.path) and _HAS_NUMBER.search(item.text):
            keys = tuple(int(i) if i else k for k, i in _PATH_PART.findall(item.path))[1:]  # drop "policy"
            found.append((item, keys))
    return found


def _lookup(raw, keys: tuple):
    for key in keys:
        try:
            raw = raw[key]
        except (KeyError, IndexError, TypeError):
            return None
    return raw
