"""The bidder's identity: every string that would tell an evaluator who wrote
a 暗标 (anonymous technical bid), and how to find it in printed text.

Why a module of its own: the `anonymity` rule (on the anonymous HTML that
`tender check` renders), the build (on the text and metadata of the finished
PDF) and the collusion self-check all need the same list. It depends only on
the model, so rules, render and build may all import it without the render
stage importing the rules.

What counts (issue #15): the company's full and short name and its 字号 (the
distinctive part of the name: 澄衡 in 杭州澄衡智联科技有限公司), every phone
number (hotline, outlets, signatory), addresses (also their street part
"江晖路1888号"), postcode, e-mail and web domains, the credit code,
qualification certificate numbers, the names of the legal representative
and the signatory, outlet names ("杭州服务中心") and an outlet city next to
an outlet word ("宁波服务站", "温州备件库"), and names on the allow-list that
carry the company's own name (a branch office).

The second half finds these in what a 暗标 prints: :func:`leaks` on the
printed text that `tender check` renders (generator/printed.py) and maps
every hit back to the data string that produced it (file:line), or, where
no data string holds it, to the identity item in company.yaml;
:func:`pdf_leaks` on the finished PDF's text and metadata in the build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .findings import Location

#: words that end a company's short name without being part of its 字号
_TRADE_WORDS = ("科技", "技术", "智能", "电子", "信息", "集团", "股份", "实业", "工程", "设备", "机电", "服务",
                "有限公司", "有限责任公司", "股份有限公司", "公司", "有限", "控股", "系统", "网络", "软件", "电气")
_ORG_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司")
#: an outlet name made only of these words names no one (服务中心)
_GENERIC_OUTLET = re.compile(r"(服务|维修|售后|技术|中心|站|点|网点|办事处|分公司|分部|部|总部|备件库|仓库|基地)+")
#: words after a city that make it an outlet of ours ("宁波服务站", "温州备件库")
_OUTLET_WORDS = "服务中心|服务站|服务网点|服务点|网点|办事处|分公司|备件库|备品库|仓库|维修中心|维修站|驻点"
_STREET_RE = re.compile(r"[^省市区县镇乡\s\d]{1,10}?(?:大道|路|街|巷|道)\d+(?:号|弄)")
_DIGITS = re.compile(r"\d")
_SEPARATORS = r"[\s\-－—–‐()（）]*"


@dataclass(frozen=True)
class IdentityItem:
    """One thing that identifies the bidder, where the data writes it, and
    how it is recognised in any text."""

    kind: str  # Chinese label: 公司名称, 服务热线, 网点地址, …
    value: str  # the identifying string as the message shows it
    loc: Location | None
    pattern: re.Pattern

    def describe(self) -> str:
        return f"{self.kind}“{self.value}”"


@dataclass(frozen=True)
class Hit:
    item: IdentityItem
    start: int
    end: int
    text: str  # what the text actually holds there


def _chars_pattern(value: str, flags: int = 0) -> re.Pattern:
    """value, letter by letter, allowing spaces and line breaks in between
    (a PDF's text layer or YAML folding may insert them)."""
    parts = [re.escape(ch) for ch in value if not ch.isspace()]
    return re.compile(r"\s*".join(parts), flags)


def _phone_pattern(digits: str) -> re.Pattern:
    """The digits of a phone number with any separators between them, not
    inside a longer number."""
    return re.compile(r"(?<!\d)" + _SEPARATORS.join(digits) + r"(?!\d)")


def trade_names(name: str, short_name: str, places: Iterable[str]) -> list[str]:
    """The 字号 of a company: its short name without trailing trade words
    (澄衡科技 → 澄衡), and its full name without place, suffix and trade
    words (杭州澄衡智联科技有限公司 → 澄衡智联). Only cores of two or more
    characters, most specific last."""
    cores = []
    for text in (short_name, name):
        core = text.strip()
        for place in places:
            if place and core.startswith(place) and len(core) > len(place) + 1:
                core = core[len(place):]
        changed = True
        while changed:
            changed = False
            for word in _ORG_SUFFIXES + _TRADE_WORDS:
                if core.endswith(word) and len(core) - len(word) >= 2:
                    core = core[: -len(word)]
                    changed = True
        if len(core) >= 2 and core not in cores and core != text.strip():
            cores.append(core)
    return cores


def _place_stems(*names: str | None) -> list[str]:
    out = []
    for n in names:
        if not n:
            continue
        out.append(n)
        for suffix in ("省", "市", "自治区", "特别行政区"):
            if n.endswith(suffix) and len(n) > len(suffix) + 1:
                out.append(n[: -len(suffix)])
    return out


def domain_of(text: str) -> str | None:
    """example.cn from service@example.cn, https://www.example.cn/x or www.example.cn."""
    text = text.strip().lower()
    if "@" in text:
        text = text.split("@", 1)[1]
    text = re.sub(r"^[a-z]+://", "", text).split("/", 1)[0]
    text = text.removeprefix("www.")
    return text if "." in text else None


def identity_items(company: Any) -> list[IdentityItem]:
    """Everything of the company's identity, as IdentityItems (empty for no company)."""
    if company is None:
        return []
    items: list[IdentityItem] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, value: str | None, loc: Location | None, pattern: re.Pattern | None = None) -> None:
        if not value or not str(value).strip():
            return
        value = str(value).strip()
        key = (kind, value)
        if key in seen:
            return
        seen.add(key)
        items.append(IdentityItem(kind, value, loc, pattern or _chars_pattern(value)))

    def phone(kind: str, value: str | None, loc: Location | None) -> None:
        digits = "".join(_DIGITS.findall(value or ""))
        if len(digits) < 7:
            return
        add(kind, value, loc, _phone_pattern(digits))
        # a landline's local number alone (0571-86691520 → 86691520) still names the outlet
        m = re.match(r"^0\d{2,3}[\s\-－—–]*(\d{7,8})$", (value or "").strip())
        if m:
            add(kind, m[1], loc, _phone_pattern(m[1]))

    def address(kind: str, value: str | None, loc: Location | None) -> None:
        add(kind, value, loc)
        for street in _STREET_RE.findall(value or ""):
            add(kind, street, loc)

    c = company
    places = _place_stems(c.province, c.city)
    add("公司全称", c.name, c.loc("name"))
    add("公司简称", c.short_name, c.loc("short_name"))
    for core in trade_names(c.name, c.short_name, places):
        add("公司字号", core, c.loc("short_name"))
    add("统一社会信用代码", c.credit_code, c.loc("credit_code"), _chars_pattern(c.credit_code, re.IGNORECASE))
    add("法定代表人", c.legal_representative, c.loc("legal_representative"))
    address("公司地址", c.address, c.loc("address"))
    if c.postcode:
        add("邮政编码", c.postcode, c.loc("postcode"), _phone_pattern(c.postcode))
    phone("服务热线", c.hotline, c.loc("hotline"))
    if c.email:
        add("服务邮箱", c.email, c.loc("email"), _chars_pattern(c.email, re.IGNORECASE))
    for key in ("email", "website"):
        value = getattr(c, key)
        domain = domain_of(value) if value else None
        if domain:
            add("网站域名" if key == "website" else "邮箱域名", domain, c.loc(key), _chars_pattern(domain, re.IGNORECASE))
            label = domain.rsplit(".", 1)[0].split(".")[-1]
            if len(label) >= 4:
                add("网站域名", label, c.loc(key), re.compile(r"(?<![A-Za-z0-9])" + re.escape(label) + r"(?![A-Za-z0-9])", re.IGNORECASE))
    if c.website:
        add("公司网址", c.website, c.loc("website"), _chars_pattern(c.website, re.IGNORECASE))
    add("签字人", c.signatory.name, c.signatory.loc("name"))
    phone("签字人电话", c.signatory.phone, c.signatory.loc("phone"))
    cities = []
    for o in c.outlets:
        if len(_GENERIC_OUTLET.sub("", o.name)) >= 2:
            add("服务网点", o.name, o.loc("name"))
        address("网点地址", o.address, o.loc("address"))
        phone("网点电话", o.phone, o.loc("phone"))
        stem = _place_stems(o.city)[-1] if o.city else ""
        if len(stem) >= 2 and stem not in cities:
            cities.append(stem)
            add("网点所在城市", stem, o.loc("city"), re.compile(re.escape(stem) + r"市?(?:" + _OUTLET_WORDS + ")"))
    for q in c.qualifications:
        if q.number and len(q.number.strip()) >= 5:
            add("资质证书编号", q.number, q.loc("number"), _chars_pattern(q.number, re.IGNORECASE))
    own = [c.name, c.short_name, *trade_names(c.name, c.short_name, places)]
    for i, name in enumerate(c.allowed_names):
        if any(o and o in name for o in own):
            add("允许名单中的本公司名称", name, _list_loc(c, "allowed_names", i))
    return items


