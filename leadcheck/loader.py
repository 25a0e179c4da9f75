"""Bytes to plain data plus the position of every value, in one safe pass.

The plan is built straight from the parser's event stream with an explicit
stack: no recursion (so deep nesting cannot overflow anything), no constructor
that can run code (tags outside YAML's core schema are refused), and aliases
are measured as they are met so an alias bomb stops early.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from bisect import bisect_right
from collections.abc import Callable
from typing import Any, BinaryIO, Literal

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from leadcheck import typography
from leadcheck.findings import Finding, YamlPath, format_path
from leadcheck.records import field, record
from leadcheck.structure import LISTED, more_finding, structure_finding

ParserName = Literal["auto", "libyaml", "pure"]
PARSERS: dict[str, Callable[[str], Any] | None] = {
    "libyaml": getattr(yaml, "CSafeLoader", None),
    "pure": yaml.SafeLoader,
}
"""The YAML parsers a plan can be read with; libyaml is None when not installed."""

_Parser: Callable[[str], Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CORE = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP = (
    _CORE + t for t in ("str", "null", "bool", "int", "float", "timestamp")
)
_SCALAR_TAGS = {_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP, "!"}
_MAP_TAGS = {None, "!", _CORE + "map"}
_SEQ_TAGS = {None, "!", _CORE + "seq"}
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)


@record
class Limits:
    """Bounds that keep hostile input cheap to reject."""

    max_bytes: int = 16 * 1024 * 1024
    max_depth: int = 64
    max_alias_values: int = 100_000
    """How many values aliases may expand to, in all; long text counts one value
    per `TEXT_PER_VALUE` characters, so a repeated long scalar is bounded too."""


@record(frozen=False)
class Positions:
    """1-based (line, column) of every value, and of every mapping key."""

    values: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: YamlPath, *, prefer_key: bool = True) -> tuple[YamlPath, int, int]:
        """The position of `path`, or of its nearest ancestor present in the file.

        With `prefer_key`, a mapping entry points at its key (the line people
        read as "the field"); otherwise at its value.
        """
        for end in range(len(path), -1, -1):
            here = path[:end]
            if prefer_key and (pos := self.keys.get(here)) is not None:
                return here, *pos
            if (pos := self.values.get(here)) is not None:
                return here, *pos
        return (), 1, 1


@record
class Loaded:
    """The outcome of loading one file: data (None when unreadable) and findings."""

    file: str
    data: dict[str, Any] | None
    positions: Positions
    findings: tuple[Finding, ...] = ()
    replaced: dict[YamlPath, Any] = field(default_factory=dict)
    """Values a repeated key replaced, by path: what a lost '-' hid."""


class _Stop(Exception):
    """Raised inside the builder when the file cannot be read further."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def read_bytes(path: str, limits: Limits = Limits()) -> bytes | None:
    """Read a file, or return None when it is larger than the limit.

    Raises OSError for missing or unreadable files (a usage error for the CLI).
    """
    if path == "-":
        if sys.stdin is None:  # started with standard input closed
            raise OSError(errno.EBADF, "standard input is closed", "-")
        return _read_capped(sys.stdin.buffer, limits.max_bytes)
    if os.path.isdir(path):
        raise IsADirectoryError(21, "is a directory", path)
    if not os.path.isfile(path) and os.path.exists(path):  # a pipe could block for ever
        raise OSError(errno.EINVAL, "not a regular file", path)
    if os.path.getsize(path) > limits.max_bytes:
        return None
    with open(path, "rb") as fh:
        return _read_capped(fh, limits.max_bytes)


def _read_capped(fh: BinaryIO, cap: int) -> bytes | None:
    data = fh.read(cap + 1)
    return None if len(data) > cap else data


def load_file(path: str, limits: Limits = Limits(), parser: ParserName = "auto") -> Loaded:
    """Read and load one plan file (`-` is standard input)."""
    name = "<stdin>" if path == "-" else shown_name(path)
    raw = read_bytes(path, limits)
    if raw is None:
        mib = limits.max_bytes / (1024 * 1024)
        return _failed(name, f"file larger than the limit of {mib:g} MiB", 1, 1)
    return load_bytes(raw, name, limits, parser)


