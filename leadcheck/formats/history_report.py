"""`leadcheck history` as text, markdown, JSON or an HTML page with a line chart.

One row per commit, oldest first: date, commit, score, readiness, and each
theme's open errors and warnings. The HTML page is self-contained (inline
styles and SVG, no script, no network) so a programme board can open or print
it anywhere; each line has its own dash pattern and a legend, so colour is
never the only signal.
"""

from __future__ import annotations

from typing import Any

from leadcheck import __version__
from leadcheck.diff import change
from leadcheck.findings import Severity, severity_counts
from leadcheck.formats._common import READINESS_COLOUR, readiness_label, score_text, visible
from leadcheck.formats.diff_report import change_text
from leadcheck.formats.html import CSS, h
from leadcheck.formats.json import dumps
from leadcheck.formats.markdown import text as md
from leadcheck.history import History, Point

FORMAT_VERSION = 1
TITLE = "Leadership readiness over time"
SHORT = 7
"""Characters of a commit id shown to people."""


def themes_of(hist: History) -> list[tuple[str, str]]:
    """(theme, title) of every theme scored in any version, in first-seen order."""
    seen: dict[str, str] = {}
    for point in hist.points:
        for t in point.report.themes:
            seen.setdefault(t.theme, t.title)
    return list(seen.items())


def _counts(point: Point, theme: str) -> tuple[int, int] | None:
    for t in point.report.themes:
        if t.theme == theme:
            return t.counts.get(Severity.ERROR, 0), t.counts.get(Severity.WARNING, 0)
    return None


def _cell(point: Point, theme: str) -> str:
    counts = _counts(point, theme)
    return "-" if counts is None else f"{counts[0]}E {counts[1]}W"


def _trend(hist: History) -> str:
    scored = [p.report.score for p in hist.points if p.report.score is not None]
    if len(scored) < 2:
        return ""
    first, last = scored[0], scored[-1]
    return f"{score_text(first)} -> {score_text(last)} ({change_text(change(first, last))})"


# --- text ---------------------------------------------------------------------------


def render_text(hist: History) -> str:
    themes = [t for t, _ in themes_of(hist)]
    header = ["Date", "Commit", "Score", "Readiness", *themes]
    rows = [
        [
            p.date,
            p.commit[:SHORT],
            score_text(p.report.score),
            readiness_label(p.report.readiness),
            *(_cell(p, t) for t in themes),
        ]
        for p in hist.points
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    right = {2}

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    name = visible(hist.partnership or hist.file, newline="↵")
    out = [f"{TITLE}: {name} ({visible(hist.file, newline='↵')}, {len(rows)} versions)"]
    if trend := _trend(hist):
        out.append(f"Score {trend}")
    out += ["", line(header), *(line(r) for r in rows)]
    if themes:
        out += ["", "Theme cells: open errors (E) and warnings (W)."]
    return "\n".join(out) + "\n"


# --- markdown -----------------------------------------------------------------------


def render_markdown(hist: History) -> str:
    themes = themes_of(hist)
    blocks = [f"## {TITLE}: {md(hist.partnership or hist.file)}"]
    facts = [f"**File:** {md(hist.file)}", f"**Versions:** {len(hist.points)}"]
    if trend := _trend(hist):
        facts.append(f"**Score:** {trend.replace('->', '→')}")
    blocks.append(" · ".join(facts))
    header = ["Date", "Commit", "Score", "Readiness", *(md(title) for _, title in themes)]
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|---|---|---:|---|" + "---:|" * len(themes))
    for p in hist.points:
        cells = [
            p.date,
            f"`{p.commit[:SHORT]}`",
            score_text(p.report.score),
            readiness_label(p.report.readiness),
            *(_cell(p, t) for t, _ in themes),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    blocks.append("\n".join(lines))
    if themes:
        blocks.append("Theme cells: open errors (E) and warnings (W).")
    return "\n\n".join(blocks) + "\n"


# --- json ---------------------------------------------------------------------------


def _round(value: float | None) -> float | None:
    return None if value is None else round(value + 0.0, 1) + 0.0


def render_json(hist: History) -> str:
    data: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "leadcheck", "version": __version__},
        "file": hist.file,
        "partnership": hist.partnership,
        "rows": [
            {
                "commit": p.commit,
                "date": p.date,
                "subject": p.subject,
                "path": p.path,
                "as_of": p.report.as_of.isoformat() if p.report.as_of else None,
                "score": _round(p.report.score),
                "readiness": p.report.readiness.value if p.report.readiness else None,
                "counts": {s.value: n for s, n in _open(p).items()},
                "themes": [
                    {
                        "theme": t.theme,
                        "score": _round(t.score),
                        "errors": t.counts.get(Severity.ERROR, 0),
                        "warnings": t.counts.get(Severity.WARNING, 0),
                    }
                    for t in p.report.themes
                ],
            }
            for p in hist.points
        ],
    }
    return dumps(data)


