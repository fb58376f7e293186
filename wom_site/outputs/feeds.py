"""Atom and JSON feeds: the whole site, each collection, each tag (made by wom_site.feeds)."""

from __future__ import annotations

from collections.abc import Iterator

from wom_site import feeds
from wom_site.outputs import Inputs, Output


def generate(inputs: Inputs) -> Iterator[Output]:
    limit, formats = inputs.site.config.feeds.limit, inputs.site.config.feeds
    for site in inputs.sites:  # every language has its own feeds; made from its frame (config, URLs), not the Site
        for stem, title, pages in feeds.feed_sets(site):
            chosen = pages[:limit] if limit else pages
            if formats.atom:
                yield Output(f"{stem}.xml", "feed", _atom, (site.frame, f"{stem}.xml", title, chosen))
            if formats.json:
                yield Output(f"{stem}.json", "feed", _json, (site.frame, f"{stem}.json", title, chosen))


# Looked up at call time, so a test that wraps feeds.atom sees every feed made.
def _atom(site, path, title, pages) -> bytes:
    return feeds.atom(site, path, title, pages)


def _json(site, path, title, pages) -> bytes:
    return feeds.json_feed(site, path, title, pages)
