"""The fast path for plain `audit` and `lint` runs behaves exactly as the typer
command line, and a run imports only what it needs.

Each command line runs twice in a fresh copy of the examples: through the
console script's entry point (`leadcheck.launch`, which takes the fast path when
it can) and through the typer application alone. Standard output, standard
error, the exit code and every file left in the folder must be identical.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES

from leadcheck.launch import parse

FAST = [sys.executable, "-m", "leadcheck"]
TYPER = [sys.executable, "-c", "from leadcheck.cli import main; main()"]

CONFIG = "select: [LC2]\nfail_on: warning\n"
BASELINE_RUN = ("audit", "gaps.yaml", "--write-baseline", "base.json", "-f", "json")

# (arguments, whether the fast path takes them); standard input, where a case
# reads it, is ready.yaml.
CASES: list[tuple[tuple[str, ...], bool]] = [
    (("audit", "ready.yaml"), True),
    (("audit", "gaps.yaml", "-f", "json"), True),
    (("audit", "gaps.yaml", "--format=json", "--as-of", "2026-06-30"), True),
    (("audit", "gaps.yaml", "-fjson", "-ogaps.json"), True),
    (("audit", "gaps.yaml", "-f", "sarif", "-o", "g.sarif", "-f", "markdown", "-o", "g.md"), True),
    (("audit", "gaps.yaml", "-f", "junit", "--output=g.xml", "-f", "concise"), True),
    (("audit", "gaps.yaml", "-q", "--fail-on", "warning", "--color", "never"), True),
    (("audit", "gaps.yaml", "--fail-on", "never", "--verbose"), True),
    (("audit", "gaps.yaml", "--fail-under", "50.5", "-f", "github"), True),
    (("audit", "gaps.yaml", "--select", "LC2", "--ignore", "LC201", "-v"), True),
    (("audit", ".", "-f", "json", "--exclude", "minimal.yaml"), True),
    (("audit", "gaps.yaml", "ready.yaml", "-f", "markdown", "--no-step-summary"), True),
    (("audit", "-", "--stdin-filename", "plans/ready.yaml", "-f", "json"), True),
    (("audit", "gaps.yaml", "--config", "cfg.yaml"), True),
    (("audit", "gaps.yaml", "--config", "cfg.yaml", "--fail-on", "never"), True),
    (("audit", "gaps.yaml", "--no-config", "--root", ".", "-f", "sarif"), True),
    (BASELINE_RUN, True),
    (("audit", "gaps.yaml", "-f", "sarif", "--sarif-include-waived"), True),
    (("audit", "missing.yaml"), True),
    (("audit", "gaps.yaml", "--as-of", "2026-02-30"), True),
    (("audit", "gaps.yaml", "-o", "x.json"), True),
    (("audit", "gaps.yaml", "-f", "bogus"), True),
    (("audit", "gaps.yaml", "-f", "json", "-o", "gaps.yaml"), True),
    (("audit", "gaps.yaml", "--config", "cfg.yaml", "--no-config"), True),
    (("lint", "gaps.yaml"), True),
    (("lint", ".", "-q"), True),
    (("lint", "gaps.yaml", "-f", "json", "--fail-on", "never"), True),
    (("audit", "gaps.yaml", "--fail-on", "bogus"), False),
    (("audit", "gaps.yaml", "--fail-under", "101"), False),
    (("audit", "gaps.yaml", "-qf", "json"), False),
    (("audit", "gaps.yaml", "--quiet=yes"), False),
    (("audit", "gaps.yaml", "--as-of"), False),
    (("audit", "gaps.yaml", "-f", "--quiet"), False),
    (("audit", "--", "gaps.yaml"), False),
    (("audit", "gaps.yaml", "--formats", "json"), False),
    (("audit",), False),
    (("audit", "--help"), False),
    (("lint", "gaps.yaml", "--verbose"), False),
    (("lint", "gaps.yaml", "--diff"), False),
    (("rules", "--format", "json"), False),
    (("--version",), False),
    ((), False),
]


def _folder(tmp: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp)
    (tmp / "cfg.yaml").write_text(CONFIG, encoding="utf-8")
    return tmp


def _run(command: list[str], args: tuple[str, ...], cwd: Path) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI"))}
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    stdin = (cwd / "ready.yaml").read_bytes()
    done = subprocess.run(
        [*command, *args], cwd=cwd, env=env, input=stdin, capture_output=True, timeout=120
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.mark.parametrize(("args", "fast"), CASES, ids=[" ".join(a) or "-" for a, _ in CASES])
def test_the_fast_path_and_typer_agree(args: tuple[str, ...], fast: bool, tmp_path: Path) -> None:
    assert (parse(args) is not None) is fast
    results = []
    for name, command in (("fast", FAST), ("typer", TYPER)):
        folder = _folder(tmp_path / name)
        code, out, err = _run(command, args, folder)
        results.append((code, out, err, _files(folder)))
    assert results[0] == results[1]


def test_a_baseline_run_is_the_same_on_both_paths(tmp_path: Path) -> None:
    results = []
    for name, command in (("fast", FAST), ("typer", TYPER)):
        folder = _folder(tmp_path / name)
        _run(TYPER, BASELINE_RUN, folder)
        results.append(
            (
                _run(command, ("audit", "gaps.yaml", "--baseline", "base.json"), folder),
                _files(folder),
            )
        )
    assert results[0] == results[1]
    assert results[0][0][0] == 0  # every finding is in the baseline


def _imported(*args: str) -> set[str]:
    """The modules a run imported, read from `python -X importtime`."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "leadcheck", *args],
        cwd=EXAMPLES,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


HEAVY = ("typer", "click", "rich", "pydantic")
SLOW = frozenset({"dataclasses", "inspect"})
"""Standard modules a run does without: records are leadcheck's own (leadcheck.records)."""


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m == "pydantic_core")


def test_a_json_audit_imports_neither_typer_rich_nor_pydantic() -> None:
    modules = _imported("audit", "ready.yaml", "-f", "json")
    assert "leadcheck.engine" in modules  # the run itself happened
    assert _heavy(modules) == []
    assert not {"leadcheck.model", "importlib.metadata", "tempfile"} & modules
    assert not SLOW & modules


def test_a_lint_imports_neither_typer_rich_nor_pydantic() -> None:
    modules = _imported("lint", "gaps.yaml", "-f", "json")
    assert "leadcheck.engine" in modules
    assert _heavy(modules) == []
    assert not SLOW & modules


def test_version_imports_none_of_them() -> None:
    modules = _imported("--version")
    assert "leadcheck.launch" in modules
    assert not {m for m in modules if m.split(".")[0] in (*HEAVY, "pydantic_core", "yaml")}
    assert not {"leadcheck.findings", "leadcheck.records"} & modules
    assert not SLOW & modules


def test_help_still_comes_from_typer() -> None:
    assert {"typer", "click"} & _imported("audit", "--help")
