"""Config files: `.leadcheck.yaml`, or `[tool.leadcheck]` in `pyproject.toml`.

Read with the plan's own safe loader (YAML) or tomllib, validated by a pydantic
model that forbids unknown keys, then checked against the rule registry: rule
ids, selectors and every rule parameter, before any rule runs. Every mistake is
one `ConfigError` naming the file, line and column, with "did you mean".

Finding the file is `leadcheck.settings.find_config` (it must stay cheap);
this module is imported only when there is a file to read.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from leadcheck.errors import ConfigError
from leadcheck.findings import Severity, YamlPath, format_path
from leadcheck.formats._common import visible
from leadcheck.loader import Positions, load_bytes
from leadcheck.meta import ParamValue, RuleMeta
from leadcheck.model import Waiver
from leadcheck.records import field, record, replace
from leadcheck.settings import PYPROJECT, FailOn, RunSettings, options_for
from leadcheck.suggest import did_you_mean

if TYPE_CHECKING:
    from leadcheck.engine import Options

SCHEMA_ID = "urn:leadcheck:schema:config:1"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
DEFAULT = "default"
COMMAND_LINE = "command line"


def _one_or_many(value: object) -> object:
    # `select: LC2` is as natural to write as `select: [LC2]`.
    return [value] if isinstance(value, str) else value


Selectors = Annotated[list[Annotated[str, Field(strict=True)]], BeforeValidator(_one_or_many)]


class ConfigFile(BaseModel):
    """leadcheck settings: `.leadcheck.yaml`, or `[tool.leadcheck]` in pyproject.toml.

    Command-line options win over these.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    select: Selectors = Field(default_factory=list)
    """Run only these rules: ids (LC201), id prefixes (LC2), slugs or theme names."""
    ignore: Selectors = Field(default_factory=list)
    """Skip these rules: ids, id prefixes, slugs or theme names."""
    severity: dict[str, Severity] = Field(default_factory=dict)
    """Per-rule severity overrides, e.g. {LC607: warning}."""
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Per-rule parameters, e.g. {LC204: {max_roles: 4}}; `leadcheck explain` lists them."""
    fail_on: FailOn | None = None
    """The lowest unwaived severity that fails a run (error, warning, info, never)."""
    fail_under: Annotated[float, Field(strict=True, ge=0, le=100)] | None = None
    """Also fail when the overall score is below this (0-100)."""
    as_of_max_age_days: Annotated[int, Field(strict=True, ge=0)] | None = None
    """The most days a plan's `partnership.as_of` may lag behind today."""
    waiver_max_days: Annotated[int, Field(strict=True, ge=1)] | None = None
    """The longest a waiver may run, in days."""
    waiver_min_reason_words: Annotated[int, Field(strict=True, ge=0)] | None = None
    """The shortest acceptable waiver reason, in characters."""
    exclude: Selectors = Field(default_factory=list)
    """Globs of plan files to skip when searching folders, relative to this file's folder."""
    waivers: list[Waiver] = Field(default_factory=list)
    """Organisation-wide waivers, in the same form as a plan's, applied to every plan."""


KEYS = tuple(ConfigFile.model_fields)