def _open(point: Point) -> dict[Severity, int]:
    return severity_counts(point.report.open_findings)


# --- html ---------------------------------------------------------------------------

# Okabe-Ito colours (distinguishable with common colour-vision deficiencies),
# each with its own dash pattern.
LINE_STYLES = [
    ("#E69F00", "8 4"),
    ("#56B4E9", "2 3"),
    ("#009E73", "12 3 3 3"),
    ("#0072B2", "5 5"),
    ("#D55E00", "1 4"),
    ("#CC79A7", "10 3 2 3 2 3"),
]
OVERALL = ("#1b1b1b", "")
W, H = 900, 380
LEFT, RIGHT, TOP, BOTTOM = 56, 48, 16, 64

HISTORY_CSS = """
.legend { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; padding: 0; margin: 0 0 1rem;
  list-style: none; font-size: .9rem; }
.legend svg { vertical-align: middle; margin-right: .35rem; }
td.commit { font-family: ui-monospace, Menlo, Consolas, monospace; }
table.history { font-size: .85rem; }
table.history thead th { white-space: normal; }
table.history td.commit, table.history td.date, table.history td.num { white-space: nowrap; }
""".strip()


def _x(index: int, count: int) -> float:
    span = W - LEFT - RIGHT
    return LEFT + (span / 2 if count == 1 else span * index / (count - 1))


def _y(score: float) -> float:
    return TOP + (H - TOP - BOTTOM) * (1 - score / 100)


def _series(hist: History) -> list[tuple[str, list[float | None]]]:
    series: list[tuple[str, list[float | None]]] = [
        ("Overall", [p.report.score for p in hist.points])
    ]
    for theme, title in themes_of(hist):
        scores: list[float | None] = []
        for p in hist.points:
            found = [t.score for t in p.report.themes if t.theme == theme]
            scores.append(found[0] if found else None)
        series.append((title, scores))
    return series


def _style(index: int) -> tuple[str, str]:
    return OVERALL if index == 0 else LINE_STYLES[(index - 1) % len(LINE_STYLES)]


