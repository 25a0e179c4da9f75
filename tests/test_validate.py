"""Validation: schema (LC002), references (LC003) and ids (LC005), as users see them.

Each plan is a small inline YAML text; the line numbers in the assertions can be
counted in it (line 1 is the line after the opening quotes).
"""

from __future__ import annotations

from textwrap import dedent

import pytest

from leadcheck.findings import Finding, Severity
from leadcheck.loader import load_bytes
from leadcheck.validate import Validated, validate


def check(text: str) -> Validated:
    return validate(load_bytes(dedent(text).encode("utf-8"), "plan.yaml"))


def found(result: Validated) -> list[tuple[str, int, int]]:
    return [(f.rule, f.location.line, f.location.column) for f in result.findings]


def one(result: Validated) -> Finding:
    assert len(result.findings) == 1, [f.message for f in result.findings]
    return result.findings[0]


MINIMAL = """\
partnership:
  name: Northdale
partners:
  - id: ndc
    name: Northdale County Council
"""


def test_minimal_plan_is_valid() -> None:
    result = check(MINIMAL)
    assert result.findings == ()
    assert result.plan is not None
    assert result.plan.partnership.name == "Northdale"
    assert [p.id for p in result.plan.partners] == ["ndc"]


def test_full_plan_with_dates_and_enums_is_valid() -> None:
    result = check(
        """\
        partnership:
          name: Northdale
          as_of: 2026-06-30
          plan_version: "2.0"
          goals:
            - id: g1
              owners: [ndc]
        roles:
          improvement_lead: p-lead
        partners:
          - id: ndc
            name: Northdale County Council
            type: local_authority
            chief_executive: {person: p-lead, backing: signed, signed_on: 2026-01-20}
        people:
          - id: p-lead
            name: F. Moreno
            employer: central
            traits: {method: "360", scores: {enthusiasm: 4}}
        work_streams:
          - id: ws-home
            name: Home First
            lead: p-lead
            goals: [g1]
            participation: co_design
            milestones:
              - {id: m1, due: 2026-07-31, status: in_progress}
        """
    )
    assert result.findings == ()
    assert result.plan is not None
    assert str(result.plan.partnership.as_of) == "2026-06-30"


# --- LC002: unknown keys --------------------------------------------------------------


def test_unknown_key_with_did_you_mean_at_the_key() -> None:
    result = check(
        """\
        partnership:
          name: Northdale
        partners:
          - id: ndc
            name: Northdale County Council
        stakeholder_groups:
          - id: sg-users
            name: People using frailty services
            chamions: [p-su1]
        """
    )
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 9, 5)
    assert f.message == (
        "unknown key 'chamions' at stakeholder_groups[0].chamions (did you mean 'champions'?)"
    )
    assert f.location.path == ("stakeholder_groups", 0, "chamions")
    assert f.severity is Severity.ERROR
    assert result.plan is None


def test_unknown_top_level_key() -> None:
    result = check(
        """\
        partnership:
          name: Northdale
        partners:
          - id: ndc
            name: Northdale County Council
        work_stream:
          - id: ws
        """
    )
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 6, 1)
    assert "unknown key 'work_stream' at work_stream (did you mean 'work_streams'?)" in f.message


def test_unknown_key_without_a_close_match_has_no_suggestion() -> None:
    result = check(MINIMAL + "    colour: blue\n")
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 6, 5)
    assert f.message == "unknown key 'colour' at partners[0].colour"


# --- LC002: wrong types ------------------------------------------------------------------


def test_wrong_type_is_reported_at_the_value() -> None:
    result = check(
        """\
        partnership:
          name: Northdale
        partners:
          - id: ndc
            name: Northdale County Council
        work_streams:
          - id: ws-home
            name: Home First
            champions: p-lead
        """
    )
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 9, 16)
    assert f.message == "work_streams[0].champions: expected a list, got text 'p-lead'"
    assert f.location.path == ("work_streams", 0, "champions")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  horizon_months: three years", "expected a whole number, got text 'three years'"),
        ("  horizon_months: 2.5", "expected a whole number, got 2.5"),
        ("  horizon_months: -1", "-1 is out of range; it must be at least 0"),
        ("  goals: g1", "expected a list, got text 'g1'"),
        ("  goals: {id: g1}", "expected a list, got a mapping"),
        ("  goals: ''", "expected a list, got text ''"),  # no first letter to be a bullet
        ("  vision: [a, b]", "expected text, got a list"),
    ],
)
def test_wrong_types_in_partnership(line: str, message: str) -> None:
    result = check(f"partnership:\n  name: N\n{line}\npartners: [{{id: a, name: A}}]\n")
    f = one(result)
    column = line.index(":") + 3
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 3, column)
    assert message in f.message
    assert f.message.startswith("partnership.")


