"""Each page's share image: its own `image`, a social card (planned here, drawn by the loop),
or the site's default; and every published photo cleaned (upright, without EXIF/GPS, WebP sizes)."""

from __future__ import annotations

import dataclasses
import posixpath
from pathlib import Path
from typing import Callable

from wom_site.brand import brand_of
from wom_site.cache import Cache
from wom_site.config import SiteConfig
from wom_site.diagnostics import Problem, warning
from wom_site.images import image_info, share_image_warnings
from wom_site.imagework import ImageStore, PreparedImages, content_digest, prepare_images
from wom_site.pages import PageImages
from wom_site.safety import resolved_outside
from wom_site.share.meta import ImageRef
from wom_site.site import Site
from wom_site.urls import Urls


def share_images(site: Site, site_dir: Path, assets, site_static: dict[str, Path], cache: Cache,
                 problems: list[Problem]) -> tuple[PageImages, PreparedImages, dict]:
    """(each page's share image, the cleaned photos, the cards to draw: site path ->
    social_images.PlannedCard). Cards are not drawn here: the loop draws those output/ lacks
    (outputs/files.py), showing their progress there; the writer forgets the cards no page shows
    (publish.keep_memos)."""
    prepared = _prepare_images(site_dir, assets, site_static, site.config, cache, problems)
    images = _page_images(site, site_dir, prepared, problems, cache)
    if not site.config.share.cards:
        return images, prepared, {}
    images, cards = _with_cards(site, site_dir, images, published_files(site_dir, assets, site_static), cache, problems)
    return images, prepared, cards


def published_files(site_dir: Path, assets, site_static: dict[str, Path]) -> dict[str, Path]:
    """Site path -> source file of every file the site publishes as is (customers' photos, for cards)."""
    return {a.site_path: site_dir / a.path for a in assets} | site_static


def _prepare_images(site_dir: Path, assets, site_static: dict[str, Path], config: SiteConfig, cache: Cache, problems: list[Problem]) -> PreparedImages:
    """Every published photo cleaned; post images (under content/) also in WebP sizes."""
    images = {asset.site_path: site_dir / asset.path for asset in assets}
    post_images = set(images)
    images.update(site_static)
    store = ImageStore(cache.root / "images" if cache.root is not None else None)
    prepared = prepare_images(images, post_images, config.images, cache, store)
    store.prune()
    problems += [warning(images[path].relative_to(site_dir).as_posix(), None, message) for path, message in prepared.problems]
    return prepared


def _page_images(site: Site, site_dir: Path, prepared: PreparedImages, problems: list[Problem], cache: Cache) -> PageImages:
    """Each page's share image: its own `image`, else the site's default image."""
    config, urls = site.config, site.urls
    info_of = _cached_image_info(cache)
    by_source, covers = {}, {}
    for page in site.everything:
        if page.entry.image and not page.entry.image_alt:  # the title stands in, and hides that it is missing
            problems.append(warning(page.entry.source, None, f"image {page.entry.image} has no alt text: add image_alt "
                                    "(screen readers and share previews otherwise get the title)"))
        if page.entry.image:
            ref = _image_ref(site_dir, urls, page.entry.image, page.entry.source, page.entry.image_alt or page.title, problems, prepared, info_of)
            if ref:
                by_source[page.entry.source] = ref
                covers[page.entry.source] = dataclasses.replace(ref, url=ref.url.removeprefix(urls.origin))
    default = None
    if config.share.image:
        default = _image_ref(site_dir, urls, config.share.image, "site.yaml", config.title, problems, prepared, info_of)
    logo = brand_of(config).logo
    logo_url = urls.absolute(logo.lstrip("/")) if logo else ""
    return PageImages(by_source, default, logo_url, covers, prepared=prepared)


def _cached_image_info(cache: Cache) -> Callable:
    """image_info by the file's stat (cache.file_key), from the cache when the file is unchanged
    (reading every cover's header with Pillow costs ~0.4 s a build at 10,000 posts).
    False: no such file."""
    def info_of(path: Path):
        found = cache.of_file("image-info", path, lambda p: image_info(p) or "unreadable")
        if found is None:
            return False
        return None if found == "unreadable" else found
    return info_of


def _image_ref(site_dir: Path, urls: Urls, written: str, source: str, alt: str, problems: list[Problem],
               prepared: PreparedImages, info_of: Callable) -> ImageRef | None:
    if "://" in written:
        return ImageRef(written, 1200, 630, "image/jpeg", alt)
    if written.startswith("/") or source == "site.yaml":
        candidates = [f"static/{written.lstrip('/')}", f"content/{written.lstrip('/')}"]
    else:
        candidates = [str(Path(source).parent / written)]
    for candidate in candidates:
        root = candidate.split("/", 1)[0]
        normal = posixpath.normpath(candidate)
        if not normal.startswith(root + "/") or resolved_outside(site_dir / normal, site_dir / root):
            problems.append(Problem(source, None, f"image {written} is outside {root}/; an image must be a file in the "
                                                  "site's content/ or static/ folder"))
            return None
        info = info_of(site_dir / normal)
        if info is not False:
            if info is None:
                problems.append(warning(source, None, f"image {written} is not an image this build can read"))
                return None
            for message in share_image_warnings(info):
                problems.append(warning(source, None, f"image {written}: {message}"))
            site_path = normal.split("/", 1)[1]
            published = prepared.sizes.get(site_path)
            if published:  # upright and downscaled: the size as published
                info = dataclasses.replace(info, width=published.width, height=published.height)
            return ImageRef(urls.absolute(site_path), info.width, info.height, info.mime, alt)
    problems.append(warning(source, None, f"image not found: {written}"))
    return None


def _with_cards(site: Site, site_dir: Path, images: PageImages, published: dict[str, Path], cache: Cache,
                problems: list[Problem]):
    """A social card for every page without its own image: the pages' share images, and the
    cards to draw (site path -> social_images.PlannedCard; drawn by the loop, not here).
    `published`: the site's files by site path, for customers' photos."""
    from wom_site.share.social_images import card_files, plan_cards, post_photos, read_logo

    photos = post_photos(site, published, images.prepared or PreparedImages(), lambda path: content_digest(path, cache))
    jobs = plan_cards(site, read_logo(site_dir, brand_of(site.config).logo), set(images.by_source), photos)
    refs, files, more = card_files(site, jobs, _cached_missing(cache))
    problems += more
    by_source = dict(images.by_source)
    by_source.update({owner: ref for owner, ref in refs.items() if owner.startswith("content/")})
    by_path = {owner: ref for owner, ref in refs.items() if not owner.startswith("content/")}
    return dataclasses.replace(images, by_source=by_source, by_path=by_path), files


def _cached_missing(cache: Cache) -> Callable:
    """The characters of a card no font draws, kept by the card's key: working them out for
    every card costs ~40 ms a build at 1,000 posts."""
    from wom_site.share.cards import missing_characters

    def missing_of(card) -> tuple[str, ...]:
        found = cache.get("card-missing", card.key)
        if not isinstance(found, list) or not all(isinstance(c, str) for c in found):
            found = list(missing_characters(card.spec))
            cache.put("card-missing", card.key, found)
        return tuple(found)
    return missing_of
