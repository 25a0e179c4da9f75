"""YAML parser errors in plain words, pointing at the cause, not where the parser gave up.

The people who write plans are not programmers: "mapping values are not allowed
here" means nothing to them, and it often points one line after the mistake.
Each kind of parser error (libyaml's and the pure-Python parser's wordings
alike) is matched to the hand-written mistakes that cause it, read from the
text around the error; the advice says what is wrong and how to fix it, at the
line and column of the cause. The parser's own words follow after
`PARSER_SAYS`, on the same line, for people who want them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import yaml

from leadcheck.lexer import Line, read_lines
from leadcheck.records import record
from leadcheck.typography import (
    BULLETS,
    INVISIBLE,
    curly_wrapped,
    describe,
    is_pasted_space,
    straight_quoted,
)

PARSER_SAYS = " — parser: "
"""Separates the advice from the parser's own words (one line per finding in `lint`)."""

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("directive", r"directive|incompatible YAML|duplicate tag"),
        ("tab", r"tab character|'\\t'"),
        ("tag", r"(?<!<)\btag\b"),  # not "found '<tag>'": that is a misplaced value
        ("unclosed-quote", r"quoted scalar.*(end of stream|document)"),
        ("escape", r"escape|hexdecimal|hexadecimal"),
        ("block-scalar", r"block scalar"),
        ("alias", r"scanning an alias"),
        ("anchor", r"scanning an anchor"),
        ("colon", r"mapping values are not allowed"),
        ("question", r"mapping keys are not allowed"),
        ("dash", r"sequence entries are not allowed"),
        ("no-colon", r"could not find expected ':'"),
        ("cannot-start", r"cannot start any token"),
        ("flow", r"',' or '[\]}]'|found unexpected ':'"),
        ("empty", r"node content"),
        ("document", r"document start"),
        ("indentation", r"block end|expected '-' indicator|expected key"),
    )
)
_KEYISH = re.compile(r"(?:-[ \t]+)*([A-Za-z_][A-Za-z0-9_-]*):")


@record
class Advice:
    """What to tell the user, and where (1-based)."""

    text: str
    line: int
    column: int


def parser_words(exc: yaml.MarkedYAMLError) -> str:
    """The parser's own description of the error, on one line."""
    problem = exc.problem or "not valid YAML"
    return f"{problem} ({exc.context})" if exc.context else problem


def advise(exc: yaml.MarkedYAMLError, text: str) -> Advice:
    """Plain advice for a parser error in `text`, followed by the parser's words."""
    lines = read_lines(text)
    found = _Diagnosis(exc, lines).run()
    return Advice(found.text + PARSER_SAYS + parser_words(exc), found.line, found.column)


def kind_of(exc: yaml.MarkedYAMLError) -> str:
    """The class of a parser error, the same for both parsers' wordings."""
    words = f"{exc.context or ''}: {exc.problem or ''}"
    return next((kind for kind, pattern in _KINDS if pattern.search(words)), "other")


