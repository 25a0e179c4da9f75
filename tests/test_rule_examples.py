"""Every rule's failing example fails exactly on its marked lines; its passing one passes.

Bad examples mark each line where a finding must land with `# [LCxxx]`.
"""

from __future__ import annotations

import re

import pytest
from markers import expected, found

from leadcheck.engine import Options, check_text
from leadcheck.findings import Finding
from leadcheck.rules import BUILTIN_RULES, registry
from leadcheck.rules.base import Rule
from leadcheck.structure import AUDIT_RULES, STRUCTURE_RULES

RULES = {rule.id: rule for rule in BUILTIN_RULES}
TIMELESS = frozenset(AUDIT_RULES) - {"LC009"}
"""Examples are judged at their own as_of, whatever day the tests run on."""


def _run(rule: Rule, kind: str) -> tuple[str, list[Finding]]:
    text = rule.example(kind)
    report = check_text(text, f"{rule.id}.{kind}.yaml", Options(rules=[rule], structure=TIMELESS))
    # The plan is sound; structure findings (a placeholder, LC008) only where marked.
    structural = [f for f in report.findings if f.theme is None]
    assert found(structural) == expected(text, STRUCTURE_RULES), [f.message for f in structural]
    mine = [f for f in report.findings if f.rule == rule.id]
    for finding in mine:  # per-subject findings name their subject
        assert finding.target is None or f"'{finding.target}'" in finding.message
        assert finding.location.line > 1
    return text, mine


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_failing_example_fails_on_marked_lines(rule_id: str) -> None:
    rule = RULES[rule_id]
    text, mine = _run(rule, "bad")
    marked = expected(text, [rule_id])
    assert marked, "the failing example marks no line"
    assert found(mine) == marked, [f.message for f in mine]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_passing_example_passes(rule_id: str) -> None:
    _, mine = _run(RULES[rule_id], "good")
    assert mine == [], [f.message for f in mine]


# The contract of rules.md (and of the issue that added LC008-LC011, LC305 and
# LC408-LC410): id, slug and default severity of every rule.
CONTRACT = [
    ("LC001", "invalid-yaml", "error"),
    ("LC002", "schema", "error"),
    ("LC003", "unknown-reference", "error"),
    ("LC004", "duplicate-key", "error"),
    ("LC005", "duplicate-id", "error"),
    ("LC006", "waiver-expired", "error"),
    ("LC007", "waiver-unused", "info"),
    ("LC008", "placeholder", "error"),
    ("LC009", "as-of-date", "warning"),
    ("LC010", "waiver-limits", "error"),
    ("LC011", "waiver-duplicate", "info"),
    ("LC101", "key-roles-named", "error"),
    ("LC102", "improvement-lead-central", "error"),
    ("LC103", "lead-draws-on-all-partners", "warning"),
    ("LC104", "skills-defined", "warning"),
    ("LC105", "skill-gaps-addressed", "warning"),
    ("LC201", "work-stream-champion", "error"),
    ("LC202", "stakeholder-group-champion", "error"),
    ("LC203", "single-accountable-lead", "warning"),
    ("LC204", "champion-overload", "warning"),
    ("LC205", "leadership-from-every-partner", "warning"),
    ("LC301", "users-and-carers-represented", "error"),
    ("LC302", "lived-experience-champions", "error"),
    ("LC303", "equal-seat", "error"),
    ("LC304", "co-production-depth", "warning"),
    ("LC305", "lived-experience-leaders", "warning"),
    ("LC401", "chief-executive-backing", "error"),
    ("LC402", "backing-current", "warning"),
    ("LC403", "senior-sponsor", "error"),
    ("LC404", "engaged-at-start", "warning"),
    ("LC405", "escalation-route", "warning"),
    ("LC406", "devolution-in-action", "warning"),
    ("LC407", "risk-appetite", "warning"),
    ("LC408", "own-chief-executive", "error"),
    ("LC409", "own-senior-support", "error"),
    ("LC410", "authority-devolved-down", "warning"),
    ("LC501", "leadership-development", "warning"),
    ("LC502", "shared-vision", "error"),
    ("LC503", "common-goals", "warning"),
    ("LC504", "openness", "warning"),
    ("LC505", "mutual-respect-assessed", "info"),
    ("LC506", "leader-traits-assessed", "warning"),
    ("LC507", "leader-trait-gap", "info"),
    ("LC508", "limits-agreed", "warning"),
    ("LC509", "principle-split", "warning"),
    ("LC510", "principle-weak", "warning"),
    ("LC601", "resources-from-every-partner", "error"),
    ("LC602", "plan-long", "warning"),
    ("LC603", "do-short", "warning"),
    ("LC604", "overdue-milestone", "warning"),
    ("LC605", "case-for-change", "warning"),
    ("LC606", "communication-reach", "warning"),
    ("LC607", "energetic-cadence", "info"),
    ("LC608", "made-real", "warning"),
    ("LC609", "highlight-report-current", "warning"),
]


def test_catalogue_matches_the_design() -> None:
    from leadcheck.structure import STRUCTURE_RULES

    """The design's ids, slugs and severities hold; new rules may join them."""
    metas = {**STRUCTURE_RULES, **{rid: r.meta for rid, r in RULES.items()}}
    actual = {m.id: (m.id, m.slug, m.severity.value) for m in metas.values()}
    assert [actual.get(rule_id) for rule_id, _, _ in CONTRACT] == CONTRACT


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_documents_itself(rule_id: str) -> None:
    meta = RULES[rule_id].meta
    assert meta.title
    assert meta.rationale
    assert meta.fix
    assert meta.tips
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", meta.slug)
    assert meta.theme in {
        "central-leadership",
        "champions",
        "co-production",
        "senior-support",
        "partnering",
        "momentum",
    }


def test_registry_lists_builtins_in_order() -> None:
    assert list(registry(plugins=False)) == [r.id for r in BUILTIN_RULES]
