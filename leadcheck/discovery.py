"""Which plan files a run reads: the paths given, with folders searched.

A folder is walked for `*.yaml` and `*.yml` files, skipping hidden files and
folders, whatever `.gitignore` files ignore, and whatever the exclude globs
(`--exclude`, the config file's `exclude`) name. `.gitignore` files are read
from the repository root (the nearest folder above holding `.git`) down to each
folder walked; outside a repository, from the folder named down. Every glob is
matched by pathspec, which implements git's own rules (`*.draft.yaml` anywhere,
`/top.yaml` only at the base, `archive/` a folder, `!keep.yaml` taken back), so
an exclude glob means what it would in a `.gitignore` beside its base folder.

A file named outright is always read: globs and `.gitignore` apply only to what
a folder search finds.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from leadcheck.errors import UsageError
from leadcheck.records import field, record

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

PLAN_SUFFIXES = (".yaml", ".yml")
GITIGNORE = ".gitignore"


@record
class Exclude:
    """Globs (in `.gitignore` syntax) that leave plans out of folder searches.

    They are matched against paths relative to `base`, as a `.gitignore` in
    that folder would be. `source` names them in messages (`--exclude`, "the
    config's exclude").
    """

    patterns: tuple[str, ...]
    base: str
    source: str
    spec: GitIgnoreSpec = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for pattern in self.patterns:
            if _compile([pattern]) is None:
                raise UsageError(f"{self.source} {pattern!r} is not a valid glob")
        spec = _compile(self.patterns)
        assert spec is not None
        object.__setattr__(self, "spec", spec)

    def matches(self, path: str, is_dir: bool = False) -> bool:
        """Whether the globs leave out `path`, a file (or with `is_dir`, a folder)."""
        rel = _relative(os.path.abspath(path), os.path.abspath(self.base))
        return bool(self.spec.check_file(rel + ("/" if is_dir else "")).include)


def discover(paths: Sequence[str], excludes: Sequence[Exclude] = ()) -> list[str]:
    """Expand folders into their plan files; `-` (standard input) is kept as is.

    Every path must exist: a missing one is a usage error, as is a folder
    without plans, and a run whose folders' plans are all left out.
    """
    found: list[str] = []
    left_out: dict[str, None] = {}  # the sources that left plans out, in order
    for raw in paths:
        if raw == "-":
            found.append(raw)
            continue
        if not raw:
            raise UsageError("an empty path was given; name a plan file or folder")
        path = Path(raw)
        if path.is_dir():
            walk = _Walk(path, excludes)
            plans = walk.plans()
            if not plans and not walk.left_out:
                raise UsageError(f"{raw}: no *.yaml or *.yml files in this folder")
            found.extend(plans)
            left_out.update(walk.left_out)
        elif path.is_file():
            found.append(raw)
        elif path.exists():  # a pipe with no writer would wait for ever; a device never ends
            raise UsageError(f"{raw}: not a regular file; give a plan file, or - for stdin")
        else:
            raise UsageError(f"{raw}: no such file or directory")
    if not found:
        sources = list(left_out)
        verb = "leaves" if len(sources) == 1 else "leave"
        raise UsageError(
            f"no plans to check: {' and '.join(sources)} {verb} out every one "
            "(a file named outright is always checked)"
        )
    return found


def repository_root(folder: str) -> str | None:
    """The nearest folder at or above `folder` (absolute) that holds `.git`."""
    here = folder
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


# --- walking a folder ---------------------------------------------------------------

_Ignores = tuple[tuple[str, "GitIgnoreSpec"], ...]
"""(folder, its .gitignore) pairs, from the top down: deeper files decide last."""


class _Walk:
    def __init__(self, folder: Path, excludes: Sequence[Exclude]) -> None:
        self.folder = folder
        self.excludes = excludes
        self.left_out: dict[str, None] = {}

    def plans(self) -> list[str]:
        top = os.path.abspath(self.folder)
        ignores: dict[str, _Ignores] = {}
        plans: list[str] = []
        for root, dirs, names in os.walk(self.folder, onerror=_unreadable):
            here = os.path.abspath(root)
            inherited = ignores[os.path.dirname(here)] if here != top else _above(top)
            own = _gitignore(here) if GITIGNORE in names else None
            chain = ignores[here] = (*inherited, (here, own)) if own else inherited
            dirs[:] = sorted(
                d
                for d in dirs
                if not d.startswith(".") and not self._skipped(os.path.join(here, d), True, chain)
            )
            plans.extend(
                path
                for name in sorted(names)
                if name.endswith(PLAN_SUFFIXES)
                and not name.startswith(".")
                and os.path.isfile(path := os.path.join(root, name))
                and not self._skipped(os.path.join(here, name), False, chain)
            )
        return plans

    def _skipped(self, path: str, is_dir: bool, chain: _Ignores) -> bool:
        tail = "/" if is_dir else ""
        ignored = None
        for base, spec in chain:
            include = spec.check_file(_relative(path, base) + tail).include
            if include is not None:
                ignored = include
        if ignored:
            self.left_out[GITIGNORE] = None
            return True
        for exclude in self.excludes:
            if exclude.matches(path, is_dir):
                self.left_out[exclude.source] = None
                return True
        return False


def _above(top: str) -> _Ignores:
    """The .gitignore files from the repository root down to `top`'s parent."""
    root = repository_root(top)
    if root is None or root == top:
        return ()
    folders = [root]
    for part in Path(os.path.relpath(os.path.dirname(top), root)).parts:
        if part != os.curdir:
            folders.append(os.path.join(folders[-1], part))
    out = []
    for folder in folders:
        spec = _gitignore(folder)
        if spec is not None:
            out.append((folder, spec))
    return tuple(out)


def _gitignore(folder: str) -> GitIgnoreSpec | None:
    """The folder's .gitignore; lines git would not understand are skipped, as git does."""
    try:
        text = Path(folder, GITIGNORE).read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:  # unreadable, or a folder of that name: git reads nothing there either
        return None
    lines = [line for line in text.splitlines() if _compile([line]) is not None]
    return _compile(lines) if lines else None


def _compile(lines: Iterable[str]) -> GitIgnoreSpec | None:
    """A spec of git wildmatch patterns, None when a line is not a valid one."""
    from pathspec import GitIgnoreSpec

    try:
        return GitIgnoreSpec.from_lines(list(lines))
    except Exception:  # pathspec's pattern errors, and `re.error` from a bad range
        return None


def _relative(path: str, base: str) -> str:
    try:
        rel = os.path.relpath(path, base)
    except ValueError:  # another drive on Windows: only globs without a folder can match
        rel = os.path.basename(path)
    return rel.replace(os.sep, "/")


def _unreadable(error: OSError) -> None:
    raise UsageError(f"{error.filename}: cannot read this folder: {error.strerror or error}")
