"""Loading keeps the position of every key and value, so findings point at the text.

Each plan in the repository (rule examples, examples/) is loaded and every
recorded position is checked against the source: the text at a key's
(line, column) starts with that key, and the text at a value's position starts
with the value as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest
import yaml

from leadcheck.findings import YamlPath
from leadcheck.loader import Loaded, Positions, load_bytes

ROOT = Path(__file__).resolve().parent.parent
RULE_EXAMPLES = ROOT / "leadcheck" / "rules" / "examples"
EXAMPLES = ROOT / "examples"
PLAN_FORMAT = ROOT.parent / "shared" / "design" / "plan-format.md"


def _plan_files() -> list[Path]:
    files: list[Path] = []
    for folder in (RULE_EXAMPLES, EXAMPLES):
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))
    return files


PLAN_FILES = _plan_files()


def test_there_are_plans_to_check() -> None:
    assert PLAN_FILES, f"no YAML files under {RULE_EXAMPLES}"


# --- the checks ---------------------------------------------------------------------------

_NODE_PROPERTIES = re.compile(r"^(?:[&!]\S*\s+)+")
"""Anchors (&a) and tags (!!str) written before a value."""
_NULLS = ("", "~", "null", "Null", "NULL")


def text_at(lines: list[str], line: int, column: int) -> str:
    assert 1 <= line <= len(lines) + 1, f"line {line} is outside the file"
    assert column >= 1
    return lines[line - 1][column - 1 :] if line <= len(lines) else ""


def starts_with_key(rest: str, key: str) -> bool:
    """`rest` begins with `key`, plain or quoted."""
    if rest.startswith(key):
        return True
    return rest[:1] in ("'", '"') and rest[1:].startswith(key)


def _plain_token(rest: str) -> str:
    """The plain scalar starting `rest`, up to a flow indicator or a comment."""
    match = re.match(r"[^,\]\}\s#]*", rest)
    assert match is not None
    return match.group(0)


def written_as(rest: str, value: Any) -> bool:
    """Does the source text `rest` start with `value` as a person would write it?"""
    rest = _NODE_PROPERTIES.sub("", rest)
    if rest.startswith("*"):  # an alias: the value was written at its anchor
        return True
    if isinstance(value, dict):
        return rest.startswith("{") or starts_with_key(rest, str(next(iter(value))))
    if isinstance(value, list):
        return rest.startswith(("[", "-"))
    if isinstance(value, str):
        if rest[:1] in ("|", ">"):  # a block scalar: the text follows on the next lines
            return True
        if rest[:1] in ("'", '"'):
            # Quoted: the text up to the first escape, closing quote or line end.
            before_escape = re.split(r"[\\'\"]", rest[1:], maxsplit=1)[0]
            return value.startswith(before_escape.rstrip())
        if rest.startswith(value):
            return True
        # A plain scalar folded over several lines starts with this line's text.
        first = rest.split(" #")[0].rstrip()
        return bool(first) and value.startswith(first)
    if value is None:
        return _plain_token(rest) in _NULLS
    return bool(yaml.safe_load(_plain_token(rest)) == value)


def walk(data: Any, path: YamlPath = ()) -> Iterator[tuple[YamlPath, Any]]:
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk(value, (*path, index))


def check_positions(source: str, loaded: Loaded) -> None:
    """Every recorded position matches the source, and nothing is left out."""
    assert loaded.data is not None, loaded.findings
    lines = source.splitlines()
    values = dict(walk(loaded.data))
    mapping_keys = {p for p in values if p and isinstance(values[p[:-1]], dict)}

    if any(f.rule == "LC004" for f in loaded.findings):
        # A repeated key leaves the positions of the value it replaced behind.
        assert set(values) <= set(loaded.positions.values), "a value has no position"
        assert mapping_keys <= set(loaded.positions.keys), "a mapping key has no position"
    else:
        assert loaded.findings == (), loaded.findings
        assert set(loaded.positions.values) == set(values), "a value has no position"
        assert set(loaded.positions.keys) == mapping_keys, "a mapping key has no position"

    for path in mapping_keys:
        line, column = loaded.positions.keys[path]
        rest = text_at(lines, line, column)
        assert starts_with_key(rest, str(path[-1])), (
            f"key {path} at {line}:{column} but the text there is {rest!r}"
        )
        value_line = loaded.positions.values[path][0]
        assert value_line >= line, f"the value of {path} is before its key"

    for path in values:
        line, column = loaded.positions.values[path]
        rest = text_at(lines, line, column)
        assert written_as(rest, values[path]), (
            f"value {path} = {values[path]!r} at {line}:{column} but the text there is {rest!r}"
        )


def load_source(source: str) -> Loaded:
    return load_bytes(source.encode("utf-8"), "plan.yaml")


# --- every plan in the repository --------------------------------------------------------


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_positions_of_repository_plans(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    loaded = load_source(source)
    if loaded.data is None:
        pytest.skip(f"{path.name} does not load: {loaded.findings[0].message}")
    check_positions(source, loaded)


@pytest.mark.skipif(not PLAN_FORMAT.is_file(), reason="design notes are not present")
def test_positions_of_the_reference_example() -> None:
    text = PLAN_FORMAT.read_text(encoding="utf-8")
    match = re.search(r"```yaml\n(.*?)```", text, re.DOTALL)
    assert match is not None
    source = match.group(1)
    loaded = load_source(source)
    check_positions(source, loaded)
    assert len(loaded.positions.values) > 100


# --- the checker itself, on awkward but valid YAML -----------------------------------------

AWKWARD = """\
# A leading comment moves the plan down a line.
partnership:
  name: "Northdale \\"Frailty\\" Partnership"
  'as_of': 2026-06-30
  plan_version: '2.0'
  horizon_months: 36
  vision: >-
    Home is the default
    for frail older people
  case_for_change: Delayed discharges rose
    40% in two winters
  goals: [{id: g1, owners: [ndc, "nhft"]}, {id: g2}]
