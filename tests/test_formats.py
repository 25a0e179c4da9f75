"""Output formats: validity, escaping, stability and line-independent identities.

Reports come from the engine run on tests/data/plan.yaml (a realistic plan with a
few gaps, one of them waived) and on two hostile plans whose names and keys hold
table pipes, backticks, HTML, rich markup, an ANSI escape, an entity and line
breaks. Expectations are computed from the report, so new rules do not break them.
"""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from leadcheck.engine import check_file, check_text, report
from leadcheck.findings import (
    FileReport,
    Finding,
    Location,
    Report,
    Severity,
)
from leadcheck.formats import Format, RenderOptions, renderer, rule_catalog
from leadcheck.formats import github as gh
from leadcheck.formats import html as html_format
from leadcheck.formats import markdown as md_format
from leadcheck.formats._common import TITLE, display_path, visible

DATA = Path(__file__).resolve().parent / "data"
# The official OASIS schema, kept beside the tests so they never depend on the network.
SARIF_SCHEMA = DATA / "sarif-schema-2.1.0.json"
SHARED_SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "data" / SARIF_SCHEMA.name
PLAN_FILE = "tests/data/plan.yaml"
NASTY_FILE = "plans/odd, name: 100%|`x`<b>&amp;[y].yaml"
"""A file name with every character the formats must escape somewhere."""
BROKEN_FILE = "plans/broken.yaml"
QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"')

PARTNERSHIP = (
    "Acme | `Partners` <script>alert(1)</script> [bold red]x\x1b[31m &amp; co\nsecond line"
)
REASON = (
    "# Not yet\n- <img src=x onerror=alert(1)> | `rm -rf` [link](https://evil.example) "
    "*bold* _em_ ~~s~~ $x$ \x1b[2K\r1. item &amp; <!-- c -->"
)


def _options(**kwargs: Any) -> RenderOptions:
    return RenderOptions(catalog=rule_catalog(), **kwargs)


def _text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _plain(text: str) -> str:
    """The plan with each double-quoted (hostile) value swapped for plain text."""
    count = iter(range(1_000_000))
    return QUOTED.sub(lambda _: f'"plain{next(count)}"', text)


def _plan_report(text: str | None = None, file: str = PLAN_FILE) -> Report:
    return report([check_text(text if text is not None else _text("plan.yaml"), file)])


def _injection_report(plain: bool = False) -> Report:
    fix = _plain if plain else (lambda t: t)
    return report(
        [
            check_text(fix(_text("injection.yaml")), NASTY_FILE),
            check_text(fix(_text("injection-broken.yaml")), BROKEN_FILE),
        ]
    )


@pytest.fixture(scope="module")
def plan() -> Report:
    return _plan_report()


@pytest.fixture(scope="module")
def injection() -> Report:
    return _injection_report()


def _render(fmt: Format, rep: Report, **kwargs: Any) -> str:
    return renderer(fmt)(rep, _options(**kwargs))


def test_data_is_what_the_tests_assume(plan: Report, injection: Report) -> None:
    fr = plan.files[0]
    rules = {f.rule for f in fr.open_findings}
    assert {"LC201", "LC504"} <= rules
    assert [f.rule for f in fr.findings if f.waived] == ["LC203"]
    assert fr.themes
    assert fr.fix_next
    nasty, broken = injection.files
    assert nasty.partnership == PARTNERSHIP
    assert [f.waiver_reason for f in nasty.findings if f.waived] == [REASON]
    assert any("\x1b" in f.message and "\n" in f.message for f in nasty.findings)
    assert broken.score is None
    assert {f.rule for f in broken.findings} == {"LC002", "LC003"}
    assert any("\x1b" in f.location.yaml_path for f in broken.findings)


# --- every format -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_has_a_renderer(fmt: Format, plan: Report) -> None:
    module = importlib.import_module(f"leadcheck.formats.{fmt.value}")
    assert callable(module.render)
    assert isinstance(renderer(fmt)(plan, _options()), str)


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("which", ["plan", "injection"])
def test_output_is_byte_identical_across_runs(fmt: Format, which: str) -> None:
    def build() -> Report:
        return _plan_report() if which == "plan" else _injection_report()

    first = _render(fmt, build()).encode("utf-8")
    assert first == _render(fmt, build()).encode("utf-8")


