"""Characters that word processors and e-mail paste into plans, named in plain words.

Nobody can see a non-breaking space or tell a curly quote from a straight one,
so each such character is named with its code point, and the damage it does to
a key, an id or a date is reported with the fix. The loader, the parser-error
advice and `lint --fix` share this knowledge.
"""

from __future__ import annotations

import re

from leadcheck.records import record

SPACES: dict[str, str] = {
    "\u00a0": "a non-breaking space (U+00A0)",
    "\u2002": "an en space (U+2002)",
    "\u2003": "an em space (U+2003)",
    "\u2007": "a figure space (U+2007)",
    "\u2009": "a thin space (U+2009)",
    "\u200a": "a hair space (U+200A)",
    "\u202f": "a narrow non-breaking space (U+202F)",
    "\u3000": "an ideographic space (U+3000)",
}
"""Look like a space, but YAML reads them as text."""

INVISIBLE: dict[str, str] = {
    "\u200b": "a zero-width space (U+200B)",
    "\u200c": "a zero-width non-joiner (U+200C)",
    "\u2060": "a word joiner (U+2060)",
    "\ufeff": "a zero-width no-break space (U+FEFF)",
    "\u00ad": "a soft hyphen (U+00AD)",
}
"""Show as nothing at all."""

DASHES: dict[str, str] = {
    "\u2010": "a typographic hyphen (U+2010)",
    "\u2011": "a non-breaking hyphen (U+2011)",
    "\u2012": "a figure dash (U+2012)",
    "\u2013": "an en dash (–, U+2013)",
    "\u2014": "an em dash (—, U+2014)",
    "\u2212": "a minus sign (−, U+2212)",
}
"""What word processors put in place of '-'."""

_NAMES = {**SPACES, **INVISIBLE, **DASHES}

BULLETS = "•◦▪▫‣⁃●○■□➢►▶·∙–—"
"""List markers of word processors (and the dashes they turn '- ' into)."""

_DOUBLE = ("“”„", "”“")
_SINGLE = ("‘’‚", "’‘")
CURLY_QUOTES = "“”„‘’‚"

_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = re.compile(r"[+-]?[0-9][0-9_]*(\.[0-9]+)?")


def describe(char: str) -> str:
    """A pasted character in words: 'a non-breaking space (U+00A0)'."""
    return _NAMES.get(char) or f"the character U+{ord(char):04X}"


def is_pasted_space(char: str) -> bool:
    """A space or invisible character that is not an ordinary space."""
    return char in SPACES or char in INVISIBLE


def curly_wrapped(value: str) -> bool:
    """Whether curly quotes wrap the whole of `value`, as “1.3” or ‘Home first’."""
    if len(value) < 2:
        return False
    first, last = value[0], value[-1]
    return any(first in opening and last in closing for opening, closing in (_DOUBLE, _SINGLE))


def straight_quoted(inner: str) -> str:
    """`inner` in straight double quotes, escaped so YAML reads it back unchanged."""
    return '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"'


def clean(value: str) -> str:
    """`value` as it was meant: no wrapping curly quotes, pasted spaces made ordinary."""
    if curly_wrapped(value):
        value = value[1:-1]
    for char in INVISIBLE:
        value = value.replace(char, "")
    for char in SPACES:
        value = value.replace(char, " ")
    return value.strip(" ")


@record
class Damage:
    """What is wrong with one scalar: the first bad character and the advice."""

    index: int
    """Index in the scalar's text of the character to point at."""
    advice: str
    cleaned: str
    """The value as it was meant."""


def damage(value: str, *, is_key: bool, where: str = "") -> Damage | None:
    """Typographic damage that changes what a key, id, date or number means.

    Curly quotes around a whole value are always damage: YAML keeps them as part
    of the text. Pasted spaces count inside keys and inside values shaped like
    an id, a date or a number (in a person's name they do no harm); dashes count
    inside values shaped like an id or a date. `where` names the mapping a key
    is in, or the path of a value.
    """
    if curly_wrapped(value):
        inner = value[1:-1]
        what = f"the field name {value}" if is_key else value
        return Damage(
            0,
            _prefixed(
                f"{what} is wrapped in curly quotes, which YAML keeps as part of the "
                f"{'name' if is_key else 'value'}; use straight quotes: {straight_quoted(inner)}",
                where,
            ),
            clean(value),
        )
    cleaned = clean(value)
    joined = "".join(c for c in value if not is_pasted_space(c))
    for index, char in enumerate(value):
        if is_pasted_space(char) and (is_key or _shaped(cleaned) or _shaped(joined)):
            advice = _space_advice(value, index, cleaned, is_key)
            return Damage(index, _prefixed(advice, where), cleaned)
    dashed = "".join("-" if c in DASHES else c for c in value)
    if dashed != value and _shaped(dashed) and (_DATE.fullmatch(dashed) or _has_letter(dashed)):
        index = next(i for i, c in enumerate(value) if c in DASHES)
        what = "a date" if _DATE.fullmatch(dashed) else "an id"
        advice = (
            f"{value!r} contains {describe(value[index])}, which word processors put in "
            f"place of '-'; {what} needs ordinary hyphens: {dashed!r}"
        )
        return Damage(index, _prefixed(advice, where), dashed)
    return None


def meant(value: str, *, is_key: bool = False) -> str:
    """`value` as it was meant, once its typographic damage is repaired."""
    found = damage(value, is_key=is_key)
    return found.cleaned if found else value


def _prefixed(advice: str, where: str) -> str:
    return f"{where}: {advice}" if where else advice


def _space_advice(value: str, index: int, cleaned: str, is_key: bool) -> str:
    char = value[index]
    if not clean(value[:index]):
        where = "before"
    elif not clean(value[index + 1 :]):
        where = "after"
    else:
        where = "inside"
    what = f"the field name {cleaned!r}" if is_key else repr(cleaned)
    fix = (
        "delete it"
        if where == "after" or char in INVISIBLE
        else "replace it with an ordinary space"
    )
    return f"{what} has {describe(char)} {where} it, pasted from a word processor; {fix}"


def _shaped(text: str) -> bool:
    return bool(_SLUG.fullmatch(text) or _DATE.fullmatch(text) or _NUMBER.fullmatch(text))


def _has_letter(text: str) -> bool:
    return any(c.isalpha() for c in text)
