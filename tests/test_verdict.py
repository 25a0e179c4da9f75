"""The verdict cannot be fooled: placeholders, the as-of date, partial runs,
waivers, the Fix next checklist, severity words and names, as users see them.

Plans are the bundled examples, changed the way a user would change them; the
expected findings are worked out from the files themselves (a placeholder's
line and column come from PyYAML's own parse, not from leadcheck's loader).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, ROOT, TODAY
from markers import expected, found
from typer.testing import CliRunner, Result

from leadcheck import catalog, clock
from leadcheck.cli import app
from leadcheck.engine import Options, check_text
from leadcheck.findings import Readiness
from leadcheck.placeholders import is_placeholder, key, starter_placeholders

READY = EXAMPLES / "ready.yaml"
GAPS = EXAMPLES / "gaps.yaml"
STARTER = ROOT / "leadcheck" / "templates" / "starter.yaml"
FORMATS = ["text", "markdown", "json", "sarif", "junit", "github", "html"]

# What a person reading a plan would call free text: the fields that hold prose
# (every list item of `changeable` and `fixed` too). Ids, references, dates,
# numbers, versions and enumerations are not on the list.
FREE_TEXT_KEYS = {
    "name",
    "text",
    "vision",
    "case_for_change",
    "policy",
    "scope",
    "unit",
    "development",
    "summary",
    "measure",
    "title",
    "statement",
    "channel",
    "reason",
}
FREE_TEXT_LISTS = {"changeable", "fixed"}


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("GITHUB_STEP_SUMMARY", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env=env)


def audit_json(path: Path | str, *args: str) -> tuple[int, dict[str, Any]]:
    result = run("audit", str(path), "-f", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return result.exit_code, data


def write(name: str, text: str) -> Path:
    path = Path(name)
    path.write_text(text, encoding="utf-8")
    return path


def rules_at(data: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in data["findings"] if f["rule"] == rule]


# --- placeholders ---------------------------------------------------------------------


def _free_text_scalars(text: str) -> Iterator[yaml.ScalarNode]:
    """Every free-text scalar of a plan, from PyYAML's node tree."""
    stack: list[yaml.Node] = [yaml.compose(text, Loader=yaml.SafeLoader)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(v, yaml.ScalarNode) and k.value in FREE_TEXT_KEYS:
                    if v.tag.endswith(":str"):
                        yield v
                elif isinstance(v, yaml.SequenceNode) and k.value in FREE_TEXT_LISTS:
                    yield from (i for i in v.value if isinstance(i, yaml.ScalarNode))
                else:
                    stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _with_every_free_text(text: str, value: str) -> tuple[str, Counter[tuple[int, int]]]:
    """`text` with every free-text value replaced by `value`, and the (line, column)
    of each replacement in the new text."""
    nodes = sorted(_free_text_scalars(text), key=lambda n: n.start_mark.index)
    out: list[str] = []
    where: Counter[tuple[int, int]] = Counter()
    last = 0
    for node in nodes:
        start, end = node.start_mark.index, node.end_mark.index
        out.append(text[last:start])
        before = "".join(out)
        line = before.count("\n") + 1
        where[(line, len(before) - (before.rfind("\n") + 1) + 1)] += 1
        out.append(value)
        if text[start:end].endswith("\n"):  # a block scalar keeps its line break
            out.append("\n")
        last = end
    out.append(text[last:])
    return "".join(out), where


def test_a_copy_of_ready_with_every_free_text_field_tbc_is_not_ready() -> None:
    text, places = _with_every_free_text(READY.read_text(encoding="utf-8"), "TBC")
    assert len(places) > 30  # names, vision, summaries, scopes, channels ...
    code, data = audit_json(write("tbc.yaml", text))
    assert code == 1
    assert data["readiness"] == "not_ready"
    lc008 = rules_at(data, "LC008")
    assert Counter((f["line"], f["column"]) for f in lc008) == places  # one at each
    assert {f["severity"] for f in lc008} == {"error"}
    # the fields now count as missing: the rules that read them fail
    failing = {f["rule"] for f in data["findings"]}
    assert {"LC502", "LC605", "LC407", "LC608", "LC501", "LC508"} <= failing


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


OPTIONAL_FIELDS = [
    ("partnership", "vision"),
    ("partnership", "case_for_change"),
    ("governance", "risk_appetite", "statement"),
    ("partners", 0, "leadership_development", "policy"),
    ("work_streams", 1, "summary"),
    ("work_streams", 2, "summary"),
    ("people", 3, "skills", 2, "development"),
]


@pytest.mark.parametrize("field", OPTIONAL_FIELDS, ids=lambda p: ".".join(map(str, p)))
def test_a_placeholder_fails_every_rule_exactly_as_if_the_field_were_absent(
    field: tuple[str | int, ...],
) -> None:
    data = yaml.safe_load(READY.read_text(encoding="utf-8"))
    parent = data
    for step in field[:-1]:
        parent = parent[step]
    assert isinstance(parent[field[-1]], str)
    parent[field[-1]] = "TBC"
    with_placeholder = check_text(_dump(data), "tbc.yaml")
    del parent[field[-1]]
    without = check_text(_dump(data), "gone.yaml")

    def gaps(findings: Any) -> Counter[tuple[str, str | None, str]]:
        return Counter((f.rule, f.target, f.message) for f in findings if f.rule != "LC008")

    assert gaps(without.findings), "removing the field should open a gap"
    assert gaps(with_placeholder.findings) == gaps(without.findings)
    [lc008] = [f for f in with_placeholder.findings if f.rule == "LC008"]
    assert lc008.location.path == field


def test_a_list_of_placeholders_is_an_empty_list() -> None:
    data = yaml.safe_load(READY.read_text(encoding="utf-8"))
    scope = data["work_streams"][0]["scope"]
    scope["changeable"] = ["TBC", "n/a"]
    placeholders = check_text(_dump(data), "tbc.yaml")
    scope["changeable"] = []
    empty = check_text(_dump(data), "empty.yaml")
    assert [f.rule for f in placeholders.findings].count("LC008") == 2
    lc508 = [f.message for f in placeholders.findings if f.rule == "LC508"]
    assert lc508 == [f.message for f in empty.findings if f.rule == "LC508"]
    assert lc508


PLAN = """\
partnership:
  name: Riverside Partnership
  as_of: 2026-06-30
  vision: {vision}
partners:
  - id: rc
    name: Riverside Council
"""


@pytest.mark.parametrize(
    "vision",
    [
        "TBC",
        "tbc",
        "T.B.C.",
        "(TBD)",
        "N/A",
        "n.a.",
        "'?'",
        "'???'",
        "'-'",
        "xxx",
        "TODO!",
        "To be confirmed",
        "to be agreed.",
        "'   '",
        "''",
        "Lorem ipsum dolor sit amet",
        "One sentence on what will be different for local people",
        "ONE SENTENCE on what will be different, for local people!",
    ],
)
def test_placeholders_are_found_whatever_their_case_and_punctuation(vision: str) -> None:
    code, data = audit_json(write("plan.yaml", PLAN.format(vision=vision)), "--select", "LC502")
    [lc008] = rules_at(data, "LC008")
    assert (lc008["line"], lc008["column"]) == (4, 11)
    assert lc008["path"] == "partnership.vision"
    assert [f["message"] for f in rules_at(data, "LC502")] == ["partnership.vision is not stated"]
    assert code == 1


@pytest.mark.parametrize(
    "vision",
    ["TBC by the board in July, after consultation", "Xavier Road hub for every young person"],
)
def test_real_text_is_not_a_placeholder(vision: str) -> None:
    _, data = audit_json(write("plan.yaml", PLAN.format(vision=vision)), "--select", "LC502")
    assert rules_at(data, "LC008") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("To be\tconfirmed", "tobeconfirmed"),
        ("T.B.C.\n", "tbc"),
        ("N/A\u00a0", "na"),
        ("Care\u2003closer to_home", "careclosertohome"),
        ("Ünïcode Näme 2", "ünïcodenäme2"),
    ],
)
def test_a_key_drops_whitespace_of_every_kind_and_punctuation(text: str, expected: str) -> None:
    assert key(text) == expected == re.sub(r"[\W_]+", "", text.lower())


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [("xXx", True), ("x-x", True), ("xy", False), ("Organisation 12", False), ("TBC", True)],
)
def test_only_xs_is_a_placeholder(text: str, placeholder: bool) -> None:
    assert is_placeholder(text, frozenset()) is placeholder


