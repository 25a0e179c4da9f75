"""The rule registry: built-in themes first, then rule packs from entry points.

Third-party packs register a sequence of `Rule` objects in the `leadcheck.rules`
entry-point group. The built-in tuple is declared in that group too, so tools
that list packs see it, but it is imported directly: it works from a source
checkout, and a broken pack can never hide it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from importlib import metadata

from leadcheck.rules import central, champions, coproduction, momentum, partnering, senior
from leadcheck.rules.base import Rule

THEMES: dict[str, str] = {
    central.THEME: "The right leadership, from the centre",
    champions.THEME: "Champions in every stream and group",
    coproduction.THEME: "Service users and carers as equal partners",
    senior.THEME: "Senior and chief-executive backing",
    partnering.THEME: "Conditions for whole-systems partnering",
    momentum.THEME: "Resources, communication, plan long and do short",
}

BUILTIN_RULES: tuple[Rule, ...] = (
    *central.RULES,
    *champions.RULES,
    *coproduction.RULES,
    *senior.RULES,
    *partnering.RULES,
    *momentum.RULES,
)

ENTRY_POINT_GROUP = "leadcheck.rules"


def registry(*, plugins: bool = True, warnings: list[str] | None = None) -> dict[str, Rule]:
    """Every rule by id, in catalogue order; plugin problems go to `warnings`."""
    rules = {r.id: r for r in BUILTIN_RULES}
    if plugins:
        found, problems = _plugins()
        if warnings is not None:
            warnings.extend(problems)
        for rule in found:
            rules.setdefault(rule.id, rule)
    return rules


@cache
def _plugins() -> tuple[tuple[Rule, ...], tuple[str, ...]]:
    """Installed rule packs, looked up once per process (scanning them is slow)."""
    warnings: list[str] = []
    return tuple(_plugin_rules(warnings)), tuple(warnings)


def _plugin_rules(warnings: list[str]) -> Iterable[Rule]:
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if entry.value == "leadcheck.rules:BUILTIN_RULES":
            continue
        try:
            loaded = entry.load()
        except Exception as exc:  # a broken pack must not break the run
            warnings.append(f"cannot load rule pack {entry.name!r}: {exc}")
            continue
        package = entry.dist.name if entry.dist else entry.name
        for rule in loaded:
            if not isinstance(rule, Rule) or rule.id.startswith("LC"):
                warnings.append(
                    f"rule pack {package!r}: skipped {getattr(rule, 'id', rule)!r} "
                    "(plugin rules must be Rule objects whose ids do not start with LC)"
                )
                continue
            yield replace(rule, meta=replace(rule.meta, package=package))
