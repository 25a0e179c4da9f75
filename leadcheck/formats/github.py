"""GitHub Actions workflow commands: one annotation per open finding.

    ::error file=plans/a.yaml,line=16,col=5,title=LC201 work-stream-champion::message

error -> `::error`, warning -> `::warning`, info -> `::notice`. Each plan first gets
one `::notice` summary (title `leadcheck summary: FILE`): its as-of date and age,
its readiness (with what the run left out), and how many findings are waived. The message is
the finding's message, then its fix on a second line. `file` is relative to the
render options' base_dir (POSIX separators): the CLI passes the repository root,
since GitHub places annotations by paths from the root, whatever folder the step
ran in; findings in `<stdin>` carry no file, line or col.

Waived findings are skipped: they are accepted gaps, and GitHub shows only a
few annotations per step, so they would crowd out the open ones (the other
formats still list them).

Escaping follows the runner: in the message `%`, CR and LF become `%25`,
`%0D`, `%0A`; in properties also `:` and `,` become `%3A` and `%2C`. Other
control characters (ANSI escapes included) are first replaced by visible
stand-ins (ESC shows as ␛), so a plan cannot colour or rewrite the job log.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from leadcheck.findings import FileReport, Finding, Report, Severity
from leadcheck.formats import RenderOptions
from leadcheck.formats._common import (
    as_of_phrase,
    display_path,
    is_pseudo,
    not_assessed_phrase,
    readiness_phrase,
    visible,
    waived_phrase,
)

COMMAND: Mapping[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}


def escape_data(value: str) -> str:
    return visible(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, options: RenderOptions) -> str:
    return "".join(stream(report, options))


def stream(report: Report, options: RenderOptions) -> Iterator[str]:
    """The commands in pieces, as `render` gives them whole."""
    yield "".join(_summary(fr, options.base_dir) + "\n" for fr in report.files)
    batch: list[str] = []
    for finding in report.findings:
        if not finding.waived:
            batch.append(_command(finding, options.base_dir) + "\n")
            if len(batch) == 2048:
                yield "".join(batch)
                batch = []
    yield "".join(batch)


def _summary(fr: FileReport, base_dir: str) -> str:
    """One notice per plan: its date and age, readiness, what was waived and left out."""
    parts = [
        f"as of {as_of_phrase(fr)}",
        f"readiness {readiness_phrase(fr.readiness, fr.not_assessed)}",
        f"waived {waived_phrase(fr.waived_counts())}",
        f"not assessed: {not_assessed_phrase(fr.not_assessed)}",
    ]
    title = f"leadcheck summary: {display_path(fr.file, base_dir)}"
    return f"::notice {_properties([('title', title)])}::{escape_data('; '.join(parts))}"


def _command(finding: Finding, base_dir: str) -> str:
    loc = finding.location
    props: list[tuple[str, str]] = []
    if not is_pseudo(loc.file):
        props += [
            ("file", display_path(loc.file, base_dir)),
            ("line", str(max(loc.line, 1))),
            ("col", str(max(loc.column, 1))),
        ]
    props.append(("title", f"{finding.rule} {finding.slug}"))
    message = finding.message + (f"\nFix: {finding.fix}" if finding.fix else "")
    return f"::{COMMAND[finding.severity]} {_properties(props)}::{escape_data(message)}"


def _properties(props: Iterable[tuple[str, str]]) -> str:
    return ",".join(f"{name}={escape_property(value)}" for name, value in props)
