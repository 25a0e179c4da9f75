"""A plan's readiness over its git history: one point per commit that changed it.

Each version is audited as it stood: measured from its own `partnership.as_of`,
or from the commit's date when it has none (not from today, which would judge
an old plan by dates it could not know), unless `--as-of` fixes one date for all.
"""

from __future__ import annotations

import datetime as dt

from leadcheck import git
from leadcheck.engine import Options, check_loaded
from leadcheck.errors import UsageError
from leadcheck.findings import FileReport
from leadcheck.loader import load_bytes
from leadcheck.records import record, replace


@record
class Point:
    """The plan as one commit left it."""

    commit: str
    date: str
    """YYYY-MM-DD."""
    subject: str
    path: str
    report: FileReport


@record
class History:
    file: str
    """The plan as named on the command line."""
    points: tuple[Point, ...]
    """Oldest first."""

    @property
    def partnership(self) -> str | None:
        names = [p.report.partnership for p in self.points if p.report.partnership]
        return names[-1] if names else None


def history(
    path: str, options: Options, since: str | None = None, max_count: int | None = None
) -> History:
    """Audit every committed version of the plan at `path`."""
    commits = git.log(path, since, max_count)
    if not commits and since is None:
        raise UsageError(f"{path}: no commits change this file (is it committed?)")
    contents = git.blobs([f"{c.sha}:{c.path}" for c in commits])
    points = []
    for commit, raw in zip(reversed(commits), reversed(contents), strict=True):
        if raw is None:  # the commit deleted the file
            continue
        loaded = load_bytes(raw, f"{commit.sha[:12]}:{commit.path}", options.limits)
        run = options
        if options.as_of is None and not _has_as_of(loaded.data):
            run = replace(options, as_of=dt.date.fromisoformat(commit.date))
        report = check_loaded(loaded, run)
        points.append(Point(commit.sha, commit.date, commit.subject, commit.path, report))
    return History(path, tuple(points))


def _has_as_of(data: object) -> bool:
    section = data.get("partnership") if isinstance(data, dict) else None
    return isinstance(section, dict) and section.get("as_of") is not None