def test_section_that_should_be_a_mapping() -> None:
    result = check("partnership: Northdale\npartners: [{id: a, name: A}]\n")
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 1, 14)
    assert f.message == "partnership: expected a mapping of fields, got text 'Northdale'"


def test_score_out_of_range() -> None:
    result = check(
        """\
        partnership: {name: N}
        partners: [{id: a, name: A}]
        people:
          - id: p1
            name: P
            traits:
              scores:
                enthusiasm: 5
        """
    )
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 8, 21)
    assert f.message == (
        "people[0].traits.scores.enthusiasm: 5 is out of range; it must be at most 4"
    )


# --- LC002: enumerations -----------------------------------------------------------------

BACKING = """\
partnership:
  name: Northdale
partners:
  - id: ndc
    name: Northdale County Council
    chief_executive:
      backing: {value}
"""


def test_bad_enum_with_did_you_mean_at_the_value() -> None:
    f = one(check(BACKING.replace("{value}", "verbal-ish")))
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 7, 16)
    assert f.message == (
        "partners[0].chief_executive.backing: 'verbal-ish' is not one of signed, verbal, none "
        "(did you mean 'verbal'?)"
    )


def test_yes_is_not_a_backing() -> None:
    # YAML reads `yes` as true; the message lists what is allowed.
    f = one(check(BACKING.replace("{value}", "yes")))
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 7, 16)
    assert "partners[0].chief_executive.backing:" in f.message
    assert "is not one of signed, verbal, none" in f.message


def test_participation_codesign_suggests_co_design() -> None:
    result = check(
        """\
        partnership: {name: N}
        partners: [{id: a, name: A}]
        stakeholder_groups:
          - id: sg-users
            name: Users
            participation: codesign
        """
    )
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 6, 20)
    assert f.message == (
        "stakeholder_groups[0].participation: 'codesign' is not one of inform, consult, "
        "engage, co_design, co_produce (did you mean 'co_design'?)"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "2",
            "version: this plan uses format version 2; this leadcheck reads version 1: "
            "upgrade leadcheck",
        ),
        (
            '"2.0"',
            "version: this plan uses format version 2; this leadcheck reads version 1: "
            "upgrade leadcheck",
        ),
        (
            "0",
            "version: 0 is not a plan format version; this leadcheck reads version 1, "
            "so write version: 1",
        ),
        (
            '"1.0"',
            "version: write the format version as a whole number without quotes: "
            "version: 1 (this leadcheck reads version 1)",
        ),
        (
            "one",
            "version: 'one' is not a plan format version; this leadcheck reads version 1, "
            "so write version: 1",
        ),
    ],
)
def test_wrong_version_says_which_version_is_read(value: str, message: str) -> None:
    f = one(check(f"version: {value}\n" + MINIMAL))
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 1, 10)
    assert f.message == message


# --- LC002: dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2026-13-01", "has no month 13; dates are written YYYY-MM-DD (did you mean 2026-01-13?)"),
        ("2026-14-30", "has no month 14; dates are written YYYY-MM-DD"),
        ("2026-02-30", "is not a date: February 2026 has no 30th day"),
        ("2025-02-29", "is not a date: February 2025 has no 29th day (2025 is not a leap year)"),
        ("2026-04-31", "is not a date: April 2026 has no 31st day"),
        ("2026-01-00", "is not a date: January 2026 has no 0th day"),
        ("30/06/2026", "is not written YYYY-MM-DD; write 2026-06-30"),
        ("06/30/2026", "is not written YYYY-MM-DD; write 2026-06-30"),
        ("03/06/2026", "is not a valid date; write YYYY-MM-DD"),
        ("next spring", "is not a valid date; write YYYY-MM-DD"),
    ],
)
def test_bad_date_in_plain_words(value: str, problem: str) -> None:
    f = one(check(f"partnership:\n  name: N\n  as_of: {value}\npartners: [{{id: a, name: A}}]\n"))
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 3, 10)
    assert f.message == f"partnership.as_of: {value!r} {problem}"


