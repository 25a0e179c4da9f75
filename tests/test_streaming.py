"""Big plans: reports written in pieces, the same as whole; hostile characters escaped
in JSON and SARIF; text lines drawn without rich exactly as rich draws them; and
the largest plan under the size limit answered as SARIF in bounded time and memory."""

from __future__ import annotations

import io
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from rich.text import Text

from leadcheck.atomic import write_atomic
from leadcheck.engine import check_text, report
from leadcheck.findings import Finding, Location, Report, Severity
from leadcheck.formats import Format, RenderOptions, renderer, rule_catalog, streamer
from leadcheck.formats.text import Painter, finding_line, make_console

sys.path.insert(0, str(ROOT / "bench"))
from gen import plan as synthetic_plan

LEADCHECK = [sys.executable, "-m", "leadcheck"]
HOSTILE = "\x1b[31m\x07\x85\u202e"
"""ESC (an ANSI colour), BEL, NEL (a C1 control) and a right-to-left override."""
RAW = ("\x1b", "\x07", "\x85", "\u202e")


def _options(**kwargs: object) -> RenderOptions:
    return RenderOptions(catalog=rule_catalog(), **kwargs)  # type: ignore[arg-type]


YAML_HOSTILE = "\\e[31m\\a\\N\\u202e"
"""The same characters as YAML escapes (a plan cannot hold them raw)."""


def _hostile_report() -> Report:
    plan = (
        "partnership:\n"
        f'  name: "Acme{YAML_HOSTILE}Care\\u2066x\\u2069\\u200f\\u061c"\n'
        "  as_of: 2026-06-30\n"
        "partners:\n"
        f'  - {{id: a-b, name: "Org{YAML_HOSTILE}One"}}\n'
        "  - {id: plain, name: Plain Org}\n"
    )
    return report([check_text(plan, f"plans/odd{HOSTILE}.yaml")])


@pytest.mark.parametrize("fmt", [Format.JSON, Format.SARIF, Format.GITLAB])
def test_hostile_characters_are_escaped_and_round_trip(fmt: Format) -> None:
    rep = _hostile_report()
    text = renderer(fmt)(rep, _options())
    raw = text.encode("utf-8")
    for char in (*RAW, "\u2066", "\u2069", "\u200f", "\u061c"):
        assert char.encode("utf-8") not in raw, repr(char)
    data = json.loads(raw)  # valid JSON, strict UTF-8
    if fmt is Format.JSON:
        assert data["files"][0]["partnership"] == f"Acme{HOSTILE}Care\u2066x\u2069\u200f\u061c"
        assert data["files"][0]["file"] == f"plans/odd{HOSTILE}.yaml"
        assert any(f"Org{HOSTILE}One" in f["message"] for f in data["findings"])
        for escape in ("\\u001b", "\\u0007", "\\u0085", "\\u202e"):
            assert escape in text
    elif fmt is Format.SARIF:
        results = data["runs"][0]["results"]
        assert any(f"Org{HOSTILE}One" in r["message"]["text"] for r in results)
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
        assert uris  # percent-encoded, so nothing raw there either
    else:
        assert data


def test_ordinary_text_is_written_as_before() -> None:
    """Escaping touches only the characters it must: accents, emoji and CJK stay."""
    from leadcheck.formats import json as json_format

    data = {"a": [{"name": "Café 🙂 東京 «x» — y", "n": 1}], "b": "line\nbreak\ttab"}
    assert json_format.dumps(data) == (
        '{\n  "a": [\n    {"name": "Café 🙂 東京 «x» — y", "n": 1}\n  ],\n'
        '  "b": "line\\nbreak\\ttab"\n}\n'
    )


@pytest.mark.parametrize(
    "fmt", [Format.JSON, Format.TEXT, Format.SARIF, Format.CONCISE, Format.MARKDOWN]
)
def test_streamed_pieces_make_the_rendered_report(fmt: Format) -> None:
    rep = report([check_text(synthetic_plan(300, partners=40, work_streams=30, lean=True))])
    options = _options(sarif_max_results=50)
    assert "".join(streamer(fmt)(rep, options)) == renderer(fmt)(rep, options)


