"""Hostile and careless use of the command line: answered in one line, bounded,
and never at the cost of a plan or a half-written report."""

from __future__ import annotations

import json
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


# --- hostile values: answered with a finding, fast and small ----------------------------

BASE = "partnership:\n  name: P\npartners:\n  - id: a\n    name: A\n"


@pytest.mark.parametrize(
    ("tail", "line", "message"),
    [
        ("people:\n  - id: 0x" + "f" * 5000 + "\n    name: X\n", 7, "characters long (at most 64)"),
        ("people:\n  - id: p\n    name: " + "9" * 5000 + "\n", 8, "characters long (at most 64)"),
        ("extra: " + ":".join(["1"] * 600_000) + "\n", 6, "characters long (at most 64)"),
        ('x: !!int ""\n', 6, "'' is not a whole number"),
        ('x: !!float ""\n', 6, "'' is not a number"),
        ('x: !!int "-"\n', 6, "'-' is not a whole number"),
        ("x: !!bool maybe\n", 6, "'maybe' is marked !!bool but is not true or false"),
    ],
)
def test_hostile_scalars_are_findings(tail: str, line: int, message: str) -> None:
    import leadcheck

    start = time.monotonic()
    report = leadcheck.audit(text=BASE + tail)
    assert time.monotonic() - start < 5
    [finding] = report.findings
    assert (finding.rule, finding.location.line) == ("LC001", line)
    assert message in finding.message


def test_a_long_scalar_repeated_by_aliases_is_bounded(tmp_path: Path) -> None:
    megabyte = "x" * (1 << 20)
    aliases = "\n".join("  - *big" for _ in range(5000))
    plan = tmp_path / "plan.yaml"
    plan.write_text(f"{BASE}big: &big {megabyte}\nmany:\n{aliases}\n", encoding="utf-8")
    start = time.monotonic()
    result = leadcheck("lint", "plan.yaml", cwd=tmp_path)
    assert time.monotonic() - start < 5
    assert result.returncode == 1
    assert "LC001 invalid-yaml: too many aliases" in result.stdout


def test_a_file_name_that_is_not_utf8_is_shown_and_encoded(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / os.fsdecode(b"plan\xff.yaml")).write_text(RIVERSIDE, encoding="utf-8")
    result = subprocess.run(
        [*LEADCHECK, "audit", "plans", "-f", "json"],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout.decode("utf-8"))  # strict UTF-8
    assert data["files"][0]["file"] == "plans/plan\ufffd.yaml"


def test_closed_standard_input_is_a_usage_error(tmp_path: Path) -> None:
    command = " ".join([*LEADCHECK, "lint", "-"]) + " <&-"
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "standard input is closed" in result.stderr
