"""A persistent cache under .wom-cache/, keyed by content hashes.

Each namespace is one pickle file loaded once per build. Keys include everything
that affects a result (file digest, options, package version), so a stale entry is
never used; a corrupt or unreadable file is ignored and rebuilt, never a crash.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import wom_site

CACHE_DIR = ".wom-cache"


class Cache:
    def __init__(self, root: Path | None):
        self.root = root  # None: caching off (--no-cache)
        self._stores: dict[str, dict] = {}
        self._used: dict[str, set] = {}
        self._dirty: set[str] = set()

    def _store(self, namespace: str) -> dict:
        if namespace not in self._stores:
            data = {}
            if self.root is not None:
                try:
                    with open(self.root / f"{namespace}.pickle", "rb") as f:
                        loaded = pickle.load(f)
                    if isinstance(loaded, dict) and loaded.get("version") == wom_site.__version__:
                        data = loaded["items"]
                except Exception:  # noqa: BLE001 - any damage means: start afresh
                    data = {}
            self._stores[namespace] = data
            self._used[namespace] = set()
        return self._stores[namespace]

    def get(self, namespace: str, key):
        store = self._store(namespace)
        if key in store:
            self._used[namespace].add(key)
            return store[key]
        return None

    def put(self, namespace: str, key, value) -> None:
        self._store(namespace)[key] = value
        self._used[namespace].add(key)
        self._dirty.add(namespace)

    def save(self) -> None:
        """Write changed namespaces, keeping only what this build used (no unbounded growth)."""
        if self.root is None:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        for namespace, store in self._stores.items():
            used = self._used[namespace]
            if namespace not in self._dirty and len(used) == len(store):
                continue
            items = {k: v for k, v in store.items() if k in used}
            tmp = self.root / f"{namespace}.pickle.{os.getpid()}.tmp"
            with open(tmp, "wb") as f:
                pickle.dump({"version": wom_site.__version__, "items": items}, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.root / f"{namespace}.pickle")
