"""The images pages show: each page's share image, covers, the logo, and the published photos' sizes."""

from __future__ import annotations

from dataclasses import dataclass, field

from wom_site.htmlimages import src_path
from wom_site.imagework import PreparedImages, responsive_html, srcset_for
from wom_site.share.meta import ImageRef
from wom_site.site import Page

EAGER_THUMBS = 2  # list photos above the fold on a phone: loaded at once, the rest lazily


@dataclass(frozen=True)
class PageImages:
    """Images chosen by the build: a page's own image or card, and the site's default."""

    by_source: dict  # entry source -> ImageRef for share tags (own image or card)
    default: ImageRef | None
    logo_url: str  # absolute URL of the logo, or ""
    covers: dict = field(default_factory=dict)  # entry source -> ImageRef of its own image, URL as a path
    by_path: dict = field(default_factory=dict)  # generated page's site path ("" home, "@stories" list) -> card
    prepared: PreparedImages | None = None  # published photos: sizes and WebP srcsets

    def share_image(self, page: Page) -> ImageRef | None:
        return self.by_source.get(page.entry.source, self.default)

    def photos_of(self, page: Page, base_path: str) -> PreparedImages | None:
        """The published sizes of the page's body images and cover, and only those (None
        without any): all a post's page reads of the photos, so all its key covers."""
        if not self.prepared or not self.prepared.sizes:
            return None
        cover = self.covers.get(page.entry.source)
        sizes = {}
        for path in page.image_srcs + ((src_path(cover.url),) if cover else ()):
            found = self.prepared.responsive(path, base_path)
            if found is not None:
                sizes[path[len(base_path):]] = found
        return PreparedImages(sizes=sizes) if sizes else None

    def for_path(self, key: str) -> ImageRef | None:
        return self.by_path.get(key, self.default)

    def thumb(self, page: Page, base_path: str, lazy: bool) -> Thumb | None:
        """The post's photo for a list: its cover, else the customer's portrait; None without
        one, or when its size is unknown (a list's image always has width and height)."""
        cover = self.covers.get(page.entry.source)
        if cover is not None:
            return Thumb(cover.url, cover.width, cover.height, srcset(self.prepared, cover, base_path), cover.alt, lazy)
        if not page.photo_url or "://" in page.photo_url or self.prepared is None:
            return None
        sized = self.prepared.responsive(page.photo_url, base_path)
        if sized is None:
            return None
        customer = page.customer
        srcset_ = srcset_for(self.prepared, page.photo_url, base_path)
        return Thumb(page.photo_url, sized.width, sized.height, srcset_, customer.name or customer.company, lazy)

    def thumbs(self, pages: list[Page], base_path: str, eager: int = EAGER_THUMBS) -> dict[str, Thumb]:
        """Source -> Thumb for a list's posts; the first `eager` load at once (above the fold)."""
        found = {}
        for index, page in enumerate(pages):
            thumb = self.thumb(page, base_path, lazy=index >= eager)
            if thumb is not None:
                found[page.entry.source] = thumb
        return found


def body_html(page: Page, photos: PreparedImages | None, base_path: str) -> str:
    """The body with width, height and a WebP srcset on its images."""
    return responsive_html(page.html, photos, base_path) if photos else page.html


def srcset(photos: PreparedImages | None, ref: ImageRef | None, base_path: str) -> str:
    return srcset_for(photos, ref.url, base_path) if ref and photos else ""


@dataclass(frozen=True)
class Thumb:
    """A post's photo as a list shows it."""

    url: str  # a path URL
    width: int
    height: int
    srcset: str
    alt: str
    lazy: bool


# Known by the package's name: the snapshot (snapshot.py) stores PageImages by module and name.
for _record in (PageImages, Thumb):
    _record.__module__ = "wom_site.pages"
