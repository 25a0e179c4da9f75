"""What a rule is: metadata plus two small functions.

Each part pairs `subjects`, the things of one kind the rule judges (each work
stream, each partner, or the plan as a whole), with `check`, which yields a
bare `Problem` for each gap in one subject.
The engine stamps ids, severities and file positions, and scores a rule by the
share of its subjects with no problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeGuard, TypeVar

from leadcheck.findings import Severity, YamlPath
from leadcheck.meta import Param, ParamValue, RuleMeta, Words
from leadcheck.placeholders import is_placeholder
from leadcheck.records import record
from leadcheck.vocab import GroupType

if TYPE_CHECKING:
    from leadcheck.model import Milestone, Partner, Person, Plan, StakeholderGroup, WorkStream

T = TypeVar("T")
Params = Mapping[str, ParamValue]


class Subject(NamedTuple, Generic[T]):
    """One thing a rule judges, and where it sits in the plan (a tuple: cheap to make)."""

    id: str | None
    """The subject's id (None for the plan as a whole)."""
    path: YamlPath
    obj: T


@record
class Problem:
    """A gap in one subject. `path` is relative to the subject's path."""

    message: str
    path: YamlPath = ()
    fix: str | None = None
    """A fix specific to this gap; the rule's own fix is used otherwise."""


Check = Callable[[Subject[T], "Context", Params], Iterable[Problem]]
"""Yields a problem for each gap in one subject of kind T."""
Subjects = Callable[["Context"], Iterable[Subject[T]]]
"""Lists the subjects of kind T a rule judges."""
Gate = Callable[["Context"], Problem | None]
"""A plan-level precondition: a problem when the plan lacks what every subject needs."""


class Judge:
    """What the engine runs: one part of a rule, whatever kind of subject it judges.

    Rules list their parts as this plain type, so each `part(...)` call is
    type-checked on its own arguments (a generic context would let mypy infer Any).
    """

    __slots__ = ()

    def judge(self, ctx: Context, params: Params) -> Iterator[tuple[Subject[Any], list[Problem]]]:
        raise NotImplementedError


@record
class Part(Judge, Generic[T]):
    """One kind of subject a rule judges, and the check for that kind."""

    subjects: Subjects[T]
    check: Check[T]

    def judge(self, ctx: Context, params: Params) -> Iterator[tuple[Subject[Any], list[Problem]]]:
        for subject in self.subjects(ctx):
            yield subject, list(self.check(subject, ctx, params))


def part(subjects: Subjects[T], check: Check[T]) -> Part[T]:
    """Pair subjects with their check; mypy rejects a check for another kind."""
    return Part(subjects, check)


@record
class Rule:
    """A theme rule: its documentation, and the kinds of subject it judges.

    With a `gate`, a plan that fails it is judged as a whole (one failing
    subject, the gate's problem) and the parts do not run: nothing can be
    judged without what the gate asks for, such as the programme's start date.
    """

    meta: RuleMeta
    parts: tuple[Judge, ...]
    gate: Gate | None = None

    @property
    def id(self) -> str:
        return self.meta.id

    def example(self, kind: str) -> str:
        """The rule's failing ("bad") or passing ("good") example plan, from the
        `examples/` folder of the rule's own package."""
        from leadcheck.rules import example

        text = example(self, kind)
        if text is None:
            raise FileNotFoundError(f"{self.id} has no {kind} example")
        return text


def declare(
    id: str,
    slug: str,
    severity: Severity,
    theme: str,
    *,
    parts: tuple[Judge, ...],
    title: str,
    tips: tuple[str, ...],
    rationale: str,
    fix: str,
    params: Mapping[str, Param] | None = None,
    gate: Gate | None = None,
) -> Rule:
    """A rule judging several kinds of subject, each part typed on its own."""
    meta = RuleMeta(
        id=id,
        slug=slug,
        severity=severity,
        title=title,
        rationale=rationale,
        fix=fix,
        theme=theme,
        tips=tips,
        param_specs=dict(params or {}),
    )
    return Rule(meta, parts, gate)


