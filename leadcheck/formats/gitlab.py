"""GitLab Code Quality: the CodeClimate-style JSON that merge requests show.

    leadcheck audit plans/ -f gitlab -o gl-code-quality-report.json

A JSON array with one issue per open finding, carrying the fields GitLab
documents as required: `description`, `check_name`, `fingerprint`, `severity`
and `location.path` with `location.lines.begin`. `path` is relative to the
render options' base_dir (the CLI passes the repository root, which is what
GitLab expects), with `/` separators and no `./`.

Severity: a structure error (the plan cannot be read or assessed) is `blocker`,
other errors `critical`, warnings `major`, info `info`. The fingerprint is
the SARIF one (rule, file, YAML path and target, never the line), so GitLab
matches an issue across commits even when lines move, and tells fixed gaps from
new ones. Waived findings are left out: they are accepted gaps.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from leadcheck.findings import Finding, Report, Severity
from leadcheck.formats import RenderOptions
from leadcheck.formats._common import display_path, fingerprints, json_safe, visible

SEVERITY: Mapping[Severity, str] = {
    Severity.ERROR: "critical",
    Severity.WARNING: "major",
    Severity.INFO: "info",
}
BLOCKER = "blocker"
"""A structure error: nothing else in the plan could be checked until it is fixed."""


def render(report: Report, options: RenderOptions) -> str:
    return "".join(stream(report, options))


def stream(report: Report, options: RenderOptions) -> Iterator[str]:
    """The issues in pieces, as `render` gives them whole (`json.dumps` of the list,
    indented by two), each encoded as it is written."""
    findings = report.findings
    prints = fingerprints(findings, options.base_dir)
    issues = (
        _issue(f, fp, options.base_dir)
        for f, fp in zip(findings, prints, strict=True)
        if not f.waived
    )
    head = "[\n  "
    batch: list[str] = []
    for issue in issues:
        batch.append(head + json.dumps(issue, indent=2, ensure_ascii=False).replace("\n", "\n  "))
        head = ",\n  "
        if len(batch) == 1024:
            yield json_safe("".join(batch))
            batch = []
    if head == "[\n  ":  # no issue
        yield "[]\n"
        return
    yield json_safe("".join(batch)) + "\n]\n"


def severity(finding: Finding) -> str:
    if finding.theme is None and finding.severity is Severity.ERROR:
        return BLOCKER
    return SEVERITY[finding.severity]


def _issue(finding: Finding, fingerprint: str, base_dir: str) -> dict[str, Any]:
    loc = finding.location
    check = f"{finding.rule} {finding.slug}"
    description = f"{check}: {visible(finding.message, newline=' ').rstrip()}"
    if finding.fix:
        if not description.endswith((".", "!", "?")):
            description += "."
        description += f" Fix: {visible(finding.fix, newline=' ')}"
    return {
        "type": "issue",
        "check_name": check,
        "description": description,
        "fingerprint": fingerprint,
        "severity": severity(finding),
        "location": {
            "path": display_path(loc.file, base_dir),
            "lines": {"begin": max(loc.line, 1)},
        },
    }
