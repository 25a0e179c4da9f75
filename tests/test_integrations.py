"""pre-commit hooks, the GitHub Action and the CI examples, run as their users run them.

The tests marked `tools` use the real pre-commit and check-jsonschema clients
(from the dev extra; check-jsonschema's schemas ship inside the package, so no
network is needed). The action's own shell scripts are run with bash, with the
inputs passed as GitHub passes them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, ROOT

DATA = Path(__file__).resolve().parent / "data"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
ACTION = ROOT / "action.yml"
WORKFLOW = ROOT / "docs" / "examples" / "leadcheck.yml"
GITLAB_CI = ROOT / "docs" / "examples" / "gitlab-ci.yml"
BIN = Path(sys.executable).parent
BROKEN_PLAN = "partnership:\n  name: Broken\npartners: [\n"


def _clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without CI variables that would change leadcheck's output."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GITHUB_", "PRE_COMMIT", "CI_", "LEADCHECK_"))
    }
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return {**env, **extra}


# --- pre-commit ---------------------------------------------------------------------


def _hooks() -> dict[str, dict[str, Any]]:
    return {h["id"]: h for h in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}


def test_hook_manifest_offers_lint_and_audit() -> None:
    hooks = _hooks()
    assert set(hooks) == {"leadcheck-lint", "leadcheck-audit"}
    assert hooks["leadcheck-lint"]["entry"] == "leadcheck lint"
    assert hooks["leadcheck-audit"]["entry"].startswith("leadcheck audit")
    assert "--no-step-summary" in hooks["leadcheck-audit"]["entry"]  # many batches, one step
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types"] == ["yaml"]


@pytest.mark.parametrize(
    ("path", "checked"),
    [
        ("examples/gaps.yaml", True),
        ("plans/north.yml", True),
        ("plans/action-plan.yaml", True),
        ("partnership.YAML", False),  # pre-commit's `types: [yaml]` wants .yaml/.yml
        ("README.md", False),
        (".github/workflows/ci.yml", False),
        (".gitlab-ci.yml", False),
        (".pre-commit-config.yaml", False),
        ("sub/.leadcheck.yaml", False),
        ("action.yml", False),
        ("deploy/docker-compose.yml", False),
    ],
)
def test_hook_file_pattern(path: str, checked: bool) -> None:
    for hook in _hooks().values():
        selected = bool(re.search(hook["files"], path)) and not re.search(hook["exclude"], path)
        assert selected is checked, (hook["id"], path)


def _hook_repo(dest: Path) -> Path:
    """A git repository with the hooks and the package as they are in this checkout.

    try-repo reads a repository's committed files (and uncommitted changes to
    tracked ones), so the checkout itself would hide files not yet committed.
    """
    dest.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(
        ROOT / "leadcheck", dest / "leadcheck", ignore=shutil.ignore_patterns("__pycache__")
    )
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-C", str(dest)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "--no-gpg-sign", "-m", "hooks"], check=True)
    return dest


@pytest.mark.tools
def test_pre_commit_try_repo_runs_the_lint_hook(tmp_path: Path) -> None:
    """The real client, as a user tries the hooks: passes on the examples, fails on a
    broken plan. (Each try-repo builds the hook's environment afresh, some 15 s.)"""
    repo = _hook_repo(tmp_path / "hooks")
    work = tmp_path / "work"
    (work / "examples").mkdir(parents=True)
    for plan in EXAMPLES.glob("*.yaml"):
        shutil.copy2(plan, work / "examples" / plan.name)
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    env = _clean_env(PRE_COMMIT_HOME=str(tmp_path / "cache"), PRE_COMMIT_COLOR="never")

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pre_commit", "try-repo", str(repo), "leadcheck-lint"]
        return subprocess.run(
            [*command, "--files", *files],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    plans = sorted(f"examples/{p.name}" for p in EXAMPLES.glob("*.yaml"))
    ok = try_repo(*plans)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert re.search(r"leadcheck lint\.+Passed", ok.stdout), ok.stdout

    (work / "examples" / "broken.yaml").write_text(BROKEN_PLAN, encoding="utf-8")
    bad = try_repo(*plans, "examples/broken.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert re.search(r"leadcheck lint\.+Failed", bad.stdout), bad.stdout
    assert "examples/broken.yaml:4:1: error LC001" in bad.stdout


@pytest.mark.parametrize("hook", ["leadcheck-lint", "leadcheck-audit"])
def test_hook_entries_pass_and_fail(hook: str, tmp_path: Path) -> None:
    """Each hook's entry, run as pre-commit runs it: the files appended."""
    entry = _hooks()[hook]["entry"].split()
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN_PLAN, encoding="utf-8")
    summary = tmp_path / "summary.md"

    def run(*files: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*entry, *map(str, files)],
            env=_clean_env(GITHUB_STEP_SUMMARY=str(summary)),
            capture_output=True,
            text=True,
        )

    assert run(EXAMPLES / "ready.yaml").returncode == 0
    failed = run(EXAMPLES / "ready.yaml", broken)
    assert failed.returncode == 1
    assert "LC001" in failed.stdout
    if hook == "leadcheck-audit":
        assert run(EXAMPLES / "gaps.yaml").returncode == 1
    assert not summary.exists()  # pre-commit runs a hook in batches: no job summaries


# --- schemas of the action and the CI examples ---------------------------------------


def _check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        env=_clean_env(),
    )