def test_a_leap_day_is_a_date() -> None:
    assert (
        check(
            "partnership:\n  name: N\n  as_of: 2028-02-29\npartners: [{id: a, name: A}]\n"
        ).findings
        == ()
    )


def test_bad_date_deep_in_the_plan() -> None:
    result = check(
        """\
        partnership: {name: N}
        partners: [{id: a, name: A}]
        work_streams:
          - id: ws
            name: W
            milestones:
              - id: m1
                due: 2026-13-01
        """
    )
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 8, 14)
    assert "work_streams[0].milestones[0].due: '2026-13-01' has no month 13" in f.message


def test_a_number_is_not_a_date() -> None:
    f = one(check("partnership:\n  name: N\n  as_of: 0\npartners: [{id: a, name: A}]\n"))
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 3, 10)
    assert "not a valid date" in f.message


# --- LC002: required fields --------------------------------------------------------------


def test_missing_partnership_name() -> None:
    result = check(
        """\
        partnership:
          as_of: 2026-06-30
        partners:
          - id: ndc
            name: Northdale County Council
        """
    )
    f = one(result)
    # The name is absent, so the finding points at the section that should hold it.
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 1, 1)
    assert f.message == "missing required field 'name' at partnership.name"
    assert f.location.path == ("partnership", "name")


def test_empty_partners() -> None:
    f = one(check("partnership:\n  name: N\npartners: []\n"))
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 3, 11)
    assert f.message == "partners: list at least one partner"


def test_missing_sections() -> None:
    result = check("roles: {}\n")
    messages = {f.message for f in result.findings}
    assert messages == {
        "missing required field 'partnership' at partnership",
        "missing required field 'partners' at partners",
    }
    assert found(result) == [("LC002", 1, 1), ("LC002", 1, 1)]


def test_missing_id_points_at_the_item() -> None:
    result = check(
        """\
        partnership: {name: N}
        partners:
          - id: a
            name: A
          - name: B
        """
    )
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 5, 5)
    assert f.message == "missing required field 'id' at partners[1].id"


# --- LC002: id pattern -------------------------------------------------------------------


@pytest.mark.parametrize("ident", ["NDC", "-ndc", "n dc", "'ndc!'", "_x"])
def test_bad_id_pattern(ident: str) -> None:
    f = one(check(f"partnership: {{name: N}}\npartners:\n  - id: {ident}\n    name: A\n"))
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 3, 9)
    assert f.message.startswith("partners[0].id: ")
    assert "is not a valid id; use lower-case letters, digits, '-' and '_'" in f.message


def test_bad_waiver_rule_id() -> None:
    result = check(
        MINIMAL
        + dedent(
            """\
            people: [{id: p1, name: P}]
            waivers:
              - rule: lc201
                reason: later
                owner: p1
                expires: 2026-09-30
            """
        )
    )
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 8, 11)
    assert f.message == "waivers[0].rule: 'lc201' is not a rule id such as LC201"


# --- LC003: references -------------------------------------------------------------------


def test_dangling_reference_with_did_you_mean() -> None:
    result = check(
        """\
        partnership:
          name: Northdale
        partners:
          - id: ndc
            name: Northdale County Council
        people:
          - id: p-lead
            name: F. Moreno
        work_streams:
          - id: ws-home
            name: Home First
            lead: p-leed
        """
    )
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC003", 12, 11)
    assert f.message == "work_streams[0].lead: 'p-leed' names no person (did you mean 'p-lead'?)"
    assert f.location.path == ("work_streams", 0, "lead")
    assert f.severity is Severity.ERROR
    assert result.plan is None


def test_dangling_reference_in_a_flow_list() -> None:
    result = check(
        """\
        partnership:
          name: Northdale
          vision_endorsed_by: [ndc, nhtf]
        partners:
          - {id: ndc, name: Council}
          - {id: nhft, name: Hospitals}
        """
    )
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC003", 3, 29)
    assert f.message == (
        "partnership.vision_endorsed_by[1]: 'nhtf' names no partner (did you mean 'nhft'?)"
    )


