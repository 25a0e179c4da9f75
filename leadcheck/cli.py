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
from collections.abc import Iterable, Sequence
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
from leadcheck.atomic import same_file, write_atomic
from leadcheck.discovery import Exclude, discover
from leadcheck.errors import ConfigError, UsageError
from leadcheck.findings import Report, Severity
from leadcheck.formats import Format
from leadcheck.settings import Color, FailOn, Output, RunSettings, find_config, options_for

if TYPE_CHECKING:
    from leadcheck.engine import Options
    from leadcheck.formats import RenderOptions
    from leadcheck.loader import Loaded


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
    add_completion=True,
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
FORMAT_NAMES = tuple(f.value for f in Format)


def _complete_format(incomplete: str) -> list[str]:
    return [name for name in FORMAT_NAMES if name.startswith(incomplete.lower())]


FormatOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--format",
        "-f",
        help=f"Output format: {', '.join(FORMAT_NAMES[:-1])} or {FORMAT_NAMES[-1]}. "
        "Repeat with -o to write several.",
        show_default=False,
        autocompletion=_complete_format,
    ),
]
OutputOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the format just named to this file instead of stdout (- is stdout).",
        show_default=False,
    ),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude",
        metavar="GLOB",
        help="Skip plans matching this glob (.gitignore syntax, from the current folder) "
        "when searching folders; repeatable. Adds to the config's exclude.",
        show_default=False,
    ),
]
StdinNameOpt = Annotated[
    str | None,
    typer.Option(
        "--stdin-filename",
        metavar="NAME",
        help="The file name reports give the plan read from - (standard input).",
        show_default=False,
    ),
]
RootOpt = Annotated[
    Path | None,
    typer.Option(
        "--root",
        metavar="DIR",
        help="Make SARIF, GitLab, JUnit and GitHub paths relative to this folder "
        "(default: the repository root, found with git).",
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
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Use this config file (.leadcheck.yaml, or a pyproject.toml with a "
        "tool.leadcheck table) instead of the one found from the current folder up.",
        show_default=False,
    ),
]
NoConfigOpt = Annotated[bool, typer.Option("--no-config", help="Ignore config files.")]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Measure dates from this day (YYYY-MM-DD) instead of partnership.as_of.",
        show_default=False,
    ),
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
    as_of: AsOfOpt = None,
    color: ColorOpt = Color.AUTO,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Summary only.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also list every rule's score.")
    ] = False,
    no_step_summary: Annotated[
        bool,
        typer.Option("--no-step-summary", help="Do not append markdown to $GITHUB_STEP_SUMMARY."),
    ] = False,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="Report (and fail on) only findings this baseline file does not record.",
            show_default=False,
        ),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            "--write-baseline",
            help="Record the current findings in this baseline file (then they pass).",
            show_default=False,
        ),
    ] = None,
    exclude: ExcludeOpt = None,
    stdin_filename: StdinNameOpt = None,
    root: RootOpt = None,
    sarif_include_waived: Annotated[
        bool,
        typer.Option(
            "--sarif-include-waived",
            help="Keep waived findings in SARIF, as suppressed results (GitHub would show "
            "them as open alerts).",
        ),
    ] = False,
) -> None:
    """Audit plans against every rule and print the colour-coded gap report.

    Example: leadcheck audit partnership.yaml --fail-on warning -f sarif -o leadcheck.sarif
    """
    _guard(
        lambda: _run(
            _configured(
                ctx,
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
                    baseline=baseline,
                    write_baseline=write_baseline,
                    extra_exclude=tuple(exclude or ()),
                    stdin_filename=stdin_filename,
                    root=None if root is None else str(root),
                    sarif_include_waived=sarif_include_waived,
                ),
                config,
                no_config,
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
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
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
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Print nothing when clean; no count line otherwise."),
    ] = False,
    exclude: ExcludeOpt = None,
    stdin_filename: StdinNameOpt = None,
    root: RootOpt = None,
) -> None:
    """Check plans' structure only (LC001-LC005): fast, for pre-commit and editors.

    Its text output is one line per finding (the `concise` format).

    Example: leadcheck lint plans/
    """

    def run() -> None:
        settings = _configured(
            ctx,
            RunSettings(
                command="lint",
                paths=tuple(paths),
                outputs=_pair_outputs(ctx.meta.get(ORDER, []), fmt, output, Format.CONCISE),
                fail_on=fail_on,
                color=color,
                quiet=quiet,
                extra_exclude=tuple(exclude or ()),
                stdin_filename=stdin_filename,
                root=None if root is None else str(root),
            ),
            config,
            no_config,
        )
        refused = _repair(_discover(settings), diff) if fix or diff else False
        try:
            _run(settings)
        except typer.Exit as done:  # a file --fix could not repair fails the run
            raise typer.Exit(max(done.exit_code, int(refused))) from None

    _guard(run)


