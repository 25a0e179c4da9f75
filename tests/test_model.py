"""The model declares its own references: the validation tables are read off it."""

from __future__ import annotations

import re
import typing

from pydantic import BaseModel

from leadcheck.model import Plan
from leadcheck.shape import KINDS_AT as _KINDS
from leadcheck.shape import REFERENCES as _REFERENCES
from leadcheck.vocab import KINDS


def _fields() -> dict[tuple[str | int, ...], str]:
    """Every field reachable from Plan (lists as "*") with its description."""
    out: dict[tuple[str | int, ...], str] = {}
    stack: list[tuple[type[BaseModel], tuple[str | int, ...]]] = [(Plan, ())]
    while stack:
        model, at = stack.pop()
        for name, info in model.model_fields.items():
            path: tuple[str | int, ...] = (*at, name)
            annotation: typing.Any = info.annotation
            for _ in range(3):  # Optional[list[X]] and friends
                args = [a for a in typing.get_args(annotation) if a is not type(None)]
                if typing.get_origin(annotation) is list:
                    path = (*path, "*")
                if args:
                    annotation = args[0]
            out[path] = info.description or ""
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                stack.append((annotation, path))
    return out


def test_every_field_described_as_an_id_is_a_declared_reference() -> None:
    fields = _fields()
    described = {
        path
        for path, text in fields.items()
        if path[-1] != "id"
        and re.search(r"\bids?\b", text)
        and not re.search(r"unique|rule id", text)
    }
    declared = {pattern for pattern, _ in _REFERENCES}
    assert declared == described


def test_every_kind_has_one_home() -> None:
    assert list(_KINDS) == list(KINDS)
    assert _KINDS["milestone"] == ("work_streams", "*", "milestones", "*")
