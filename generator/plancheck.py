"""Checking a plan document (.docx/.pdf/.txt/.md) with the same rules as YAML.

The document's blocks become the items of a TextDocument, in simplified
characters (a 繁體 plan is checked exactly like a simplified one); every
finding is located in the original file: the block's line (paragraph or row
ordinal for Word, extracted line for PDF, real line for text) and the column
of the defect in the original characters. Then the facts read from the prose
go through the consistency rules (`generator.facts.document_findings`).

Inside a project the company's names, the buyers, agencies and the
allow-list apply; on its own a plan is checked with no data at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .documents import Block, Document, read_document
from .findings import Finding, Location, unique_sorted
from .project import Project
from .analysis import analysing
from .rules import TextDocument, TextItem, load_all, run
from .simplified import Simplified, simplify

#: text rules that need a policy or a bid (they hold text against data; off-topic's
#: product words need one too, but its plan-topic check reads the document), that
#: concern our own PDF output (font-coverage: a plan document is not rendered), or
#: that facts.document_findings runs on the facts read from the document
NOT_ON_DOCUMENTS = frozenset({"warranty-start", "prose-number", "font-coverage"})

KIND_KEY = {"heading": "标题", "paragraph": "正文", "row": "表格"}


@dataclass
class BlockItem(TextItem):
    """One block of a document as a text item: simplified text, original place."""

    block: Block | None = None
    simplified: Simplified | None = None

    def loc_at(self, offset: int | None) -> Location | None:
        if offset is None or self.block is None or self.simplified is None or self.loc is None:
            return self.loc
        line, col = self.block.locate(self.simplified.original_offset(offset))
        return Location(self.loc.file, line, col)


@dataclass
class DocumentContext:
    """What the facts reader gets besides the document: where findings go,
    the project (or None), and the simplified items the text rules saw."""

    file: str
    project: Project | None
    text: TextDocument
    items: list[BlockItem] = field(default_factory=list)

    def location(self, block: Block, offset: int = 0) -> Location:
        """The place of the character at ``offset`` of ``block.text`` (original text)."""
        line, col = block.locate(offset)
        return Location(self.file, line, col)


def text_document(document: Document, file: str) -> TextDocument:
    items = []
    for block in document.blocks:
        simple = simplify(block.text)
        items.append(BlockItem(simple.text, Location(file, block.line, 1), f"L{block.line}", KIND_KEY.get(block.kind, "正文"), block=block, simplified=simple))
    return TextDocument(file=file, kind="document", items=items)


def display_name(path: Path) -> str:
    """The path as the user gave it, relative to the working folder when inside it."""
    try:
        return Path(os.path.relpath(path)).as_posix() if path.is_absolute() and Path(os.path.abspath(path)).is_relative_to(Path.cwd()) else path.as_posix()
    except ValueError:
        return path.as_posix()


def check_document(path: Path, project: Project | None = None, file: str | None = None) -> list[Finding]:
    """All findings for one plan document; raises DocumentError on bad input."""
    document = read_document(Path(path))
    return check_read_document(document, project, file or display_name(Path(path)))


def check_read_document(document: Document, project: Project | None, file: str) -> list[Finding]:
    proj = project if project is not None else Project(root=Path.cwd())
    tdoc = text_document(document, file)
    findings: list[Finding] = []
    with analysing(proj):  # the rules share what they derive from the text
        for r in load_all():
            if r.scope == "text" and r.id not in NOT_ON_DOCUMENTS:
                findings += run(r, tdoc, proj)
    from .facts import document_findings

    context = DocumentContext(file, project, tdoc, [i for i in tdoc.items if isinstance(i, BlockItem)])
    findings += document_findings(document, context)
    return unique_sorted(findings)


def project_or_none(root: Path) -> Any:
    """The project around a document, loaded for its names; None outside one."""
    from .project import load_project

    if not (root / "commitments").is_dir():
        return None
    project, _ = load_project(root)
    return project
