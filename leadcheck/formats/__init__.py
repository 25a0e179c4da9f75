"""Output formats: each a pure function `render(report, options) -> str`.

The CLI picks one through `Format`; a module per format keeps each small, and
modules load lazily so a run pays only for the format it prints. Formats that
can be large also give `stream(report, options)`, the same text in pieces, so a
report of a million findings is written as it is made instead of held whole.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum

from leadcheck.findings import Report
from leadcheck.meta import RuleMeta
from leadcheck.records import field, record


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


@record
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
Streamer = Callable[[Report, RenderOptions], Iterable[str]]


def renderer(fmt: Format) -> Renderer:
    """The render function of a format."""
    module = importlib.import_module(f"leadcheck.formats.{fmt.value}")
    render: Renderer = module.render
    return render


def streamer(fmt: Format) -> Streamer:
    """The format's text in pieces: its `stream` function, or `render`'s whole text."""
    module = importlib.import_module(f"leadcheck.formats.{fmt.value}")
    stream: Streamer | None = getattr(module, "stream", None)
    if stream is not None:
        return stream
    render: Renderer = module.render
    return lambda report, options: (render(report, options),)


def rule_catalog(metas: Mapping[str, RuleMeta] | None = None) -> dict[str, RuleMeta]:
    """Structure rules plus the given (or all registered) theme rules."""
    from leadcheck.rules import registry
    from leadcheck.structure import STRUCTURE_RULES

    if metas is None:
        metas = {rid: r.meta for rid, r in registry().items()}
    return {**STRUCTURE_RULES, **metas}
