"""JSON Schema of one output record, generated from the models (committed as schemas/document.schema.json)."""
from __future__ import annotations

import json

from .models import SCHEMA_VERSION, Document


def document_schema() -> dict:
    schema = Document.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://policy-measures.invalid/schemas/document-{SCHEMA_VERSION}.schema.json"
    return schema


def schema_json() -> str:
    return json.dumps(document_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
