"""Theme `momentum`: resources, communication, and plan long, do short."""

from __future__ import annotations

import re
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
    each_milestone,
    each_partner,
    each_stakeholder_group,
    each_work_stream,
    name_list,
    number,
    part,
    rule,
    stated,
    the_plan,
    whole,
)
from leadcheck.vocab import MilestoneStatus
from leadcheck.words import plural

if TYPE_CHECKING:
    from leadcheck.model import (
        Communication,
        Milestone,
        Outcome,
        Partner,
        Plan,
        StakeholderGroup,
        WorkStream,
    )

THEME = "momentum"
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

OPEN = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)


@rule(
    "LC601",
    "resources-from-every-partner",
    ERROR,
    THEME,
    subjects=each_partner,
    title="Every partner commits at least one resource with an amount above zero",
    tips=("resources",),
    rationale=(
        "A partner that puts nothing in has no stake in the outcome; committed cash, staff, "
        "estates or data are what turn agreement into work that gets done."
    ),
    fix="Add a `resources` entry to the partner with its `type` and an `amount` above 0.",
)
def resources_from_every_partner(
    partner: Subject[Partner], ctx: Context, p: Params
) -> Iterator[Problem]:

    resources = partner.obj.resources
    who = ctx.partner_label(partner.id)
    if not resources:
        yield Problem(f"{who} commits no resources", ("resources",))
    elif not any((r.amount or 0) > 0 for r in resources):
        if len(resources) == 1:
            yield Problem(
                f"{who} commits one resource, with no amount above 0",
                ("resources", 0, "amount"),
            )
        else:
            yield Problem(
                f"{who} commits {len(resources)} resources, none with an amount above 0",
                ("resources",),
            )


@rule(
    "LC602",
    "plan-long",
    WARNING,
    THEME,
    subjects=the_plan,
    title="The plan looks far enough ahead",
    tips=("plan-long-do-short",),
    rationale=(
        "Whole-system change takes years: a plan that stops at the next budget round "
        "cannot hold partners to the long game while they do short steps."
    ),
    fix="Set `partnership.horizon_months` to how many months ahead the plan looks.",
    params={"min_months": Param(24, minimum=1)},
)
def plan_long(plan: Subject[Plan], ctx: Context, p: Params) -> Iterator[Problem]:
    horizon = plan.obj.partnership.horizon_months
    where = ("partnership", "horizon_months")
    if horizon is None:
        yield Problem(
            f"partnership.horizon_months is not set (the plan should look at least "
            f"{p['min_months']} months ahead)",
            where,
        )
    elif horizon < number(p, "min_months"):
        yield Problem(
            f"partnership.horizon_months is {horizon}, less than {p['min_months']} months",
            where,
        )


@rule(
    "LC603",
    "do-short",
    WARNING,
    THEME,
    subjects=each_work_stream,
    title="Every work stream has an open milestone due soon",
    tips=("plan-long-do-short", "appetite-for-change"),
    rationale=(
        "Short, visible steps keep the appetite for change alive; a work stream with "
        "nothing due in the coming weeks has no near win to show."
    ),
    fix="Add a planned or in_progress `milestones` entry with a `due` date in the next weeks.",
    params={"within_days": Param(90)},
)
def do_short(ws: Subject[WorkStream], ctx: Context, p: Params) -> Iterator[Problem]:
    start = ctx.as_of
    end = add_days(start, whole(p, "within_days"))
    label = ctx.work_stream_label(ws.id)
    open_dated = [m for m in ws.obj.milestones if m.status in OPEN and m.due is not None]
    if any(start <= m.due <= end for m in open_dated if m.due):
        return
    if not ws.obj.milestones:
        yield Problem(
            f"{label} has no milestones, so nothing is due between {start} and {end}",
            ("milestones",),
        )
        return
    later = [m for m in open_dated if m.due and m.due > end]
    hint = ""
    if later:
        nxt = min(later, key=lambda m: m.due or end)
        hint = f" (the next is '{nxt.id}', due {nxt.due})"
    yield Problem(
        f"{label} has no planned or in-progress milestone due between {start} and {end}{hint}",
        ("milestones",),
    )


def _open_dated_milestones(ctx: Context) -> Iterator[Subject[Milestone]]:
    """Milestones still to do (planned or in progress) that have a due date."""
    for subject in each_milestone(ctx):
        if subject.obj.status in OPEN and subject.obj.due is not None:
            yield subject


def _work_stream_of(milestone: Subject[Milestone], ctx: Context) -> WorkStream:
    """The work stream a milestone from `each_milestone` belongs to (by its path)."""
    _, index, *_ = milestone.path
    return ctx.plan.work_streams[int(index)]


