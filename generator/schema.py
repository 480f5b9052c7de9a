"""The JSON Schema of the data files, generated from the model.

One schema accepts any of the three file kinds (company, policy, bid), each
recognised by its top-level key; editors with the YAML language server use
it (via the `$schema` modeline at the top of each file) for Chinese help and
completion while a bid writer types.
"""

from __future__ import annotations

import json
from typing import Union

from pydantic import TypeAdapter

from .model import BidFile, CompanyFile, PolicyFile

SCHEMA_FILE = "commitments/tender.schema.json"


def schema_dict() -> dict:
    adapter = TypeAdapter(Union[CompanyFile, PolicyFile, BidFile])
    schema = adapter.json_schema(ref_template="#/$defs/{model}")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "tender 售后服务承诺数据"
    schema["description"] = "company.yaml（公司）、policies/*.yaml（服务政策）或 bids/*.yaml（投标）"
    _chinese_definition_titles(schema)
    return schema


def _chinese_definition_titles(schema: dict) -> None:
    """pydantic titles a definition with its class name (AfterWarranty) and
    describes it with the class docstring (English, for developers). Editors
    show these on hover, so give each definition the Chinese title and
    description of the field that refers to it."""
    defs = schema.get("$defs", {})
    named: dict[str, tuple[str, str]] = {}
    for definition in defs.values():
        for prop in definition.get("properties", {}).values():
            for ref in _refs(prop):
                named.setdefault(ref, (prop.get("title", ""), prop.get("description", "")))
    for name, definition in defs.items():
        title, description = named.get(name, ("", ""))
        if title:
            definition["title"] = title
            definition["description"] = description
    for name, title in (("CompanyFile", "公司信息文件"), ("PolicyFile", "服务政策文件"), ("BidFile", "投标文件")):
        if name in defs:
            defs[name]["title"] = title
            defs[name]["description"] = f"commitments/ 下的{title}"


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


def schema_text() -> str:
    return json.dumps(schema_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
