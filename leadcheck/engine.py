"""Run the rules on validated plans, apply waivers, and score the result.

load -> validate -> rules -> score: this module owns the last two steps and
never prints. Rules yield bare problems; the engine stamps each with its id,
severity (after overrides), theme, target and file position.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from leadcheck import clock, placeholders
from leadcheck.errors import ConfigError
from leadcheck.findings import (
    SEVERITIES,
    AsOfSource,
    Colour,
    FileReport,
    Finding,
    FixNext,
    Location,
    NotAssessed,
    PartnersView,
    Readiness,
    Report,
    RuleScore,
    Severity,
    ThemeScore,
    WaiverUse,
    YamlPath,
    format_path,
)
from leadcheck.loader import Limits, Loaded, load_bytes, load_file
from leadcheck.meta import ParamValue, RuleMeta
from leadcheck.records import field, maker, record, replace
from leadcheck.rules import THEMES, partnering, registry
from leadcheck.rules.base import Context, Params, Problem, Rule, Subject, add_days
from leadcheck.shape import REQUIRED_TEXT, as_pattern
from leadcheck.structure import AUDIT_RULES, STRUCTURE_RULES, structure_finding
from leadcheck.suggest import did_you_mean
from leadcheck.validate import read_plan, validate
from leadcheck.words import plural

if TYPE_CHECKING:
    from leadcheck.model import Plan, Waiver

FIX_NEXT = 10
"""How many "Fix next" entries a file report keeps, unless it has more open errors:
every error is listed, then the best warnings and info up to this many in all."""


@record
class Options:
    """How to run the rules; every field has the catalogue's default."""

    rules: Sequence[Rule] | None = None
    """The theme rules to run (None: every registered rule)."""
    as_of: dt.date | None = None
    """Overrides each plan's `partnership.as_of` (the user's choice: never reported
    as stale); the plan's own date, or today, when not set."""
    severity: Mapping[str, Severity] = field(default_factory=dict)
    """Per-rule severity overrides."""
    params: Mapping[str, Mapping[str, ParamValue]] = field(default_factory=dict)
    """Per-rule parameter overrides."""
    structure: frozenset[str] = frozenset(AUDIT_RULES)
    """Which of the audit's structure rules (LC006-LC011) to report."""
    limits: Limits = field(default_factory=Limits)
    waivers: Sequence[Waiver] = ()
    """Organisation-wide waivers (a config file's), applied after each plan's own.
    They waive until they expire, and never raise a finding in a plan: one config
    serves many plans."""
    today: dt.date | None = None
    """The date a plan's own as_of is compared with (LC009), and the as-of date of
    a plan that gives none; None: `leadcheck.clock.today()`. The CLI passes the
    real date; tests fix it."""
    as_of_max_age_days: int = 31
    """A plan's own as_of more than this many days before today is reported (LC009),
    as is one after today."""
    waiver_max_days: int = 183
    """A waiver of an error may last at most this many days after the as-of date
    (LC010); one with no `expires` is reported too."""
    waiver_min_reason_words: int = 3
    """A waiver of an error needs a reason of at least this many words (LC010)."""


_WHOLE_SETTINGS = ("as_of_max_age_days", "waiver_max_days", "waiver_min_reason_words")


def _check_settings(options: Options) -> None:
    for name in _WHOLE_SETTINGS:
        value = getattr(options, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"{name} must be a whole number of at least 0, not {value!r}")


