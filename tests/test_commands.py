"""`leadcheck init` and `leadcheck rules --by-tip`, as users run them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leadcheck.cli import app
from leadcheck.rules import BUILTIN_RULES, THEMES
from leadcheck.tips import TIPS, TIPS_BY_KEY


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _coverage(theme: str | None = None) -> dict[str, list[str]]:
    """Tip key -> ids of the rules (of `theme`) that check it, from the rules' metadata."""
    out: dict[str, list[str]] = {}
    for rule in BUILTIN_RULES:
        if theme is None or rule.meta.theme == theme:
            for key in rule.meta.tips:
                out.setdefault(key, []).append(rule.id)
    return out


# --- init ---------------------------------------------------------------------------


def test_init_writes_a_starter_that_passes_lint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("init")
    assert (code, err) == (0, "")
    assert out.startswith("wrote partnership.yaml; check it with: leadcheck audit partnership.yaml")
    text = Path("partnership.yaml").read_text(encoding="utf-8")
    assert "partnership:" in text
    assert text.lstrip().startswith("#")  # commented, for people to fill in
    code, out, _ = run("lint", "partnership.yaml")
    assert code == 0, out
    code, out, _ = run("audit", "partnership.yaml", "-f", "json", "--fail-on", "never")
    assert code == 0
    assert json.loads(out)["files"][0]["partnership"]


def test_init_to_a_path_and_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "plans" / "north.yaml"
    target.parent.mkdir()
    assert run("init", str(target))[0] == 0
    target.write_text("mine\n", encoding="utf-8")
    code, out, err = run("init", str(target))
    assert code == 2
    assert out == ""
    assert err == f"leadcheck: error: {target} already exists; use --force to overwrite it\n"
    assert target.read_text(encoding="utf-8") == "mine\n"
    code, _, _ = run("init", str(target), "--force")
    assert code == 0
    assert target.read_text(encoding="utf-8") != "mine\n"


def test_init_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = run("init", str(tmp_path / "no" / "plan.yaml"))
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert "does not exist" in err
    assert not (tmp_path / "no").exists()


# --- rules --by-tip -----------------------------------------------------------------


def test_by_tip_json_lists_every_tip_with_its_rules() -> None:
    code, out, err = run("rules", "--by-tip", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert [d["tip"] for d in data] == [t.key for t in TIPS]
    coverage = _coverage()
    for item in data:
        tip = TIPS_BY_KEY[item["tip"]]
        assert (item["section"], item["text"]) == (tip.section, tip.text)
        assert item["rules"] == coverage.get(item["tip"], [])
    assert all(item["rules"] for item in data if item["text"].strip())


def test_by_tip_markdown_is_a_table_of_every_tip() -> None:
    code, out, _ = run("rules", "--by-tip", "--format", "markdown")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "## Tips and the rules that check them"
    assert lines[2:4] == ["| section | tip | rules |", "|---|---|---|"]
    rows = [re.split(r" \| ", line.strip("| ")) for line in lines[4:] if line.startswith("|")]
    assert len(rows) == len(TIPS)
    coverage = _coverage()
    for (section, text, ids), tip in zip(rows, TIPS, strict=True):
        assert (section, text) == (tip.section, tip.text)
        assert ids.split(", ") == coverage[tip.key]


def test_by_tip_table_shows_each_tip_and_rule() -> None:
    # Wide enough that no tip wraps (the longest is some 600 characters).
    result = CliRunner().invoke(app, ["rules", "--by-tip"], env={"COLUMNS": "2000"})
    assert result.exit_code == 0
    rows = [
        tuple(cell.strip() for cell in line.strip("│┃").split(line[0]))
        for line in result.stdout.splitlines()
        if line.startswith(("│", "┃"))
    ]
    coverage = _coverage()
    assert rows == [
        ("Section", "Tip", "Rules"),
        *((t.section, t.text, ", ".join(coverage[t.key])) for t in TIPS),
    ]


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_by_tip_for_one_theme_shows_only_its_rules(theme: str) -> None:
    code, out, _ = run("rules", "--by-tip", "--theme", theme, "--format", "json")
    assert code == 0
    data = json.loads(out)
    coverage = _coverage(theme)
    assert {d["tip"]: d["rules"] for d in data} == coverage
    assert all(d["rules"] for d in data)


def test_by_tip_with_an_unknown_theme_is_a_usage_error() -> None:
    code, out, err = run("rules", "--by-tip", "--theme", "championz")
    assert code == 2
    assert out == ""
    assert err == "leadcheck: error: unknown theme 'championz' (did you mean 'champions'?)\n"
