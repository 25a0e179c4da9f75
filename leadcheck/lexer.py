"""A forgiving, line-by-line reading of YAML text: where keys, values and comments are.

The real parser stops at the first error and says nothing about comments, so
the advice on a broken file and `lint --fix` need their own reading. This one
never fails: it splits lines as YAML does, and on each line finds the
indentation, the list markers, the scalars (and which are keys), the colons and
the comment, carrying quoted text, flow brackets and blocks of text (`|`, `>`)
from line to line.
"""

from __future__ import annotations

import re

from leadcheck.records import field, record
from leadcheck.typography import is_pasted_space

_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_BLOCK_HEADER = re.compile(r"[|>][0-9+-]*[ \t]*(#.*)?$")


@record
class Token:
    """A piece of a line: `start` and `end` index the line's text."""

    kind: str
    """plain, quoted, key (a scalar followed by ':'), colon, dash, flow or block."""
    start: int
    end: int


@record(frozen=False)
class Line:
    """One line of the text and what it holds."""

    number: int
    """1-based, counted as YAML counts (\\r\\n, \\r, \\n, NEL, LS and PS end lines)."""
    offset: int
    """Where the line starts in the whole text."""
    text: str
    indent: int = 0
    """Ordinary spaces before anything else."""
    body: int = 0
    """Index of the first character after the leading spaces, tabs and pasted spaces."""
    tokens: list[Token] = field(default_factory=list)
    comment: int | None = None
    """Index of the '#' that starts a comment."""
    content: bool = False
    """The line is all text of a block (`|`, `>`) or of a quoted value begun above."""
    flow: int = 0
    """How many brackets ([ or {) are open where the line starts."""

    @property
    def blank(self) -> bool:
        return self.body >= len(self.text) or self.body == self.comment

    def key(self) -> Token | None:
        """The first key on the line (after any '- ' markers)."""
        for token in self.tokens:
            if token.kind == "key":
                return token
            if token.kind != "dash":
                return None
        return None

    def value_after(self, key: Token) -> Token | None:
        """The token after `key`'s colon on this line."""
        index = self.tokens.index(key)
        rest = self.tokens[index + 2 :]
        return rest[0] if rest else None


def split_lines(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each line, split where YAML splits them."""
    out: list[tuple[int, str]] = []
    start = 0
    for match in _BREAK.finditer(text):
        out.append((start, text[start : match.start()]))
        start = match.end()
    out.append((start, text[start:]))
    return out


def read_lines(text: str) -> list[Line]:
    """Every line of `text`, lexed."""
    lexer = _Lexer()
    return [
        lexer.line(number, offset, line)
        for number, (offset, line) in enumerate(split_lines(text), 1)
    ]


class _Lexer:
    def __init__(self) -> None:
        self.quote: str | None = None
        self.flow = 0
        self.block_parent: int | None = None
        """While inside a block of text: the indentation of the line that opened it."""

    def line(self, number: int, offset: int, text: str) -> Line:
        line = Line(number, offset, text, flow=self.flow)
        spaces = len(text) - len(text.lstrip(" "))
        line.indent = spaces
        body = 0
        while body < len(text) and (text[body] in " \t" or is_pasted_space(text[body])):
            body += 1
        line.body = body
        if self.block_parent is not None:
            if body >= len(text) or spaces > self.block_parent:
                line.content = True
                return line
            self.block_parent = None
        at = 0
        if self.quote is not None:
            end = self._close(text, 0, self.quote)
            line.tokens.append(Token("quoted", 0, end))
            if self.quote is not None:
                line.content = True
                return line
            at = end
        self._tokens(line, at if at else body)
        return line

    def _tokens(self, line: Line, at: int) -> None:
        text = line.text
        start_of_token = True
        while at < len(text):
            char = text[at]
            if char in " \t":
                at += 1
                start_of_token = True
                continue
            if char == "#" and (at == 0 or text[at - 1] in " \t"):
                line.comment = at
                return
            if start_of_token and char in "\"'":
                end = self._close(text, at + 1, char)
                line.tokens.append(Token("quoted", at, end))
                at = end
                start_of_token = False
                if self.quote is not None:
                    return
                continue
            if char in "[{":
                self.flow += 1
                line.tokens.append(Token("flow", at, at + 1))
                at += 1
                start_of_token = True
                continue
            if char in "]}," and self.flow:
                self.flow -= char != ","
                line.tokens.append(Token("flow", at, at + 1))
                at += 1
                start_of_token = True
                continue
            if char == ":" and _ends_key(text, at, self.flow):
                self._mark_key(line)
                line.tokens.append(Token("colon", at, at + 1))
                at += 1
                start_of_token = True
                continue
            if start_of_token and char in "-?" and _spaced(text, at + 1) and not self.flow:
                line.tokens.append(Token("dash", at, at + 1))
                at += 1
                continue
            if start_of_token and char in "|>" and not self.flow and _BLOCK_HEADER.match(text, at):
                line.tokens.append(Token("block", at, at + 1))
                self.block_parent = line.indent
                comment = text.find("#", at)
                line.comment = comment if comment >= 0 else None
                return
            at = self._plain(line, at)
            start_of_token = False

    def _plain(self, line: Line, at: int) -> int:
        text = line.text
        end = at
        while end < len(text):
            char = text[end]
            if char == ":" and _ends_key(text, end, self.flow):
                break
            if char == "#" and text[end - 1] in " \t":
                break
            if self.flow and char in ",]}":
                break
            end += 1
        end = max(end, at + 1)  # always move on, whatever the text
        stop = end
        while stop > at and text[stop - 1] in " \t":
            stop -= 1
        line.tokens.append(Token("plain", at, stop))
        return end

    def _close(self, text: str, at: int, quote: str) -> int:
        """Index after the closing quote; sets self.quote when the line ends first."""
        while at < len(text):
            char = text[at]
            if quote == '"' and char == "\\":
                at += 2
                continue
            if char == quote:
                if quote == "'" and text[at + 1 : at + 2] == "'":
                    at += 2
                    continue
                self.quote = None
                return at + 1
            at += 1
        self.quote = quote
        return len(text)

    @staticmethod
    def _mark_key(line: Line) -> None:
        if line.tokens and line.tokens[-1].kind in ("plain", "quoted"):
            last = line.tokens[-1]
            line.tokens[-1] = Token("key", last.start, last.end)


def _ends_key(text: str, at: int, flow: int) -> bool:
    """Whether the ':' at `at` ends a key: followed by a space, the line's end or,
    inside brackets, by a bracket or comma."""
    after = text[at + 1 : at + 2]
    return after in ("", " ", "\t") or bool(flow and after in ",]}")


def _spaced(text: str, at: int) -> bool:
    return at >= len(text) or text[at] in " \t"