@record
class FileConfig:
    """A validated config file: the settings it makes, and the line of each."""

    path: str
    """The file as shown in messages."""
    folder: str
    """The file's folder: `exclude` globs are relative to it."""
    values: Mapping[str, Any] = field(default_factory=dict)
    """Only the settings the file makes, normalised (tuples, ids, enums), keyed by
    RunSettings field (`rules` becomes `params`)."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """`select`, `rules.LC204.max_roles`, ... -> the line that sets it."""

    def source(self, key: str) -> str:
        return f"{self.path}:{self.lines.get(key, 1)}"

    def options(self) -> Options:
        """The engine options this file asks for (for `leadcheck.audit(config=...)`)."""
        return options_for(apply(RunSettings(command="audit", paths=(), outputs=()), self))


# --- reading ------------------------------------------------------------------------


def load(path: str | Path) -> FileConfig:
    """Read and check a config file; ConfigError (with file and line) when it is wrong.

    A `.toml` file is read from its `[tool.leadcheck]` table, or from the top
    level when it has none and is not a pyproject.toml.
    """
    shown = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read config file: {exc.strerror or exc}") from None
    if Path(path).suffix == ".toml":
        data, positions, prefix = _read_toml(raw, shown, Path(path).name == PYPROJECT)
        return check(data, shown, positions, prefix)
    data, positions = _read_yaml(raw, shown)
    return check(data, shown, positions)


def _read_yaml(raw: bytes, shown: str) -> tuple[dict[str, Any], Positions]:
    loaded = load_bytes(raw, shown)
    if loaded.findings:
        first = loaded.findings[0]
        if loaded.data is None and "must be a mapping" in first.message:
            if _blank_yaml(raw):
                return {}, loaded.positions
            message = "the config must be a mapping of settings (key: value)"
        else:
            message = first.message
        loc = first.location
        raise ConfigError(f"{shown}:{loc.line}:{loc.column}: {message}")
    assert loaded.data is not None
    return loaded.data, loaded.positions


def _blank_yaml(raw: bytes) -> bool:
    """Only comments and blank lines (or `---`): an empty config is allowed."""
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return all(line in ("", "---", "...", "~", "null") for line in lines)


def _read_toml(
    raw: bytes, shown: str, pyproject: bool
) -> tuple[dict[str, Any], Positions, YamlPath]:
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: not valid UTF-8 at byte {exc.start}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: not valid TOML: {exc}") from None
    positions = toml_positions(raw.decode("utf-8-sig"))
    tool = data.get("tool")
    if isinstance(tool, dict) and "leadcheck" in tool:
        table = tool["leadcheck"]
        if not isinstance(table, dict):
            line = positions.locate(("tool", "leadcheck"))[1]
            raise ConfigError(f"{shown}:{line}: [tool.leadcheck] must be a table of settings")
        return table, positions, ("tool", "leadcheck")
    if pyproject:
        raise ConfigError(f"{shown}: has no [tool.leadcheck] table")
    return data, positions, ()


_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\]|\\.)*"'
_LITERAL = r"'[^']*'"
_PART = f"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_TABLE = re.compile(rf"\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(rf"(\s*)({_DOTTED})\s*=\s*")


def toml_positions(text: str) -> Positions:
    """Where each key of a TOML file is, from a line scan (tomllib gives no positions).

    Tables, arrays of tables and `key = value` lines are found; keys inside
    inline tables and multi-line arrays fall back to the line of their parent.
    """
    positions = Positions()
    prefix: YamlPath = ()
    counts: dict[YamlPath, int] = {}
    quote: str | None = None
    path: YamlPath
    for number, line in enumerate(text.splitlines(), 1):
        if quote is not None:  # inside a multi-line string
            if line.count(quote) % 2:
                quote = None
            continue
        if table := _TABLE.match(line):
            path = _key_parts(table.group(2))
            mark = (number, line.index("[") + 1)
            if table.group(1) == "[[":
                index = counts.get(path, 0)
                counts[path] = index + 1
                positions.keys.setdefault(path, mark)
                prefix = (*path, index)
            else:
                prefix = path
            positions.keys.setdefault(prefix, mark)
            positions.values.setdefault(prefix, mark)
            continue
        if key := _KEY.match(line):
            path = (*prefix, *_key_parts(key.group(2)))
            positions.keys.setdefault(path, (number, len(key.group(1)) + 1))
            positions.values.setdefault(path, (number, key.end() + 1))
            rest = line[key.end() :]
            for triple in ('"""', "'''"):
                if rest.count(triple) % 2:
                    quote = triple
    return positions


def _key_parts(dotted: str) -> tuple[str, ...]:
    parts = re.findall(_PART, dotted)
    return tuple(json.loads(p) if p[0] == '"' else p.strip("'") for p in parts)


# --- checking -----------------------------------------------------------------------


