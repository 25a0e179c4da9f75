"""Output formats: each a pure function `render(report, options) -> str`.

The CLI picks one through `Format`; a module per format keeps each small, and
modules load lazily so a run pays only for the format it prints.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from leadcheck.findings import Report
from leadcheck.meta import RuleMeta


class Format(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    GITHUB = "github"
    HTML = "html"
    CONCISE = "concise"
    GITLAB = "gitlab"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """What a formatter may need beyond the report itself."""

    catalog: Mapping[str, RuleMeta] = field(default_factory=dict)
    """Every rule that ran (and the structure rules), by id, for help texts."""
    color: bool = False
    width: int = 100
    quiet: bool = False
    """Summary only."""
    verbose: bool = False
    """Also list the rules that passed."""
    fix_next: int = 5
    """No longer used: every format shows the engine's whole Fix next checklist (every
    open error, then the best warnings, as JSON does). Kept so callers that set it
    still work."""
    base_dir: str = "."
    """Formats that need relative paths (SARIF, GitLab, JUnit, GitHub) make them relative
    to this: the repository root in CI (see `leadcheck.ci.repo_root`)."""
    sarif_include_waived: bool = False
    """Keep waived findings in SARIF, as suppressed results (GitHub would show them as
    open alerts, since it ignores suppressions: so they are left out by default)."""
    sarif_max_results: int = 5000
    """At most this many SARIF results, the most severe first. GitHub rejects a run
    with over 25,000 and keeps only the top 5,000."""


Renderer = Callable[[Report, RenderOptions], str]


def renderer(fmt: Format) -> Renderer:
    """The render function of a format."""
    module = importlib.import_module(f"leadcheck.formats.{fmt.value}")
    render: Renderer = module.render
    return render


def rule_catalog(metas: Mapping[str, RuleMeta] | None = None) -> dict[str, RuleMeta]:
    """Structure rules plus the given (or all registered) theme rules."""
    from leadcheck.rules import registry
    from leadcheck.structure import STRUCTURE_RULES

    if metas is None:
        metas = {rid: r.meta for rid, r in registry().items()}
    return {**STRUCTURE_RULES, **metas}
