"""Theme `co-production`."""

from __future__ import annotations

from leadcheck.rules.base import Rule

THEME = "co-production"

RULES: tuple[Rule, ...] = ()
