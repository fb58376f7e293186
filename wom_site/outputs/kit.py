"""The customer's share kit: /stories/<slug>/kit/ for every story whose customer approved it
(in every language: /de/stories/<slug>/kit/ for a German story, in German).

A page the business sends the featured customer (noindex; in no list, feed, sitemap or search
index, reachable by its URL) with the story's link, ready-made images (share/kit.py), texts
written from the customer's point of view and the printable card. The ZIP of it all is put
together in the customer's browser from these same files (static/js/kit.js): nothing is
published twice. No tracking anywhere: the link is the canonical URL, as it is.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from wom_site.brand import brand_of, brand_palette
from wom_site.outputs import Inputs, Output
from wom_site.outputs.pages import page_output
from wom_site.pages import LazyJob, PageJob, QrCode, meta_for
from wom_site.share.meta import ImageRef
from wom_site.site import Frame, Page
from wom_site.urls import output_file

if TYPE_CHECKING:  # share.kit (Pillow, fontTools) is imported when a site has kits: most builds never load it
    from wom_site.share.kit import KitDesign

KIT = "kit/"


@dataclass(frozen=True)
class KitImage:
    shape: str  # "square", "story" or "link"
    url: str  # as a path on the site
    file_name: str  # what a download is saved as
    width: int
    height: int


def has_kit(page: Page) -> bool:
    """Kits exist only for published stories whose customer approved publication."""
    customer = page.entry.customer
    return page.kind == "stories" and customer is not None and customer.approved is not None


def kit_path(page: Page) -> str:
    return page.site_path + KIT


def generate(inputs: Inputs) -> Iterator[Output]:
    if not inputs.site.config.share.kits:
        return
    for site, images, speak in inputs.in_every_language():
        yield from _kits(site, images, speak, inputs.site_dir)


def _kits(site, page_images, speak, site_dir: Path) -> Iterator[Output]:
    from wom_site.share.kit import SIZES, draw_kit_image, image_format

    for page in site.collections["stories"]:
        if not has_kit(page):
            continue
        design = kit_design(site, site_dir, page)
        images = []
        for shape in SIZES:
            name = f"{shape}.{image_format(design)}"
            path = kit_path(page) + name
            yield Output(path, "kit-image", draw_kit_image, (design, shape), page.entry.source)
            images.append(KitImage(shape, site.urls.path(path), f"{page.entry.slug}-{name}", *SIZES[shape]))
        link = page_images.by_source.get(page.entry.source) or page_images.default
        if link is not None:
            extension = os.path.splitext(urlsplit(link.url).path)[1] or ".png"
            images.append(KitImage("link", link.url.removeprefix(site.urls.origin), f"{page.entry.slug}-link{extension}",
                                   link.width, link.height))
        yield page_output(speak(_kit_job(site, page, page_images, tuple(images))))


def kit_design(site, site_dir: Path, page: Page) -> KitDesign:
    from wom_site.share.kit import KitDesign

    config = site.config
    customer = page.entry.customer
    quote = customer.quote or (page.quotes[0][1] if page.quotes else "")
    attribution = ", ".join(x for x in (customer.name, customer.company) if x) if quote else ""
    brand = brand_of(config)
    return KitDesign(page.title, quote, attribution, config.title, urlsplit(config.base_url).hostname or "",
                     site.i18n.gettext("Customer story"), brand.color, brand_palette(brand).light.on_fill, brand.accent,
                     _photo(site_dir, page))


def _photo(site_dir: Path, page: Page) -> tuple[str, str] | None:
    """The story's own photo on disk, keyed by its stat (a changed photo remakes the images)."""
    written = page.entry.image
    if not written or "://" in written:
        return None
    candidates = ([f"static/{written.lstrip('/')}", f"content/{written.lstrip('/')}"] if written.startswith("/")
                  else [str(Path(page.entry.source).parent / written)])
    for candidate in candidates:
        path = site_dir / candidate
        try:
            stat = path.stat()
        except OSError:
            continue
        return str(path), f"{stat.st_size}:{stat.st_mtime_ns}"
    return None


@dataclass(frozen=True)
class KitView:
    """All that planning a kit page reads (its key is a digest of it: pages.LazyJob)."""

    frame: Frame
    page: Page
    image: ImageRef | None  # the story's share image
    kit_images: tuple[KitImage, ...]


def _kit_job(site, page: Page, images, kit_images: tuple[KitImage, ...]) -> LazyJob:
    view = KitView(site.frame, page, images.share_image(page), kit_images)
    return LazyJob(output_file(kit_path(page)), "kit.html", True, partial(plan_kit_page, view), page)


def plan_kit_page(view: KitView) -> PageJob:
    from wom_site.share.kit import suggested_texts

    frame, page = view.frame, view.page
    config, path, customer, _ = frame.config, kit_path(page), page.entry.customer, frame.i18n.gettext
    meta = meta_for(frame, _("Share kit: %(title)s") % {"title": page.title}, page.description, path, view.image, noindex=True)
    texts = suggested_texts(page.title, config.business.name or config.title, customer.quote, page.entry.outcome,
                            page.canonical, _)
    return PageJob(output_file(path), "kit.html", meta, {
        "page": page,
        "kit_images": view.kit_images,
        "texts": texts,
        "card_url": frame.urls.path(page.site_path + "card/"),
        "qr_svg": QrCode(page.canonical, _("QR code for %(url)s") % {"url": page.canonical}),
        "zip_name": f"{page.entry.slug}-share-kit.zip",
    })
