"""The terminal report: colour-coded with rich, readable without colour too.

User strings only ever reach rich as `Text` objects (never markup), after
control characters are made visible, so a partner called `[bold red]x` or one
holding an escape sequence prints exactly as typed.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from rich.console import Console, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from leadcheck import __version__
from leadcheck.findings import (
    Colour,
    FileReport,
    Finding,
    PartnersView,
    Readiness,
    Report,
    Severity,
    ThemeScore,
)
from leadcheck.formats import RenderOptions
from leadcheck.formats._common import (
    STRUCTURE,
    also_phrase,
    as_of_phrase,
    blocking_phrase,
    counts_phrase,
    errors_first,
    gain_phrase,
    not_assessed_phrase,
    open_counts,
    plural,
    readiness_label,
    theme_groups,
    visible,
    waived_phrase,
    waiver_expiry,
    waiver_owner,
    waiver_status,
)
from leadcheck.formats._portfolio import (
    SCALE,
    marks,
    mean_cell,
    score_cell,
    spread_cell,
    thresholds_phrase,
    verdict_phrase,
)

COLOUR_STYLE = {Colour.RED: "bold red", Colour.AMBER: "bold yellow", Colour.GREEN: "bold green"}
SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
READINESS_STYLE = {
    Readiness.NOT_READY: "bold white on red",
    Readiness.NEARLY_READY: "bold black on yellow",
    Readiness.READY: "bold white on green",
}
BAR_WIDTH = 20


def printable(value: str) -> str:
    """User text on one line, with control characters shown (ESC as ␛), never obeyed."""
    return visible(value, newline="↵")


def render(report: Report, options: RenderOptions) -> str:
    return draw(_audit(report, options), options)


def draw(parts: Iterable[RenderableType], options: RenderOptions) -> str:
    """Print renderables to a string: coloured when asked, plain text otherwise."""
    console = Console(
        file=io.StringIO(),
        width=options.width,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    for part in parts:
        # Finding lines stay whole so they can be grepped and clicked in editors.
        console.print(part, soft_wrap=isinstance(part, Text))
    out = str(console.file.getvalue())  # type: ignore[attr-defined]
    if options.color:
        return out
    # rich pads table cells; plain text should not carry trailing blanks.
    return "\n".join(line.rstrip() for line in out.split("\n"))


# --- findings ------------------------------------------------------------------------


def finding_line(f: Finding) -> Text:
    """`file:line:col: severity RULE slug: message`, one line, for grep and editors.

    The severity is a word (error, warning, info), so it reads the same without
    colour: piped, printed, or with NO_COLOR."""
    return Text.assemble(
        (printable(str(f.location)), "bold"),
        ": ",
        (f.severity.value, SEVERITY_STYLE[f.severity]),
        " ",
        (f.rule, SEVERITY_STYLE[f.severity]),
        " ",
        (f.slug, "dim"),
        ": ",
        printable(f.message),
        (_waived_note(f) if f.waived else "", "dim"),
    )


def _waived_note(f: Finding) -> str:
    owner = f"owner {printable(f.waiver_owner)}, " if f.waiver_owner else ""
    expiry = f"expires {f.waiver_expires}" if f.waiver_expires else "no expiry"
    return f"  (waived: {printable(f.waiver_reason or '')}; {owner}{expiry})"


# --- audit: the gap report ----------------------------------------------------------


def _audit(report: Report, options: RenderOptions) -> Iterable[RenderableType]:
    for index, fr in enumerate(report.files):
        if index:
            yield Text("")
        yield from _file_section(fr, options)
    if len(report.files) > 1:
        yield Text("")
        yield _total(report)
    if report.baseline is not None:  # --baseline: what the report leaves out, and why
        from leadcheck.baseline import summary_lines

        yield Text("")
        yield from (
            Text(("  " if i else "") + printable(s))
            for i, s in enumerate(summary_lines(report.baseline))
        )


def _file_section(fr: FileReport, options: RenderOptions) -> Iterable[RenderableType]:
    yield Rule(Text(f"leadcheck {__version__}  {printable(fr.file)}"), style="dim")
    yield _header(fr)
    if fr.themes:
        yield Text("")
        yield _themes_table(fr.themes)
    if options.verbose and fr.rule_scores:
        yield Text("")
        yield _rules_table(fr)
    if options.quiet:
        return
    if fr.partners_view is not None:
        yield Text("")
        yield from _partners_view(fr.partners_view)
    yield from _findings(fr)
    if fr.waivers:
        yield Text("")
        yield from _waivers(fr)
    if fr.fix_next:
        yield Text("")
        yield from _fix_next(fr)


def _fix_next(fr: FileReport) -> Iterable[RenderableType]:
    """The submission checklist: every open error, then the warnings that add most."""
    yield Text("Fix next", style="bold underline")
    errors, rest = errors_first(fr)
    yield Text(f"{blocking_phrase(fr)}:" if errors else f"{blocking_phrase(fr)}.", style="bold")
    n = 0
    for heading, items in ((None, errors), ("Then, to gain the most points:", rest)):
        if not items:
            continue
        if heading and errors:
            yield Text(heading, style="bold")
        for item in items:
            n += 1
            f = item.finding
            also = also_phrase(item)
            yield Text.assemble(
                f"{n:>2}. ",
                (f"{f.severity.value:<7}", SEVERITY_STYLE[f.severity]),
                " ",
                (f.rule, SEVERITY_STYLE[f.severity]),
                " ",
                printable(f.message),
                (f"  ({printable(str(f.location))}; {gain_phrase(item.gain)}", "dim"),
                (f"; {also})" if also else ")", "dim"),
            )


def _waivers(fr: FileReport) -> Iterable[RenderableType]:
    yield Text.assemble(
        ("Waivers", "bold"), ("  accepted gaps, each with an owner and an expiry", "dim")
    )
    for use in fr.waivers:
        target = f" for '{printable(use.target)}'" if use.target else ""
        yield Text.assemble(
            (f"line {use.line}: ", "bold"),
            f"{use.rule}{target}: owner {printable(waiver_owner(use))}, "
            f"expires {waiver_expiry(use)}; {waiver_status(use)}",
        )
        yield Text.assemble(("    reason: ", "dim"), (printable(use.reason), "italic"))


def _header(fr: FileReport) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row("Partnership", Text(printable(fr.partnership or "(unnamed)")))
    grid.add_row("As of", Text(as_of_phrase(fr)))
    score = "-" if fr.score is None else f"{fr.score:.1f} / 100"
    grid.add_row("Score", Text(score, style="bold"))
    readiness = _readiness(fr.readiness)
    if fr.blocked:
        readiness.append("  the plan has structure errors; fix them to run the rules")
    elif fr.readiness is not None and fr.partial:
        readiness.append(f"  partial: {not_assessed_phrase(fr.not_assessed)}")
    grid.add_row("Readiness", readiness)
    grid.add_row("Open", Text(counts_phrase(open_counts(fr.findings))))
    grid.add_row("Waived", Text(waived_phrase(fr.waived_counts())))
    if fr.partial:
        grid.add_row("Left out", Text(not_assessed_phrase(fr.not_assessed)))
    return grid


def _themes_table(themes: Iterable[ThemeScore]) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("Theme")
    table.add_column("Score", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    for heading in ("Errors", "Warnings", "Info", "Waived"):
        table.add_column(heading, justify="right")
    for theme in themes:
        filled = round(theme.score / 100 * BAR_WIDTH)
        style = COLOUR_STYLE[theme.colour]
        bar = Text.assemble(
            ("█" * filled, style), ("░" * (BAR_WIDTH - filled), "dim"), f" {theme.score:5.1f}"
        )
        table.add_row(
            Text(theme.theme),
            bar,
            Text(f"● {theme.colour.value}", style=style),
            str(theme.counts[Severity.ERROR]),
            str(theme.counts[Severity.WARNING]),
            str(theme.counts[Severity.INFO]),
            str(theme.waived),
        )
    return table


MARK_STYLE = {"split": "bold red", "weak": "bold yellow"}


def _partners_view(view: PartnersView) -> Iterable[RenderableType]:
    """The principles by the partners' own scores (1-4), with the mean and the splits."""
    yield Text.assemble(
        ("Partners' view", "bold"),
        (f"  each partner's own score, {SCALE}: {verdict_phrase(view)}", "dim"),
    )
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("Principle")
    for pid, _ in view.partners:
        table.add_column(Text(printable(pid)), justify="right")
    table.add_column("Mean", justify="right", no_wrap=True)
    table.add_column("Spread", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for row in view.rows:
        status = Text(" ").join(Text(word, style=MARK_STYLE[word]) for word in marks(row))
        table.add_row(
            Text(row.title),
            *(score_cell(s) for s in row.scores),
            mean_cell(row),
            spread_cell(row),
            status,
        )
    yield table
    key = "; ".join(f"{printable(pid)} {printable(name)}" for pid, name in view.partners)
    yield Text.assemble(("Partners: ", "dim"), key)
    if view.not_responding:
        names = ", ".join(printable(pid) for pid in view.not_responding)
        yield Text.assemble(("Not responding: ", "dim"), names)
    yield Text(thresholds_phrase(view), style="dim")


def _rules_table(fr: FileReport) -> Table:
    table = Table(
        title="Rules", box=None, pad_edge=False, header_style="bold", title_justify="left"
    )
    for heading in ("Rule", "Theme", "Passed", "Score"):
        table.add_column(heading, justify="right" if heading in ("Passed", "Score") else "left")
    for s in fr.rule_scores:
        if not s.subjects:
            table.add_row(s.rule, s.theme, "-", "n/a")
        else:
            table.add_row(s.rule, s.theme, f"{s.passed}/{s.subjects}", f"{100 * s.score:.0f}")
    return table


def _findings(fr: FileReport) -> Iterable[RenderableType]:
    for theme, title, findings in theme_groups(fr, fr.findings):
        yield Text("")
        if theme == STRUCTURE:
            title = "the plan's YAML, fields, references and waivers"
        yield Text.assemble((theme, "bold"), (f"  {title}", "dim"))
        for f in findings:
            yield finding_line(f)
            if f.fix and not f.waived:
                yield Text.assemble(("    fix: ", "dim"), (printable(f.fix), "italic"))


def _total(report: Report) -> Text:
    counts = report.counts()
    score = report.score
    partial = (
        f"; partial: {not_assessed_phrase(report.not_assessed)}"
        if report.partial and report.readiness is not None
        else ""
    )
    return Text.assemble(
        ("Total ", "bold"),
        f"{len(report.files)} files: ",
        (plural(counts[Severity.ERROR], "error"), SEVERITY_STYLE[Severity.ERROR]),
        ", ",
        (plural(counts[Severity.WARNING], "warning"), SEVERITY_STYLE[Severity.WARNING]),
        ", ",
        (f"{counts[Severity.INFO]} info", SEVERITY_STYLE[Severity.INFO]),
        f" open; {waived_phrase(report.waived_counts())} waived",
        "; mean score " + ("-" if score is None else f"{score:.1f}"),
        "; readiness ",
        _readiness(report.readiness),
        partial,
    )


def _readiness(readiness: Readiness | None) -> Text:
    label = f" {readiness_label(readiness).upper()} "
    return Text(label, style=READINESS_STYLE[readiness] if readiness else "bold")
