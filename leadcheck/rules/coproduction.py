"""Theme `co-production`: service users and carers as equal partners and leaders."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from leadcheck.findings import Severity
from leadcheck.rules.base import (
    Context,
    Params,
    Problem,
    Rule,
    Subject,
    declare,
    each_user_or_carer_group,
    each_work_stream,
    name_list,
    part,
    rule,
    the_plan,
)
from leadcheck.vocab import GroupType, Participation
from leadcheck.words import plural

if TYPE_CHECKING:
    from leadcheck.model import Plan, StakeholderGroup, WorkStream

THEME = "co-production"
ERROR, WARNING = Severity.ERROR, Severity.WARNING

USER_AND_CARER_TYPES = (GroupType.SERVICE_USERS, GroupType.CARERS)
DEEP_PARTICIPATION = (Participation.CO_DESIGN, Participation.CO_PRODUCE)


def _group_types(ctx: Context) -> frozenset[GroupType]:
    return frozenset(g.type for g in ctx.plan.stakeholder_groups if g.type is not None)


@rule(
    "LC301",
    "users-and-carers-represented",
    ERROR,
    THEME,
    subjects=the_plan,
    title="The stakeholder groups include a service users' group and a carers' group",
    tips=("users-and-carers",),
    rationale=(
        "Service users and carers can only be equal partners if the plan gives each of "
        "them a group of their own; without one nobody is there to speak for them."
    ),
    fix="Add a `stakeholder_groups` entry with `type: service_users` and one with `type: carers`.",
)
def users_and_carers_represented(plan: Subject[Plan], ctx: Context, p: Params) -> Iterator[Problem]:
    present = ctx.derived(_group_types)
    for kind in USER_AND_CARER_TYPES:
        if kind not in present:
            yield Problem(
                f"stakeholder_groups has no group of type '{kind}'", ("stakeholder_groups",)
            )


@rule(
    "LC302",
    "lived-experience-champions",
    ERROR,
    THEME,
    subjects=each_user_or_carer_group,
    title="Every service users' and carers' group has a champion with lived experience",
    tips=("users-and-carers",),
    rationale=(
        "People who use services, and the people who care for them, should be led by "
        "someone who shares that experience, not only spoken for by professionals."
    ),
    fix="Add a person with `lived_experience: true` to the group's `champions`.",
)
def lived_experience_champions(
    group: Subject[StakeholderGroup], ctx: Context, p: Params
) -> Iterator[Problem]:
    champions = group.obj.champions
    people = ctx.people
    if any((person := people.get(c)) is not None and person.lived_experience for c in champions):
        return
    kind_of = str(group.obj.type).replace("_", " ")
    kind = f"{ctx.group_label(group.id)}, a {kind_of} group,"
    if champions:
        yield Problem(
            f"{kind} has no champion with lived experience "
            f"({'champion' if len(champions) == 1 else 'champions'} {name_list(champions)} "
            f"{'is' if len(champions) == 1 else 'are'} not marked lived_experience: true)",
            ("champions",),
        )
    else:
        yield Problem(f"{kind} has no champion, so none with lived experience", ("champions",))


@rule(
    "LC303",
    "equal-seat",
    ERROR,
    THEME,
    subjects=the_plan,
    title="The board has a voting member with lived experience",
    tips=("users-and-carers",),
    rationale=(
        "Being an equal partner means having an equal say: someone with lived experience "
        "must sit on the board with a vote, not only attend or be consulted."
    ),
    fix="Add a person with `lived_experience: true` to `governance.board.members` with "
    "`voting: true`.",
)
def equal_seat(plan: Subject[Plan], ctx: Context, p: Params) -> Iterator[Problem]:
    board = plan.obj.governance.board if plan.obj.governance else None
    if board is None:
        yield Problem(
            "governance.board is not described, so nobody with lived experience has a vote",
            ("governance", "board"),
        )
        return
    people = ctx.people
    lived = [
        (k, m)
        for k, m in enumerate(board.members)
        if (person := people.get(m.person)) is not None and person.lived_experience
    ]
    if any(m.voting for _, m in lived):
        return
    if lived:
        k, _ = lived[0]
        names = name_list(m.person for _, m in lived)
        yield Problem(
            f"governance.board has no voting member with lived experience ({names} "
            f"{'sits' if len(lived) == 1 else 'sit'} without a vote)",
            ("governance", "board", "members", k, "voting"),
        )
    else:
        yield Problem(
            "governance.board has no member with lived experience",
            ("governance", "board", "members"),
        )


def _depth(label: str, participation: Participation | None) -> Iterator[Problem]:
    if participation in DEEP_PARTICIPATION:
        return
    if participation is None:
        message = f"{label} does not state its participation"
    else:
        message = (
            f"{label} participation is '{participation}', short of 'co_design' or 'co_produce'"
        )
    yield Problem(message, ("participation",))


def _group_depth(group: Subject[StakeholderGroup], ctx: Context, p: Params) -> Iterator[Problem]:
    return _depth(ctx.group_label(group.id), group.obj.participation)


def _work_stream_depth(ws: Subject[WorkStream], ctx: Context, p: Params) -> Iterator[Problem]:
    return _depth(ctx.work_stream_label(ws.id), ws.obj.participation)


# Every service users' and carers' group, then every work stream.
co_production_depth = declare(
    "LC304",
    "co-production-depth",
    WARNING,
    THEME,
    parts=(
        part(each_user_or_carer_group, _group_depth),
        part(each_work_stream, _work_stream_depth),
    ),
    title="Every service users' and carers' group and every work stream co-designs or co-produces",
    tips=("users-and-carers",),
    rationale=(
        "Informing or consulting people keeps them outside the work; equal partners "
        "design and deliver the changes alongside the professionals."
    ),
    fix="Raise `participation` to `co_design` or `co_produce`, and plan the work so "
    "that it is true.",
)


def _lived_experience_ids(ctx: Context) -> frozenset[str]:
    return frozenset(p.id for p in ctx.plan.people if p.lived_experience)


def _work_streams_if_any(ctx: Context) -> Iterator[Subject[Plan]]:
    """The plan, when it has work streams to lead (with none, there is nothing to judge)."""
    if ctx.plan.work_streams:
        yield from the_plan(ctx)


@rule(
    "LC305",
    "lived-experience-leaders",
    WARNING,
    THEME,
    subjects=_work_streams_if_any,
    title="Someone with lived experience leads or champions at least one work stream",
    tips=("users-and-carers",),
    rationale=(
        "Equal partners are leaders too, not only voices in a group: unless someone with "
        "lived experience leads or champions a piece of the work itself, people who use "
        "services are consulted about the change rather than leading it."
    ),
    fix="Make a person with `lived_experience: true` the `lead` or one of the `champions` "
    "of a work stream.",
)
def lived_experience_leaders(plan: Subject[Plan], ctx: Context, p: Params) -> Iterator[Problem]:
    lived = ctx.derived(_lived_experience_ids)
    for ws in plan.obj.work_streams:
        if (ws.lead in lived) or any(c in lived for c in ws.champions):
            return
    count = len(plan.obj.work_streams)
    which = (
        "the plan's one work stream is not"
        if count == 1
        else f"none of the {count} work streams is"
    )
    why = (
        f"the plan has {plural(len(lived), 'person', 'people')} with lived experience, "
        "but none leads or champions a work stream"
        if lived
        else "nobody in the plan has lived_experience: true"
    )
    message = f"{which} led or championed by someone with lived experience ({why})"
    yield Problem(message, ("work_streams",))


RULES: tuple[Rule, ...] = (
    users_and_carers_represented,
    lived_experience_champions,
    equal_seat,
    co_production_depth,
    lived_experience_leaders,
)
