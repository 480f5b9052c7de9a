"""Copying a bid is safe: what a copied bid keeps from its original is found.

A bid writer starts a new bid by copying last month's file and changing the
project. What is left unchanged — the old project number, buyer, agency,
site or contact, or the old buyer's name somewhere in a paragraph — is a
rejected bid at best, and at worst hands one buyer's confidential tender to
another.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from ..analysis import memo
from ..findings import Severity
from . import Report, TextDocument, rule

#: the parts of a bid's identity that two different tenders never share
#: (field path in `project`, Chinese label)
SHARED_FIELDS: tuple[tuple[str, str], ...] = (
    ("number", "项目编号"),
    ("buyer.name", "采购人"),
    ("agency.name", "代理机构"),
    ("site", "项目地点"),
    ("buyer.address", "采购人地址"),
    ("buyer.contact", "采购人联系人"),
    ("buyer.phone", "采购人电话"),
)
#: what a bid's text must not name from another bid (whatever the suffix: 中学, 服务中心, 医院, 局, 会展中心…)
NAMED_FIELDS: tuple[tuple[str, str], ...] = (
    ("buyer.name", "采购人"),
    ("agency.name", "代理机构"),
    ("site", "项目地点"),
    ("buyer.address", "采购人地址"),
)
#: a leading province/city/district, so "澜江会展服务中心" is found as well as "宁波市澜江会展服务中心"
_PLACE_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}(?:省|自治区))?(?:[\u4e00-\u9fff]{2,3}市)?(?:[\u4e00-\u9fff]{1,3}(?:区|县))?")
_MIN_NAME = 4


def _value(ident: Any, path: str) -> tuple[Any, str, str | None]:
    """(node, field, normalised value) for a dotted path under `project`."""
    node = ident
    *parents, field = path.split(".")
    for name in parents:
        node = getattr(node, name, None)
        if node is None:
            return None, field, None
    value = getattr(node, field, None)
    return node, field, _norm(value) if isinstance(value, str) else None


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def _index(project: Any) -> dict[str, Any]:
    """Per project: for each shared field the bids holding each value, and
    one regex of every bid's names (so a text is scanned once, not once per
    other bid: projects hold hundreds of bids)."""
    return memo("bid_copy_index", project, lambda: _build_index(project))


def _build_index(project: Any) -> dict[str, Any]:
    by_field: dict[str, dict[str, list[str]]] = {path: {} for path, _ in SHARED_FIELDS}
    names: dict[str, set[tuple[str, str]]] = {}  # written form → {(bid id, label)}
    for bid_id, rb in sorted(project.bids.items()):
        ident = rb.bid.project
        for path, _label in SHARED_FIELDS:
            _node, _field, value = _value(ident, path)
            if value:
                by_field[path].setdefault(value, []).append(bid_id)
        for path, label in NAMED_FIELDS:
            _node, _field, value = _value(ident, path)
            for form in _forms(value):
                names.setdefault(form, set()).add((bid_id, label))
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return {"fields": by_field, "names": names, "regex": re.compile(alternation) if alternation else None}


def _forms(value: str | None) -> list[str]:
    """The written forms of a name: as is, and without its place prefix."""
    if not value or len(value) < _MIN_NAME:
        return []
    forms = [value]
    short = value[_PLACE_PREFIX.match(value).end():]
    if len(short) >= _MIN_NAME and short != value:
        forms.append(short)
    return forms


def _own_forms(rb: Any) -> set[str]:
    return {form for path, _label in NAMED_FIELDS for form in _forms(_value(rb.bid.project, path)[2])}


def names_another_bid(project: Any, rb: Any, name: str) -> bool:
    """Does `name` (an organisation's name found in this bid's text) hold a
    written form of another bid's buyer, agency or site, as `bid-copy`
    reports it? `foreign-name` leaves such a name alone, so one pasted name
    is one finding (the one that says whose it is). Looks up the substrings
    of the one name in the index: a project holds hundreds of bids, and
    listing every other bid's names for every bid was quadratic."""
    names = _index(project)["names"]
    own = None
    for i in range(len(name)):
        for j in range(i + _MIN_NAME, len(name) + 1):
            owners = names.get(name[i:j])
            if not owners or not any(b != rb.id for b, _label in owners):
                continue
            own = _own_forms(rb) if own is None else own
            form = name[i:j]
            if form not in own and not any(form in o for o in own):
                return True
    return False


