"""The rule registry: built-in themes first, then rule packs from entry points.

Third-party packs register a sequence of `Rule` objects in the `leadcheck.rules`
entry-point group. The built-in tuple is declared in that group too, so tools
that list packs see it, but it is imported directly: it works from a source
checkout, and a broken pack can never hide it. A pack that fails to import is
skipped with a warning; two rules with one id stop the run (`PluginError`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from leadcheck.records import replace
from leadcheck.rules import central, champions, coproduction, momentum, partnering, senior
from leadcheck.rules.base import Rule

if TYPE_CHECKING:
    from importlib import metadata

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
BUILTIN_ENTRY_POINT = "leadcheck.rules:BUILTIN_RULES"


class PluginError(Exception):
    """Installed rule packs cannot be used together: two rules claim one id.

    Picking one of them silently would check a plan against rules nobody chose,
    so the run stops; the message names both packages.
    """


def registry(*, plugins: bool = True, warnings: list[str] | None = None) -> dict[str, Rule]:
    """Every rule by id, in catalogue order; plugin problems go to `warnings`.

    Raises PluginError when a pack's rule id is a built-in's or another pack's.
    """
    if not plugins:
        return dict(_by_id(()))
    found, problems = _plugins()
    if warnings is not None:
        warnings.extend(problems)
    return dict(_by_id(found))  # a copy: callers may change theirs


def _by_id(plugin_rules: tuple[Rule, ...]) -> dict[str, Rule]:
    """The built-in rules and `plugin_rules` by id, made once for the packs found
    (each plan of a folder asks several times)."""
    if _BY_ID and _BY_ID[0][0] is plugin_rules:
        return _BY_ID[0][1]
    made = {r.id: r for r in (*BUILTIN_RULES, *plugin_rules)}
    _BY_ID[:] = [(plugin_rules, made)]
    return made


_BY_ID: list[tuple[tuple[Rule, ...], dict[str, Rule]]] = []


def refresh() -> None:
    """Look for rule packs again on the next `registry()` call (after installing one)."""
    _plugins.cache_clear()
    _BY_ID.clear()


def example(rule: Rule, kind: str) -> str | None:
    """A rule's failing ("bad") or passing ("good") example plan, None when it has none.

    Examples live in an `examples/` folder of the rule's own package (the package
    of the module that defines its check, or the one a Rule names in an
    `examples` attribute), as `<ID>.bad.yaml` and `<ID>.good.yaml`: built-in
    rules in leadcheck.rules, a pack's rules in that pack.
    """
    checks = [getattr(part, "check", None) for part in rule.parts]
    package = getattr(rule, "examples", None) or _package_of(next(filter(None, checks), None))
    if not package:
        return None
    from importlib import resources

    try:
        folder = resources.files(package) / "examples"
        return (folder / f"{rule.id}.{kind}.yaml").read_text(encoding="utf-8")
    except (ImportError, OSError, TypeError, ValueError):  # no such package, file or folder
        return None


def _package_of(function: object) -> str | None:
    module = getattr(function, "__module__", None)
    if not isinstance(module, str):
        return None
    found = sys.modules.get(module)
    if found is not None and hasattr(found, "__path__"):  # the check sits in a package's __init__
        return module
    return module.rpartition(".")[0] or None


@cache
def _plugins() -> tuple[tuple[Rule, ...], tuple[str, ...]]:
    """Installed rule packs, looked up once per process (scanning them is slow)."""
    warnings: list[str] = []
    return tuple(_plugin_rules(warnings)), tuple(warnings)


def _plugin_rules(warnings: list[str]) -> Iterable[Rule]:
    if not _packs_may_exist():
        return
    from importlib import metadata

    owners = {r.id: "leadcheck (built in)" for r in BUILTIN_RULES}
    clashes: list[str] = []
    for entry in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=_entry_key):
        if entry.value == BUILTIN_ENTRY_POINT:
            continue
        package = entry.dist.name if entry.dist else entry.name
        try:
            loaded = list(entry.load())
        except Exception as exc:  # a broken pack must not break the run
            warnings.append(f"cannot load rule pack {package!r}: {exc}")
            continue
        for rule in loaded:
            rule_id = getattr(rule, "id", rule)
            if isinstance(rule_id, str) and rule_id in owners:
                clashes.append(f"{rule_id} (in {owners[rule_id]} and in {package})")
                continue
            if not isinstance(rule, Rule) or rule.id.startswith("LC"):
                warnings.append(
                    f"rule pack {package!r}: skipped {rule_id!r} "
                    "(plugin rules must be Rule objects whose ids do not start with LC)"
                )
                continue
            owners[rule.id] = package
            yield replace(rule, meta=replace(rule.meta, package=package))
    if clashes:
        raise PluginError(
            "rule packs clash: each rule id must be unique, but "
            + "; ".join(clashes)
            + ". Uninstall one of the packages, or ask its authors to rename the rule."
        )


def _entry_key(entry: metadata.EntryPoint) -> tuple[str, str]:
    """Packs in a fixed order, so a clash always names the same two packages."""
    return (entry.dist.name if entry.dist else "", entry.name)


def _packs_may_exist() -> bool:
    """Whether any installed distribution could declare a rule pack.

    `importlib.metadata` costs more to import than a whole check of a plan, so
    the folders on `sys.path` are read first: only a distribution whose
    `entry_points.txt` names the group, with a target other than the built-in
    rules, makes the full scan worth it. Anything unusual (a zip on the path, an
    unreadable folder) is treated as a maybe.
    """
    group = f"[{ENTRY_POINT_GROUP}]"
    for folder in sys.path:
        try:
            entries = list(os.scandir(folder or os.curdir))
        except NotADirectoryError:
            return True  # a zip file or egg: let importlib.metadata look inside
        except OSError:
            continue  # a folder that does not exist: nothing installed there
        for entry in entries:
            if not entry.name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(entry.path, "entry_points.txt"), encoding="utf-8") as f:
                    text = f.read()
            except FileNotFoundError:
                continue
            except (OSError, UnicodeDecodeError):
                return True
            if group in text and _declares_a_pack(text, group):
                return True
    return False


def _declares_a_pack(text: str, group: str) -> bool:
    """Whether the group in this entry_points.txt names anything but the built-ins."""
    inside = False
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            inside = line == group
        elif inside and "=" in line and line.partition("=")[2].strip() != BUILTIN_ENTRY_POINT:
            return True
    return False
