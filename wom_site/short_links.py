"""Short links for printed cards: /s/<hex>/ per post, so a long URL still prints as a QR code
a phone reads at arm's length (`share: {short_links: true}`).

An alias is the shortest prefix (3 hex digits or more) of a hash of the post's URL that no
older post took: adding posts never changes an older post's alias. Each old URL a post keeps
(aliases, redirect_from) keeps its own short link too, so cards printed before a post moved
still lead to it.
"""

from __future__ import annotations

import hashlib

from wom_site.urls import alias_path

PREFIX = "s/"
MIN_DIGITS = 3


def assign_short_paths(posts: list, prefix: str = "") -> None:
    """Set each post's `short_paths` (site paths, its current URL's first), oldest post first;
    `prefix`: a language's folder on a multilingual site ("de/"), so its aliases are its own."""
    taken: set[str] = set()
    for page in sorted(posts, key=lambda p: (p.date.timestamp() if p.date else 0, p.site_path)):
        urls = [page.site_path] + [path for path in map(alias_path, page.entry.aliases) if path]
        page.short_paths = tuple(prefix + _claim(url, taken) for url in urls)


def _claim(site_path: str, taken: set[str]) -> str:
    digest = hashlib.sha256(site_path.encode("utf-8")).hexdigest()
    length = MIN_DIGITS
    while digest[:length] in taken:
        length += 1
    taken.add(digest[:length])
    return f"{PREFIX}{digest[:length]}/"
