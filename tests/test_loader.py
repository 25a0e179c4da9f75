"""Loading: every "bad input" row of quality.md that the loader owns.

Each case goes through `load_bytes` or `load_file` and checks what a user sees:
the rule, the line and column, and the words of the message. Every test runs
twice, once with libyaml (`CSafeLoader`, used when present) and once with the
pure-Python fallback, because a plan must load the same way with either.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path
from textwrap import dedent

import pytest
import yaml

import leadcheck.loader
from leadcheck.advice import PARSER_SAYS
from leadcheck.findings import Severity
from leadcheck.loader import Limits, Loaded, load_bytes, load_file, read_bytes

PARSERS = {"libyaml": getattr(yaml, "CSafeLoader", None), "pure": yaml.SafeLoader}


@pytest.fixture(autouse=True, params=list(PARSERS))
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with each YAML parser the loader may use."""
    name: str = request.param
    if PARSERS[name] is None:
        pytest.skip("libyaml is not installed")
    monkeypatch.setattr(leadcheck.loader, "_Parser", PARSERS[name])
    return name


def load(text: str) -> Loaded:
    return load_bytes(dedent(text).encode("utf-8"), "plan.yaml")


def only(loaded: Loaded) -> tuple[str, int, int, str]:
    """The single finding as (rule, line, column, message)."""
    assert len(loaded.findings) == 1, loaded.findings
    f = loaded.findings[0]
    return f.rule, f.location.line, f.location.column, f.message


def assert_lc001(loaded: Loaded, line: int, column: int, *fragments: str) -> None:
    rule, at_line, at_column, message = only(loaded)
    assert (rule, at_line, at_column) == ("LC001", line, column), message
    for fragment in fragments:
        assert fragment in message
    assert loaded.data is None
    assert loaded.findings[0].severity is Severity.ERROR
    assert loaded.findings[0].location.file == "plan.yaml"


PLAN = """\
partnership:
  name: Northdale
partners:
  - id: ndc
    name: Northdale County Council
"""


def test_a_sound_plan_loads_without_findings() -> None:
    loaded = load(PLAN)
    assert loaded.findings == ()
    assert loaded.data == {
        "partnership": {"name": "Northdale"},
        "partners": [{"id": "ndc", "name": "Northdale County Council"}],
    }


# --- YAML syntax ----------------------------------------------------------------------


def test_unclosed_list_points_at_its_bracket_not_where_the_parser_stopped() -> None:
    loaded = load(
        """\
        partners: [ndc, nhft
        people: []
        """
    )
    # The parser notices the unclosed flow list at the ':' on line 2; the cause is the '['.
    assert_lc001(loaded, 1, 11, "never closed; add ']'", "parser: ", "flow sequence")


def test_over_indented_field_is_blamed_on_its_indentation() -> None:
    loaded = load(
        """\
        partnership:
          name: Northdale
            vision: Home first
        """
    )
    assert_lc001(
        loaded,
        3,
        5,
        "indented 4 spaces but 'name' on line 2 uses 2",
        "parser: mapping values are not allowed",
    )


def test_tab_indentation_is_lc001_at_the_tab() -> None:
    loaded = load("partnership:\n  name: X\n\tvision: Y\n")
    assert_lc001(loaded, 3, 1)


@pytest.mark.parametrize(
    "parser",
    ["libyaml", "pure"],
    indirect=True,
)
def test_tab_indentation_says_to_use_spaces(parser: str) -> None:
    loaded = load("partnership:\n\tname: Northdale\n")
    assert_lc001(loaded, 2, 1, "spaces, not tabs")


@pytest.mark.parametrize("quote", ['"', "'"])
def test_unclosed_quote_is_lc001(quote: str) -> None:
    loaded = load(f"partnership:\n  name: {quote}Northdale\npartners: []\n")
    # The parser reads to the end of the file looking for the closing quote; the
    # finding points at the quote that opened it.
    assert_lc001(loaded, 2, 9, f"the {quote} at column 9 opens a quoted value that is never closed")
    assert "end of stream" in loaded.findings[0].message


# --- the top level must be one mapping --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "what"),
    [
        pytest.param("", "empty", id="empty"),
        pytest.param("\n\n   \n", "empty", id="blank-lines"),
        pytest.param("# a plan\n# to be written\n", "empty", id="only-comments"),
        pytest.param("null\n", "null", id="null"),
        pytest.param("~\n", "null", id="tilde"),
        pytest.param("---\n...\n", "null", id="empty-document"),
        pytest.param("- partnership\n- partners\n", "a list", id="block-list"),
        pytest.param("[partnership, partners]\n", "a list", id="flow-list"),
        pytest.param("Northdale plan\n", "a string", id="string"),
        pytest.param("42\n", "a number", id="number"),
        pytest.param("true\n", "a boolean", id="boolean"),
    ],
)
def test_top_level_must_be_a_mapping(text: str, what: str) -> None:
    loaded = load(text)
    assert_lc001(loaded, 1, 1, "the plan must be a mapping", f"the file is {what}")


