"""Editors and shells: the schema modeline `leadcheck init` writes, the schema file
beside the plan, the problem matcher in docs/editors.md, and shell completion."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

import pytest
from conftest import ROOT
from typer.testing import CliRunner, Result

from leadcheck import __version__, links
from leadcheck.cli import app
from leadcheck.formats import Format
from leadcheck.schema import plan_schema, plan_schema_json

MODELINE = "# yaml-language-server: $schema="
EDITORS = ROOT / "docs" / "editors.md"


@pytest.fixture(autouse=True)
def _here(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def modeline_target(plan: Path) -> str:
    first = plan.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE), first
    target = first.removeprefix(MODELINE)
    assert " " not in target  # yaml-language-server reads the modeline up to a space
    return target


def resolve(plan: Path, target: str) -> Path:
    """The file a modeline's target names, resolved as yaml-language-server does:
    a URI reference relative to the plan's own URI."""
    url = urljoin(plan.resolve().as_uri(), target)
    parts = urlsplit(url)
    assert parts.scheme == "file", url
    return Path(url2pathname(unquote(parts.path)))


def lint_clean(plan: Path) -> None:
    result = run("lint", str(plan))
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "no findings in 1 file\n"


# --- init: the modeline -------------------------------------------------------------


def test_init_points_the_plan_at_the_schema_published_for_this_version() -> None:
    result = run("init", "plan.yaml")
    assert result.exit_code == 0, result.stderr
    target = modeline_target(Path("plan.yaml"))
    assert target == (
        "https://raw.githubusercontent.com/leadcheck/leadcheck/"
        f"v{__version__}/docs/plan.schema.json"
    )
    assert target == links.plan_schema_url(__version__)
    assert target.startswith(links.HOMEPAGE.replace("github.com", "raw.githubusercontent.com"))
    # The path after the tag is the committed schema, kept equal to `leadcheck schema`
    # (tests/test_examples.py), so the URL serves the schema this version reads.
    committed = ROOT / target.split(f"/v{__version__}/", 1)[1]
    assert committed.read_text(encoding="utf-8") == plan_schema_json()
    lint_clean(Path("plan.yaml"))


@pytest.mark.parametrize(
    ("plan", "schema", "written"),
    [
        ("plan.yaml", "plan.schema.json", "plan.schema.json"),
        ("plans/north.yaml", "plans/plan.schema.json", "plan.schema.json"),
        ("plans/north.yaml", "schemas/plan.schema.json", "../schemas/plan.schema.json"),
        ("plans/2026/north.yaml", "plan.schema.json", "../../plan.schema.json"),
        ("plans/north.yaml", "my schemas/plan #1.json", "../my%20schemas/plan%20%231.json"),
    ],
)
def test_init_with_a_schema_file_points_the_plan_at_it(
    tmp_path: Path, plan: str, schema: str, written: str
) -> None:
    for path in (plan, schema):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    result = run("init", plan, "--schema-file", schema)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"wrote {plan}; check it with: leadcheck audit {plan}",
        f"wrote {schema}, the plan format that editors check {plan} against",
    ]
    target = modeline_target(Path(plan))
    assert target == written
    assert resolve(Path(plan), target) == (tmp_path / schema).resolve()
    assert json.loads(Path(schema).read_text(encoding="utf-8")) == plan_schema()
    lint_clean(Path(plan))


def test_init_with_an_absolute_schema_file(tmp_path: Path) -> None:
    schema = tmp_path / "shared" / "plan.schema.json"
    schema.parent.mkdir()
    Path("plans").mkdir()
    assert run("init", "plans/north.yaml", "--schema-file", str(schema)).exit_code == 0
    assert modeline_target(Path("plans/north.yaml")) == "../shared/plan.schema.json"


def test_init_refreshes_a_leadcheck_schema_but_keeps_other_files() -> None:
    Path("plan.schema.json").write_text(plan_schema_json(), encoding="utf-8")
    assert run("init", "a.yaml", "--schema-file", "plan.schema.json").exit_code == 0  # same
    older = plan_schema_json().replace('"title"', '"x-older": true, "title"', 1)
    Path("plan.schema.json").write_text(older, encoding="utf-8")
    assert run("init", "b.yaml", "--schema-file", "plan.schema.json").exit_code == 0
    assert Path("plan.schema.json").read_text(encoding="utf-8") == plan_schema_json()

    Path("mine.json").write_text('{"mine": true}\n', encoding="utf-8")
    result = run("init", "c.yaml", "--schema-file", "mine.json")
    assert result.exit_code == 2
    assert result.stderr == (
        "leadcheck: error: mine.json already exists and is not a leadcheck plan schema; "
        "use --force to overwrite it\n"
    )
    assert not Path("c.yaml").exists()
    assert Path("mine.json").read_text(encoding="utf-8") == '{"mine": true}\n'
    assert run("init", "c.yaml", "--schema-file", "mine.json", "--force").exit_code == 0
    assert Path("mine.json").read_text(encoding="utf-8") == plan_schema_json()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan.yaml", "--schema-file", "plan.yaml"], "--schema-file plan.yaml is the plan itself"),
        (["plan.yaml", "--schema-file", "."], "--schema-file . is a folder"),
        (["no/plan.yaml", "--schema-file", "s.json"], "no/plan.yaml: cannot write: folder"),
    ],
)
def test_init_schema_file_mistakes_write_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = run("init", *args)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"leadcheck: error: {message}"), line
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- docs/editors.md ----------------------------------------------------------------


