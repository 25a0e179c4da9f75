"""The partners' own view (their responses to the partnership assessment) and the
portfolio view of several plans, as users see them in every format."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, ROOT
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markers import expected, found
from typer.testing import CliRunner

from leadcheck.cli import app
from leadcheck.engine import Options, check_file, check_text, report, select_rules
from leadcheck.findings import FileReport, Report
from leadcheck.formats import Format, RenderOptions, renderer, rule_catalog
from leadcheck.formats import html as html_format
from leadcheck.formats import markdown as md_format
from leadcheck.formats._common import COLOUR_EMOJI
from leadcheck.rules import registry
from leadcheck.shape import PRINCIPLE_TITLES, PRINCIPLES

GAPS = EXAMPLES / "gaps.yaml"
READY = EXAMPLES / "ready.yaml"
MINIMAL = EXAMPLES / "minimal.yaml"
SCORES = re.compile(r"(?m)^ {6}- partner: (\w+)\n {8}completed_on: \S+\n {8}scores: (\{.*?\})")


def _render(fmt: Format, rep: Report, **kwargs: Any) -> str:
    return renderer(fmt)(rep, RenderOptions(catalog=rule_catalog(), **kwargs))


def _gaps_without_responses() -> str:
    """examples/gaps.yaml as it was before it carried responses: who responded, only."""
    text = GAPS.read_text(encoding="utf-8")
    start = text.index("    responses:\n")
    end = text.index("\ncommunication:")
    listed = "    partners_responding: [mcc, tvh, mtvicb, ageuk]\n"
    return text[:start] + listed + text[end:]


def _audit(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["audit", *args])
    return result.exit_code, result.stdout


def _md_tokens(source: str) -> list[Token]:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(source)


def _tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Each table as rows of cell texts (the header row first)."""
    tables: list[list[list[str]]] = []
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append([])
        elif token.type in ("th_open", "td_open"):
            children = tokens[i + 1].children or []
            tables[-1][-1].append("".join(c.content for c in children))
    return tables


