"""How each published file should be served: its Content-Type and Cache-Control.

Shared by the S3 target (object metadata) and the Netlify/Cloudflare `_headers` file.
"""

from __future__ import annotations

import mimetypes
import re

FINGERPRINTED = re.compile(r"\.[0-9a-f]{10}\.(css|js)$")  # theme.fingerprint(): name.<10 hex>.ext
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"  # pages, feeds, sitemap: new posts show up within minutes
MEDIUM = "public, max-age=86400"  # images and other files whose names do not change with content

TYPES = {
    ".html": "text/html", ".htm": "text/html", ".css": "text/css", ".js": "text/javascript",
    ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain", ".svg": "image/svg+xml",
    ".ico": "image/x-icon", ".webp": "image/webp", ".avif": "image/avif", ".woff2": "font/woff2",
    ".woff": "font/woff", ".webmanifest": "application/manifest+json", ".md": "text/markdown",
}
TEXT_TYPES = ("application/json", "application/xml", "image/svg+xml", "application/manifest+json",
              "application/atom+xml", "application/feed+json")


def content_type(path: str) -> str:
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    kind = TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    if path.startswith("feeds/") and suffix == ".xml":
        kind = "application/atom+xml"
    elif path.startswith("feeds/") and suffix == ".json":
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
