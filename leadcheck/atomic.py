"""Writing reports so that nobody ever sees half of one."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from leadcheck.errors import UsageError


def write_atomic(dest: Path, text: str | Iterable[str]) -> None:
    """Write `text` (a string, or the pieces of one as a format streams them) to
    `dest` whole or not at all.

    A regular file is written through a temporary file in the same folder, then
    renamed over `dest` (keeping its permissions); a symlink is followed; a device
    or pipe (such as /dev/null) is written directly. A read-only file or a missing
    folder is a usage error, and leaves nothing behind.
    """
    target = Path(os.path.realpath(dest))
    if target.exists() and not target.is_file():
        _write_direct(dest, target, text)
        return
    if not target.parent.is_dir():
        raise UsageError(f"{dest}: cannot write: folder {str(dest.parent)!r} does not exist")
    if target.exists() and not os.access(target, os.W_OK):
        raise UsageError(f"{dest}: cannot write: the file is read-only")
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
    try:
        fd, tmp = _temporary(target.parent)
    except OSError as exc:
        raise UsageError(f"{dest}: cannot write: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write_chunks(fh, text)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError(f"{dest}: cannot write: {exc.strerror or exc}") from None
    except BaseException:  # interrupted (Ctrl-C, SIGTERM): leave nothing behind
        Path(tmp).unlink(missing_ok=True)
        raise


def _temporary(folder: Path) -> tuple[int, str]:
    """A new file in `folder`, open for writing, readable only by its owner.

    Named by the process id and a counter, as `tempfile.mkstemp` would be but
    without importing it; the name is short, so that an output name of the
    longest length still has room beside it.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for attempt in range(10_000):
        name = os.path.join(folder, f".lc-{os.getpid()}-{attempt}.tmp")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def write_chunks(fh: TextIO, text: str | Iterable[str]) -> None:
    """Write a string, or each piece of one in turn (so a long report is never held
    whole in memory)."""
    if isinstance(text, str):
        fh.write(text)
        return
    write = fh.write
    for chunk in text:
        write(chunk)


def _write_direct(dest: Path, target: Path, text: str | Iterable[str]) -> None:
    try:
        with open(target, "w", encoding="utf-8", newline="") as fh:
            write_chunks(fh, text)
    except OSError as exc:
        raise UsageError(f"{dest}: cannot write: {exc.strerror or exc}") from None


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one existing file (through links, too)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
