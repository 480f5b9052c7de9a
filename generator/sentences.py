"""Every promise sentence a reader sees, built once from the data.

The 承诺函, the plan's section prose (PDF), the policy pages and cards of the
public site, and the Word output all print these strings; templates place
them and never compose a promise of their own. So the site cannot state
another promise than the PDF (it once printed "（4小时内启动）" for an
emergency plan whose PDF said "预案启动后4小时内各项措施到位"), and a value
changed in the data changes every sentence that states it.

Pure functions of the model values (policy, company, region) and the
derived figures of :mod:`generator.metrics`; no templates, no I/O.
"""

from __future__ import annotations

from typing import Any

from .durations import Duration, IncomparableDurations
from .metrics import training_sessions, training_total, visits_in_warranty


def _longer(a: Duration, b: Duration) -> bool:
    """a > b, False where 工作日 meet months (no order without a calendar)."""
    try:
        return a.compare(b) > 0
    except IncomparableDurations:
        return False


def listing(items: list[str]) -> str:
    """Points of a list as one Chinese sentence: 甲；乙；丙。 (never a Python list)."""
    text = "；".join(str(i).strip().rstrip("。；;") for i in items if str(i).strip())
    return f"{text}。" if text else ""


# -- the plan's sections -----------------------------------------------------------------------


def document_word(for_bid: bool) -> str:
    """How the text names itself: a bid's plan is 本方案, a published policy 本政策."""
    return "本方案" if for_bid else "本政策"


def not_promised(for_bid: bool = True) -> str:
    """What an absent or 未承诺 part prints: nothing promised, in words."""
    return f"{document_word(for_bid)}未就此作出承诺。"


def warranty_term(policy: Any, for_bid: bool = True) -> str:
    """The warranty as promised; an absent length or start is said in words
    (nothing promised), never printed as a blank."""
    w = policy.warranty
    if w is None:
        return not_promised(for_bid)
    term = f"整体质保期{w.term}" if w.term is not None else f"{document_word(for_bid)}未写明质保期长度"
    start = f"自{w.start}之日起计算" if w.start else "起算事件未写明"
    return f"{term}，{start}。"


#: what an absent or 未承诺 part of a bid's plan prints (a policy: not_promised(False))
NOT_PROMISED = not_promised(True)


def sanbao(policy: Any) -> list[tuple[str, str]]:
    """三包 promises as (label, sentence) rows, only the terms the plan
    states (partial 三包); [] when the policy has none."""
    s = policy.warranty.sanbao if policy.warranty is not None else None
    if s is None:
        return []
    rows = [
        ("包退", s.return_within, f"自售出之日起{s.return_within}内发生性能故障的，可选择退货"),
        ("包换", s.exchange_within, f"自售出之日起{s.exchange_within}内发生性能故障的，可选择换货"),
        ("修理时限", s.repair_within, f"每次修理自报修之日起不超过{s.repair_within}"),
        ("修理后换货", s.repairs_before_exchange, f"质保期内修理{s.repairs_before_exchange}次仍不能正常使用的，予以换货"),
    ]
    out = [(label, text) for label, value, text in rows if value is not None]
    if s.reference:
        out.append(("三包规定", s.reference))
    return out


def service_scope(policy: Any, company_name: str, for_bid: bool) -> str:
    document = document_word(for_bid)
    line = f"{policy.product_line}" if policy.product_line else ""
    hours = f"，现场服务时间为{policy.service_hours}小时" if policy.service_hours else ""
    return f"{document}适用于{company_name}提供的以下{line}产品{hours}。"


def hotline(company: Any) -> str:
    extra = (f"；服务邮箱 {company.email}" if company.email else "") + (f"；网址 {company.website}" if company.website else "")
    return f"全国统一服务热线 {company.hotline}，服务时间{company.hotline_hours}小时{extra}。"


def anonymous_hotline(company: Any) -> str:
    """The hotline of a 暗标 plan: it exists, its number is in the 商务标."""
    return f"设有全国统一服务热线，服务时间{company.hotline_hours}小时。"


def outlet_group(place: str, count: int, staff: int, engineers: int, with_parts: int) -> str:
    """Outlets of a 暗标 plan, counted by where they stand relative to the project."""
    parts = f"；设有备件库的网点 {with_parts} 个" if with_parts else ""
    return f"在{place}设有常驻服务网点 {count} 个，常驻服务人员 {staff} 人，其中工程师 {engineers} 人{parts}。"


def outlets(totals: dict[str, int]) -> str:
    return (f"我公司共设服务网点{totals['count']}个，常驻服务人员{totals['staff']}人，其中持证工程师{totals['engineers']}人；"
            f"设有备件库的网点{totals['with_parts']}个。")


def fault_times(policy: Any, region: str | None, for_bid: bool, region_labels: list[str] | None = None) -> str:
    """How the time matrix applies; a bid names its project's region, a
    policy says what each region means (本市（杭州市）…)."""
    has_backup = any(t.backup is not None for lv in policy.fault_levels for t in lv.times)
    backup = "；未能在修复时限内修复的，在备用设备时限内提供备用设备或替代方案" if has_backup else ""
    where = "项目" if for_bid else "客户"
    labels = f"区域的含义：{'；'.join(region_labels)}。" if region_labels else ""
    ours = f"本项目属{region}，执行表中灰底行的时限。" if region else ""
    hours = f"现场服务时间{policy.service_hours}小时。" if policy.service_hours else ""
    return f"{hours}接到报修后，按故障等级和{where}所在区域执行下表时限{backup}。{labels}{ours}"


