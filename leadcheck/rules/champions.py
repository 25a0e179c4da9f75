"""Theme `champions`: champions in every work stream and stakeholder group."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from leadcheck.findings import Severity
from leadcheck.meta import Param
from leadcheck.rules.base import (
    Context,
    Params,
    Problem,
    Rule,
    Subject,
    each_partner,
    each_stakeholder_group,
    each_work_stream,
    number,
    rule,
)

if TYPE_CHECKING:
    from leadcheck.model import Partner, Person, StakeholderGroup, WorkStream

THEME = "champions"
ERROR, WARNING = Severity.ERROR, Severity.WARNING


@rule(
    "LC201",
    "work-stream-champion",
    ERROR,
    THEME,
    subjects=each_work_stream,
    title="Every work stream has at least one champion",
    tips=("champions-everywhere",),
    rationale=(
        "A work stream nobody champions has no one to carry its case to colleagues, so "
        "partnering conditions never form around it."
    ),
    fix="List at least one person under the work stream's `champions`.",
)
def work_stream_champion(ws: Subject[WorkStream], ctx: Context, p: Params) -> Iterator[Problem]:
    if not ws.obj.champions:
        yield Problem(f"{ctx.work_stream_label(ws.id)} has no champion", ("champions",))


@rule(
    "LC202",
    "stakeholder-group-champion",
    ERROR,
    THEME,
    subjects=each_stakeholder_group,
    title="Every stakeholder group has at least one champion",
    tips=("champions-everywhere",),
    rationale=(
        "Each stakeholder group needs someone who speaks for it inside the partnership "
        "and for the partnership inside the group."
    ),
    fix="List at least one person under the group's `champions`.",
)
def stakeholder_group_champion(
    group: Subject[StakeholderGroup], ctx: Context, p: Params
) -> Iterator[Problem]:
    if not group.obj.champions:
        yield Problem(f"{ctx.group_label(group.id)} has no champion", ("champions",))


@rule(
    "LC203",
    "single-accountable-lead",
    WARNING,
    THEME,
    subjects=each_work_stream,
    title="Every work stream names its single accountable lead",
    tips=("champions-everywhere",),
    rationale=(
        "Authority can be devolved only when accountability stays with someone: a work "
        "stream without a named lead has nobody answerable for it."
    ),
    fix="Name one person as the work stream's `lead`.",
)
def single_accountable_lead(ws: Subject[WorkStream], ctx: Context, p: Params) -> Iterator[Problem]:
    if not ws.obj.lead:
        yield Problem(f"{ctx.work_stream_label(ws.id)} names no accountable lead", ("lead",))


def _leadership_load(ctx: Context) -> Counter[str]:
    load: Counter[str] = Counter()
    for ws in ctx.plan.work_streams:
        load.update({*ws.champions, *([ws.lead] if ws.lead else [])})
    for group in ctx.plan.stakeholder_groups:
        load.update(set(group.champions))
    return load


def _loaded_people(ctx: Context) -> Iterator[Subject[Person]]:
    """Everyone who leads or champions at least one work stream or group."""
    load = ctx.derived(_leadership_load)
    for i, person in enumerate(ctx.plan.people):
        if load[person.id]:
            yield Subject(person.id, ("people", i), person)


@rule(
    "LC204",
    "champion-overload",
    WARNING,
    THEME,
    subjects=_loaded_people,
    title="Nobody leads or champions too many work streams and groups",
    tips=("energetic",),
    rationale=(
        "Leadership needs energy, and energy runs out: a person spread across many "
        "streams and groups cannot champion any of them well."
    ),
    fix="Share the roles out: bring in another champion for some of this person's streams.",
    params={"max_roles": Param(3, minimum=1)},
)
def champion_overload(person: Subject[Person], ctx: Context, p: Params) -> Iterator[Problem]:
    count = ctx.derived(_leadership_load)[person.obj.id]
    if count > number(p, "max_roles"):
        yield Problem(
            f"{ctx.person_label(person.id)} leads or champions {count} work streams and groups "
            f"(more than {p['max_roles']})"
        )


def _leader_employers(ctx: Context) -> set[str | None]:
    return {ctx.people[pid].employer for pid in ctx.leader_ids if pid in ctx.people}


@rule(
    "LC205",
    "leadership-from-every-partner",
    WARNING,
    THEME,
    subjects=each_partner,
    title="Every partner employs at least one leader",
    tips=("sources-of-leadership",),
    rationale=(
        "Leadership has to come from every partner; a partner that supplies no leader "
        "takes part in the work but never shapes it."
    ),
    fix="Make someone the partner employs a work-stream lead, a champion or a role holder.",
)
def leadership_from_every_partner(
    partner: Subject[Partner], ctx: Context, p: Params
) -> Iterator[Problem]:
    if partner.id not in ctx.derived(_leader_employers):
        yield Problem(f"{ctx.partner_label(partner.id)} employs none of the partnership's leaders")


RULES: tuple[Rule, ...] = (
    work_stream_champion,
    stakeholder_group_champion,
    single_accountable_lead,
    champion_overload,
    leadership_from_every_partner,
)
