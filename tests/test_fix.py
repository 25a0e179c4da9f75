"""`lint --fix` and `--diff`: mechanical repairs only, never a change of meaning.

The typographic files of the mistakes corpus each have a twin corrected by hand
in tests/data/mistakes/fixed/: --fix must give a file that lints clean and
audits exactly like the twin. Every other corpus file is either left alone or
refused as a whole, with the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from pathlib import Path
from textwrap import dedent

import pytest
from typer.testing import CliRunner, Result

from leadcheck.cli import app
from leadcheck.engine import Options, check_text
from leadcheck.findings import FileReport
from leadcheck.fix import Change, fix_text

MISTAKES = Path(__file__).resolve().parent / "data" / "mistakes"
FILES = sorted(MISTAKES.glob("*.yaml"))
TWINS = sorted((MISTAKES / "fixed").glob("*.yaml"))
_REFUSED = re.compile(r'\[fix-refused "([^"]*)"\]')
AS_OF = Options(as_of=dt.date(2026, 6, 30))

runner = CliRunner()


def audit(text: str) -> tuple[object, ...]:
    report: FileReport = check_text(text, "plan.yaml", AS_OF)
    findings = [(f.rule, f.location.line, f.location.column, f.message) for f in report.findings]
    return (tuple(findings), report.score, report.readiness, report.blocked)


# --- the corpus ----------------------------------------------------------------------------


@pytest.mark.parametrize("twin", TWINS, ids=[p.stem for p in TWINS])
def test_fix_gives_what_a_careful_hand_would(twin: Path) -> None:
    original = (MISTAKES / twin.name).read_text(encoding="utf-8")
    by_hand = twin.read_text(encoding="utf-8")
    fixed = fix_text(original)
    assert fixed.refused is None
    assert fixed.changes
    assert check_text(by_hand, "plan.yaml", Options(rules=())).findings == ()
    assert check_text(fixed.text, "plan.yaml", Options(rules=())).findings == ()
    assert audit(fixed.text) == audit(by_hand)
    assert fix_text(fixed.text) == type(fixed)(fixed.text)  # nothing left to repair


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_other_mistakes_are_left_alone_or_refused_whole(path: Path) -> None:
    if (MISTAKES / "fixed" / path.name).exists():
        pytest.skip("repaired: see test_fix_gives_what_a_careful_hand_would")
    text = path.read_text(encoding="utf-8")
    fixed = fix_text(text)
    assert fixed.text == text
    assert fixed.changes == ()
    refused = _REFUSED.search(text)
    if refused:
        assert fixed.refused is not None
        assert refused.group(1) in fixed.refused
    else:
        assert fixed.refused is None


def test_curly_plan_version_audits_cleanly_once_fixed() -> None:
    text = (MISTAKES / "curly-quotes-plan-version.yaml").read_text(encoding="utf-8")
    report = check_text(fix_text(text).text, "plan.yaml", AS_OF)
    assert not [f for f in report.findings if f.rule in ("LC002", "LC402")]
    assert not report.blocked


# --- fix_text ------------------------------------------------------------------------------


def test_each_change_says_where_and_what() -> None:
    fixed = fix_text("partnership:\n  name:\u00a0N\n  plan_version: \u201c1.3\u201d\n")
    assert fixed.text == 'partnership:\n  name: N\n  plan_version: "1.3"\n'
    assert fixed.changes == (
        Change(2, 8, "replaced a non-breaking space (U+00A0) with an ordinary space"),
        Change(3, 17, "replaced the curly quotes around \u201c1.3\u201d with straight quotes"),
    )


def test_comments_are_never_touched() -> None:
    text = (
        "# the \u201cofficial\u201d\u00a0plan\u200b\n"
        "partnership:\n"
        "  name: N  # \u201cNorthdale\u201d\u00a0\u2013 name:see below\n"
        "\t# a tabbed comment\u00a0line\n"
        "  plan_version: \u201c1.3\u201d # \u2018v\u2019\n"
    )
    fixed = fix_text(text)
    assert fixed.refused is None
    assert fixed.text == (
        "# the \u201cofficial\u201d\u00a0plan\u200b\n"
        "partnership:\n"
        "  name: N  # \u201cNorthdale\u201d\u00a0\u2013 name:see below\n"
        "  # a tabbed comment\u00a0line\n"
        '  plan_version: "1.3" # \u2018v\u2019\n'
    )


def test_order_line_endings_and_everything_else_are_kept() -> None:
    text = "b: 1\r\na:\u00a0x\r\n\r\nc: [\u201cp\u201d, \u2018q\u2019]\r\n"
    fixed = fix_text(text)
    assert fixed.text == 'b: 1\r\na: x\r\n\r\nc: ["p", "q"]\r\n'


def test_quotes_inside_a_curly_quoted_value_are_escaped() -> None:
    fixed = fix_text('a: \u201cthe "new" C:\\ drive\u201d\n')
    assert fixed.text == 'a: "the \\"new\\" C:\\\\ drive"\n'


def test_curly_quotes_that_were_meant_are_kept() -> None:
    text = "a: '\u201c1.3\u201d'\nb: Women\u2019s Aid\nc: \u201cStreet\u201d triage\n"
    assert fix_text(text) == type(fix_text(text))(text)


def test_a_missing_space_is_added_only_after_a_plan_field() -> None:
    text = "partnership:\n  name:Northdale\nnotes:\n  - later:maybe\n  - http://example.org\n"
    fixed = fix_text(text)
    assert fixed.text == (
        "partnership:\n  name: Northdale\nnotes:\n  - later:maybe\n  - http://example.org\n"
    )
    assert fixed.changes == (Change(2, 8, "added a space after the colon of 'name'"),)


def test_a_repair_that_would_change_what_a_readable_file_says_is_refused() -> None:
    # `- id:ndc` reads as the text "id:ndc"; adding the space would make it a field.
    text = "partners:\n  - id:ndc\n"
    fixed = fix_text(text)
    assert fixed.text == text
    assert fixed.refused == "a repair would change what the file says; make the changes by hand"


def test_tabs_take_the_files_own_indentation_step() -> None:
    text = "partnership:\n    name: N\npartners:\n\t- id: a\n\t  name: A\n"
    fixed = fix_text(text)
    assert fixed.text == "partnership:\n    name: N\npartners:\n    - id: a\n      name: A\n"


def test_invisible_spaces_are_deleted_and_wide_ones_made_plain() -> None:
    fixed = fix_text("a: x\u200by\nb:\u2003z\n")
    assert fixed.text == "a: xy\nb: z\n"
    assert [c.what for c in fixed.changes] == [
        "deleted a zero-width space (U+200B)",
        "replaced an em space (U+2003) with an ordinary space",
    ]


def test_nothing_to_repair() -> None:
    text = "partnership:\n  name: N\n"
    assert fix_text(text) == type(fix_text(text))(text)


# --- the command line ------------------------------------------------------------------------


def run(*args: str, input: str | None = None) -> Result:
    return runner.invoke(app, list(args), input=input)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes((MISTAKES / name).read_bytes())
    return path


def test_lint_fix_repairs_prints_the_changes_and_lints_the_result(tmp_path: Path) -> None:
    path = copy(tmp_path, "curly-quotes-plan-version.yaml")
    result = run("lint", "--fix", str(path))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stderr == (
        f"{path}:5:17: replaced the curly quotes around \u201c1.3\u201d with straight quotes\n"
    )
    assert result.stdout == "no findings in 1 file\n"
    assert path.read_text(encoding="utf-8") == (
        (MISTAKES / "fixed" / path.name).read_text(encoding="utf-8")
    )


def test_lint_diff_shows_the_repairs_and_writes_nothing(tmp_path: Path) -> None:
    path = copy(tmp_path, "nbsp-after-colon.yaml")
    before = sha(path)
    result = run("lint", "--diff", str(path))
    assert result.exit_code == 1
    assert sha(path) == before
    assert result.stdout.splitlines()[:2] == [
        f"--- {path} (as written)",
        f"+++ {path} (repaired)",
    ]
    assert "-  name:\u00a0Northdale Frailty Partnership" in result.stdout
    assert "+  name: Northdale Frailty Partnership" in result.stdout
    assert f"{path}:3:8: replaced a non-breaking space" in result.stderr


def test_lint_diff_with_nothing_to_repair_exits_0(tmp_path: Path) -> None:
    path = copy(tmp_path, "version-newer.yaml")
    result = run("lint", "--diff", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_a_file_that_cannot_be_repaired_is_untouched_with_exit_1(tmp_path: Path) -> None:
    path = copy(tmp_path, "tab-indentation-ambiguous.yaml")
    before = sha(path)
    result = run("lint", "--fix", str(path))
    assert result.exit_code == 1
    assert sha(path) == before
    assert result.stderr == (
        f"{path}: not repaired, the file is unchanged: a tab in the indentation of line 11 "
        "could stand for different indentation; replace it with spaces by hand\n"
    )
    assert "LC001" in result.stdout


def test_an_unrepairable_file_fails_the_run_even_when_lint_passes(tmp_path: Path) -> None:
    # "name:tbc" is text in a list of text; adding the space would make it a field.
    path = tmp_path / "plan.yaml"
    path.write_text(
        dedent(
            """\
            partnership: {name: N}
            partners: [{id: ndc, name: N}]
            work_streams:
              - id: ws
                name: W
                scope:
                  changeable:
                    - name:tbc
            """
        ),
        encoding="utf-8",
    )
    before = sha(path)
    assert run("lint", str(path)).exit_code == 0
    result = run("lint", "--fix", str(path))
    assert result.exit_code == 1
    assert sha(path) == before
    assert "a repair would change what the file says" in result.stderr
    assert result.stdout == "no findings in 1 file\n"


def test_fix_keeps_a_byte_order_mark_and_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"\xef\xbb\xbfpartnership:\n  name:\xc2\xa0N\npartners: [{id: a, name: A}]\n")
    path.chmod(0o640)
    result = run("lint", "--fix", str(path))
    assert result.exit_code == 0, result.stderr
    assert (
        path.read_bytes() == b"\xef\xbb\xbfpartnership:\n  name: N\npartners: [{id: a, name: A}]\n"
    )
    assert path.stat().st_mode & 0o777 == 0o640


def test_fix_refuses_files_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"\xff\xfe" + "a: \u201cb\u201d\n".encode("utf-16-le"))
    before = sha(path)
    result = run("lint", "--fix", str(path))
    assert result.exit_code == 1
    assert sha(path) == before
    assert "not repaired: only UTF-8 files can be repaired" in result.stderr


def test_fix_of_standard_input_is_a_usage_error() -> None:
    result = run("lint", "--fix", "-", input="a: \u201cb\u201d\n")
    assert result.exit_code == 2
    assert "--fix cannot rewrite standard input; use --diff" in result.stderr


def test_diff_of_standard_input(tmp_path: Path) -> None:
    result = run("lint", "--diff", "-", input="a: \u201cb\u201d\n")
    assert result.exit_code == 1
    assert '+a: "b"' in result.stdout
    assert "<stdin>:1:4: replaced the curly quotes" in result.stderr


def test_fix_of_several_files_and_folders(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    copy(folder, "tab-indentation.yaml")
    copy(folder, "colon-in-value.yaml")
    result = run("lint", "--fix", str(folder))
    assert result.exit_code == 1  # colon-in-value still needs a hand
    assert result.stderr.count("replaced the tab") == 2
    assert "colon-in-value.yaml:19:24: error LC001" in result.stdout
    assert "tab-indentation.yaml" not in result.stdout


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes anything")
def test_fix_into_a_read_only_file_is_a_usage_error(tmp_path: Path) -> None:
    path = copy(tmp_path, "nbsp-after-colon.yaml")
    path.chmod(0o444)
    try:
        result = run("lint", "--fix", str(path))
    finally:
        path.chmod(0o644)
    assert result.exit_code == 2
    assert "read-only" in result.stderr


def test_lint_without_fix_never_writes(tmp_path: Path) -> None:
    path = copy(tmp_path, "nbsp-after-colon.yaml")
    before = sha(path)
    assert run("lint", str(path)).exit_code == 1
    assert sha(path) == before


def test_repairs_of_a_plan_written_in_word() -> None:
    text = dedent(
        """\
        partnership:
          name:\u00a0Northdale
          plan_version: \u201c1.3\u201d
        partners:
        \t- id:ndc
        \t  name: \u201cNorthdale: council\u201d
        """
    )
    fixed = fix_text(text)
    assert fixed.text == dedent(
        """\
        partnership:
          name: Northdale
          plan_version: "1.3"
        partners:
          - id: ndc
            name: "Northdale: council"
        """
    )
    assert [(c.line, c.column) for c in fixed.changes] == [
        (2, 8),
        (3, 17),
        (5, 1),
        (5, 7),
        (6, 1),
        (6, 10),
    ]


def test_pasted_spaces_inside_curly_quotes_are_made_plain_with_them() -> None:
    fixed = fix_text("a: \u201cx\u00a0y\u201d\n")
    assert fixed.text == 'a: "x y"\n'
    assert [c.what for c in fixed.changes] == [
        "replaced the curly quotes around \u201cx\u00a0y\u201d with straight quotes"
    ]


def test_several_tabs_in_one_indentation() -> None:
    fixed = fix_text("partnership:\n  goals:\n\t\t- id: g1\n")
    assert fixed.text == "partnership:\n  goals:\n    - id: g1\n"
    assert fixed.changes == (Change(3, 1, "replaced the tabs in the indentation with spaces"),)


def test_ambiguous_tabs_on_several_lines_are_named() -> None:
    text = "a:\n  b:\n    c: 1\n\td: 2\n\te: 3\n"
    assert fix_text(text).refused == (
        "a tab in the indentation of lines 4 and 5 could stand for different indentation; "
        "replace it with spaces by hand"
    )


def test_a_comment_after_a_value_quoted_over_two_lines_is_kept() -> None:
    text = 'a: "one\n  two"  # \u201cc\u201d\u00a0\nb:\u00a0x\n'
    assert fix_text(text).text == 'a: "one\n  two"  # \u201cc\u201d\u00a0\nb: x\n'


def test_curly_quotes_in_the_middle_of_a_long_value_are_text() -> None:
    text = "vision: Home first\n  \u201cfor all\u201d\nname:\u00a0N\n"
    assert fix_text(text).text == "vision: Home first\n  \u201cfor all\u201d\nname: N\n"


def test_an_invisible_space_where_a_space_belongs_becomes_one() -> None:
    fixed = fix_text("partnership:\n  name:\u200bNorthdale\n  as_of: 2026-06-30\n")
    assert fixed.text == "partnership:\n  name: Northdale\n  as_of: 2026-06-30\n"
    assert fixed.changes == (
        Change(2, 8, "replaced a zero-width space (U+200B) with an ordinary space"),
    )


def test_tabs_between_a_field_and_its_value_become_spaces() -> None:
    # libyaml reads these tabs as spaces; the pure-Python parser cannot read them.
    text = "partnership:\n  name:\tNorthdale\n  as_of: 2026-06-30\t# when\n  vision: [a,\tb]\n"
    fixed = fix_text(text)
    assert fixed.text == (
        "partnership:\n  name: Northdale\n  as_of: 2026-06-30 # when\n  vision: [a, b]\n"
    )
    assert [(c.line, c.column, c.what) for c in fixed.changes] == [
        (2, 8, "replaced a tab with a space"),
        (3, 20, "replaced a tab with a space"),
        (4, 14, "replaced a tab with a space"),
    ]


def test_a_tab_inside_a_value_is_part_of_it() -> None:
    text = "a: Street\ttriage\n"
    assert fix_text(text) == type(fix_text(text))(text)
