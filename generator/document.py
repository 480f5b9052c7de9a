"""The printed 售后服务方案: everything a page shows, computed from the project.

Templates under ``templates/print/`` hold layout only. Every figure they
print — a duration, a date, a 大写 amount, a training total, the number of
inspections over the warranty, the 偏离 class of a clause — is computed here
from the data, so a number written once in YAML is the same on every page
and a changed value changes every place it appears.

Two entry points, both pure (no I/O, no WeasyPrint): :func:`policy_context`
for a published service policy and :func:`bid_context` for a bid, which adds
the front matter a tender asks for (承诺函, 偏离表, 评分索引). Both return a
plain dict the templates read.
"""

from __future__ import annotations

import re

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import PurePosixPath
from typing import Any

from .analysis import Analysis, current
from . import regions, sentences
from .durations import Duration
from .metrics import training_sessions, training_total, visits_in_warranty
from .model import REGIONS, AnonymousFormat, Company, Policy, font_size_pt
from .numbers import amount_daxie, format_money
from .outline import SECTION_BY_ID, sections
from .project import Project, ResolvedBid
from .values import format_date

#: sections printed as forms with a centred, unnumbered title (the tender's
#: own formats); the plan itself is numbered 一、二、…
FORMS = ("letter", "deviation", "scoring")

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


class UnknownDocument(LookupError):
    """No policy or bid with that id (or it did not load)."""


# -- values as printed ------------------------------------------------------------


def duration(value: Any) -> str:
    """2小时, 36个月, 按双方约定 — as the data writes it; '—' where nothing is
    promised in a table cell (a whole absent section says so in words)."""
    return str(value) if value is not None else "—"


NOT_PROMISED = sentences.NOT_PROMISED


def absent_sections(policy: Policy) -> list[str]:
    """Outline ids of the sections the policy leaves out; they print
    NOT_PROMISED instead of empty tables."""
    absent = {
        "warranty": policy.warranty is None,
        "faults": not policy.fault_levels,
        "parts": policy.spare_parts is None,
        "training": policy.training is None or not policy.training.sessions,
        "inspections": policy.inspections is None or policy.inspections.interval is None,
        "visits": policy.return_visits is None or policy.return_visits.interval is None,
        "complaints": policy.complaints is None,
        "kpis": not policy.kpis and not policy.penalties,
        "after-warranty": policy.after_warranty is None,
        "emergency": not policy.emergency,
    }
    return [sid for sid, yes in absent.items() if yes]


def money(amount: Decimal) -> dict[str, str]:
    """An amount written twice, as tenders require: 小写 and 大写."""
    return {"xiaoxie": format_money(amount), "daxie": amount_daxie(amount)}


def points(value: float) -> str:
    """8.0 → 8, 2.5 → 2.5: scores as an evaluator writes them."""
    return f"{value:g}"


def sum_durations(values: list[Duration]) -> str:
    """Total of durations, per unit (8日＋6小时): a training 日 is a day of
    teaching, not 24 hours, so different units are never converted."""
    totals: dict[str, Fraction] = defaultdict(Fraction)
    family = {}
    for value in values:
        totals[value.unit] += value.amount
        family[value.unit] = value.family
    return "＋".join(str(Duration(amount, family[unit], unit)) for unit, amount in totals.items()) or "—"


# -- parts shared by policies and bids ----------------------------------------------


def company_part(company: Company) -> dict[str, Any]:
    return {
        "name": company.name,
        "short_name": company.short_name,
        "credit_code": company.credit_code,
        "address": company.address,
        "postcode": company.postcode,
        "hotline": company.hotline,
        "hotline_hours": f"{company.hotline_hours}小时",
        "email": company.email,
        "website": company.website,
        "seal_image": company.seal_image,
        "logo": company.logo,
    }


def overview_part(policy: Policy, commitments: list[str], company: Company, for_bid: bool) -> dict[str, Any]:
    return {
        "scope": sentences.service_scope(policy, company.name, for_bid),
        "summary": policy.summary or "",
        "product_line": policy.product_line or "",
        "products": [{"name": p.name, "model": p.model or "—", "note": p.note or ""} for p in policy.products],
        "service_hours": f"{policy.service_hours}小时" if policy.service_hours else "未承诺",
        "commitments": commitments,
    }