def test_several_documents_is_lc001_at_the_second() -> None:
    loaded = load(
        """\
        partnership:
          name: Northdale
        ---
        partners: []
        """
    )
    assert_lc001(loaded, 3, 1, "several YAML documents", "one document")


def test_several_documents_with_explicit_starts() -> None:
    loaded = load("---\npartnership: {name: A}\n---\npartnership: {name: B}\n")
    assert_lc001(loaded, 3, 1, "several YAML documents")


def test_one_explicit_document_is_fine() -> None:
    loaded = load("---\npartnership: {name: A}\n...\n")
    assert loaded.findings == ()
    assert loaded.data == {"partnership": {"name": "A"}}


# --- encodings --------------------------------------------------------------------------


def test_bytes_that_are_not_utf8_give_the_offset() -> None:
    raw = b"partnership:\n  name: Caf\xe9 Partnership\n"
    loaded = load_bytes(raw, "plan.yaml")
    assert_lc001(loaded, 2, 12, "not valid UTF-8", "byte 0xe9", "offset 24", "save the file")
    assert raw[24] == 0xE9


def test_bad_byte_after_multibyte_text_counts_characters() -> None:
    raw = "name: Zoë\nvision: ".encode() + b"\x80\n"
    loaded = load_bytes(raw, "plan.yaml")
    assert raw.index(b"\x80") == 19
    assert_lc001(loaded, 2, 9, "byte 0x80", "offset 19")


def test_bad_byte_in_utf8_file_with_bom() -> None:
    raw = b"\xef\xbb\xbfa: \xff\n"
    loaded = load_bytes(raw, "plan.yaml")
    assert_lc001(loaded, 1, 4, "not valid UTF-8", "byte 0xff", "offset 6")


def test_bad_bytes_in_utf16_file_point_at_the_right_column() -> None:
    # "a:" then a lone high surrogate: the text is "a:" and the bad unit starts at column 3.
    raw = b"\xff\xfe" + "a:".encode("utf-16-le") + b"\x00\xd8"
    loaded = load_bytes(raw, "plan.yaml")
    assert_lc001(loaded, 1, 3, "not valid UTF-16-LE", "offset 6")


def test_truncated_utf16_file_is_lc001_with_offset() -> None:
    raw = b"\xff\xfe" + "a: b\n".encode("utf-16-le") + b"c"
    loaded = load_bytes(raw, "plan.yaml")
    rule, line, _, message = only(loaded)
    assert (rule, line) == ("LC001", 2)
    assert "not valid UTF-16-LE" in message
    assert f"offset {len(raw) - 1}" in message


UNICODE_PLAN = "partnership:\n  name: Café Ωmega 😀\npartners: [{id: ndc, name: Zoë}]\n"


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(UNICODE_PLAN.encode("utf-8"), id="utf-8"),
        pytest.param(UNICODE_PLAN.encode("utf-8-sig"), id="utf-8-bom"),
        pytest.param(b"\xff\xfe" + UNICODE_PLAN.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(b"\xfe\xff" + UNICODE_PLAN.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(b"\xff\xfe\x00\x00" + UNICODE_PLAN.encode("utf-32-le"), id="utf-32-le-bom"),
        pytest.param(b"\x00\x00\xfe\xff" + UNICODE_PLAN.encode("utf-32-be"), id="utf-32-be-bom"),
    ],
)
def test_bom_marked_encodings_are_read(raw: bytes) -> None:
    loaded = load_bytes(raw, "plan.yaml")
    assert loaded.findings == ()
    assert loaded.data == {
        "partnership": {"name": "Café Ωmega 😀"},
        "partners": [{"id": "ndc", "name": "Zoë"}],
    }
    # The BOM is not a character of the plan: positions start at 1:1.
    assert loaded.positions.keys[("partnership",)] == (1, 1)
    assert loaded.positions.values[("partnership", "name")] == (2, 9)
    assert loaded.positions.values[("partners", 0, "name")] == (3, 28)


