"""The little of git that `diff` and `history` need, through the `git` command.

Arguments are passed as a list (no shell), revisions may not start with `-`
(they would be read as options), and every failure is a UsageError in one line.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence

from leadcheck.errors import UsageError
from leadcheck.records import record

_ENV = {"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


def run(args: Sequence[str], stdin: bytes | None = None) -> bytes:
    """Run `git ARGS` here and return its output; UsageError on any failure."""
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            input=stdin,
            capture_output=True,
            env={**os.environ, **_ENV},
            check=False,
        )
    except OSError as exc:
        raise UsageError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[-1] if lines else f"exit code {done.returncode}"
        raise UsageError(f"git {args[0]}: {reason.removeprefix('fatal: ')}")
    return done.stdout


def show(spec: str) -> bytes:
    """The contents of `REV:path` (git's meaning: the path is from the repository
    root, or from the current folder when it starts with `./`)."""
    rev, _, path = spec.partition(":")
    if not rev or rev.startswith("-") or not path:
        raise UsageError(f"{spec!r} is not REV:path (for example origin/main:plans/x.yaml)")
    return run(["show", "--no-textconv", "--end-of-options", spec])


@record
class Commit:
    """A commit that changed a file, and the file's path in it."""

    sha: str
    date: str
    """The commit date, YYYY-MM-DD (in the committer's time zone)."""
    subject: str
    path: str
    """The file's path from the repository root at this commit (renames followed)."""


def log(path: str, since: str | None = None, max_count: int | None = None) -> list[Commit]:
    """Commits that changed `path`, newest first, following renames."""
    args = ["log", "--follow", "-z", "--format=%x1e%H%x1f%cI%x1f%s", "--name-only"]
    if since:
        args.append(f"--since={since}")
    if max_count is not None:
        args.append(f"--max-count={max_count}")
    out = run([*args, "--", path]).decode("utf-8", "replace")
    commits: list[Commit] = []
    for entry in out.split("\x1e")[1:]:
        head, _, names = entry.partition("\0")
        sha, date, subject = [*head.split("\x1f"), "", ""][:3]
        name = names.strip("\n\0").split("\0")[0]
        commits.append(Commit(sha, date[:10], subject, name))
    return commits


def blobs(specs: Sequence[str]) -> list[bytes | None]:
    """The contents of many `REV:path` at once (None for those missing), in one process."""
    if not specs:
        return []
    out = run(["cat-file", "--batch"], stdin="".join(f"{s}\n" for s in specs).encode())
    found: list[bytes | None] = []
    at = 0
    for _ in specs:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found.append(out[end + 1 : end + 1 + size])
            at = end + 1 + size + 1
        else:  # "<spec> missing", or not a blob
            found.append(None)
            at = end + 1
    return found
