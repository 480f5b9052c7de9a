"""Collecting the free text of a data file (every string, with its place)."""

from __future__ import annotations

from typing import Any, Iterator

from ..loader import LocDict, LocList
from . import TextItem

#: keys whose values are identifiers or paths, not prose
NON_PROSE_KEYS = frozenset({"rule", "path", "metric", "seal_image", "logo", "file", "evidence", "$schema"})


def iter_texts(raw: Any, path: str = "", key: str = "") -> Iterator[TextItem]:
    """Every string in raw data (keys and values), depth first, in file order."""
    if isinstance(raw, dict):
        locs = raw.locs if isinstance(raw, LocDict) else {}
        for k, value in raw.items():
            sub = f"{path}.{k}" if path else str(k)
            if k in NON_PROSE_KEYS:
                continue
            if isinstance(value, str):
                yield TextItem(value, locs.get(k), sub, str(k))
            else:
                yield from iter_texts(value, sub, str(k))
    elif isinstance(raw, list):
        locs = raw.locs if isinstance(raw, LocList) else []
        for i, value in enumerate(raw):
            sub = f"{path}[{i}]"
            if isinstance(value, str):
                yield TextItem(value, locs[i] if i < len(locs) else None, sub, key)
            else:
                yield from iter_texts(value, sub, key)


def policy_texts(policy: Any) -> list[TextItem]:
    """The free text of a (possibly bid-resolved) policy, cached on the object."""
    cached = getattr(policy, "__dict__", {}).get("_texts_cache")
    if cached is None:
        cached = list(iter_texts(policy._raw, policy._path))
        policy.__dict__["_texts_cache"] = cached  # not a field: model_dump ignores it
    return cached
