"""The process pool: map a function over many items on every core, when that pays off.

Workers are forked (they inherit the build's data without pickling it) and end with their build.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from typing import Callable

POOL_THRESHOLD = 200  # fewer items than this render in-process (a pool costs ~100 ms to start)


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def fork_pool(items: int, threshold: int | None = None) -> ProcessPoolExecutor | None:
    """A process pool when the work is worth it and the platform can fork, else None.
    `threshold`: default POOL_THRESHOLD, read at call time (tests lower it)."""
    if items < (POOL_THRESHOLD if threshold is None else threshold) or workers() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    _return_free_memory()
    return _FrozenPool(workers(), mp_context=multiprocessing.get_context("fork"),
                       initializer=_end_with_parent, initargs=(os.getpid(),))


def _return_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's malloc_trim), before forking.
    The build frees large texts as it goes (file bytes once parsed, Markdown once rendered);
    glibc keeps those pages, and each forked worker would count them again. At 10,000 posts
    this takes the parent from 194 to 108 MB after assembling, in a few milliseconds."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


class _FrozenPool(ProcessPoolExecutor):
    """A fork pool whose workers leave the parent's objects alone: with the collector's
    objects frozen, a worker's garbage collections do not touch (and so copy) every page of
    the parent's heap, which would count its memory once more per worker."""

    def __enter__(self):
        gc.freeze()
        return super().__enter__()

    def __exit__(self, *exc):
        try:
            return super().__exit__(*exc)
        finally:
            gc.unfreeze()


def _end_with_parent(parent: int) -> None:
    """A worker ends when its build does: a build killed with SIGKILL cannot tell its forked
    workers, and they would wait forever (each holding the pipes that would tell them).
    A worker also collects its garbage, which the build pauses in the parent (see build.py)."""
    gc.enable()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)


def map_in_pool(function: Callable, items: list, threshold: int | None = None, advance=None) -> list:
    """[function(item) for item in items], on every core when there are at least `threshold` items
    (default POOL_THRESHOLD).

    `function` must be a module-level function (it is pickled by name); results come back in order.
    """
    pool = fork_pool(len(items), threshold)
    results: list = []
    if pool is None:
        for item in items:
            results.append(function(item))
            if advance and len(results) % 64 == 0:
                advance(64)
    else:
        with pool:
            chunk = max(1, min(64, len(items) // (4 * workers())))
            for result in pool.map(function, items, chunksize=chunk):
                results.append(result)
                if advance and len(results) % 64 == 0:
                    advance(64)
    if advance and len(results) % 64:
        advance(len(results) % 64)
    return results
