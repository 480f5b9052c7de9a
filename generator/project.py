"""Loading a whole project: company, policies and bids, validated and resolved.

A bid is its base policy with the bid's overrides merged in (lists of named
things — fault levels, regions, parts, courses — merge by their name), then
validated as a policy again, so every rule that holds for a policy holds for
what the bid actually promises, and every finding still points at the line
where the value was written (policy file or bid file).
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .findings import Finding, Location, Severity
from .loader import LoadError, LocDict, LocList, location_of, read_data_file
from .model import Bid, BidFile, Company, CompanyFile, Node, Policy, PolicyFile, Waiver, attach_locations, inner_model

COMMITMENTS = "commitments"

#: list items with one of these keys merge by it when a bid overrides a list
IDENTITY_KEYS = ("level", "region", "name", "title", "rank", "clause")


@dataclass
class ResolvedBid:
    """A bid together with the policy it actually promises (base ⊕ overrides)."""

    id: str
    file: str
    bid: Bid
    policy: Policy
    policy_raw: Any


@dataclass
class Project:
    root: Path
    company: Company | None = None
    policies: dict[str, Policy] = field(default_factory=dict)
    policy_files: dict[str, str] = field(default_factory=dict)
    policy_raw: dict[str, Any] = field(default_factory=dict)
    bids: dict[str, ResolvedBid] = field(default_factory=dict)
    #: bid id → its file (display path), known even if it does not load (.yaml or .yml)
    bid_files: dict[str, str] = field(default_factory=dict)
    #: the company file (display path), if there is one
    company_file: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)  # display path → raw data
    waivers: dict[str, list[Waiver]] = field(default_factory=dict)

    @property
    def files(self) -> list[str]:
        return sorted(self.raw)

    def documents(self) -> list[tuple[str, str, str]]:
        """(kind, id, file) of every data file found: kind is company, policy
        or bid; the id of a policy or bid is its file name without .yaml/.yml.
        The one place that knows which file is what (nothing guesses from paths)."""
        out = [("company", "company", self.company_file)] if self.company_file else []
        out += [("policy", pid, f) for pid, f in sorted(self.policy_files.items())]
        out += [("bid", bid, f) for bid, f in sorted(self.bid_files.items())]
        return out

    def kind_of(self, doc_id: str) -> str | None:
        """policy or bid for a document id (None if there is no such file)."""
        return next((kind for kind, i, _f in self.documents() if i == doc_id and kind != "company"), None)

    def file_of(self, kind: str, doc_id: str) -> str | None:
        return next((f for k, i, f in self.documents() if k == kind and i == doc_id), None)


def display_path(path: Path, root: Path) -> str:
    """Where the file stands in the project (a symlink's own place, not its
    target's: that is the file the user edits, and a loop must not crash)."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return path.as_posix()


# -- pydantic errors in Chinese ---------------------------------------------------

KNOWN_TYPES = {"duration-unit", "date-valid"}


def _field_info(model: type[BaseModel], loc: tuple) -> tuple[str | None, type[BaseModel] | None]:
    """Chinese title of the field at loc, and the model class that holds the last key."""
    cls: Any = model
    title = None
    holder = None
    for part in loc:
        if isinstance(part, int) or cls is None:
            continue
        fields = getattr(cls, "model_fields", None)
        if not fields or part not in fields:
            break
        holder = cls
        info = fields[part]
        title = info.title
        cls = inner_model(info.annotation)
    return title, holder


def _did_you_mean(key: str, holder: type[BaseModel] | None) -> str:
    if holder is None:
        return ""
    names = list(holder.model_fields)
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    if close:
        return f"；是否想写“{close[0]}”（{holder.model_fields[close[0]].title}）？"
    titles = {info.title: name for name, info in holder.model_fields.items()}
    if key in titles:
        return f"；键要用英文，“{key}”应写作“{titles[key]}”"
    return f"；这里可用的键有：{', '.join(names)}"


def validation_findings(exc: ValidationError, raw: Any, model: type[BaseModel], prefix: tuple = ()) -> list[Finding]:
    out = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or "function" in p)))
        etype = err["type"]
        full = prefix + loc
        where = location_of(raw, full)
        title, holder = _field_info(model, loc)
        key = loc[-1] if loc else ""
        label = f"“{key}”（{title}）" if title and isinstance(key, str) else f"“{'.'.join(map(str, loc))}”"
        ctx = err.get("ctx") or {}
        if etype in KNOWN_TYPES:
            rule, msg = etype, f"{label}：{err['msg']}"
        elif etype == "extra_forbidden":
            parent_cls = _parent_model(model, loc[:-1])
            rule, msg = "schema", f"未知的键“{key}”{_did_you_mean(str(key), parent_cls)}"
        elif etype == "missing":
            rule, msg = "schema", f"缺少必填项{label}"
        elif etype in ("string_type",):
            rule, msg = "schema", f"{label}应为文字"
        elif etype in ("int_type", "int_parsing", "int_from_float"):
            rule, msg = "schema", f"{label}应为整数，如 3"
        elif etype in ("float_type", "float_parsing"):
            rule, msg = "schema", f"{label}应为数字"
        elif etype in ("bool_type", "bool_parsing"):
            rule, msg = "schema", f"{label}应为 true（是）或 false（否）"
        elif etype in ("greater_than_equal", "greater_than"):
            rule, msg = "schema", f"{label}不能小于 {ctx.get('ge', ctx.get('gt'))}"
        elif etype in ("less_than_equal", "less_than"):
            rule, msg = "schema", f"{label}不能大于 {ctx.get('le', ctx.get('lt'))}，请检查数字"
        elif etype == "too_short":
            rule, msg = "schema", f"{label}至少要有 {ctx.get('min_length', 1)} 项"
        elif etype == "string_too_short":
            rule, msg = "schema", f"{label}不能为空"
        elif etype == "literal_error":
            rule, msg = "schema", f"{label}只能是 {choices_text(str(ctx.get('expected', '')))}{_not_this(err.get('input'))}"
        elif etype in ("model_type", "dict_type", "model_attributes_type"):
            rule, msg = "schema", f"{label}应为映射（下一层“键: 值”），不是单个值或列表"
        elif etype == "list_type":
            rule, msg = "schema", f"{label}应为列表（每项以“- ”开头）"
        elif etype == "string_pattern_mismatch":
            rule, msg = "schema", f"{label}格式不对（应匹配 {ctx.get('pattern', '')}）"
        elif etype == "schema":
            rule, msg = "schema", f"{label}：{err['msg']}"
        else:
            rule, msg = "schema", f"{label}：{err['msg']}"
        out.append(Finding.at(rule, Severity.ERROR, where, msg, ".".join(map(str, full))))
    return out


