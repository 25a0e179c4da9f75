"""mypy rejects a rule whose subjects do not match its check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest
from conftest import ROOT

pytestmark = pytest.mark.tools  # runs mypy, which only the dev tools install

TOY = dedent(
    """\
    from collections.abc import Iterator

    from leadcheck.findings import Severity
    from leadcheck.model import Partner, WorkStream
    from leadcheck.rules.base import (
        Context, Params, Problem, Subject, declare, each_partner, each_work_stream, part, rule
    )


    @rule(
        "X901", "toy", Severity.WARNING, "champions", subjects={subjects},
        title="t", tips=("energetic",), rationale="r", fix="f",
    )
    def toy(ws: Subject[WorkStream], ctx: Context, p: Params) -> Iterator[Problem]:
        yield Problem(f"work stream {{ws.obj.name}}")


    def _stream(ws: Subject[WorkStream], ctx: Context, p: Params) -> Iterator[Problem]:
        yield Problem(ws.obj.name)


    def _partner(partner: Subject[Partner], ctx: Context, p: Params) -> Iterator[Problem]:
        yield Problem(partner.obj.name)


    both = declare(
        "X902", "toy-two", Severity.WARNING, "champions",
        parts=(part(each_work_stream, _stream), part({other}, _partner)),
        title="t", tips=("energetic",), rationale="r", fix="f",
    )
    """
)


def _mypy(tmp_path: Path, subjects: str, other: str) -> subprocess.CompletedProcess[str]:
    module = tmp_path / "toy_rule.py"
    module.write_text(TOY.format(subjects=subjects, other=other), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(module)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_matching_subjects_type_check(tmp_path: Path) -> None:
    result = _mypy(tmp_path, "each_work_stream", "each_partner")
    assert result.returncode == 0, result.stdout


def test_partners_given_to_a_work_stream_check_are_rejected(tmp_path: Path) -> None:
    result = _mypy(tmp_path, "each_partner", "each_partner")
    assert result.returncode == 1
    assert "toy_rule.py:10: error" in result.stdout


def test_a_part_with_the_wrong_kind_is_rejected(tmp_path: Path) -> None:
    result = _mypy(tmp_path, "each_work_stream", "each_work_stream")
    assert result.returncode == 1
    assert "toy_rule.py:28: error: Cannot infer" in result.stdout  # the `part(...)` call of X902