class _Diagnosis:
    """One parser error and the lines around it."""

    def __init__(self, exc: yaml.MarkedYAMLError, lines: list[Line]) -> None:
        self.exc = exc
        self.lines = lines
        mark = exc.problem_mark or exc.context_mark
        self.at = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        start = exc.context_mark
        self.start = (start.line + 1, start.column + 1) if start else self.at
        self.kind = kind_of(exc)

    def run(self) -> Advice:
        if self.kind in _PASTED_KINDS and (found := self._pasted()):
            return found
        handler = _HANDLERS.get(self.kind, _Diagnosis._other)
        return handler(self)

    # --- helpers ----------------------------------------------------------------------

    def line(self, number: int) -> Line:
        return self.lines[min(max(number, 1), len(self.lines)) - 1]

    def char(self, number: int, column: int) -> str:
        text = self.line(number).text
        return text[column - 1] if 0 < column <= len(text) else ""

    def above(self, number: int) -> list[Line]:
        """The lines above `number` that hold structure, nearest first."""
        return [
            ln
            for ln in reversed(self.lines[: max(number - 1, 0)])
            if not ln.blank and not ln.content
        ]

    def _pasted(self) -> Advice | None:
        """A pasted character or a word-processor habit on the error's line or just above."""
        line_no = self.at[0]
        first = self.start[0] if self.kind == "no-colon" else line_no - 2
        window = [
            self.line(n) for n in range(line_no, max(first, 1) - 1, -1) if n <= len(self.lines)
        ]
        for line in window:
            if line.content or line.blank:
                continue
            if found := _smell(line):
                return found
        return None

    # --- one handler per kind of error -------------------------------------------------

    def _colon(self) -> Advice:
        number, column = self.at
        line = self.line(number)
        key = line.key()
        colon = column - 1
        if key is not None and key.end <= colon and _colon_after(line, key) < colon:
            return _colon_in_value(line, key, column)
        if key is not None and key.end - key.start > 1024:
            return Advice(
                f"this field name is {key.end - key.start} characters long, and YAML allows "
                "at most 1024; shorten it, or if it is text, put it in quotes",
                number,
                key.start + 1,
            )
        return self._continued(line)

    def _continued(self, line: Line) -> Advice:
        """The line's field is read as more text of the line above: say why."""
        above = self.above(line.number)
        if not above:
            return self._other()
        prev = above[0]
        prev_key = prev.key()
        if prev_key is None and not any(t.kind == "dash" for t in prev.tokens):
            shown = prev.text[prev.body : prev.comment].rstrip()
            return Advice(
                f"line {prev.number} ({shown!r}) has no ':', so YAML reads it and the next "
                f"lines as one piece of text; if {shown!r} is a field name, write "
                f"'{shown}:'; otherwise make the line a comment by starting it with '#'",
                prev.number,
                prev.body + 1,
            )
        column = _content_column(prev)
        if line.body > column:
            name = prev.text[prev_key.start : prev_key.end] if prev_key else "the item"
            return Advice(
                f"this line is indented {_spaces(line.body)} but {_quote(name)} on line "
                f"{prev.number} uses {column}; fields of the same section must start in "
                "the same column",
                line.number,
                line.body + 1,
            )
        return self._other()

    def _no_colon(self) -> Advice:
        number, column = self.start
        above = self.above(number)
        prev_key = above[0].key() if above else None
        if prev_key is not None and above[0].value_after(prev_key) is not None:
            name = above[0].text[prev_key.start : prev_key.end]
            return Advice(
                f"this line has no ':'; if it continues the text of {_quote(name)} on line "
                f"{above[0].number}, indent it further than {_quote(name)} or put the whole "
                "text in quotes on one line; if it is a new field, write its name and ': ' "
                "first",
                number,
                column,
            )
        return Advice(
            "this line has text but no ':'; write the field name and ': ' before the text, "
            "or make the line a comment by starting it with '#'",
            number,
            column,
        )

    def _indentation(self) -> Advice:
        number, column = self.at
        line = self.line(number)
        if found := _text_after_closing(line, column - 1):
            return found
        if line.content:
            return _short_text_line(self, line)
        char = self.char(number, column)
        if char == "-":
            return self._list_item(line, column)
        if char == ":":
            return Advice(
                "this line starts with ':'; write the field name before it", number, column
            )
        return self._field(line, column)

    def _list_item(self, line: Line, column: int) -> Advice:
        for prev in self.above(line.number):
            if prev.tokens and prev.tokens[0].kind == "dash" and prev.body < column - 1 + 8:
                if prev.body != column - 1:
                    return Advice(
                        f"this list item is indented {_spaces(column - 1)} but the items "
                        f"above use {prev.body} (line {prev.number}); line its '-' up with theirs",
                        line.number,
                        column,
                    )
                break
        return Advice(
            "a list item ('- ') cannot stand among fields here; put it under a field that "
            "holds a list, indented further than that field",
            line.number,
            column,
        )

    def _field(self, line: Line, column: int) -> Advice:
        indent = column - 1
        columns: list[tuple[int, int, str]] = []
        for prev in self.above(line.number):
            key = prev.key()
            if prev.tokens and prev.tokens[0].kind == "dash" and prev.body == indent:
                return Advice(
                    f"this field is indented {_spaces(indent)}, like the '- ' items above it "
                    f"(line {prev.number}); indent it further to add it to an item, or less "
                    "to start a new section",
                    line.number,
                    column,
                )
            if key is None:
                continue
            name = prev.text[key.start : key.end]
            if not columns or key.start < columns[-1][0]:
                columns.append((key.start, prev.number, name))
            if key.start < indent or len(columns) == 2:
                break
        if not columns:
            return self._other()
        nearest = columns[0]
        said = f"{nearest[0]} ({_quote(nearest[2])}, line {nearest[1]})"
        if len(columns) > 1 and abs(nearest[0] - indent) > 1:
            outer = columns[1]
            said += f" or {outer[0]} ({_quote(outer[2])}, line {outer[1]})"
        return Advice(
            f"this line is indented {_spaces(indent)} but the fields above use {said}; "
            "line it up with the fields it belongs with",
            line.number,
            column,
        )

    def _cannot_start(self) -> Advice:
        number, column = self.at
        char = self.char(number, column)
        if char == "\t":
            return self._tab()
        return _quote_it(self.line(number), column, char)

    def _tab(self) -> Advice:
        number, column = self.at
        line = self.line(number)
        tab = line.text.find("\t")
        if 0 <= tab < line.body:
            return Advice(
                "this line is indented with a tab; YAML indentation must use spaces, not "
                "tabs: replace the tab with spaces",
                number,
                tab + 1,
            )
        if tab >= 0:
            column = tab + 1
        return Advice(
            f"there is a tab at column {column}; YAML needs spaces, not tabs, between a "
            "field and its value and before a comment: replace it with a space",
            number,
            column,
        )

    def _star(self) -> Advice:
        number, column = self.start
        line = self.line(number)
        after = self.char(number, column + 1)
        if after == "*":
            return Advice(
                "Markdown such as **bold** cannot be used, because a value that starts with "
                "'*' means something else in YAML; remove the asterisks, or put the whole "
                "value in quotes",
                number,
                column,
            )
        if column - 1 == line.body and after in (" ", ""):
            return Advice(
                "'*' is not a list marker in YAML; start each item with '-' instead",
                number,
                column,
            )
        return _quote_it(line, column, "*")

    def _ampersand(self) -> Advice:
        number, column = self.start
        return _quote_it(self.line(number), column, "&")

    def _tag(self) -> Advice:
        number, column = self.start
        return _quote_it(self.line(number), column, "!")

    def _question(self) -> Advice:
        number, column = self.at
        return _quote_it(self.line(number), column, "?")

    def _unclosed_quote(self) -> Advice:
        number, column = self.start
        quote = self.char(number, column) or '"'
        return Advice(
            f"the {quote} at column {column} opens a quoted value that is never closed; add "
            f"the closing {quote} at the end of the value, or remove this one",
            number,
            column,
        )

    def _escape(self) -> Advice:
        number, column = self.at
        line = self.line(number)
        slash = line.text.rfind("\\", 0, column)
        code = line.text[slash : slash + 2] if slash >= 0 else "\\"
        column = slash + 1 if slash >= 0 else column
        return Advice(
            f"inside double quotes, '\\' starts a special code, and '{code}' is not one; "
            "write '\\\\' for a backslash, or put the value in single quotes instead",
            number,
            column,
        )

    def _block_scalar(self) -> Advice:
        number, column = self.start
        char = self.char(number, column) or "|"
        problem = self.exc.problem or ""
        if re.search(r"indicator.*\b0\b", problem):
            return Advice(
                f"the number after {char!r} must be 1 to 9; usually you can simply remove it",
                number,
                column + 1,
            )
        return _quote_it(self.line(number), column, char)

    def _flow(self) -> Advice:
        start_line, start_column = self.start
        number, column = self.at
        bracket = self.char(start_line, start_column)
        if bracket not in ("[", "{"):  # libyaml starts at the item: find its bracket
            start_line, start_column = number, _open_bracket(self.line(number), column - 1) + 1
            bracket = self.char(start_line, start_column) or "["
        closing = "]" if bracket == "[" else "}"
        what = "list" if bracket == "[" else "group of fields"
        if number > start_line and _unclosed_on(self.line(start_line), start_column - 1):
            return Advice(
                f"the {what} that starts with {bracket!r} here is never closed; add "
                f"{closing!r} at its end",
                start_line,
                start_column,
            )
        if self.char(number, column) == ":":
            return Advice(
                f"an item inside {bracket} {closing} contains a colon; put that item in quotes",
                number,
                column,
            )
        return Advice(
            f"items inside {bracket} {closing} must be separated by ', '; put any item that "
            "contains a comma, a colon or a bracket in quotes",
            number,
            column,
        )

    def _empty(self) -> Advice:
        number, column = self.at
        char = self.char(number, column)
        if char == "," or (char in "]}" and self.exc.context and "flow" in self.exc.context):
            return Advice(
                "there is an empty item here (two commas in a row, or a comma next to a "
                "bracket); remove the extra comma",
                number,
                column,
            )
        return _quote_it(self.line(number), column, char or "-")

    def _dash(self) -> Advice:
        number, column = self.at
        return Advice(
            "a list cannot start on the same line as its field name; put each '- ' item on "
            "a line of its own below the field, indented further, or write the list as "
            "[a, b]",
            number,
            column,
        )

    def _directive(self) -> Advice:
        for line in reversed(self.lines[: self.at[0]]):
            if line.text.startswith("%"):
                return Advice(
                    "a line starting with '%' is a YAML directive, which plans do not use; "
                    "delete the line, or put its text in quotes if it is a field",
                    line.number,
                    1,
                )
        return self._other()

    def _document(self) -> Advice:
        if any(ln.text.startswith("%") for ln in self.lines[: self.at[0]]):
            return self._directive()
        for line in reversed(self.lines[: self.at[0] - 1]):
            if line.text[: line.comment].strip() == "...":
                return Advice(
                    "the line '...' marks the end of the plan, but more follows; delete it",
                    line.number,
                    1,
                )
        structure = [ln for ln in self.lines if not ln.blank and not ln.content]
        if structure and structure[0].body > 0:
            first = structure[0]
            return Advice(
                f"the plan's first line is indented {_spaces(first.body)} but line "
                f"{self.at[0]} is not; start every top-level field in the first column",
                first.number,
                first.body + 1,
            )
        return self._other()

    def _other(self) -> Advice:
        number, column = self.at
        return Advice(
            "this line cannot be read; compare its indentation, quotes and brackets with the "
            "lines around it",
            number,
            column,
        )


