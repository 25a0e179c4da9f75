"""Hostile and careless use of the command line: answered in one line, bounded,
and never at the cost of a plan or a half-written report."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import RIVERSIDE, ROOT

sys.path.insert(0, str(ROOT / "bench"))
from gen import plan as synthetic_plan

LEADCHECK = [sys.executable, "-m", "leadcheck"]


def leadcheck(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*LEADCHECK, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_output_onto_the_plan_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(RIVERSIDE, encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(plan)
    for target in ("plan.yaml", "link.yaml", "./plan.yaml"):
        result = leadcheck("audit", "plan.yaml", "-f", "json", "-o", target, cwd=tmp_path)
        assert result.returncode == 2
        assert "is the plan plan.yaml itself" in result.stderr
        assert plan.read_text(encoding="utf-8") == RIVERSIDE


def test_step_summary_pointing_at_the_plan_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(RIVERSIDE, encoding="utf-8")
    result = leadcheck("audit", "plan.yaml", cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": str(plan)})
    assert result.returncode == 2
    assert "GITHUB_STEP_SUMMARY is the plan" in result.stderr
    assert plan.read_text(encoding="utf-8") == RIVERSIDE


def test_a_pipe_with_no_writer_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "plan.yaml")
    start = time.monotonic()
    result = leadcheck("audit", "plan.yaml", cwd=tmp_path)
    assert time.monotonic() - start < 5
    assert result.returncode == 2
    assert (
        result.stderr
        == "leadcheck: error: plan.yaml: not a regular file; give a plan file, or - for stdin\n"
    )


def test_a_pipe_inside_a_folder_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    os.mkfifo(tmp_path / "plans" / "pipe.yaml")
    (tmp_path / "plans" / "plan.yaml").write_text(RIVERSIDE, encoding="utf-8")
    result = leadcheck("lint", "plans", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no findings in 1 file" in result.stdout


def test_an_empty_path_is_a_usage_error(tmp_path: Path) -> None:
    result = leadcheck("audit", "", cwd=tmp_path)
    assert result.returncode == 2
    assert "an empty path was given" in result.stderr


def test_the_longest_output_name_works(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(RIVERSIDE, encoding="utf-8")
    name = "r" * 250 + ".json"
    result = leadcheck("audit", "plan.yaml", "-f", "json", "-o", name, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "plan.yaml"])


def test_closed_standard_output_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(RIVERSIDE, encoding="utf-8")
    command = " ".join([*LEADCHECK, "audit", "plan.yaml", "-f", "json"]) + " >&-"
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "standard output is closed" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("signum", "code", "word"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
)
def test_an_interrupted_run_leaves_no_output_and_says_so(
    tmp_path: Path, signum: int, code: int, word: str
) -> None:
    (tmp_path / "big.yaml").write_text(synthetic_plan(20_000), encoding="utf-8")
    (tmp_path / "out").mkdir()
    process = subprocess.Popen(
        [*LEADCHECK, "audit", "big.yaml", "-f", "sarif", "-o", "out/report.sarif"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)  # well into checking and rendering, before any write
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert err == f"leadcheck: {word}; nothing was written\n"
    assert list((tmp_path / "out").iterdir()) == []
