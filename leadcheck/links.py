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


RAW = HOMEPAGE.replace("https://github.com/", "https://raw.githubusercontent.com/", 1)
PLAN_SCHEMA_PATH = "docs/plan.schema.json"
"""The plan format's JSON Schema, committed (a test keeps it equal to `leadcheck schema`)."""


def plan_schema_url(version: str) -> str:
    """The committed plan schema as tagged for release `version`: the schema that
    version of leadcheck reads, for editors (`leadcheck init` points plans at it)."""
    return f"{RAW}/v{version}/{PLAN_SCHEMA_PATH}"


def rule_help_uri(meta: RuleMeta) -> str | None:
    """The rule's section of docs/rules.md; None for plugin rules, which are not there."""
    if meta.package != "leadcheck" or not meta.id.startswith("LC"):
        return None
    return f"{RULES_DOC}#{meta.id.lower()}"
