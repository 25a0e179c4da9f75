"""Running `audit` and `lint`: settings in, reports written, an exit code out.

Both the typer command line (`leadcheck.cli`) and the fast path for plain
invocations (`leadcheck.launch`) run plans through here, so they cannot differ.
Nothing here imports typer or rich.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

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


DEBUG = False
"""--debug: let unexpected errors raise, with their traceback."""


def guard(action: Callable[[], int], passthrough: tuple[type[BaseException], ...] = ()) -> int:
    """Run a command body; errors become one line on stderr and an exit code."""
    reraise: tuple[type[BaseException], ...] = (SystemExit, *passthrough)
    try:
        return action()
    except reraise:
        raise
    except (UsageError, ConfigError) as exc:
        err(f"error: {exc}")
        return 2
    except BrokenPipeError:
        return 1
    except Terminated:
        err("terminated; nothing was written")
        return 143
    except KeyboardInterrupt:
        err("interrupted; nothing was written")
        return 130
    except Exception as exc:
        if _plugin_error(exc):  # installed rule packs clash: not leadcheck's fault
            err(f"error: {exc}")
            return 2
        if DEBUG:
            raise
        err(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)")
        return 2


CONFIGURABLE = ("select", "ignore", "fail_on", "fail_under")
"""Settings a config file gives unless the command line does."""


def configured(
    settings: RunSettings, config: Path | None, no_config: bool, given: Collection[str]
) -> RunSettings:
    """Run settings from the command line (`given`: the CONFIGURABLE names it set)
    over the config file, if there is one."""
    path = config_file(config, no_config)
    if path is None:
        return settings
    from leadcheck.config import apply, load

    return apply(settings, load(path), set(given))


def config_file(config: Path | None, no_config: bool) -> Path | None:
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


def run_plans(settings: RunSettings, keep: list[object] | None = None) -> int:
    """Check, render and write as `settings` say; the exit code. The report goes
    into `keep` when given, for a caller that ends the process without freeing it."""
    from leadcheck.formats import RenderOptions, rule_catalog

    files = discover_plans(settings)
    _refuse_overwriting(files, settings)
    base_dir = _base_dir(settings)
    warnings: list[str] = []
    options = options_for(settings, warnings)
    for warning in warnings:
        err(f"warning: {warning}")
    # A run builds large acyclic data: the cycle collector would only rescan it
    # again and again (it makes big plans up to twice as slow).
    gc.disable()
    try:
        report = _check(files, options, settings.stdin_filename)
    finally:
        gc.freeze()  # nor, while the report is written, scan what the run built
        gc.enable()
    report = _baselined(report, settings)
    if keep is not None:
        keep.append(report)
    render_options = RenderOptions(
        catalog=rule_catalog({r.id: r.meta for r in options.rules or ()}),
        color=use_color(settings.color),
        width=width(),
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
            err(f"warning: {note}")
    for dest, text in rendered:
        if dest is None:
            write_stdout(text)
        else:
            write_atomic(dest, text)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if settings.step_summary and summary:
        from leadcheck.ci import append_step_summary

        full = _full_report(outputs)
        if (
            problem := append_step_summary(summary, report, render_options, full_report=full)
        ) is not None:
            err(f"warning: {problem}")
    return _exit_code(report, settings.fail_on, settings.fail_under)


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


def write_stdout(text: str | Iterable[str]) -> None:
    if sys.stdout is None:  # started with standard output closed
        raise UsageError("standard output is closed; write the report to a file with -o")
    from leadcheck.atomic import write_chunks

    write_chunks(sys.stdout, text)
    sys.stdout.flush()


def _render(
    report: Report, fmt: Format, options: RenderOptions, dest: Path | None
) -> Iterable[str]:
    from leadcheck.formats import streamer
    from leadcheck.records import replace

    if dest is not None:  # files never get colour, and are laid out at a fixed width
        options = replace(options, color=False, width=100)
    return streamer(fmt)(report, options)  # pieces, written as they are made


def pair_outputs(
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


def parse_day(as_of: str | None) -> dt.date | None:
    if as_of is None:
        return None
    if as_of.strip().lower() == "today":
        from leadcheck import clock

        return clock.today()
    try:
        return dt.date.fromisoformat(as_of)
    except ValueError:
        raise UsageError(f"--as-of {as_of!r} is not a date; write YYYY-MM-DD or today") from None


def discover_plans(settings: RunSettings) -> list[str]:
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
        err(f"wrote {path} ({sum(known.values())} findings)")
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
        failing = {(s, False) for s in Severity if s.weight >= floor}
        if any(n for fr in report.files for key, n in fr.tally().items() if key in failing):
            return 1
    if fail_under is not None:
        score = report.score
        if score is None or score < fail_under:
            return 1
    return 0


def use_color(choice: Color) -> bool:
    if choice is Color.ALWAYS:
        return True
    if choice is Color.NEVER or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout is not None and sys.stdout.isatty()


def width() -> int:
    if sys.stdout is not None and sys.stdout.isatty():
        import shutil  # only a terminal needs its width

        return max(60, min(shutil.get_terminal_size().columns, 140))
    return 100


def err(message: str) -> None:
    """One line on stderr; control characters in it (from a file name, say) shown escaped."""
    from leadcheck.words import escape_controls

    sys.stderr.write(f"leadcheck: {escape_controls(message)}\n")


def _plugin_error(exc: Exception) -> bool:
    """A `leadcheck.rules.PluginError` (looked up only once the rules are loaded: the
    error can come from nowhere else, and the CLI starts faster without them)."""
    rules = sys.modules.get("leadcheck.rules")
    kind = getattr(rules, "PluginError", None)
    return isinstance(kind, type) and isinstance(exc, kind)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so partial output is cleaned up."""


def terminate(signum: int, frame: object) -> None:
    raise Terminated