def warranty_part(policy: Policy, for_bid: bool = True) -> dict[str, Any] | None:
    w = policy.warranty
    if w is None:
        return None
    return {
        "sentence": sentences.warranty_term(policy, for_bid),
        "term": duration(w.term) if w.term is not None else "未承诺",
        "start": w.start or "未写明的事件",
        "free_scope": w.free_scope,
        "exclusions": w.exclusions,
        "parts": [{"name": p.name, "term": duration(p.term), "kind": "易损件" if p.consumable else "部件", "note": p.note or ""} for p in w.parts],
        "sanbao": sentences.sanbao(policy) or None,
        "note": _note_without_start(w.note, w.start),
    }


def _note_without_start(note: str | None, start: str) -> str | None:
    """The warranty note minus the clauses that only restate the start
    event: the section already prints "自{start}之日起计算", and the same
    sentence twice in a row reads like a copy error."""
    if not note:
        return note
    from .clauses import START_CONTEXT, event_of

    kept = []
    for clause in re.split(r"(?<=[。；;])", note):
        m = START_CONTEXT.search(clause)
        if m and event_of(m) == start and len(re.sub(r"[质保期整体自之日起计算算为准从开始。；;，,\s]|" + re.escape(m["event"] or m["event2"]), "", clause)) == 0:
            continue
        kept.append(clause)
    text = "".join(kept).strip()
    return text or None


def organisation_part(company: Company) -> dict[str, Any]:
    outlets = [
        {"name": o.name, "region": o.region, "city": o.city, "address": o.address, "phone": o.phone,
         "staff": o.staff, "engineers": o.engineers, "spare_parts": "有" if o.spare_parts else "无"}
        for o in sorted(company.outlets, key=lambda o: REGIONS.index(o.region))
    ]
    totals = {
        "count": len(company.outlets),
        "staff": sum(o.staff for o in company.outlets),
        "engineers": sum(o.engineers for o in company.outlets),
        "with_parts": sum(o.spare_parts for o in company.outlets),
    }
    return {
        "hotline": sentences.hotline(company),
        "sentence": sentences.outlets(totals),
        "outlets": outlets,
        "outlet_totals": totals,
        "staff": [{"role": g.role, "count": g.count, "qualification": g.qualification or "—", "duty": g.duty or ""} for g in company.staff],
        "staff_total": sum(g.count for g in company.staff),
        "qualifications": [
            {"name": q.name, "number": q.number or "—", "issuer": q.issuer or "—", "valid_until": format_date(q.valid_until) if q.valid_until else "—"}
            for q in company.qualifications
        ],
    }


def fault_matrix(policy: Policy, region: str | None) -> list[dict[str, Any]]:
    """The fault level × region matrix as table rows; the first row of each
    level carries the level cell (rowspan), the project's region is marked."""
    rows = []
    for level in policy.fault_levels:
        times = sorted(level.times, key=lambda t: REGIONS.index(t.region) if t.region else -1)
        for i, t in enumerate(times):
            rows.append({
                "level": level.level, "name": level.name, "span": len(times) if i == 0 else 0,
                "region": t.region or "各区域", "response": duration(t.response), "arrival": duration(t.arrival or t.arrival_fix),
                "fix": duration(t.fix) + ("（自到场起）" if t.fix is not None and t.fix_from == "到场" else ""),
                "backup": duration(t.backup), "ours": t.region in (region, None),
            })
    return rows


def faults_part(policy: Policy, region: str | None, company: Company, for_bid: bool) -> dict[str, Any]:
    remote = policy.remote_support
    labels = None if for_bid else region_labels(company)
    return {
        "sentence": sentences.fault_times(policy, region, for_bid, labels),
        "remote_sentence": sentences.remote_support(policy),
        "service_hours": f"{policy.service_hours}小时" if policy.service_hours else "未承诺",
        "remote": {"channels": "、".join(remote.channels), "response": duration(remote.response)} if remote and remote.response else None,
        "levels": [{"level": lv.level, "name": lv.name or "", "definition": lv.definition or ""} for lv in policy.fault_levels],
        "matrix": fault_matrix(policy, region),
        "region": region,
        "has_backup": any(t.backup is not None for lv in policy.fault_levels for t in lv.times),
    }


