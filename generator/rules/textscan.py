"""Collecting the free text of a data file (every string, with its place)."""

from __future__ import annotations

import re
from typing import Any, Iterator

from ..analysis import memo
from ..loader import LocDict, LocList
from . import TextItem

#: a sentence or clause of free text: what lies between 。；！？ (either width) and line ends
SENTENCE_RE = re.compile(r"[^。；;！!？?\n]+")

#: keys whose values are identifiers or paths, not prose
NON_PROSE_KEYS = frozenset({"rule", "path", "metric", "seal_image", "logo", "file", "evidence", "$schema"})


def iter_texts(raw: Any, path: str = "", key: str = "") -> Iterator[TextItem]:
    """Every string in raw data (keys and values), depth first, in file order."""
    out: list[TextItem] = []
    _collect(raw, path, key, out)
    return iter(out)


def _collect(raw: Any, path: str, key: str, out: list[TextItem]) -> None:
    # hot path of every text rule (500 bids: ~10^5 strings): one pass, no generators
    if isinstance(raw, dict):
        locs = raw.locs if isinstance(raw, LocDict) else {}
        for k, value in raw.items():
            if k in NON_PROSE_KEYS:
                continue
            sub = f"{path}.{k}" if path else str(k)
            if isinstance(value, str):
                out.append(TextItem(value, locs.get(k), sub, str(k)))
            elif isinstance(value, (dict, list)):
                _collect(value, sub, str(k), out)
    elif isinstance(raw, list):
        locs = raw.locs if isinstance(raw, LocList) else []
        n = len(locs)
        for i, value in enumerate(raw):
            if isinstance(value, str):
                out.append(TextItem(value, locs[i] if i < n else None, f"{path}[{i}]", key))
            elif isinstance(value, (dict, list)):
                _collect(value, f"{path}[{i}]", key, out)


def buyer_text(item: TextItem) -> bool:
    """A tender's own wording quoted in a bid (a requirement's text, a scoring
    item): the buyer's words, which the bidder cannot change."""
    return ".scoring[" in item.path or (".requirements[" in item.path and item.key == "text")


def policy_texts(policy: Any) -> list[TextItem]:
    """The free text of a (possibly bid-resolved) policy, read once per check."""
    return memo("policy_texts", policy, lambda: list(iter_texts(policy._raw, policy._path)))


def strings_of(raw: Any, out: list[str] | None = None) -> list[str]:
    """Only the strings of raw data (what iter_texts yields, without places):
    cheap enough to decide whether a rule needs to look item by item."""
    if out is None:
        out = []
    if isinstance(raw, dict):
        for k, value in raw.items():
            if k in NON_PROSE_KEYS:
                continue
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, (dict, list)):
                strings_of(value, out)
    elif isinstance(raw, list):
        for value in raw:
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, (dict, list)):
                strings_of(value, out)
    return out


def doc_text(doc: Any) -> str:
    """All text of a TextDocument in one string, items joined by newlines.

    A text rule first asks its regex whether anything in the whole document
    can match (one C-level scan); only then does it look item by item. The
    patterns are written so that a match inside an item is also a match in
    the joined text (no lookaround that a newline would fail), so this
    pre-test never hides a finding; a match across two items only costs the
    item-by-item pass.
    """
    return memo("doc_text", doc, lambda: "\n".join(item.text for item in doc.items))


def policy_text(policy: Any) -> str:
    """All free text of a (possibly bid-resolved) policy in one string, as
    doc_text does for a file; joined once per check like policy_texts."""
    return memo("policy_text", policy, lambda: "\n".join(strings_of(policy._raw)))