@pytest.mark.tools
@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("vendor.github-actions", ACTION),
        ("vendor.github-workflows", WORKFLOW),
        ("vendor.gitlab-ci", GITLAB_CI),
    ],
)
def test_action_and_ci_examples_are_valid(schema: str, path: Path, tmp_path: Path) -> None:
    done = _check_jsonschema(schema, path)
    assert done.returncode == 0, done.stdout + done.stderr
    # ...and the check can fail: the same file with a misspelt key does not pass.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["runz" if path == ACTION else "jobz" if path == WORKFLOW else "leadcheck"] = {"x": 1}
    broken = tmp_path / path.name
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert _check_jsonschema(schema, broken).returncode == 1


def test_docs_show_the_example_files() -> None:
    for doc, example in (
        (ROOT / "docs" / "github-actions.md", WORKFLOW),
        (ROOT / "docs" / "gitlab-ci.md", GITLAB_CI),
    ):
        text = doc.read_text(encoding="utf-8")
        assert f"```yaml\n{example.read_text(encoding='utf-8')}```" in text, doc


# --- the action's scripts, run with bash --------------------------------------------

EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def _step(step_id: str | None = None, name: str | None = None) -> dict[str, Any]:
    steps = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["runs"]["steps"]
    return next(s for s in steps if (step_id, name) in ((s.get("id"), None), (None, s.get("name"))))


def _inputs(**given: str) -> dict[str, str]:
    declared = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["inputs"]
    unknown = set(given) - {k.replace("-", "_") for k in declared}
    assert not unknown, unknown
    return {
        k: given.get(k.replace("-", "_"), str(v.get("default", ""))) for k, v in declared.items()
    }


