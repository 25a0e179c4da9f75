"""The result types every stage shares: severities, locations, findings, reports.

All of them are frozen so a finding cannot change after the engine stamps it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from enum import StrEnum

from leadcheck.records import field, record

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
SEVERITIES = tuple(Severity)
"""Every severity, worst first (iterating an enum class is slow)."""


class Readiness(StrEnum):
    """The overall verdict on a plan."""

    READY = "ready"
    NEARLY_READY = "nearly_ready"
    NOT_READY = "not_ready"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class AsOfSource(StrEnum):
    """Where the date a plan is judged at came from."""

    OPTION = "option"
    """Given by the user (`--as-of`, or `as_of=` in the API): never reported as stale."""
    PLAN = "plan"
    """The plan's own `partnership.as_of`."""
    TODAY = "today"
    """Neither gave one, so today."""


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
        else:
            forms = _KEY_FORMS.get(part)
            if forms is None:
                forms = _key_forms(part)
            out.append(forms[1] if out else forms[0])
    return "".join(out)


_KEY_FORMS: dict[str, tuple[str, str]] = {}
"""How each key seen is written first in a path, and after another part (plans
use the same few keys again and again); bounded, so hostile keys cannot grow it."""


def _key_forms(key: str) -> tuple[str, str]:
    if _is_plain_key(key):
        forms = (key, f".{key}")
    else:
        quoted = key.replace("\\", "\\\\").replace('"', '\\"')
        forms = (f'["{quoted}"]', f'["{quoted}"]')
    if len(_KEY_FORMS) < 4096:
        _KEY_FORMS[key] = forms
    return forms


def _is_plain_key(key: str) -> bool:
    return bool(key) and key.replace("_", "a").replace("-", "a").isalnum() and key.isascii()


@record
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


@record
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
    waiver_owner: str | None = None
    """The person id of the waiver's owner, when waived."""
    waiver_expires: dt.date | None = None
    """When the waiver stops applying (None: open-ended), when waived."""

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.rule, self.message)


@record
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


@record
class ThemeScore:
    """A theme's 0-100 score, colour and finding counts."""

    theme: str
    title: str
    score: float
    colour: Colour
    counts: Mapping[Severity, int]
    waived: int = 0


@record
class FixNext:
    """One entry of the submission checklist: an open finding, the findings that
    share its root cause (one subject, one field), and the overall points fixing
    them would add (0 for structure findings, which are not scored)."""

    finding: Finding
    gain: float
    also: tuple[Finding, ...] = ()
    """Findings of other rules (or other gaps of the same rule and subject) closed
    by the same fix."""

    @property
    def severity(self) -> Severity:
        return self.finding.severity


@record
class NotAssessed:
    """What a run left out (`--select`, `--ignore`, or a lint run)."""

    themes: tuple[str, ...] = ()
    """Themes none of whose rules ran."""
    rules: tuple[str, ...] = ()
    """Rules that did not run although their theme did, and the audit's optional
    structure rules that were ignored."""

    def __bool__(self) -> bool:
        return bool(self.themes or self.rules)


@record
class WaiverUse:
    """One waiver of a plan and what became of it, for the report's waiver list."""

    rule: str
    target: str | None
    reason: str
    owner: str
    """The owner's person id."""
    owner_name: str | None
    expires: dt.date | None
    line: int
    status: str
    """`active`, `expired`, `unused`, `duplicate` or `not run` (its rule was left out)."""
    waived: int = 0
    """How many findings it waives."""