def test_reference_with_fixed_words() -> None:
    result = check(MINIMAL + "people:\n  - id: p1\n    name: P\n    employer: centrall\n")
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC003", 9, 15)
    assert f.message == (
        "people[0].employer: 'centrall' names no partner (or 'central' / 'independent') "
        "(did you mean 'central'?)"
    )


def test_fixed_words_are_accepted() -> None:
    result = check(
        MINIMAL
        + "people:\n  - {id: p1, name: P, employer: central}\n"
        + "  - {id: p2, name: Q, employer: independent}\n  - {id: p3, name: R, employer: ndc}\n"
    )
    assert result.findings == ()


def test_reference_of_the_wrong_kind() -> None:
    # `ndc` is a partner, but a work stream's lead must be a person.
    result = check(MINIMAL + "work_streams:\n  - id: ws\n    name: W\n    lead: ndc\n")
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC003", 9, 11)
    assert f.message == "work_streams[0].lead: 'ndc' names no person"


def test_reference_to_partner_or_group() -> None:
    result = check(
        MINIMAL
        + dedent(
            """\
            stakeholder_groups: [{id: sg-users, name: Users}]
            communication:
              - audience: sg-users
              - audience: ndc
              - audience: sg-user
            """
        )
    )
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC003", 10, 15)
    assert f.message == (
        "communication[2].audience: 'sg-user' names no partner or stakeholder group "
        "(did you mean 'sg-users'?)"
    )


def test_schema_errors_do_not_hide_reference_errors() -> None:
    result = check(
        """\
        partnership:
          name: Northdale
          as_of: 2026-13-01
        partners:
          - id: ndc
            name: Northdale County Council
            type: council
            senior_sponsor: p-dase
        people:
          - id: p-dass
            name: A. Director
        """
    )
    assert found(result) == [("LC002", 3, 10), ("LC002", 7, 11), ("LC003", 8, 21)]
    assert "(did you mean 'p-dass'?)" in result.findings[2].message
    assert result.plan is None


def test_references_inside_a_malformed_section_are_still_checked() -> None:
    # `lead` is checked even though the same work stream has the wrong type of `goals`.
    result = check(
        MINIMAL + "work_streams:\n  - id: ws\n    name: W\n    goals: g1\n    lead: nobody\n"
    )
    assert found(result) == [("LC002", 9, 12), ("LC003", 10, 11)]


def test_numeric_dangling_reference_is_lc003() -> None:
    result = check(MINIMAL + "work_streams:\n  - id: ws\n    name: W\n    lead: 42\n")
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC003", 9, 11)
    assert "'42' names no person" in f.message


def test_numeric_id_can_be_referenced() -> None:
    result = check(
        MINIMAL + 'people: [{id: 42, name: P}]\nwork_streams: [{id: ws, name: W, lead: "42"}]\n'
    )
    assert result.findings == ()


# --- LC005: duplicate ids ----------------------------------------------------------------


def test_duplicate_id_at_the_second_id() -> None:
    result = check(
        """\
        partnership:
          name: Northdale
        partners:
          - id: ndc
            name: Northdale County Council
          - id: nhft
            name: Northdale Hospitals
          - id: ndc
            name: Northdale District Council
        """
    )
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC005", 8, 9)
    assert f.message == "partner id 'ndc' is used twice (first at line 4)"
    assert f.location.path == ("partners", 2, "id")
    assert result.plan is None


def test_duplicate_milestone_ids_across_work_streams() -> None:
    result = check(
        MINIMAL
        + dedent(
            """\
            work_streams:
              - id: ws-a
                name: A
                milestones: [{id: m1}]
              - id: ws-b
                name: B
                milestones: [{id: m1}]
            """
        )
    )
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC005", 12, 23)
    assert f.message == "milestone id 'm1' is used twice (first at line 9)"


def test_same_id_in_different_kinds_is_fine() -> None:
    result = check(MINIMAL + "people: [{id: ndc, name: P}]\nwork_streams: [{id: ndc, name: W}]\n")
    assert result.findings == ()


