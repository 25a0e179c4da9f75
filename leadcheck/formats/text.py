"""The terminal report: colour-coded with rich, readable without colour too.

User strings only ever reach rich as `Text` objects (never markup), after
control characters are made visible, so a partner called `[bold red]x` or one
holding an escape sequence prints exactly as typed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator

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
    return "".join(stream(report, options))


def stream(report: Report, options: RenderOptions) -> Iterator[str]:
    """The report in pieces, as `render` gives it whole."""
    console = make_console(options)
    return drawn(_audit(report, options, Painter(console)), console, options)


Part = RenderableType | str
"""What a report is drawn from: rich renderables, and lines already drawn (by a
`Painter`, each ending in a newline)."""


def draw(parts: Iterable[Part], options: RenderOptions) -> str:
    """Print renderables to a string: coloured when asked, plain text otherwise."""
    console = make_console(options)
    return "".join(drawn(parts, console, options))


def make_console(options: RenderOptions) -> Console:
    return Console(
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


_LINES_PER_PIECE = 2048


def drawn(parts: Iterable[Part], console: Console, options: RenderOptions) -> Iterator[str]:
    """Each part printed in turn (lines already drawn are passed through), in pieces
    of some thousand lines."""
    buffer: io.StringIO = console.file  # type: ignore[assignment]
    pending: list[str] = []
    for part in parts:
        if isinstance(part, str):
            pending.append(part)
            if len(pending) < _LINES_PER_PIECE:
                continue
        else:
            # Finding lines stay whole so they can be grepped and clicked in editors.
            console.print(part, soft_wrap=isinstance(part, Text))
            pending.append(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
        yield _tidy("".join(pending), options)
        pending = []
    if pending:
        yield _tidy("".join(pending), options)


def _tidy(out: str, options: RenderOptions) -> str:
    if options.color:
        return out
    # rich pads table cells; plain text should not carry trailing blanks.
    return "\n".join(line.rstrip() for line in out.split("\n"))


class Painter:
    """Draws the report's many one-line parts (findings, fixes, Fix next entries) as
    plain strings, exactly as the console would print them as `Text`, at a small
    fraction of the cost: each style's codes are asked of the console once.

    A line rich would change (a tab to expand, a character it strips or breaks
    at) is printed by the console itself.
    """

    def __init__(self, console: Console) -> None:
        self.console = console
        self._codes: dict[str, tuple[str, str]] = {}
        self._middles: dict[tuple[Severity, str, str], str] = {}

    def codes(self, style: str) -> tuple[str, str]:
        """What the console writes before and after text in `style`."""
        found = self._codes.get(style)
        if found is None:
            buffer: io.StringIO = self.console.file  # type: ignore[assignment]
            before = buffer.tell()
            self.console.print(Text("x", style=style), soft_wrap=True)
            out = buffer.getvalue()[before:]
            buffer.seek(before)
            buffer.truncate()
            start, _, end = out.rpartition("x")
            found = self._codes[style] = (start, end[:-1])  # less the newline
        return found

    def line(self, *pieces: str | tuple[str, str]) -> str:
        """The printed line of `Text.assemble(*pieces)`, with its newline."""
        text = self._styled(pieces)
        if _RICH_CHANGES.search(text) is None and not _ends_in_space(pieces):
            return text + "\n"
        return self.rich(Text.assemble(*pieces))

    def _styled(self, pieces: tuple[str | tuple[str, str], ...]) -> str:
        out = []
        for piece in pieces:
            if isinstance(piece, str):
                out.append(piece)
            elif piece[0]:  # rich leaves out empty text, and its style
                start, end = self.codes(piece[1])
                out.append(f"{start}{piece[0]}{end}")
        return "".join(out)

    def rich(self, text: Text) -> str:
        buffer: io.StringIO = self.console.file  # type: ignore[assignment]
        before = buffer.tell()
        self.console.print(text, soft_wrap=True)
        out = buffer.getvalue()[before:]
        buffer.seek(before)
        buffer.truncate()
        return out

    def finding(self, f: Finding) -> str:
        """`finding_line(f)` as printed. Between the place and the message, a line
        depends only on the rule and severity: that part is drawn once per rule."""
        message = printable(f.message)
        if not f.waived and message and not message[-1].isspace():
            kind = (f.severity, f.rule, f.slug)
            middle = self._middles.get(kind)
            if middle is None:
                middle = self._middles[kind] = self._styled(_finding_pieces(f)[1:8])
            start, end = self.codes("bold")
            # The place ("file:line:column") is never empty, so rich styles it.
            text = f"{start}{printable(str(f.location))}{end}{middle}{message}"
            if _RICH_CHANGES.search(text) is None:
                return text + "\n"
        return self.line(*_finding_pieces(f))


def _ends_in_space(pieces: tuple[str | tuple[str, str], ...]) -> bool:
    """Whether the line ends in white space, which some versions of rich drop."""
    for piece in reversed(pieces):
        text = piece if isinstance(piece, str) else piece[0]
        if text:
            return text[-1].isspace()
    return False


_RICH_CHANGES = re.compile("[\t\n\x07\x08\x0b\x0c\r]")
"""What rich does not print as given: tabs (expanded), line breaks (each line
styled on its own) and the control characters it strips."""


# --- findings ------------------------------------------------------------------------


def finding_line(f: Finding) -> Text:
    """`file:line:col: severity RULE slug: message`, one line, for grep and editors.

    The severity is a word (error, warning, info), so it reads the same without
    colour: piped, printed, or with NO_COLOR."""
    return Text.assemble(*_finding_pieces(f))


def _finding_pieces(f: Finding) -> tuple[str | tuple[str, str], ...]:
    style = SEVERITY_STYLE[f.severity]
    return (
        (printable(str(f.location)), "bold"),
        ": ",
        (f.severity.value, style),
        " ",
        (f.rule, style),
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


def _audit(report: Report, options: RenderOptions, paint: Painter) -> Iterable[Part]:
    for index, fr in enumerate(report.files):
        if index:
            yield Text("")
        yield from _file_section(fr, options, paint)
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


def _file_section(fr: FileReport, options: RenderOptions, paint: Painter) -> Iterable[Part]:
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
    yield from _findings(fr, paint)
    if fr.waivers:
        yield Text("")
        yield from _waivers(fr)
    if fr.fix_next:
        yield Text("")
        yield from _fix_next(fr, paint)


def _fix_next(fr: FileReport, paint: Painter) -> Iterable[Part]:
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
            yield paint.line(
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
    grid.add_row("Open", Text(counts_phrase(fr.open_counts())))
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


def _findings(fr: FileReport, paint: Painter) -> Iterable[Part]:
    fixes: dict[str, str] = {}  # many findings share a fix
    for theme, title, findings in theme_groups(fr, fr.findings):
        yield Text("")
        if theme == STRUCTURE:
            title = "the plan's YAML, fields, references and waivers"
        yield Text.assemble((theme, "bold"), (f"  {title}", "dim"))
        for f in findings:
            yield paint.finding(f)
            if f.fix and not f.waived:
                line = fixes.get(f.fix)
                if line is None:
                    line = paint.line(("    fix: ", "dim"), (printable(f.fix), "italic"))
                    fixes[f.fix] = line
                yield line


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
