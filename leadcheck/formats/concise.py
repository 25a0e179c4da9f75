"""One line per finding, then a count: `lint`'s output, for editors and grep.

With `quiet` (`lint -q`), only the finding lines: nothing at all when clean.

plan.yaml:12:5: error LC002 schema: unknown key 'chamions' (did you mean 'champions'?)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.text import Text

from leadcheck.findings import Report, severity_counts
from leadcheck.formats import RenderOptions
from leadcheck.formats._common import counts_phrase
from leadcheck.formats.text import Painter, Part, drawn, make_console
from leadcheck.words import plural


def render(report: Report, options: RenderOptions) -> str:
    return "".join(stream(report, options))


def stream(report: Report, options: RenderOptions) -> Iterator[str]:
    """The report in pieces, as `render` gives it whole."""
    if options.quiet and not report.findings:  # `lint -q`: silence when clean
        return iter(())
    console = make_console(options)
    lines = _lines(report, Painter(console), count=not options.quiet)
    return drawn(lines, console, options)


def _lines(report: Report, paint: Painter, count: bool = True) -> Iterable[Part]:
    findings = report.findings
    for f in findings:
        yield paint.finding(f)
    if not count:
        return
    files = plural(len(report.files), "file")
    if findings:
        counts = counts_phrase(severity_counts(f for f in findings if not f.waived))
        waived = sum(1 for f in findings if f.waived)
        also = f", {waived} waived" if waived else ""
        yield Text(
            f"{plural(len(findings), 'finding')} ({counts} open{also}) in {files}", style="bold"
        )
    else:
        yield Text(f"no findings in {files}", style="green")
