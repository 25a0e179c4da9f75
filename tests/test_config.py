"""Config files: discovery, precedence, validation with file and line, and effects.

Every test runs in its own folder marked as a repository root (`.git`), so the
walk up for a config file never leaves it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from textwrap import dedent
from typing import Any

import hypothesis
import pytest
from adopting import OVERLOADED, audit_json, open_findings, run, usage_error, write
from conftest import RIVERSIDE
from hypothesis import strategies as st

import leadcheck
from leadcheck import config as config_module
from leadcheck.engine import Options
from leadcheck.errors import ConfigError
from leadcheck.findings import Severity
from leadcheck.rules import registry
from leadcheck.settings import find_config


@pytest.fixture(autouse=True)
def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    write(tmp_path / "plan.yaml", RIVERSIDE)
    return tmp_path


def settings(*args: str) -> dict[str, Any]:
    result = run("config", "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# --- discovery ----------------------------------------------------------------------


def test_no_config_file_means_defaults(tmp_path: Path) -> None:
    data = settings()
    assert data["config_file"] is None
    assert data["settings"]["fail_on"] == {"value": "error", "source": "default"}
    assert data["settings"]["rules.LC204.max_roles"] == {"value": 3, "source": "default"}


def test_leadcheck_yaml_in_the_current_folder(tmp_path: Path) -> None:
    write(tmp_path / ".leadcheck.yaml", "# team settings\nfail_on: warning\n")
    data = settings()
    assert data["config_file"] == ".leadcheck.yaml"
    assert data["settings"]["fail_on"] == {"value": "warning", "source": ".leadcheck.yaml:2"}


def test_pyproject_found_from_a_nested_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "plans"\n\n[tool.leadcheck]\nfail_under = 75\n'
        "\n[tool.leadcheck.rules.LC204]\nmax_roles = 5\n",
    )
    nested = tmp_path / "plans" / "north"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    data = settings()
    assert data["config_file"] == "../../pyproject.toml"
    assert data["settings"]["fail_under"] == {"value": 75, "source": "../../pyproject.toml:5"}
    assert data["settings"]["rules.LC204.max_roles"] == {
        "value": 5,
        "source": "../../pyproject.toml:8",
    }


def test_pyproject_without_a_leadcheck_table_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / ".leadcheck.yaml", "fail_on: info\n")
    sub = tmp_path / "sub"
    write(
        sub / "pyproject.toml", '[project]\nname = "uses-leadcheck"\ndependencies = ["leadcheck"]\n'
    )
    assert find_config(sub) == (tmp_path / ".leadcheck.yaml").resolve()


def test_leadcheck_yaml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.leadcheck]\nfail_on = "info"\n')
    write(tmp_path / ".leadcheck.yaml", "fail_on: warning\n")
    assert settings()["settings"]["fail_on"]["value"] == "warning"


def test_the_nearest_file_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".leadcheck.yaml", "fail_on: warning\n")
    write(tmp_path / "team" / ".leadcheck.yml", "fail_on: info\n")
    monkeypatch.chdir(tmp_path / "team")
    data = settings()
    assert data["config_file"] == ".leadcheck.yml"
    assert data["settings"]["fail_on"]["value"] == "info"


def test_the_walk_stops_at_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".leadcheck.yaml", "fail_on: warning\n")
    repo = tmp_path / "checkout"
    (repo / ".git").mkdir(parents=True)
    (repo / "plans").mkdir()
    monkeypatch.chdir(repo / "plans")
    assert settings()["config_file"] is None


def test_a_git_file_marks_a_root_too(tmp_path: Path) -> None:
    """Worktrees and submodules have a `.git` file, not a folder."""
    write(tmp_path / ".leadcheck.yaml", "fail_on: warning\n")
    worktree = tmp_path / "wt"
    write(worktree / ".git", "gitdir: /elsewhere\n")
    assert find_config(worktree) is None


def test_no_config_ignores_the_file(tmp_path: Path) -> None:
    write(tmp_path / ".leadcheck.yaml", "fail_on: warning\nrules: {LC204: {max_roles: nine}}\n")
    assert settings("--no-config")["config_file"] is None
    code, _ = audit_json("plan.yaml", "--no-config", "--select", "LC203")
    assert code == 0  # warnings only, and the file's fail_on: warning is ignored


def test_config_names_a_file_anywhere(tmp_path: Path) -> None:
    write(tmp_path / "elsewhere" / "team.yaml", "fail_on: info\n")
    data = settings("--config", "elsewhere/team.yaml")
    assert data["config_file"] == "elsewhere/team.yaml"
    assert data["settings"]["fail_on"] == {"value": "info", "source": "elsewhere/team.yaml:1"}


def test_config_names_a_toml_file_read_from_its_top_level(tmp_path: Path) -> None:
    write(tmp_path / "leadcheck.toml", 'fail_on = "info"\nselect = ["LC2"]\n')
    data = settings("--config", "leadcheck.toml")
    assert data["settings"]["select"] == {"value": ["LC2"], "source": "leadcheck.toml:2"}


def test_config_and_no_config_together_is_a_usage_error() -> None:
    line = usage_error(run("audit", "plan.yaml", "--config", "x.yaml", "--no-config"))
    assert "--config and --no-config cannot be used together" in line


def test_config_file_that_does_not_exist() -> None:
    assert "missing.yaml: no such config file" in usage_error(
        run("audit", "plan.yaml", "--config", "missing.yaml")
    )


def test_named_pyproject_without_a_table_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    line = usage_error(run("audit", "plan.yaml", "--config", "pyproject.toml"))
    assert line == "leadcheck: error: pyproject.toml: has no [tool.leadcheck] table"


# --- precedence: defaults < file < command line -------------------------------------


def test_sources_of_each_setting(tmp_path: Path) -> None:
    write(
        tmp_path / ".leadcheck.yaml",
        dedent(
            """\
            select: [LC2, LC3]
            ignore: [LC204]
            fail_on: warning
            severity:
              LC607: warning
            rules:
              LC204: {max_roles: 4}
            """
        ),
    )
    data = settings("--fail-on", "info")["settings"]
    assert data["fail_on"] == {"value": "info", "source": "command line"}
    assert data["select"] == {"value": ["LC2", "LC3"], "source": ".leadcheck.yaml:1"}
    assert data["ignore"] == {"value": ["LC204"], "source": ".leadcheck.yaml:2"}
    assert data["severity.LC607"] == {"value": "warning", "source": ".leadcheck.yaml:5"}
    assert data["rules.LC204.max_roles"] == {"value": 4, "source": ".leadcheck.yaml:7"}
    assert data["rules.LC607.max_days"] == {"value": 14, "source": "default"}
    assert data["fail_under"] == {"value": None, "source": "default"}


def test_command_line_select_replaces_the_files_select_and_ignore(tmp_path: Path) -> None:
    write(tmp_path / ".leadcheck.yaml", "select: [LC3]\nignore: [LC2]\n")
    data = settings("--select", "LC201")["settings"]
    assert data["select"] == {"value": ["LC201"], "source": "command line"}
    assert data["ignore"] == {"value": [], "source": "command line (--select)"}
    _, report = audit_json("plan.yaml", "--select", "LC201")
    assert open_findings(report) == [("LC201", "ws-housing")]


def test_file_select_applies_when_the_command_line_has_none(tmp_path: Path) -> None:
    write(tmp_path / ".leadcheck.yaml", "select: champions\nignore: [LC203]\n")
    _, report = audit_json("plan.yaml")
    champions = [rid for rid, r in registry().items() if r.meta.theme == "champions"]
    assert [r["rule"] for r in report["files"][0]["rules"]] == [
        rid for rid in champions if rid != "LC203"
    ]
    assert open_findings(report) == [("LC201", "ws-housing")]


def test_command_line_ignore_replaces_the_files_ignore_only(tmp_path: Path) -> None:
    write(tmp_path / ".leadcheck.yaml", "select: [LC2]\nignore: [LC201]\n")
    _, report = audit_json("plan.yaml", "--ignore", "LC203")
    assert open_findings(report) == [("LC201", "ws-housing")]


@pytest.mark.parametrize(
    ("file_setting", "args", "code"),
    [
        ("", [], 0),  # default fail_on error: the LC203 warnings pass
        ("fail_on: warning\n", [], 1),  # the file makes warnings fail
        ("fail_on: warning\n", ["--fail-on", "error"], 0),  # the command line wins
        ("fail_under: 100\n", [], 1),
        ("fail_under: 100\n", ["--fail-under", "0"], 0),
    ],
)
def test_fail_settings_file_then_command_line(
    tmp_path: Path, file_setting: str, args: list[str], code: int
) -> None:
    write(tmp_path / ".leadcheck.yaml", f"select: [LC203]\n{file_setting}")
    result = run("audit", "plan.yaml", "-q", *args)
    assert result.exit_code == code, result.stdout + result.stderr


# --- effects ------------------------------------------------------------------------


def test_rule_parameters_change_the_outcome(tmp_path: Path) -> None:
    write(tmp_path / "busy.yaml", OVERLOADED)
    _, before = audit_json("busy.yaml", "--select", "LC204")
    assert open_findings(before) == [("LC204", "p-ana")]
    write(tmp_path / ".leadcheck.yaml", "rules: {LC204: {max_roles: 5}}\n")
    _, after = audit_json("busy.yaml", "--select", "LC204")
    assert open_findings(after) == []


def test_severity_override(tmp_path: Path) -> None:
    write(tmp_path / ".leadcheck.yaml", "severity:\n  LC201: info\n")
    code, report = audit_json("plan.yaml", "--select", "LC201")
    assert code == 0
    assert [(f["rule"], f["severity"]) for f in report["findings"]] == [("LC201", "info")]


def test_organisation_wide_waiver(tmp_path: Path) -> None:
    write(
        tmp_path / ".leadcheck.yaml",
        dedent(
            """\
            waivers:
              - rule: LC201
                target: ws-housing
                reason: Housing first starts in the autumn; champion recruited in August.
                owner: p-ana
                expires: 2026-12-31
              - rule: LC405
                target: tvh
                reason: The trust's gap; other plans have no such partner, and that is fine.
                owner: p-ana
                expires: 2026-12-31
            """
        ),
    )
    _, report = audit_json("plan.yaml")
    waived = [(f["rule"], f["target"]) for f in report["findings"] if f["waived"]]
    assert waived == [("LC201", "ws-housing")]
    assert ("LC405", "rc") in open_findings(report)
    # Unlike a plan's own waiver, one that matches nothing in this plan is no LC007.
    assert "LC007" not in {f["rule"] for f in report["findings"]}
    reasons = [f["waiver_reason"] for f in report["findings"] if f["waived"]]
    assert reasons[0].startswith("Housing first starts")


def test_an_expired_organisation_wide_waiver_stops_waiving(tmp_path: Path) -> None:
    write(
        tmp_path / ".leadcheck.yaml",
        "waivers:\n  - {rule: LC201, reason: old, owner: p-ana, expires: 2026-01-31}\n",
    )
    code, report = audit_json("plan.yaml", "--select", "LC201")
    assert code == 1
    # The plan does not get an LC006 for the config's waiver: it is not in the plan.
    assert open_findings(report) == [("LC201", "ws-housing")]


def test_exclude_globs_apply_to_folders_searched(tmp_path: Path) -> None:
    write(tmp_path / "plans" / "north.yaml", RIVERSIDE)
    write(tmp_path / "plans" / "archive" / "old.yaml", "not: [valid")
    write(tmp_path / "plans" / "south.draft.yaml", "not: [valid")
    write(tmp_path / ".leadcheck.yaml", "exclude: ['plans/archive', '*.draft.yaml']\n")
    _, report = audit_json("plans", "--select", "LC201")
    assert [f["file"] for f in report["files"]] == ["plans/north.yaml"]
    # A file named outright is checked whatever the globs say.
    _, named = audit_json("plans/south.draft.yaml")
    assert open_findings(named)[0][0] == "LC001"


def test_exclude_that_leaves_nothing_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path / "plans" / "north.yaml", RIVERSIDE)
    write(tmp_path / ".leadcheck.yaml", "exclude: plans/*\n")
    assert "exclude leaves out every one" in usage_error(run("audit", "plans"))


def test_lint_reads_the_config_too(tmp_path: Path) -> None:
    write(tmp_path / ".leadcheck.yaml", "rules: {LC204: {max_role: 5}}\n")
    assert ".leadcheck.yaml:1:" in usage_error(run("lint", "plan.yaml"))
    assert run("lint", "plan.yaml", "--no-config").exit_code == 0


# --- mistakes: exit 2 with the file, the line and a suggestion ----------------------

MISTAKES = [
    (
        "rules:\n  LC204:\n    max_role: 5\n",
        ".leadcheck.yaml:3:5: rule LC204 (champion-overload) has no parameter 'max_role' "
        "(did you mean 'max_roles'?); its parameters: max_roles",
    ),
    (
        "rules:\n  LC2O4: {max_roles: 5}\n",
        ".leadcheck.yaml:2:3: rules.LC2O4: unknown rule 'LC2O4' (did you mean 'LC204'?)",
    ),
    (
        "rules:\n  LC204:\n    max_roles: five\n",
        ".leadcheck.yaml:3:16: rule LC204 (champion-overload) parameter 'max_roles' "
        "must be a whole number, not 'five'",
    ),
    (
        "rules:\n  LC204: {max_roles: 0}\n",
        ".leadcheck.yaml:2:22: rule LC204 (champion-overload) parameter 'max_roles' "
        "must be at least 1, not 0",
    ),
    (
        "# settings\nselcet: [LC2]\n",
        ".leadcheck.yaml:2:1: selcet: unknown key 'selcet' (did you mean 'select'?)",
    ),
    (
        "select: [LC2, LC9x]\n",
        ".leadcheck.yaml:1:15: select[1]: unknown rule, slug or theme 'LC9x'",
    ),
    (
        "ignore: [chamipons]\n",
        "ignore[0]: unknown rule, slug or theme 'chamipons' (did you mean 'champions'?)",
    ),
    (
        "severity:\n  LC607: loud\n",
        ".leadcheck.yaml:2:10: severity.LC607: 'loud' is not one of error, warning, info",
    ),
    (
        "severity:\n  LC001: info\n",
        ".leadcheck.yaml:2:3: severity.LC001: LC001 is a structure rule and cannot be configured",
    ),
    (
        "severity: {champion-overload: info}\n",
        "severity.champion-overload: name rules by id: write LC204 for 'champion-overload'",
    ),
    (
        "fail_on: no\n",
        ".leadcheck.yaml:1:10: fail_on: false is not one of error, warning, info, never "
        "(YAML reads unquoted yes/no as true/false)",
    ),
    (
        "fail_under: 120\n",
        ".leadcheck.yaml:1:13: fail_under: 120 is out of range; it must be at most 100",
    ),
    (
        'fail_under: "80"\n',
        ".leadcheck.yaml:1:13: fail_under: expected a number, got '80'",
    ),
    (
        "waiver_max_days: 0\n",
        "waiver_max_days: 0 is out of range; it must be at least 1",
    ),
    ("rules: [LC204]\n", ".leadcheck.yaml:1:8: rules: expected a mapping, got a list"),
    (
        "waivers:\n  - rule: LC201\n    owner: p-ana\n    expires: 2026-01-01\n",
        ".leadcheck.yaml:2:5: waivers[0].reason: missing required field 'reason'",
    ),
    (
        "waivers:\n  - {rule: LC2001, reason: x, owner: p-ana, expires: 2026-01-01}\n",
        ".leadcheck.yaml:2:12: waivers[0].rule: unknown rule 'LC2001' (did you mean 'LC201'?)",
    ),
    (
        "waivers:\n  - {rule: LC003, reason: x, owner: p-ana, expires: 2026-01-01}\n",
        "waivers[0].rule: LC003 is a structure rule and cannot be waived",
    ),
    (
        "waivers:\n  - {rule: LC201, reason: x, owner: p-ana, expires: 2026-13-01}\n",
        "waivers[0].expires: '2026-13-01' is not a valid date; write YYYY-MM-DD",
    ),
    (
        "waivers:\n  - {rule: LC201, reasn: x, owner: p-ana, expires: 2026-01-01}\n",
        "unknown key 'reasn' (did you mean 'reason'?)",
    ),
    (
        "fail_on: [warning\n",
        ".leadcheck.yaml:1:10: the list that starts with '[' here is never closed",
    ),
    ("- LC201\n", ".leadcheck.yaml:1:1: the config must be a mapping of settings"),
    ("a: 1\na: 2\n", ".leadcheck.yaml:2:1: key 'a' appears twice"),
]


@pytest.mark.parametrize(("text", "message"), MISTAKES)
def test_config_mistakes_are_usage_errors_with_file_and_line(
    tmp_path: Path, text: str, message: str
) -> None:
    write(tmp_path / ".leadcheck.yaml", text)
    line = usage_error(run("audit", "plan.yaml"))
    assert line.startswith("leadcheck: error: .leadcheck.yaml:")
    assert message in line


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[tool.leadcheck.rules.LC204]\nmax_role = 5\n",
            "pyproject.toml:2:1: rule LC204 (champion-overload) has no parameter 'max_role' "
            "(did you mean 'max_roles'?)",
        ),
        (
            "[tool.leadcheck]\nfail_on = 'error'\n\n[tool.leadcheck.rules.LC2O4]\nmax_roles = 5\n",
            "pyproject.toml:4:1: rules.LC2O4: unknown rule 'LC2O4' (did you mean 'LC204'?)",
        ),
        (
            "[tool.leadcheck]\nrules = { LC204 = { max_roles = 'five' } }\n",
            "pyproject.toml:2:9: rule LC204 (champion-overload) parameter 'max_roles' must be "
            "a whole number, not 'five'",
        ),
        (
            '[tool.leadcheck]\nreason = """\nselcet = 1\n"""\nselcet = ["LC2"]\n',
            "pyproject.toml:2:1: reason: unknown key 'reason'",
        ),
        ("[tool.leadcheck]\nselect = [\n", "pyproject.toml: not valid TOML: "),
        ("[tool]\nleadcheck = 3\n", "pyproject.toml:2: [tool.leadcheck] must be a table"),
        (
            "[[tool.leadcheck.waivers]]\nrule = 'LC201'\nreason = 'x'\nowner = 'p'\n"
            "expires = 2026-01-01\n\n[[tool.leadcheck.waivers]]\nrule = 'LC9'\n",
            "pyproject.toml:8:8: waivers[1].rule: 'LC9' is not a rule id such as LC201",
        ),
    ],
)
def test_pyproject_mistakes_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path / "pyproject.toml", text)
    line = usage_error(run("audit", "plan.yaml"))
    assert message in line


def test_several_mistakes_report_the_first_and_count_the_rest(tmp_path: Path) -> None:
    write(tmp_path / ".leadcheck.yaml", "fail_under: 200\nfail_on: loud\n")
    line = usage_error(run("audit", "plan.yaml"))
    assert ".leadcheck.yaml:1:13: fail_under:" in line
    assert line.endswith("(and 1 more)")


@pytest.mark.parametrize("text", ["", "# nothing set yet\n", "---\n", "~\n"])
def test_an_empty_config_is_allowed(tmp_path: Path, text: str) -> None:
    write(tmp_path / ".leadcheck.yaml", text)
    assert settings()["config_file"] == ".leadcheck.yaml"
    assert run("audit", "plan.yaml", "-q").exit_code == 1  # LC201 error, as by default


def test_a_config_that_is_not_text(tmp_path: Path) -> None:
    (tmp_path / ".leadcheck.yaml").write_bytes(b"fail_on: \xff\xfe error\n")
    assert ".leadcheck.yaml:1:" in usage_error(run("audit", "plan.yaml"))


def test_a_config_that_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "cfg.yaml").mkdir()
    line = usage_error(run("audit", "plan.yaml", "--config", "cfg.yaml"))
    assert "cfg.yaml: no such config file" in line
    with pytest.raises(ConfigError, match=r"cfg.yaml: cannot read config file"):
        config_module.load(tmp_path / "cfg.yaml")


def test_toml_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.leadcheck]\nfail_on = "\xff"\n')
    assert "pyproject.toml: not valid UTF-8 at byte" in usage_error(run("audit", "plan.yaml"))


def test_command_line_selectors_are_checked_by_config_too() -> None:
    line = usage_error(run("config", "--select", "LC9x"))
    assert "unknown rule, slug or theme 'LC9x'" in line


# --- the same mistakes through the Python API ----------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules: {LC204: {max_role: 5}}\n", "has no parameter 'max_role'"),
        ("rules: {LC2O4: {max_roles: 5}}\n", "unknown rule 'LC2O4' (did you mean 'LC204'?)"),
        ("rules: {LC204: {max_roles: 2.5}}\n", "must be a whole number, not 2.5"),
    ],
)
def test_api_config_files_raise_config_error(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "team.yaml", text)
    with pytest.raises(ConfigError) as raised:
        leadcheck.audit(text=RIVERSIDE, config=config_module.load(path).options())
    assert str(raised.value).startswith(f"{path}:1:")
    assert message in str(raised.value)


@pytest.mark.parametrize(
    "options",
    [
        Options(params={"LC204": {"max_role": 5}}),
        Options(params={"LC2O4": {"max_roles": 5}}),
        Options(params={"LC204": {"max_roles": "five"}}),
        Options(severity={"LC2O4": Severity.INFO}),
    ],
)
def test_api_options_raise_config_error(options: Options) -> None:
    with pytest.raises(ConfigError):
        leadcheck.audit(text=RIVERSIDE, config=options)
    assert issubclass(ConfigError, ValueError)


def test_api_options_from_a_config_file_change_the_outcome(tmp_path: Path) -> None:
    path = write(tmp_path / "team.yaml", "rules: {LC204: {max_roles: 5}}\nselect: [LC204]\n")
    options = config_module.load(path).options()
    assert leadcheck.audit(text=OVERLOADED, config=options).findings == ()
    assert [f.rule for f in leadcheck.audit(text=OVERLOADED, config=Options()).findings].count(
        "LC204"
    ) == 1


def test_check_accepts_data_without_a_file() -> None:
    with pytest.raises(ConfigError, match=r"^<config>:1:1: selcet: unknown key"):
        config_module.check({"selcet": ["LC2"]})
    assert config_module.check({"fail_on": "info"}).values == {"fail_on": "info"}


# --- config and schema commands ------------------------------------------------------


def test_config_table(tmp_path: Path) -> None:
    write(tmp_path / ".leadcheck.yaml", "select: [LC2]\nrules: {LC204: {max_roles: 5}}\n")
    result = run("config")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "config file: .leadcheck.yaml"
    assert lines[2].split() == ["setting", "value", "source"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[3:]}
    assert rows["select"] == ["LC2", ".leadcheck.yaml:1"]
    assert rows["rules.LC204.max_roles"] == ["5", ".leadcheck.yaml:2"]
    assert rows["fail_under"] == ["-", "default"]
    assert rows["waivers"] == ["-", "default"]


def test_config_table_shows_strings_literally(tmp_path: Path) -> None:
    write(tmp_path / ".leadcheck.yaml", 'exclude: ["[bold]x\\e[31m"]\n')
    result = run("config")
    assert "[bold]x␛[31m" in result.stdout
    assert "\x1b" not in result.stdout


def test_config_shows_waivers(tmp_path: Path) -> None:
    write(
        tmp_path / ".leadcheck.yaml",
        "waivers:\n  - {rule: LC201, target: ws-a, reason: r, owner: p, expires: 2026-01-01}\n",
    )
    assert settings()["settings"]["waivers"] == {
        "value": ["LC201/ws-a"],
        "source": ".leadcheck.yaml:1",
    }


def test_schema_config_is_a_valid_schema_that_matches_the_model(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    result = run("schema", "--config")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    good = {
        "select": ["LC2"],
        "severity": {"LC607": "warning"},
        "rules": {"LC204": {"max_roles": 4}},
        "fail_on": "warning",
        "fail_under": 80,
    }
    assert list(validator.iter_errors(good)) == []
    for bad in (
        {"selcet": ["LC2"]},
        {"rules": {"LC204": {"max_role": 4}}},
        {"rules": {"LC204": {"max_roles": 2.5}}},
        {"rules": {"LC2O4": {}}},
        {"severity": {"LC607": "loud"}},
    ):
        assert list(validator.iter_errors(bad)), bad


# --- start-up: no config file, nothing more imported ---------------------------------


def test_a_run_without_a_config_file_does_not_import_the_config_code(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from leadcheck.cli import main\n"
        "sys.argv = ['leadcheck', 'audit', 'plan.yaml', '-f', 'json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in ('leadcheck.config', 'leadcheck.baseline', 'leadcheck.diff',"
        " 'leadcheck.history', 'leadcheck.git', 'tomllib') if m in sys.modules]\n"
        "sys.stderr.write(repr(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert done.stderr == "[]"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"select": None}, "select: expected a list, got an empty value"),
        ({"select": {"a": 1}}, "select: expected a list, got a mapping"),
        ({"exclude": [1]}, "exclude[0]: expected text, got 1"),
        ({"as_of_max_age_days": 2.5}, "as_of_max_age_days: expected a whole number, got 2.5"),
        ({"waivers": [3]}, "waivers[0]: expected a mapping of fields, got 3"),
        ({"severity": {"LC204": None}}, "an empty value is not one of error, warning, info"),
    ],
)
def test_wrong_types_in_words(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        config_module.check(data)
    assert message in str(raised.value)


def test_an_unforeseen_pydantic_error_keeps_its_own_words() -> None:
    error: Any = {"type": "something_new", "loc": ("x",), "msg": "Odd input", "input": 1}
    assert config_module._message(error, ("x",)) == "Odd input"


def test_a_pyproject_that_never_mentions_leadcheck_is_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "pyproject.toml", "this is not [valid toml\n")
    assert find_config(tmp_path) is None  # not parsed, so no error either


def test_an_unreadable_pyproject_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "pyproject.toml", "[tool.leadcheck]\n")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert find_config(tmp_path) is None


def test_a_broken_pyproject_meant_for_leadcheck_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.leadcheck]\nselect = [\n")
    assert find_config(tmp_path) == (tmp_path / "pyproject.toml").resolve()
    write(tmp_path / "pyproject.toml", '[project]\nname = "leadcheck-fan"\nx = [\n')
    assert find_config(tmp_path) is None


@pytest.mark.parametrize("command", ["config", "diff", "history"])
def test_new_commands_have_help_with_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"Example: leadcheck {command}" in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    ("text", "ours"),
    [
        ("[tool]\nother = 1\n", False),
        ("[tool]\nleadcheck = { fail_on = 'info' }\n", True),
        ("tool.leadcheck.fail_on = 'info'\n", True),
        ('[project]\ndependencies = ["leadcheck"]\n\n[tool.ruff]\nline-length = 100\n', False),
    ],
)
def test_which_pyproject_files_hold_settings(tmp_path: Path, text: str, ours: bool) -> None:
    write(tmp_path / "pyproject.toml", text)
    assert (find_config(tmp_path) is not None) is ours


def test_the_committed_config_schema_is_current() -> None:
    """docs/config.schema.json is what `leadcheck schema --config` prints (regenerate with
    `leadcheck schema --config > docs/config.schema.json`)."""
    docs = Path(__file__).resolve().parent.parent / "docs" / "config.schema.json"
    assert run("schema", "--config").stdout == docs.read_text(encoding="utf-8")


def _blocks(doc: str, language: str) -> list[str]:
    path = Path(__file__).resolve().parent.parent / doc
    return re.findall(rf"```{language}\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize(
    ("doc", "language", "name"),
    [
        ("README.md", "yaml", ".leadcheck.yaml"),
        ("docs/adopting.md", "yaml", ".leadcheck.yaml"),
        ("docs/adopting.md", "toml", "pyproject.toml"),
    ],
)
def test_documented_configs_are_valid(tmp_path: Path, doc: str, language: str, name: str) -> None:
    block = next(b for b in _blocks(doc, language) if "fail_on" in b)
    config = config_module.load(write(tmp_path / name, block))
    assert config.values["fail_on"] == "warning"
    assert config.values["params"]["LC204"] == {"max_roles": 4}
    assert config.values["severity"] == {"LC607": Severity.WARNING}
    assert [w.rule for w in config.values["waivers"]] == ["LC505"]


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 500),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    st.sampled_from(["LC204", "LC2", "champions", "warning", "never", "2026-01-01"]),
    st.dates(),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.one_of(st.sampled_from(["LC204", "max_roles", "rule", "reason"]), st.text()),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=8,
)


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(
    st.dictionaries(
        st.one_of(st.sampled_from(config_module.KEYS), st.text(max_size=6)),
        _VALUES,
        max_size=4,
    )
)
def test_any_config_data_is_accepted_or_a_config_error(data: dict[str, Any]) -> None:
    message = None
    try:
        checked = config_module.check(data)
    except ConfigError as exc:
        message = str(exc)
    if message is None:
        assert set(checked.values) <= {*config_module.KEYS, "params"}
    else:  # one line, control characters made visible
        assert message.startswith("<config>:")
        assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]", message), message
