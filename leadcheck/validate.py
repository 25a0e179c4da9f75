"""Loaded data to a typed Plan, with every schema, reference and id problem found.

All problems in a file are reported together: the schema errors come from one
pydantic-core pass, and references and ids are checked on the raw data so they
are found even when the schema also failed. The schema and the tables of fields,
kinds and references are generated from the models (`leadcheck.shape`); the
plan comes back as light records with the models' fields (`leadcheck.fastcore`).
"""

from __future__ import annotations

import re
from collections import ChainMap, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from functools import partial
from itertools import islice, repeat
from typing import TYPE_CHECKING, Any, cast

from leadcheck import fastcore, typography
from leadcheck.findings import Finding, YamlPath, format_path
from leadcheck.loader import Loaded, Positions
from leadcheck.records import record, replace
from leadcheck.shape import KINDS_AT, REFERENCES, choices_at, fields_at
from leadcheck.structure import LISTED, STRUCTURE_RULES, more_finding, structure_finding
from leadcheck.suggest import closest

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails, ValidationError

    from leadcheck.model import Plan
    from leadcheck.vocab import RefTo


@record
class Validated:
    """A loaded file after validation: the plan when it is sound enough for rules."""

    loaded: Loaded
    plan: Plan | None
    findings: tuple[Finding, ...]


def validate(loaded: Loaded, rule_ids: Collection[str] | None = None) -> Validated:
    """Check a loaded plan; `plan` is None when any structure error was found.

    With `rule_ids`, each waiver's rule must be one of them (LC003).
    """
    if loaded.data is None:
        return Validated(loaded, None, loaded.findings)
    findings = list(loaded.findings)
    plan: Plan | None = None
    try:
        plan = read_plan(loaded.data)
    except fastcore.core().ValidationError as exc:
        findings.extend(_schema_findings(exc, loaded))
    walked = walk_all(loaded.data, (*KINDS_AT.values(), *_REFERENCED))  # one walk for both
    ids, repeats = _ids_in(walked)
    findings.extend(_id_findings(loaded, repeats))
    hints: Hints = {}
    findings.extend(_reference_findings(loaded, walked, ids, hints))
    findings.extend(_waiver_rule_findings(loaded, rule_ids, hints))
    findings.extend(_response_findings(loaded, ids["partner"]))
    findings = _causes_first(findings, loaded, ids, walked)
    findings.sort(key=lambda f: f.sort_key)
    findings = _first_references(findings, loaded, hints)
    return Validated(loaded, plan if not findings else None, tuple(findings))


def read_plan(data: Any) -> Plan:
    """The plan in `data`, typed as the models (raises pydantic-core's ValidationError).

    The objects are records with the models' fields, so rules read them as
    models; they are built without importing pydantic.
    """
    return cast("Plan", fastcore.plan_validator().validate_python(data))


# --- LC002: schema --------------------------------------------------------------


_SCHEMA_KINDS = {
    "extra_forbidden": ("unknown key", "unknown keys"),
    "missing": ("missing required field", "missing required fields"),
}


def _schema_findings(exc: ValidationError, loaded: Loaded) -> Iterator[Finding]:
    seen: set[YamlPath] = set()
    kinds: dict[str, _Listed] = {}
    for error in exc.errors(include_url=False):
        path = tuple(error["loc"])
        if path in seen:  # a union reports each branch; one finding is enough
            continue
        seen.add(path)
        kind = error["type"] if error["type"] in _SCHEMA_KINDS else "other"
        if kind not in kinds:
            noun, nouns = _SCHEMA_KINDS.get(kind, ("problem with a value", "problems with values"))
            kinds[kind] = _Listed(loaded, "LC002", noun, nouns)
        if not kinds[kind].take(path, at_key=kind != "other"):
            continue
        message, at_key = _schema_message(error, path)
        where, line, col = loaded.positions.locate(path, prefer_key=at_key)
        if error["type"] == "missing":
            where = path
        yield structure_finding("LC002", message, loaded.file, line, col, where)
    for listed in kinds.values():
        yield from listed.more()


