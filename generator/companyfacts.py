"""The company parts of a plan: name, hotline(s), outlets and staff.

Why: a plan states who serves ("投标人：杭州某科技有限公司", "服务热线：
400-826-3519", a table of service centres with 地址 and 电话 columns, "项目
经理：张伟"), and `tender import` should not make the user type again what the
plan already says. Like the facts reader (generator.facts) this reads only
what the plan states in a shape that leaves no doubt, and stays silent
otherwise:

* the company's name only after a label of our side (投标人：, 供应商：,
  公司名称：… — orgnames.OWN_ROLE_RE), and only when the plan gives one name;
* a phone number only right after a hotline word (writing.HOTLINE_RE:
  服务热线：, 投诉电话 …) in the same clause; the first 热线 is the hotline,
  other labelled numbers are further repair channels; 7×24 beside the
  hotline is its hours;
* outlets only from a table whose header names an 地址 and a 电话 column;
  the city and province only when the table or the address names them
  (checked against geo's table of cities and provinces);
* staff from a table with a 岗位/职务 column, or a role word followed by a
  count ("专职工程师6名") or by a person's name ("项目经理：张伟", a common
  surname first: compare.SURNAMES).

Nothing is derived that the plan does not state (no short name, no 本市/省内
tier unless a column says it): what the company model requires and the plan
does not say is listed for the user, never filled in. Every value keeps the
place it was read (file, line, column) for the draft's source comments.
"""

from __future__ import annotations

import re
from typing import Any

from . import geo
from .compare import _NOT_NAME_END, SURNAMES
from .facts import HOURS_RE, PHONE_RE, _cells, _loc
from .loader import LocDict, LocList
from .model import REGIONS
from .orgnames import OWN_ROLE_RE
from .prose import _int as parse_int
from .rules.writing import HOTLINE_RE

#: a clause ends here (a label and its number stand in one clause; "：" does not end one)
CLAUSE_END_RE = re.compile(r"[。；;，,！!？?\n]")
#: how far before a number its hotline word may stand ("服务热线（7×24小时）：400-…")
LABEL_REACH = 16
#: a number's label: the rules' hotline words, and the complaint line
PHONE_LABEL_RE = re.compile(rf"{HOTLINE_RE.pattern}|(?:投诉|监督)(?:电话|热线)")

#: table header words per outlet column
OUTLET_COLUMNS = (
    ("address", re.compile(r"地址|地点")),
    ("phone", re.compile(r"电话|联系方式|热线")),
    ("engineers", re.compile(r"工程师")),
    ("staff", re.compile(r"人数|人员")),
    ("city", re.compile(r"城市|所在地|地区|区域|省市")),
    ("name", re.compile(r"名称|网点|服务中心|服务站|机构|办事处|分支|分公司")),
)
#: a header or an entry that is a service outlet (not the buyer's or the agency's address table)
OUTLET_WORDS_RE = re.compile(r"网点|服务中心|服务站|维修站|维修点|服务部|维修部|办事处|分支|分公司|售后")
#: table header words per staff column
STAFF_COLUMNS = (
    ("role", re.compile(r"岗位|职务|职位|角色|人员类别|分工")),
    ("person", re.compile(r"姓名")),
    ("count", re.compile(r"人数|数量")),
    ("qualification", re.compile(r"资质|证书|职称")),
    ("duty", re.compile(r"职责|工作内容")),
)
#: the roles of a service team a plan names
ROLE_WORDS = (r"(?:售后服务|售后|技术|项目|服务|客服|区域)?(?:经理|负责人|总监|主管)"
              r"|(?:专职|驻场|售后|服务|维修|技术|现场|系统|软件|硬件)?(?:工程师|技术员|技师)"
              r"|(?:专职|售后|服务|维修|技术|客服|培训)(?:人员|专员)")
ROLE_COUNT_RE = re.compile(rf"(?P<role>{ROLE_WORDS})\s*(?:共有|共计|合计|共|有)?\s*(?P<n>\d{{1,4}}|[一二两三四五六七八九十]{{1,3}})\s*(?:名|人|位)(?P<more>以上|及以上)?")
ROLE_PERSON_RE = re.compile(rf"(?P<role>{ROLE_WORDS})\s*[：:]\s*(?P<person>[\u4e00-\u9fff]{{2,3}})(?=[\s，,。；;（(、）)]|$)")


def read_company(items: list[Any]) -> LocDict:
    """The company parts stated in ``items`` (BlockItem-like: simplified
    ``.text``, ``.loc``, ``loc_at``), as loader data located in the plan."""
    company = LocDict(loc=_loc(items[0], 0) if items else None)
    used: set[int] = set()  # rows of the tables read (not read again as prose)
    outlets = _table_entries(items, OUTLET_COLUMNS, ("address", "phone"), _outlet, used)
    staff = _table_entries(items, STAFF_COLUMNS, ("role",), _staff_row, used)
    free = [(k, it) for k, it in enumerate(items) if k not in used]
    _name(company, free)
    _phones(company, free)
    if outlets:
        _put(company, "outlets", outlets, outlets.loc)
    staff = _staff_prose(free, staff)
    if staff:
        _put(company, "staff", staff, staff.loc)
    return company


