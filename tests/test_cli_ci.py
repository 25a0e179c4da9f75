"""CI through the command line: paths from the repository root, SARIF within
GitHub's limits, the job summary within 1 MiB, and rule packs that clash.

tests/test_ci_formats.py checks the renderers and `leadcheck.ci` directly; these
tests run `leadcheck audit` as a workflow step would, and read what it wrote.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import RIVERSIDE, ROOT
from typer.testing import CliRunner, Result

from leadcheck import ci
from leadcheck.cli import app

DATA = Path(__file__).resolve().parent / "data"
SARIF_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
WAIVED_PLAN = (DATA / "plan.yaml").read_text(encoding="utf-8")
"""A few gaps, one of them (LC203) waived."""


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE", "CI_PROJECT_DIR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input, env=env)


def git_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    return path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def valid_sarif(log: Any) -> None:
    validator = jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA)
    errors = list(validator.iter_errors(log))
    assert not errors, "\n".join(e.message[:300] for e in errors[:5])


def artifacts(log: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]
    ]


def annotated_files(github: str) -> set[str]:
    return set(re.findall(r"^::(?:error|warning|notice) file=([^,]*),", github, re.M))


def generated_plan(people: int) -> str:
    """bench/gen.py's plan of this many people."""
    spec = importlib.util.spec_from_file_location("gen", ROOT / "bench" / "gen.py")
    assert spec is not None
    assert spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    plan: str = gen.plan(people)
    return plan


# --- paths from the repository root -------------------------------------------------


def test_audit_from_a_subfolder_names_paths_from_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = git_repo(tmp_path / "repo")
    write(repo / "plans" / "north.yaml", RIVERSIDE)
    (repo / "plans" / "out").mkdir()
    monkeypatch.chdir(repo / "plans")
    result = run(
        "audit",
        "north.yaml",
        "--as-of",
        "2026-06-30",
        *("-f", "sarif", "-o", "out/north.sarif"),
        *("-f", "gitlab", "-o", "out/gl.json"),
        *("-f", "junit", "-o", "out/junit.xml"),
        *("-f", "text", "-o", "out/report.txt"),
        *("-f", "github"),
    )
    assert result.exit_code == 1, result.stderr
    assert result.stderr == ""
    out = repo / "plans" / "out"
    log = json.loads((out / "north.sarif").read_text(encoding="utf-8"))
    valid_sarif(log)
    assert len(artifacts(log)) > 2
    for artifact in artifacts(log):
        assert artifact == {"uri": "plans/north.yaml", "uriBaseId": "%SRCROOT%"}
    assert annotated_files(result.stdout) == {"plans/north.yaml"}
    assert "::notice title=leadcheck summary%3A plans/north.yaml::" in result.stdout
    issues = json.loads((out / "gl.json").read_text(encoding="utf-8"))
    assert {i["location"]["path"] for i in issues} == {"plans/north.yaml"}
    cases = ET.parse(out / "junit.xml").getroot().iter("testcase")
    assert {c.get("file") for c in cases} == {"plans/north.yaml"}
    # Reports for people keep the path as it was given.
    assert "north.yaml:15:" in (out / "report.txt").read_text(encoding="utf-8")


