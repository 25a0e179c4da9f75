"""The structure rules (LC001-LC007): checked by `lint` and `audit`, never waived."""

from __future__ import annotations

from leadcheck.findings import Finding, Location, Severity, YamlPath
from leadcheck.meta import RuleMeta

_E, _I = Severity.ERROR, Severity.INFO

STRUCTURE_RULES: dict[str, RuleMeta] = {
    rule.id: rule
    for rule in (
        RuleMeta(
            "LC001",
            "invalid-yaml",
            _E,
            "The file is readable as one YAML document whose top level is a mapping",
            "Nothing else can be checked until the plan can be read.",
            "Fix the YAML at the position shown; keep one document with key: value fields.",
        ),
        RuleMeta(
            "LC002",
            "schema",
            _E,
            "Every field has a known name, the right type and an allowed value",
            "A misspelt field or value is silently ignored by people and tools alike, "
            "so the gap it hides is never seen.",
            "Correct the key or value as suggested; `leadcheck schema` lists every field.",
        ),
        RuleMeta(
            "LC003",
            "unknown-reference",
            _E,
            "Every id reference names something of the right kind",
            "A dangling reference means a role, champion or signature points at nobody.",
            "Use an id defined in the plan, or add the missing partner, person or group.",
        ),
        RuleMeta(
            "LC004",
            "duplicate-key",
            _E,
            "No mapping repeats a key",
            "Only one of the repeated values is kept, so the other is silently lost.",
            "Remove or merge the repeated key.",
        ),
        RuleMeta(
            "LC005",
            "duplicate-id",
            _E,
            "Ids are unique within their kind",
            "References to a shared id are ambiguous.",
            "Give each partner, person, group, work stream, goal and milestone its own id.",
        ),
        RuleMeta(
            "LC006",
            "waiver-expired",
            _E,
            "No waiver is past its expiry date",
            "An accepted gap was meant to be temporary; its owner must close it or renew "
            "the waiver on purpose.",
            "Close the gap, or agree a new expiry date with the waiver's owner.",
        ),
        RuleMeta(
            "LC007",
            "waiver-unused",
            _I,
            "Every waiver matches a finding",
            "A waiver that waives nothing is stale and hides nothing; it only adds noise.",
            "Delete the waiver, or correct its rule and target.",
        ),
    )
}


def structure_finding(
    rule_id: str, message: str, file: str, line: int, column: int, path: YamlPath = ()
) -> Finding:
    """A finding of a structure rule at an exact position."""
    rule = STRUCTURE_RULES[rule_id]
    return Finding(
        rule=rule.id,
        slug=rule.slug,
        severity=rule.severity,
        message=message,
        location=Location(file, line, column, path),
        fix=rule.fix,
    )
