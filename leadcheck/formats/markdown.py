"""GitHub-flavoured markdown: for pull-request comments and job summaries.

One section per file (with a total table first when there are several): the
themes table, the open findings, "Fix next", and waived findings in a collapsed
`<details>` block. Every user-supplied string goes through `text()`, so it shows
literally: it can neither break a table nor start a heading, a list, a link, an
image, emphasis or raw HTML, and GitHub does not turn a web address in it into a
link. Rule-authored text (fixes) keeps its `code` spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from leadcheck.findings import FileReport, Finding, FixNext, PartnersView, Report, mean_text
from leadcheck.formats import RenderOptions
from leadcheck.formats._common import (
    COLOUR_EMOJI,
    SEVERITY_EMOJI,
    TITLE,
    also_phrase,
    as_of_phrase,
    blocking_phrase,
    common_as_of,
    counts_phrase,
    errors_first,
    gain_phrase,
    no_scores_reason,
    not_assessed_phrase,
    plural,
    readiness_emoji,
    score_of_100,
    score_text,
    visible,
    waived_phrase,
    waiver_expiry,
)
from leadcheck.formats._portfolio import (
    SCALE,
    common_gaps,
    least_ready_first,
    marks,
    mean_cell,
    portfolio_themes,
    score_cell,
    spread_cell,
    theme_cell,
    verdict_phrase,
)

NEWLINE = "↵"
_ESCAPES = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "[": "\\[",
    "]": "\\]",
    "|": "\\|",
    "~": "\\~",
    "$": "\\$",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
}
_LINE_START = re.compile(r"^(?:[#+=-]|\d+(?=[.)]))")
_CODE = re.compile(r"`([^`|\r\n]+)`")
_AUTOLINK = re.compile(r"://\S*|www\.\S*|[\w.+-]*@[\w-]+(?:\.[\w-]+)*", re.IGNORECASE)
"""What GitHub would turn into a link by itself: `http://...`, `www.` (from there to
the next space) and email addresses. Escaping their `:`, `@` and dots stops that,
and still shows them."""


def text(value: str) -> str:
    """Inline-safe markdown for a user-supplied string: it renders exactly as given."""
    value = visible(value, newline=NEWLINE)
    linked = {
        i
        for match in _AUTOLINK.finditer(value)
        for i in range(match.start(), match.end())
        if value[i] in ".:@"
    }
    out: list[str] = []
    last = len(value) - 1
    for i, ch in enumerate(value):
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif i in linked:
            out.append("\\" + ch)
        elif ch == "_" and not (0 < i < last and value[i - 1].isalnum() and value[i + 1].isalnum()):
            out.append("\\_")
        else:
            out.append(ch)
    escaped = "".join(out)
    match = _LINE_START.match(escaped)
    if match is None:
        return escaped
    if match.group().isdigit():  # "1. " would start a list: escape the dot
        end = match.end()
        return escaped[:end] + "\\" + escaped[end:]
    return "\\" + escaped


def authored(value: str) -> str:
    """Rule-authored text: escaped like `text`, but simple `code` spans stay code."""
    parts = _CODE.split(value)
    return "".join(f"`{visible(p)}`" if i % 2 else text(p) for i, p in enumerate(parts))


def render(report: Report, options: RenderOptions) -> str:
    blocks: list[str] = []
    if len(report.files) == 1:
        fr = report.files[0]
        blocks.append(f"# {TITLE}: {text(fr.partnership or fr.file)}")
        blocks.append(_summary(fr))
        blocks.extend(_file_body(fr, options, level=2))
    else:
        blocks.append(f"# {TITLE}: {plural(len(report.files), 'file')}")
        blocks.append(_total_summary(report))
        if report.files:
            blocks.extend(_portfolio(report.files, options))
        if not options.quiet:  # -q: the portfolio alone
            for fr in report.files:
                blocks.append(f"## {text(fr.partnership or fr.file)} ({text(fr.file)})")
                blocks.append(_summary(fr))
                blocks.extend(_file_body(fr, options, level=3))
    if report.baseline is not None:  # --baseline: what the report leaves out, and why
        from leadcheck.baseline import summary_lines

        lines = summary_lines(report.baseline)
        blocks.append("\n".join([text(lines[0]), *(f"- {text(s)}" for s in lines[1:])]))
    return "\n\n".join(blocks) + "\n"


def _summary(fr: FileReport) -> str:
    items = [
        f"**Readiness:** {readiness_emoji(fr.readiness, fr.not_assessed)}",
        f"**Score:** {score_of_100(fr.score)}",
    ]
    if fr.as_of is not None:
        items.append(f"**As of:** {as_of_phrase(fr)}")
    items.append(f"**File:** {text(fr.file)}")
    items.append(f"**Open:** {counts_phrase(fr.open_counts())}")
    items.append(f"**Waived:** {waived_phrase(fr.waived_counts())}")
    if fr.partial:
        items.append(f"**Left out:** {not_assessed_phrase(fr.not_assessed)}")
    return " · ".join(items)


def _total_summary(report: Report) -> str:
    items = [
        f"**Readiness:** {readiness_emoji(report.readiness, report.not_assessed)}",
        f"**Overall score:** {score_of_100(report.score)}",
    ]
    as_of = report.as_of.isoformat() if report.as_of else common_as_of(report.files)
    if as_of:
        items.append(f"**As of:** {as_of}")
    items.append(f"**Open:** {counts_phrase(report.counts())}")
    items.append(f"**Waived:** {waived_phrase(report.waived_counts())}")
    if report.partial:
        items.append(f"**Left out:** {not_assessed_phrase(report.not_assessed)}")
    return " · ".join(items)


def _table(header: Sequence[str], align: str, rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if a == "r" else "---" for a in align) + "|")
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def _portfolio(files: Sequence[FileReport], options: RenderOptions) -> list[str]:
    """One row per plan, least ready first, with each theme's colour; then the gaps
    the plans share most."""
    themes = portfolio_themes(files)
    rows = []
    for fr in least_ready_first(files):
        counts = fr.open_counts()
        cells = []
        for theme, _ in themes:
            score = theme_cell(fr, theme)
            cells.append(
                "–"
                if score is None
                else f"{COLOUR_EMOJI[score.colour]} {score.colour.value} {score_text(score.score)}"
            )
        rows.append(
            [
                text(fr.partnership or fr.file),
                text(fr.file),
                readiness_emoji(fr.readiness),
                score_text(fr.score),
                *cells,
                *(str(n) for n in counts.values()),
                str(sum(1 for f in fr.findings if f.waived)),
            ]
        )
    header = [
        "Partnership",
        "File",
        "Readiness",
        "Score",
        *(text(theme) for theme, _ in themes),
        "Errors",
        "Warnings",
        "Info",
        "Waived",
    ]
    align = "lllr" + "l" * len(themes) + "rrrr"
    lead = (
        f"{plural(len(files), 'plan')}, the least ready first. Each theme is 🔴 red with an "
        "open error, 🟠 amber with an open warning, 🟢 green otherwise, beside its score."
    )
    gaps = common_gaps(files, options.catalog)
    if gaps:
        gap_rows = [
            [
                text(g.rule),
                text(g.slug),
                f"{SEVERITY_EMOJI[g.severity]} {g.severity.value}",
                authored(g.title),
                f"{g.partnerships} of {len(files)}",
                str(g.findings),
            ]
            for g in gaps
        ]
        gap_header = ["Rule", "Slug", "Severity", "Title", "Partnerships", "Findings"]
        gap_table = _table(gap_header, "lllllr", gap_rows)
    else:
        gap_table = "No open findings in any plan."
    return [
        "## Portfolio",
        lead,
        _table(header, align, rows),
        "## Most common gaps across the portfolio",
        gap_table,
    ]


def _file_body(fr: FileReport, options: RenderOptions, level: int) -> list[str]:
    h = "#" * level
    blocks = [f"{h} Themes", _themes(fr)]
    if options.quiet:
        return blocks
    if fr.partners_view is not None:
        blocks.extend([f"{h} Partners' view", *_partners_view(fr.partners_view)])
    open_findings = fr.open_findings
    blocks.append(f"{h} Findings")
    blocks.append(_findings(open_findings) if open_findings else "No open findings.")
    if fr.fix_next:
        blocks.extend([f"{h} Fix next", _fix_next(fr)])
    waived = [f for f in fr.findings if f.waived]
    if waived:
        blocks.append(_waived(waived))
    return blocks


def _themes(fr: FileReport) -> str:
    if not fr.themes:
        return no_scores_reason(fr)
    rows = [
        [
            text(t.title),
            score_text(t.score),
            f"{COLOUR_EMOJI[t.colour]} {t.colour.value}",
            *(str(n) for n in t.counts.values()),
            str(t.waived),
        ]
        for t in fr.themes
    ]
    header = ["Theme", "Score", "Colour", "Errors", "Warnings", "Info", "Waived"]
    return _table(header, "lrlrrrr", rows)


def _partners_view(view: PartnersView) -> list[str]:
    """The principles by the partners' own scores, with the mean and the splits."""
    lead = (
        "Each partner's own score of the six principles of the partnership assessment, "
        f"from {SCALE}. **Split**: the highest and lowest scores are {view.split_at} or more "
        f"points apart. **Weak**: the mean is below {mean_text(view.weak_below)}. "
        f"{verdict_phrase(view).capitalize()}."
    )
    rows = [
        [
            text(row.title),
            *(score_cell(s) for s in row.scores),
            mean_cell(row),
            spread_cell(row),
            " ".join(f"**{word}**" for word in marks(row)),
        ]
        for row in view.rows
    ]
    header = ["Principle", *(text(pid) for pid, _ in view.partners), "Mean", "Spread", "Status"]
    align = "l" + "r" * len(view.partners) + "rrl"
    key = "; ".join(f"{text(pid)}: {text(name)}" for pid, name in view.partners)
    notes = [f"Partners: {key}."]
    if view.not_responding:
        names = ", ".join(text(pid) for pid in view.not_responding)
        notes.append(f"Not responding: {names}.")
    return [lead, _table(header, align, rows), " ".join(notes)]