def test_python_utf16_codec_output_is_read() -> None:
    loaded = load_bytes(UNICODE_PLAN.encode("utf-16"), "plan.yaml")
    assert loaded.findings == ()
    assert loaded.data is not None
    assert loaded.data["partnership"] == {"name": "Café Ωmega 😀"}


# --- binary files -----------------------------------------------------------------------


def test_nul_bytes_are_lc001_at_the_first_one() -> None:
    loaded = load_bytes(b"partnership: x\x00\x00\x00\x01\x02", "plan.yaml")
    assert_lc001(loaded, 1, 15, "unreadable character U+0000", "binary file")


def test_binary_that_is_not_utf8_is_lc001() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    loaded = load_bytes(png, "plan.yaml")
    assert_lc001(loaded, 1, 1, "not valid UTF-8", "byte 0x89", "offset 0")


def test_control_character_is_lc001() -> None:
    loaded = load_bytes(b"partnership:\n  name: A\x07B\n", "plan.yaml")
    assert_lc001(loaded, 2, 10, "U+0007", "binary file")


@pytest.mark.parametrize(
    "parser",
    ["libyaml", "pure"],
    indirect=True,
)
def test_nul_after_non_ascii_text_points_at_the_nul(parser: str) -> None:
    loaded = load_bytes("a: 😀😀\nb: x\x00\n".encode(), "plan.yaml")
    assert_lc001(loaded, 2, 5, "U+0000")


# --- tags: nothing is constructed, nothing is run ---------------------------------------


