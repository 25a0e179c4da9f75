"""The partnership plan format (version 1) as typed models.

Only `partnership.name`, at least one partner, and each object's `id`/`name`
are required: a missing field is a gap for the rules to report, not a schema
error. `leadcheck schema` prints the JSON Schema generated from these classes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from leadcheck.vocab import (
    KINDS,
    RULE_ID,
    SLUG,
    AssessmentTool,
    Backing,
    GroupType,
    Level,
    MilestoneStatus,
    Participation,
    PartnerType,
    Rag,
    RefTo,
    ResourceType,
    Seniority,
    TraitMethod,
    date_text,
)

Id = Annotated[str, Field(pattern=SLUG, description="A short slug, unique within its kind.")]

PartnerRef = Annotated[str, RefTo(("partner",))]
PersonRef = Annotated[str, RefTo(("person",))]
GoalRef = Annotated[str, RefTo(("goal",))]
SkillRef = Annotated[str, RefTo(("skill",))]
AudienceRef = Annotated[str, RefTo(("partner", "stakeholder group"))]
EmployerRef = Annotated[str, RefTo(("partner",), ("central", "independent"))]
AnyRef = Annotated[str, RefTo(KINDS)]

Date = Annotated[dt.date, BeforeValidator(date_text)]
# Strict, because an unquoted 2.10 would read as the number 2.1.
Version = Annotated[str, Field(strict=True, description='A version, quoted: "2.10".')]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        coerce_numbers_to_str=True,
        use_attribute_docstrings=True,
    )


class Goal(_Model):
    kind: ClassVar[str] = "goal"

    id: Id
    text: str | None = None
    """What the partnership wants to achieve, in a sentence."""
    owners: list[PartnerRef] = Field(default_factory=list)
    """Partner ids that own the goal together."""


class Partnership(_Model):
    name: str
    """The partnership's name."""
    as_of: Date | None = None
    """The date the plan describes; time-relative rules measure from it."""
    started: Date | None = None
    """When the programme started."""
    plan_version: Version | None = None
    """Version of this plan document (quote it: "2.10")."""
    horizon_months: int | None = Field(default=None, ge=0)
    """How many months ahead the plan looks ("plan long")."""
    vision: str | None = None
    """The shared vision, in a sentence."""
    vision_endorsed_by: list[PartnerRef] = Field(default_factory=list)
    """Partner ids that endorse the vision."""
    case_for_change: str | None = None
    """Why things must change, in a sentence people remember."""
    goals: list[Goal] = Field(default_factory=list)
    """Common goals, each owned by partners together."""


class Roles(_Model):
    improvement_lead: PersonRef | None = None
    """Person id of the central service improvement lead."""
    senior_responsible_owner: PersonRef | None = None
    """Person id of the senior responsible owner."""
    chair: PersonRef | None = None
    """Person id of the board's chair."""


class RequiredSkill(_Model):
    kind: ClassVar[str] = "skill"

    id: Id
    min_level: Level = Level.PROFICIENT
    """The lowest level a leader needs (essential, proficient, strong, exemplary)."""


class ChiefExecutive(_Model):
    person: PersonRef | None = None
    """Person id of the partner's chief executive."""
    backing: Backing | None = None
    """signed, verbal or none."""
    signed_on: Date | None = None
    """When the backing was signed."""
    plan_version: Version | None = None
    """The plan version that was signed (quote it: "2.10")."""


class LeadershipDevelopment(_Model):
    policy: str | None = None
    """Where the partner's leadership development policy lives (a link or title)."""
    reviewed_on: Date | None = None
    """When the policy was last reviewed."""


class DelegatedAuthority(_Model):
    to: PersonRef
    """Person id the authority is delegated to."""
    scope: str | None = None
    """What the person may decide."""
    spend_limit: float | None = Field(default=None, ge=0)
    """How much the person may spend without further approval."""


class Resource(_Model):
    type: ResourceType | None = None
    """cash, staff, in_kind, estates or data."""
    amount: float | None = Field(default=None, ge=0)
    """How much is committed, in `unit`."""
    unit: str | None = None
    """The amount's unit, such as GBP or FTE."""
    available_to: list[PersonRef] = Field(default_factory=list)
    """Person ids who can draw on the resource."""


class Partner(_Model):
    kind: ClassVar[str] = "partner"

    id: Id
    name: str
    """The organisation's name."""
    type: PartnerType | None = None
    """The kind of organisation."""
    chief_executive: ChiefExecutive | None = None
    """The chief executive and their backing for the plan."""
    senior_sponsor: PersonRef | None = None
    """Person id of the partner's senior sponsor."""
    escalation_contact: PersonRef | None = None
    """Person id of a senior leader who will lend support when the going gets tough."""
    engaged_on: Date | None = None
    """When the partner's senior leaders were first engaged."""
    joined_on: Date | None = None
    """When the partner joined, if after the programme started; early engagement
    is measured from the later of this and `partnership.started`."""
    leadership_development: LeadershipDevelopment | None = None
    """The governance and culture that develop leaders."""
    delegated_authority: list[DelegatedAuthority] = Field(default_factory=list)
    """Authority devolved to named people ("devolution in action")."""
    resources: list[Resource] = Field(default_factory=list)
    """What the partner commits."""