def test_duplicate_numeric_ids_are_lc005() -> None:
    result = check(
        """\
        partnership: {name: N}
        partners:
          - id: 1
            name: A
          - id: 1
            name: B
        """
    )
    f = one(result)
    assert (f.rule, f.location.line, f.location.column) == ("LC005", 5, 9)


# --- every error in one run ----------------------------------------------------------------


def test_every_mistake_in_a_file_is_reported_in_one_run() -> None:
    result = check(
        """\
        partnership:
          name: Northdale
          as_of: 2026-13-01
        partners:
          - id: ndc
            name: Northdale County Council
            chief_executive:
              backing: verbal-ish
          - id: ndc
            name: Northdale District Council
        people:
          - id: p-lead
            name: F. Moreno
        work_streams:
          - id: ws-home
            name: Home First
            lead: p-leed
            chamions: [p-lead]
        """
    )
    assert found(result) == [
        ("LC002", 3, 10),  # bad date
        ("LC002", 8, 16),  # bad enum
        ("LC005", 9, 9),  # duplicate id
        ("LC003", 17, 11),  # dangling reference
        ("LC002", 18, 5),  # unknown key
    ]
    assert all(f.location.file == "plan.yaml" for f in result.findings)
    assert result.plan is None


def test_duplicate_keys_are_reported_with_schema_errors() -> None:
    result = check(
        """\
        partnership:
          name: Northdale
          name: Eastvale
        partners:
          - id: ndc
            name: Northdale County Council
            type: council
        """
    )
    assert found(result) == [("LC004", 3, 3), ("LC002", 7, 11)]


def test_findings_are_sorted_by_position() -> None:
    result = check(
        """\
        partnership: {name: N, as_of: 2026-13-01}
        partners:
          - {id: a, name: A, type: council}
          - {id: a, name: B}
        people: [{id: p1, name: P, employer: b}]
        """
    )
    assert found(result) == sorted(found(result), key=lambda t: (t[1], t[2]))
    assert [f.rule for f in result.findings] == ["LC002", "LC002", "LC005", "LC003"]


def test_load_failure_is_passed_through() -> None:
    result = check("partnership: [\n")
    assert [f.rule for f in result.findings] == ["LC001"]
    assert result.plan is None


def test_an_unpadded_date_is_not_a_date() -> None:
    f = one(check("partnership:\n  name: N\n  as_of: 2026-6-5\npartners: [{id: a, name: A}]\n"))
    assert f.message == "partnership.as_of: '2026-6-5' is not a valid date; write YYYY-MM-DD"


# --- LC003: a name where an id belongs ---------------------------------------------------

NAMED = """\
partnership: {name: N}
partners:
  - {id: ndc, name: Northdale County Council}
people:
  - {id: p-tran, name: Jess Tran}
  - {id: p-okafor, name: Sam Okafor}
  - not a person
stakeholder_groups:
  - {id: sg-users, name: People using services}
work_streams:
  - id: ws
    name: W
    lead: {value}
"""


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("Jess Tran", " (did you mean 'p-tran', Jess Tran?)"),
        ("jess  TRAN", " (did you mean 'p-tran', Jess Tran?)"),
        ("Jes Tran", " (did you mean 'p-tran', Jess Tran?)"),
        ('"Sam\u00a0Okafor"', " (did you mean 'p-okafor', Sam Okafor?)"),
        ("p-trann", " (did you mean 'p-tran'?)"),
        ("Northdale County Council", ""),  # a partner's name, but a lead is a person
        ("Somebody Else", ""),
    ],
)
def test_a_name_where_an_id_belongs_suggests_the_id(value: str, hint: str) -> None:
    result = check(NAMED.replace("{value}", value))
    lc003 = [f for f in result.findings if f.rule == "LC003"]
    assert len(lc003) == 1
    assert lc003[0].message.endswith(f"names no person{hint}")
    assert (lc003[0].location.line, lc003[0].location.column) == (13, 11)


def test_a_name_for_a_partner_or_group_suggests_either() -> None:
    result = check(
        NAMED.replace("{value}", "p-tran") + "communication:\n  - audience: People Using Services\n"
    )
    (f,) = [f for f in result.findings if f.rule == "LC003"]
    assert f.message == (
        "communication[0].audience: 'People Using Services' names no partner or stakeholder "
        "group (did you mean 'sg-users', People using services?)"
    )