def shown_name(path: str) -> str:
    """A file name that reports can always encode: bytes that were not UTF-8 in the
    name (kept by the OS as surrogates) show as U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def load_bytes(
    raw: bytes, file: str = "<string>", limits: Limits = Limits(), parser: ParserName = "auto"
) -> Loaded:
    """Decode and parse a plan; every problem becomes an LC001, LC002 or LC004 finding."""
    if len(raw) > limits.max_bytes:
        mib = limits.max_bytes / (1024 * 1024)
        return _failed(file, f"file larger than the limit of {mib:g} MiB", 1, 1)
    text = decode(raw, file)
    if isinstance(text, Loaded):
        return text
    return load_text(text, file, limits, parser)


def load_text(
    text: str, file: str = "<string>", limits: Limits = Limits(), parser: ParserName = "auto"
) -> Loaded:
    """Parse already-decoded plan text.

    `parser` picks libyaml or the pure-Python parser; "auto" takes libyaml when it
    is installed. Both give the same findings.
    """
    factory = _parser(parser)
    builder = _Builder(file, limits, text)
    try:
        data = builder.run(factory(text))
    except _Stop as stop:
        return _failed(file, stop.message, stop.line, stop.column, builder.all_findings())
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in (exc.problem or ""):  # libyaml's own limit, met before ours
            mark = exc.problem_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            message = f"nested too deeply (more than {limits.max_depth} levels)"
            return _failed(file, message, line, col, builder.all_findings())
        from leadcheck.advice import advise  # only a plan that is not valid YAML needs it

        advice = advise(exc, text)
        return _failed(file, advice.text, advice.line, advice.column, builder.all_findings())
    except yaml.reader.ReaderError as exc:
        position = exc.position
        if factory is not yaml.SafeLoader:  # libyaml counts bytes of the UTF-8 text
            position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
        line, col = _line_col(text, position)
        from leadcheck.advice import PARSER_SAYS

        message = _unreadable(exc.character) + PARSER_SAYS + exc.reason
        return _failed(file, message, line, col, builder.all_findings())
    except yaml.YAMLError as exc:
        return _failed(file, f"not valid YAML: {exc}", 1, 1, builder.all_findings())
    return Loaded(file, data, builder.positions, tuple(builder.all_findings()), builder.replaced)


_LOST_DASHES = ("list item without its '-'", "list items without their '-'")
_PASTED = ("value changed by a pasted character", "values changed by pasted characters")
_WORD_BREAKS = {0x0B: "a line break", 0x0C: "a page break"}


def _unreadable(character: int | str) -> str:
    if isinstance(character, int) and character in _WORD_BREAKS:
        return (
            f"unreadable character U+{character:04X}: {_WORD_BREAKS[character]} pasted from "
            "a word processor (Shift+Enter in Word); press Enter for a new line, or delete it"
        )
    what = f"character U+{character:04X}" if isinstance(character, int) else "byte"
    return f"unreadable {what}: a plan cannot hold control characters (is this a binary file?)"


def _parser(name: ParserName) -> Callable[[str], Any]:
    if name == "auto":
        return _Parser
    factory = PARSERS[name]
    if factory is None:
        raise ValueError(f"the {name} YAML parser is not installed")
    return factory


def _failed(
    file: str, message: str, line: int, column: int, earlier: list[Finding] | None = None
) -> Loaded:
    finding = structure_finding("LC001", message, file, line, column)
    # A pasted character the builder met just before the parser stopped on it is one mistake.
    kept = [f for f in earlier or () if (f.location.line, f.location.column) != (line, column)]
    return Loaded(file, None, Positions(), (*kept, finding))


def decode(raw: bytes, file: str) -> str | Loaded:
    """The text of a plan file, or a Loaded with the LC001 finding saying why it is not text."""
    bom, encoding = next(((b, e) for b, e in _BOMS if raw.startswith(b)), (b"", "utf-8"))
    body = raw[len(bom) :]
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        good = body[: exc.start].decode(encoding, errors="replace")
        line, col = _line_col(good, len(good))
        offset = len(bom) + exc.start
        message = (
            f"not valid {encoding.upper()}: byte 0x{raw[offset]:02x} at offset {offset}; "
            "save the file as UTF-8"
        )
        return _failed(file, message, line, col)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_NO_KEY = object()
_KEY_NOT_PLAIN = "a mapping key must be a plain word, not a list or mapping"


class _Frame:
    """An open mapping or sequence on the builder's stack."""

    __slots__ = ("anchor", "container", "is_list", "key", "key_path", "lost_dash", "path", "size")

    def __init__(self, is_list: bool, path: YamlPath, anchor: str | None):
        self.container: Any = [] if is_list else {}
        self.is_list = is_list
        self.path = path
        self.anchor = anchor
        self.key: Any = _NO_KEY
        self.key_path: YamlPath = path
        """The path of the key just read: where its value goes."""
        self.size = 1
        self.lost_dash: _LostDash | None = None


