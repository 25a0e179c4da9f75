"""Theme `partnering`: the conditions for whole-systems partnering.

Leaders need from their partners credibility, mutual respect, a shared vision,
common goals and openness; each partner needs a culture that develops leaders;
and the leaders themselves need the partnering traits, including the ability to
agree what can change and what is fixed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from leadcheck.findings import PartnersView, PrincipleRow, Severity, YamlPath, mean_text
from leadcheck.meta import Param, ParamValue, Words
from leadcheck.records import record
from leadcheck.rules.base import (
    Context,
    Params,
    Problem,
    Rule,
    Subject,
    Subjects,
    declare,
    each_leader,
    each_partner,
    each_work_stream,
    name_list,
    number,
    part,
    rule,
    stated,
    the_plan,
    whole,
    words,
)
from leadcheck.shape import PRINCIPLE_TITLES, PRINCIPLES, TRAITS
from leadcheck.vocab import TraitMethod
from leadcheck.words import plural

if TYPE_CHECKING:
    from leadcheck.model import (
        Goal,
        Partner,
        PartnerResponse,
        PartnershipAssessment,
        Person,
        Plan,
        TraitScores,
        WorkStream,
    )

THEME = "partnering"
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def _missing_partners(ctx: Context, listed: Iterable[str]) -> list[str]:
    """Partner ids, in plan order, that `listed` leaves out."""
    present = set(listed)
    return [pid for pid in ctx.partners if pid not in present]


# --- LC501 --------------------------------------------------------------------------


@rule(
    "LC501",
    "leadership-development",
    WARNING,
    THEME,
    subjects=each_partner,
    title="Every partner has a leadership development policy, reviewed recently",
    tips=("champions-everywhere", "empowering-environment"),
    rationale=(
        "Each partner must have the governance and culture to develop leaders; a current, "
        "written policy is the visible sign that it does, and that leaders are empowered "
        "rather than left to emerge by chance."
    ),
    fix=(
        "Give the partner a `leadership_development.policy` (a link or title) and record "
        "its latest review in `leadership_development.reviewed_on`."
    ),
    params={"max_age_months": Param(24)},
)
def leadership_development(partner: Subject[Partner], ctx: Context, p: Params) -> Iterator[Problem]:
    development = partner.obj.leadership_development
    who = ctx.partner_label(partner.id)
    if development is None or not stated(development.policy):
        yield Problem(
            f"{who} has no leadership development policy",
            ("leadership_development", "policy"),
        )
        return
    reviewed = development.reviewed_on
    if reviewed is None:
        yield Problem(
            f"{who} does not say when its leadership development policy was last reviewed",
            ("leadership_development", "reviewed_on"),
        )
    elif reviewed < ctx.months_before(number(p, "max_age_months")):
        yield Problem(
            f"{who} last reviewed its leadership development policy on "
            f"{reviewed}, more than {p['max_age_months']} months before {ctx.as_of}",
            ("leadership_development", "reviewed_on"),
        )


# --- LC502 --------------------------------------------------------------------------


def _vision_stated(plan: Subject[Plan], ctx: Context, p: Params) -> Iterator[Problem]:
    if not stated(plan.obj.partnership.vision):
        yield Problem("partnership.vision is not stated", ("partnership", "vision"))


def _partners_once_vision_stated(ctx: Context) -> Iterator[Subject[Partner]]:
    if stated(ctx.plan.partnership.vision):
        yield from each_partner(ctx)


def _vision_endorsed(partner: Subject[Partner], ctx: Context, p: Params) -> Iterator[Problem]:
    if partner.id not in ctx.derived(_vision_endorsers):
        yield Problem(
            f"{ctx.partner_label(partner.id)} has not endorsed the vision "
            "(it is not listed in partnership.vision_endorsed_by)",
            fix=f"Add '{partner.id}' to `partnership.vision_endorsed_by` once it endorses "
            "the vision.",
        )


# The plan (is the vision stated?), then, once it is, each partner (endorsed?).
shared_vision = declare(
    "LC502",
    "shared-vision",
    ERROR,
    THEME,
    parts=(part(the_plan, _vision_stated), part(_partners_once_vision_stated, _vision_endorsed)),
    title="The partnership states its vision and every partner endorses it",
    tips=("partnering-conditions",),
    rationale=(
        "Whole-systems working flourishes only when partners pull towards the same end; "
        "a vision that is unwritten, or written but not endorsed by a partner, is not shared."
    ),
    fix=(
        "State the vision in `partnership.vision` and list every partner id in "
        "`partnership.vision_endorsed_by`."
    ),
)


def _vision_endorsers(ctx: Context) -> frozenset[str]:
    return frozenset(ctx.plan.partnership.vision_endorsed_by)


# --- LC503 --------------------------------------------------------------------------


def _plan_without_goals(ctx: Context) -> Iterator[Subject[Plan]]:
    if not ctx.plan.partnership.goals:
        yield from the_plan(ctx)


def _no_goals(plan: Subject[Plan], ctx: Context, p: Params) -> Iterator[Problem]:
    yield Problem("partnership.goals lists no goal", ("partnership", "goals"))


def _each_goal(ctx: Context) -> Iterator[Subject[Goal]]:
    for i, goal in enumerate(ctx.plan.partnership.goals):
        yield Subject(goal.id, ("partnership", "goals", i), goal)


def _goal_owned(goal: Subject[Goal], ctx: Context, p: Params) -> Iterator[Problem]:
    needed = min(whole(p, "min_owners"), len(ctx.partners))
    owners = list(dict.fromkeys(goal.obj.owners))
    if len(owners) < needed:
        named = f" ({name_list(owners)})" if owners else ""
        yield Problem(
            f"goal '{goal.id}' has {plural(len(owners), 'owner')}{named}; "
            f"a common goal needs at least {needed}",
            ("owners",),
        )


def _serves_a_goal(ws: Subject[WorkStream], ctx: Context, p: Params) -> Iterator[Problem]:
    if not ws.obj.goals:
        yield Problem(f"{ctx.work_stream_label(ws.id)} names no goal it serves", ("goals",))


common_goals = declare(
    "LC503",
    "common-goals",
    WARNING,
    THEME,
    parts=(
        part(_plan_without_goals, _no_goals),
        part(_each_goal, _goal_owned),
        part(each_work_stream, _serves_a_goal),
    ),
    title="The partnership has common goals, each owned by partners together, "
    "and every work stream serves one",
    tips=("skills-applied", "partnering-conditions"),
    rationale=(
        "Goals owned by one partner alone are not common goals, and a work stream that "
        "serves no goal is effort that cannot be applied strategically."
    ),
    fix=(
        "Write `partnership.goals`, give each goal several partner `owners`, and list "
        "the goals each work stream serves in its `goals`."
    ),
    params={"min_owners": Param(2, minimum=1)},
)


# --- LC504 --------------------------------------------------------------------------


def _information_signatories(ctx: Context) -> frozenset[str] | None:
    """Who signed the information sharing agreement (None: the plan records none)."""
    governance = ctx.plan.governance
    sharing = governance.information_sharing if governance else None
    return frozenset(sharing.signed_by) if sharing else None


@rule(
    "LC504",
    "openness",
    WARNING,
    THEME,
    subjects=each_partner,
    title="Every partner has signed the information sharing agreement",
    tips=("partnering-conditions",),
    rationale=(
        "Openness between partners needs more than goodwill: an information sharing "
        "agreement signed by every partner lets leaders share what they know without "
        "asking permission each time."
    ),
    fix="List every partner id in `governance.information_sharing.signed_by`.",
)
def openness(partner: Subject[Partner], ctx: Context, p: Params) -> Iterator[Problem]:
    signed = ctx.derived(_information_signatories)
    who = ctx.partner_label(partner.id)
    if signed is None:
        yield Problem(
            f"{who} has not signed an information sharing agreement "
            "(the plan has no governance.information_sharing)"
        )
    elif partner.id not in signed:
        yield Problem(
            f"{who} has not signed the information sharing agreement "
            "(it is not listed in governance.information_sharing.signed_by)",
            fix=f"Add '{partner.id}' to `governance.information_sharing.signed_by` once it signs.",
        )


# --- LC505 --------------------------------------------------------------------------

ASSESSMENT: YamlPath = ("governance", "partnership_assessment")


def _assessment(plan: Plan) -> PartnershipAssessment | None:
    governance = plan.governance
    return governance.partnership_assessment if governance else None


def respondents(assessment: PartnershipAssessment) -> list[str]:
    """Partner ids that responded: those with a response when the plan gives responses
    (validation holds `partners_responding`, if given too, to the same partners)."""
    if assessment.responses:
        return list(dict.fromkeys(r.partner for r in assessment.responses))
    return list(assessment.partners_responding)


def _completed(assessment: PartnershipAssessment) -> tuple[dt.date, YamlPath] | None:
    """When the assessment was completed, and where the plan says so: its own
    `completed_on`, or else the date of its latest response."""
    if assessment.completed_on is not None:
        return assessment.completed_on, ("completed_on",)
    dated = [(r.completed_on, i) for i, r in enumerate(assessment.responses) if r.completed_on]
    if not dated:
        return None
    day, i = max(dated, key=lambda d: (d[0], -d[1]))
    return day, ("responses", i, "completed_on")


def _assessment_respondents(ctx: Context) -> frozenset[str] | None:
    """Partners that responded to the assessment (None: the plan records none)."""
    assessment = _assessment(ctx.plan)
    return frozenset(respondents(assessment)) if assessment else None


def _assessment_recent(plan: Subject[Plan], ctx: Context, p: Params) -> Iterator[Problem]:
    assessment = _assessment(plan.obj)
    if assessment is None:
        yield Problem(
            "governance.partnership_assessment is missing: no assessment of credibility "
            "and mutual respect is recorded",
            ASSESSMENT,
        )
        return
    completed = _completed(assessment)
    if completed is None:
        nor = " (nor do its responses)" if assessment.responses else ""
        yield Problem(
            f"governance.partnership_assessment does not say when it was completed{nor}",
            (*ASSESSMENT, "completed_on"),
        )
        return
    day, where = completed
    if day < ctx.months_before(number(p, "max_age_months")):
        latest = "" if where == ("completed_on",) else " (its latest response)"
        yield Problem(
            f"governance.partnership_assessment was completed on {day}{latest}, "
            f"more than {p['max_age_months']} months before {ctx.as_of}",
            (*ASSESSMENT, *where),
        )


def _partners_once_assessed(ctx: Context) -> Iterator[Subject[Partner]]:
    if ctx.derived(_assessment_respondents) is not None:
        yield from each_partner(ctx)


def _responded(partner: Subject[Partner], ctx: Context, p: Params) -> Iterator[Problem]:
    if partner.id in (ctx.derived(_assessment_respondents) or ()):
        return
    assessment = _assessment(ctx.plan)
    who = ctx.partner_label(partner.id)
    if assessment is not None and assessment.responses:
        yield Problem(
            f"{who} did not respond to the partnership assessment "
            "(it has no response in governance.partnership_assessment.responses)",
            fix=f"Ask '{partner.id}' to complete the partnership assessment and add its "
            "scores to `governance.partnership_assessment.responses`.",
        )
    else:
        yield Problem(
            f"{who} did not respond to the partnership assessment "
            "(it is not listed in governance.partnership_assessment.partners_responding)",
            fix=f"Ask '{partner.id}' to take part in the partnership assessment and add it "
            "to `governance.partnership_assessment.partners_responding`.",
        )


# The plan (is there a recent assessment?), then, once one is recorded, each
# partner (did it respond?).
mutual_respect_assessed = declare(
    "LC505",
    "mutual-respect-assessed",
    INFO,
    THEME,
    parts=(part(the_plan, _assessment_recent), part(_partners_once_assessed, _responded)),
    title="A partnership assessment was completed recently, with every partner responding",
    tips=("partnering-conditions",),
    rationale=(
        "Credibility and mutual respect cannot be read from a plan, but a recent partnership "
        "assessment that every partner answered shows they are being asked about and heard."
    ),
    fix=(
        "Run a partnership assessment with every partner and record it in "
        "`governance.partnership_assessment` (`completed_on`, `partners_responding`)."
    ),
    params={"max_age_months": Param(12)},
)


# --- LC506 --------------------------------------------------------------------------


METHODS = Words(m.value for m in TraitMethod)


@rule(
    "LC506",
    "leader-traits-assessed",
    WARNING,
    THEME,
    subjects=each_leader,
    title="Every leader has a recent assessment of all eight partnering traits, "
    "by an accepted method",
    tips=("champions-everywhere",),
    rationale=(
        "The partnering traits (enthusiasm, authority, openness, listening, flexibility, "
        "devolving with accountability, challenge, defining limits) can only be developed "
        "if each leader's are known, and known recently. A programme may accept only some "
        "methods (`accepted_methods`: leave out `self` to refuse self-assessment). "
        "Champions there for their lived experience, with no role or lead, are not asked "
        "for trait scores unless `assess_lived_experience_champions` is 1."
    ),
    fix=(
        "Assess the leader's traits by an accepted method and record `traits.method`, "
        "`traits.assessed_on` and a 1-4 score for each of the eight traits under "
        "`traits.scores`."
    ),
    params={
        "max_age_months": Param(12),
        "accepted_methods": Param(METHODS, choices=METHODS),
        "assess_lived_experience_champions": Param(0, maximum=1),
    },
)
def leader_traits_assessed(person: Subject[Person], ctx: Context, p: Params) -> Iterator[Problem]:
    if ctx.lived_experience_champion(person.obj) and not whole(
        p, "assess_lived_experience_champions"
    ):
        return  # there for their lived experience: trait scores are not asked of them
    traits = person.obj.traits
    scores = traits.scores if traits else None
    who = ctx.person_label(person.id)
    if traits is None or (scores is None and traits.assessed_on is None):
        yield Problem(f"{who} has no assessment of the partnering traits", ("traits",))
        return
    missing = [t for t in TRAITS if scores is None or getattr(scores, t) is None]
    if len(missing) == len(TRAITS):
        yield Problem(f"{who} has no trait scores", ("traits", "scores"))
    elif missing:
        yield Problem(
            f"{who} has no score for {name_list(missing, limit=None)} "
            f"({len(TRAITS) - len(missing)} of {len(TRAITS)} traits scored)",
            ("traits", "scores"),
        )
    assessed = traits.assessed_on
    if assessed is None:
        yield Problem(
            f"{who} has a trait assessment with no assessed_on date",
            ("traits", "assessed_on"),
        )
    elif assessed < ctx.months_before(number(p, "max_age_months")):
        yield Problem(
            f"{who} last had the traits assessed on {assessed}, more than "
            f"{p['max_age_months']} months before {ctx.as_of}",
            ("traits", "assessed_on"),
        )
    accepted = words(p, "accepted_methods")
    if len(accepted) < len(METHODS):  # every method accepted: nothing to check
        method = traits.method
        if method is None:
            yield Problem(
                f"{who} has a trait assessment that does not say its method (accepted: {accepted})",
                ("traits", "method"),
            )
        elif method.value not in accepted:
            yield Problem(
                f"{who} had the traits assessed by '{method.value}', which this programme "
                f"does not accept (accepted: {accepted})",
                ("traits", "method"),
            )


# --- LC507 --------------------------------------------------------------------------


def _scored_leaders(ctx: Context) -> Iterator[Subject[TraitScores]]:
    """Leaders' trait scores, where any is given (LC506 reports the unscored ones)."""
    for subject in each_leader(ctx):
        traits = subject.obj.traits
        scores = traits.scores if traits else None
        if scores is not None and any(getattr(scores, t) is not None for t in TRAITS):
            yield Subject(subject.id, (*subject.path, "traits", "scores"), scores)