_PASTED_KINDS = frozenset(
    {"colon", "no-colon", "indentation", "cannot-start", "alias", "dash", "document", "empty"}
)
_HANDLERS: dict[str, Callable[[_Diagnosis], Advice]] = {
    "colon": _Diagnosis._colon,
    "no-colon": _Diagnosis._no_colon,
    "indentation": _Diagnosis._indentation,
    "cannot-start": _Diagnosis._cannot_start,
    "tab": _Diagnosis._tab,
    "alias": _Diagnosis._star,
    "anchor": _Diagnosis._ampersand,
    "tag": _Diagnosis._tag,
    "question": _Diagnosis._question,
    "unclosed-quote": _Diagnosis._unclosed_quote,
    "escape": _Diagnosis._escape,
    "block-scalar": _Diagnosis._block_scalar,
    "flow": _Diagnosis._flow,
    "empty": _Diagnosis._empty,
    "dash": _Diagnosis._dash,
    "directive": _Diagnosis._directive,
    "document": _Diagnosis._document,
}


# --- the habits of word processors, found on one line -----------------------------------


def _smell(line: Line) -> Advice | None:
    text, body = line.text, line.body
    for index in range(body):
        if is_pasted_space(text[index]):
            return _pasted_advice(line, index, "in the indentation")
    if "\t" in text[:body]:
        return Advice(
            "this line is indented with a tab; YAML indentation must use spaces, not tabs: "
            "replace the tab with spaces",
            line.number,
            text.index("\t") + 1,
        )
    first = text[body : body + 1]
    if first and first in BULLETS and (_gap(text, body + 1)):
        name = describe(first) if first in "–—" else repr(first)
        return Advice(
            f"{name} is not a list marker in YAML; start each item with '-' and a space instead",
            line.number,
            body + 1,
        )
    if first == "-" and body + 1 < len(text) and is_pasted_space(text[body + 1]):
        return _pasted_advice(line, body + 1, "after the '-'")
    match = _KEYISH.match(text, body)
    if match:
        after = text[match.end() : match.end() + 1]
        if after and is_pasted_space(after):
            return _pasted_advice(line, match.end(), "after the ':'")
        if after and after not in " \t:/" and (line.comment is None or line.comment > match.end()):
            key = match.group(1)
            rest = text[match.end() : line.comment].rstrip()
            return Advice(
                f"a colon must be followed by a space: write '{key}: {rest}'",
                line.number,
                match.end(),
            )
    return None


