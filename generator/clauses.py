"""What a tender clause's own words say: its figure and its warranty start.

The 偏离表 quotes the buyer's clause ("2小时内到场") beside a verdict
computed from the `threshold`. When the two disagree the table contradicts
itself, so the clause text is read too — with the prose reader the
`prose-number` rule uses (`prose.find_figures`), not a second parser.

The start-event vocabulary ("自验收合格之日起") lives here as well: the
warranty-start rule reads our own prose with it, the compliance analysis
reads the buyer's clause with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .durations import Duration, DurationError
from .prose import DURATION_RE, PERCENT_RE, SKIP_BEFORE, Vocab, _before, find_figures

#: how each start event is written in prose ("自验收合格之日起"); the one home
#: of these words: the warranty-start rule reads our own prose with them, the
#: compliance analysis reads the buyer's clause with them
START_WORDS = {
    "验收合格": ("验收合格", "验收通过", "验收之日", "竣工验收", "验收完毕", "调试验收", "验收证书"),
    "安装调试完成": ("安装调试完成", "安装调试完毕", "调试完成", "安装完成", "调试合格", "安装调试合格", "竣工", "完工"),
    "到货签收": ("到货签收", "到货之日", "货到", "交货之日", "签收之日", "到货", "收货"),
    "合同签订": ("合同签订", "签订合同", "合同生效", "签约之日", "合同签署"),
    "清点验收": ("清点验收", "开箱验收", "到货验收", "清点无误"),
    "初验合格": ("初验合格", "初验通过", "初步验收", "初验"),
    "终验合格": ("终验合格", "终验通过", "最终验收", "终验"),
    "验收合格投入运行": ("投入运行", "投入使用", "正式运行", "试运行结束"),
    "交付使用": ("交付使用", "交付之日", "移交使用", "交付"),
}
#: events that name the same moment at different detail: a plan that declares
#: 验收合格 and writes 终验合格 in its text does not contradict itself
SAME_START = {frozenset(("验收合格", "终验合格")), frozenset(("验收合格", "验收合格投入运行")), frozenset(("终验合格", "验收合格投入运行"))}
#: when each event happens, earliest first: a warranty from an earlier event
#: ends earlier. Events of the same moment (SAME_START) share a rank; 交付使用
#: follows acceptance in the standard contracts (移交 after 验收)
EVENT_ORDER = {"合同签订": 0, "到货签收": 1, "清点验收": 2, "安装调试完成": 3, "初验合格": 4, "验收合格": 5, "终验合格": 5, "验收合格投入运行": 5, "交付使用": 6}
_START_ALTS = "|".join(sorted((w for ws in START_WORDS.values() for w in ws), key=len, reverse=True))
#: "自验收合格之日起", "从合同签订之日开始", "经采购人验收合格起算", and seed 000's
#: "质保期为中标合同签订的日期为准": a start word between an opener and a closer
#: also "竣工验收合格之日起一年" (no opener): the event right before 之日起
START_CONTEXT = re.compile(r"(?:(?:自|从|以|于|经|为)[^。；;，,]{0,12}?(?P<event>" + _START_ALTS + r")[^。；;，,]{0,14}?(?:起|开始|算起|计算|为准)"
                           r"|(?P<event2>" + _START_ALTS + r")[^。；;，,]{0,4}?之日起)")
#: any start word (the facts reader looks for one inside "质保期为…起2年")
START_WORD_RE = re.compile(_START_ALTS)


def same_start(a: str, b: str) -> bool:
    """Whether two start events name the same moment (验收合格 and 终验合格)."""
    return a == b or frozenset((a, b)) in SAME_START


def event_of(word: str | re.Match[str]) -> str:
    """The start event (a WarrantyStart value) a written start word (or a
    START_CONTEXT match) names."""
    if isinstance(word, re.Match):
        word = word["event"] or word["event2"]
    return next(event for event, words in START_WORDS.items() if word in words)


def start_event(text: str) -> tuple[str, str] | None:
    """(event, the words as written) of the first warranty start in text."""
    m = START_CONTEXT.search(text)
    return (event_of(m), m.group(0)) if m else None


@dataclass(frozen=True)
class ClauseFigure:
    written: str  # as in the clause: 2小时, 两年
    value: Any  # Duration or Fraction (percent)
    start: int
    end: int


def clause_figures(text: str, metric_id: str, kind: str, vocab: Vocab = Vocab()) -> list[ClauseFigure]:
    """The figures of a clause that state its metric's threshold.

    First the figures the prose reader ties to this metric ("4小时内到达现场"
    for arrival, "质保不少于2年" for warranty_term). A clause often states
    only the figure ("不少于2年" under metric warranty_term): then its one
    duration (or percentage) that the reader ties to no other metric counts.
    Anything more ambiguous is left alone."""
    figures = find_figures(text, vocab)
    own = [ClauseFigure(f.written, f.value, f.start, f.end) for f in figures if f.metric == metric_id]
    if own or kind not in ("duration", "percent"):
        return own
    taken = [(f.start, f.end) for f in figures]
    regex = DURATION_RE if kind == "duration" else PERCENT_RE
    loose = [m for m in regex.finditer(text) if not any(s <= m.start() < e for s, e in taken) and _before(text, m.start()) not in SKIP_BEFORE]
    if len(loose) != 1:
        return []
    m = loose[0]
    if kind == "percent":
        from fractions import Fraction

        return [ClauseFigure(m.group(0), Fraction(m["num"]), m.start(), m.end())]
    try:
        value = Duration.parse(m.group(0)) if not m["half"] else None
    except DurationError:
        return []
    return [ClauseFigure(m.group(0), value, m.start(), m.end())] if value is not None else []
