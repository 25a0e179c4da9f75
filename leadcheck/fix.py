"""`lint --fix`: the mechanical repairs of pasted text, and nothing else.

Curly quotes around a value, non-breaking and zero-width spaces, tabs in the
indentation and a missing space after a field's colon are repaired; what the
file means, its comments and its order are never changed. `fix_text` is pure:
text in, repaired text and the list of changes out. A repair is kept only when
the repaired file can be read; reads the same as the original where the
original could be read (a space added after a colon may change that only when
it turns text into the fields the plan expects there); and, for tabs, means the
same whatever width a tab is taken to be. Otherwise nothing is changed and the
reason is given.
"""

from __future__ import annotations

import difflib
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from leadcheck import typography
from leadcheck.advice import PARSER_SAYS
from leadcheck.lexer import Line, Token, read_lines
from leadcheck.loader import Loaded, load_text
from leadcheck.model import Plan
from leadcheck.records import field, record
from leadcheck.validate import validate

_TAB_WIDTHS = (2, 4, 8)


@record
class Change:
    """One repair, at the 1-based line and column of the original text."""

    line: int
    column: int
    what: str


@record
class Fixed:
    """The outcome of `fix_text`."""

    text: str
    """The repaired text; the original when nothing was repaired."""
    changes: tuple[Change, ...] = ()
    refused: str | None = None
    """Why the text could not be repaired safely (then `text` is the original)."""


@record
class _Edit:
    start: int
    end: int
    new: str
    change: Change
    tab: bool = False
    """The indentation, holding a tab: `new` is worked out for each tab width."""
    layout: bool = False
    """Replaces a tab or a pasted space in the indentation or after ':' or '-': what
    YAML reads may change, to what the writer saw."""


def fix_text(text: str) -> Fixed:
    """Repair what word processors and e-mail did to a plan's text."""
    lines = read_lines(text)
    edits = _edits(lines)
    if not edits:
        return Fixed(text)
    unit = _indent_unit(lines)
    widths = _TAB_WIDTHS if any(e.tab for e in edits) else (unit,)
    readable: dict[int, tuple[str, Any]] = {}
    broken: Loaded | None = None
    for width in dict.fromkeys((unit, *widths)):
        fixed = _apply(text, edits, width)
        loaded = load_text(fixed)
        if loaded.data is None:
            broken = broken or loaded
            continue
        meaning = _meaning(loaded.data)
        # Repairs inside values must not change what YAML reads; only layout may.
        laid_out = _apply(text, [e for e in edits if e.layout], width)
        reference = loaded if laid_out == fixed else load_text(laid_out)
        changed = reference.data is not None and _meaning(reference.data) != meaning
        if changed and not _clearer(reference, loaded):
            return Fixed(
                text, refused="a repair would change what the file says; make the changes by hand"
            )
        readable[width] = (fixed, meaning)
    if not readable:
        assert broken is not None
        return Fixed(text, refused=_still_broken(broken))
    if len({meaning for _, meaning in readable.values()}) > 1:
        rows = sorted({e.change.line for e in edits if e.tab})
        return Fixed(
            text,
            refused=f"a tab in the indentation of {_lines(rows)} could stand for different "
            "indentation; replace it with spaces by hand",
        )
    fixed, _ = readable.get(unit) or next(iter(readable.values()))
    return Fixed(fixed, tuple(e.change for e in edits))


# --- finding the repairs -------------------------------------------------------------


def _edits(lines: list[Line]) -> list[_Edit]:
    edits: list[_Edit] = []
    keys = _field_names()
    for line in lines:
        line_edits = [
            *_quote_edits(line),
            *_space_edits(line),
            *_tab_edits(line),
            *_colon_edits(line, keys),
        ]
        edits.extend(_without_overlaps(line_edits))
    return edits


def _space_edits(line: Line) -> Iterable[_Edit]:
    """Pasted spaces become ordinary ones and invisible ones go, except in comments."""
    end = len(line.text) if line.comment is None or line.content else line.comment
    start = line.body if _tabbed(line) else 0  # the tab repair redoes the indentation
    for index in range(start, end):
        char = line.text[index]
        layout = index < line.body or line.text[index - 1 : index] in (":", "-")
        if char in typography.SPACES:
            what = f"replaced {typography.describe(char)} with an ordinary space"
            yield _edit(line, index, index + 1, " ", what, layout=layout)
        elif char in typography.INVISIBLE:
            # After a colon or a dash it stands where a space belongs.
            spaced = line.text[index - 1 : index] in (":", "-") and index > line.body
            spaced = spaced and line.text[index + 1 : index + 2] not in ("", " ", "\t")
            what = f"{'replaced' if spaced else 'deleted'} {typography.describe(char)}"
            what += " with an ordinary space" if spaced else ""
            yield _edit(line, index, index + 1, " " if spaced else "", what, layout=layout)


