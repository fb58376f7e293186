"""sitemap.xml with absolute URLs and lastmod from front matter."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from wom_site.site import Site
from wom_site.xmltext import xml_bytes

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def sitemap_entries(site: Site, listed_paths: list[str], translations: tuple = (),
                    generated: dict | None = None) -> list[tuple]:
    """(absolute URL, lastmod, alternates) for every page worth indexing, in every language;
    alternates: (hreflang, URL) of each translation, x-default the default language's."""
    newest = site.posts[0].updated.date().isoformat() if site.posts else ""
    alternates = dict(generated or {})
    entries = []
    for each in (site, *translations):
        for page in each.everything:
            alternates.update(alternate_links(page.translations))
            entries.append((page.canonical, page.updated.date().isoformat() if page.updated else ""))
    entries += [(site.urls.absolute(path), newest) for path in listed_paths]
    return sorted((loc, lastmod, alternates.get(loc, ())) for loc, lastmod in set(entries))


def alternate_links(versions) -> dict[str, tuple[tuple[str, str], ...]]:
    """URL of each version -> the (hreflang, URL) links every version lists (languages.Alternate)."""
    if len(versions) < 2:
        return {}
    links = tuple((v.language, v.url) for v in versions) + tuple(("x-default", v.url) for v in versions if v.default)
    return {v.url: links for v in versions}


def render_sitemap(entries: list[tuple]) -> bytes:
    ET.register_namespace("", NS)
    ET.register_namespace("xhtml", XHTML)
    root = ET.Element(f"{{{NS}}}urlset")
    for loc, lastmod, *rest in entries:
        url = ET.SubElement(root, f"{{{NS}}}url")
        ET.SubElement(url, f"{{{NS}}}loc").text = loc
        if lastmod:
            ET.SubElement(url, f"{{{NS}}}lastmod").text = lastmod
        for hreflang, href in (rest[0] if rest else ()):
            ET.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang=hreflang, href=href)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + xml_bytes(ET.tostring(root, encoding="utf-8")) + b"\n"
