"""Which plans a run reads, and where its reports go: folders walked honouring
.gitignore and exclude globs, `-` with --stdin-filename, `-o -`, and `lint -q`."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from textwrap import dedent

import pytest
from conftest import RIVERSIDE
from typer.testing import CliRunner, Result

from leadcheck.cli import app
from leadcheck.config import excluded
from leadcheck.discovery import Exclude, discover
from leadcheck.errors import UsageError
from leadcheck.formats import Format

BROKEN = "partners: [\n"
"""Not YAML: a plan read by mistake shows up as LC001."""

TYPO = RIVERSIDE.replace("    champions: [p-ana]", "    chamions: [p-ana]")
"""LC002 at line 14, column 5."""


@pytest.fixture(autouse=True)
def _here(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("GITHUB_STEP_SUMMARY", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


def write(path: str | Path, text: str = RIVERSIDE) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def files_read(*args: str) -> list[str]:
    """The plans `lint` read, as the JSON report names them (POSIX separators)."""
    result = run("lint", *args, "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    return sorted(f["file"].replace(os.sep, "/") for f in json.loads(result.stdout)["files"])


def usage_error(result: Result) -> str:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("leadcheck: error: ")
    assert "Traceback" not in result.stderr
    return line.removeprefix("leadcheck: error: ")


def git_init(path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(path)], check=True)


# --- .gitignore ---------------------------------------------------------------------


def test_gitignore_from_the_repository_root_applies_below(tmp_path: Path) -> None:
    git_init(tmp_path)
    write(".gitignore", "build/\n*.draft.yaml\n!keep.draft.yaml\n/plans/top-only.yaml\n")
    write("plans/north.yaml")
    write("plans/build/generated.yaml", BROKEN)
    write("plans/south.draft.yaml", BROKEN)
    write("plans/keep.draft.yaml")
    write("plans/top-only.yaml", BROKEN)
    write("plans/sub/top-only.yaml")  # /plans/top-only.yaml names only the one at plans/
    assert files_read("plans") == [
        "plans/keep.draft.yaml",
        "plans/north.yaml",
        "plans/sub/top-only.yaml",
    ]
    # The same from inside the folder: the root's .gitignore still applies.
    os.chdir("plans")
    assert files_read(".") == ["./keep.draft.yaml", "./north.yaml", "./sub/top-only.yaml"]
    assert files_read("sub") == ["sub/top-only.yaml"]


def test_nested_gitignore_files_apply_to_their_own_folders(tmp_path: Path) -> None:
    git_init(tmp_path)
    write(".gitignore", "*.old.yaml\n")
    write("plans/.gitignore", "archive/\n!north.old.yaml\n")
    write("plans/north.old.yaml")  # taken back by the deeper file
    write("plans/south.old.yaml", BROKEN)
    write("plans/archive/2024.yaml", BROKEN)
    write("other/archive/2024.yaml")  # plans/.gitignore does not reach other/
    write("other/east.old.yaml", BROKEN)
    assert files_read(".") == ["./other/archive/2024.yaml", "./plans/north.old.yaml"]


def test_gitignore_outside_a_repository_applies_from_the_folder_walked(tmp_path: Path) -> None:
    write(".gitignore", "*.yaml\n")  # above the folder walked, and no repository: not read
    write("plans/.gitignore", "drafts\n")
    write("plans/north.yaml")
    write("plans/drafts/x.yaml", BROKEN)
    assert files_read("plans") == ["plans/north.yaml"]


def test_a_file_named_outright_is_always_checked(tmp_path: Path) -> None:
    git_init(tmp_path)
    write(".gitignore", "*.draft.yaml\nbuild/\n")
    write("plans/north.draft.yaml", BROKEN)
    write("plans/build/gen.yaml", BROKEN)
    result = run("lint", "plans/north.draft.yaml", "plans/build/gen.yaml")
    assert result.exit_code == 1
    assert "LC001" in result.stdout
    assert "in 2 files" in result.stdout


def test_a_folder_whose_plans_are_all_ignored_is_a_usage_error(tmp_path: Path) -> None:
    git_init(tmp_path)
    write(".gitignore", "build/\n")
    write("build/gen.yaml", BROKEN)
    assert usage_error(run("lint", "build")) == (
        "no plans to check: .gitignore leaves out every one "
        "(a file named outright is always checked)"
    )
    # ...but not when another path has plans.
    write("plans/north.yaml")
    assert files_read("build", "plans") == ["plans/north.yaml"]


def test_lines_git_would_not_understand_are_skipped(tmp_path: Path) -> None:
    git_init(tmp_path)
    write(".gitignore", "!\n\\\n[z-a].yaml\n# a comment\n\nold.yaml\n")
    write("old.yaml", BROKEN)
    write("north.yaml")
    assert files_read(".") == ["./north.yaml"]


def test_hidden_files_and_folders_found_in_a_walk_are_skipped() -> None:
    write("plans/north.yaml")
    write("plans/.leadcheck.yaml", "ignore: [LC609]\n")  # a config file, not a plan
    write("plans/.drafts/x.yaml", BROKEN)
    assert files_read("plans") == ["plans/north.yaml"]


# --- exclude globs ------------------------------------------------------------------


def test_exclude_is_repeatable_and_relative_to_the_current_folder() -> None:
    write("plans/north.yaml")
    write("plans/archive/2024.yaml", BROKEN)
    write("plans/north.draft.yaml", BROKEN)
    write("other/plans/archive/x.yaml")  # plans/archive is anchored at the current folder
    args = ("plans", "other", "--exclude", "plans/archive", "--exclude", "*.draft.yaml")
    assert files_read(*args) == ["other/plans/archive/x.yaml", "plans/north.yaml"]
    # From inside plans/, the same folder is `archive`.
    os.chdir("plans")
    assert files_read(".", "--exclude", "archive/", "--exclude", "*.draft.yaml") == ["./north.yaml"]


def test_exclude_does_not_apply_to_files_named_outright() -> None:
    write("plans/north.draft.yaml", BROKEN)
    result = run("lint", "plans/north.draft.yaml", "--exclude", "*.draft.yaml")
    assert result.exit_code == 1
    assert "LC001" in result.stdout


def test_exclude_leaving_out_every_plan_names_its_source() -> None:
    write("plans/north.yaml")
    assert usage_error(run("audit", "plans", "--exclude", "*.yaml")) == (
        "no plans to check: --exclude leaves out every one "
        "(a file named outright is always checked)"
    )


def test_config_exclude_and_exclude_option_use_the_same_matcher() -> None:
    """Each glob means the same in .leadcheck.yaml as on the command line: git's rules."""
    write("plans/north.yaml")
    write("plans/archive/2024.yaml", BROKEN)
    write("plans/archive/keep.yaml")
    write("plans/deep/er/north.draft.yaml", BROKEN)
    write("plans/drafts/x.yaml", BROKEN)
    globs = ["plans/archive/*", "!plans/archive/keep.yaml", "*.draft.yaml", "drafts/"]
    expected = ["plans/archive/keep.yaml", "plans/north.yaml"]
    assert files_read("plans", *(a for g in globs for a in ("--exclude", g))) == expected
    write(".leadcheck.yaml", "exclude:\n" + "".join(f"  - {json.dumps(g)}\n" for g in globs))
    assert files_read("plans") == expected
    # leadcheck.config.excluded, for callers of the config module, is the same matcher.
    every = [p.as_posix() for p in sorted(Path("plans").rglob("*.yaml"))]
    assert [p for p in every if not excluded(p, globs, ".")] == expected
    # --exclude adds to the config's globs.
    assert files_read("plans", "--exclude", "north.yaml") == ["plans/archive/keep.yaml"]
    result = run("lint", "plans", "--exclude", "*.yaml")
    assert usage_error(result) == (
        "no plans to check: the config's exclude and --exclude leave out every one "
        "(a file named outright is always checked)"
    )


