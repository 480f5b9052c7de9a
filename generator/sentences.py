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


def warranty_term(policy: Any) -> str:
    w = policy.warranty
    return f"整体质保期{w.term}，自{w.start}之日起计算。"


def sanbao(policy: Any) -> list[tuple[str, str]]:
    """三包 promises as (label, sentence) rows; [] when the policy has none."""
    s = policy.warranty.sanbao
    if s is None:
        return []
    return [
        ("包退", f"自售出之日起{s.return_within}内发生性能故障的，可选择退货"),
        ("包换", f"自售出之日起{s.exchange_within}内发生性能故障的，可选择换货"),
        ("修理时限", f"每次修理自报修之日起不超过{s.repair_within}"),
        ("修理后换货", f"质保期内修理{s.repairs_before_exchange}次仍不能正常使用的，予以换货"),
    ]


def service_scope(policy: Any, company_name: str, for_bid: bool) -> str:
    document = "本方案" if for_bid else "本政策"
    return f"{document}适用于{company_name}提供的以下{policy.product_line}产品，现场服务时间为{policy.service_hours}小时。"


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
    return f"现场服务时间{policy.service_hours}小时。接到报修后，按故障等级和{where}所在区域执行下表时限{backup}。{labels}{ours}"


def remote_support(policy: Any) -> str:
    r = policy.remote_support
    if r is None:
        return ""
    return f"通过{'、'.join(r.channels)}提供远程技术支持，{r.response}内响应；需要到场处理的，按上表时限派工程师到场。"


def parts_supply(policy: Any) -> str:
    return f"产品停产后，继续供应备品备件不少于{policy.spare_parts.supply_years}。"


def training_content(session: Any) -> str:
    return listing(session.content)


def inspections(policy: Any) -> str:
    ins = policy.inspections
    count = visits_in_warranty(ins.interval, policy.warranty.term)
    total = f"，质保期{policy.warranty.term}内共{count}次" if count else ""
    return f"质保期内每{ins.interval}进行一次巡检和预防性维护{total}。"


def return_visits(policy: Any) -> str:
    rv = policy.return_visits
    count = visits_in_warranty(rv.interval, policy.warranty.term)
    total = f"，质保期{policy.warranty.term}内共{count}次" if count else ""
    return f"质保期内每{rv.interval}回访一次{total}；回访方式为{'、'.join(rv.methods)}。客户满意度目标不低于{rv.satisfaction_target}。"


def complaints(policy: Any) -> str:
    c = policy.complaints
    return f"客户可通过{'、'.join(c.channels)}投诉，我公司在{c.response}内受理并答复。"


def emergency_trigger(scenario: Any) -> str:
    """启动条件 of one emergency plan with its time limit: printed after the
    label 启动条件： on every output."""
    limit = f"；预案启动后{scenario.time_limit}内各项措施到位" if scenario.time_limit else ""
    return f"{str(scenario.trigger).rstrip('。；;')}{limit}。"


# -- the 承诺函 ------------------------------------------------------------------------------------


def letter_promises(policy: Any, company: Any, region: str) -> list[str]:
    """One sentence per headline promise of a bid's 承诺函, every figure from the data."""
    w = policy.warranty
    longer = [f"{p.name}{p.term}" for p in w.parts if not p.consumable and _longer(p.term, w.term)]
    out = [f"质保：整体质保期{w.term}，自{w.start}之日起计算" + (f"，其中{'、'.join(longer)}" if longer else "")
           + "；免费范围和除外责任见本方案“质保期与三包”。"]
    first = policy.fault_levels[0]
    times = next((t for t in first.times if t.region == region), None)
    line = f"响应：提供{company.hotline_hours}小时服务热线 {company.hotline}，现场服务时间{policy.service_hours}小时"
    if times is not None:
        line += f"；{first.level}故障（{first.name}）接报后{times.response}内响应、{times.arrival}内到达现场、{times.fix}内修复"
        if times.backup is not None:
            line += f"，未能按时修复的{times.backup}内提供备用设备"
    out.append(line + "。")
    out.append(f"备件：设备停产后继续供应备品备件不少于{policy.spare_parts.supply_years}。")
    courses = len(policy.training.sessions)
    out.append(f"培训：提供培训{courses}门课程，共{training_sessions(policy)}期、{training_total(policy)}人次。")
    ins = policy.inspections
    count = visits_in_warranty(ins.interval, w.term)
    out.append(f"巡检：质保期内每{ins.interval}巡检一次" + (f"，共{count}次" if count else "") + "。")
    return out
