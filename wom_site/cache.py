"""A persistent cache under .wom-cache/, keyed by content hashes.

Each namespace is split into a few data-only files (cachefile.py: JSON, never pickle) (shards, by a stable hash of the key),
loaded once per build; a build that changes one post rewrites one shard, not the whole
namespace. Keys include everything that affects a result (file digest, options, package
version), so a stale entry is never used; a corrupt or unreadable shard is ignored and
rebuilt, never a crash. A Cache can serve several builds in one process (`wom serve`):
each save keeps only what the builds since the last save used.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from stat import S_ISREG

import wom_site
from wom_site import cachefile

CACHE_DIR = ".wom-cache"
SHARDS = 16
# What a cache file must say to be read: the package version, and the layout of what it holds,
# raised whenever a cached type changes (a checkout between two releases has the same version).
FORMAT = f"{wom_site.__version__}/6"


def _shard(key) -> int:
    return zlib.crc32(repr(key).encode("utf-8", "surrogatepass")) % SHARDS


def read_items(path: Path) -> dict:
    """What a cache file holds; {} when it is missing, damaged or written in another FORMAT.
    The file is data only (cachefile): reading a planted one runs nothing."""
    try:
        with open(path, "rb") as f:
            loaded = cachefile.loads(f.read())
        if isinstance(loaded, dict) and loaded.get("version") == FORMAT and isinstance(loaded.get("items"), dict):
            return loaded["items"]
    except FileNotFoundError:
        return {}
    except (OSError, cachefile.UnreadableCache):  # any damage means: start afresh
        pass
    return {}


def write_items(path: Path, items: dict) -> None:
    """Replace a cache file in one step (no file for no items)."""
    if not items:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(cachefile.dumps({"version": FORMAT, "items": items}))
    os.replace(tmp, path)


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
    def __init__(self, root: Path | None):
        self.root = root  # None: caching off (--no-cache)
        self._stores: dict[str, dict] = {}
        self._shard_of: dict[str, dict] = {}  # namespace -> key -> shard it was loaded from
        self._used: dict[str, set] = {}
        self._dirty: dict[str, set[int]] = {}  # namespace -> shards to rewrite

    def _store(self, namespace: str) -> dict:
        if namespace not in self._stores:
            data, shard_of = {}, {}
            if self.root is not None:
                for shard in range(SHARDS):
                    items = read_items(self.root / f"{namespace}.{shard}.json")
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

    def save(self) -> None:
        """Write changed shards, keeping only what was used since the last save (no unbounded growth)."""
        if self.root is None:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        for namespace, store in self._stores.items():
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
                    write_items(self.root / f"{namespace}.{shard}.json", items)
                for old in (f"{namespace}.pickle", *(f"{namespace}.{n}.pickle" for n in range(SHARDS))):
                    (self.root / old).unlink(missing_ok=True)  # what versions before JSON wrote
            self._used[namespace], self._dirty[namespace] = set(), set()
