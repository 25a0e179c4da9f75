"""What a CI run needs beyond the reports: the repository root and the job summary.

Code-scanning services place results by paths from the repository root, not
from the folder a step ran in, so `repo_root` finds that root for
`RenderOptions.base_dir`. `append_step_summary` writes the markdown report to
GitHub's job summary, switching to the compact summary when the full one would
pass GitHub's size limit or an earlier run in the same step already wrote one.
The CLI calls both; neither prints.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from leadcheck.findings import Report
from leadcheck.formats import RenderOptions

SUMMARY_LIMIT = 1024 * 1024
"""GitHub drops a step's whole job summary when the file passes this many bytes."""
SUMMARY_BUDGET = SUMMARY_LIMIT - 64 * 1024
"""The full report is written only while the file stays under this (some headroom
for other steps' tools writing to the same summary)."""
SUMMARY_MARKER = "<!-- leadcheck:summary -->"
"""Starts every summary leadcheck writes, so a second run in the step can tell."""
CI_ROOTS = ("GITHUB_WORKSPACE", "CI_PROJECT_DIR")
"""Where GitHub Actions and GitLab CI check the repository out."""


def repo_root(start: str | os.PathLike[str] = ".", override: str | None = None) -> str:
    """The folder report paths are made relative to.

    `override` (`--root`) wins and must be an existing folder (ValueError
    otherwise). Then the top of the git work tree around `start`; without git
    or outside a work tree, `$GITHUB_WORKSPACE` or `$CI_PROJECT_DIR` when
    `start` lies inside it; else `start` itself.
    """
    if override is not None:
        if not os.path.isdir(override):
            raise ValueError(f"--root {override}: no such folder")
        return os.path.abspath(override)
    top = _git_toplevel(start)
    if top is not None:
        return top
    here = os.path.abspath(start)
    for name in CI_ROOTS:
        root = os.environ.get(name)
        if root and _inside(here, os.path.abspath(root)):
            return os.path.abspath(root)
    return here


def _git_toplevel(start: str | os.PathLike[str]) -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=start,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):  # no git, or a folder git cannot enter
        return None
    top = done.stdout.strip()
    return os.path.normpath(top) if done.returncode == 0 and top else None


def _inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # different drives
        return False


# --- the job summary ----------------------------------------------------------------


def step_summary(
    report: Report,
    options: RenderOptions,
    *,
    used: int = 0,
    earlier: bool = False,
    full_report: str | None = None,
) -> str:
    """What to append to a job summary file that already holds `used` bytes.

    The full markdown report when it fits under `SUMMARY_BUDGET` and no
    `earlier` leadcheck run wrote to this summary; otherwise the compact
    summary, saying where `full_report` is; and "" when not even that fits
    under `SUMMARY_LIMIT`.
    """
    from leadcheck.formats import Format, renderer
    from leadcheck.formats.summary import render_compact
    from leadcheck.records import replace

    options = replace(options, color=False)
    if earlier:
        reason = "An earlier leadcheck run in this step already wrote its report above."
    else:
        full = f"{SUMMARY_MARKER}\n{renderer(Format.MARKDOWN)(report, options)}"
        size = _size(full)
        if used + size <= SUMMARY_BUDGET:
            return full
        reason = (
            f"The full report ({size / SUMMARY_LIMIT:.1f} MiB) would pass the 1 MiB "
            "that a job summary can hold."
        )
    compact = f"{SUMMARY_MARKER}\n" + render_compact(
        report, options, full_report=full_report, reason=reason
    )
    return compact if used + _size(compact) <= SUMMARY_LIMIT else ""


def append_step_summary(
    path: str, report: Report, options: RenderOptions, *, full_report: str | None = None
) -> str | None:
    """Append `step_summary` to the file at `path` ($GITHUB_STEP_SUMMARY).

    Returns a warning for stderr when nothing could be written (the file is
    unwritable, or already too full), None otherwise.
    """
    try:
        used, earlier, ends_in_newline = _existing(path)
        text = step_summary(
            report, options, used=used + 2, earlier=earlier, full_report=full_report
        )
        if not text:
            return f"job summary {path} is already near GitHub's 1 MiB limit; nothing added"
        if used:  # a blank line, so the report never runs into what is there
            text = ("\n" if ends_in_newline else "\n\n") + text
        with open(path, "a", encoding="utf-8", newline="") as fh:
            fh.write(text)
    except OSError as exc:
        return f"cannot append to GITHUB_STEP_SUMMARY {path}: {exc.strerror or exc}"
    return None


def _size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _existing(path: str) -> tuple[int, bool, bool]:
    """(size in bytes, holds a leadcheck summary, ends with a newline) of the file."""
    try:
        size = os.path.getsize(path)
    except FileNotFoundError:
        return 0, False, True
    if size > SUMMARY_LIMIT:  # nothing more can fit anyway
        return size, False, True
    data = Path(path).read_bytes()
    return len(data), SUMMARY_MARKER.encode() in data, data.endswith(b"\n")
