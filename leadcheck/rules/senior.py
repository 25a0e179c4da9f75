"""Theme `senior-support`: senior and chief-executive backing for the plan."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from leadcheck.findings import Severity, YamlPath
from leadcheck.meta import Param
from leadcheck.rules.base import (
    Context,
    Params,
    Problem,
    Rule,
    Subject,
    add_days,
    declare,
    each_partner,
    number,
    part,
    rule,
    stated,
    the_plan,
    whole,
)
from leadcheck.vocab import Backing, Seniority

if TYPE_CHECKING:
    from leadcheck.model import ChiefExecutive, DelegatedAuthority, Partner, Plan

THEME = "senior-support"
ERROR, WARNING = Severity.ERROR, Severity.WARNING


@rule(
    "LC401",
    "chief-executive-backing",
    ERROR,
    THEME,
    subjects=each_partner,
    title="Every partner's chief executive has signed their backing for the plan",
    tips=("chief-executive-support",),
    rationale=(
        "The tips call chief executive support essential: a signature turns goodwill into "
        "a commitment the organisation can be held to when priorities compete."
    ),
    fix="Get the chief executive's signature and set `chief_executive.backing: signed`.",
)
def chief_executive_backing(
    partner: Subject[Partner], ctx: Context, p: Params
) -> Iterator[Problem]:
    ce = partner.obj.chief_executive
    backing = ce.backing if ce else None
    if backing is Backing.SIGNED:
        return
    who = ctx.partner_label(partner.id)
    if backing is None:
        yield Problem(
            f"{who} records no chief executive backing for the plan",
            ("chief_executive", "backing"),
        )
    else:
        yield Problem(
            f"{who} has chief executive backing '{backing.value}', not signed",
            ("chief_executive", "backing"),
        )


def _signatures(ctx: Context) -> Iterator[Subject[ChiefExecutive]]:
    """Each signed chief executive backing (partners without one are LC401's)."""
    for i, partner in enumerate(ctx.plan.partners):
        ce = partner.chief_executive
        if ce is not None and ce.backing is Backing.SIGNED:
            yield Subject(partner.id, ("partners", i, "chief_executive"), ce)


def _version_unstated(ctx: Context) -> Iterator[Subject[Plan]]:
    """The plan, when it states no `plan_version` but has a signature to compare."""
    if not stated(ctx.plan.partnership.plan_version) and any(True for _ in _signatures(ctx)):
        yield from the_plan(ctx)


def _no_plan_version(plan: Subject[Plan], ctx: Context, p: Params) -> Iterator[Problem]:
    yield Problem(
        "partnership.plan_version is not set, so no chief executive signature can be "
        "checked against the current plan version",
        ("partnership", "plan_version"),
        fix='Set `partnership.plan_version` to this plan\'s version (quoted: "2.1").',
    )


def _signature_current(
    signature: Subject[ChiefExecutive], ctx: Context, p: Params
) -> Iterator[Problem]:
    who = ctx.partner_label(signature.id)
    ce = signature.obj
    months = number(p, "max_age_months")
    where: YamlPath = ("signed_on",)
    if ce.signed_on is None:
        yield Problem(
            f"{who} has signed chief executive backing with no signed_on date",
            where,
            fix="Record when the chief executive signed under `chief_executive.signed_on`.",
        )
    elif ce.signed_on > ctx.as_of:
        yield Problem(
            f"the chief executive of {who} signed on {ce.signed_on}, "
            f"after the as-of date {ctx.as_of}",
            where,
            fix="Correct `chief_executive.signed_on`, or `partnership.as_of` if the plan "
            "describes a later date.",
        )
    elif ce.signed_on < ctx.months_before(months):
        yield Problem(
            f"the chief executive of {who} signed on {ce.signed_on}, "
            f"more than {months} months before {ctx.as_of}",
            where,
        )
    current = ctx.plan.partnership.plan_version
    if not stated(current):
        return  # reported once, on the plan
    if not stated(ce.plan_version):
        yield Problem(
            f"{who} does not say which plan version its chief executive signed "
            f"(the plan is version '{current}')",
            ("plan_version",),
        )
    elif ce.plan_version.strip() != current.strip():
        yield Problem(
            f"the chief executive of {who} signed plan version '{ce.plan_version}', "
            f"not the current version '{current}'",
            ("plan_version",),
        )


backing_current = declare(
    "LC402",
    "backing-current",
    WARNING,
    THEME,
    parts=(part(_version_unstated, _no_plan_version), part(_signatures, _signature_current)),
    title="Every chief executive signature is recent and is for the current plan version",
    tips=("chief-executive-support",),
    rationale=(
        "A signature on an old version or from long ago may not cover what the plan now "
        "asks of the organisation, so backing has to be renewed as the plan changes."
    ),
    fix=(
        "Have the chief executive re-sign the current plan and update "
        "`chief_executive.signed_on` and `chief_executive.plan_version`."
    ),
    params={"max_age_months": Param(12)},
)


def _senior_person(
    partner: Subject[Partner], ctx: Context, field: str, person_id: str | None, role: str
) -> Iterator[Problem]:
    """A problem unless `person_id` names a person of seniority ceo or director."""
    path: YamlPath = (field,)
    who = ctx.partner_label(partner.id)
    if not person_id:
        yield Problem(f"{who} names no {role}", path)
        return
    person = ctx.people[person_id]  # validation resolved every reference
    named = ctx.person_label(person_id)
    if person.seniority is None:
        yield Problem(
            f"{who} names as {role} {named}, who has no recorded seniority (needs ceo or director)",
            path,
        )
    elif not ctx.seniority_is_senior(person_id):
        yield Problem(
            f"{who} names as {role} {named}, a {person.seniority.value}, not a ceo or director",
            path,
        )


@rule(
    "LC403",
    "senior-sponsor",
    ERROR,
    THEME,
    subjects=each_partner,
    title="Every partner names a senior sponsor at chief executive or director level",
    tips=("devolution-in-action",),
    rationale=(
        "Support from senior management is imperative for devolution in action: only "
        "someone with real authority can let others act in the organisation's name."
    ),
    fix="Set the partner's `senior_sponsor` to a person whose `seniority` is ceo or director.",
)
def senior_sponsor(partner: Subject[Partner], ctx: Context, p: Params) -> Iterator[Problem]:
    yield from _senior_person(
        partner, ctx, "senior_sponsor", partner.obj.senior_sponsor, "senior sponsor"
    )


def _no_start_date(ctx: Context) -> Problem | None:
    if ctx.plan.partnership.started is not None:
        return None
    return Problem(
        "partnership.started is not set, so nobody can tell whether partners' senior "
        "leaders were engaged at the start",
        ("partnership", "started"),
        fix="Set `partnership.started` to the date the programme started.",
    )


@rule(
    "LC404",
    "engaged-at-start",
    WARNING,
    THEME,
    subjects=each_partner,
    gate=_no_start_date,
    title="Every partner's senior leaders were engaged at the start of the programme "
    "(or, for a partner that joined later, when it joined)",
    tips=("engaged-at-start",),
    rationale=(
        "Leaders engaged from the start know the programme and feel part of it, so they "
        "can be asked to lend support later when the going gets tough."
    ),
    fix="Engage the partner's senior leaders and record the date under `engaged_on`; "
    "for a partner that joined after the start, record `joined_on` too.",
    params={"within_days": Param(30)},
)
def engaged_at_start(partner: Subject[Partner], ctx: Context, p: Params) -> Iterator[Problem]:
    started = ctx.plan.partnership.started
    assert started is not None  # the gate judged plans without one
    days = whole(p, "within_days")
    engaged = partner.obj.engaged_on
    joined = partner.obj.joined_on
    who = ctx.partner_label(partner.id)
    if engaged is None:
        yield Problem(
            f"{who} does not say when its senior leaders were first engaged",
            ("engaged_on",),
        )
        return
    # A partner that joined after the start is judged from the day it joined.
    start, since = started, f"the programme started on {started}"
    if joined is not None and joined > started:
        start, since = joined, f"it joined on {joined}"
    if engaged > add_days(start, days):
        late = (engaged - start).days
        yield Problem(
            f"{who} was first engaged on {engaged}, {late} days after {since} (more than {days})",
            ("engaged_on",),
        )


@rule(
    "LC405",
    "escalation-route",
    WARNING,
    THEME,
    subjects=each_partner,
    title="Every partner names a chief executive or director to escalate to",
    tips=("engaged-at-start",),
    rationale=(
        "When the going gets tough the partnership needs to know which senior leader in "
        "each organisation it can ask to lend support, before the crisis rather than during it."
    ),
    fix="Set the partner's `escalation_contact` to a person whose `seniority` is ceo or director.",
)
def escalation_route(partner: Subject[Partner], ctx: Context, p: Params) -> Iterator[Problem]:
    yield from _senior_person(
        partner, ctx, "escalation_contact", partner.obj.escalation_contact, "escalation contact"
    )


@rule(
    "LC406",
    "devolution-in-action",
    WARNING,
    THEME,
    subjects=each_partner,
    title="Every partner delegates authority to at least one named person",
    tips=("devolution-in-action", "empowering-environment", "enable-risk-taking"),
    rationale=(
        "Senior support shows in what leaders are allowed to decide: a partner that "
        "delegates nothing keeps every decision at the top and leaves its leaders unable to act."
    ),
    fix="Add a `delegated_authority` entry naming the person (`to`), the `scope` and any "
    "`spend_limit`.",
)
def devolution_in_action(partner: Subject[Partner], ctx: Context, p: Params) -> Iterator[Problem]:
    if not partner.obj.delegated_authority:
        yield Problem(
            f"{ctx.partner_label(partner.id)} delegates no authority to anyone",
            ("delegated_authority",),
        )


@rule(
    "LC407",
    "risk-appetite",
    WARNING,
    THEME,
    subjects=the_plan,
    title="The partnership has an approved statement of its risk appetite",
    tips=("enable-risk-taking",),
    rationale=(
        "People further down take the risks that lead to change only when senior leaders "
        "have said, in writing, how much risk they may take without asking."
    ),
    fix="Write `governance.risk_appetite` with a `statement` and the date it was `approved_on`.",
)
def risk_appetite(plan: Subject[Plan], ctx: Context, p: Params) -> Iterator[Problem]:
    governance = plan.obj.governance
    appetite = governance.risk_appetite if governance else None
    where: YamlPath = ("governance", "risk_appetite")
    if appetite is None:
        yield Problem("governance.risk_appetite is not stated", where)
        return
    if not stated(appetite.statement):
        yield Problem(
            "governance.risk_appetite has no statement of how much risk people may take",
            (*where, "statement"),
        )
    if appetite.approved_on is None:
        yield Problem("governance.risk_appetite has no approved_on date", (*where, "approved_on"))


# --- LC408-LC410: who signed, who sponsors, who is trusted to decide ------------------


def _employed_by(ctx: Context, person_id: str, partner_id: str | None) -> str | None:
    """Why the person is not employed by the partner (None when they are)."""
    person = ctx.people[person_id]  # validation resolved every reference
    if person.employer == partner_id:
        return None
    if person.employer is None:
        return "names no employer"
    if person.employer in ctx.partners:
        return f"is employed by {ctx.partner_label(person.employer)}"
    return f"is employed {person.employer}ly, not by the partner"


def _chief_executives(ctx: Context) -> Iterator[Subject[ChiefExecutive]]:
    """Each partner's chief_executive block (a partner with none is LC401's)."""
    for i, partner in enumerate(ctx.plan.partners):
        if partner.chief_executive is not None:
            yield Subject(partner.id, ("partners", i, "chief_executive"), partner.chief_executive)


@rule(
    "LC408",
    "own-chief-executive",
    ERROR,
    THEME,
    subjects=_chief_executives,
    title="Every partner's chief executive is that partner's own, at chief executive level",
    tips=("chief-executive-support",),
    rationale=(
        "Chief executive support is essential, and only the organisation's own chief "
        "executive can give it: a signature recorded against someone from another "
        "organisation, or against a director, commits nobody."
    ),
    fix="Set `chief_executive.person` to the partner's chief executive: a person whose "
    "`employer` is the partner and whose `seniority` is ceo.",
)
def own_chief_executive(ce: Subject[ChiefExecutive], ctx: Context, p: Params) -> Iterator[Problem]:
    who = ctx.partner_label(ce.id)
    pid = ce.obj.person
    if pid is None:
        yield Problem(f"{who} does not name its chief executive", ())
        return
    named = ctx.person_label(pid)
    if (why := _employed_by(ctx, pid, ce.id)) is not None:
        yield Problem(f"{who} names as its chief executive {named}, who {why}", ("person",))
    seniority = ctx.people[pid].seniority
    if seniority is not Seniority.CEO:
        level = f"a {seniority.value}" if seniority else "of no recorded seniority"
        yield Problem(
            f"{who} names as its chief executive {named}, {level}, not a ceo", ("person",)
        )


def _own_senior(partner: Subject[Partner], ctx: Context, p: Params) -> Iterator[Problem]:
    who = ctx.partner_label(partner.id)
    for field, role in (
        ("senior_sponsor", "senior sponsor"),
        ("escalation_contact", "escalation contact"),
    ):
        pid: str | None = getattr(partner.obj, field)
        if pid is not None and (why := _employed_by(ctx, pid, partner.id)) is not None:
            yield Problem(f"{who} names as {role} {ctx.person_label(pid)}, who {why}", (field,))


def _partners_naming_seniors(ctx: Context) -> Iterator[Subject[Partner]]:
    """Partners that name a sponsor or an escalation contact (LC403, LC405 judge the rest)."""
    for subject in each_partner(ctx):
        if subject.obj.senior_sponsor or subject.obj.escalation_contact:
            yield subject


own_senior_support = declare(
    "LC409",
    "own-senior-support",
    ERROR,
    THEME,
    parts=(part(_partners_naming_seniors, _own_senior),),
    title="Every partner's senior sponsor and escalation contact work for that partner",
    tips=("devolution-in-action", "engaged-at-start"),
    rationale=(
        "The tips ask for support from senior management in organisations: a sponsor or "
        "escalation contact borrowed from another partner cannot commit, or be asked to "
        "lend support for, an organisation they do not work for."
    ),
    fix="Name as `senior_sponsor` and `escalation_contact` people whose `employer` is "
    "the partner itself.",
)


def _delegations(ctx: Context) -> Iterator[Subject[DelegatedAuthority]]:
    for i, partner in enumerate(ctx.plan.partners):
        for j, grant in enumerate(partner.delegated_authority):
            yield Subject(partner.id, ("partners", i, "delegated_authority", j), grant)


@rule(
    "LC410",
    "authority-devolved-down",
    WARNING,
    THEME,
    subjects=_delegations,
    title="Delegated authority goes to people below the chief executive",
    tips=("enable-risk-taking", "devolution-in-action"),
    rationale=(
        "Devolution means senior leaders enabling people further down to decide and "
        "take risks; authority delegated to the chief executive, or to another chief "
        "executive, stays at the top."
    ),
    fix="Delegate to the people who will do the work (`to`: someone below chief "
    "executive level), with a `scope` and a `spend_limit`.",
)
def authority_devolved_down(
    grant: Subject[DelegatedAuthority], ctx: Context, p: Params
) -> Iterator[Problem]:
    partner = ctx.partners[str(grant.id)]
    to = grant.obj.to
    ce = partner.chief_executive.person if partner.chief_executive else None
    if to == ce:
        why = "its own chief executive"
    elif ctx.people[to].seniority is Seniority.CEO:
        why = "a chief executive"
    else:
        return
    yield Problem(
        f"{ctx.partner_label(grant.id)} delegates authority to {ctx.person_label(to)}, "
        f"{why}, not to someone further down",
        ("to",),
    )


RULES: tuple[Rule, ...] = (
    chief_executive_backing,
    backing_current,
    senior_sponsor,
    engaged_at_start,
    escalation_route,
    devolution_in_action,
    risk_appetite,
    own_chief_executive,
    own_senior_support,
    authority_devolved_down,
)