def test_a_stream_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    dest = tmp_path / "out.json"
    write_atomic(dest, iter(["{", '"a": ', "1}\n"]))
    assert dest.read_text(encoding="utf-8") == '{"a": 1}\n'

    def broken() -> object:
        yield "partial"
        raise RuntimeError("render failed")

    with pytest.raises(RuntimeError):
        write_atomic(dest, broken())  # type: ignore[arg-type]
    assert dest.read_text(encoding="utf-8") == '{"a": 1}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


ODD_TEXT = [
    "plain",
    "",
    " trailing  ",
    "tab\there",
    "[bold red]markup[/]",
    "wide 東京 and emoji 🙂",
    "combining e\u0301",
    "bidi \u202e and \u2066",
    "ctrl \x07\x08\x0b\x0c\r\x1b[2K end",
    "line\nbreak",
    "nel\x85 ls\u2028",
]


@pytest.mark.parametrize("color", [False, True])
def test_painted_lines_are_what_rich_prints(color: bool) -> None:
    """Finding lines are drawn as plain strings; they must match rich to the byte."""
    options = RenderOptions(color=color, width=60)
    console = make_console(options)
    paint = Painter(console)
    for i, text in enumerate(ODD_TEXT):
        for severity in Severity:
            for waived in (False, True):
                finding = Finding(
                    rule=f"LC{100 + i}" if i % 4 else text,
                    slug=text if i % 3 else "a-slug",
                    severity=severity,
                    message=f"message {text}" if text else "",
                    location=Location(f"file {text}.yaml", 1 + i, 2),
                    fix=text,
                    waived=waived,
                    waiver_reason=text if waived else None,
                    waiver_owner="p-x" if i % 2 else None,
                )
                expected = _rich_print(finding_line(finding), options)
                assert paint.finding(finding) == expected, (text, severity, waived)
                pieces = (("    fix: ", "dim"), (text, "italic"))
                assert paint.line(*pieces) == _rich_print(Text.assemble(*pieces), options)


def _rich_print(text: Text, options: RenderOptions) -> str:
    console = make_console(options)
    console.print(text, soft_wrap=True)
    out: io.StringIO = console.file  # type: ignore[assignment]
    return out.getvalue()


def test_text_and_json_list_the_same_findings_of_a_big_plan() -> None:
    rep = report([check_text(synthetic_plan(2000, partners=2000, work_streams=100, lean=True))])
    data = json.loads(renderer(Format.JSON)(rep, _options()))
    text = renderer(Format.TEXT)(rep, _options())
    prefix = "<string>:"
    shown = sorted(line for line in text.splitlines() if line.startswith(prefix))
    listed = sorted(
        f"{f['file']}:{f['line']}:{f['column']}: {f['severity']} {f['rule']} {f['slug']}: "
        f"{f['message']}"
        for f in data["findings"]
    )
    assert len(listed) > 15_000
    assert shown == listed
    checklist = re.findall(r"^\s*\d+\. ", text[text.index("\nFix next") :], re.MULTILINE)
    assert len(checklist) == len(data["files"][0]["fix_next"])


def test_the_largest_plan_as_sarif_is_capped_in_bounded_time_and_memory(tmp_path: Path) -> None:
    """100,000 partners and about a million findings, under the 16 MiB size limit:
    SARIF keeps the 5,000 most severe results and never holds the rest as objects."""
    plan = tmp_path / "huge.yaml"
    plan.write_text(
        synthetic_plan(100_000, partners=100_000, work_streams=5_000, lean=True),
        encoding="utf-8",
    )
    assert plan.stat().st_size < 16 * 1024 * 1024
    start = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run(
        [*LEADCHECK, "audit", "huge.yaml", "-f", "sarif", "-o", "out.sarif"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    elapsed = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert result.returncode == 1, result.stderr
    assert "wrote the 5,000 most severe of" in result.stderr
    assert elapsed < 240
    assert peak == before or peak < 2 * 1024 * 1024  # KiB: under 2 GiB
    out = tmp_path / "out.sarif"
    assert out.stat().st_size < 20_000_000
    log = json.loads(out.read_bytes())
    assert len(log["runs"][0]["results"]) == 5_000
