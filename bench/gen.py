"""Generate synthetic partnership plans of any size for the benchmarks.

    python bench/gen.py --people 20000 > big.yaml

The plans are valid (every reference resolves), compact (one flow mapping per
partner and per person, as in a plan exported from a spreadsheet) and produce findings from
most rules, so every rule does real work on every object.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator


def plan(
    people: int, partners: int | None = None, work_streams: int | None = None, lean: bool = False
) -> str:
    """A plan as YAML text: by default one partner per 10 people, one stream per 4.

    `lean` partners give only an id and a name (so each fails most partner rules),
    which packs 100,000 partners and about 900,000 findings under the 16 MiB limit.
    """
    n_partners = partners or max(1, people // 10)
    n_streams = work_streams or max(1, people // 4)
    return "\n".join(_lines(people, n_partners, n_streams, lean)) + "\n"


def _lines(people: int, partners: int, streams: int, lean: bool) -> Iterator[str]:
    # Every tenth partner is left off the shared lists, so gaps grow with the plan.
    all_partners = ", ".join(f"org{i}" for i in range(partners) if i % 10 != 9)
    yield "partnership:"
    yield "  name: Synthetic Partnership"
    yield "  as_of: 2026-06-30"
    yield "  started: 2026-01-05"
    yield '  plan_version: "2.0"'
    yield "  horizon_months: 36"
    yield "  vision: Care closer to home"
    yield f"  vision_endorsed_by: [{all_partners}]"
    yield "  case_for_change: Delays rose for two winters"
    yield "  goals:"
    yield "    - id: g1"
    yield "      text: Halve delays"
    yield "      owners: [org0, org1]" if partners > 1 else "      owners: [org0]"
    yield "roles:"
    yield "  improvement_lead: p0"
    yield "  senior_responsible_owner: p1"
    yield "  chair: p2"
    yield "required_skills:"
    yield "  - id: engaging"
    yield "    min_level: proficient"
    yield "partners:"
    for i in range(partners):
        if lean:
            yield f"  - {{id: org{i}, name: Organisation {i}}}"
            continue
        ceo = f"p{(i * 10) % people}"
        backing = "signed" if i % 7 else "verbal"
        amount = 0 if i % 11 == 3 else 1000 * (i + 1)
        ce = f"{{person: {ceo}, backing: {backing}, signed_on: 2026-01-20}}"
        resources = f"[{{type: cash, amount: {amount}, available_to: [p0]}}]"
        yield (
            f"  - {{id: org{i}, name: Organisation {i}, chief_executive: {ce}, "
            f"senior_sponsor: {ceo}, resources: {resources}}}"
        )
    yield "people:"
    for i in range(people):
        employer = "central" if i == 0 else f"org{(i // 10) % partners}"
        seniority = "ceo" if i % 10 == 0 else "manager"
        yield f"  - {{id: p{i}, name: Person {i}, employer: {employer}, seniority: {seniority}}}"
    yield "stakeholder_groups:"
    for i, kind in enumerate(("service_users", "carers")):
        yield f"  - id: sg{i}"
        yield f"    name: Group {i}"
        yield f"    type: {kind}"
        yield f"    champions: [p{4 + 5 * i}]"
        yield "    participation: co_design"
    yield "work_streams:"
    for i in range(streams):
        lead = f"p{(i * 4) % people}"
        champions = f"[p{(i * 4 + 1) % people}]" if i % 9 else "[]"
        due = "2026-07-31" if i % 5 else "2026-05-01"
        yield f"  - id: ws{i}"
        yield f"    name: Work stream {i}"
        yield f"    lead: {lead}"
        yield f"    champions: {champions}"
        yield "    goals: [g1]"
        yield f"    milestones: [{{id: m{i}, due: {due}, status: in_progress}}]"
    yield "governance:"
    yield "  board:"
    yield "    name: Board"
    yield "    meets_every_days: 14"
    yield "    members:"
    yield "      - {person: p4, represents: sg0, voting: true}"
    yield "  risk_appetite:"
    yield "    statement: Test and learn"
    yield "    approved_on: 2026-02-10"
    yield "  information_sharing:"
    yield f"    signed_by: [{all_partners}]"
    yield "  partnership_assessment:"
    yield "    tool: nuffield_pat"
    yield "    completed_on: 2026-03-15"
    yield f"    partners_responding: [{all_partners}]"
    yield "communication:"
    for i in range(0, partners, 10 if lean else 1):
        yield f"  - {{audience: org{i}, every_days: 30, owner: p0, last_sent: 2026-06-02}}"
    yield "highlight_reports:"
    yield "  - {period_end: 2026-05-31, rag: amber, leadership_section: true}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--partners", type=int)
    parser.add_argument("--work-streams", type=int)
    parser.add_argument("--lean", action="store_true", help="partners with only an id and name")
    args = parser.parse_args()
    sys.stdout.write(plan(args.people, args.partners, args.work_streams, args.lean))


if __name__ == "__main__":
    main()
