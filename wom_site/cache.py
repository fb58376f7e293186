"""A persistent cache under .wom-cache/, keyed by content hashes.

Each namespace is split into a few data-only files (cachefile.py: MessagePack, never pickle)
(shards, by a stable hash of the key),
loaded once per build; a build that changes one post rewrites one shard, not the whole
namespace. Keys include everything that affects a result (file digest, options, package
version), so a stale entry is never used; a corrupt or unreadable shard is ignored and
rebuilt, never a crash. A Cache can serve several builds in one process (`wom serve`):
each save keeps only what the builds since the last save used.
"""

from __future__ import annotations

import os
import re
import sys
import zlib
from pathlib import Path
from typing import Callable
from stat import S_ISREG

import wom_site
from wom_site import cachefile

CACHE_DIR = ".wom-cache"
SHARDS = 16
# What a cache file must say to be read: the package version, and the layout of what it holds,
# raised whenever a cached type changes (a checkout between two releases has the same version).
FORMAT = f"{wom_site.__version__}/10"
SUFFIX = ".msgpack"  # cachefile's format (before /9: .json, and before that .pickle)


def _shard(key) -> int:
    return zlib.crc32(repr(key).encode("utf-8", "surrogatepass")) % SHARDS


def read_items(path: Path, damaged: Callable[[Path, str], None] | None = None) -> dict:
    """What a cache file holds; {} when it is missing, damaged or written in another FORMAT.
    The file is data only (cachefile): reading a planted one runs nothing. `damaged` hears of a
    file that is there but cannot be read (not of one from another version: that is expected)."""
    try:
        with open(path, "rb") as f:
            loaded = cachefile.loads(f.read())
        if isinstance(loaded, dict) and loaded.get("version") == FORMAT and isinstance(loaded.get("items"), dict):
            return loaded["items"]
        if isinstance(loaded, dict) and isinstance(loaded.get("version"), str):
            return {}  # another version's
        reason = "it does not hold what a cache file holds"
    except FileNotFoundError:
        return {}
    except OSError as error:
        reason = error.strerror or str(error)
    except cachefile.UnreadableCache as error:
        reason = f"it is damaged ({error})"
    if damaged is not None:
        damaged(path, reason)
    return {}


def write_items(path: Path, items: dict) -> None:
    """Replace a cache file in one step (no file for no items)."""
    if not items:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb", buffering=1 << 20) as f:  # streamed: a snapshot's 30 MB never exist twice in memory
            cachefile.dump({"version": FORMAT, "items": items}, f)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a value the format cannot hold: no half-written file stays
        raise
    os.replace(tmp, path)


def _writable(root: Path | None, warn: Callable[[str], None]) -> Path | None:
    """`root` when the cache can be written there; else None, after one warning (a read-only
    .wom-cache/, or a file in its place, must not fail every build)."""
    if root is None:
        return None
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = root / f".probe.{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        warn(f"{root}: warning: cannot write the cache: {error.strerror or error}; building without it")
        return None
    return root


# What versions before MessagePack wrote (pickle, then JSON): a namespace's shards and the
# snapshot's files. Never read again; a 10,000-post site's are about 80 MB.
_EARLIER = re.compile(r"[\w-]+(\.\d+)?\.pickle|[\w-]+\.\d+\.json|snapshot[\w-]*\.json")


def _forget_earlier_formats(root: Path) -> None:
    for path in root.iterdir():
        if _EARLIER.fullmatch(path.name):
            path.unlink(missing_ok=True)


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr)


def file_key(path: Path) -> tuple | None:
    """What a value computed from a regular file is remembered by: its path, size, mtime and
    ctime (a copy that keeps the mtime still changes the ctime); None when there is no such file."""
    try:
        stat = path.stat()
    except OSError:
        return None
    if not S_ISREG(stat.st_mode):
        return None
    return (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


class Cache:
    """`report` hears, once per Cache, that the cache could not be read or written (the build
    goes on without it: a cache is input, never truth)."""

    def __init__(self, root: Path | None, report: Callable[[str], None] | None = None):
        self._report = report or _to_stderr
        self._warned = False
        self.root = _writable(root, self._warn)  # None: caching off (--no-cache, or it cannot be written)
        self._stores: dict[str, dict] = {}
        self._shard_of: dict[str, dict] = {}  # namespace -> key -> shard it was loaded from
        self._used: dict[str, set] = {}
        self._dirty: dict[str, set[int]] = {}  # namespace -> shards to rewrite

    def _store(self, namespace: str) -> dict:
        if namespace not in self._stores:
            data, shard_of = {}, {}
            if self.root is not None:
                for shard in range(SHARDS):
                    items = read_items(self.root / f"{namespace}.{shard}{SUFFIX}", self.damaged)
                    data.update(items)
                    shard_of.update(dict.fromkeys(items, shard))
            self._stores[namespace], self._shard_of[namespace] = data, shard_of
            self._used[namespace], self._dirty[namespace] = set(), set()
        return self._stores[namespace]

    def get(self, namespace: str, key):
        store = self._store(namespace)
        if key in store:
            self._used[namespace].add(key)
            return store[key]
        return None

    def of_file(self, namespace: str, path: Path, make):
        """make(path), remembered by the file's file_key (so computed again only once the file
        changes); None when there is no such regular file."""
        key = file_key(path)
        if key is None:
            return None
        found = self.get(namespace, key)
        if found is None:
            found = make(path)
            self.put(namespace, key, found)
        return found

    def put(self, namespace: str, key, value) -> None:
        """Store a value; one equal to what is stored already marks nothing to write."""
        store = self._store(namespace)
        self._used[namespace].add(key)
        if key in store and store[key] == value:
            return
        store[key] = value
        shard = self._shard_of[namespace].get(key)
        if shard is None:
            shard = self._shard_of[namespace][key] = _shard(key)
        self._dirty[namespace].add(shard)

    def damaged(self, path: Path, reason: str) -> None:
        self._warn(f"{path}: warning: cannot read this cache file: {reason}; building without it")

    def _warn(self, message: str) -> None:
        if not self._warned:  # one warning: the rest of a damaged cache says the same
            self._warned = True
            self._report(message)

    def save(self, only: str | None = None) -> None:
        """Write changed shards, keeping only what was used since the last save (no unbounded
        growth); a cache that cannot be written is one warning, never a failed build. `only`:
        that namespace alone (a build that used no other must not drop the rest: wom serve keeps
        one Cache for many builds)."""
        if self.root is None:
            return
        try:
            self._save(only)
        except (TypeError, ValueError) as error:  # a value the data-only format cannot hold: a bug, not the user's
            self._warn(f"{self.root}: warning: part of the cache was not saved ({error})")
        except OSError as error:
            self._warn(f"{self.root}: warning: cannot write the cache: {error.strerror or error}; the site was built without saving it")

    def _save(self, only: str | None) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        for namespace, store in self._stores.items():
            if only is not None and namespace != only:
                continue
            used, shard_of, dirty = self._used[namespace], self._shard_of[namespace], self._dirty[namespace]
            if len(used) != len(store):
                for key in [k for k in store if k not in used]:
                    dirty.add(shard_of.pop(key))
                    del store[key]
            if dirty:
                shards: dict[int, dict] = {shard: {} for shard in dirty}
                for key, shard in shard_of.items():
                    if shard in shards:
                        shards[shard][key] = store[key]
                for shard, items in shards.items():
                    write_items(self.root / f"{namespace}.{shard}{SUFFIX}", items)
            self._used[namespace], self._dirty[namespace] = set(), set()
        if only is None:
            _forget_earlier_formats(self.root)
