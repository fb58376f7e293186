"""OS file locks: one wom at a time writes an output folder or publishes to a deploy target.

Two builds, or three deploys, started together must never interleave their files: the
published folder is always one whole tree. Each holder takes fcntl.flock on a lock file
the target owns (beside a deploy folder, inside a bare repository, in the site's cache for
remote targets; for output/, the site's folder itself); the lock ends with its process,
even a killed one. A second comer says
once that it waits, or with --no-wait fails at once.
"""

from __future__ import annotations

import fcntl
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class Busy(Exception):
    """Another wom holds the lock and the caller asked not to wait (--no-wait): one line, exit 1."""


# Locks this process holds, by (lock file, thread): a build's write step or a deploy's listing
# of output/ takes the lock its caller already holds, and flock would make it wait for itself.
_held: dict[tuple[str, int], int] = {}


def lock_beside(folder: Path) -> Path:
    """The lock file of a folder that is replaced whole (output/, a deploy folder): next to it, as
    the folder itself is swapped out."""
    return folder.parent / f".{folder.name}.wom-lock"


@contextmanager
def hold(lock_file: Path, what: str, wait: bool = True, report: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock on `lock_file` for the block; `what` names the target in messages."""
    key = (os.fspath(lock_file), threading.get_ident())
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    fd = _open(lock_file)
    try:
        if fd is not None:
            _acquire(fd, what, wait, report or _to_stderr)
        _held[key] = 1
        yield
    finally:
        _held.pop(key, None)
        if fd is not None:
            os.close(fd)  # releases the lock


def _open(lock_file: Path) -> int | None:
    """The lock file (or folder), opened; None where it cannot be made (a read-only folder: no lock, as before)."""
    try:
        if lock_file.is_dir():
            return os.open(lock_file, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        return os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
    except OSError:
        return None


def _acquire(fd: int, what: str, wait: bool, report: Callable[[str], None]) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(fd)
        if not wait:
            raise Busy(f"{what}: in use by another wom{holder}; not waiting (--no-wait)") from None
        report(f"{what}: waiting: another wom{holder} is using it")
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError:
        return  # a file system without locks (some network mounts): go on as before
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)  # who holds it, for the next comer's message
    except OSError:
        pass  # a folder (output/'s site): no note of who holds it


def _holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (process {pid})" if pid.isdigit() else ""


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