def check(
    data: Mapping[str, Any],
    shown: str = "<config>",
    positions: Positions | None = None,
    prefix: YamlPath = (),
) -> FileConfig:
    """Validate config data; `positions` (keys under `prefix`) give lines to messages."""
    where = _Where(shown, positions or Positions(), prefix)
    try:
        model = ConfigFile.model_validate(dict(data))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # A misspelt key usually explains a missing one: report it first.
        first = min(errors, key=lambda e: (e["type"] == "missing", where.mark(tuple(e["loc"]))))
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        path = tuple(first["loc"])
        at_key = first["type"] in ("extra_forbidden", "missing")
        raise ConfigError(where.say(path, _message(first, path) + more, at_key)) from None
    return _checked(model, data, where)


@record
class _Where:
    file: str
    positions: Positions
    prefix: YamlPath

    def mark(self, path: YamlPath, at_key: bool = True) -> tuple[int, int]:
        _, line, column = self.positions.locate((*self.prefix, *path), prefer_key=at_key)
        return line, column

    def say(self, path: YamlPath, message: str, at_key: bool = False, named: bool = True) -> str:
        line, column = self.mark(path, at_key)
        name = format_path(path) if named else ""
        said = f"{self.file}:{line}:{column}: {name + ': ' if name else ''}{message}"
        return visible(said, newline="↵")  # one line; a key may hold anything


def _message(error: ErrorDetails, path: YamlPath) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = list(_model_at(path[:-1]).model_fields)
        return f"unknown key {key!r}{did_you_mean(key, allowed)}; known keys: {', '.join(allowed)}"
    if kind == "missing":
        return f"missing required field {str(path[-1])!r}"
    if kind == "enum":
        choices = ", ".join(str(v) for v in _choices(path))
        hint = " (YAML reads unquoted yes/no as true/false)" if isinstance(value, bool) else ""
        return f"{_show(value)} is not one of {choices}{hint}"
    if kind.startswith("date"):
        return f"{_show(value)} is not a valid date; write YYYY-MM-DD"
    if kind == "string_pattern_mismatch":
        return f"{_show(value)} is not a rule id such as LC201"
    bounds = {"greater_than_equal": ("ge", "at least"), "less_than_equal": ("le", "at most")}
    if kind in bounds:
        key, words = bounds[kind]
        return f"{_show(value)} is out of range; it must be {words} {error['ctx'][key]:g}"
    expected = _EXPECTED.get(kind)
    if expected:
        return f"expected {expected}, got {_show(value)}"
    return str(error["msg"])


_EXPECTED = {
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping of fields",
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
}


def _model_at(path: YamlPath) -> type[BaseModel]:
    return Waiver if path[:1] == ("waivers",) else ConfigFile


def _choices(path: YamlPath) -> list[str]:
    if path[:1] == ("fail_on",):
        return [f.value for f in FailOn]
    return [s.value for s in Severity]


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _checked(model: ConfigFile, data: Mapping[str, Any], where: _Where) -> FileConfig:
    """Check what the model cannot know: rule ids, selectors and rule parameters."""
    from leadcheck.rules import registry
    from leadcheck.structure import STRUCTURE_RULES

    rules = {rid: rule.meta for rid, rule in registry().items()}
    lookup = _RuleLookup(rules, STRUCTURE_RULES)
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}

    def note(key: str, path: YamlPath) -> None:
        lines[key] = where.mark(path)[0]

    for key in ("select", "ignore"):
        if key in data:
            selectors: list[str] = getattr(model, key)
            for i, selector in enumerate(selectors):
                if problem := lookup.selector_problem(selector):
                    raise ConfigError(where.say((key, i), problem))
            values[key] = tuple(selectors)
            note(key, (key,))
    severity: dict[str, Severity] = {}
    for name, level in model.severity.items():
        rule_id = lookup.rule(name, where, ("severity", name))
        severity[rule_id] = level
        note(f"severity.{rule_id}", ("severity", name))
    if "severity" in data:
        values["severity"] = severity
    params: dict[str, dict[str, ParamValue]] = {}
    for name, given in model.rules.items():
        rule_id = lookup.rule(name, where, ("rules", name))
        meta = rules[rule_id]
        checked: dict[str, ParamValue] = {}
        for param, value in given.items():
            try:
                checked.update(meta.check_params({param: value}))
            except ConfigError as exc:
                at_key = param not in meta.param_specs
                at = ("rules", name, param)
                raise ConfigError(where.say(at, str(exc), at_key, named=False)) from None
            note(f"rules.{rule_id}.{param}", ("rules", name, param))
        params[rule_id] = {p: checked[p] for p in given}
    if "rules" in data:
        values["params"] = params
    for index, waiver in enumerate(model.waivers):
        lookup.rule(waiver.rule, where, ("waivers", index, "rule"), waivable=True)
    if "waivers" in data:
        values["waivers"] = tuple(model.waivers)
        note("waivers", ("waivers",))
    for key in (
        "fail_on",
        "fail_under",
        "as_of_max_age_days",
        "waiver_max_days",
        "waiver_min_reason_words",
    ):
        if key in data and getattr(model, key) is not None:
            values[key] = getattr(model, key)
            note(key, (key,))
    if "exclude" in data:
        values["exclude"] = tuple(model.exclude)
        note("exclude", ("exclude",))
    folder = os.path.dirname(where.file) or "."
    return FileConfig(path=where.file, folder=folder, values=values, lines=lines)