def _headings(tokens: list[Token]) -> list[str]:
    return [
        "".join(c.content for c in tokens[i + 1].children or [])
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


# --- plans without responses ----------------------------------------------------------


def test_a_plan_without_responses_reports_as_before() -> None:
    """No partners' view in any format, LC509 and LC510 judge nothing, and the
    partnering theme scores what it did before responses existed (99.3, green)."""
    text = _gaps_without_responses()
    fr = check_text(text, "examples/gaps.yaml")
    assert fr.partners_view is None
    assert found(fr.findings) == expected(text) - expected(text, ["LC509", "LC510"])
    assert not any(f.rule in ("LC509", "LC510") for f in fr.findings)
    scores = {s.rule: s.subjects for s in fr.rule_scores}
    assert scores["LC509"] == scores["LC510"] == 0
    partnering = next(t for t in fr.themes if t.theme == "partnering")
    assert (round(partnering.score, 1), partnering.colour.value) == (99.3, "green")
    assert round(fr.score or 0, 1) == 85.0
    rep = report([fr])
    for fmt in (Format.TEXT, Format.MARKDOWN, Format.HTML):
        assert "Partners' view" not in _render(fmt, rep)
    assert "partners_view" not in json.loads(_render(Format.JSON, rep))["files"][0]


def test_the_minimal_plan_has_no_view_and_no_split_or_weak_finding() -> None:
    fr = check_file(str(MINIMAL))
    assert fr.partners_view is None
    assert not [f for f in fr.findings if f.rule in ("LC509", "LC510")]


# --- the examples ---------------------------------------------------------------------


def test_the_ready_plan_has_responses_and_no_split_or_weak_principle() -> None:
    fr = check_file(str(READY))
    view = fr.partners_view
    assert view is not None
    assert [pid for pid, _ in view.partners] == ["hcc", "hwft", "hwicb", "hmind"]
    assert view.splits == ()
    assert view.weak == ()
    assert all(row.spread is not None and row.spread <= 1 for row in view.rows)
    assert fr.open_findings == ()


def test_the_gaps_plan_has_exactly_one_split_and_one_weak_principle_marked_in_it() -> None:
    text = GAPS.read_text(encoding="utf-8")
    fr = check_file(str(GAPS))
    view = fr.partners_view
    assert view is not None
    assert [r.principle for r in view.splits] == ["trust"]
    assert [r.principle for r in view.weak] == ["arrangements"]
    ours = ["LC509", "LC510"]
    assert found(fr.findings, ours) == expected(text, ours)
    assert sum(expected(text, ["LC509"]).values()) == 1
    assert sum(expected(text, ["LC510"]).values()) == 1


def test_the_matrix_is_each_partners_own_scores_in_plan_order() -> None:
    text = GAPS.read_text(encoding="utf-8")
    written = {
        pid: dict(re.findall(r"(\w+): (\d)", scores)) for pid, scores in SCORES.findall(text)
    }
    # mcc's response moved last: the columns still follow the plan's partners
    start = text.index("      - partner: mcc\n")
    end = text.index("      - partner: tvh\n")
    last = text.index("\ncommunication:")
    text = text[:start] + text[end:last] + text[start:end] + text[last:]
    assert SCORES.findall(text)[-1][0] == "mcc"
    view = check_text(text, "gaps.yaml").partners_view
    assert view is not None
    assert [pid for pid, _ in view.partners] == list(written)
    assert [r.principle for r in view.rows] == list(PRINCIPLES)
    for row in view.rows:
        given = [int(written[pid][row.principle]) for pid, _ in view.partners]
        assert list(row.scores) == given
        assert row.title == PRINCIPLE_TITLES[row.principle]
        assert row.mean == sum(given) / len(given)
        assert row.spread == max(given) - min(given)
        assert row.split == (row.spread >= 2)
        assert row.weak == (sum(given) / len(given) < 2.5)


def test_the_view_follows_the_rules_settings_and_who_responded() -> None:
    text = GAPS.read_text(encoding="utf-8")
    # tvh's response taken out: it is not responding, and LC505 says so
    start = text.index("      - partner: tvh\n")
    end = text.index("      - partner: mtvicb\n")
    text = text[:start] + text[end:]
    options = Options(params={"LC509": {"min_spread": 3}, "LC510": {"min_mean": 3}})
    fr = check_text(text, "gaps.yaml", options)
    view = fr.partners_view
    assert view is not None
    assert view.not_responding == ("tvh",)
    assert (view.split_at, view.weak_below) == (3, 3)
    assert view.splits == ()  # trust is 3, 3, 1: two points apart
    weak = {r.principle for r in view.weak}
    assert weak == {r.principle for r in view.rows if r.mean is not None and r.mean < 3}
    assert {f.target for f in fr.open_findings if f.rule == "LC510"} == weak
    assert [f.target for f in fr.open_findings if f.rule == "LC505"] == ["tvh"]
    rep = report([fr])
    assert "Not responding: tvh" in _render(Format.TEXT, rep)
    assert "Not responding: tvh." in _render(Format.MARKDOWN, rep)
    assert "<p>Not responding: <code>tvh</code>.</p>" in _render(Format.HTML, rep)
    assert json.loads(_render(Format.JSON, rep))["files"][0]["partners_view"]["not_responding"] == [
        "tvh"
    ]


def test_no_view_when_the_partnering_theme_is_not_assessed() -> None:
    rules = select_rules(registry(), ["champions"])
    assert check_file(str(GAPS), Options(rules=rules)).partners_view is None
    assert check_file(str(GAPS), Options(rules=[])).partners_view is None  # lint
    rules = select_rules(registry(), ["LC501"])
    assert check_file(str(GAPS), Options(rules=rules)).partners_view is not None


# --- the partners' view in each format ------------------------------------------------


@pytest.fixture(scope="module")
def gaps() -> Report:
    return report([check_file(str(GAPS))])


def test_text_shows_the_matrix_with_mean_and_split_marker(gaps: Report) -> None:
    out = _render(Format.TEXT, gaps)
    block = out[out.index("Partners' view") : out.index("central-leadership  The right")]
    lines = block.splitlines()
    assert lines[1].split() == ["Principle", "mcc", "tvh", "mtvicb", "ageuk", "Mean", "Spread"]
    rows = {line[:48].strip(): line[48:].split() for line in lines[2:8]}
    assert rows["Develop and maintain trust"] == ["3", "3", "3", "1", "2.5", "2", "split"]
    assert rows["Create clear and robust partnership arrangements"] == [
        *("2", "2", "3", "2", "2.25", "1", "weak")
    ]
    assert rows["Recognise and accept the need for partnership"] == [
        *("4", "4", "3", "4", "3.75", "1")
    ]
    assert "ageuk Age UK Marshfield and Tern Valley" in block
    assert "1 split principle (trust); 1 weak principle (arrangements)" in lines[0]


def test_markdown_shows_the_matrix_as_a_table(gaps: Report) -> None:
    tokens = _md_tokens(_render(Format.MARKDOWN, gaps))
    assert "Partners' view" in _headings(tokens)
    matrix = next(t for t in _tables(tokens) if t[0][0] == "Principle")
    assert matrix[0] == ["Principle", "mcc", "tvh", "mtvicb", "ageuk", "Mean", "Spread", "Status"]
    by_title = {row[0]: row[1:] for row in matrix[1:]}
    assert by_title["Develop and maintain trust"] == ["3", "3", "3", "1", "2.5", "2", "split"]
    assert by_title["Monitor, measure and learn"][-1] == ""
    assert len(matrix) == 1 + len(PRINCIPLES)


def test_json_carries_the_matrix(gaps: Report) -> None:
    view = json.loads(_render(Format.JSON, gaps))["files"][0]["partners_view"]
    assert [p["id"] for p in view["partners"]] == ["mcc", "tvh", "mtvicb", "ageuk"]
    assert (view["split_at"], view["weak_below"], view["not_responding"]) == (2, 2.5, [])
    trust = next(p for p in view["principles"] if p["principle"] == "trust")
    assert trust == {
        "principle": "trust",
        "title": "Develop and maintain trust",
        "scores": {"mcc": 3, "tvh": 3, "mtvicb": 3, "ageuk": 1},
        "mean": 2.5,
        "spread": 2,
        "split": True,
        "weak": False,
    }


def _svg(source: str) -> str:
    start = source.index('<figure class="partners">')
    return source[start : source.index("</figure>", start)]


def test_html_chart_has_a_row_per_principle_a_dot_per_score_and_the_spread(
    gaps: Report,
) -> None:
    source = _render(Format.HTML, gaps)
    figure = _svg(source)
    view = gaps.files[0].partners_view
    assert view is not None
    scored = sum(s is not None for row in view.rows for s in row.scores)
    assert figure.count("<circle") == scored  # a dot per partner's score
    assert figure.count("<rect") == len(view.rows)  # the spread of each principle
    for row in view.rows:
        assert f">{html_format.h(row.title)}</text>" in figure
    assert figure.count(">split</text>") == 1
    assert figure.count(">weak</text>") == 1
    assert 'role="img"' in figure
    assert "<desc" in figure
    assert "Develop and maintain trust: mcc 3, tvh 3, mtvicb 3, ageuk 1; mean 2.5; split" in figure
    # the legend names each numbered dot
    for number, (pid, name) in enumerate(view.partners, start=1):
        assert f">{number}</span> <code>{pid}</code> {html_format.h(name)}</li>" in figure
    assert "<script" not in source
    assert "http://" not in figure


def test_html_chart_places_each_dot_on_the_scale() -> None:
    plan = """\
partnership: {name: Riverside}
partners:
  - {id: rc, name: Riverside Council}
  - {id: rht, name: "Riverside <b>Trust</b> & co"}
governance:
  partnership_assessment:
    responses:
      - {partner: rc, scores: {need: 1, trust: 4}}
      - {partner: rht, scores: {need: 4}}
"""
    source = _render(Format.HTML, report([check_text(plan, "r.yaml")]))
    figure = _svg(source)
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', figure)]
    one, four = html_format._scale_x(1), html_format._scale_x(4)
    assert xs == [one, four, four]  # need: 1 and 4; trust: 4 alone
    assert "Riverside &lt;b&gt;Trust&lt;/b&gt; &amp; co" in figure
    assert "<b>Trust" not in source
    assert ">not scored</text>" in figure  # four principles nobody scored


def test_user_strings_in_the_view_are_escaped_in_markdown() -> None:
    plan = """\
partnership: {name: Riverside}
partners:
  - {id: r_c, name: "Council | `x` <script>alert(1)</script> *b* [l](https://e.x)"}
governance:
  partnership_assessment:
    responses:
      - {partner: r_c, scores: {need: 2}}
"""
    out = _render(Format.MARKDOWN, report([check_text(plan, "r.yaml")]))
    assert md_format.text("Council | `x` <script>alert(1)</script> *b* [l](https://e.x)") in out
    html = MarkdownIt("commonmark").enable("table").render(out)
    assert "<script" not in html
    assert "<a " not in html
    assert "<em>" not in html
    matrix = next(t for t in _tables(_md_tokens(out)) if t[0][0] == "Principle")
    assert matrix[0][1] == "r_c"
    assert {len(row) for row in matrix} == {5}


# --- the portfolio -------------------------------------------------------------------


@pytest.fixture(scope="module")
def portfolio() -> Report:
    return report([check_file(str(p)) for p in (GAPS, MINIMAL, READY)])


def _expected_gaps(files: tuple[FileReport, ...]) -> dict[str, int]:
    """Each rule with open findings, and in how many plans: counted plan by plan."""
    counts: dict[str, int] = {}
    for fr in files:
        for rule in {f.rule for f in fr.open_findings}:
            counts[rule] = counts.get(rule, 0) + 1
    return counts


def test_markdown_portfolio_of_the_examples(portfolio: Report) -> None:
    source = _render(Format.MARKDOWN, portfolio)
    html = MarkdownIt("commonmark").enable("table").render(source)
    assert "<table>" in html
    assert "<script" not in html
    tokens = _md_tokens(source)
    headings = _headings(tokens)
    assert headings[:3] == [
        "Leadership plan audit: 3 files",
        "Portfolio",
        "Most common gaps across the portfolio",
    ]
    table, gaps = _tables(tokens)[:2]
    names = {fr.partnership: fr for fr in portfolio.files}
    # least ready first: not ready (lowest score first), then ready
    assert [row[0] for row in table[1:]] == [
        "Brantwood Falls Prevention Partnership",
        "Marshfield and Tern Valley Frailty Partnership",
        "Hollinsdale Community Mental Health Partnership",
    ]
    assert [row[2] for row in table[1:]] == ["🔴 not ready", "🔴 not ready", "🟢 ready"]
    scores = [float(row[3]) for row in table[1:3]]
    assert scores == sorted(scores)
    themes = [t.theme for t in portfolio.files[0].themes]
    assert table[0][4 : 4 + len(themes)] == themes
    gaps_row = table[2]
    fr = names["Marshfield and Tern Valley Frailty Partnership"]
    assert gaps_row[4 : 4 + len(themes)] == [
        f"{COLOUR_EMOJI[t.colour]} {t.colour.value} {t.score:.1f}" for t in fr.themes
    ]
    # the common gaps: each rule, counted once per plan it affects, most plans first
    counted = {row[0]: int(row[4].split(" of ")[0]) for row in gaps[1:]}
    assert counted == _expected_gaps(portfolio.files)
    assert all(row[4].endswith(" of 3") for row in gaps[1:])
    assert counted["LC407"] == 2  # the gaps and minimal plans both lack a risk appetite
    assert list(counted.values()) == sorted(counted.values(), reverse=True)
    findings = {row[0]: int(row[5]) for row in gaps[1:]}
    assert findings["LC101"] == sum(
        1 for fr in portfolio.files for f in fr.open_findings if f.rule == "LC101"
    )
    # then each plan's report, in the order given
    assert headings[3].startswith("Marshfield and Tern Valley Frailty Partnership")


def test_quiet_gives_the_portfolio_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    _, md = _audit("examples", "-f", "markdown", "-q")
    headings = _headings(_md_tokens(md))
    assert headings == [
        "Leadership plan audit: 3 files",
        "Portfolio",
        "Most common gaps across the portfolio",
    ]
    _, html = _audit("examples", "-f", "html", "-q")
    assert "<h2>Portfolio</h2>" in html
    assert "<h2>Most common gaps across the portfolio</h2>" in html
    assert "<section>" not in html
    assert "Findings</h3>" not in html
    _, full = _audit("examples", "-f", "html")
    assert full.count("<section>") == 3


def test_a_single_plan_has_no_portfolio(gaps: Report) -> None:
    assert "Portfolio" not in _render(Format.MARKDOWN, gaps)
    assert "Portfolio" not in _render(Format.HTML, gaps)
    assert "portfolio" not in json.loads(_render(Format.JSON, gaps))


def test_html_portfolio_is_a_heat_map(portfolio: Report) -> None:
    source = _render(Format.HTML, portfolio)
    table = source[source.index('<table class="portfolio">') :]
    table = table[: table.index("</table>")]
    cells = re.findall(
        r'<td class="heat (red|amber|green)"[^>]*><strong>([\d.]+)</strong> '
        r"<small>(\w+)</small>",
        table,
    )
    assert len(cells) == sum(len(fr.themes) for fr in portfolio.files)
    assert all(colour == word for colour, _, word in cells)  # never colour alone
    order = re.findall(r'<tr><th scope="row">([^<]+)<br>', table)
    assert order[0] == "Brantwood Falls Prevention Partnership"
    assert order[-1] == "Hollinsdale Community Mental Health Partnership"


def test_json_portfolio_has_the_same_content(portfolio: Report) -> None:
    data = json.loads(_render(Format.JSON, portfolio))
    assert list(data)[-1] == "portfolio"
    rows = data["portfolio"]["partnerships"]
    assert [r["file"] for r in rows] == [str(MINIMAL), str(GAPS), str(READY)]
    assert [r["readiness"] for r in rows] == ["not_ready", "not_ready", "ready"]
    gaps_row = rows[1]
    fr = portfolio.files[0]
    assert gaps_row["themes"] == {
        t.theme: {"score": round(t.score, 1), "colour": t.colour.value} for t in fr.themes
    }
    common = data["portfolio"]["common_gaps"]
    assert {g["rule"]: g["partnerships"] for g in common} == _expected_gaps(portfolio.files)
    lc407 = next(g for g in common if g["rule"] == "LC407")
    assert lc407["files"] == [str(MINIMAL), str(GAPS)]
    assert lc407["title"] == registry()["LC407"].meta.title


def test_a_plan_that_cannot_be_read_sorts_first_in_the_portfolio() -> None:
    broken = check_text("partners: [\n", "broken.yaml")
    rep = report([check_file(str(READY)), broken])
    table = _tables(_md_tokens(_render(Format.MARKDOWN, rep)))[0]
    assert [row[1] for row in table[1:]] == ["broken.yaml", str(READY)]
    assert table[1][4:10] == ["–"] * 6


# --- in a browser ----------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
@pytest.mark.parametrize("which", ["chart", "portfolio"])
def test_pages_render_in_headless_chromium(which: str, tmp_path: Path, portfolio: Report) -> None:
    """The partners' chart and the portfolio page load offline and paint."""
    rep = report([check_file(str(GAPS))]) if which == "chart" else portfolio
    page = tmp_path / f"{which}.html"
    page.write_text(_render(Format.HTML, rep, quiet=which == "portfolio"), encoding="utf-8")
    shot = tmp_path / f"{which}.png"
    dom = tmp_path / f"{which}.dom"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
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
    with dom.open("w", encoding="utf-8") as out:
        subprocess.run(
            ["chromium", *flags, "--dump-dom", page.as_uri()],
            check=True,
            stdout=out,
            stderr=subprocess.DEVNULL,
            timeout=120,
        )
    parsed = dom.read_text(encoding="utf-8")
    if which == "chart":
        assert parsed.count("<circle") == 24  # four partners, six principles
    else:
        assert parsed.count('class="heat ') == 18  # three plans, six themes


def test_a_principle_both_split_and_weak_is_one_fix_next_entry() -> None:
    plan = """\
partnership: {name: Riverside, as_of: 2026-06-30}
partners:
  - {id: rc, name: Riverside Council}
  - {id: rht, name: Riverside Trust}
  - {id: rvs, name: Riverside Voluntary Services}
governance:
  partnership_assessment:
    responses:
      - {partner: rc, scores: {trust: 3}}
      - {partner: rht, scores: {trust: 1}}
      - {partner: rvs, scores: {trust: 1}}
"""
    rules = [registry()["LC509"], registry()["LC510"]]
    fr = check_text(plan, "r.yaml", Options(rules=rules))
    ours = [f for f in fr.findings if f.rule in ("LC509", "LC510")]
    assert [(f.rule, f.location.line, f.target) for f in ours] == [
        ("LC509", 10, "trust"),
        ("LC510", 10, "trust"),
    ]
    (entry,) = fr.fix_next
    assert entry.finding.rule == "LC509"
    assert [f.rule for f in entry.also] == ["LC510"]


def test_a_portfolio_with_no_open_finding_says_so() -> None:
    ready = check_file(str(READY))
    rep = report([ready, ready])
    assert "No open findings in any plan." in _render(Format.MARKDOWN, rep)
    assert "<p>No open findings in any plan.</p>" in _render(Format.HTML, rep)
    assert json.loads(_render(Format.JSON, rep))["portfolio"]["common_gaps"] == []
