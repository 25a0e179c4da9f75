"""Baselines: accept today's findings, and fail only on new ones.

A baseline records each open finding by rule, file and YAML path/target, never
by line, so editing elsewhere in a plan does not bring old findings back. The
file is versioned JSON, one finding per line, sorted, so it reviews well in a
diff. Files are recorded relative to the baseline's own folder, so the same
baseline works from any working directory.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from operator import attrgetter
from pathlib import Path
from typing import Any

from leadcheck.errors import UsageError
from leadcheck.findings import BaselineSummary, Finding, FindingKey, Report, format_path
from leadcheck.records import replace

FORMAT_VERSION = 1
KIND = "leadcheck-baseline"

_ORDER = attrgetter("rule", "file", "path", "target")
"""FindingKey's own order, as a sort key: sorting by it takes half the time of
sorting by the records' shared `<` (a baseline can have a million keys)."""


def key_of(finding: Finding, file: str) -> FindingKey:
    """A finding's identity without its line (as SARIF fingerprints: list positions
    are starred when the finding names its target)."""
    path = format_path(finding.location.path)
    if finding.target:
        path = _INDEX.sub("[*]", path)
    return FindingKey(finding.rule, file, path, finding.target or "")


_INDEX = re.compile(r"\[[0-9]+\]")
"""A list position in a formatted path (keys are written `.key` or `["key"]`)."""


def file_key(file: str, base_dir: str) -> str:
    """A plan's name in a baseline: relative to the baseline's folder, with `/`."""
    if file.startswith("<") and file.endswith(">"):  # <stdin>, <string>
        return file
    path = os.path.abspath(file)
    try:
        rel = os.path.relpath(path, os.path.abspath(base_dir))
    except ValueError:  # pragma: no cover - another drive on Windows
        return Path(path).as_posix()
    return Path(rel).as_posix()


def keys(report: Report, base_dir: str) -> Counter[FindingKey]:
    """The open (unwaived) findings of a report, counted by key."""
    return Counter(
        key_of(f, file_key(f.location.file, base_dir)) for f in report.findings if not f.waived
    )


def dumps(counted: Mapping[FindingKey, int]) -> str:
    """The baseline file's text: sorted, one finding per line, stable across runs."""
    records = []
    for key in sorted(counted, key=_ORDER):
        record: dict[str, Any] = {"rule": key.rule, "file": key.file, "path": key.path}
        if key.target:
            record["target"] = key.target
        if counted[key] > 1:
            record["count"] = counted[key]
        records.append(json.dumps(record, ensure_ascii=False))
    body = ",\n".join(f"    {r}" for r in records)
    head = f'{{\n  "format_version": {FORMAT_VERSION},\n  "kind": "{KIND}",\n  "findings": ['
    return f"{head}\n{body}\n  ]\n}}\n" if records else f"{head}]\n}}\n"


def loads(text: str, shown: str) -> Counter[FindingKey]:
    """Parse a baseline file; UsageError when it is not one."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise UsageError(f"{shown}: not a baseline file (not valid JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise UsageError(f"{shown}: not a leadcheck baseline file")
    if data.get("format_version") != FORMAT_VERSION:
        raise UsageError(
            f"{shown}: baseline format_version {data.get('format_version')!r} is not supported "
            f"(this leadcheck writes {FORMAT_VERSION}); write it again with --write-baseline"
        )
    counted: Counter[FindingKey] = Counter()
    for index, record in enumerate(data.get("findings") or []):
        try:
            key = FindingKey(
                str(record["rule"]),
                str(record["file"]),
                str(record["path"]),
                str(record.get("target") or ""),
            )
            count = int(record.get("count", 1))
        except (TypeError, KeyError, ValueError, AttributeError):
            raise UsageError(f"{shown}: finding {index} is not a baseline record") from None
        counted[key] += max(count, 1)
    return counted


def read(path: Path) -> Counter[FindingKey]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UsageError(f"{path}: cannot read baseline: {reason}") from None
    return loads(text, str(path))


def compare(report: Report, baseline: Counter[FindingKey], base_dir: str, shown: str) -> Report:
    """The report with the findings the baseline knows left out, and a summary.

    Each baseline entry accepts one finding with its key (`count` of them when
    repeated); entries for the files checked that match nothing were fixed.
    Waived findings are shown as always: a waiver already accepts them.
    """
    left = Counter(baseline)
    known = 0
    files = []
    for fr in report.files:
        kept: list[Finding] = []
        for finding in fr.findings:
            key = key_of(finding, file_key(finding.location.file, base_dir))
            if not finding.waived and left[key] > 0:
                left[key] -= 1
                known += 1
            else:
                kept.append(finding)
        files.append(replace(fr, findings=tuple(kept)))
    # A plan whose structure errors stopped the rules fixed nothing: its rules did not run.
    checked = {file_key(fr.file, base_dir) for fr in report.files if not fr.blocked}
    fixed = _expand((key, n) for key, n in left.items() if n > 0 and key.file in checked)
    new = sum(1 for fr in files for f in fr.findings if not f.waived)
    summary = BaselineSummary(file=shown, known=known, new=new, fixed=fixed)
    return replace(report, files=tuple(files), baseline=summary)


def _expand(counted: Iterable[tuple[FindingKey, int]]) -> tuple[FindingKey, ...]:
    return tuple(sorted((key for key, n in counted for _ in range(n)), key=_ORDER))


def summary_lines(summary: BaselineSummary) -> list[str]:
    """What a report compared with a baseline leaves out, in words (for text and markdown)."""
    from leadcheck.words import plural

    lines = [
        f"Baseline {summary.file}: {plural(summary.known, 'known finding')} not reported, "
        f"{summary.new} new, {len(summary.fixed)} fixed since"
    ]
    lines += [f"fixed: {describe(key)}" for key in summary.fixed]
    return lines


def describe(key: FindingKey) -> str:
    """`LC201 examples/gaps.yaml work_streams[*] (ws-falls)`."""
    target = f" ({key.target})" if key.target else ""
    return f"{key.rule} {key.file} {key.path or '(top)'}{target}"
