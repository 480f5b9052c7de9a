"""The JSON Schemas of the data files, generated from the model.

One schema per file kind (company, policy, bid), so that a top-level typo in
a policy file is reported as "policy expected", not as a guess among three
kinds. Editors with the YAML language server use them (via the `$schema`
modeline at the top of each file) for Chinese help, completion and errors
while a bid writer types; `tender check` remains the judge, and the tests
keep the two in agreement.

Nothing here is a hand-kept list: structure comes from the model, the merge
keys of `overrides` from the project loader, value patterns from the value
parsers.
"""

from __future__ import annotations

import copy
import json
import typing
from pathlib import Path
from typing import Annotated, Any

import re

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import metrics
from .model import VALUE_HELP, BidFile, CompanyFile, Node, Policy, PolicyFile, inner_model
from .outline import SECTIONS
from .project import IDENTITY_KEYS
from .values import DurationValue, PercentValue, ServiceHoursValue, editor_pattern

SCHEMA_DIR = "commitments"
KINDS: dict[str, type[Node]] = {"company": CompanyFile, "policy": PolicyFile, "bid": BidFile}
#: folder (inside commitments/) of the data files of each kind
KIND_FOLDERS = {"company": "", "policy": "policies", "bid": "bids"}
KIND_TITLES = {"company": "公司信息文件", "policy": "服务政策文件", "bid": "投标文件"}
KIND_PLACES = {"company": "commitments/company.yaml", "policy": "commitments/policies/*.yaml", "bid": "commitments/bids/*.yaml"}
DEF_PREFIX = "#/$defs/"
#: suffix of the definitions that describe a part of the policy inside a bid's overrides
OVERRIDE = "Override"


def schema_file(kind: str) -> str:
    """Project-relative path of the schema of one file kind."""
    return f"{SCHEMA_DIR}/{kind}.schema.json"


def modeline(kind: str) -> str:
    """The first line of a data file of this kind (company, policy, bid),
    pointing the YAML language server at the kind's own schema; for files in
    their usual place (company.yaml, policies/, bids/)."""
    up = "../" if KIND_FOLDERS[kind] else ""
    return f"# yaml-language-server: $schema={up}{kind}.schema.json"


def modeline_at(kind: str, target: Path) -> str:
    """The modeline of a data file written at ``target``, wherever that is
    (`tender import -o 草稿/x.yaml`): it points at the schema of the project
    the file lies in, relative to the file, so an editor completes it where
    it is; outside a project, at the schema as seen from the kind's usual
    place (right once the file is moved there)."""
    import os

    target = Path(target).absolute()
    for folder in target.parents:
        schema = folder / SCHEMA_DIR / f"{kind}.schema.json"
        if (folder / SCHEMA_DIR).is_dir() and schema.is_file():
            return f"# yaml-language-server: $schema={Path(os.path.relpath(schema, target.parent)).as_posix()}"
    return modeline(kind)


def kind_of(path: str | Path) -> str | None:
    """The file kind of a data file by its place under commitments/."""
    p = Path(path)
    if p.name in ("company.yaml", "company.yml") and p.parent.name != "policies" and p.parent.name != "bids":
        return "company"
    return {"policies": "policy", "bids": "bid"}.get(p.parent.name)