@rule(
    "LC604",
    "overdue-milestone",
    WARNING,
    THEME,
    subjects=_open_dated_milestones,
    title="No planned or in-progress milestone is past its due date",
    tips=("plan-long-do-short",),
    rationale=(
        "An overdue step that still reads as planned hides a stall: doing short only "
        "builds confidence when the dates are honest."
    ),
    fix="Complete the milestone, or set its `status` to slipped or dropped and re-plan its `due`.",
)
def overdue_milestone(subject: Subject[Milestone], ctx: Context, p: Params) -> Iterator[Problem]:
    milestone = subject.obj
    ws = _work_stream_of(subject, ctx)
    due = milestone.due
    if due is not None and due < ctx.as_of:
        late = (ctx.as_of - due).days
        yield Problem(
            f"milestone '{milestone.id}' of {ctx.work_stream_label(ws.id)} is still "
            f"{milestone.status.value.replace('_', ' ')} but was due on {due}, "
            f"{plural(late, 'day')} before {ctx.as_of}",
            ("due",),
        )


@rule(
    "LC605",
    "case-for-change",
    WARNING,
    THEME,
    subjects=the_plan,
    title="The plan states its case for change",
    tips=("appetite-for-change",),
    rationale=(
        "An appetite for change lasts only while people remember why things must change; "
        "a case stated in one sentence is one everyone can repeat."
    ),
    fix="Write `partnership.case_for_change`: why things must change, in one memorable sentence.",
)
def case_for_change(plan: Subject[Plan], ctx: Context, p: Params) -> Iterator[Problem]:
    text = plan.obj.partnership.case_for_change
    if not stated(text):
        yield Problem(
            "partnership.case_for_change is not stated", ("partnership", "case_for_change")
        )


# --- LC606: communication reach and freshness -------------------------------------------


def _audiences(ctx: Context) -> frozenset[str]:
    return frozenset(item.audience for item in ctx.plan.communication)


def _reached(label: str, audience: str | None, ctx: Context) -> Iterator[Problem]:
    if audience not in ctx.derived(_audiences):
        yield Problem(
            f"{label} is not the audience of any communication item",
            fix=f"Add a `communication` item with `audience: {audience}`.",
        )


def _partner_reached(partner: Subject[Partner], ctx: Context, p: Params) -> Iterator[Problem]:
    return _reached(ctx.partner_label(partner.id), partner.id, ctx)


def _group_reached(group: Subject[StakeholderGroup], ctx: Context, p: Params) -> Iterator[Problem]:
    return _reached(ctx.group_label(group.id), group.id, ctx)


def _each_communication(ctx: Context) -> Iterator[Subject[Communication]]:
    for i, item in enumerate(ctx.plan.communication):
        yield Subject(item.audience, ("communication", i), item)


def _item_label(item: Communication, ctx: Context) -> str:
    audience = (
        ctx.partner_label(item.audience)
        if item.audience in ctx.partners
        else ctx.group_label(item.audience)
    )
    channel = f" '{item.channel}'" if item.channel else ""
    return f"communication{channel} to {audience}"


def _kept_up(item: Subject[Communication], ctx: Context, p: Params) -> Iterator[Problem]:
    obj = item.obj
    label = _item_label(obj, ctx)
    if obj.every_days is None:
        also = " or last_sent" if obj.last_sent is None else ""
        yield Problem(
            f"{label} sets no every_days{also}, so nobody can tell whether it is kept up",
            ("every_days",),
            fix="Set the item's `every_days` (days between messages) and `last_sent`.",
        )
    elif obj.last_sent is None:
        yield Problem(
            f"{label} has no last_sent: nothing shows a message has gone out",
            ("last_sent",),
            fix="Set the item's `last_sent` to the date the last message went out.",
        )
    else:
        allowed = number(p, "slack") * obj.every_days
        age = (ctx.as_of - obj.last_sent).days
        if age > allowed:
            yield Problem(
                f"{label} was last sent on {obj.last_sent}, {age} days before {ctx.as_of} "
                f"(more than {allowed:g} days: {p['slack']:g} x every_days {obj.every_days})",
                ("last_sent",),
                fix="Send the message and update `last_sent`, or set `every_days` to the real "
                "cadence.",
            )


# Each partner and stakeholder group as an audience, then each communication item.
communication_reach = declare(
    "LC606",
    "communication-reach",
    WARNING,
    THEME,
    parts=(
        part(each_partner, _partner_reached),
        part(each_stakeholder_group, _group_reached),
        part(_each_communication, _kept_up),
    ),
    title="Communication reaches every partner and stakeholder group, and none of it is stale",
    tips=("communication",),
    rationale=(
        "Leadership works through communication: a partner or group nobody writes to, "
        "or a newsletter that quietly stopped, loses touch with the programme."
    ),
    fix="Add a `communication` item for each partner and group, with `every_days` and "
    "an up-to-date `last_sent`.",
    params={"slack": Param(1.5, minimum=1)},
)


