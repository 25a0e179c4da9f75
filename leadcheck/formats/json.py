"""The machine-readable report (format_version 1); other tools build on it.

Keys come in a fixed order and scores are rounded to one decimal place, so the
same input and as-of date give byte-identical output.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

from leadcheck import __version__
from leadcheck.findings import (
    SEVERITIES,
    FileReport,
    Finding,
    FixNext,
    NotAssessed,
    PartnersView,
    Readiness,
    Report,
    Severity,
    ThemeScore,
    WaiverUse,
    format_path,
)
from leadcheck.formats import RenderOptions
from leadcheck.formats._common import common_as_of, json_safe
from leadcheck.formats._portfolio import (
    common_gaps,
    least_ready_first,
    portfolio_themes,
    theme_cell,
)
from leadcheck.meta import RuleMeta

FORMAT_VERSION = 1


def render(report: Report, options: RenderOptions) -> str:
    return "".join(stream(report, options))


def stream(report: Report, options: RenderOptions) -> Iterator[str]:
    """The report in pieces, as `render` gives it whole: written out as they come, a
    report of a million findings never stands in memory at once."""
    data = _document(report, options.catalog, lazy=True)
    for chunk in _stream(data, ""):
        yield json_safe(chunk)
    yield "\n"


def dumps(data: dict[str, Any]) -> str:
    """Indented down to the records, each record (a finding, a theme) on one line.

    Readable and diffable, and fast: json's C encoder only runs without `indent`,
    so each record is encoded whole. Characters a terminal or an editor could obey
    (C1 controls, bidirectional overrides) are written as `\\uXXXX` escapes.
    """
    return json_safe("".join(_stream(data, ""))) + "\n"


class _Records:
    """A list of records written as they are made: `produce(indent)` yields each one
    encoded (records that hold records over several lines, indented below `indent`)."""

    __slots__ = ("count", "produce")

    def __init__(self, count: int, produce: Callable[[str], Iterable[str]]) -> None:
        self.count = count
        self.produce = produce


def _records(count: int, produce: Callable[[str], Iterable[str]]) -> _Records | list[Any]:
    """Records to stream; an empty list stays a list (it is written `[]` in line)."""
    return _Records(count, produce) if count else []


_BATCH = 256
"""Records per chunk of streamed output: about 150 KB. Pieces of a megabyte or more
cost more system time to allocate and write (on a report of a million findings:
2.5-2.7 s against 1.4-1.9 s)."""


def _stream(value: Any, indent: str) -> Iterator[str]:
    inner = indent + "  "
    if type(value) is _Records:
        if not value.count:
            yield "[]"
            return
        batch: list[str] = []
        head = "[\n"
        for text in value.produce(inner):
            batch.append(text)
            if len(batch) == _BATCH:
                yield head + ",\n".join(batch)
                head, batch = ",\n", []
        yield head + ",\n".join(batch) + f"\n{indent}]"
        return
    if isinstance(value, dict) and _is_branch(value):
        done: list[str] = []
        sep = "{\n"
        for k, v in value.items():
            done.append(f"{sep}{inner}{_enc(k)}: ")
            if _is_records(v) or (isinstance(v, dict) and _is_branch(v)):
                yield "".join(done)
                done = []
                yield from _stream(v, inner)
            else:
                done.append(_enc(v))
            sep = ",\n"
        done.append(f"\n{indent}}}")
        yield "".join(done)
        return
    if _is_records(value):
        # Most records (rule scores, themes) hold no records: those are joined, not
        # yielded one by one.
        done = []
        sep = f"[\n{inner}"
        for item in value:
            if _is_branch(item):
                yield "".join(done) + sep
                done = []
                yield from _stream(item, inner)
            else:
                done += (sep, _enc(item))
            sep = f",\n{inner}"
        done.append(f"\n{indent}]")
        yield "".join(done)
        return
    yield _enc(value)


def _is_branch(record: dict[str, Any]) -> bool:
    for value in record.values():
        kind = type(value)
        if kind is _Records:
            if value.count:
                return True
        elif kind is list and value and isinstance(value[0], dict):
            return True
    return False


def _is_records(value: Any) -> bool:
    if type(value) is _Records:
        return bool(value.count)
    return type(value) is list and bool(value) and isinstance(value[0], dict)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def _c_encoder() -> Callable[[Any, int], Sequence[str]] | None:
    """json's C encoder, made once (`JSONEncoder.encode` makes one for every value),
    as `encode` makes it; None where there is none, or it is made otherwise. Reports
    hold no cycles, so it need not look for them."""
    try:
        return c_make_encoder(  # type: ignore[no-any-return]
            None, _ENCODER.default, encode_basestring, None, ": ", ", ", False, False, True
        )
    except TypeError:  # None, or another signature
        return None


_C_ENCODE = _c_encoder()


def _enc(value: Any) -> str:
    if type(value) is str:
        return encode_basestring(value)
    if _C_ENCODE is None:
        return _ENCODER.encode(value)
    return "".join(_C_ENCODE(value, 0))


def to_dict(report: Report, catalog: Mapping[str, RuleMeta] | None = None) -> dict[str, Any]:
    """The report as plain data, in the documented key order. With several files, a
    `portfolio` follows the totals (rule titles come from `catalog`)."""
    return _document(report, catalog, lazy=False)


def _document(report: Report, catalog: Mapping[str, RuleMeta] | None, lazy: bool) -> dict[str, Any]:
    as_of = report.as_of.isoformat() if report.as_of else common_as_of(report.files)
    several = len(report.files) > 1
    findings: Any
    if lazy:
        count = sum(len(fr.findings) for fr in report.files)
        findings = _records(count, lambda indent: _finding_lines(report.files, indent))
    else:
        findings = [finding_dict(f) for f in report.findings]
    return {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "leadcheck", "version": __version__},
        "as_of": as_of,
        "files": [_file(fr, lazy) for fr in report.files],
        "findings": findings,
        "scores": _overall_scores(report.files),
        "readiness": _value(report.readiness),
        "partial": report.partial,
        "not_assessed": _not_assessed(report.not_assessed),
        "waived": _counts(report.waived_counts()),
        **({"portfolio": _portfolio(report.files, catalog or {})} if several else {}),
        **({"baseline": report.baseline.as_dict()} if report.baseline else {}),
    }


# --- the findings and the Fix next entries, encoded straight from the report ---------
# Each gives exactly what `_enc` gives for the record's dict (`finding_dict`, `_fix`),
# without building the dict: a report may hold a million of them.


class _Strings(dict[Any, str]):
    """Encoded values by value: most fields repeat (rule ids, slugs, files, fixes)."""

    def __missing__(self, value: Any) -> str:
        text = self[value] = _value_text(value)
        return text


def _value_text(value: Any) -> str:
    if type(value) is str:
        return _enc_str(value)
    if value is None:
        return "null"
    return _enc(value)


_enc_str = encode_basestring
_NOT_WAIVED = (
    ', "waived": false, "waiver_reason": null, "waiver_owner": null, "waiver_expires": null}'
)


def _finding_lines(files: Sequence[FileReport], indent: str) -> Iterator[str]:
    known = _Strings()
    heads: dict[tuple[Any, ...], str] = {}
    text = _value_text
    enc = _enc_str
    last, path = None, ""
    for fr in files:
        for f in fr.findings:
            loc = f.location
            # The fields before the message follow from the rule, the same in thousands.
            kind = (f.rule, f.slug, f.severity, f.theme)
            head = heads.get(kind)
            if head is None:
                head = heads[kind] = (
                    f'{{"rule": {text(f.rule)}, "slug": {text(f.slug)}, '
                    f'"severity": {text(f.severity)}, "theme": {text(f.theme)}, "message": '
                )
            if f.waived or f.waiver_reason or f.waiver_owner or f.waiver_expires:
                tail = (
                    f', "waived": {_enc(f.waived)}, "waiver_reason": {text(f.waiver_reason)}, '
                    f'"waiver_owner": {text(f.waiver_owner)}, '
                    f'"waiver_expires": {text(_day(f.waiver_expires))}}}'
                )
            else:
                tail = _NOT_WAIVED
            if loc is not last:  # findings at one place come together, sharing it
                last, path = loc, format_path(loc.path)
            message, target, line, column = f.message, f.target, loc.line, loc.column
            yield (
                f"{indent}{head}{enc(message) if type(message) is str else text(message)}, "
                f'"file": {known[loc.file]}, '
                f'"line": {line if type(line) is int else _enc(line)}, '
                f'"column": {column if type(column) is int else _enc(column)}, '
                f'"path": {enc(path) if type(path) is str else text(path)}, '
                f'"target": {enc(target) if type(target) is str else text(target)}, '
                f'"fix": {known[f.fix]}{tail}'
            )


def _number(value: int) -> str:
    return int.__repr__(value) if type(value) is int else _enc(value)


def _fix_lines(items: Sequence[FixNext], indent: str) -> Iterator[str]:
    known = _Strings()
    text = _value_text
    deeper = indent + "  "
    deepest = deeper + "  "
    for item in items:
        f = item.finding
        loc = f.location
        gain = _round(item.gain)
        gain_text = float.__repr__(gain) if gain is not None and math.isfinite(gain) else _enc(gain)
        if not item.also:
            yield (
                f'{indent}{{"rule": {known[f.rule]}, "slug": {known[f.slug]}, '
                f'"severity": {known[f.severity]}, "target": {text(f.target)}, '
                f'"line": {_number(loc.line)}, "column": {_number(loc.column)}, '
                f'"message": {text(f.message)}, "gain": {gain_text}, "also": []}}'
            )
            continue
        also = ",\n".join(
            f'{deepest}{{"rule": {known[a.rule]}, "line": {_number(a.location.line)}, '
            f'"column": {_number(a.location.column)}}}'
            for a in item.also
        )
        yield (
            f'{indent}{{\n{deeper}"rule": {known[f.rule]},\n{deeper}"slug": {known[f.slug]},\n'
            f'{deeper}"severity": {known[f.severity]},\n{deeper}"target": {text(f.target)},\n'
            f'{deeper}"line": {_number(loc.line)},\n{deeper}"column": {_number(loc.column)},\n'
            f'{deeper}"message": {text(f.message)},\n{deeper}"gain": {gain_text},\n'
            f'{deeper}"also": [\n{also}\n{deeper}]\n{indent}}}'
        )


def finding_dict(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    return {
        "rule": finding.rule,
        "slug": finding.slug,
        "severity": finding.severity.value,
        "theme": finding.theme,
        "message": finding.message,
        "file": loc.file,
        "line": loc.line,
        "column": loc.column,
        "path": loc.yaml_path,
        "target": finding.target,
        "fix": finding.fix,
        "waived": finding.waived,
        "waiver_reason": finding.waiver_reason,
        "waiver_owner": finding.waiver_owner,
        "waiver_expires": _day(finding.waiver_expires),
    }


def _file(fr: FileReport, lazy: bool = False) -> dict[str, Any]:
    fix_next: Any
    if lazy:
        items = fr.fix_next
        fix_next = _records(len(items), lambda indent: _fix_lines(items, indent))
    else:
        fix_next = [_fix(item) for item in fr.fix_next]
    return {
        "file": fr.file,
        "partnership": fr.partnership,
        "as_of": _day(fr.as_of),
        "as_of_source": fr.as_of_source.value if fr.as_of_source else None,
        "as_of_age_days": fr.as_of_age,
        "score": _round(fr.score),
        "readiness": _value(fr.readiness),
        "partial": fr.partial,
        "counts": _counts(fr.open_counts()),
        "waived": _counts(fr.waived_counts()),
        "themes": [_theme(t) for t in fr.themes],
        "rules": [
            {
                "rule": s.rule,
                "theme": s.theme,
                "severity": s.severity.value,
                "subjects": s.subjects,
                "passed": s.passed,
                "score": _round(100 * s.score) if s.subjects else None,
            }
            for s in fr.rule_scores
        ],
        "blocking_errors": fr.blocking_errors(),
        "fix_next": fix_next,
        "waivers": [_waiver(use) for use in fr.waivers],
        **({"partners_view": _partners_view(fr.partners_view)} if fr.partners_view else {}),
    }


def _partners_view(view: PartnersView) -> dict[str, Any]:
    """The matrix: each principle's score by each responding partner."""
    return {
        "partners": [{"id": pid, "name": name} for pid, name in view.partners],
        "not_responding": list(view.not_responding),
        "split_at": view.split_at,
        "weak_below": view.weak_below,
        "principles": [
            {
                "principle": row.principle,
                "title": row.title,
                "scores": {pid: s for (pid, _), s in zip(view.partners, row.scores, strict=True)},
                "mean": None if row.mean is None else round(row.mean, 2),
                "spread": row.spread,
                "split": row.split,
                "weak": row.weak,
            }
            for row in view.rows
        ],
    }


