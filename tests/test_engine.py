"""The engine: per-rule parameters and severities, selection, scoring edge cases."""

from __future__ import annotations

import weakref
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest

from leadcheck import engine
from leadcheck.engine import Options, check_text, select_rules
from leadcheck.findings import Readiness, Severity
from leadcheck.loader import Limits, Loaded
from leadcheck.records import replace
from leadcheck.rules import registry

RULES = registry(plugins=False)

# p-ana leads or champions four work streams and groups (line 9).
OVERLOADED = dedent(
    """\
    partnership:
      name: Westmoor Partnership
      as_of: 2026-06-30
    partners:
      - id: wc
        name: Westmoor Council
    people:
      - id: p-ana
        name: A. Ngata
        employer: wc
    work_streams:
      - {id: ws1, name: One, lead: p-ana}
      - {id: ws2, name: Two, champions: [p-ana]}
      - {id: ws3, name: Three, champions: [p-ana]}
    stakeholder_groups:
      - {id: sg1, name: Staff, type: staff, champions: [p-ana]}
    """
)


def _lc204(options: Options) -> list[tuple[int, str, Severity]]:
    report = check_text(OVERLOADED, "plan.yaml", options)
    return [(f.location.line, f.message, f.severity) for f in report.findings if f.rule == "LC204"]


def test_default_parameter_applies() -> None:
    assert _lc204(Options(rules=[RULES["LC204"]])) == [
        (
            8,
            "person 'p-ana' (A. Ngata) leads or champions 4 work streams and groups (more than 3)",
            Severity.WARNING,
        )
    ]


def test_parameters_can_be_set_per_rule() -> None:
    assert _lc204(Options(rules=[RULES["LC204"]], params={"LC204": {"max_roles": 4}})) == []


def test_severity_can_be_set_per_rule_and_changes_colour() -> None:
    options = Options(rules=[RULES["LC204"]], severity={"LC204": Severity.ERROR})
    [(_, _, severity)] = _lc204(options)
    report = check_text(OVERLOADED, "plan.yaml", options)
    assert severity is Severity.ERROR
    assert [t.colour.value for t in report.themes] == ["red"]
    assert report.readiness is Readiness.NOT_READY


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("LC204", ["LC204"]),
        ("lc20", [r for r in RULES if r.startswith("LC20")]),
        ("champion-overload", ["LC204"]),
        ("co-production", [r.id for r in RULES.values() if r.meta.theme == "co-production"]),
    ],
)
def test_select_by_id_prefix_slug_or_theme(selector: str, expected: list[str]) -> None:
    assert [r.id for r in select_rules(RULES, [selector])] == expected


def test_ignore_wins_over_select() -> None:
    chosen = select_rules(RULES, ["champions"], ["LC204", "single-accountable-lead"])
    champions = [r.id for r in RULES.values() if r.meta.theme == "champions"]
    assert [r.id for r in chosen] == [r for r in champions if r not in ("LC204", "LC203")]


def test_unknown_selector_suggests_a_close_one() -> None:
    with pytest.raises(ValueError, match="did you mean 'champion-overload'"):
        select_rules(RULES, ["champion-overlord"])


def test_rule_with_no_subjects_is_left_out_of_the_score() -> None:
    # No stakeholder groups: LC202 has nothing to judge, so champions is scored on LC201.
    options = Options(rules=[RULES["LC201"], RULES["LC202"]])
    text = OVERLOADED.split("stakeholder_groups:")[0]
    report = check_text(text, "plan.yaml", options)
    scores = {s.rule: (s.subjects, s.passed) for s in report.rule_scores}
    assert scores == {"LC201": (3, 2), "LC202": (0, 0)}
    assert report.themes[0].score == pytest.approx(100 * 2 / 3)


def test_structure_errors_stop_the_rules() -> None:
    report = check_text(OVERLOADED.replace("lead: p-ana", "lead: p-anna"), "plan.yaml")
    assert [f.rule for f in report.findings] == ["LC003"]
    assert report.score is None
    assert report.themes == ()
    assert report.readiness is Readiness.NOT_READY


def test_as_of_comes_from_the_option_then_the_plan() -> None:
    import datetime as dt

    assert check_text(OVERLOADED, "p.yaml").as_of == dt.date(2026, 6, 30)
    day = dt.date(2027, 1, 1)
    assert check_text(OVERLOADED, "p.yaml", Options(as_of=day)).as_of == day


class _Watched(dict[str, Any]):
    """A dict that can be watched with a weak reference."""


def test_a_checked_file_lets_go_of_its_data_and_positions_before_ordering(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # On a huge plan, the loaded data and positions held while ordering findings
    # were a third of the run's peak memory.
    plan = tmp_path / "plan.yaml"
    plan.write_text(OVERLOADED)
    watched: list[weakref.ref[_Watched]] = []
    load = engine.load_file

    def load_watched(path: str, limits: Limits) -> Loaded:
        loaded = load(path, limits)
        assert loaded.data is not None
        data, values = _Watched(loaded.data), _Watched(loaded.positions.values)
        watched.extend([weakref.ref(data), weakref.ref(values)])
        loaded.positions.values = values
        return replace(loaded, data=data)

    alive: list[bool] = []
    ordered = engine._Ordered

    def order(*args: Any) -> Any:
        alive.extend(ref() is not None for ref in watched)
        return ordered(*args)

    monkeypatch.setattr(engine, "load_file", load_watched)
    monkeypatch.setattr(engine, "_Ordered", order)
    report = engine.check_file(str(plan))
    assert [f.rule for f in report.findings if f.rule == "LC204"] == ["LC204"]
    assert alive == [False, False]
