"""Waivers, through the CLI's JSON report.

A waiver names a rule, optionally a target, and a reason, owner and expiry. A
waived finding is still reported, marked waived with its reason, and does not
fail the run. An expired waiver is an error (LC006) and stops waiving; one that
matches nothing is reported (LC007); structure rules cannot be waived.

The plan below has two work streams (lines 12 and 15); only ws-crisis has a
champion, neither has a lead. With `--select champions` it gives one LC201
error (ws-housing) and two LC203 warnings, and LC202 has nothing to judge.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import RIVERSIDE
from typer.testing import CliRunner, Result

from leadcheck.cli import app

PLAN = RIVERSIDE
WAIVERS_LINE = 18  # the first waiver's `- rule:` line when waivers follow PLAN


def waiver(rule: str, *, target: str | None = None, expires: str = "2026-12-30") -> str:
    lines = [f"  - rule: {rule}"]
    if target:
        lines.append(f"    target: {target}")
    lines += [
        f"    reason: Accepted while {rule} is worked on",
        "    owner: p-ana",
        f"    expires: {expires}",
    ]
    return "\n".join(lines) + "\n"


def plan_with(*waivers: str, base: str = PLAN) -> str:
    return base + "waivers:\n" + "".join(waivers)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("GITHUB_STEP_SUMMARY", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def audit(text: str, *args: str) -> tuple[Result, dict[str, Any]]:
    Path("plan.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", "plan.yaml", "-f", "json", *args])
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    data: dict[str, Any] = json.loads(result.stdout)
    return result, data


def findings(data: dict[str, Any], rule: str | None = None) -> list[dict[str, Any]]:
    return [f for f in data["findings"] if rule is None or f["rule"] == rule]


def test_plan_without_waivers() -> None:
    """The baseline the other tests build on."""
    result, data = audit(PLAN, "--select", "champions")
    assert [(f["rule"], f["target"], f["waived"]) for f in findings(data)] == [
        ("LC203", "ws-crisis", False),
        ("LC201", "ws-housing", False),
        ("LC203", "ws-housing", False),
    ]
    assert result.exit_code == 1


def test_waiver_marks_the_finding_waived_with_its_reason() -> None:
    result, data = audit(plan_with(waiver("LC201")), "--select", "LC201")
    [lc201] = findings(data)
    assert lc201["rule"] == "LC201"
    assert lc201["target"] == "ws-housing"
    assert lc201["waived"] is True
    assert lc201["waiver_reason"] == "Accepted while LC201 is worked on"
    assert result.exit_code == 0  # the only error is waived
    assert data["files"][0]["counts"] == {"error": 0, "warning": 0, "info": 0}
    [theme] = data["files"][0]["themes"]
    assert theme["waived"] == 1
    assert theme["counts"]["error"] == 0


def test_only_error_waived_passes_with_warnings_left() -> None:
    result, data = audit(plan_with(waiver("LC201")), "--select", "champions")
    assert {(f["rule"], f["waived"]) for f in findings(data)} == {
        ("LC201", True),
        ("LC203", False),
    }
    assert result.exit_code == 0
    again, _ = audit(plan_with(waiver("LC201")), "--select", "champions", "--fail-on", "warning")
    assert again.exit_code == 1  # the unwaived warnings still count at --fail-on warning


def test_waived_finding_is_shown_in_text_with_its_reason() -> None:
    Path("plan.yaml").write_text(plan_with(waiver("LC201")), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["audit", "plan.yaml", "--select", "LC201", "--color", "never"]
    )
    assert result.exit_code == 0
    line = next(x for x in result.stdout.splitlines() if "LC201" in x and "plan.yaml:" in x)
    assert "(waived: Accepted while LC201 is worked on; owner p-ana, expires 2026-12-30)" in line


def test_waiver_without_target_waives_every_finding_of_the_rule() -> None:
    result, data = audit(plan_with(waiver("LC203")), "--select", "LC203", "--fail-on", "warning")
    assert [(f["target"], f["waived"]) for f in findings(data)] == [
        ("ws-crisis", True),
        ("ws-housing", True),
    ]
    assert result.exit_code == 0


def test_waiver_with_target_waives_only_that_subject() -> None:
    result, data = audit(
        plan_with(waiver("LC203", target="ws-housing")),
        "--select",
        "LC203",
        "--fail-on",
        "warning",
    )
    assert [(f["target"], f["waived"], f["waiver_reason"]) for f in findings(data)] == [
        ("ws-crisis", False, None),
        ("ws-housing", True, "Accepted while LC203 is worked on"),
    ]
    assert result.exit_code == 1


def test_waiver_for_another_rule_waives_nothing_else() -> None:
    _, data = audit(plan_with(waiver("LC201")), "--select", "champions")
    assert all(not f["waived"] for f in findings(data, "LC203"))


def test_expired_waiver_is_lc006_and_stops_waiving() -> None:
    result, data = audit(plan_with(waiver("LC201", expires="2026-06-01")), "--select", "LC201")
    [lc201] = findings(data, "LC201")
    assert lc201["waived"] is False
    assert lc201["waiver_reason"] is None
    [lc006] = findings(data, "LC006")
    assert lc006["severity"] == "error"
    assert lc006["slug"] == "waiver-expired"
    assert lc006["path"] == "waivers[0].expires"
    assert lc006["waived"] is False
    assert "expired on 2026-06-01" in lc006["message"]
    assert "p-ana" in lc006["message"]
    assert result.exit_code == 1


def test_expired_waiver_points_at_its_expires_line() -> None:
    text = plan_with(waiver("LC201", expires="2026-06-01"))
    expires_line = text.splitlines().index("    expires: 2026-06-01") + 1
    assert expires_line == WAIVERS_LINE + 3
    _, data = audit(text, "--select", "LC201")
    [lc006] = findings(data, "LC006")
    assert lc006["line"] == expires_line


def test_waiver_expiring_on_the_as_of_date_still_applies() -> None:
    result, data = audit(plan_with(waiver("LC201", expires="2026-06-30")), "--select", "LC201")
    assert findings(data, "LC006") == []
    assert findings(data, "LC201")[0]["waived"] is True
    assert result.exit_code == 0


def test_as_of_option_can_expire_a_waiver() -> None:
    text = plan_with(waiver("LC201", expires="2026-12-31"))
    result, data = audit(text, "--select", "LC201", "--as-of", "2027-01-01")
    assert [f["rule"] for f in findings(data)] == ["LC201", "LC006"]
    assert result.exit_code == 1


def test_unused_waiver_is_lc007_at_the_waiver() -> None:
    # LC202 judges stakeholder groups, and the plan has none.
    text = plan_with(waiver("LC201"), waiver("LC202"))
    second = text.splitlines().index("  - rule: LC202") + 1
    result, data = audit(text, "--select", "champions")
    [lc007] = findings(data, "LC007")
    assert lc007["severity"] == "info"
    assert lc007["slug"] == "waiver-unused"
    assert lc007["line"] == second
    assert lc007["column"] == 5
    assert lc007["path"] == "waivers[1]"
    assert "LC202" in lc007["message"]
    assert result.exit_code == 0  # info does not fail at the default --fail-on
    assert audit(text, "--select", "champions", "--fail-on", "info")[0].exit_code == 1


def test_waiver_whose_target_has_no_finding_is_unused() -> None:
    text = plan_with(waiver("LC201", target="ws-crisis"))  # ws-crisis has its champion
    result, data = audit(text, "--select", "LC201")
    [lc007] = findings(data, "LC007")
    assert lc007["line"] == WAIVERS_LINE
    assert "for 'ws-crisis'" in lc007["message"]
    assert findings(data, "LC201")[0]["waived"] is False
    assert result.exit_code == 1


def test_waiver_of_a_structure_rule_is_reported_at_its_rule() -> None:
    text = plan_with(waiver("LC002"))
    result, data = audit(text, "--select", "LC201")
    [lc002] = findings(data, "LC002")
    assert lc002["severity"] == "error"
    assert lc002["path"] == "waivers[0].rule"
    assert (lc002["line"], lc002["column"]) == (WAIVERS_LINE, 11)  # at the rule id
    assert "cannot be waived" in lc002["message"]
    assert lc002["waived"] is False
    # A structure error: the rules wait until it is fixed.
    assert findings(data, "LC201") == []
    assert data["files"][0]["score"] is None
    assert result.exit_code == 1


def test_structure_findings_are_never_waived() -> None:
    """A dangling reference (LC003) stays an error though a waiver names LC003."""
    broken = PLAN.replace("champions: [p-ana]", "champions: [p-anna]")
    result, data = audit(plan_with(waiver("LC003"), base=broken))
    lc003 = findings(data, "LC003")
    assert lc003
    assert all(not f["waived"] for f in lc003)
    assert any("'p-anna'" in f["message"] for f in lc003)
    assert result.exit_code == 1
    assert audit(plan_with(waiver("LC003"), base=broken), "--fail-on", "never")[0].exit_code == 0


def test_waiver_for_an_unknown_rule_is_lc003_with_a_suggestion() -> None:
    text = plan_with(waiver("LC2011"), waiver("LC299"))
    result, data = audit(text, "--select", "LC201")
    notes = findings(data, "LC003")
    assert [f["path"] for f in notes] == ["waivers[0].rule", "waivers[1].rule"]
    assert notes[0]["message"] == "waiver names unknown rule 'LC2011' (did you mean 'LC201'?)"
    assert "unknown rule 'LC299'" in notes[1]["message"]
    assert "did you mean" in notes[1]["message"]
    assert all(f["severity"] == "error" for f in notes)
    assert findings(data, "LC201") == []  # a structure error: the rules wait
    assert result.exit_code == 1


def test_waiver_of_a_rule_that_did_not_run_is_silent() -> None:
    """--select LC201 skips LC203, so a waiver of LC203 is neither used nor unused."""
    result, data = audit(plan_with(waiver("LC203")), "--select", "LC201")
    assert [f["rule"] for f in findings(data)] == ["LC201"]
    assert result.exit_code == 1


def test_ignoring_lc006_and_lc007() -> None:
    text = plan_with(waiver("LC201", expires="2026-01-01"), waiver("LC202"))
    _, data = audit(text, "--select", "champions")
    assert {"LC006", "LC007"} <= {f["rule"] for f in findings(data)}
    _, quiet = audit(text, "--select", "champions", "--ignore", "LC006", "--ignore", "LC007")
    assert not {"LC006", "LC007"} & {f["rule"] for f in findings(quiet)}
    # ignoring the report does not revive the expired waiver
    assert findings(quiet, "LC201")[0]["waived"] is False


def test_waiver_missing_a_required_field_is_lc002() -> None:
    text = plan_with("  - rule: LC201\n    owner: p-ana\n    expires: 2026-12-31\n")
    result, data = audit(text, "--select", "LC201")
    lc002 = findings(data, "LC002")
    assert lc002
    assert any("reason" in f["message"] for f in lc002)
    assert findings(data, "LC201") == []  # the rules do not run on a broken plan
    assert result.exit_code == 1
