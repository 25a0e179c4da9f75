"""The settings of one `audit` or `lint` run: the command line over the config file.

Finding the config file lives here, not in `leadcheck.config`, because every run
looks for one: this part imports nothing, and the validating part (pydantic
models, TOML) is imported only when a file is found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from leadcheck.formats import Format
from leadcheck.records import field, record, replace

if TYPE_CHECKING:
    from leadcheck.engine import Options
    from leadcheck.findings import Severity
    from leadcheck.meta import ParamValue
    from leadcheck.model import Waiver

CONFIG_NAMES = (".leadcheck.yaml", ".leadcheck.yml")
PYPROJECT = "pyproject.toml"


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


@record
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
    severity: Mapping[str, Severity] = field(default_factory=dict)
    """Per-rule severity overrides (config file)."""
    params: Mapping[str, Mapping[str, ParamValue]] = field(default_factory=dict)
    """Per-rule parameters (config file), already checked against each rule."""
    exclude: tuple[str, ...] = ()
    """Globs of plan files to skip when searching folders (config file)."""
    exclude_base: str = "."
    """The folder `exclude` globs are relative to: the config file's."""
    extra_exclude: tuple[str, ...] = ()
    """More globs to skip (`--exclude`), relative to the current folder; they add to
    the config file's."""
    stdin_filename: str | None = None
    """The name reports give the plan read from `-` (standard input)."""
    root: str | None = None
    """The folder SARIF, GitLab, JUnit and GitHub paths are relative to (`--root`);
    None: the repository root, found with git."""
    sarif_include_waived: bool = False
    """Keep waived findings in SARIF, as suppressed results."""
    waivers: tuple[Waiver, ...] = ()
    """Organisation-wide waivers (config file)."""
    as_of_max_age_days: int | None = None
    waiver_max_days: int | None = None
    waiver_min_reason_words: int | None = None
    baseline: Path | None = None
    """Report only findings this baseline file does not record."""
    write_baseline: Path | None = None
    """Record the current findings in this baseline file."""
    config_file: str | None = None
    """The config file the settings came from, if any."""


def options_for(settings: RunSettings, warnings: list[str] | None = None) -> Options:
    """Engine options for a run (rule packs' load problems go to `warnings`)."""
    from leadcheck import clock
    from leadcheck.engine import Options, matches, select_rules
    from leadcheck.rules import registry
    from leadcheck.structure import AUDIT_RULES, STRUCTURE_RULES

    if settings.command == "lint":
        return Options(rules=(), as_of=settings.as_of, structure=frozenset())
    chosen = select_rules(registry(warnings=warnings), settings.select, settings.ignore)
    structure = frozenset(
        rid
        for rid in AUDIT_RULES
        if not any(matches(STRUCTURE_RULES[rid], s) for s in settings.ignore)
    )
    options = Options(
        rules=chosen,
        as_of=settings.as_of,
        severity=dict(settings.severity),
        params={rid: dict(p) for rid, p in settings.params.items()},
        structure=structure,
        waivers=settings.waivers,
        today=clock.today(),
    )
    if settings.as_of_max_age_days is not None:
        options = replace(options, as_of_max_age_days=settings.as_of_max_age_days)
    if settings.waiver_max_days is not None:
        options = replace(options, waiver_max_days=settings.waiver_max_days)
    if settings.waiver_min_reason_words is not None:
        options = replace(options, waiver_min_reason_words=settings.waiver_min_reason_words)
    return options


def find_config(start: Path) -> Path | None:
    """The nearest `.leadcheck.yaml` (or `.yml`), or `pyproject.toml` with a
    `[tool.leadcheck]` table, from `start` upwards.

    In each folder `.leadcheck.yaml` comes first. The walk stops at the
    repository root (the folder holding `.git`), or else at the filesystem root.
    """
    folder = start.resolve()
    while True:
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_leadcheck_table(pyproject):
            return pyproject
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent


_MAYBE_OURS = re.compile(rb"""tool\s*\.\s*["']?leadcheck|\[\s*tool\s*\]""")
"""`[tool.leadcheck]`, `tool.leadcheck.x = ...`, or a `[tool]` table that might hold it."""


def _has_leadcheck_table(path: Path) -> bool:
    try:
        raw = path.read_bytes()
    except OSError:
        return False
    if not _MAYBE_OURS.search(raw):  # most pyproject files: no need to parse them
        return False
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        # Reported when loaded, if it looks meant for us.
        return b"tool.leadcheck" in raw
    tool = data.get("tool")
    return isinstance(tool, dict) and "leadcheck" in tool