@record
class _RuleLookup:
    rules: Mapping[str, RuleMeta]
    structure: Mapping[str, RuleMeta]

    def rule(self, name: str, where: _Where, path: YamlPath, waivable: bool = False) -> str:
        """`name` if it is a theme rule's id, else ConfigError at `path` (a slug gets its id)."""
        if name in self.rules:
            return name
        by_slug = {meta.slug: rid for rid, meta in self.rules.items()}
        if name in by_slug:
            message = f"name rules by id: write {by_slug[name]} for {name!r}"
        elif name in self.structure:
            what = "cannot be waived" if waivable else "cannot be configured"
            message = f"{name} is a structure rule and {what}"
        else:
            message = f"unknown rule {name!r}{did_you_mean(name, self.rules)}"
        raise ConfigError(where.say(path, message, not waivable))

    def selector_problem(self, selector: str) -> str | None:
        from leadcheck.engine import matches
        from leadcheck.rules import THEMES

        metas = [*self.structure.values(), *self.rules.values()]
        if any(matches(meta, selector) for meta in metas):
            return None
        words = [*self.rules, *(m.slug for m in self.rules.values()), *THEMES]
        return f"unknown rule, slug or theme {selector!r}{did_you_mean(selector, words)}"


# --- merging with the command line --------------------------------------------------


def apply(settings: RunSettings, config: FileConfig, given: Iterable[str] = ()) -> RunSettings:
    """`settings` with the file's values, except where the command line gave one.

    `given` names the settings given on the command line. `--select` there
    replaces the file's `select` and `ignore` alike, so that what was asked for runs.
    """
    cli = set(given)
    changes: dict[str, Any] = {}
    for name, value in config.values.items():  # keyed by RunSettings field
        if name in cli or (name == "ignore" and "select" in cli):
            continue
        changes[name] = value
    return replace(settings, **changes, config_file=config.path, exclude_base=config.folder)


@record
class Row:
    """One effective setting, as `leadcheck config` shows it."""

    setting: str
    value: Any
    """Plain JSON data."""
    source: str