def test_ids_references_and_enumerations_are_not_free_text() -> None:
    plan = PLAN.format(vision="Everyone home by tea time") + (
        "  - id: na\n    name: North Area Trust\n"
        "work_streams:\n  - id: tbd\n    name: Falls response\n    lead: p-x\n"
        "people:\n  - id: p-x\n    name: X. Ray\n    employer: na\n"
    )
    _, data = audit_json(write("plan.yaml", plan))
    assert rules_at(data, "LC008") == []


def test_the_starter_plan_audited_unedited_is_not_ready() -> None:
    assert run("init", "plan.yaml").exit_code == 0
    text = Path("plan.yaml").read_text(encoding="utf-8")
    modeline, starter = text.split("\n", 1)  # init points editors at the schema first
    assert modeline.startswith("# yaml-language-server: $schema=")
    assert starter == STARTER.read_text(encoding="utf-8")
    prompts = list(_free_text_scalars(text))
    code, data = audit_json("plan.yaml")
    assert code == 1
    assert data["readiness"] == "not_ready"
    lc008 = Counter((f["line"], f["column"]) for f in rules_at(data, "LC008"))
    expected = Counter((n.start_mark.line + 1, n.start_mark.column + 1) for n in prompts)
    assert lc008 == expected  # every prompt the starter plan holds, where it stands