@record(frozen=False)
class _LostDash:
    """A list item that seems to hold the next item too: its '-' was lost."""

    finding: int
    """Index of its LC004 finding, rewritten as more keys repeat; -1 when only counted."""
    first: int
    """The line where the repeated keys were first given."""
    keys: list[str]


class _Builder:
    """Turns parser events into data and positions."""

    def __init__(self, file: str, limits: Limits, text: str = "") -> None:
        self.file = file
        self.limits = limits
        self.text = text
        self.positions = Positions()
        self.findings: list[Finding] = []
        self.counted: dict[tuple[str, str], list[Any]] = {}
        """For each kind of finding that is counted: how many, and where the first
        left out was (rule, line, column, path)."""
        self.replaced: dict[YamlPath, Any] = {}
        self.first_lines: dict[YamlPath, int] = {}
        """The line each repeated key was first given on."""
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.alias_values = 0
        self._line_starts: list[int] | None = None
        self._plain: dict[str, Any] = {}
        """Plain scalars that could be other than text, by text, as read (most repeat)."""

    def run(self, parser: Any) -> dict[str, Any]:
        # One pass, with the common case inline: a scalar, put in the open mapping or
        # list. This loop is most of the time a plan takes to load.
        root: Any = _NO_KEY
        documents = 0
        stack: list[_Frame] = []
        top: _Frame | None = None  # stack[-1]
        path: YamlPath
        # How many open containers have an anchor: only their sizes are ever read (an
        # alias of one counts them), so values are counted only while one is open.
        sized = 0
        values, keys = self.positions.values, self.positions.keys
        anchors = self.anchors
        typed = self._typed
        max_depth = self.limits.max_depth
        get_event = parser.get_event
        # Memory: one string for each distinct key (plans repeat "id" and "name"
        # thousands of times), and one int for each line number.
        intern = sys.intern
        line_index, line = -1, 0
        try:
            while True:
                event = get_event()
                kind = type(event)
                if kind is ScalarEvent:
                    mark = event.start_mark
                    if mark.line != line_index:
                        line_index = mark.line
                        line = line_index + 1
                    pos = (line, mark.column + 1)
                    text: str = event.value
                    tag = event.tag
                    if tag is None and event.implicit[0]:  # plain: the text decides
                        value = typed(text, pos) if not text or text[0] in _IMPLICIT else text
                    elif tag is None or tag == "!":  # quoted, or "!": text as written
                        value = text
                    else:
                        value = _tagged(tag, text, pos)
                    if event.anchor is not None:
                        anchors[event.anchor] = (value, _text_size(text))
                elif kind is AliasEvent:
                    mark = event.start_mark
                    pos = (mark.line + 1, mark.column + 1)
                    value, size = self._alias(event.anchor, pos)
                    text = ""  # no pasted characters to look for
                elif kind is MappingStartEvent or kind is SequenceStartEvent:
                    mark = event.start_mark
                    pos = (mark.line + 1, mark.column + 1)
                    if event.tag is not None or len(stack) >= max_depth:
                        self._check_open(event, pos, len(stack))
                    if top is None:
                        path = ()
                    elif top.is_list:
                        # Paths, one per value, are concatenated: quicker than unpacking.
                        path = top.path + (len(top.container),)  # noqa: RUF005
                    elif top.key is not _NO_KEY:
                        path = top.key_path
                    else:
                        raise _Stop(_KEY_NOT_PLAIN, *pos)
                    values[path] = pos
                    top = _Frame(kind is SequenceStartEvent, path, event.anchor)
                    stack.append(top)
                    if top.anchor is not None:
                        sized += 1
                    continue
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    frame = stack.pop()
                    if frame.anchor is not None:
                        sized -= 1
                        anchors[frame.anchor] = (frame.container, frame.size)
                    if not stack:
                        root, top = frame.container, None
                        continue
                    top = stack[-1]
                    if sized:
                        top.size += frame.size
                    if top.is_list:
                        top.container.append(frame.container)
                    else:
                        top.container[top.key] = frame.container
                        top.key = _NO_KEY
                    continue
                elif kind is DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise _Stop(
                            "the file holds several YAML documents; a plan is one document",
                            event.start_mark.line + 1,
                            event.start_mark.column + 1,
                        )
                    continue
                elif kind is StreamEndEvent:
                    break
                else:
                    continue
                # A scalar or an alias: it goes into the open mapping or list, or is the file.
                if top is None:
                    root = value
                    values[()] = pos
                    continue
                if top.is_list:
                    path = top.path + (len(top.container),)  # noqa: RUF005
                    values[path] = pos
                    top.container.append(value)
                elif top.key is _NO_KEY:  # a key: its value comes next
                    key = intern(text) if kind is ScalarEvent else _alias_key(value, pos)
                    path = top.key_path = top.path + (key,)  # noqa: RUF005
                    if key in top.container:
                        self._repeated(top, key, path, pos)
                    top.key = key
                    keys[path] = pos
                    if not text.isascii():
                        self._typography(event, path, is_key=True)
                    continue
                else:
                    path = top.key_path
                    values[path] = pos
                    top.container[top.key] = value
                    top.key = _NO_KEY
                if sized:
                    top.size += size if kind is AliasEvent else _text_size(text)
                if not text.isascii():
                    self._typography(event, path, is_key=False)
        finally:
            parser.dispose()
        if not isinstance(root, dict):
            what = (
                "empty" if root is _NO_KEY else "null" if root is None else f"a {_kind_name(root)}"
            )
            raise _Stop(f"the plan must be a mapping of fields, but the file is {what}", 1, 1)
        return root

    def _typed(self, text: str, mark: tuple[int, int]) -> Any:
        """A plain scalar that YAML may read as other than text: null, a boolean, a number."""
        value = self._plain.get(text, _NO_KEY)
        if value is _NO_KEY:
            value = _implicit(text, mark)
            if len(self._plain) < _PLAIN_KEPT:
                self._plain[text] = value
        return value

    def _check_open(self, event: Any, mark: tuple[int, int], depth: int) -> None:
        """Stop at a mapping or list with a tag other than its own, or nested too deeply."""
        allowed = _MAP_TAGS if type(event) is MappingStartEvent else _SEQ_TAGS
        if event.tag not in allowed:
            raise _Stop(_tag_message(event.tag), *mark)
        if depth >= self.limits.max_depth:
            raise _Stop(f"nested too deeply (more than {self.limits.max_depth} levels)", *mark)

    def _repeated(self, parent: _Frame, key: str, path: YamlPath, mark: tuple[int, int]) -> None:
        """LC004 for a repeated key; in a list item that repeats its first key, a lost '-'."""
        # The key's position moves to each repeat (the later value wins); the message
        # names where it was first given.
        first = self.first_lines.setdefault(path, self.positions.keys.get(path, (0, 0))[0])
        container = parent.container
        self.replaced.setdefault(path, container[key])
        lost = parent.lost_dash
        if (
            lost is None
            and key == next(iter(container))  # the item's first key
            and parent.path
            and isinstance(parent.path[-1], int)
        ):
            listed = self._listed(_LOST_DASHES, "LC004", mark, path)
            lost = parent.lost_dash = _LostDash(len(self.findings) if listed else -1, first, [])
            if listed:
                self.findings.append(structure_finding("LC004", "", self.file, *mark, path))
        if lost is None:
            if self._listed(("repeated key", "repeated keys"), "LC004", mark, path):
                message = (
                    f"key {key!r} appears twice in this mapping (first at line {first}); "
                    "the later value wins"
                )
                self.findings.append(structure_finding("LC004", message, self.file, *mark, path))
            return
        if lost.finding < 0:  # counted, not listed
            return
        lost.keys.append(key)
        old = self.findings[lost.finding]
        shown = _listing([repr(k) for k in lost.keys])
        section = next((p for p in reversed(parent.path) if isinstance(p, str)), "the list")
        message = (
            f"a new item of {section} seems to start here without its '-': {shown} "
            f"{'is' if len(lost.keys) == 1 else 'are'} already given in the item above "
            f"(from line {lost.first}); put '- ' before {lost.keys[0]!r}"
        )
        self.findings[lost.finding] = structure_finding(
            "LC004", message, self.file, old.location.line, old.location.column, old.location.path
        )

    def _typography(self, event: Any, path: YamlPath, *, is_key: bool) -> None:
        """LC002 for curly quotes, pasted spaces and dashes that change a key, id or date."""
        value: str = event.value
        plain = event.style in (None, "")
        if not plain and typography.curly_wrapped(value):
            return  # "“1.3”" in straight quotes: the curly quotes are meant
        where = format_path(path[:-1] if is_key else path)
        found = typography.damage(value, is_key=is_key, where=where)
        if found is None:
            return
        line, column = self._locate_char(event, value, found.index)
        if self._listed(_PASTED, "LC002", (line, column), path):
            self.findings.append(
                structure_finding("LC002", found.advice, self.file, line, column, path)
            )

    def _listed(
        self, nouns: tuple[str, str], rule: str, mark: tuple[int, int], path: YamlPath
    ) -> bool:
        """Whether a finding is among the first `LISTED` of its kind; the rest are
        counted, and reported in one more finding at the first of them."""
        counted = self.counted.setdefault(nouns, [0, None])
        counted[0] += 1
        if counted[0] <= LISTED:
            return True
        if counted[1] is None:
            counted[1] = (rule, *mark, path)
        return False

    def all_findings(self) -> list[Finding]:
        """The findings, with one more for each kind that had more than `LISTED`."""
        more = [
            more_finding(rule, count - LISTED, nouns, self.file, line, column, path)
            for nouns, (count, first) in self.counted.items()
            if first is not None
            for rule, line, column, path in [first]
        ]
        return [*self.findings, *more]

    def _locate_char(self, event: Any, value: str, index: int) -> tuple[int, int]:
        """Line and column of `value[index]` in the text (both parsers count characters)."""
        char = value[index]
        start, end = event.start_mark.index, event.end_mark.index
        offset = self.text.find(char, start, end) if index else start
        if offset < 0:  # an escape wrote it ("\u00a0"): point at the value
            offset = start
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _alias(self, anchor: str, mark: tuple[int, int]) -> tuple[Any, int]:
        if anchor not in self.anchors:
            raise _Stop(
                f"a value that starts with '*' repeats the value marked '&{anchor}', and "
                f"nothing before this line is marked so; if '*{anchor}' is text, put it "
                "in quotes",
                *mark,
            )
        value, size = self.anchors[anchor]
        self.alias_values += size
        if self.alias_values > self.limits.max_alias_values:
            raise _Stop(
                f"too many aliases: they expand to more than {self.limits.max_alias_values:,} "
                "values",
                *mark,
            )
        return value, size