def _schema_message(error: ErrorDetails, path: YamlPath) -> tuple[str, bool]:
    kind = error["type"]
    name = format_path(path) or "the plan"
    value = error.get("input")
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = _allowed_keys(path[:-1])
        return f"unknown key {key!r} at {name}{_did_you_mean(key, allowed)}", True
    if kind == "missing":
        return f"missing required field {str(path[-1])!r} at {name}", True
    if kind == "literal_error" and path == ("version",):
        return _version_message(value), False
    if kind in ("enum", "literal_error"):
        choices = _enum_values(path)
        shown = ", ".join(choices) if choices else error.get("ctx", {}).get("expected", "")
        hint = _did_you_mean(str(value), choices) if isinstance(value, str) else ""
        if isinstance(value, bool):
            hint = " (YAML reads an unquoted yes, no, on or off as true or false)"
        return f"{name}: {_show(value)} is not one of {shown}{hint}", False
    if kind.startswith("date"):
        return f"{name}: {_show(value)} {_date_problem(value)}", False
    if kind == "string_pattern_mismatch":
        if path and path[-1] == "rule":
            return f"{name}: {_show(value)} is not a rule id such as LC201", False
        return (
            f"{name}: {_show(value)} is not a valid id; use lower-case letters, digits, "
            "'-' and '_', starting with a letter or digit",
            False,
        )
    bounds = {"greater_than_equal": ("ge", "at least"), "less_than_equal": ("le", "at most")}
    if kind in bounds:
        key, words = bounds[kind]
        limit = error.get("ctx", {}).get(key)
        shown = f"{limit:g}" if isinstance(limit, int | float) else str(limit)
        return f"{name}: {_show(value)} is out of range; it must be {words} {shown}", False
    if kind == "too_short" and path == ("partners",):
        return "partners: list at least one partner", False
    if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{name}: expected text, got the number {value!r}; put it in quotes", False
    if kind == "list_type" and isinstance(value, str) and value and value[0] in typography.BULLETS:
        return (
            f"{name}: {value[0]!r} is not a list marker in YAML, so the items were read as "
            "one piece of text; start each item on its own line with '-' and a space",
            False,
        )
    expected = _EXPECTED.get(kind)
    if expected:
        return f"{name}: expected {expected}, got {_describe_value(value)}", False
    return f"{name}: {error['msg']}", False


def _version_message(value: Any) -> str:
    """Which plan format version this leadcheck reads, and what to do about another."""
    reads = "this leadcheck reads version 1"
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = None
    if number is not None and number > 1:
        shown = f"{number:g}"
        return f"version: this plan uses format version {shown}; {reads}: upgrade leadcheck"
    if number == 1:
        return (
            "version: write the format version as a whole number without quotes: "
            f"version: 1 ({reads})"
        )
    return f"version: {_show(value)} is not a plan format version; {reads}, so write version: 1"


_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DAY_FIRST = re.compile(r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})")


def _date_problem(value: Any) -> str:
    """Why a date is not one, in words: "February 2026 has no 30th day"."""
    import calendar  # only a plan with a wrong date needs it

    text = value if isinstance(value, str) else ""
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
        if not 1 <= month <= 12:
            swapped = f" (did you mean {year}-{day:02}-{month:02}?)" if 1 <= day <= 12 else ""
            return f"has no month {month}; dates are written YYYY-MM-DD{swapped}"
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            leap = f" ({year} is not a leap year)" if month == 2 and day == 29 else ""
            month_name = calendar.month_name[month]
            return f"is not a date: {month_name} {year} has no {_ordinal(day)} day{leap}"
        return "is not a valid date; write YYYY-MM-DD"
    if match := _DAY_FIRST.fullmatch(text):
        first, second, year = (int(part) for part in match.groups())
        if first > 12 >= second >= 1:
            return f"is not written YYYY-MM-DD; write {year}-{second:02}-{first:02}"
        if second > 12 >= first >= 1:
            return f"is not written YYYY-MM-DD; write {year}-{first:02}-{second:02}"
    return "is not a valid date; write YYYY-MM-DD"


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