def _put(node: LocDict, key: str, value: Any, loc: Any) -> None:
    node[key] = value
    node.locs[key] = loc


# -- name ------------------------------------------------------------------------------------------


def _name(company: LocDict, items: list[tuple[int, Any]]) -> None:
    found: dict[str, Any] = {}
    for _, item in items:
        for m in OWN_ROLE_RE.finditer(item.text):
            found.setdefault(m["name"], _loc(item, m.start("name")))
    if len(found) == 1:  # two names: which one is ours is not sure
        (name, loc), = found.items()
        _put(company, "name", name, loc)


# -- hotline and other numbers ---------------------------------------------------------------------


def _phones(company: LocDict, items: list[tuple[int, Any]]) -> None:
    """The hotline (the first number labelled 热线, else the first labelled
    number), its hours, and the other labelled numbers as repair channels."""
    labelled: list[tuple[str, str, Any, Any, int]] = []  # (label, number, loc, item, offset)
    for _, item in items:
        text = item.text
        for m in PHONE_RE.finditer(text):
            start = max(0, m.start() - LABEL_REACH)
            clause_start = max((e.end() for e in CLAUSE_END_RE.finditer(text, 0, m.start())), default=0)
            before = text[max(start, clause_start):m.start()]
            labels = list(PHONE_LABEL_RE.finditer(before))
            if labels:
                labelled.append((labels[-1].group(0), m.group(0), _loc(item, m.start()), item, m.start()))
    if not labelled:
        return
    main = next((entry for entry in labelled if "热线" in entry[0]), labelled[0])
    _put(company, "hotline", main[1], main[2])
    item, at = main[3], main[4]
    start, sentence = _sentence(item.text, at)
    hours = HOURS_RE.search(sentence)
    if hours:
        _put(company, "hotline_hours", f"{hours['d']}×{hours['h']}", _loc(item, start + hours.start()))
    channels = LocList()
    seen = {main[1]}
    for label, number, loc, _, _ in labelled:
        if number in seen:
            continue
        seen.add(number)
        entry = LocDict(loc=loc)
        _put(entry, "name", label, loc)
        _put(entry, "contact", number, loc)
        channels.append(entry)
        channels.locs.append(loc)
    if channels:
        channels.loc = channels.locs[0]
        repair = LocDict(loc=channels.loc)
        _put(repair, "channels", channels, channels.loc)
        _put(company, "repair", repair, channels.loc)


def _sentence(text: str, pos: int) -> tuple[int, str]:
    """(start, text) of the sentence around ``pos``: the hotline's hours stand in it."""
    start = max((m.end() for m in re.finditer(r"[。；;\n]", text[:pos])), default=0)
    end = next((m.start() for m in re.finditer(r"[。；;\n]", text[pos:])), len(text) - pos) + pos
    return start, text[start:end]


# -- tables ----------------------------------------------------------------------------------------


def _columns(cells: list[tuple[str, int]], words: tuple[tuple[str, re.Pattern[str]], ...]) -> dict[str, int] | None:
    """Column index of each field in a header row (no figures in it), or None."""
    if len(cells) < 2 or any(ch.isdigit() for c, _ in cells for ch in c):
        return None
    columns: dict[str, int] = {}
    for i, (cell, _) in enumerate(cells):
        for key, regex in words:
            if key not in columns and regex.search(cell):
                columns[key] = i
                break
    return columns


def _table_entries(items: list[Any], words, required: tuple[str, ...], make, used: set[int]) -> LocList:
    """The entries of every table whose header names the ``required`` columns
    (``make`` gets each row, its cells, the columns and the header's text)."""
    out = LocList()
    k = 0
    while k < len(items):
        cells = _cells(items[k])
        columns = _columns(cells, words) if cells else None
        if not columns or not all(r in columns for r in required):
            k += 1
            continue
        used.add(k)
        header = items[k].text
        k += 1
        while k < len(items) and len(_cells(items[k])) == len(cells):
            row = _cells(items[k])
            again = _columns(row, words)
            if again and all(r in again for r in required):
                break  # the header of the next table
            entry = make(items[k], row, columns, header)
            used.add(k)
            if entry:
                out.append(entry)
                out.locs.append(entry.loc)
            k += 1
    if out:
        out.loc = out.locs[0]
    return out


def _cell(item: Any, row: list[tuple[str, int]], columns: dict[str, int], key: str) -> tuple[str, Any] | None:
    i = columns.get(key)
    if i is None or not row[i][0]:
        return None
    return row[i][0], _loc(item, row[i][1])