? roles
: improvement_lead: &lead p-lead
  chair:   *lead
partners:
  -   id: ndc
      name: Northdale County Council   # trailing comment
      chief_executive: {person: p-ceo, backing: signed}
      resources:
        - type: cash
          amount: 120000.50
          available_to:
          - p-lead
          -  p-coo
  - {id: nhft, name: Northdale Hospitals}
people: []
waivers:
people_note: !!str 42
empty_value:
tilde: ~
flags: [true, no, null]
"""


def test_positions_of_awkward_yaml() -> None:
    check_positions(AWKWARD, load_source(AWKWARD))


@pytest.mark.parametrize(
    ("kind", "path", "moved"),
    [
        ("keys", ("partnership", "name"), (3, 4)),
        ("values", ("partnership", "name"), (3, 3)),
        ("values", ("partners", 0, "name"), (18, 12)),
        ("values", ("flags", 1), (32, 13)),
        ("values", ("partnership", "goals", 0, "owners", 0), (12, 27)),
    ],
)
def test_the_checker_notices_a_wrong_position(
    kind: str, path: YamlPath, moved: tuple[int, int]
) -> None:
    loaded = load_source(AWKWARD)
    getattr(loaded.positions, kind)[path] = moved
    with pytest.raises(AssertionError):
        check_positions(AWKWARD, loaded)


def test_positions_with_a_repeated_key() -> None:
    source = "partnership:\n  name: A\n  goals: [{id: g1}]\n  name: B\n"
    loaded = load_source(source)
    assert [f.rule for f in loaded.findings] == ["LC004"]
    check_positions(source, loaded)
    assert loaded.positions.keys[("partnership", "name")] == (4, 3)
    assert loaded.positions.values[("partnership", "name")] == (4, 9)


def test_exact_positions_of_awkward_yaml() -> None:
    positions = load_source(AWKWARD).positions
    assert positions.values[()] == (2, 1)
    assert positions.keys[("partnership", "name")] == (3, 3)
    assert positions.values[("partnership", "name")] == (3, 9)
    assert positions.keys[("partnership", "as_of")] == (4, 3)
    assert positions.values[("partnership", "vision")] == (7, 11)
    assert positions.values[("partnership", "goals", 0, "owners", 1)] == (12, 34)
    assert positions.keys[("roles",)] == (13, 3)
    assert positions.values[("roles", "chair")] == (15, 12)
    assert positions.values[("partners", 0)] == (17, 7)
    assert positions.values[("partners", 0, "resources", 0, "available_to", 1)] == (25, 14)
    assert positions.values[("partners", 1)] == (26, 5)
    assert positions.values[("partners", 1, "name")] == (26, 22)
    assert positions.values[("flags", 2)] == (32, 19)


# --- Positions.locate ------------------------------------------------------------------------

LOCATE = dedent(
    """\
    # plan
    partnership:
      name: Northdale
    partners:
      - id: ndc
        name: Northdale County Council
        chief_executive:
          person: p-ceo
    """
)


@pytest.fixture
def positions() -> Positions:
    loaded = load_source(LOCATE)
    assert loaded.findings == ()
    return loaded.positions


@pytest.mark.parametrize(
    ("path", "prefer_key", "expected"),
    [
        # A present mapping entry: its key, or its value.
        (("partnership", "name"), True, (("partnership", "name"), 3, 3)),
        (("partnership", "name"), False, (("partnership", "name"), 3, 9)),
        # A mapping value that is itself a mapping starts at its first key.
        (("partners", 0, "chief_executive"), True, (("partners", 0, "chief_executive"), 7, 5)),
        (("partners", 0, "chief_executive"), False, (("partners", 0, "chief_executive"), 8, 7)),
        # A list item has no key: both point at the value.
        (("partners", 0), True, (("partners", 0), 5, 5)),
        (("partners", 0), False, (("partners", 0), 5, 5)),
        # Missing paths fall back to the nearest ancestor in the file.
        (("partnership", "as_of"), True, (("partnership",), 2, 1)),
        (("partnership", "as_of"), False, (("partnership",), 3, 3)),
        (("partners", 0, "type"), True, (("partners", 0), 5, 5)),
        (
            ("partners", 0, "chief_executive", "backing"),
            True,
            (("partners", 0, "chief_executive"), 7, 5),
        ),
        (
            ("partners", 0, "chief_executive", "backing"),
            False,
            (("partners", 0, "chief_executive"), 8, 7),
        ),
        (("partners", 3, "name"), True, (("partners",), 4, 1)),
        (("partners", 3, "name"), False, (("partners",), 5, 3)),
        # Nothing of the path is present: the plan itself.
        (("people", 0, "name"), True, ((), 2, 1)),
        (("people", 0, "name"), False, ((), 2, 1)),
        ((), True, ((), 2, 1)),
    ],
)
def test_locate(
    positions: Positions, path: YamlPath, prefer_key: bool, expected: tuple[YamlPath, int, int]
) -> None:
    assert positions.locate(path, prefer_key=prefer_key) == expected


def test_locate_prefers_the_key_by_default(positions: Positions) -> None:
    assert positions.locate(("partnership", "name")) == (("partnership", "name"), 3, 3)


def test_locate_in_empty_positions_is_the_start_of_the_file() -> None:
    assert Positions().locate(("partners", 0, "id")) == ((), 1, 1)
    assert Positions().locate((), prefer_key=False) == ((), 1, 1)


def test_a_failed_load_has_no_positions() -> None:
    loaded = load_source("partnership: [\n")
    assert loaded.positions == Positions()
    assert loaded.positions.locate(("partnership",)) == ((), 1, 1)
