"""Theme `momentum`."""

from __future__ import annotations

from leadcheck.rules.base import Rule

THEME = "momentum"

RULES: tuple[Rule, ...] = ()