def _tab_edits(line: Line) -> Iterable[_Edit]:
    yield from _separating_tabs(line)
    if not _tabbed(line):
        return
    indentation = line.text[: line.body]
    what = "replaced the tab in the indentation with spaces"
    if indentation.count("\t") > 1:
        what = "replaced the tabs in the indentation with spaces"
    change = Change(line.number, indentation.index("\t") + 1, what)
    yield _Edit(line.offset, line.offset + line.body, indentation, change, tab=True, layout=True)


def _separating_tabs(line: Line) -> Iterable[_Edit]:
    """A tab between a field and its value, or before a comment, becomes a space: libyaml
    reads it as one, the pure-Python parser not at all."""
    if line.content:
        return
    end = len(line.text) if line.comment is None else line.comment
    inside = [(t.start, t.end) for t in line.tokens]
    for index in range(line.body, end):
        if line.text[index] == "\t" and not any(a <= index < b for a, b in inside):
            yield _edit(line, index, index + 1, " ", "replaced a tab with a space")


def _tabbed(line: Line) -> bool:
    return not line.content and "\t" in line.text[: line.body]


def _expand(indentation: str, width: int) -> str:
    """Indentation with tabs taken to the next multiple of `width`, pasted spaces made plain."""
    column = 0
    for char in indentation:
        if char == "\t":
            column += width - column % width
        elif char not in typography.INVISIBLE:
            column += 1
    return " " * column


def _quote_edits(line: Line) -> Iterable[_Edit]:
    """Curly quotes around a whole key or value become straight double quotes."""
    if line.content:
        return
    stop = len(line.text) if line.comment is None else line.comment
    in_flow = line.flow > 0 or any(t.kind == "flow" for t in line.tokens)
    for index, token in enumerate(line.tokens):
        if token.kind not in ("plain", "key") or not _starts_value(line.tokens, index):
            continue
        if index == 0 and token.kind == "plain" and not line.flow:
            continue  # more text of a value begun on a line above: not a whole value
        is_key = token.kind == "key" and (index == 0 or line.tokens[index - 1].kind == "dash")
        end = token.end if in_flow or is_key else stop
        value = line.text[token.start : end].rstrip()
        if value[:1] in typography.CURLY_QUOTES and typography.curly_wrapped(value):
            inner = "".join(_plain_space(c) for c in value[1:-1])
            new = typography.straight_quoted(inner)
            what = f"replaced the curly quotes around {value} with straight quotes"
            yield _edit(line, token.start, token.start + len(value), new, what)
            if not is_key and not in_flow:
                return  # the rest of the line was this value


def _colon_edits(line: Line, keys: frozenset[str]) -> Iterable[_Edit]:
    """`name:Street triage` becomes `name: Street triage` when `name` is a plan field."""
    if line.content or line.flow or not line.tokens:
        return
    index = 0
    while index < len(line.tokens) and line.tokens[index].kind == "dash":
        index += 1
    if index >= len(line.tokens) or line.tokens[index].kind != "plain":
        return
    token = line.tokens[index]
    word = line.text[token.start : token.end]
    name, colon, rest = word.partition(":")
    if colon and name in keys and rest and rest[0] not in ":/ \t" and not _pasted(rest[0]):
        at = token.start + len(name) + 1
        # Not layout: in a file YAML can read, "ratio:3" may be meant as text.
        yield _edit(line, at, at, " ", f"added a space after the colon of {name!r}")


def _plain_space(char: str) -> str:
    return "" if char in typography.INVISIBLE else " " if char in typography.SPACES else char


def _pasted(char: str) -> bool:
    return typography.is_pasted_space(char)


def _starts_value(tokens: Sequence[Token], index: int) -> bool:
    return index == 0 or tokens[index - 1].kind in ("dash", "colon", "flow")


def _edit(line: Line, start: int, end: int, new: str, what: str, *, layout: bool = False) -> _Edit:
    change = Change(line.number, start + 1, what)
    return _Edit(line.offset + start, line.offset + end, new, change, layout=layout)


