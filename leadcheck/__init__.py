"""leadcheck: check a partnership's leadership plan against proven leadership tips.

The API is small::

    import leadcheck
    report = leadcheck.audit("partnership.yaml", as_of=datetime.date(2026, 6, 30))
    for finding in report.findings:
        print(finding.location, finding.rule, finding.message)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from leadcheck.findings import FileReport, Finding, Location, Readiness, Report, Severity

if TYPE_CHECKING:
    from leadcheck.engine import Options

__version__ = "0.1.0"
__all__ = [
    "FileReport",
    "Finding",
    "Location",
    "Readiness",
    "Report",
    "Severity",
    "__version__",
    "audit",
]


def audit(
    path_or_text: str | Path,
    *,
    as_of: dt.date | None = None,
    config: Options | None = None,
) -> Report:
    """Audit one plan: a path to a YAML file, or the plan's YAML text itself.

    A `Path`, or a one-line `str` without a colon (`plans/north.yaml`), is read
    from disk; any other string is taken as the YAML itself. `as_of` overrides
    the plan's date; `config` is a `leadcheck.engine.Options` for rule
    selection, severities and parameters. Raises OSError when a path cannot be read.
    """
    from dataclasses import replace

    from leadcheck.engine import Options, check_file, check_text, report

    options = config or Options()
    if as_of is not None:
        options = replace(options, as_of=as_of)
    if isinstance(path_or_text, Path) or not any(c in path_or_text for c in "\n:"):
        result = check_file(str(path_or_text), options)
    else:
        result = check_text(path_or_text, "<string>", options)
    return report([result], options)
