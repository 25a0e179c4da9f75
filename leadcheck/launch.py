"""The `leadcheck` command: plain `audit` and `lint` runs without loading typer.

Most runs come from pre-commit hooks, editors and CI, and look like
`leadcheck audit plan.yaml -f json` or `leadcheck lint plans/`. Their cost is
mostly start-up, and typer with click costs more than checking a plan. So this
module reads such command lines itself and runs them through `leadcheck.run`,
as the typer commands do. Anything else (help, completion, other commands, an
option it does not know, any mistake on the command line) goes to
`leadcheck.cli`, so every message about the command line comes from one place.
`tests/test_launch.py` runs both paths on a table of command lines and compares
standard output, standard error, exit codes and the files written.
"""

from __future__ import annotations

import os
import sys

from leadcheck import __version__

TYPE_CHECKING = False  # not typing's: `leadcheck --version` imports nothing it can avoid
if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path
    from typing import Any, NoReturn

    from leadcheck.settings import RunSettings

_SHORT = {"-f": "--format", "-o": "--output", "-q": "--quiet", "-v": "--verbose"}
_VALUES = {
    "audit": {
        "--format": "fmt",
        "--output": "output",
        "--fail-on": "fail_on",
        "--fail-under": "fail_under",
        "--select": "select",
        "--ignore": "ignore",
        "--as-of": "as_of",
        "--color": "color",
        "--config": "config",
        "--baseline": "baseline",
        "--write-baseline": "write_baseline",
        "--exclude": "exclude",
        "--stdin-filename": "stdin_filename",
        "--root": "root",
    },
    "lint": {
        "--format": "fmt",
        "--output": "output",
        "--fail-on": "fail_on",
        "--color": "color",
        "--config": "config",
        "--exclude": "exclude",
        "--stdin-filename": "stdin_filename",
        "--root": "root",
    },
}
_FLAGS = {
    "audit": {
        "--quiet": "quiet",
        "--verbose": "verbose",
        "--no-step-summary": "no_step_summary",
        "--no-config": "no_config",
        "--sarif-include-waived": "sarif_include_waived",
    },
    "lint": {"--quiet": "quiet", "--no-config": "no_config"},
}
_REPEATABLE = frozenset({"fmt", "output", "select", "ignore", "exclude"})
_CHOICES = {
    "fail_on": ("error", "warning", "info", "never"),
    "color": ("auto", "always", "never"),
}


class Invocation:
    """A command line the fast path can run: the command, its paths and options.

    A plain class: `leadcheck --version` should not pay for importing `leadcheck.records`.
    """

    def __init__(self, command: str) -> None:
        self.command = command
        self.paths: list[str] = []
        self.values: dict[str, str] = {}
        self.lists: dict[str, list[str]] = {}
        self.flags: set[str] = set()
        self.order: list[str] = []
        """Option names in the order given, to pair each --output with its --format."""


def parse(argv: Sequence[str]) -> Invocation | None:
    """The invocation in `argv`, or None when it needs the full command line."""
    if not argv or argv[0] not in _VALUES:
        return None
    found = Invocation(argv[0])
    values, flags = _VALUES[found.command], _FLAGS[found.command]
    args = iter(argv[1:])
    for arg in args:
        if not arg.startswith("-") or arg == "-":
            found.paths.append(arg)
            continue
        name, eq, value = arg.partition("=")
        if not arg.startswith("--"):  # -f json, -fjson; nothing combined such as -qf
            name, value, eq = arg[:2], arg[2:], "=" if len(arg) > 2 else ""
        name = _SHORT.get(name, name) if not arg.startswith("--") else name
        if name in flags and not eq:
            found.flags.add(flags[name])
            found.order.append(flags[name])
        elif name in values:
            if not eq:
                value = next(args, "")
            key = values[name]
            if not _plain_value(key, value):
                return None
            if key in _REPEATABLE:
                found.lists.setdefault(key, []).append(value)
            else:
                found.values[key] = value
            found.order.append(key)
        else:
            return None
    return found if found.paths else None


def _plain_value(key: str, value: str) -> bool:
    """A value the full command line would accept as it is."""
    if not value or (value.startswith("-") and value != "-"):
        return False
    if key in _CHOICES:
        return value in _CHOICES[key]
    if key == "fail_under":
        digits = value.replace(".", "", 1)
        return digits.isascii() and digits.isdigit() and 0 <= float(value) <= 100
    return True


def settings_for(found: Invocation) -> RunSettings:
    """The `RunSettings` the typer command builds from the same command line."""
    from leadcheck.formats import Format
    from leadcheck.run import configured, pair_outputs, parse_day
    from leadcheck.settings import Color, FailOn, RunSettings

    values, lists, flags = found.values, found.lists, found.flags
    text = Format.TEXT if found.command == "audit" else Format.CONCISE
    only_audit: dict[str, Any] = {}
    if found.command == "audit":
        fail_under = values.get("fail_under")
        only_audit = {
            "fail_under": None if fail_under is None else float(fail_under),
            "select": tuple(lists.get("select", ())),
            "ignore": tuple(lists.get("ignore", ())),
            "as_of": parse_day(values.get("as_of")),
            "verbose": "verbose" in flags,
            "step_summary": "no_step_summary" not in flags,
            "baseline": _path(values.get("baseline")),
            "write_baseline": _path(values.get("write_baseline")),
            "sarif_include_waived": "sarif_include_waived" in flags,
        }
    root = _path(values.get("root"))
    settings = RunSettings(
        command=found.command,
        paths=tuple(found.paths),
        outputs=pair_outputs(found.order, lists.get("fmt"), lists.get("output"), text),
        fail_on=FailOn(values.get("fail_on", "error")),
        color=Color(values.get("color", "auto")),
        quiet="quiet" in flags,
        extra_exclude=tuple(lists.get("exclude", ())),
        stdin_filename=values.get("stdin_filename"),
        root=None if root is None else str(root),
        **only_audit,
    )
    given = {key for key in ("select", "ignore", "fail_on", "fail_under") if key in found.order}
    return configured(settings, _path(values.get("config")), "no_config" in flags, given)


def _path(value: str | None) -> Path | None:
    from pathlib import Path

    return None if value is None else Path(value)


def main() -> None:
    """Console-script entry point."""
    import signal

    argv = sys.argv[1:]
    if argv == ["--version"]:
        print(f"leadcheck {__version__}")
        sys.exit(0)
    found = None if _completing() else parse(argv)
    if found is None:
        from leadcheck import cli

        cli.main()
        return
    from leadcheck.run import guard, run_plans, terminate

    signal.signal(signal.SIGTERM, terminate)
    kept: list[object] = []
    code = guard(lambda: run_plans(settings_for(found), kept))
    _end(code)


def _end(code: int) -> NoReturn:
    """Exit without freeing the report: the process ends anyway, and freeing a
    million findings one by one takes longer than writing them (mypy ends the
    same way). What was written is flushed first; if that fails, exit as usual."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except BaseException:
        sys.exit(code)
    os._exit(code)


def _completing() -> bool:
    """Shell completion asks the full command line (through environment variables)."""
    return any(name.startswith("_LEADCHECK_COMPLETE") for name in os.environ)