@rule(
    "LC507",
    "leader-trait-gap",
    INFO,
    THEME,
    subjects=_scored_leaders,
    title="No leader scores low on a partnering trait",
    tips=("champions-everywhere",),
    rationale=(
        "A trait that is rarely shown, such as consulting and listening or defining limits, "
        "is where partnering with that leader is likely to strain; naming it is the start "
        "of developing it."
    ),
    fix=(
        "Agree development for the trait with the leader, and record the new score under "
        "`traits.scores` at the next assessment."
    ),
    params={"min_score": Param(3, minimum=1, maximum=4)},
)
def leader_trait_gap(person: Subject[TraitScores], ctx: Context, p: Params) -> Iterator[Problem]:
    scores = person.obj
    for trait in TRAITS:
        score = getattr(scores, trait)
        if score is not None and score < number(p, "min_score"):
            yield Problem(
                f"{ctx.person_label(person.id)} scored {score} of 4 for '{trait}', "
                f"below the minimum of {p['min_score']}",
                (trait,),
            )


# --- LC508 --------------------------------------------------------------------------


@rule(
    "LC508",
    "limits-agreed",
    WARNING,
    THEME,
    subjects=each_work_stream,
    title="Every work stream's scope says what can change and what is fixed, "
    "agreed by every partner",
    tips=("champions-everywhere",),
    rationale=(
        "Leaders must be able to recognise and define limitations; a scope that every "
        "partner agreed stops a work stream promising what one partner cannot change."
    ),
    fix=(
        "Write the work stream's `scope` with `changeable` and `fixed` lists, and list "
        "every partner id in `scope.agreed_by`."
    ),
)
def limits_agreed(ws: Subject[WorkStream], ctx: Context, p: Params) -> Iterator[Problem]:
    scope = ws.obj.scope
    label = ctx.work_stream_label(ws.id)
    if scope is None:
        yield Problem(
            f"{label} has no scope saying what can be changed and what is fixed",
            ("scope",),
        )
        return
    if not scope.changeable:
        yield Problem(
            f"the scope of {label} lists nothing that can be changed",
            ("scope", "changeable"),
        )
    if not scope.fixed:
        yield Problem(f"the scope of {label} lists nothing that is fixed", ("scope", "fixed"))
    missing = _missing_partners(ctx, scope.agreed_by)
    if missing:
        who = "partner" if len(missing) == 1 else "partners"
        yield Problem(
            f"the scope of {label} is not agreed by {who} {name_list(missing)}",
            ("scope", "agreed_by"),
        )


