"""Front-matter keys that Jekyll, Hugo and Pelican posts carry, in one place.

A post copied from another generator keeps its front matter: the keys that mean something
here are read (content.py maps them, listed in MAPPED); the others are known to belong to
their generator, so a "did you mean" check for typos must leave every key in KNOWN alone.
Pelican's keys are read case-insensitively (its header is `Title: ...`), so they are listed
in lower case; Hugo's are case-insensitive too, and listed as its documentation spells them.
"""

from __future__ import annotations

# key -> what wom does with it (a sentence for docs and reports)
MAPPED: dict[str, str] = {
    "published": "false keeps the post out of the build, like draft: true (Jekyll)",
    "status": "draft or hidden keeps the post out of the build (Pelican)",
    "publishDate": "the post appears from this date on (Hugo)",
    "publishdate": "the post appears from this date on (Hugo)",
    "expiryDate": "the post disappears on this date (Hugo)",
    "expirydate": "the post disappears on this date (Hugo)",
    "lastmod": "the date the post was last changed (Hugo)",
    "modified": "the date the post was last changed (Pelican)",
    "last_modified_at": "the date the post was last changed (jekyll-last-modified-at)",
    "excerpt": "the summary (Jekyll)",
    "categories": "kept as tags (Jekyll, Hugo)",
    "category": "kept as a tag (Pelican)",
    "authors": "the author, joined with commas (Hugo, Pelican)",
    "permalink": "the post's own URL; Jekyll's :placeholders are filled (Jekyll)",
    "url": "the post's own URL (Hugo, Pelican)",
    "save_as": "the post's own file, such as about.html (Pelican)",
    "aliases": "old URLs that redirect to the post (Hugo)",
    "redirect_from": "old URLs that redirect to the post (jekyll-redirect-from)",
    "images": "the first is the share image (Hugo)",
    "featured_image": "the share image (Hugo themes)",
    "og_image": "the share image (Pelican themes)",
    "layout": "the template, when the theme has one of that name",
}

# Keys read by their generator (or its popular themes and plugins) that have no meaning here:
# left in the post's `extra`, never reported as typos.
IGNORED: dict[str, tuple[str, ...]] = {
    "jekyll": ("comments", "sitemap", "toc", "toc_label", "toc_icon", "toc_sticky", "classes", "header",
               "sidebar", "author_profile", "read_time", "share", "related", "excerpt_separator",
               "last_modified_at", "redirect_to", "hidden", "pin", "math", "mermaid", "render_with_liquid",
               "lang", "teaser", "feature_image", "search", "subtitle", "hero", "show_date", "output"),
    "hugo": ("linkTitle", "weight", "type", "series", "keywords", "markup", "outputs", "resources", "menu",
             "headless", "isCJKLanguage", "translationKey", "params", "sitemap", "build", "cascade",
             "showToc", "TocOpen", "hidemeta", "comments", "disableShare", "ShowReadingTime", "cover",
             "math", "mermaid", "toc", "subtitle", "lang", "externalLink", "featured", "thumbnail",
             "bigimg", "share", "readingTime", "cSpell:ignore", "menus", "private", "contentBasename"),
    "pelican": ("lang", "translation", "template", "keywords", "subtitle", "modified", "authors", "summary",
                "slug", "status", "save_as", "url", "og_image", "pagetitle", "version", "comments"),
}

KNOWN: frozenset[str] = frozenset(MAPPED) | frozenset(k for keys in IGNORED.values() for k in keys)


def is_known_foreign_key(key: str) -> bool:
    """True for a key another generator defines (Hugo's and Pelican's are case-insensitive)."""
    return key in KNOWN or key.lower() in _LOWER


_LOWER = frozenset(k.lower() for k in KNOWN)
