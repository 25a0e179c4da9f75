"""What the plan's models say about its shape, read from the generated tables.

`leadcheck.coreschema` writes these tables beside the validation schema, from
the models; reading them here keeps validation, the placeholder scan and the
rules free of pydantic. Paths are patterns where "*" stands for every list item.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

from leadcheck.vocab import RefTo

Pattern = tuple[str, ...]
YamlPath = tuple[str | int, ...]


def package_text(*parts: str) -> str:
    """A data file shipped in the leadcheck package, as text."""
    try:  # an installed package is a folder: reading it directly is quickest
        with open(os.path.join(os.path.dirname(__file__), *parts), encoding="utf-8") as f:
            return f.read()
    except OSError:  # pragma: no cover - imported from a zip
        from importlib import resources

        return resources.files("leadcheck").joinpath(*parts).read_text(encoding="utf-8")


@cache
def generated() -> dict[str, Any]:
    """`plan-core.json`: {"tables": ..., "schema": ...}."""
    data: dict[str, Any] = json.loads(package_text("plan-core.json"))
    return data


def as_pattern(path: YamlPath) -> Pattern:
    return tuple("*" if isinstance(step, int) else step for step in path)


_T: dict[str, Any] = generated()["tables"]
KINDS_AT: dict[str, Pattern] = {kind: tuple(at) for kind, at in _T["kinds"].items()}
"""Where each kind's objects are listed: {"partner": ("partners", "*"), ...}."""
REFERENCES: tuple[tuple[Pattern, RefTo], ...] = tuple(
    (tuple(at), RefTo(tuple(kinds), tuple(words))) for at, kinds, words in _T["references"]
)
"""Every field that names an id, and what it may name."""
FIELDS: dict[Pattern, tuple[str, ...]] = {tuple(at): tuple(keys) for at, keys in _T["fields"]}
"""The fields of the object at each pattern."""
CHOICES: dict[Pattern, tuple[str, ...]] = {tuple(at): tuple(v) for at, v in _T["choices"]}
"""The allowed values of each enumerated field."""
FREE_TEXT: tuple[Pattern, ...] = tuple(tuple(at) for at in _T["free_text"])
"""Every plain-text field, in the models' order."""
REQUIRED_TEXT: tuple[Pattern, ...] = tuple(tuple(at) for at in _T["required_text"])
"""Free-text fields the schema requires (names, a waiver's reason)."""
TRAITS: tuple[str, ...] = tuple(_T["traits"])
"""The leadership traits a person is scored on."""
PRINCIPLE_TITLES: dict[str, str] = dict(_T["principles"])
"""Each partnership-assessment principle's key and its title, as the tool words it."""
PRINCIPLES: tuple[str, ...] = tuple(PRINCIPLE_TITLES)
del _T


def fields_at(path: YamlPath) -> tuple[str, ...] | None:
    """The fields of the object the plan expects at `path` (None: not an object)."""
    return FIELDS.get(as_pattern(path))


def choices_at(path: YamlPath) -> tuple[str, ...]:
    """The allowed values at `path` (empty when the field is not enumerated)."""
    return CHOICES.get(as_pattern(path), ())