def _repair(files: Sequence[str], diff: bool) -> bool:
    """lint --fix / --diff: repair (or show) first; True when a file was left untouched."""
    from leadcheck.fix import repair_files

    if "-" in files and not diff:
        raise UsageError("--fix cannot rewrite standard input; use --diff to see the repairs")
    try:
        repairs = repair_files(files, write=None if diff else write_atomic)
    except OSError as exc:
        raise UsageError(f"{exc.filename}: cannot read: {exc.strerror or exc}") from None
    sys.stderr.write("".join(f"{note}\n" for note in repairs.notes))
    if diff:
        _stdout(repairs.diff)
        raise typer.Exit(1 if repairs.changed or repairs.refused else 0)
    return repairs.refused > 0


# --- configuration ------------------------------------------------------------------


def _configured(
    ctx: typer.Context, settings: RunSettings, config: Path | None, no_config: bool
) -> RunSettings:
    """Run settings from the command line over the config file, if there is one."""
    path = _config_file(config, no_config)
    if path is None:
        return settings
    from leadcheck.config import apply, load

    return apply(settings, load(path), _given(ctx))


def _config_file(config: Path | None, no_config: bool) -> Path | None:
    if config is not None and no_config:
        raise UsageError("--config and --no-config cannot be used together")
    if no_config:
        return None
    if config is not None:
        if not config.is_file():
            raise UsageError(f"{config}: no such config file")
        return config
    found = find_config(Path.cwd())
    if found is None:
        return None
    try:  # shown as people would type it from here
        return Path(os.path.relpath(found))
    except ValueError:  # pragma: no cover - another drive on Windows
        return found


_CONFIGURABLE = ("select", "ignore", "fail_on", "fail_under")


def _given(ctx: typer.Context) -> set[str]:
    """The settings given on the command line (they win over the config file)."""
    out = set()
    for name in _CONFIGURABLE:
        source = ctx.get_parameter_source(name)
        if source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP"):
            out.add(name)
    return out


def _run(settings: RunSettings) -> NoReturn:
    from leadcheck.formats import RenderOptions, rule_catalog

    files = _discover(settings)
    _refuse_overwriting(files, settings)
    base_dir = _base_dir(settings)
    warnings: list[str] = []
    options = options_for(settings, warnings)
    for warning in warnings:
        _err(f"warning: {warning}")
    # A run builds large acyclic data: the cycle collector would only rescan it
    # again and again (it makes big plans up to twice as slow).
    gc.disable()
    try:
        report = _check(files, options, settings.stdin_filename)
    finally:
        gc.freeze()  # nor, while the report is written, scan what the run built
        gc.enable()
    report = _baselined(report, settings)
    render_options = RenderOptions(
        catalog=rule_catalog({r.id: r.meta for r in options.rules or ()}),
        color=_use_color(settings.color),
        width=_width(),
        quiet=settings.quiet,
        verbose=settings.verbose,
        base_dir=base_dir,
        sarif_include_waived=settings.sarif_include_waived,
    )
    outputs = settings.outputs
    rendered = [(dest, _render(report, f, render_options, dest)) for f, dest in outputs]
    if any(f is Format.SARIF for f, _ in outputs):
        from leadcheck.formats.sarif import capped_note

        if (note := capped_note(report, render_options)) is not None:
            _err(f"warning: {note}")
    for dest, text in rendered:
        if dest is None:
            _stdout(text)
        else:
            write_atomic(dest, text)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if settings.step_summary and summary:
        from leadcheck.ci import append_step_summary

        full = _full_report(outputs)
        if (
            problem := append_step_summary(summary, report, render_options, full_report=full)
        ) is not None:
            _err(f"warning: {problem}")
    raise typer.Exit(_exit_code(report, settings.fail_on, settings.fail_under))