_EXPECTED = {
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
}


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    return _describe_value(value)


def _describe_value(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"text {value!r}"
    return repr(value)


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = closest(word, choices)
    return f" (did you mean {close!r}?)" if close is not None else ""


def _allowed_keys(path: YamlPath) -> list[str]:
    return list(fields_at(path) or ())


def _enum_values(path: YamlPath) -> list[str]:
    return list(choices_at(path))


# --- LC005: duplicate ids, LC003: references ---------------------------------------

Pattern = tuple[str | int, ...]
"""A path through the plan's data where "*" stands for every list item."""


def walk(data: Any, pattern: tuple[str | int, ...]) -> list[tuple[YamlPath, Any]]:
    """Every (path, value) in `data` matching `pattern`, tolerating malformed shapes."""
    if not pattern:
        return [((), data)]
    return [((*at, step), value) for at, step, value in walk_all(data, [pattern])[pattern]]


Reached = tuple[YamlPath, str | int, Any]
"""(path of the parent, key or index, value): a match whose own path is not made
yet, as most matches are read and dropped (a reference that names an id)."""
Walked = dict[Pattern, list[Reached]]
_Trie = dict[str | int, tuple[list[list[Reached]], "_Trie"]]


def walk_all(data: Any, patterns: Iterable[Pattern]) -> Walked:
    """What `walk` finds for each of `patterns` (not empty), in the same order, as
    `Reached`. Patterns that share a prefix (("partners", "*", ...)) share a branch
    of a trie, so each item of a long list is read once for all of them."""
    walked: Walked = {pattern: [] for pattern in patterns}
    trie: _Trie = {}
    for pattern, found in walked.items():
        node = trie
        for head in pattern:
            ends, node = node.setdefault(_EVERY if head == "*" else head, ([], {}))
        ends.append(found)
    _visit(trie, (), data)
    return walked


_EVERY: Any = object()
"""The trie's "*": unlike the text "*", no mapping in the data has it as a key."""


def _visit(trie: _Trie, path: YamlPath, value: Any) -> None:
    """Take every step in `trie` from `value` at `path`, depth first (so each
    pattern's matches come in the order of their paths, as `walk` gives)."""
    if isinstance(value, dict):
        for head in trie:
            if head in value:  # most heads are not: unpack the branch only for a match
                ends, below = trie[head]
                item = value[head]
                for found in ends:
                    found.append((path, head, item))
                if below:
                    _visit(below, (*path, head), item)
    elif isinstance(value, list) and _EVERY in trie:
        ends, below = trie[_EVERY]
        for found in ends:
            found.extend(zip(repeat(path), range(len(value)), value))  # made in C: quicker
        if below:
            for i, item in enumerate(value):
                _visit(below, (*path, i), item)


Repeat = tuple[str, str, YamlPath, YamlPath]


def collect_ids(data: dict[str, Any]) -> tuple[dict[str, dict[str, YamlPath]], list[Repeat]]:
    """For each kind, its ids and where each was first defined; and every repeat.

    A repeat is (kind, id, path of the repeat, path of the first).
    """
    ids, repeats = _ids_in(walk_all(data, KINDS_AT.values()))
    paths = {
        kind: {i: (*at, step) for i, (at, step, _) in found.items()} for kind, found in ids.items()
    }
    return paths, repeats


Ids = dict[str, dict[str, Reached]]
"""For each kind, its ids and where each was first defined, as `Reached`: validation
asks only whether an id is there, so the paths are not made."""


def _ids_in(walked: Walked) -> tuple[Ids, list[Repeat]]:
    """`collect_ids` from the plan walked for (at least) `KINDS_AT`."""
    ids: Ids = {}
    repeats: list[Repeat] = []
    for kind, pattern in KINDS_AT.items():
        found: dict[str, Reached] = {}
        for reached in walked[pattern]:
            item = reached[2]
            if not isinstance(item, dict):
                continue
            raw = item.get("id")
            ident = raw if isinstance(raw, str) else _as_text(raw)  # text: the common case
            if ident is None:
                continue
            first = found.setdefault(ident, reached)
            if first is not reached:
                repeats.append((kind, ident, (*reached[0], reached[1]), (*first[0], first[1])))
        ids[kind] = found
    return ids, repeats


def _id_findings(loaded: Loaded, repeats: list[Repeat]) -> Iterator[Finding]:
    listed = _Listed(loaded, "LC005", "repeated id", "repeated ids")
    for kind, ident, path, first in repeats:
        if not listed.take((*path, "id")):
            continue
        earlier = _line(loaded.positions, (*first, "id"))
        yield _at_value(
            loaded,
            "LC005",
            f"{kind} id {ident!r} is used twice (first at line {earlier})",
            (*path, "id"),
        )
    yield from listed.more()


def _reference_findings(
    loaded: Loaded, walked: Walked, ids: Ids, hints: Hints
) -> Iterator[Finding]:
    """Every reference that names nothing; each one's "did you mean" goes to `hints`."""
    assert loaded.data is not None
    names = _Names(loaded.data)
    for ref, dangling in _dangling(walked, ids):
        words, real = list(ref.words), list(ref.kinds)
        suggest = _Suggester([*words, *(i for kind in real for i in ids[kind])])
        what = " or ".join(real)
        also = f" (or {' / '.join(repr(w) for w in words)})" if words else ""
        for path, value in dangling:
            finding = _at_value(
                loaded, "LC003", f"{format_path(path)}: {value!r} names no {what}{also}", path
            )
            hints[finding] = partial(_hint, names, suggest, value, real)
            yield finding


_REFERENCED = [pattern for pattern, _ in REFERENCES]


def _dangling(
    walked: Walked, ids: Mapping[str, dict[str, Any]]
) -> Iterator[tuple[RefTo, list[tuple[YamlPath, str]]]]:
    """For each kind of reference, the (path, value) of each that names nothing
    (`walked`: the plan walked for `_REFERENCED`)."""
    for pattern, ref in REFERENCES:
        words = ref.words
        # Most references name one kind: its ids are asked directly, not through a chain.
        named: Mapping[str, Any] = (
            ids[ref.kinds[0]]
            if len(ref.kinds) == 1
            else ChainMap(*(ids[kind] for kind in ref.kinds))
        )
        found = [
            ((*at, step), value)
            for at, step, raw in walked[pattern]
            if (value := raw if isinstance(raw, str) else _as_text(raw)) is not None
            and value not in words
            and value not in named
        ]
        if found:
            yield ref, found


def _hint(names: _Names, suggest: _Suggester, value: str, kinds: list[str]) -> str:
    return names.suggest(value, kinds) or suggest(value)


class _Names:
    """The names of people, partners, groups and work streams, to suggest an id
    when a reference gives a name ("Jess Tran") where the id ("p-tran") belongs."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.by_kind: dict[str, dict[str, tuple[str, str]]] = {}

    def suggest(self, value: str, kinds: list[str]) -> str:
        if re.fullmatch(r"[a-z0-9_-]*", value):  # shaped like an id: the id suggester knows
            return ""
        wanted = _plain_name(value)
        pool: dict[str, tuple[str, str]] = {}
        for kind in kinds:
            pool.update(self._kind(kind))
        hit = pool.get(wanted)
        if hit is None:
            near = [n for n in pool if n[:1] == wanted[:1]][:500]
            close = closest(wanted, near, cutoff=0.8)
            hit = pool[close] if close is not None else None
        return f" (did you mean {hit[0]!r}, {hit[1]}?)" if hit else ""

    def _kind(self, kind: str) -> dict[str, tuple[str, str]]:
        if kind not in self.by_kind:
            found: dict[str, tuple[str, str]] = {}
            for _, item in walk(self.data, KINDS_AT[kind]):
                if not isinstance(item, dict):
                    continue
                ident, name = _as_text(item.get("id")), item.get("name")
                if ident is not None and isinstance(name, str) and name.strip():
                    found.setdefault(_plain_name(name), (ident, name.strip()))
            self.by_kind[kind] = found
        return self.by_kind[kind]


def _plain_name(text: str) -> str:
    return " ".join(typography.clean(text).casefold().split())


def _waiver_rule_findings(
    loaded: Loaded, rule_ids: Collection[str] | None, hints: Hints
) -> Iterator[Finding]:
    """Waivers may name only theme rules that exist."""
    assert loaded.data is not None
    suggest = _Suggester(rule_ids or ())
    for path, raw in walk(loaded.data, ("waivers", "*", "rule")):
        if not isinstance(raw, str):
            continue
        if raw in STRUCTURE_RULES:
            message = f"{raw} is a structure rule and cannot be waived; fix the plan instead"
            yield _at_value(loaded, "LC002", message, path)
        elif rule_ids is not None and raw not in rule_ids:
            finding = _at_value(loaded, "LC003", f"waiver names unknown rule {raw!r}", path)
            hints[finding] = partial(suggest, raw)
            yield finding


_ASSESSMENT = ("governance", "partnership_assessment")


def _response_findings(loaded: Loaded, partners: Collection[str]) -> Iterator[Finding]:
    """One response per partner (LC005), and `partners_responding`, when given beside
    the responses, naming the same partners as they do (LC002).

    The list is derived from the responses; a plan that says two things about who
    responded is not taken at either word: a union would credit a partner with a
    response whose scores are not there, and the partners' view would leave it out.
    Ids that name no partner are left to LC003.
    """
    assert loaded.data is not None
    first: dict[str, YamlPath] = {}
    listed = _Listed(loaded, "LC005", "repeated response", "repeated responses")
    for path, raw in walk(loaded.data, (*_ASSESSMENT, "responses", "*", "partner")):
        partner = _as_text(raw)
        if partner is None:
            continue
        if partner in first:
            if not listed.take(path):
                continue
            earlier = _line(loaded.positions, first[partner])
            message = (
                f"partner {partner!r} has two responses to the partnership assessment "
                f"(first at line {earlier}); keep one response per partner"
            )
            yield _at_value(loaded, "LC005", message, path)
        else:
            first[partner] = path
    yield from listed.more()
    listed_at = (*_ASSESSMENT, "partners_responding")
    listed = _value_at(loaded.data, listed_at)
    if not first or not isinstance(listed, list) or not listed:
        return
    named = [t for t in map(_as_text, listed) if t is not None and t in partners]
    responded = [p for p in first if p in partners]
    extra = [p for p in dict.fromkeys(named) if p not in first]
    left_out = [p for p in responded if p not in named]
    if not extra and not left_out:
        return
    problems = []
    if extra:
        problems.append(f"names {_quoted(extra)}, with no response in responses")
    if left_out:
        problems.append(f"leaves out {_quoted(left_out)}, which responded")
    message = (
        f"{format_path(listed_at)} {' and '.join(problems)}; it is derived from the "
        "responses when they are given: delete it, or list exactly the partners that responded"
    )
    where, line, col = loaded.positions.locate(listed_at, prefer_key=True)
    yield structure_finding("LC002", message, loaded.file, line, col, where)


def _quoted(ids: list[str]) -> str:
    names = [repr(i) for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class _Suggester:
    """ "Did you mean" against a fixed list, remembered per word.

    Long lists are narrowed to the names sharing the word's first letter, so a
    plan with thousands of dangling references stays fast.
    """

    def __init__(self, candidates: Iterable[str]) -> None:
        self.by_letter: dict[str, list[str]] = defaultdict(list)
        for candidate in candidates:
            self.by_letter[candidate[:1]].append(candidate)
        self.memo: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        if word not in self.memo:
            pool = self.by_letter.get(word[:1], [])
            if len(pool) < 50:  # short lists: compare with everything
                pool = [c for group in self.by_letter.values() for c in group][:500] or pool
            self.memo[word] = _did_you_mean(word, pool[:500])
        return self.memo[word]


# --- many findings of one kind --------------------------------------------------------


class _Listed:
    """Lets the first `LISTED` findings of one kind through, and counts the rest."""

    def __init__(self, loaded: Loaded, rule: str, noun: str, nouns: str) -> None:
        self.loaded, self.rule, self.noun, self.nouns = loaded, rule, noun, nouns
        self.listed = 0
        self.left_out = 0
        self.first_left_out: YamlPath = ()
        self.at_key = False

    def take(self, path: YamlPath, *, at_key: bool = False) -> bool:
        """True when the finding at `path` is to be listed."""
        if self.listed < LISTED:
            self.listed += 1
            return True
        if not self.left_out:
            self.first_left_out, self.at_key = path, at_key
        self.left_out += 1
        return False

    def more(self) -> Iterator[Finding]:
        """`… and 199,900 more unknown keys`, at the first one left out."""
        if not self.left_out:
            return
        where, line, col = self.loaded.positions.locate(self.first_left_out, prefer_key=self.at_key)
        nouns = (self.noun, self.nouns)
        yield more_finding(self.rule, self.left_out, nouns, self.loaded.file, line, col, where)


Hints = dict[Finding, Callable[[], str]]
"""The "did you mean" of each reference finding, worked out only if it is listed."""


def _first_references(findings: list[Finding], loaded: Loaded, hints: Hints) -> list[Finding]:
    """The first `LISTED` dangling references (in file order) with their "did you
    mean"; the rest counted in one more finding."""
    listed = _Listed(loaded, "LC003", "reference that matches no id", "references that match no id")
    out: list[Finding] = []
    for f in findings:
        hint = hints.get(f) if f.rule == "LC003" else None
        if hint is None:
            out.append(f)
        elif listed.take(f.location.path):
            out.append(replace(f, message=f.message + hint()))
    more = list(listed.more())
    return sorted([*out, *more], key=lambda f: f.sort_key) if more else out


def _as_text(value: Any) -> str | None:
    """An id as the model reads it: text, or a number made text."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _at_value(loaded: Loaded, rule: str, message: str, path: YamlPath) -> Finding:
    _, line, col = loaded.positions.locate(path, prefer_key=False)
    return structure_finding(rule, message, loaded.file, line, col, path)


def _line(positions: Positions, path: YamlPath) -> int:
    return positions.locate(path, prefer_key=False)[1]


# --- causes before consequences --------------------------------------------------------

_PLURAL = {"person": "people", "stakeholder group": "stakeholder groups"}


def _causes_first(
    findings: list[Finding], loaded: Loaded, ids: Ids, walked: Walked
) -> list[Finding]:
    """Fold the reference errors a mistake causes into the finding about the mistake.

    A misspelt section (`stakeholder_group:`), a list item that lost its '-', or an
    id damaged by a pasted character leave every reference to what they define
    dangling. Those LC003 findings are consequences: they are counted in the
    cause's message instead of burying it. A value damaged by typography is
    reported once, by its typography finding.
    """
    assert loaded.data is not None
    from_loader = set(loaded.findings)
    out = _once(findings, loaded, from_loader)
    # Each cause costs a reference check; the first few explain the rest.
    causes = list(
        islice(
            (
                (f, would)
                for f in out
                if f.rule in ("LC002", "LC004") and (would := _would_define(f, loaded, from_loader))
            ),
            20,
        )
    )
    if not causes:
        return out
    dangling = {path for _, found in _dangling(walked, ids) for path, _ in found}
    for cause, (defined, section) in causes:
        extra = {
            kind: {i: p for i, p in found.items() if i not in ids[kind]}
            for kind, found in defined.items()
        }
        merged = {kind: {**ids[kind], **extra.get(kind, {})} for kind in ids}
        still = {path for _, found in _dangling(walked, merged) for path, _ in found}
        explained = {
            f
            for f in out
            if f.rule == "LC003" and f.location.path in dangling and f.location.path not in still
        }
        if not explained:
            continue
        out = [f for f in out if f not in explained]
        kinds = [kind for kind in extra if extra[kind]]
        note = _explains(len(explained), kinds, extra, section=section)
        out[out.index(cause)] = replace(cause, message=f"{cause.message}; {note}")
    return out


def _once(findings: list[Finding], loaded: Loaded, from_loader: set[Finding]) -> list[Finding]:
    """Drop the schema and reference findings about a value or key that a typography
    finding already explains (a damaged key also leaves its proper key missing)."""
    damaged: set[YamlPath] = set()
    for f in loaded.findings:
        path = f.location.path
        if f.rule != "LC002" or not path:
            continue
        damaged.add(path)
        key = path[-1]
        if isinstance(key, str) and typography.meant(key, is_key=True) != key:
            damaged.add((*path[:-1], typography.meant(key, is_key=True)))
    if not damaged:
        return findings
    return [
        f
        for f in findings
        if f in from_loader or f.location.path not in damaged or f.rule not in ("LC002", "LC003")
    ]


Defined = dict[str, dict[str, YamlPath]]


def _would_define(
    finding: Finding, loaded: Loaded, from_loader: set[Finding]
) -> tuple[Defined, bool] | None:
    """The ids the plan would define, by kind, once `finding` is fixed, and whether the
    fix renames a key that holds them (None: the finding causes no others)."""
    assert loaded.data is not None
    path = finding.location.path
    found: Defined | None = None
    section = False
    if finding.rule == "LC002" and finding in from_loader:
        value = _value_at(loaded.data, path)
        if isinstance(value, str) and path[-1:] == ("id",):
            found = _ids_of(path[:-1], typography.meant(value))
        else:
            key = typography.meant(str(path[-1]), is_key=True)
            found, section = _renamed_ids(loaded.data, path, key), True
    elif finding.rule == "LC004" and finding in from_loader:
        text = _as_text(loaded.replaced.get((*path[:-1], "id")))
        found = _ids_of(path[:-1], text) if text is not None else None
    elif finding.rule == "LC002" and path and _is_unknown_key(path):
        close = closest(str(path[-1]), _allowed_keys(path[:-1]))
        found, section = (_renamed_ids(loaded.data, path, close) if close else None), True
    return (found, section) if found else None


def _ids_of(item: YamlPath, ident: str) -> Defined:
    """{kind: {ident: item}} when `item` is where objects of a kind are listed."""
    for kind, pattern in KINDS_AT.items():
        if len(pattern) == len(item) and all(
            (p == "*" and isinstance(i, int)) or p == i for p, i in zip(pattern, item, strict=True)
        ):
            return {kind: {ident: item}}
    return {}


def _renamed_ids(data: dict[str, Any], path: YamlPath, new_key: str) -> Defined | None:
    """The ids the plan would define if the key at `path` were `new_key`."""
    parent = _value_at(data, path[:-1])
    if not isinstance(parent, dict) or new_key == path[-1] or new_key in parent:
        return None
    renamed = _with_key(data, path, new_key)
    ids, _ = collect_ids(renamed)
    return {kind: dict(found) for kind, found in ids.items()}


def _with_key(data: Any, path: YamlPath, new_key: str) -> Any:
    """A copy of `data` with the key at `path` renamed (only the path is copied)."""
    head, *rest = path
    if isinstance(data, list):
        copy = list(data)
        copy[int(head)] = _with_key(data[int(head)], tuple(rest), new_key)
        return copy
    if not rest:
        return {(new_key if k == head else k): v for k, v in data.items()}
    return {**data, head: _with_key(data[head], tuple(rest), new_key)}


def _value_at(data: Any, path: YamlPath) -> Any:
    for part in path:
        found = isinstance(data, dict) and part in data
        found = found or (isinstance(data, list) and isinstance(part, int) and part < len(data))
        if not found:
            return None
        data = data[part]
    return data


def _is_unknown_key(path: YamlPath) -> bool:
    fields = fields_at(path[:-1])
    return fields is not None and isinstance(path[-1], str) and path[-1] not in fields


def _explains(count: int, kinds: list[str], extra: Defined, *, section: bool) -> str:
    refs = "1 reference" if count == 1 else f"{count} references"
    ids = [i for kind in kinds for i in extra[kind]]
    if not section:
        return f"fixing it also fixes {refs} to {ids[0]!r}"
    names = " and ".join(_PLURAL.get(kind, kind + "s") for kind in kinds)
    return f"fixing it also fixes {refs} to {names} that this would define"
