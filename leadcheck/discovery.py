"""Which plan files a run reads: the paths given, with folders searched."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from leadcheck.errors import UsageError

PLAN_SUFFIXES = (".yaml", ".yml")


def discover(paths: Sequence[str]) -> list[str]:
    """Expand folders into their plan files (hidden folders skipped); `-` is stdin.

    Every path must exist: a missing one is a usage error, as is a folder
    without plans.
    """
    found: list[str] = []
    for raw in paths:
        if raw == "-":
            found.append(raw)
            continue
        if not raw:
            raise UsageError("an empty path was given; name a plan file or folder")
        path = Path(raw)
        if path.is_dir():
            plans = _plans_in(path)
            if not plans:
                raise UsageError(f"{raw}: no *.yaml or *.yml files in this folder")
            found.extend(plans)
        elif path.is_file():
            found.append(raw)
        elif path.exists():  # a pipe with no writer would wait for ever; a device never ends
            raise UsageError(f"{raw}: not a regular file; give a plan file, or - for stdin")
        else:
            raise UsageError(f"{raw}: no such file or directory")
    return found


def _unreadable(error: OSError) -> None:
    raise UsageError(f"{error.filename}: cannot read this folder: {error.strerror or error}")


def _plans_in(folder: Path) -> list[str]:
    plans: list[str] = []
    for root, dirs, names in os.walk(folder, onerror=_unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        plans.extend(
            path
            for name in sorted(names)
            if name.endswith(PLAN_SUFFIXES) and os.path.isfile(path := os.path.join(root, name))
        )
    return plans
