"""Theme `partnering`."""

from __future__ import annotations

from leadcheck.rules.base import Rule

THEME = "partnering"

RULES: tuple[Rule, ...] = ()