# --- LC607: energetic cadence -------------------------------------------------------------


def _meetings(plan: Plan) -> list[tuple[str, YamlPath, int]]:
    """(label, path of meets_every_days, days) for the board and each forum with a cadence."""
    governance = plan.governance
    if governance is None:
        return []
    found: list[tuple[str, YamlPath, int]] = []
    board = governance.board
    if board is not None and board.meets_every_days is not None:
        label = f"board '{board.name}'" if board.name else "the board"
        found.append((label, ("governance", "board", "meets_every_days"), board.meets_every_days))
    for i, forum in enumerate(governance.forums):
        if forum.meets_every_days is not None:
            label = f"forum '{forum.name}'" if forum.name else f"forum {i + 1}"
            found.append(
                (label, ("governance", "forums", i, "meets_every_days"), forum.meets_every_days)
            )
    return found


@rule(
    "LC607",
    "energetic-cadence",
    INFO,
    THEME,
    subjects=the_plan,
    title="The board or a forum meets often",
    tips=("energetic",),
    rationale=(
        "Energy is hard to see in a plan, but how often leaders meet hints at it: a "
        "partnership whose most frequent meeting is monthly moves at a monthly pace."
    ),
    fix="Set `meets_every_days` on the board or a forum in `governance.forums`, "
    "and meet more often.",
    params={"max_days": Param(14, minimum=1)},
)
def energetic_cadence(plan: Subject[Plan], ctx: Context, p: Params) -> Iterator[Problem]:
    meetings = _meetings(plan.obj)
    if not meetings:
        governance = plan.obj.governance
        where: YamlPath = ("governance",)
        if governance is not None and governance.board is not None:
            where = ("governance", "board", "meets_every_days")
        elif governance is not None and governance.forums:
            where = ("governance", "forums")
        yield Problem(
            "neither governance.board nor any of governance.forums sets meets_every_days",
            where,
        )
        return
    label, where, days = min(meetings, key=lambda m: m[2])
    if days > number(p, "max_days"):
        yield Problem(
            f"nothing in governance meets at least every {p['max_days']} days: the most "
            f"frequent, {label}, meets every {days} days",
            where,
        )


# --- LC608: made real -----------------------------------------------------------------------


def _outcome_gaps(outcome: Outcome) -> list[str]:
    return [
        name
        for name, value in (
            ("baseline", outcome.baseline),
            ("target", outcome.target),
            ("by", outcome.by),
        )
        if value is None
    ]


_ABBREVIATION = re.compile(r"(?<![\w&])([A-Z][A-Z0-9&]*[A-Z0-9])(?:s|'s)?(?![\w&])")


def unexplained_abbreviations(text: str) -> list[str]:
    """All-capitals abbreviations (two capitals or more: ICB, A&E, D2A; plurals such as
    GPs count) that the text does not explain in brackets, either way round:
    "integrated care board (ICB)" or "ICB (integrated care board)". Each counts once."""
    found: dict[str, None] = {}
    for match in _ABBREVIATION.finditer(text):
        word = match.group(1)
        if sum(c.isupper() for c in word) < 2 or word in found:
            continue
        escaped = re.escape(word)
        if re.search(rf"\(\s*{escaped}(?:s|'s)?\s*\)|{escaped}(?:s|'s)?\s*\(", text):
            continue
        found[word] = None
    return list(found)


