"""The Python API: `leadcheck.audit()` with a Path, a str path on any platform, or text=."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import EXAMPLES, RIVERSIDE

import leadcheck
from leadcheck.engine import Options
from leadcheck.rules import registry

GAPS = EXAMPLES / "gaps.yaml"


def _rules(report: leadcheck.Report) -> list[tuple[str, int]]:
    return [(f.rule, f.location.line) for f in report.findings]


def test_path_and_str_path_give_the_same_report() -> None:
    by_path = leadcheck.audit(GAPS)
    by_str = leadcheck.audit(str(GAPS))
    assert by_path == by_str
    assert by_path.files[0].file == str(GAPS)
    assert by_path.files[0].partnership
    assert by_path.readiness is leadcheck.Readiness.NOT_READY


@pytest.mark.parametrize(
    "name", ["C:\\plans\\x.yaml", "plans: north.yaml", "x.yaml", "partnership: {name: x}"]
)
def test_a_str_is_always_a_path(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows paths and names with a colon were once read as YAML text."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError):
        leadcheck.audit(name)
    Path(name).write_text(RIVERSIDE, encoding="utf-8")  # one file name on POSIX
    report = leadcheck.audit(name)
    assert report.files[0].file == name
    assert report.files[0].partnership == "Riverside Partnership"


def test_text_is_read_as_yaml() -> None:
    report = leadcheck.audit(text=RIVERSIDE)
    assert report.files[0].file == "<string>"
    assert ("LC201", 15) in _rules(report)
    assert leadcheck.audit(text=RIVERSIDE.encode("utf-8")) == report
    on_disk = leadcheck.audit(text=GAPS.read_text(encoding="utf-8"))
    assert _rules(on_disk) == _rules(leadcheck.audit(GAPS))


def test_broken_yaml_is_a_finding_not_an_exception() -> None:
    report = leadcheck.audit(text="partners: [\n")
    assert [f.rule for f in report.findings] == ["LC001"]
    assert report.score is None


@pytest.mark.parametrize(
    "call",
    [
        lambda: leadcheck.audit(),
        lambda: leadcheck.audit(GAPS, text=RIVERSIDE),
    ],
)
def test_exactly_one_of_path_and_text(call: object) -> None:
    assert callable(call)
    with pytest.raises(TypeError, match="exactly one"):
        call()


def test_old_positional_yaml_text_still_works_with_a_warning() -> None:
    with pytest.warns(DeprecationWarning, match="text="):
        report = leadcheck.audit(RIVERSIDE)
    assert report == leadcheck.audit(text=RIVERSIDE)


def test_dash_is_a_file_not_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError):
        leadcheck.audit("-")
    Path("-").write_text(RIVERSIDE, encoding="utf-8")
    assert leadcheck.audit("-").files[0].partnership == "Riverside Partnership"


def test_as_of_and_config() -> None:
    later = leadcheck.audit(GAPS, as_of=dt.date(2030, 1, 1))
    assert later.files[0].as_of == dt.date(2030, 1, 1)
    assert later.findings != leadcheck.audit(GAPS).findings
    only = Options(rules=[registry()["LC201"]])
    report = leadcheck.audit(GAPS, config=only)
    assert report.rules == ("LC201",)
    assert {f.rule for f in report.findings} == {"LC201"}


def test_errors_reading_a_path_are_oserrors(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        leadcheck.audit(tmp_path)


CONSUMER = """\
    from __future__ import annotations

    import datetime
    from pathlib import Path

    import leadcheck
    from leadcheck import Finding, Report, Severity


    def errors(path: Path) -> list[Finding]:
        report: Report = leadcheck.audit(path, as_of=datetime.date(2026, 6, 30))
        return [f for f in report.findings if f.severity is Severity.ERROR]


    def score(text: str) -> float | None:
        return leadcheck.audit(text=text).score


    def where(finding: Finding) -> tuple[str, int, int]:
        loc = finding.location
        return loc.file, loc.line, loc.column


    def reworded(finding: Finding) -> Finding:
        return leadcheck.replace(finding, message=finding.message.upper())
    """

WRONG = """\
    import leadcheck

    score: str = leadcheck.audit("plan.yaml").score
    leadcheck.audit("plan.yaml", as_of="2026-06-30")
    leadcheck.audit("plan.yaml").findings[0].message = "changed"
    """


MYPY_INI = """\
[mypy]
strict = True
# leadcheck's own annotations are under test, not its dependencies': skipping
# those keeps this quick.
[mypy-pydantic.*,pydantic_core.*,yaml.*,typer.*,rich.*,click.*]
follow_imports = skip
"""


@pytest.mark.tools
def test_mypy_sees_leadcheck_types(tmp_path: Path) -> None:
    """A consumer type-checks against leadcheck's own annotations (py.typed)."""
    (tmp_path / "mypy.ini").write_text(MYPY_INI, encoding="utf-8")
    (tmp_path / "good.py").write_text(textwrap.dedent(CONSUMER), encoding="utf-8")
    (tmp_path / "wrong.py").write_text(textwrap.dedent(WRONG), encoding="utf-8")
    mypy = [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--no-incremental"]
    done = subprocess.run(
        [*mypy, "good.py", "wrong.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": ""},
    )
    out = done.stdout
    assert done.returncode == 1, out + done.stderr
    assert "missing library stubs or py.typed marker" not in out
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert [line.split(":")[0] for line in errors] == ["wrong.py"] * 3, out
    assert 'Incompatible types in assignment (expression has type "float | None"' in errors[0]
    assert 'Argument "as_of" to "audit" has incompatible type "str"' in errors[1]
    assert 'Property "message" defined in "Finding" is read-only' in errors[2]