def test_the_starter_plans_prompts_come_from_the_starter_plan_itself() -> None:
    prompts = {key(n.value) for n in _free_text_scalars(STARTER.read_text(encoding="utf-8"))}
    assert starter_placeholders() == prompts - {""}
    # so a prompt copied into another plan is found, whatever its case
    vision = next(n.value for n in _free_text_scalars(STARTER.read_text()) if "sentence" in n.value)
    _, data = audit_json(write("plan.yaml", PLAN.format(vision=vision.upper())))
    assert [f["path"] for f in rules_at(data, "LC008")] == ["partnership.vision"]


def test_the_starter_plan_passes_lint() -> None:
    """Placeholders are an audit's business: the starter plan is well formed."""
    assert run("lint", str(STARTER)).exit_code == 0


# --- the date a plan is judged at -----------------------------------------------------


def _today(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    monkeypatch.setattr(clock, "today", lambda: day)


def test_ready_is_clean_at_its_own_as_of() -> None:
    code, data = audit_json(READY, "--as-of", "2026-06-30", "--fail-on", "info")
    assert (code, data["findings"], data["readiness"]) == (0, [], "ready")


def test_a_stale_as_of_is_a_warning_at_partnership_as_of(monkeypatch: pytest.MonkeyPatch) -> None:
    as_of = dt.date(2026, 6, 30)
    line = READY.read_text().splitlines().index("  as_of: 2026-06-30") + 1
    _today(monkeypatch, as_of + dt.timedelta(days=31))
    assert audit_json(READY)[1]["findings"] == []  # 31 days old: still current
    _today(monkeypatch, dt.date(2026, 11, 29))
    code, data = audit_json(READY)
    [lc009] = data["findings"]
    assert (lc009["rule"], lc009["severity"], lc009["line"], lc009["column"]) == (
        "LC009",
        "warning",
        line,
        10,
    )
    assert "152 days before today (2026-11-29" in lc009["message"]
    assert data["files"][0]["as_of_age_days"] == 152
    assert data["readiness"] == "nearly_ready"  # never plainly ready on an old date
    assert code == 0  # a warning: the default --fail-on error passes


def test_a_future_as_of_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    _today(monkeypatch, dt.date(2026, 6, 27))
    _, data = audit_json(READY)
    [lc009] = data["findings"]
    assert lc009["rule"] == "LC009"
    assert "3 days after today (2026-06-27)" in lc009["message"]
    assert data["files"][0]["as_of_age_days"] == -3


def test_the_age_limit_is_an_option() -> None:
    text = READY.read_text(encoding="utf-8")
    loose = check_text(text, "r.yaml", Options(today=dt.date(2026, 12, 31), as_of_max_age_days=200))
    tight = check_text(text, "r.yaml", Options(today=dt.date(2026, 7, 14), as_of_max_age_days=7))
    assert [f.rule for f in loose.findings] == []
    assert [f.rule for f in tight.findings] == ["LC009"]


def test_a_date_given_with_as_of_is_never_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    outputs = []
    for today in (dt.date(2026, 7, 1), dt.date(2030, 1, 1)):
        _today(monkeypatch, today)
        result = run("audit", str(READY), "--as-of", "2026-06-30", "--color", "never")
        assert "LC009" not in result.stdout
        assert "2026-06-30 (set with --as-of)" in result.stdout
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]  # the report does not depend on the day it runs


