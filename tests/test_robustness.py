"""Property tests: whatever bytes or text come in, checking never raises.

Raw bytes, YAML-ish token soup, and mutations of a valid plan (lines deleted,
duplicated or swapped, values swapped, bytes flipped) all go through
`leadcheck.engine.check_text`. The invariant: a report comes back, and every
finding is well formed (a known rule, a message, a position at line >= 1 and
column >= 1 in the file that was checked).
"""

from __future__ import annotations

import datetime as dt
import re
from textwrap import dedent

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadcheck.engine import Options, check_text
from leadcheck.findings import FileReport, Readiness, Severity

OPTIONS = Options(as_of=dt.date(2026, 6, 30))
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FILE = "fuzz.yaml"

VALID_PLAN = dedent(
    """\
    version: 1
    partnership:
      name: Northdale Frailty Partnership
      as_of: 2026-06-30
      started: 2026-01-05
      plan_version: "2.0"
      horizon_months: 36
      vision: Home is the default
      vision_endorsed_by: [ndc, nhft]
      goals:
        - id: g1
          text: Halve delays
          owners: [ndc, nhft]
    roles:
      improvement_lead: p-lead
      senior_responsible_owner: p-dass
      chair: p-ceo
    required_skills:
      - id: engaging
        min_level: proficient
    partners:
      - id: ndc
        name: Northdale County Council
        type: local_authority
        chief_executive:
          person: p-ceo
          backing: signed
          signed_on: 2026-01-20
          plan_version: "2.0"
        senior_sponsor: p-dass
        resources:
          - type: cash
            amount: 120000
            available_to: [p-lead]
      - id: nhft
        name: Northdale Hospitals
        type: nhs_trust
        chief_executive: {person: p-ceo, backing: verbal}
    people:
      - id: p-lead
        name: F. Moreno
        employer: central
        funded_by: [ndc, nhft]
        seniority: senior_manager
        traits:
          method: "360"
          scores: {enthusiasm: 4, authority: 3}
        skills:
          - skill: engaging
            level: strong
      - id: p-dass
        name: A. Director
        employer: ndc
      - id: p-ceo
        name: C. Exec
        employer: nhft
        lived_experience: false
    stakeholder_groups:
      - id: sg-users
        name: People using services
        type: service_users
        champions: [p-lead]
        participation: co_design
        last_consulted: 2026-05-12
    work_streams:
      - id: ws-home
        name: Home First
        lead: p-lead
        champions: [p-dass]
        goals: [g1]
        participation: engage
        outcomes:
          - {measure: Days of delay, baseline: 6, target: 2, by: 2027-03-31}
        milestones:
          - id: m1
            title: Pilot on ward 7
            due: 2026-07-31
            status: in_progress
            quick_win: true
    governance:
      board:
        name: Partnership Board
        meets_every_days: 28
        members:
          - {person: p-ceo, represents: nhft, voting: true}
    communication:
      - audience: sg-users
        channel: Newsletter
        every_days: 30
        owner: p-lead
        last_sent: 2026-06-02
    waivers:
      - rule: LC304
        target: ws-home
        reason: Agreed at the June board
        owner: p-dass
        expires: 2026-09-30
    """
)
LINES = VALID_PLAN.splitlines(keepends=True)

TOKENS = [
    "partnership:",
    "partners:",
    "people:",
    "work_streams:",
    "waivers:",
    "name: ",
    "id: ",
    "lead: ",
    "champions: ",
    "as_of: ",
    "- ",
    "  ",
    "\n",
    "\t",
    ": ",
    ":",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "!x ",
    "!!python/name:os.system ",
    "? ",
    "<<: ",
    "---\n",
    "...\n",
    "|\n",
    ">-\n",
    '"',
    "'",
    "\\",
    "%YAML 1.1\n",
    "p-lead",
    "ndc",
    "2026-13-01",
    "2026-06-30",
    "yes",
    "~",
    "null",
    "0x1F",
    "1e400",
    "-.inf",
    "9" * 30,
    "é",
    "😀",
    "\x00",
    "\x85",
    "\ufeff",
    "\u2028",
]