def parts_part(policy: Policy, for_bid: bool = True) -> dict[str, Any] | None:
    sp = policy.spare_parts
    if sp is None:
        return None
    return {
        "description": sp.description or "",
        "supply_years": duration(sp.supply_years),
        "supply": sentences.parts_supply(policy, for_bid),
        "price_policy": sp.price_policy,
        "spares": [{"name": p.name, "stock": p.stock if p.stock is not None else "—", "location": p.location or "—", "arrival": duration(p.arrival), "serves_level": p.serves_level or "—"} for p in sp.items],
    }


def training_part(policy: Policy) -> dict[str, Any] | None:
    """Training per course with 人次 (每期人数 × 期数) and total time, plus a
    totals row, so the evaluator does not have to add up. A course without
    numbers shows “—”, never an invented figure."""
    if policy.training is None or not policy.training.sessions:
        return None
    sessions = policy.training.sessions
    counted = all(s.trainees is not None and s.sessions is not None for s in sessions)
    rows = [
        {"title": s.title, "audience": s.audience or "—", "trainees": s.trainees or "—", "sessions": s.sessions or "—",
         "person_times": s.trainees * s.sessions if s.trainees and s.sessions else "—", "length": duration(s.length),
         "total_length": duration(s.length.times(s.sessions)) if s.length and s.sessions else "—",
         "place": s.place or "—", "certificate": "颁发" if s.certificate else "不颁发", "content": sentences.training_content(s)}
        for s in sessions
    ]
    return {
        "rows": rows,
        "totals": {
            "courses": len(sessions),
            "sessions": training_sessions(policy) if counted else "—",
            "person_times": training_total(policy) if counted else "—",
            "length": sum_durations([s.length.times(s.sessions) for s in sessions if s.length and s.sessions]),
        },
        "note": policy.training.note,
    }


def _term(policy: Policy) -> Duration | None:
    w = policy.warranty
    return w.term if w is not None and isinstance(w.term, Duration) else None


def _count_over_term(interval: Duration, policy: Policy) -> int | None:
    term = _term(policy)
    return visits_in_warranty(interval, term) if term is not None else None


def inspections_part(policy: Policy) -> dict[str, Any] | None:
    ins = policy.inspections
    if ins is None or ins.interval is None:
        return None
    return {
        "sentence": sentences.inspections(policy),
        "interval": duration(ins.interval),
        "count": _count_over_term(ins.interval, policy),
        "term": duration(_term(policy)),
        "content": ins.content,
        "report": ins.report or "",
        "cycles": [{"name": c.name, "interval": duration(c.interval), "count": _count_over_term(c.interval, policy) if c.interval else None,
                    "content": c.content} for c in ins.cycles],
    }


def visits_part(policy: Policy) -> dict[str, Any] | None:
    rv = policy.return_visits
    if rv is None or rv.interval is None:
        return None
    return {
        "sentence": sentences.return_visits(policy),
        "interval": duration(rv.interval),
        "count": _count_over_term(rv.interval, policy),
        "term": duration(_term(policy)),
        "methods": "、".join(rv.methods) or "—",
        "target": str(rv.satisfaction_target) if rv.satisfaction_target is not None else "未承诺",
    }


def complaints_part(policy: Policy) -> dict[str, Any] | None:
    c = policy.complaints
    if c is None:
        return None
    return {
        "sentence": sentences.complaints(policy),
        "channels": "、".join(c.channels) or "—",
        "response": duration(c.response) if c.response is not None else "未承诺",
        "steps": [{"rank": s.rank, "role": s.role, "time_limit": duration(s.time_limit), "action": s.action or ""} for s in sorted(c.steps, key=lambda s: s.rank)],
    }


def kpis_part(policy: Policy) -> dict[str, Any]:
    return {
        "kpis": [{"name": k.name, "target": " ".join(x for x in (k.direction or "", str(k.target) if k.target is not None else "未承诺") if x),
                  "measure": k.measure or ""} for k in policy.kpis],
        "penalties": [{"condition": p.condition, "penalty": p.penalty, "amount": money(p.amount) if p.amount is not None else None} for p in policy.penalties],
    }


