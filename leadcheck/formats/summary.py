"""The compact job summary: what a CI page can always hold, however big the plan.

GitHub drops a step's whole summary past 1 MiB, and the full markdown report
of a plan with some 1,750 people is already that big. This summary has only the
verdict, the counts, a few files and the "fix next" list, with every
user-supplied string clipped, so its size has a fixed bound (`MAX_BYTES`)
whatever the plan holds. It says where the full report is.
"""

from __future__ import annotations

from leadcheck.findings import FileReport, Finding, Report
from leadcheck.formats import RenderOptions
from leadcheck.formats._common import (
    SEVERITY_EMOJI,
    TITLE,
    counts_phrase,
    plural,
    readiness_emoji,
    score_of_100,
    score_text,
)
from leadcheck.formats.markdown import authored, text

FILES_SHOWN = 20
"""Rows of the per-file table; the rest are counted."""
FIX_NEXT_MAX = 10
NAME_CHARS = 120
"""Longest partnership name or file path shown (clipped with …)."""
MESSAGE_CHARS = 300
MAX_BYTES = 96 * 1024
"""An upper bound on the summary's UTF-8 size, from the limits above (a test checks it)."""


def render_compact(
    report: Report,
    options: RenderOptions,
    *,
    full_report: str | None = None,
    reason: str | None = None,
) -> str:
    """The compact summary as GitHub-flavoured markdown.

    `full_report` names where the full report was written (a file, an artifact);
    `reason` says why this summary is compact (the full one is too big, or an
    earlier run in the same step already wrote its report).
    """
    blocks = [f"# {TITLE} (summary): {_title(report)}", _verdict(report)]
    if len(report.files) > 1:
        blocks.append(_files_table(report.files))
    items = _fix_next(report, min(max(options.fix_next, 0), FIX_NEXT_MAX))
    if items:
        blocks += ["## Fix next", items]
    blocks.append(_where_full(reason, full_report))
    return "\n\n".join(blocks) + "\n"


def _clip(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _title(report: Report) -> str:
    if len(report.files) == 1:
        fr = report.files[0]
        return text(_clip(fr.partnership or fr.file, NAME_CHARS))
    return plural(len(report.files), "file")


def _verdict(report: Report) -> str:
    waived = sum(1 for f in report.findings if f.waived)
    return " · ".join(
        [
            f"**Readiness:** {readiness_emoji(report.readiness)}",
            f"**Score:** {score_of_100(report.score)}",
            f"**Open:** {counts_phrase(report.counts())}, {waived} waived",
        ]
    )


def _files_table(files: tuple[FileReport, ...]) -> str:
    lines = [
        "| File | Score | Readiness | Errors | Warnings | Info |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for fr in files[:FILES_SHOWN]:
        counts = [str(n) for n in fr.open_counts().values()]
        name = text(_clip(fr.file, NAME_CHARS))
        row = [name, score_text(fr.score), readiness_emoji(fr.readiness), *counts]
        lines.append("| " + " | ".join(row) + " |")
    if len(files) > FILES_SHOWN:
        lines += ["", f"… and {plural(len(files) - FILES_SHOWN, 'more file')}."]
    return "\n".join(lines)


def _fix_next(report: Report, limit: int) -> str:
    """The best gains across files (each gain in its own file's score)."""
    ranked: list[tuple[float, int, int, Finding]] = [
        (-item.gain, n, i, item.finding)
        for n, fr in enumerate(report.files)
        for i, item in enumerate(fr.fix_next)
    ]
    ranked.sort(key=lambda r: r[:3])
    lines = []
    for k, (gain, _, _, f) in enumerate(ranked[:limit], start=1):
        where = text(_clip(str(f.location), NAME_CHARS + 20))
        message = text(_clip(f.message, MESSAGE_CHARS))
        if not message.endswith("."):
            message += "."
        fix = f" Fix: {authored(_clip(f.fix, MESSAGE_CHARS))}" if f.fix else ""
        rule = f"{text(_clip(f.rule, 40))} {text(_clip(f.slug, 60))}"
        lines.append(
            f"{k}. **+{-gain:.1f} points** · {SEVERITY_EMOJI[f.severity]} {rule} "
            f"at {where}: {message}{fix}"
        )
    return "\n".join(lines)


def _where_full(reason: str | None, full_report: str | None) -> str:
    why = reason or "This is the short form of leadcheck's report."
    if full_report:
        where = f"The full report is in {text(_clip(full_report, NAME_CHARS * 2))}."
    else:
        where = (
            "For the full report, write it to a file and keep it as an artifact: "
            "`leadcheck audit … -f markdown -o gap-report.md` (or `-f html`)."
        )
    return f"> {why} {where}"
