"""The plan's validation schema as plain data, so pydantic-core can check a plan
without importing pydantic (which costs more than the whole check of a plan).

The models in `leadcheck/model.py` stay the source of truth: this module turns
their pydantic-core schema into a Python literal, written to
`leadcheck/plan-core.json` by `python -m leadcheck.coreschema` (and
`python3 tasks.py docs`); a test fails when that file is stale. Classes,
enumerations and functions in the schema become tagged strings that
`leadcheck.fastcore` resolves when it builds the validator.
"""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Any

TARGET = Path(__file__).with_name("plan-core.json")
_DROP = ("metadata", "ref", "serialization")


def plain(node: Any) -> Any:
    """The schema with every Python object replaced by a tag `fastcore` resolves."""
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        schema_type = node.get("type")
        for key, value in node.items():
            if key in _DROP and isinstance(schema_type, str):
                continue
            if schema_type in ("model", "enum") and key == "cls":
                kind = (
                    "enum" if isinstance(value, type) and issubclass(value, enum.Enum) else "model"
                )
                out[key] = f"{kind}:{value.__name__}"
            elif schema_type == "enum" and key == "members":
                out[key] = [member.value for member in value]
            elif key == "default_factory":
                out[key] = f"factory:{value.__name__}"
            elif key == "function" and callable(value):
                out[key] = f"function:{value.__name__}"
            else:
                out[key] = plain(value)
        return out
    if isinstance(node, list | tuple):
        return [plain(item) for item in node]
    if isinstance(node, enum.Enum):
        return node.value
    if node is None or isinstance(node, str | int | float | bool):
        return node
    raise TypeError(f"cannot write {node!r} into the plain schema")


def generate() -> str:
    """The text of `plan-core.json` for the current models."""
    from leadcheck.model import Plan

    return json.dumps(plain(Plan.__pydantic_core_schema__), indent=1) + "\n"


def main() -> int:
    TARGET.write_text(generate(), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