def after_warranty_part(policy: Policy) -> dict[str, Any] | None:
    aw = policy.after_warranty
    if aw is None:
        return None
    return {
        "description": aw.description or "",
        "labour": money(aw.labour_rate) if aw.labour_rate is not None else None,
        "rate_unit": aw.rate_unit or "",
        "parts_discount": str(aw.parts_discount) if aw.parts_discount is not None else None,
        "parts_price_policy": policy.spare_parts.price_policy if policy.spare_parts else None,
        "annual_contract": aw.annual_contract,
    }


def emergency_part(policy: Policy) -> list[dict[str, Any]]:
    return [{"name": e.name, "trigger": e.trigger or "", "sentence": sentences.emergency_trigger(e), "measures": e.measures,
             "time_limit": duration(e.time_limit) if e.time_limit else None} for e in policy.emergency]


def attachment_kind(file: str | None) -> str | None:
    """image (shown on the page), pdf (embedded in the PDF) or None (handed in on paper)."""
    if not file:
        return None
    suffix = PurePosixPath(file).suffix.lower()
    return "image" if suffix in IMAGE_SUFFIXES else ("pdf" if suffix == ".pdf" else None)


def attachments_part(company: Company) -> list[dict[str, Any]]:
    return [{"index": i, "title": a.title, "file": a.file, "kind": attachment_kind(a.file), "name": PurePosixPath(a.file).name if a.file else None}
            for i, a in enumerate(company.attachments, start=1)]