def assert_well_formed(report: FileReport) -> None:
    assert isinstance(report, FileReport)
    assert report.file == FILE
    for f in report.findings:
        assert re.fullmatch(r"LC\d{3}", f.rule), f.rule
        assert isinstance(f.message, str)
        assert f.message.strip()
        assert isinstance(f.severity, Severity)
        assert f.location.file == FILE
        assert f.location.line >= 1, f
        assert f.location.column >= 1, f
    assert isinstance(report.readiness, Readiness)
    if report.score is not None:
        assert 0 <= report.score <= 100
    if any(f.rule == "LC001" for f in report.findings):
        assert report.score is None


def run(text: str | bytes) -> FileReport:
    report = check_text(text, FILE, OPTIONS)
    assert_well_formed(report)
    return report


def test_the_seed_plan_is_valid() -> None:
    report = run(VALID_PLAN)
    assert [f for f in report.findings if f.theme is None] == []
    assert [f.rule for f in report.findings if f.waived] == ["LC304"]
    assert report.score is not None


@SETTINGS
@given(st.binary(max_size=512))
def test_arbitrary_bytes(raw: bytes) -> None:
    run(raw)


@SETTINGS
@given(
    st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"]),
    st.binary(max_size=256),
)
def test_arbitrary_bytes_after_a_bom(bom: bytes, raw: bytes) -> None:
    run(bom + raw)


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    run(text)


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=60))
def test_yaml_ish_token_soup(tokens: list[str]) -> None:
    run("".join(tokens))


@SETTINGS
@given(
    st.lists(st.sampled_from(TOKENS), max_size=30),
    st.integers(min_value=0, max_value=len(LINES)),
)
def test_token_soup_inside_a_valid_plan(tokens: list[str], at: int) -> None:
    run("".join([*LINES[:at], "".join(tokens), *LINES[at:]]))


@st.composite
def mutated_plans(draw: st.DrawFn) -> str:
    """The valid plan after a few line-level edits."""
    lines = list(LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        if not lines:
            break
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap_lines", "swap_values", "dedent"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(j, lines[i])
        elif op == "swap_lines":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "swap_values" and ": " in lines[i] and ": " in lines[j]:
            key_i, value_i = lines[i].split(": ", 1)
            key_j, value_j = lines[j].split(": ", 1)
            lines[i], lines[j] = f"{key_i}: {value_j}", f"{key_j}: {value_i}"
        elif op == "dedent":
            lines[i] = lines[i][2:] if lines[i].startswith("  ") else "  " + lines[i]
    return "".join(lines)


@SETTINGS
@given(mutated_plans())
def test_mutated_plans(text: str) -> None:
    run(text)


@SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(VALID_PLAN) - 1), st.integers(0, 255)),
        min_size=1,
        max_size=4,
    ),
    st.integers(min_value=0, max_value=len(VALID_PLAN)),
)
def test_plans_with_flipped_bytes_or_truncated(edits: list[tuple[int, int]], keep: int) -> None:
    raw = bytearray(VALID_PLAN.encode("utf-8"))
    for at, byte in edits:
        raw[at] = byte
    run(bytes(raw[:keep]))


@SETTINGS
@given(
    st.sampled_from([k for k in LINES if ": " in k]),
    st.sampled_from(
        ["", "~", "[]", "{}", "[[]]", "0", "-1", "1.5", "yes", "2026-13-01", "'x'", "*a", "&a 1"]
    ),
)
def test_every_field_with_odd_values(line: str, value: str) -> None:
    key = line.split(": ", 1)[0]
    run(VALID_PLAN.replace(line, f"{key}: {value}\n", 1))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated_plans(), st.sampled_from(["json", "sarif", "text", "markdown"]))
def test_cli_exit_code_and_json_on_any_plan(text: str, fmt: str) -> None:
    """The CLI invariant: exit 0, 1 or 2, no traceback, machine formats always parse."""
    import json

    from typer.testing import CliRunner

    from leadcheck.cli import app

    result = CliRunner().invoke(
        app, ["audit", "-", "-f", fmt, "--as-of", "2026-06-30"], input=text.encode("utf-8")
    )
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if fmt in ("json", "sarif"):
        json.loads(result.stdout)