def test_as_of_today(monkeypatch: pytest.MonkeyPatch) -> None:
    _today(monkeypatch, dt.date(2026, 7, 3))
    _, data = audit_json(READY, "--as-of", "today")
    assert data["as_of"] == "2026-07-03"
    assert data["files"][0]["as_of_source"] == "option"
    assert rules_at(data, "LC009") == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_shows_the_date_and_its_age(fmt: str) -> None:
    out = run("audit", str(READY), "-f", fmt, "--color", "never").stdout
    age = (TODAY - dt.date(2026, 6, 30)).days
    assert "2026-06-30" in out
    if fmt == "json":
        assert json.loads(out)["files"][0]["as_of_age_days"] == age
    elif fmt == "sarif":
        [file] = json.loads(out)["runs"][0]["properties"]["files"]
        assert (file["asOf"], file["asOfAgeDays"]) == ("2026-06-30", age)
    else:
        assert f"{age} days ago" in out


# --- nothing hidden ---------------------------------------------------------------------


def _disclosed(fmt: str, out: str) -> dict[str, str]:
    """What a format says about readiness, the parts left out, and waivers, as text."""
    if fmt == "json":
        data = json.loads(out)
        return {
            "readiness": data["readiness"],
            "left out": json.dumps([data["partial"], data["not_assessed"]]),
            "waived": json.dumps(data["waived"]),
        }
    if fmt == "sarif":
        props = json.loads(out)["runs"][0]["properties"]
        return {
            "readiness": props["files"][0]["readiness"],
            "left out": json.dumps(props["notAssessed"]),
            "waived": json.dumps(props["waived"]),
        }
    if fmt == "junit":
        root = ET.fromstring(out)
        props = {p.get("name"): p.get("value") for p in root.iter("property")}
        return {k: props[k] or "" for k in ("readiness", "not_assessed", "waived")}
    return {"all": out}


@pytest.mark.parametrize("fmt", FORMATS)
def test_ignoring_a_theme_is_disclosed_in_every_format(fmt: str) -> None:
    result = run("audit", str(READY), "--ignore", "senior-support", "-f", fmt, "--color", "never")
    assert result.exit_code == 0
    said = _disclosed(fmt, result.stdout)
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["readiness"] == "ready"
        assert data["partial"] is True
        assert data["not_assessed"] == {"themes": ["senior-support"], "rules": []}
    elif fmt == "sarif":
        assert json.loads(said["left out"]) == {"themes": ["senior-support"], "rules": []}
        assert said["readiness"] == "ready, partial: senior-support not assessed"
    elif fmt == "junit":
        assert said["readiness"] == "ready, partial: senior-support not assessed"
        assert said["not_assessed"] == "senior-support not assessed"
    else:
        assert "partial: senior-support not assessed" in said["all"]
    if fmt == "text":
        assert re.search(
            r"^Readiness\s+READY\s+partial: senior-support not assessed$", result.stdout, re.M
        )