@rule("bid-copy", Severity.ERROR, "bid")
def bid_copy_identity(rb: Any, project: Any) -> Iterator[Report]:
    """Two bids never share a project number, buyer, agency, site, buyer
    address, contact or phone; and no bid's text names another bid's buyer,
    agency, site or buyer address (whatever the name ends with: 中学,
    服务中心, 医院, 局, 会展中心…).

    Why: a new bid is made by copying an old one. A project number, buyer
    or address left from the old tender gets the bid rejected, and the old
    buyer's name in the new buyer's bid shows both that the file was
    copied and what another tender contained (bids are confidential).

    Bad:  a copy of `lj-expo-led.yaml` whose `project.number` is still
    NBLJ-2026-1107, or whose letter says "为宁波市澜江会展服务中心提供…".
    Good: every field of `project` rewritten for the new tender; the text
    names the buyer through the data (the generator prints `project.buyer`).
    Two tenders of one agency are real: silence that one place with a waiver
    (`waivers: [{rule: bid-copy, path: bid.project.agency, reason: …}]`).
    """
    index = _index(project)
    ident = rb.bid.project
    for path, label in SHARED_FIELDS:
        node, field, value = _value(ident, path)
        others = [b for b in index["fields"][path].get(value, []) if b != rb.id] if value else []
        if others:
            listed = _some(others, unit="份")
            gap = "" if listed.endswith("份") else " "  # a space after a Latin id, none after 份
            yield Report(node, field, f"{label}“{getattr(node, field)}”与投标 {listed}{gap}相同：两份投标不会是同一个招标的{label}，"
                                      f"疑似复制旧投标后没有改；请改为本次招标文件上的{label}")


@rule("bid-copy", Severity.ERROR, "text")
def bid_copy_names(doc: TextDocument, project: Any) -> Iterator[Report]:
    """(text part of bid-copy: another bid's names in this bid's text)"""
    if doc.bid is None:
        return
    index = _index(project)
    regex = index["regex"]
    if regex is None:
        return
    own = _own_forms(doc.bid)
    for item in doc.items:
        if item.path.startswith("bid.project"):
            continue
        text = _norm(item.text) if (" " in item.text or "\u3000" in item.text) else item.text
        seen = set()
        for m in regex.finditer(text):
            form = m.group(0)
            if form in own or form in seen or any(form in o for o in own):
                continue
            owners = sorted((b, label) for b, label in index["names"][form] if b != doc.bid.id)
            if not owners:
                continue
            seen.add(form)
            where = _some([f"投标 {b} 的{label}" for b, label in owners], unit="处")
            yield Report(item, None, f"文字中的“{form}”是{where}，疑似复制旧投标的残留；{_ours(doc.bid, owners[0][1])}，请改写这段文字")


#: how many other bids a message names before it says how many more there are
LISTED = 5


def _some(items: list[str], unit: str) -> str:
    """The first few of a list for a message (a project of hundreds of copied
    bids would otherwise print a line of hundreds of ids)."""
    if len(items) <= LISTED:
        return "、".join(items)
    return "、".join(items[:LISTED]) + f" 等 {len(items)} {unit}"


def _ours(rb: Any, label: str) -> str:
    """What this bid has in the place of the pasted name: 本投标的代理机构是“…”
    for another bid's agency (its buyer when this bid names no such party)."""
    path = next(p for p, lb in NAMED_FIELDS if lb == label)
    node, field, _value_norm = _value(rb.bid.project, path)
    value = getattr(node, field, None) if node is not None else None
    if not value:
        label, value = "采购人", rb.bid.project.buyer.name
    return f"本投标的{label}是“{value}”"