def rule(
    id: str,
    slug: str,
    severity: Severity,
    theme: str,
    *,
    subjects: Subjects[T],
    title: str,
    tips: tuple[str, ...],
    rationale: str,
    fix: str,
    params: Mapping[str, Param] | None = None,
    gate: Gate | None = None,
) -> Callable[[Check[T]], Rule]:
    """Declare a rule of one kind of subject; the decorated function is its check."""

    def wrap(check: Check[T]) -> Rule:
        return declare(
            id,
            slug,
            severity,
            theme,
            parts=(part(subjects, check),),
            title=title,
            tips=tips,
            rationale=rationale,
            fix=fix,
            params=params,
            gate=gate,
        )

    return wrap


class Context:
    """The validated plan, the date to measure from, and id lookups built once."""

    def __init__(self, plan: Plan, as_of: dt.date) -> None:
        self.plan = plan
        self.as_of = as_of
        self._derived: dict[Callable[[Context], Any], Any] = {}
        self._labels: dict[str, dict[str | None, str]] = {
            kind: {} for kind in ("partner", "person", "work stream", "stakeholder group")
        }

    def derived(self, build: Callable[[Context], T]) -> T:
        """`build(self)`, computed once per plan: for data several subjects share."""
        if build not in self._derived:
            self._derived[build] = build(self)
        return self._derived[build]  # type: ignore[no-any-return]

    @cached_property
    def partners(self) -> dict[str, Partner]:
        return {p.id: p for p in self.plan.partners}

    @cached_property
    def people(self) -> dict[str, Person]:
        return {p.id: p for p in self.plan.people}

    @cached_property
    def person_index(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.plan.people)}

    @cached_property
    def leader_ids(self) -> frozenset[str]:
        """Role holders, work-stream leads, and every champion."""
        plan = self.plan
        champions = {c for ws in plan.work_streams for c in ws.champions}
        champions.update(c for group in plan.stakeholder_groups for c in group.champions)
        return self.role_holders | champions

    @cached_property
    def role_holders(self) -> frozenset[str]:
        """Holders of the partnership roles and work-stream leads (champions aside)."""
        plan = self.plan
        ids: set[str] = set()
        if plan.roles:
            roles = plan.roles
            ids.update(
                r
                for r in (roles.improvement_lead, roles.senior_responsible_owner, roles.chair)
                if r
            )
        ids.update(ws.lead for ws in plan.work_streams if ws.lead)
        return frozenset(ids)

    def lived_experience_champion(self, person: Person) -> bool:
        """A champion there for their lived experience, holding no role and no lead."""
        return person.lived_experience and person.id not in self.role_holders

    @cached_property
    def work_streams(self) -> dict[str, WorkStream]:
        return {w.id: w for w in self.plan.work_streams}

    @cached_property
    def groups(self) -> dict[str, StakeholderGroup]:
        return {g.id: g for g in self.plan.stakeholder_groups}

    def partner_label(self, pid: str | None) -> str:
        """`partner 'fpol' (Fenwick Constabulary)`: the id, and the name beside it."""
        return self._labels["partner"].get(pid) or self._label("partner", pid, self.partners)

    def person_label(self, pid: str | None) -> str:
        """`person 'p-okoro' (Dr Adaeze Okoro)`."""
        return self._labels["person"].get(pid) or self._label("person", pid, self.people)

    def work_stream_label(self, wid: str | None) -> str:
        """`work stream 'ws-falls' (Falls response)`."""
        return self._labels["work stream"].get(wid) or self._label(
            "work stream", wid, self.work_streams
        )

    def group_label(self, gid: str | None) -> str:
        """`stakeholder group 'sg-carers' (Family carers)`."""
        return self._labels["stakeholder group"].get(gid) or self._label(
            "stakeholder group", gid, self.groups
        )

    def _label(self, kind: str, ident: str | None, named: Mapping[str, Any]) -> str:
        """Labels are made once per subject: several rules name the same partner."""
        found = named.get(ident) if ident else None
        label = self._labels[kind][ident] = _label(kind, ident, found.name if found else None)
        return label

    @cached_property
    def improvement_lead(self) -> Person | None:
        lead = self.plan.roles.improvement_lead if self.plan.roles else None
        return self.people.get(lead) if lead else None

    def seniority_is_senior(self, person_id: str | None) -> bool:
        """Whether the person is a chief executive or a director."""
        person = self.people.get(person_id) if person_id else None
        return person is not None and person.seniority in ("ceo", "director")

    def months_before(self, months: int | float) -> dt.date:
        """The date `months` whole months before as_of (clamped to month ends)."""
        return add_months(self.as_of, -int(months))


