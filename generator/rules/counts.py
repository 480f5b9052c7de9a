"""Rules on figures: percentages, totals, amounts, dates, project identity."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Iterator

from ..findings import Severity
from ..model import Policy
from ..numbers import amount_daxie, parse_chinese_integer
from ..project import ResolvedBid
from ..values import format_date
from . import Report, TextDocument, rule


@rule("kpi-range", Severity.ERROR, "policy")
def kpi_range(policy: Policy, project) -> Iterator[Report]:
    """Percentages lie in 0–100 %, and no rate is promised at ≥100 %.

    Why: "满意度 ≥100%" (seed 004) is impossible and reads as an untrue
    promise; a target must be reachable and measurable (e.g. ≥98%).
    """
    percents = [(k, "target", k.target, k.name, k.direction) for k in policy.kpis]
    percents.append((policy.return_visits, "satisfaction_target", policy.return_visits.satisfaction_target, "回访满意度目标", "不低于"))
    if policy.after_warranty.parts_discount is not None:
        percents.append((policy.after_warranty, "parts_discount", policy.after_warranty.parts_discount, "备件折扣", None))
    for node, field, pct, name, direction in percents:
        if pct.value < 0 or pct.value > 100:
            yield Report(node, field, f"{name} {pct} 不在 0%～100% 之间，不可能达到；请改为实际可达的目标")
        elif direction == "不低于" and pct.value >= 100:
            yield Report(node, field, f"{name}“不低于 {pct}”等于承诺从不出错，评审视为不实承诺；请写实际可达的目标，如 98%")


@rule("count-total", Severity.ERROR, "policy")
def count_total(policy: Policy, project) -> Iterator[Report]:
    """Stated totals agree with what they are made of: inspections and
    return visits = warranty ÷ interval; training trainees = Σ per course
    (每期人数 × 期数).

    Why: "每季度巡检一次，质保期三年共 8 次" (it is 12) is the kind of
    slip an evaluator spots and scores down (seed 001, plan 9).
    """
    term = policy.warranty.term
    for node, name in ((policy.inspections, "巡检"), (policy.return_visits, "回访")):
        if node.visits is None:
            continue
        expected = node.interval.count_in(term)
        if expected != int(expected):
            yield Report(node, "interval", f"质保期 {term} 不能被{name}间隔 {node.interval} 整除，次数无法确定；请调整间隔或删去次数", Severity.WARNING)
        elif node.visits != int(expected):
            yield Report(node, "visits", f"{name}次数写为 {node.visits} 次，但质保期 {term} ÷ 间隔 {node.interval} = {int(expected)} 次；请改为 {int(expected)}")
    training = policy.training
    if training.total_trainees is not None:
        total = sum(s.trainees * s.sessions for s in training.sessions)
        if total != training.total_trainees:
            yield Report(training, "total_trainees", f"培训总人次写为 {training.total_trainees}，但各课程 每期人数×期数 之和为 {total}；请改为 {total}")


def _normalise_daxie(text: str) -> str:
    text = re.sub(r"\s|人民币|[（(]?大写[)）]?[:：]?", "", text)
    return text.replace("圆", "元").replace("正", "整")


@rule("amount-daxie", Severity.ERROR, "bid")
def amount_daxie_rule(rb: ResolvedBid, project) -> Iterator[Report]:
    """A 大写 amount agrees with its 小写 figure (better: leave 大写 out and
    let the generator write it).

    Why: when 大写 and 小写 differ, the tender rules make the 大写 binding —
    a typo can cost a fortune or void the bid.
    """
    for node, field, value, daxie in [(a, "daxie", a.value, a.daxie) for a in rb.bid.amounts]:
        if daxie and _normalise_daxie(daxie) != amount_daxie(value):
            yield Report(node, field, f"大写“{daxie}”与小写 {value:,.2f}元 不一致，应为“{amount_daxie(value)}”（建议删去大写，由程序生成）")


@rule("amount-daxie", Severity.ERROR, "policy")
def amount_daxie_policy(policy: Policy, project) -> Iterator[Report]:
    """Same check for penalty amounts in a published policy."""
    for p in policy.penalties:
        if p.amount is not None and p.amount_daxie and _normalise_daxie(p.amount_daxie) != amount_daxie(p.amount):
            yield Report(p, "amount_daxie", f"大写“{p.amount_daxie}”与小写 {p.amount:,.2f}元 不一致，应为“{amount_daxie(p.amount)}”（建议删去大写，由程序生成）")


# -- dates --------------------------------------------------------------------------

DATE_IN_TEXT_RE = re.compile(r"(?P<y>\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")


def _int(text: str) -> int:
    return int(text) if text.isdigit() else parse_chinese_integer(text)


@rule("date-valid", Severity.ERROR, "bid")
def date_valid(rb: ResolvedBid, project) -> Iterator[Report]:
    """Dates are real and in order: the bid date is not after the deadline,
    and no qualification has expired by the bid date.

    Why: a 承诺函 dated after the deadline, or an expired certificate, is a
    formal defect that can void the bid.
    """
    bid = rb.bid
    if bid.bid_date > bid.deadline:
        yield Report(bid, "bid_date", f"投标日期 {format_date(bid.bid_date)} 晚于投标截止日期 {format_date(bid.deadline)}；承诺函日期应不晚于截止日期")
    if project.company is not None:
        for q in project.company.qualifications:
            if q.valid_until is not None and q.valid_until < bid.bid_date:
                yield Report(q, "valid_until", f"资质“{q.name}”有效期至 {format_date(q.valid_until)}，在投标日期 {format_date(bid.bid_date)} 前已过期；请更新证书或不再列出")


@rule("date-text", Severity.ERROR, "text")
def date_text(doc: TextDocument, project) -> Iterator[Report]:
    """Dates written in text are real calendar dates (no 2026年2月30日)."""
    for item in doc.items:
        for m in DATE_IN_TEXT_RE.finditer(item.text):
            try:
                dt.date(_int(m["y"]), _int(m["m"]), _int(m["d"]))
            except ValueError:
                yield Report(item, None, f"文字中的日期“{m.group(0)}”不存在；请核对年月日")


# -- project identity ------------------------------------------------------------------

LOT_RE = re.compile(r"第\s*(?P<n>\d+|[一二三四五六七八九十]+)\s*(?:包|标段|分包)")
CODE_RE = re.compile(r"[A-Za-z0-9]+(?:[-_/][A-Za-z0-9]+)+")
PROJECT_NAME_RE = re.compile(r"[“《\"]([^”》\"]{4,80}?项目)[”》\"]|([\u4e00-\u9fff（）()]{6,60}项目)")


def _lot_number(lot: str | None) -> int | None:
    if not lot:
        return None
    m = LOT_RE.search(lot) or re.search(r"(?P<n>\d+)", lot)
    return _int(m["n"]) if m else None


@rule("project-identity", Severity.ERROR, "text")
def project_identity(doc: TextDocument, project) -> Iterator[Report]:
    """A bid's project name, number and lot are written once (in `project`)
    and any retyped form in the text is identical.

    Why: a wrong project number or lot anywhere in a bid is a classic cause
    of rejection, and a different project's name shows a copied file.
    """
    if doc.bid is None:
        return
    ident = doc.bid.bid.project
    lot = _lot_number(ident.lot)
    for item in doc.items:
        if item.path.startswith("bid.project"):
            continue
        for m in CODE_RE.finditer(item.text):
            code = m.group(0)
            if code != ident.number and any(c.isdigit() for c in code) and any(c.isalpha() for c in code) and difflib.SequenceMatcher(None, code, ident.number).ratio() >= 0.7:
                yield Report(item, None, f"文字中的项目编号“{code}”与项目编号“{ident.number}”不一致；请不要在正文中重打编号，或改为“{ident.number}”")
        for m in LOT_RE.finditer(item.text):
            if lot is not None and _int(m["n"]) != lot:
                yield Report(item, None, f"文字中写“{m.group(0)}”，但本投标为“{ident.lot}”；请核对包号")
            elif lot is None:
                yield Report(item, None, f"文字中写“{m.group(0)}”，但本项目未分包（project.lot 未填）")
        for m in PROJECT_NAME_RE.finditer(item.text):
            name = (m.group(1) or m.group(2)).strip()
            if name != ident.name and name not in ident.name and difflib.SequenceMatcher(None, name, ident.name).ratio() >= 0.6:
                yield Report(item, None, f"文字中的项目名称“{name}”与项目名称“{ident.name}”不一致；请核对（名称须与招标文件完全一致）")
