"""The consistency rules, one small function each (documented by its
docstring: `tender rules` and the site show it).

A rule is registered with its stable id, severity and scope, and yields
`Report(node, field, message)`; the runner turns reports into located
findings, drops waived ones and removes repeats. Scopes:

* ``company`` — f(company, project)
* ``policy``  — f(policy, project): run on every published policy *and* on
  what every bid resolves to, so a bid override cannot break a ladder;
* ``bid``     — f(resolved_bid, project);
* ``text``    — f(document, project): all free text of one data file;
* ``printed`` — f(printed, project): what an anonymous bid prints (its print
  HTML, rendered by the checker: rules never render).

The rule's docstring is its documentation (what, why, example), shown by
`tender rules` and on the site.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from ..findings import Finding, Location, Severity


@dataclass
class Report:
    """What a rule says: about which node (and field), and what."""

    node: Any
    field: str | int | None
    message: str
    severity: Severity | None = None  # overrides the rule's default
    #: offset of the defect in a text item's text: a document block reports
    #: its real line and column (a YAML string keeps the string's place)
    at: int | None = None


@dataclass
class Rule:
    id: str
    severity: Severity
    scope: str
    func: Callable[..., Iterable[Report]]

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.func) or ""


#: every registered rule function; one id may have functions in several scopes
RULES: list[Rule] = []

#: rules checked by the loader and the schema rather than by a function here
BUILTIN_RULES = {
    "yaml-syntax": (Severity.ERROR, "文件能被解析为 YAML；重复的键、制表符缩进、未闭合的引号都是错误。"),
    "yaml-tag": (Severity.ERROR, "数据文件只能含普通值；`!!python/...` 等标签会被拒绝（安全）。"),
    "file-encoding": (Severity.ERROR, "数据文件必须是 UTF-8 编码（GBK、UTF-16 会给出提示）。"),
    "file-missing": (Severity.ERROR, "引用的文件必须存在且可读。"),
    "file-duplicate": (Severity.ERROR, "政策或投标的编号（文件名）唯一：hvac.yaml 和 hvac.yml 不能同时存在。"),
    "file-ignored": (Severity.WARNING, "commitments/ 中看起来是数据、却不会被读取的文件（如 投标.yaml.txt、NEW.YAML、子目录中的文件）。"),
    "file-outside": (Severity.ERROR, "数据文件必须在 commitments/ 之内；指向项目以外的符号链接会被拒绝（安全）。"),
    "schema": (Severity.ERROR, "结构和类型正确；未知的键（如拼错的 respone）是错误，并提示正确写法。"),
    "reference": (Severity.ERROR, "投标引用的基础政策必须存在。"),
    "waiver": (Severity.WARNING, "规则豁免必须指向存在的规则，并写明理由。"),
}


def rule(rule_id: str, severity: Severity, scope: str) -> Callable:
    def register(func: Callable[..., Iterable[Report]]) -> Callable[..., Iterable[Report]]:
        if any(r.id == rule_id and r.severity != severity for r in RULES):
            raise ValueError(f"rule {rule_id} registered with two severities")
        RULES.append(Rule(rule_id, severity, scope, func))
        return func

    return register


@dataclass
class TextItem:
    """One string of free text in a data file."""

    text: str
    loc: Location | None
    path: str
    key: str

    def loc_of(self, field: Any = None) -> Location | None:  # same interface as Node.loc
        return self.loc

    def loc_at(self, offset: int | None) -> Location | None:
        """Where the character at offset stands; a YAML string only knows its start."""
        return self.loc


@dataclass
class TextDocument:
    """All free text of one data file, with what the text rules need to know."""

    file: str
    kind: str  # company | policy | bid
    items: list[TextItem] = field(default_factory=list)
    policy: Any = None  # the (resolved) policy for product words
    bid: Any = None  # the resolved bid, for bids


def locate(report: Report) -> tuple[Location | None, str]:
    node = report.node
    if isinstance(node, TextItem):
        return (node.loc if report.at is None else node.loc_at(report.at)), node.path
    if hasattr(node, "loc") and callable(node.loc):
        path = node.dotted(report.field if isinstance(report.field, str) else None) if hasattr(node, "dotted") else ""
        return node.loc(report.field), path
    return None, ""


def run(rule_obj: Rule, *args: Any) -> Iterator[Finding]:
    for report in rule_obj.func(*args):
        loc, path = locate(report)
        yield Finding.at(rule_obj.id, report.severity or rule_obj.severity, loc, report.message, path)


def all_rule_ids() -> set[str]:
    return {r.id for r in load_all()} | set(BUILTIN_RULES)


def load_all() -> list[Rule]:
    """Import every rule module so that its rules register."""
    from . import anonymity, assets, bidcopy, counts, fonts, missing, org, requirements, text, timing, warranty, writing  # noqa: F401

    return RULES
