"""Helpers the output formats share: labels, safe text, paths and fingerprints.

Everything here is pure: no printing, no file access, no clock.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePath
from urllib.parse import quote

from leadcheck.findings import (
    AsOfSource,
    Colour,
    FileReport,
    Finding,
    FixNext,
    NotAssessed,
    Readiness,
    Severity,
    ThemeScore,
    WaiverUse,
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


_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""Characters JSON may carry raw but a terminal, an editor or a browser could obey:
DEL and the C1 controls, line and paragraph separators, and the bidirectional
marks, embeddings, overrides and isolates that reorder what is shown; and lone
surrogates, which UTF-8 cannot carry. (The encoder already escapes the C0
controls, ESC among them.)"""


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_safe(encoded: str) -> str:
    """Encoded JSON with each character of `_JSON_UNSAFE` still in it written as a
    `\\uXXXX` escape. Such characters can only stand inside strings (JSON's own
    syntax is ASCII, and its line breaks are plain newlines), where the escape means
    the same: the data is unchanged, and text without them is returned as it is."""
    if encoded.isascii() and "\x7f" not in encoded:  # quick: the usual case
        return encoded
    if _JSON_UNSAFE.search(encoded) is None:
        return encoded
    return _JSON_UNSAFE.sub(_json_escape, encoded)


def no_scores_reason(fr: FileReport) -> str:
    """Why a file has no theme scores."""
    if fr.blocked:
        return "No theme scores: structure errors stopped the rule checks. Fix them first."
    return "No theme scores: no theme rule was run (structure checks only)."


def readiness_label(readiness: Readiness | None) -> str:
    """The readiness in words; a plan linted but not audited is "not assessed"."""
    return readiness.label if readiness else "not assessed"


def readiness_emoji(readiness: Readiness | None, missing: NotAssessed | None = None) -> str:
    """Colour emoji and word, so colour is never the only signal; `, partial: ...`
    when some themes or rules were left out."""
    if readiness is None:
        return f"⚪ {readiness_label(readiness)}"
    return f"{COLOUR_EMOJI[READINESS_COLOUR[readiness]]} {readiness_phrase(readiness, missing)}"


def readiness_phrase(readiness: Readiness | None, missing: NotAssessed | None = None) -> str:
    """`ready`, or `ready, partial: senior-support not assessed`: a report that left
    anything out never says plainly that a plan is ready."""
    label = readiness_label(readiness)
    if readiness is None or not missing:
        return label
    return f"{label}, partial: {not_assessed_phrase(missing)}"


def not_assessed_phrase(missing: NotAssessed) -> str:
    """`senior-support not assessed; LC201, LC202 not run`, or `nothing`."""
    parts = []
    if missing.themes:
        parts.append(f"{', '.join(missing.themes)} not assessed")
    if missing.rules:
        parts.append(f"{', '.join(missing.rules)} not run")
    return "; ".join(parts) or "nothing"


def waived_phrase(counts: Mapping[Severity, int]) -> str:
    """`1 error, 0 warnings` (and info, when any is waived)."""
    words = [
        plural(counts.get(Severity.ERROR, 0), "error"),
        plural(counts.get(Severity.WARNING, 0), "warning"),
    ]
    if counts.get(Severity.INFO, 0):
        words.append(f"{counts[Severity.INFO]} info")
    return ", ".join(words)


def as_of_phrase(fr: FileReport) -> str:
    """The date the plan is judged at, where it came from, and how old it is."""
    if fr.as_of is None:
        return "not known"
    day = fr.as_of.isoformat()
    source, age = fr.as_of_source, fr.as_of_age
    if source is AsOfSource.TODAY:
        return f"{day} (today: the plan gives no as_of)"
    if source is AsOfSource.PLAN and age is not None:
        return f"{day} (the plan's as_of, {age_phrase(age)})"
    return f"{day} (set with --as-of)"


def age_phrase(days: int) -> str:
    """`today`, `14 days ago`, `in 3 days`."""
    if days == 0:
        return "today"
    return f"{plural(days, 'day')} ago" if days > 0 else f"in {plural(-days, 'day')}"


def blocking_phrase(fr: FileReport) -> str:
    """The Fix next heading: how many open errors stand between the plan and ready."""
    errors = fr.blocking_errors()
    if errors:
        verb = "blocks" if errors == 1 else "block"
        return f"{plural(errors, 'error')} {verb} readiness"
    return "No open error blocks readiness"


def also_phrase(item: FixNext) -> str:
    """`also fixes LC103 lead-draws-on-all-partners`, or nothing."""
    if not item.also:
        return ""
    same = item.finding.rule
    ids = [
        f"{f.rule} at line {f.location.line}" if f.rule == same else f"{f.rule} {f.slug}"
        for f in item.also
    ]
    return "also fixes " + ", ".join(dict.fromkeys(ids))


def gain_phrase(gain: float) -> str:
    """`+4.2 points`; structure findings add no points (they are not scored)."""
    return f"+{gain:.1f} points" if gain > 0 else "no points (a structure finding)"


def waiver_owner(use: WaiverUse) -> str:
    """`p-price (Dr Alan Price)`."""
    return f"{use.owner} ({use.owner_name})" if use.owner_name else use.owner


def waiver_status(use: WaiverUse) -> str:
    """`waives 2 findings`, or what else became of the waiver (`expired`, `unused` ...)."""
    return f"waives {plural(use.waived, 'finding')}" if use.status == "active" else use.status


def waiver_expiry(use: WaiverUse | Finding) -> str:
    """The expiry date, or `no expiry`."""
    expires = use.expires if isinstance(use, WaiverUse) else use.waiver_expires
    return expires.isoformat() if expires else "no expiry"


def visible(text: str, newline: str | None = None) -> str:
    """`text` with control characters (ANSI escapes included) made visible and harmless.

    C0 controls become their Control Pictures (ESC shows as ␛); DEL, C1 controls,
    lone surrogates, non-characters and bidi overrides become U+FFFD. Tabs stay.
    Line breaks stay unless `newline` is given, which replaces each of them.
    """
    if text.isascii() and text.isprintable():  # the usual: nothing to show or replace
        return text
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


def errors_first(fr: FileReport) -> tuple[list[FixNext], list[FixNext]]:
    """Fix next split into the errors (all of them) and the rest (the best few)."""
    errors = [i for i in fr.fix_next if i.severity is Severity.ERROR]
    return errors, [i for i in fr.fix_next if i.severity is not Severity.ERROR]


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
    import hashlib  # only SARIF and GitLab reports carry fingerprints

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