def _run_step(
    step: dict[str, Any], context: dict[str, str], cwd: Path, tmp: Path
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run a `shell: bash` step as the runner would: its env expressions filled in."""
    assert step["shell"] == "bash"
    assert "${{" not in step["run"], "inputs must reach scripts through env only"

    def fill(value: str) -> str:
        def one(match: re.Match[str]) -> str:
            assert match.group(1) in context, f"unknown expression {match.group(1)}"
            return context[match.group(1)]

        return EXPRESSION.sub(one, value)

    output = tmp / "github_output"
    output.write_text("", encoding="utf-8")
    env = _clean_env(
        GITHUB_OUTPUT=str(output), **{k: fill(str(v)) for k, v in step.get("env", {}).items()}
    )
    summary = tmp / "step_summary.md"
    if context.get("summary") != "false":
        env["GITHUB_STEP_SUMMARY"] = str(summary)
    script = tmp / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", str(script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    outputs = dict(
        line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if line
    )
    return done, outputs


def _audit(tmp_path: Path, **given: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    work = tmp_path / "work"
    if not work.exists():
        shutil.copytree(EXAMPLES, work / "plans")
    inputs = _inputs(**given)
    context = {f"inputs.{k}": v for k, v in inputs.items()}
    context["steps.install.outputs.leadcheck"] = str(BIN / "leadcheck")
    context["runner.temp"] = str(tmp_path)
    context["summary"] = inputs["summary"]
    return _run_step(_step("audit"), context, work, tmp_path)


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's scripts are bash")
def test_action_audits_uploads_and_reports(tmp_path: Path) -> None:
    done, outputs = _audit(
        tmp_path,
        paths="plans/gaps.yaml\nplans/ready.yaml",
        fail_on="warning",
        sarif="true",
        format="markdown=gap-report.md gitlab=gl.json",
        args="--as-of 2026-06-30",
    )
    assert done.returncode == 0, done.stderr  # the last step fails the job, after the upload
    assert outputs == {"exit-code": "1", "sarif-file": "leadcheck.sarif"}
    work = tmp_path / "work"
    sarif = json.loads((work / "leadcheck.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]
    assert (work / "gap-report.md").read_text(encoding="utf-8").startswith("# Leadership plan")
    assert json.loads((work / "gl.json").read_text(encoding="utf-8"))
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert annotations
    summary = r"::notice title=leadcheck summary%3A plans/\w+\.yaml::"
    finding = r"::(error|warning|notice) file=plans/gaps\.yaml,"
    odd = [a for a in annotations if not (re.match(finding, a) or re.match(summary, a))]
    assert not odd
    assert sum(1 for a in annotations if re.match(summary, a)) == 2  # gaps and ready
    assert "Readiness" in done.stdout  # the text report, for the log
    assert (tmp_path / "step_summary.md").read_text(encoding="utf-8").count("# Leadership") == 1


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's scripts are bash")
def test_action_without_annotations_summary_or_sarif(tmp_path: Path) -> None:
    done, outputs = _audit(tmp_path, paths="plans/ready.yaml", annotations="false", summary="false")
    assert done.returncode == 0, done.stderr
    assert outputs == {"exit-code": "0"}
    assert not [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert not (tmp_path / "step_summary.md").exists()
    assert not (tmp_path / "work" / "leadcheck.sarif").exists()


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's scripts are bash")
@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"paths": " \n "}, "the paths input names no plan"),
        ({"paths": "plans/", "format": "markdown"}, "'markdown' is not FORMAT=FILE"),
        ({"paths": "plans/; touch pwned"}, None),
        ({"paths": "plans/", "fail_on": "sometimes"}, None),
    ],
)
def test_action_input_errors_fail_cleanly(
    tmp_path: Path, given: dict[str, str], message: str | None
) -> None:
    done, outputs = _audit(tmp_path, **given)
    assert done.returncode == 0, done.stderr
    assert outputs["exit-code"] == "2"
    if message:
        assert "::error title=leadcheck::" in done.stdout
        assert message in done.stdout
    assert not list(tmp_path.rglob("pwned"))  # inputs are never run as code


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's scripts are bash")
@pytest.mark.parametrize(("code", "status"), [("0", 0), ("1", 1), ("2", 2), ("", 2)])
def test_action_last_step_passes_or_fails(tmp_path: Path, code: str, status: int) -> None:
    context = {"steps.audit.outputs.exit-code": code}
    done, _ = _run_step(_step(name="Pass or fail"), context, tmp_path, tmp_path)
    assert done.returncode == status


# --- the GitLab example's command ---------------------------------------------------


def test_gitlab_example_command_writes_what_the_job_collects(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    job = yaml.safe_load(GITLAB_CI.read_text(encoding="utf-8"))["leadcheck"]
    (command,) = [line for line in job["script"] if line.startswith("leadcheck ")]
    shutil.copytree(EXAMPLES, tmp_path / "plans")
    done = subprocess.run(
        command, shell=True, cwd=tmp_path, env=_clean_env(), capture_output=True, text=True
    )
    assert done.returncode == 1, done.stderr  # the examples include a plan with gaps
    assert "Readiness" in done.stdout
    reports = job["artifacts"]["reports"]
    issues = json.loads((tmp_path / reports["codequality"]).read_text(encoding="utf-8"))
    schema = json.loads((DATA / "gitlab-codequality.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(issues, schema)
    paths = {i["location"]["path"] for i in issues}
    assert "plans/gaps.yaml" in paths
    assert paths <= {f"plans/{p.name}" for p in EXAMPLES.glob("*.yaml")}
    assert (tmp_path / reports["junit"]).read_text(encoding="utf-8").startswith("<?xml")
    for path in job["artifacts"]["paths"]:
        assert (tmp_path / path).is_file()
