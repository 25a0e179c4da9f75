"""Loaded data to a typed Plan, with every schema, reference and id problem found.

All problems in a file are reported together: the schema errors come from one
pydantic pass, and references and ids are checked on the raw data so they are
found even when the schema also failed.
"""

from __future__ import annotations

import difflib
import enum
import types
import typing
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from leadcheck.findings import Finding, YamlPath, format_path
from leadcheck.loader import Loaded, Positions
from leadcheck.model import KINDS, Plan, RefTo
from leadcheck.structure import STRUCTURE_RULES, structure_finding


@dataclass(frozen=True, slots=True)
class Validated:
    """A loaded file after validation: the plan when it is sound enough for rules."""

    loaded: Loaded
    plan: Plan | None
    findings: tuple[Finding, ...]


def validate(loaded: Loaded, rule_ids: Collection[str] | None = None) -> Validated:
    """Check a loaded plan; `plan` is None when any structure error was found.

    With `rule_ids`, each waiver's rule must be one of them (LC003).
    """
    if loaded.data is None:
        return Validated(loaded, None, loaded.findings)
    findings = list(loaded.findings)
    plan: Plan | None = None
    try:
        plan = Plan.model_validate(loaded.data)
    except ValidationError as exc:
        findings.extend(_schema_findings(exc, loaded))
    ids, repeats = collect_ids(loaded.data)
    findings.extend(_id_findings(loaded, repeats))
    findings.extend(_reference_findings(loaded, ids))
    findings.extend(_waiver_rule_findings(loaded, rule_ids))
    findings.sort(key=lambda f: f.sort_key)
    return Validated(loaded, plan if not findings else None, tuple(findings))


# --- LC002: schema --------------------------------------------------------------


def _schema_findings(exc: ValidationError, loaded: Loaded) -> Iterator[Finding]:
    seen: set[YamlPath] = set()
    for error in exc.errors(include_url=False):
        path = tuple(error["loc"])
        if path in seen:  # a union reports each branch; one finding is enough
            continue
        seen.add(path)
        message, at_key = _schema_message(error, path)
        where, line, col = loaded.positions.locate(path, prefer_key=at_key)
        if error["type"] == "missing":
            where = path
        yield structure_finding("LC002", message, loaded.file, line, col, where)


def _schema_message(error: ErrorDetails, path: YamlPath) -> tuple[str, bool]:
    kind = error["type"]
    name = format_path(path) or "the plan"
    value = error.get("input")
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = _allowed_keys(path[:-1])
        return f"unknown key {key!r} at {name}{_did_you_mean(key, allowed)}", True
    if kind == "missing":
        return f"missing required field {str(path[-1])!r} at {name}", True
    if kind in ("enum", "literal_error"):
        choices = _enum_values(path)
        shown = ", ".join(choices) if choices else error.get("ctx", {}).get("expected", "")
        hint = _did_you_mean(str(value), choices) if isinstance(value, str) else ""
        if isinstance(value, bool):
            hint = " (YAML reads an unquoted yes, no, on or off as true or false)"
        return f"{name}: {_show(value)} is not one of {shown}{hint}", False
    if kind.startswith("date"):
        return f"{name}: {_show(value)} is not a valid date; write YYYY-MM-DD", False
    if kind == "string_pattern_mismatch":
        if path and path[-1] == "rule":
            return f"{name}: {_show(value)} is not a rule id such as LC201", False
        return (
            f"{name}: {_show(value)} is not a valid id; use lower-case letters, digits, "
            "'-' and '_', starting with a letter or digit",
            False,
        )
    bounds = {"greater_than_equal": ("ge", "at least"), "less_than_equal": ("le", "at most")}
    if kind in bounds:
        key, words = bounds[kind]
        limit = error.get("ctx", {}).get(key)
        shown = f"{limit:g}" if isinstance(limit, int | float) else str(limit)
        return f"{name}: {_show(value)} is out of range; it must be {words} {shown}", False
    if kind == "too_short" and path == ("partners",):
        return "partners: list at least one partner", False
    if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{name}: expected text, got the number {value!r}; put it in quotes", False
    expected = _EXPECTED.get(kind)
    if expected:
        return f"{name}: expected {expected}, got {_describe_value(value)}", False
    return f"{name}: {error['msg']}", False


_EXPECTED = {
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
}


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    return _describe_value(value)


