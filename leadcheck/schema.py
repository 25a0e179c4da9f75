"""The JSON Schema of the plan format, generated from the models."""

from __future__ import annotations

import json
from typing import Any

from leadcheck.model import Plan

SCHEMA_ID = "urn:leadcheck:schema:plan:1"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def plan_schema() -> dict[str, Any]:
    """Draft 2020-12 schema for yaml-language-server and other editors."""
    generated = Plan.model_json_schema(mode="validation")
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "leadcheck partnership plan (version 1)",
    }
    schema.update(generated)
    schema["title"] = "leadcheck partnership plan (version 1)"
    return schema


def plan_schema_json() -> str:
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"