def schema_dict(kind: str) -> dict:
    """The JSON Schema of one file kind."""
    schema = _model_schema(KINDS[kind])
    defs = schema.setdefault("$defs", {})
    if kind == "bid":
        _catalogue_enums(defs)
        _threshold_by_metric(defs)
        _describe_overrides(defs)
    _chinese_definition_titles(schema)
    _drop_null_defaults(schema)
    _enum_help(schema)
    _editor_patterns(schema)
    _drop_null_alternatives(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"tender {KIND_TITLES[kind]}"
    schema["description"] = f"{KIND_PLACES[kind]}：{KIND_TITLES[kind]}（售后服务承诺数据）"
    return schema


def schema_text(kind: str) -> str:
    return json.dumps(schema_dict(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path, kinds: list[str] | None = None) -> list[Path]:
    """Write `<kind>.schema.json` for each kind into folder; the paths written."""
    written = []
    for kind in kinds or list(KINDS):
        target = folder / f"{kind}.schema.json"
        target.write_text(schema_text(kind), encoding="utf-8")
        written.append(target)
    return written


def _model_schema(cls: type[BaseModel]) -> dict:
    """pydantic's schema of cls, with examples per field."""
    schema = cls.model_json_schema(ref_template=DEF_PREFIX + "{model}")
    defs = schema.get("$defs", {})
    for model in _models(cls):
        definition = schema if model is cls else defs.get(model.__name__)
        if definition is not None:
            _field_examples(model, definition)
    return schema


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """root and every model class reachable from its fields."""
    seen: list[type[BaseModel]] = []
    stack = [root]
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.append(cls)
        for info in cls.model_fields.values():
            inner = inner_model(info.annotation, BaseModel)
            if inner is not None:
                stack.append(inner)
    return seen


# -- examples that fit the field ---------------------------------------------------------------------------

_EXAMPLE_TEXT = re.compile(r"如\s*([^（）()；。，]+)")
_EXAMPLE_SPLIT = re.compile(r"\s*(?:、|或|和|\s)\s*")


def _field_examples(cls: type[BaseModel], definition: dict) -> None:
    """A typed value (duration, date, percent…) shows the examples its own
    description gives ("如 2小时"), never a generic list: warranty `term`
    must not suggest 30分钟. Each example is read by the checker's own parser
    first, so an example is never something `tender check` refuses."""
    for name, prop in definition.get("properties", {}).items():
        if not (_strip_examples(prop) or "pattern" in json.dumps(prop)):
            continue  # not a typed value: its examples (if any) stay
        info = cls.model_fields[name]
        annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        examples = [text for text in _example_texts(info.description or "") if _reads(annotation, text)]
        if examples:
            prop["examples"] = examples


def _strip_examples(node: Any) -> bool:
    """Remove the value type's generic examples; whether there were any."""
    found = False
    if isinstance(node, dict):
        if node.pop("examples", None) is not None:
            found = True
        for value in node.values():
            found = _strip_examples(value) or found
    elif isinstance(node, list):
        for value in node:
            found = _strip_examples(value) or found
    return found


def _example_texts(description: str) -> list[str]:
    out: list[str] = []
    for m in _EXAMPLE_TEXT.finditer(description):
        out += [t for t in _EXAMPLE_SPLIT.split(m[1].strip()) if t]
    return list(dict.fromkeys(out))


def _reads(annotation: Any, text: str) -> bool:
    try:
        TypeAdapter(annotation).validate_python(text)
    except (ValidationError, ValueError, TypeError):
        return False
    return True


# -- closed sets --------------------------------------------------------------------------------------------


def _catalogues() -> dict[str, dict[str, str]]:
    """Closed sets that live in a catalogue rather than in the model:
    value → Chinese name."""
    return {
        "metric": {i: f"{metrics.METRICS[i].title}：{metrics.METRICS[i].description}" for i in metrics.REQUIREMENT_METRICS},
        "evidence": {s.id: s.title for s in SECTIONS},
    }


def _catalogue_enums(defs: dict) -> None:
    """`metric` and `evidence` are strings in the model, checked against the
    metric catalogue and the outline by `tender check`; the editor offers
    exactly those values."""
    catalogues = _catalogues()
    for definition in defs.values():
        for name, prop in definition.get("properties", {}).items():
            if name not in catalogues:
                continue
            target = next((alt for alt in prop.get("anyOf", []) if alt.get("type") == "string"), prop)
            if target.get("type") == "string" and "enum" not in target:
                target["enum"] = list(catalogues[name])


def _value_help(values: list) -> list[str]:
    """Chinese meaning of each value of an enum (from the catalogue it comes
    from, else from the model's VALUE_HELP)."""
    for catalogue in _catalogues().values():
        if set(values) <= set(catalogue):
            return [catalogue[v] for v in values]
    return [VALUE_HELP.get(v, "") for v in values]


def _enum_help(node: Any) -> None:
    """Every enum gets a Chinese description per value (completion shows it)
    and a Chinese message naming the allowed values."""
    if isinstance(node, dict):
        values = node.get("enum")
        if isinstance(values, list) and all(isinstance(v, str) for v in values):
            help_texts = _value_help(values)
            node["enumDescriptions"] = help_texts
            node["markdownEnumDescriptions"] = help_texts
            shown = "、".join(f"{v or '（空）'}（{h}）" if h else (v or "（空）") for v, h in zip(values, help_texts))
            node["errorMessage"] = f"只能是：{shown}"
        for key, value in node.items():
            if key != "if":  # the metric lists of the threshold conditions need no help
                _enum_help(value)
    elif isinstance(node, list):
        for value in node:
            _enum_help(value)


# -- threshold typed by its metric --------------------------------------------------------------------------------


def _threshold_schemas() -> dict[str, dict]:
    """metric kind → what a threshold of that kind looks like (the same
    readings as metrics.parse_threshold)."""
    count = {
        "anyOf": [
            {"type": "integer", "minimum": 0},
            {"type": "string", "pattern": f"^{editor_pattern(metrics._COUNT_RE.pattern)}$", "patternErrorMessage": "门槛值应为整数，如 30 或 30人次"},
        ],
        "errorMessage": "门槛值应为整数，如 30",
    }
    return {
        "duration": TypeAdapter(DurationValue).json_schema(),
        "percent": TypeAdapter(PercentValue).json_schema(),
        "hours": TypeAdapter(ServiceHoursValue).json_schema(),
        "count": count,
    }


def _threshold_by_metric(defs: dict) -> None:
    """A requirement's `threshold` (and a scoring item's tier thresholds)
    take the type their `metric` implies: if metric is a duration, the
    threshold must read as one, and so on."""
    typed = _threshold_schemas()
    by_kind: dict[str, list[str]] = {}
    for m in (metrics.METRICS[i] for i in metrics.REQUIREMENT_METRICS):
        if m.kind != "text":
            by_kind.setdefault(m.kind, []).append(m.id)
    for name, definition in defs.items():
        props = definition.get("properties", {})
        if "metric" not in props:
            continue
        if "threshold" in props:
            place = lambda s: {"properties": {"threshold": s}, "required": ["threshold"]}  # noqa: E731
        elif "tiers" in props:
            place = lambda s: {"properties": {"tiers": {"items": {"properties": {"threshold": s}, "required": ["threshold"]}}}}  # noqa: E731
        else:
            continue
        definition["allOf"] = [
            {"if": {"properties": {"metric": {"enum": ids}}, "required": ["metric"]}, "then": place(typed[kind])}
            for kind, ids in by_kind.items()
        ]


# -- overrides: the policy again, every field optional ----------------------------------------------


def identity_key(cls: type[BaseModel]) -> str | None:
    """The key by which items of cls merge when a bid overrides a list of
    them (the same choice `merge` makes: the first identity key every item has)."""
    for key in IDENTITY_KEYS:
        info = cls.model_fields.get(key)
        if info is not None and info.is_required():
            return key
    return None


def _describe_overrides(defs: dict) -> None:
    """Give `bid.overrides` the policy's structure with every field optional
    (lists of named items keep only their name required: that is how they
    merge), so the editor completes, explains and checks inside it too."""
    policy_schema = _model_schema(Policy)
    policy_defs = policy_schema.pop("$defs", {})
    policy_defs["Policy"] = policy_schema
    for name, definition in policy_defs.items():
        defs.setdefault(name, definition)
    _override_def(Policy, defs, in_list=False)
    prop = defs["Bid"]["properties"]["overrides"]
    for key in ("type", "additionalProperties", "default"):
        prop.pop(key, None)
    prop["$ref"] = DEF_PREFIX + Policy.__name__ + OVERRIDE


def _override_def(cls: type[BaseModel], defs: dict, in_list: bool) -> str:
    """Add the override definition of cls (and of the classes it holds) to
    defs; returns its name."""
    name = cls.__name__ + OVERRIDE
    if name in defs:
        return name
    definition = copy.deepcopy(defs[cls.__name__])
    defs[name] = definition
    key = identity_key(cls) if in_list else None
    if key:
        definition["required"] = [key]
    else:
        definition.pop("required", None)
    for field, info in cls.model_fields.items():
        inner = inner_model(info.annotation, BaseModel)
        if inner is None:
            continue
        is_list = _is_list(info.annotation)
        if is_list and identity_key(inner) is None:
            continue  # a list without names is replaced whole: its items are complete
        sub = _override_def(inner, defs, in_list=is_list)
        _retarget(definition["properties"][field], inner.__name__, sub)
    return name


def _is_list(annotation: Any) -> bool:
    stack = [annotation]
    while stack:
        ann = stack.pop()
        if typing.get_origin(ann) is list:
            return True
        stack.extend(typing.get_args(ann))
    return False


def _retarget(node: Any, old: str, new: str) -> None:
    """Point every $ref to definition old inside node at definition new."""
    if isinstance(node, dict):
        if node.get("$ref") == DEF_PREFIX + old:
            node["$ref"] = DEF_PREFIX + new
        for value in node.values():
            _retarget(value, old, new)
    elif isinstance(node, list):
        for value in node:
            _retarget(value, old, new)


def _drop_null_alternatives(node: Any) -> None:
    """An optional section (`X | None`) is written by leaving it out, never as
    null; `anyOf: [X, null]` would make the editor say only "not valid under
    any of the given schemas" for a typo inside X, so the field is just X."""
    if isinstance(node, dict):
        any_of = node.get("anyOf")
        other = next((x for x in any_of if x != {"type": "null"}), None) if isinstance(any_of, list) and len(any_of) == 2 and {"type": "null"} in any_of else None
        if other is not None and "$ref" in other:  # a section; scalars keep `key:` (null) as written in the example
            del node["anyOf"]
            for key, value in other.items():
                node.setdefault(key, value)
        for value in node.values():
            _drop_null_alternatives(value)
    elif isinstance(node, list):
        for value in node:
            _drop_null_alternatives(value)


# -- help texts ---------------------------------------------------------------------------------------


def _chinese_definition_titles(schema: dict) -> None:
    """pydantic titles a definition with its class name (AfterWarranty) and
    describes it with the class docstring (English, for developers). Editors
    show these on hover, so give each definition the Chinese title and
    description of the field that refers to it."""
    defs = schema.get("$defs", {})
    named: dict[str, tuple[str, str]] = {}
    for definition in [schema, *defs.values()]:
        for prop in definition.get("properties", {}).values():
            for ref in _refs(prop):
                named.setdefault(ref, (prop.get("title", ""), prop.get("description", "")))
    for name, definition in defs.items():
        title, description = named.get(name, ("", ""))
        if title:
            definition["title"] = title
            if name.endswith(OVERRIDE) and name != Policy.__name__ + OVERRIDE:
                description += _override_note(definition)
            definition["description"] = description


def _override_note(definition: dict) -> str:
    key = (definition.get("required") or [None])[0]
    if key:
        return f"（覆盖基础政策：按 {key} 与政策中的同名项合并，只写要改的键；政策中没有的新项须写全）"
    return "（覆盖基础政策：只写要改的键）"


def _refs(node: object) -> list[str]:
    """Definition names referred to anywhere inside node."""
    if isinstance(node, dict):
        out = [node["$ref"].rsplit("/", 1)[-1]] if "$ref" in node else []
        for value in node.values():
            out += _refs(value)
        return out
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def _editor_patterns(node: Any) -> None:
    """Every pattern (the model's own too) as the editor's JavaScript reads it."""
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            node["pattern"] = editor_pattern(node["pattern"])
        message = node.get("patternErrorMessage")
        for alt in node.get("anyOf", []) if message else []:
            if "pattern" in alt:  # an optional field: the pattern sits in the non-null branch
                alt.setdefault("patternErrorMessage", message)
        for value in node.values():
            _editor_patterns(value)
    elif isinstance(node, list):
        for value in node:
            _editor_patterns(value)


def _drop_null_defaults(node: Any) -> None:
    """An optional field has no default in the schema: the language server
    would otherwise insert `answer: null` on completion."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for prop in props.values():
                if isinstance(prop, dict) and "default" in prop and prop["default"] is None:
                    del prop["default"]
        for value in node.values():
            _drop_null_defaults(value)
    elif isinstance(node, list):
        for value in node:
            _drop_null_defaults(value)