def _list_loc(node: Any, field: str, index: int) -> Location | None:
    raw = node._raw.get(field) if isinstance(node._raw, dict) else None
    locs = getattr(raw, "locs", None)
    if locs and index < len(locs) and locs[index] is not None:
        return locs[index]
    return node.loc(field)


def find_identity(text: str, items: Iterable[IdentityItem]) -> Iterator[Hit]:
    """Every place in text where an identity item stands. Where items
    overlap (公司全称 contains the 字号) only the longest is reported."""
    hits: list[Hit] = []
    for item in items:
        for m in item.pattern.finditer(text):
            if m.end() > m.start():
                hits.append(Hit(item, m.start(), m.end(), m.group()))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    last_end = -1
    for h in hits:
        if h.start >= last_end:
            yield h
            last_end = h.end


def excerpt(text: str, start: int, end: int, width: int = 12) -> str:
    """…context around text[start:end]… on one line."""
    a, b = max(0, start - width), min(len(text), end + width)
    snippet = re.sub(r"\s+", " ", text[a:b]).strip()
    return ("…" if a else "") + snippet + ("…" if b < len(text) else "")


# -- a printed document -----------------------------------------------------------------

_FOLD = re.compile(r"\s+")


@dataclass
class PrintedDocument:
    """The printed text of one anonymous bid, cut into the places a reader
    sees (封面, each section, 元数据), with the data strings behind it."""

    bid_id: str
    file: str  # the bid's data file
    segments: list[tuple[str, str]]  # (where, text)
    images: list[str] = field(default_factory=list)
    #: the data strings the text may come from (anything with .text, .loc,
    #: .path: the checker passes the TextItems of the bid, its policy and the company)
    sources: list[Any] = field(default_factory=list)
    company: Any = None


