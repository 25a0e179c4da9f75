"""The structure rules (LC001-LC011): never waived, never scored.

`lint` checks LC001-LC005, the plan's shape. `audit` checks them too and, once
the plan is sound, LC006-LC011: what a plan's own words, date and waivers say
about how far its report can be trusted. Any open error among them makes the
plan "not ready"; an open warning makes it at best "nearly ready".
"""

from __future__ import annotations

from leadcheck.findings import Finding, Location, Severity, YamlPath
from leadcheck.meta import RuleMeta

_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

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
        RuleMeta(
            "LC008",
            "placeholder",
            _E,
            "No free-text field holds a placeholder such as TBC, N/A or the starter plan's "
            "own prompts",
            "A field that says TBC looks filled in but tells the reader nothing; leadcheck "
            "treats it as missing, so every rule that needs it fails as if it were absent.",
            "Write what the field asks for, or delete the field until you know it.",
        ),
        RuleMeta(
            "LC009",
            "as-of-date",
            _W,
            "The plan's as_of date is recent: not more than as_of_max_age_days before "
            "today, and not after today",
            "Every time rule measures from as_of, so an old date judges the plan as it "
            "was then: signatures, milestones and reports that have since gone stale "
            "still pass.",
            "Update `partnership.as_of` to the date the plan describes, or choose the "
            "date on purpose with `--as-of`.",
        ),
        RuleMeta(
            "LC010",
            "waiver-limits",
            _E,
            "Every waiver of an error ends within waiver_max_days of as_of and gives a real reason",
            "A waiver lets a plan pass with a gap; one with no end date, a far-off end "
            "date or no real reason turns an essential gap into a permanent one.",
            "Give the waiver an `expires` date within the limit and a `reason` that says "
            "why the gap is accepted and what will close it.",
        ),
        RuleMeta(
            "LC011",
            "waiver-duplicate",
            _I,
            "No waiver only repeats what an earlier waiver already waives",
            "Two waivers of one finding leave it unclear which owner, reason and expiry "
            "apply; only the first one does.",
            "Delete the later waiver, or merge its reason and owner into the first.",
        ),
    )
}

LINT_RULES = ("LC001", "LC002", "LC003", "LC004", "LC005")
"""The structure checks every run makes, `lint` included."""
AUDIT_RULES = ("LC006", "LC007", "LC008", "LC009", "LC010", "LC011")
"""The structure checks only `audit` makes (on a sound plan); each can be ignored."""


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


LISTED = 100
"""Findings of one kind (unknown keys, repeated ids...) listed per file; one more
finding counts the rest, so a plan with 200,000 of them is answered at once."""


def more_finding(
    rule_id: str,
    count: int,
    nouns: tuple[str, str],
    file: str,
    line: int,
    column: int,
    path: YamlPath = (),
) -> Finding:
    """`… and 199,900 more unknown keys (only the first 100 are listed)`, at the first
    finding of the kind that was left out; `nouns` is (singular, plural)."""
    what = nouns[0] if count == 1 else nouns[1]
    message = f"… and {count:,} more {what} (only the first {LISTED} are listed)"
    return structure_finding(rule_id, message, file, line, column, path)
