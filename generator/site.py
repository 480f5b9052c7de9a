"""The public website's pages, rendered from the checked project.

Pure: takes a :class:`~generator.project.Project` (already checked, without
errors) and returns Markdown text per page, which the mkdocs plugin hands to
mkdocs as in-memory files. Bids are never read here: the site is public.

Escaping: templates under ``templates/web/pages/`` run with HTML autoescape
and put every value from the data inside raw HTML elements, never into
Markdown syntax, so text such as ``<script>`` or ``[x](javascript:…)`` from
the YAML shows literally. Headings written in Markdown (``## …``) carry only
fixed titles from :mod:`generator.outline`. Page titles (shown by the theme
unescaped in the nav and ``<title>``) go through :func:`safe_title`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from . import document, geo, regions, sentences
from .model import REGIONS, Company
from .project import Project
from .values import format_date

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_SITE_DIRS = (PACKAGE_DIR / "_project" / "templates" / "web", PACKAGE_DIR.parent / "templates" / "web")

_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
#: YAML folds long Chinese text with line breaks: a space between two Chinese
#: characters is an artefact, not an intended gap (the PDF drops it as well)
_FOLDED_SPACE_RE = re.compile(f"(?<=[{_CJK}])[ \t\r\n]+(?=[{_CJK}])")
_TITLE_MAP = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "`": "｀", "[": "［", "]": "］", "*": "＊", "_": "＿", "\n": " ", "\r": " "})


@dataclass(frozen=True)
class PdfInfo:
    """A policy PDF published on the site."""

    url: str  # relative to the site root, e.g. downloads/led.pdf
    size: int  # bytes
    docx_url: str | None = None  # the same policy as a Word file, e.g. downloads/led.docx
    docx_size: int = 0


def site_template_dir(root: Path) -> Path:
    """The project's own site templates if it has them, else the shipped ones."""
    for candidate in (Path(root) / "templates" / "web", *DEFAULT_SITE_DIRS):
        if (candidate / "pages" / "policy.md").is_file():
            return candidate
    raise FileNotFoundError("找不到网站模板 templates/web/pages/policy.md；请用 tender new 重新生成项目或恢复 templates/ 目录")


