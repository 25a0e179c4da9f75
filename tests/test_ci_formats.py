"""Reports as CI services read them: GitHub code scanning, GitLab, JUnit readers, job summaries.

Limits come from the services' documentation: GitHub code scanning rejects a
SARIF run with over 25,000 results and keeps the top 5,000; a job summary is
dropped whole past 1 MiB; GitLab's Code Quality issue needs a description, a
check name, a fingerprint, a severity and a repository-relative path and line.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import EXAMPLES, RIVERSIDE, ROOT

from leadcheck import ci, links
from leadcheck.engine import check_file, check_text, report
from leadcheck.findings import FileReport, Finding, FixNext, Location, Readiness, Report, Severity
from leadcheck.formats import Format, RenderOptions, renderer, rule_catalog
from leadcheck.formats import sarif as sarif_format
from leadcheck.formats.summary import MAX_BYTES, render_compact
from leadcheck.rules import BUILTIN_RULES

DATA = Path(__file__).resolve().parent / "data"
PLAN = DATA / "plan.yaml"
PLAN_FILE = "tests/data/plan.yaml"
SARIF_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
GITLAB_SCHEMA = json.loads((DATA / "gitlab-codequality.schema.json").read_text(encoding="utf-8"))
BIG_PEOPLE = 12_000
"""bench/gen.py's plan of this size gives over 30,000 findings."""
LARGE_PEOPLE = 2_000
"""...and of this size a markdown report over 1 MiB."""


def _options(**kwargs: Any) -> RenderOptions:
    return RenderOptions(catalog=rule_catalog(), **kwargs)


def _render(fmt: Format, rep: Report, **kwargs: Any) -> str:
    return renderer(fmt)(rep, _options(**kwargs))


def _json(fmt: Format, rep: Report, **kwargs: Any) -> Any:
    return json.loads(_render(fmt, rep, **kwargs))


def _valid(instance: Any, schema: dict[str, Any]) -> None:
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = list(validator.iter_errors(instance))
    assert not errors, "\n".join(e.message[:300] for e in errors[:5])


@pytest.fixture(scope="module")
def plan() -> Report:
    """tests/data/plan.yaml: a few gaps, one of them (LC203) waived."""
    return report([check_text(PLAN.read_text(encoding="utf-8"), PLAN_FILE)])


def _generated(people: int) -> Report:
    """An audit of bench/gen.py's plan of this many people."""
    spec = importlib.util.spec_from_file_location("gen", ROOT / "bench" / "gen.py")
    assert spec is not None
    assert spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return report([check_text(gen.plan(people), "plans/big.yaml")])


# --- SARIF for GitHub code scanning -------------------------------------------------


