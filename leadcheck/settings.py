"""The settings of one `audit` or `lint` run, gathered once from the command line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from leadcheck.formats import Format


class FailOn(StrEnum):
    """The lowest unwaived severity that fails a run."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NEVER = "never"


class Color(StrEnum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


Output = tuple[Format, Path | None]
"""A format and the file it goes to (None: standard output)."""


@dataclass(frozen=True, slots=True)
class RunSettings:
    """What to check, how to judge it, and where each report goes."""

    command: str
    """`audit` (structure and every rule) or `lint` (structure only)."""
    paths: tuple[str, ...]
    outputs: tuple[Output, ...]
    fail_on: FailOn = FailOn.ERROR
    fail_under: float | None = None
    """Also fail when the overall score is below this."""
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    as_of: dt.date | None = None
    color: Color = Color.AUTO
    quiet: bool = False
    verbose: bool = False
    step_summary: bool = False
    """Append the markdown report to $GITHUB_STEP_SUMMARY."""
