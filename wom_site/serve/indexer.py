"""The preview's search index, remade after the page it changed has reloaded.

Pagefind has no incremental mode: every edit reindexes every page (20 s of CPU at 10,000
posts). `wom build` does that inside the build, so what it publishes is always whole; `wom
serve` must instead reload the page as the writer types. So a preview build keeps the last
index as it is (outputs/search.py, Folder.later) and leaves a Pending job; this worker runs
it a moment later, at a lower priority, outside the build's lock: a save stops it at once
(the rebuild gets the CPU), and the build after that save leaves a new job, so a burst of
saves makes one index. The pages are hard links to the built files, which every build
replaces rather than rewrites, so Pagefind reads one consistent set of pages. Its bundle is
then put in with the writer's usual staging and swap, under the build's lock. Meanwhile the
search page says that the index is being updated (reload.Hub.indexing).
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Callable

from wom_site.cache import Cache
from wom_site.output import Manifest, manifest_path
from wom_site.outputs.search import Folder, Pending, install, laid_out, pending
from wom_site.search import find_pagefind, index_folder, work_folder

SETTLE_SECONDS = 0.5  # the reloaded page loads before Pagefind starts


class Indexer:
    """One worker thread making the index a preview build left pending."""

    def __init__(self, output_dir: Path, cache: Cache, build_lock: threading.Lock,
                 on_state: Callable[[bool], None], say: Callable[[str], None]) -> None:
        self.output_dir = output_dir
        self.cache = cache
        self.build_lock = build_lock  # the preview's: held by every build, and here to read and to install
        self.on_state = on_state  # True: an index is being made; False: the index shows every page
        self.say = say
        self.indexed = 0  # indexes put in so far
        self._tag = ""
        self._wanted = threading.Event()
        self._cancelled = threading.Event()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="wom-index", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def built(self, tag: str) -> None:
        """After each successful build (with its output folder's tag): index what it left pending."""
        self._tag = tag
        waiting = pending(self.cache, tag) is not None
        self.on_state(waiting)
        if waiting:
            self._cancelled.clear()
            self._wanted.set()

    def cancel(self) -> None:
        """A save: stop Pagefind now; the rebuild it brings calls built() again."""
        self._cancelled.set()

    def stop(self) -> None:
        self._stopped = True
        self._cancelled.set()
        self._wanted.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            if self._stopped:
                return
            if self._cancelled.wait(SETTLE_SECONDS):
                continue  # a save came: its build asks again
            try:
                self._index_once(self._tag)
            except Exception as error:  # noqa: BLE001 - the preview goes on; the next build asks again
                self.say(f"search: the index could not be updated ({type(error).__name__}: {error})")

    def _index_once(self, tag: str) -> None:
        binary = find_pagefind()
        work = work_folder(self.output_dir, "index")
        started = time.perf_counter()
        try:
            with self.build_lock:
                job = pending(self.cache, tag)
                if job is None or binary is None or self._cancelled.is_set():
                    return
                if not laid_out(job, self._folder(tag), work):
                    return  # a build changed the pages since: it left its own job
            found = index_folder(work, binary, self._cancelled, background=True)
            if found is None or self._cancelled.is_set():
                return  # stopped by a save
            index, problems = found
            for problem in problems:
                self.say(str(problem))
            with self.build_lock:  # a whole index is put in even if a save came meanwhile: it is newer
                if index:
                    install(job, index, self._folder(tag))
                    self.indexed += 1
                    self.say(f"search index updated: {len(job.pages)} pages in {time.perf_counter() - started:.2f} s")
                    self.on_state(pending(self.cache, tag) is not None)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _folder(self, tag: str) -> Folder:
        """The preview's folder as its last build left it (the manifest read again)."""
        path = manifest_path(self.cache.root, tag) if self.cache.root is not None else None
        return Folder(self.output_dir, Manifest(path, self.output_dir), self.cache, tag)


__all__ = ["Indexer", "Pending"]