def chart(hist: History) -> str:
    """The inline SVG line chart: the overall score and each theme's, per commit."""
    count = len(hist.points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" '
        f'height="{H}" role="img" aria-labelledby="chart-title">',
        '<title id="chart-title">Overall and theme scores (0-100) for each commit</title>',
    ]
    for tick in (0, 25, 50, 75, 100):
        y = _y(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{W - RIGHT}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#555">{tick}</text>'
        )
    step = max(1, -(-count // 12))  # at most about twelve date labels
    for i, p in enumerate(hist.points):
        if i % step and i != count - 1:
            continue
        x = _x(i, count)
        parts.append(
            f'<text x="{x:.1f}" y="{H - BOTTOM + 18}" text-anchor="middle" font-size="11" '
            f'fill="#333">{h(p.date)}</text>'
            f'<text x="{x:.1f}" y="{H - BOTTOM + 32}" text-anchor="middle" font-size="10" '
            f'fill="#777" font-family="monospace">{h(p.commit[:SHORT])}</text>'
        )
    for index, (name, scores) in reversed(list(enumerate(_series(hist)))):
        colour, dash = _style(index)
        width = 3.5 if index == 0 else 2
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        for segment in _segments(scores):
            points = " ".join(f"{_x(i, count):.1f},{_y(s):.1f}" for i, s in segment)
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" '
                f'stroke-width="{width}"{dashes} stroke-linejoin="round"/>'
            )
        for i, score in enumerate(scores):
            if score is None:
                continue
            p = hist.points[i]
            tip = f"{name}: {score_text(score)} ({p.date}, {p.commit[:SHORT]})"
            radius = 4 if index == 0 else 3
            parts.append(
                f'<circle cx="{_x(i, count):.1f}" cy="{_y(score):.1f}" r="{radius}" '
                f'fill="{colour}"><title>{h(tip)}</title></circle>'
            )
    parts.append(
        f'<text x="{(LEFT + W - RIGHT) / 2:.1f}" y="{H - 8}" text-anchor="middle" '
        'font-size="12" fill="#555">commit date and id (oldest on the left)</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _segments(scores: list[float | None]) -> list[list[tuple[int, float]]]:
    """Runs of consecutive scores (a version without a score breaks the line)."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, score in enumerate(scores):
        if score is None:
            runs.append([])
        else:
            runs[-1].append((i, score))
    return [run for run in runs if run]


def _legend(hist: History) -> str:
    items = []
    for index, (name, scores) in enumerate(_series(hist)):
        colour, dash = _style(index)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        latest = next((s for s in reversed(scores) if s is not None), None)
        items.append(
            f'<li><svg width="36" height="10" aria-hidden="true"><line x1="0" y1="5" x2="36" '
            f'y2="5" stroke="{colour}" stroke-width="{3.5 if index == 0 else 2}"{dashes}/>'
            f"</svg>{h(name)} <small>(latest {score_text(latest)})</small></li>"
        )
    return '<ul class="legend">' + "".join(items) + "</ul>"


def _badge(point: Point) -> str:
    readiness = point.report.readiness
    label = h(readiness_label(readiness))
    if readiness is None:
        return label
    return f'<span class="badge {READINESS_COLOUR[readiness].value}">{label}</span>'


def render_html(hist: History) -> str:
    name = hist.partnership or hist.file
    themes = themes_of(hist)
    facts = [
        f"<dt>File</dt><dd>{h(hist.file)}</dd>",
        f"<dt>Versions</dt><dd>{len(hist.points)}</dd>",
    ]
    if trend := _trend(hist):
        facts.append(f"<dt>Score</dt><dd>{h(trend.replace('->', '→'))}</dd>")
    if hist.points:
        facts.append(f"<dt>Readiness now</dt><dd>{_badge(hist.points[-1])}</dd>")
    head = "".join(
        f"<th>{h(c)}</th>"
        for c in ["Date", "Commit", "Score", "Readiness", *(t for _, t in themes)]
    )
    rows = []
    for p in reversed(hist.points):  # newest first in the table, as people read a log
        cells = [
            f'<td class="date">{h(p.date)}</td>',
            f'<td class="commit" title="{h(p.subject)}">{h(p.commit[:SHORT])}</td>',
            f'<td class="num">{score_text(p.report.score)}</td>',
            f"<td>{_badge(p)}</td>",
            *(f'<td class="num">{_cell(p, t)}</td>' for t, _ in themes),
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    chart_block = (
        f"<figure>{chart(hist)}<figcaption>{_legend(hist)}</figcaption></figure>"
        if hist.points
        else "<p>No committed versions to show.</p>"
    )
    body = [
        f"<h1>{TITLE}: {h(name)}</h1>",
        f'<dl class="summary">{"".join(facts)}</dl>',
        "<h2>Scores by commit</h2>",
        chart_block,
        "<h2>Versions</h2>",
        '<table class="history"><caption>Each commit that changed the plan, newest first; '
        "theme cells give open errors (E) and warnings (W)</caption>",
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>",
        f"<footer>Generated by leadcheck {h(__version__)}.</footer>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{TITLE}: {h(name)}</title>\n<style>\n{CSS}\n{HISTORY_CSS}\n</style>\n"
        "</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
