"""Free text that says nothing: TBC, N/A, lorem ipsum, and the starter plan's prompts.

A placeholder looks like an answer but is not one. The engine reports each one
(LC008) at the placeholder itself, then treats the field as missing before any
rule reads it, so a vision of "TBC" fails LC502 exactly as no vision would.

Which fields are free text is read off the model: every field typed plain
`str` (or a list of them). Ids, references, versions, dates and enumerations
are typed otherwise, so they never count. The starter plan's placeholders are
read off the starter plan itself (`leadcheck/templates/starter.yaml`): every
free-text value in it is a prompt to be replaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from leadcheck.findings import YamlPath
from leadcheck.shape import FREE_TEXT, Pattern, as_pattern, package_text

WORDS = frozenset(
    {
        "tbc",
        "tbd",
        "tba",
        "tbf",
        "todo",
        "fixme",
        "na",
        "none",
        "nil",
        "unknown",
        "notknown",
        "pending",
        "placeholder",
        "tobeconfirmed",
        "tobedecided",
        "tobedetermined",
        "tobeagreed",
        "tobeadded",
        "tobeannounced",
        "tobearranged",
        "tobefinalised",
        "tobefinalized",
        "tobewritten",
        "tofollow",
        "comingsoon",
    }
)
"""Placeholders once lower-cased and stripped of everything but letters and digits
(so `T.B.C.`, `(tbc)`, `N/A` and `To be confirmed!` all match)."""

_NOT_ALNUM = re.compile(r"[\W_]+")
_LONGEST = 200
"""Texts longer than this are never compared whole (only lorem ipsum is looked for)."""


def key(text: str) -> str:
    """`text` lower-cased with everything but letters and digits removed."""
    # Fast for the common case, words and spaces; whitespace of any other kind is
    # not alphanumeric, so the expression below removes it as the split it skips would.
    word = text.lower().replace(" ", "")
    return word if word.isalnum() else _NOT_ALNUM.sub("", word)


def is_placeholder(text: str, template: frozenset[str] | None = None) -> bool:
    """Whether free text says nothing: empty, TBC and the like, lorem ipsum, only
    punctuation, or (compared the same way) one of the starter plan's prompts."""
    if len(text) > _LONGEST:
        return key(text[:40]).startswith("loremipsum")
    word = key(text)
    if not word or word in WORDS or not word.strip("x") or word.startswith("loremipsum"):
        return True  # (not word.strip("x"): only x's, as in "xxx")
    return word in (starter_placeholders() if template is None else template)


# --- free text -------------------------------------------------------


def free_text(data: Any) -> Iterator[tuple[YamlPath, str]]:
    """Every free-text value in plan data, with its path, field by field."""
    return iter(_texts(data, None))


def find(data: Any, template: frozenset[str] | None = None) -> list[tuple[YamlPath, str]]:
    """(path, text) of every placeholder in plan data, in file order of fields."""
    return _texts(data, starter_placeholders() if template is None else template)


def _texts(data: Any, template: frozenset[str] | None) -> list[tuple[YamlPath, str]]:
    """`free_text`, or with a `template` only its placeholders. A path is made only
    for a text that is kept, and no list of all the texts is made on the way."""
    from leadcheck.validate import walk_all  # validation's own walk

    walked = walk_all(data, FREE_TEXT)
    return [
        ((*at, step), text)
        for pattern in FREE_TEXT
        for at, step, text in walked[pattern]
        if isinstance(text, str) and (template is None or is_placeholder(text, template))
    ]


@cache
def starter_placeholders() -> frozenset[str]:
    """The starter plan's free-text values, as `key`s: each is a prompt, not an answer."""
    import yaml

    text = package_text("templates", "starter.yaml")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return frozenset(k for _, value in free_text(data) if (k := key(value)))


# --- treating placeholders as missing ---------------------------------------------------


def without(data: dict[str, Any], paths: Iterable[YamlPath], required: Iterable[Pattern]) -> Any:
    """A copy of `data` with the fields at `paths` removed (list items dropped).

    Only the containers on the way to a removed field are copied. Fields the
    schema requires (`required`: names, a waiver's reason) are kept: the plan
    would not be valid without them, and no rule judges them.
    """
    keep = set(required)
    out: Any = dict(data)
    copied: set[YamlPath] = {()}
    drops: dict[YamlPath, set[int]] = {}
    for path in paths:
        if as_pattern(path) in keep:
            continue
        parent, last = path[:-1], path[-1]
        node = out
        for depth, step in enumerate(parent):
            here = parent[: depth + 1]
            child = node[step]
            if here not in copied:
                child = dict(child) if isinstance(child, dict) else list(child)
                node[step] = child
                copied.add(here)
            node = child
        if isinstance(last, int):
            drops.setdefault(parent, set()).add(last)
        else:
            del node[last]
    for parent, indices in drops.items():
        node = out
        for step in parent[:-1]:
            node = node[step]
        items = node[parent[-1]]
        node[parent[-1]] = [item for i, item in enumerate(items) if i not in indices]
    return out
