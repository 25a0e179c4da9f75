"""Theme `senior-support`."""

from __future__ import annotations

from leadcheck.rules.base import Rule

THEME = "senior-support"

RULES: tuple[Rule, ...] = ()