def _alias_key(value: Any, mark: tuple[int, int]) -> str:
    if isinstance(value, dict | list):
        raise _Stop(_KEY_NOT_PLAIN, *mark)
    return str(value)


def _tag_message(tag: str) -> str:
    return (
        f"unsupported tag {tag!r}: plans use plain YAML only; if the value is text that "
        "starts with '!', put it in quotes"
    )


def _listing(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def _kind_name(value: Any) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__
    )


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_RESOLVERS = yaml.SafeLoader.yaml_implicit_resolvers
_TAG_GROUPS = sorted({str(tag) for resolvers in _RESOLVERS.values() for tag, _ in resolvers})
_FLAG_LETTERS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"), (re.VERBOSE, "x"))


def _one_pattern(resolvers: list[tuple[str, re.Pattern[str]]]) -> re.Pattern[str]:
    """PyYAML's implicit resolvers for one first character as one pattern: its
    alternatives are tried in their order, and the group that matched names the tag."""
    parts = []
    for tag, regexp in resolvers:
        flags = "".join(letter for flag, letter in _FLAG_LETTERS if regexp.flags & flag)
        parts.append(f"(?P<t{_TAG_GROUPS.index(str(tag))}>(?{flags}:{regexp.pattern}))")
    return re.compile("|".join(parts))


