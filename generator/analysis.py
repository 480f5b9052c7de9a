"""What the analyse stage derives from a resolved project, as one value.

`tender check` loads and resolves a project, then analyses it: the rules
give findings, and `compliance.py` derives each bid's 偏离表 and 评分索引.
Several rules and the renderer need the same derived figures (a policy's
free text, a bid's requirement assessments, an index of every bid's
identity). They are computed once per check and kept here, in an
`Analysis` that lives as long as the check, never on the model objects:
a model object stays the value the loader made, so a second check, a test
or the renderer cannot read a stale figure left behind by an earlier one.

The result of a check is a `CheckedProject` (project, findings, analysis);
the build passes it to the renderers, which read the derived rows from it.

Rules receive the project only (their signature stays `f(target, project)`),
so during a check the active `Analysis` is found through a context variable
that `analysing()` sets for the duration of the check. A rule called outside
a check (a unit test) gets a fresh analysis each time: the same answers,
only not shared.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, TypeVar

from . import compliance
from .findings import Finding, Severity

T = TypeVar("T")


class Analysis:
    """Derived figures of one project, computed on first use and shared."""

    def __init__(self, project: Any) -> None:
        self.project = project
        # (kind, id(obj)) → (obj, value); holding obj keeps its id from being reused
        self._memo: dict[tuple[str, int], tuple[Any, Any]] = {}

    def memo(self, kind: str, obj: Any, compute: Callable[[], T]) -> T:
        """The value `compute()` gives for obj, computed once per analysis."""
        key = (kind, id(obj))
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = (obj, compute())
        return hit[1]

    def requirements(self, rb: Any) -> list[compliance.Assessment]:
        """Each tender requirement of a resolved bid held against its promises."""
        return self.memo("requirements", rb, lambda: compliance.assess_requirements(rb, self.project.company))

    def scoring(self, rb: Any) -> list[compliance.ScoringAssessment]:
        """Each scoring item of a resolved bid with the tier our promise reaches."""
        return self.memo("scoring", rb, lambda: compliance.assess_scoring(rb, self.project.company))

    def deviation_rows(self, rb: Any) -> list[compliance.DeviationRow]:
        """The 偏离表 as the PDF prints it and the CSV lists it."""
        return self.memo("deviation_rows", rb, lambda: compliance.deviation_table(rb, self.requirements(rb)))

    def scoring_rows(self, rb: Any) -> list[compliance.ScoringRow]:
        """The 评分索引 as the PDF prints it and the CSV lists it."""
        return self.memo("scoring_rows", rb, lambda: compliance.scoring_table(rb, self.scoring(rb)))


_ACTIVE: contextvars.ContextVar[Analysis | None] = contextvars.ContextVar("tender_analysis", default=None)


@contextmanager
def analysing(project: Any) -> Iterator[Analysis]:
    """Make a fresh analysis of project the active one while the block runs."""
    analysis = Analysis(project)
    token = _ACTIVE.set(analysis)
    try:
        yield analysis
    finally:
        _ACTIVE.reset(token)


def current(project: Any) -> Analysis:
    """The analysis of the check in progress, or a fresh one for project
    (a rule run outside a check, a renderer given no analysis)."""
    active = _ACTIVE.get()
    if active is not None and active.project is project:
        return active
    return Analysis(project)


def memo(kind: str, obj: Any, compute: Callable[[], T]) -> T:
    """`Analysis.memo` of the check in progress; outside a check, just compute."""
    active = _ACTIVE.get()
    return compute() if active is None else active.memo(kind, obj, compute)


@dataclass
class CheckedProject:
    """The result of `tender check`: what the build renders from."""

    project: Any
    findings: list[Finding] = field(default_factory=list)
    analysis: Analysis | None = None

    def __post_init__(self) -> None:
        if self.analysis is None:
            self.analysis = Analysis(self.project)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]

    def __iter__(self) -> Iterator[Any]:
        """`project, findings = check_project(...)` keeps working for callers
        that need nothing derived (the check returned that pair before)."""
        return iter((self.project, self.findings))

    def __getitem__(self, index: int) -> Any:
        return (self.project, self.findings)[index]