@dataclass(frozen=True)
class Leak:
    item: IdentityItem
    where: str
    snippet: str
    loc: Location | None
    path: str
    message: str


def leaks(printed: PrintedDocument, items: list[IdentityItem] | None = None) -> list[Leak]:
    """Every identity item the printed document shows, located at the data
    that produced it."""
    items = identity_items(printed.company) if items is None else items
    out: list[Leak] = []
    seen: set[tuple] = set()
    for where, text in printed.segments:
        for hit in find_identity(text, items):
            for loc, path in _origins(hit, text, printed.sources):
                key = (hit.item.kind, hit.item.value, loc, where)
                if key in seen:
                    continue
                seen.add(key)
                out.append(_leak(hit, where, excerpt(text, hit.start, hit.end), loc, path))
    for tag in printed.images:
        src = re.search(r'src="([^"]*)"', tag)
        loc = printed.company.loc("logo") if printed.company is not None else None
        item = IdentityItem("图片", src.group(1) if src else tag, loc, re.compile("$^"))
        out.append(Leak(item, "图片", tag, loc, "company.logo",
                        f"暗标中有图片“{item.value}”：图片（标志、公章、证照）可能识别投标人，暗标中不得出现；请删除或移到商务标"))
    return out


def _origins(hit: Hit, text: str, sources: list[Any]) -> list[tuple[Location | None, str]]:
    """The data strings that printed this hit: those holding the identity
    item whose words around it (the most of them) stand around the hit on
    the page. Where no data string holds it, the identity item itself (then
    the program printed it, not the bid writer's text)."""
    around = _FOLD.sub("", text[max(0, hit.start - 60):hit.end + 60])
    best: list[Any] = []
    best_score = 0
    candidates = []
    for s in sources:
        score = 0
        for m in hit.item.pattern.finditer(s.text):
            for width in (24, 12, 6, 0):
                window = _FOLD.sub("", s.text[max(0, m.start() - width):m.end() + width])
                if window in around:
                    score = max(score, len(window))
                    break
        if score:
            candidates.append(s)
            if score > best_score:
                best, best_score = [s], score
            elif score == best_score:
                best.append(s)
    if best:
        own = [s for s in best if s.loc is None or not s.loc.file.endswith("company.yaml")]
        return [(s.loc, s.path) for s in own or best]
    return [(hit.item.loc, "")]


def _leak(hit: Hit, where: str, snippet: str, loc: Location | None, path: str) -> Leak:
    item = hit.item
    shown = f"{item.kind}“{item.value}”" + (f"（印为“{hit.text}”）" if _FOLD.sub("", hit.text) != _FOLD.sub("", item.value) else "")
    if path:
        advice = "暗标不得出现任何能识别投标人的信息：请在投标文件中改写这段文字（如“在项目所在地设有常驻服务网点”“设有7×24小时服务热线”），或用 overrides 换掉政策中的这段文字"
    else:
        advice = "这不是数据中的文字，而是生成的内容；请把此信息反馈给开发者"
    message = f"暗标泄露投标人身份：{where}印出了{shown}：{snippet}；{advice}"
    return Leak(item, where, snippet, loc, path, message)


def pdf_leaks(data: bytes, company: Any) -> list[str]:
    """Identity items in a finished PDF's text and metadata (the build's last
    look before it writes a 暗标): one Chinese message per item and page."""
    import pypdfium2 as pdfium

    items = identity_items(company)
    out = []
    doc = pdfium.PdfDocument(data)
    try:
        meta = doc.get_metadata_dict(skip_empty=True)
        for key in ("Author", "Creator", "Producer"):
            if meta.get(key):
                out.append(f"文件属性 {key} 为“{meta[key]}”：暗标的文件属性不能写作者和生成软件")
        for hit in find_identity("\n".join(str(v) for v in meta.values()), items):
            out.append(f"文件属性中有{hit.item.describe()}")
        for i in range(len(doc)):
            text = doc[i].get_textpage().get_text_range()
            for hit in find_identity(text, items):
                out.append(f"第 {i + 1} 页有{hit.item.describe()}：{excerpt(text, hit.start, hit.end)}")
            images = [obj for obj in doc[i].get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,))]
            if images:
                out.append(f"第 {i + 1} 页有 {len(images)} 张图片：暗标中不得有标志、公章或证照图片")
    finally:
        doc.close()
    return out
