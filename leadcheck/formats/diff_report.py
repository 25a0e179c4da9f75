"""`leadcheck diff` as text, markdown (a pull-request comment) or JSON.

Pure functions of a `PlanDiff`. User strings are made visible (text), escaped
(markdown) or JSON-encoded, as in the audit formats.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from leadcheck import __version__
from leadcheck.diff import PlanDiff, ThemeChange
from leadcheck.findings import FileReport, Finding
from leadcheck.formats._common import (
    SEVERITY_EMOJI,
    readiness_emoji,
    readiness_label,
    score_text,
    visible,
)
from leadcheck.formats.json import dumps, finding_dict
from leadcheck.formats.markdown import text as md

FORMAT_VERSION = 1
TITLE = "Leadership plan diff"


def change_text(change: float | None) -> str:
    """`+12.5`, `-3.0`, `0.0`, or `n/a`."""
    if change is None:
        return "n/a"
    return f"{change:+.1f}" if round(change, 1) else "0.0"


def _plain(value: str) -> str:
    return visible(value, newline="↵")


def _name(d: PlanDiff) -> str:
    return d.new.partnership or d.old.partnership or d.new.file


# --- text ---------------------------------------------------------------------------


def render_text(d: PlanDiff) -> str:
    lines = [
        f"{TITLE}: {_plain(d.old.file)} -> {_plain(d.new.file)}",
        f"Partnership  {_plain(_name(d))}",
        f"Score        {score_text(d.old.score)} -> {score_text(d.new.score)} "
        f"({change_text(d.score_change)})",
        f"Readiness    {readiness_label(d.old.readiness)} -> {readiness_label(d.new.readiness)}",
        f"Gaps         {len(d.closed)} closed, {len(d.waived)} waived, {len(d.opened)} opened, "
        f"{d.unchanged} unchanged",
    ]
    if d.themes:
        width = max(len("Theme"), *(len(t.theme) for t in d.themes))
        lines += ["", f"{'Theme':<{width}}  {'Old':>6}  {'New':>6}  {'Change':>6}"]
        lines += [
            f"{t.theme:<{width}}  {score_text(t.old):>6}  {score_text(t.new):>6}  "
            f"{change_text(t.change):>6}"
            for t in d.themes
        ]
    for title, findings in _sections(d):
        lines += ["", f"{title} ({len(findings)})"]
        lines += [f"  {_finding_line(f)}" for f in findings] or ["  none"]
    return "\n".join(lines) + "\n"


def _sections(d: PlanDiff) -> list[tuple[str, Sequence[Finding]]]:
    sections: list[tuple[str, Sequence[Finding]]] = [("Closed", d.closed)]
    if d.waived:
        sections.append(("Waived", d.waived))
    sections.append(("Opened", d.opened))
    return sections


def _finding_line(f: Finding) -> str:
    target = f" ({f.target})" if f.target else ""
    return _plain(f"{f.location}: {f.rule} {f.slug} [{f.severity.value}]{target}: {f.message}")


# --- markdown -----------------------------------------------------------------------


def render_markdown(d: PlanDiff) -> str:
    summary = " · ".join(
        [
            f"**Score:** {score_text(d.old.score)} → {score_text(d.new.score)} "
            f"(**{change_text(d.score_change)}**)",
            f"**Readiness:** {readiness_emoji(d.old.readiness)} → "
            f"{readiness_emoji(d.new.readiness)}",
            f"**Gaps:** {len(d.closed)} closed, {len(d.waived)} waived, "
            f"{len(d.opened)} opened, {d.unchanged} unchanged",
        ]
    )
    blocks = [
        f"## {TITLE}: {md(_name(d))}",
        f"{md(d.old.file)} → {md(d.new.file)}",
        summary,
    ]
    if d.themes:
        rows = ["| Theme | Old | New | Change |", "|---|---:|---:|---:|"]
        rows += [
            f"| {md(t.title)} | {score_text(t.old)} | {score_text(t.new)} | "
            f"{_arrow(t)}{change_text(t.change)} |"
            for t in d.themes
        ]
        blocks.append("\n".join(rows))
    icons = {"Closed": "✅", "Waived": "🏳️", "Opened": "❌"}
    for title, findings in _sections(d):
        blocks.append(f"### {icons[title]} {title} ({len(findings)})")
        blocks.append(_md_table(findings) if findings else f"No gaps {title.lower()}.")
    return "\n\n".join(blocks) + "\n"


def _arrow(t: ThemeChange) -> str:
    change = t.change
    if change is None or round(change, 1) == 0:
        return ""
    return "▲ " if change > 0 else "▼ "


def _md_table(findings: Sequence[Finding]) -> str:
    rows = ["| Severity | Rule | Where | Message |", "|---|---|---|---|"]
    for f in findings:
        where = md(f.location.yaml_path or "(top)")
        if f.target:
            where += f" ({md(f.target)})"
        rows.append(
            f"| {SEVERITY_EMOJI[f.severity]} {f.severity.value} | {md(f.rule)} {md(f.slug)} "
            f"| {where} | {md(f.message)} |"
        )
    return "\n".join(rows)


# --- json ---------------------------------------------------------------------------


def render_json(d: PlanDiff) -> str:
    data: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "leadcheck", "version": __version__},
        "old": _version(d.old),
        "new": _version(d.new),
        "score_change": _round(d.score_change),
        "themes": [
            {
                "theme": t.theme,
                "title": t.title,
                "old": _round(t.old),
                "new": _round(t.new),
                "change": _round(t.change),
            }
            for t in d.themes
        ],
        "closed": [finding_dict(f) for f in d.closed],
        "waived": [finding_dict(f) for f in d.waived],
        "opened": [finding_dict(f) for f in d.opened],
        "unchanged": d.unchanged,
        "counts": {
            "closed": len(d.closed),
            "waived": len(d.waived),
            "opened": len(d.opened),
            "unchanged": d.unchanged,
        },
    }
    return dumps(data)


def _version(fr: FileReport) -> dict[str, Any]:
    return {
        "file": fr.file,
        "partnership": fr.partnership,
        "as_of": fr.as_of.isoformat() if fr.as_of else None,
        "score": _round(fr.score),
        "readiness": fr.readiness.value if fr.readiness else None,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value + 0.0, 1) + 0.0
