"""Expected findings written into plan files as comments, as pylint's examples do.

`# [LC201]` on a line expects one LC201 finding there; `# [LC201, LC201]` two;
`# [LC401 waived]` a waived one. Tests compare a Counter of (line, rule, waived)
with the findings, so a rule that reports one gap twice fails.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from leadcheck.findings import Finding

_MARKER = re.compile(
    r"#.*?\[((?:[A-Z][A-Z0-9]*[0-9]{3}(?: waived)?)(?:,\s*[A-Z][A-Z0-9]*[0-9]{3}(?: waived)?)*)\]"
)

Expected = Counter[tuple[int, str, bool]]


def expected(text: str, rules: Iterable[str] | None = None) -> Expected:
    """(line, rule, waived) of every marker in `text` (only `rules`, when given)."""
    wanted = None if rules is None else set(rules)
    out: Expected = Counter()
    for number, line in enumerate(text.splitlines(), 1):
        for match in _MARKER.finditer(line):
            for item in match.group(1).split(","):
                rule, _, waived = item.strip().partition(" ")
                if wanted is None or rule in wanted:
                    out[(number, rule, waived == "waived")] += 1
    return out


def found(findings: Iterable[Finding], rules: Iterable[str] | None = None) -> Expected:
    """The same Counter built from findings."""
    wanted = None if rules is None else set(rules)
    return Counter(
        (f.location.line, f.rule, f.waived) for f in findings if wanted is None or f.rule in wanted
    )
