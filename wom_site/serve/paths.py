"""Which file under the built folder a preview request names, or why none: shared by the
server and the share preview (so neither imports the other)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote


@dataclass(frozen=True)
class Resolved:
    status: int  # 200 (file), 301 (location), 400, 404
    file: Path | None = None
    location: str = ""


def resolve(root: Path, base_path: str, target: str) -> Resolved:
    """Map a request target (path and query, as sent) to a file under `root`, or refuse it."""
    if not target.startswith("/") or target.startswith("//"):
        return Resolved(400)  # absolute URI ("http://host/"), "*", or a scheme-relative path
    raw_path, _, query = target.partition("#")[0].partition("?")
    try:
        path = unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        return Resolved(400)
    if "\x00" in path or "\\" in path:
        return Resolved(400)
    if any(part in (".", "..") for part in path.split("/")):
        return Resolved(400)
    if path == "/" or path == unquote(base_path).rstrip("/"):
        if path != unquote(base_path):
            return Resolved(301, location=base_path)
    base = unquote(base_path)
    if not path.startswith(base):
        return Resolved(404)
    parts = [part for part in path[len(base):].split("/") if part]
    if any(part.startswith(".wom") for part in parts):
        return Resolved(404)  # the output marker and staging folders
    candidate = root.joinpath(*parts)
    try:
        return _found(root, candidate, path, base, parts, query)
    except OSError:  # a name too long for the file system, and the like: no such page
        return Resolved(404)


def _found(root: Path, candidate: Path, path: str, base: str, parts: list[str], query: str) -> Resolved:
    if not _inside(root, candidate):
        return Resolved(404)
    if candidate.is_dir():
        if not path.endswith("/"):
            location = quote(base + "/".join(parts) + "/", safe="/")
            return Resolved(301, location=location + (f"?{query}" if query else ""))
        candidate = candidate / "index.html"
    if candidate.is_file() and _inside(root, candidate):
        return Resolved(200, candidate)
    return Resolved(404)


def _inside(root: Path, candidate: Path) -> bool:
    real_root = os.path.realpath(root)
    real = os.path.realpath(candidate)
    return real == real_root or real.startswith(real_root + os.sep)


def not_found_page(root: Path, base_path: str, target: str) -> Path | None:
    """The 404 page for a missing address: the nearest 404.html up its path (/de/x/ gets
    /de/404.html on a multilingual site), as Cloudflare Pages does and Netlify's rules do."""
    try:
        path = unquote(target.partition("#")[0].partition("?")[0], errors="strict")
    except UnicodeDecodeError:
        path = ""
    base = unquote(base_path)
    parts = [part for part in path[len(base):].split("/") if part] if path.startswith(base) else []
    if any(part in (".", "..") or part.startswith(".wom") or "\\" in part or "\x00" in part for part in parts):
        parts = []
    for depth in range(len(parts), -1, -1):
        candidate = root.joinpath(*parts[:depth], "404.html")
        try:
            if candidate.is_file() and _inside(root, candidate):
                return candidate
        except OSError:  # a name too long for the file system
            continue
    return None
