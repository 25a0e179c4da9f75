"""leadcheck: check a partnership's leadership plan against proven leadership tips.

The API is small::

    import leadcheck
    report = leadcheck.audit("partnership.yaml", as_of=datetime.date(2026, 6, 30))
    for finding in report.findings:
        print(finding.location, finding.rule, finding.message)

    report = leadcheck.audit(text=yaml_text)  # a plan that is not in a file
"""

from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from leadcheck.engine import Options
    from leadcheck.findings import FileReport, Finding, Location, Readiness, Report, Severity
    from leadcheck.records import replace

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
    "replace",
]


_FROM_FINDINGS = frozenset({"FileReport", "Finding", "Location", "Readiness", "Report", "Severity"})


def __getattr__(name: str) -> object:
    # The result types load on first use: `leadcheck --version` needs none of them.
    if name in _FROM_FINDINGS:
        from leadcheck import findings

        return getattr(findings, name)
    if name == "replace":
        from leadcheck.records import replace

        return replace
    raise AttributeError(f"module 'leadcheck' has no attribute {name!r}")


def audit(
    path: str | os.PathLike[str] | None = None,
    *,
    text: str | bytes | None = None,
    as_of: dt.date | None = None,
    config: Options | None = None,
) -> Report:
    """Audit one plan: the file at `path`, or the YAML given as `text`.

    `path` is always a path, on every platform (`"C:\\plans\\x.yaml"`,
    `"plans/north.yaml"`, a `Path`); the plan's YAML itself goes through
    `text=` (a str, or bytes in any encoding the loader reads), and is reported
    as `<string>`. Give exactly one of the two (TypeError otherwise).

    leadcheck 0.1.0 also read a str holding YAML as `path`. For callers that
    still do, a str with a line break that names no existing file is read as
    the YAML text, with a DeprecationWarning (no file name has a line break in
    practice, so this cannot mistake a path); use `text=` instead. `"-"` is a
    file named `-`, not standard input.

    `as_of` overrides the plan's date; `config` is a `leadcheck.engine.Options`
    for rule selection, severities and parameters. Raises OSError (such as
    FileNotFoundError) when the file cannot be read, and
    `leadcheck.rules.PluginError` when installed rule packs clash. A plan that
    is not valid YAML is not an exception: it gives a report with LC001.
    """
    from leadcheck.engine import Options, check_file, check_text, report
    from leadcheck.records import replace

    if (path is None) == (text is None):
        raise TypeError("audit() takes a path or text=..., exactly one of them")
    if isinstance(path, str) and "\n" in path and not os.path.exists(path):
        warnings.warn(
            "leadcheck.audit(): pass YAML text as text=...; a str argument is a path",
            DeprecationWarning,
            stacklevel=2,
        )
        path, text = None, path
    options = config or Options()
    if as_of is not None:
        options = replace(options, as_of=as_of)
    if path is not None:
        name = os.fspath(path)
        result = check_file(os.path.join(os.curdir, name) if name == "-" else name, options)
    else:
        assert text is not None
        result = check_text(text, "<string>", options)
    return report([result], options)
