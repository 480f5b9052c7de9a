"""`tender import PLAN.docx|.pdf|.txt|.md`: a first draft of a policy YAML.

Why: a company that adopts tender has its 售后服务方案 as Word files, and a
blank YAML page is where adoption stops. The draft is built by the facts
reader (generator.facts), the one that `tender check PLAN.docx` uses, so the
draft holds exactly what checking the document reads:

* a value the reader is sure of goes into its field, with a YAML comment
  naming its source (file:line) and the original wording;
* what the plan does not say stays absent (never invented); a comment at the
  top lists what missing-term will ask for;
* every paragraph of the plan is kept, in order, in ``policy.prose`` under
  the section its heading belongs to, so nothing is lost and the text rules
  (and prose-number against the values) check it like the document;
* when two places disagree, the first stays the value and the other stays
  prose, where prose-number reports it.

The draft must load: a value the model rejects is dropped (and counted),
never patched with an invented one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .companyfacts import read_company
from .documents import Document, read_document
from .facts import Plan, plan_raw, read_document_plans
from .findings import Location
from .loader import LoadError, LocDict, parse_text
from .model import CompanyFile, PolicyFile
from .plancheck import BlockItem, display_name, text_document
from .schema import modeline, modeline_at

#: a bid (or any document) marked confidential: a short marking line such as
#: "（保密）", "商业秘密", "密级：机密", "CONFIDENTIAL" near the start
CONFIDENTIAL_RE = re.compile(r"保密|机密|绝密|秘密|密级|商业秘密|confidential", re.I)
#: how many blocks from the start a marking is looked for (cover page)
COVER_BLOCKS = 15

#: prose sections (PolicyProse fields) and the words of a heading that opens them,
#: tried in this order (质保期满后 before 质保)
SECTION_WORDS: tuple[tuple[str, str], ...] = (
    ("after_warranty", r"(?:质保|保修)期满|期满后|保修期外|质保期外"),
    ("emergency", r"应急"),
    ("training", r"培训"),
    ("spare_parts", r"备件|配件|备品"),
    ("inspections", r"巡检|巡查|保养|定期检查|预防性维护"),
    ("return_visits", r"回访|满意度"),
    ("complaints", r"投诉"),
    ("kpis", r"指标|违约|赔偿|罚则|考核"),
    ("warranty", r"质保|保修|三包|质量保证"),
    ("faults", r"故障|响应|到场|报修|维修"),
    ("organisation", r"机构|网点|人员|团队|体系|服务中心|组织"),
    ("overview", r"承诺|宗旨|理念|目标|概述|总则"),
)
_SECTION_RES = tuple((key, re.compile(words)) for key, words in SECTION_WORDS)
#: a heading in a plain-text plan: short, no sentence punctuation
_HEADINGISH = re.compile(r"^[^。；;，,！!？?]{1,24}$")

#: the order keys are written in (the model's field order reads best)
ORDER = {name: i for i, name in enumerate(PolicyFile.model_fields["policy"].annotation.model_fields)}
COMPANY_ORDER = {name: i for i, name in enumerate(CompanyFile.model_fields["company"].annotation.model_fields)}
#: what the summary calls each company part
COMPANY_PARTS = {"name": "公司名称", "hotline": "服务热线", "hotline_hours": "热线服务时间", "repair": "其他报修电话",
                 "outlets": "服务网点", "staff": "服务队伍"}


class ImportError_(Exception):
    """The import cannot run; the message is Chinese and names the file."""


@dataclass
class Draft:
    """A draft policy: its YAML text and what went into it."""

    text: str
    values: int  # values read into fields
    paragraphs: int  # paragraphs kept as prose
    dropped: list[str] = field(default_factory=list)  # values the model rejected (not written)
    missing: list[str] = field(default_factory=list)  # what missing-term will ask for
    title: str = ""
    company: LocDict | None = None  # the company parts the plan states (companyfacts), None: none
    document: Document | None = None
    file: str = ""


@dataclass
class CompanyDraft:
    """The company parts of a plan as a company.yaml draft."""

    text: str
    found: list[str]  # what was read, one phrase each ("服务热线 400-826-3519")
    missing: list[str] = field(default_factory=list)  # what the company file needs and the plan does not say
    dropped: list[str] = field(default_factory=list)  # values the model rejected (not written)


# -- reading -------------------------------------------------------------------------------------


def read_plans(path: Path) -> tuple[Document, str, list[Plan]]:
    """The document, its display name and its plans with their facts read."""
    document = read_document(path)
    file = display_name(path)
    tdoc = text_document(document, file)
    items = [i for i in tdoc.items if isinstance(i, BlockItem)]
    return document, file, read_document_plans(items)


def confidential_marking(document: Document) -> str | None:
    """The marking line of a document marked confidential, else None. Only a
    short line of the cover counts ("投标文件（保密）"), not a sentence that
    promises to keep the buyer's data 保密."""
    for block in document.blocks[:COVER_BLOCKS]:
        text = block.text.strip()
        if len(text) <= 30 and CONFIDENTIAL_RE.search(text) and not re.search(r"[。，,；;！!？?]", text):
            return text
    for key in ("title", "subject", "keywords", "category", "comments"):
        value = str(document.meta.get(key) or "")
        if CONFIDENTIAL_RE.search(value):
            return value[:40]
    return None


