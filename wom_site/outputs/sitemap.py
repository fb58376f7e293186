"""sitemap.xml (every page worth indexing) and robots.txt (a default a site's static/ may replace)."""

from __future__ import annotations

from collections.abc import Iterator

from wom_site import sitemap
from wom_site.outputs import Inputs, Output

# Generated pages a search engine should list (posts and plain pages are listed by the site).
LISTED_TEMPLATES = ("home.html", "list.html", "tag.html", "tags.html", "archive.html", "customers.html")


def generate(inputs: Inputs) -> Iterator[Output]:
    listed = [job.output.removesuffix("index.html") for job in inputs.jobs
              if not job.noindex and job.template in LISTED_TEMPLATES]
    entries = sitemap.sitemap_entries(inputs.site, listed, inputs.translations, _alternates(inputs.jobs))
    yield Output("sitemap.xml", "sitemap", _sitemap, (entries,))
    yield Output("robots.txt", "robots", robots, (inputs.site.urls.absolute("sitemap.xml"),), default=True)


def _alternates(jobs) -> dict[str, tuple[tuple[str, str], ...]]:
    """Generated pages' translations (languages.generated_alternates): URL -> (hreflang, URL)s."""
    found = {}
    for job in jobs:
        alternates = getattr(job, "context", {}).get("alternates")
        if alternates:
            found.update(sitemap.alternate_links(alternates))
    return found


def _sitemap(entries: list[tuple]) -> bytes:
    return sitemap.render_sitemap(entries)  # looked up at call time: tests count the sitemaps made


def robots(sitemap_url: str) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode()
