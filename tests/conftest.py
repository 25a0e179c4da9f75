"""Shared fixtures: paths and golden files.

Golden files live in tests/golden/. Set LEADCHECK_UPDATE_GOLDEN=1 to rewrite
them after an intended change, then review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from textwrap import dedent

import pytest

from leadcheck import clock

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
SHARED = ROOT.parent / "shared"

# A small sound plan: ws-crisis has a champion, ws-housing (line 15) has none
# (LC201, an error); neither names a lead (LC203, a warning).
RIVERSIDE = dedent(
    """\
    partnership:
      name: Riverside Partnership
      as_of: 2026-06-30
    partners:
      - id: rc
        name: Riverside Council
    people:
      - id: p-ana
        name: A. Okafor
        employer: rc
    work_streams:
      - id: ws-crisis
        name: Crisis cafe
        champions: [p-ana]
      - id: ws-housing
        name: Housing first
    """
)


TODAY = dt.date(2026, 7, 14)
"""The day every test runs on, two weeks after the bundled plans' as_of
(2026-06-30): their dates are current, and reports show a fixed age."""


@pytest.fixture(autouse=True, scope="session")
def _fixed_today() -> Iterator[None]:
    """leadcheck reads the clock in one place; every test (and every module-scoped
    fixture) sees the same day. A test may move it with its own monkeypatch."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "today", lambda: TODAY)
        yield


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """Compare text with tests/golden/NAME (or rewrite it when asked)."""

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if os.environ.get("LEADCHECK_UPDATE_GOLDEN") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="")
            return
        assert path.exists(), f"missing golden file {path}; run with LEADCHECK_UPDATE_GOLDEN=1"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"output differs from {path}"

    return check
