"""What output/ holds as the last build left it: the manifest of the files it wrote (with
their content keys, sizes and mtimes), and the names of what a build leaves in and beside it.

A build keeps a file only when the manifest says output/ still holds it as written; a
damaged manifest is one warning and a full build.
"""

from __future__ import annotations

import glob
import json
import os
import sys
from pathlib import Path

from wom_site.content import digest_bytes as _digest

MARKER = ".wom-output"  # marks a folder as one wom wrote, so it may be replaced
STAGING = ".wom-staging-"
OLD = ".wom-old-"
PATCH = ".wom-patch-"
SPOOL = ".wom-spool-"
JOURNAL = ".wom-journal"
OWNED = (MARKER, ".wom-deploy")  # a folder holding one of these was written by wom build / wom deploy


def output_tag(default_output: Path, output_dir: Path) -> str:
    """"" for the site's own output folder, "-<hash>" for another (--output, the preview's):
    what each folder's manifest and page keys are named by, so builds into one never make
    the other's look out of date."""
    if output_dir.resolve() == default_output.resolve():
        return ""
    return f"-{_digest(os.fsencode(output_dir.resolve()))[:12]}"


def manifest_path(cache_dir: Path, tag: str) -> Path:
    """One manifest per output folder (`tag`: output_tag): building elsewhere (--output, preview)
    must not describe output/."""
    return cache_dir / f"manifest{tag}.json"


class Manifest:
    """What the last build wrote: path -> [content key, size, mtime_ns] of the output file."""

    def __init__(self, path: Path | None, output_dir: Path):
        self.path = path  # None: remember nothing (--no-cache)
        self.output_dir = output_dir
        self._stats: dict[str, tuple[int, int] | None] = {}  # rel -> (size, mtime_ns), until the write
        if path is None:
            self.entries = {}
            return
        self.entries = _read_manifest(path)

    def intact(self, rel: str, key: str) -> bool:
        """output/rel is still the file the last build wrote with this content key."""
        record = self.entries.get(rel)
        return bool(record) and record[0] == key and self._stat(rel) == (record[1], record[2])

    def _stat(self, rel: str) -> tuple[int, int] | None:
        """(size, mtime_ns) of output/rel, taken once until the next save (a build asks twice:
        whether output/ is intact, then what to write)."""
        found = self._stats.get(rel, False)
        if found is False:
            try:
                stat = os.stat(f"{self.output_dir}/{rel}")
                found = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                found = None
            self._stats[rel] = found
        return found

    def settled(self) -> bool:
        """output/ is what a build finished: its marker is there, and nothing was left mid-build."""
        if not self.entries or not (self.output_dir / MARKER).exists():
            return False
        parent, name = self.output_dir.parent, self.output_dir.name
        name = glob.escape(name)  # an output folder named "out[1]" is no pattern
        return not any(any(parent.glob(f".{name}{leftover}*")) for leftover in (OLD, STAGING, PATCH))

    def all_intact(self) -> bool:
        """Every file the last build wrote is still there as it was, and nothing was left mid-build."""
        if not self.settled():
            return False
        try:
            return all(self._stat(rel) == (size, mtime) for rel, (_, size, mtime) in self.entries.items())
        except (TypeError, ValueError):  # a damaged manifest
            return False

    def save(self, keys: dict[str, str], same: set[str] = frozenset()) -> None:
        """Record the files just written; those in `same` were kept as this manifest records them."""
        self._stats = {}
        if self.path is None:
            return
        entries = {}
        for rel, key in keys.items():
            if rel in same:
                entries[rel] = self.entries[rel]
                continue
            stat = os.stat(os.path.join(self.output_dir, rel))
            entries[rel] = [key, stat.st_size, stat.st_mtime_ns]
        self.entries = entries
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(entries, separators=(",", ":")))
            os.replace(tmp, self.path)
        except OSError as error:  # the next build is a full one: an old manifest must not describe this output/
            print(f"{self.path}: warning: cannot write the build manifest: {error.strerror or error}", file=sys.stderr)
            try:
                self.path.unlink(missing_ok=True)
            except OSError:
                pass


def _read_manifest(path: Path) -> dict:
    """The manifest's records; {} (a full build, after one warning) when the file is damaged."""
    try:
        entries = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        return _damaged(path, getattr(error, "strerror", None) or "it is not JSON")
    if not isinstance(entries, dict) or not all(
            isinstance(r, list) and len(r) == 3 and isinstance(r[0], str) and type(r[1]) is int and type(r[2]) is int
            for r in entries.values()):
        return _damaged(path, "it does not hold what a manifest holds")
    return entries


def _damaged(path: Path, reason: str) -> dict:
    print(f"{path}: warning: cannot read the build manifest: {reason}; building in full", file=sys.stderr)
    return {}
