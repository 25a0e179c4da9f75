"""Rule parameters and severities are checked before any rule runs, with one
documented exception type (ConfigError) naming the rule and the parameter."""

from __future__ import annotations

import pytest
from conftest import RIVERSIDE

import leadcheck
from leadcheck.engine import Options
from leadcheck.errors import ConfigError
from leadcheck.findings import Severity


def _audit(**options: object) -> leadcheck.Report:
    return leadcheck.audit(text=RIVERSIDE, config=Options(**options))  # type: ignore[arg-type]


_BUSY_CHAMPION = (
    RIVERSIDE
    + "  - id: ws-three\n    name: Third\n    champions: [p-ana]\n"
    + "  - id: ws-four\n    name: Fourth\n    champions: [p-ana]\n"
    + "  - id: ws-five\n    name: Fifth\n    champions: [p-ana]\n"
)
"""RIVERSIDE with p-ana championing three more work streams (LC204's max_roles)."""


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"LC204": {"max_role": 5}},
            "rule LC204 (champion-overload) has no parameter 'max_role' "
            "(did you mean 'max_roles'?); its parameters: max_roles",
        ),
        (
            {"LC204": {"max_roles": "five"}},
            "parameter 'max_roles' must be a whole number, not 'five'",
        ),
        ({"LC204": {"max_roles": 2.5}}, "parameter 'max_roles' must be a whole number, not 2.5"),
        ({"LC204": {"max_roles": True}}, "parameter 'max_roles' must be a whole number, not True"),
        ({"LC204": {"max_roles": 0}}, "parameter 'max_roles' must be at least 1, not 0"),
        ({"LC507": {"min_score": 5}}, "must be at least 1 and at most 4, not 5"),
        ({"LC606": {"slack": "x"}}, "parameter 'slack' must be a number, not 'x'"),
        (
            {"LC201": {"anything": 1}},
            "rule LC201 (work-stream-champion) has no parameter 'anything'; its parameters: none",
        ),
        ({"LC2O4": {"max_roles": 5}}, "unknown rule 'LC2O4' (did you mean 'LC204'?)"),
        (
            {"LC506": {"accepted_methods": "360"}},
            "parameter 'accepted_methods' must be a list of words from self, 360, facilitated",
        ),
        (
            {"LC506": {"accepted_methods": ["360", "selfie"]}},
            "parameter 'accepted_methods' lists 'selfie', which is not one of self, 360, "
            "facilitated (did you mean 'self'?)",
        ),
        ({"LC506": {"accepted_methods": [360]}}, "lists 360, which is not one of"),
        ({"LC506": {"accepted_methods": []}}, "must list at least one of self, 360"),
        ({"LC506": {"assess_lived_experience_champions": 2}}, "at most 1, not 2"),
    ],
)
def test_bad_parameters_raise_config_error(
    params: dict[str, dict[str, object]], message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        _audit(params=params)
    assert message in str(raised.value)


def test_unknown_rule_in_severity_overrides_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown rule 'LC999'"):
        _audit(severity={"LC999": Severity.INFO})


def test_a_float_parameter_takes_whole_numbers_too() -> None:
    report = _audit(params={"LC606": {"slack": 2}})
    assert report.files[0].findings  # it ran


def test_a_valid_parameter_changes_the_outcome() -> None:
    plan = _BUSY_CHAMPION
    over = leadcheck.audit(text=plan, config=Options())
    assert [f.rule for f in over.findings if f.rule == "LC204"] == ["LC204"]
    allowed = leadcheck.audit(text=plan, config=Options(params={"LC204": {"max_roles": 4}}))
    assert [f.rule for f in allowed.findings if f.rule == "LC204"] == []


def test_parameters_are_read_again_when_the_options_change() -> None:
    # Settings are checked once for a folder's plans; options changed in place
    # between two audits must still take effect.
    plan = _BUSY_CHAMPION
    params: dict[str, dict[str, object]] = {"LC204": {"max_roles": 4}}
    options = Options(params=params)  # type: ignore[arg-type]
    lc204 = [f for f in leadcheck.audit(text=plan, config=options).findings if f.rule == "LC204"]
    assert lc204 == []
    params["LC204"]["max_roles"] = 2
    lc204 = [f for f in leadcheck.audit(text=plan, config=options).findings if f.rule == "LC204"]
    assert [f.rule for f in lc204] == ["LC204"]
    params["LC204"]["max_roles"] = "two"
    with pytest.raises(ConfigError, match="must be a whole number"):
        leadcheck.audit(text=plan, config=options)


@pytest.mark.parametrize(
    ("setting", "value"),
    [("as_of_max_age_days", -1), ("waiver_max_days", 1.5), ("waiver_min_reason_words", True)],
)
def test_engine_settings_are_checked(setting: str, value: object) -> None:
    with pytest.raises(ConfigError, match=f"{setting} must be a whole number of at least 0"):
        _audit(**{setting: value})


def test_a_list_of_words_parameter_is_read_as_given() -> None:
    from leadcheck.rules import registry

    meta = registry(plugins=False)["LC506"].meta
    params = meta.check_params({"accepted_methods": ["facilitated", "360", "360"]})
    assert list(params["accepted_methods"]) == ["facilitated", "360"]
    assert str(params["accepted_methods"]) == "facilitated, 360"