def choose_plan(plans: list[Plan], number: int | None, file: str) -> tuple[Plan, list[Any]]:
    """The plan to import: the only one, or the ``number``-th titled plan of a
    collection ("售后服务方案1", "售后服务方案2"…); and the lead-in of the
    collection (the few lines before its first title: "下面是小编为大家收集的
    …") when that is the first plan, so no paragraph of the file is lost
    (a lead-in with figures, or of five paragraphs or more, is a plan of
    its own)."""
    titled, lead_in = _titled(plans)
    if not titled:
        if number not in (None, 1):
            raise ImportError_(f"{file} 只有一份方案；--plan 只能是 1")
        return plans[0], []
    if number is None:
        names = "、".join(f"{i}（{p.title}）" for i, p in enumerate(titled, 1))
        raise ImportError_(f"{file} 含有 {len(titled)} 份方案，请用 --plan 指定导入哪一份（--plan all 导入全部，每份一个文件）：{names}")
    if not 1 <= number <= len(titled):
        raise ImportError_(f"{file} 只有 {len(titled)} 份方案，--plan 应在 1 到 {len(titled)} 之间")
    return titled[number - 1], (lead_in if number == 1 else [])


def _titled(plans: list[Plan]) -> tuple[list[Plan], list[Any]]:
    """The plans `--plan N` counts, and the lead-in that goes with the first."""
    titled = [p for p in plans if p.title]
    if titled and not plans[0].title:
        if plans[0].facts or sum(bool(i.text.strip()) for i in plans[0].items) >= 5:
            plans[0].title = "（第一份方案标题之前的内容）"
            return [plans[0], *titled], []
        return titled, plans[0].items
    return titled, []


def plan_count(path: Path) -> int:
    """How many plans ``path`` holds (what `--plan all` imports)."""
    _, _, plans = read_plans(path)
    return len(_titled(plans)[0]) or 1


# -- the draft -----------------------------------------------------------------------------------


def build_draft(path: Path, number: int | None = None, target: Path | None = None) -> Draft:
    """The draft policy YAML of the plan in ``path`` (to be written at
    ``target``: its schema modeline points there), with the company parts
    the plan states (``Draft.company``; `company_draft` writes them)."""
    document, file, plans = read_plans(path)
    plan, lead_in = choose_plan(plans, number, file)
    title = plan.title or _title_of(path)
    raw = plan_raw(plan, file, title)
    policy = raw["policy"]
    policy.pop("prose", None)
    prose = _prose_sections([*lead_in, *plan.items])
    dropped: list[str] = []
    head = modeline_at("policy", target) if target is not None else modeline("policy")
    for _attempt in range(20):
        text = emit(policy, prose, document, file, [], head)
        errors = _load_errors(text)
        if not errors:
            break
        removed = False
        for path_, message in errors:
            if _drop(policy, path_):
                dropped.append(f"{path_}：{message}")
                removed = True
        if not removed:
            raise ImportError_(f"{file}：导入的草稿无法通过数据检查（{errors[0][1]}）；请把此文件反馈给开发者")
    missing = _missing_terms(text)
    text = emit(policy, prose, document, file, missing, head)
    company = read_company([*lead_in, *plan.items])
    return Draft(text, _count_values(policy), sum(len(v) for v in prose.values()), dropped, missing, title,
                 company if company else None, document, file)