# --- causes before consequences ----------------------------------------------------------


def test_a_misspelt_section_explains_the_references_it_hides() -> None:
    result = check(
        MINIMAL
        + dedent(
            """\
            peeple:
              - id: p-lead
                name: F. Moreno
            work_streams:
              - id: ws
                name: W
                lead: p-lead
                champions: [p-lead, p-nobody]
            """
        )
    )
    assert found(result) == [("LC002", 6, 1), ("LC003", 13, 25)]
    assert result.findings[0].message == (
        "unknown key 'peeple' at peeple (did you mean 'people'?); fixing it also fixes "
        "2 references to people that this would define"
    )
    # p-nobody is not defined under `peeple` either: it is still reported.
    assert "'p-nobody' names no person" in result.findings[1].message


def test_a_misspelling_next_to_the_right_key_explains_nothing() -> None:
    result = check(MINIMAL + "people: []\npeeple:\n  - {id: p1, name: P}\nroles: {chair: p1}\n")
    assert found(result) == [("LC002", 7, 1), ("LC003", 9, 16)]
    assert result.findings[0].message == "unknown key 'peeple' at peeple (did you mean 'people'?)"


def test_a_misspelt_key_inside_an_item_explains_the_ids_under_it() -> None:
    result = check(
        MINIMAL
        + dedent(
            """\
            work_streams:
              - id: ws
                name: W
                milestone:
                  - id: m1
            waivers:
              - rule: LC604
                target: m1
                reason: later
                owner: p1
                expires: 2026-09-30
            people: [{id: p1, name: P}]
            """
        )
    )
    assert found(result) == [("LC002", 9, 5)]
    assert result.findings[0].message.endswith(
        "(did you mean 'milestones'?); fixing it also fixes 1 reference to milestones that "
        "this would define"
    )


def test_a_misspelt_section_does_not_hide_a_waiver_of_an_unknown_rule() -> None:
    waiver = "waivers:\n  - {rule: LC299, reason: r, owner: p1, expires: 2026-09-30}\n"
    text = MINIMAL + "peeple:\n  - {id: p1, name: P}\n" + waiver
    result = validate(load_bytes(text.encode("utf-8"), "plan.yaml"), rule_ids=["LC201"])
    assert found(result) == [("LC002", 6, 1), ("LC003", 9, 12)]
    assert result.findings[0].message.endswith(
        "fixing it also fixes 1 reference to people that this would define"
    )
    assert result.findings[1].message == "waiver names unknown rule 'LC299' (did you mean 'LC201'?)"


def test_a_damaged_id_is_one_finding_that_explains_its_references() -> None:
    result = check(
        "partnership: {name: N}\npartners:\n  - id: nd\u2013c\n    name: A\n"
        "people: [{id: p, name: P, employer: nd-c, funded_by: [nd-c, ndc]}]\n"
    )
    assert found(result) == [("LC002", 3, 11), ("LC003", 5, 61)]
    assert result.findings[0].message == (
        "partners[0].id: 'nd\u2013c' contains an en dash (\u2013, U+2013), which word processors "
        "put in place of '-'; an id needs ordinary hyphens: 'nd-c'; fixing it also fixes "
        "2 references to 'nd-c'"
    )


# --- the partners' responses to the partnership assessment -------------------------------

RESPONSES = """\
partnership:
  name: Northdale
partners:
  - id: ndc
    name: Northdale County Council
  - id: nhft
    name: Northdale Health NHS Foundation Trust
governance:
  partnership_assessment:
    tool: nuffield_pat
    responses:
      - partner: ndc
        completed_on: 2026-03-02
        scores: {need: 4, purpose: 3, commitment: 3, trust: 2, arrangements: 3, learning: 1}
      - partner: nhft
        scores:
          trust: 4
"""


def test_responses_are_valid_and_read_as_typed_scores() -> None:
    result = check(RESPONSES)
    assert result.findings == ()
    assert result.plan is not None
    assert result.plan.governance is not None
    assessment = result.plan.governance.partnership_assessment
    assert assessment is not None
    first, second = assessment.responses
    assert (first.partner, str(first.completed_on)) == ("ndc", "2026-03-02")
    assert first.scores is not None
    assert first.scores.learning == 1
    assert second.scores is not None
    assert (second.scores.trust, second.scores.need) == (4, None)