def _without_overlaps(edits: list[_Edit]) -> list[_Edit]:
    """Keep the first of any edits that touch the same characters."""
    kept: list[_Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if kept and edit.start < kept[-1].end:
            continue
        kept.append(edit)
    return kept


def _apply(text: str, edits: list[_Edit], width: int) -> str:
    out: list[str] = []
    at = 0
    for edit in edits:
        out.append(text[at : edit.start])
        out.append(_expand(edit.new, width) if edit.tab else edit.new)
        at = edit.end
    out.append(text[at:])
    return "".join(out)


# --- checking the repairs -----------------------------------------------------------------


def _meaning(data: Any) -> Any:
    """Data with every text as it was meant, for comparing before and after."""
    if isinstance(data, dict):
        return tuple((_meaning(k), _meaning(v)) for k, v in data.items())
    if isinstance(data, list):
        return tuple(_meaning(v) for v in data)
    if isinstance(data, str):
        return typography.clean(data)
    return data


def _clearer(before: Loaded, after: Loaded) -> bool:
    """Whether a readable file reads better after the repair: fewer schema and
    reference findings (`name:Northdale` was text where fields belong)."""
    return len(validate(after).findings) < len(validate(before).findings)


def _still_broken(loaded: Loaded) -> str:
    finding = next(f for f in loaded.findings if f.rule == "LC001")
    advice = finding.message.split(PARSER_SAYS)[0]
    return (
        f"after the repairs, line {finding.location.line} column {finding.location.column} "
        f"still cannot be read ({advice}); fix that by hand first, then run --fix again"
    )


def _indent_unit(lines: list[Line]) -> int:
    """The usual step between indentation levels of the lines indented with spaces."""
    steps: Counter[int] = Counter()
    previous = 0
    for line in lines:
        if line.blank or line.content or "\t" in line.text[: line.body]:
            continue
        if line.indent > previous:
            steps[line.indent - previous] += 1
        previous = line.indent
    return steps.most_common(1)[0][0] if steps else 2


def _lines(rows: list[int]) -> str:
    if len(rows) == 1:
        return f"line {rows[0]}"
    return "lines " + ", ".join(str(r) for r in rows[:-1]) + f" and {rows[-1]}"


def _field_names() -> frozenset[str]:
    """Every field name of the plan format, at any depth."""
    names: set[str] = set()
    todo: list[Any] = [Plan]
    seen: set[Any] = set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            todo.extend(_models_in(info.annotation))
    return frozenset(names)


def _models_in(annotation: Any) -> list[Any]:
    found: list[Any] = []
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            found.append(item)
        stack.extend(typing.get_args(item))
    return found


# --- files ----------------------------------------------------------------------------------


@record(frozen=False)
class Repairs:
    """What `lint --fix` or `--diff` did to a set of files, for the CLI to print."""

    notes: list[str] = field(default_factory=list)
    """One line per change (or per file that could not be repaired)."""
    diff: str = ""
    changed: int = 0
    """Files repaired (or, with --diff, that would be)."""
    refused: int = 0
    """Files left untouched because they could not be repaired safely."""


def repair_files(paths: Sequence[str], write: Callable[[Path, str], None] | None) -> Repairs:
    """Repair each file with `write`, or with `write=None` only show the repairs as a diff.

    Only UTF-8 files (with or without a byte-order mark) are repaired. OSError
    from reading a file is left to the caller.
    """
    repairs = Repairs()
    for path in paths:
        name = "<stdin>" if path == "-" else path
        raw = _read(path)
        bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
        try:
            text = raw[len(bom.encode()) :].decode("utf-8")
        except UnicodeDecodeError:
            repairs.refused += 1
            repairs.notes.append(f"{name}: not repaired: only UTF-8 files can be repaired")
            continue
        fixed = fix_text(text)
        if fixed.refused:
            repairs.refused += 1
            repairs.notes.append(f"{name}: not repaired, the file is unchanged: {fixed.refused}")
            continue
        if not fixed.changes:
            continue
        repairs.changed += 1
        for change in fixed.changes:
            repairs.notes.append(f"{name}:{change.line}:{change.column}: {change.what}")
        if write is None:
            repairs.diff += "".join(
                difflib.unified_diff(
                    _diff_lines(text),
                    _diff_lines(fixed.text),
                    f"{name} (as written)",
                    f"{name} (repaired)",
                )
            )
        else:
            write(Path(path), bom + fixed.text)
    return repairs


def _diff_lines(text: str) -> list[str]:
    """Lines for a diff: each ends with one newline, so the diff prints line by line."""
    return [line.rstrip("\r\n") + "\n" for line in text.splitlines(keepends=True)]


def _read(path: str) -> bytes:
    if path == "-":
        import sys

        return sys.stdin.buffer.read()
    return Path(path).read_bytes()