def _where(finding: Finding) -> str:
    return text(str(finding.location))


def _findings(findings: Sequence[Finding]) -> str:
    rows = [
        [
            _where(f),
            f"{SEVERITY_EMOJI[f.severity]} {f.severity.value}",
            text(f.rule),
            text(f.slug),
            text(f.message),
            authored(f.fix),
        ]
        for f in findings
    ]
    return _table(["Location", "Severity", "Rule", "Slug", "Message", "Fix"], "llllll", rows)


def _fix_next(fr: FileReport) -> str:
    """Every open error, then the warnings and info that add the most points."""
    errors, rest = errors_first(fr)
    lead = f"**{blocking_phrase(fr)}.**"
    if errors and rest:
        lead += " Fix them first; then, to gain the most points:"
    lines = [lead, ""]
    for n, item in enumerate([*errors, *rest], start=1):
        lines.append(_fix_item(n, item))
    return "\n".join(lines)


def _fix_item(n: int, item: FixNext) -> str:
    f = item.finding
    fix = f" Fix: {authored(f.fix)}" if f.fix else ""
    message = text(f.message)
    if not message.endswith("."):
        message += "."
    also = also_phrase(item)
    also = f" ({text(also)})" if also else ""
    return (
        f"{n}. {SEVERITY_EMOJI[f.severity]} **{f.severity.value}** · {gain_phrase(item.gain)} · "
        f"{text(f.rule)} {text(f.slug)} at {_where(f)}: {message}{also}{fix}"
    )


def _waived(findings: Sequence[Finding]) -> str:
    rows = [
        [
            _where(f),
            f"{SEVERITY_EMOJI[f.severity]} {f.severity.value}",
            text(f.rule),
            text(f.slug),
            text(f.message),
            text(f.waiver_reason or ""),
            text(f.waiver_owner or ""),
            waiver_expiry(f),
        ]
        for f in findings
    ]
    header = ["Location", "Severity", "Rule", "Slug", "Message", "Reason", "Owner", "Expires"]
    table = _table(header, "llllllll", rows)
    summary = f"<summary>Waived findings ({len(findings)})</summary>"
    return f"<details>\n{summary}\n\n{table}\n\n</details>"
