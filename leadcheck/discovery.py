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
        path = Path(raw)
        if path.is_dir():
            plans = _plans_in(path)
            if not plans:
                raise UsageError(f"{raw}: no *.yaml or *.yml files in this folder")
            found.extend(plans)
        elif path.exists():
            found.append(raw)
        else:
            raise UsageError(f"{raw}: no such file or directory")
    return found


def _plans_in(folder: Path) -> list[str]:
    plans: list[str] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        plans.extend(os.path.join(root, n) for n in sorted(names) if n.endswith(PLAN_SUFFIXES))
    return plans