@pytest.mark.parametrize(
    ("template", "line", "column", "tag"),
    [
        (
            'partnership: !!python/object/apply:os.system ["touch {marker}"]\n',
            1,
            14,
            "python/object/apply:os.system",
        ),
        ('!!python/object/apply:os.system ["touch {marker}"]\n', 1, 1, "python/object/apply"),
        (
            "partnership:\n  name: !!python/object/new:os.system [touch {marker}]\n",
            2,
            9,
            "python/object/new:os.system",
        ),
        (
            "partnership:\n  name: !!python/object/apply:subprocess.call\n"
            "    args: [[touch, {marker}]]\n",
            2,
            9,
            "python/object/apply:subprocess.call",
        ),
        ("partnership: !!python/name:os.system\n", 1, 14, "python/name:os.system"),
        ("partnership: !!python/name:os.system ''\n", 1, 14, "python/name:os.system"),
        ("partnership: !custom {name: x}\n", 1, 14, "!custom"),
        ("partnership: !custom [x]\n", 1, 14, "!custom"),
        ("partnership:\n  name: !custom x  # {marker}\n", 2, 9, "!custom"),
        ("partnership: !!binary aGVsbG8=\n", 1, 14, "binary"),
        ("partnership: !!set {a, b}\n", 1, 14, "set"),
        ("!<tag:example.com,2026:plan> {partnership: x}\n", 1, 1, "tag:example.com,2026:plan"),
    ],
)
def test_non_standard_tags_are_refused_and_nothing_runs(
    template: str, line: int, column: int, tag: str, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    loaded = load_bytes(template.replace("{marker}", str(marker)).encode(), "plan.yaml")
    assert_lc001(loaded, line, column, "unsupported tag", tag, "plain YAML only")
    assert not marker.exists()


def test_core_tags_are_accepted() -> None:
    loaded = load(
        """\
        a: !!str 1
        b: !!int "3"
        c: ! 4
        d: !!map {x: 1}
        e: !!seq [1]
        f: !!null ""
        g: !!bool yes
        h: !!float "1.5"
        """
    )
    assert loaded.findings == ()
    assert loaded.data == {
        "a": "1",
        "b": 3,
        "c": "4",
        "d": {"x": 1},
        "e": [1],
        "f": None,
        "g": True,
        "h": 1.5,
    }


def test_core_tag_with_a_wrong_value_is_lc001() -> None:
    loaded = load('partnership:\n  horizon_months: !!int "thirty"\n')
    assert_lc001(loaded, 2, 19, "'thirty' is not a whole number")


# --- aliases ----------------------------------------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_stopped_quickly() -> None:
    start = time.perf_counter()
    loaded = load(BILLION_LAUGHS)
    elapsed = time.perf_counter() - start
    # The running total passes 100,000 values at the first *e on line 6.
    assert_lc001(loaded, 6, 8, "too many aliases", "100,000 values")
    assert elapsed < 5, f"alias bomb took {elapsed:.2f}s"


def test_alias_bomb_in_mappings_is_stopped() -> None:
    lines = ["l0: &l0 {x: 1, y: 2, z: 3}"]
    lines += [f"l{i}: &l{i} {{a: *l{i - 1}, b: *l{i - 1}, c: *l{i - 1}}}" for i in range(1, 30)]
    start = time.perf_counter()
    loaded = load_bytes("\n".join(lines).encode(), "plan.yaml")
    assert time.perf_counter() - start < 5
    rule, _, _, message = only(loaded)
    assert rule == "LC001"
    assert "too many aliases" in message


def test_alias_limit_is_configurable() -> None:
    text = "base: &b [1, 2, 3]\none: *b\ntwo: *b\n"
    # Each use of *b counts the list and its three items.
    assert load_bytes(text.encode(), limits=Limits(max_alias_values=8)).findings == ()
    loaded = load_bytes(text.encode(), "plan.yaml", Limits(max_alias_values=7))
    assert_lc001(loaded, 3, 6, "too many aliases", "more than 7 values")


def test_alias_limit_counts_values_not_keys() -> None:
    # *m repeats its mapping (1), the value of x (1), the list [2, 3] (1 + 2), the
    # nested *t (3: 600 characters count one per 256 more) and the 600-character
    # text itself (3); keys, and what came before &m opened, do not count.
    long = "z" * 600
    text = f"before: [0, 0]\nt: &t {long}\nm: &m {{x: 1, y: [2, 3], k: *t, w: {long}}}\nn: *m\n"
    # *t at line 3 counts 3, then *m 11: 14 in all.
    assert load_bytes(text.encode(), limits=Limits(max_alias_values=14)).findings == ()
    loaded = load_bytes(text.encode(), "plan.yaml", Limits(max_alias_values=13))
    assert_lc001(loaded, 4, 4, "too many aliases", "more than 13 values")


def test_ordinary_aliases_are_expanded() -> None:
    loaded = load(
        """\
        signatories: &all [ndc, nhft]
        vision_endorsed_by: *all
        sponsor: &p p-dass
        chair: *p
        """
    )
    assert loaded.findings == ()
    assert loaded.data == {
        "signatories": ["ndc", "nhft"],
        "vision_endorsed_by": ["ndc", "nhft"],
        "sponsor": "p-dass",
        "chair": "p-dass",
    }


@pytest.mark.parametrize(
    ("text", "line", "column", "alias"),
    [
        pytest.param("partners: &a [*a]\n", 1, 15, "*a", id="recursive-sequence"),
        pytest.param("partners: &a {x: *a}\n", 1, 18, "*a", id="recursive-mapping"),
        pytest.param("partners: *nowhere\n", 1, 11, "*nowhere", id="undefined"),
        pytest.param("a: *b\nb: &b 1\n", 1, 4, "*b", id="used-before-defined"),
    ],
)
def test_recursive_or_undefined_alias_is_lc001(
    text: str, line: int, column: int, alias: str
) -> None:
    loaded = load(text)
    assert_lc001(
        loaded, line, column, f"repeats the value marked '&{alias[1:]}'", f"if '{alias}' is text"
    )


# --- nesting ----------------------------------------------------------------------------

DEPTH = 10_000


def test_deep_flow_sequences_are_lc001_without_recursion_error() -> None:
    loaded = load_bytes(b"partners: " + b"[" * DEPTH + b"]" * DEPTH + b"\n", "plan.yaml")
    rule, line, _, message = only(loaded)
    assert (rule, line) == ("LC001", 1)
    assert "nest" in message


@pytest.mark.parametrize(
    "parser",
    ["libyaml", "pure"],
    indirect=True,
)
def test_deep_flow_sequences_say_nested_too_deeply(parser: str) -> None:
    loaded = load_bytes(b"partners: " + b"[" * DEPTH + b"]" * DEPTH + b"\n", "plan.yaml")
    if parser == "libyaml":
        # libyaml's scanner meets its own limit (1,000 levels) before any event arrives.
        rule, line, _, message = only(loaded)
        assert (rule, line, message) == ("LC001", 1, "nested too deeply (more than 64 levels)")
        return
    # The plan itself is level 1, so the 64th '[' (column 74) is the 65th level.
    assert_lc001(loaded, 1, 74, "nested too deeply (more than 64 levels)")


def test_deep_flow_mappings_are_lc001() -> None:
    loaded = load_bytes(b"{a: " * DEPTH + b"1" + b"}" * DEPTH + b"\n", "plan.yaml")
    assert_lc001(loaded, 1, 1 + 4 * 64, "nested too deeply (more than 64 levels)")


def test_deep_block_sequences_are_lc001() -> None:
    loaded = load_bytes(b"partners:\n" + b"- " * DEPTH + b"x\n", "plan.yaml")
    assert_lc001(loaded, 2, 1 + 2 * 63, "nested too deeply")


def test_deep_block_mappings_are_lc001(parser: str) -> None:
    if parser == "pure":
        pytest.skip("one parser is enough for a 50 MB input")
    # Ten thousand block levels need 50 MB of indentation; raise the size limit for it.
    raw = "".join(" " * i + "k:\n" for i in range(DEPTH)).encode() + b" " * DEPTH + b"v\n"
    loaded = load_bytes(raw, "plan.yaml", Limits(max_bytes=len(raw)))
    assert_lc001(loaded, 65, 65, "nested too deeply (more than 64 levels)")


def test_block_mappings_past_the_recursion_limit_are_lc001() -> None:
    depth = sys.getrecursionlimit() + 100
    raw = "".join(" " * i + "k:\n" for i in range(depth)).encode()
    loaded = load_bytes(raw, "plan.yaml")
    assert_lc001(loaded, 65, 65, "nested too deeply")


def test_nesting_up_to_the_limit_is_fine() -> None:
    # The plan mapping is one level, so 63 brackets make 64 levels.
    ok = load_bytes(b"a: " + b"[" * 63 + b"]" * 63, "plan.yaml")
    assert ok.findings == ()
    too_deep = load_bytes(b"a: " + b"[" * 64 + b"]" * 64, "plan.yaml")
    assert_lc001(too_deep, 1, 3 + 64, "nested too deeply (more than 64 levels)")


def test_depth_limit_is_configurable() -> None:
    loaded = load_bytes(b"a:\n  b:\n    c: 1\n", "plan.yaml", Limits(max_depth=2))
    assert_lc001(loaded, 3, 5, "nested too deeply (more than 2 levels)")


def test_complex_mapping_key_is_lc001() -> None:
    loaded = load("? [a, b]\n: 1\n")
    assert_lc001(loaded, 1, 3, "a mapping key must be a plain word")


# --- size -------------------------------------------------------------------------------


def test_file_over_the_limit_is_lc001(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"partnership:\n  name: " + b"x" * 100 + b"\n")
    loaded = load_file(str(path), Limits(max_bytes=64))
    rule, line, column, message = only(loaded)
    assert (rule, line, column) == ("LC001", 1, 1)
    assert "file larger than the limit" in message
    assert loaded.data is None
    assert loaded.file == str(path)


def test_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"a: 1\n")
    assert load_file(str(path), Limits(max_bytes=5)).data == {"a": 1}
    loaded = load_file(str(path), Limits(max_bytes=4))
    assert "larger than the limit" in only(loaded)[3]