def test_config_exclude_is_relative_to_the_config_file() -> None:
    write("team/.leadcheck.yaml", "exclude: [plans/archive]\n")
    write("team/plans/north.yaml")
    write("team/plans/archive/2024.yaml", BROKEN)
    os.chdir("team/plans")
    assert files_read(".") == ["./north.yaml"]


@pytest.mark.parametrize("glob", ["!", "\\", "[z-a]"])
def test_a_bad_exclude_glob_is_a_usage_error(glob: str) -> None:
    write("plans/north.yaml")
    assert usage_error(run("lint", "plans", "--exclude", glob)) == (
        f"--exclude {glob!r} is not a valid glob"
    )


def test_a_bad_config_exclude_glob_names_the_config_file() -> None:
    write("plans/north.yaml")
    write(".leadcheck.yaml", "exclude: ['plans/old', '!']\n")
    assert usage_error(run("audit", "plans")) == (
        ".leadcheck.yaml: the config's exclude '!' is not a valid glob"
    )


def test_discover_without_the_cli() -> None:
    write("plans/north.yaml")
    write("plans/old/x.yaml")
    exclude = Exclude(("old",), ".", "--exclude")
    assert discover(["plans", "-"], [exclude]) == [os.path.join("plans", "north.yaml"), "-"]
    with pytest.raises(UsageError, match="no such file or directory"):
        discover(["nope"])