def effective(settings: RunSettings, config: FileConfig | None, given: Iterable[str]) -> list[Row]:
    """Every setting in force and where it came from: default, a file line, or the command line."""
    from leadcheck.rules import registry

    cli = set(given)
    values = config.values if config else {}

    def source(key: str) -> str:
        if key in cli:
            return COMMAND_LINE
        if key == "ignore" and "select" in cli and "ignore" in values:
            return f"{COMMAND_LINE} (--select)"
        if config and key in config.lines:
            return config.source(key)
        return DEFAULT

    rows = [
        Row("select", list(settings.select), source("select")),
        Row("ignore", list(settings.ignore), source("ignore")),
        Row("fail_on", settings.fail_on.value, source("fail_on")),
        Row("fail_under", settings.fail_under, source("fail_under")),
        Row("as_of_max_age_days", settings.as_of_max_age_days, source("as_of_max_age_days")),
        Row("waiver_max_days", settings.waiver_max_days, source("waiver_max_days")),
        Row(
            "waiver_min_reason_words",
            settings.waiver_min_reason_words,
            source("waiver_min_reason_words"),
        ),
        Row("exclude", list(settings.exclude), source("exclude")),
    ]
    rows += [
        Row(f"severity.{rid}", level.value, source(f"severity.{rid}"))
        for rid, level in sorted(settings.severity.items())
    ]
    for rid, rule in registry().items():
        for name, spec in rule.meta.param_specs.items():
            key = f"rules.{rid}.{name}"
            value = settings.params.get(rid, {}).get(name, spec.default)
            rows.append(Row(key, value, source(key)))
    waivers = [f"{w.rule}{'/' + w.target if w.target else ''}" for w in settings.waivers]
    rows.append(Row("waivers", waivers, source("waivers")))
    return rows


def rows_table(config_file: str | None, rows: Sequence[Row]) -> str:
    """`leadcheck config` as a plain table: setting, value, source (user text shown literally)."""

    def cell(value: Any) -> str:
        if value is None:
            return "-"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value) if value else "-"
        return str(value)

    raw = [("setting", "value", "source"), *((r.setting, cell(r.value), r.source) for r in rows)]
    table = [[visible(c, newline="↵") for c in row] for row in raw]
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    shown = visible(config_file, newline="↵") if config_file else "(none)"
    lines = [f"config file: {shown}", ""]
    for row in table:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def rows_json(config_file: str | None, rows: Sequence[Row]) -> str:
    """`leadcheck config --format json`: {"config_file", "settings": {name: {value, source}}}."""
    data = {
        "config_file": config_file,
        "settings": {r.setting: {"value": r.value, "source": r.source} for r in rows},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- exclude ------------------------------------------------------------------------


def excluded(file: str, patterns: Sequence[str], base: str) -> bool:
    """Whether a plan found in a folder matches an `exclude` glob.

    The globs follow the rules of a `.gitignore` in `base`, matched by the same
    matcher as folder searches and `--exclude` (`leadcheck.discovery.Exclude`):
    `plans/archive` is that folder under `base`, `drafts` any folder or file so
    named, `*.draft.yaml` any such file.
    """
    from leadcheck.discovery import Exclude

    return Exclude(tuple(patterns), base, "exclude").matches(file)


# --- schema -------------------------------------------------------------------------


def config_schema() -> dict[str, Any]:
    """Draft 2020-12 schema of the config file, with each rule's parameters spelled out."""
    from leadcheck.rules import registry

    generated = ConfigFile.model_json_schema(mode="validation")
    schema: dict[str, Any] = {"$schema": DRAFT, "$id": SCHEMA_ID}
    schema.update(generated)
    schema["title"] = "leadcheck configuration (.leadcheck.yaml or [tool.leadcheck])"
    rules = registry()
    per_rule: dict[str, Any] = {}
    for rid, rule in rules.items():
        if not rule.meta.param_specs:
            continue
        props: dict[str, Any] = {}
        for name, spec in rule.meta.param_specs.items():
            prop: dict[str, Any] = {
                "type": "integer" if isinstance(spec.default, int) else "number",
                "default": spec.default,
                "minimum": spec.minimum,
            }
            if spec.maximum is not None:
                prop["maximum"] = spec.maximum
            props[name] = prop
        per_rule[rid] = {
            "type": "object",
            "description": f"{rule.meta.slug}: {rule.meta.title}",
            "properties": props,
            "additionalProperties": False,
        }
    schema["properties"]["rules"] = {
        "description": schema["properties"]["rules"].get("description", ""),
        "type": "object",
        "properties": per_rule,
        "additionalProperties": False,
    }
    schema["properties"]["severity"]["propertyNames"] = {"enum": list(rules)}
    return schema


def config_schema_json() -> str:
    return json.dumps(config_schema(), indent=2, ensure_ascii=False) + "\n"
