"""Findings: what a rule says about the data, located at file:line.

A finding is the only thing rules produce. It is printed like a compiler
message (`file:line:col: error[rule] message`) so that editors can jump to it,
and as JSON for tools.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """Where a value stands in a data file (1-based line and column)."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Finding:
    """One problem in the data: rule id, severity, file:line:col, Chinese message."""

    rule: str
    severity: Severity
    file: str
    line: int
    message: str
    col: int = 1
    #: dotted path of the value inside its file, used by waivers (not printed)
    path: str = field(default="", compare=False)

    @classmethod
    def at(cls, rule: str, severity: Severity, loc: Location | None, message: str, path: str = "") -> "Finding":
        loc = loc or Location("<未知>", 1, 1)
        return cls(rule, severity, loc.file, loc.line, message, loc.col, path)

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.col, self.rule, self.message)

    def text(self) -> str:
        # one finding, one line (editors and scripts parse file:line:col): a
        # line break quoted from the data is shown as ↵
        message, file = (t.replace("\r\n", "↵").replace("\n", "↵").replace("\r", "↵") for t in (self.message, self.file))
        return f"{file}:{self.line}:{self.col}: {self.severity.value}[{self.rule}] {message}"

    def as_json(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        del data["path"]
        return data


def to_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def unique_sorted(findings: list[Finding]) -> list[Finding]:
    """Drop repeats (a policy's finding also seen through each bid) and sort."""
    seen = set()
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        key = (f.rule, f.file, f.line, f.col, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
