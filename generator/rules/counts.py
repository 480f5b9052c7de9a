"""Rules on figures: percentages, totals, amounts, dates, project identity."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Iterator

from ..analysis import memo
from ..durations import Duration, IncomparableDurations
from ..findings import Severity
from ..metrics import training_total, visits_ratio
from ..model import Policy
from ..numbers import amount_daxie, parse_chinese_integer, read_daxie
from ..project import ResolvedBid
from ..values import format_date
from . import Report, TextDocument, rule
from .textscan import buyer_text, doc_text


@rule("kpi-range", Severity.ERROR, "policy")
def kpi_range(policy: Policy, project) -> Iterator[Report]:
    """Percentages lie in 0–100 %, and no rate is promised at ≥100 %.

    Why: "满意度 ≥100%" (seed 004) is impossible and reads as an untrue
    promise; a target must be reachable and measurable (e.g. ≥98%).
    """
    percents = [(k, "target", k.target, k.name, k.direction or _direction(k.target)) for k in policy.kpis]
    if policy.return_visits is not None:
        percents.append((policy.return_visits, "satisfaction_target", policy.return_visits.satisfaction_target, "回访满意度目标", "不低于"))
    if policy.after_warranty is not None and policy.after_warranty.parts_discount is not None:
        percents.append((policy.after_warranty, "parts_discount", policy.after_warranty.parts_discount, "备件折扣", None))
    for node, field, pct, name, direction in percents:
        if pct is None:
            continue
        if pct.value < 0 or pct.value > 100:
            yield Report(node, field, f"{name} {pct} 不在 0%～100% 之间，不可能达到；请改为实际可达的目标")
        elif direction == "不低于" and pct.value >= 100:
            yield Report(node, field, f"{name}“不低于 {pct}”等于承诺从不出错，评审视为不实承诺；请写实际可达的目标，如 98%")


def _direction(target) -> str | None:
    """不低于 for “≥95%”, 不高于 for “<1%”; None for a bare figure."""
    op = getattr(target, "op", "")
    return "不低于" if op in ("≥", ">") else ("不高于" if op in ("≤", "<") else None)


@rule("count-total", Severity.ERROR, "policy")
def count_total(policy: Policy, project) -> Iterator[Report]:
    """Stated totals agree with what they are made of: inspections and
    return visits = warranty ÷ interval; training trainees = Σ per course
    (每期人数 × 期数).

    Why: "每季度巡检一次，质保期三年共 8 次" (it is 12) is the kind of
    slip an evaluator spots and scores down (seed 001, plan 9).
    """
    term = policy.warranty.term if policy.warranty is not None else None
    cycles = [(policy.inspections, "巡检"), (policy.return_visits, "回访")]
    if policy.inspections is not None:
        cycles += [(c, c.name) for c in policy.inspections.cycles]
    for node, name in cycles:
        if node is None or node.visits is None or node.interval is None or not isinstance(term, Duration):
            continue
        try:
            expected = visits_ratio(node.interval, term)
        except IncomparableDurations:
            yield Report(node, "interval", f"{name}间隔 {node.interval} 按工作日计，无法与质保期 {term} 核对次数；请把间隔写成日、周或个月", Severity.WARNING)
            continue
        if expected != int(expected):
            yield Report(node, "interval", f"质保期 {term} 不能被{name}间隔 {node.interval} 整除，次数无法确定；请调整间隔或删去次数", Severity.WARNING)
        elif node.visits != int(expected):
            yield Report(node, "visits", f"{name}次数写为 {node.visits} 次，但质保期 {term} ÷ 间隔 {node.interval} = {int(expected)} 次；请改为 {int(expected)}")
    training = policy.training
    if training is not None and training.total_trainees is not None:
        total = training_total(policy)
        if total is None:
            return  # a total over courses without numbers cannot be checked
        if total != training.total_trainees:
            yield Report(training, "total_trainees", f"培训总人次写为 {training.total_trainees}，但各课程 每期人数×期数 之和为 {total}；请改为 {total}")


#: "一式三份" and what follows it in the sentence
COPIES_RE = re.compile(r"一式\s*(?P<n>\d+|[两二三四五六七八九十]+)\s*份(?P<rest>[^。；;！!？?\n]*)")
#: one copy handed to someone: "一份留交用户", "1份交档案室" (not "十一份")
ONE_COPY_RE = re.compile(r"(?<![\d一二三四五六七八九十两])(?:一|1)\s*份")
#: an interval given as a range: "每月至半年一次", "每周到每月一次"
_INTERVAL = r"(?:\d+|[一二两三四五六七八九十]+)?\s*(?:个月|个星期|星期|季度|季|半年|年|月|周|天|日)"
INTERVAL_RANGE_RE = re.compile(r"每\s*(?:个|一个)?" + _INTERVAL + r"\s*(?:至|到|~|～|—|-)\s*(?:每\s*)?(?:个|一个)?" + _INTERVAL + r"\s*(?:进行|开展|安排|巡检|回访|走访|检查|访问|[^，。；;,\d]{0,8}?)?(?:一|1)\s*次")


@rule("count-total", Severity.ERROR, "text")
def count_total_text(doc: TextDocument, project) -> Iterator[Report]:
    """What a sentence counts agrees with what it lists: "一式N份" followed by
    the copies it hands out ("一份交用户，一份存档": two, not three); and a
    visit frequency is one interval, not a range ("每月至半年一次": the number
    of visits cannot be derived, a warning).

    Why: a record "一式三份" that names two holders leaves the third copy
    to no one, and "每月至半年一次" lets the plan promise two visits a year
    and the buyer expect twelve; an evaluator scores either down.

    Bad:  "检修单一式四份，一份交用户，一份存档，一份交财务。"
    Good: "检修单一式三份，一份交用户，一份存档，一份交财务。"; "每季度回访一次".
    """
    text = doc_text(doc)
    if "一式" not in text and "至" not in text and "到" not in text:
        return
    for item in doc.items:
        if buyer_text(item):
            continue
        for m in COPIES_RE.finditer(item.text):
            n = _int(m["n"])
            rest = m["rest"]
            handed = len(ONE_COPY_RE.findall(rest))
            if "各" in rest or handed < 2 or handed == n:
                continue  # "双方各执一份" cannot be counted; one named copy says nothing of the others
            yield Report(item, None, f"写明“一式{m['n']}份”，后文却只交代了 {handed} 份的去向：“{_clip(m.group(0))}”；份数与去向须一致，请改为“一式{_cn(handed)}份”或写明其余各份交给谁", at=m.start())
        for m in INTERVAL_RANGE_RE.finditer(item.text):
            yield Report(item, None, f"“{m.group(0)}”是一个范围，次数无法确定，评审也无法核对；请写一个间隔，如“每季度一次”", Severity.WARNING, at=m.start())


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width] + "…"


def _cn(n: int) -> str:
    return "零一两三四五六七八九十"[n] if 0 <= n <= 10 else str(n)


def _daxie_problem(daxie: str, value) -> str | None:
    """Why a written 大写 does not state `value`, or None when it does. Any
    form the banking rules allow is accepted (圆/元, 正/整, an optional 零),
    so only a real disagreement or an unreadable text is reported."""
    stated = read_daxie(daxie)
    expected = amount_daxie(value)
    if stated is None:
        return f"大写“{daxie}”不是规范的大写金额（应用 壹贰叁…拾佰仟万亿 元角分，元后写“整”），小写 {value:,.2f}元 应写作“{expected}”（建议删去大写，由程序生成）"
    if stated != value:
        return f"大写“{daxie}”（{stated:,.2f}元）与小写 {value:,.2f}元 不一致，应为“{expected}”（建议删去大写，由程序生成）"
    return None


@rule("amount-daxie", Severity.ERROR, "bid")
def amount_daxie_rule(rb: ResolvedBid, project) -> Iterator[Report]:
    """A 大写 amount agrees with its 小写 figure (better: leave 大写 out and
    let the generator write it).

    Why: when 大写 and 小写 differ, the tender rules make the 大写 binding —
    a typo can cost a fortune or void the bid.
    """
    for a in rb.bid.amounts:
        if a.daxie and (problem := _daxie_problem(a.daxie, a.value)):
            yield Report(a, "daxie", problem)


@rule("amount-daxie", Severity.ERROR, "policy")
def amount_daxie_policy(policy: Policy, project) -> Iterator[Report]:
    """Same check for penalty amounts in a published policy."""
    for p in policy.penalties:
        if p.amount is not None and p.amount_daxie and (problem := _daxie_problem(p.amount_daxie, p.amount)):
            yield Report(p, "amount_daxie", problem)


# -- dates --------------------------------------------------------------------------

DATE_IN_TEXT_RE = re.compile(r"(?P<y>\d{4}|[〇○Ｏ零一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")


def _int(text: str) -> int:
    return int(text) if text.isdigit() else parse_chinese_integer(text.replace("○", "〇").replace("Ｏ", "〇"))


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
    """Dates written in text are real calendar dates (no 2026年2月30日), in
    the formal form: Arabic numerals without leading zeros (2026年1月5日,
    not 2026年01月05日 nor 二〇二六年一月五日: a warning, GB/T 9704-2012
    writes a document's date in Arabic numerals).

    Why: an impossible date in a 承诺函 or a schedule shows the text was
    typed over an old one without reading; an evaluator reads it as a
    careless (or void) promise. Placeholders such as 20xx年 are reported
    by `placeholder`.
    """
    if not DATE_IN_TEXT_RE.search(doc_text(doc)):
        return
    for item in doc.items:
        for m in DATE_IN_TEXT_RE.finditer(item.text):
            try:
                date = dt.date(_int(m["y"]), _int(m["m"]), _int(m["d"]))
            except ValueError:
                yield Report(item, None, f"文字中的日期“{m.group(0)}”不存在；请核对年月日", at=m.start())
                continue
            if not m["y"].isdigit() or not m["m"].isdigit() or not m["d"].isdigit():
                yield Report(item, None, f"文字中的日期“{m.group(0)}”用了汉字数字；公文日期用阿拉伯数字写作“{format_date(date)}”，请核对年份是否为本次投标的日期", Severity.WARNING, at=m.start())
            elif m["m"].startswith("0") or m["d"].startswith("0"):
                yield Report(item, None, f"文字中的日期“{m.group(0)}”补了零；公文日期写作“{format_date(date)}”", Severity.WARNING, at=m.start())


# -- project identity ------------------------------------------------------------------

#: 第2包, 第二标段 (not 第1包装箱)
LOT_RE = re.compile(r"第\s*(?P<n>\d+|[一二三四五六七八九十]+)\s*(?:包(?![装括含邮])|标段|分包)")
CODE_RE = re.compile(r"[A-Za-z0-9]+(?:[-_/][A-Za-z0-9]+)+")
PROJECT_NAME_RE = re.compile(r"[“《\"]([^”》\"]{4,80}?项目)[”》\"]|([\u4e00-\u9fffA-Za-z0-9（）()]{6,60}项目)")
#: a value retyped after its label: 项目编号：LWCG-2026-0418, 包号：第2包, 项目名称：《…》
NUMBER_LABEL_RE = re.compile(r"(?:项目编号|招标编号|采购编号|项目代码)\s*(?:为|是)?\s*[:：]?\s*(?P<value>[^\s，,；;。、“”《》（）()]{2,40})")
NAME_LABEL_RE = re.compile(r"项目名称\s*(?:为|是)?\s*[:：]\s*[“《\"]?(?P<value>[^，,；;。\n”》\"]{4,80})")
LOT_LABEL_RE = re.compile(r"包号\s*(?:为|是)?\s*[:：]?\s*(?P<value>第?\s*(?:\d+|[一二三四五六七八九十]+)\s*(?:包|标段)?)")
PHONE_OR_DATE_RE = re.compile(r"^(?:0\d{2,3}-\d{7,8}|[48]00-?\d{3}-?\d{4}|\d{4}-\d{1,2}-\d{1,2}|1\d{10})$")


def _lot_number(lot: str | None) -> int | None:
    if not lot:
        return None
    m = LOT_RE.search(lot) or re.search(r"(?P<n>\d+|[一二三四五六七八九十]+)", lot)
    return _int(m["n"]) if m else None


def _digits_part(number: str) -> str:
    """LWCG-2026-0418 → 2026-0418 (what a writer retypes without the prefix)."""
    m = re.search(r"\d", number)
    return number[m.start():] if m else ""


def _code_differs(code: str, number: str) -> bool:
    """A code token that is a retyped, different form of the project number."""
    if code == number or PHONE_OR_DATE_RE.match(code):
        return False
    has_alpha = any(c.isalpha() for c in code)
    if has_alpha and any(c.isdigit() for c in code):
        return difflib.SequenceMatcher(None, code, number).ratio() >= 0.7
    digits = _digits_part(number)
    if has_alpha or len(code) < 6 or not digits:
        return False
    # all digits: the number without its prefix (2026-0418) or a slip of it (2026-0481)
    return number.endswith(code) or difflib.SequenceMatcher(None, code, digits).ratio() >= 0.85


def _closest_name(candidate: str, name: str) -> tuple[str, float]:
    """The end of candidate that best matches name ("参加澜湾…项目" → "澜湾…项目")."""
    best, best_ratio = candidate, 0.0
    low, high = max(4, len(name) - 4), min(len(candidate), len(name) + 4)
    for k in range(low, high + 1):
        tail = candidate[-k:]
        ratio = difflib.SequenceMatcher(None, tail, name).ratio()
        if ratio > best_ratio:
            best, best_ratio = tail, ratio
    return best, best_ratio


def _other_projects(project) -> tuple[dict[str, str], dict[str, str], frozenset[int]]:
    """Names and numbers of every bid in the project (→ bid id), once per
    check: one bid's identity inside another bid is copy residue."""
    return memo("identity_index", project, lambda: _identity_index(project))


def _identity_index(project) -> tuple[dict[str, str], dict[str, str], frozenset[int]]:
    names = {rb.bid.project.name: bid_id for bid_id, rb in project.bids.items()}
    numbers = {rb.bid.project.number: bid_id for bid_id, rb in project.bids.items()}
    return names, numbers, frozenset(len(n) for n in names)


def _retyped_names(doc: TextDocument) -> Iterator[Report]:
    """In a plan document: one organisation (the buyer, as often as not)
    written in two or three ways; the most frequent spelling is taken as
    meant and each other spelling is reported at its first place."""
    from ..orgnames import find_org_names
    from .writing import one_slip_apart, slip_key

    places: dict[str, list[tuple[object, int]]] = {}
    for item in doc.items:
        for org in find_org_names(item.text):
            places.setdefault(org.name, []).append((item, org.start))
    groups: dict[str, list[str]] = {}
    for name in sorted(places, key=lambda n: -len(places[n])):
        groups.setdefault(slip_key(name), []).append(name)
    for name in places:
        group = groups[slip_key(name)]
        meant = next((m for m in group[:group.index(name)] if len(places[m]) >= len(places[name]) and one_slip_apart(m, name)), None)
        if meant is not None:
            item, at = places[name][0]
            yield Report(item, None, f"同一单位的名称写法不一：这里是“{name}”，别处是“{meant}”（{len(places[meant])}处）；名称须前后一致，请核对", at=at)


@rule("project-identity", Severity.ERROR, "text")
def project_identity(doc: TextDocument, project) -> Iterator[Report]:
    """A bid's project name, number and lot are written once (in `project`)
    and any retyped form in the text is identical: a number that is close to
    ours (LWCG-2026-0481, or 2026-0418 without its prefix), a value after
    项目编号：/项目名称：/包号：, a 第N包 in text; and no other bid's project
    name or number appears. In a plan document (no project data) one
    organisation is written the same way throughout (贵州省电教馆, not also
    贵州省省电教馆 and 贵州电教馆).

    Why: a wrong project number or lot anywhere in a bid is a classic cause
    of rejection, and a different project's name shows a copied file.

    Bad:  `letter: {paragraphs: [我公司参加项目编号 LWCG-2026-0481 的投标……]}`
    Good: leave the number out of the prose; the generator prints `project.number`.
    """
    if doc.bid is None:
        if doc.kind == "document":
            yield from _retyped_names(doc)
        return
    ident = doc.bid.bid.project
    lot = _lot_number(ident.lot)
    other_names, other_numbers, name_lengths = _other_projects(project)
    for item in doc.items:
        if item.path.startswith("bid.project"):
            continue
        text = item.text
        reported: set[str] = set()
        # cheap guards first: most strings are short values such as "15分钟"
        has_label = "编号" in text or "代码" in text
        for m in (NUMBER_LABEL_RE.finditer(text) if has_label else ()):
            value = m["value"]
            if not value.startswith(ident.number) and any(c.isdigit() for c in value) and value not in other_numbers:
                reported.add(value)
                yield Report(item, None, f"文字中的项目编号“{value}”与项目编号“{ident.number}”不一致；请不要在正文中重打编号，或改为“{ident.number}”")
        for m in (CODE_RE.finditer(text) if "-" in text or "/" in text or "_" in text else ()):
            code = m.group(0)
            if code in reported:
                continue
            if code in other_numbers and code != ident.number:
                reported.add(code)
                yield Report(item, None, f"文字中的“{code}”是另一个投标（{other_numbers[code]}）的项目编号，疑似复制残留；本项目编号为“{ident.number}”")
            elif _code_differs(code, ident.number):
                reported.add(code)
                yield Report(item, None, f"文字中的项目编号“{code}”与项目编号“{ident.number}”不一致；请不要在正文中重打编号，或改为“{ident.number}”")
        for m in (LOT_LABEL_RE.finditer(text) if "包号" in text else ()):
            n = _lot_number(m["value"])
            if lot is not None and n is not None and n != lot and not LOT_RE.fullmatch(m["value"].strip()):
                yield Report(item, None, f"文字中写“{m.group(0)}”，但本投标为“{ident.lot}”；请核对包号")
        for m in (LOT_RE.finditer(text) if "第" in text else ()):
            if lot is not None and _int(m["n"]) != lot:
                yield Report(item, None, f"文字中写“{m.group(0)}”，但本投标为“{ident.lot}”；请核对包号")
            elif lot is None:
                yield Report(item, None, f"文字中写“{m.group(0)}”，但本项目未分包（project.lot 未填）")
        if "项目" not in text:
            continue
        for m in NAME_LABEL_RE.finditer(text):
            value = m["value"].strip()
            if not value.startswith(ident.name) and value not in other_names:
                reported.add(value)
                yield Report(item, None, f"文字中的项目名称“{value}”与项目名称“{ident.name}”不一致；请核对（名称须与招标文件完全一致）")
        for m in PROJECT_NAME_RE.finditer(text):
            candidate = (m.group(1) or m.group(2)).strip()
            if ident.name in candidate or candidate in ident.name or any(r in candidate or candidate in r for r in reported):
                continue
            other = next((candidate[-k:] for k in name_lengths if candidate[-k:] in other_names and candidate[-k:] != ident.name), None)
            if other is not None:
                yield Report(item, None, f"文字中的“{other}”是另一个投标（{other_names[other]}）的项目名称，疑似复制残留；本项目为“{ident.name}”")
                continue
            name, ratio = _closest_name(candidate, ident.name)
            if ratio >= 0.75:
                yield Report(item, None, f"文字中的项目名称“{name}”与项目名称“{ident.name}”不一致；请核对（名称须与招标文件完全一致）")