def test_an_unknown_principle_is_lc002_with_a_suggestion() -> None:
    f = one(check(RESPONSES.replace("trust: 4", "trsut: 4")))
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 17, 11)
    assert f.message == (
        "unknown key 'trsut' at governance.partnership_assessment.responses[1].scores.trsut "
        "(did you mean 'trust'?)"
    )


@pytest.mark.parametrize(
    ("score", "problem"),
    [
        ("0", "0 is out of range; it must be at least 1"),
        ("5", "5 is out of range; it must be at most 4"),
        ("2.5", "expected a whole number, got 2.5"),
        ("high", "expected a whole number, got text 'high'"),
    ],
)
def test_a_score_outside_1_to_4_is_lc002_at_the_score(score: str, problem: str) -> None:
    f = one(check(RESPONSES.replace("trust: 4", f"trust: {score}")))
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 17, 18)
    assert f.message == f"governance.partnership_assessment.responses[1].scores.trust: {problem}"


def test_a_response_from_an_unknown_partner_is_lc003_with_a_suggestion() -> None:
    f = one(check(RESPONSES.replace("partner: nhft", "partner: nhtf")))
    assert (f.rule, f.location.line, f.location.column) == ("LC003", 15, 18)
    assert f.message == (
        "governance.partnership_assessment.responses[1].partner: 'nhtf' names no partner "
        "(did you mean 'nhft'?)"
    )


def test_a_response_needs_its_partner() -> None:
    f = one(
        check(RESPONSES.replace("      - partner: nhft\n", "      - completed_on: 2026-03-09\n"))
    )
    assert (f.rule, f.location.line) == ("LC002", 15)
    assert f.message == (
        "missing required field 'partner' at governance.partnership_assessment.responses[1].partner"
    )


def test_a_second_response_from_one_partner_is_lc005_at_the_second() -> None:
    f = one(check(RESPONSES.replace("partner: nhft", "partner: ndc")))
    assert (f.rule, f.location.line, f.location.column) == ("LC005", 15, 18)
    assert f.message == (
        "partner 'ndc' has two responses to the partnership assessment (first at line 12); "
        "keep one response per partner"
    )
    assert check(RESPONSES.replace("partner: nhft", "partner: ndc")).plan is None


@pytest.mark.parametrize(
    "listed", ["[ndc, nhft]", "[nhft, ndc]", "[nhft, ndc, ndc]", "[]", "[ndc, nhft, nobody]"]
)
def test_partners_responding_beside_responses_may_name_the_same_partners(listed: str) -> None:
    text = RESPONSES.replace("    responses:", f"    partners_responding: {listed}\n    responses:")
    rules = [f.rule for f in check(text).findings]
    assert rules == (["LC003"] if "nobody" in listed else [])


@pytest.mark.parametrize(
    ("listed", "problem"),
    [
        ("[ndc]", "leaves out 'nhft', which responded"),
        ("[ndc, nhft, nbc]", "names 'nbc', with no response in responses"),
        (
            "[nbc, nsc]",
            "names 'nbc' and 'nsc', with no response in responses and leaves out "
            "'ndc' and 'nhft', which responded",
        ),
    ],
)
def test_partners_responding_that_disagrees_with_the_responses_is_lc002(
    listed: str, problem: str
) -> None:
    text = RESPONSES.replace(
        "  - id: nhft\n",
        "  - id: nbc\n    name: Northdale Borough\n  - id: nsc\n"
        "    name: Northdale Schools\n  - id: nhft\n",
    ).replace("    responses:", f"    partners_responding: {listed}\n    responses:")
    f = one(check(text))
    assert (f.rule, f.location.line, f.location.column) == ("LC002", 15, 5)
    assert f.message == (
        f"governance.partnership_assessment.partners_responding {problem}; it is derived from "
        "the responses when they are given: delete it, or list exactly the partners that "
        "responded"
    )


def test_a_response_whose_partner_is_not_an_id_is_lc002_only() -> None:
    f = one(check(RESPONSES.replace("partner: nhft", "partner: [nhft]")))
    assert (f.rule, f.location.line) == ("LC002", 15)
    assert f.message == (
        "governance.partnership_assessment.responses[1].partner: expected text, got a list"
    )