RELATIVE_PATHS = frozenset({Format.SARIF, Format.GITHUB, Format.GITLAB, Format.JUNIT})
"""Formats whose paths code-scanning and CI services resolve from the repository root."""


def _base_dir(settings: RunSettings) -> str:
    """The folder report paths are relative to: --root, else (for the formats that
    need it) the repository root, else here."""
    if settings.root is None and not any(f in RELATIVE_PATHS for f, _ in settings.outputs):
        return os.curdir
    from leadcheck.ci import repo_root

    try:
        return repo_root(os.curdir, settings.root)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _full_report(outputs: Sequence[Output]) -> str | None:
    """Where this run wrote a full report for people, for the compact job summary."""
    for wanted in (Format.MARKDOWN, Format.HTML, Format.TEXT):
        for fmt, dest in outputs:
            if fmt is wanted and dest is not None:
                return str(dest)
    return None


def _refuse_overwriting(files: Sequence[str], settings: RunSettings) -> None:
    """An output that is one of the plans (or a link to one) would destroy it."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY") if settings.step_summary else None
    outputs = [str(dest) for _, dest in settings.outputs if dest is not None]
    for out in [*outputs, *([summary] if summary else [])]:
        for plan in files:
            if plan != "-" and same_file(out, plan):
                what = "GITHUB_STEP_SUMMARY" if out == summary else "the output"
                raise UsageError(f"{out}: {what} is the plan {plan} itself; choose another file")


def _stdout(text: str | Iterable[str]) -> None:
    if sys.stdout is None:  # started with standard output closed
        raise UsageError("standard output is closed; write the report to a file with -o")
    from leadcheck.atomic import write_chunks

    write_chunks(sys.stdout, text)
    sys.stdout.flush()


def _render(
    report: Report, fmt: Format, options: RenderOptions, dest: Path | None
) -> Iterable[str]:
    from dataclasses import replace

    from leadcheck.formats import streamer

    if dest is not None:  # files never get colour, and are laid out at a fixed width
        options = replace(options, color=False, width=100)
    return streamer(fmt)(report, options)  # pieces, written as they are made


def _pair_outputs(
    order: Sequence[str],
    formats: Sequence[str] | None,
    outputs: Sequence[str] | None,
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
            pairs[-1] = (pairs[-1][0], None if dest == STDOUT else Path(dest))
    if sum(1 for _, dest in pairs if dest is None) > 1:
        raise UsageError("only one format can go to stdout; give the others an --output file")
    return tuple(pairs)


STDOUT = "-"
"""`-o -`: that format goes to standard output (`-o ./-` names a file called -)."""


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


def _discover(settings: RunSettings) -> list[str]:
    """The plan files to check: folders searched (honouring .gitignore), minus the
    config's `exclude` and --exclude globs (which apply to files found in folders,
    never to files named outright)."""
    excludes = []
    if settings.exclude:
        try:
            excludes.append(
                Exclude(settings.exclude, settings.exclude_base, "the config's exclude")
            )
        except UsageError as exc:
            raise UsageError(f"{settings.config_file}: {exc}") from None
    if settings.extra_exclude:
        excludes.append(Exclude(settings.extra_exclude, os.curdir, "--exclude"))
    files = discover(settings.paths, excludes)
    if settings.stdin_filename is not None:
        if not settings.stdin_filename.strip():
            raise UsageError("--stdin-filename needs a name")
        if "-" not in files:
            raise UsageError("--stdin-filename names standard input, but - is not among the paths")
    return files


def _baselined(report: Report, settings: RunSettings) -> Report:
    """Write the baseline if asked, and leave out the findings the baseline knows."""
    if settings.baseline is None and settings.write_baseline is None:
        return report
    from leadcheck import baseline

    known = None
    if settings.write_baseline is not None:
        path = settings.write_baseline
        known = baseline.keys(report, str(path.parent))
        write_atomic(path, baseline.dumps(known))
        _err(f"wrote {path} ({sum(known.values())} findings)")
    if settings.baseline is not None:  # judge by the old baseline, even when writing anew
        path = settings.baseline
        known = baseline.read(path)
    assert known is not None
    return baseline.compare(report, known, str(path.parent), str(path))


def _check(files: Sequence[str], options: Options, stdin_name: str | None = None) -> Report:
    from leadcheck.engine import check_file, check_loaded, report

    results = []
    for path in files:
        try:
            if path == "-" and stdin_name is not None:
                results.append(check_loaded(_load_stdin(stdin_name, options), options))
            else:
                results.append(check_file(path, options))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise UsageError(f"{path}: cannot read: {reason}") from None
    return report(results, options)


def _load_stdin(name: str, options: Options) -> Loaded:
    """Standard input, loaded under the name --stdin-filename gives it."""
    from leadcheck.loader import load_bytes

    if sys.stdin is None:
        raise UsageError("standard input is closed; name a plan file instead of -")
    # One byte over the limit is enough for load_bytes to report the plan as too large.
    raw = sys.stdin.buffer.read(options.limits.max_bytes + 1)
    return load_bytes(raw, name, options.limits)


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


def _use_color(choice: Color) -> bool:
    if choice is Color.ALWAYS:
        return True
    if choice is Color.NEVER or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout is not None and sys.stdout.isatty()


def _width() -> int:
    if sys.stdout is not None and sys.stdout.isatty():
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
def schema(
    config: Annotated[
        bool, typer.Option("--config", help="Print the config file's schema instead.")
    ] = False,
) -> None:
    """Print the JSON Schema (draft 2020-12) of the plan format, for editors.

    Example: leadcheck schema > leadcheck-plan.schema.json
    """

    def run() -> None:
        if config:
            from leadcheck.config import config_schema_json

            _out(config_schema_json())
            return
        from leadcheck.schema import plan_schema_json

        _out(plan_schema_json())

    _guard(run)


# --- config -------------------------------------------------------------------------


class ConfigFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


@app.command("config")
def config_command(
    ctx: typer.Context,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    fail_on: FailOnOpt = FailOn.ERROR,
    fail_under: Annotated[
        float | None,
        typer.Option(min=0, max=100, help="Also exit 1 when the overall score is below this."),
    ] = None,
    fmt: Annotated[
        ConfigFormat, typer.Option("--format", "-f", help="table or json.")
    ] = ConfigFormat.TABLE,
) -> None:
    """Show the settings in force and where each comes from: default, a config file
    (and line), or the command line. Takes audit's options to show their effect.

    Example: leadcheck config --select LC2
    """

    def run() -> None:
        from leadcheck.config import apply, effective, load, rows_json, rows_table

        path = _config_file(config, no_config)
        settings = RunSettings(
            command="audit",
            paths=(),
            outputs=(),
            fail_on=fail_on,
            fail_under=fail_under,
            select=tuple(select or ()),
            ignore=tuple(ignore or ()),
        )
        given = _given(ctx)
        file_config = load(path) if path is not None else None
        if file_config is not None:
            settings = apply(settings, file_config, given)
        options_for(settings)  # the selectors given here must name rules too
        rows = effective(settings, file_config, given)
        shown = file_config.path if file_config else None
        render = rows_json if fmt is ConfigFormat.JSON else rows_table
        _out(render(shown, rows))

    _guard(run)


# --- diff and history ---------------------------------------------------------------


class DiffFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


class HistoryFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    HTML = "html"


OneOutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file instead of stdout.", show_default=False
    ),
]


@app.command()
def diff(
    ctx: typer.Context,
    old: Annotated[
        str, typer.Argument(help="The earlier plan: a file, - or REV:path.", show_default=False)
    ],
    new: Annotated[
        str, typer.Argument(help="The later plan: a file, - or REV:path.", show_default=False)
    ],
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text, markdown or json.")
    ] = DiffFormat.TEXT,
    output: OneOutputOpt = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(help="Exit 1 when a gap of this severity or worse was opened."),
    ] = FailOn.ERROR,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    as_of: AsOfOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
) -> None:
    """Compare two versions of a plan: gaps closed and opened, score change per theme.

    REV:path reads a version from git (the path from the repository root, or
    from here when it starts with ./).

    Example: leadcheck diff origin/main:plans/north.yaml plans/north.yaml -f markdown
    """

    def run() -> NoReturn:
        from leadcheck.diff import compare, read_version
        from leadcheck.engine import check_loaded
        from leadcheck.formats import diff_report

        if old == "-" and new == "-":
            raise UsageError("only one of OLD and NEW can be - (standard input)")
        settings = _configured(
            ctx,
            RunSettings(
                command="audit",
                paths=(old, new),
                outputs=(),
                fail_on=fail_on,
                select=tuple(select or ()),
                ignore=tuple(ignore or ()),
                as_of=_day(as_of),
            ),
            config,
            no_config,
        )
        options = options_for(settings)
        before = check_loaded(read_version(old, options.limits), options)
        after = check_loaded(read_version(new, options.limits), options)
        result = compare(before, after)
        render = {
            DiffFormat.TEXT: diff_report.render_text,
            DiffFormat.MARKDOWN: diff_report.render_markdown,
            DiffFormat.JSON: diff_report.render_json,
        }[fmt]
        _emit(render(result), output)
        failed = settings.fail_on is not FailOn.NEVER and bool(
            result.opened_at_or_above(Severity(settings.fail_on.value))
        )
        raise typer.Exit(1 if failed else 0)

    _guard(run)


@app.command()
def history(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="A plan file tracked by git.", show_default=False)],
    fmt: Annotated[
        HistoryFormat,
        typer.Option("--format", "-f", help="text, markdown, json or html (with a chart)."),
    ] = HistoryFormat.TEXT,
    output: OneOutputOpt = None,
    since: Annotated[
        str | None,
        typer.Option(help="Only commits after this date (as git log --since).", show_default=False),
    ] = None,
    max_count: Annotated[
        int | None,
        typer.Option(min=1, help="Only the latest N commits.", show_default=False),
    ] = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    as_of: AsOfOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
) -> None:
    """Show a plan's readiness over its git history: one row per commit that changed it.

    Each version is measured from its own partnership.as_of (or its commit date).

    Example: leadcheck history plans/north.yaml -f html -o readiness.html
    """

    def run() -> None:
        from leadcheck.formats import history_report
        from leadcheck.history import history as plan_history

        settings = _configured(
            ctx,
            RunSettings(
                command="audit",
                paths=(path,),
                outputs=(),
                select=tuple(select or ()),
                ignore=tuple(ignore or ()),
                as_of=_day(as_of),
            ),
            config,
            no_config,
        )
        if not os.path.isfile(path):
            raise UsageError(f"{path}: no such file")
        result = plan_history(path, options_for(settings), since, max_count)
        render = {
            HistoryFormat.TEXT: history_report.render_text,
            HistoryFormat.MARKDOWN: history_report.render_markdown,
            HistoryFormat.JSON: history_report.render_json,
            HistoryFormat.HTML: history_report.render_html,
        }[fmt]
        _emit(render(result), output)

    _guard(run)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(output, text)


MODELINE = "# yaml-language-server: $schema="
"""The first line `init` writes: editors with yaml-language-server (VS Code's YAML
extension among them) check the plan as it is typed against the schema it names."""


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the starter plan.")] = Path(
        "partnership.yaml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    schema_file: Annotated[
        Path | None,
        typer.Option(
            "--schema-file",
            metavar="PATH",
            help="Also write the plan format's JSON Schema here and point the plan's first "
            "line at it, for editors (default: the schema published for this version).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a commented starter plan to fill in; its first line points editors at the
    plan format, so they complete and check it as you type.

    Example: leadcheck init plans/partnership.yaml --schema-file plans/plan.schema.json
    """

    def run() -> None:
        from importlib import resources

        if path.exists() and not force:
            raise UsageError(f"{path} already exists; use --force to overwrite it")
        schema_text = None
        if schema_file is None:
            from leadcheck.links import plan_schema_url

            target = plan_schema_url(__version__)
        else:
            schema_text = _schema_to_write(schema_file, path, force)
            target = _schema_reference(schema_file, path)
        starter = (resources.files("leadcheck") / "templates" / "starter.yaml").read_text("utf-8")
        created = None
        if schema_file is not None and schema_text is not None:
            created = None if schema_file.exists() else schema_file
            write_atomic(schema_file, schema_text)
        try:
            write_atomic(path, f"{MODELINE}{target}\n{starter}")
        except BaseException:
            if created is not None:  # no schema left behind for a plan that was not written
                created.unlink(missing_ok=True)
            raise
        wrote = f"wrote {path}; check it with: leadcheck audit {path}\n"
        if schema_file is not None:
            wrote += f"wrote {schema_file}, the plan format that editors check {path} against\n"
        sys.stdout.write(wrote)

    _guard(run)


