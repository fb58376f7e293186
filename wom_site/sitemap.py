"""sitemap.xml with absolute URLs and lastmod from front matter, and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from wom_site.site import Site

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_entries(site: Site, listed_paths: list[str]) -> list[tuple[str, str]]:
    """(absolute URL, lastmod) for every page worth indexing."""
    newest = site.posts[0].updated.date().isoformat() if site.posts else ""
    entries = [(site.urls.absolute(p.site_path), (p.updated.date().isoformat() if p.updated else "")) for p in site.everything]
    entries += [(site.urls.absolute(path), newest) for path in listed_paths]
    return sorted(set(entries))


def render_sitemap(entries: list[tuple[str, str]]) -> bytes:
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}urlset")
    for loc, lastmod in entries:
        url = ET.SubElement(root, f"{{{NS}}}url")
        ET.SubElement(url, f"{{{NS}}}loc").text = loc
        if lastmod:
            ET.SubElement(url, f"{{{NS}}}lastmod").text = lastmod
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def render_robots(site: Site) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.urls.absolute('sitemap.xml')}\n".encode()
