"""Baselines: record today's findings, then fail only on new ones.

The plan is a copy of examples/gaps.yaml (twelve open findings, one waived) in
a temporary folder.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from adopting import (
    GAPS_OPEN,
    audit_json,
    drop_home_first_champions,
    fix_falls,
    gaps_text,
    open_findings,
    run,
    usage_error,
    write,
)
from markdown_it import MarkdownIt

from leadcheck import baseline
from leadcheck.engine import check_text, report
from leadcheck.findings import Finding, FindingKey, Location, Severity


@pytest.fixture(autouse=True)
def _here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return write(tmp_path / "plans" / "gaps.yaml", gaps_text())


def write_baseline(plan: Path, name: str = "leadcheck-baseline.json") -> Path:
    result = run("audit", str(plan), "--write-baseline", name, "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"leadcheck: wrote {name} ({GAPS_OPEN} findings)\n"
    return Path(name)


def with_baseline(plan: Path, base: Path = Path("leadcheck-baseline.json")) -> tuple[int, Any]:
    return audit_json(str(plan), "--baseline", str(base))


def test_the_plan_fails_without_a_baseline(plan: Path) -> None:
    code, data = audit_json(str(plan))
    assert code == 1
    assert len(open_findings(data)) == GAPS_OPEN


def test_a_baseline_makes_the_same_file_pass(plan: Path) -> None:
    write_baseline(plan)
    code, data = with_baseline(plan)
    assert code == 0
    assert open_findings(data) == []
    assert data["baseline"] == {
        "file": "leadcheck-baseline.json",
        "known": GAPS_OPEN,
        "new": 0,
        "fixed": [],
    }
    # The scores are the plan's real ones: a baseline hides findings, not gaps.
    assert data["scores"]["overall"] == audit_json(str(plan))[1]["scores"]["overall"]


def test_a_blank_line_and_a_comment_at_the_top_change_nothing(plan: Path) -> None:
    write_baseline(plan)
    plan.write_text("\n# reviewed by the board in July\n" + gaps_text(), encoding="utf-8")
    code, data = with_baseline(plan)
    assert code == 0
    assert data["baseline"]["known"] == GAPS_OPEN
    lines = {f["line"] for f in data["findings"]}  # the waived LC401 is still shown
    assert lines == {gaps_text().splitlines().index("      backing: verbal  # [LC401 waived]") + 3}


def test_a_new_gap_fails_and_is_the_only_finding_reported(plan: Path) -> None:
    write_baseline(plan)
    plan.write_text(drop_home_first_champions(gaps_text()), encoding="utf-8")
    code, data = with_baseline(plan)
    assert code == 1
    assert open_findings(data) == [("LC201", "ws-home-first")]
    new = next(f for f in data["findings"] if not f["waived"])
    assert new["path"] == "work_streams[0].champions"
    assert data["baseline"]["known"] == GAPS_OPEN
    assert data["baseline"]["new"] == 1


def test_a_fixed_gap_is_reported_as_fixed(plan: Path) -> None:
    write_baseline(plan)
    plan.write_text(fix_falls(gaps_text()), encoding="utf-8")
    code, data = with_baseline(plan)
    assert code == 0
    assert data["baseline"]["known"] == GAPS_OPEN - 1
    assert data["baseline"]["fixed"] == [
        {
            "rule": "LC201",
            "file": "plans/gaps.yaml",
            "path": "work_streams[*].champions",
            "target": "ws-falls",
        }
    ]
    text = run("audit", str(plan), "--baseline", "leadcheck-baseline.json", "--color", "never")
    assert text.stdout.endswith(
        f"Baseline leadcheck-baseline.json: {GAPS_OPEN - 1} known findings not reported, "
        "0 new, 1 fixed since\n"
        "  fixed: LC201 plans/gaps.yaml work_streams[*].champions (ws-falls)\n"
    )


def test_fixing_one_and_opening_another(plan: Path) -> None:
    write_baseline(plan)
    plan.write_text(drop_home_first_champions(fix_falls(gaps_text())), encoding="utf-8")
    code, data = with_baseline(plan)
    assert code == 1
    assert open_findings(data) == [("LC201", "ws-home-first")]
    assert [f["target"] for f in data["baseline"]["fixed"]] == ["ws-falls"]


def test_a_work_stream_inserted_above_does_not_resurrect_findings(plan: Path) -> None:
    write_baseline(plan)
    stream = (
        "work_streams:\n  - id: ws-new\n    name: New\n    lead: p-hughes\n"
        "    champions: [p-wilkes]\n"
    )
    text = gaps_text().replace("work_streams:\n", stream, 1)
    plan.write_text(text, encoding="utf-8")
    code, data = with_baseline(plan)
    assert data["baseline"]["fixed"] == []
    assert data["baseline"]["known"] == GAPS_OPEN
    # ws-new has no goals, outcomes or scope: its own gaps (warnings) are the only new ones.
    assert {target for _, target in open_findings(data)} == {"ws-new"}
    assert data["baseline"]["new"] == len(open_findings(data)) > 0
    assert code == 0


def test_the_baseline_file_is_versioned_sorted_and_line_free(plan: Path) -> None:
    path = write_baseline(plan)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["format_version"] == 1
    assert data["kind"] == "leadcheck-baseline"
    records = data["findings"]
    assert len(records) == GAPS_OPEN
    keys = [(r["rule"], r["file"], r["path"], r.get("target", "")) for r in records]
    assert keys == sorted(keys)
    assert all(set(r) <= {"rule", "file", "path", "target", "count"} for r in records)
    assert {"rule": "LC407", "file": "plans/gaps.yaml", "path": "governance.risk_appetite"} in (
        records
    )
    # One finding a line, so a change to the baseline reviews as a one-line diff.
    assert len(text.splitlines()) == GAPS_OPEN + 6
    # Written again, it is byte-identical.
    write_baseline(plan, "again.json")
    assert Path("again.json").read_text(encoding="utf-8") == text


def test_the_baseline_works_from_another_folder(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_baseline(plan)  # at tmp_path: the plan is plans/gaps.yaml from there
    monkeypatch.chdir(tmp_path / "plans")
    code, data = audit_json("gaps.yaml", "--baseline", "../leadcheck-baseline.json")
    assert code == 0
    assert data["baseline"]["known"] == GAPS_OPEN


def test_writing_and_comparing_with_an_older_baseline(plan: Path) -> None:
    write_baseline(plan, "old.json")
    plan.write_text(fix_falls(gaps_text()), encoding="utf-8")
    result = run("audit", str(plan), "--baseline", "old.json", "--write-baseline", "new.json")
    assert result.exit_code == 0
    assert "1 fixed since" in result.stdout
    assert len(json.loads(Path("new.json").read_text())["findings"]) == GAPS_OPEN - 1


def test_baseline_in_markdown(plan: Path) -> None:
    write_baseline(plan)
    plan.write_text(fix_falls(gaps_text()), encoding="utf-8")
    result = run("audit", str(plan), "--baseline", "leadcheck-baseline.json", "-f", "markdown")
    tail = result.stdout.rstrip("\n").split("\n\n")[-1]
    assert tail == (
        f"Baseline leadcheck-baseline.json: {GAPS_OPEN - 1} known findings not reported, "
        "0 new, 1 fixed since\n"
        "- fixed: LC201 plans/gaps.yaml work_streams\\[\\*\\].champions (ws-falls)"
    )
    html = MarkdownIt("commonmark").render(tail)
    assert "<li>fixed: LC201 plans/gaps.yaml work_streams[*].champions (ws-falls)</li>" in html


def test_a_plan_broken_by_an_edit_claims_no_fixes(plan: Path) -> None:
    write_baseline(plan)
    plan.write_text(gaps_text().replace("partners:\n", "partners: [\n", 1), encoding="utf-8")
    code, data = with_baseline(plan)
    assert code == 1
    assert [rule for rule, _ in open_findings(data)] == ["LC001"]
    assert data["baseline"]["fixed"] == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "missing.json: cannot read baseline"),
        ("not json", "not a baseline file (not valid JSON"),
        ('{"findings": []}', "not a leadcheck baseline file"),
        ("[1, 2]", "not a leadcheck baseline file"),
        (
            '{"kind": "leadcheck-baseline", "format_version": 9, "findings": []}',
            "baseline format_version 9 is not supported",
        ),
        (
            '{"kind": "leadcheck-baseline", "format_version": 1, "findings": [{"rule": 1}]}',
            "finding 0 is not a baseline record",
        ),
        (
            '{"kind": "leadcheck-baseline", "format_version": 1, "findings": ["x"]}',
            "finding 0 is not a baseline record",
        ),
    ],
)
def test_bad_baseline_files_are_usage_errors(
    plan: Path, tmp_path: Path, content: str | None, message: str
) -> None:
    name = "missing.json" if content is None else "bad.json"
    if content is not None:
        write(tmp_path / name, content)
    line = usage_error(run("audit", str(plan), "--baseline", name))
    assert message in line


def test_write_baseline_into_a_missing_folder_is_a_usage_error(plan: Path) -> None:
    result = run("audit", str(plan), "--write-baseline", "no/such/dir/b.json")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


# --- matching, as a unit -------------------------------------------------------------


def _finding(rule: str, path: tuple[str | int, ...], target: str | None, line: int) -> Finding:
    return Finding(
        rule=rule,
        slug="x",
        severity=Severity.ERROR,
        message="m",
        location=Location("p.yaml", line, 1, path),
        target=target,
    )


def test_repeated_keys_are_counted() -> None:
    twice = [_finding("LC608", ("work_streams", 0, "summary"), "ws-a", n) for n in (3, 9)]
    counted = Counter(baseline.key_of(f, "p.yaml") for f in twice)
    key = FindingKey("LC608", "p.yaml", "work_streams[*].summary", "ws-a")
    assert counted == {key: 2}
    text = baseline.dumps(counted)
    assert '"count": 2' in text
    assert baseline.loads(text, "b.json") == counted


def test_an_empty_baseline_round_trips() -> None:
    text = baseline.dumps(Counter())
    assert json.loads(text) == {"format_version": 1, "kind": "leadcheck-baseline", "findings": []}
    assert baseline.loads(text, "b.json") == Counter()


def test_paths_without_a_target_keep_their_positions() -> None:
    finding = _finding("LC002", ("work_streams", 2, "chamions"), None, 4)
    assert baseline.key_of(finding, "p.yaml").path == "work_streams[2].chamions"


def test_stdin_keeps_its_name() -> None:
    assert baseline.file_key("<stdin>", ".") == "<stdin>"


def test_a_baseline_entry_accepts_as_many_findings_as_its_count(tmp_path: Path) -> None:
    plan = write(tmp_path / "p.yaml", "x")
    fr = check_text(gaps_text(), str(plan))
    rep = report([fr])
    counted = baseline.keys(rep, str(tmp_path))
    one_less = Counter(counted)
    some = next(iter(one_less))
    one_less[some] -= 1
    compared = baseline.compare(rep, one_less, str(tmp_path), "b.json")
    assert compared.baseline is not None
    assert (compared.baseline.known, compared.baseline.new) == (GAPS_OPEN - 1, 1)
    assert [baseline.key_of(f, "p.yaml") for f in compared.findings if not f.waived] == [some]
