"""What every rule declares about itself, structure rules and theme rules alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from leadcheck.findings import Severity

ParamValue = int | float


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """A rule's identity and documentation; `leadcheck explain` prints all of it."""

    id: str
    slug: str
    severity: Severity
    title: str
    """One line: what the rule checks."""
    rationale: str
    """Why it matters, in plain words."""
    fix: str
    """One line: how to close the gap."""
    theme: str | None = None
    """None for structure rules, which are not scored and cannot be waived."""
    tips: tuple[str, ...] = ()
    """Keys of the tips (leadcheck.tips) the rule checks."""
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    """Default parameters; config and the engine may override them."""
    package: str = "leadcheck"
    """The distribution that provides the rule (plugins name their own)."""
