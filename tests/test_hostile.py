"""Hostile and careless use of the command line: answered in one line, bounded,
and never at the cost of a plan or a half-written report."""

from __future__ import annotations

import difflib
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import RIVERSIDE, ROOT

sys.path.insert(0, str(ROOT / "bench"))
from gen import plan as synthetic_plan

LEADCHECK = [sys.executable, "-m", "leadcheck"]


def leadcheck(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*LEADCHECK, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_output_onto_the_plan_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(RIVERSIDE, encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(plan)
    for target in ("plan.yaml", "link.yaml", "./plan.yaml"):
        result = leadcheck("audit", "plan.yaml", "-f", "json", "-o", target, cwd=tmp_path)
        assert result.returncode == 2
        assert "is the plan plan.yaml itself" in result.stderr
        assert plan.read_text(encoding="utf-8") == RIVERSIDE


def test_step_summary_pointing_at_the_plan_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(RIVERSIDE, encoding="utf-8")
    result = leadcheck("audit", "plan.yaml", cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": str(plan)})
    assert result.returncode == 2
    assert "GITHUB_STEP_SUMMARY is the plan" in result.stderr
    assert plan.read_text(encoding="utf-8") == RIVERSIDE


def test_a_pipe_with_no_writer_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "plan.yaml")
    start = time.monotonic()
    result = leadcheck("audit", "plan.yaml", cwd=tmp_path)
    assert time.monotonic() - start < 5
    assert result.returncode == 2
    assert (
        result.stderr
        == "leadcheck: error: plan.yaml: not a regular file; give a plan file, or - for stdin\n"
    )


def test_a_pipe_inside_a_folder_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    os.mkfifo(tmp_path / "plans" / "pipe.yaml")
    (tmp_path / "plans" / "plan.yaml").write_text(RIVERSIDE, encoding="utf-8")
    result = leadcheck("lint", "plans", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no findings in 1 file" in result.stdout


def test_an_empty_path_is_a_usage_error(tmp_path: Path) -> None:
    result = leadcheck("audit", "", cwd=tmp_path)
    assert result.returncode == 2
    assert "an empty path was given" in result.stderr


def test_the_longest_output_name_works(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(RIVERSIDE, encoding="utf-8")
    name = "r" * 250 + ".json"
    result = leadcheck("audit", "plan.yaml", "-f", "json", "-o", name, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "plan.yaml"])


def test_closed_standard_output_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(RIVERSIDE, encoding="utf-8")
    command = " ".join([*LEADCHECK, "audit", "plan.yaml", "-f", "json"]) + " >&-"
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "standard output is closed" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("signum", "code", "word"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
)
def test_an_interrupted_run_leaves_no_output_and_says_so(
    tmp_path: Path, signum: int, code: int, word: str
) -> None:
    (tmp_path / "big.yaml").write_text(synthetic_plan(20_000), encoding="utf-8")
    (tmp_path / "out").mkdir()
    process = subprocess.Popen(
        [*LEADCHECK, "audit", "big.yaml", "-f", "sarif", "-o", "out/report.sarif"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)  # well into checking and rendering, before any write
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert err == f"leadcheck: {word}; nothing was written\n"
    assert list((tmp_path / "out").iterdir()) == []


# --- hostile values: answered with a finding, fast and small ----------------------------

BASE = "partnership:\n  name: P\npartners:\n  - id: a\n    name: A\n"


@pytest.mark.parametrize(
    ("tail", "line", "message"),
    [
        ("people:\n  - id: 0x" + "f" * 5000 + "\n    name: X\n", 7, "characters long (at most 64)"),
        ("people:\n  - id: p\n    name: " + "9" * 5000 + "\n", 8, "characters long (at most 64)"),
        ("extra: " + ":".join(["1"] * 600_000) + "\n", 6, "characters long (at most 64)"),
        ('x: !!int ""\n', 6, "'' is not a whole number"),
        ('x: !!float ""\n', 6, "'' is not a number"),
        ('x: !!int "-"\n', 6, "'-' is not a whole number"),
        ("x: !!bool maybe\n", 6, "'maybe' is marked !!bool but is not true or false"),
    ],
)
def test_hostile_scalars_are_findings(tail: str, line: int, message: str) -> None:
    import leadcheck

    start = time.monotonic()
    report = leadcheck.audit(text=BASE + tail)
    assert time.monotonic() - start < 5
    [finding] = report.findings
    assert (finding.rule, finding.location.line) == ("LC001", line)
    assert message in finding.message


def test_a_long_scalar_repeated_by_aliases_is_bounded(tmp_path: Path) -> None:
    megabyte = "x" * (1 << 20)
    aliases = "\n".join("  - *big" for _ in range(5000))
    plan = tmp_path / "plan.yaml"
    plan.write_text(f"{BASE}big: &big {megabyte}\nmany:\n{aliases}\n", encoding="utf-8")
    start = time.monotonic()
    result = leadcheck("lint", "plan.yaml", cwd=tmp_path)
    assert time.monotonic() - start < 5
    assert result.returncode == 1
    assert "LC001 invalid-yaml: too many aliases" in result.stdout


def test_a_file_name_that_is_not_utf8_is_shown_and_encoded(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / os.fsdecode(b"plan\xff.yaml")).write_text(RIVERSIDE, encoding="utf-8")
    result = subprocess.run(
        [*LEADCHECK, "audit", "plans", "-f", "json"],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout.decode("utf-8"))  # strict UTF-8
    assert data["files"][0]["file"] == "plans/plan\ufffd.yaml"


def test_closed_standard_input_is_a_usage_error(tmp_path: Path) -> None:
    command = " ".join([*LEADCHECK, "lint", "-"]) + " <&-"
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "standard input is closed" in result.stderr


# --- many findings, and long ids: bounded work, the same messages for ordinary plans ----

GIB = 1 << 30


def bounded(tmp_path: Path, plan: str, *args: str) -> str:
    """The output of `leadcheck lint plan.yaml` on `plan`, which must finish within 5 s
    of CPU time (user and system: a shared machine's load does not count) and 1 GiB."""
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    out = tmp_path / "out.txt"
    with out.open("wb") as sink:
        process = subprocess.Popen(
            [*LEADCHECK, "lint", "plan.yaml", *args], cwd=tmp_path, stdout=sink, stderr=sink
        )
        watchdog = threading.Timer(60, process.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 1, out.read_text(encoding="utf-8")
    cpu = usage.ru_utime + usage.ru_stime
    assert cpu < 5, f"{cpu:.1f}s"
    assert usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024) < GIB
    return out.read_text(encoding="utf-8")


def test_200000_unknown_keys_are_listed_100_and_counted(tmp_path: Path) -> None:
    keys = "".join(f"  k{i}: 1\n" for i in range(200_000))
    plan = f"partnership:\n  name: P\n{keys}partners:\n  - id: a\n    name: A\n"
    output = bounded(tmp_path, plan)
    lines = output.splitlines()
    assert len(lines) == 102
    assert lines[0] == "plan.yaml:3:3: error LC002 schema: unknown key 'k0' at partnership.k0"
    assert lines[99].startswith("plan.yaml:102:3: error LC002 schema: unknown key 'k99' ")
    assert lines[100] == (
        "plan.yaml:103:3: error LC002 schema: … and 199,900 more unknown keys "
        "(only the first 100 are listed)"
    )
    assert lines[101] == "101 findings (101 errors, 0 warnings, 0 info open) in 1 file"


def test_100000_partners_with_one_id_are_listed_100_and_counted(tmp_path: Path) -> None:
    partners = "".join("  - id: p\n    name: P\n" for _ in range(100_000))
    output = bounded(tmp_path, f"partnership:\n  name: P\npartners:\n{partners}")
    lines = output.splitlines()
    assert lines[0] == (
        "plan.yaml:6:9: error LC005 duplicate-id: partner id 'p' is used twice (first at line 4)"
    )
    assert lines[100] == (
        "plan.yaml:206:9: error LC005 duplicate-id: … and 99,899 more repeated ids "
        "(only the first 100 are listed)"
    )
    assert len(lines) == 102


def test_200000_repeated_keys_are_listed_100_and_counted(tmp_path: Path) -> None:
    plan = "partnership:\n  name: P\n" + "  k: 1\n" * 200_000 + "partners:\n  - {id: a, name: A}\n"
    output = bounded(tmp_path, plan)
    lines = output.splitlines()
    assert lines[0] == (
        "plan.yaml:4:3: error LC004 duplicate-key: key 'k' appears twice in this mapping "
        "(first at line 3); the later value wins"
    )
    assert lines[100] == (
        "plan.yaml:104:3: error LC004 duplicate-key: … and 199,899 more repeated keys "
        "(only the first 100 are listed)"
    )
    assert len(lines) == 103  # and the unknown key 'k'


def test_100000_lost_dashes_are_listed_100_and_counted(tmp_path: Path) -> None:
    item = "  - id: a{0}\n    name: A\n    id: b{0}\n    name: B\n"
    items = "".join(item.format(n) for n in range(100_000))
    output = bounded(tmp_path, f"partnership:\n  name: P\npartners:\n{items}")
    lines = output.splitlines()
    assert lines[0] == (
        "plan.yaml:6:5: error LC004 duplicate-key: a new item of partners seems to start here "
        "without its '-': 'id' and 'name' are already given in the item above (from line 4); "
        "put '- ' before 'id'"
    )
    assert lines[99].startswith("plan.yaml:402:5: error LC004 duplicate-key: a new item of ")
    assert lines[100] == (
        "plan.yaml:406:5: error LC004 duplicate-key: … and 99,900 more list items without "
        "their '-' (only the first 100 are listed)"
    )
    assert len(lines) == 102


def test_many_pasted_characters_are_listed_100_and_counted() -> None:
    import leadcheck

    people = "".join(f"  - id: p\u2013{n}\n    name: P\n" for n in range(150))
    findings = leadcheck.audit(text=f"{BASE}people:\n{people}").findings
    assert len(findings) == 101
    assert "contains an en dash" in findings[99].message
    assert findings[100].message == (
        "… and 50 more values changed by pasted characters (only the first 100 are listed)"
    )
    assert (findings[100].location.line, findings[100].location.column) == (207, 10)  # p–100


def _long_ids(count: int) -> tuple[str, list[str]]:
    """`count` ids of 200 characters that differ only in their last eight."""
    rng = random.Random(11)
    stem = "".join(rng.choice("abcdefghij-") for _ in range(192))
    return stem, [f"{stem}{i:08d}" for i in range(count)]


def test_dangling_references_among_500_long_similar_ids(tmp_path: Path) -> None:
    stem, ids = _long_ids(500)
    people = "".join(f"  - id: {i}\n    name: N{n}\n" for n, i in enumerate(ids))
    streams = "".join(
        f"  - id: w{n}\n    name: W\n    lead: {stem}{n:07d}q\n    champions: [{stem}x{n:06d}]\n"
        for n in range(40)
    )
    plan = f"{BASE}people:\n{people}work_streams:\n{streams}"
    output = bounded(tmp_path, plan)
    assert output.count("error LC003") == 80
    assert output.endswith("80 findings (80 errors, 0 warnings, 0 info open) in 1 file\n")


def test_did_you_mean_is_difflibs_answer_for_ordinary_words() -> None:
    from leadcheck.suggest import closest

    rng = random.Random(5)
    names = ["smith", "jones", "tran", "patel", "osei", "wright", "moreno", "byrne", "price"]
    for size in (1, 20, 500):
        pool = [f"p-{rng.choice(names)}{rng.randint(1, 99)}" for _ in range(size)]
        for _ in range(40):
            word = rng.choice(pool)
            at = rng.randrange(len(word))
            word = word[:at] + rng.choice("aeiouxyz-") + word[at + rng.randint(0, 1) :]
            expected = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
            assert closest(word, pool) == (expected[0] if expected else None), (word, pool)


@pytest.mark.parametrize(
    ("word", "choice", "count", "seconds"),
    [
        ("a" * 100, "ab" * 50, 500, 0.5),  # one letter against two: difflib's slowest case
        ("abc" * 33, "cba" * 33, 500, 0.5),
        ("x" * 150 + "y" * 49, "xy" * 100, 500, 0.5),
        # Reading a million characters once takes 0.1 s, and 0.5 s or more when the
        # suite runs under coverage on a busy machine; comparing them pairwise, hours.
        ("x" * 1_000_000, "x" * 1_000_000, 5, 2.0),
    ],
)
def test_did_you_mean_work_is_bounded(word: str, choice: str, count: int, seconds: float) -> None:
    from leadcheck.suggest import closest

    choices = [f"{choice}{i}" for i in range(count)]
    start = time.process_time()
    closest(word, choices)
    assert time.process_time() - start < seconds


def test_many_dangling_references_list_the_first_100_in_file_order() -> None:
    import leadcheck

    streams = "".join(f"  - id: w{n}\n    name: W\n    lead: p-{n}\n" for n in range(150))
    people = "people:\n  - id: p-1\n    name: P\n"
    report = leadcheck.audit(text=f"{BASE}{people}work_streams:\n{streams}")
    findings = report.findings
    assert len(findings) == 101
    assert [f.location.line for f in findings] == sorted(f.location.line for f in findings)
    assert (
        findings[0].message == "work_streams[0].lead: 'p-0' names no person (did you mean 'p-1'?)"
    )
    assert findings[99].message.startswith("work_streams[100].lead: 'p-100' names no person")
    assert findings[100].message == (
        "… and 49 more references that match no id (only the first 100 are listed)"
    )
    assert findings[100].location.line == findings[99].location.line + 3


# --- control characters in messages on stderr ------------------------------------------

HOSTILE_NAME = "plan\x1b[2J\u202egnp.yaml"
SHOWN_NAME = "plan\\x1b[2J\\u202egnp.yaml"
RAW_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def one_visible_line(stderr: str) -> str:
    assert stderr.endswith("\n")
    assert stderr.count("\n") == 1, stderr
    assert not RAW_CONTROL.search(stderr), ascii(stderr)
    return stderr


def test_a_missing_file_with_controls_in_its_name_is_shown_visibly(tmp_path: Path) -> None:
    result = leadcheck("lint", HOSTILE_NAME, cwd=tmp_path)
    assert result.returncode == 2
    assert one_visible_line(result.stderr) == (
        f"leadcheck: error: {SHOWN_NAME}: no such file or directory\n"
    )


def test_an_unreadable_file_with_controls_in_its_name_is_shown_visibly(tmp_path: Path) -> None:
    (tmp_path / HOSTILE_NAME).mkdir()  # a folder where the plan should be...
    (tmp_path / HOSTILE_NAME / "plan.yaml").symlink_to("nowhere.yaml")  # ...holding a dead link
    result = leadcheck("audit", f"{HOSTILE_NAME}/plan.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert SHOWN_NAME + "/plan.yaml" in one_visible_line(result.stderr)
    if os.geteuid() != 0:  # root reads any file
        (tmp_path / "x.yaml").write_text(RIVERSIDE, encoding="utf-8")
        (tmp_path / "x.yaml").rename(tmp_path / HOSTILE_NAME / "locked.yaml")
        (tmp_path / HOSTILE_NAME / "locked.yaml").chmod(0)
        result = leadcheck("lint", f"{HOSTILE_NAME}/locked.yaml", cwd=tmp_path)
        assert result.returncode == 2
        assert SHOWN_NAME + "/locked.yaml" in one_visible_line(result.stderr)


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["-f", "json", "-o", "missing\u2066folder/r.json"], "missing\\u2066folder"),
        (["--fail-on", "x\x1b]0;title\x07"], "'x\\x1b]0;title\\x07'"),
        (["-f", "json", "-o", "\u200fno\x9b\n/r.json"], "\\u200fno\\x9b\\n/r.json"),
    ],
)
def test_controls_in_options_are_shown_visibly(tmp_path: Path, args: list[str], shown: str) -> None:
    (tmp_path / "plan.yaml").write_text(RIVERSIDE, encoding="utf-8")
    result = leadcheck("audit", "plan.yaml", *args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert shown in one_visible_line(result.stderr)


def test_escape_controls() -> None:
    from leadcheck.words import escape_controls

    assert escape_controls("a\x1b[31mb\x07\x00\x7f\x85\t\r\n") == (
        "a\\x1b[31mb\\x07\\x00\\x7f\\x85\\t\\r\\n"
    )
    bidi = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    assert escape_controls(bidi) == "".join(f"\\u{ord(c):04x}" for c in bidi)
    assert escape_controls(os.fsdecode(b"plan\xff.yaml")) == "plan\\xff.yaml"
    assert escape_controls("C:\\plans\\Zoë — ✓ 🙂.yaml") == "C:\\plans\\Zoë — ✓ 🙂.yaml"


# --- links in markdown: user text never becomes a live link or image on GitHub ----------

LINKS = (
    "[y](https://evil.example/a) ![x](http://evil.example/i.png) <http://evil.example/b> "
    "www.evil.example WWW.Evil.Example (www.evil.example) _www.evil.example_ "
    "*https://evil.example/c* ~ftp://evil.example/d~ x;http://evil.example/e <b>bold</b> "
    "<img src=http://evil.example/f.png> [z]: http://evil.example/g "
    # Domains the model of GitHub's autolinks knows (a real top-level domain).
    "www.evil.example.com mail@evil.example.com first.last+tag@mail.example.com"
)
SOUND = f"""\
partnership:
  name: "P {LINKS}"
  as_of: 2026-06-30
partners:
  - id: rc
    name: "Council {LINKS}"
people:
  - id: p-ana
    name: "Ana {LINKS}"
    employer: rc
work_streams:
  - id: ws-crisis
    name: "Crisis {LINKS}"
    champions: [p-ana]
  - id: ws-housing
    name: "Housing {LINKS}"
waivers:
  - rule: LC203
    target: ws-housing
    reason: "Because {LINKS}"
    owner: p-ana
    expires: 2026-09-30
"""
BROKEN = """\
partnership:
  name: "B www.evil.example"
partners:
  - {id: rc, name: R}
  - {id: rc, name: "Again http://evil.example/h"}
"www.evil.example/k": 1
"https://evil.example/l": 2
work_streams:
  - id: ws
    name: W
    lead: "http://evil.example/p"
    champions: ["www.evil.example"]
waivers:
  - {rule: LC203, target: "https://evil.example/t", owner: "www.evil.example", reason: r}
"""


def _markdown_reports() -> list[str]:
    from leadcheck.engine import check_text, report
    from leadcheck.formats import Format, RenderOptions, renderer, rule_catalog
    from leadcheck.formats.summary import render_compact

    sound = check_text(SOUND, "www.evil.example/plan.yaml")
    broken = check_text(BROKEN, "https://evil.example/broken.yaml")
    assert any(f.waived for f in sound.findings)
    assert any("names no person" in f.message for f in broken.findings)
    options = RenderOptions(catalog=rule_catalog())
    markdown = renderer(Format.MARKDOWN)
    both, one = report([sound, broken]), report([sound])
    return [
        markdown(both, options),
        markdown(one, options),
        render_compact(both, options, full_report="http://evil.example/full.md"),
        render_compact(one, options, full_report="www.evil.example/full.md"),
    ]


def test_user_text_in_markdown_makes_no_link_or_image() -> None:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("gfm-like")  # with linkify-it: GitHub's own autolinks, www. and emails
    for source in _markdown_reports():
        assert "evil.example" in source.replace("\\", "")
        html = parser.render(source)
        assert "<a" not in html
        assert "<img" not in html
        assert "<b>" not in html
        # GitHub links `www.` and `scheme://` by themselves wherever they are read
        # unescaped; a backslash before the `.` or `:` shows it and stops that.
        unescaped = re.sub(r"\\.", "", source)
        assert "://" not in unescaped
        assert "www." not in unescaped.lower()


def test_ordinary_text_with_dots_is_not_escaped_in_markdown() -> None:
    from leadcheck.formats.markdown import text

    for plain in ("St. Mary's", "e.g. the 3.5 FTE", "Dr. A. Okafor: v1.2", "partnership.as_of"):
        assert text(plain) == plain
    assert (
        text("see www.nhs.uk or https://nhs.uk.") == "see www\\.nhs\\.uk or https\\://nhs\\.uk\\."
    )