def test_huge_file_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:  # a sparse 100 MB file: cheap to make
        fh.truncate(100 * 1024 * 1024)
    assert os.path.getsize(path) > Limits().max_bytes

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the over-size file was opened")

    # The loader module looks `open` up in its own globals before the builtins.
    monkeypatch.setattr(leadcheck.loader, "open", no_open, raising=False)
    assert read_bytes(str(path)) is None
    loaded = load_file(str(path))
    rule, line, column, message = only(loaded)
    assert (rule, line, column) == ("LC001", 1, 1)
    assert message.startswith("file larger than the limit of 16 MiB")


def test_oversized_bytes_are_lc001() -> None:
    loaded = load_bytes(b"a: 12345\n", "plan.yaml", Limits(max_bytes=4))
    assert_lc001(loaded, 1, 1, "file larger than the limit")


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_stdin_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b"a: 1\n"))
    loaded = load_file("-")
    assert loaded.file == "<stdin>"
    assert loaded.data == {"a": 1}


def test_stdin_over_the_limit_reads_only_up_to_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stdin = _Stdin(b"a: " + b"x" * 1000)
    monkeypatch.setattr(sys, "stdin", stdin)
    loaded = load_file("-", Limits(max_bytes=10))
    assert only(loaded)[:3] == ("LC001", 1, 1)
    assert "larger than the limit" in loaded.findings[0].message
    assert stdin.buffer.tell() == 11  # the cap plus one byte, no more