def test_lint_fix_repairs_only_the_plans_the_walk_finds() -> None:
    pasted = RIVERSIDE.replace("name: Crisis cafe", "name: “Crisis cafe”")
    write("plans/north.yaml", pasted)
    write("plans/archive/2024.yaml", pasted)
    result = run("lint", "plans", "--fix", "--exclude", "archive")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "“" not in Path("plans/north.yaml").read_text(encoding="utf-8")
    assert Path("plans/archive/2024.yaml").read_text(encoding="utf-8") == pasted


# --- standard input -----------------------------------------------------------------


def test_stdin_filename_names_the_plan_in_every_report() -> None:
    result = run("lint", "-", "--stdin-filename", "plans/north.yaml", input=TYPO)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith(
        f"{Path('plans/north.yaml')}:14:5: error LC002 schema: unknown key 'chamions'"
    )
    result = run("audit", "-", "--stdin-filename", "north.yaml", "-f", "json", input=RIVERSIDE)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [f["file"] for f in data["files"]] == ["north.yaml"]
    assert {f["file"] for f in data["findings"]} == {"north.yaml"}


def test_stdin_without_a_name_is_stdin() -> None:
    result = run("lint", "-", input=TYPO)
    assert result.stdout.startswith("<stdin>:14:5: error LC002")


def test_stdin_too_large_is_a_finding_not_a_crash() -> None:
    big = RIVERSIDE + "# " + "x" * (16 * 1024 * 1024) + "\n"
    result = run("lint", "-", "--stdin-filename", "big.yaml", input=big)
    assert result.exit_code == 1
    assert result.stdout.startswith("big.yaml:1:1: error LC001")
    assert "larger than the limit of 16 MiB" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan.yaml", "--stdin-filename", "x.yaml"], "--stdin-filename names standard input"),
        (["-", "--stdin-filename", " "], "--stdin-filename needs a name"),
    ],
)
def test_stdin_filename_mistakes(args: list[str], message: str) -> None:
    write("plan.yaml")
    for command in ("audit", "lint"):
        assert usage_error(run(command, *args, input=RIVERSIDE)).startswith(message)


# --- -o - ---------------------------------------------------------------------------


def test_output_dash_is_stdout() -> None:
    write("plan.yaml")
    result = run("audit", "plan.yaml", "-f", "json", "-o", "-", "-f", "markdown", "-o", "r.md")
    assert result.exit_code == 1, result.stderr
    assert json.loads(result.stdout)["files"][0]["partnership"] == "Riverside Partnership"
    assert Path("r.md").read_text(encoding="utf-8").startswith("# ")
    assert not Path("-").exists()


def test_output_dash_still_allows_one_format_on_stdout() -> None:
    write("plan.yaml")
    result = run("audit", "plan.yaml", "-f", "json", "-o", "-", "-f", "text")
    assert usage_error(result) == (
        "only one format can go to stdout; give the others an --output file"
    )


def test_a_file_called_dash_is_written_as_dot_slash_dash() -> None:
    write("plan.yaml")
    result = run("audit", "plan.yaml", "-f", "json", "-o", "./-")
    assert result.stdout == ""
    assert json.loads(Path("-").read_text(encoding="utf-8"))["format_version"] == 1


# --- lint -q ------------------------------------------------------------------------


def test_lint_quiet_prints_nothing_when_clean() -> None:
    write("plans/north.yaml")
    write("plans/south.yaml")
    result = run("lint", "plans", "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_lint_quiet_prints_only_the_finding_lines() -> None:
    write("north.yaml", TYPO)
    write("south.yaml", BROKEN)
    quiet = run("lint", "north.yaml", "south.yaml", "--quiet")
    loud = run("lint", "north.yaml", "south.yaml")
    assert quiet.exit_code == loud.exit_code == 1
    assert quiet.stdout.splitlines() == loud.stdout.splitlines()[:-1]
    assert loud.stdout.splitlines()[-1].startswith("2 findings")
    assert [line.split(":")[0] for line in quiet.stdout.splitlines()] == [
        "north.yaml",
        "south.yaml",
    ]


# --- help ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["audit", "lint"])
def test_format_help_lists_every_format(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.replace("│", " ").split())
    names = [f.value for f in Format]
    assert f"Output format: {', '.join(names[:-1])} or {names[-1]}." in text
    for option in ("--exclude", "--stdin-filename", "--root"):
        assert option in text
    # Help is rich markup: text in square brackets would vanish.
    assert "paths relative to this folder (default: the repository root, found with git)." in text
    assert "a pyproject.toml with a tool.leadcheck table" in text


def test_every_format_named_in_help_works() -> None:
    write("plan.yaml", dedent(RIVERSIDE))
    for fmt in Format:
        result = run("audit", "plan.yaml", "-f", fmt.value)
        assert result.exit_code == 1, (fmt, result.stderr)
        assert result.stdout, fmt