def _portfolio(files: Sequence[FileReport], catalog: Mapping[str, RuleMeta]) -> dict[str, Any]:
    """The plans least ready first, with each theme's score and colour; and each rule
    with open findings, by the number of plans it affects."""
    themes = portfolio_themes(files)
    partnerships = []
    for fr in least_ready_first(files):
        cells = {}
        for theme, _ in themes:
            score = theme_cell(fr, theme)
            cells[theme] = (
                None
                if score is None
                else {"score": _round(score.score), "colour": score.colour.value}
            )
        partnerships.append(
            {
                "file": fr.file,
                "partnership": fr.partnership,
                "readiness": _value(fr.readiness),
                "score": _round(fr.score),
                "themes": cells,
                "counts": _counts(fr.open_counts()),
            }
        )
    gaps = [
        {
            "rule": g.rule,
            "slug": g.slug,
            "severity": g.severity.value,
            "title": g.title,
            "partnerships": g.partnerships,
            "files": list(g.files),
            "findings": g.findings,
        }
        for g in common_gaps(files, catalog)
    ]
    return {"partnerships": partnerships, "common_gaps": gaps}


def _fix(item: FixNext) -> dict[str, Any]:
    f = item.finding
    return {
        "rule": f.rule,
        "slug": f.slug,
        "severity": f.severity.value,
        "target": f.target,
        "line": f.location.line,
        "column": f.location.column,
        "message": f.message,
        "gain": _round(item.gain),
        "also": [
            {"rule": a.rule, "line": a.location.line, "column": a.location.column}
            for a in item.also
        ],
    }