def test_missing_file_is_an_oserror(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_file(str(tmp_path / "nowhere.yaml"))


def test_directory_is_an_oserror(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        load_file(str(tmp_path))


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_unreadable_file_is_an_oserror(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"a: 1\n")
    path.chmod(0)
    try:
        with pytest.raises(PermissionError):
            load_file(str(path))
    finally:
        path.chmod(0o600)


# --- duplicate keys ---------------------------------------------------------------------


def test_duplicate_key_is_lc004_at_the_second_and_the_later_value_wins() -> None:
    loaded = load(
        """\
        partnership:
          name: Northdale
          as_of: 2026-06-30
          name: Eastvale
        partners: []
        """
    )
    rule, line, column, message = only(loaded)
    assert (rule, line, column) == ("LC004", 4, 3)
    assert "key 'name' appears twice" in message
    assert "first at line 2" in message
    assert "later value wins" in message
    assert loaded.findings[0].location.path == ("partnership", "name")
    assert loaded.data == {
        "partnership": {"name": "Eastvale", "as_of": "2026-06-30"},
        "partners": [],
    }


def test_duplicate_key_in_a_flow_mapping() -> None:
    loaded = load("partners: [{id: ndc, name: A, id: nhft}]\n")
    assert only(loaded)[:3] == ("LC004", 1, 31)
    assert loaded.data == {"partners": [{"id": "nhft", "name": "A"}]}


def test_duplicate_top_level_section_keeps_the_later_one() -> None:
    loaded = load(
        """\
        people:
          - id: p1
            name: One
        people:
          - id: p2
            name: Two
        """
    )
    assert only(loaded)[:3] == ("LC004", 4, 1)
    assert loaded.data == {"people": [{"id": "p2", "name": "Two"}]}


def test_each_repeat_of_a_key_is_reported() -> None:
    loaded = load("a: 1\na: 2\na: 3\n")
    found = [(f.rule, f.location.line, f.location.column) for f in loaded.findings]
    assert found == [("LC004", 2, 1), ("LC004", 3, 1)]
    assert ["first at line 1" in f.message for f in loaded.findings] == [True, True]
    assert loaded.data == {"a": 3}


def test_same_key_in_different_mappings_is_fine() -> None:
    loaded = load("a: {name: x}\nb: {name: y}\n")
    assert loaded.findings == ()


# --- scalar values ----------------------------------------------------------------------


def test_scalars_load_as_written() -> None:
    loaded = load(
        """\
        int: 36
        negative: -3
        underscored: 1_000
        hex: 0x1F
        float: 2.5
        exponent: 1.5e+3
        not_a_float: 1.5e3
        infinity: .inf
        true_: true
        false_: false
        yes_: yes
        off_: Off
        null_: null
        tilde: ~
        empty:
        quoted_int: "36"
        quoted_bool: 'true'
        quoted_null: "null"
        quoted_date: "2026-06-30"
        version: "2.0"
        text: Home first
        """
    )
    assert loaded.findings == ()
    assert loaded.data == {
        "int": 36,
        "negative": -3,
        "underscored": 1000,
        "hex": 31,
        "float": 2.5,
        "exponent": 1500.0,
        "not_a_float": "1.5e3",  # YAML 1.1 floats need a dot and a signed exponent
        "infinity": float("inf"),
        "true_": True,
        "false_": False,
        "yes_": True,
        "off_": False,
        "null_": None,
        "tilde": None,
        "empty": None,
        "quoted_int": "36",
        "quoted_bool": "true",
        "quoted_null": "null",
        "quoted_date": "2026-06-30",
        "version": "2.0",
        "text": "Home first",
    }
    assert loaded.data is not None
    assert type(loaded.data["int"]) is int
    assert type(loaded.data["true_"]) is bool


PLAIN_SCALARS = """
    0 7 07 08 0o17 0x1F 0x 0b101 0b 1_000 -3 +5 -0 190:20:30 12:30 1:60 36 1e3 1.5e+3 2.5
    .5 1. -.inf +.INF .NaN .nan. 1.2.3 2026-06-30 2026-1-5 2026-01-05T10:00:00Z 20260630
    2026-06-300 2026-06-30x 123456789012345678901234567890 0123 1_2 1,000
    -- + . ~ null Null NULL nul nothing no No NO n y Y yes Yes YES yEs on On ON off OFF
    oFF true True TRUE tRUE false False FALSE o org1 name type owner text tool << <<< = ==
"""


def test_plain_scalars_are_read_as_pyyaml_reads_them() -> None:
    # The loader matches a plain scalar with one pattern per first character, and
    # remembers each text it typed; PyYAML's resolver must agree (dates stay text).
    resolver = yaml.SafeLoader("")
    constructor = yaml.constructor.SafeConstructor()
    read = {
        "bool": constructor.construct_yaml_bool,
        "int": constructor.construct_yaml_int,
        "float": constructor.construct_yaml_float,
        "null": constructor.construct_yaml_null,
    }
    words = [*PLAIN_SCALARS.split(), ""] * 2  # the second time, from memory
    expected = []
    for word in words:
        tag = resolver.resolve(yaml.ScalarNode, word, (True, False))
        kind = tag.rsplit(":", 1)[1]
        expected.append(read[kind](yaml.ScalarNode(tag, word)) if kind in read else word)
    loaded = load("k:\n" + "".join(f"- {word}\n" for word in words))
    assert loaded.findings == ()
    assert loaded.data is not None
    got = loaded.data["k"]
    assert [(type(v), repr(v)) for v in got] == [(type(v), repr(v)) for v in expected]


def test_dates_stay_text_for_the_schema_to_check() -> None:
    loaded = load(
        """\
        as_of: 2026-06-30
        bad: 2026-13-05
        worse: 2026-02-30
        stamp: 2026-01-05T10:00:00Z
        """
    )
    assert loaded.findings == ()
    assert loaded.data == {
        "as_of": "2026-06-30",
        "bad": "2026-13-05",
        "worse": "2026-02-30",
        "stamp": "2026-01-05T10:00:00Z",
    }


def test_keys_are_text_whatever_they_look_like() -> None:
    loaded = load("1: a\ntrue: b\nnull: c\n2026-01-01: d\n")
    assert loaded.findings == ()
    assert loaded.data == {"1": "a", "true": "b", "null": "c", "2026-01-01": "d"}


def test_multiline_and_block_scalars() -> None:
    loaded = load(
        """\
        summary: |
          Get people home
          the day they are ready.
        vision: >-
          Home is the default
          for frail older people.
        plain: one
          two
        """
    )
    assert loaded.findings == ()
    assert loaded.data == {
        "summary": "Get people home\nthe day they are ready.\n",
        "vision": "Home is the default for frail older people.",
        "plain": "one two",
    }


# --- parser errors in plain words (see also tests/data/mistakes/) ------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "advice"),
    [
        pytest.param(
            "partnership:\n  goals:\n    -\tg1\n",
            3,
            6,
            "there is a tab at column 6; YAML needs spaces, not tabs, between a field and its "
            "value and before a comment: replace it with a space",
            id="tab-after-a-dash",
        ),
        pytest.param(
            "partnership:\n  vision: |0\n    text\n",
            2,
            12,
            "the number after '|' must be 1 to 9; usually you can simply remove it",
            id="block-text-indicator-zero",
        ),
        pytest.param(
            "partnership:\n  vision_endorsed_by: [a: b: c]\n",
            2,
            28,
            "an item inside [ ] contains a colon; put that item in quotes",
            id="colon-in-a-bracket-list",
        ),
        pytest.param(
            "partnership:\n  vision_endorsed_by: [a, b]c]\n",
            2,
            23,
            "a value that starts with '[' is read as a list, and text follows its closing "
            'bracket; put the whole value in quotes: vision_endorsed_by: "[a, b]c]"',
            id="text-after-a-bracket-list",
        ),
        pytest.param(
            "partnership: {name: N:}\n",
            1,
            22,
            "an item inside { } contains a colon; put that item in quotes",
            id="colon-ending-an-item-in-braces",
        ),
        pytest.param(
            "partnership:\n  name: N\n: x\n",
            3,
            1,
            "this line starts with ':'; write the field name before it",
            id="line-starts-with-a-colon",
        ),
        pytest.param(
            "partners:\n  -\u00a0id: a\n    name: A\n",
            2,
            4,
            "the character at column 4 (after the '-') is a non-breaking space (U+00A0), "
            "pasted from a word processor; replace it with an ordinary space",
            id="nbsp-after-a-dash",
        ),
        pytest.param(
            "partnership:\n  goals:\n  Halve delays\n",
            3,
            3,
            "this line has text but no ':'; write the field name and ': ' before the text, or "
            "make the line a comment by starting it with '#'",
            id="text-where-a-field-belongs",
        ),
        pytest.param(
            "partnership:\n  " + "x" * 1030 + ": 1\n",
            2,
            3,
            "this field name is 1030 characters long, and YAML allows at most 1024; shorten "
            "it, or if it is text, put it in quotes",
            id="field-name-too-long",
        ),
        pytest.param(
            "partners:\n  - Northdale: council: x\n",
            2,
            23,
            "this text contains ': ' (a colon and a space), which YAML reads as the start of "
            'another field; put the whole value in quotes: - Northdale: "council: x"',
            id="colon-in-a-list-item-value",
        ),
        pytest.param(
            "a:\n  b: c\n d: e\n",
            3,
            2,
            "this line is indented 1 space but the fields above use 2 ('b', line 2); line it "
            "up with the fields it belongs with",
            id="field-between-two-levels",
        ),
        pytest.param(
            "- a\n  b: c\n",
            2,
            4,
            "this line cannot be read; compare its indentation, quotes and brackets with the "
            "lines around it",
            id="no-better-advice",
        ),
    ],
)
def test_parser_errors_in_plain_words(text: str, line: int, column: int, advice: str) -> None:
    loaded = load(text)
    assert_lc001(loaded, line, column, advice + PARSER_SAYS)


def test_a_word_processor_line_break_is_named(parser: str) -> None:
    loaded = load_bytes(b"partnership:\n  name: North\x0cdale\n", "plan.yaml")
    assert_lc001(
        loaded,
        2,
        14,
        "unreadable character U+000C: a page break pasted from a word processor",
        "press Enter for a new line, or delete it" + PARSER_SAYS,
    )


# --- typography: what pasting does to keys, ids and dates -------------------------------


def typography_findings(text: str) -> list[tuple[str, int, int, str]]:
    loaded = load(text)
    return [(f.rule, f.location.line, f.location.column, f.message) for f in loaded.findings]


def test_curly_quotes_around_a_key_are_reported() -> None:
    assert typography_findings("partnership:\n  \u201cname\u201d: N\n") == [
        (
            "LC002",
            2,
            3,
            "partnership: the field name \u201cname\u201d is wrapped in curly quotes, which YAML "
            'keeps as part of the name; use straight quotes: "name"',
        )
    ]


def test_curly_quotes_inside_straight_quotes_are_meant() -> None:
    assert typography_findings("a: '\u201c1.3\u201d'\nb: \"\u2018x\u2019\"\n") == []


def test_curly_quotes_that_do_not_wrap_the_value_are_text() -> None:
    assert typography_findings("a: Women\u2019s Aid\nb: \u201cHome\u201d first\n") == []


def test_a_pasted_space_written_as_an_escape_points_at_the_value() -> None:
    # "\_" is YAML's escape for a non-breaking space: the character is not in the text.
    assert typography_findings('partners:\n  - id: "ndc\\_"\n') == [
        (
            "LC002",
            2,
            9,
            "partners[0].id: 'ndc' has a non-breaking space (U+00A0) after it, pasted from a "
            "word processor; delete it",
        )
    ]


def test_pasted_spaces_in_names_do_no_harm() -> None:
    assert typography_findings("people:\n  - name: Jess\u00a0Tran\u2009Okafor\n") == []


def test_pasted_space_inside_an_id() -> None:
    assert typography_findings("people:\n  - id: p\u00a0tran\n") == [
        (
            "LC002",
            2,
            10,
            "people[0].id: 'p tran' has a non-breaking space (U+00A0) inside it, pasted from a "
            "word processor; replace it with an ordinary space",
        )
    ]


def test_a_date_range_in_a_name_is_not_an_id() -> None:
    assert typography_findings("a: 2026\u20132027\nb: Health\u2013Care\n") == []


def test_a_lost_dash_in_a_list_item_is_one_finding() -> None:
    loaded = load(
        """\
        partners:
          - id: ndc
            name: Northdale County Council
            type: local_authority
            id: nhft
            name: Northdale Hospitals
            type: nhs_trust
        """
    )
    assert [(f.rule, f.location.line, f.location.column) for f in loaded.findings] == [
        ("LC004", 5, 5)
    ]
    assert loaded.findings[0].message == (
        "a new item of partners seems to start here without its '-': 'id', 'name' and 'type' "
        "are already given in the item above (from line 2); put '- ' before 'id'"
    )
    assert loaded.replaced == {
        ("partners", 0, "id"): "ndc",
        ("partners", 0, "name"): "Northdale County Council",
        ("partners", 0, "type"): "local_authority",
    }


def test_a_repeated_field_that_does_not_start_the_item_is_an_ordinary_repeat() -> None:
    loaded = load("partners:\n  - id: ndc\n    name: A\n    name: B\n")
    assert [f.message for f in loaded.findings] == [
        "key 'name' appears twice in this mapping (first at line 3); the later value wins"
    ]


@pytest.mark.parametrize("name", ["libyaml", "pure"])
def test_the_parser_can_be_chosen(name: str) -> None:
    if PARSERS[name] is None:
        pytest.skip("libyaml is not installed")
    loaded = load_bytes(b"partnership: {name: N}\n", "plan.yaml", parser=name)  # type: ignore[arg-type]
    assert loaded.data == {"partnership": {"name": "N"}}