def company_draft(draft: Draft, target: Path) -> CompanyDraft | None:
    """The company parts of ``draft`` as the text of a company file to be
    written at ``target``; None when the plan states none. It loads like
    the policy draft: a value the model rejects is dropped (and said), what
    the model requires and the plan does not say is listed at the top (and
    `tender check` reports it), never filled in."""
    company = draft.company
    if not company or draft.document is None:
        return None
    head = modeline_at("company", target)
    dropped: list[str] = []
    absent: list[str] = []
    for _attempt in range(20):
        text = emit_company(company, draft.document, draft.file, head, [])
        errors = _load_errors(text, CompanyFile, "company")
        wrong = [(p, m) for p, m in errors if _stated(company, p)]
        absent = [_absent(p, m) for p, m in errors if not _stated(company, p)]
        if not wrong:
            break
        for path_, message in wrong:
            if _drop(company, path_):
                dropped.append(f"{path_}：{message}")
    text = emit_company(company, draft.document, draft.file, head, absent)
    return CompanyDraft(text, _company_found(company), absent, dropped)


def _absent(dotted: str, message: str) -> str:
    """A required part the plan does not state, named where it goes
    ("outlets[0]：缺少必填项“region”…"; a field of the company: the message alone)."""
    inside = re.sub(r"\.(\d+)(?=\.|$)", r"[\1]", dotted.removeprefix("company.")).rpartition(".")[0]
    return f"{inside}：{message}" if inside else message


def _company_found(company: LocDict) -> list[str]:
    out = []
    for key, label in COMPANY_PARTS.items():
        value = company.get(key)
        if value is None:
            continue
        if key == "outlets":
            out.append(f"{label} {len(value)} 个（{'、'.join(str(o.get('name', '')) for o in value if o.get('name'))}）")
        elif key == "staff":
            out.append(f"{label} {len(value)} 个岗位（{'、'.join(str(s['role']) for s in value)}）")
        elif key == "repair":
            channels = "、".join(f"{c['name']} {c['contact']}" for c in value["channels"])
            out.append(f"{label} {channels}")
        else:
            out.append(f"{label} {value}")
    return out


def _stated(node: Any, dotted: str) -> bool:
    """Whether the value at ``company.a[0].b`` is in the data (an error
    there is a wrong value; elsewhere, a part the plan does not state)."""
    parts = [p for p in re.split(r"\.|\[(\d+)\]", dotted) if p][1:]
    for part in parts:
        k: Any = int(part) if part.isdigit() else part
        if isinstance(node, dict) and k in node or isinstance(node, list) and isinstance(k, int) and k < len(node):
            node = node[k]
        else:
            return False
    return bool(parts)


def _title_of(path: Path) -> str:
    return path.stem if any("\u4e00" <= ch <= "\u9fff" for ch in path.stem) else "导入的售后服务方案"


def _prose_sections(items: list[Any]) -> dict[str, list[tuple[str, Location | None]]]:
    """Every paragraph of the plan under the section its heading opens, keeping
    document order: the sections are written in the order they open, and a
    heading that returns to a section already written continues the section
    open at that point (otherwise the numbering rule would see 三、 before 一、)."""
    out: dict[str, list[tuple[str, Location | None]]] = {}
    current, last = None, None
    for item in items:
        text = item.text.strip()
        if not text:
            continue
        block = getattr(item, "block", None)
        heading = (block is not None and block.kind == "heading") or bool(_HEADINGISH.match(text))
        own = _section_of(text) if heading else None
        if own is not None:
            current = own
        section = current or "other"
        if section in out and section != last:
            section = last
        out.setdefault(section, []).append((text, item.loc))
        last = section
    return out


def _section_of(text: str) -> str | None:
    return next((key for key, regex in _SECTION_RES if regex.search(text)), None)


def _count_values(node: Any) -> int:
    """Leaf values read into fields (the title and the training's placeholder title excluded)."""
    if isinstance(node, dict):
        return sum(_count_values(v) for k, v in node.items() if k not in ("title", "level", "region"))
    if isinstance(node, list):
        return sum(_count_values(v) for v in node)
    return 1


# -- loading the draft back (it must load; what the model rejects is dropped) ---------------------


def _load_errors(text: str, model: Any = PolicyFile, root: str = "policy") -> list[tuple[str, str]]:
    """(dotted path, message) of every error loading ``text`` as a policy (or company) file."""
    from .project import validate

    try:
        raw = parse_text(text, "draft.yaml")
    except LoadError as exc:
        return [("", exc.finding.message)]
    _obj, findings = validate(model, raw, "draft.yaml", root)
    return [(f.path or "", f.message) for f in findings]