class TraitScores(_Model):
    """Scores from 1 (rarely shown) to 4 (consistently shown)."""

    enthusiasm: int | None = Field(default=None, ge=1, le=4)
    """Enthusiasm."""
    authority: int | None = Field(default=None, ge=1, le=4)
    """Authority."""
    open_and_honest: int | None = Field(default=None, ge=1, le=4)
    """Open and honest."""
    consults_and_listens: int | None = Field(default=None, ge=1, le=4)
    """The ability to consult and listen."""
    responds_to_feedback: int | None = Field(default=None, ge=1, le=4)
    """Responding flexibly to feedback."""
    devolves_with_accountability: int | None = Field(default=None, ge=1, le=4)
    """Devolving authority but retaining accountability."""
    challenges_partners: int | None = Field(default=None, ge=1, le=4)
    """The ability to challenge partners."""
    defines_limits: int | None = Field(default=None, ge=1, le=4)
    """Recognising and defining limitations: what can change and what is fixed."""


class Traits(_Model):
    method: TraitMethod | None = None
    """How the traits were assessed: self, "360" or facilitated."""
    assessed_on: Date | None = None
    """When the traits were assessed."""
    scores: TraitScores | None = None
    """The eight partnering traits, each scored 1-4."""


class Skill(_Model):
    skill: SkillRef
    """A required_skills id."""
    level: Level | None = None
    """The level assessed."""
    development: str | None = None
    """The development action when the level is below the minimum."""


class Person(_Model):
    kind: ClassVar[str] = "person"

    id: Id
    name: str
    """The person's name."""
    employer: EmployerRef | None = None
    """A partner id, or `central` (hosted by the partnership) or `independent`."""
    funded_by: list[PartnerRef] = Field(default_factory=list)
    """Partner ids that fund the post."""
    seniority: Seniority | None = None
    """ceo, director, senior_manager, manager, practitioner or volunteer."""
    lived_experience: bool = False
    """True for a service user or carer."""
    traits: Traits | None = None
    """The eight partnering traits, assessed."""
    skills: list[Skill] = Field(default_factory=list)
    """Assessed levels of the required skills."""


class StakeholderGroup(_Model):
    kind: ClassVar[str] = "stakeholder group"

    id: Id
    name: str
    """The group's name."""
    type: GroupType | None = None
    """The kind of group."""
    champions: list[PersonRef] = Field(default_factory=list)
    """Person ids who champion the group."""
    participation: Participation | None = None
    """How far the group takes part: inform .. co_produce."""
    last_consulted: Date | None = None
    """When the group was last consulted."""


class Outcome(_Model):
    measure: str | None = None
    """What is measured."""
    baseline: float | None = None
    """The value now."""
    target: float | None = None
    """The value aimed for."""
    by: Date | None = None
    """When the target should be met."""


class Scope(_Model):
    changeable: list[str] = Field(default_factory=list)
    """What the work stream may change."""
    fixed: list[str] = Field(default_factory=list)
    """What is fixed and out of scope."""
    agreed_by: list[PartnerRef] = Field(default_factory=list)
    """Partner ids that agreed the scope."""


class Milestone(_Model):
    kind: ClassVar[str] = "milestone"

    id: Id
    title: str | None = None
    """What will be done."""
    due: Date | None = None
    """When it is due."""
    status: MilestoneStatus = MilestoneStatus.PLANNED
    """planned, in_progress, done, slipped or dropped."""
    quick_win: bool = False
    """A short, visible step ("do short")."""


class WorkStream(_Model):
    kind: ClassVar[str] = "work stream"

    id: Id
    name: str
    """The work stream's name."""
    lead: PersonRef | None = None
    """Person id of the single accountable lead."""
    champions: list[PersonRef] = Field(default_factory=list)
    """Person ids who champion the work stream."""
    goals: list[GoalRef] = Field(default_factory=list)
    """Goal ids the work stream serves."""
    summary: str | None = None
    """What the work stream does, in plain language."""
    participation: Participation | None = None
    """How far service users and carers take part: inform .. co_produce."""
    outcomes: list[Outcome] = Field(default_factory=list)
    """Measurable outcomes, each with a baseline, a target and a date."""
    scope: Scope | None = None
    """What can be changed and what is fixed, and who agreed."""
    milestones: list[Milestone] = Field(default_factory=list)
    """Dated steps."""


class BoardMember(_Model):
    person: PersonRef
    """Person id of the member."""
    represents: AudienceRef | None = None
    """A partner id or a stakeholder group id."""
    voting: bool = False
    """Whether the member votes."""


class Board(_Model):
    name: str | None = None
    """The board's name."""
    meets_every_days: int | None = Field(default=None, ge=1)
    """Days between meetings."""
    members: list[BoardMember] = Field(default_factory=list)
    """Who sits on the board."""


