"""One self-contained HTML page for boards and sponsors.

No network, no script: the styles are inline and the chart is inline SVG. The
page has a summary, a bar chart of theme scores (each bar labelled with its
score and colour word, so colour is never the only signal), a themes table,
the open findings grouped by theme in captioned tables, "Fix next" and the
waived findings. It prints on A4. Every user-supplied string is made visible
(control characters shown, line breaks as ↵) and then `html.escape`d.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

import leadcheck
from leadcheck.findings import (
    Colour,
    FileReport,
    Finding,
    FixNext,
    NotAssessed,
    PartnersView,
    PrincipleRow,
    Readiness,
    Report,
    ThemeScore,
)
from leadcheck.formats import RenderOptions
from leadcheck.formats._common import (
    READINESS_COLOUR,
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
    readiness_label,
    score_of_100,
    score_text,
    theme_groups,
    theme_score,
    visible,
    waived_phrase,
    waiver_expiry,
    waiver_owner,
    waiver_status,
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
    thresholds_phrase,
    verdict_phrase,
)

BAR_FILL = {Colour.RED: "#c62828", Colour.AMBER: "#c77700", Colour.GREEN: "#2e7d32"}
_CODE = re.compile(r"`([^`]+)`")

CSS = """
:root { --ink: #1b1b1b; --muted: #555; --line: #c8c8c8; --head: #f0f0f0; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: var(--ink); background: #fff; line-height: 1.45; max-width: 64rem;
  margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .75rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.25rem; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.25rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }
