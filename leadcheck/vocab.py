"""The plan format's words: its enumerations, kinds and reference marks.

Kept apart from the pydantic models so checking a plan needs neither pydantic
nor the models: `leadcheck.model` builds its types from these, and the rules
and validation read them from here.
"""

from __future__ import annotations

from enum import StrEnum

from leadcheck.records import record

SLUG = r"^[a-z0-9][a-z0-9_-]*$"
RULE_ID = r"^[A-Z][A-Z0-9]*[0-9]{3}$"


@record
class RefTo:
    """Marks a field as naming the id of something defined elsewhere in the plan.

    Validation builds its table of references from these marks (LC003), so a
    reference field is declared once, here on the model.
    """

    kinds: tuple[str, ...]
    """The kinds it may name (see each model's `kind`)."""
    words: tuple[str, ...] = ()
    """Fixed words allowed besides ids (a person's employer may be `central`)."""


KINDS = ("partner", "person", "stakeholder group", "work stream", "goal", "milestone", "skill")


def date_text(value: object) -> object:
    """Refuse a number where a date belongs (pydantic would read it as a Unix time)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        from leadcheck.fastcore import core

        raise core().PydanticCustomError("date_type", "Input should be a date written YYYY-MM-DD")
    return value


class Level(StrEnum):
    """How well a skill is shown, lowest first."""

    ESSENTIAL = "essential"
    PROFICIENT = "proficient"
    STRONG = "strong"
    EXEMPLARY = "exemplary"

    @property
    def rank(self) -> int:
        return _LEVEL_RANKS[self]


_LEVEL_RANKS = {level: i for i, level in enumerate(Level)}


class PartnerType(StrEnum):
    NHS_TRUST = "nhs_trust"
    INTEGRATED_CARE_BOARD = "integrated_care_board"
    LOCAL_AUTHORITY = "local_authority"
    PRIMARY_CARE = "primary_care"
    VOLUNTARY_SECTOR = "voluntary_sector"
    INDEPENDENT_PROVIDER = "independent_provider"
    HOUSING = "housing"
    HOUSING_ASSOCIATION = "housing_association"
    EDUCATION = "education"
    POLICE = "police"
    FIRE_AND_RESCUE = "fire_and_rescue"
    AMBULANCE = "ambulance"
    PROBATION = "probation"
    OTHER = "other"


class Backing(StrEnum):
    SIGNED = "signed"
    VERBAL = "verbal"
    NONE = "none"


class ResourceType(StrEnum):
    CASH = "cash"
    STAFF = "staff"
    IN_KIND = "in_kind"
    ESTATES = "estates"
    DATA = "data"


class Seniority(StrEnum):
    CEO = "ceo"
    DIRECTOR = "director"
    SENIOR_MANAGER = "senior_manager"
    MANAGER = "manager"
    PRACTITIONER = "practitioner"
    VOLUNTEER = "volunteer"


class TraitMethod(StrEnum):
    SELF = "self"
    THREE_SIXTY = "360"
    FACILITATED = "facilitated"


class GroupType(StrEnum):
    SERVICE_USERS = "service_users"
    CARERS = "carers"
    STAFF = "staff"
    CLINICIANS = "clinicians"
    COMMUNITY = "community"
    VOLUNTARY_SECTOR = "voluntary_sector"
    ELECTED_MEMBERS = "elected_members"
    OTHER = "other"


class Participation(StrEnum):
    """The ladder of participation, lowest first."""

    INFORM = "inform"
    CONSULT = "consult"
    ENGAGE = "engage"
    CO_DESIGN = "co_design"
    CO_PRODUCE = "co_produce"


class MilestoneStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SLIPPED = "slipped"
    DROPPED = "dropped"


class AssessmentTool(StrEnum):
    NUFFIELD_PAT = "nuffield_pat"
    VICHEALTH = "vichealth"
    WILDER = "wilder"
    OTHER = "other"


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