def test_a_full_run_is_not_partial() -> None:
    text = run("audit", str(READY), "--color", "never").stdout
    assert "partial" not in text
    assert re.search(r"^Readiness\s+READY$", text, re.MULTILINE)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_says_how_many_errors_and_warnings_are_waived(fmt: str) -> None:
    out = run("audit", str(GAPS), "-f", fmt, "--color", "never").stdout
    said = _disclosed(fmt, out)
    if fmt in ("json", "sarif"):
        assert json.loads(said["waived"]) == {"error": 1, "warning": 0, "info": 0}
    elif fmt == "junit":
        assert said["waived"] == "1 error, 0 warnings"
    else:
        assert "1 error, 0 warnings" in said["all"]


def test_ignoring_the_placeholder_check_is_disclosed_too() -> None:
    _, data = audit_json(READY, "--ignore", "LC008")
    assert data["partial"] is True
    assert data["not_assessed"] == {"themes": [], "rules": ["LC008"]}


def test_an_open_structure_error_means_not_ready_even_with_green_themes() -> None:
    text = READY.read_text(encoding="utf-8").replace(
        "unit: population health dashboard", "unit: TBC"
    )
    code, data = audit_json(write("plan.yaml", text))
    assert [f["rule"] for f in data["findings"]] == ["LC008"]
    assert {t["colour"] for t in data["files"][0]["themes"]} == {"green"}
    assert (code, data["readiness"]) == (1, "not_ready")


# --- waivers with limits ----------------------------------------------------------------

# ready.yaml's people include p-raman; LC607 (info) and LC601 (error) pass there, so a
# waiver of them matches nothing; the tests below give the plan gaps to waive.
NO_LEAD = READY.read_text(encoding="utf-8").replace(
    "    lead: p-adebayo\n", "", 1
)  # LC203 (a warning) on ws-hubs
NO_CHAMPION = READY.read_text(encoding="utf-8").replace(
    "    champions: [p-nwosu, p-kaur]\n", "", 1
)  # LC201 (an error) on ws-hubs


def _waivers(*items: str) -> str:
    return "waivers:\n" + "".join(items)


def _waiver(
    rule: str,
    expires: str | None,
    reason: str = "The board agrees this at its July meeting",
    owner: str = "p-raman",
) -> str:
    lines = [f"  - rule: {rule}", f"    reason: {reason}", f"    owner: {owner}"]
    if expires is not None:
        lines.append(f"    expires: {expires}")
    return "\n".join(lines) + "\n"


def test_a_waiver_of_an_error_may_last_183_days_not_184() -> None:
    ok = write("ok.yaml", NO_CHAMPION + _waivers(_waiver("LC201", "2026-12-30")))
    code, data = audit_json(ok)
    assert rules_at(data, "LC010") == []
    assert [(f["rule"], f["waived"]) for f in data["findings"]] == [("LC201", True)]
    assert (code, data["readiness"]) == (0, "ready")
    long = write("long.yaml", NO_CHAMPION + _waivers(_waiver("LC201", "2026-12-31")))
    code, data = audit_json(long)
    [lc010] = rules_at(data, "LC010")
    text = long.read_text()
    assert lc010["line"] == text.splitlines().index("    expires: 2026-12-31") + 1
    assert "184 days after the as-of date 2026-06-30 (at most 183)" in lc010["message"]
    assert (code, data["readiness"]) == (1, "not_ready")
    assert rules_at(data, "LC201")[0]["waived"] is True  # it still waives; it is still wrong


def test_the_waiver_limit_is_an_option() -> None:
    text = NO_CHAMPION + _waivers(_waiver("LC201", "2026-08-30"))
    assert [f.rule for f in check_text(text, "p.yaml").findings if f.rule == "LC010"] == []
    tight = check_text(text, "p.yaml", Options(waiver_max_days=30))
    assert [f.rule for f in tight.findings if f.rule == "LC010"] == ["LC010"]