# --- LC509, LC510: the partners' own view -------------------------------------------------


@record
class Score:
    """One partner's score of one principle."""

    response: int
    """The response's index in `governance.partnership_assessment.responses`."""
    partner: str
    value: int


@record
class Principle:
    """One principle of the assessment and every partner's score of it."""

    key: str
    scores: tuple[Score, ...]
    """In the order of the responses; partners that left it unscored are not here."""

    @property
    def title(self) -> str:
        return PRINCIPLE_TITLES[self.key]

    @property
    def lowest(self) -> Score:
        """The first response with the lowest score."""
        return min(self.scores, key=lambda s: s.value)

    @property
    def highest(self) -> Score:
        """The first response with the highest score."""
        return max(self.scores, key=lambda s: s.value)

    @property
    def mean(self) -> float:
        return sum(s.value for s in self.scores) / len(self.scores)

    def at_lowest(self) -> YamlPath:
        """The lowest score, relative to the assessment: where a finding points."""
        return ("responses", self.lowest.response, "scores", self.key)


def _principles(ctx: Context) -> tuple[Principle, ...]:
    assessment = _assessment(ctx.plan)
    responses = assessment.responses if assessment else []
    out = []
    for key in PRINCIPLES:
        scores = tuple(
            Score(i, r.partner, value)
            for i, r in enumerate(responses)
            if r.scores is not None and (value := getattr(r.scores, key)) is not None
        )
        out.append(Principle(key, scores))
    return tuple(out)