def _drop(policy: LocDict, dotted: str) -> bool:
    """Remove the value at ``policy.a.b[0].c`` (the deepest existing part)."""
    parts = [p for p in re.split(r"\.|\[(\d+)\]", dotted) if p]
    if parts and parts[0] in ("policy", "company"):
        parts = parts[1:]
    node, parent, key = policy, None, None
    for part in parts:
        k: Any = int(part) if part.isdigit() else part
        if isinstance(node, dict) and k in node or isinstance(node, list) and isinstance(k, int) and k < len(node):
            parent, key, node = node, k, node[k]
        else:
            break
    if parent is None or key in ("title",):
        return False
    if isinstance(parent, dict):
        parent.pop(key, None)
        getattr(parent, "locs", {}).pop(key, None)
    else:
        parent.pop(key)
    return True


def _missing_terms(text: str) -> list[str]:
    """What missing-term reports on the draft: the comment lists it."""
    from .project import Project, validate
    from .rules import load_all, run

    raw = parse_text(text, "draft.yaml")
    obj, _ = validate(PolicyFile, raw, "draft.yaml", "policy")
    rule = next(r for r in load_all() if r.id == "missing-term")
    return [f.message for f in run(rule, obj.policy, Project(root=Path.cwd()))]


# -- writing YAML with comments --------------------------------------------------------------------


def emit_company(company: LocDict, document: Document, file: str, head: str, missing: list[str]) -> str:
    """The company draft's YAML text: what the plan states, each value with its source comment."""
    lines = _draft_lines([head, f"# 由 tender import 从 {file} 读到的公司信息（草稿）：请逐项核对（公司信息会发布到网站）。",
                          "# 每个数值后的注释是它的出处（文件:行）和原文；方案没有写明的没有填写，也不要凭空补上。"],
                         "# 方案没有写明、公司信息文件又必须有的（tender check 会逐项报告，请补上）：", missing,
                         "company", company, COMPANY_ORDER, _Source(document, file))
    return "\n".join(lines) + "\n"


def _draft_lines(head: list[str], missing_title: str, missing: list[str], root: str, values: LocDict, order: dict[str, int],
                 source: _Source) -> list[str]:
    """A draft's opening comments, what the plan leaves unsaid, then `root:`
    and its values in `order`, each with its source comment."""
    lines = list(head)
    if missing:
        lines.append(missing_title)
        lines += [f"#   - {_one_line(m)}" for m in missing]
    lines.append(f"{root}:")
    for key in sorted(values, key=lambda k: order.get(k, 99)):
        _emit_value(lines, key, values[key], values.locs.get(key), 1, source)
    return lines


def emit(policy: LocDict, prose: dict[str, list[tuple[str, Location | None]]], document: Document, file: str, missing: list[str],
         head: str | None = None) -> str:
    """The draft's YAML text: values with their source comments, then the prose."""
    source = _Source(document, file)
    lines = _draft_lines([head or modeline("policy"),
                          f"# 由 tender import 从 {file} 生成的草稿：请逐项核对后再发布（政策会发布到网站）。",
                          "# 每个数值后的注释是它的出处（文件:行）和原文；原文中没有的内容没有填写，也不要凭空补上。"],
                         "# 方案没有写明（导入时留空；tender check 的 missing-term 会逐项提示）：", missing,
                         "policy", policy, ORDER, source)
    if any(prose.values()):
        lines.append("  prose:")
        lines.append("    # 方案原文，按所在章节和原顺序保存（文字规则会检查它们，并与上面的数值核对）")
        for key, paragraphs in prose.items():
            if paragraphs:
                lines.append(f"    {key}:")
                for text, loc in paragraphs:
                    lines.append(f"      - {_scalar(text)}{source.where(loc)}")
    return "\n".join(lines) + "\n"


