"""Run the rules on validated plans, apply waivers, and score the result.

load -> validate -> rules -> score: this module owns the last two steps and
never prints. Rules yield bare problems; the engine stamps each with its id,
severity (after overrides), theme, target and file position.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from leadcheck.errors import ConfigError
from leadcheck.findings import (
    Colour,
    FileReport,
    Finding,
    FixNext,
    Location,
    Readiness,
    Report,
    RuleScore,
    Severity,
    ThemeScore,
    YamlPath,
)
from leadcheck.loader import Limits, Loaded, Positions, load_bytes, load_file
from leadcheck.meta import ParamValue, RuleMeta
from leadcheck.model import Waiver
from leadcheck.rules import THEMES, registry
from leadcheck.rules.base import Context, Params, Problem, Rule, Subject
from leadcheck.structure import STRUCTURE_RULES, structure_finding
from leadcheck.suggest import did_you_mean
from leadcheck.validate import validate

FIX_NEXT = 10
"""How many "Fix next" items a file report keeps."""


@dataclass(frozen=True, slots=True)
class Options:
    """How to run the rules; every field has the catalogue's default."""

    rules: Sequence[Rule] | None = None
    """The theme rules to run (None: every registered rule)."""
    as_of: dt.date | None = None
    """Overrides each plan's `partnership.as_of`; today when neither is set."""
    severity: Mapping[str, Severity] = field(default_factory=dict)
    """Per-rule severity overrides."""
    params: Mapping[str, Mapping[str, ParamValue]] = field(default_factory=dict)
    """Per-rule parameter overrides."""
    structure: frozenset[str] = frozenset({"LC006", "LC007"})
    """Which of the optional structure rules (LC006, LC007) to report."""
    limits: Limits = field(default_factory=Limits)
    waivers: Sequence[Waiver] = ()
    """Organisation-wide waivers (a config file's), applied after each plan's own.
    They never raise LC006/LC007 in a plan: one config serves many plans."""


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
    validated = validate(loaded, rule_ids=registry().keys())
    plan = validated.plan
    name = _partnership_name(loaded)
    if plan is None:
        return FileReport(
            loaded.file, validated.findings, partnership=name, as_of=options.as_of, blocked=True
        )
    as_of = options.as_of or plan.partnership.as_of or dt.date.today()
    rules = list(options.rules) if options.rules is not None else list(registry().values())
    ctx = Context(plan, as_of)
    run = _run_rules(rules, ctx, loaded, options)
    findings, waiver_findings = _apply_waivers(
        run.findings, plan.waivers, rules, as_of, options, loaded
    )
    themes, overall = _score(run.scores, findings, rules)
    all_findings = sorted(
        [*validated.findings, *findings, *waiver_findings], key=lambda f: f.sort_key
    )
    return FileReport(
        file=loaded.file,
        findings=tuple(all_findings),
        partnership=plan.partnership.name,
        as_of=as_of,
        themes=themes,
        rule_scores=tuple(run.scores),
        score=overall,
        readiness=_readiness(themes) if themes else None,
        fix_next=_fix_next(findings, run, themes),
    )


def check_file(path: str, options: Options = Options()) -> FileReport:
    """Load and check one file (`-` is standard input). OSError for unreadable paths."""
    return check_loaded(load_file(path, options.limits), options)


