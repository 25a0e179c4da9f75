"""The command line as users see it: output, exit codes, files written.

Every test writes a small plan into `tmp_path` (dedented, so line numbers can be
counted from the text) and runs the real Typer app through `CliRunner`, which
keeps standard output and standard error apart.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import stat
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest
from conftest import RIVERSIDE
from typer.testing import CliRunner, Result

from leadcheck import __version__
from leadcheck.cli import app
from leadcheck.rules import registry
from leadcheck.structure import STRUCTURE_RULES

runner = CliRunner()

HAS_MARKDOWN = importlib.util.find_spec("leadcheck.formats.markdown") is not None
NO_MARKDOWN = "leadcheck/formats/markdown.py does not exist yet"

# The output formats that exist in this checkout (all seven once every module is written).
FORMATS = [
    name
    for name in ("text", "markdown", "json", "sarif", "junit", "github", "html", "gitlab")
    if importlib.util.find_spec(f"leadcheck.formats.{name}") is not None
]

ESC = "\x1b"
SGR = re.compile(r"\x1b\[[0-9;]*m")

# Line 9, column 5 holds the misspelt key.
TYPO_PLAN = dedent(
    """\
    partnership:
      name: Riverside Partnership
    partners:
      - id: rc
        name: Riverside Council
    work_streams:
      - id: ws-crisis
        name: Crisis cafe
        chamions: [p-ana]
    """
)

# A sound plan: ws-crisis has a champion, ws-housing (line 15) has none (LC201,
# an error); neither names a lead (LC203, a warning); no governance (LC607, info).
PLAN = RIVERSIDE

# One open milestone, due 2026-07-15.
MILESTONE_PLAN = dedent(
    """\
    partnership:
      name: Riverside Partnership
      as_of: 2026-06-30
    partners:
      - id: rc
        name: Riverside Council
    work_streams:
      - id: ws-falls
        name: Falls response
        milestones:
          - id: m-van
            title: Falls pick-up van on the road
            due: 2026-07-15
            status: planned
    """
)


def plan_named(name: str) -> str:
    """A sound plan whose partnership name is `name` (a YAML double-quoted scalar)."""
    return PLAN.replace("name: Riverside Partnership", f'name: "{name}"')


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No colour or CI settings leak in from the environment; run inside tmp_path."""
    for name in ("GITHUB_STEP_SUMMARY", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def write(path: Path | str, text: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), input=input, env=env)