class Forum(_Model):
    name: str | None = None
    """The forum's name."""
    meets_every_days: int | None = Field(default=None, ge=1)
    """Days between meetings."""


class RiskAppetite(_Model):
    statement: str | None = None
    """How much risk people may take without further approval."""
    approved_on: Date | None = None
    """When the statement was approved."""


class InformationSharing(_Model):
    signed_by: list[PartnerRef] = Field(default_factory=list)
    """Partner ids that signed the information sharing agreement."""
    signed_on: Date | None = None
    """When it was signed."""


class PrincipleScores(_Model):
    """The six principles of the Nuffield Partnership Assessment Tool, each scored
    from 1 (not in place) to 4 (fully in place)."""

    need: int | None = Field(default=None, ge=1, le=4)
    """Recognise and accept the need for partnership."""
    purpose: int | None = Field(default=None, ge=1, le=4)
    """Clarity and realism of purpose."""
    commitment: int | None = Field(default=None, ge=1, le=4)
    """Commitment and ownership."""
    trust: int | None = Field(default=None, ge=1, le=4)
    """Develop and maintain trust."""
    arrangements: int | None = Field(default=None, ge=1, le=4)
    """Create clear and robust partnership arrangements."""
    learning: int | None = Field(default=None, ge=1, le=4)
    """Monitor, measure and learn."""


class PartnerResponse(_Model):
    partner: PartnerRef
    """Partner id of the partner whose own view this is (one response per partner)."""
    completed_on: Date | None = None
    """When the partner completed its response."""
    scores: PrincipleScores | None = None
    """How far the partner thinks each principle is in place, 1-4."""


class PartnershipAssessment(_Model):
    tool: AssessmentTool | None = None
    """The assessment tool used."""
    completed_on: Date | None = None
    """When the assessment was completed (with `responses`, the latest response's
    date when left out)."""
    partners_responding: list[PartnerRef] = Field(default_factory=list)
    """Partner ids that responded. With `responses` it is derived from them: leave it
    out, or list exactly the partners that gave a response."""
    responses: list[PartnerResponse] = Field(default_factory=list)
    """Each partner's own scores of the six principles (need, purpose, commitment,
    trust, arrangements, learning), as the Nuffield Partnership Assessment Tool asks."""


class Governance(_Model):
    board: Board | None = None
    """The partnership board."""
    forums: list[Forum] = Field(default_factory=list)
    """Other regular meetings."""
    risk_appetite: RiskAppetite | None = None
    """The agreed appetite for risk."""
    information_sharing: InformationSharing | None = None
    """The information sharing agreement."""
    partnership_assessment: PartnershipAssessment | None = None
    """How partners rate credibility and mutual respect."""


class Communication(_Model):
    audience: AudienceRef
    """A partner id or a stakeholder group id."""
    channel: str | None = None
    """How the audience is reached."""
    every_days: int | None = Field(default=None, ge=1)
    """Days between messages."""
    owner: PersonRef | None = None
    """Person id responsible."""
    last_sent: Date | None = None
    """When the last message went out."""


class HighlightReport(_Model):
    period_end: Date | None = None
    """The last day the report covers."""
    rag: Rag | None = None
    """red, amber or green."""
    leadership_section: bool = False
    """Whether the report has a section on leadership."""


class Waiver(_Model):
    rule: Annotated[str, Field(pattern=RULE_ID)]
    """A rule id such as LC303 (structure rules LC0xx cannot be waived)."""
    target: AnyRef | None = None
    """Limit the waiver to findings about this id."""
    reason: str
    """Why the gap is accepted for now."""
    owner: PersonRef
    """Person id responsible for closing the gap."""
    expires: Date | None = None
    """The date the waiver stops applying. A waiver of an error must have one, at
    most `waiver_max_days` after the as-of date; a waiver of a warning may be open-ended."""


class Plan(_Model):
    """A partnership plan."""

    version: Literal[1] = 1
    """Plan format version."""
    partnership: Partnership
    """The partnership as a whole."""
    roles: Roles | None = None
    """The partnership-wide leadership roles."""
    required_skills: list[RequiredSkill] = Field(default_factory=list)
    """What leaders must be able to do, and to what level."""
    partners: list[Partner] = Field(min_length=1)
    """The partner organisations (at least one)."""
    people: list[Person] = Field(default_factory=list)
    """Everyone the plan names."""
    stakeholder_groups: list[StakeholderGroup] = Field(default_factory=list)
    """Groups with a stake in the work."""
    work_streams: list[WorkStream] = Field(default_factory=list)
    """The streams of work."""
    governance: Governance | None = None
    """Boards, forums and agreements."""
    communication: list[Communication] = Field(default_factory=list)
    """Regular communication with partners and stakeholder groups."""
    highlight_reports: list[HighlightReport] = Field(default_factory=list)
    """Periodic highlight reports."""
    waivers: list[Waiver] = Field(default_factory=list)
    """Accepted gaps, each with a reason, an owner and an expiry date."""