def _pasted_advice(line: Line, index: int, where: str) -> Advice:
    char = line.text[index]
    invisible = char in INVISIBLE and not where.startswith("after")
    fix = "delete it" if invisible else "replace it with an ordinary space"
    return Advice(
        f"the character at column {index + 1} ({where}) is {describe(char)}, pasted from a "
        f"word processor; {fix}",
        line.number,
        index + 1,
    )


def _gap(text: str, index: int) -> bool:
    return index >= len(text) or text[index] == " " or is_pasted_space(text[index])


# --- helpers for the handlers -------------------------------------------------------------


def _colon_after(line: Line, key: object) -> int:
    index = line.tokens.index(key)  # type: ignore[arg-type]
    return line.tokens[index + 1].start if index + 1 < len(line.tokens) else len(line.text)


def _colon_in_value(line: Line, key: object, column: int) -> Advice:
    start = line.tokens[line.tokens.index(key) + 2].start  # type: ignore[arg-type]
    value = line.text[start : line.comment].rstrip()
    lead = line.text[line.body : start]
    if value[:1] in "“”„‘’‚" and curly_wrapped(value):
        return Advice(
            f"this value is in curly quotes ({value[0]} {value[-1]}), which YAML does not "
            "read as quotes, so the ': ' inside it looks like the start of another field; "
            f"use straight quotes: {lead}{straight_quoted(value[1:-1])}",
            line.number,
            start + 1,
        )
    return Advice(
        "this text contains ': ' (a colon and a space), which YAML reads as the start of "
        f"another field; put the whole value in quotes: {lead}{straight_quoted(value)}",
        line.number,
        column,
    )


