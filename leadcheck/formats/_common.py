"""Helpers the output formats share: labels, safe text, paths and fingerprints.

Everything here is pure: no printing, no file access, no clock.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePath
from urllib.parse import quote

from leadcheck.findings import (
    Colour,
    FileReport,
    Finding,
    Readiness,
    Severity,
    ThemeScore,
    format_path,
)
from leadcheck.words import plural as plural

COLOUR_EMOJI: Mapping[Colour, str] = {
    Colour.RED: "🔴",
    Colour.AMBER: "🟠",
    Colour.GREEN: "🟢",
}
READINESS_COLOUR: Mapping[Readiness, Colour] = {
    Readiness.NOT_READY: Colour.RED,
    Readiness.NEARLY_READY: Colour.AMBER,
    Readiness.READY: Colour.GREEN,
}
SEVERITY_EMOJI: Mapping[Severity, str] = {
    Severity.ERROR: "❌",
    Severity.WARNING: "⚠️",
    Severity.INFO: "ℹ️",
}
SARIF_LEVEL: Mapping[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}
STRUCTURE = "structure"
"""The group structure rules (theme None) are shown under."""
TITLE = "Leadership plan audit"
FINGERPRINT_KEY = "leadcheck/v1"


# --- text ---------------------------------------------------------------------------

_NEWLINES = ("\r\n", "\r", "\n", "\u0085", "\u2028", "\u2029")


def _control_table() -> dict[int, str]:
    table: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20) if c not in (9, 10, 13)}
    table[0x7F] = "\u2421"
    bad = [*range(0x80, 0xA0), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF]
    bad += [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]  # bidi overrides
    table.update(dict.fromkeys(bad, "\ufffd"))
    return table


_CONTROLS = _control_table()


def no_scores_reason(fr: FileReport) -> str:
    """Why a file has no theme scores."""
    if fr.blocked:
        return "No theme scores: structure errors stopped the rule checks. Fix them first."
    return "No theme scores: no theme rule was run (structure checks only)."


def readiness_label(readiness: Readiness | None) -> str:
    """The readiness in words; a plan linted but not audited is "not assessed"."""
    return readiness.label if readiness else "not assessed"


def readiness_emoji(readiness: Readiness | None) -> str:
    """Colour emoji and word, so colour is never the only signal."""
    if readiness is None:
        return f"⚪ {readiness_label(readiness)}"
    return f"{COLOUR_EMOJI[READINESS_COLOUR[readiness]]} {readiness.label}"


def visible(text: str, newline: str | None = None) -> str:
    """`text` with control characters (ANSI escapes included) made visible and harmless.

    C0 controls become their Control Pictures (ESC shows as ␛); DEL, C1 controls,
    lone surrogates, non-characters and bidi overrides become U+FFFD. Tabs stay.
    Line breaks stay unless `newline` is given, which replaces each of them.
    """
    if newline is not None:
        for brk in _NEWLINES:
            text = text.replace(brk, newline)
    return text.translate(_CONTROLS)


def counts_phrase(counts: Mapping[Severity, int]) -> str:
    """`1 error, 2 warnings, 0 info`."""
    return ", ".join(
        [
            plural(counts.get(Severity.ERROR, 0), "error"),
            plural(counts.get(Severity.WARNING, 0), "warning"),
            f"{counts.get(Severity.INFO, 0)} info",
        ]
    )


def score_text(score: float | None) -> str:
    """A 0-100 score to one decimal place (as text and JSON show it), `n/a` when none."""
    return "n/a" if score is None else f"{score:.1f}"


def score_of_100(score: float | None, sep: str = "/") -> str:
    """`94.5/100`, or `n/a` when there is no score."""
    return "n/a" if score is None else f"{score:.1f}{sep}100"


def open_counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    out = dict.fromkeys(Severity, 0)
    for finding in findings:
        if not finding.waived:
            out[finding.severity] += 1
    return out


# --- grouping -----------------------------------------------------------------------


def theme_groups(
    fr: FileReport, findings: Iterable[Finding]
) -> Iterator[tuple[str, str, list[Finding]]]:
    """(theme id, title, findings) per theme: structure first, then scored theme order."""
    by_theme: dict[str, list[Finding]] = {}
    for finding in findings:
        by_theme.setdefault(finding.theme or STRUCTURE, []).append(finding)
    titles = {t.theme: t.title for t in fr.themes}
    order = [STRUCTURE, *titles, *sorted(set(by_theme) - set(titles) - {STRUCTURE})]
    for theme in order:
        if theme in by_theme:
            title = "Structure" if theme == STRUCTURE else titles.get(theme, theme)
            yield theme, title, by_theme[theme]


def theme_score(fr: FileReport, theme: str) -> ThemeScore | None:
    return next((t for t in fr.themes if t.theme == theme), None)


def fix_next(fr: FileReport, limit: int) -> list[tuple[Finding, float]]:
    return [(item.finding, item.gain) for item in fr.fix_next[: max(limit, 0)]]


def common_as_of(files: Iterable[FileReport]) -> str | None:
    dates = {fr.as_of for fr in files if fr.as_of is not None}
    return next(iter(dates)).isoformat() if len(dates) == 1 else None


# --- paths --------------------------------------------------------------------------


def is_pseudo(file: str) -> bool:
    """`<stdin>`, `<string>`: names that are not paths."""
    return file.startswith("<") and file.endswith(">")


def relative_path(file: str, base_dir: str) -> str | None:
    """`file` relative to `base_dir` with `/` separators; None when outside it or no path."""
    if is_pseudo(file):
        return None
    try:
        rel = PurePath(os.path.relpath(file, base_dir))
    except ValueError:  # another drive on Windows
        return None
    if not rel.parts or rel.parts[0] == os.pardir or rel.is_absolute():
        return None
    return rel.as_posix()


def display_path(file: str, base_dir: str) -> str:
    """The path to show and annotate: relative to `base_dir` when inside it, else as given."""
    rel = relative_path(file, base_dir)
    if rel is not None:
        return rel
    return file.replace(os.sep, "/") if os.sep != "/" and not is_pseudo(file) else file


def artifact_uri(file: str, base_dir: str) -> tuple[str, bool]:
    """(percent-encoded URI, whether it is relative to %SRCROOT%) of a file."""
    rel = relative_path(file, base_dir)
    if rel is not None:
        return quote(rel, safe="/"), True
    if is_pseudo(file):
        return quote(file, safe=""), False
    return Path(os.path.abspath(file)).as_uri(), False


def fingerprint(finding: Finding, path: str, occurrence: int = 0) -> str:
    """A line-independent identity: rule, file, YAML path, target (and repeat count).

    With a target, list positions are left out of the path (`work_streams[*].lead`),
    so inserting a work stream above does not change the others' fingerprints.
    """
    where = finding.location.path
    if finding.target:
        where = tuple("*" if isinstance(part, int) else part for part in where)
    parts = [FINGERPRINT_KEY, finding.rule, path, format_path(where), finding.target or ""]
    if occurrence:
        parts.append(str(occurrence))
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def fingerprints(findings: Iterable[Finding], base_dir: str) -> list[str]:
    """Fingerprints of findings in order, numbering repeats so that each is unique."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for finding in findings:
        path = display_path(finding.location.file, base_dir)
        base = fingerprint(finding, path)
        repeat = seen.get(base, 0)
        seen[base] = repeat + 1
        out.append(fingerprint(finding, path, repeat) if repeat else base)
    return out
