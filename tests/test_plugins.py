"""Rule packs: a sample pack (tests/plugin_pack) installed through an entry point.

Each test writes a `*.dist-info` folder with an `entry_points.txt`, as pip would,
into a temporary folder on `sys.path`, next to the pack's source, then asks the
registry to look again. Nothing is installed into the environment.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from markers import expected, found
from typer.testing import CliRunner

import leadcheck
from leadcheck import rules
from leadcheck.cli import app
from leadcheck.rules import BUILTIN_RULES, PluginError, registry

PACK = Path(__file__).resolve().parent / "plugin_pack"
EXAMPLES = PACK / "leadcheck_demo_pack" / "examples"
BAD = EXAMPLES / "DEMO101.bad.yaml"
GOOD = EXAMPLES / "DEMO101.good.yaml"

Install = Callable[..., None]


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Install]:
    """`install(name, "module:ATTR")` makes a pack of that name discoverable."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(PACK))
    monkeypatch.syspath_prepend(str(site))

    def add(name: str, target: str) -> None:
        info = site / f"{name.replace('-', '_')}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8"
        )
        (info / "entry_points.txt").write_text(
            f"[leadcheck.rules]\npack = {target}\n", encoding="utf-8"
        )
        importlib.invalidate_caches()
        rules.refresh()

    yield add
    rules.refresh()  # the next registry() call looks again, without the packs


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_without_packs_only_builtin_rules() -> None:
    rules.refresh()
    assert list(registry()) == [r.id for r in BUILTIN_RULES]


def test_each_caller_gets_its_own_registry() -> None:
    mine = registry()
    mine.clear()
    assert list(registry()) == [r.id for r in BUILTIN_RULES]
    assert list(registry(plugins=False)) == [r.id for r in BUILTIN_RULES]


def test_pack_rules_are_listed_with_their_package(install: Install) -> None:
    install("leadcheck-demo-pack", "leadcheck_demo_pack.rules:RULES")
    code, out, err = run("rules", "--format", "json")
    assert (code, err) == (0, "")
    entry = next(e for e in json.loads(out) if e["id"] == "DEMO101")
    assert entry["package"] == "leadcheck-demo-pack"
    assert entry["theme"] == "local-practice"
    assert entry["slug"] == "work-stream-summary"
    code, out, _ = run("rules", "--theme", "local-practice")
    assert code == 0
    assert "DEMO101" in out
    assert "LC201" not in out


@pytest.mark.parametrize("name", ["DEMO101", "demo101", "work-stream-summary"])
def test_explain_pack_rule_shows_its_own_examples(install: Install, name: str) -> None:
    install("leadcheck-demo-pack", "leadcheck_demo_pack.rules:RULES")
    code, out, err = run("explain", name)
    assert (code, err) == (0, "")
    assert "DEMO101" in out
    assert "Every work stream says in a sentence what it does" in out
    assert "Fails" in out
    assert "Passes" in out
    assert "A place to go in a crisis" in out  # from the pack's own good example


def test_pack_examples_are_found_through_the_pack_package(install: Install) -> None:
    install("leadcheck-demo-pack", "leadcheck_demo_pack.rules:RULES")
    rule = registry()["DEMO101"]
    assert rules.example(rule, "bad") == BAD.read_text(encoding="utf-8")
    assert rules.example(rule, "good") == GOOD.read_text(encoding="utf-8")
    assert rules.example(rule, "ugly") is None


def test_builtin_examples_are_found_the_same_way() -> None:
    for rule in BUILTIN_RULES:
        assert rules.example(rule, "bad") == rule.example("bad")


