"""Compare two versions of a plan: gaps closed and opened, and how the scores moved.

Findings are matched as baselines match them (rule, YAML path with list positions
starred when there is a target, target), never by line, so moving text around
changes nothing. Only open (unwaived) gaps count; a gap that the newer version
waives is listed as waived rather than fixed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from leadcheck.baseline import key_of
from leadcheck.errors import UsageError
from leadcheck.findings import FileReport, Finding, FindingKey, Severity
from leadcheck.loader import Limits, Loaded, load_bytes, load_file
from leadcheck.records import record


@record
class ThemeChange:
    theme: str
    title: str
    old: float | None
    new: float | None

    @property
    def change(self) -> float | None:
        return change(self.old, self.new)


@record
class PlanDiff:
    """What changed between two versions of one plan."""

    old: FileReport
    new: FileReport
    closed: tuple[Finding, ...]
    """Open in OLD, gone from NEW (as OLD reported them)."""
    waived: tuple[Finding, ...]
    """Open in OLD, waived in NEW."""
    opened: tuple[Finding, ...]
    """Open in NEW, not open in OLD (as NEW reports them)."""
    unchanged: int
    """Open gaps in both."""
    themes: tuple[ThemeChange, ...]

    @property
    def score_change(self) -> float | None:
        return change(self.old.score, self.new.score)

    def opened_at_or_above(self, floor: Severity) -> list[Finding]:
        return [f for f in self.opened if f.severity.weight >= floor.weight]


def change(old: float | None, new: float | None) -> float | None:
    """The change between two scores as shown (one decimal place), so that
    99.3 -> 99.3 never reads as a change of +0.1."""
    if old is None or new is None:
        return None
    return round(round(new, 1) - round(old, 1), 1) + 0.0


def _key(finding: Finding) -> FindingKey:
    return key_of(finding, "")  # the two versions are one plan: the file is not compared


def compare(old: FileReport, new: FileReport) -> PlanDiff:
    old_open = [f for f in old.findings if not f.waived]
    new_open = [f for f in new.findings if not f.waived]
    in_new = Counter(_key(f) for f in new_open)
    in_old = Counter(_key(f) for f in old_open)
    waived_now = {_key(f) for f in new.findings if f.waived}
    gone: list[Finding] = []
    unchanged = 0
    for finding in old_open:
        key = _key(finding)
        if in_new[key] > 0:
            in_new[key] -= 1
            unchanged += 1
        else:
            gone.append(finding)
    opened: list[Finding] = []
    for finding in new_open:
        key = _key(finding)
        if in_old[key] > 0:
            in_old[key] -= 1
        else:
            opened.append(finding)
    return PlanDiff(
        old=old,
        new=new,
        closed=tuple(f for f in gone if _key(f) not in waived_now),
        waived=tuple(f for f in gone if _key(f) in waived_now),
        opened=tuple(opened),
        unchanged=unchanged,
        themes=_themes(old, new),
    )


def _themes(old: FileReport, new: FileReport) -> tuple[ThemeChange, ...]:
    before = {t.theme: t.score for t in old.themes}
    after = {t.theme: t.score for t in new.themes}
    # Old order first; the newer version's titles win.
    merged = {t.theme: t for t in (*old.themes, *new.themes)}
    return tuple(
        ThemeChange(theme, t.title, before.get(theme), after.get(theme))
        for theme, t in merged.items()
    )


def read_version(arg: str, limits: Limits | None = None) -> Loaded:
    """A plan named on the command line: a file, `-` (standard input), or `REV:path`
    read from git (when no file of that name exists)."""
    limits = limits or Limits()
    if arg == "-" or Path(arg).exists():
        try:
            return load_file(arg, limits)
        except OSError as exc:
            raise UsageError(f"{arg}: cannot read: {exc.strerror or exc}") from None
    if ":" in arg:
        from leadcheck import git

        return load_bytes(git.show(arg), arg, limits)
    raise UsageError(f"{arg}: no such file (use REV:path to read a version from git)")
