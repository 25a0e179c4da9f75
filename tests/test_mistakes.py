"""The corpus of hand-written mistakes: each file says what lint must report.

tests/data/mistakes/ holds one small plan per mistake that programme managers
make when they write YAML by hand (pasting from Word and e-mail, writing names
where ids belong). A marker comment gives each expected finding:

    name: Street triage: evenings pilot  # [LC001@24 "put the whole value in quotes"]

means one LC001 finding on this line, at column 24, whose message contains the
phrase (`\\"` and `\\\\` stand for a quote and a backslash). `[LC001@3:9 "..."]`
gives the line too, for findings on lines that cannot hold a comment. The file
must produce exactly the marked findings, with both YAML parsers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from leadcheck.advice import PARSER_SAYS, kind_of
from leadcheck.engine import Options, check_text
from leadcheck.findings import Finding
from leadcheck.loader import PARSERS, load_bytes
from leadcheck.rules import registry
from leadcheck.validate import validate

MISTAKES = Path(__file__).resolve().parent / "data" / "mistakes"
FILES = sorted(MISTAKES.glob("*.yaml"))
PARSER_NAMES = [name for name, factory in PARSERS.items() if factory is not None]

_MARKER = re.compile(r'\[(LC\d{3})@(?:(\d+):)?(\d+) "((?:[^"\\]|\\.)*)"\]')
_REFUSED = re.compile(r'\[fix-refused "((?:[^"\\]|\\.)*)"\]')

# Words of the parser's that mean nothing to the people who write plans.
JARGON = (
    "block collection",
    "block mapping",
    "block end",
    "simple key",
    "scanning",
    "parsing",
    "alias",
    "anchor",
    "scalar",
    "token",
    "node",
    "indicator",
    "mapping values",
    "document start",
    "end of stream",
)


@dataclass(frozen=True)
class Expected:
    rule: str
    line: int
    column: int
    phrase: str


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def expected(text: str) -> list[Expected]:
    out = []
    for number, line in enumerate(text.split("\n"), 1):  # as YAML counts: not at U+000B
        for match in _MARKER.finditer(line):
            rule, at_line, column, phrase = match.groups()
            out.append(Expected(rule, int(at_line or number), int(column), _unescape(phrase)))
    return sorted(out, key=lambda e: (e.line, e.column, e.rule))


def lint(path: Path, parser: str) -> list[Finding]:
    loaded = load_bytes(path.read_bytes(), path.name, parser=parser)  # type: ignore[arg-type]
    return list(validate(loaded, rule_ids=registry().keys()).findings)


def advice(finding: Finding) -> str:
    """What a programme manager reads first: the message before the parser's words."""
    return finding.message.split(PARSER_SAYS)[0]