def outline(for_bid: bool, only: tuple[str, ...] | None = None, leave_out: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The document's sections in order, as the TOC and the body list them
    (only some of them for the two files of an anonymous bid)."""
    return [{"id": s.id, "title": s.title, "anchor": anchor(s.id), "numbered": s.id not in FORMS}
            for s in sections(for_bid) if (only is None or s.id in only) and s.id not in leave_out]


def anchor(section_id: str) -> str:
    return f"sec-{section_id}"


def common_parts(company: Company, policy: Policy, for_bid: bool, region: str | None, commitments: list[str]) -> dict[str, Any]:
    """What a policy and a bid print alike (the plan's thirteen sections)."""
    return {
        "company": company_part(company),
        "sections": outline(for_bid),
        "overview": overview_part(policy, commitments, company, for_bid),
        "warranty": warranty_part(policy, for_bid),
        "organisation": organisation_part(company),
        "faults": faults_part(policy, region, company, for_bid),
        "parts": parts_part(policy, for_bid),
        "training": training_part(policy),
        "inspections": inspections_part(policy),
        "visits": visits_part(policy),
        "complaints": complaints_part(policy),
        "kpis": kpis_part(policy),
        "after_warranty": after_warranty_part(policy),
        "emergency": emergency_part(policy),
        "attachments": attachments_part(company),
        "absent": absent_sections(policy),
        "not_promised": sentences.not_promised(for_bid),
    }


# -- a published policy ----------------------------------------------------------------


def region_labels(company: Company) -> list[str]:
    """本市（杭州市）, 省内（…）, 省外（…）: what each region means for this company."""
    return [regions.areas(company).label(r) for r in REGIONS]


def policy_context(project: Project, policy_id: str) -> dict[str, Any]:
    """Render context of a public service policy document."""
    policy = project.policies.get(policy_id)
    if policy is None or project.company is None:
        raise UnknownDocument(policy_id)
    company = project.company
    ctx = common_parts(company, policy, False, None, list(policy.commitments))
    ctx.update(
        anonymous=False,
        kind="policy",
        attachments=[],  # bid materials (营业执照, certificates) are not part of a public policy
        region_labels=region_labels(company),
        doc=doc_meta(policy.title, policy.title, f"{company.name}{policy.title}" + (f"（{policy.version}）" if policy.version else ""), company, policy.effective_date),
        cover={
            "title": policy.title,
            "version": policy.version or "",
            "company": company.name,
            "date": format_date(policy.effective_date) if policy.effective_date else "",
            "product_line": policy.product_line or "",
        },
    )
    return ctx


def doc_meta(title: str, header: str, subject: str, company: Company, date: dt.date) -> dict[str, Any]:
    """Document metadata and running header. The PDF's author is the
    company, never a person: two bidders' files naming the same person look
    like collusion (串标)."""
    return {"title": title, "subject": subject, "author": company.name, "date": date, "date_text": format_date(date) if date else "", "lang": "zh-CN",
            "header_left": company.short_name, "header_right": header}


# -- a bid ---------------------------------------------------------------------------------


def bid_context(project: Project, bid_id: str, part: str = "plan", analysis: Analysis | None = None) -> dict[str, Any]:
    """Render context of a bid's 售后服务方案: the plan for what the bid
    actually promises (policy ⊕ overrides) plus the tender's forms.

    For an anonymous bid (暗标) ``part`` chooses one of its two files:
    "plan", the 售后服务方案 in 暗标 form (``ctx["anonymous"]`` is True and
    nothing in the context names the bidder), or "letter", the 商务标 file
    售后服务承诺函 with the signed letter, the outlets with names, addresses
    and phones, the qualifications and the attachments.

    The 偏离表 and 评分索引 rows come from ``analysis`` (the check's
    `CheckedProject.analysis`); without one, from the check in progress or a
    fresh analysis of the project."""
    rb = project.bids.get(bid_id)
    if rb is None or project.company is None:
        raise UnknownDocument(bid_id)
    ctx = _full_bid_context(project, rb, analysis or current(project))
    if not rb.bid.anonymous:
        return ctx
    if part == "letter":
        return commercial_context(ctx, rb, project.company)
    return anonymous_context(ctx, rb, project.company)


def _full_bid_context(project: Project, rb: ResolvedBid, analysis: Analysis) -> dict[str, Any]:
    bid, company, ident = rb.bid, project.company, rb.bid.project
    assert company is not None
    ctx = common_parts(company, rb.policy, True, ident.region, list(rb.policy.commitments) + list(bid.commitments))
    ctx["overview"]["project"] = project_rows(rb)
    ctx.update(
        anonymous=False,
        kind="bid",
        doc=doc_meta(f"{ident.name}{bid.title}", bid.title, f"{ident.name}（项目编号：{ident.number}{('，' + ident.lot) if ident.lot else ''}）{bid.title}", company, bid.bid_date),
        cover={
            "project": ident.name,
            "number": ident.number,
            "lot": ident.lot,
            "title": bid.title,
            "company": company.name,
            "date": format_date(bid.bid_date),
        },
        letter=letter_part(rb, company, ctx),
        deviation=deviation_part(rb, analysis),
        scoring=scoring_part(rb, analysis),
    )
    return ctx


# -- an anonymous bid (暗标) -------------------------------------------------------------------

#: what the anonymous plan calls the bidder where a sentence needs a subject
ANONYMOUS_BIDDER = "我方"
#: the anonymous plan leaves out the signed letter and the attachments (licence,
#: certificates): they go into the 商务标 file 售后服务承诺函
ANONYMOUS_LEAVES_OUT = ("letter", "attachments")
COMMERCIAL_SECTIONS = ("letter", "organisation", "attachments")
COMMERCIAL_TITLE = "售后服务承诺函"
#: the printed faces behind the names a tender uses
FACES = {"宋体": "Tender Serif", "黑体": "Tender Sans"}
GB9704_MARGINS = {"top": 37, "right": 26, "bottom": 35, "left": 28}
PLACES = ("项目所在地", "项目所在省内其他城市", "其他地区")


def anonymous_context(ctx: dict[str, Any], rb: ResolvedBid, company: Company) -> dict[str, Any]:
    """The 暗标 form of a bid's plan: every identity-bearing value removed
    from the context (not merely hidden by the templates), outlets described
    by where they stand relative to the project, the tender's format."""
    bid, ident = rb.bid, rb.bid.project
    places = outlet_places(company, ident.site, ident.region)
    present = tuple(s["id"] for s in outline(True, leave_out=ANONYMOUS_LEAVES_OUT))
    ctx = dict(ctx)
    ctx.update(
        anonymous=True,
        anonymous_format=format_part(bid.anonymous_format),
        company=anonymous_company_part(company),
        sections=outline(True, leave_out=ANONYMOUS_LEAVES_OUT),
        organisation=anonymous_organisation_part(company, places),
        overview={**ctx["overview"], "scope": sentences.service_scope(rb.policy, ANONYMOUS_BIDDER, True)},
        parts={**ctx["parts"], "spares": [{**p, "location": neutral_location(p["location"], company, places)} for p in ctx["parts"]["spares"]]},
        attachments=[],
        doc={"title": bid.title, "subject": "", "author": None, "date": bid.bid_date, "date_text": format_date(bid.bid_date),
             "lang": "zh-CN", "header_left": None, "header_right": None},
        cover={**ctx["cover"], "company": None, "date": None, "text": bid.anonymous_format.cover_text if bid.anonymous_format else None},
        deviation=[{**r, "anchor": r["anchor"] if _section_of(r["anchor"]) in present else None} for r in ctx["deviation"]],
        scoring={**ctx["scoring"], "rows": [_elsewhere(r, present) for r in ctx["scoring"]["rows"]]},
    )
    ctx.pop("letter", None)
    return ctx


def commercial_context(ctx: dict[str, Any], rb: ResolvedBid, company: Company) -> dict[str, Any]:
    """The 商务标 file beside an anonymous plan: the signed 承诺函 and the
    identity-bearing parts the plan leaves out."""
    bid = rb.bid
    ctx = dict(ctx)
    ctx.update(
        sections=outline(True, only=COMMERCIAL_SECTIONS),
        doc={**ctx["doc"], "title": f"{bid.project.name}{COMMERCIAL_TITLE}", "header_right": COMMERCIAL_TITLE},
        cover={**ctx["cover"], "title": COMMERCIAL_TITLE},
    )
    return ctx


def _section_of(anchor_id: str | None) -> str | None:
    return anchor_id[len("sec-"):] if anchor_id else None


def _elsewhere(row: dict[str, Any], present: tuple[str, ...]) -> dict[str, Any]:
    """A scoring row whose evidence is in the 商务标 file points there."""
    if row["anchor"] is None or _section_of(row["anchor"]) in present:
        return row
    return {**row, "anchor": None, "section": f"商务标《{COMMERCIAL_TITLE}》"}


def format_part(fmt: Any) -> dict[str, Any]:
    """The tender's 暗标 format as the stylesheet needs it (pt, mm, faces)."""
    fmt = fmt or AnonymousFormat()
    body = font_size_pt(fmt.body_size)
    margins = fmt.margins.model_dump() if fmt.margins else GB9704_MARGINS
    return {
        "body_face": FACES[fmt.body_font], "heading_face": FACES[fmt.heading_font],
        "body_size": _num(body), "heading_size": _num(font_size_pt(fmt.heading_size) if fmt.heading_size else body),
        "line_spacing": _num(fmt.line_spacing), "page_numbers": fmt.page_numbers,
        "margins": {k: _num(margins[k]) for k in ("top", "right", "bottom", "left")},
    }


def _num(value: float) -> str:
    """12.0 → 12, 10.5 → 10.5: a CSS length as a person writes it."""
    return f"{value:g}"


def anonymous_company_part(company: Company) -> dict[str, Any]:
    """The company part with nothing in it that names the bidder."""
    return {key: None for key in company_part(company)} | {"name": ANONYMOUS_BIDDER, "hotline_hours": f"{company.hotline_hours}小时"}


def outlet_places(company: Company, site: str, region: str) -> dict[str, str]:
    """Where each outlet stands relative to the project (项目所在地, 项目所在省内
    其他城市, 其他地区), from the project's region tier and site text."""
    def stem(name: str) -> str:
        return name[:-1] if name.endswith(("市", "省")) and len(name) > 2 else name

    city = company.city if region == "本市" else next((o.city for o in company.outlets if stem(o.city) in site), None)
    province = company.province if region in ("本市", "省内") else next((o.province for o in company.outlets if o.city == city), None)
    if province is None:
        province = next((o.province for o in company.outlets if stem(o.province) in site), None)
    out = {}
    for o in company.outlets:
        if city and o.city == city:
            out[o.name] = PLACES[0]
        elif province and o.province == province:
            out[o.name] = PLACES[1]
        else:
            out[o.name] = PLACES[2]
    return out


def anonymous_organisation_part(company: Company, places: dict[str, str]) -> dict[str, Any]:
    """Outlets counted by where they stand relative to the project, with no
    name, address or phone ("在项目所在地设有常驻服务网点 1 个，工程师 6 人");
    qualifications without certificate numbers."""
    full = organisation_part(company)
    groups = []
    for place in PLACES:
        members = [o for o in company.outlets if places[o.name] == place]
        if not members:
            continue
        count, staff, engineers = len(members), sum(o.staff for o in members), sum(o.engineers for o in members)
        with_parts = sum(o.spare_parts for o in members)
        groups.append({
            "place": place, "count": count, "staff": staff, "engineers": engineers, "with_parts": with_parts,
            "sentence": sentences.outlet_group(place, count, staff, engineers, with_parts),
        })
    return {**full, "outlets": [], "outlet_groups": groups, "hotline": sentences.anonymous_hotline(company), "sentence": None,
            "qualifications": [{**q, "number": None} for q in full["qualifications"]]}


def neutral_location(text: str, company: Company, places: dict[str, str]) -> str:
    """A spare part's 存放地点 names outlets by design; in a 暗标 each outlet
    name becomes where it stands relative to the project."""
    for o in sorted(company.outlets, key=lambda o: -len(o.name)):
        text = text.replace(o.name, f"{places[o.name]}服务网点")
    return text


def project_rows(rb: ResolvedBid) -> list[tuple[str, str]]:
    ident = rb.bid.project
    rows = [("项目名称", ident.name), ("项目编号", ident.number)]
    if ident.lot:
        rows.append(("包号", ident.lot))
    rows.append(("采购人", ident.buyer.name))
    if ident.agency:
        rows.append(("采购代理机构", ident.agency.name))
    rows += [("项目地点", ident.site), ("服务区域", f"{ident.region}（按{ident.region}时限承诺）")]
    return rows


def letter_part(rb: ResolvedBid, company: Company, plan: dict[str, Any]) -> dict[str, Any]:
    """The 售后服务承诺函: standard promises generated from what the bid
    promises (and the totals the plan already computed), the bid's own
    paragraphs, amounts in 小写 and 大写."""
    bid, ident = rb.bid, rb.bid.project
    lot = f"，{ident.lot}" if ident.lot else ""
    return {
        "addressee": ident.buyer.name,
        "opening": f"我公司参加贵方组织的“{ident.name}”（项目编号：{ident.number}{lot}）投标，现就本项目的售后服务郑重承诺如下：",
        "promises": sentences.letter_promises(rb.policy, company, ident.region),
        "amounts": [{"label": a.label, **money(a.value)} for a in bid.amounts],
        "paragraphs": list(bid.letter.paragraphs),
        "closing": f"以上承诺在投标有效期（{bid.validity}）内有效；中标后，本承诺函及所附售后服务方案作为合同的组成部分，"
                   f"我公司如未履行，愿按合同约定承担违约责任。",
        "company": company.name,
        "date": format_date(bid.bid_date),
    }


def deviation_part(rb: ResolvedBid, analysis: Analysis) -> list[dict[str, Any]]:
    """偏离表 rows. The 偏离 class is derived from the numbers; for a clause
    answered in words it is the bid writer's own (default 无偏离, the
    answer having been written to comply). Checker hints for the writer
    ("请人工复核") never reach the buyer's copy."""
    out = []
    for row in analysis.deviation_rows(rb):
        req = rb.bid.requirements[row.index - 1]
        deviation = row.deviation or req.deviation or ("无偏离" if row.review and not row.problem else "—")
        note = req.note or ("" if row.review else row.note)
        out.append({"index": row.index, "mark": row.mark, "clause": row.clause, "requirement": row.requirement,
                    "response": row.response, "deviation": deviation, "note": note, "anchor": anchor(row.section) if row.section in SECTION_BY_ID else None})
    return out


def scoring_part(rb: ResolvedBid, analysis: Analysis) -> dict[str, Any]:
    """评分索引 rows: tier reached, points, and the anchor of the evidence
    section (the template turns it into the real page number)."""
    rows, reached, full = [], 0.0, 0.0
    for row in analysis.scoring_rows(rb):
        known = row.section in SECTION_BY_ID
        judged = row.promise == "见正文"  # a text item: the evaluators score it
        reached += row.points if row.tier else 0
        full += row.max_points
        rows.append({
            "clause": row.clause, "title": row.title, "promise": row.promise,
            "tier": row.tier or ("由评委评定" if judged else "未达到"),
            "points": points(row.points) if row.tier else "—", "max_points": points(row.max_points),
            "anchor": anchor(row.section) if known else None, "section": SECTION_BY_ID[row.section].title if known else "",
        })
    return {"rows": rows, "total": points(reached), "max_total": points(full)}
