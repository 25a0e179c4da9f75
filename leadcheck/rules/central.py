"""Theme `central-leadership`: the right leadership, from the centre."""

from __future__ import annotations

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
    each_leader,
    each_partner,
    name_list,
    rule,
    stated,
    the_plan,
    whole,
)
from leadcheck.vocab import Level

if TYPE_CHECKING:
    from leadcheck.model import Partner, Person, Plan, Skill

THEME = "central-leadership"
ERROR, WARNING = Severity.ERROR, Severity.WARNING

KEY_ROLES = ("improvement_lead", "senior_responsible_owner", "chair")
CENTRAL_EMPLOYERS = ("central", "independent")


def _the_improvement_lead(ctx: Context) -> Iterator[Subject[Person]]:
    """The improvement lead, when there is one (LC101 reports a missing lead)."""
    lead = ctx.improvement_lead
    if lead is not None:
        yield Subject(lead.id, ("people", ctx.person_index[lead.id]), lead)


@rule(
    "LC101",
    "key-roles-named",
    ERROR,
    THEME,
    subjects=the_plan,
    title="The improvement lead, senior responsible owner and chair are all named",
    tips=("right-leadership",),
    rationale=(
        "A partnership succeeds or fails on its leadership, and that starts with knowing "
        "who leads the improvement work, who answers for it and who chairs the board."
    ),
    fix="Name a person for each of `roles.improvement_lead`, "
    "`roles.senior_responsible_owner` and `roles.chair`.",
)
def key_roles_named(plan: Subject[Plan], ctx: Context, p: Params) -> Iterator[Problem]:
    roles = plan.obj.roles
    for role in KEY_ROLES:
        if not (roles and getattr(roles, role)):
            yield Problem(f"roles.{role} names nobody", ("roles", role))


@rule(
    "LC102",
    "improvement-lead-central",
    ERROR,
    THEME,
    subjects=_the_improvement_lead,
    title="The improvement lead sits centrally: hosted by the partnership, independent, "
    "or funded by every partner",
    tips=("central-improvement-lead",),
    rationale=(
        "An improvement lead employed and paid by one partner is seen as that partner's "
        "agent; a post that belongs to all of them can lead across all of them."
    ),
    fix="Set the improvement lead's `employer` to `central` or `independent`, or list "
    "every partner under their `funded_by`.",
)
def improvement_lead_central(lead: Subject[Person], ctx: Context, p: Params) -> Iterator[Problem]:
    person = lead.obj
    if person.employer in CENTRAL_EMPLOYERS:
        return
    funders = set(person.funded_by)
    missing = [pid for pid in ctx.partners if pid not in funders]
    if not missing:
        return
    employer = (
        f"is employed by {ctx.partner_label(person.employer)}"
        if person.employer
        else "names no employer"
    )
    funded = (
        f"funded by {name_list(person.funded_by)} but not {name_list(missing)}"
        if person.funded_by
        else "funded by no partner"
    )
    yield Problem(
        f"{ctx.person_label(lead.id)}, the improvement lead, {employer} and is {funded}",
        ("employer",),
    )


def _partners_if_lead(ctx: Context) -> Iterator[Subject[Partner]]:
    if ctx.improvement_lead is not None:
        yield from each_partner(ctx)


@rule(
    "LC103",
    "lead-draws-on-all-partners",
    WARNING,
    THEME,
    subjects=_partners_if_lead,
    title="Every partner has a resource the improvement lead can draw on",
    tips=("resources-from-all", "resources"),
    rationale=(
        "A central lead who can only spend one organisation's money or staff time ends up "
        "improving that organisation; leading the whole system needs access to all of it."
    ),
    fix="Add the improvement lead to `available_to` on one of the partner's `resources`.",
)
def lead_draws_on_all_partners(
    partner: Subject[Partner], ctx: Context, p: Params
) -> Iterator[Problem]:
    lead = ctx.improvement_lead
    if lead is None or any(lead.id in resource.available_to for resource in partner.obj.resources):
        return
    who = ctx.partner_label(partner.id)
    if partner.obj.resources:
        message = f"{who} has no resource available to the improvement lead '{lead.id}'"
    else:
        message = (
            f"{who} commits no resources, so the improvement lead "
            f"'{lead.id}' cannot draw on any from it"
        )
    yield Problem(
        message,
        ("resources",),
    )


