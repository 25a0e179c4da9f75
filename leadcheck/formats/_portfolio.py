"""The portfolio view of several plans, and the partners' view of one, as plain data
the formats lay out: pure functions of a report, no printing, no clock.

A programme office that receives many plans reads the portfolio first: one row per
partnership, least ready first, with each theme's colour, and then the gaps the
plans share most.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from leadcheck.findings import (
    FileReport,
    PartnersView,
    PrincipleRow,
    Readiness,
    Severity,
    ThemeScore,
    mean_text,
)
from leadcheck.meta import RuleMeta
from leadcheck.records import record

_READINESS_ORDER = {Readiness.NOT_READY: 0, Readiness.NEARLY_READY: 1, Readiness.READY: 2}


def least_ready_first(files: Iterable[FileReport]) -> list[FileReport]:
    """Not ready, then nearly ready, then ready, then plans not assessed; within each,
    the lowest score first (a plan that could not be scored lowest of all), then by
    partnership name and file."""

    def key(fr: FileReport) -> tuple[int, float, str, str]:
        rank = _READINESS_ORDER.get(fr.readiness, 3) if fr.readiness else 3
        score = -1.0 if fr.score is None else round(fr.score, 1)
        return rank, score, (fr.partnership or "").casefold(), fr.file

    return sorted(files, key=key)


def portfolio_themes(files: Iterable[FileReport]) -> list[tuple[str, str]]:
    """(theme, title) of every theme any plan was scored on, in the report's order."""
    seen: dict[str, str] = {}
    for fr in files:
        for t in fr.themes:
            seen.setdefault(t.theme, t.title)
    return list(seen.items())


def theme_cell(fr: FileReport, theme: str) -> ThemeScore | None:
    return next((t for t in fr.themes if t.theme == theme), None)


@record
class Gap:
    """One rule with open findings in one or more of the portfolio's plans."""

    rule: str
    slug: str
    severity: Severity
    title: str
    files: tuple[str, ...]
    """The plans it affects, in the portfolio's order."""
    findings: int
    """Its open findings across the portfolio."""

    @property
    def partnerships(self) -> int:
        return len(self.files)


def common_gaps(files: Sequence[FileReport], catalog: Mapping[str, RuleMeta]) -> list[Gap]:
    """Each rule with open (unwaived) findings, with the number of plans it affects:
    the most plans first, then the most severe, then by rule id."""
    plans: dict[str, list[int]] = {}
    counts: dict[str, int] = {}
    first: dict[str, tuple[str, Severity]] = {}
    ordered = least_ready_first(files)
    for index, fr in enumerate(ordered):
        for f in fr.open_findings:
            where = plans.setdefault(f.rule, [])
            if not where or where[-1] != index:
                where.append(index)
            counts[f.rule] = counts.get(f.rule, 0) + 1
            first.setdefault(f.rule, (f.slug, f.severity))
    gaps = []
    for rule, indices in plans.items():
        slug, severity = first[rule]
        meta = catalog.get(rule)
        gaps.append(
            Gap(
                rule=rule,
                slug=slug,
                severity=severity,
                title=meta.title if meta else slug,
                files=tuple(ordered[i].file for i in indices),
                findings=counts[rule],
            )
        )
    gaps.sort(key=lambda g: (-g.partnerships, -g.severity.weight, g.rule))
    return gaps


# --- the partners' view ------------------------------------------------------------------

SCALE = "1 (not in place) to 4 (fully in place)"


def score_cell(score: int | None) -> str:
    return "–" if score is None else str(score)


def mean_cell(row: PrincipleRow) -> str:
    return "–" if row.mean is None else mean_text(row.mean)


def spread_cell(row: PrincipleRow) -> str:
    return "–" if row.spread is None else str(row.spread)


def marks(row: PrincipleRow) -> list[str]:
    """`split` and `weak`, as they apply."""
    return [word for word, on in (("split", row.split), ("weak", row.weak)) if on]


def thresholds_phrase(view: PartnersView) -> str:
    """What split and weak mean with this run's settings."""
    return (
        f"split: the highest and lowest scores are {view.split_at} or more points apart; "
        f"weak: the mean is below {mean_text(view.weak_below)}"
    )


def verdict_phrase(view: PartnersView) -> str:
    """`1 split principle (trust); 1 weak principle (arrangements)`, or `no split or weak
    principle`."""
    parts = []
    for word, rows in (("split", view.splits), ("weak", view.weak)):
        if rows:
            noun = "principle" if len(rows) == 1 else "principles"
            parts.append(f"{len(rows)} {word} {noun} ({', '.join(r.principle for r in rows)})")
    return "; ".join(parts) or "no split or weak principle"