def test_an_open_ended_waiver_of_an_error_is_a_finding_but_of_a_warning_is_not() -> None:
    code, data = audit_json(write("e.yaml", NO_CHAMPION + _waivers(_waiver("LC201", None))))
    [lc010] = rules_at(data, "LC010")
    assert "has no expires date" in lc010["message"]
    assert lc010["path"] == "waivers[0]"
    assert code == 1
    code, data = audit_json(write("w.yaml", NO_LEAD + _waivers(_waiver("LC203", None))))
    assert [(f["rule"], f["waived"]) for f in data["findings"]] == [("LC203", True)]
    assert data["readiness"] == "ready"
    assert data["files"][0]["waivers"][0]["expires"] is None


@pytest.mark.parametrize(
    ("reason", "rule"),
    [("TBC", "LC008"), ("later", "LC010"), ("board to decide", None), ("'  '", "LC008")],
)
def test_a_waiver_needs_a_real_reason(reason: str, rule: str | None) -> None:
    text = NO_CHAMPION + _waivers(_waiver("LC201", "2026-09-30", reason))
    _, data = audit_json(write("p.yaml", text))
    found = [f for f in data["findings"] if f["rule"] in ("LC008", "LC010")]
    if rule is None:
        assert found == []
    else:
        [finding] = found  # one finding, not a placeholder and a short reason both
        assert finding["rule"] == rule
        assert finding["path"] == "waivers[0].reason"
        assert data["readiness"] == "not_ready"


def test_waiving_every_error_with_later_until_2099_is_not_ready() -> None:
    minimal = (EXAMPLES / "minimal.yaml").read_text(encoding="utf-8")
    _, before = audit_json(write("m.yaml", minimal))
    errors = sorted({f["rule"] for f in before["findings"] if f["severity"] == "error"})
    assert len(errors) >= 5
    owner = "people:\n  - {id: p-owner, name: O. Wen, employer: bbc}\n"
    waivers = _waivers(*(_waiver(r, "2099-12-31", "later", "p-owner") for r in errors))
    code, after = audit_json(write("w.yaml", minimal + owner + waivers))
    assert all(f["waived"] for f in after["findings"] if f["rule"] in errors)
    lc010 = rules_at(after, "LC010")
    assert Counter(f["path"] for f in lc010) == Counter(
        p for i in range(len(errors)) for p in (f"waivers[{i}].expires", f"waivers[{i}].reason")
    )
    assert (code, after["readiness"]) == (1, "not_ready")


def test_two_waivers_of_one_finding_are_a_duplicate_not_unused() -> None:
    first = _waiver("LC201", "2026-09-30")
    second = first.replace("  - rule: LC201", "  - rule: LC201\n    target: ws-hubs")
    text = NO_CHAMPION + _waivers(first, second)
    _, data = audit_json(write("p.yaml", text))
    assert rules_at(data, "LC007") == []
    [dup] = rules_at(data, "LC011")
    assert dup["severity"] == "info"
    assert dup["path"] == "waivers[1]"
    first_line = text.splitlines().index("  - rule: LC201") + 1
    assert f"waivers[0] (line {first_line}) already waives the same finding" in dup["message"]
    statuses = [w["status"] for w in data["files"][0]["waivers"]]
    assert statuses == ["active", "duplicate"]


def test_the_text_report_shows_each_waivers_owner_and_expiry() -> None:
    out = run("audit", str(GAPS), "--color", "never").stdout
    waivers = out[out.index("\nWaivers") :]
    assert re.search(
        r"^line \d+: LC401 for 'tvh': owner p-price \(Dr Alan Price\), expires 2026-09-30; "
        r"waives 1 finding$",
        waivers,
        re.MULTILINE,
    )
    assert "reason: The chief executive backs the plan in principle" in waivers
    line = next(x for x in out.splitlines() if "LC401 chief-executive-backing" in x)
    assert line.endswith("owner p-price, expires 2026-09-30)")


# --- Fix next: a submission checklist -----------------------------------------------------