def test_root_names_the_base_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = git_repo(tmp_path / "repo")
    write(repo / "plans" / "north.yaml", RIVERSIDE)
    monkeypatch.chdir(repo)
    result = run("audit", "plans/north.yaml", "-f", "sarif", "--root", "plans")
    assert result.exit_code == 1, result.stderr
    assert {a["uri"] for a in artifacts(json.loads(result.stdout))} == {"north.yaml"}
    github = run("audit", "plans/north.yaml", "-f", "github", "--root", "plans").stdout
    assert annotated_files(github) == {"north.yaml"}
    result = run("audit", "plans/north.yaml", "-f", "sarif", "--root", str(tmp_path / "repo2"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"leadcheck: error: --root {tmp_path / 'repo2'}: no such folder\n"
    # A plan outside --root keeps an absolute URI, without a base.
    (tmp_path / "elsewhere").mkdir()
    result = run("audit", "plans/north.yaml", "-f", "sarif", "--root", str(tmp_path / "elsewhere"))
    assert {tuple(a) for a in artifacts(json.loads(result.stdout))} == {("uri",)}
    uri = artifacts(json.loads(result.stdout))[0]["uri"]
    assert uri == (repo / "plans" / "north.yaml").as_uri()


def test_stdin_filename_is_the_path_reports_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = git_repo(tmp_path / "repo")
    (repo / "plans").mkdir()
    monkeypatch.chdir(repo / "plans")
    result = run("audit", "-", "--stdin-filename", "north.yaml", "-f", "sarif", input=RIVERSIDE)
    assert result.exit_code == 1, result.stderr
    log = json.loads(result.stdout)
    assert {a["uri"] for a in artifacts(log)} == {"plans/north.yaml"}
    github = run("audit", "-", "--stdin-filename", "north.yaml", "-f", "github", input=RIVERSIDE)
    assert annotated_files(github.stdout) == {"plans/north.yaml"}
    text = run("audit", "-", "--stdin-filename", "north.yaml", input=RIVERSIDE).stdout
    assert "north.yaml:15:" in text
    assert "<stdin>" not in text


def test_without_git_paths_are_relative_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "plans" / "north.yaml", RIVERSIDE)
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    result = run("audit", "plans/north.yaml", "-f", "sarif")
    assert result.exit_code == 1, result.stderr
    assert {a["uri"] for a in artifacts(json.loads(result.stdout))} == {"plans/north.yaml"}


# --- SARIF: waivers and GitHub's limits ---------------------------------------------


def test_sarif_leaves_waived_findings_out_unless_asked() -> None:
    write(Path("plan.yaml"), WAIVED_PLAN)
    default = json.loads(run("audit", "plan.yaml", "-f", "sarif").stdout)
    kept = json.loads(run("audit", "plan.yaml", "-f", "sarif", "--sarif-include-waived").stdout)
    valid_sarif(default)
    valid_sarif(kept)
    rules = [r["ruleId"] for r in default["runs"][0]["results"]]
    assert "LC203" not in rules
    waived = [r for r in kept["runs"][0]["results"] if "suppressions" in r]
    assert [r["ruleId"] for r in waived] == ["LC203"]
    assert waived[0]["suppressions"][0]["kind"] == "external"
    assert len(kept["runs"][0]["results"]) == len(rules) + 1
    notes = default["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["leadcheck/waived-left-out"]


def test_sarif_of_a_30000_finding_plan_is_capped_with_a_note_on_stderr() -> None:
    write(Path("plans/big.yaml"), generated_plan(12_000))
    result = run(
        "audit",
        "plans/big.yaml",
        "--as-of",
        "2026-06-30",
        *("-f", "sarif", "-o", "big.sarif"),
        *("-f", "json", "-o", "big.json"),
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    match = re.fullmatch(
        r"leadcheck: warning: SARIF: wrote the 5,000 most severe of ([0-9,]+) results; "
        r"([0-9,]+) were left out to stay within GitHub code scanning's limits "
        r"\(it rejects over 25,000 and keeps 5,000\)\. "
        r"The JSON or markdown report lists every finding\.",
        line,
    )
    assert match, line
    total, left_out = (int(n.replace(",", "")) for n in match.groups())
    assert total > 30_000
    assert left_out == total - 5_000
    text = Path("big.sarif").read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) < 10 * 1024 * 1024  # GitHub's upload limit
    log = json.loads(text)
    valid_sarif(log)
    results = log["runs"][0]["results"]
    assert len(results) == 5_000 < 25_000
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    capped = next(n for n in notes if n["descriptor"]["id"] == "leadcheck/results-capped")
    assert f"leadcheck: warning: {capped['message']['text']}" == line
    assert {a["uri"] for a in artifacts(log)} == {"plans/big.yaml"}
    # The other formats keep every finding.
    data = json.loads(Path("big.json").read_text(encoding="utf-8"))
    assert len([f for f in data["findings"] if not f["waived"]]) == total


def test_no_note_when_sarif_is_not_written() -> None:
    write(Path("plan.yaml"), RIVERSIDE)
    result = run("audit", "plan.yaml", "-f", "json")
    assert result.stderr == ""


# --- the job summary ----------------------------------------------------------------


def test_summary_of_a_large_plan_stays_under_1_mib(tmp_path: Path) -> None:
    write(tmp_path / "plans" / "large.yaml", generated_plan(2_000))
    summary = write(tmp_path / "summary.md", "")
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    args = ["audit", "plans/large.yaml", "--as-of", "2026-06-30"]
    result = run(*args, "-f", "markdown", "-o", "gap-report.md", "-f", "json", env=env)
    assert result.exit_code == 1
    assert result.stderr == ""
    full = (tmp_path / "gap-report.md").read_bytes()
    assert len(full) > ci.SUMMARY_LIMIT  # the full report would not fit
    text = summary.read_text(encoding="utf-8")
    assert 0 < len(text.encode("utf-8")) < ci.SUMMARY_LIMIT
    assert text.startswith(f"{ci.SUMMARY_MARKER}\n# Leadership plan audit (summary): ")
    assert "would pass the 1 MiB that a job summary can hold" in text
    assert text.rstrip().endswith("The full report is in gap-report.md.")
    data = json.loads(result.stdout)
    assert f"**Score:** {data['files'][0]['score']:.1f}/100" in text
    # Without a report file, the summary says how to keep one.
    summary.write_text("", encoding="utf-8")
    run(*args, "-f", "json", env=env)
    assert "write it to a file and keep it as an artifact" in summary.read_text(encoding="utf-8")


def test_two_runs_in_one_step_do_not_append_the_full_report_twice(tmp_path: Path) -> None:
    write(tmp_path / "north.yaml", RIVERSIDE)
    write(tmp_path / "south.yaml", RIVERSIDE.replace("Riverside", "Southbank"))
    summary = write(tmp_path / "summary.md", "earlier step\n")
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    first = run("audit", "north.yaml", "-f", "json", env=env)
    assert first.exit_code == 1, first.stderr
    json.loads(first.stdout)  # stdout keeps the chosen format
    after_one = summary.read_text(encoding="utf-8")
    assert after_one.startswith(f"earlier step\n\n{ci.SUMMARY_MARKER}\n# ")
    assert after_one.count("## Findings") == 1
    second = run("audit", "south.yaml", "-f", "markdown", "-o", "south.md", env=env)
    assert second.exit_code == 1, second.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith(after_one)  # appended, never rewritten
    added = text[len(after_one) :]
    assert added.count(ci.SUMMARY_MARKER) == 1
    assert "(summary): Southbank Partnership" in added
    assert "## Findings" not in added
    assert "An earlier leadcheck run in this step already wrote its report above." in added
    assert "The full report is in south.md." in added
    assert text.count("## Findings") == 1


def test_a_full_summary_file_is_left_alone_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path / "north.yaml", RIVERSIDE)
    summary = tmp_path / "summary.md"
    summary.write_bytes(b"x" * (ci.SUMMARY_LIMIT - 10))
    result = run("audit", "north.yaml", "-f", "json", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    json.loads(result.stdout)
    assert result.stderr == (
        f"leadcheck: warning: job summary {summary} is already near GitHub's 1 MiB limit; "
        "nothing added\n"
    )
    assert summary.stat().st_size == ci.SUMMARY_LIMIT - 10


def test_an_unwritable_summary_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    write(tmp_path / "north.yaml", RIVERSIDE)
    missing = tmp_path / "no" / "summary.md"
    result = run("audit", "north.yaml", "-q", env={"GITHUB_STEP_SUMMARY": str(missing)})
    assert result.exit_code == 1  # the plan's gaps, not the summary
    assert result.stderr.startswith(
        f"leadcheck: warning: cannot append to GITHUB_STEP_SUMMARY {missing}"
    )
    assert len(result.stderr.splitlines()) == 1