def _no_required_skills(ctx: Context) -> Problem | None:
    if ctx.plan.required_skills:
        return None
    return Problem(
        "required_skills is not declared, so no leader's skills can be assessed",
        ("required_skills",),
    )


@rule(
    "LC104",
    "skills-defined",
    WARNING,
    THEME,
    subjects=each_leader,
    gate=_no_required_skills,
    title="The required skills are declared and every leader is assessed against each",
    params={"assess_lived_experience_champions": Param(0, maximum=1)},
    tips=("skills-applied", "skills"),
    rationale=(
        "Leaders can only grow the skills the work needs once those skills are written "
        "down and each leader knows where they stand against them. Champions who are "
        "there for their lived experience, and hold no role or lead, are not asked for "
        "skills levels unless `assess_lived_experience_champions` is 1."
    ),
    fix="Declare `required_skills`, and give each leader a `skills` entry with a `level` "
    "for every one of them.",
)
def skills_defined(subject: Subject[Person], ctx: Context, p: Params) -> Iterator[Problem]:
    person = subject.obj
    if ctx.lived_experience_champion(person) and not whole(p, "assess_lived_experience_champions"):
        return  # there for their lived experience: skills levels are not asked of them
    listed = {skill.skill for skill in person.skills}
    missing = [s.id for s in ctx.plan.required_skills if s.id not in listed]
    who = ctx.person_label(subject.id)
    if missing:
        yield Problem(f"{who} has no skills entry for {name_list(missing)}", ("skills",))
    for j, skill in enumerate(person.skills):
        if skill.level is None:
            yield Problem(
                f"{who} lists skill '{skill.skill}' without a level",
                ("skills", j, "level"),
            )


def _min_levels(ctx: Context) -> dict[str, Level]:
    return {s.id: s.min_level for s in ctx.plan.required_skills}


def _skill_gaps(ctx: Context) -> Iterator[Subject[Skill]]:
    """Every skill assessed below its required minimum, in the plan's order."""
    minimum = ctx.derived(_min_levels)
    for i, person in enumerate(ctx.plan.people):
        for j, skill in enumerate(person.skills):
            floor = minimum.get(skill.skill)
            if skill.level is not None and floor is not None and skill.level.rank < floor.rank:
                yield Subject(person.id, ("people", i, "skills", j), skill)


@rule(
    "LC105",
    "skill-gaps-addressed",
    WARNING,
    THEME,
    subjects=_skill_gaps,
    title="Every skill assessed below its required level has a development action",
    tips=("skills-applied", "skills"),
    rationale=(
        "Knowing a leader falls short of a skill helps only if something is done about it; "
        "a gap with no development action stays a gap."
    ),
    fix="Write the action that will close the gap (what and by when) in the skill's `development`.",
)
def skill_gaps_addressed(gap: Subject[Skill], ctx: Context, p: Params) -> Iterator[Problem]:
    skill = gap.obj
    if stated(skill.development):
        return
    floor = ctx.derived(_min_levels)[skill.skill]
    yield Problem(
        f"{ctx.person_label(gap.id)} is assessed '{skill.level}' in '{skill.skill}', below the "
        f"required '{floor}', with no development action",
        ("development",),
    )


RULES: tuple[Rule, ...] = (
    key_roles_named,
    improvement_lead_central,
    lead_draws_on_all_partners,
    skills_defined,
    skill_gaps_addressed,
)
