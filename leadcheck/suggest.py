"""One "did you mean" for every message that names something unknown."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

WORK = 20_000
"""How many steps one suggestion may take, at most: a character of a choice
counted, or a pair of equal characters tried as the start of a common run.

Comparing two texts can cost far more than the product of their lengths, so a
suggestion against hundreds of long, nearly identical ids (or a long run of one
letter against another) took a second or more, and a plan can hold hundreds of
such references. Real suggestions stay far below the budget (500 ids of 20
characters cost under 10,000 steps), and within it the answer is exactly
`difflib.get_close_matches(word, choices, n=1, cutoff)[0]`; past it, the best
choice compared so far is given, or none.
"""


class _Spent(Exception):
    """The budget ran out in the middle of a comparison."""


class _Matcher(difflib.SequenceMatcher[str]):
    """difflib's matcher, counting the steps of its inner loop against a budget."""

    budget = WORK
    a: str  # set by difflib (not in its type stubs)
    b2j: dict[str, list[int]]

    def find_longest_match(
        self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> difflib.Match:
        # For each character of a[alo:ahi], the loop visits its places in b.
        where, stop = self.b2j, len(self.a) if ahi is None else ahi
        self.budget -= stop - alo + sum(len(where.get(ch, ())) for ch in self.a[alo:stop])
        if self.budget < 0:
            raise _Spent
        return super().find_longest_match(alo, ahi, blo, bhi)


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice most like `word` (difflib's ratio at least `cutoff`), or None.

    Ties go to the choice that sorts last, as with `difflib.get_close_matches`.
    """
    matcher = _Matcher()
    matcher.set_seq2(word)
    size = len(word)
    best: tuple[float, str] | None = None
    try:
        for choice in choices:
            length = len(choice)
            # Two upper bounds of the ratio, from the lengths and then from the
            # characters, rule most choices out cheaply (as difflib does).
            bound = 2 * min(size, length) / (size + length) if size + length else 1.0
            floor = cutoff if best is None else best[0]
            if bound < floor:
                continue
            matcher.budget -= length
            if matcher.budget < 0:
                break
            matcher.set_seq1(choice)
            if matcher.quick_ratio() < floor:
                continue
            score = (matcher.ratio(), choice)
            if score[0] >= cutoff and (best is None or score > best):
                best = score
    except _Spent:
        pass
    return best[1] if best else None


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """` (did you mean 'x'?)` for the closest choice, or an empty string."""
    close = closest(word, choices, cutoff)
    return f" (did you mean {close!r}?)" if close is not None else ""