def _principles_scored_by(least: int) -> Subjects[Principle]:
    def subjects(ctx: Context) -> Iterator[Subject[Principle]]:
        for principle in ctx.derived(_principles):
            if len(principle.scores) >= least:
                yield Subject(principle.key, ASSESSMENT, principle)

    return subjects


@rule(
    "LC509",
    "principle-split",
    WARNING,
    THEME,
    subjects=_principles_scored_by(2),
    title="Partners do not split on a principle of the partnership assessment: their "
    "highest and lowest scores differ by less than `min_spread`",
    tips=("partnering-conditions",),
    rationale=(
        "Credibility, mutual respect, a shared vision and openness are what partners give "
        "each other, so they show in how far partners agree. The Partnership Assessment "
        "Tool asks each partner on its own how far six building blocks are in place; where "
        "one partner says a block is in place and another says it is not (a split, as "
        "the SCIROCCO maturity model calls it), the "
        "partners do not yet see the partnership alike, and that is the conversation to have "
        "before the plan goes further. Principles fewer than two partners scored are not judged."
    ),
    fix=(
        "Bring the partners that scored the principle highest and lowest together to hear "
        "why they see it differently, agree what would close the gap, and score it again."
    ),
    params={"min_spread": Param(2, minimum=1, maximum=3)},
)
def principle_split(principle: Subject[Principle], ctx: Context, p: Params) -> Iterator[Problem]:
    it = principle.obj
    low, high = it.lowest, it.highest
    spread = high.value - low.value
    if spread < whole(p, "min_spread"):
        return
    yield Problem(
        f"partners split on '{it.key}' ({it.title}): {ctx.partner_label(high.partner)} "
        f"scores it {high.value} of 4 but {ctx.partner_label(low.partner)} scores it "
        f"{low.value} of 4, {plural(spread, 'point')} apart (a split is {p['min_spread']} "
        "or more)",
        it.at_lowest(),
        fix=f"Bring '{high.partner}' and '{low.partner}' together to hear why they see "
        f"'{it.key}' so differently, agree what would close the gap, and score it again "
        "at the next assessment.",
    )