class _Patterns(dict[str, re.Pattern[str]]):
    """Each first character's pattern, compiled when first needed: a plan starts
    its values with few of them, and compiling all thirty costs a start 3 ms."""

    def __missing__(self, first: str) -> re.Pattern[str]:
        pattern = self[first] = _one_pattern(_RESOLVERS[first])
        return pattern


_IMPLICIT = frozenset(_RESOLVERS)
"""The first characters of plain scalars YAML may read as other than text (bool,
int, null...); text that starts otherwise is a string."""
_PATTERNS = _Patterns()
_PLAIN_KEPT = 10_000
_DATE = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _implicit(value: str, mark: tuple[int, int]) -> Any:
    # The commonest, whole numbers and dates, go without the patterns: YAML 1.1
    # reads 36 as an int (07 is octal, 08 text) and 2026-06-30 as a date (kept as text).
    if value.isdigit() and value.isascii() and value[0] != "0" and len(value) <= MAX_NUMBER_CHARS:
        return int(value)
    if _DATE.fullmatch(value):
        return value
    found = _PATTERNS[value[:1]].match(value)
    if found is None or found.lastgroup is None:
        return value
    return _construct(_TAG_GROUPS[int(found.lastgroup[1:])], value, mark)


def _tagged(tag: str, value: str, mark: tuple[int, int]) -> Any:
    if tag not in _SCALAR_TAGS:
        raise _Stop(_tag_message(tag), *mark)
    return _construct(tag, value, mark)


