"""SARIF 2.1.0 for code-scanning services (GitHub code scanning, Azure DevOps, IDEs).

One run. `tool.driver.rules` lists every rule in the catalogue (structure rules
first) with its help and, for built-in rules, a `helpUri` to its section of
docs/rules.md; a finding whose rule is not in the catalogue gets a bare
descriptor so `ruleIndex` always resolves. Each result has a physical location
relative to `%SRCROOT%` (the render options' base_dir: the CLI passes the
repository root, which is what GitHub resolves paths against), a logical
location (the YAML path) and a `partialFingerprints["leadcheck/v1"]` built from
rule, file, YAML path and target but never the line, so moving text keeps the
identity.

GitHub ignores `suppressions` and would open an alert for every waived finding,
so waived findings are left out unless `sarif_include_waived` asks for them
(then each carries an external suppression with the waiver's reason). GitHub
rejects a run of over 25,000 results and keeps only the top 5,000, so at most
`sarif_max_results` are written, the most severe first; what was left out is
said in `invocations[0].toolExecutionNotifications`.
No timestamps, no absolute paths for files inside base_dir.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

import leadcheck
from leadcheck import ruledoc
from leadcheck.findings import Finding, Report
from leadcheck.formats import RenderOptions
from leadcheck.formats._common import (
    FINGERPRINT_KEY,
    SARIF_LEVEL,
    STRUCTURE,
    artifact_uri,
    display_path,
    fingerprint,
    json_safe,
    readiness_phrase,
)
from leadcheck.links import HOMEPAGE, rule_help_uri
from leadcheck.meta import RuleMeta

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
Json = dict[str, Any]


GITHUB_MAX_RESULTS = 25_000
"""GitHub code scanning rejects a SARIF run with more results than this."""


def render(report: Report, options: RenderOptions) -> str:
    return "".join(stream(report, options))


_RESULTS = "\0leadcheck results\0"
"""Stands for the results in the log encoded around them."""


def stream(report: Report, options: RenderOptions) -> Iterator[str]:
    """The log in pieces, as `render` gives it whole. The cap is applied before any
    result is built, so a plan of a million findings costs little more than its
    5,000 results: the rest are only counted."""
    catalog = _catalog(report, options.catalog)
    index = {rule_id: i for i, rule_id in enumerate(catalog)}
    kept, total, chosen = _kept(report, options)
    driver: Json = {
        "name": "leadcheck",
        "version": leadcheck.__version__,
        "semanticVersion": leadcheck.__version__,
        "informationUri": HOMEPAGE,
        "rules": [_descriptor(meta) for meta in catalog.values()],
    }
    run: Json = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": _RESULTS if kept else [],
        "properties": _disclosure(report, options.base_dir, options.sarif_max_results),
    }
    notes = _notifications(total - chosen, chosen, len(kept))
    if notes:
        run["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": notes}]
    log: Json = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    text = json_safe(json.dumps(log, indent=2, ensure_ascii=False))
    if not kept:
        yield text + "\n"
        return
    placeholder = json.dumps(_RESULTS)
    head, tail = text.split(placeholder)
    # The results list is a value of `run`, three levels down; its items are four.
    outer = "\n" + " " * 6
    inner = "\n" + " " * 8
    yield head + "["
    batch: list[str] = []
    for i, (finding, print_) in enumerate(kept):
        result = _result(finding, index[finding.rule], print_, options.base_dir)
        encoded = json.dumps(result, indent=2, ensure_ascii=False)
        batch.append(("," if i else "") + inner + encoded.replace("\n", inner))
        if len(batch) == 512:
            yield json_safe("".join(batch))
            batch = []
    yield json_safe("".join(batch)) + outer + "]" + tail + "\n"


def _kept(report: Report, options: RenderOptions) -> tuple[list[tuple[Finding, str]], int, int]:
    """The results to write with their fingerprints; how many findings there are,
    and how many of them could be results (waived ones are left out unless asked for).

    At most `sarif_max_results` are kept, the most severe first, in report order.
    Fingerprints number repeats over every finding, so leaving some out (waived,
    capped) never changes the others' identities; only the kept ones are hashed.
    """
    findings = report.findings
    waived_too = options.sarif_include_waived
    by_weight: Counter[int] = Counter(
        f.severity.weight for f in findings if waived_too or not f.waived
    )
    chosen = sum(by_weight.values())
    room = max(options.sarif_max_results, 0)
    quota: dict[int, int] = {}
    for weight in sorted(by_weight, reverse=True):
        quota[weight] = take = min(by_weight[weight], room)
        room -= take
    base_dir = options.base_dir
    paths: dict[str, str] = {}
    seen: dict[tuple[str, str, tuple[str | int, ...], str], int] = {}
    kept: list[tuple[Finding, str]] = []
    for finding in findings:
        loc = finding.location
        path = paths.get(loc.file)
        if path is None:
            path = paths[loc.file] = display_path(loc.file, base_dir)
        where = loc.path
        if finding.target:  # as the fingerprint has it: list positions starred
            where = tuple("*" if isinstance(part, int) else part for part in where)
        identity = (finding.rule, path, where, finding.target or "")
        repeat = seen.get(identity, 0)
        seen[identity] = repeat + 1
        if not waived_too and finding.waived:
            continue
        weight = finding.severity.weight
        if quota.get(weight, 0) > 0:
            quota[weight] -= 1
            kept.append((finding, fingerprint(finding, path, repeat)))
    return kept, len(findings), chosen


def _disclosure(report: Report, base_dir: str, limit: int) -> Json:
    """What the run left out, what is waived, each plan's date and its age, and its
    Fix next checklist (the same entries as every other format, up to the results'
    cap: past it, `fixNextLeftOut` says how many more there are)."""
    return {
        "partial": report.partial,
        "notAssessed": {
            "themes": list(report.not_assessed.themes),
            "rules": list(report.not_assessed.rules),
        },
        "waived": {s.value: n for s, n in report.waived_counts().items()},
        "files": [
            {
                "file": display_path(fr.file, base_dir),
                "asOf": fr.as_of.isoformat() if fr.as_of else None,
                "asOfSource": fr.as_of_source.value if fr.as_of_source else None,
                "asOfAgeDays": fr.as_of_age,
                "readiness": readiness_phrase(fr.readiness, fr.not_assessed),
                "waived": {s.value: n for s, n in fr.waived_counts().items()},
                "blockingErrors": fr.blocking_errors(),
                "fixNext": [
                    {
                        "ruleId": item.finding.rule,
                        "level": SARIF_LEVEL[item.severity],
                        "startLine": item.finding.location.line,
                        "also": [f.rule for f in item.also],
                    }
                    for item in fr.fix_next[: max(limit, 0)]
                ],
                **(
                    {"fixNextLeftOut": len(fr.fix_next) - limit}
                    if len(fr.fix_next) > max(limit, 0)
                    else {}
                ),
            }
            for fr in report.files
        ],
    }


def capped_note(report: Report, options: RenderOptions) -> str | None:
    """One line for stderr when `render` leaves results out to stay under the cap."""
    total = sum(1 for f in report.findings if options.sarif_include_waived or not f.waived)
    limit = max(options.sarif_max_results, 0)
    return _capped_text(total, limit) if total > limit else None


def _capped_text(total: int, written: int) -> str:
    return (
        f"SARIF: wrote the {written:,} most severe of {total:,} results; "
        f"{total - written:,} were left out to stay within GitHub code scanning's limits "
        "(it rejects over 25,000 and keeps 5,000). The JSON or markdown report lists every finding."
    )


def _notifications(waived: int, total: int, written: int) -> list[Json]:
    notes: list[Json] = []
    if written < total:
        notes.append(_note("results-capped", "warning", _capped_text(total, written)))
    if waived:
        text = (
            f"{waived:,} waived finding{'s were' if waived != 1 else ' was'} left out "
            "(GitHub ignores SARIF suppressions); the other formats list them."
        )
        notes.append(_note("waived-left-out", "note", text))
    return notes


def _note(note_id: str, level: str, text: str) -> Json:
    return {"descriptor": {"id": f"leadcheck/{note_id}"}, "level": level, "message": {"text": text}}


def _catalog(report: Report, catalog: Mapping[str, RuleMeta]) -> dict[str, RuleMeta]:
    """The catalogue plus a bare descriptor for any rule it lacks."""
    out = dict(catalog)
    for f in report.findings:
        if f.rule not in out:
            out[f.rule] = RuleMeta(f.rule, f.slug, f.severity, f.slug, "", f.fix, f.theme)
    return out


def _descriptor(meta: RuleMeta) -> Json:
    theme = meta.theme or STRUCTURE
    descriptor: Json = {
        "id": meta.id,
        "name": meta.slug,
        "shortDescription": {"text": meta.title},
    }
    if meta.rationale:
        descriptor["fullDescription"] = {"text": meta.rationale}
    descriptor["help"] = {"text": ruledoc.plain(meta), "markdown": ruledoc.markdown(meta)}
    if (uri := rule_help_uri(meta)) is not None:
        descriptor["helpUri"] = uri
    descriptor["defaultConfiguration"] = {"level": SARIF_LEVEL[meta.severity]}
    properties: Json = {"tags": [theme]}
    if meta.params:
        properties["parameters"] = dict(meta.params)
    descriptor["properties"] = properties
    return descriptor


def _result(finding: Finding, rule_index: int, fingerprint: str, base_dir: str) -> Json:
    loc = finding.location
    uri, relative = artifact_uri(loc.file, base_dir)
    artifact: Json = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = SRCROOT
    location: Json = {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": max(loc.line, 1), "startColumn": max(loc.column, 1)},
        }
    }
    if loc.path:
        location["logicalLocations"] = [{"fullyQualifiedName": loc.yaml_path, "kind": "member"}]
    result: Json = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": SARIF_LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if finding.waived:
        result["suppressions"] = [
            {"kind": "external", "justification": finding.waiver_reason or ""}
        ]
    properties: Json = {"theme": finding.theme or STRUCTURE}
    if finding.target is not None:
        properties["target"] = finding.target
    if finding.fix:
        properties["fix"] = finding.fix
    result["properties"] = properties
    return result