def _emit_value(lines: list[str], key: Any, value: Any, loc: Location | None, depth: int, source: "_Source") -> None:
    pad = "  " * depth
    head = f"{pad}{key}:" if key is not None else None
    if isinstance(value, (dict, list)) and not value:
        if isinstance(value, dict) and head is not None and source.quote(loc):
            # mentioned with nothing quantified ("在免费保修期内"): missing-term reports it here
            lines.append(f"{head} {{}}{source.quote(loc)}")
        return  # nothing read: the section stays absent
    if isinstance(value, dict):
        items = list(value.items())
        if head is not None:
            # a section opens where the plan first mentions it (missing-term reports there)
            lines.append(head + source.quote(getattr(value, "loc", None)))
            for k, v in items:
                _emit_value(lines, k, v, getattr(value, "locs", {}).get(k), depth + 1, source)
        return
    if isinstance(value, list):
        lines.append(head)
        locs = getattr(value, "locs", [])
        for i, entry in enumerate(value):
            entry_loc = locs[i] if i < len(locs) else None
            if isinstance(entry, dict):
                sub: list[str] = []
                for k, v in entry.items():
                    _emit_value(sub, k, v, getattr(entry, "locs", {}).get(k), depth + 2, source)
                first = sub[0]
                sub[0] = "  " * (depth + 1) + "- " + first[len("  " * (depth + 2)):]
                lines += sub
            else:
                lines.append(f"{'  ' * (depth + 1)}- {_scalar(entry)}{source.quote(entry_loc)}")
        return
    lines.append(f"{head} {_scalar(value)}{source.quote(loc)}")


_PLAIN_UNSAFE = re.compile(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`~]|[:#]\s|\s$|[\n\r\t]|: |：\s*$")


def _scalar(value: Any) -> str:
    """A YAML scalar that reads back as ``value``: plain when safe, else JSON-quoted."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text and not _PLAIN_UNSAFE.search(text):
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def _one_line(text: str, width: int = 60) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= width else text[:width] + "…"


class _Source:
    """Comments naming where a value was read: "# 原文 plan.docx:12：“…”"."""

    def __init__(self, document: Document, file: str) -> None:
        self.file = file
        self.lines: dict[int, str] = {}
        for block in document.blocks:
            pieces = _physical_lines(block.text, block.breaks)
            for n, piece in enumerate(pieces):
                self.lines.setdefault(block.line + n, piece)

    def where(self, loc: Location | None) -> str:
        return f"  # {self.file}:{loc.line}" if loc is not None and loc.line else ""

    def quote(self, loc: Location | None) -> str:
        if loc is None or not loc.line or not loc.col:
            return ""
        text = self.lines.get(loc.line, "")
        at = max(0, loc.col - 1)
        start = max(0, at - 12)
        excerpt = _one_line(text[start:at + 28], 48)
        prefix = "…" if start > 0 else ""
        suffix = "…" if at + 28 < len(text) else ""
        return f"  # 原文 {self.file}:{loc.line}：“{prefix}{excerpt}{suffix}”"


def _physical_lines(text: str, breaks: tuple[int, ...]) -> list[str]:
    cuts = [0, *breaks, len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


# -- where the draft goes ----------------------------------------------------------------------------


def numbered(target: Path, number: int) -> Path:
    """The draft of plan ``number`` under `--plan all`: 方案-3.yaml for 方案.yaml."""
    return target.with_name(f"{target.stem}-{number}{target.suffix}")


def default_output(path: Path, root: Path) -> Path:
    """commitments/policies/<name>.yaml inside a project, else <name>.yaml here."""
    stem = re.sub(r"[^\w\u4e00-\u9fff-]+", "-", path.stem).strip("-") or "imported"
    if (root / "commitments").is_dir():
        return root / "commitments" / "policies" / f"{stem}.yaml"
    return root / f"{stem}.yaml"


def company_target(target: Path) -> tuple[Path, Path | None]:
    """Where the company parts go, and the project's company file (None
    outside a project): commitments/company.yaml when the project the draft
    is written into has none; otherwise a file beside it that `tender check`
    does not load (outside commitments/: <草稿名>-公司信息.yaml at the project
    root), so an existing company file is never changed. A draft written
    outside a project keeps its company parts beside it, outside too (a bid
    exported there on purpose never reaches the project's company file)."""
    target = target.absolute()
    root = next((p.parent for p in target.parents if p.name == "commitments" and p.is_dir()), None)
    company = root / "commitments" / "company.yaml" if root is not None else None
    if company is not None and not company.exists():
        return company, company
    return (root or target.parent) / f"{target.stem}-公司信息.yaml", company


def inside_project(target: Path) -> bool:
    """Whether ``target`` lies under some project's commitments/ folder."""
    target = target.absolute()
    return any(p.name == "commitments" and (p.parent / "commitments").is_dir() for p in target.parents)