def test_an_error_with_a_small_gain_comes_before_an_info_with_a_large_one() -> None:
    text = READY.read_text(encoding="utf-8")
    text = text.replace(  # Mind borrows the council's chief executive: LC409, an error
        "    escalation_contact: p-pennington", "    escalation_contact: p-hale"
    )
    text = text.replace(  # nothing meets fortnightly any more: LC607, an info
        "      meets_every_days: 14", "      meets_every_days: 28"
    )
    _, data = audit_json(write("p.yaml", text))
    fix = data["files"][0]["fix_next"]
    assert [(f["rule"], f["severity"]) for f in fix] == [("LC409", "error"), ("LC607", "info")]
    assert fix[0]["gain"] < fix[1]["gain"]  # ranked by severity first, gain second
    assert data["files"][0]["blocking_errors"] == 1


def test_every_open_error_is_listed_even_past_ten() -> None:
    partners = "".join(f"  - {{id: p{i}, name: Partner {i}}}\n" for i in range(12))
    plan = "partnership: {name: Big Partnership, as_of: 2026-06-30}\npartners:\n" + partners
    _, data = audit_json(write("p.yaml", plan))
    fr = data["files"][0]
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert len(errors) > 10
    assert fr["blocking_errors"] == len(errors)
    fix = fr["fix_next"]
    covered = [(f["rule"], f["line"]) for f in fix] + [
        (a["rule"], a["line"]) for f in fix for a in f["also"]
    ]
    assert Counter(covered) >= Counter((f["rule"], f["line"]) for f in errors)
    assert {f["severity"] for f in fix} == {"error"}  # no room left for warnings
    text = run("audit", "p.yaml", "--color", "never").stdout
    assert f"{len(errors)} errors block readiness:" in text


def test_without_errors_the_best_warnings_fill_ten_entries() -> None:
    minimal = EXAMPLES / "minimal.yaml"
    _, full = audit_json(minimal)
    errors = sorted({f["rule"] for f in full["findings"] if f["severity"] == "error"})
    _, data = audit_json(minimal, *(arg for rule in errors for arg in ("--ignore", rule)))
    findings = data["findings"]
    assert not [f for f in findings if f["severity"] == "error"]
    warnings = {(f["rule"], f["target"]) for f in findings if f["severity"] == "warning"}
    assert len(warnings) > 10  # more than the checklist can hold
    fix = data["files"][0]["fix_next"]
    assert len(fix) == 10
    assert {f["severity"] for f in fix} == {"warning"}  # warnings before any info
    gains = [f["gain"] for f in fix]
    assert gains == sorted(gains, reverse=True)
    assert data["files"][0]["blocking_errors"] == 0
    out = run("audit", str(minimal), *(a for r in errors for a in ("--ignore", r))).stdout
    assert "No open error blocks readiness." in out


def test_one_root_cause_on_one_subject_is_one_entry() -> None:
    text = READY.read_text(encoding="utf-8")
    start = text.index("    resources:\n", text.index("  - id: hmind"))
    end = text.index("\npeople:")
    text = text[:start] + "    resources: []\n" + text[end:]
    _, data = audit_json(write("p.yaml", text))
    assert {f["rule"] for f in data["findings"]} == {"LC601", "LC103"}
    [entry] = data["files"][0]["fix_next"]
    assert (entry["rule"], [a["rule"] for a in entry["also"]]) == ("LC601", ["LC103"])
    out = run("audit", "p.yaml", "--color", "never").stdout
    assert "also fixes LC103 lead-draws-on-all-partners" in out


def _fix_entries(fmt: str, out: str) -> int:
    if fmt == "json":
        return len(json.loads(out)["files"][0]["fix_next"])
    if fmt == "sarif":
        return len(json.loads(out)["runs"][0]["properties"]["files"][0]["fixNext"])
    section = out[out.index("Fix next") :]
    if fmt == "html":
        ol = section[section.index("<ol>") : section.index("</ol>")]
        return ol.count("<li>")
    section = section.split("<details>")[0]
    return len(re.findall(r"^\s*\d+\. ", section, re.MULTILINE))


