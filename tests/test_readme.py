"""Every command in README.md runs, so the docs cannot rot.

The commands are read from the README itself: each line of every fenced `sh`
block (a block runs in order, as a reader pastes it), every fenced `python`
block, and every inline code span that starts with `leadcheck `. Each runs in a
fresh temporary project that looks like a clone of this repository (its
`examples/`) which also keeps its plans in `plans/` (copies of the examples, as
the README's "Adopting leadcheck" section assumes) and is a git repository with
one commit. `leadcheck` there means `python -m leadcheck` of this checkout.

A command must exit 0, or 1 where the README says a plan with gaps fails
(listed in EXPECTED_EXIT with the reason), print no traceback and no error, and
write every file it names with `-o`.
"""

from __future__ import annotations

import itertools
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

README = ROOT / "README.md"
TEXT = README.read_text(encoding="utf-8")

PLACEHOLDERS = {
    "PATH...": "plans/",
    "OLD": "plans/ready.yaml",
    "NEW": "plans/frailty.yaml",
}
"""Inline syntax with placeholders runs with these values."""

EXPECTED_EXIT = {
    "leadcheck audit partnership.yaml": "the starter plan's prompts are LC008 errors",
    "leadcheck audit examples/ -q": "examples/gaps.yaml has open errors",
    "leadcheck audit examples/gaps.yaml --as-of 2026-06-30 --fail-on warning --fail-under 80 "
    "-f sarif -o leadcheck.sarif -f markdown -o gap-report.md -f github": "gaps.yaml has gaps",
    "leadcheck diff OLD NEW": "going from ready.yaml to the gaps plan opens gaps",
    "leadcheck audit plans/ -f html -o portfolio.html": "the portfolio holds the gaps plan",
    "leadcheck audit plans/ -f markdown -q": "the portfolio holds the gaps plan",
}
"""Commands documented to exit 1, and why; every other command must exit 0."""

NOT_RUN = {
    "python3 tasks.py test": "the test suite itself, which CI runs as .ci/run",
}
"""Commands this test does not run, and who does."""


def _logical_lines(block: str) -> list[str]:
    """A block's commands: continuation lines joined, comments and blank lines dropped."""
    joined = re.sub(r"\\\n\s*", "", block)
    commands = []
    for line in joined.splitlines():
        command = line.split(" #", 1)[0].strip()
        if command and not command.startswith("#"):
            commands.append(" ".join(command.split()))
    return commands


def sh_blocks() -> list[list[str]]:
    return [_logical_lines(b) for b in re.findall(r"^```sh\n(.*?)^```", TEXT, re.M | re.S)]


def python_blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", TEXT, re.M | re.S)


def inline_commands() -> list[str]:
    spans = re.findall(r"`(leadcheck\s[^`]+)`", TEXT)
    return list(dict.fromkeys(" ".join(s.split()) for s in spans))


def with_values(command: str) -> str:
    for placeholder, value in PLACEHOLDERS.items():
        command = re.sub(rf"(?<![\w-]){re.escape(placeholder)}(?![\w])", value, command)
    assert not re.search(r"\b[A-Z]{2,}\b(?!=)", command.replace("LC", "")), command
    return command


# --- the project the commands run in ------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A fresh project, and the environment to run its commands in."""
    work = tmp_path / "project"
    shutil.copytree(EXAMPLES, work / "examples")
    (work / "plans").mkdir()
    shutil.copy(EXAMPLES / "gaps.yaml", work / "plans" / "frailty.yaml")
    shutil.copy(EXAMPLES / "ready.yaml", work / "plans" / "ready.yaml")
    shutil.copy(ROOT / "tasks.py", work / "tasks.py")
    shutil.copy(ROOT / "pyproject.toml", work / "pyproject.toml")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    leadcheck = f'#!/bin/sh\nexec "{sys.executable}" -m leadcheck "$@"\n'
    for script in (bin_dir / "leadcheck", work / ".venv" / "bin" / "leadcheck"):
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_text(leadcheck, encoding="utf-8")
        script.chmod(0o755)
    (bin_dir / "python3").symlink_to(sys.executable)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=work, check=True)
    subprocess.run([*git, "add", "-A"], cwd=work, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "plans"], cwd=work, check=True)
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("GITHUB_", "CI_", "LEADCHECK_", "_LEADCHECK_"))
    }
    home = tmp_path / "home"
    home.mkdir()
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),  # --install-completion writes here
        NO_COLOR="1",
        LEADCHECK_NO_INSTALL="1",  # tasks.py uses the project's .venv/bin/leadcheck
        PYTHONPATH=str(ROOT),
    )
    return work, env


def run_command(command: str, work: Path, env: dict[str, str], expected: int) -> None:
    done = subprocess.run(
        ["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )
    output = done.stdout + done.stderr
    assert done.returncode == expected, f"{command}\nexit {done.returncode}\n{output[-3000:]}"
    assert "Traceback" not in output, output
    assert "leadcheck: error" not in done.stderr, done.stderr
    assert "internal error" not in done.stderr, done.stderr
    words = shlex.split(command.split(">", 1)[0])
    for flag, value in itertools.pairwise(words):
        if flag in ("-o", "--output", "--write-baseline", "--schema-file") and value != "-":
            assert (work / value).stat().st_size > 0, f"{command}: {value} not written"
    if ">" in command:
        target = command.rsplit(">", 1)[1].strip()
        assert (work / target).stat().st_size > 0, f"{command}: nothing in {target}"


def expected_exit(command: str) -> int:
    return 1 if command in EXPECTED_EXIT else 0


# --- the tests ----------------------------------------------------------------------


@pytest.mark.parametrize("block", sh_blocks(), ids=lambda b: b[0][:60])
def test_every_sh_block_runs(block: list[str], project: tuple[Path, dict[str, str]]) -> None:
    work, env = project
    for command in block:
        if command in NOT_RUN:
            continue
        run_command(command, work, env, expected_exit(command))


@pytest.mark.parametrize("command", inline_commands(), ids=lambda c: c[:60])
def test_every_inline_command_runs(command: str, project: tuple[Path, dict[str, str]]) -> None:
    work, env = project
    run_command(with_values(command), work, env, expected_exit(command))


@pytest.mark.parametrize("code", python_blocks(), ids=lambda c: c.splitlines()[-1][:40])
def test_every_python_block_runs(code: str, project: tuple[Path, dict[str, str]]) -> None:
    work, env = project
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.strip()


def test_the_lists_above_match_the_readme() -> None:
    """No command goes unrun by accident, and no exception outlives its command."""
    sh = [c for block in sh_blocks() for c in block]
    every = set(sh) | set(inline_commands())
    assert set(EXPECTED_EXIT) <= every
    assert set(NOT_RUN) <= every
    for placeholder in PLACEHOLDERS:
        assert any(placeholder in c for c in inline_commands()), placeholder
    # What a reader most needs is among them.
    assert "leadcheck init partnership.yaml" in sh
    assert any(c.startswith("leadcheck audit examples/gaps.yaml") and "-f sarif" in c for c in sh)
    assert any("--baseline" in c for c in sh)
    assert "leadcheck --show-completion" in every
    assert len(python_blocks()) >= 1
    assert len(every) >= 25