@pytest.fixture(params=PARSER_NAMES)
def parser(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_mistake_is_reported_where_it_was_made(path: Path, parser: str) -> None:
    wants = expected(path.read_text(encoding="utf-8"))
    assert wants, f"{path.name} marks no finding"
    findings = lint(path, parser)
    got = [(f.rule, f.location.line, f.location.column) for f in findings]
    assert got == [(w.rule, w.line, w.column) for w in wants], [f.message for f in findings]
    for want, finding in zip(wants, findings, strict=True):
        assert want.phrase in finding.message, (want.phrase, finding.message)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_advice_is_in_plain_words_on_one_line(path: Path, parser: str) -> None:
    for finding in lint(path, parser):
        assert "\n" not in finding.message
        first = advice(finding).lower()
        assert not [word for word in JARGON if word in first], finding.message


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_both_parsers_give_the_same_advice(path: Path) -> None:
    if len(PARSER_NAMES) < 2:
        pytest.skip("libyaml is not installed")
    by_parser = [
        [(f.rule, f.location.line, f.location.column, advice(f)) for f in lint(path, name)]
        for name in PARSER_NAMES
    ]
    assert by_parser[0] == by_parser[1]


def test_parser_errors_keep_the_parsers_own_words_after_the_advice() -> None:
    path = MISTAKES / "colon-in-value.yaml"
    by_parser = {name: lint(path, name)[0].message for name in PARSER_NAMES}
    assert by_parser["pure"].endswith(PARSER_SAYS + "mapping values are not allowed here")
    if "libyaml" in by_parser:
        assert by_parser["libyaml"].endswith(
            PARSER_SAYS + "mapping values are not allowed in this context"
        )


def test_the_corpus_is_large_and_covers_every_rule_it_should() -> None:
    assert len(FILES) >= 30
    rules = {e.rule for path in FILES for e in expected(path.read_text(encoding="utf-8"))}
    assert rules == {"LC001", "LC002", "LC003", "LC004"}


def _parser_error(path: Path, factory: object) -> yaml.MarkedYAMLError | None:
    """The error the bare parser raises on a file (None: it reads the file, or
    rejects a character before parsing)."""
    try:
        parser = factory(path.read_text(encoding="utf-8"))  # type: ignore[operator]
    except yaml.YAMLError:
        return None
    try:
        while parser.check_event():
            parser.get_event()
    except yaml.MarkedYAMLError as exc:
        return exc
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    return None


@pytest.mark.parametrize("parser", PARSER_NAMES)
def test_every_class_of_parser_error_is_in_the_corpus(parser: str) -> None:
    from leadcheck.advice import _KINDS

    factory = PARSERS[parser]
    met = {kind_of(exc) for path in FILES if (exc := _parser_error(path, factory)) is not None}
    assert met == {kind for kind, _ in _KINDS}


def test_curly_quoted_plan_version_is_caught_before_the_audit_misreads_it() -> None:
    # Read as the text “1.3”, the plan version would make every partner's signature
    # of "1.3" look out of date (LC402, four times). The plan is stopped at LC002.
    text = (MISTAKES / "curly-quotes-plan-version.yaml").read_text(encoding="utf-8")
    report = check_text(text, "plan.yaml", Options())
    assert [(f.rule, f.location.line) for f in report.findings] == [("LC002", 5)]
    assert report.blocked
    straight = text.replace("“1.3”", '"1.3"')
    assert not [
        f for f in check_text(straight, "plan.yaml", Options()).findings if f.rule == "LC402"
    ]


def test_impossible_dates_say_why(parser: str) -> None:
    text = "partnership:\n  name: N\n  as_of: 2025-02-29\npartners: [{id: a, name: A}]\n"
    loaded = load_bytes(text.encode(), "plan.yaml", parser=parser)  # type: ignore[arg-type]
    (finding,) = validate(loaded).findings
    assert finding.message == (
        "partnership.as_of: '2025-02-29' is not a date: February 2025 has no 29th day "
        "(2025 is not a leap year)"
    )


def test_asking_for_a_parser_that_is_not_installed_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(PARSERS, "libyaml", None)
    with pytest.raises(ValueError, match="the libyaml YAML parser is not installed"):
        load_bytes(b"a: 1\n", parser="libyaml")


README = Path(__file__).resolve().parent.parent / "README.md"
README_PLANS = {
    12: "partnership:\n  name: Northdale\npartners:\n  - {id: ndc, name: N}\n"
    "people:\n  - id: p-tran\n    name: Jess Tran\n\n\n"
    "work_streams:\n  - id: ws-triage\n    name: Street triage: evenings pilot\n",
    2: "partnership:\n  name:\u00a0Northdale Frailty Partnership\n  as_of: 2026-06-30\n",
    13: "partnership:\n  name: Northdale\npartners:\n  - {id: ndc, name: N}\n"
    "people:\n  - id: p-tran\n    name: Jess Tran\n\n\n"
    "work_streams:\n  - id: ws-triage\n    name: Street triage\n    champions: [Jess Tran]\n",
}


def test_the_readme_shows_messages_lint_really_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from leadcheck.cli import app

    monkeypatch.chdir(tmp_path)
    section = README.read_text(encoding="utf-8").split("## Writing a plan by hand")[1]
    shown = [line for line in section.split("```")[1].splitlines() if line]
    assert len(shown) == 3
    for line in shown:
        _, row, _ = line.split(": ")[0].split(":")
        (tmp_path / "plan.yaml").write_text(README_PLANS[int(row)], encoding="utf-8")
        result = CliRunner().invoke(app, ["lint", "plan.yaml", "--color", "never"])
        assert line in result.stdout.splitlines(), result.stdout
