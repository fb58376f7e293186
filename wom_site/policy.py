"""How each published file should be served: its Content-Type and Cache-Control.

Shared by the S3 target (object metadata), the Netlify/Cloudflare `_headers` file and
the preview server (`wom serve`).
"""

from __future__ import annotations

import mimetypes
import re

FINGERPRINTED = re.compile(r"\.[0-9a-f]{10}\.(css|js)$")  # theme.fingerprint(): name.<10 hex>.ext
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"  # pages, feeds, sitemap: new posts show up within minutes
MEDIUM = "public, max-age=86400"  # images and other files whose names do not change with content

TYPES = {  # not left to the system's mime.types, which differ between machines
    ".html": "text/html", ".htm": "text/html", ".css": "text/css", ".js": "text/javascript",
    ".mjs": "text/javascript", ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain",
    ".md": "text/markdown", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".gif": "image/gif", ".ico": "image/x-icon", ".webp": "image/webp",
    ".avif": "image/avif", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf",
    ".pdf": "application/pdf", ".webmanifest": "application/manifest+json", ".mp4": "video/mp4",
    ".webm": "video/webm", ".mp3": "audio/mpeg",
}
PAGEFIND_DATA = "application/octet-stream"  # Pagefind's index files: gzip'd data its script unpacks
TYPES.update(dict.fromkeys((".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta", ".pagefind"), PAGEFIND_DATA))
TEXT_TYPES = ("application/json", "application/xml", "image/svg+xml", "application/manifest+json",
              "application/atom+xml", "application/feed+json")


def content_type(path: str) -> str:
    """Content-Type of a published file by its site path ("feeds/all.xml"); text gets a charset."""
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    kind = TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    feed = path.startswith("feeds/") or "/feeds/" in path  # a language's feeds: "de/feeds/all.xml"
    if feed and suffix == ".xml":
        kind = "application/atom+xml"
    elif feed and suffix == ".json":
        kind = "application/feed+json"
    if kind.startswith("text/") or kind in TEXT_TYPES:
        kind += "; charset=utf-8"
    return kind


def cache_control(path: str) -> str:
    if FINGERPRINTED.search(path):
        return IMMUTABLE
    if path.endswith((".html", ".htm", ".xml", ".json", ".txt")) or "." not in path.rsplit("/", 1)[-1]:
        return SHORT
    return MEDIUM