TEXT_PER_VALUE = 256
MAX_NUMBER_CHARS = 64
"""Longer numbers are refused: nothing in a plan needs them, and converting a huge
one (or a sexagesimal one with thousands of parts) takes time that grows fast."""
_BOOLS = {"yes": True, "true": True, "on": True, "y": True}
_BOOLS |= {"no": False, "false": False, "off": False, "n": False}
_NUMBERS = {_INT: "a whole number", _FLOAT: "a number"}


def _text_size(text: str) -> int:
    """What a scalar counts towards the alias limit."""
    return 1 + len(text) // TEXT_PER_VALUE


def _construct(tag: str, value: str, mark: tuple[int, int]) -> Any:
    if tag in (_STR, _TIMESTAMP):
        # Dates stay text so the model reports a bad one (2026-13-05) as a schema error.
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        if (flag := _BOOLS.get(value.lower())) is None:
            raise _Stop(f"{_shown(value)!r} is marked !!bool but is not true or false", *mark)
        return flag
    what = _NUMBERS.get(tag)
    if what is None:  # merge keys (<<) and other implicit tags are kept as the text written
        return value
    if len(value) > MAX_NUMBER_CHARS:
        raise _Stop(
            f"this number is {len(value):,} characters long (at most {MAX_NUMBER_CHARS}); "
            "if it is meant as text, put it in quotes",
            *mark,
        )
    try:
        if tag == _INT:
            return _CONSTRUCTOR.construct_yaml_int(ScalarNode(tag, value))
        return _CONSTRUCTOR.construct_yaml_float(ScalarNode(tag, value))
    except (ValueError, IndexError):  # IndexError: PyYAML's reading of "" or "-"
        raise _Stop(f"{_shown(value)!r} is not {what}", *mark) from None


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."