def _label(kind: str, ident: str | None, name: str | None) -> str:
    """The id, and the name beside it unless it is missing or a placeholder (LC008)."""
    named = name.strip() if name else ""
    if not named or named == ident or is_placeholder(named):
        return f"{kind} '{ident}'"
    return f"{kind} '{ident}' ({named})"


def number(p: Params, name: str) -> int | float:
    """A numeric parameter (the rule declared it with a number default)."""
    value = p[name]
    assert not isinstance(value, Words), name
    return value


def whole(p: Params, name: str) -> int:
    """A whole-number parameter."""
    return int(number(p, name))


def words(p: Params, name: str) -> Words:
    """A list-of-words parameter (declared with a `Words` default)."""
    value = p[name]
    assert isinstance(value, Words), name
    return value


def add_months(day: dt.date, months: int) -> dt.date:
    """Shift a date by whole months, clamping the day to the month's length.

    A result before 0001-01-01 or after 9999-12-31 is clamped to that date, so
    extreme `as_of` dates never raise.
    """
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return dt.date.min if year < dt.MINYEAR else dt.date.max
    month = month0 + 1
    if day.day <= 28:
        return dt.date(year, month, day.day)
    last = 31 if month == 12 else (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def add_days(day: dt.date, days: int) -> dt.date:
    """Shift a date by `days`, clamped to 0001-01-01 .. 9999-12-31 like `add_months`."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


NAMES_SHOWN = 5
"""How many names a message lists before it says "and N more"."""


def name_list(ids: Iterable[str], *, quote: bool = True, limit: int | None = NAMES_SHOWN) -> str:
    """`'a', 'b' and 'c'` for messages; past `limit` names, `'a', ... 'e' and 3 more`.

    `quote=False` gives `a, b and c`; `limit=None` names every item (for short,
    fixed lists such as the eight traits).
    """
    names = [f"'{i}'" if quote else i for i in ids]
    if limit is not None and len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def stated(text: str | None) -> TypeGuard[str]:
    """Whether a free-text field says something (not missing, empty or blank)."""
    return bool(text and text.strip())


# --- subject lists shared by the themes ---------------------------------------------


def the_plan(ctx: Context) -> Iterator[Subject[Plan]]:
    yield Subject(None, (), ctx.plan)


def _listed(section: str) -> Callable[[Context], tuple[Subject[Any], ...]]:
    """The items of a top-level list as subjects, made once per plan: a dozen or more
    rules judge each partner, and a big plan has a hundred thousand."""

    def subjects(ctx: Context) -> tuple[Subject[Any], ...]:
        items = getattr(ctx.plan, section)
        return tuple(Subject(item.id, (section, i), item) for i, item in enumerate(items))

    return subjects


_PARTNERS = _listed("partners")
_WORK_STREAMS = _listed("work_streams")
_STAKEHOLDER_GROUPS = _listed("stakeholder_groups")


def each_partner(ctx: Context) -> Iterator[Subject[Partner]]:
    return iter(ctx.derived(_PARTNERS))


def each_work_stream(ctx: Context) -> Iterator[Subject[WorkStream]]:
    return iter(ctx.derived(_WORK_STREAMS))


def each_stakeholder_group(ctx: Context) -> Iterator[Subject[StakeholderGroup]]:
    return iter(ctx.derived(_STAKEHOLDER_GROUPS))


def each_user_or_carer_group(ctx: Context) -> Iterator[Subject[StakeholderGroup]]:
    for subject in each_stakeholder_group(ctx):
        if subject.obj.type in (GroupType.SERVICE_USERS, GroupType.CARERS):
            yield subject


def each_leader(ctx: Context) -> Iterator[Subject[Person]]:
    """Leaders in the order the plan lists people."""
    leaders = ctx.leader_ids
    for i, person in enumerate(ctx.plan.people):
        if person.id in leaders:
            yield Subject(person.id, ("people", i), person)


def each_milestone(ctx: Context) -> Iterator[Subject[Milestone]]:
    for i, ws in enumerate(ctx.plan.work_streams):
        for j, milestone in enumerate(ws.milestones):
            yield Subject(milestone.id, ("work_streams", i, "milestones", j), milestone)
