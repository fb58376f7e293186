"""The record of the last build into an output folder: what the next build compares with.

A JSON file beside the cache (`.wom-cache/build{tag}.json`, one per output folder): data
only, never executed, and read only when its VERSION and the package version match. It says
what the whole build read (`inputs`), the span of "now" its selection holds for, what it
reported, and which posts each generated file shows (`shows`), recorded by the loop while it
keyed the file: a build that changes only posts' bodies remakes exactly those files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import wom_site
from wom_site.diagnostics import Problem
from wom_site.rhythm import Post

VERSION = 3


@dataclass(frozen=True)
class Held:
    """A post the build left out, and why (held_back.py; listed after every build)."""

    source: str
    reason: str  # "draft", "scheduled", "expired" or "approval"
    when: dt.datetime | None = None  # the day a scheduled post appears, or an expired one went
    customer: str = ""  # "approval": the customer's name or company


@dataclass(frozen=True)
class BuildRecord:
    inputs: str  # keys.inputs_key: everything the build read but its "now"
    window: tuple[dt.datetime, dt.datetime]  # site.selection_window
    pages: int  # pages planned
    warnings: tuple[Problem, ...]
    held: tuple[Held, ...]
    shows: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # path -> (kind, sources of the posts it shows)
    newest: tuple[Post, ...] = ()  # the newest published post of each collection (rhythm.py)

    def holds_at(self, now: dt.datetime) -> bool:
        return self.window[0] <= now < self.window[1]


def record_path(cache_dir: Path, tag: str) -> Path:
    return cache_dir / f"build{tag}.json"


def save(record: BuildRecord, path: Path) -> None:
    data = {
        "version": VERSION, "wom": wom_site.__version__, "inputs": record.inputs,
        "window": [moment.isoformat() for moment in record.window], "pages": record.pages,
        "warnings": [dataclasses.asdict(p) for p in record.warnings],  # every field: a new one is kept too
        "held": [[h.source, h.reason, h.when and h.when.isoformat(), h.customer] for h in record.held],
        "shows": {rel: [kind, list(sources)] for rel, (kind, sources) in record.shows.items()},
        "newest": [[p.kind, p.date.isoformat(), p.customer] for p in record.newest],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)


def load(path: Path) -> BuildRecord | None:
    """The record, or None when it is missing, damaged or written by another version."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["version"] != VERSION or data["wom"] != wom_site.__version__:
            return None
        return BuildRecord(
            str(data["inputs"]), tuple(dt.datetime.fromisoformat(m) for m in data["window"]), int(data["pages"]),
            tuple(Problem(**p) for p in data["warnings"]),
            tuple(Held(source, reason, when and dt.datetime.fromisoformat(when), customer)
                  for source, reason, when, customer in data["held"]),
            {rel: (kind, tuple(sources)) for rel, (kind, sources) in data["shows"].items()},
            tuple(Post(kind, dt.datetime.fromisoformat(date), customer) for kind, date, customer in data["newest"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def discard(path: Path) -> None:
    path.unlink(missing_ok=True)