def test_the_problem_matcher_in_the_docs_reads_lint_output() -> None:
    """docs/editors.md's VS Code task turns `leadcheck lint` lines into problems."""
    text = EDITORS.read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```jsonc\n(.*?)```", text, re.S) if "problemMatcher" in b]
    task = json.loads(block)["tasks"][0]
    assert task["command"] == "leadcheck"
    assert task["args"][:2] == ["lint", "-q"]
    pattern = task["problemMatcher"]["pattern"]
    regex = re.compile(pattern["regexp"])
    Path("plan.yaml").write_text(
        "partnership:\n  name: X\npartners:\n  - id: rc\n    name: R\n    tpye: council\n",
        encoding="utf-8",
    )
    result = run("lint", "-q", "plan.yaml")
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    match = regex.fullmatch(line)
    assert match is not None, (pattern["regexp"], line)
    got = {name: match.group(pattern[name]) for name in ("file", "line", "column", "severity")}
    assert got == {"file": "plan.yaml", "line": "6", "column": "5", "severity": "error"}
    assert match.group(pattern["code"]) == "LC002"
    assert "unknown key 'tpye'" in match.group(pattern["message"])


def test_the_docs_init_command_writes_the_first_line_they_show(tmp_path: Path) -> None:
    text = EDITORS.read_text(encoding="utf-8")
    (command,) = re.findall(r"```sh\n\s*(.*?)\n\s*```", text)
    (first_line,) = re.findall(r"```yaml\n\s*(.*?)\n\s*```", text)
    args = shlex.split(command)
    assert args[0] == "leadcheck"
    Path("plans").mkdir()  # a project's plans folder
    result = run(*args[1:])
    assert result.exit_code == 0, result.stderr
    plan = Path(args[2])
    assert plan.read_text(encoding="utf-8").splitlines()[0] == first_line
    assert resolve(plan, modeline_target(plan)) == (tmp_path / args[-1]).resolve()
    lint_clean(plan)


def test_editors_doc_is_linked_from_the_readme_and_the_starter() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/editors.md)" in readme
    starter = (ROOT / "leadcheck" / "templates" / "starter.yaml").read_text(encoding="utf-8")
    assert "docs/editors.md" in starter.splitlines()[1]


# --- shell completion ---------------------------------------------------------------


def test_completion_options_are_in_the_top_level_help_only() -> None:
    top = run("--help").stdout
    assert "--install-completion" in top
    assert "--show-completion" in top
    audit = run("audit", "--help").stdout
    assert "--install-completion" not in audit


def _script() -> Path:
    """The installed console script (as a shell would run it)."""
    script = Path(sys.executable).parent / ("leadcheck.exe" if os.name == "nt" else "leadcheck")
    assert script.exists(), script
    return script


def _leadcheck(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [str(_script()), *args], capture_output=True, text=True, env=full_env, timeout=60
    )


def test_show_completion_prints_the_script_for_the_shell_in_use() -> None:
    """Typer finds the shell among the parent processes: here, bash."""
    done = subprocess.run(
        ["bash", "-c", f"{shlex.quote(str(_script()))} --show-completion"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "complete -o default -F _leadcheck_completion leadcheck" in done.stdout
    assert "_LEADCHECK_COMPLETE=complete_bash" in done.stdout


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o default -F _leadcheck_completion leadcheck"),
        ("zsh", "#compdef leadcheck"),
        ("fish", "complete --command leadcheck"),
        ("powershell", "Register-ArgumentCompleter"),
    ],
)
def test_each_shells_script_by_name(shell: str, marker: str) -> None:
    """docs/shell-completion.md: `_LEADCHECK_COMPLETE=source_<shell> leadcheck`."""
    done = _leadcheck(env={"_LEADCHECK_COMPLETE": f"source_{shell}"})
    assert done.returncode == 0, done.stderr
    assert marker in done.stdout
    doc = (ROOT / "docs" / "shell-completion.md").read_text(encoding="utf-8")
    assert f"source_{shell}" in doc


def _complete(words: str) -> list[str]:
    done = _leadcheck(
        env={
            "_LEADCHECK_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        }
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_completion_completes_commands_options_and_formats() -> None:
    assert _complete("leadcheck au") == ["audit"]
    assert "--stdin-filename" in _complete("leadcheck audit --std")
    assert _complete("leadcheck audit -f ") == [f.value for f in Format]
    assert _complete("leadcheck lint --format sa") == ["sarif"]


def test_completion_does_not_change_an_audit(tmp_path: Path) -> None:
    plan = ROOT / "examples" / "ready.yaml"
    done = _leadcheck("audit", str(plan), "-f", "json", "--as-of", "2026-06-30")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout)["readiness"] == "ready"
