"""Facts read from a plan's prose, held against the consistency rules.

Placeholder until the facts reader lands (issue #11 part 2 / #12): the
document checker already calls ``document_findings`` so that the reader
plugs in without touching the checker.
"""

from __future__ import annotations

from typing import Any

from .findings import Finding


def document_findings(document: Any, context: Any) -> list[Finding]:
    """Findings of the consistency rules on the facts of ``document``
    (``context`` is a plancheck.DocumentContext: file, project, items)."""
    return []