def _quote_it(line: Line, column: int, char: str) -> Advice:
    """Advice for a value that starts with a character YAML gives a meaning to."""
    start = column - 1
    value = line.text[start : line.comment].rstrip()
    lead = line.text[line.body : start]
    return Advice(
        f"a value cannot start with {char!r} in YAML; put the whole value in quotes: "
        f"{lead}{straight_quoted(value)}",
        line.number,
        column,
    )


def _text_after_closing(line: Line, index: int) -> Advice | None:
    """Text after a closing quote or bracket: `name: "Street" triage`, `[Draft] plan`."""
    before = [t for t in line.tokens if t.end <= index]
    if not before:
        return None
    last = before[-1]
    value_start: int | None = None
    if last.kind == "quoted":
        value_start = last.start
    elif last.kind == "flow" and line.text[last.start] in "]}":
        opening = next((t for t in before if t.kind == "flow" and line.text[t.start] in "[{"), None)
        value_start = opening.start if opening else None
    if value_start is None:
        return None
    value = line.text[value_start : line.comment].rstrip()
    lead = line.text[line.body : value_start]
    first = value[0]
    if first in "\"'":
        other = "'" if first == '"' else '"'
        fixed = other + value.replace(other, other * 2 if other == "'" else '\\"') + other
        return Advice(
            f"text follows the closing {first} of this value; put the whole value in one "
            f"pair of quotes: {lead}{fixed}",
            line.number,
            value_start + 1,
        )
    return Advice(
        f"a value that starts with {first!r} is read as a list, and text follows its "
        f"closing bracket; put the whole value in quotes: {lead}{straight_quoted(value)}",
        line.number,
        value_start + 1,
    )


def _short_text_line(diagnosis: _Diagnosis, line: Line) -> Advice:
    """A line of a block of text indented less than the block's first line."""
    first: Line | None = None
    for prev in reversed(diagnosis.lines[: line.number - 1]):
        if not prev.content:
            break
        if not prev.blank:
            first = prev
    if first is None:
        return diagnosis._other()
    return Advice(
        f"this line is indented {_spaces(line.indent)}, less than the first line of the "
        f"block of text above it (line {first.number}, {first.indent} spaces), so YAML "
        "reads it as the end of the block; indent it like the lines above",
        line.number,
        line.body + 1,
    )


def _content_column(line: Line) -> int:
    """Where the content of a line starts, after its '- ' markers."""
    for token in line.tokens:
        if token.kind != "dash":
            return token.start
    return line.body


def _unclosed_on(line: Line, index: int) -> bool:
    depth = 0
    for token in line.tokens:
        if token.kind != "flow" or token.start < index:
            continue
        char = line.text[token.start]
        depth += 1 if char in "[{" else -1 if char in "]}" else 0
    return depth > 0


def _open_bracket(line: Line, index: int) -> int:
    """Index of the innermost '[' or '{' still open at `index` (-1 when none is)."""
    opened: list[int] = []
    for token in line.tokens:
        if token.kind == "flow" and token.start < index:
            char = line.text[token.start]
            if char in "[{":
                opened.append(token.start)
            elif char in "]}" and opened:
                opened.pop()
    return opened[-1] if opened else -1


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"


def _quote(name: str) -> str:
    return repr(name) if not name.startswith(("'", '"')) else name