def _waiver(use: WaiverUse) -> dict[str, Any]:
    return {
        "rule": use.rule,
        "target": use.target,
        "reason": use.reason,
        "owner": use.owner,
        "owner_name": use.owner_name,
        "expires": _day(use.expires),
        "line": use.line,
        "status": use.status,
        "waives": use.waived,
    }


def _not_assessed(missing: NotAssessed) -> dict[str, list[str]]:
    return {"themes": list(missing.themes), "rules": list(missing.rules)}


def _counts(counts: Mapping[Severity, int]) -> dict[str, int]:
    return {s.value: counts.get(s, 0) for s in SEVERITIES}


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _theme(theme: ThemeScore) -> dict[str, Any]:
    return {
        "theme": theme.theme,
        "title": theme.title,
        "score": _round(theme.score),
        "colour": theme.colour.value,
        "counts": {s.value: theme.counts.get(s, 0) for s in SEVERITIES},
        "waived": theme.waived,
    }


def _overall_scores(files: Sequence[FileReport]) -> dict[str, Any]:
    """The mean over files of the overall score and of each theme's score."""
    scored = [fr for fr in files if fr.score is not None]
    themes: dict[str, list[float]] = {}
    for fr in scored:
        for t in fr.themes:
            themes.setdefault(t.theme, []).append(t.score)
    overall = (
        sum(fr.score for fr in scored if fr.score is not None) / len(scored)
        if scored and len(scored) == len(files)
        else None
    )
    return {
        "overall": _round(overall),
        "themes": {name: _round(sum(v) / len(v)) for name, v in themes.items()},
    }


def _value(readiness: Readiness | None) -> str | None:
    return readiness.value if readiness else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value + 0.0, 1)
