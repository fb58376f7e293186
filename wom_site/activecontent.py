"""Files in content/ that a browser would run: .html and .svg, sanitized before they are published.

Customers' stories arrive with attachments; an .html page or an .svg drawing beside a post is
served from the site's own origin, so a script in it could act as the site. HTML is cleaned
with the Markdown bodies' nh3 rules; SVG, which nh3 does not know, keeps its drawing and loses
what runs: script and foreign elements, event handlers, javascript:/data: links, animations
that set a link, style that fetches. What was removed is told to the author, naming the file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from wom_site.diagnostics import Problem, warning
from wom_site.markdown import sanitize
from wom_site.xmltext import xml_bytes

ACTIVE_SUFFIXES = (".html", ".htm", ".svg")
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
_DROPPED = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener", "audio", "video"}
_ANIMATIONS = {"set", "animate", "animateMotion", "animateTransform"}
_SAFE_LINK = re.compile(r"(?:#|https?://|mailto:|[^:/?#]*(?:[/?#]|$))", re.I)  # fragments, web links, relative paths
_FETCHING_STYLE = re.compile(r"url\s*\(|@import|expression\s*\(|javascript:", re.I)

ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)


def sanitized(assets, site_dir: Path, problems: list[Problem]) -> dict[str, bytes]:
    """The .html and .svg files beside posts (content.Asset), made safe to publish: site path -> bytes;
    what was removed, or why a file is left out, is added to `problems`."""
    clean = {}
    for asset in assets:
        if is_active(asset.path):
            data, found = sanitize_file(asset.path, site_dir / asset.path)
            problems += found
            if data is not None:
                clean[asset.site_path] = data
    return clean


def is_active(path: str) -> bool:
    return path.lower().endswith(ACTIVE_SUFFIXES)


def sanitize_file(rel: str, path: Path) -> tuple[bytes | None, list[Problem]]:
    """The publishable bytes of an .html or .svg file (None: not published) and what the author is told."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(rel, None, f"cannot be read: {error.strerror or error}")]
    if rel.lower().endswith(".svg"):
        clean, removed = sanitize_svg(data)
        if clean is None:
            return None, [warning(rel, None, f"not published: {removed[0]}")]
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None, [warning(rel, None, "not published: an HTML file must be UTF-8")]
        cleaned, removed = sanitize(text)
        clean = cleaned.encode()
    problems = [warning(rel, None, f"removed unsafe content: {', '.join(removed)}")] if removed else []
    return clean, problems


def sanitize_svg(data: bytes) -> tuple[bytes | None, list[str]]:
    """SVG without what runs or fetches; (None, [why]) when it is not an SVG to publish."""
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data.upper():
        return None, ["an SVG with a DOCTYPE or entities (they can expand without bound)"]
    try:
        root = ET.fromstring(xml_bytes(data))
    except ET.ParseError as error:
        return None, [f"not an SVG wom can read ({error})"]
    if _local(root.tag) != "svg":
        return None, [f"its root element is <{_local(root.tag)}>, not <svg>"]
    removed: set[str] = set()
    _clean(root, removed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n", sorted(removed)


def _clean(element: ET.Element, removed: set[str]) -> None:
    for child in list(element):
        name = _local(child.tag) if isinstance(child.tag, str) else ""
        if not name or name in _DROPPED or (name in _ANIMATIONS and "href" in child.get("attributeName", "").lower()) \
                or (name == "style" and _FETCHING_STYLE.search(child.text or "")):
            element.remove(child)
            removed.add(f"<{name or 'processing instruction'}> element")
            continue
        _clean(child, removed)
    for attribute, value in list(element.attrib.items()):
        name = _local(attribute).lower()
        if name.startswith("on") or (name == "href" and not _SAFE_LINK.match(value.strip())) \
                or (name == "style" and _FETCHING_STYLE.search(value)):
            del element.attrib[attribute]
            removed.add(f"{name}= attribute")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
