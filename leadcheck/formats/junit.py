"""JUnit XML for CI test dashboards (GitLab, Jenkins, Azure DevOps, junitparser).

One `testsuite` per file and one `testcase` per rule: the rules that ran
(`report.rules`) plus every structure rule with a finding in that file. A rule
with open findings (any severity) fails; the `failure` element's `message` is
short and its `type` is the worst severity, and its text lists every open
finding as `file:line:col: severity: message`. Waived findings do not fail a
rule; they are listed in the testcase's `system-out`. A theme rule is `skipped`
when structure errors stopped the rules for that file, or when it had nothing
to check (no subjects: not applicable). `errors` is always
0: leadcheck either checks a rule or skips it.

Test cases name their plan, as pytest's do: `file` is the path relative to the
render options' base_dir (the repository root in CI), `line` the first finding's
line, and `classname` is that path without `.yaml`, dotted, then the theme
(`plans.north.champions`), so Jenkins and GitLab group the cases by plan file
and then by theme.

Built with ElementTree, so text and attributes are XML-escaped; characters XML
1.0 cannot carry (ANSI escapes and other controls) are replaced by visible
stand-ins first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from leadcheck.findings import FileReport, Finding, Report, RuleScore
from leadcheck.formats import RenderOptions
from leadcheck.formats._common import (
    STRUCTURE,
    as_of_phrase,
    display_path,
    is_pseudo,
    not_assessed_phrase,
    plural,
    readiness_phrase,
    score_text,
    visible,
    waived_phrase,
)
from leadcheck.meta import RuleMeta

SHORT = 200
"""Longest `failure/@message`."""


def _x(value: str) -> str:
    """Text XML 1.0 can carry; CR and CRLF become LF, as an XML parser would make them."""
    return visible(value, newline="\n")


def render(report: Report, options: RenderOptions) -> str:
    root = ET.Element("testsuites", {"name": "leadcheck"})
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for fr in report.files:
        suite = _suite(fr, report.rules, options.catalog, options.base_dir)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
        root.append(suite)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


ALWAYS = ("LC001", "LC002", "LC003", "LC004", "LC005")
"""The structure checks every run makes, passing or not."""


def _rule_ids(fr: FileReport, ran: Sequence[str]) -> list[str]:
    found = {f.rule for f in fr.findings if f.theme is None}
    structure = sorted((found | set(ALWAYS)) - set(ran))
    extra = sorted({f.rule for f in fr.findings if f.theme is not None} - set(ran))
    return [*structure, *ran, *extra]


def _suite(
    fr: FileReport, ran: Sequence[str], catalog: Mapping[str, RuleMeta], base_dir: str
) -> ET.Element:
    suite = ET.Element("testsuite", {"name": _x(fr.file)})
    path = display_path(fr.file, base_dir)
    properties = ET.SubElement(suite, "properties")
    for name, value in _properties(fr):
        ET.SubElement(properties, "property", {"name": name, "value": _x(value)})
    by_rule: dict[str, list[Finding]] = {}
    for finding in fr.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    scores = {s.rule: s for s in fr.rule_scores}
    tests = failures = skipped = 0
    for rule_id in _rule_ids(fr, ran):
        findings = by_rule.get(rule_id, [])
        case = _case(rule_id, findings, catalog.get(rule_id), path)
        tests += 1
        if any(not f.waived for f in findings):
            failures += 1
        elif rule_id in ran and not findings and _skip(case, scores.get(rule_id), fr.blocked):
            skipped += 1
        suite.append(case)
    for key, count in (
        ("tests", tests),
        ("failures", failures),
        ("errors", 0),
        ("skipped", skipped),
    ):
        suite.set(key, str(count))
    return suite


def _skip(case: ET.Element, score: RuleScore | None, blocked: bool) -> bool:
    """Mark a rule that did not run, or had nothing to check, as skipped."""
    if score is None:
        reason = "not run: structure errors stopped the rules" if blocked else "not run"
    elif not score.subjects:
        reason = "not applicable: nothing for this rule to check"
    else:
        return False
    ET.SubElement(case, "skipped", {"message": reason})
    return True


def _properties(fr: FileReport) -> list[tuple[str, str]]:
    props = [("partnership", fr.partnership or "")]
    if fr.as_of is not None:
        props.append(("as_of", as_of_phrase(fr)))
    props += [
        ("score", score_text(fr.score)),
        ("readiness", readiness_phrase(fr.readiness, fr.not_assessed)),
        ("not_assessed", not_assessed_phrase(fr.not_assessed)),
        ("waived", waived_phrase(fr.waived_counts())),
    ]
    return props


def _case(
    rule_id: str, findings: Sequence[Finding], meta: RuleMeta | None, path: str
) -> ET.Element:
    slug = meta.slug if meta else (findings[0].slug if findings else "")
    theme = (meta.theme if meta else (findings[0].theme if findings else None)) or STRUCTURE
    attributes = {"classname": _x(_classname(path, theme)), "name": f"{rule_id} {slug}".strip()}
    open_findings = [f for f in findings if not f.waived]
    if not is_pseudo(path):
        attributes["file"] = _x(path)
        first = (open_findings or findings)[:1]
        if first:
            attributes["line"] = str(max(first[0].location.line, 1))
    case = ET.Element("testcase", attributes)
    if open_findings:
        worst = max(open_findings, key=lambda f: f.severity.weight).severity
        failure = ET.SubElement(
            case, "failure", {"message": _short(open_findings), "type": worst.value}
        )
        failure.text = _x("\n".join(_line(f) for f in open_findings))
    waived = [f for f in findings if f.waived]
    if waived:
        out = ET.SubElement(case, "system-out")
        out.text = _x("\n".join(f"{_line(f)} [waived: {f.waiver_reason or ''}]" for f in waived))
    return case


_YAML_SUFFIX = re.compile(r"\.ya?ml$", re.IGNORECASE)


def _classname(path: str, theme: str) -> str:
    """`plans/north.yaml`, theme `champions` -> `plans.north.champions`."""
    stem = _YAML_SUFFIX.sub("", path).strip("<>/").replace("/", ".")
    return f"{stem}.{theme}" if stem else theme


def _short(findings: Sequence[Finding]) -> str:
    first = visible(findings[0].message, newline=" ")
    if len(findings) > 1:
        first = f"{plural(len(findings), 'finding')}; first: {first}"
    return first if len(first) <= SHORT else first[: SHORT - 1] + "…"


def _line(finding: Finding) -> str:
    text = f"{finding.location}: {finding.severity.value}: {finding.message}"
    return text + (f" (fix: {finding.fix})" if finding.fix else "")
