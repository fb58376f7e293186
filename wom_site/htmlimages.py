"""The images of a body's HTML: each <img> tag, its attributes, and the path its src names.

The Markdown stage records these paths with the body; the image stage rewrites the same tags.
One reading of the HTML for both, so a page's key and its output see the same images.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

IMG = re.compile(r"<img\b[^>]*>")
ATTR = re.compile(r'\s([a-zA-Z-]+)="([^"]*)"')


def src_path(url: str) -> str:
    """An image URL as the path of a file: entities and %-escapes decoded, no query or fragment."""
    return unquote(html.unescape(url).split("?")[0].split("#")[0])


def image_srcs(body: str) -> tuple[str, ...]:
    """The path of each image in an HTML body, in order."""
    if "<img" not in body:
        return ()
    return tuple(src_path(dict(ATTR.findall(m.group(0))).get("src", "")) for m in IMG.finditer(body))