thead th { background: var(--head); white-space: nowrap; }
th.rule, td.sev { white-space: nowrap; }
.loc { overflow-wrap: anywhere; }
td.loc { overflow-wrap: break-word; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .loc { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: .85em; }
.badge { display: inline-block; padding: 0 .55em; border-radius: .7em; font-weight: 600;
  border: 1px solid currentColor; white-space: nowrap; }
.red { color: #8c1d18; background: #fde7e7; }
.amber { color: #6b3d00; background: #fff0d4; }
.green { color: #1e5a26; background: #e3f4e5; }
.sev-error { color: #8c1d18; font-weight: 600; }
.sev-warning { color: #6b3d00; font-weight: 600; }
.sev-info { color: #1f4e79; }
.partial { font-weight: 600; }
figure { margin: .5rem 0 1rem; }
figcaption p { margin: .3rem 0; }
ul.legend { list-style: none; padding: 0; margin: .3rem 0; display: flex; flex-wrap: wrap;
  gap: .3rem 1.25rem; }
.dot { display: inline-block; min-width: 1.35em; height: 1.35em; border-radius: 50%;
  color: #fff; font-weight: 700; font-size: .8rem; text-align: center; line-height: 1.35em;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.mark-split { color: #8c1d18; font-weight: 700; }
.mark-weak { color: #6b3d00; font-weight: 700; }
table.portfolio thead th { white-space: normal; vertical-align: bottom; }
table.portfolio { font-size: .85rem; }
td.heat { text-align: center; vertical-align: middle; white-space: nowrap;
  font-variant-numeric: tabular-nums; }
td.heat.red { background: #f4b6b2; color: #5c0f0b; }
td.heat.amber { background: #ffd79a; color: #4a2a00; }
td.heat.green { background: #bfe5c4; color: #113d18; }
figure svg { max-width: 100%; height: auto; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .85rem; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2, h3, caption { break-after: avoid; }
  tr, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  .badge, svg, thead th, td.heat { -webkit-print-color-adjust: exact;
    print-color-adjust: exact; }
}
""".strip()


def h(value: str) -> str:
    """A user-supplied string as safe, visible HTML text."""
    return escape(visible(value, newline="↵"), quote=True)


def _loc(finding: Finding) -> str:
    """A location that may wrap after each `/` but not inside a name or number."""
    return f'<td class="loc">{h(str(finding.location)).replace("/", "/<wbr>")}</td>'


def _authored(value: str) -> str:
    """Rule-authored text: escaped, with `code` spans as <code>."""
    return _CODE.sub(r"<code>\1</code>", h(value))


def render(report: Report, options: RenderOptions) -> str:
    files = report.files
    single = files[0] if len(files) == 1 else None
    heading = single.partnership or single.file if single else plural(len(files), "file")
    body: list[str] = [f"<h1>{TITLE}: {h(heading)}</h1>"]
    if single:
        body.append(_summary(single))
        body.extend(_file_body(single, options, level=2, key="0"))
    else:
        body.append(_total_summary(report))
        if files:
            body.extend(_portfolio(files, options))
        for i, fr in enumerate(() if options.quiet else files):  # -q: the portfolio alone
            body.append("<section>")
            body.append(f"<h2>{h(fr.partnership or fr.file)} <small>({h(fr.file)})</small></h2>")
            body.append(_summary(fr))
            body.extend(_file_body(fr, options, level=3, key=str(i)))
            body.append("</section>")
    title = f"{TITLE}: {h(heading)}"
    footer = f"<footer>Generated by leadcheck {h(leadcheck.__version__)}.</footer>"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n"
        "<main>\n" + "\n".join(body) + "\n</main>\n" + footer + "\n</body>\n</html>\n"
    )


def _badge(colour: Colour, label: str) -> str:
    return f'<span class="badge {colour.value}">{h(label)}</span>'


def _readiness(readiness: Readiness | None, missing: NotAssessed | None = None) -> str:
    if readiness is None:
        return f'<span class="badge">{h(readiness_label(readiness))}</span>'
    badge = _badge(READINESS_COLOUR[readiness], readiness.label)
    if missing:
        badge += f' <span class="partial">partial: {h(not_assessed_phrase(missing))}</span>'
    return badge


def _dl(items: Sequence[tuple[str, str]]) -> str:
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items)
    return f'<dl class="summary">{rows}</dl>'


def _summary(fr: FileReport) -> str:
    rows = [
        ("Partnership", h(fr.partnership or "(not named)")),
        ("File", f'<span class="loc">{h(fr.file)}</span>'),
        ("As of", h(as_of_phrase(fr))),
        ("Score", score_of_100(fr.score, " / ")),
        ("Readiness", _readiness(fr.readiness, fr.not_assessed)),
        ("Open findings", counts_phrase(fr.open_counts())),
        ("Waived findings", waived_phrase(fr.waived_counts())),
    ]
    if fr.partial:
        rows.append(("Left out", h(not_assessed_phrase(fr.not_assessed))))
    return _dl(rows)


def _total_summary(report: Report) -> str:
    as_of = report.as_of.isoformat() if report.as_of else common_as_of(report.files)
    rows = [
        ("Files", str(len(report.files))),
        ("As of", as_of or "varies by file"),
        ("Overall score", score_of_100(report.score, " / ")),
        ("Readiness", _readiness(report.readiness, report.not_assessed)),
        ("Open findings", counts_phrase(report.counts())),
        ("Waived findings", waived_phrase(report.waived_counts())),
    ]
    if report.partial:
        rows.append(("Left out", h(not_assessed_phrase(report.not_assessed))))
    return _dl(rows)


def _head(*cols: str) -> str:
    cells = "".join(
        f'<th scope="col" class="num">{c[1:]}</th>'
        if c.startswith("#")
        else f'<th scope="col">{c}</th>'
        for c in cols
    )
    return f"<thead><tr>{cells}</tr></thead>"


def _num(value: int | str) -> str:
    return f'<td class="num">{value}</td>'


def _portfolio(files: Sequence[FileReport], options: RenderOptions) -> list[str]:
    """A heat map of the plans, least ready first; then the gaps they share most."""
    themes = portfolio_themes(files)
    rows = []
    for fr in least_ready_first(files):
        counts = fr.open_counts()
        cells = []
        for theme, title in themes:
            score = theme_cell(fr, theme)
            if score is None:
                cells.append('<td class="heat">–</td>')
            else:
                colour = score.colour.value
                cells.append(
                    f'<td class="heat {colour}" title="{h(title)}: {colour}">'
                    f"<strong>{score_text(score.score)}</strong> <small>{colour}</small></td>"
                )
        rows.append(
            f'<tr><th scope="row">{h(fr.partnership or fr.file)}<br>'
            f'<small class="loc">{h(fr.file)}</small></th>'
            f"<td>{_readiness(fr.readiness)}<br><small>{counts_phrase(counts)} open</small>"
            f"</td>{_num(score_text(fr.score))}" + "".join(cells) + "</tr>"
        )
    head = _head("Partnership", "Readiness", "#Score", *(h(title) for _, title in themes))
    lead = (
        f"<p>{h(plural(len(files), 'plan'))}, the least ready first. Each theme cell gives "
        "the theme's score and colour: red with an open error, amber with an open warning, "
        "green otherwise.</p>"
    )
    table = (
        '<table class="portfolio"><caption>Readiness and themes by partnership</caption>'
        f"{head}<tbody>{''.join(rows)}</tbody></table>"
    )
    out = ["<h2>Portfolio</h2>", lead, table, "<h2>Most common gaps across the portfolio</h2>"]
    gaps = common_gaps(files, options.catalog)
    if not gaps:
        out.append("<p>No open findings in any plan.</p>")
        return out
    gap_rows = "".join(
        f'<tr><th scope="row" class="rule">{h(g.rule)}</th><td>{h(g.slug)}</td>'
        f'<td class="sev sev-{g.severity.value}">{g.severity.value}</td>'
        f"<td>{_authored(g.title)}</td>{_num(f'{g.partnerships} of {len(files)}')}"
        f"{_num(g.findings)}</tr>"
        for g in gaps
    )
    gap_head = _head("Rule", "Slug", "Severity", "Title", "#Partnerships", "#Findings")
    out.append(
        "<table><caption>Rules with open findings, by the number of partnerships they "
        f"affect</caption>{gap_head}<tbody>{gap_rows}</tbody></table>"
    )
    return out


def _file_body(fr: FileReport, options: RenderOptions, level: int, key: str) -> list[str]:
    hn = f"h{level}"
    out = [f"<{hn}>Theme scores</{hn}>"]
    if fr.themes:
        out.extend([_chart(fr.themes, key), _themes_table(fr.themes)])
    else:
        out.append(f"<p>{h(no_scores_reason(fr))}</p>")
    if options.quiet:
        return out
    if fr.partners_view is not None:
        view = fr.partners_view
        out.extend(
            [f"<{hn}>Partners' view</{hn}>", _partners_chart(view, key), _partners_table(view)]
        )
    open_findings = fr.open_findings
    out.append(f"<{hn}>Findings</{hn}>")
    if not open_findings:
        out.append("<p>No open findings.</p>")
    for theme, title, findings in theme_groups(fr, open_findings):
        out.append(_findings_table(_caption(fr, theme, title, findings), findings))
    if fr.fix_next:
        out.extend([f"<{hn}>Fix next</{hn}>", _fix_next(fr)])
    waived = [f for f in fr.findings if f.waived]
    if waived:
        out.extend([f"<{hn}>Waived findings</{hn}>", _waived(waived)])
    if fr.waivers:
        out.extend([f"<{hn}>Waivers</{hn}>", _waivers(fr)])
    return out


# --- chart --------------------------------------------------------------------------

_W, _BAR, _ROW, _TOP, _LEFT = 560, 18, 46, 8, 4


def _chart(themes: Sequence[ThemeScore], key: str) -> str:
    height = _TOP + _ROW * len(themes) + 26
    width = _LEFT + _W + 110
    desc = "; ".join(f"{t.title}: {score_text(t.score)} of 100, {t.colour.value}" for t in themes)
    parts = [
        f'<svg role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="chart-{key}-t chart-{key}-d">',
        f'<title id="chart-{key}-t">Theme scores out of 100</title>',
        f'<desc id="chart-{key}-d">{h(desc)}</desc>',
    ]
    axis_y = _TOP + _ROW * len(themes)
    for tick in (0, 25, 50, 75, 100):
        x = _LEFT + _W * tick // 100
        parts.append(f'<line x1="{x}" y1="{_TOP}" x2="{x}" y2="{axis_y}" stroke="#d6d6d6"/>')
        parts.append(
            f'<text x="{x}" y="{axis_y + 16}" font-size="12" fill="#555" '
            f'text-anchor="middle">{tick}</text>'
        )
    for i, t in enumerate(themes):
        y = _TOP + _ROW * i
        bar = round(_W * max(0.0, min(t.score, 100.0)) / 100, 1)
        parts.append(
            f'<text x="{_LEFT}" y="{y + 14}" font-size="14" fill="#1b1b1b">{h(t.title)}</text>'
        )
        parts.append(
            f'<rect x="{_LEFT}" y="{y + 20}" width="{bar}" height="{_BAR}" '
            f'fill="{BAR_FILL[t.colour]}" rx="2"/>'
        )
        parts.append(
            f'<text x="{_LEFT + bar + 6}" y="{y + 34}" font-size="13" font-weight="600" '
            f'fill="#1b1b1b">{score_text(t.score)} · {t.colour.value}</text>'
        )
    parts.append("</svg>")
    return "<figure>" + "\n".join(parts) + "</figure>"


# --- the partners' view ---------------------------------------------------------------

PARTNER_FILL = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#6a3d9a", "#8c510a", "#01665e", "#444")
"""Dot colours, told apart by colour-blind readers too; each dot also carries a number."""
MARK_FILL = {"split": "#8c1d18", "weak": "#6b3d00"}
BAR_STYLE = {
    "split": ("#fbe3e1", "#8c1d18", 2),
    "weak": ("#fff0d4", "#c77700", 2),
    "": ("#ececec", "#c8c8c8", 1),
}
"""The spread bar's fill, edge and edge width: a split, a weak principle, neither."""
_PX0, _PX1, _PROW, _PTOP, _DOT = 36, 480, 62, 6, 9
_MEAN_X, _MARK_X = 556, 636


def _scale_x(score: float) -> float:
    return round(_PX0 + (_PX1 - _PX0) * (score - 1) / 3, 1)


def _partners_chart(view: PartnersView, key: str) -> str:
    """One row per principle: a numbered dot per partner on the 1-4 scale and the spread
    between the lowest and the highest drawn as a bar (red-edged when split), with the
    mean marked below; each row says its mean, and split or weak, in words."""
    n = len(view.rows)
    axis_y = _PTOP + _PROW * n
    width, height = 720, axis_y + 30
    ident = f"partners-{key}"
    desc = "; ".join(
        f"{row.title}: "
        + ", ".join(
            f"{pid} {score_cell(s)}" for (pid, _), s in zip(view.partners, row.scores, strict=True)
        )
        + f"; mean {mean_cell(row)}"
        + "".join(f"; {word}" for word in marks(row))
        for row in view.rows
    )
    parts = [
        f'<svg role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">The partners\' own scores of each principle, 1 to 4</title>',
        f'<desc id="{ident}-d">{h(desc)}</desc>',
    ]
    for score in (1, 2, 3, 4):
        x = _scale_x(score)
        parts.append(f'<line x1="{x}" y1="{_PTOP}" x2="{x}" y2="{axis_y}" stroke="#e0e0e0"/>')
    labels = {1: "1 not in place", 2: "2", 3: "3", 4: "4 fully in place"}
    anchors = {1: "start", 4: "end"}
    for score, label in labels.items():
        x = _scale_x(score) + (-_DOT if score == 1 else _DOT if score == 4 else 0)
        parts.append(
            f'<text x="{x}" y="{axis_y + 18}" font-size="12" fill="#555" '
            f'text-anchor="{anchors.get(score, "middle")}">{label}</text>'
        )
    for i, row in enumerate(view.rows):
        parts.extend(_principle_row(view, row, _PTOP + _PROW * i))
    parts.append("</svg>")
    legend = "".join(
        f'<li><span class="dot" style="background:{PARTNER_FILL[j % len(PARTNER_FILL)]}">'
        f"{j + 1}</span> <code>{h(pid)}</code> {h(name)}</li>"
        for j, (pid, name) in enumerate(view.partners)
    )
    missing = (
        f"<p>Not responding: {', '.join(f'<code>{h(p)}</code>' for p in view.not_responding)}.</p>"
        if view.not_responding
        else ""
    )
    caption = (
        f'<figcaption><ul class="legend">{legend}</ul>{missing}'
        f"<p>{h(verdict_phrase(view).capitalize())}. {h(thresholds_phrase(view).capitalize())}."
        "</p></figcaption>"
    )
    return '<figure class="partners">' + "\n".join(parts) + caption + "</figure>"


def _principle_row(view: PartnersView, row: PrincipleRow, y: int) -> list[str]:
    track = y + 38
    out = [
        f'<text x="{_PX0 - _DOT}" y="{y + 15}" font-size="14" fill="#1b1b1b">{h(row.title)}</text>',
        f'<line x1="{_PX0}" y1="{track}" x2="{_PX1}" y2="{track}" stroke="#bdbdbd"/>',
    ]
    scored = [(j, s) for j, s in enumerate(row.scores) if s is not None]
    if not scored:
        out.append(
            f'<text x="{_MEAN_X}" y="{track + 4}" font-size="13" fill="#555">not scored</text>'
        )
        return out
    clusters: dict[int, list[int]] = {}
    for j, s in scored:
        clusters.setdefault(s, []).append(j)
    step = 2 * _DOT + 2
    low, high = min(clusters), max(clusters)
    left = _scale_x(low) - (len(clusters[low]) - 1) * step / 2 - _DOT - 5
    right = _scale_x(high) + (len(clusters[high]) - 1) * step / 2 + _DOT + 5
    fill, stroke, edge = BAR_STYLE["split" if row.split else "weak" if row.weak else ""]
    out.append(
        f'<rect x="{left}" y="{track - _DOT - 5}" width="{round(right - left, 1)}" '
        f'height="{2 * _DOT + 10}" rx="{_DOT + 5}" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{edge}"/>'
    )
    for s, members in sorted(clusters.items()):
        for k, j in enumerate(members):
            x = round(_scale_x(s) + (k - (len(members) - 1) / 2) * step, 1)
            fill = PARTNER_FILL[j % len(PARTNER_FILL)]
            out.append(
                f'<circle cx="{x}" cy="{track}" r="{_DOT}" fill="{fill}" stroke="#fff" '
                f'stroke-width="1.5"/><text x="{x}" y="{track + 4}" font-size="11" '
                f'font-weight="700" fill="#fff" text-anchor="middle">{j + 1}</text>'
            )
    if row.mean is not None:
        mx = _scale_x(row.mean)
        tip = track + _DOT + 6
        out.append(
            f'<path d="M{mx} {tip} l-5 8 h10 z" fill="#1b1b1b"><title>mean {mean_cell(row)}'
            "</title></path>"
        )
    words = marks(row)
    out.append(
        f'<text x="{_MEAN_X}" y="{track + 5}" font-size="13" fill="#1b1b1b">'
        f"mean {mean_cell(row)}</text>"
    )
    if words:
        out.append(
            f'<text x="{_MARK_X}" y="{track + 5}" font-size="13" font-weight="700" '
            f'fill="{MARK_FILL[words[0]]}">{" · ".join(words)}</text>'
        )
    return out


def _partners_table(view: PartnersView) -> str:
    head = _head(
        "Principle",
        *(f"#{h(pid)}" for pid, _ in view.partners),
        "#Mean",
        "#Spread",
        "Status",
    )
    rows = "".join(
        f'<tr><th scope="row">{h(row.title)}</th>'
        + "".join(_num(score_cell(s)) for s in row.scores)
        + _num(mean_cell(row))
        + _num(spread_cell(row))
        + "<td>"
        + " ".join(f'<span class="mark-{w}">{w}</span>' for w in marks(row))
        + "</td></tr>"
        for row in view.rows
    )
    caption = f"Each partner's own scores, {h(SCALE)}"
    return f"<table><caption>{caption}</caption>{head}<tbody>{rows}</tbody></table>"


def _themes_table(themes: Sequence[ThemeScore]) -> str:
    rows = "".join(
        f'<tr><th scope="row">{h(t.title)}</th>{_num(score_text(t.score))}'
        f"<td>{_badge(t.colour, t.colour.value)}</td>"
        + "".join(_num(n) for n in t.counts.values())
        + _num(t.waived)
        + "</tr>"
        for t in themes
    )
    head = _head("Theme", "#Score", "Colour", "#Errors", "#Warnings", "#Info", "#Waived")
    return f"<table><caption>Themes</caption>{head}<tbody>{rows}</tbody></table>"


# --- findings -----------------------------------------------------------------------


def _caption(fr: FileReport, theme: str, title: str, findings: Sequence[Finding]) -> str:
    score = theme_score(fr, theme)
    count = plural(len(findings), "open finding")
    if score is None:
        return f"{h(title)} ({count})"
    badge = _badge(score.colour, score.colour.value)
    return f"{h(title)}: {score_of_100(score.score)} {badge} ({count})"


def _findings_table(caption: str, findings: Sequence[Finding]) -> str:
    rows = "".join(
        f'<tr><th scope="row" class="rule">{h(f.rule)}</th><td>{h(f.slug)}</td>'
        f'<td class="sev sev-{f.severity.value}">{f.severity.value}</td>'
        f"{_loc(f)}<td>{h(f.message)}</td>"
        f"<td>{_authored(f.fix)}</td></tr>"
        for f in findings
    )
    head = _head("Rule", "Slug", "Severity", "Location", "Message", "Fix")
    return f"<table><caption>{caption}</caption>{head}<tbody>{rows}</tbody></table>"


def _fix_next(fr: FileReport) -> str:
    """Every open error, then the warnings and info that add the most points."""
    errors, rest = errors_first(fr)
    lead = f"<p><strong>{h(blocking_phrase(fr))}.</strong>"
    if errors and rest:
        lead += " Fix them first; then, to gain the most points:"
    return lead + "</p><ol>" + "".join(_fix_item(i) for i in [*errors, *rest]) + "</ol>"


def _fix_item(item: FixNext) -> str:
    f = item.finding
    also = also_phrase(item)
    return (
        f'<li><span class="sev-{f.severity.value}">{f.severity.value}</span> · '
        f"<strong>{h(gain_phrase(item.gain))}</strong>: {h(f.rule)} {h(f.slug)} at "
        f'<span class="loc">{h(str(f.location))}</span>: {h(_sentence(f.message))} '
        + (f"({h(also)}) " if also else "")
        + f"Fix: {_authored(f.fix)}</li>"
    )


def _sentence(value: str) -> str:
    return value if value.endswith(".") else value + "."


def _waived(findings: Sequence[Finding]) -> str:
    rows = "".join(
        f'<tr><th scope="row" class="rule">{h(f.rule)}</th><td>{h(f.slug)}</td>'
        f'<td class="sev sev-{f.severity.value}">{f.severity.value}</td>'
        f"{_loc(f)}<td>{h(f.message)}</td>"
        f"<td>{h(f.waiver_reason or '')}</td><td>{h(f.waiver_owner or '')}</td>"
        f"<td>{h(waiver_expiry(f))}</td></tr>"
        for f in findings
    )
    head = _head("Rule", "Slug", "Severity", "Location", "Message", "Reason", "Owner", "Expires")
    return f"<table><caption>Waived findings</caption>{head}<tbody>{rows}</tbody></table>"


def _waivers(fr: FileReport) -> str:
    rows = "".join(
        f'<tr><th scope="row" class="rule">{h(u.rule)}</th><td>{h(u.target or "any")}</td>'
        f"<td>{h(waiver_owner(u))}</td><td>{h(waiver_expiry(u))}</td>"
        f"<td>{h(u.reason)}</td><td>{h(waiver_status(u))}</td>"
        f"{_num(u.line)}</tr>"
        for u in fr.waivers
    )
    head = _head("Rule", "Target", "Owner", "Expires", "Reason", "Status", "#Line")
    return f"<table><caption>Waivers in the plan</caption>{head}<tbody>{rows}</tbody></table>"
