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
    # the modeline comment is not data; allow it nowhere else
    return schema


def schema_text() -> str:
    return json.dumps(schema_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