def _schema_to_write(schema: Path, plan: Path, force: bool) -> str | None:
    """The schema text to write, None when the file already holds it exactly.

    An existing file is replaced only when it is a leadcheck plan schema (from
    another version, say), or with --force.
    """
    from leadcheck.schema import SCHEMA_ID, plan_schema_json

    if os.path.abspath(schema) == os.path.abspath(plan) or same_file(schema, plan):
        raise UsageError(f"--schema-file {schema} is the plan itself; choose another file")
    text = plan_schema_json()
    if schema.is_dir():
        raise UsageError(f"--schema-file {schema} is a folder; name the file to write")
    if not schema.exists():
        return text
    try:
        old = schema.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        old = ""
    if old == text:
        return None
    if not force and f'"$id": "{SCHEMA_ID}"' not in old:
        raise UsageError(
            f"{schema} already exists and is not a leadcheck plan schema; "
            "use --force to overwrite it"
        )
    return text


def _schema_reference(schema: Path, plan: Path) -> str:
    """The schema as the plan's modeline names it: a path relative to the plan's folder
    (yaml-language-server resolves it from there), percent-encoded, since the modeline
    ends at the first space."""
    from urllib.parse import quote

    try:
        rel = os.path.relpath(os.path.abspath(schema), os.path.abspath(plan.parent))
    except ValueError:  # pragma: no cover - another drive on Windows
        return Path(os.path.abspath(schema)).as_uri()
    return quote(rel.replace(os.sep, "/"), safe="/")


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
    except _Terminated:
        _err("terminated; nothing was written")
        raise typer.Exit(143) from None
    except KeyboardInterrupt:
        _err("interrupted; nothing was written")
        raise typer.Exit(130) from None
    except Exception as exc:
        if _plugin_error(exc):  # installed rule packs clash: not leadcheck's fault
            _err(f"error: {exc}")
            raise typer.Exit(2) from None
        if _DEBUG:
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)")
        raise typer.Exit(2) from None


def _plugin_error(exc: Exception) -> bool:
    """A `leadcheck.rules.PluginError` (looked up only once the rules are loaded: the
    error can come from nowhere else, and the CLI starts faster without them)."""
    rules = sys.modules.get("leadcheck.rules")
    kind = getattr(rules, "PluginError", None)
    return isinstance(kind, type) and isinstance(exc, kind)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so partial output is cleaned up."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


def main() -> None:
    """Console-script entry point."""
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    app(prog_name="leadcheck")