def choices_text(expected: str) -> str:
    """pydantic's "'★', '▲' or ''" as a bid writer reads it: "★、▲ 或留空"."""
    import re

    values = re.findall(r"'((?:[^'\\]|\\.)*)'", expected)
    if not values:
        return expected
    blank = "" in values
    shown = [v for v in values if v]
    if blank:
        return f"{'、'.join(shown)} 或留空"
    return f"{'、'.join(shown[:-1])} 或 {shown[-1]}" if len(shown) > 1 else shown[0]


def _not_this(value: Any) -> str:
    if isinstance(value, str) and value and len(value) <= 30:
        return f"，而不是“{value}”"
    return ""


def _parent_model(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    cls: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(cls, "model_fields", None)
        if not fields or part not in fields:
            return None
        cls = inner_model(fields[part].annotation)
    return cls if isinstance(cls, type) and issubclass(cls, BaseModel) else None


def validate(model: type[Node], raw: Any, display: str, root_key: str) -> tuple[Node | None, list[Finding]]:
    """Raw data → model with locations; findings instead of exceptions."""
    if not isinstance(raw, dict):
        loc = getattr(raw, "loc", None) or Location(display)
        return None, [Finding.at("schema", Severity.ERROR, loc, f"文件的最外层应为“{root_key}:”开头的映射")]
    try:
        obj = model.model_validate(raw)
    except ValidationError as exc:
        return None, validation_findings(exc, raw, model)
    attach_locations(obj, raw)
    return obj, []


# -- merging a bid's overrides into its policy ------------------------------------


def merge(base: Any, override: Any) -> Any:
    """Deep merge keeping locations: maps merge by key, lists of named items by
    their name, anything else is replaced by the override."""
    if isinstance(base, dict) and isinstance(override, dict):
        out = LocDict(loc=getattr(base, "loc", None))
        out.update(base)
        out.locs.update(getattr(base, "locs", {}))
        for key, value in override.items():
            out[key] = merge(base[key], value) if key in base else value
            if key in getattr(override, "locs", {}):
                out.locs[key] = override.locs[key]
        return out
    if isinstance(base, list) and isinstance(override, list):
        key = _identity_key(base + override)
        if key:
            out_list = LocList(loc=getattr(override, "loc", None))
            index = {item[key]: i for i, item in enumerate(base)}
            items = list(base)
            locs = list(getattr(base, "locs", [None] * len(base)))
            for j, item in enumerate(override):
                item_loc = override.locs[j] if isinstance(override, LocList) else None
                if item[key] in index:
                    i = index[item[key]]
                    items[i] = merge(items[i], item)
                    locs[i] = item_loc or locs[i]
                else:
                    items.append(item)
                    locs.append(item_loc)
            out_list.extend(items)
            out_list.locs = [loc or out_list.loc for loc in locs]
            return out_list
    return override


def _identity_key(items: list) -> str | None:
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    for key in IDENTITY_KEYS:
        if all(key in item and isinstance(item[key], (str, int)) for item in items):
            return key
    return None


# -- the whole project ---------------------------------------------------------------


def find_data_files(root: Path) -> tuple[Path | None, list[Path], list[Path]]:
    base = root / COMMITMENTS
    company = base / "company.yaml"
    policies = sorted(p for p in (base / "policies").glob("*.y*ml") if p.suffix in (".yaml", ".yml"))
    bids = sorted(p for p in (base / "bids").glob("*.y*ml") if p.suffix in (".yaml", ".yml"))
    return (company if company.exists() else None), policies, bids


def _unique_ids(paths: list[Path], root: Path, kind: str) -> tuple[list[Path], list[Finding]]:
    """A file's id is its name without .yaml/.yml: hvac.yaml and hvac.yml
    would silently replace each other. Keep the first, report the others."""
    seen: dict[str, Path] = {}
    kept, findings = [], []
    for path in paths:
        if path.stem in seen:
            first = display_path(seen[path.stem], root)
            findings.append(Finding("file-duplicate", Severity.ERROR, display_path(path, root), 1,
                                    f"{kind}“{path.stem}”有两个文件：{first} 和 {path.name}；编号相同的文件只能有一个，请删除或改名其中一个（否则其中一个会被悄悄忽略）"))
            continue
        seen[path.stem] = path
        kept.append(path)
    return kept, findings


def _ignored_files(root: Path, loaded: list[Path | None]) -> list[Finding]:
    """Files under commitments/ that look like data but are not read (a bid
    saved as 投标.yaml.txt or NEW.YAML, or put in a sub-folder): say so
    rather than leave it out silently."""
    base = root / COMMITMENTS
    read = {os.path.abspath(p) for p in loaded if p is not None}
    out = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            lower = name.lower()
            if name.startswith(".") or name.endswith("~") or not (".yaml" in lower or ".yml" in lower):
                continue
            path = Path(dirpath, name)
            if os.path.abspath(path) in read:
                continue
            display = display_path(path, root)
            out.append(Finding("file-ignored", Severity.WARNING, display, 1,
                               "这个文件不会被读取：数据文件只能是 commitments/company.yaml、commitments/policies/*.yaml 和 commitments/bids/*.yaml（小写扩展名 .yaml 或 .yml，不在子目录中）；请改名或移动，不用的文件请删除"))
    return out


def load_project(root: Path) -> tuple[Project, list[Finding]]:
    """Load and validate everything under root/commitments; never raises on bad data."""
    project = Project(root=root)
    findings: list[Finding] = []
    company_path, policy_paths, bid_paths = find_data_files(root)
    findings += _ignored_files(root, [company_path, *policy_paths, *bid_paths])
    policy_paths, dup = _unique_ids(policy_paths, root, "政策")
    findings += dup
    bid_paths, dup = _unique_ids(bid_paths, root, "投标")
    findings += dup

    def read(path: Path) -> Any:
        display = display_path(path, root)
        try:
            raw = read_data_file(path, display, within=root / COMMITMENTS)
        except LoadError as exc:
            findings.append(exc.finding)
            return None
        project.raw[display] = raw
        return raw

    if company_path is None:
        findings.append(Finding("file-missing", Severity.ERROR, f"{COMMITMENTS}/company.yaml", 1, "缺少公司信息文件 commitments/company.yaml；可用 tender new 生成示例"))
    else:
        raw = read(company_path)
        if raw is not None:
            display = display_path(company_path, root)
            project.company_file = display
            obj, errs = validate(CompanyFile, raw, display, "company")
            findings += errs
            if obj is not None:
                project.company = obj.company
                project.waivers[display] = obj.waivers

    for path in policy_paths:
        display = display_path(path, root)
        project.policy_files[path.stem] = display  # known even if it does not load
        raw = read(path)
        if raw is None:
            continue
        obj, errs = validate(PolicyFile, raw, display, "policy")
        findings += errs
        if obj is not None:
            project.policies[path.stem] = obj.policy
            project.policy_raw[path.stem] = raw["policy"]
            project.waivers[display] = obj.waivers

    for path in bid_paths:
        project.bid_files[path.stem] = display_path(path, root)
        raw = read(path)
        if raw is None:
            continue
        display = display_path(path, root)
        obj, errs = validate(BidFile, raw, display, "bid")
        findings += errs
        if obj is None:
            continue
        project.waivers[display] = obj.waivers
        resolved, errs = resolve_bid(project, path.stem, display, obj.bid, raw["bid"])
        findings += errs
        if resolved is not None:
            project.bids[path.stem] = resolved
    return project, findings


def resolve_bid(project: Project, bid_id: str, display: str, bid: Bid, raw: Any) -> tuple[ResolvedBid | None, list[Finding]]:
    if bid.policy not in project.policy_raw:
        known = "、".join(sorted(project.policy_files)) or "（没有）"
        if bid.policy in project.policy_files:
            message = f"基础政策“{bid.policy}”（{project.policy_files[bid.policy]}）有错误，本投标暂时无法核对；请先改正该政策文件中的错误"
        else:
            message = f"基础政策“{bid.policy}”不存在；应为 commitments/policies/ 下的文件名（不含 .yaml），现有：{known}"
        return None, [Finding.at("reference", Severity.ERROR, bid.loc("policy"), message, "bid.policy")]
    overrides = raw.get("overrides") or LocDict()
    merged = merge(project.policy_raw[bid.policy], overrides)
    try:
        policy = Policy.model_validate(merged)
    except ValidationError as exc:
        return None, validation_findings(exc, merged, Policy)
    attach_locations(policy, merged, "policy")
    return ResolvedBid(bid_id, display, bid, policy, merged), []
