"""The bundled examples: ready passes everything, gaps gives its documented report."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT
from markers import expected, found
from typer.testing import CliRunner

import leadcheck
from leadcheck.cli import app
from leadcheck.formats import Format
from leadcheck.formats import json as json_format
from leadcheck.rules import registry
from leadcheck.structure import STRUCTURE_RULES

GAPS = str(EXAMPLES / "gaps.yaml")


def _audit(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["audit", *args])
    return result.exit_code, result.stdout


def test_ready_plan_has_no_finding_at_all() -> None:
    code, out = _audit(str(EXAMPLES / "ready.yaml"), "-f", "json", "--fail-on", "info")
    data = json.loads(out)
    assert code == 0
    assert data["findings"] == []
    assert data["readiness"] == "ready"
    assert data["scores"]["overall"] == 100.0


def test_every_example_and_the_starter_pass_lint() -> None:
    result = CliRunner().invoke(app, ["lint", str(EXAMPLES), str(ROOT / "leadcheck" / "templates")])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip() == "no findings in 4 files"


def test_gaps_plan_gives_its_marked_findings() -> None:
    """The gaps are marked in the file itself: `# [LC402]`, `# [LC401 waived]`."""
    report = leadcheck.audit(Path(GAPS))
    assert found(report.findings) == expected(Path(GAPS).read_text(encoding="utf-8"))
    assert _audit(GAPS, "-f", "json")[0] == 1


def test_gaps_scores_by_hand() -> None:
    """Rule score = passed/subjects; theme = severity-weighted mean (3/2/1); overall = mean."""
    data = json.loads(_audit(GAPS, "-f", "json")[1])
    report = data["files"][0]
    themes = {t["theme"]: (t["score"], t["colour"]) for t in report["themes"]}
    # central: LC101 e 1/1, LC102 e 0/1, LC103 w 3/4, LC104 w 10/10, LC105 w 0/1
    central = (3 * 1 + 3 * 0 + 2 * 3 / 4 + 2 * 1 + 2 * 0) / (3 + 3 + 2 + 2 + 2) * 100
    # champions: LC201 e 2/3, LC202 e, LC203 w, LC204 w, LC205 w all pass
    champions = (3 * 2 / 3 + 3 + 2 + 2 + 2) / 12 * 100
    # co-production: LC301 e, LC302 e 1/2, LC303 e, LC304 w 4/5, LC305 w
    coproduction = (3 + 3 * 1 / 2 + 3 + 2 * 4 / 5 + 2) / 13 * 100
    # senior: LC401 e 3/4 (the waived one still counts as a gap), LC402 w 2/3,
    # LC403 e, LC404-LC406 w pass, LC407 w 0/1, LC408 e, LC409 e 3/4, LC410 w
    senior = (3 * 3 / 4 + 2 * 2 / 3 + 3 + 2 + 2 + 2 + 0 + 3 + 3 * 3 / 4 + 2) / 24 * 100
    # partnering: all pass but LC507 i 9/10, LC509 w 5/6 (trust split), LC510 w 5/6
    # (arrangements weak)
    partnering = (2 + 3 + 2 + 2 + 1 + 2 + 1 * 9 / 10 + 2 + 2 * 5 / 6 + 2 * 5 / 6) / 19 * 100
    # momentum: all pass but LC604 w 3/4 and LC606 w 19/20
    momentum = (3 + 2 + 2 + 2 * 3 / 4 + 2 + 2 * 19 / 20 + 1 + 2 + 2) / 18 * 100
    expected = {
        "central-leadership": (central, "red"),  # open error LC102
        "champions": (champions, "red"),  # LC201
        "co-production": (coproduction, "red"),  # LC302
        "senior-support": (senior, "red"),  # LC401 waived, but LC409 is open
        "partnering": (partnering, "amber"),  # LC509, LC510
        "momentum": (momentum, "amber"),
    }
    assert themes == {k: (round(v, 1), c) for k, (v, c) in expected.items()}
    overall = sum(v for v, _ in expected.values()) / 6
    assert report["score"] == round(overall, 1)
    assert report["readiness"] == data["readiness"] == "not_ready"
    # Fixing LC102 lifts its rule from 0/1 to 1/1: 100 * 3/12 (its theme weight) / 6 themes.
    best = report["fix_next"][0]
    assert (best["rule"], best["gain"]) == ("LC102", round(100 * 3 / 12 / 6, 1))


@pytest.mark.parametrize("fmt", [f.value for f in Format])
def test_gaps_report_golden(
    fmt: str, golden: Callable[[str, str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # so every format names the file examples/gaps.yaml
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    args = ["examples/gaps.yaml", "-f", fmt, "--color", "never"]
    code, out = _audit(*args)
    assert code == 1
    assert _audit(*args)[1] == out  # byte-identical across runs
    golden(f"gaps.{fmt}", _without_catalogue(fmt, out))


def _without_catalogue(fmt: str, out: str) -> str:
    """The report less what merely lists the catalogue (a descriptor, score row or
    test case for every rule, applicable or not), so adding a rule that judges
    nothing in gaps.yaml changes no golden file. `test_every_format_lists_the_catalogue`
    checks those parts against the registry instead."""
    if fmt == "json":
        data = json.loads(out)
        for fr in data["files"]:
            fr["rules"] = [r for r in fr["rules"] if r["subjects"]]
        return json_format.dumps(data)
    if fmt == "sarif":
        log = json.loads(out)
        run = log["runs"][0]
        used = {r["ruleId"] for r in run["results"]}
        driver = run["tool"]["driver"]
        driver["rules"] = [d for d in driver["rules"] if d["id"] in used]
        for result in run["results"]:
            del result["ruleIndex"]
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    if fmt == "junit":
        root = ET.fromstring(out)
        for element in (root, *root):
            for count in ("tests", "skipped"):
                element.attrib.pop(count, None)
        for suite in root:
            for case in list(suite.findall("testcase")):
                skipped = case.find("skipped")
                if skipped is not None and skipped.get("message", "").startswith("not applicable"):
                    suite.remove(case)
        return ET.tostring(root, encoding="unicode") + "\n"
    return out


def test_every_format_lists_the_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    every = list(registry())
    data = json.loads(_audit(GAPS, "-f", "json")[1])
    assert [r["rule"] for r in data["files"][0]["rules"]] == every
    run = json.loads(_audit(GAPS, "-f", "sarif")[1])["runs"][0]
    ids = [d["id"] for d in run["tool"]["driver"]["rules"]]
    assert ids == [*STRUCTURE_RULES, *every]
    assert all(ids[r["ruleIndex"]] == r["ruleId"] for r in run["results"])
    suite = ET.fromstring(_audit(GAPS, "-f", "junit")[1])[0]
    cases = [c.get("name", "").split()[0] for c in suite.findall("testcase")]
    assert set(every) <= set(cases)
    assert suite.get("tests") == str(len(cases))
    skipped = [c for c in suite.findall("testcase") if c.find("skipped") is not None]
    assert suite.get("skipped") == str(len(skipped))


@pytest.mark.parametrize(
    ("name", "command"),
    [("rules.md", ["rules", "--format", "markdown"]), ("plan.schema.json", ["schema"])],
)
def test_generated_docs_are_current(name: str, command: list[str]) -> None:
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0
    current = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert result.stdout == current, f"docs/{name} is stale: run python3 tasks.py docs"


def test_examples_point_editors_at_the_committed_schema() -> None:
    for plan in EXAMPLES.glob("*.yaml"):
        first = plan.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../docs/plan.schema.json", plan