def _describe_value(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"text {value!r}"
    return repr(value)


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _annotation_at(path: YamlPath) -> Any:
    """The type the model expects at `path` (None when the path leaves the model)."""
    current: Any = Plan
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            current = field.annotation if field else None
        else:
            return None
    return _unwrap(current)


def _unwrap(annotation: Any) -> Any:
    """Strip Optional and Annotated wrappers."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def _allowed_keys(path: YamlPath) -> list[str]:
    model = _annotation_at(path)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _enum_values(path: YamlPath) -> list[str]:
    annotation = _annotation_at(path)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    if typing.get_origin(annotation) is typing.Literal:
        return [str(a) for a in typing.get_args(annotation)]
    return []


# --- LC005: duplicate ids, LC003: references ---------------------------------------

Pattern = tuple[str | int, ...]
"""A path through the plan's data where "*" stands for every list item."""


def _model_tables() -> tuple[dict[str, Pattern], list[tuple[Pattern, RefTo]]]:
    """Where each kind's objects live, and every reference field: read off the model.

    A list of models with a `kind` defines ids of that kind; a field annotated
    with `RefTo` names one. Nothing is listed by hand.
    """
    kinds: dict[str, Pattern] = {}
    references: list[tuple[Pattern, RefTo]] = []
    stack: list[tuple[type[BaseModel], Pattern]] = [(Plan, ())]
    while stack:
        model, at = stack.pop(0)
        hints = typing.get_type_hints(model, include_extras=True)
        for name in model.model_fields:
            pattern: Pattern = (*at, name)
            annotation = hints[name]
            while True:
                annotation = _strip_optional(annotation)
                if typing.get_origin(annotation) is not list:
                    break
                annotation = typing.get_args(annotation)[0]
                pattern = (*pattern, "*")
            ref = _ref_mark(annotation)
            if ref is not None:
                references.append((pattern, ref))
            target = _unwrap(annotation)
            if isinstance(target, type) and issubclass(target, BaseModel):
                kind = getattr(target, "kind", None)
                if isinstance(kind, str) and pattern[-1] == "*":
                    kinds.setdefault(kind, pattern)
                stack.append((target, pattern))
    return {k: kinds[k] for k in KINDS}, references


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _ref_mark(annotation: Any) -> RefTo | None:
    if typing.get_origin(annotation) is typing.Annotated:
        return next((m for m in annotation.__metadata__ if isinstance(m, RefTo)), None)
    return None


_KINDS, _REFERENCES = _model_tables()


def _walk(data: Any, pattern: tuple[str | int, ...]) -> list[tuple[YamlPath, Any]]:
    """Every (path, value) in `data` matching `pattern`, tolerating malformed shapes."""
    frontier: list[tuple[YamlPath, Any]] = [((), data)]
    for head in pattern:
        step: list[tuple[YamlPath, Any]] = []
        for path, value in frontier:
            if head == "*":
                if isinstance(value, list):
                    step.extend(((*path, i), item) for i, item in enumerate(value))
            elif isinstance(value, dict) and head in value:
                step.append(((*path, head), value[head]))
        frontier = step
    return frontier


Repeat = tuple[str, str, YamlPath, YamlPath]


def collect_ids(data: dict[str, Any]) -> tuple[dict[str, dict[str, YamlPath]], list[Repeat]]:
    """For each kind, its ids and where each was first defined; and every repeat.

    A repeat is (kind, id, path of the repeat, path of the first).
    """
    ids: dict[str, dict[str, YamlPath]] = {}
    repeats: list[Repeat] = []
    for kind, pattern in _KINDS.items():
        found: dict[str, YamlPath] = {}
        for path, item in _walk(data, pattern):
            ident = _as_text(item.get("id")) if isinstance(item, dict) else None
            if ident is None:
                continue
            if ident in found:
                repeats.append((kind, ident, path, found[ident]))
            else:
                found[ident] = path
        ids[kind] = found
    return ids, repeats


def _id_findings(loaded: Loaded, repeats: list[Repeat]) -> Iterator[Finding]:
    for kind, ident, path, first in repeats:
        earlier = _line(loaded.positions, (*first, "id"))
        yield _at_value(
            loaded,
            "LC005",
            f"{kind} id {ident!r} is used twice (first at line {earlier})",
            (*path, "id"),
        )


def _reference_findings(loaded: Loaded, ids: dict[str, dict[str, YamlPath]]) -> Iterator[Finding]:
    assert loaded.data is not None
    for pattern, ref in _REFERENCES:
        words, real = list(ref.words), list(ref.kinds)
        suggest = _Suggester([*words, *(i for kind in real for i in ids[kind])])
        what = " or ".join(real)
        also = f" (or {' / '.join(repr(w) for w in words)})" if words else ""
        for path, raw in _walk(loaded.data, pattern):
            value = _as_text(raw)
            if value is None or value in words or any(value in ids[kind] for kind in real):
                continue
            yield _at_value(
                loaded,
                "LC003",
                f"{format_path(path)}: {value!r} names no {what}{also}{suggest(value)}",
                path,
            )


def _waiver_rule_findings(loaded: Loaded, rule_ids: Collection[str] | None) -> Iterator[Finding]:
    """Waivers may name only theme rules that exist."""
    assert loaded.data is not None
    for path, raw in _walk(loaded.data, ("waivers", "*", "rule")):
        if not isinstance(raw, str):
            continue
        if raw in STRUCTURE_RULES:
            message = f"{raw} is a structure rule and cannot be waived; fix the plan instead"
            yield _at_value(loaded, "LC002", message, path)
        elif rule_ids is not None and raw not in rule_ids:
            message = f"waiver names unknown rule {raw!r}{_Suggester(rule_ids)(raw)}"
            yield _at_value(loaded, "LC003", message, path)


class _Suggester:
    """ "Did you mean" against a fixed list, remembered per word.

    Long lists are narrowed to the names sharing the word's first letter, so a
    plan with thousands of dangling references stays fast.
    """

    def __init__(self, candidates: Iterable[str]) -> None:
        self.by_letter: dict[str, list[str]] = defaultdict(list)
        for candidate in candidates:
            self.by_letter[candidate[:1]].append(candidate)
        self.memo: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        if word not in self.memo:
            pool = self.by_letter.get(word[:1], [])
            if len(pool) < 50:  # short lists: compare with everything
                pool = [c for group in self.by_letter.values() for c in group][:500] or pool
            self.memo[word] = _did_you_mean(word, pool[:500])
        return self.memo[word]


def _as_text(value: Any) -> str | None:
    """An id as the model reads it: text, or a number made text."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _at_value(loaded: Loaded, rule: str, message: str, path: YamlPath) -> Finding:
    _, line, col = loaded.positions.locate(path, prefer_key=False)
    return structure_finding(rule, message, loaded.file, line, col, path)


def _line(positions: Positions, path: YamlPath) -> int:
    return positions.locate(path, prefer_key=False)[1]