def tidy(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return _FOLDED_SPACE_RE.sub("", value.strip())
    return value


#: phone numbers as Chinese data writes them: 400/800 numbers, area code +
#: number, mobile numbers (not inside longer digit runs such as a credit code)
_PHONE_RE = re.compile(r"(?<![\d-])(?:[48]00-?\d{3}-?\d{4}|0\d{2,3}-\d{7,8}|1[3-9]\d{9})(?![\d-])")


def tel_href(number: str) -> str:
    """tel: URL of a phone number as written (spaces and dashes dropped)."""
    return "tel:" + re.sub(r"[^\d+]", "", number)


_EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9][\w.+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_CONTACT_RE = re.compile(f"(?P<email>{_EMAIL_RE.pattern})|(?P<tel>{_PHONE_RE.pattern})")


def _link_phones(escaped: str) -> str:
    """Phone numbers as tel: links and e-mail addresses as mailto: links, in
    one pass (a number inside an address is not linked twice)."""
    def link(m: re.Match) -> str:
        if m["email"]:
            return f'<a href="mailto:{m["email"]}">{m["email"]}</a>'
        return f'<a class="tender-tel" href="{tel_href(m["tel"])}">{m["tel"]}</a>'

    return _CONTACT_RE.sub(link, escaped)


def text_filter(value: Any) -> markupsafe.Markup:
    """Escaped text with its line breaks kept (as <br>), safe inside an HTML block:
    a blank line in the data must not end Markdown's raw-HTML block. Phone
    numbers in it become tel: links (a customer on a phone taps to call)."""
    if value is None:
        return markupsafe.Markup("")
    if isinstance(value, (list, tuple)):  # points of one item (培训内容): one line, not a Python list
        value = "；".join(str(tidy(v)) for v in value)
    escaped = markupsafe.escape(tidy(str(value)))
    lines = [line.strip() for line in str(escaped).splitlines()]
    return markupsafe.Markup(_link_phones("<br>".join(line for line in lines if line)))


def tel_filter(value: Any) -> markupsafe.Markup:
    """One phone number as a tel: link that never breaks across lines."""
    number = tidy(str(value))
    return markupsafe.Markup('<a class="tender-tel" href="{}">{}</a>').format(tel_href(number), number)


def safe_title(value: str) -> str:
    """A page title for the nav and <title>: mkdocs' theme prints titles
    without escaping, so markup characters become their full-width forms
    (the page body shows the exact text, escaped)."""
    return tidy(value).translate(_TITLE_MAP)


def kb(size: int) -> str:
    """A file size for a reader: "248 KB", with a no-break space so that a
    phone never puts the unit on a line of its own."""
    return f"{max(1, round(size / 1024))}\u00a0KB"


@functools.lru_cache(maxsize=8)
def _environment(directory: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory / "pages"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=tidy,
        keep_trailing_newline=True,
    )
    env.filters["text"] = text_filter
    env.filters["kb"] = kb
    env.filters["tel"] = tel_filter
    env.filters["json_script"] = json_script
    return env


def json_script(value: Any) -> markupsafe.Markup:
    """Data for the page's script, safe inside <script type="application/json">:
    < > & are JSON escapes (\\u003c …), so no "</script>" or "<!--" from the
    data can end the element or start markup, and U+2028/2029 are escaped
    too (line breaks to older JavaScript parsers). JSON.parse gives back the
    text unchanged."""
    import json

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch in "<>&\u2028\u2029":
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return markupsafe.Markup(text)


def policy_page_uri(policy_id: str) -> str:
    return f"policies/{policy_id}.md"


def pdf_uri(policy_id: str) -> str:
    return f"downloads/{policy_id}.pdf"


def docx_uri(policy_id: str) -> str:
    return f"downloads/{policy_id}.docx"


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL (relative to the site root) mkdocs gives the file `src_uri`."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5] if use_directory_urls else stem + ".html"
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def relative_link(from_uri: str, to_uri: str, use_directory_urls: bool = True) -> str:
    """A link from the page `from_uri` to the file `to_uri` (both source paths),
    as it must stand in the HTML (raw HTML is not rewritten by mkdocs)."""
    import posixpath

    here = page_url(from_uri, use_directory_urls)
    here_dir = here if here.endswith("/") or here == "" else posixpath.dirname(here) + "/"
    if here_dir == "/":
        here_dir = ""
    target = page_url(to_uri, use_directory_urls)
    rel = posixpath.relpath(target or ".", here_dir.rstrip("/") or ".")
    if target.endswith("/") or target == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


def _front_matter(title: str, one_page: bool = False) -> str:
    """A page's title (JSON is YAML: quoted whatever characters it holds);
    a page that is a whole tab of its own hides the left sidebar on a
    desktop, where it listed only that page (the phone's menu keeps it)."""
    import json

    hide = "hide:\n  - navigation\n" if one_page else ""
    return f"---\ntitle: {json.dumps(safe_title(title), ensure_ascii=False)}\n{hide}---\n\n"


def _policy_summary(project: Project, policy_id: str, pdfs: dict[str, PdfInfo] | None) -> dict[str, Any]:
    policy = project.policies[policy_id]
    top = policy.fault_levels[0] if policy.fault_levels else None
    times = sorted(top.times, key=lambda t: REGIONS.index(t.region) if t.region else -1) if top else []
    local = times[0] if times else None
    return {
        "id": policy_id,
        "title": policy.title,
        "nav_title": safe_title(policy.title),
        "version": policy.version or "",
        "date": format_date(policy.effective_date) if policy.effective_date else "",
        "product_line": policy.product_line or "",
        "summary": policy.summary or "",
        "warranty": document.duration(policy.warranty.term) if policy.warranty and policy.warranty.term else "未承诺",
        "service_hours": f"{policy.service_hours}小时" if policy.service_hours else "未承诺",
        "top_level": (f"{top.level}（{top.name}）" if top.name else top.level) if top else "",
        "local": {"region": local.region or "各区域", "label": regions.areas(project.company).label(local.region) if local.region else "各区域", "response": document.duration(local.response), "arrival": document.duration(local.arrival),
                  "fix": document.duration(local.fix)} if local else None,
        "commitments": list(policy.commitments)[:4],
        "page": policy_page_uri(policy_id),
        "pdf_uri": pdf_uri(policy_id),
        "pdf": pdfs.get(policy_id) if pdfs else None,
        "file": project.policy_files.get(policy_id, ""),
    }


def _times(policy: Any) -> list[dict[str, Any]]:
    """Each fault level's times per tier, for the region picker and 如何报修."""
    return [{"level": lv.level, "name": lv.name,
             "times": {t.region or "各区域": {"response": document.duration(t.response), "arrival": document.duration(t.arrival or t.arrival_fix),
                                  "fix": document.duration(t.fix), "backup": document.duration(t.backup) if t.backup else None,
                                  "sentence": _sentence(sentences.region_times(t))}
                       for t in sorted(lv.times, key=lambda t: REGIONS.index(t.region) if t.region else -1)}}
            for lv in policy.fault_levels]


def _sentence(text: str) -> str | None:
    """A builder clause as a sentence; None (the page says no time is promised) when empty."""
    return text + "。" if text else None


def outlet_groups(company: Company, areas: regions.Areas) -> list[dict[str, Any]]:
    """Outlets by province, then city (the home province first), each with
    its tier explained and the product lines it serves."""
    lines_all = "全部产品线"
    provinces: dict[str, dict[str, list[dict[str, Any]]]] = {}
    order = [company.province] + [p for p in geo.PROVINCES if p != company.province]
    for o in sorted(company.outlets, key=lambda o: (order.index(o.province) if o.province in order else len(order), REGIONS.index(o.region))):
        provinces.setdefault(o.province, {}).setdefault(o.city, []).append({
            "name": o.name, "city": o.city, "address": o.address, "phone": o.phone, "hours": o.hours or "以热线安排为准",
            "lines": "、".join(o.product_lines) if o.product_lines else lines_all, "spare_parts": o.spare_parts,
            "staff": o.staff, "engineers": o.engineers, "region": o.region, "region_label": areas.label(o.region),
        })
    return [{"province": prov, "cities": [{"city": city, "outlets": outs} for city, outs in cities.items()]} for prov, cities in provinces.items()]


#: the map's size in SVG units; the outlets' extent is fitted into it
MAP_WIDTH, MAP_HEIGHT, MAP_PAD = 640.0, 420.0, 60.0


def outlet_map(company: Company) -> dict[str, Any]:
    """An SVG map of the outlets' cities (no tiles from the network):
    equirectangular, scaled to the outlets' extent, with the other known
    cities inside it as faint context dots. Outlets the package's city table
    does not know and that give no lon/lat are listed as not shown."""
    import math

    points, missing = {}, []
    for o in company.outlets:
        pos = (o.lon, o.lat) if o.lon is not None and o.lat is not None else geo.position(o.city)
        if pos is None:
            missing.append(o.name)
            continue
        entry = points.setdefault(o.city, {"city": o.city, "lon": pos[0], "lat": pos[1], "names": [], "region": o.region, "parts": False})
        entry["names"].append(o.name)
        entry["parts"] = entry["parts"] or o.spare_parts
    if not points:
        return {"points": [], "context": [], "missing": missing, "width": MAP_WIDTH, "height": MAP_HEIGHT}
    lons = [p["lon"] for p in points.values()]
    lats = [p["lat"] for p in points.values()]
    span_lon, span_lat = max(max(lons) - min(lons), 1.0), max(max(lats) - min(lats), 1.0)
    squash = math.cos(math.radians(sum(lats) / len(lats)))  # a degree of longitude is shorter than one of latitude
    scale = min((MAP_WIDTH - 2 * MAP_PAD) / (span_lon * squash), (MAP_HEIGHT - 2 * MAP_PAD) / span_lat)
    mid_lon, mid_lat = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return round(MAP_WIDTH / 2 + (lon - mid_lon) * squash * scale, 1), round(MAP_HEIGHT / 2 - (lat - mid_lat) * scale, 1)

    out = []
    for p in points.values():
        x, y = xy(p["lon"], p["lat"])
        out.append({**p, "x": x, "y": y, "anchor": "end" if x > MAP_WIDTH * 0.7 else "start"})
    # other known cities as faint named dots, only where the name overlaps no
    # other name (an unnamed grey dot told a reader nothing)
    taken = [(p["x"] - 60 if p["anchor"] == "end" else p["x"] - 10, p["y"] - 12, 72, 24) for p in out]
    context = []
    for city, _, lon, lat in geo.CITIES:
        if city in points:
            continue
        x, y = xy(lon, lat)
        if 8 <= x <= MAP_WIDTH - 8 and 8 <= y <= MAP_HEIGHT - 8:
            box = (x - 4, y - 10, 12 * len(city) + 10, 18)
            if not any(_overlap(box, other) for other in taken):
                taken.append(box)
                context.append({"city": city, "x": x, "y": y, "named": True})
    return {"points": out, "context": context, "missing": missing, "width": MAP_WIDTH, "height": MAP_HEIGHT}


def tier_markup(areas: regions.Areas, region: str) -> markupsafe.Markup:
    """本市（杭州市） for a table cell: the place in a span of its own, so a
    narrow column puts it under the tier instead of breaking it mid-word."""
    where = areas.describe(region)
    if not where:
        return markupsafe.Markup.escape(region)
    return markupsafe.Markup('{}<span class="tender-where">（{}）</span>').format(region, where)


def repair_context(project: Project, company: Company, summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """如何报修: channels and checklist from the company, each policy's
    promise per fault level and region (the builder's sentence: 接报后…内响应、
    …内到达现场、…内修复), and the complaint ladders (one per distinct ladder:
    the policies usually share theirs)."""
    areas = regions.areas(company)
    policies, ladders = [], []
    for summary in summaries:
        policy = project.policies[summary["id"]]
        faults = document.faults_part(policy, None, company, False)
        levels = [{"level": lv["level"], "name": lv["name"],
                   "rows": [{"region": areas.label(r) if r in REGIONS else r, "sentence": t["sentence"] or "本政策未对该区域承诺时限，请致电服务热线。"}
                            for r, t in lv["times"].items()]}
                  for lv in _times(policy)]
        policies.append({**summary, "levels": levels, "remote": faults["remote"]})
        ladder = document.complaints_part(policy)
        if ladder is None:
            continue  # no complaint procedure promised: no ladder to show
        same = next((entry for entry in ladders if entry["ladder"] == ladder), None)
        if same:
            same["titles"].append(summary["title"])
        else:
            ladders.append({"ladder": ladder, "titles": [summary["title"]]})
    return {"channels": [{"name": c.name, "contact": c.contact, "note": c.note} for c in company.repair.channels],
            "checklist": list(company.repair.checklist), "note": company.repair.note, "policies": policies,
            "ladders": [{**entry["ladder"], "titles": "、".join(entry["titles"]), "all": len(entry["titles"]) == len(summaries)} for entry in ladders]}


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def render_pages(project: Project, pdfs: dict[str, PdfInfo] | None = None, use_directory_urls: bool = True) -> dict[str, str]:
    """{src_uri: Markdown} for every page of the site. `pdfs` lists the policy
    PDFs that are published with the site (None: a build without PDFs)."""
    env = _environment(site_template_dir(project.root))
    company = project.company
    assert company is not None, "render_pages needs a project without errors"
    ids = sorted(project.policies)
    summaries = [_policy_summary(project, pid, pdfs) for pid in ids]
    org = document.organisation_part(company)
    areas = regions.areas(company)
    picker = {**regions.picker_data(company),
              "policies": [{"title": project.policies[pid].title, "times": _times(project.policies[pid])} for pid in ids]}
    base = {"company": document.company_part(company), "policies": summaries, "with_pdf": pdfs is not None,
            "organisation": org, "tier": functools.partial(tier_markup, areas), "tiers": [{"region": r, "label": areas.label(r)} for r in REGIONS],
            "picker": picker}
    pages: dict[str, str] = {}

    def ctx_for(uri: str, **extra: Any) -> dict[str, Any]:
        return {**base, **extra, "link": lambda to: relative_link(uri, to, use_directory_urls)}

    pages["index.md"] = _front_matter("首页", one_page=True) + env.get_template("home.md").render(ctx_for("index.md"))
    for summary in summaries:
        pid = summary["id"]
        ctx = document.policy_context(project, pid)
        uri = policy_page_uri(pid)
        page_picker = {**picker, "policies": [p for p in picker["policies"] if p["title"] == summary["title"]]}
        page = env.get_template("policy.md").render(ctx_for(uri, **ctx, policy=summary, picker=page_picker))
        pages[uri] = _front_matter(summary["title"]) + page
    pages["outlets.md"] = _front_matter("服务网点", one_page=True) + env.get_template("outlets.md").render(
        ctx_for("outlets.md", groups=outlet_groups(company, areas), map=outlet_map(company)))
    repair = repair_context(project, company, summaries)
    pages["repair.md"] = _front_matter("如何报修", one_page=True) + env.get_template("repair.md").render(ctx_for("repair.md", repair=repair))
    pages["downloads.md"] = _front_matter("政策下载", one_page=True) + env.get_template("downloads.md").render(ctx_for("downloads.md"))
    return pages


def nav(project: Project) -> list[Any]:
    """The site's navigation (mkdocs `nav` config)."""
    policies = [{safe_title(project.policies[pid].title): policy_page_uri(pid)} for pid in sorted(project.policies)]
    return [{"首页": "index.md"}, {"服务政策": policies}, {"如何报修": "repair.md"}, {"服务网点": "outlets.md"}, {"政策下载": "downloads.md"}]


def configure(config: Any, project: Project) -> None:
    """Site-wide settings from the company data, set on the mkdocs config
    before any page is rendered: the company's name in every page title, the
    footer and 404 page's hotline, and site_url from company.website when
    mkdocs.yml has none (sitemap.xml and canonical links need it)."""
    company = project.company
    assert company is not None
    if company.short_name not in config.site_name and company.name not in config.site_name:
        config.site_name = safe_title(company.short_name + config.site_name)
    if not config.site_url and company.website:
        url = company.website if "://" in company.website else f"https://{company.website}"
        config.site_url = url.rstrip("/") + "/"
    dates = [p.effective_date for p in project.policies.values()]
    config.extra["tender"] = {
        "company": company.name, "hotline": company.hotline, "hotline_href": tel_href(company.hotline),
        "hotline_hours": f"{company.hotline_hours}小时", "year": max(dates).year if dates else "",
    }


#: the search index field that carries the customer's words (not displayed)
SYNONYM_FIELD = "synonyms"


def search_index(index_json: str, groups: list[tuple[str, list[str]]]) -> str:
    """The theme's search index, finished for customers. Titles and texts
    lose the zero-width spaces that would let a snippet line start with 。
    (no_break_at_punctuation). With the customer's words (`groups`), a
    section that says 质保 n times gets 保修 n times (at most 10) in an
    extra, undisplayed field, so searching 保修 finds the warranty sections
    first; the theme's search segments a Chinese query by the index's own
    words, so the synonyms become searchable words themselves."""
    import json

    data = json.loads(index_json)
    if groups:
        data["config"].setdefault("fields", {})[SYNONYM_FIELD] = {"boost": 1}
    for doc in data["docs"]:
        for key in ("title", "text"):
            if key in doc:
                doc[key] = no_break_at_punctuation(doc[key])
        text = (doc.get("title", "") + " " + doc.get("text", "")).replace("\u200b", "")
        words = [w for word, synonyms in groups for w in synonyms for _ in range(min(text.count(word), 10))]
        if words:
            doc[SYNONYM_FIELD] = " ".join(words)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


#: the search plugin joins Chinese words with a zero-width space, punctuation
#: included ("换货\u200b。"); a browser may break a line there, so a snippet on
#: a phone can start a line with 。 — never before a closing mark or after an opening one
_ZWSP_AT_PUNCTUATION = re.compile("\u200b+(?=[。，、；：？！）」』】》”’．])|(?<=[（「『【《“‘])\u200b+")


def no_break_at_punctuation(text: str) -> str:
    """Search-index text without the zero-width spaces that let a line start
    with a closing mark (the marks separate words for search all the same:
    mkdocs.yml's search separator lists them)."""
    return _ZWSP_AT_PUNCTUATION.sub("", text)


def synonym_groups(project: Project) -> list[tuple[str, list[str]]]:
    company = project.company
    return [(g.word, list(g.synonyms)) for g in company.search_synonyms] if company else []


# -- tables on phones and in search ------------------------------------------------------

_TABLE_RE = re.compile(r"<table>(.*?)</table>", re.S)
_ROW_RE = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_CELL_RE = re.compile(r"<t([hd])([^>]*)>(.*?)</t[hd]>", re.S)
_ROWSPAN_RE = re.compile(r'rowspan="(\d+)"')
#: a table this wide (columns) becomes a list of row sentences on a phone
WIDE_COLUMNS = 3


def _cell_text(html: str) -> str:
    """A cell's HTML on one line; a no-break space (248\u00a0KB) stays one."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<br\s*/?>", " ", html)).strip()


def _rows(table: str) -> tuple[list[str], list[list[tuple[str, bool]]]]:
    """Header texts and body rows of one of our tables, each cell as (inner
    HTML, is-numeric); a rowspan cell is repeated in the rows it spans."""
    headers: list[str] = []
    rows: list[list[tuple[str, bool]]] = []
    carried: dict[int, tuple[int, tuple[str, bool]]] = {}
    for row_html in _ROW_RE.findall(table):
        cells = _CELL_RE.findall(row_html)
        if cells and all(kind == "h" for kind, _, _ in cells):
            headers = [_cell_text(text) for _, _, text in cells]
            continue
        row: list[tuple[str, bool]] = []
        queue = list(cells)
        col = 0
        while queue or col in carried:
            if col in carried:
                left, cell = carried[col]
                row.append(cell)
                carried = {k: v for k, v in carried.items() if k != col} | ({col: (left - 1, cell)} if left > 1 else {})
            else:
                _, attrs, text = queue.pop(0)
                cell = (_cell_text(text), 'class="num"' in attrs)
                span = _ROWSPAN_RE.search(attrs)
                if span and int(span.group(1)) > 1:
                    carried[col] = (int(span.group(1)) - 1, cell)
                row.append(cell)
            col += 1
        rows.append(row)
    return headers, rows


def row_sentence(headers: list[str], row: list[tuple[str, bool]], lead: int = 1) -> str:
    """One table row as a sentence: the row's `lead` label cells, then
    each column as 表头＋值 (a figure with its unit: 到场2小时; else
    人数：16, 说明：…), skipping empty
    cells and “—”. A two-column table says 标签：值 (包退：自售出之日起…,
    not 包退：承诺：…): its second header names every value alike."""
    def head(i: int) -> str:
        if len(row) == 2 and i == 1:
            return ""
        return headers[i] if i < len(headers) else ""

    def said(i: int, text: str, numeric: bool) -> str:
        plain = re.sub(r"<[^>]+>", "", text)
        if not head(i):
            return text
        if numeric and not re.fullmatch(r"[\d.,]+", plain):
            return f"{head(i)}{text}"
        return f"{head(i)}：{text}"

    subject = "，".join(said(i, text, True) if numeric else text for i, (text, numeric) in enumerate(row[:lead]) if text)
    parts = [said(i, text, numeric) for i, (text, numeric) in enumerate(row[lead:], start=lead) if text and text != "—"]
    body = "；".join(parts)
    return f"<strong>{subject}</strong><span class=\"sep\">：</span>{body}。" if subject and body else f"{subject or body}。"


def tables_as_sentences(html: str) -> str:
    """Every table of a page, also said in sentences: search indexes the
    sentences (the table itself is excluded, its run-together cells made
    poor snippets), and on a phone a wide table shows as these sentences,
    one card per row, instead of scrolling sideways."""

    def replace(match: re.Match) -> str:
        table = match.group(0)
        headers, rows = _rows(table)
        if not rows:
            return table
        wide = max(len(r) for r in rows) >= WIDE_COLUMNS
        lead = 2 if _ROWSPAN_RE.search(table) else 1  # a spanning first column names a group of rows
        items = "".join(f"<li>{row_sentence(headers, row, lead)}</li>" for row in rows)
        kind = "tender-table--wide" if wide else "tender-table--narrow"
        return (f'<div class="tender-table {kind}" data-search-exclude>{table}</div>'
                f'<ul class="tender-rows {kind}">{items}</ul>')

    return _TABLE_RE.sub(replace, html)
