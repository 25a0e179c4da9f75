"""One rule in the pack's own theme, plus rules that break the pack conventions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from leadcheck.findings import Severity
from leadcheck.rules.base import (
    Context,
    Params,
    Problem,
    Subject,
    each_work_stream,
    rule,
    stated,
)

if TYPE_CHECKING:
    from leadcheck.model import WorkStream

THEME = "local-practice"


@rule(
    "DEMO101",
    "work-stream-summary",
    Severity.WARNING,
    THEME,
    subjects=each_work_stream,
    title="Every work stream says in a sentence what it does",
    tips=(),
    rationale="Partners who cannot say what a stream does cannot back it.",
    fix="Write a one-sentence `summary` for the work stream.",
)
def work_stream_summary(
    subject: Subject[WorkStream], ctx: Context, params: Params
) -> Iterator[Problem]:
    if not stated(subject.obj.summary):
        yield Problem(f"work stream '{subject.id}' has no summary", ("name",))


RULES = (work_stream_summary,)


@rule(
    "LC201",
    "taken-id",
    Severity.ERROR,
    THEME,
    subjects=each_work_stream,
    title="Claims an id leadcheck already uses",
    tips=(),
    rationale="Only here to test clashes.",
    fix="Rename the rule.",
)
def taken_id(subject: Subject[WorkStream], ctx: Context, params: Params) -> Iterator[Problem]:
    yield from ()


CLASHING = (taken_id,)


@rule(
    "LC990",
    "reserved-range",
    Severity.INFO,
    THEME,
    subjects=each_work_stream,
    title="Uses an id in leadcheck's own LC range",
    tips=(),
    rationale="Only here to test the LC prefix.",
    fix="Rename the rule.",
)
def reserved_range(subject: Subject[WorkStream], ctx: Context, params: Params) -> Iterator[Problem]:
    yield from ()


LC_PREFIXED = (reserved_range, work_stream_summary)
