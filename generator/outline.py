"""The outline of a 售后服务方案 (one home for its sections), shared by the PDF, the site and
the scoring index: section ids are the anchors evidence points to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    bid_only: bool = False


SECTIONS: tuple[Section, ...] = (
    Section("letter", "售后服务承诺函", bid_only=True),
    Section("deviation", "售后服务偏离表", bid_only=True),
    Section("scoring", "评分索引", bid_only=True),
    Section("overview", "服务承诺总述"),
    Section("warranty", "质保期与三包"),
    Section("organisation", "服务体系与网点"),
    Section("faults", "故障分级与响应时限"),
    Section("parts", "备品备件"),
    Section("training", "培训方案"),
    Section("inspections", "巡检与预防性维护"),
    Section("visits", "回访与满意度"),
    Section("complaints", "投诉处理与升级"),
    Section("kpis", "服务指标与违约责任"),
    Section("after-warranty", "质保期满后服务"),
    Section("emergency", "应急预案"),
    Section("attachments", "附件", bid_only=True),  # 营业执照等随投标文件提交，不进公开政策
)

SECTION_BY_ID = {s.id: s for s in SECTIONS}


def sections(for_bid: bool) -> list[Section]:
    return [s for s in SECTIONS if for_bid or not s.bid_only]