@rule(
    "LC608",
    "made-real",
    WARNING,
    THEME,
    subjects=each_work_stream,
    title="Every work stream has a short plain summary and a measurable outcome",
    tips=("made-real",),
    rationale=(
        "People back what they can picture: a short plain-language summary de-mystifies "
        "the work, and a baseline, a target and a date make its result real. A summary "
        "that is acronym soup (more than `max_acronyms` unexplained all-capitals "
        "abbreviations) mystifies it again."
    ),
    fix="Write a short `summary` and an `outcomes` entry with `baseline`, `target` and `by`.",
    params={"max_words": Param(40, minimum=1), "max_acronyms": Param(2)},
)
def made_real(ws: Subject[WorkStream], ctx: Context, p: Params) -> Iterator[Problem]:
    summary = ws.obj.summary
    words = len(summary.split()) if summary else 0
    label = ctx.work_stream_label(ws.id)
    if not words:
        yield Problem(
            f"{label} has no plain-language summary",
            ("summary",),
            fix="Write the work stream's `summary`: what it does, in plain words.",
        )
    elif words > number(p, "max_words"):
        yield Problem(
            f"{label} has a summary of {words} words (more than {p['max_words']})",
            ("summary",),
            fix=f"Shorten the work stream's `summary` to at most {p['max_words']} plain words.",
        )
    if summary:
        jargon = unexplained_abbreviations(summary)
        if len(jargon) > number(p, "max_acronyms"):
            yield Problem(
                f"{label} has a summary with {len(jargon)} unexplained abbreviations "
                f"({name_list(jargon, quote=False, limit=None)}; at most {p['max_acronyms']})",
                ("summary",),
                fix="Spell the abbreviations out in the `summary`, or explain each in "
                "brackets the first time: integrated care board (ICB).",
            )
    outcomes = ws.obj.outcomes
    if not outcomes:
        yield Problem(
            f"{label} has no outcome with a baseline, a target and a by date",
            ("outcomes",),
            fix="Add an `outcomes` entry with `measure`, `baseline`, `target` and `by`.",
        )
        return
    gaps = [_outcome_gaps(o) for o in outcomes]
    if all(gaps):
        k = min(range(len(gaps)), key=lambda i: len(gaps[i]))
        measure = outcomes[k].measure
        which = f"'{measure}'" if measure else f"{k + 1}"
        yield Problem(
            f"{label} has no complete outcome: outcome {which} lacks "
            f"{name_list(gaps[k], quote=False)}",
            ("outcomes", k),
            fix="Give the outcome its `baseline`, `target` and `by` date.",
        )


# --- LC609: highlight reports ---------------------------------------------------------------


@rule(
    "LC609",
    "highlight-report-current",
    WARNING,
    THEME,
    subjects=the_plan,
    title="The latest highlight report is recent and reports on leadership",
    tips=("highlight-reports",),
    rationale=(
        "Highlight reports are where partners see progress; a recent one with a leadership "
        "section keeps leadership on the agenda rather than assumed."
    ),
    fix="Add a `highlight_reports` entry for the last period with `leadership_section: true`.",
    params={"max_age_days": Param(45)},
)
def highlight_report_current(plan: Subject[Plan], ctx: Context, p: Params) -> Iterator[Problem]:
    reports = plan.obj.highlight_reports
    if not reports:
        yield Problem("highlight_reports lists no highlight report", ("highlight_reports",))
        return
    dated = [(r.period_end, k, r) for k, r in enumerate(reports) if r.period_end is not None]
    if not dated:
        where: YamlPath = ("highlight_reports",)
        if len(reports) == 1:
            where = ("highlight_reports", 0, "period_end")
        what = (
            "the only highlight report gives no period_end"
            if len(reports) == 1
            else f"none of the {len(reports)} highlight_reports gives its period_end"
        )
        yield Problem(
            f"{what}, so nobody can tell whether reporting is current",
            where,
            fix="Set `period_end` on each highlight report: the last day it covers.",
        )
        return
    # A report ending after the as-of date describes a period the plan has not reached:
    # it is reported, and it cannot be the latest.
    for end, k, _ in dated:
        if end > ctx.as_of:
            yield Problem(
                f"highlight report {k + 1} ends on {end}, after the as-of date {ctx.as_of}: "
                "a period that has not ended yet cannot have been reported on",
                ("highlight_reports", k, "period_end"),
                fix="Correct the report's `period_end`, or `partnership.as_of` if the plan "
                "describes a later date.",
            )
    past = [d for d in dated if d[0] <= ctx.as_of]
    if not past:
        yield Problem(
            f"no highlight report ends on or before the as-of date {ctx.as_of}",
            ("highlight_reports",),
        )
        return
    # the latest by period_end (undated and future reports are left out); of several
    # ending the same day, the first with a leadership section
    end, i, latest = max(past, key=lambda eir: (eir[0], eir[2].leadership_section))
    age = (ctx.as_of - end).days
    if age > number(p, "max_age_days"):
        yield Problem(
            f"the latest of highlight_reports ended on {end}, {age} days "
            f"before {ctx.as_of} (more than {p['max_age_days']} days)",
            ("highlight_reports", i, "period_end"),
            fix="Write a highlight report for the latest period and add it to `highlight_reports`.",
        )
    if not latest.leadership_section:
        yield Problem(
            f"the latest of highlight_reports (period ending {end}) has no leadership section",
            ("highlight_reports", i, "leadership_section"),
            fix="Add a leadership section to the report and set `leadership_section: true`.",
        )


RULES: tuple[Rule, ...] = (
    resources_from_every_partner,
    plan_long,
    do_short,
    overdue_milestone,
    case_for_change,
    communication_reach,
    energetic_cadence,
    made_real,
    highlight_report_current,
)
