"""`leadcheck schema`: a valid draft 2020-12 schema that agrees with the plan format.

Editors validate plans with this schema (yaml-language-server), so it must
accept every example plan we ship, reject what the loader rejects as LC002, and
describe every field for hover help.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, ROOT
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from leadcheck.cli import app

RULE_EXAMPLES = sorted((ROOT / "leadcheck" / "rules" / "examples").glob("*.yaml"))
PLAN_EXAMPLES = sorted([*EXAMPLES.rglob("*.yaml"), *EXAMPLES.rglob("*.yml")])


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema)


def as_json_data(text: str) -> Any:
    """YAML as the JSON an editor would validate (dates become ISO strings)."""
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


def errors(validator: Draft202012Validator, text: str) -> list[str]:
    return [e.message for e in validator.iter_errors(as_json_data(dedent(text)))]


def test_schema_is_valid_draft_2020_12(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object"
    assert schema["title"]
    assert schema["$id"]
    assert set(schema["required"]) == {"partnership", "partners"}


def test_schema_output_is_stable() -> None:
    first = CliRunner().invoke(app, ["schema"]).stdout
    second = CliRunner().invoke(app, ["schema"]).stdout
    assert first == second
    assert first.endswith("}\n")


@pytest.mark.parametrize("path", RULE_EXAMPLES, ids=lambda p: p.name)
def test_schema_accepts_rule_examples(validator: Draft202012Validator, path: Path) -> None:
    data = as_json_data(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(data)] == []


def test_there_are_rule_examples() -> None:
    assert len(RULE_EXAMPLES) >= 76  # a good and a bad example for each of 38 rules


@pytest.mark.parametrize("path", PLAN_EXAMPLES, ids=lambda p: p.name)
def test_schema_accepts_examples(validator: Draft202012Validator, path: Path) -> None:
    data = as_json_data(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(data)] == []


MINIMAL = """\
    partnership:
      name: Riverside Partnership
      as_of: 2026-06-30
    partners:
      - id: rc
        name: Riverside Council
    """


def test_schema_accepts_a_minimal_plan(validator: Draft202012Validator) -> None:
    assert errors(validator, MINIMAL) == []


def test_schema_rejects_an_unknown_key(validator: Draft202012Validator) -> None:
    plan = (
        MINIMAL
        + """\
    work_streams:
      - id: ws-crisis
        name: Crisis cafe
        chamions: [p-ana]
    """
    )
    found = errors(validator, plan)
    assert found
    assert any("chamions" in message for message in found)


def test_schema_rejects_an_unknown_top_level_key(validator: Draft202012Validator) -> None:
    assert errors(validator, MINIMAL + "    partnrs: []\n")


def test_schema_rejects_a_bad_enum(validator: Draft202012Validator) -> None:
    plan = MINIMAL.replace(
        "name: Riverside Council", "name: Riverside Council\n        type: nhs_trst"
    )
    found = errors(validator, plan)
    assert found
    assert any("nhs_trst" in message for message in found)


def test_schema_rejects_a_yaml_boolean_where_an_enum_is_expected(
    validator: Draft202012Validator,
) -> None:
    plan = MINIMAL.replace(
        "name: Riverside Council",
        "name: Riverside Council\n        chief_executive:\n          backing: yes",
    )
    assert errors(validator, plan)


def test_schema_rejects_missing_required_fields(validator: Draft202012Validator) -> None:
    assert errors(validator, "partnership:\n  name: X\n")  # no partners
    assert errors(validator, "partnership:\n  name: X\npartners: []\n")  # at least one
    assert errors(validator, MINIMAL.replace("        name: Riverside Council\n", ""))


def test_schema_rejects_a_waiver_without_its_reason(validator: Draft202012Validator) -> None:
    plan = (
        MINIMAL
        + """\
    waivers:
      - rule: LC201
        owner: p-ana
        expires: 2026-12-31
    """
    )
    assert errors(validator, plan)


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(Definition.property, property schema) for the top level and every $defs entry."""
    for name, prop in schema.get("properties", {}).items():
        yield f"Plan.{name}", prop
    for definition, body in schema.get("$defs", {}).items():
        for name, prop in body.get("properties", {}).items():
            yield f"{definition}.{name}", prop


def test_schema_has_definitions(schema: dict[str, Any]) -> None:
    for name in ("Partner", "Person", "WorkStream", "Waiver", "Milestone"):
        assert name in schema["$defs"]


def test_every_property_has_a_description(schema: dict[str, Any]) -> None:
    missing = [name for name, prop in _properties(schema) if not prop.get("description")]
    assert missing == []


def test_every_property_but_the_trait_scores_has_a_description(schema: dict[str, Any]) -> None:
    missing = [
        name
        for name, prop in _properties(schema)
        if not prop.get("description") and not name.startswith("TraitScores.")
    ]
    assert missing == []


def test_reference_properties_keep_their_own_description(schema: dict[str, Any]) -> None:
    generic = "The id of something defined elsewhere in the plan."
    defs = schema["$defs"]
    fields = [
        ("Waiver", "owner"),
        ("DelegatedAuthority", "to"),
        ("BoardMember", "person"),
        ("Communication", "audience"),
        ("Skill", "skill"),
    ]
    generic_ones = [
        f"{d}.{p}" for d, p in fields if defs[d]["properties"][p].get("description") == generic
    ]
    assert generic_ones == []
