"""Tender compliance: the 偏离表 and the 评分索引, derived from the numbers.

For each requirement of a bid we read our promise from the resolved bid
(policy ⊕ overrides), compare it with the tender's threshold and derive the
偏离 class — never typed by hand. Free-text requirements carry our explicit
answer and are marked for human review. For each scoring item we find the
highest tier our promise reaches and the section where the evidence stands
(the PDF turns that section into a real page number).

`assess_requirements` / `assess_scoring` compute the analysis, and
`deviation_table` / `scoring_table` turn it into what the PDF prints;
`deviation_csv` / `scoring_csv` are what a bid writer opens in Excel. All
are pure functions of their arguments: `analysis.Analysis` computes each
once per check and hands the same rows to the rules, the PDF and the CSV.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, Callable

from .clauses import EVENT_ORDER, same_start, start_event
from .durations import IncomparableDurations
from .metrics import REQUIREMENT_METRICS, Metric, ThresholdError, compare, find_level, format_value, parse_threshold, requirement_metric
from .values import TimeTerm
from .outline import SECTION_BY_ID

POSITIVE, NONE, NEGATIVE = "正偏离", "无偏离", "负偏离"
CLASS_OF = {1: POSITIVE, 0: NONE, -1: NEGATIVE}

# why a requirement has no derived class (Assessment.issue)
UNKNOWN_METRIC = "unknown-metric"
BAD_THRESHOLD = "bad-threshold"
UNKNOWN_LEVEL = "unknown-level"
NO_PROMISE = "no-promise"  # the resolved bid promises nothing for this metric
NO_ANSWER = "no-answer"  # a text requirement without `answer`
INCOMPARABLE = "incomparable"  # 工作日 against clock time, order depends on the calendar

#: issues that mean the requirement is not answered at all
UNANSWERED = frozenset({UNKNOWN_METRIC, BAD_THRESHOLD, UNKNOWN_LEVEL, NO_PROMISE, NO_ANSWER})


@dataclass
class Assessment:
    """One tender requirement held against what the resolved bid promises."""

    index: int  # 1-based, the 偏离表's 序号
    req: Any  # model.Requirement
    metric: Metric | None
    value: Any = None  # our promise (Duration, int, Percent, ServiceHours)
    limit: Any = None  # the parsed threshold
    cmp: int | None = None  # +1 better than asked, 0 as asked, -1 weaker; None: not derived
    issue: str | None = None
    problem: str | None = None  # Chinese text for issue
    rb_region: str = ""  # the project's region tier
    level_name: str | None = None  # the fault level (its 等级) for level-and-region metrics
    locate: Callable[[], Any] | None = None  # finds the promise's file:line (only for messages)
    start_note: str | None = None  # the clause asks for another warranty start event than ours
    start_asked: str | None = None  # that event (a WarrantyStart value)

    @property
    def source(self) -> Any:
        """Location of the promise (policy or bid file) when it is one value."""
        return self.locate() if self.locate is not None else None

    @property
    def computed(self) -> str | None:
        """The derived 偏离 class (None for free text or when it cannot be derived)."""
        return CLASS_OF[self.cmp] if self.cmp is not None else None

    @property
    def declared(self) -> str | None:
        """The class written by hand in the bid (`deviation:`), if any."""
        return self.req.deviation

    @property
    def is_text(self) -> bool:
        return self.metric is not None and self.metric.kind == "text"

    @property
    def scope(self) -> str:
        """"一级故障（本市）" for the level-and-region metrics, else ""."""
        return _scope(self.metric, self.rb_region, self.level_name) if self.metric else ""


@dataclass
class ScoringAssessment:
    item: Any  # model.ScoringItem
    metric: Metric | None
    value: Any = None
    reached: Any = None  # the best ScoringTier our promise reaches
    better: Any = None  # the next tier above it, if any
    issue: str | None = None
    problem: str | None = None
    problem_node: Any = None  # the node (item or tier) the problem is written at
    problem_field: str | None = None
    rb_region: str = ""
    level_name: str | None = None


@dataclass
class DeviationRow:
    """One row of the 售后服务偏离表."""

    index: int
    clause: str
    mark: str
    requirement: str
    response: str
    deviation: str | None  # None: free text or not derivable, needs a human look
    note: str
    section: str  # outline section with the evidence
    review: bool  # free text (or not derivable): a person must confirm
    problem: str | None = None  # why no class could be derived
    metric: str = ""
    level: str | None = None
    promised: str = ""  # our value as printed, e.g. 2小时 ("" for free text)
    required: str = ""  # the tender's threshold as printed
    declared: str | None = None  # the class written by hand, if any (a rule checks it)


@dataclass
class ScoringRow:
    """One row of the 评分索引: our promise, the tier it reaches, where the proof is."""

    clause: str
    title: str
    promise: str
    tier: str | None
    points: float
    max_points: float
    section: str
    problem: str | None = None
    metric: str = ""
    level: str | None = None
    next_tier: str | None = None  # the tier above the one reached: what would score more
    next_points: float | None = None


# -- analysis -------------------------------------------------------------------------


def _scope(metric: Metric | None, region: str, level_name: str | None) -> str:
    if metric is None or not metric.uses_level or metric.id == "parts_arrival":
        return ""
    return f"{level_name}故障（{region}）" if level_name else ""


def _level_name(rb: Any, level: str | None) -> str | None:
    try:
        return find_level(rb.policy, level).level
    except (KeyError, IndexError):
        return level


def _evaluate(metric: Metric, rb: Any, company: Any, level: str | None, threshold: Any) -> tuple[Any, Any, int | None, str | None, str | None]:
    """(value, parsed threshold, cmp, issue, problem) for a quantified metric."""
    try:
        value = metric.get(rb, company, level)
    except KeyError:
        known = "、".join(f"{lv.level}（{lv.name}）" for lv in rb.policy.fault_levels)
        return None, None, None, UNKNOWN_LEVEL, f"故障等级“{level}”不存在；本投标的故障等级有：{known}"
    try:
        limit = parse_threshold(metric, threshold)
    except ThresholdError as exc:
        return value, None, None, BAD_THRESHOLD, str(exc)
    if value is None:
        return None, limit, None, NO_PROMISE, f"投标中没有{metric.title}的承诺"
    if isinstance(value, TimeTerm):  # 立即, 按双方约定: not a figure, never compared
        return value, limit, None, NO_PROMISE, f"投标中的{metric.title}写作“{value}”，不是可比较的时限，不能视为满足要求"
    try:
        return value, limit, compare(metric, value, limit), None, None
    except IncomparableDurations as exc:
        return value, limit, None, INCOMPARABLE, f"{exc}；请把门槛值或承诺写成同一种计时单位（都用小时/日，或都用工作日）"


def assess_requirements(rb: Any, company: Any) -> list[Assessment]:
    """Each requirement of a resolved bid held against what it promises
    (computed each call: `analysis.Analysis.requirements` shares it)."""
    return [_assess(i, req, rb, company) for i, req in enumerate(rb.bid.requirements, start=1)]


def _assess(index: int, req: Any, rb: Any, company: Any) -> Assessment:
    region = rb.bid.project.region
    metric = requirement_metric(req.metric)
    if metric is None:
        return Assessment(index, req, None, issue=UNKNOWN_METRIC, rb_region=region,
                          problem=f"未知的指标“{req.metric}”；可用：{'、'.join(REQUIREMENT_METRICS)}（无法量化的要求写 text 并填写 answer）")
    if metric.kind == "text":
        if not (req.answer or "").strip():
            return Assessment(index, req, metric, issue=NO_ANSWER, rb_region=region, problem="文字类要求没有填写投标响应（answer）")
        return Assessment(index, req, metric, rb_region=region)
    level_name = _level_name(rb, req.level) if metric.uses_level else None
    value, limit, cmp, issue, problem = _evaluate(metric, rb, company, req.level, req.threshold)
    locate = (lambda: metric.where(rb, company, req.level)) if issue is None or issue == INCOMPARABLE else None
    a = Assessment(index, req, metric, value, limit, cmp, issue, problem, rb_region=region, level_name=level_name, locate=locate)
    warranty = rb.policy.warranty
    if metric.id == "warranty_term" and warranty is not None and warranty.start is not None:
        _hold_start_event(a, warranty.start)
    return a


def _hold_start_event(a: Assessment, ours: str) -> None:
    """A clause "质保期自验收合格之日起不少于2年" asks for a start event too.
    Ours starting from an earlier event (到货签收 before 验收合格) ends the
    warranty earlier: a 负偏离 whatever the length. A later one is no worse."""
    asked = start_event(a.req.text)
    if asked is None or same_start(asked[0], ours):
        return
    a.start_asked = asked[0]
    if EVENT_ORDER[ours] < EVENT_ORDER[asked[0]]:
        a.start_note = f"招标要求质保期“{asked[1]}”，本投标质保期自{ours}之日起，起算更早、到期更早"
        if a.cmp is not None:
            a.cmp = -1
    else:
        a.start_note = f"招标要求质保期“{asked[1]}”，本投标自{ours}之日起，起算更晚，不短于要求"


def assess_scoring(rb: Any, company: Any) -> list[ScoringAssessment]:
    """Each scoring item of a resolved bid with the tier our promise reaches
    (computed each call: `analysis.Analysis.scoring` shares it)."""
    return [_assess_item(item, rb, company) for item in rb.bid.scoring]


def _assess_item(item: Any, rb: Any, company: Any) -> ScoringAssessment:
    region = rb.bid.project.region
    metric = requirement_metric(item.metric)
    if metric is None:
        return ScoringAssessment(item, None, issue=UNKNOWN_METRIC, problem=f"未知的指标“{item.metric}”；可用：{'、'.join(REQUIREMENT_METRICS)}",
                                 problem_node=item, problem_field="metric", rb_region=region)
    if metric.kind == "text":
        return ScoringAssessment(item, metric, rb_region=region)
    out = ScoringAssessment(item, metric, rb_region=region, level_name=_level_name(rb, item.level) if metric.uses_level else None)
    tiers = sorted(item.tiers, key=lambda t: -t.points)
    for tier in tiers:
        value, _limit, cmp, issue, problem = _evaluate(metric, rb, company, item.level, tier.threshold)
        out.value = value
        if issue in (UNKNOWN_LEVEL,):
            out.issue, out.problem, out.problem_node, out.problem_field = issue, problem, item, "level"
            return out
        if issue is not None and out.issue is None:
            out.issue, out.problem = issue, problem
            out.problem_node, out.problem_field = (tier, "threshold") if issue in (BAD_THRESHOLD, INCOMPARABLE) else (item, "metric")
        if cmp is not None and cmp >= 0 and out.reached is None:
            out.reached = tier
    if out.reached is not None:
        higher = [t for t in tiers if t.points > out.reached.points]
        out.better = higher[-1] if higher else None
    elif tiers:
        out.better = tiers[-1]
    return out


# -- the 偏离表 -----------------------------------------------------------------------


def promise_text(metric: Metric, value: Any, rb: Any, level: str | None) -> str:
    if value is None:
        return "未承诺"
    scope = _scope(metric, rb.bid.project.region, _level_name(rb, level))
    start = rb.policy.warranty.start if rb.policy.warranty is not None else None
    extra = f"，自{start}之日起" if metric.id == "warranty_term" and start else ""
    return f"{scope}{metric.title} {format_value(metric, value)}{extra}"


def _threshold_text(a: Assessment) -> str:
    if a.limit is not None and a.metric is not None:
        return format_value(a.metric, a.limit)
    return "" if a.req.threshold is None else str(a.req.threshold)


def deviation_rows(rb: Any, company: Any) -> list[DeviationRow]:
    """The 偏离表 rows of a bid, derived anew (the build reads the check's
    `Analysis.deviation_rows` instead, which derives them once)."""
    return deviation_table(rb, assess_requirements(rb, company))


def deviation_table(rb: Any, assessments: list[Assessment]) -> list[DeviationRow]:
    """The 偏离表 rows of a bid from its requirement assessments."""
    rows = []
    for a in assessments:
        req = a.req
        section = req.evidence or (a.metric.section if a.metric else "overview")
        common = dict(metric=req.metric, level=a.level_name or req.level, required=_threshold_text(a), declared=req.deviation)
        if a.metric is None or a.is_text:
            note = req.note or (a.problem if a.issue else "文字条款，请人工复核响应内容")
            rows.append(DeviationRow(a.index, req.clause, req.mark, req.text, (req.answer or "").strip(), req.deviation if a.is_text else None,
                                     note, section, True, a.problem, **common))
            continue
        response = req.answer or promise_text(a.metric, a.value, rb, req.level)
        promised = format_value(a.metric, a.value) if a.value is not None else ""
        if a.cmp is None:
            rows.append(DeviationRow(a.index, req.clause, req.mark, req.text, response, None, req.note or a.problem or "", section, True,
                                     a.problem, promised=promised, **common))
            continue
        limit = format_value(a.metric, a.limit)
        auto_note = {1: f"优于招标要求（要求 {limit}，承诺 {promised}）", 0: f"满足招标要求（{limit}）",
                     -1: f"未达到招标要求（要求 {limit}，承诺 {promised}）"}[a.cmp]
        if a.start_note:
            auto_note = f"{auto_note}；{a.start_note}" if a.cmp >= 0 else f"未达到招标要求：{a.start_note}"
        rows.append(DeviationRow(a.index, req.clause, req.mark, req.text, response, a.computed, req.note or auto_note, section, False,
                                 None, promised=promised, **common))
    return rows


# -- the 评分索引 ---------------------------------------------------------------------


def _tier_text(tier: Any) -> str:
    return tier.text or f"{tier.threshold}"


def scoring_rows(rb: Any, company: Any) -> list[ScoringRow]:
    """The 评分索引 rows of a bid, derived anew (see deviation_rows)."""
    return scoring_table(rb, assess_scoring(rb, company))


def scoring_table(rb: Any, assessments: list[ScoringAssessment]) -> list[ScoringRow]:
    """The 评分索引 rows of a bid from its scoring assessments."""
    rows = []
    for s in assessments:
        item = s.item
        section = item.evidence or (s.metric.section if s.metric else "overview")
        max_points = max(t.points for t in item.tiers)
        if s.metric is None or s.metric.kind == "text":
            rows.append(ScoringRow(item.clause, item.title, "见正文", None, 0, max_points, section, s.problem, metric=item.metric, level=item.level))
            continue
        promise = promise_text(s.metric, s.value, rb, item.level)
        reached = s.reached
        rows.append(ScoringRow(
            item.clause, item.title, promise, _tier_text(reached) if reached else None, reached.points if reached else 0, max_points, section,
            s.problem, metric=item.metric, level=s.level_name or item.level,
            next_tier=_tier_text(s.better) if s.better else None, next_points=s.better.points if s.better else None,
        ))
    return rows


# -- CSV for Excel ------------------------------------------------------------------------

DEVIATION_HEADER = ("序号", "招标条款", "标记", "招标要求", "投标响应", "偏离", "说明")
SCORING_HEADER = ("序号", "评分条款", "评分项", "我方承诺", "可得档位", "得分", "满分", "证明材料章节", "说明")
REVIEW = "待人工复核"


def _cell(value: Any) -> str:
    """Text for one cell. A cell that starts like a formula (= + - @) is
    prefixed with ' so that Excel shows it instead of evaluating it
    (tender text is pasted from the buyer's files)."""
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def _csv_bytes(header: tuple[str, ...], rows: list[list[Any]]) -> bytes:
    """UTF-8 with BOM (Excel then reads it as UTF-8), CR LF line ends, csv quoting."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")


def _points(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def deviation_csv(deviation: list[DeviationRow]) -> bytes:
    """The 偏离表 as CSV: 序号,招标条款,标记,招标要求,投标响应,偏离,说明."""
    rows = []
    for r in deviation:
        note = r.note if not r.problem or r.problem in r.note else f"{r.note}；{r.problem}" if r.note else r.problem
        rows.append([r.index, r.clause, r.mark, r.requirement, r.response, r.deviation or REVIEW, note])
    return _csv_bytes(DEVIATION_HEADER, rows)


def scoring_csv(scoring: list[ScoringRow]) -> bytes:
    """The 评分索引 as CSV: 序号,评分条款,评分项,我方承诺,可得档位,得分,满分,证明材料章节,说明
    (the chapter title; page numbers exist only in the PDF)."""
    rows = []
    for i, r in enumerate(scoring, start=1):
        section = SECTION_BY_ID[r.section].title if r.section in SECTION_BY_ID else r.section
        if r.problem:
            note = r.problem
        elif r.metric == "text":
            note = "文字评分项，请人工对照正文评分"
        elif r.next_tier:
            note = f"达到“{r.next_tier}”可得 {_points(r.next_points)} 分"
        else:
            note = "已达最高档"
        rows.append([i, r.clause, r.title, r.promise, r.tier or "未达到任何档位", _points(r.points), _points(r.max_points), section, note])
    return _csv_bytes(SCORING_HEADER, rows)