@rule(
    "LC510",
    "principle-weak",
    WARNING,
    THEME,
    subjects=_principles_scored_by(1),
    title="Partners rate every principle of the partnership assessment as largely in "
    "place: their mean score is at least `min_mean`",
    tips=("partnering-conditions",),
    rationale=(
        "When the partners themselves say, on average, that a building block such as trust "
        "or clear arrangements is not in place, the conditions for whole-systems working "
        "are missing there, whatever the plan says elsewhere. Principles no partner scored "
        "are not judged."
    ),
    fix=(
        "Agree with the partners what would put the principle in place, make it an action "
        "the board follows, and score it again at the next assessment."
    ),
    params={"min_mean": Param(2.5, minimum=1, maximum=4)},
)
def principle_weak(principle: Subject[Principle], ctx: Context, p: Params) -> Iterator[Problem]:
    it = principle.obj
    mean = it.mean
    if mean >= number(p, "min_mean"):
        return
    scores = name_list((f"'{s.partner}' {s.value}" for s in it.scores), quote=False)
    yield Problem(
        f"the partners' mean score for '{it.key}' ({it.title}) is {mean_text(mean)} of 4, "
        f"below {p['min_mean']}: {scores}",
        it.at_lowest(),
        fix=f"Agree with the partners what would put '{it.key}' in place, make it an action "
        "the board follows, and score it again at the next assessment.",
    )