def mean_text(value: float) -> str:
    """A mean score to at most two decimal places: `2.5`, `2.33`, `3`."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


@record
class PrincipleRow:
    """One principle of the partnership assessment, as the partners scored it."""

    principle: str
    """Its key: need, purpose, commitment, trust, arrangements or learning."""
    title: str
    scores: tuple[int | None, ...]
    """One score (1-4) per responding partner, in the order of `PartnersView.partners`;
    None where that partner gave none."""
    mean: float | None
    """The mean of the scores given (None: nobody scored it)."""
    spread: int | None
    """Highest minus lowest score (None: fewer than two partners scored it)."""
    split: bool
    """The spread is at least the split threshold: the partners disagree."""
    weak: bool
    """The mean is below the threshold: the partners agree it is not in place."""


@record
class PartnersView:
    """The partners' own view: each principle scored by each responding partner."""

    partners: tuple[tuple[str, str], ...]
    """(id, name) of each partner that responded, in the plan's order."""
    rows: tuple[PrincipleRow, ...]
    not_responding: tuple[str, ...] = ()
    """Ids of the partners with no response."""
    split_at: int = 2
    """A principle is split when its spread is at least this (LC509's `min_spread`)."""
    weak_below: float = 2.5
    """A principle is weak when its mean is below this (LC510's `min_mean`)."""

    @property
    def splits(self) -> tuple[PrincipleRow, ...]:
        return tuple(row for row in self.rows if row.split)

    @property
    def weak(self) -> tuple[PrincipleRow, ...]:
        return tuple(row for row in self.rows if row.weak)


@record
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
    as_of_source: AsOfSource | None = None
    """Where `as_of` came from (None when the plan could not be read)."""
    as_of_age: int | None = None
    """Days from `as_of` to today (negative: in the future); None when the user
    chose the date, so that the report does not depend on the day it runs."""
    not_assessed: NotAssessed = NotAssessed()
    """Themes and rules the run left out."""
    waivers: tuple[WaiverUse, ...] = ()
    """The plan's waivers, in file order."""
    partners_view: PartnersView | None = None
    """The partners' own scores of the assessment's principles, when the plan records
    responses and the partnering theme was assessed."""
    _tally: Counter[tuple[Severity, bool]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    """How many findings of each (severity, waived), counted when first asked: every
    format asks several times, and a report may hold a million findings."""

    def tally(self) -> Mapping[tuple[Severity, bool], int]:
        """How many findings have each (severity, waived)."""
        counted = self._tally
        if counted is None:
            counted = Counter((f.severity, f.waived) for f in self.findings)
            object.__setattr__(self, "_tally", counted)
        return counted

    def open_counts(self) -> dict[Severity, int]:
        """Open (unwaived) findings by severity."""
        tally = self.tally()
        return {severity: tally.get((severity, False), 0) for severity in SEVERITIES}

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.waived)

    @property
    def partial(self) -> bool:
        """Some rules did not run, so the readiness covers only part of the plan."""
        return bool(self.not_assessed)

    def waived_counts(self) -> dict[Severity, int]:
        """Waived findings by severity."""
        tally = self.tally()
        return {severity: tally.get((severity, True), 0) for severity in SEVERITIES}

    def blocking_errors(self) -> int:
        """Open errors: each one keeps the plan from being ready."""
        return self.tally().get((Severity.ERROR, False), 0)


@record(order=True)
class FindingKey:
    """A finding's identity without its line, as baselines and diffs compare them.

    `path` stars list positions when there is a target (`work_streams[*]`), so
    inserting an item above does not change the others' keys.
    """

    rule: str
    file: str
    path: str
    target: str = ""


@record
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


@record
class Report:
    """The result of one run over one or more files."""

    files: tuple[FileReport, ...]
    as_of: dt.date | None = None
    """The --as-of date when one was given; each file also records its own."""
    rules: tuple[str, ...] = field(default=())
    """Ids of the rules that ran, in catalogue order."""
    baseline: BaselineSummary | None = None
    """Set when the run was compared with a baseline (`--baseline`)."""
    not_assessed: NotAssessed = NotAssessed()
    """Themes and rules the run left out (the same for every file)."""

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

    @property
    def partial(self) -> bool:
        return bool(self.not_assessed)

    def counts(self) -> dict[Severity, int]:
        """Open (unwaived) findings by severity."""
        return _summed(fr.open_counts() for fr in self.files)

    def waived_counts(self) -> dict[Severity, int]:
        """Waived findings by severity."""
        return _summed(fr.waived_counts() for fr in self.files)


def _summed(counts: Iterable[Mapping[Severity, int]]) -> dict[Severity, int]:
    total = dict.fromkeys(SEVERITIES, 0)
    for each in counts:
        for severity, n in each.items():
            total[severity] += n
    return total


def severity_counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    """How many of `findings` have each severity (every severity, worst first)."""
    counted = Counter(f.severity for f in findings)
    return {severity: counted[severity] for severity in SEVERITIES}