def _outlet(item: Any, row: list[tuple[str, int]], columns: dict[str, int], header: str) -> LocDict | None:
    """One outlet of a table: the header says it lists outlets ("服务网点｜地址｜电话"),
    or the row's name is an outlet's ("宁波服务站"); a table of the buyer's and the
    agency's addresses ("单位名称｜地址｜电话") is not one."""
    name, address = _cell(item, row, columns, "name"), _cell(item, row, columns, "address")
    if name is None and address is None:
        return None
    if not OUTLET_WORDS_RE.search(header) and not (name is not None and OUTLET_WORDS_RE.search(name[0])):
        return None
    entry = LocDict(loc=_loc(item, 0))
    if name is not None:
        _put(entry, "name", *name)
    city_cell = _cell(item, row, columns, "city")
    if city_cell is not None and city_cell[0] in REGIONS:
        _put(entry, "region", *city_cell)
        city_cell = None
    place = _place(city_cell[0] if city_cell else "") or (_place(address[0]) if address else None)
    where = city_cell[1] if city_cell and _place(city_cell[0]) else (address[1] if address else None)
    if place is not None:
        province, city = place
        if province:
            _put(entry, "province", province, where)
        if city:
            _put(entry, "city", city, where)
    if address is not None:
        _put(entry, "address", *address)
    phone = _cell(item, row, columns, "phone")
    if phone is not None:
        m = PHONE_RE.search(phone[0])
        if m:
            _put(entry, "phone", m.group(0), _loc(item, row[columns["phone"]][1] + m.start()))
    for key in ("staff", "engineers"):
        value = _cell(item, row, columns, key)
        n = _count(value[0]) if value else None
        if n is not None:
            _put(entry, key, n, value[1])
    return entry


def _count(text: str) -> int | None:
    m = re.fullmatch(r"\s*(\d{1,5}|[一二两三四五六七八九十百]{1,4})\s*(?:名|人|位)?\s*", text)
    return parse_int(m.group(1)) if m else None


#: a city after a province in an address ("贵州省遵义市…")
_CITY_RE = re.compile(r"[\u4e00-\u9fff]{2,7}?(?:市|自治州|地区|盟)")
_CITY_PROVINCE = {city: province for city, province, _, _ in geo.CITIES}


def _place(text: str) -> tuple[str, str | None] | None:
    """(province, city) an address or a cell states, by geo's tables: a known
    city at the start, after its province or not ("杭州市…", "浙江省杭州市…"
    → 浙江省, 杭州市; a municipality is its own province), else a province
    of the national list and the city written after it ("贵州省遵义市…"), else
    that province alone. None when it names neither: nothing is guessed."""
    text = text.strip()
    for city, province in _CITY_PROVINCE.items():
        if text.startswith(city) or (text.startswith(province) and text[len(province):].lstrip().startswith(city)):
            return province, city
    province = next((p for p in geo.PROVINCES if text.startswith(p)), None)
    if province is None:
        return None
    m = _CITY_RE.match(text[len(province):].lstrip())
    return province, (m.group(0) if m else None)


# -- staff -----------------------------------------------------------------------------------------


def _staff_row(item: Any, row: list[tuple[str, int]], columns: dict[str, int], header: str) -> LocDict | None:
    role = _cell(item, row, columns, "role")
    if role is None:
        return None
    entry = LocDict(loc=role[1])
    _put(entry, "role", *role)
    count = _cell(item, row, columns, "count")
    if count is not None and _count(count[0]) is not None:
        _put(entry, "count", _count(count[0]), count[1])
    person = _cell(item, row, columns, "person")
    if person is not None and _is_person(person[0]):
        _put(entry, "person", *person)
    for key in ("qualification", "duty"):
        value = _cell(item, row, columns, key)
        if value is not None:
            _put(entry, key, *value)
    return entry


def _is_person(text: str) -> bool:
    return 2 <= len(text) <= 3 and text[0] in SURNAMES and text[-1] not in _NOT_NAME_END and all("\u4e00" <= c <= "\u9fff" for c in text)


def _staff_prose(items: list[tuple[int, Any]], staff: LocList) -> LocList:
    """Roles with a count or a named person in running text; a role stated
    twice with different counts keeps no count (which one holds is not sure)."""
    by_role = {entry["role"]: entry for entry in staff}
    conflicting: set[str] = set()
    for _, item in items:
        text = item.text
        for m in ROLE_PERSON_RE.finditer(text):
            if not _is_person(m["person"]):
                continue
            entry = _role_entry(by_role, staff, m["role"], _loc(item, m.start("role")))
            if "person" not in entry:
                _put(entry, "person", m["person"], _loc(item, m.start("person")))
        for m in ROLE_COUNT_RE.finditer(text):
            n = parse_int(m["n"])
            if not n:
                continue
            value: Any = f"{n}名以上" if m["more"] else n
            entry = _role_entry(by_role, staff, m["role"], _loc(item, m.start("role")))
            if "count" in entry and entry["count"] != value:
                conflicting.add(m["role"])
            elif "count" not in entry:
                _put(entry, "count", value, _loc(item, m.start("n")))
    for role in conflicting:
        by_role[role].pop("count", None)
        by_role[role].locs.pop("count", None)
    if staff and staff.loc is None:
        staff.loc = staff.locs[0]
    return staff


def _role_entry(by_role: dict[str, LocDict], staff: LocList, role: str, loc: Any) -> LocDict:
    entry = by_role.get(role)
    if entry is None:
        entry = by_role[role] = LocDict(loc=loc)
        _put(entry, "role", role, loc)
        staff.append(entry)
        staff.locs.append(loc)
    return entry