def partners_view(
    plan: Plan, params: Mapping[str, Mapping[str, ParamValue]] | None = None
) -> PartnersView | None:
    """The partners' own view for a report: each principle by each responding partner,
    marked split and weak by LC509's and LC510's settings (from `params`, by rule id).
    None when the plan records no responses."""
    assessment = _assessment(plan)
    if assessment is None or not assessment.responses:
        return None
    params = params or {}
    split_at = whole(principle_split.meta.check_params(params.get("LC509", {})), "min_spread")
    weak_below = number(principle_weak.meta.check_params(params.get("LC510", {})), "min_mean")
    by_partner: dict[str, PartnerResponse] = {}
    for response in assessment.responses:
        by_partner.setdefault(response.partner, response)
    order = [partner for partner in plan.partners if partner.id in by_partner]
    rows = []
    for key in PRINCIPLES:
        scores = tuple(
            getattr(scored, key) if (scored := by_partner[partner.id].scores) else None
            for partner in order
        )
        given = [s for s in scores if s is not None]
        mean = sum(given) / len(given) if given else None
        spread = max(given) - min(given) if len(given) >= 2 else None
        rows.append(
            PrincipleRow(
                principle=key,
                title=PRINCIPLE_TITLES[key],
                scores=scores,
                mean=mean,
                spread=spread,
                split=spread is not None and spread >= split_at,
                weak=mean is not None and mean < weak_below,
            )
        )
    return PartnersView(
        partners=tuple((partner.id, partner.name) for partner in order),
        rows=tuple(rows),
        not_responding=tuple(p.id for p in plan.partners if p.id not in by_partner),
        split_at=split_at,
        weak_below=weak_below,
    )


RULES: tuple[Rule, ...] = (
    leadership_development,
    shared_vision,
    common_goals,
    openness,
    mutual_respect_assessed,
    leader_traits_assessed,
    leader_trait_gap,
    limits_agreed,
    principle_split,
    principle_weak,
)