def remote_support(policy: Any) -> str:
    r = policy.remote_support
    if r is None or r.response is None:
        return ""
    return f"通过{'、'.join(r.channels)}提供远程技术支持，{r.response}内响应；需要到场处理的，按上表时限派工程师到场。"


def parts_supply(policy: Any, for_bid: bool = True) -> str:
    supply = policy.spare_parts.supply_years if policy.spare_parts is not None else None
    if supply is None:
        return f"{document_word(for_bid)}未写明产品停产后的备件供应年限。"
    return f"产品停产后，继续供应备品备件不少于{supply}。"


def training_content(session: Any) -> str:
    return listing(session.content)


def inspections(policy: Any) -> str:
    ins = policy.inspections
    if ins is None or ins.interval is None:
        return NOT_PROMISED
    term = _term(policy)
    count = visits_in_warranty(ins.interval, term) if term is not None else None
    total = f"，质保期{term}内共{count}次" if count else ""
    return f"质保期内每{ins.interval}进行一次巡检和预防性维护{total}。"


def _term(policy: Any) -> Duration | None:
    w = policy.warranty
    return w.term if w is not None and isinstance(w.term, Duration) else None


def return_visits(policy: Any) -> str:
    rv = policy.return_visits
    if rv is None or rv.interval is None:
        return NOT_PROMISED
    term = _term(policy)
    count = visits_in_warranty(rv.interval, term) if term is not None else None
    total = f"，质保期{term}内共{count}次" if count else ""
    methods = f"；回访方式为{'、'.join(rv.methods)}" if rv.methods else ""
    target = f"客户满意度目标不低于{rv.satisfaction_target}。" if rv.satisfaction_target is not None else ""
    return f"质保期内每{rv.interval}回访一次{total}{methods}。{target}"


def complaints(policy: Any) -> str:
    c = policy.complaints
    if c is None:
        return NOT_PROMISED
    channels = f"客户可通过{'、'.join(c.channels)}投诉" if c.channels else "客户可以投诉"
    response = f"，我公司在{c.response}内受理并答复" if c.response is not None else ""
    return f"{channels}{response}。"


def emergency_trigger(scenario: Any) -> str:
    """启动条件 of one emergency plan with its time limit: printed after the
    label 启动条件： on every output."""
    limit = f"；预案启动后{scenario.time_limit}内各项措施到位" if scenario.time_limit else ""
    return f"{str(scenario.trigger or '').rstrip('。；;')}{limit}。".lstrip("；")


# -- the 承诺函 ------------------------------------------------------------------------------------


def _rung(value: Any, action: str) -> str | None:
    """2小时内到达现场, 立即响应; None where nothing is promised (absent or 未承诺)."""
    if isinstance(value, Duration):
        return f"{value}内{action}"
    if value is not None and getattr(value, "promised", False):
        return f"{value}{action}"
    return None


def region_times(times: Any) -> str:
    """One level's promise in one region: 接报后15分钟内响应、2小时内到达现场、
    6小时内修复[，未能按时修复的12小时内提供备用设备] (no final 。). Only the
    rungs the data states; the web's region picker and the 承诺函 both print it."""
    fix = "到场后" if times.fix_from == "到场" else ""
    rungs = [r for r in (_rung(times.response, "响应"), _rung(times.arrival, "到达现场"),
                         _rung(times.arrival_fix, "到达现场处理")) if r]
    fixed = _rung(times.fix, "修复")
    if fixed:
        rungs.append(fix + fixed)
    line = ("接报后" + "、".join(rungs)) if rungs else ""
    backup = _rung(times.backup, "提供备用设备")
    if backup:
        line += ("，" if line else "") + f"未能按时修复的{backup}"
    return line


def letter_promises(policy: Any, company: Any, region: str) -> list[str]:
    """One sentence per headline promise of a bid's 承诺函, every figure from the data."""
    w = policy.warranty
    out = []
    term = _term(policy)
    if term is not None and w.start:
        longer = [f"{p.name}{p.term}" for p in w.parts if not p.consumable and isinstance(p.term, Duration) and _longer(p.term, term)]
        out.append(f"质保：整体质保期{term}，自{w.start}之日起计算" + (f"，其中{'、'.join(longer)}" if longer else "")
                   + "；免费范围和除外责任见本方案“质保期与三包”。")
    line = f"响应：提供{company.hotline_hours}小时服务热线 {company.hotline}" + (f"，现场服务时间{policy.service_hours}小时" if policy.service_hours else "")
    first = policy.fault_levels[0] if policy.fault_levels else None
    times = next((t for t in first.times if t.region in (region, None)), None) if first else None
    promise = region_times(times) if times is not None else ""
    if promise:
        line += f"；{first.level}故障" + (f"（{first.name}）" if first.name else "") + promise
    out.append(line + "。")
    if policy.spare_parts is not None and isinstance(policy.spare_parts.supply_years, Duration):
        out.append(f"备件：设备停产后继续供应备品备件不少于{policy.spare_parts.supply_years}。")
    if training_total(policy) is not None:
        courses = len(policy.training.sessions)
        out.append(f"培训：提供培训{courses}门课程，共{training_sessions(policy)}期、{training_total(policy)}人次。")
    ins = policy.inspections
    if ins is not None and ins.interval is not None:
        count = visits_in_warranty(ins.interval, term) if term is not None else None
        out.append(f"巡检：质保期内每{ins.interval}巡检一次" + (f"，共{count}次" if count else "") + "。")
    return out
