"""The plan's validation schema as plain data, so pydantic-core can check a plan
without importing pydantic (which costs more than the whole check of a plan).

The models in `leadcheck/model.py` stay the source of truth: this module turns
their pydantic-core schema into a Python literal, written to
`leadcheck/plan-core.json` by `python -m leadcheck.coreschema` (and
`python3 tasks.py docs`); a test fails when that file is stale. Classes,
enumerations and functions in the schema become tagged strings that
`leadcheck.fastcore` resolves when it builds the validator.

Beside the schema the file holds the tables validation and the rules read off
the models (`leadcheck.shape`): where each kind of object lives, every
reference field, the fields of each object, the choices of each enumerated
field, the free-text fields, the trait and principle keys.
"""

from __future__ import annotations

import enum
import json
import sys
import types
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

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

    data = {"tables": tables(), "schema": plain(Plan.__pydantic_core_schema__)}
    return json.dumps(data, indent=1) + "\n"


Pattern = tuple[str, ...]
"""A path through a plan where "*" stands for every list item."""


def tables() -> dict[str, Any]:
    """What validation and the rules need to know of the models, as plain data.

    A list of models with a `kind` defines ids of that kind; a field annotated
    with `RefTo` names one; a field typed `str` is free text. Nothing is listed
    by hand.
    """
    from pydantic import BaseModel

    from leadcheck.model import Plan, PrincipleScores, TraitScores
    from leadcheck.vocab import KINDS

    kinds: dict[str, Pattern] = {}
    references: list[list[Any]] = []
    fields: list[list[Any]] = []
    choices: list[list[Any]] = []
    free_text: list[Pattern] = []
    required_text: list[Pattern] = []
    stack: list[tuple[type[BaseModel], Pattern]] = [(Plan, ())]
    while stack:
        model, at = stack.pop(0)
        fields.append([list(at), list(model.model_fields)])
        hints = typing.get_type_hints(model, include_extras=True)
        for name, info in model.model_fields.items():
            pattern: Pattern = (*at, name)
            annotation = _strip_optional(hints[name])
            while typing.get_origin(annotation) is list:
                annotation = _strip_optional(typing.get_args(annotation)[0])
                pattern = (*pattern, "*")
            ref = _ref_mark(annotation)
            if ref is not None:
                references.append([list(pattern), list(ref.kinds), list(ref.words)])
            if annotation is str:  # Annotated ids, references and versions are not
                free_text.append(pattern)
                if pattern[-1] != "*" and info.is_required():
                    required_text.append(pattern)
            target = _unwrap(annotation)
            if isinstance(target, type) and issubclass(target, enum.Enum):
                choices.append([list(pattern), [str(member.value) for member in target]])
            elif typing.get_origin(target) is typing.Literal:
                choices.append([list(pattern), [str(a) for a in typing.get_args(target)]])
            elif isinstance(target, type) and issubclass(target, BaseModel):
                kind = getattr(target, "kind", None)
                if isinstance(kind, str) and pattern[-1] == "*":
                    kinds.setdefault(kind, pattern)
                stack.append((target, pattern))
    return {
        "kinds": {k: list(kinds[k]) for k in KINDS},
        "references": references,
        "fields": fields,
        "choices": choices,
        "free_text": [list(p) for p in free_text],
        "required_text": [list(p) for p in required_text],
        "traits": list(TraitScores.model_fields),
        "principles": {
            name: (info.description or name).rstrip(".")
            for name, info in PrincipleScores.model_fields.items()
        },
    }


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _unwrap(annotation: Any) -> Any:
    """Strip Optional and Annotated wrappers."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _ref_mark(annotation: Any) -> Any:
    if typing.get_origin(annotation) is typing.Annotated:
        from leadcheck.vocab import RefTo

        return next((m for m in annotation.__metadata__ if isinstance(m, RefTo)), None)
    return None


def main() -> int:
    TARGET.write_text(generate(), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
