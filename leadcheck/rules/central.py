"""Theme `central-leadership`."""

from __future__ import annotations

from leadcheck.rules.base import Rule

THEME = "central-leadership"

RULES: tuple[Rule, ...] = ()
