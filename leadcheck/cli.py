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
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

try:  # recent typer vendors click; earlier versions depend on it
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover
    from click.exceptions import (  # type: ignore[no-redef,import-not-found,unused-ignore]
        ClickException,
    )

from leadcheck import __version__
from leadcheck.atomic import write_atomic
from leadcheck.discovery import discover
from leadcheck.errors import ConfigError, UsageError
from leadcheck.findings import Report, Severity
from leadcheck.formats import Format
from leadcheck.settings import Color, FailOn, Output, RunSettings

if TYPE_CHECKING:
    from leadcheck.engine import Options
    from leadcheck.formats import RenderOptions


class _OneLineErrors(TyperGroup):
    """Report bad options in one line on stderr (exit 2), as every other usage error."""

    def main(self, *args: Any, **kwargs: Any) -> NoReturn:
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


ORDER = "leadcheck.option_order"
"""Where `_Ordered` keeps the names of the options in the order they were given."""


class _Ordered(TyperCommand):
    """Records the order of options as click's own parser met them, so each
    --output pairs with the --format before it however they were spelled
    (`-qf sarif -o x`, `--format=sarif`, `-fsarif`)."""

    def make_parser(self, ctx: Any) -> Any:
        parser: Any = super().make_parser(ctx)
        parse = parser.parse_args

        def parse_args(args: list[str]) -> Any:
            opts, rest, order = parse(args=args)
            ctx.meta[ORDER] = [param.name for param in order]
            return opts, rest, order

        parser.parse_args = parse_args
        return parser


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


class RulesFormat(StrEnum):
    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"


_DEBUG = False


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


@app.command(cls=_Ordered)
def audit(
    ctx: typer.Context,
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
            help="Measure dates from this day (YYYY-MM-DD, or today) instead of "
            "partnership.as_of; a date chosen here is never reported as stale.",
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
            RunSettings(
                command="audit",
                paths=tuple(paths),
                outputs=_pair_outputs(ctx.meta.get(ORDER, []), fmt, output, Format.TEXT),
                fail_on=fail_on,
                fail_under=fail_under,
                select=tuple(select or ()),
                ignore=tuple(ignore or ()),
                as_of=_day(as_of),
                color=color,
                quiet=quiet,
                verbose=verbose,
                step_summary=not no_step_summary,
            )
        )
    )


@app.command(cls=_Ordered)
def lint(
    ctx: typer.Context,
    paths: PathsArg,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    fail_on: FailOnOpt = FailOn.ERROR,
    color: ColorOpt = Color.AUTO,
) -> None:
    """Check plans' structure only (LC001-LC005): fast, for pre-commit and editors.

    Its text output is one line per finding (the `concise` format).

    Example: leadcheck lint plans/
    """
    _guard(
        lambda: _run(
            RunSettings(
                command="lint",
                paths=tuple(paths),
                outputs=_pair_outputs(ctx.meta.get(ORDER, []), fmt, output, Format.CONCISE),
                fail_on=fail_on,
                color=color,
            )
        )
    )


def _run(settings: RunSettings) -> NoReturn:
    from leadcheck.formats import RenderOptions, rule_catalog

    files = discover(settings.paths)
    options = _options(settings)
    # A run builds large acyclic data: the cycle collector would only rescan it
    # again and again (it makes big plans up to twice as slow).
    gc.disable()
    try:
        report = _check(files, options)
    finally:
        gc.enable()
    render_options = RenderOptions(
        catalog=rule_catalog({r.id: r.meta for r in options.rules or ()}),
        color=_use_color(settings.color),
        width=_width(),
        quiet=settings.quiet,
        verbose=settings.verbose,
    )
    outputs = settings.outputs
    rendered = [(dest, _render(report, f, render_options, dest)) for f, dest in outputs]
    for dest, text in rendered:
        if dest is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            write_atomic(dest, text)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if settings.step_summary and summary:
        _append_summary(summary, report, render_options)
    raise typer.Exit(_exit_code(report, settings.fail_on, settings.fail_under))


def _render(report: Report, fmt: Format, options: RenderOptions, dest: Path | None) -> str:
    from dataclasses import replace

    from leadcheck.formats import renderer

    if dest is not None:  # files never get colour, and are laid out at a fixed width
        options = replace(options, color=False, width=100)
    return renderer(fmt)(report, options)


def _pair_outputs(
    order: Sequence[str],
    formats: Sequence[str] | None,
    outputs: Sequence[Path] | None,
    text: Format,
) -> tuple[Output, ...]:
    """Pair each -o with the -f just before it (in `order`, the option names as
    given); a -f without -o goes to stdout. `text` is the command's text format."""
    chosen = iter([_format(name, text) for name in formats or ()])
    files = iter(outputs or ())
    pairs: list[tuple[Format, Path | None]] = [] if formats else [(text, None)]
    for name in order:
        if name == "fmt":
            pairs.append((next(chosen), None))
        elif name == "output":
            dest = next(files)
            if not formats or not pairs or pairs[-1][1] is not None:
                raise UsageError(f"--output {dest} needs a --format before it")
            pairs[-1] = (pairs[-1][0], dest)
    if sum(1 for _, dest in pairs if dest is None) > 1:
        raise UsageError("only one format can go to stdout; give the others an --output file")
    return tuple(pairs)


def _format(name: str, text: Format) -> Format:
    try:
        fmt = Format(name.lower())
    except ValueError:
        choices = ", ".join(f.value for f in Format)
        raise UsageError(f"unknown format {name!r}; choose one of {choices}") from None
    return text if fmt is Format.TEXT else fmt


def _day(as_of: str | None) -> dt.date | None:
    if as_of is None:
        return None
    if as_of.strip().lower() == "today":
        from leadcheck import clock

        return clock.today()
    try:
        return dt.date.fromisoformat(as_of)
    except ValueError:
        raise UsageError(f"--as-of {as_of!r} is not a date; write YYYY-MM-DD or today") from None


def _options(settings: RunSettings) -> Options:
    from leadcheck import clock
    from leadcheck.engine import Options, matches, select_rules
    from leadcheck.rules import registry
    from leadcheck.structure import AUDIT_RULES, STRUCTURE_RULES

    if settings.command == "lint":
        return Options(rules=(), as_of=settings.as_of, structure=frozenset())
    warnings: list[str] = []
    rules = registry(warnings=warnings)
    for warning in warnings:
        _err(f"warning: {warning}")
    chosen = select_rules(rules, settings.select, settings.ignore)
    structure = frozenset(
        rid
        for rid in AUDIT_RULES
        if not any(matches(STRUCTURE_RULES[rid], s) for s in settings.ignore)
    )
    return Options(rules=chosen, as_of=settings.as_of, structure=structure, today=clock.today())


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
    except (UsageError, ConfigError) as exc:
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
