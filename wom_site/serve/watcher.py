"""Watching the site's sources, and turning an editor's burst of events into one rebuild.

An editor's save is rarely one event: Vim writes a probe file named 4913, renames the
original to a ~ backup and writes a new file; others write a temporary file and rename it
over the original. Scratch files are ignored, and events are gathered until the sources
have been quiet for a moment, so each save gives one rebuild.
"""

from __future__ import annotations

import re
import threading
import time
import warnings
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from wom_site.content import UNPUBLISHED_PREFIXES

WATCHED_DIRS = ("content", "themes", "static")
WATCHED_FILES = ("site.yaml",)
QUIET_SECONDS = 0.05  # a save's events arrive within a few milliseconds of each other

_SCRATCH = re.compile(
    r"""^(?:\..*                 # hidden: .x.swp, .#x (Emacs locks), .goutputstream-*
        |\#.*\#                 # Emacs autosave
        |4913|5036              # Vim's probe files
        |.*~                    # backups
        |.*\.(?:sw[a-p]|swx|tmp|temp|bak|orig|crdownload|part|kate-swp)
        |.*___jb_(?:tmp|old)___ # JetBrains safe write
        )$""",
    re.VERBOSE,
)


def is_scratch(name: str) -> bool:
    """An editor's scratch, swap or backup file: never a reason to rebuild."""
    return bool(_SCRATCH.match(name))


class Debouncer:
    """Collects changed paths and calls `on_change(paths)` once they have been quiet."""

    def __init__(self, on_change: Callable[[set[str]], None], quiet: float = QUIET_SECONDS) -> None:
        self.on_change = on_change
        self.quiet = quiet
        self._pending: set[str] = set()
        self.received = 0  # how many times changes came in: a build compares it before and after
        self._last = 0.0
        self._first = 0.0
        self._wake = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="wom-rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def add(self, paths: set[str]) -> None:
        with self._wake:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending |= paths
            self.received += 1
            self._last = now
            self._wake.notify_all()  # the debouncer's thread, and a build waiting in changed_since

    def changed_since(self, received: int, wait: float = 0.0) -> bool:
        """Whether changes came in after the `received`-th (waiting up to `wait` s for one)."""
        with self._wake:
            return self._wake.wait_for(lambda: self.received != received, timeout=wait)

    def stop(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._stopped and not self._ready():
                    self._wake.wait(self._wait_time())
                if self._stopped:
                    return
                batch, self._pending = self._pending, set()
            self.on_change(batch)

    def _ready(self) -> bool:
        if not self._pending:
            return False
        now = time.monotonic()
        # quiet for a moment, or a steady stream of writes has gone on for a second
        return now - self._last >= self.quiet or now - self._first >= 1.0

    def _wait_time(self) -> float | None:
        if not self._pending:
            return None
        return max(0.001, self.quiet - (time.monotonic() - self._last))


class _Events(FileSystemEventHandler):
    def __init__(self, watcher: "SourceWatcher") -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in ("created", "modified", "deleted", "moved"):
            return  # opened, closed, attrib: the content did not change
        if event.is_directory and event.event_type == "modified":
            return  # a folder is "modified" whenever a file in it is
        paths = [event.src_path] + ([event.dest_path] if event.event_type == "moved" else [])
        changed = {p for p in (self.watcher.relevant(_text(path)) for path in paths) if p}
        if event.is_directory and event.event_type == "created":
            changed = {p + "/" for p in changed}  # a new folder alone changes nothing; its files do
        if changed:
            self.watcher.changed(changed, event)


def _text(path: str | bytes) -> str:
    return path.decode("utf-8", "surrogateescape") if isinstance(path, bytes) else path


class SourceWatcher:
    """Watches content/, themes/, static/ and site.yaml; reports site-relative paths."""

    def __init__(self, site_dir: Path, debouncer: Debouncer) -> None:
        self.site_dir = site_dir
        self.debouncer = debouncer
        self.observer = Observer()
        self._watched: set[str] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        # watchdog warns (harmlessly) when a folder created while watched is added twice
        warnings.filterwarnings("ignore", message="Callback with id", category=RuntimeWarning, module="watchdog")
        self.observer.schedule(_Events(self), str(self.site_dir), recursive=False)
        for name in WATCHED_DIRS:
            self._watch_dir(name)
        self.observer.start()

    def stop(self) -> None:
        if self.observer.is_alive():
            self.observer.stop()
            self.observer.join(timeout=5)

    def _watch_dir(self, name: str) -> None:
        with self._lock:
            folder = self.site_dir / name
            if name in self._watched or not folder.is_dir():
                return
            self.observer.schedule(_Events(self), str(folder), recursive=True)
            self._watched.add(name)

    def relevant(self, path: str) -> str | None:
        """The site-relative path if a change there can change the site, else None."""
        try:
            rel = Path(path).relative_to(self.site_dir).as_posix()
        except ValueError:
            return None
        parts = rel.split("/")
        if is_scratch(parts[-1]) or any(part.startswith(".") for part in parts):
            return None
        if len(parts) == 1:
            return rel if rel in WATCHED_FILES or rel in WATCHED_DIRS else None
        if parts[0] == "content" and any(part.startswith(UNPUBLISHED_PREFIXES) for part in parts[1:]):
            return None  # content/_drafts/, _notes.md: never published (content.discover skips them)
        return rel if parts[0] in WATCHED_DIRS else None

    def changed(self, paths: set[str], event: FileSystemEvent) -> None:
        for path in paths:
            if path.rstrip("/") in WATCHED_DIRS and event.event_type in ("created", "moved"):
                self._watch_dir(path.rstrip("/"))  # a folder that did not exist at start
        self.debouncer.add(paths)