def test_sarif_links_to_the_rule_docs(plan: Report) -> None:
    driver = _json(Format.SARIF, plan)["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == links.HOMEPAGE
    by_id = {r["id"]: r for r in driver["rules"]}
    headings = {
        line[3:].strip()
        for line in (ROOT / "docs" / "rules.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    }
    for rule_id, descriptor in by_id.items():
        assert descriptor["helpUri"] == f"{links.RULES_DOC}#{rule_id.lower()}"
        assert rule_id in headings, f"docs/rules.md has no section for {rule_id}"
    assert {r.id for r in BUILTIN_RULES} <= set(by_id)


def test_project_urls_use_the_same_base() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    urls = pyproject["project"]["urls"]
    assert set(urls) >= {"Homepage", "Documentation", "Changelog", "Issues"}
    assert urls["Homepage"] == links.HOMEPAGE
    assert all(u.startswith(links.HOMEPAGE + "/") for k, u in urls.items() if k != "Homepage")
    assert urls["Changelog"].endswith("/CHANGELOG.md")
    assert links.RULES_DOC.startswith(links.HOMEPAGE + "/")


def test_plugin_rules_get_no_help_uri() -> None:
    meta = BUILTIN_RULES[0].meta
    assert links.rule_help_uri(meta) is not None
    from leadcheck.records import replace

    assert links.rule_help_uri(replace(meta, package="some-pack")) is None
    assert links.rule_help_uri(replace(meta, id="ACME1")) is None


def _results(log: dict[str, Any]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = log["runs"][0]["results"]
    return results


def test_sarif_leaves_waived_findings_out_by_default(plan: Report) -> None:
    waived = [f for f in plan.findings if f.waived]
    assert len(waived) == 1
    log = _json(Format.SARIF, plan)
    _valid(log, SARIF_SCHEMA)
    results = _results(log)
    assert [(r["ruleId"], r["message"]["text"]) for r in results] == [
        (f.rule, f.message) for f in plan.findings if not f.waived
    ]
    assert all("suppressions" not in r for r in results)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "note"
    assert note["message"]["text"].startswith("1 waived finding was left out")
    assert sarif_format.capped_note(plan, _options()) is None


def test_sarif_can_keep_waived_findings_as_suppressed(plan: Report) -> None:
    log = _json(Format.SARIF, plan, sarif_include_waived=True)
    _valid(log, SARIF_SCHEMA)
    results = _results(log)
    assert len(results) == len(plan.findings)
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["LC203"]
    assert suppressed[0]["suppressions"][0]["kind"] == "external"
    assert "invocations" not in log["runs"][0]
    # Leaving the waived one out changes no other result's identity.
    default = {
        r["partialFingerprints"]["leadcheck/v1"] for r in _results(_json(Format.SARIF, plan))
    }
    kept = {r["partialFingerprints"]["leadcheck/v1"] for r in results if "suppressions" not in r}
    assert default == kept


def test_ready_plan_sarif_has_no_notes() -> None:
    rep = report([check_file(str(EXAMPLES / "ready.yaml"))])
    log = _json(Format.SARIF, rep)
    assert _results(log) == []
    assert "invocations" not in log["runs"][0]


def test_sarif_of_a_30000_finding_plan_stays_under_the_cap() -> None:
    big = _generated(BIG_PEOPLE)
    open_findings = [f for f in big.findings if not f.waived]
    assert len(open_findings) > 30_000
    options = _options()
    assert options.sarif_max_results <= 5_000 < sarif_format.GITHUB_MAX_RESULTS
    text = renderer(Format.SARIF)(big, options)
    log = json.loads(text)
    _valid(log, SARIF_SCHEMA)
    results = _results(log)
    assert len(results) == options.sarif_max_results
    # The most severe are kept, in report order.
    level = {"error": 3, "warning": 2, "note": 1}
    kept_worst = min(level[r["level"]] for r in results)
    index = {(f.rule, f.message, f.location.line): i for i, f in enumerate(open_findings)}
    positions = [
        index[
            (
                r["ruleId"],
                r["message"]["text"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
        ]
        for r in results
    ]
    assert positions == sorted(positions)
    dropped = set(range(len(open_findings))) - set(positions)
    assert max(open_findings[i].severity.weight for i in dropped) <= kept_worst
    errors = sum(1 for f in open_findings if f.severity is Severity.ERROR)
    assert sum(1 for r in results if r["level"] == "error") == min(errors, len(results))
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    capped = next(n for n in notes if n["descriptor"]["id"] == "leadcheck/results-capped")
    assert capped["level"] == "warning"
    note = sarif_format.capped_note(big, options)
    assert note is not None
    assert capped["message"]["text"] == note
    assert f"{len(open_findings):,}" in note
    assert f"{len(open_findings) - len(results):,} were left out" in note
    assert len(text.encode("utf-8")) < 10 * 1024 * 1024  # GitHub's upload size limit


def test_sarif_cap_can_be_set(plan: Report) -> None:
    open_findings = [f for f in plan.findings if not f.waived]
    log = _json(Format.SARIF, plan, sarif_max_results=2)
    _valid(log, SARIF_SCHEMA)
    worst = sorted(open_findings, key=lambda f: -f.severity.weight)[:2]
    assert len({f.severity for f in open_findings}) > 1
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    assert sorted(r["level"] for r in _results(log)) == sorted(level[f.severity] for f in worst)
    notes = {
        n["descriptor"]["id"]
        for n in log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    }
    assert notes == {"leadcheck/results-capped", "leadcheck/waived-left-out"}
    note = sarif_format.capped_note(plan, _options(sarif_max_results=2))
    assert note is not None
    assert f"the 2 most severe of {len(open_findings)} results" in note
    # With the waived ones kept, they count towards the total.
    kept = sarif_format.capped_note(plan, _options(sarif_max_results=2, sarif_include_waived=True))
    assert kept is not None
    assert f"of {len(plan.findings)} results" in kept
    assert _results(_json(Format.SARIF, plan, sarif_max_results=0)) == []


# --- GitLab Code Quality ------------------------------------------------------------


def test_gitlab_report_has_the_documented_fields(plan: Report) -> None:
    for rep in (plan, report([check_file(str(EXAMPLES / "gaps.yaml"))])):
        issues = _json(Format.GITLAB, rep)
        _valid(issues, GITLAB_SCHEMA)
        open_findings = [f for f in rep.findings if not f.waived]
        assert len(issues) == len(open_findings)
        assert len({i["fingerprint"] for i in issues}) == len(issues)
        for issue, finding in zip(issues, open_findings, strict=True):
            assert issue["check_name"] == f"{finding.rule} {finding.slug}"
            assert finding.message in issue["description"]
            assert issue["location"]["lines"]["begin"] == finding.location.line
    assert {i["location"]["path"] for i in _json(Format.GITLAB, plan)} == {PLAN_FILE}


def test_gitlab_severities_and_waivers() -> None:
    def finding(rule: str, severity: Severity, theme: str | None, waived: bool = False) -> Finding:
        return Finding(
            rule,
            "slug",
            severity,
            f"{rule} message",
            Location("a.yaml", 3, 1),
            theme=theme,
            target=rule,
            waived=waived,
        )

    findings = (
        finding("LC001", Severity.ERROR, None),
        finding("LC007", Severity.INFO, None),
        finding("LC201", Severity.ERROR, "champions"),
        finding("LC203", Severity.WARNING, "champions"),
        finding("LC607", Severity.INFO, "momentum"),
        finding("LC401", Severity.ERROR, "senior-support", waived=True),
    )
    issues = _json(Format.GITLAB, Report(files=(FileReport("a.yaml", findings),)))
    _valid(issues, GITLAB_SCHEMA)
    assert [(i["check_name"].split()[0], i["severity"]) for i in issues] == [
        ("LC001", "blocker"),
        ("LC007", "info"),
        ("LC201", "critical"),
        ("LC203", "major"),
        ("LC607", "info"),
    ]


def test_gitlab_paths_are_relative_to_the_base_dir(plan: Report) -> None:
    issues = _json(Format.GITLAB, plan, base_dir="tests")
    assert {i["location"]["path"] for i in issues} == {"data/plan.yaml"}
    assert _json(Format.GITLAB, Report(files=())) == []


def test_gitlab_descriptions_carry_no_control_characters() -> None:
    text = RIVERSIDE.replace("Riverside Council", '"Riverside\\x1b[31m Council"').replace(
        "ws-housing", "ws-housing\\u202e"
    )
    rep = report([check_text(text, "plans/odd name.yaml")])
    issues = _json(Format.GITLAB, rep)
    _valid(issues, GITLAB_SCHEMA)
    for issue in issues:
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in issue["description"])
    assert issues[0]["location"]["path"] == "plans/odd name.yaml"


# --- JUnit: file, line and class names ----------------------------------------------


def _cases(xml: str) -> list[ET.Element]:
    return list(ET.fromstring(xml.encode("utf-8")).iter("testcase"))


def test_junit_cases_name_their_file_and_line(plan: Report) -> None:
    junitparser = pytest.importorskip("junitparser")
    xml = _render(Format.JUNIT, plan)
    assert len(list(junitparser.JUnitXml.fromstring(xml))) == 1
    fr = plan.files[0]
    for case in _cases(xml):
        rule = case.get("name", "").split()[0]
        findings = [f for f in fr.findings if f.rule == rule]
        open_findings = [f for f in findings if not f.waived]
        theme = (findings[0].theme if findings else None) or next(
            (r.meta.theme for r in BUILTIN_RULES if r.id == rule), None
        )
        assert case.get("file") == PLAN_FILE
        assert case.get("classname") == f"tests.data.plan.{theme or 'structure'}"
        if open_findings:
            assert case.get("line") == str(open_findings[0].location.line)
            assert case.find("failure") is not None
        elif findings:  # waived only
            assert case.get("line") == str(findings[0].location.line)
        else:
            assert case.get("line") is None
    moved = _cases(_render(Format.JUNIT, plan, base_dir="tests"))
    assert {c.get("file") for c in moved} == {"data/plan.yaml"}
    assert {c.get("classname", "").rsplit(".", 1)[0] for c in moved} == {"data.plan"}


def test_junit_stdin_has_no_file_attribute() -> None:
    rep = report([check_text(RIVERSIDE, "<stdin>")])
    for case in _cases(_render(Format.JUNIT, rep)):
        assert case.get("file") is None
        assert case.get("line") is None
        assert case.get("classname", "").startswith("stdin.")


# --- the job summary ----------------------------------------------------------------

HOSTILE = "&<>|`*_[]" * 400 + "🔴" * 400


def _hostile_report(files: int) -> Report:
    out = []
    for n in range(files):
        findings = tuple(
            Finding(
                f"LC2{k:02d}" + HOSTILE,
                HOSTILE,
                Severity.ERROR,
                HOSTILE,
                Location(f"{n}{HOSTILE}.yaml", k + 1, 1),
                theme="champions",
                fix=HOSTILE,
            )
            for k in range(12)
        )
        out.append(
            FileReport(
                f"{n}{HOSTILE}.yaml",
                findings,
                partnership=HOSTILE,
                score=12.5,
                readiness=Readiness.NOT_READY,
                fix_next=tuple(FixNext(f, 1.0 + k) for k, f in enumerate(findings)),
            )
        )
    return Report(files=tuple(out))


@pytest.mark.parametrize("files", [1, 40])
def test_compact_summary_has_a_fixed_size_bound(files: int) -> None:
    rep = _hostile_report(files)
    text = render_compact(
        rep, _options(fix_next=99), full_report=HOSTILE, reason="Too big for a job summary."
    )
    assert len(text.encode("utf-8")) <= MAX_BYTES
    assert text.count("**+") == 10  # the "fix next" list is capped at ten
    assert "<" not in text.replace("<!--", "")  # user strings cannot open HTML
    if files > 1:
        assert "… and 20 more files." in text


def test_summary_of_a_large_plan_stays_under_1_mib() -> None:
    big = _generated(LARGE_PEOPLE)
    options = _options()
    text = ci.step_summary(big, options, full_report="gap-report.md")
    assert 0 < len(text.encode("utf-8")) < ci.SUMMARY_LIMIT
    assert text.startswith(ci.SUMMARY_MARKER + "\n# Leadership plan audit (summary)")
    assert "**Readiness:** 🔴 not ready" in text
    assert f"**Score:** {big.score:.1f}/100" in text
    assert re.search(r"The full report \(([0-9.]+) MiB\) would pass the 1 MiB", text)
    assert float(re.findall(r"\(([0-9.]+) MiB\)", text)[0]) > 1
    assert "The full report is in gap-report.md." in text
    assert text.count("**+") == options.fix_next
    first = big.files[0].fix_next[0]
    assert f"**+{first.gain:.1f} points**" in text


def test_small_plan_summary_is_the_full_report(plan: Report) -> None:
    options = _options()
    full = renderer(Format.MARKDOWN)(plan, options)
    assert ci.step_summary(plan, options) == f"{ci.SUMMARY_MARKER}\n{full}"
    # ...unless the summary file is nearly full already.
    near = ci.SUMMARY_BUDGET - len(full.encode("utf-8")) // 2
    compact = ci.step_summary(plan, options, used=near)
    assert "(summary)" in compact
    assert "write it to a file and keep it as an artifact" in compact
    assert ci.step_summary(plan, options, used=ci.SUMMARY_LIMIT - 100) == ""


def test_two_runs_in_one_step_do_not_repeat_the_report(plan: Report, tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    path.write_text("Other tool's notes", encoding="utf-8")  # no final newline
    options = _options()
    assert ci.append_step_summary(str(path), plan, options) is None
    first = path.read_text(encoding="utf-8")
    assert first.startswith("Other tool's notes\n\n" + ci.SUMMARY_MARKER + "\n# Leadership")
    assert "## Findings" in first
    assert ci.append_step_summary(str(path), plan, options, full_report="out/r.html") is None
    second = path.read_text(encoding="utf-8")[len(first) :]
    assert second.startswith("\n" + ci.SUMMARY_MARKER)
    assert "An earlier leadcheck run in this step already wrote its report above." in second
    assert "The full report is in out/r.html." in second
    assert "## Findings" not in second


def test_a_full_summary_file_gets_nothing_and_a_warning(plan: Report, tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    path.write_bytes(b"x" * (ci.SUMMARY_LIMIT - 50))
    warning = ci.append_step_summary(str(path), plan, _options())
    assert warning is not None
    assert "1 MiB" in warning
    assert path.stat().st_size == ci.SUMMARY_LIMIT - 50
    missing = tmp_path / "no" / "summary.md"
    warning = ci.append_step_summary(str(missing), plan, _options())
    assert warning is not None
    assert warning.startswith(f"cannot append to GITHUB_STEP_SUMMARY {missing}")


# --- the repository root ------------------------------------------------------------


def _git_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    return path.resolve()


def test_repo_root_is_the_git_top_level(tmp_path: Path) -> None:
    repo = _git_repo(tmp_path / "repo")
    sub = repo / "plans" / "north"
    sub.mkdir(parents=True)
    assert ci.repo_root(sub) == str(repo)
    assert ci.repo_root(repo) == str(repo)
    assert ci.repo_root(sub, override=str(sub)) == str(sub)
    with pytest.raises(ValueError, match="no such folder"):
        ci.repo_root(sub, override=str(repo / "nope"))


def test_repo_root_without_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sub = tmp_path / "work" / "plans"
    sub.mkdir(parents=True)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no git at all
    for name in ci.CI_ROOTS:
        monkeypatch.delenv(name, raising=False)
    assert ci.repo_root(sub) == str(sub)
    monkeypatch.setenv("CI_PROJECT_DIR", str(tmp_path / "work"))
    assert ci.repo_root(sub) == str(tmp_path / "work")
    monkeypatch.setenv("CI_PROJECT_DIR", str(tmp_path / "elsewhere"))
    assert ci.repo_root(sub) == str(sub)


def test_reports_from_a_subfolder_name_paths_from_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _git_repo(tmp_path / "repo")
    (repo / "plans").mkdir()
    (repo / "plans" / "north.yaml").write_text(RIVERSIDE, encoding="utf-8")
    monkeypatch.chdir(repo / "plans")
    rep = report([check_file("north.yaml")])
    options = _options(base_dir=ci.repo_root())
    log = json.loads(renderer(Format.SARIF)(rep, options))
    artifact = _results(log)[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "plans/north.yaml", "uriBaseId": "%SRCROOT%"}
    annotations = renderer(Format.GITHUB)(rep, options)
    assert "file=plans/north.yaml," in annotations
    issues = json.loads(renderer(Format.GITLAB)(rep, options))
    assert {i["location"]["path"] for i in issues} == {"plans/north.yaml"}
    junit = _cases(renderer(Format.JUNIT)(rep, options))
    assert {c.get("file") for c in junit} == {"plans/north.yaml"}
    assert os.getcwd() == str(repo / "plans")
