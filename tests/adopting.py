"""Helpers shared by the tests of config files, baselines, diff and history."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, RIVERSIDE
from markers import expected
from typer.testing import CliRunner, Result

from leadcheck.cli import app

runner = CliRunner()
GAPS = EXAMPLES / "gaps.yaml"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

# RIVERSIDE with p-ana championing four work streams: one more than LC204 allows.
OVERLOADED = (
    RIVERSIDE
    + "  - id: ws-three\n    name: Third\n    champions: [p-ana]\n"
    + "  - id: ws-four\n    name: Fourth\n    champions: [p-ana]\n"
    + "  - id: ws-five\n    name: Fifth\n    champions: [p-ana]\n"
)


def run(*args: str, input: str | None = None) -> Result:
    return runner.invoke(app, list(args), input=input)


def audit_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = run("audit", *args, "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def open_findings(data: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(rule, target) of each open finding, in report order."""
    return [(f["rule"], f["target"]) for f in data["findings"] if not f["waived"]]


def usage_error(result: Result) -> str:
    """The one line on stderr of a usage error (exit 2, no traceback)."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def gaps_text() -> str:
    return GAPS.read_text(encoding="utf-8")


def fix_falls(text: str) -> str:
    """examples/gaps.yaml with a champion for the falls work stream (closes LC201)."""
    old = "  - id: ws-falls  # [LC201]\n    name: Falls response\n"
    assert old in text
    return text.replace(
        old, "  - id: ws-falls\n    name: Falls response\n    champions: [p-hughes]\n"
    )


def fix_carers(text: str) -> str:
    """examples/gaps.yaml with a lived-experience champion for carers (closes LC302)."""
    old = "    champions: [p-fairclough]  # [LC302]"
    assert old in text
    return text.replace(old, "    champions: [p-wilkes]")


def drop_home_first_champions(text: str) -> str:
    """examples/gaps.yaml without the Home First champions (opens LC201 there)."""
    old = "    champions: [p-ferreira, p-jamal]\n"
    assert text.count(old) == 1
    return text.replace(old, "")


def git(repo: Path, *args: str, date: str = "2026-01-01T12:00:00+00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def init_repo(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q")
    return repo


def commit(repo: Path, path: str, text: str, message: str, date: str) -> str:
    """Write `path`, commit it at `date`, and return the commit id."""
    write(repo / path, text)
    git(repo, "add", path, date=date)
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


GAPS_OPEN = sum(
    n
    for (_, _, waived), n in expected((EXAMPLES / "gaps.yaml").read_text("utf-8")).items()
    if not waived
)
"""The open findings examples/gaps.yaml marks in itself."""
