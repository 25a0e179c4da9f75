"""`leadcheck history PATH`: a plan's readiness over the commits that changed it."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from adopting import (
    commit,
    fix_carers,
    fix_falls,
    gaps_text,
    git,
    init_repo,
    needs_git,
    run,
    usage_error,
    write,
)
from conftest import RIVERSIDE

from leadcheck.engine import Options, check_text
from leadcheck.formats import history_report
from leadcheck.history import History, Point

pytestmark = needs_git

DATES = ["2026-01-05T10:00:00+00:00", "2026-02-05T10:00:00+00:00", "2026-03-05T10:00:00+00:00"]
VERSIONS = [gaps_text(), fix_falls(gaps_text()), fix_carers(fix_falls(gaps_text()))]
DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """A repository with three commits of plans/x.yaml, each closing one more gap."""
    repo = init_repo(tmp_path / "repo")
    messages = ["First draft", "Champion for falls", "Lived experience for carers"]
    shas = [
        commit(repo, "plans/x.yaml", text, message, date)
        for text, message, date in zip(VERSIONS, messages, DATES, strict=True)
    ]
    monkeypatch.chdir(repo)
    return repo, shas


def history_json(*args: str) -> dict[str, Any]:
    result = run("history", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def score_of(text: str) -> float:
    score = check_text(text).score
    assert score is not None
    return round(score, 1)


def open_errors(text: str) -> int:
    return sum(1 for f in check_text(text).open_findings if f.severity.value == "error")


def test_three_commits_give_three_rows_with_the_right_scores(
    repo: tuple[Path, list[str]],
) -> None:
    _, shas = repo
    data = history_json("plans/x.yaml")
    rows = data["rows"]
    assert [r["commit"] for r in rows] == shas  # oldest first
    assert [r["date"] for r in rows] == ["2026-01-05", "2026-02-05", "2026-03-05"]
    assert [r["score"] for r in rows] == [score_of(text) for text in VERSIONS]
    assert rows[0]["score"] < rows[1]["score"] < rows[2]["score"]
    assert [r["readiness"] for r in rows] == ["not_ready"] * 3
    errors = [open_errors(text) for text in VERSIONS]
    assert [r["counts"]["error"] for r in rows] == errors
    assert errors == sorted(errors, reverse=True)
    champions = [next(t for t in r["themes"] if t["theme"] == "champions") for r in rows]
    assert [(t["errors"], t["warnings"]) for t in champions] == [(1, 0), (0, 0), (0, 0)]
    assert data["partnership"] == "Marshfield and Tern Valley Frailty Partnership"


def test_text_table(repo: tuple[Path, list[str]]) -> None:
    _, shas = repo
    result = run("history", "plans/x.yaml")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Leadership readiness over time: Marshfield and Tern Valley Frailty Partnership "
        "(plans/x.yaml, 3 versions)"
    )
    scores = [score_of(text) for text in VERSIONS]
    assert lines[1] == f"Score {scores[0]:.1f} -> {scores[2]:.1f} (+{scores[2] - scores[0]:.1f})"
    header = re.split(r" {2,}", lines[3])
    assert header == [
        "Date",
        "Commit",
        "Score",
        "Readiness",
        "central-leadership",
        "champions",
        "co-production",
        "senior-support",
        "partnering",
        "momentum",
    ]
    rows = [dict(zip(header, re.split(r" {2,}", line), strict=True)) for line in lines[4:7]]
    assert [(r["Date"], r["Commit"], r["Score"]) for r in rows] == [
        (date[:10], sha[:7], f"{score:.1f}")
        for date, sha, score in zip(DATES, shas, scores, strict=True)
    ]
    assert [r["champions"] for r in rows] == ["1E 0W", "0E 0W", "0E 0W"]
    assert [r["co-production"] for r in rows] == ["1E 1W", "1E 1W", "0E 1W"]
    assert lines[7:] == ["", "Theme cells: open errors (E) and warnings (W)."]


def test_markdown_table(repo: tuple[Path, list[str]]) -> None:
    result = run("history", "plans/x.yaml", "-f", "markdown")
    lines = result.stdout.splitlines()
    table = [line for line in lines if line.startswith("| 2026-")]
    assert len(table) == 3
    assert table[0].startswith(f"| 2026-01-05 | `{repo[1][0][:7]}` | {score_of(VERSIONS[0])} |")


def test_max_count_and_since(repo: tuple[Path, list[str]]) -> None:
    _, shas = repo
    assert [r["commit"] for r in history_json("plans/x.yaml", "--max-count", "2")["rows"]] == (
        shas[1:]
    )
    assert [r["commit"] for r in history_json("plans/x.yaml", "--since", "2026-02-01")["rows"]] == (
        shas[1:]
    )
    assert history_json("plans/x.yaml", "--since", "2030-01-01")["rows"] == []


def test_renames_are_followed(repo: tuple[Path, list[str]]) -> None:
    root, _ = repo
    git(root, "mv", "plans/x.yaml", "plans/north.yaml", date=DATES[2])
    git(root, "commit", "-q", "-m", "Rename", date="2026-03-06T10:00:00+00:00")
    rows = history_json("plans/north.yaml")["rows"]
    assert [r["path"] for r in rows] == ["plans/x.yaml"] * 3 + ["plans/north.yaml"]
    assert rows[3]["score"] == rows[2]["score"]


def test_a_broken_version_is_a_row_without_a_score(repo: tuple[Path, list[str]]) -> None:
    root, _ = repo
    commit(root, "plans/x.yaml", "partnership: [\n", "Oops", "2026-04-01T10:00:00+00:00")
    rows = history_json("plans/x.yaml")["rows"]
    assert (rows[-1]["score"], rows[-1]["readiness"], rows[-1]["counts"]["error"]) == (
        None,
        "not_ready",
        1,
    )
    text = run("history", "plans/x.yaml").stdout
    assert re.search(r"2026-04-01  \w{7}    n/a  not ready", text)


def test_a_plan_without_as_of_is_measured_from_its_commit_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = init_repo(tmp_path / "undated")
    plan = RIVERSIDE.replace("  as_of: 2026-06-30\n", "") + (
        "    milestones:\n      - id: m-1\n        title: First step\n"
        "        due: 2026-02-01\n        status: planned\n"
    )
    commit(repo, "p.yaml", plan, "Plan", "2026-01-10T10:00:00+00:00")
    commit(repo, "p.yaml", plan + "\n", "Touch", "2026-03-10T10:00:00+00:00")
    monkeypatch.chdir(repo)
    rows = history_json("p.yaml")["rows"]
    assert [r["as_of"] for r in rows] == ["2026-01-10", "2026-03-10"]
    expected = [
        round(score, 1)
        for day in (dt.date(2026, 1, 10), dt.date(2026, 3, 10))
        if (score := check_text(plan, options=Options(as_of=day)).score) is not None
    ]
    assert [r["score"] for r in rows] == expected
    assert expected[0] != expected[1]  # the milestone is overdue by the second commit
    fixed = history_json("p.yaml", "--as-of", "2026-01-20")["rows"]
    assert [r["as_of"] for r in fixed] == ["2026-01-20", "2026-01-20"]


def test_history_uses_the_config(repo: tuple[Path, list[str]]) -> None:
    root, _ = repo
    write(root / ".leadcheck.yaml", "select: [champions]\n")
    rows = history_json("plans/x.yaml")["rows"]
    assert [[t["theme"] for t in r["themes"]] for r in rows] == [["champions"]] * 3
    assert [r["score"] for r in rows] == [91.7, 100.0, 100.0]


def test_usage_errors(repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    root, _ = repo
    assert "nope.yaml: no such file" in usage_error(run("history", "nope.yaml"))
    write(root / "new.yaml", "x: 1\n")
    assert "new.yaml: no commits change this file" in usage_error(run("history", "new.yaml"))
    assert "max-count" in usage_error(run("history", "plans/x.yaml", "--max-count", "0"))


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "plain" / "x.yaml", gaps_text())
    monkeypatch.chdir(tmp_path / "plain")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert "git log: not a git repository" in usage_error(run("history", "x.yaml"))


# --- the html page -------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("href", "src") and v]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_page_is_self_contained_with_a_line_chart(repo: tuple[Path, list[str]]) -> None:
    result = run("history", "plans/x.yaml", "-f", "html", "-o", "history.html")
    assert result.exit_code == 0, result.stderr
    html = Path("history.html").read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    assert "script" not in page.tags
    assert page.urls == []
    assert "<svg" in html
    # One line for the overall score and one per theme (six), three points each.
    assert html.count("<polyline") == 7
    assert html.count("<circle") == 21
    assert page.tags.count("tr") == 4  # header and three commits
    scores = [f"{score_of(text):.1f}" for text in VERSIONS]
    assert f"<title>Overall: {scores[0]} (2026-01-05, {repo[1][0][:7]})</title>" in html


def test_html_escapes_user_strings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = init_repo(tmp_path / "r")
    evil = gaps_text().replace(
        "name: Marshfield and Tern Valley Frailty Partnership",
        'name: "<script>alert(1)</script> & co"',
        1,
    )
    commit(repo, "x.yaml", evil, '<img src="x">', DATES[0])
    monkeypatch.chdir(repo)
    html = run("history", "x.yaml", "-f", "html").stdout
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert 'title="&lt;img src=&quot;x&quot;&gt;"' in html


def test_html_with_no_versions(repo: tuple[Path, list[str]]) -> None:
    html = run("history", "plans/x.yaml", "-f", "html", "--since", "2030-01-01").stdout
    assert "No committed versions to show." in html
    assert "<svg" not in html


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_html_renders_in_headless_chromium(repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    """The page loads offline and paints; the screenshot is the one in docs/."""
    page = tmp_path / "history.html"
    assert run("history", "plans/x.yaml", "-f", "html", "-o", str(page)).exit_code == 0
    shot = tmp_path / "history.png"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1100,1250",
    ]
    subprocess.run(
        ["chromium", *flags, f"--screenshot={shot}", page.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a painted page, not a blank one


def test_the_screenshot_in_docs_exists() -> None:
    png = DOCS / "history-report.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_commit_that_deletes_the_plan_is_skipped(repo: tuple[Path, list[str]]) -> None:
    root, shas = repo
    git(root, "rm", "-q", "plans/x.yaml", date=DATES[2])
    git(root, "commit", "-q", "-m", "Remove", date="2026-04-01T10:00:00+00:00")
    again = commit(root, "plans/x.yaml", VERSIONS[0], "Back", "2026-05-01T10:00:00+00:00")
    rows = history_json("plans/x.yaml")["rows"]
    assert [r["commit"] for r in rows] == [*shas, again]


# --- rendering, without git ----------------------------------------------------------


def _history(*texts: str, select: tuple[str, ...] | None = None) -> History:
    options = Options() if select is None else Options(rules=[])
    points = tuple(
        Point(
            f"{n:040x}",
            f"2026-{1 + n // 28:02d}-{1 + n % 28:02d}",
            f"change {n}",
            "x.yaml",
            check_text(text, "x.yaml", options),
        )
        for n, text in enumerate(texts)
    )
    return History("x.yaml", points)


def test_a_long_history_labels_about_twelve_dates() -> None:
    hist = _history(*([gaps_text()] * 30))
    svg = history_report.chart(hist)
    assert svg.count('font-size="11"') == 11  # every third date, and the last one
    assert svg.count("<circle") == 30 * 7


def test_a_version_without_scores_breaks_the_lines() -> None:
    hist = _history(gaps_text(), "partnership: [\n", gaps_text(), gaps_text())
    svg = history_report.chart(hist)
    assert svg.count("<polyline") == 7 * 2  # each line in two runs: [0] and [2, 3]
    assert svg.count("<circle") == 7 * 3
    text = history_report.render_text(hist)
    score = score_of(gaps_text())
    assert f"Score {score} -> {score} (0.0)" in text


def test_a_single_version_is_centred_and_has_no_trend() -> None:
    hist = _history(gaps_text())
    svg = history_report.chart(hist)
    middle = (history_report.LEFT + history_report.W - history_report.RIGHT) / 2
    assert f'cx="{middle:.1f}"' in svg
    assert "Score" not in history_report.render_text(hist).splitlines()[1]
    assert "**Score:**" not in history_report.render_markdown(hist)


def test_versions_with_no_theme_scores() -> None:
    hist = _history(gaps_text(), gaps_text(), select=())
    text = history_report.render_text(hist)
    assert text.splitlines()[2].split() == ["Date", "Commit", "Score", "Readiness"]
    assert "not assessed" in text
    assert "Theme cells" not in text
    html = history_report.render_html(hist)
    assert "<td>not assessed</td>" in html
    assert html.count("<polyline") == 0  # no score to draw