def run_json(*args: str) -> tuple[Result, dict[str, Any]]:
    result = run("audit", *args, "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    return result, json.loads(result.stdout)


def rules_in(data: dict[str, Any]) -> set[str]:
    return {f["rule"] for f in data["findings"]}


def rules_run(data: dict[str, Any]) -> list[str]:
    return [r["rule"] for r in data["files"][0]["rules"]]


def assert_usage_error(result: Result, *fragments: str) -> None:
    """Exit 2, exactly one line on stderr naming the problem, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stderr.endswith("\n")
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- version and help ---------------------------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"leadcheck {__version__}\n"


@pytest.mark.parametrize("command", ["audit", "lint", "rules", "explain", "schema"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0, result.stderr
    assert "Example:" in result.stdout
    assert f"leadcheck {command}" in " ".join(result.stdout.split())


def test_top_level_help() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    for command in ("audit", "lint", "rules", "explain", "schema"):
        assert command in result.stdout


# --- lint ---------------------------------------------------------------------------


def test_lint_prints_the_exact_finding_line() -> None:
    write("plan.yaml", TYPO_PLAN)
    result = run("lint", "plan.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "plan.yaml:9:5: error LC002 schema: unknown key 'chamions' at work_streams[0].chamions "
        "(did you mean 'champions'?)",
        "1 finding (1 error, 0 warnings, 0 info open) in 1 file",
    ]
    assert result.stderr == ""


def test_lint_clean_plan_exits_0() -> None:
    write("plan.yaml", PLAN)
    result = run("lint", "plan.yaml")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "no findings in 1 file\n"
    assert result.stderr == ""


def test_lint_ignores_theme_rules() -> None:
    """PLAN has LC201/LC203 gaps, but lint checks structure only."""
    write("plan.yaml", PLAN)
    result = run("lint", "plan.yaml", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"] == []


def test_lint_directory_is_searched_recursively_skipping_hidden_dirs(tmp_path: Path) -> None:
    write("plans/good.yaml", PLAN)
    write("plans/deep/er/broken.yml", TYPO_PLAN)
    write("plans/.hidden/broken.yaml", TYPO_PLAN.replace("chamions", "chamionz"))
    write("plans/notes.txt", TYPO_PLAN)  # not a plan: wrong suffix
    write("plans/deep/readme.md", "# not yaml\n")
    result = run("lint", "plans")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    broken = os.path.join("plans", "deep", "er", "broken.yml")
    assert lines == [
        f"{broken}:9:5: error LC002 schema: unknown key 'chamions' at work_streams[0].chamions "
        "(did you mean 'champions'?)",
        "1 finding (1 error, 0 warnings, 0 info open) in 2 files",
    ]
    assert ".hidden" not in result.stdout
    assert "chamionz" not in result.stdout

    data = json.loads(run("lint", "plans", "-f", "json").stdout)
    assert sorted(f["file"] for f in data["files"]) == [
        broken,
        os.path.join("plans", "good.yaml"),
    ]


def test_lint_hidden_directory_named_explicitly_is_still_searched() -> None:
    """Only directories found while walking are skipped, not one the user names."""
    write(".hidden/broken.yaml", TYPO_PLAN)
    result = run("lint", ".hidden")
    assert result.exit_code == 1
    assert "unknown key 'chamions'" in result.stdout


def test_lint_reads_stdin() -> None:
    result = run("lint", "-", input=TYPO_PLAN)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "<stdin>:9:5: error LC002 schema: unknown key 'chamions' at work_streams[0].chamions "
        "(did you mean 'champions'?)"
    )
    assert run("lint", "-", input=PLAN).exit_code == 0


def test_lint_several_paths() -> None:
    write("a.yaml", TYPO_PLAN)
    write("b.yaml", PLAN)
    write("c.yml", TYPO_PLAN.replace("chamions", "champoins"))
    result = run("lint", "a.yaml", "b.yaml", "c.yml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("a.yaml:9:5: error LC002 schema: unknown key 'chamions'")
    assert lines[1].startswith("c.yml:9:5: error LC002 schema: unknown key 'champoins'")
    assert lines[1].endswith("(did you mean 'champions'?)")
    assert lines[2] == "2 findings (2 errors, 0 warnings, 0 info open) in 3 files"


def test_audit_reads_stdin() -> None:
    result = run("audit", "-", "-f", "json", "--select", "LC201", input=PLAN)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [f["file"] for f in data["files"]] == ["<stdin>"]
    assert [(f["rule"], f["line"]) for f in data["findings"]] == [("LC201", 15)]


# --- usage errors: exit 2, one line on stderr -----------------------------------------


@pytest.mark.parametrize("command", ["audit", "lint"])
def test_missing_path(command: str) -> None:
    write("plan.yaml", PLAN)
    result = run(command, "plan.yaml", "nope.yaml")
    assert_usage_error(result, "nope.yaml", "no such file")
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["audit", "lint"])
def test_unreadable_file(command: str, tmp_path: Path) -> None:
    plan = write("plan.yaml", PLAN)
    plan.chmod(0)
    try:
        if os.access(plan, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading")
        result = run(command, "plan.yaml")
    finally:
        plan.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert_usage_error(result, "plan.yaml", "cannot read")


def test_bad_as_of() -> None:
    write("plan.yaml", PLAN)
    assert_usage_error(run("audit", "plan.yaml", "--as-of", "2026-13-01"), "2026-13-01")
    assert_usage_error(run("audit", "plan.yaml", "--as-of", "yesterday"), "yesterday", "YYYY")


@pytest.mark.parametrize("command", ["audit", "lint"])
def test_unknown_format(command: str) -> None:
    write("plan.yaml", PLAN)
    result = run(command, "plan.yaml", "-f", "yaml")
    assert_usage_error(result, "unknown format 'yaml'", "json")
    assert result.stdout == ""


def test_unknown_select_suggests() -> None:
    write("plan.yaml", PLAN)
    result = run("audit", "plan.yaml", "--select", "LC2O1")
    assert_usage_error(result, "'LC2O1'", "did you mean 'LC201'?")
    result = run("audit", "plan.yaml", "--select", "champion")
    assert_usage_error(result, "'champion'", "did you mean 'champions'?")


def test_unknown_ignore_suggests() -> None:
    write("plan.yaml", PLAN)
    result = run("audit", "plan.yaml", "--ignore", "work-stream-champoin")
    assert_usage_error(result, "did you mean 'work-stream-champion'?")


def test_more_outputs_than_formats() -> None:
    write("plan.yaml", PLAN)
    result = run("audit", "plan.yaml", "-f", "json", "-o", "a.json", "-o", "b.json")
    assert_usage_error(result, "--output", "--format")
    assert listing(Path()) == ["plan.yaml"]


def test_output_without_format() -> None:
    write("plan.yaml", PLAN)
    result = run("audit", "plan.yaml", "-o", "out.txt")
    assert_usage_error(result, "--output", "--format")
    assert listing(Path()) == ["plan.yaml"]


def test_two_formats_to_stdout() -> None:
    write("plan.yaml", PLAN)
    result = run("audit", "plan.yaml", "-f", "json", "-f", "text")
    assert_usage_error(result, "stdout")
    assert result.stdout == ""


def test_output_into_missing_directory_leaves_nothing(tmp_path: Path) -> None:
    write("plan.yaml", PLAN)
    result = run("audit", "plan.yaml", "-f", "json", "-o", "missing/out.json")
    assert_usage_error(result, "missing/out.json")
    assert listing(tmp_path) == ["plan.yaml"]
    assert result.stdout == ""


def test_output_into_read_only_directory_leaves_nothing(tmp_path: Path) -> None:
    write("plan.yaml", PLAN)
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: a read-only folder is still writable")
        result = run("audit", "plan.yaml", "-f", "json", "-o", "ro/out.json")
        assert listing(folder) == []
    finally:
        folder.chmod(stat.S_IRWXU)
    assert_usage_error(result, "ro/out.json", "cannot write")


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--fail-on", "sometimes"], id="bad-fail-on"),
        pytest.param(["--fail-under", "150"], id="fail-under-out-of-range"),
        pytest.param(["--color", "rainbow"], id="bad-color"),
        pytest.param(["--no-such-option"], id="unknown-option"),
    ],
)
def test_bad_option_is_one_line(args: list[str]) -> None:
    write("plan.yaml", PLAN)
    assert_usage_error(run("audit", "plan.yaml", *args))


def test_bad_option_exits_2_without_traceback() -> None:
    write("plan.yaml", PLAN)
    for args in (["--fail-on", "sometimes"], ["--fail-under", "150"], ["--color", "rainbow"]):
        result = run("audit", "plan.yaml", *args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.stderr + result.stdout
        assert result.stdout == ""


# --- several outputs in one run -----------------------------------------------------


def test_format_output_pairs_write_each_file(tmp_path: Path) -> None:
    write("plan.yaml", PLAN)
    result = run("audit", "plan.yaml", "-f", "json", "-o", "a.json", "-f", "text", "-o", "b.txt")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ""
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert data["files"][0]["partnership"] == "Riverside Partnership"
    text = (tmp_path / "b.txt").read_text(encoding="utf-8")
    assert "Riverside Partnership" in text
    assert "LC201" in text
    assert ESC not in text  # files never get colour
    assert listing(tmp_path) == ["a.json", "b.txt", "plan.yaml"]


def test_final_format_without_output_goes_to_stdout(tmp_path: Path) -> None:
    write("plan.yaml", PLAN)
    result = run("audit", "plan.yaml", "-f", "text", "-o", "report.txt", "-f", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["format_version"] == 1
    assert "Riverside Partnership" in (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert listing(tmp_path) == ["plan.yaml", "report.txt"]


def test_file_and_stdout_json_are_the_same(tmp_path: Path) -> None:
    write("plan.yaml", PLAN)
    result = run("audit", "plan.yaml", "-f", "json", "-o", "a.json", "-f", "json")
    assert result.stdout == (tmp_path / "a.json").read_text(encoding="utf-8")


def test_output_overwrites_existing_file_atomically(tmp_path: Path) -> None:
    write("plan.yaml", PLAN)
    write("out/a.json", "old contents\n")
    result = run("audit", "plan.yaml", "-f", "json", "-o", "out/a.json")
    assert result.exit_code == 1
    json.loads((tmp_path / "out" / "a.json").read_text(encoding="utf-8"))
    assert listing(tmp_path / "out") == ["a.json"]  # no temporary file left behind


@pytest.mark.parametrize(
    "spelling",
    [
        ["-f", "markdown", "-qf", "sarif", "-o", "x"],
        ["-f", "markdown", "--format=sarif", "--output=x"],
        ["-fmarkdown", "-fsarif", "-ox"],
        ["--format", "markdown", "-qfsarif", "-ox"],
    ],
)
def test_every_spelling_click_accepts_pairs_output_with_its_format(
    tmp_path: Path, spelling: list[str]
) -> None:
    write("plan.yaml", PLAN)
    result = run("audit", "plan.yaml", *spelling)
    assert result.exit_code == 1, result.stderr
    assert json.loads((tmp_path / "x").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert result.stdout.startswith("# ")  # the markdown report went to stdout


def test_json_and_markdown_pairs(tmp_path: Path) -> None:
    write("plan.yaml", PLAN)
    result = run("audit", "plan.yaml", "-f", "json", "-o", "a.json", "-f", "markdown", "-o", "b.md")
    assert result.exit_code == 1, result.stderr
    json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert "Riverside Partnership" in (tmp_path / "b.md").read_text(encoding="utf-8")
    assert listing(tmp_path) == ["a.json", "b.md", "plan.yaml"]


# --- exit codes: --fail-on and --fail-under -------------------------------------------


@pytest.mark.parametrize(
    ("select", "fail_on", "code"),
    [
        # LC201 gives one error
        ("LC201", None, 1),
        ("LC201", "error", 1),
        ("LC201", "warning", 1),
        ("LC201", "info", 1),
        ("LC201", "never", 0),
        # LC203 gives warnings only
        ("LC203", None, 0),
        ("LC203", "error", 0),
        ("LC203", "warning", 1),
        ("LC203", "info", 1),
        ("LC203", "never", 0),
        # LC607 gives one info finding
        ("LC607", "error", 0),
        ("LC607", "warning", 0),
        ("LC607", "info", 1),
        ("LC607", "never", 0),
    ],
)
def test_fail_on(select: str, fail_on: str | None, code: int) -> None:
    write("plan.yaml", PLAN)
    args = ["audit", "plan.yaml", "--select", select, "-f", "json"]
    if fail_on:
        args += ["--fail-on", fail_on]
    result = run(*args)
    severities = {f["severity"] for f in json.loads(result.stdout)["findings"]}
    expected = {"LC201": {"error"}, "LC203": {"warning"}, "LC607": {"info"}}[select]
    assert severities == expected
    assert result.exit_code == code


def test_fail_on_info_passes_a_plan_without_findings() -> None:
    led = PLAN.replace("name: Crisis cafe", "name: Crisis cafe\n    lead: p-ana")
    write("plan.yaml", led.replace("name: Housing first", "name: Housing first\n    lead: p-ana"))
    result = run("audit", "plan.yaml", "--select", "LC203", "--fail-on", "info", "-f", "json")
    assert json.loads(result.stdout)["findings"] == []
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("fail_under", "code"),
    [("40", 0), ("50", 0), ("50.1", 1), ("60", 1), ("0", 0), ("100", 1)],
)
def test_fail_under(fail_under: str, code: int) -> None:
    """One work stream of two has a champion: LC201 alone scores exactly 50."""
    write("plan.yaml", PLAN)
    _, data = run_json("plan.yaml", "--select", "LC201")
    assert data["scores"] == {"overall": 50.0, "themes": {"champions": 50.0}}
    result = run(
        "audit", "plan.yaml", "--select", "LC201", "--fail-on", "never", "--fail-under", fail_under
    )
    assert result.exit_code == code


def test_fail_under_adds_to_fail_on() -> None:
    write("plan.yaml", PLAN)
    # The warning-only selection passes --fail-on error but its score is low.
    result = run("audit", "plan.yaml", "--select", "LC203", "--fail-under", "10")
    assert result.exit_code == 1
    result = run("audit", "plan.yaml", "--select", "LC203")
    assert result.exit_code == 0


def test_structure_errors_fail_whatever_rules_are_selected() -> None:
    write("plan.yaml", TYPO_PLAN)
    result = run("audit", "plan.yaml", "--select", "LC607", "--fail-on", "error")
    assert result.exit_code == 1
    assert run("audit", "plan.yaml", "--fail-on", "never").exit_code == 0


# --- --select and --ignore ----------------------------------------------------------


EVERY_RULE = list(registry())
CATALOGUE = [*STRUCTURE_RULES, *EVERY_RULE]


def theme(name: str) -> list[str]:
    return [r.id for r in registry().values() if r.meta.theme == name]


CHAMPIONS = theme("champions")


@pytest.mark.parametrize(
    ("selectors", "expected"),
    [
        (["LC201"], ["LC201"]),
        (["lc201"], ["LC201"]),
        (["LC2"], CHAMPIONS),
        (["work-stream-champion"], ["LC201"]),
        (["champions"], CHAMPIONS),
        (["LC201", "overdue-milestone"], ["LC201", "LC604"]),
        (
            ["LC10", "momentum"],
            [r for r in EVERY_RULE if r.startswith("LC10") or r in theme("momentum")],
        ),
    ],
    ids=["id", "id-lowercase", "prefix", "slug", "theme", "mixed", "prefix-and-theme"],
)
def test_select(selectors: list[str], expected: list[str]) -> None:
    write("plan.yaml", PLAN)
    args = [a for s in selectors for a in ("--select", s)]
    _, data = run_json("plan.yaml", *args)
    assert rules_run(data) == expected
    assert rules_in(data) <= set(expected)


def test_select_finds_what_the_rules_find() -> None:
    write("plan.yaml", PLAN)
    _, data = run_json("plan.yaml", "--select", "champions")
    assert rules_in(data) == {"LC201", "LC203"}
    targets = sorted((f["rule"], f["target"]) for f in data["findings"])
    assert targets == [("LC201", "ws-housing"), ("LC203", "ws-crisis"), ("LC203", "ws-housing")]


@pytest.mark.parametrize(
    ("selector", "dropped"),
    [
        ("LC201", {"LC201"}),
        ("LC2", set(CHAMPIONS)),
        ("single-accountable-lead", {"LC203"}),
        ("champions", set(CHAMPIONS)),
        ("momentum", set(theme("momentum"))),
    ],
)
def test_ignore(selector: str, dropped: set[str]) -> None:
    write("plan.yaml", PLAN)
    _, everything = run_json("plan.yaml")
    _, data = run_json("plan.yaml", "--ignore", selector)
    assert set(rules_run(everything)) - set(rules_run(data)) == dropped
    assert not rules_in(data) & dropped
    assert rules_in(data) == rules_in(everything) - dropped


def test_select_and_ignore_together() -> None:
    write("plan.yaml", PLAN)
    _, data = run_json("plan.yaml", "--select", "champions", "--ignore", "LC203")
    assert rules_run(data) == [r for r in CHAMPIONS if r != "LC203"]
    assert rules_in(data) == {"LC201"}


def test_every_rule_runs_by_default() -> None:
    write("plan.yaml", PLAN)
    _, data = run_json("plan.yaml")
    assert rules_run(data) == EVERY_RULE


# --- --as-of ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [(None, False), ("2026-07-01", False), ("2026-07-15", False), ("2026-08-01", True)],
)
def test_as_of_overrides_the_plan(as_of: str | None, overdue: bool) -> None:
    write("plan.yaml", MILESTONE_PLAN)
    args = ["plan.yaml", "--select", "LC604"]
    if as_of:
        args += ["--as-of", as_of]
    result, data = run_json(*args)
    expected = as_of or "2026-06-30"
    assert data["as_of"] == expected
    assert data["files"][0]["as_of"] == expected
    findings = data["findings"]
    if overdue:
        assert [(f["rule"], f["target"], f["line"], f["path"]) for f in findings] == [
            ("LC604", "m-van", 13, "work_streams[0].milestones[0].due")
        ]
        assert "due on 2026-07-15" in findings[0]["message"]
        assert "17 days before 2026-08-01" in findings[0]["message"]
    else:
        assert findings == []
    # LC604 is a warning: the default --fail-on error passes either way
    assert result.exit_code == 0


def test_as_of_in_text_header() -> None:
    write("plan.yaml", MILESTONE_PLAN)
    result = run("audit", "plan.yaml", "--as-of", "2026-08-01", "--select", "LC604")
    assert re.search(r"^As of\s+2026-08-01 \(set with --as-of\)$", result.stdout, re.MULTILINE)
    assert "LC604" in result.stdout


# --- user strings printed literally -------------------------------------------------


@pytest.mark.parametrize("color", ["never", "always"])
def test_rich_markup_in_a_name_is_printed_literally(color: str) -> None:
    write("plan.yaml", plan_named("[bold red]x"))
    result = run("audit", "plan.yaml", "--select", "LC201", "--color", color)
    assert result.exit_code == 1
    plain = SGR.sub("", result.stdout)
    assert re.search(r"^Partnership\s+\[bold red\]x\s*$", plain, re.MULTILINE), plain


def test_markup_in_a_board_name_inside_a_finding_is_literal() -> None:
    plan = PLAN + dedent(
        """\
        governance:
          board:
            name: "[link=http://evil]Board[/link] [red]x"
            meets_every_days: 60
        """
    )
    write("plan.yaml", plan)
    result = run("audit", "plan.yaml", "--select", "LC607", "--color", "never", "--fail-on", "info")
    assert result.exit_code == 1
    assert "board '[link=http://evil]Board[/link] [red]x'" in result.stdout


def test_ansi_escape_in_a_name_is_made_visible() -> None:
    write("plan.yaml", plan_named(r"\e[31mred"))
    for color in ([], ["--color", "never"]):
        result = run("audit", "plan.yaml", "--select", "LC201", *color)
        assert result.exit_code == 1
        assert ESC not in result.stdout
        assert "␛[31mred" in result.stdout


def test_ansi_escape_with_color_always_adds_only_richs_own_styling() -> None:
    write("plan.yaml", plan_named(r"\e[31mred\e]8;;http://x\e\\link\a"))
    result = run("audit", "plan.yaml", "--select", "LC201", "--color", "always")
    assert result.exit_code == 1
    assert ESC in result.stdout  # rich's own colours
    plain = SGR.sub("", result.stdout)
    assert ESC not in plain  # every ESC left belongs to an SGR sequence rich wrote
    assert "\x07" not in result.stdout
    assert "␛[31mred␛]8;;http://x␛\\link␇" in plain


def test_newline_in_a_name_does_not_break_the_line() -> None:
    write("plan.yaml", plan_named(r"two\nlines"))
    result = run("audit", "plan.yaml", "--select", "LC201", "--color", "never")
    assert re.search(r"^Partnership\s+two↵lines\s*$", result.stdout, re.MULTILINE)


def test_lint_file_name_with_escape_is_made_visible(tmp_path: Path) -> None:
    write(tmp_path / "bad\x1b[31m.yaml", TYPO_PLAN)
    result = run("lint", ".", "--color", "never")
    assert result.exit_code == 1
    assert ESC not in result.stdout
    assert "bad␛[31m.yaml:9:5: error LC002" in result.stdout


# --- colour -------------------------------------------------------------------------


def test_color_never_has_no_escapes() -> None:
    write("plan.yaml", PLAN)
    for command in (["audit"], ["lint"]):
        result = run(*command, "plan.yaml", "--color", "never", env={"FORCE_COLOR": "1"})
        assert ESC not in result.stdout
        assert result.stdout


def test_color_always_colours() -> None:
    write("plan.yaml", PLAN)
    result = run("audit", "plan.yaml", "--color", "always")
    assert ESC in result.stdout
    assert "Riverside Partnership" in SGR.sub("", result.stdout)


def test_color_auto_is_off_when_not_a_terminal() -> None:
    write("plan.yaml", PLAN)
    result = run("audit", "plan.yaml")
    assert ESC not in result.stdout


def test_force_color_and_no_color_with_color_auto() -> None:
    write("plan.yaml", PLAN)
    forced = run("audit", "plan.yaml", "--color", "auto", env={"FORCE_COLOR": "1"})
    assert ESC in forced.stdout
    both = run("audit", "plan.yaml", "--color", "auto", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert ESC not in both.stdout
    assert SGR.sub("", forced.stdout).split() == both.stdout.split()


# --- GITHUB_STEP_SUMMARY ------------------------------------------------------------


def test_step_summary_is_appended(tmp_path: Path) -> None:
    write("plan.yaml", PLAN)
    summary = write(tmp_path / "summary.md", "earlier step\n")
    result = run("audit", "plan.yaml", "-f", "json", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1, result.stderr
    json.loads(result.stdout)  # stdout keeps the chosen format
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")
    assert "Riverside Partnership" in text[len("earlier step\n") :]
    assert "LC201" in text
    assert "|" in text  # a markdown table
    # a second run appends again rather than overwriting, the compact summary this
    # time, since the full report is already there (tests/test_cli_ci.py)
    run("audit", "plan.yaml", env={"GITHUB_STEP_SUMMARY": str(summary)})
    again = summary.read_text(encoding="utf-8")
    assert again.startswith(text)
    assert "# Leadership plan audit (summary): Riverside Partnership" in again[len(text) :]


def test_no_step_summary_turns_it_off(tmp_path: Path) -> None:
    write("plan.yaml", PLAN)
    summary = write(tmp_path / "summary.md", "earlier step\n")
    result = run(
        "audit", "plan.yaml", "--no-step-summary", env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert result.exit_code == 1, result.stderr
    assert summary.read_text(encoding="utf-8") == "earlier step\n"


def test_lint_does_not_write_a_step_summary(tmp_path: Path) -> None:
    write("plan.yaml", TYPO_PLAN)
    summary = write(tmp_path / "summary.md", "")
    result = run("lint", "plan.yaml", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    assert summary.read_text(encoding="utf-8") == ""


# --- input files are never modified -------------------------------------------------


def test_input_files_are_not_modified(tmp_path: Path) -> None:
    plans = {
        "plan.yaml": PLAN
        + dedent(
            """\
            waivers:
              - rule: LC201
                target: ws-housing
                reason: Champion being recruited
                owner: p-ana
                expires: 2020-01-01
            """
        ),
        "typo.yaml": TYPO_PLAN,
        "dir/ms.yml": MILESTONE_PLAN,
    }
    paths = [write(name, text) for name, text in plans.items()]
    before = {p: (sha256(p), p.stat().st_mtime_ns) for p in paths}
    run("lint", "plan.yaml", "typo.yaml", "dir")
    pairs = [a for name in FORMATS for a in ("-f", name, "-o", f"out/report.{name}")]
    (tmp_path / "out").mkdir()
    result = run(
        "audit", "plan.yaml", "typo.yaml", "dir", *pairs, "-f", "json", "--as-of", "2027-01-01"
    )
    assert result.exit_code == 1, result.stderr
    json.loads(result.stdout)
    run("audit", "plan.yaml", "--color", "always", "-q")
    run("audit", "plan.yaml", "-v")
    assert {p: (sha256(p), p.stat().st_mtime_ns) for p in paths} == before
    written = [f"out/report.{name}" for name in FORMATS]
    assert listing(tmp_path) == sorted(
        ["dir", "dir/ms.yml", "out", *written, "plan.yaml", "typo.yaml"]
    )


# --- rules and explain --------------------------------------------------------------


def flat(text: str) -> str:
    """Text with rich's line wrapping and panel borders undone."""
    return " ".join(text.replace("│", " ").split())


@pytest.mark.parametrize("name", ["LC201", "lc201", "work-stream-champion"])
def test_explain(name: str) -> None:
    from leadcheck.catalog import find

    result = run("explain", name)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    text = flat(out)
    assert text.startswith("LC201 work-stream-champion error")
    assert "Leaders/champions required in every stakeholder group" in text
    assert "How to fix" in text
    assert "List at least one person under the work stream's champions" in text
    assert "Fails" in out
    assert "Passes" in out
    bad = find("LC201").examples().get("bad")
    assert bad is not None
    for line in bad.splitlines():
        if line.strip():
            assert line.strip() in out, line
    assert "ws-housing  # [LC201]" in out


def test_explain_structure_rule() -> None:
    result = run("explain", "LC002")
    assert result.exit_code == 0
    assert flat(result.stdout).startswith("LC002 schema error")


def test_explain_unknown_rule_suggests() -> None:
    result = run("explain", "LC999")
    assert_usage_error(result, "'LC999'", "did you mean")
    assert result.stdout == ""
    result = run("explain", "work-stream-champoin")
    assert_usage_error(result, "did you mean 'work-stream-champion'?")


def test_rules_json_lists_the_whole_catalogue() -> None:
    result = run("rules", "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    ids = [r["id"] for r in data]
    assert ids == CATALOGUE
    assert ids == sorted(ids)
    for entry in data:
        assert entry["severity"] in ("error", "warning", "info")
        assert entry["slug"]
        assert entry["title"]
        assert entry["fix"]
    by_id = {r["id"]: r for r in data}
    assert by_id["LC201"]["slug"] == "work-stream-champion"
    assert by_id["LC201"]["theme"] == "champions"
    assert any("Leaders/champions required" in t for t in by_id["LC201"]["tips"])


def test_rules_table_lists_every_id() -> None:
    result = run("rules")
    assert result.exit_code == 0
    ids = re.findall(r"^(LC\d{3})\s", result.stdout, re.MULTILINE)
    assert ids == CATALOGUE


def test_rules_by_theme() -> None:
    result = run("rules", "--theme", "champions", "-f", "json")
    assert result.exit_code == 0
    assert [r["id"] for r in json.loads(result.stdout)] == CHAMPIONS
    table = run("rules", "--theme", "champions")
    assert table.exit_code == 0
    assert re.findall(r"^(LC\d{3})\s", table.stdout, re.MULTILINE) == CHAMPIONS


def test_rules_markdown() -> None:
    result = run("rules", "-f", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Rules\n")
    assert "| [LC201](#lc201) | `work-stream-champion` | error | champions |" in result.stdout


def test_rules_unknown_theme() -> None:
    result = run("rules", "--theme", "nope")
    assert_usage_error(result, "'nope'")
    assert result.stdout == ""
    result = run("rules", "--theme", "champion")
    assert_usage_error(result, "did you mean 'champions'?")


def test_rules_unknown_theme_is_a_usage_error_not_an_internal_one() -> None:
    result = run("rules", "--theme", "nope")
    assert result.stderr.startswith("leadcheck: error: ")
    assert "internal error" not in result.stderr


# --- the JSON report ----------------------------------------------------------------


FINDING_KEYS = {
    "rule",
    "slug",
    "severity",
    "theme",
    "message",
    "file",
    "line",
    "column",
    "path",
    "target",
    "waived",
    "waiver_reason",
    "waiver_owner",
    "waiver_expires",
    "fix",
}


def test_json_report_shape() -> None:
    write("plan.yaml", PLAN)
    write("typo.yaml", TYPO_PLAN)
    _, data = run_json("plan.yaml", "typo.yaml")
    assert list(data) == [
        "format_version",
        "tool",
        "as_of",
        "files",
        "findings",
        "scores",
        "readiness",
        "partial",
        "not_assessed",
        "waived",
        "portfolio",
    ]
    assert data["partial"] is False
    assert data["not_assessed"] == {"themes": [], "rules": []}
    assert data["waived"] == {"error": 0, "warning": 0, "info": 0}
    assert data["format_version"] == 1
    assert data["tool"] == {"name": "leadcheck", "version": __version__}
    assert data["as_of"] == "2026-06-30"  # the only as-of date among the files
    assert [f["file"] for f in data["files"]] == ["plan.yaml", "typo.yaml"]
    assert data["readiness"] == "not_ready"
    findings = data["findings"]
    assert findings
    for finding in findings:
        assert set(finding) == FINDING_KEYS
        assert list(finding)[:10] == [
            "rule",
            "slug",
            "severity",
            "theme",
            "message",
            "file",
            "line",
            "column",
            "path",
            "target",
        ]
        assert finding["severity"] in ("error", "warning", "info")
        assert isinstance(finding["line"], int)
        assert finding["line"] >= 1
        assert isinstance(finding["column"], int)
        assert finding["column"] >= 1
        assert finding["waived"] is False
        assert finding["waiver_reason"] is None
    by_rule = {(f["rule"], f["file"]): f for f in findings}
    lc201 = by_rule["LC201", "plan.yaml"]
    assert lc201["slug"] == "work-stream-champion"
    assert lc201["theme"] == "champions"
    assert lc201["target"] == "ws-housing"
    assert lc201["path"] == "work_streams[1].champions"
    assert lc201["line"] == 15
    assert lc201["column"] == 5
    lc002 = by_rule["LC002", "typo.yaml"]
    assert lc002["theme"] is None
    assert lc002["target"] is None
    assert (lc002["line"], lc002["column"]) == (9, 5)
    assert lc002["path"] == "work_streams[0].chamions"
    assert list(data["scores"]) == ["overall", "themes"]


def test_json_output_is_deterministic(tmp_path: Path) -> None:
    write("plan.yaml", PLAN)
    write("b/typo.yaml", TYPO_PLAN)
    write("b/ms.yaml", MILESTONE_PLAN)
    args = ["audit", "plan.yaml", "b", "-f", "json", "--as-of", "2026-08-01"]
    first = run(*args)
    second = run(*args)
    assert first.stdout.encode() == second.stdout.encode()
    run(*args, "-o", "one.json")
    run(*args, "-o", "two.json")
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()
    assert (tmp_path / "one.json").read_bytes() == first.stdout.encode()


# --- behaviour settled after review ---------------------------------------------------


def test_each_output_goes_with_the_format_just_before_it() -> None:
    write("plan.yaml", PLAN)
    result = run("audit", "plan.yaml", "-f", "github", "-f", "sarif", "-o", "out.sarif")
    assert "::error file=plan.yaml,line=15,col=5,title=LC201" in result.stdout
    assert json.loads(Path("out.sarif").read_text())["version"] == "2.1.0"


def test_output_before_any_format_is_a_usage_error() -> None:
    write("plan.yaml", PLAN)
    result = run("audit", "plan.yaml", "-o", "out.json", "-f", "json")
    assert result.exit_code == 2
    assert result.stderr == "leadcheck: error: --output out.json needs a --format before it\n"
    assert not Path("out.json").exists()


def test_a_folder_without_plans_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("audit", "empty")
    assert result.exit_code == 2
    assert result.stderr == "leadcheck: error: empty: no *.yaml or *.yml files in this folder\n"


def test_waiver_rules_can_be_ignored_by_slug() -> None:
    stale = PLAN + "waivers:\n  - {rule: LC202, reason: r, owner: p-ana, expires: 2026-12-31}\n"
    write("plan.yaml", stale)
    _, data = run_json("plan.yaml")
    assert "LC007" in {f["rule"] for f in data["findings"]}
    _, data = run_json("plan.yaml", "--ignore", "waiver-unused")
    assert "LC007" not in {f["rule"] for f in data["findings"]}


def test_a_one_letter_selector_is_not_a_prefix() -> None:
    write("plan.yaml", PLAN)
    result = run("audit", "plan.yaml", "--ignore", "l")
    assert result.exit_code == 2
    assert "unknown rule, slug or theme 'l'" in result.stderr


def test_lint_does_not_claim_readiness() -> None:
    write("plan.yaml", PLAN)
    data = json.loads(run("lint", "plan.yaml", "-f", "json").stdout)
    assert data["readiness"] is None
    assert data["files"][0]["readiness"] is None


def test_an_expired_waiver_makes_a_clean_plan_not_ready() -> None:
    """Every theme is green, but an expired waiver is an open structure error: the
    verdict and the exit code agree that the plan is not ready."""
    ready = (Path(__file__).resolve().parent.parent / "examples" / "ready.yaml").read_text()
    waiver = "waivers:\n  - {rule: LC607, reason: r, owner: p-raman, expires: 2026-01-01}\n"
    write("plan.yaml", ready + waiver)
    result, data = run_json("plan.yaml")
    assert [f["rule"] for f in data["findings"]] == ["LC006"]
    assert {t["colour"] for t in data["files"][0]["themes"]} == {"green"}
    assert result.exit_code == 1
    assert data["readiness"] == "not_ready"
    text = run("audit", "plan.yaml", "--color", "never").stdout
    assert re.search(r"^Readiness\s+NOT READY", text, re.MULTILINE)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_extreme_dates_do_not_crash(day: str) -> None:
    gaps = Path(__file__).resolve().parent.parent / "examples" / "gaps.yaml"
    result = run("audit", str(gaps), "--as-of", day, "-f", "json")
    assert result.exit_code == 1, result.stderr
    assert json.loads(result.stdout)["as_of"] == day
