"""Every rule's cases, as data: tests/rules/<ID>.yaml holds named plans, each with
the findings it expects marked in place (`# [LC204]`), and optional `params`
(the rule's parameter overrides) and `as_of`.

Each file is also snapshotted: tests/golden/rules/<ID>.txt holds every message
and fix the cases produce (rewrite with LEADCHECK_UPDATE_GOLDEN=1; review the diff).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from markers import expected, found

from leadcheck.engine import Options, check_text
from leadcheck.rules import BUILTIN_RULES
from leadcheck.structure import AUDIT_RULES, STRUCTURE_RULES

CASES = Path(__file__).resolve().parent / "rules"
RULES = {rule.id: rule for rule in BUILTIN_RULES}
TIMELESS = frozenset(AUDIT_RULES) - {"LC009"}
"""Cases are judged at their own as_of, whatever day the tests run on."""


def _cases(rule_id: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((CASES / f"{rule_id}.yaml").read_text(encoding="utf-8"))
    cases: list[dict[str, Any]] = data["cases"]
    return cases


def _run(rule_id: str, case: dict[str, Any]):  # type: ignore[no-untyped-def]
    as_of = case.get("as_of")
    options = Options(
        rules=[RULES[rule_id]],
        params={rule_id: case.get("params", {})},
        as_of=dt.date.fromisoformat(str(as_of)) if as_of else None,
        structure=TIMELESS,
    )
    return check_text(case["plan"], f"{rule_id}.yaml", options)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_has_cases(rule_id: str) -> None:
    cases = _cases(rule_id)
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names repeat"
    marked = [bool(expected(c["plan"], [rule_id])) for c in cases]
    assert any(marked), "no failing case"
    assert not all(marked), "no passing case"
    used = {name for c in cases for name in c.get("params", {})}
    assert used == set(RULES[rule_id].meta.params), "every parameter needs a case"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_cases_find_exactly_what_is_marked(
    rule_id: str, golden: Callable[[str, str], None]
) -> None:
    snapshot: list[str] = []
    for case in _cases(rule_id):
        report = _run(rule_id, case)
        # The plan is sound; structure findings (a placeholder, LC008) only where marked.
        structural = [f for f in report.findings if f.theme is None]
        marked = expected(case["plan"], STRUCTURE_RULES)
        assert found(structural) == marked, f"{case['name']}: {[f.message for f in structural]}"
        mine = [f for f in report.findings if f.rule == rule_id]
        assert found(mine) == expected(case["plan"], [rule_id]), case["name"]
        snapshot.append(f"## {case['name']}")
        for f in mine:
            snapshot.append(f"{f.location.line}:{f.location.column} {f.message}")
            snapshot.append(f"  fix: {f.fix}")
    golden(f"rules/{rule_id}.txt", "\n".join(snapshot) + "\n")