@pytest.mark.parametrize("plan", [GAPS, EXAMPLES / "minimal.yaml", STARTER])
def test_fix_next_is_the_same_list_in_every_format(plan: Path) -> None:
    counts = {
        fmt: _fix_entries(fmt, run("audit", str(plan), "-f", fmt, "--color", "never").stdout)
        for fmt in ("json", "text", "markdown", "html", "sarif")
    }
    assert len(set(counts.values())) == 1, counts
    assert counts["json"] >= 10  # more than the five text and markdown used to show


# --- severity in words, names beside ids ---------------------------------------------------

LINE = re.compile(r"^(\S+):(\d+):(\d+): (error|warning|info) (LC\d{3}) ")


@pytest.mark.parametrize("command", ["audit", "lint"])
def test_severity_is_a_word_on_every_line_without_colour(command: str) -> None:
    plan = GAPS.read_text(encoding="utf-8").replace(
        "champions: [p-wilkes]", "chamions: [p-wilkes]", 1
    )
    target = write("plan.yaml", plan) if command == "lint" else GAPS
    result = run(command, str(target), env={"NO_COLOR": "1"})
    assert "\x1b" not in result.stdout
    lines = [m for m in map(LINE.match, result.stdout.splitlines()) if m]
    expected = json.loads(run(command, str(target), "-f", "json").stdout)["findings"]
    assert sorted((int(m[2]), m[5], m[4]) for m in lines) == sorted(
        (f["line"], f["rule"], f["severity"]) for f in expected
    )
    if command == "audit":
        fix = result.stdout[result.stdout.index("Fix next") :]
        assert re.search(r"^ 1\. error +LC\d{3} ", fix, re.MULTILINE)


NAMED = [
    "partner 'mtvicb' (Marshfield and Tern Valley Integrated Care Board)",
    "person 'p-garside' (Philip Garside)",
]


@pytest.mark.parametrize("fmt", [*FORMATS, "concise"])
def test_names_stand_beside_ids_in_every_format(fmt: str) -> None:
    out = run("audit", str(GAPS), "-f", fmt, "--color", "never").stdout
    if fmt == "html":
        out = out.replace("&#x27;", "'")
    if fmt in ("json", "sarif"):
        out = json.dumps(json.loads(out), ensure_ascii=False)
    for name in NAMED:
        assert name in out, name


def test_partner_types_of_a_community_safety_partnership() -> None:
    types = [
        "police",
        "fire_and_rescue",
        "ambulance",
        "probation",
        "housing_association",
        "housing",
    ]
    partners = "".join(f"  - {{id: p{i}, name: P{i}, type: {t}}}\n" for i, t in enumerate(types))
    plan = "partnership: {name: Safer Fenwick}\npartners:\n" + partners
    assert run("lint", str(write("p.yaml", plan))).exit_code == 0
    report = check_text(plan, "p.yaml")
    assert report.readiness is Readiness.NOT_READY
    assert not [f for f in report.findings if f.rule == "LC002"]


# --- the audit's new structure rules document themselves like theme rules ---------------


@pytest.mark.parametrize("rule_id", ["LC008", "LC009", "LC010", "LC011"])
def test_new_structure_rules_have_failing_and_passing_examples(rule_id: str) -> None:
    entry = catalog.find(rule_id)
    bad, good = entry.examples()["bad"], entry.examples()["good"]
    assert bad is not None
    assert good is not None
    marked = expected(bad, [rule_id])
    assert marked, "the failing example marks no line"
    failing = check_text(bad, f"{rule_id}.bad.yaml")
    assert found(failing.findings, [rule_id]) == marked  # how many on each line, too
    assert not [f for f in failing.findings if f.rule in ("LC001", "LC002", "LC003")]
    passing = check_text(good, f"{rule_id}.good.yaml")
    assert [f.message for f in passing.findings if f.rule == rule_id] == []
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert f"## {rule_id}" in docs
    assert bad.rstrip("\n") in docs
