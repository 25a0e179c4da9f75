"""Where leadcheck lives on the web: one base URL for the package metadata and the reports.

pyproject.toml's `[project.urls]` use the same base (a test checks that), so the
links in SARIF help and in the package index never disagree.
"""

from __future__ import annotations

from leadcheck.meta import RuleMeta

HOMEPAGE = "https://github.com/leadcheck/leadcheck"
DOCS = f"{HOMEPAGE}/blob/main/docs"
RULES_DOC = f"{DOCS}/rules.md"
"""docs/rules.md: one `## <ID>` section per built-in rule (anchor `#<id>`)."""


def rule_help_uri(meta: RuleMeta) -> str | None:
    """The rule's section of docs/rules.md; None for plugin rules, which are not there."""
    if meta.package != "leadcheck" or not meta.id.startswith("LC"):
        return None
    return f"{RULES_DOC}#{meta.id.lower()}"