def check_text(
    text: str | bytes, file: str = "<string>", options: Options = Options()
) -> FileReport:
    """Check plan text given directly."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return check_loaded(load_bytes(raw, file, options.limits), options)


def report(files: Iterable[FileReport], options: Options = Options()) -> Report:
    """Bundle file reports with the rules that ran."""
    rules = options.rules if options.rules is not None else list(registry().values())
    return Report(files=tuple(files), as_of=options.as_of, rules=tuple(r.id for r in rules))


# --- running ----------------------------------------------------------------------


@dataclass(slots=True)
class _Run:
    findings: list[Finding] = field(default_factory=list)
    scores: list[RuleScore] = field(default_factory=list)
    subject_of: dict[int, tuple[str, YamlPath]] = field(default_factory=dict)
    """id(finding) -> (rule id, subject path), for grouping Fix next."""


def _run_rules(rules: Sequence[Rule], ctx: Context, loaded: Loaded, options: Options) -> _Run:
    run = _Run()
    settings = rule_params(rules, options)  # every setting checked before any rule runs
    for rule in rules:
        meta = rule.meta
        params = settings[rule.id]
        severity = options.severity.get(rule.id, meta.severity)
        subjects = passed = 0
        for subject, problems in _judged(rule, ctx, params):
            subjects += 1
            if not problems:
                passed += 1
            for problem in problems:
                path = (*subject.path, *problem.path)
                finding = Finding(
                    rule=rule.id,
                    slug=meta.slug,
                    severity=severity,
                    message=problem.message,
                    location=_locate(loaded.file, loaded.positions, path),
                    theme=meta.theme,
                    target=subject.id,
                    fix=problem.fix or meta.fix,
                )
                run.findings.append(finding)
                run.subject_of[id(finding)] = (rule.id, subject.path)
        theme = meta.theme or "other"
        run.scores.append(RuleScore(rule.id, theme, severity, subjects, passed))
    return run


def rule_params(rules: Sequence[Rule], options: Options) -> dict[str, dict[str, ParamValue]]:
    """Each rule's parameters with the options' overrides, all checked.

    Raises ConfigError for an unknown rule id, an unknown parameter or a bad value.
    """
    known = {r.id for r in registry().values()} | {r.id for r in rules}
    for rule_id in (*options.params, *options.severity):
        if rule_id not in known:
            raise ConfigError(f"unknown rule {rule_id!r}{did_you_mean(rule_id, known)}")
    return {r.id: r.meta.check_params(options.params.get(r.id, {})) for r in rules}


def _judged(
    rule: Rule, ctx: Context, params: Params
) -> Iterator[tuple[Subject[Any], list[Problem]]]:
    """Each subject of the rule with its problems; only the plan when the gate fails."""
    if rule.gate is not None and (problem := rule.gate(ctx)) is not None:
        yield Subject(None, (), ctx.plan), [problem]
        return
    for each in rule.parts:
        yield from each.judge(ctx, params)


def _locate(file: str, positions: Positions, path: YamlPath) -> Location:
    _, line, column = positions.locate(path)
    return Location(file, line, column, path)


def _partnership_name(loaded: Loaded) -> str | None:
    data = loaded.data
    section = data.get("partnership") if isinstance(data, dict) else None
    name = section.get("name") if isinstance(section, dict) else None
    return name if isinstance(name, str) else None


# --- waivers ------------------------------------------------------------------------


def _apply_waivers(
    findings: list[Finding],
    waivers: Sequence[Waiver],
    rules: Sequence[Rule],
    as_of: dt.date,
    options: Options,
    loaded: Loaded,
) -> tuple[list[Finding], list[Finding]]:
    """Mark waived findings; report expired (LC006) and unused (LC007) waivers.

    Waivers of structure rules and of unknown rules were reported by validation,
    and waivers of rules that did not run (deselected) are left alone.
    """
    ran = {r.id for r in rules}
    out = list(findings)
    by_rule: dict[str, list[int]] = defaultdict(list)
    for i, finding in enumerate(out):
        by_rule[finding.rule].append(i)
    notes: list[Finding] = []
    own = len(waivers)  # the plan's; the config's follow and raise no LC006/LC007
    for index, waiver in enumerate((*waivers, *options.waivers)):
        path: YamlPath = ("waivers", index)
        if waiver.rule not in ran:
            continue
        if waiver.expires < as_of:
            if "LC006" in options.structure and index < own:
                message = (
                    f"waiver of {waiver.rule}{_for(waiver)} expired on {waiver.expires} "
                    f"(owner '{waiver.owner}'); its findings count again"
                )
                notes.append(_note("LC006", message, loaded, (*path, "expires")))
            continue
        used = False
        for i in by_rule[waiver.rule]:
            finding = out[i]
            if not finding.waived and waiver.target in (None, finding.target):
                out[i] = replace(finding, waived=True, waiver_reason=waiver.reason)
                used = True
        if not used and "LC007" in options.structure and index < own:
            message = f"waiver of {waiver.rule}{_for(waiver)} matches no finding"
            notes.append(_note("LC007", message, loaded, path))
    return out, notes


def _for(waiver: Waiver) -> str:
    return f" for '{waiver.target}'" if waiver.target else ""


def _note(rule: str, message: str, loaded: Loaded, path: YamlPath) -> Finding:
    _, line, column = loaded.positions.locate(path)
    return structure_finding(rule, message, loaded.file, line, column, path)


# --- scoring ------------------------------------------------------------------------


def _score(
    scores: Sequence[RuleScore], findings: Sequence[Finding], rules: Sequence[Rule]
) -> tuple[tuple[ThemeScore, ...], float | None]:
    by_theme: dict[str, list[RuleScore]] = defaultdict(list)
    for score in scores:
        by_theme[score.theme].append(score)
    themes: list[ThemeScore] = []
    order = list(THEMES) + sorted({s.theme for s in scores} - set(THEMES))
    for theme in order:
        applicable = [s for s in by_theme.get(theme, []) if s.subjects]
        if not applicable:
            continue
        weight = sum(s.severity.weight for s in applicable)
        value = 100 * sum(s.severity.weight * s.score for s in applicable) / weight
        in_theme = [f for f in findings if f.theme == theme]
        counts = dict.fromkeys(Severity, 0)
        for f in in_theme:
            if not f.waived:
                counts[f.severity] += 1
        themes.append(
            ThemeScore(
                theme=theme,
                title=THEMES.get(theme, theme),
                score=value,
                colour=_colour(counts),
                counts=counts,
                waived=sum(1 for f in in_theme if f.waived),
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


def _readiness(themes: Sequence[ThemeScore]) -> Readiness:
    if any(t.colour is Colour.RED for t in themes):
        return Readiness.NOT_READY
    if any(t.colour is Colour.AMBER for t in themes):
        return Readiness.NEARLY_READY
    return Readiness.READY


def _fix_next(
    findings: Sequence[Finding], run: _Run, themes: Sequence[ThemeScore]
) -> tuple[FixNext, ...]:
    """The best FIX_NEXT open findings, one per (rule, subject), by overall points gained.

    Fixing a subject raises its rule's score by 1/subjects, its theme's by the
    rule's share of the theme's weight, and the overall score by 1/themes of that.
    """
    if not themes:
        return ()
    theme_weight: dict[str, int] = defaultdict(int)
    for s in run.scores:
        if s.subjects:
            theme_weight[s.theme] += s.severity.weight
    # Rounded so rules with equal gains tie exactly and fall back to severity and place.
    gain_of = {
        s.rule: round(100 * s.severity.weight / theme_weight[s.theme] / s.subjects / len(themes), 9)
        for s in run.scores
        if s.subjects
    }
    seen: set[tuple[str, YamlPath]] = set()
    candidates: list[FixNext] = []
    for finding in findings:
        key = run.subject_of.get(id(finding))
        if finding.waived or key is None or key in seen:
            continue
        seen.add(key)
        candidates.append(FixNext(finding, gain_of[finding.rule]))
    best = heapq.nsmallest(
        FIX_NEXT,
        candidates,
        key=lambda f: (-f.gain, -f.finding.severity.weight, f.finding.sort_key),
    )
    return tuple(best)
