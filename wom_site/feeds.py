"""Atom and JSON Feed for the whole site, each collection and each tag."""

from __future__ import annotations

import json
import re
import uuid
import xml.etree.ElementTree as ET

from wom_site.config import COLLECTIONS
from wom_site.site import Frame, Page, Site
from wom_site.xmltext import xml_bytes

ATOM_NS = "http://www.w3.org/2005/Atom"
_ROOT_RELATIVE = re.compile(r'((?:href|src)=")(/[^"]*)"')


def entry_id(page: Page) -> str:
    """Stable across domain changes: derived from the path and the publication date."""
    date = page.date.date().isoformat() if page.date else ""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"wom:{page.site_path}:{date}"))


def absolute_html(site: Frame, fragment: str) -> str:
    """Feed readers do not know the page's address: make root-relative links absolute."""
    return _ROOT_RELATIVE.sub(lambda m: f'{m.group(1)}{site.urls.origin}{m.group(2)}"', fragment)


def feed_sets(site: Site) -> list[tuple[str, str, list[Page]]]:
    """(site path stem, title, pages) for every feed."""
    title = site.config.title
    sets = [(site.local("feeds/all"), title, site.posts)]
    for kind in COLLECTIONS:
        sets.append((site.local(f"feeds/{kind}"), f"{site.collection_title(kind)} · {title}", site.collections[kind]))
    for tag in site.tags.values():
        sets.append((site.local(f"feeds/tags/{tag.slug}"), f"{tag.name} · {title}", tag.pages))
    return sets


def _updated(page: Page) -> str:
    return (page.entry.updated or page.date).isoformat()


def atom(site: Frame, path: str, title: str, pages: list[Page]) -> bytes:
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", site.config.language)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    sub(feed, "title", title)
    if site.config.description:
        sub(feed, "subtitle", site.config.description)
    sub(feed, "id", site.urls.absolute(path))
    sub(feed, "link", rel="self", type="application/atom+xml", href=site.urls.absolute(path))
    sub(feed, "link", rel="alternate", type="text/html", href=site.urls.absolute(site.local("")))
    newest = max((_updated(p) for p in pages), default=None)
    sub(feed, "updated", newest or "1970-01-01T00:00:00+00:00")
    sub(sub(feed, "author"), "name", site.config.author or site.config.title)
    sub(feed, "generator", "wom-site", uri="https://pypi.org/project/wom-site/")
    for page in pages:
        item = sub(feed, "entry")
        sub(item, "title", page.title)
        sub(item, "id", entry_id(page))
        sub(item, "link", rel="alternate", type="text/html", href=page.canonical)
        sub(item, "published", page.date.isoformat())
        sub(item, "updated", _updated(page))
        sub(sub(item, "author"), "name", page.entry.author or site.config.author or site.config.title)
        for tag in page.tags:
            sub(item, "category", term=tag.slug, label=tag.name)
        if page.description:
            sub(item, "summary", page.description)
        sub(item, "content", absolute_html(site, page.html), type="html")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + xml_bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=False)) + b"\n"


def json_feed(site: Frame, path: str, title: str, pages: list[Page]) -> bytes:
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": site.urls.absolute(site.local("")),
        "feed_url": site.urls.absolute(path),
        "description": site.config.description,
        "language": site.config.language,
        "authors": [{"name": site.config.author or site.config.title}],
        "items": [
            {
                "id": entry_id(page),
                "url": page.canonical,
                "title": page.title,
                "content_html": absolute_html(site, page.html),
                "summary": page.description,
                "date_published": page.date.isoformat(),
                "date_modified": _updated(page),
                "tags": [t.name for t in page.tags],
                "authors": [{"name": page.entry.author or site.config.author or site.config.title}],
            }
            for page in pages
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