@pytest.mark.parametrize("which", ["plan", "injection"])
def test_json_is_the_same_without_the_c_encoder(
    which: str, plan: Report, injection: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadcheck.formats import json as json_format

    rep = plan if which == "plan" else injection
    made = _render(Format.JSON, rep)
    monkeypatch.setattr(json_format, "_C_ENCODE", None)  # as on an interpreter without it
    assert _render(Format.JSON, rep) == made
    assert json.loads(made)["files"]


@pytest.mark.parametrize("fmt", [f for f in Format if f not in (Format.TEXT, Format.JSON)])
def test_empty_and_structure_only_reports_render(fmt: Format) -> None:
    assert isinstance(_render(fmt, Report(files=())), str)
    broken = report([check_text("partners: [\n", "bad.yaml")])
    assert "LC001" in _render(fmt, broken)


# --- SARIF --------------------------------------------------------------------------


def _sarif(rep: Report, **kwargs: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_render(Format.SARIF, rep, **kwargs))
    return data


@pytest.mark.parametrize("which", ["plan", "injection", "gaps", "ready"])
def test_sarif_is_valid_against_the_schema(which: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    examples = Path(__file__).resolve().parent.parent / "examples"
    if which in ("gaps", "ready"):
        rep = report([check_file(str(examples / f"{which}.yaml"))])
    else:
        rep = _plan_report() if which == "plan" else _injection_report()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = list(validator_class(schema).iter_errors(_sarif(rep)))
    assert not errors, "\n".join(e.message for e in errors[:5])


@pytest.mark.skipif(not SHARED_SARIF_SCHEMA.exists(), reason="no shared/ beside this checkout")
def test_sarif_schema_copy_is_the_official_one() -> None:
    assert SARIF_SCHEMA.read_bytes() == SHARED_SARIF_SCHEMA.read_bytes()


def test_sarif_content(plan: Report) -> None:
    log = _sarif(plan, sarif_include_waived=True)  # waived ones are left out by default
    assert log["version"] == "2.1.0"
    assert log["$schema"].startswith("https://")
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    catalog = rule_catalog()
    assert [r["id"] for r in rules] == list(catalog)
    lc201 = rules[list(catalog).index("LC201")]
    assert lc201["name"] == "work-stream-champion"
    assert lc201["defaultConfiguration"]["level"] == "error"
    assert lc201["properties"]["tags"] == ["champions"]
    assert "“Leaders/champions required" in lc201["help"]["text"]
    assert "> Leaders/champions required" in lc201["help"]["markdown"]
    assert rules[0]["properties"]["tags"] == ["structure"]
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    findings = plan.findings
    assert len(run["results"]) == len(findings)
    for result, finding in zip(run["results"], findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        assert result["level"] == levels[finding.severity]
        assert result["message"]["text"] == finding.message
        (where,) = result["locations"]
        physical = where["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": PLAN_FILE, "uriBaseId": "%SRCROOT%"}
        assert physical["region"] == {
            "startLine": finding.location.line,
            "startColumn": finding.location.column,
        }
        assert where["logicalLocations"] == [
            {"fullyQualifiedName": finding.location.yaml_path, "kind": "member"}
        ]
        if finding.waived:
            assert result["suppressions"] == [
                {"kind": "external", "justification": finding.waiver_reason}
            ]
        else:
            assert "suppressions" not in result
    prints = [r["partialFingerprints"]["leadcheck/v1"] for r in run["results"]]
    assert len(set(prints)) == len(prints)


def test_sarif_uris_are_relative_posix_and_percent_encoded(injection: Report) -> None:
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in _sarif(injection)["runs"][0]["results"]
    }
    assert {unquote(u) for u in uris} == {NASTY_FILE, BROKEN_FILE}
    for uri in uris:
        assert re.fullmatch(r"[A-Za-z0-9\-._~/%]+", uri), uri
    moved = _sarif(_plan_report(), base_dir="tests")["runs"][0]["results"][0]
    assert moved["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "data/plan.yaml"
    outside = _sarif(_plan_report(), base_dir="leadcheck")["runs"][0]["results"][0]
    artifact = outside["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact["uri"].startswith("file:///")
    assert "uriBaseId" not in artifact


def test_sarif_fingerprints_survive_moved_lines() -> None:
    text = _text("plan.yaml")
    shifted = "# a new comment\n\n\n# and another\n" + text.replace(
        "\nroles:", "\n\n# roles moved down\n\nroles:"
    )
    before = _sarif(_plan_report(text))["runs"][0]["results"]
    after = _sarif(_plan_report(shifted))["runs"][0]["results"]

    def key(results: list[dict[str, Any]]) -> list[tuple[str, str]]:
        return sorted((r["ruleId"], r["partialFingerprints"]["leadcheck/v1"]) for r in results)

    def lines(results: list[dict[str, Any]]) -> list[int]:
        return [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results]

    assert key(before) == key(after)
    assert all(b + 4 <= a for b, a in zip(lines(before), lines(after), strict=True))


def test_sarif_fingerprints_survive_a_new_list_item_above() -> None:
    """Adding a work stream at the top must not change the others' fingerprints."""
    gaps = (Path(__file__).resolve().parent.parent / "examples" / "gaps.yaml").read_text()
    new = "work_streams:\n  - id: ws-new\n    name: New stream\n    lead: p-thornton\n"
    grown = gaps.replace("work_streams:\n", new, 1)
    assert grown != gaps

    def prints(text: str) -> dict[tuple[str, str | None], str]:
        results = _sarif(_plan_report(text, "examples/gaps.yaml"))["runs"][0]["results"]
        return {
            (r["ruleId"], r["properties"].get("target") if "properties" in r else None): r[
                "partialFingerprints"
            ]["leadcheck/v1"]
            for r in results
            if "ws-new" not in r["message"]["text"]
        }

    before, after = prints(gaps), prints(grown)
    shared = set(before) & set(after)
    assert len(shared) >= 10
    assert {k: before[k] for k in shared} == {k: after[k] for k in shared}


def test_sarif_without_catalog_still_resolves_rule_index(plan: Report) -> None:
    log = json.loads(renderer(Format.SARIF)(plan, RenderOptions()))
    run = log["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert all(ids[r["ruleIndex"]] == r["ruleId"] for r in run["results"])


# --- markdown -----------------------------------------------------------------------


def _md_tokens(source: str) -> list[Token]:
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return parser.parse(source)


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _table_shapes(tokens: list[Token]) -> list[list[int]]:
    """For each table, the number of cells in each row."""
    shapes: list[list[int]] = []
    for token in tokens:
        if token.type == "table_open":
            shapes.append([])
        elif token.type == "tr_open":
            shapes[-1].append(0)
        elif token.type in ("th_open", "td_open"):
            shapes[-1][-1] += 1
    return shapes


def _headings(tokens: list[Token]) -> list[str]:
    return [t.tag for t in tokens if t.type == "heading_open"]


def _inline_after(tokens: list[Token], opener: str) -> list[str]:
    """Rendered plain text of the inline token after each `opener` token."""
    out = []
    for i, token in enumerate(tokens):
        if token.type == opener:
            children = tokens[i + 1].children or []
            out.append("".join(c.content for c in children))
    return out


OWN_HTML = re.compile(r"(?:(?:</?details>|<summary>Waived findings \(\d+\)</summary>)\s*)+")


def test_markdown_structure(plan: Report) -> None:
    fr = plan.files[0]
    tokens = _md_tokens(_render(Format.MARKDOWN, plan))
    assert _headings(tokens) == ["h1", "h2", "h2", "h2"]
    assert _inline_after(tokens, "heading_open")[1:] == ["Themes", "Findings", "Fix next"]
    waived = [f for f in fr.findings if f.waived]
    shapes = _table_shapes(tokens)
    assert shapes == [
        [7] * (len(fr.themes) + 1),
        [6] * (len(fr.open_findings) + 1),
        [8] * (len(waived) + 1),
    ]
    items = [t for t in tokens if t.type == "list_item_open"]
    assert len(items) == len(fr.fix_next)  # the same checklist as JSON, not a shorter one
    html = [t for t in _walk(tokens) if t.type.startswith("html")]
    assert [t.type for t in html] == ["html_block", "html_block"]
    assert all(OWN_HTML.fullmatch(t.content) for t in html)


def test_markdown_several_files_have_a_portfolio(injection: Report) -> None:
    tokens = _md_tokens(_render(Format.MARKDOWN, injection))
    # portfolio and common gaps; then each file: the first with its partners' view,
    # the broken one's structure errors as its Fix next (they block readiness)
    assert _inline_after(tokens, "heading_open")[1:] == [
        "Portfolio",
        "Most common gaps across the portfolio",
        f"{visible(PARTNERSHIP, '↵')} ({NASTY_FILE})",
        "Themes",
        "Partners' view",
        "Findings",
        "Fix next",
        f"{visible(injection.files[1].partnership or '', '↵')} ({BROKEN_FILE})",
        "Themes",
        "Findings",
        "Fix next",
    ]
    assert _headings(tokens) == ["h1", *["h2"] * 3, *["h3"] * 4, "h2", *["h3"] * 3]
    shapes = _table_shapes(tokens)
    themes = len(injection.files[0].themes)
    assert shapes[0] == [8 + themes] * (len(injection.files) + 1)
    rules = {f.rule for f in injection.findings if not f.waived}
    assert shapes[1] == [6] * (len(rules) + 1)


def test_markdown_injection_keeps_the_table_shape(injection: Report) -> None:
    hostile = _md_tokens(_render(Format.MARKDOWN, injection))
    plain = _md_tokens(_render(Format.MARKDOWN, _injection_report(plain=True)))
    assert _table_shapes(hostile) == _table_shapes(plain)
    assert _headings(hostile) == _headings(plain)
    assert [t.type for t in hostile if not t.children] == [t.type for t in plain if not t.children]


def test_markdown_user_strings_render_literally(injection: Report) -> None:
    tokens = _md_tokens(_render(Format.MARKDOWN, injection))
    everything = list(_walk(tokens))
    html = [t for t in everything if t.type.startswith("html")]
    assert all(OWN_HTML.fullmatch(t.content) for t in html), [t.content for t in html]
    kinds = {t.type for t in everything}
    assert not kinds & {"link_open", "image", "em_open", "s_open", "code_block", "fence"}
    headings = _inline_after(tokens, "heading_open")
    assert headings[0] == f"{TITLE}: 2 files"
    assert headings[1:3] == ["Portfolio", "Most common gaps across the portfolio"]
    assert headings[3] == visible(PARTNERSHIP, "↵") + " (" + NASTY_FILE + ")"
    cells = _inline_after(tokens, "td_open")
    assert visible(REASON, "↵") in cells
    assert NASTY_FILE + ":122:5" in cells
    rendered = MarkdownIt("commonmark").enable("table").render(_render(Format.MARKDOWN, injection))
    for raw in ("<script", "<img", "<b>", "<i>", "<svg", "<!--", "\x1b"):
        assert raw not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_markdown_escaping_unit() -> None:
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for value in [
        "# h",
        "- item",
        "+ x",
        "1. one",
        "2) two",
        "> quote",
        "a|b",
        "`c`",
        "*b* _e_",
        "[l](u)",
        "![i](u)",
        "~~s~~",
        "&amp; &lt;",
        "<b>x</b>",
        "a\\*b",
        "snake_case_id",
        "$x$",
        "tab\there",
        "a\nb\r\nc",
        "\x1b[31m",
        "trailing \\",
    ]:
        tokens = parser.parse("x " + md_format.text(value))
        assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
        assert "".join(c.content for c in tokens[1].children or []) == "x " + visible(value, "↵")
        alone = parser.parse(md_format.text(value))
        assert [t.type for t in alone] == ["paragraph_open", "inline", "paragraph_close"], value
    assert "_" not in md_format.text("work_streams").replace("work_streams", "")


def test_markdown_quiet_shows_summary_only(plan: Report) -> None:
    tokens = _md_tokens(_render(Format.MARKDOWN, plan, quiet=True))
    assert _inline_after(tokens, "heading_open")[1:] == ["Themes"]


# --- JUnit --------------------------------------------------------------------------


def _expected_cases(fr: FileReport, rep: Report) -> tuple[int, int]:
    # LC001-LC005 always run; LC006/LC007 appear when they found something.
    structure = {f.rule for f in fr.findings if f.theme is None} | {f"LC00{n}" for n in range(1, 6)}
    tests = len(rep.rules) + len(structure - set(rep.rules))
    failing = {f.rule for f in fr.findings if not f.waived}
    return tests, len(failing)


@pytest.mark.parametrize("which", ["plan", "injection"])
def test_junit_parses_with_right_counts(which: str) -> None:
    junitparser = pytest.importorskip("junitparser")
    rep = _plan_report() if which == "plan" else _injection_report()
    xml = _render(Format.JUNIT, rep)
    parsed = junitparser.JUnitXml.fromstring(xml)
    suites = list(parsed)
    assert [s.name for s in suites] == [visible(fr.file) for fr in rep.files]
    total_tests = total_failures = 0
    for suite, fr in zip(suites, rep.files, strict=True):
        tests, failures = _expected_cases(fr, rep)
        cases = list(suite)
        assert suite.tests == len(cases) == tests
        assert suite.failures == sum(1 for c in cases if c.is_failure) == failures
        assert suite.errors == 0
        assert suite.skipped == sum(1 for c in cases if c.is_skipped)
        total_tests += tests
        total_failures += failures
    root = ET.fromstring(xml.encode("utf-8"))
    assert int(root.get("tests", "")) == total_tests
    assert int(root.get("failures", "")) == total_failures


def test_junit_failure_text_lists_locations(injection: Report) -> None:
    root = ET.fromstring(_render(Format.JUNIT, injection).encode("utf-8"))
    suite = root.find("testsuite")
    assert suite is not None
    case = next(c for c in suite.iter("testcase") if c.get("name", "").startswith("LC607"))
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("type") == "info"
    assert failure.text is not None
    assert failure.text.startswith(visible(NASTY_FILE) + ":139:5: info:")
    assert "\n" not in failure.get("message", "")
    assert len(failure.get("message", "")) <= 200
    waived = next(c for c in suite.iter("testcase") if c.get("name", "").startswith("LC203"))
    assert waived.find("failure") is None
    out = waived.find("system-out")
    assert out is not None
    assert out.text is not None
    assert "[waived: # Not yet" in out.text
    broken = root.findall("testsuite")[1]
    skipped = [c for c in broken.iter("testcase") if c.find("skipped") is not None]
    assert len(skipped) == len(injection.rules)


def test_junit_carries_no_invalid_xml_characters(injection: Report) -> None:
    xml = _render(Format.JUNIT, injection)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", xml)
    assert "␛[31m" in xml
    assert "&lt;script&gt;" in xml


# --- GitHub workflow commands --------------------------------------------------------

COMMAND = re.compile(r"::(error|warning|notice) ([^:]*)::(.*)")
_UNESCAPES = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}


def _unescape(value: str) -> str:
    return re.sub(r"%(?:25|0D|0A|3A|2C)", lambda m: _UNESCAPES[m.group()], value)


def _commands(output: str) -> list[tuple[str, dict[str, str], str]]:
    out = []
    for line in output.splitlines():
        match = COMMAND.fullmatch(line)
        assert match, line
        props = dict(p.split("=", 1) for p in match.group(2).split(","))
        out.append(
            (match.group(1), {k: _unescape(v) for k, v in props.items()}, _unescape(match.group(3)))
        )
    return out


@pytest.mark.parametrize("which", ["plan", "injection"])
def test_github_commands_round_trip(which: str) -> None:
    rep = _plan_report() if which == "plan" else _injection_report()
    every = _commands(_render(Format.GITHUB, rep))
    summaries = every[: len(rep.files)]
    for (kind, props, message), fr in zip(summaries, rep.files, strict=True):
        assert kind == "notice"
        assert props == {"title": f"leadcheck summary: {display_path(fr.file, '.')}"}
        assert "as of " in message
        assert "waived " in message
    commands = every[len(rep.files) :]
    open_findings = [f for f in rep.findings if not f.waived]
    assert len(commands) == len(open_findings)
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    for (kind, props, message), f in zip(commands, open_findings, strict=True):
        assert kind == kinds[f.severity]
        assert props == {
            "file": display_path(f.location.file, "."),
            "line": str(f.location.line),
            "col": str(f.location.column),
            "title": f"{f.rule} {f.slug}",
        }
        assert message == visible(f"{f.message}\nFix: {f.fix}")
    if which == "injection":
        assert {p["file"] for _, p, _ in commands} == {NASTY_FILE, BROKEN_FILE}


def test_github_escaping_round_trips_exactly() -> None:
    originals = ["100% done", "a\r\nb\rc\nd", "k: v, w", "%0A literal", "%25%3A%2C", "::x::"]
    for value in originals:
        assert _unescape(gh.escape_data(value)) == value
        escaped = gh.escape_property(value)
        assert ":" not in escaped
        assert "," not in escaped
        assert "\n" not in escaped
        assert _unescape(escaped) == value
    assert _unescape(gh.escape_data("a\x1b[31mb")) == "a␛[31mb"


def test_github_stdin_has_no_file_property() -> None:
    finding = Finding(
        "LC201", "work-stream-champion", Severity.ERROR, "m", Location("<stdin>", 3, 4)
    )
    (summary, line) = _render(
        Format.GITHUB, Report(files=(FileReport("<stdin>", (finding,)),))
    ).splitlines()
    assert summary.startswith("::notice title=leadcheck summary%3A <stdin>::")
    assert line == "::error title=LC201 work-stream-champion::m"


# --- HTML ---------------------------------------------------------------------------

VOID = {"meta", "br", "wbr", "img", "hr", "input", "link", "rect", "line"}


class _Page(HTMLParser):
    """Collects tags and checks that they nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1:] == [tag], (tag, self.stack[-5:])
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _page(source: str) -> _Page:
    page = _Page()
    page.feed(source)
    page.close()
    assert page.stack == []
    return page


@pytest.mark.parametrize("which", ["plan", "injection"])
def test_html_is_self_contained_and_accessible(which: str) -> None:
    rep = _plan_report() if which == "plan" else _injection_report()
    source = _render(Format.HTML, rep)
    assert source.startswith("<!DOCTYPE html>")
    page = _page(source)
    tags = [t for t, _ in page.tags]
    assert dict(page.tags)["html"].get("lang") == "en"
    assert "script" not in tags
    assert not re.search(r"<script", source, re.I)
    for tag, attrs in page.tags:
        for name in ("src", "href"):
            assert not re.match(r"\s*(https?:)?//", attrs.get(name) or "", re.I), (tag, attrs)
    assert not re.search(r"url\(|@import", source)
    assert "title" in tags
    assert tags.count("h1") == 1
    assert {t for t in tags if re.fullmatch(r"h\d", t)} <= {"h1", "h2", "h3"}
    assert all(a.get("scope") in ("col", "row") for t, a in page.tags if t == "th")
    assert "@page { size: A4" in source
    assert "@media print" in source
    assert "\x1b" not in source


def test_html_chart_labels_every_bar_with_score_and_colour_word(plan: Report) -> None:
    source = _render(Format.HTML, plan)
    svg = source[source.index("<svg") : source.index("</svg>")]
    fr = plan.files[0]
    assert svg.count("<rect") == len(fr.themes)
    for theme in fr.themes:
        assert f">{theme.score:.1f} · {theme.colour.value}</text>" in svg
        assert f">{html_format.h(theme.title)}</text>" in svg
    assert 'role="img"' in svg


def test_html_escapes_user_strings(injection: Report) -> None:
    source = _render(Format.HTML, injection)
    for raw in ("<script>alert", "<img src", "<b>bold", "<i>|", "<svg onload", "<!-- c"):
        assert raw not in source
    assert html_format.h(PARTNERSHIP) in source
    assert html_format.h(REASON) in source
    assert html_format.h(NASTY_FILE) in source
    page = _page(source)
    text = "".join(page.text)
    assert visible(PARTNERSHIP, "↵") in text
    assert visible(REASON, "↵") in text


def test_html_quiet_shows_summary_only(plan: Report) -> None:
    source = _render(Format.HTML, plan, quiet=True)
    assert "<svg" in source
    assert "Findings</h2>" not in source


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_html_renders_in_headless_chromium(tmp_path: Path) -> None:
    """The page loads offline and paints: Chromium takes a screenshot of it."""
    gaps = Path(__file__).resolve().parent.parent / "examples" / "gaps.yaml"
    page = tmp_path / "report.html"
    page.write_text(_render(Format.HTML, report([check_file(str(gaps))])), encoding="utf-8")
    shot = tmp_path / "report.png"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1200,1600",
    ]
    subprocess.run(
        ["chromium", *flags, f"--screenshot={shot}", page.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a painted page, not a blank one
