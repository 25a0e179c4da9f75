"""The result types every stage shares: severities, locations, findings, reports.

All of them are frozen so a finding cannot change after the engine stamps it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

YamlPath = tuple[str | int, ...]
"""A position in the plan's data: keys and list indices from the top."""


class Severity(StrEnum):
    """How much a finding matters; maps to SARIF error / warning / note."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def weight(self) -> int:
        """Weight in theme scores, and rank for thresholds (higher is worse)."""
        return _WEIGHTS[self]


_WEIGHTS = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}


class Readiness(StrEnum):
    """The overall verdict on a plan."""

    READY = "ready"
    NEARLY_READY = "nearly_ready"
    NOT_READY = "not_ready"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Colour(StrEnum):
    """A theme's red / amber / green status."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


def format_path(path: YamlPath) -> str:
    """Render a path as `work_streams[1].champions[0]`."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _is_plain_key(part):
            out.append(f".{part}" if out else part)
        else:
            quoted = part.replace("\\", "\\\\").replace('"', '\\"')
            out.append(f'["{quoted}"]')
    return "".join(out)


def _is_plain_key(key: str) -> bool:
    return bool(key) and key.replace("_", "a").replace("-", "a").isalnum() and key.isascii()


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points: 1-based line and column, and the YAML path."""

    file: str
    line: int
    column: int
    path: YamlPath = ()

    @property
    def yaml_path(self) -> str:
        return format_path(self.path)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Finding:
    """One gap or defect found in a plan."""

    rule: str
    slug: str
    severity: Severity
    message: str
    location: Location
    theme: str | None = None
    """The rule's theme; None for structure rules (LC0xx)."""
    target: str | None = None
    """The id of the subject the finding is about (a partner, a work stream...)."""
    fix: str = ""
    """One line saying how to close the gap."""
    waived: bool = False
    waiver_reason: str | None = None

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.rule, self.message)


@dataclass(frozen=True, slots=True)
class RuleScore:
    """How one rule scored on one plan."""

    rule: str
    theme: str
    severity: Severity
    subjects: int
    passed: int

    @property
    def score(self) -> float:
        return self.passed / self.subjects if self.subjects else 1.0


@dataclass(frozen=True, slots=True)
class ThemeScore:
    """A theme's 0-100 score, colour and finding counts."""

    theme: str
    title: str
    score: float
    colour: Colour
    counts: Mapping[Severity, int]
    waived: int = 0


@dataclass(frozen=True, slots=True)
class FixNext:
    """An open finding and how many overall points fixing it would add."""

    finding: Finding
    gain: float


@dataclass(frozen=True, slots=True)
class FileReport:
    """Everything leadcheck found in one plan file."""

    file: str
    findings: tuple[Finding, ...]
    partnership: str | None = None
    as_of: dt.date | None = None
    themes: tuple[ThemeScore, ...] = ()
    rule_scores: tuple[RuleScore, ...] = ()
    score: float | None = None
    """Overall 0-100 score; None when no theme rule was scored."""
    readiness: Readiness | None = Readiness.NOT_READY
    """None when the plan was not assessed (lint, or no theme rule selected)."""
    fix_next: tuple[FixNext, ...] = ()
    blocked: bool = False
    """Structure errors stopped the rules: the plan cannot be assessed until fixed."""

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.waived)


@dataclass(frozen=True, slots=True, order=True)
class FindingKey:
    """A finding's identity without its line, as baselines and diffs compare them.

    `path` stars list positions when there is a target (`work_streams[*]`), so
    inserting an item above does not change the others' keys.
    """

    rule: str
    file: str
    path: str
    target: str = ""


@dataclass(frozen=True, slots=True)
class BaselineSummary:
    """How a run compares with its baseline: only the new findings are reported."""

    file: str
    """The baseline file."""
    known: int
    """Findings the baseline records that are still there (left out of the report)."""
    new: int
    """Open findings the baseline does not record."""
    fixed: tuple[FindingKey, ...] = ()
    """Baseline entries for the files checked that are no longer found."""

    def as_dict(self) -> dict[str, object]:
        """Plain data, for the JSON report."""
        fixed = [
            {"rule": k.rule, "file": k.file, "path": k.path, "target": k.target or None}
            for k in self.fixed
        ]
        return {"file": self.file, "known": self.known, "new": self.new, "fixed": fixed}


@dataclass(frozen=True, slots=True)
class Report:
    """The result of one run over one or more files."""

    files: tuple[FileReport, ...]
    as_of: dt.date | None = None
    """The --as-of date when one was given; each file also records its own."""
    rules: tuple[str, ...] = field(default=())
    """Ids of the rules that ran, in catalogue order."""
    baseline: BaselineSummary | None = None
    """Set when the run was compared with a baseline (`--baseline`)."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for fr in self.files for f in fr.findings)

    @property
    def score(self) -> float | None:
        scores = [fr.score for fr in self.files if fr.score is not None]
        if len(scores) != len(self.files) or not scores:
            return None
        return sum(scores) / len(scores)

    @property
    def readiness(self) -> Readiness | None:
        """The worst readiness of the files assessed (None when none was)."""
        order = [Readiness.NOT_READY, Readiness.NEARLY_READY, Readiness.READY]
        assessed = [fr.readiness for fr in self.files if fr.readiness is not None]
        return min(assessed, key=order.index) if assessed else None

    def counts(self) -> dict[Severity, int]:
        """Open (unwaived) findings by severity."""
        out = dict.fromkeys(Severity, 0)
        for f in self.findings:
            if not f.waived:
                out[f.severity] += 1
        return out