def test_audit_runs_pack_rules_at_the_marked_lines(install: Install) -> None:
    install("leadcheck-demo-pack", "leadcheck_demo_pack.rules:RULES")
    code, out, err = run("audit", str(BAD), "-f", "json", "--fail-on", "warning")
    assert (code, err) == (1, "")
    text = BAD.read_text(encoding="utf-8")
    report = leadcheck.audit(BAD)
    assert found(report.findings, ["DEMO101"]) == expected(text, ["DEMO101"])
    assert [f["rule"] for f in json.loads(out)["findings"]].count("DEMO101") == 1
    assert "DEMO101" not in {f.rule for f in leadcheck.audit(GOOD).findings}
    code, out, _ = run("audit", str(BAD), "--select", "DEMO101", "-f", "json")
    assert code == 0  # a warning only
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"DEMO101"}


def test_pack_clashing_with_a_builtin_id_is_an_error(install: Install) -> None:
    install("leadcheck-bad-pack", "leadcheck_demo_pack.rules:CLASHING")
    with pytest.raises(
        PluginError, match=r"LC201 \(in leadcheck \(built in\) and in leadcheck-bad-pack\)"
    ):
        registry()
    for args in (["audit", str(GOOD)], ["rules"], ["explain", "LC201"]):
        code, out, err = run(*args)
        assert code == 2, args
        assert out == ""
        (line,) = err.splitlines()
        assert line.startswith("leadcheck: error: rule packs clash: "), line  # not internal
        assert "leadcheck-bad-pack" in line
        assert "Traceback" not in err


def test_two_packs_claiming_one_id_is_an_error(install: Install) -> None:
    install("leadcheck-demo-pack", "leadcheck_demo_pack.rules:RULES")
    install("leadcheck-copy-pack", "leadcheck_demo_pack.rules:RULES")
    with pytest.raises(PluginError) as caught:
        registry()
    message = str(caught.value)
    assert "DEMO101 (in leadcheck-copy-pack and in leadcheck-demo-pack)" in message
    with pytest.raises(PluginError):
        leadcheck.audit(GOOD)


def test_lc_prefixed_rule_is_skipped_with_a_warning(install: Install) -> None:
    install("leadcheck-demo-pack", "leadcheck_demo_pack.rules:LC_PREFIXED")
    warnings: list[str] = []
    found_rules = registry(warnings=warnings)
    assert "DEMO101" in found_rules
    assert "LC990" not in found_rules
    assert len(warnings) == 1
    assert "'LC990'" in warnings[0]
    assert "leadcheck-demo-pack" in warnings[0]
    code, _, err = run("audit", str(GOOD), "-f", "json", "--select", "DEMO101")
    assert code == 0
    assert err.startswith("leadcheck: warning: rule pack 'leadcheck-demo-pack': skipped 'LC990'")


def test_broken_pack_is_reported_and_the_rest_still_runs(install: Install) -> None:
    install("leadcheck-broken-pack", "leadcheck_no_such_module:RULES")
    install("leadcheck-demo-pack", "leadcheck_demo_pack.rules:RULES")
    warnings: list[str] = []
    found_rules = registry(warnings=warnings)
    assert "DEMO101" in found_rules
    assert [w.split(":")[0] for w in warnings] == ["cannot load rule pack 'leadcheck-broken-pack'"]


def test_examples_lookup_by_the_check_module() -> None:
    """A check in a package's __init__ uses that package; a check without a
    module (or from a top-level module) has no examples, and no error."""
    from leadcheck.records import replace
    from leadcheck.rules.base import Rule, part, the_plan

    rule = BUILTIN_RULES[0]

    def with_check(check: Any) -> Rule:
        return replace(rule, parts=(part(the_plan, check),))

    def check_here(*args: object) -> None:
        return None

    check_here.__module__ = "leadcheck.rules"  # as if defined in the package's __init__
    assert rules.example(with_check(check_here), "good") == rule.example("good")
    check_here.__module__ = "toplevel_module"
    assert rules.example(with_check(check_here), "good") is None
    check_here.__module__ = None  # type: ignore[assignment]
    assert rules.example(with_check(check_here), "good") is None
    check_here.__module__ = "leadcheck_no_such_package.rules"
    assert rules.example(with_check(check_here), "good") is None
