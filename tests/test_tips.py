"""The package carries the tips line for line, and every tip is checked by a rule."""

from __future__ import annotations

import json

import pytest
from conftest import SHARED
from typer.testing import CliRunner

from leadcheck.catalog import rules_for_tip
from leadcheck.cli import app
from leadcheck.tips import INTRO, TIPS, TITLE

SEED = SHARED / "seed" / "leadership-tips.txt"
HEADINGS = {tip.section for tip in TIPS}


def test_every_tip_is_checked_by_a_rule() -> None:
    coverage = rules_for_tip()
    assert set(coverage) == {tip.key for tip in TIPS}
    assert all(coverage[tip.key] for tip in TIPS), coverage


@pytest.mark.skipif(not SEED.exists(), reason="the seed file is not beside this checkout")
def test_tips_match_the_seed_line_for_line() -> None:
    seed = SEED.read_text(encoding="utf-8").splitlines()
    assert seed[:2] == [TITLE, INTRO]
    ours = iter(TIPS)
    section = None
    for line in seed[2:]:
        if line in HEADINGS:
            section = line
            if not any(t.line == line for t in TIPS):
                continue  # a heading no rule checks on its own
        tip = next(ours)
        assert (tip.line, tip.section) == (line, section)
    assert next(ours, None) is None


def test_by_tip_json_lists_every_tip_with_its_rules() -> None:
    result = CliRunner().invoke(app, ["rules", "--by-tip", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [row["text"] for row in rows] == [tip.text for tip in TIPS]
    champions = next(r for r in rows if r["text"].startswith("Leaders/champions"))
    assert {"LC201", "LC202"} <= set(champions["rules"])
    chief = next(r for r in rows if r["text"].startswith("Chief Executive"))
    assert chief["rules"] == ["LC401", "LC402", "LC408"]
    # the rules added for who signs, who sponsors, who is trusted to decide and who leads
    by_key = {tip.text: tip.key for tip in TIPS}
    rules_of = {by_key[r["text"]]: r["rules"] for r in rows}
    assert "LC409" in rules_of["devolution-in-action"]
    assert "LC410" in rules_of["enable-risk-taking"]
    assert "LC305" in rules_of["users-and-carers"]
