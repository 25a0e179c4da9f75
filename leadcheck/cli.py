"""The command line: the only module that prints or exits.

Exit codes: 0 clean, 1 findings at or above --fail-on (or a score under
--fail-under), 2 usage errors (bad option, missing or unreadable path, a
failed write). Unexpected errors print one line, not a traceback, unless
--debug is given.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

try:  # recent typer vendors click; earlier versions depend on it
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover
    from click.exceptions import (  # type: ignore[no-redef,import-not-found,unused-ignore]
        ClickException,
    )

from leadcheck import __version__
from leadcheck.findings import Report, Severity

if TYPE_CHECKING:
    from leadcheck.engine import Options
    from leadcheck.formats import Format, RenderOptions


class _OneLineErrors(TyperGroup):
    """Report bad options in one line on stderr (exit 2), as every other usage error."""

    def main(self, *args: Any, **kwargs: Any) -> NoReturn:
        global _ARGV
        given = args[0] if args else kwargs.get("args")
        _ARGV = list(given) if given is not None else sys.argv[1:]
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except ClickException as exc:
            if message := exc.format_message():  # empty after `leadcheck` alone shows help
                _err(f"error: {message}")
            sys.exit(exc.exit_code)
        except typer.Abort:
            _err("aborted")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=_OneLineErrors,
    name="leadcheck",
    help="Check a partnership's leadership plan against proven leadership tips.\n\n"
    "Example: leadcheck audit partnership.yaml",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class FailOn(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NEVER = "never"


class Color(StrEnum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


class RulesFormat(StrEnum):
    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"


class UsageError(Exception):
    """A problem with how leadcheck was called: exit 2 with one line on stderr."""


_DEBUG = False
_ARGV: list[str] | None = None
"""The raw arguments, for pairing each --output with the --format before it."""


def _version(value: bool) -> None:
    if value:
        print(f"leadcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
) -> None:
    global _DEBUG
    _DEBUG = debug


# --- shared options -----------------------------------------------------------------

PathsArg = Annotated[
    list[str],
    typer.Argument(
        help="Plan files, directories (searched for *.yaml and *.yml) or - for stdin.",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format: text, markdown, json, sarif, junit, github or html. "
        "Repeat with -o to write several.",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the format just named to this file instead of stdout.",
        show_default=False,
    ),
]
FailOnOpt = Annotated[
    FailOn,
    typer.Option(help="The lowest unwaived severity that makes the exit code 1."),
]
SelectOpt = Annotated[
    list[str] | None,
    typer.Option(help="Run only these rules: id, id prefix, slug or theme.", show_default=False),
]
IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option(help="Skip these rules: id, id prefix, slug or theme.", show_default=False),
]
ColorOpt = Annotated[
    Color,
    typer.Option("--color", help="Colour the text output (NO_COLOR and FORCE_COLOR apply)."),
]


# --- audit --------------------------------------------------------------------------


@app.command()
def audit(
    paths: PathsArg,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    fail_on: FailOnOpt = FailOn.ERROR,
    fail_under: Annotated[
        float | None,
        typer.Option(min=0, max=100, help="Also exit 1 when the overall score is below this."),
    ] = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Measure dates from this day (YYYY-MM-DD) instead of partnership.as_of.",
            show_default=False,
        ),
    ] = None,
    color: ColorOpt = Color.AUTO,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Summary only.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also list every rule's score.")
    ] = False,
    no_step_summary: Annotated[
        bool,
        typer.Option("--no-step-summary", help="Do not append markdown to $GITHUB_STEP_SUMMARY."),
    ] = False,
) -> None:
    """Audit plans against every rule and print the colour-coded gap report.

    Example: leadcheck audit partnership.yaml --fail-on warning -f sarif -o leadcheck.sarif
    """
    _guard(
        lambda: _run(
            "audit",
            paths,
            fmt,
            output,
            fail_on,
            fail_under,
            select,
            ignore,
            as_of,
            color,
            quiet,
            verbose,
            step_summary=not no_step_summary,
        )
    )


@app.command()
def lint(
    paths: PathsArg,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    fail_on: FailOnOpt = FailOn.ERROR,
    color: ColorOpt = Color.AUTO,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="First repair curly quotes, pasted spaces, tabs in the indentation and a "
            "missing space after a colon; list each change on stderr.",
        ),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Show those repairs as a diff; write nothing.")
    ] = False,
) -> None:
    """Check plans' structure only (LC001-LC005): fast, for pre-commit and editors.

    Example: leadcheck lint plans/
    """

    def run() -> None:
        refused = _repair(paths, diff) if fix or diff else False
        try:
            _run("lint", paths, fmt, output, fail_on, None, None, None, None, color, False, False)
        except typer.Exit as done:  # a file --fix could not repair fails the run
            raise typer.Exit(max(done.exit_code, int(refused))) from None

    _guard(run)


def _repair(paths: Sequence[str], diff: bool) -> bool:
    """lint --fix / --diff: repair (or show) first; True when a file was left untouched."""
    from leadcheck.fix import repair_files

    files = discover(paths)
    if "-" in files and not diff:
        raise UsageError("--fix cannot rewrite standard input; use --diff to see the repairs")
    try:
        repairs = repair_files(files, write=None if diff else write_atomic)
    except OSError as exc:
        raise UsageError(f"{exc.filename}: cannot read: {exc.strerror or exc}") from None
    sys.stderr.write("".join(f"{note}\n" for note in repairs.notes))
    if diff:
        sys.stdout.write(repairs.diff)
        raise typer.Exit(1 if repairs.changed or repairs.refused else 0)
    return repairs.refused > 0


def _run(
    command: str,
    paths: Sequence[str],
    fmt: Sequence[str] | None,
    output: Sequence[Path] | None,
    fail_on: FailOn,
    fail_under: float | None,
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    as_of: str | None,
    color: Color,
    quiet: bool,
    verbose: bool,
    *,
    step_summary: bool = False,
) -> NoReturn:
    from leadcheck.formats import RenderOptions, rule_catalog

    outputs = _pair_outputs(fmt, output)
    files = discover(paths)
    options = _options(command, select, ignore, as_of)
    # A run builds large acyclic data: the cycle collector would only rescan it
    # again and again (it makes big plans up to twice as slow).
    gc.disable()
    try:
        report = _check(files, options)
    finally:
        gc.enable()
    render_options = RenderOptions(
        catalog=rule_catalog({r.id: r.meta for r in options.rules or ()}),
        color=_use_color(color),
        width=_width(),
        quiet=quiet,
        verbose=verbose,
        command=command,
    )
    rendered = [(f, dest, _render(report, f, render_options, dest)) for f, dest in outputs]
    for _, dest, text in rendered:
        if dest is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            write_atomic(dest, text)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary and summary:
        _append_summary(summary, report, render_options)
    raise typer.Exit(_exit_code(report, fail_on, fail_under))


def _render(report: Report, fmt: Format, options: RenderOptions, dest: Path | None) -> str:
    from dataclasses import replace

    from leadcheck.formats import renderer

    if dest is not None:  # files never get colour, and are laid out at a fixed width
        options = replace(options, color=False, width=100)
    return renderer(fmt)(report, options)


def _pair_outputs(
    formats: Sequence[str] | None, outputs: Sequence[Path] | None
) -> list[tuple[Format, Path | None]]:
    """Pair each -o with the -f just before it; a -f without -o goes to stdout."""
    from leadcheck.formats import Format

    chosen: list[Format] = []
    for name in formats or ["text"]:
        try:
            chosen.append(Format(name.lower()))
        except ValueError:
            choices = ", ".join(f.value for f in Format)
            raise UsageError(f"unknown format {name!r}; choose one of {choices}") from None
    files = list(outputs or [])
    order = _option_order(_ARGV or [])
    if order.count("f") != len(formats or []) or order.count("o") != len(files):
        order = ["f", "o"] * len(files) + ["f"] * (len(chosen) - len(files))  # argv unknown
    if not formats:
        order = ["f", *order]
    pairs: list[tuple[Format, Path | None]] = []
    found = iter(chosen)
    for kind, dest in zip(order, _outputs_in_order(order, files), strict=True):
        if kind == "f":
            pairs.append((next(found), None))
        elif not pairs or pairs[-1][1] is not None or not formats:
            raise UsageError(f"--output {dest} needs a --format before it")
        else:
            pairs[-1] = (pairs[-1][0], dest)
    if sum(1 for _, dest in pairs if dest is None) > 1:
        raise UsageError("only one format can go to stdout; give the others an --output file")
    return pairs


def _outputs_in_order(order: Sequence[str], files: Sequence[Path]) -> list[Path | None]:
    taken = iter(files)
    return [next(taken, None) if kind == "o" else None for kind in order]


def _option_order(argv: Sequence[str]) -> list[str]:
    """The sequence of -f ("f") and -o ("o") options as typed."""
    order: list[str] = []
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--":
            break
        elif token in ("-f", "--format", "-o", "--output"):
            order.append(token.lstrip("-")[0])
            skip = True
        elif token.startswith(("--format=", "--output=")):
            order.append(token[2])
        elif token[:2] in ("-f", "-o") and len(token) > 2:
            order.append(token[1])
    return order


def _options(
    command: str, select: Sequence[str] | None, ignore: Sequence[str] | None, as_of: str | None
) -> Options:
    from leadcheck.engine import Options, matches, select_rules
    from leadcheck.rules import registry
    from leadcheck.structure import STRUCTURE_RULES

    day = None
    if as_of is not None:
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            raise UsageError(f"--as-of {as_of!r} is not a date; write YYYY-MM-DD") from None
    if command == "lint":
        return Options(rules=(), as_of=day, structure=frozenset())
    warnings: list[str] = []
    rules = registry(warnings=warnings)
    for warning in warnings:
        _err(f"warning: {warning}")
    try:
        chosen = select_rules(rules, select or (), ignore or ())
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    structure = frozenset(
        rid
        for rid in ("LC006", "LC007")
        if not any(matches(STRUCTURE_RULES[rid], s) for s in ignore or ())
    )
    return Options(rules=chosen, as_of=day, structure=structure)


def _check(files: Sequence[str], options: Options) -> Report:
    from leadcheck.engine import check_file, report

    results = []
    for path in files:
        try:
            results.append(check_file(path, options))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise UsageError(f"{path}: cannot read: {reason}") from None
    return report(results, options)


def discover(paths: Sequence[str]) -> list[str]:
    """Expand directories into their plan files; every path must exist."""
    found: list[str] = []
    for raw in paths:
        if raw == "-":
            found.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            plans = _plans_in(path)
            if not plans:
                raise UsageError(f"{raw}: no *.yaml or *.yml files in this folder")
            found.extend(plans)
        elif path.exists():
            found.append(raw)
        else:
            raise UsageError(f"{raw}: no such file or directory")
    return found


def _plans_in(folder: Path) -> list[str]:
    plans: list[str] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        plans.extend(os.path.join(root, n) for n in sorted(names) if n.endswith((".yaml", ".yml")))
    return plans


def _exit_code(report: Report, fail_on: FailOn, fail_under: float | None) -> int:
    if fail_on is not FailOn.NEVER:
        floor = Severity(fail_on.value).weight
        if any(f.severity.weight >= floor for f in report.findings if not f.waived):
            return 1
    if fail_under is not None:
        score = report.score
        if score is None or score < fail_under:
            return 1
    return 0


def write_atomic(dest: Path, text: str) -> None:
    """Write a report so that nobody ever sees half of it.

    A regular file is written through a temporary file in the same folder, then
    renamed over `dest` (keeping its permissions); a symlink is followed; a device
    or pipe (such as /dev/null) is written directly. A read-only file or a missing
    folder is a usage error, and leaves nothing behind.
    """
    target = Path(os.path.realpath(dest))
    if target.exists() and not target.is_file():
        _write_direct(dest, target, text)
        return
    if not target.parent.is_dir():
        raise UsageError(f"{dest}: cannot write: folder {str(dest.parent)!r} does not exist")
    if target.exists() and not os.access(target, os.W_OK):
        raise UsageError(f"{dest}: cannot write: the file is read-only")
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise UsageError(f"{dest}: cannot write: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError(f"{dest}: cannot write: {exc.strerror or exc}") from None


def _write_direct(dest: Path, target: Path, text: str) -> None:
    try:
        with open(target, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    except OSError as exc:
        raise UsageError(f"{dest}: cannot write: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _append_summary(path: str, report: Report, options: RenderOptions) -> None:
    from dataclasses import replace

    from leadcheck.formats import Format, renderer

    text = renderer(Format.MARKDOWN)(report, replace(options, color=False))
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        _err(f"warning: cannot append to GITHUB_STEP_SUMMARY {path}: {exc.strerror or exc}")


def _use_color(choice: Color) -> bool:
    if choice is Color.ALWAYS:
        return True
    if choice is Color.NEVER or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _width() -> int:
    if sys.stdout.isatty():
        return max(60, min(shutil.get_terminal_size().columns, 140))
    return 100


# --- rules, explain, schema ---------------------------------------------------------


@app.command()
def rules(
    theme: Annotated[
        str | None, typer.Option(help="Only rules of this theme.", show_default=False)
    ] = None,
    by_tip: Annotated[
        bool, typer.Option("--by-tip", help="Show each tip and the rules that check it.")
    ] = False,
    fmt: Annotated[
        RulesFormat, typer.Option("--format", "-f", help="table, markdown or json.")
    ] = RulesFormat.TABLE,
) -> None:
    """List the rule catalogue.

    Example: leadcheck rules --theme champions
    """

    def run() -> None:
        from leadcheck import catalog

        try:
            entries = catalog.entries(theme)
        except LookupError as exc:
            raise UsageError(str(exc)) from None
        subset = entries if theme else None
        if by_tip:
            tips = {
                RulesFormat.JSON: catalog.tips_json,
                RulesFormat.MARKDOWN: catalog.tips_markdown,
            }
            if fmt in tips:
                _out(tips[fmt](subset))
            else:
                _print_rich(catalog.tip_table(subset))
        elif fmt is RulesFormat.JSON:
            _out(catalog.as_json(entries))
        elif fmt is RulesFormat.MARKDOWN:
            _out(catalog.as_markdown(entries))
        else:
            _print_rich(catalog.rules_table(entries))

    _guard(run)


@app.command()
def explain(
    rule: Annotated[str, typer.Argument(help="A rule id (LC201) or slug.", show_default=False)],
) -> None:
    """Explain one rule: what it checks, why, how to fix, and examples.

    Example: leadcheck explain LC201
    """

    def run() -> None:
        from leadcheck import catalog

        try:
            meta = catalog.find(rule)
        except LookupError as exc:
            raise UsageError(str(exc)) from None
        _print_rich(*catalog.explain(meta))

    _guard(run)


@app.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the plan format, for editors.

    Example: leadcheck schema > leadcheck-plan.schema.json
    """

    def run() -> None:
        from leadcheck.schema import plan_schema_json

        _out(plan_schema_json())

    _guard(run)


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the starter plan.")] = Path(
        "partnership.yaml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter plan to fill in.

    Example: leadcheck init plans/partnership.yaml
    """

    def run() -> None:
        from importlib import resources

        if path.exists() and not force:
            raise UsageError(f"{path} already exists; use --force to overwrite it")
        text = (resources.files("leadcheck") / "templates" / "starter.yaml").read_text("utf-8")
        write_atomic(path, text)
        sys.stdout.write(
            f"wrote {path}; check it with: leadcheck audit {path}\n"
            "for completion in editors: leadcheck schema > leadcheck-plan.schema.json\n"
        )

    _guard(run)


# --- plumbing -----------------------------------------------------------------------


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _print_rich(*renderables: object) -> None:
    from rich.console import Console

    console = Console(
        highlight=False, markup=False, emoji=False, no_color=not _use_color(Color.AUTO)
    )
    for item in renderables:
        console.print(item)


def _err(message: str) -> None:
    sys.stderr.write(f"leadcheck: {message}\n")


def _guard(action: object) -> None:
    """Run a command body, turning errors into one line on stderr and exit 2."""
    assert callable(action)
    try:
        action()
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except UsageError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    except BrokenPipeError:
        raise typer.Exit(1) from None
    except Exception as exc:
        if _DEBUG:
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)")
        raise typer.Exit(2) from None


def main() -> None:
    """Console-script entry point."""
    app(prog_name="leadcheck")
