"""The assembled site as data: Page (a published entry, ready for templates), Tag and Site.

site.assemble() makes them; pages, feeds, the sitemap and the caches read them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, field

from wom_site.config import COLLECTIONS, SiteConfig
from wom_site.content import Entry
from wom_site.i18n import Translator, translator
from wom_site.markdown import unpack_html
from wom_site.urls import Urls

# What only a post's own page shows of its body; the rest of a Page (its face: title, summary,
# description, reading time...) is what lists, neighbours, cards and the sitemap show of it.
BODY_FIELDS = ("packed_html", "word_count", "quotes", "image_srcs", "has_code")
LINKS = ("related", "previous", "next")  # a Page's fields that hold other pages


@dataclass(frozen=True)
class TagRef:
    name: str
    slug: str
    url: str


@dataclass
class Page:
    """A published entry with everything templates need, computed here, not in Jinja."""

    entry: Entry
    site_path: str
    url: str
    canonical: str
    packed_html: bytes  # the body, markdown.pack_html'ed; .html unpacks it
    summary_html: str
    description: str
    word_count: int
    reading_minutes: int
    quotes: tuple[tuple[str, str], ...]
    photo_url: str = ""  # the customer's photo, for stories
    image_srcs: tuple[str, ...] = ()  # the body's images, in order
    has_code: bool = False  # highlighted code: only such pages link the highlight stylesheet (10 KB)
    short_paths: tuple[str, ...] = ()  # share.short_links: its /s/<hex>/ site paths, the current URL's first
    tags: list[TagRef] = field(default_factory=list)
    related: list["Page"] = field(default_factory=list)
    previous: "Page | None" = None
    next: "Page | None" = None
    translations: tuple = ()  # languages.Alternate of every language it is in (itself too), or ()

    @property
    def html(self) -> str:
        return unpack_html(self.packed_html)

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def kind(self) -> str:
        return self.entry.kind

    @property
    def date(self) -> dt.datetime | None:
        return self.entry.date

    @property
    def updated(self) -> dt.datetime | None:
        return self.entry.updated or self.entry.date

    @property
    def customer(self):
        return self.entry.customer


def face(page: Page) -> tuple:
    """What pages other than the post's own can show of it: everything but its body (and the
    links to other posts, which assemble() derives from the faces)."""
    entry = dataclasses.replace(page.entry, digest="", body=None, body_line=0)
    left_out = (*BODY_FIELDS, *LINKS, "entry", "tags")  # tags: from the entry's
    return (entry,) + tuple(value for name, value in vars(page).items() if name not in left_out)


@dataclass
class Tag:
    name: str
    slug: str
    site_path: str
    url: str
    pages: list[Page]

    @property
    def summary(self) -> "TagSummary":
        return TagSummary(self.name, self.slug, self.url, self.site_path, len(self.pages))


@dataclass(frozen=True)
class TagSummary:
    """What tag pages and the tags index show of a tag: not its posts, so an edited post
    re-renders only the tag pages that list it (a page's key covers its whole context)."""

    name: str
    slug: str
    url: str
    site_path: str
    count: int


@dataclass(frozen=True)
class Frame:
    """What a page's planning reads of its site besides its posts: the config (the language
    and its wording with it), the URL rules and the language's folder. Plain and frozen, so a
    page's key (keys.Fingerprints) covers it whole."""

    config: SiteConfig
    urls: Urls
    prefix: str = ""  # where this language's pages live: "" (the default language) or "de/"

    @property
    def i18n(self) -> Translator:
        """The language the theme and the build speak on this site's pages."""
        return translator(self.config.language, self.config.strings)

    def local(self, site_path: str) -> str:
        """A generated page's site path in this site's language ("archive/" -> "de/archive/")."""
        return self.prefix + site_path

    def collection_title(self, kind: str) -> str:
        """site.yaml's title for a collection, or the theme's in the site's language."""
        return self.config.collection(kind).title or (
            self.i18n.gettext("Customer stories") if kind == "stories" else self.i18n.gettext("Tips"))

    def list_path(self, kind: str) -> str:
        """A collection's list lives at the first path segment of its permalink."""
        first = self.config.collection(kind).permalink.strip("/").split("/")[0]
        return self.local(f"{first}/" if "{" not in first else f"{kind}/")


@dataclass
class Site:
    config: SiteConfig
    urls: Urls
    now: dt.datetime
    collections: dict[str, list[Page]]  # kind -> pages, newest first
    pages: list[Page]  # plain pages (about, contact...)
    tags: dict[str, Tag]  # slug -> tag, sorted by name
    awaiting_approval: list[Entry]
    _posts: list[Page] | None = field(default=None, repr=False, compare=False)
    prefix: str = ""  # where this language's pages live: "" (the default language) or "de/"

    @property
    def posts(self) -> list[Page]:
        if self._posts is None:  # sorted once: a Site is not changed after assemble()
            merged = [p for kind in COLLECTIONS for p in self.collections.get(kind, [])]
            self._posts = sorted(merged, key=_newest_first)
        return list(self._posts)

    @property
    def everything(self) -> list[Page]:
        return self.posts + self.pages

    @functools.cached_property
    def frame(self) -> Frame:
        """The site without its posts, as pages are planned from it (one object a build)."""
        return Frame(self.config, self.urls, self.prefix)

    @property
    def i18n(self) -> Translator:
        return self.frame.i18n

    def local(self, site_path: str) -> str:
        return self.frame.local(site_path)

    def collection_title(self, kind: str) -> str:
        return self.frame.collection_title(kind)


def _newest_first(page: Page):
    return (-(page.date.timestamp() if page.date else 0), page.entry.slug)


# They are known by the module that exports them: templates' errors name them ("'wom_site.site.Page
# object' has no attribute ..."), and the cache and the snapshot store them by module and name.
for _record in (TagRef, Page, Tag, TagSummary, Frame, Site):
    _record.__module__ = "wom_site.site"
