"""One account of a rule: what it checks, why, the tips it comes from, how to fix
it, its parameters and examples. `docs/rules.md`, SARIF help and `leadcheck
explain` all render these sections, so they cannot say different things.
"""

from __future__ import annotations

from collections.abc import Mapping

from leadcheck.meta import Param, RuleMeta, Words
from leadcheck.records import record
from leadcheck.tips import TIPS_BY_KEY

EXAMPLE_HEADINGS = {"bad": "Fails", "good": "Passes"}


@record
class Section:
    """A part of a rule's account. `kind` says how to draw it."""

    kind: str
    """what, why, tip, fix, params, note or example."""
    heading: str
    text: str
    source: str = ""
    """A tip's section of the tips page; an example's kind (bad or good)."""


def sections(meta: RuleMeta, examples: Mapping[str, str] | None = None) -> list[Section]:
    """The rule's account in reading order; `examples` maps bad/good to YAML."""
    out = [
        Section("what", "What it checks", f"{meta.title}."),
        Section("why", "Why it matters", meta.rationale),
    ]
    for key in meta.tips:
        tip = TIPS_BY_KEY.get(key)
        if tip is not None:
            out.append(Section("tip", "Tip", tip.text, tip.section))
    out.append(Section("fix", "How to fix", meta.fix))
    if meta.param_specs:
        params = ", ".join(f"`{k}` = {describe(v)}" for k, v in meta.param_specs.items())
        out.append(Section("params", "Parameters", params))
    if meta.theme is None:
        out.append(Section("note", "Note", "Structure rules cannot be waived."))
    for kind, heading in EXAMPLE_HEADINGS.items():
        text = (examples or {}).get(kind)
        if text is not None:
            out.append(Section("example", heading, text.rstrip("\n"), kind))
    return out


def describe(param: Param) -> str:
    """`3 (a whole number, at least 1)`; `360, facilitated (a list of: self, 360, ...)`."""
    if isinstance(param.default, Words):
        return f"{param.default} (a list of any of: {', '.join(param.choices)})"
    kind = "a whole number" if isinstance(param.default, int) else "a number"
    top = "" if param.maximum is None else f" and at most {param.maximum:g}"
    return f"{param.default:g} ({kind}, at least {param.minimum:g}{top})"


def markdown(meta: RuleMeta, examples: Mapping[str, str] | None = None) -> str:
    """The account as markdown paragraphs (docs/rules.md, SARIF `help.markdown`)."""
    blocks: list[str] = []
    for section in sections(meta, examples):
        if section.kind == "tip":
            blocks.append(f"> {section.text}\n>\n> — *{section.source}*")
        elif section.kind == "note":
            blocks.append(section.text)
        elif section.kind == "example":
            blocks.append(f"**{section.heading}:**\n\n```yaml\n{section.text}\n```")
        else:
            blocks.append(f"**{section.heading}.** {section.text}")
    return "\n\n".join(blocks)


def plain(meta: RuleMeta) -> str:
    """The account as plain lines (SARIF `help.text`), without examples."""
    lines = []
    for section in sections(meta):
        if section.kind == "tip":
            lines.append(f"Tip: “{section.text}”")
        elif section.kind == "note":
            lines.append(section.text)
        else:
            lines.append(f"{section.heading}: {section.text.replace('`', '')}")
    return "\n".join(lines)
