"""`leadcheck diff OLD NEW`: gaps closed and opened, score changes, exit codes, git revisions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from adopting import (
    GAPS_OPEN,
    commit,
    drop_home_first_champions,
    fix_carers,
    fix_falls,
    gaps_text,
    init_repo,
    needs_git,
    run,
    usage_error,
    write,
)
from markdown_it import MarkdownIt

from leadcheck.diff import change, compare
from leadcheck.engine import check_text

CLOSED = [("LC302", "sg-carers"), ("LC201", "ws-falls")]
FALLS = next(
    n for n, line in enumerate(gaps_text().splitlines(), 1) if line.endswith("ws-falls  # [LC201]")
)
"""The line of the work stream without a champion in examples/gaps.yaml."""


@pytest.fixture(autouse=True)
def _here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    old = write(tmp_path / "gaps.yaml", gaps_text())
    new = write(tmp_path / "fixed.yaml", fix_carers(fix_falls(gaps_text())))
    return old, new


def diff_json(*args: str, code: int = 0) -> dict[str, Any]:
    result = run("diff", *args, "-f", "json")
    assert result.exit_code == code, result.stdout + result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def pairs(findings: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(f["rule"], f["target"]) for f in findings]


def expected_scores(old: Path, new: Path) -> tuple[float, float]:
    before = check_text(old.read_text(), str(old)).score
    after = check_text(new.read_text(), str(new)).score
    assert before is not None
    assert after is not None
    return round(before, 1), round(after, 1)


def test_closed_gaps_and_the_score_change(versions: tuple[Path, Path]) -> None:
    old, new = versions
    data = diff_json("gaps.yaml", "fixed.yaml")
    assert pairs(data["closed"]) == CLOSED
    assert data["opened"] == []
    assert data["unchanged"] == GAPS_OPEN - len(CLOSED)
    before, after = expected_scores(old, new)
    assert (data["old"]["score"], data["new"]["score"]) == (before, after)
    assert data["score_change"] == round(after - before, 1) > 0
    themes = {t["theme"]: (t["old"], t["new"], t["change"]) for t in data["themes"]}
    assert themes["champions"] == (91.7, 100.0, 8.3)
    assert themes["central-leadership"][2] == 0.0


def test_text_lists_the_closed_gaps_and_the_score_change(versions: tuple[Path, Path]) -> None:
    old, new = versions
    result = run("diff", "gaps.yaml", "fixed.yaml")
    assert result.exit_code == 0
    before, after = expected_scores(old, new)
    out = result.stdout
    assert f"Score        {before:.1f} -> {after:.1f} (+{after - before:.1f})\n" in out
    unchanged = GAPS_OPEN - 2
    assert f"Gaps         2 closed, 0 waived, 0 opened, {unchanged} unchanged\n" in out
    closed = out.split("Closed (2)\n")[1].split("\n\n")[0].splitlines()
    assert [line.split(": ")[1].split()[0] for line in closed] == ["LC302", "LC201"]
    assert closed[1].startswith(
        f"  gaps.yaml:{FALLS}:5: LC201 work-stream-champion [error] (ws-falls)"
    )
    assert out.endswith("Opened (0)\n  none\n")


def test_reversed_the_gaps_are_opened_and_the_run_fails(versions: tuple[Path, Path]) -> None:
    data = diff_json("fixed.yaml", "gaps.yaml", code=1)
    assert pairs(data["opened"]) == CLOSED
    assert data["closed"] == []
    assert data["score_change"] < 0


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("warning", 1), ("never", 0)])
def test_fail_on(versions: tuple[Path, Path], fail_on: str, code: int) -> None:
    result = run("diff", "fixed.yaml", "gaps.yaml", "--fail-on", fail_on)
    assert result.exit_code == code


def test_fail_on_error_passes_when_only_warnings_were_opened(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", gaps_text())
    # LC304 (a warning): the care homes stream loses its participation level.
    text = gaps_text().replace("    participation: co_design\n    outcomes:", "    outcomes:", 1)
    write(tmp_path / "b.yaml", text)
    data = diff_json("a.yaml", "b.yaml")
    assert [(f["rule"], f["severity"]) for f in data["opened"]] == [("LC304", "warning")]
    assert run("diff", "a.yaml", "b.yaml", "--fail-on", "warning").exit_code == 1


def test_the_fail_on_of_the_config_file_applies(
    versions: tuple[Path, Path], tmp_path: Path
) -> None:
    write(tmp_path / ".leadcheck.yaml", "fail_on: never\n")
    assert run("diff", "fixed.yaml", "gaps.yaml").exit_code == 0
    assert run("diff", "fixed.yaml", "gaps.yaml", "--fail-on", "error").exit_code == 1


def test_moving_text_around_changes_nothing(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", gaps_text())
    write(tmp_path / "b.yaml", "\n\n# moved down\n" + gaps_text())
    data = diff_json("a.yaml", "b.yaml")
    assert (data["closed"], data["opened"], data["unchanged"]) == ([], [], GAPS_OPEN)
    assert data["score_change"] == 0.0


def test_fixing_one_gap_and_opening_another(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", gaps_text())
    write(tmp_path / "b.yaml", drop_home_first_champions(fix_falls(gaps_text())))
    data = diff_json("a.yaml", "b.yaml", code=1)
    assert pairs(data["closed"]) == [("LC201", "ws-falls")]
    assert pairs(data["opened"]) == [("LC201", "ws-home-first")]


def test_a_gap_waived_in_the_new_version_is_listed_as_waived(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", gaps_text())
    waiver = (
        "  - rule: LC201\n    target: ws-falls\n    reason: Recruiting a champion.\n"
        "    owner: p-price\n    expires: 2026-09-30\n"
    )
    write(tmp_path / "b.yaml", gaps_text() + waiver)
    data = diff_json("a.yaml", "b.yaml")
    assert data["closed"] == []
    assert pairs(data["waived"]) == [("LC201", "ws-falls")]
    text = run("diff", "a.yaml", "b.yaml").stdout
    assert f"Waived (1)\n  a.yaml:{FALLS}:5: LC201" in text


def test_markdown_for_a_pull_request_comment(versions: tuple[Path, Path]) -> None:
    result = run("diff", "gaps.yaml", "fixed.yaml", "-f", "markdown")
    assert result.exit_code == 0
    md = result.stdout
    assert md.startswith(
        "## Leadership plan diff: Marshfield and Tern Valley Frailty Partnership\n"
    )
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    tables = [t for t in tokens if t.type == "table_open"]
    assert len(tables) == 2  # themes, closed gaps
    assert "| Champions in every stream and group | 91.7 | 100.0 | ▲ +8.3 |" in md
    assert "### ✅ Closed (2)" in md
    assert "### ❌ Opened (0)\n\nNo gaps opened." in md


def test_markdown_escapes_user_strings(tmp_path: Path) -> None:
    named = gaps_text().replace(
        "name: Marshfield and Tern Valley Frailty Partnership", 'name: "<b>x</b> | *y*"', 1
    )
    write(tmp_path / "a.yaml", named)
    write(tmp_path / "b.yaml", fix_falls(named))
    md = run("diff", "a.yaml", "b.yaml", "-f", "markdown").stdout
    assert md.startswith("## Leadership plan diff: &lt;b&gt;x&lt;/b&gt; \\| \\*y\\*\n")


def test_output_file(versions: tuple[Path, Path], tmp_path: Path) -> None:
    result = run("diff", "gaps.yaml", "fixed.yaml", "-f", "markdown", "-o", "diff.md")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert (tmp_path / "diff.md").read_text(encoding="utf-8").startswith("## Leadership plan")


def test_stdin_as_one_side(versions: tuple[Path, Path]) -> None:
    result = run("diff", "gaps.yaml", "-", "-f", "json", input=fix_falls(gaps_text()))
    assert pairs(json.loads(result.stdout)["closed"]) == [("LC201", "ws-falls")]
    assert "only one of OLD and NEW can be -" in usage_error(run("diff", "-", "-"))


def test_select_narrows_the_comparison(versions: tuple[Path, Path]) -> None:
    data = diff_json("gaps.yaml", "fixed.yaml", "--select", "LC201")
    assert pairs(data["closed"]) == [("LC201", "ws-falls")]
    assert data["unchanged"] == 0


def test_a_broken_new_version_fails(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", gaps_text())
    write(tmp_path / "b.yaml", "partnership: [\n")
    data = diff_json("a.yaml", "b.yaml", code=1)
    assert [f["rule"] for f in data["opened"]] == ["LC001"]
    assert data["score_change"] is None
    score = check_text(gaps_text()).score
    assert score is not None
    assert f"Score        {score:.1f} -> n/a (n/a)" in run("diff", "a.yaml", "b.yaml").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope.yaml", "gaps.yaml"], "nope.yaml: no such file (use REV:path"),
        (["--", "--output=x:y", "gaps.yaml"], "'--output=x:y' is not REV:path"),
        ([":gaps.yaml", "gaps.yaml"], "':gaps.yaml' is not REV:path"),
    ],
)
def test_bad_arguments(versions: tuple[Path, Path], args: list[str], message: str) -> None:
    assert message in usage_error(run("diff", *args))


def test_help_has_an_example() -> None:
    result = run("diff", "--help")
    assert result.exit_code == 0
    assert "Example: leadcheck diff origin/main:plans/north.yaml" in " ".join(result.stdout.split())


def test_change_is_measured_on_shown_scores() -> None:
    assert change(99.34, 99.26) == 0.0
    assert change(None, 50.0) is None
    assert change(50.04, 62.56) == 12.6


def test_compare_counts_repeated_findings() -> None:
    one = check_text(gaps_text(), "a.yaml")
    assert compare(one, one).unchanged == GAPS_OPEN


# --- REV:path through git ------------------------------------------------------------


@needs_git
def test_rev_path_in_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = init_repo(tmp_path / "repo")
    commit(repo, "plans/x.yaml", gaps_text(), "first", "2026-01-05T10:00:00+00:00")
    write(repo / "plans" / "x.yaml", fix_falls(gaps_text()))
    monkeypatch.chdir(repo)
    data = diff_json("HEAD:plans/x.yaml", "plans/x.yaml")
    assert data["old"]["file"] == "HEAD:plans/x.yaml"
    assert pairs(data["closed"]) == [("LC201", "ws-falls")]
    assert data["closed"][0]["file"] == "HEAD:plans/x.yaml"
    # Reversed, against the working copy: exit 1.
    assert run("diff", "plans/x.yaml", "HEAD:plans/x.yaml").exit_code == 1
    # `./` makes the path relative to the current folder, as in git.
    monkeypatch.chdir(repo / "plans")
    data = diff_json("HEAD:./x.yaml", "x.yaml")
    assert pairs(data["closed"]) == [("LC201", "ws-falls")]


@needs_git
def test_two_revisions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = init_repo(tmp_path / "repo")
    commit(repo, "x.yaml", gaps_text(), "first", "2026-01-05T10:00:00+00:00")
    commit(repo, "x.yaml", fix_falls(gaps_text()), "second", "2026-02-05T10:00:00+00:00")
    monkeypatch.chdir(repo)
    data = diff_json("HEAD~1:x.yaml", "HEAD:x.yaml")
    assert pairs(data["closed"]) == [("LC201", "ws-falls")]


@needs_git
def test_bad_revisions_are_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = init_repo(tmp_path / "repo")
    commit(repo, "x.yaml", gaps_text(), "first", "2026-01-05T10:00:00+00:00")
    monkeypatch.chdir(repo)
    assert "git show: invalid object name 'nope'" in usage_error(
        run("diff", "nope:x.yaml", "x.yaml")
    )
    line = usage_error(run("diff", "HEAD:missing.yaml", "x.yaml"))
    assert line.startswith("leadcheck: error: git show: ")
    assert "missing.yaml" in line


@needs_git
def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "plain"
    write(outside / "x.yaml", gaps_text())
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert "git show: not a git repository" in usage_error(run("diff", "HEAD:x.yaml", "x.yaml"))


def test_git_missing(versions: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    assert "cannot run git" in usage_error(run("diff", "HEAD:gaps.yaml", "gaps.yaml"))


def test_a_folder_is_not_a_plan(versions: tuple[Path, Path], tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    assert "folder: cannot read: is a directory" in usage_error(run("diff", "folder", "gaps.yaml"))


def test_two_broken_versions_have_no_themes_to_compare(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "partnership: [\n")
    write(tmp_path / "b.yaml", "\npartnership: [\n")
    text = run("diff", "a.yaml", "b.yaml").stdout
    assert "Theme" not in text
    assert "Gaps         0 closed, 0 waived, 0 opened, 1 unchanged" in text
    md = run("diff", "a.yaml", "b.yaml", "-f", "markdown").stdout
    assert "| Theme |" not in md