def select_rules(
    rules: Mapping[str, Rule], select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> list[Rule]:
    """Rules matching any `select` selector and no `ignore` selector.

    A selector is an id (LC201), an id prefix (LC2), a slug or a theme name.
    Unknown selectors raise ConfigError (a ValueError) with a suggestion.
    """
    chosen, dropped = list(select), list(ignore)
    metas = [*STRUCTURE_RULES.values(), *(r.meta for r in rules.values())]
    for selector in (*chosen, *dropped):
        if not any(matches(meta, selector) for meta in metas):
            words = [*rules, *(r.meta.slug for r in rules.values()), *THEMES]
            hint = did_you_mean(selector, words)
            raise ConfigError(f"unknown rule, slug or theme {selector!r}{hint}")
    picked = [r for r in rules.values() if not chosen or any(matches(r.meta, s) for s in chosen)]
    return [r for r in picked if not any(matches(r.meta, s) for s in dropped)]


def matches(meta: RuleMeta, selector: str) -> bool:
    """Whether a selector names the rule: its id or an id prefix such as LC2, its slug
    or its theme. A prefix needs letters and a digit, so `l` alone matches nothing."""
    if _ID_PREFIX.fullmatch(selector) and meta.id.startswith(selector.upper()):
        return True
    return selector in (meta.slug, meta.theme)


_ID_PREFIX = re.compile(r"[A-Za-z]+[0-9]{1,3}")


def check_loaded(loaded: Loaded, options: Options = Options()) -> FileReport:
    """Validate one loaded plan and, when it is sound, run the rules on it."""
    return _check([loaded], options)


def _check(handed: list[Loaded], options: Options) -> FileReport:
    """`check_loaded`, taking the plan out of `handed`: when the caller keeps no other
    reference, the data and positions are freed once the rules have run, before the
    findings are ordered (on a huge plan, that lowers the run's peak memory)."""
    loaded = handed.pop()
    _check_settings(options)
    validated = validate(loaded, rule_ids=registry().keys())
    plan, checked = validated.plan, validated.findings
    del validated  # it holds the loaded plan, which is let go below
    name = _partnership_name(loaded)
    rules = list(options.rules) if options.rules is not None else list(registry().values())
    missing = not_assessed(rules, options)
    if plan is None:
        errors = [f for f in checked if f.severity is Severity.ERROR]
        return FileReport(
            loaded.file,
            checked,
            partnership=name,
            as_of=options.as_of,
            blocked=True,
            as_of_source=AsOfSource.OPTION if options.as_of else None,
            not_assessed=missing,
            fix_next=tuple(FixNext(f, 0.0) for f in errors) if rules else (),
        )
    today = options.today or clock.today()
    as_of, source = _as_of(plan, options, today)
    age = None if source is AsOfSource.OPTION else (today - as_of).days
    audit = _Audit(loaded, options, as_of)
    if source is AsOfSource.PLAN and age is not None:
        audit.check_as_of(age, today)
    if rules:  # a placeholder counts as missing for every rule that reads it
        plan = audit.clean(plan, loaded.data)
    # The rules read the plan's records and the positions, not the raw data: let it go.
    loaded = audit.loaded = replace(loaded, data=None)
    ctx = Context(plan, as_of)
    run = _run_rules(rules, ctx, loaded, options)
    findings, waivers = audit.waivers(run.findings, plan.waivers, rules, ctx)
    notes, where, file = [*checked, *audit.notes], audit.where, loaded.file
    del audit, loaded  # and the positions with it
    themes, overall = _score(run.scores, findings, rules)
    ordered = _Ordered(notes, where, findings, run)
    all_findings = ordered.findings
    return FileReport(
        file=file,
        findings=all_findings,
        partnership=plan.partnership.name,
        as_of=as_of,
        themes=themes,
        rule_scores=tuple(run.scores),
        score=overall,
        readiness=_readiness(all_findings) if themes else None,
        fix_next=_fix_next(ordered, run.scores, themes),
        as_of_source=source,
        as_of_age=age,
        not_assessed=missing,
        waivers=waivers,
        partners_view=_partners_view(plan, rules, options),
    )


def _partners_view(plan: Plan, rules: Sequence[Rule], options: Options) -> PartnersView | None:
    """The partners' own scores, when the partnering theme was assessed."""
    if not any(r.meta.theme == partnering.THEME for r in rules):
        return None
    return partnering.partners_view(plan, options.params)


def _as_of(plan: Plan, options: Options, today: dt.date) -> tuple[dt.date, AsOfSource]:
    if options.as_of is not None:
        return options.as_of, AsOfSource.OPTION
    if plan.partnership.as_of is not None:
        return plan.partnership.as_of, AsOfSource.PLAN
    return today, AsOfSource.TODAY


def not_assessed(rules: Sequence[Rule], options: Options) -> NotAssessed:
    """The themes none of whose rules ran, the rules left out of themes that did run,
    and the audit's structure rules that were ignored."""
    every = registry()
    ran = {r.id for r in rules}
    ran_themes = {r.meta.theme for r in rules}
    themes = [*THEMES, *sorted({r.meta.theme or "other" for r in every.values()} - set(THEMES))]
    left_out = [r.id for r in every.values() if r.id not in ran and r.meta.theme in ran_themes]
    ignored = [rid for rid in AUDIT_RULES if rid not in options.structure]
    return NotAssessed(
        themes=tuple(t for t in themes if t not in ran_themes),
        rules=(*left_out, *ignored),
    )


def check_file(path: str, options: Options = Options()) -> FileReport:
    """Load and check one file (`-` is standard input). OSError for unreadable paths."""
    return _check([load_file(path, options.limits)], options)


def check_text(
    text: str | bytes, file: str = "<string>", options: Options = Options()
) -> FileReport:
    """Check plan text given directly."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return _check([load_bytes(raw, file, options.limits)], options)


def report(files: Iterable[FileReport], options: Options = Options()) -> Report:
    """Bundle file reports with the rules that ran, and what the run left out."""
    rules = options.rules if options.rules is not None else list(registry().values())
    return Report(
        files=tuple(files),
        as_of=options.as_of,
        rules=tuple(r.id for r in rules),
        not_assessed=not_assessed(rules, options),
    )


# --- running ----------------------------------------------------------------------


@record(frozen=False)
class _Run:
    findings: list[Finding] = field(default_factory=list)
    scores: list[RuleScore] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    """Each finding's subject group (by the findings' index): findings of one rule on
    one subject share one, as they share a root cause in Fix next."""
    group_rules: list[str] = field(default_factory=list)
    """The rule of each subject group."""
    fields: list[YamlPath | None] = field(default_factory=list)
    """The field each finding's problem names (when it names one below its subject),
    for grouping findings with one root cause in Fix next."""


def _run_rules(rules: Sequence[Rule], ctx: Context, loaded: Loaded, options: Options) -> _Run:
    run = _Run()
    settings = rule_params(rules, options)  # every setting checked before any rule runs
    file, positions = loaded.file, loaded.positions
    keys, values = positions.keys, positions.values
    # Every rule judging a subject names it: it is located once, and findings about
    # the subject itself share one Location.
    at_subject: dict[YamlPath, Location] = {}
    add_finding, add_group, add_field = run.findings.append, run.groups.append, run.fields.append
    group_rules = run.group_rules
    new_finding, new_location = maker(Finding), maker(Location)  # the same, made quicker
    for rule in rules:
        meta = rule.meta
        rule_id, slug, theme = meta.id, meta.slug, meta.theme
        params = settings[rule_id]
        severity = options.severity.get(rule_id, meta.severity)
        subjects = passed = 0
        groups: dict[YamlPath, int] = {}
        for subject, problems in _judged(rule, ctx, params):
            subjects += 1
            if not problems:
                passed += 1
                continue
            subject_path = subject.path
            group = groups.get(subject_path)
            if group is None:
                group = groups[subject_path] = len(group_rules)
                group_rules.append(rule_id)
            here = at_subject.get(subject_path)
            if here is None:
                _, line, column = positions.locate(subject_path)
                here = at_subject[subject_path] = new_location(file, line, column, subject_path)
            for problem in problems:
                below = problem.path
                if below:
                    path = (*subject_path, *below)
                    # Most named fields are missing (that is the gap): when the first
                    # key is, so is the rest (a key's path is in `values` only if in `keys`).
                    first = below[0]
                    if type(first) is str and keys.get((*subject_path, first)) is None:
                        spot = None
                    else:
                        spot = (
                            keys.get(path)
                            or values.get(path)
                            or _spot_below(keys, values, path[:-1], len(subject_path))
                        )
                    line, column = (here.line, here.column) if spot is None else spot
                    location = new_location(file, line, column, path)
                    add_field(path)
                else:
                    location = here
                    add_field(None)
                add_finding(
                    new_finding(
                        rule_id,
                        slug,
                        severity,
                        problem.message,
                        location,
                        theme,
                        subject.id,
                        problem.fix or meta.fix,
                    )
                )
                add_group(group)
        run.scores.append(RuleScore(rule_id, theme or "other", severity, subjects, passed))
    return run


def _spot_below(
    keys: Mapping[YamlPath, tuple[int, int]],
    values: Mapping[YamlPath, tuple[int, int]],
    path: YamlPath,
    stop: int,
) -> tuple[int, int] | None:
    """Where `Positions.locate` finds `path`, if it does above `stop` parts (the
    subject's own path, located once for every rule)."""
    for end in range(len(path), stop, -1):
        here = path if end == len(path) else path[:end]
        spot = keys.get(here)
        if spot is None:
            spot = values.get(here)
        if spot is not None:
            return spot
    return None


def rule_params(rules: Sequence[Rule], options: Options) -> dict[str, dict[str, ParamValue]]:
    """Each rule's parameters with the options' overrides, all checked.

    Raises ConfigError for an unknown rule id, an unknown parameter or a bad value.
    """
    every = registry()
    # A folder's plans are checked with the same rules and options: checked once.
    key = (
        [*rules, *every.values()],
        {rid: dict(given) for rid, given in options.params.items()},
        dict(options.severity),
    )
    if _PARAMS_MEMO and _PARAMS_MEMO[0][0] == key:
        return _PARAMS_MEMO[0][1]
    known = {*every, *(r.id for r in rules)}
    for rule_id in (*options.params, *options.severity):
        if rule_id not in known:
            raise ConfigError(f"unknown rule {rule_id!r}{did_you_mean(rule_id, known)}")
    params = {r.id: r.meta.check_params(options.params.get(r.id, {})) for r in rules}
    _PARAMS_MEMO[:] = [(key, params)]
    return params


_PARAMS_MEMO: list[tuple[Any, dict[str, dict[str, ParamValue]]]] = []


def _judged(
    rule: Rule, ctx: Context, params: Params
) -> Iterator[tuple[Subject[Any], list[Problem]]]:
    """Each subject of the rule with its problems; only the plan when the gate fails."""
    if rule.gate is not None and (problem := rule.gate(ctx)) is not None:
        yield Subject(None, (), ctx.plan), [problem]
        return
    for each in rule.parts:
        yield from each.judge(ctx, params)


def _partnership_name(loaded: Loaded) -> str | None:
    data = loaded.data
    section = data.get("partnership") if isinstance(data, dict) else None
    name = section.get("name") if isinstance(section, dict) else None
    return name if isinstance(name, str) else None


# --- the audit's structure checks: as-of date, placeholders, waivers ---------------------


class _Audit:
    """The structure findings an audit adds to a sound plan (LC006-LC011)."""

    def __init__(self, loaded: Loaded, options: Options, as_of: dt.date) -> None:
        self.loaded = loaded
        self.options = options
        self.as_of = as_of
        self.notes: list[Finding] = []
        self.where: dict[int, YamlPath] = {}
        """id(note) -> the field it is about, for grouping Fix next."""
        self.placeholders: set[YamlPath] = set()

    def note(
        self,
        rule: str,
        message: str,
        path: YamlPath,
        *,
        at_value: bool = False,
        target: str | None = None,
        about: YamlPath | None = None,
    ) -> None:
        if rule not in self.options.structure:
            return
        _, line, column = self.loaded.positions.locate(path, prefer_key=not at_value)
        finding = structure_finding(rule, message, self.loaded.file, line, column, path)
        if target is not None:
            finding = replace(finding, target=target)
        self.notes.append(finding)
        self.where[id(finding)] = path if about is None else about

    # LC009 ------------------------------------------------------------------------------

    def check_as_of(self, age: int, today: dt.date) -> None:
        limit = self.options.as_of_max_age_days
        path: YamlPath = ("partnership", "as_of")
        if age > limit:
            message = (
                f"partnership.as_of is {self.as_of}, {plural(age, 'day')} before today "
                f"({today}; at most {limit}): the report judges the plan as it was then"
            )
        elif age < 0:
            message = (
                f"partnership.as_of is {self.as_of}, {plural(-age, 'day')} after today "
                f"({today}): the report judges the plan at a date that has not come yet"
            )
        else:
            return
        self.note("LC009", message, path, at_value=True)

    # LC008 ------------------------------------------------------------------------------

    def clean(self, plan: Plan, data: Any) -> Plan:
        """Report each placeholder, and return the plan with them treated as missing."""
        found = placeholders.find(data)
        if not found:
            return plan
        for path, text in found:
            self.placeholders.add(path)
            what = "is empty" if not text.strip() else f"holds the placeholder {_quote(text)}"
            required = as_pattern(path) in REQUIRED_TEXT
            then = "write the real value" if required else "it counts as missing"
            owner = _owner_label(data, path)
            about = path[:-1] if isinstance(path[-1], int) else path
            self.note(
                "LC008",
                f"{format_path(path)}{owner} {what}; {then}",
                path,
                at_value=True,
                target=_owner_id(data, path),
                about=about,
            )
        cleaned = placeholders.without(data, [p for p, _ in found], REQUIRED_TEXT)
        return read_plan(cleaned)

    # LC006, LC007, LC010, LC011 -----------------------------------------------------------

    def waivers(
        self,
        findings: list[Finding],
        waivers: Sequence[Waiver],
        rules: Sequence[Rule],
        ctx: Context,
    ) -> tuple[list[Finding], tuple[WaiverUse, ...]]:
        """Mark waived findings; report expired, over-long, unused and duplicate waivers.

        Waivers of structure rules and of unknown rules were reported by validation,
        and waivers of rules that did not run (deselected) are left alone. The first
        waiver matching a finding waives it; a later one that waives nothing new
        duplicates it (LC011). A waiver breaking the limits (LC010) still waives: the
        error it adds keeps the plan from being ready until it is put right.
        """
        severity = {r.id: self.options.severity.get(r.id, r.meta.severity) for r in rules}
        out = list(findings)
        by_rule: dict[str, list[int]] = defaultdict(list)
        for i, finding in enumerate(out):
            by_rule[finding.rule].append(i)
        waived_by: dict[int, int] = {}
        uses: list[WaiverUse] = []
        for index, waiver in enumerate(waivers):
            path: YamlPath = ("waivers", index)
            line = self.loaded.positions.locate(path)[1]
            owner = ctx.people.get(waiver.owner)
            base = WaiverUse(
                rule=waiver.rule,
                target=waiver.target,
                reason=waiver.reason,
                owner=waiver.owner,
                owner_name=owner.name if owner else None,
                expires=waiver.expires,
                line=line,
                status="active",
            )

            if waiver.rule not in severity:
                uses.append(replace(base, status="not run"))
                continue
            label = f"waiver of {waiver.rule}{_for(waiver)}"
            if waiver.expires is not None and waiver.expires < self.as_of:
                message = (
                    f"{label} expired on {waiver.expires} (owner "
                    f"{ctx.person_label(waiver.owner)}); its findings count again"
                )
                self.note("LC006", message, (*path, "expires"))
                uses.append(replace(base, status="expired"))
                continue
            if severity[waiver.rule] is Severity.ERROR:
                self._limits(waiver, path, label)
            matched = [i for i in by_rule[waiver.rule] if waiver.target in (None, out[i].target)]
            fresh = [i for i in matched if i not in waived_by]
            for i in fresh:
                out[i] = replace(
                    out[i],
                    waived=True,
                    waiver_reason=waiver.reason,
                    waiver_owner=waiver.owner,
                    waiver_expires=waiver.expires,
                )
                waived_by[i] = index
            if fresh:
                uses.append(replace(base, waived=len(fresh)))
            elif matched:
                first = min(waived_by[i] for i in matched)
                first_line = self.loaded.positions.locate(("waivers", first))[1]
                message = (
                    f"{label} waives nothing new: waivers[{first}] (line {first_line}) "
                    f"already waives the same {'finding' if len(matched) == 1 else 'findings'}"
                )
                self.note("LC011", message, path)
                uses.append(replace(base, status="duplicate"))
            else:
                self.note("LC007", f"{label} matches no finding", path)
                uses.append(replace(base, status="unused"))
        for waiver in self.options.waivers:
            if waiver.rule in severity and not (waiver.expires and waiver.expires < self.as_of):
                for i in by_rule[waiver.rule]:
                    if i not in waived_by and waiver.target in (None, out[i].target):
                        out[i] = replace(
                            out[i],
                            waived=True,
                            waiver_reason=waiver.reason,
                            waiver_owner=waiver.owner,
                            waiver_expires=waiver.expires,
                        )
                        waived_by[i] = -1
        return out, tuple(uses)

    def _limits(self, waiver: Waiver, path: YamlPath, label: str) -> None:
        """LC010: a waiver of an error must end, soon enough, and say why."""
        options = self.options
        days = options.waiver_max_days
        if waiver.expires is None:
            self.note(
                "LC010",
                f"{label} has no expires date; a waiver of an error must end within "
                f"{plural(days, 'day')} of the as-of date {self.as_of}",
                path,
            )
        elif waiver.expires > add_days(self.as_of, days):
            length = (waiver.expires - self.as_of).days
            self.note(
                "LC010",
                f"{label} lasts until {waiver.expires}, {length:,} days after the as-of "
                f"date {self.as_of} (at most {days})",
                (*path, "expires"),
                at_value=True,
            )
        reason_path = (*path, "reason")
        if reason_path in self.placeholders and "LC008" in options.structure:
            return  # the placeholder is reported where it stands
        count = len(waiver.reason.split())
        if count < options.waiver_min_reason_words:
            self.note(
                "LC010",
                f"{label} gives the reason {_quote(waiver.reason)} "
                f"({plural(count, 'word')}): say why the gap is accepted and what will close "
                f"it, in at least {options.waiver_min_reason_words} words",
                reason_path,
                at_value=True,
            )


def _for(waiver: Waiver) -> str:
    return f" for '{waiver.target}'" if waiver.target else ""


def _quote(text: str, limit: int = 60) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"'{shown}'"


_KIND_OF_LIST = {
    "partners": "partner",
    "people": "person",
    "stakeholder_groups": "stakeholder group",
    "work_streams": "work stream",
}


def _owner_id(data: Any, path: YamlPath) -> str | None:
    """The id of the partner, person, group or work stream a field belongs to."""
    if len(path) >= 2 and path[0] in _KIND_OF_LIST and isinstance(path[1], int):
        item = data[path[0]][path[1]]
        ident = item.get("id") if isinstance(item, dict) else None
        return str(ident) if ident is not None else None
    return None


def _owner_label(data: Any, path: YamlPath) -> str:
    """` of partner 'hcc' (Hollinsdale County Council)`, or nothing at the top level."""
    ident = _owner_id(data, path)
    if ident is None:
        return ""
    item = data[path[0]][path[1]]
    name = item.get("name")
    named = name.strip() if isinstance(name, str) and path[2:] != ("name",) else ""
    shown = f" ({named})" if named and not placeholders.is_placeholder(named) else ""
    return f" of {_KIND_OF_LIST[str(path[0])]} '{ident}'{shown}"


# --- scoring ------------------------------------------------------------------------


def _score(
    scores: Sequence[RuleScore], findings: Sequence[Finding], rules: Sequence[Rule]
) -> tuple[tuple[ThemeScore, ...], float | None]:
    by_theme: dict[str, list[RuleScore]] = defaultdict(list)
    for score in scores:
        by_theme[score.theme].append(score)
    tally = Counter((f.theme, f.severity, f.waived) for f in findings)  # one pass
    themes: list[ThemeScore] = []
    order = list(THEMES) + sorted({s.theme for s in scores} - set(THEMES))
    for theme in order:
        applicable = [s for s in by_theme.get(theme, []) if s.subjects]
        if not applicable:
            continue
        weight = sum(s.severity.weight for s in applicable)
        value = 100 * sum(s.severity.weight * s.score for s in applicable) / weight
        counts = {severity: tally[theme, severity, False] for severity in SEVERITIES}
        themes.append(
            ThemeScore(
                theme=theme,
                title=THEMES.get(theme, theme),
                score=value,
                colour=_colour(counts),
                counts=counts,
                waived=sum(tally[theme, severity, True] for severity in SEVERITIES),
            )
        )
    overall = sum(t.score for t in themes) / len(themes) if themes else None
    return tuple(themes), overall


def _colour(counts: Mapping[Severity, int]) -> Colour:
    if counts[Severity.ERROR]:
        return Colour.RED
    if counts[Severity.WARNING]:
        return Colour.AMBER
    return Colour.GREEN


def _readiness(findings: Sequence[Finding]) -> Readiness:
    """Not ready with any open error (structure errors included: an expired or
    over-long waiver, a placeholder); nearly ready with any open warning; else ready."""
    worst = max((f.severity.weight for f in findings if not f.waived), default=0)
    if worst >= Severity.ERROR.weight:
        return Readiness.NOT_READY
    if worst >= Severity.WARNING.weight:
        return Readiness.NEARLY_READY
    return Readiness.READY


class _Ordered:
    """A file's findings in report order (file, line, column, rule, message), with
    what Fix next groups them by: each one's rule subject and the field it names."""

    __slots__ = ("fields", "findings", "group_rules", "groups", "rank")

    def __init__(
        self,
        notes: Sequence[Finding],
        where: Mapping[int, YamlPath],
        found: Sequence[Finding],
        run: _Run,
    ) -> None:
        every = [*notes, *found]
        keys = [
            (loc.file, loc.line, loc.column, f.rule, f.message)
            for f in every
            for loc in (f.location,)
        ]
        order = sorted(range(len(every)), key=keys.__getitem__)
        first = len(notes)
        self.findings = tuple([every[i] for i in order])
        self.groups: list[int] = [run.groups[i - first] if i >= first else -1 for i in order]
        self.group_rules = run.group_rules
        self.fields: list[YamlPath | None] = [
            run.fields[i - first] if i >= first else where.get(id(every[i])) for i in order
        ]
        # Equal keys share a rank: ties keep their order, as a stable sort would. With
        # no two findings alike (the usual), a finding's place is its rank.
        sorted_keys = [keys[i] for i in order]
        del keys
        self.rank: Sequence[int] = range(len(order))
        if any(a == b for a, b in pairwise(sorted_keys)):
            rank: list[int] = []
            n = -1
            for j, key in enumerate(sorted_keys):
                if not j or key != sorted_keys[j - 1]:
                    n += 1
                rank.append(n)
            self.rank = rank


def _fix_next(
    ordered: _Ordered, scores: Sequence[RuleScore], themes: Sequence[ThemeScore]
) -> tuple[FixNext, ...]:
    """The submission checklist: every open error, then the best warnings and info,
    up to FIX_NEXT entries in all.

    Findings with one root cause are one entry: those of one rule on one subject,
    and those of any rules that name the same field (an empty `resources` list is
    both LC601 and LC103; a placeholder vision is LC008 and LC502). Within a
    severity, entries are ranked by the overall points fixing them would add:
    fixing a subject raises its rule's score by 1/subjects, its theme's by the
    rule's share of the theme's weight, and the overall score by 1/themes of that.

    Linear in the findings: entries are made only for the groups listed, and the
    best few that are not errors are picked without sorting them all.
    """
    if not themes:
        return ()
    theme_weight: dict[str, int] = defaultdict(int)
    for s in scores:
        if s.subjects:
            theme_weight[s.theme] += s.severity.weight
    # Rounded so rules with equal gains tie exactly and fall back to place.
    gain_of = {
        s.rule: round(100 * s.severity.weight / theme_weight[s.theme] / s.subjects / len(themes), 9)
        for s in scores
        if s.subjects
    }
    findings, groups, fields = ordered.findings, ordered.groups, ordered.fields
    group_gain = [gain_of.get(rule, 0.0) for rule in ordered.group_rules]
    n = len(findings)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner = [-1] * len(group_gain)
    by_field: dict[YamlPath, int] = {}
    joined = bytearray(n)
    for i, finding in enumerate(findings):
        if finding.waived:
            continue
        group, path = groups[i], fields[i]
        if group >= 0:
            j = owner[group]
            if j < 0:
                owner[group] = i
            else:
                parent[root(i)] = root(j)
                joined[i] = joined[j] = 1
        if path is not None:
            j = by_field.setdefault(path, i)
            if j != i:
                parent[root(i)] = root(j)
                joined[i] = joined[j] = 1
    del owner, by_field
    members_of: dict[int, list[int]] = {}
    for i in range(n):
        if joined[i]:
            members_of.setdefault(root(i), []).append(i)
    rank = ordered.rank
    weight_of = {severity: severity.weight for severity in SEVERITIES}
    error = Severity.ERROR.weight

    def rule_gain(i: int) -> float:
        return gain_of.get(findings[i].rule, 0.0)

    def entries() -> Iterator[tuple[int, float | int, int, int, list[int] | None]]:
        """Every group of open findings, at its first finding: (the weight of the
        entry's finding, the gain, that finding's index, the first's, the members;
        None for a finding alone, the usual)."""
        for i, finding in enumerate(findings):
            if finding.waived:
                continue
            if not joined[i]:
                group = groups[i]
                gain = group_gain[group] if group >= 0 else 0
                yield weight_of[finding.severity], gain, i, i, None
                continue
            members = members_of[root(i)]
            if members[0] != i:
                continue
            gain = round(
                sum(group_gain[g] for g in dict.fromkeys(groups[m] for m in members) if g >= 0), 9
            )
            best = min(members, key=lambda m: (-weight_of[findings[m].severity], -rule_gain(m), m))
            yield weight_of[findings[best].severity], gain, best, i, members

    def fix(best: int, gain: float, members: list[int] | None) -> FixNext:
        also = () if members is None else tuple(findings[m] for m in members if m != best)
        return FixNext(findings[best], gain, also)

    # (gain, place, first) never tie: each group has its own first finding.
    errors = sorted(
        (-gain, rank[best], first, best, members)
        for weight, gain, best, first, members in entries()
        if weight >= error
    )
    room = max(0, FIX_NEXT - len(errors))
    others: list[FixNext] = []
    if room:
        ranked = (
            (-weight, -gain, rank[best], first, best, members)
            for weight, gain, best, first, members in entries()
            if weight < error
        )
        for _, gain, _, _, best, members in heapq.nsmallest(room, ranked):
            others.append(fix(best, -gain, members))
    return (*(fix(best, -gain, members) for gain, _, _, best, members in errors), *others)
