"""The social-card stage: which pages get a generated card, and drawing them (cached).

A card's file name carries the hash of what it shows, so platforms that cache
images by URL pick up a changed card, and an unchanged card is never redrawn.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from wom_site.brand import brand_of, brand_palette
from wom_site.cache import Cache
from wom_site.content import digest_bytes
from wom_site.diagnostics import Problem, warning
from wom_site.i18n import N_
from wom_site.pool import map_in_pool
from wom_site.share import cards
from wom_site.share.cards import CardSpec, card_key, render_card
from wom_site.share.meta import ImageRef
from wom_site.share.photo_cards import render_photo_card
from wom_site.site import Site

KICKERS = {"stories": N_("Customer story"), "tips": N_("Tip")}
MIME = {"png": "image/png", "jpeg": "image/jpeg"}
MIN_PHOTO_SCALE = 0.5  # a photo must cover half the card (600x315) to lead it: smaller ones would show blurred
CARD_POOL_THRESHOLD = 16  # a card takes ~7 ms to draw: a pool pays off from a few dozen


@dataclass(frozen=True)
class CardJob:
    owner: str  # an entry's source path, or a generated page's site path
    name: str  # readable part of the file name
    spec: CardSpec
    alt: str


def plan_cards(site: Site, logo: bytes | None, has_own_image: set[str], photos: dict[str, tuple[str | bytes, str]]) -> list[CardJob]:
    """A card for every page without its own image; `photos` (source -> (file, content hash)):
    the posts whose card leads with a photo, the customer's portrait."""
    config, _ = site.config, site.i18n.gettext
    brand = brand_of(config)
    colours = {"background": brand.color, "accent": brand.accent, "foreground": brand_palette(brand).light.on_fill}

    def spec(title: str, kicker: str = "", quote: str | None = None, attribution: str | None = None,
             photo: tuple[str | bytes, str] = ("", "")) -> CardSpec:
        return CardSpec(title=title, site_name=config.title, kicker=kicker, quote=quote,
                        attribution=attribution, logo=logo, photo=photo[0], photo_digest=photo[1], **colours)

    jobs = []
    for page in site.everything:
        if page.entry.source in has_own_image:
            continue
        customer = page.customer if page.kind == "stories" else None
        quote = customer.quote if customer and customer.quote else None
        attribution = ", ".join(x for x in (customer.name, customer.role, customer.company) if x) if quote else None
        photo = photos.get(page.entry.source, ("", ""))
        jobs.append(CardJob(page.entry.source, f"{page.kind}-{page.entry.slug}",
                            spec(page.title, _(KICKERS[page.kind]) if page.kind in KICKERS else "", quote, attribution, photo),
                            f"{page.title} · {config.title}"))
    jobs.append(CardJob("", "home", spec(config.title, "", None, None) if not config.description
                        else spec(config.description, config.title), config.title))
    for kind in KICKERS:
        title = site.collection_title(kind)
        jobs.append(CardJob(f"@{kind}", kind, spec(title, config.title), f"{title} · {config.title}"))
    for tag in site.tags.values():
        jobs.append(CardJob(tag.site_path, f"tag-{tag.slug}", spec(f"#{tag.name}", _("Stories and tips")), f"#{tag.name} · {config.title}"))
    return jobs


@dataclass(frozen=True)
class CardInfo:
    """What the build needs of a drawn card besides its pixels (those stay in a file)."""

    format: str
    width: int
    height: int
    missing: tuple[str, ...]
    digest: str  # of the file's bytes as drawn: a cached file is published only if it still holds them
    stat: tuple[int, ...]  # file_identity() when the digest was last checked (or the file written)


def make_cards(site: Site, jobs: list[CardJob], cache: Cache, card_dir: Path | None,
               progress=None, prune: bool = True) -> tuple[dict[str, ImageRef], dict[str, Path | bytes], list[Problem]]:
    """Draw (or reuse) every card: owner -> ImageRef, output path -> file or bytes, font warnings.

    Drawn cards are kept as files in `card_dir` (.wom-cache/cards/, named by the card key) and
    published from there, so a build never holds thousands of images in memory and an
    unchanged card is neither redrawn nor rewritten. Cards to draw are drawn on every core.
    Without a cache (card_dir None) the drawn bytes are published directly. `prune`: remove
    the folder's other cards (a multilingual build prunes once, after its last language).
    """
    data: dict[str, bytes] = {}
    keys = [card_key(job.spec) for job in jobs]
    infos, todo = _drawn_before(jobs, keys, cache, card_dir)
    if todo:
        if card_dir is not None:
            card_dir.mkdir(parents=True, exist_ok=True)
        advance = progress.stage("Drawing social cards", len(todo)) if progress else None
        items = [(key, spec, card_dir) for key, spec in todo.items()]
        for key, (info, drawn) in zip(todo, map_in_pool(_draw_card, items, CARD_POOL_THRESHOLD, advance)):
            infos[key] = info
            cache.put("cards", key, info)
            if drawn is not None:
                data[key] = drawn
    refs, files, problems = {}, {}, []
    for job, key in zip(jobs, keys):
        info = infos[key]
        name = _file_name(key, info)
        site_path = f"cards/{job.name}.{name}"
        files[site_path] = data[key] if key in data else card_dir / name
        refs[job.owner] = ImageRef(site.urls.absolute(site_path), info.width, info.height, MIME[info.format], job.alt)
        if info.missing and job.owner and not job.owner.startswith("@"):
            where = job.owner if job.owner.startswith("content/") else "site.yaml"
            problems.append(warning(where, None, f"social card: no installed font draws {' '.join(info.missing)}; "
                                                 "left out (install fonts-noto-cjk or another Noto font for that script)"))
    problems += _shaping_problems(jobs)
    if card_dir is not None and prune:
        _prune(card_dir, {_file_name(key, info) for key, info in infos.items()})
    return refs, files, problems


def _drawn_before(jobs: list[CardJob], keys: list[str], cache: Cache,
                  card_dir: Path | None) -> tuple[dict[str, CardInfo], dict[str, CardSpec]]:
    """The cards whose file the cache still holds (key -> CardInfo), and those to draw (key -> spec)."""
    infos: dict[str, CardInfo] = {}
    todo: dict[str, CardSpec] = {}
    for job, key in zip(jobs, keys):
        if key in infos or key in todo:
            continue
        info = cache.get("cards", key)
        checked = _checked(card_dir / _file_name(key, info), info) if isinstance(info, CardInfo) and card_dir else None
        if checked is not None:
            infos[key] = checked
            if checked is not info:
                cache.put("cards", key, checked)
        else:
            todo[key] = job.spec
    return infos, todo


def _shaping_problems(jobs: list[CardJob]) -> list[Problem]:
    if not cards.RAQM and any(cards.needs_shaping(f"{job.spec.title} {job.spec.quote or ''}") for job in jobs):
        return [warning("site.yaml", None, "social cards: Pillow cannot shape Arabic, Hebrew or Indic text here "
                        "(no raqm layout): cards show it unjoined; install libraqm0 and libfribidi0 (apt-get install libraqm0)")]
    return []


def _file_name(key: str, info: CardInfo) -> str:
    return f"{key}.{'png' if info.format == 'png' else 'jpg'}"


def _draw_card(item: tuple[str, CardSpec, Path | None]) -> tuple[CardInfo, bytes | None]:
    """Draw one card; with a card folder, write it there and return no bytes (keeps pipes light)."""
    key, spec, card_dir = item
    card = render_photo_card(spec) if spec.photo else render_card(spec)
    info = CardInfo(card.format, card.width, card.height, tuple(card.missing), digest_bytes(card.data), ())
    if card_dir is None:
        return info, card.data
    target = card_dir / _file_name(key, info)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(card.data)
    os.replace(tmp, target)
    return dataclasses.replace(info, stat=file_identity(target) or ()), None


def file_identity(path: Path) -> tuple[int, ...] | None:
    """Size, modification and change times, inode: any write to the file, or another file put
    in its place, changes one of them (the change time cannot be set back from user space)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def _checked(path: Path, info: CardInfo) -> CardInfo | None:
    """The cached card's info if its file still holds the bytes drawn (by their digest, read
    again only when the file is not the one last checked: a card copied with the cache, or
    written over, damaged or replaced); None: draw it again."""
    identity = file_identity(path)
    if identity is None or not info.digest:
        return None
    if identity == tuple(info.stat):
        return info
    try:
        same = digest_bytes(path.read_bytes()) == info.digest
    except OSError:
        return None
    return dataclasses.replace(info, stat=identity) if same else None


def prune_cards(card_dir: Path, files: dict) -> None:
    """Remove the cards no longer published (`files`: every language's card outputs)."""
    _prune(card_dir, {value.name for value in files.values() if isinstance(value, Path)})


def _prune(card_dir: Path, used: set[str]) -> None:
    """Forget cards no page shows any more (the cache must not grow without bound)."""
    try:
        names = os.listdir(card_dir)
    except OSError:
        return
    for name in names:
        if name not in used and not name.startswith("."):
            try:
                os.unlink(card_dir / name)
            except OSError:
                pass


def post_photos(site: Site, files: dict[str, Path], prepared, digest_of) -> dict[str, tuple[str | bytes, str]]:
    """source -> (photo file or bytes, its content hash) for posts whose customer's photo is published by
    this site (`files`: site path -> source file) and is large enough to lead a card (`prepared`:
    imagework.PreparedImages, the published photos' sizes). The build's cleaned copy is drawn
    from when it made one (`prepared.files`: upright and downscaled, a file named by its content
    hash, or bytes in a build without a cache, which must draw the same card): a phone photo is
    then decoded at full size once a build, not twice. `digest_of(path)` hashes a file (cached)."""
    base = site.urls.base_path
    photos = {}
    for page in site.posts:
        if not page.photo_url.startswith(base):
            continue  # none, or on another host
        site_path = unquote(page.photo_url[len(base):])
        size = prepared.sizes.get(site_path)
        if size is None or min(size.width / cards.WIDTH, size.height / cards.HEIGHT) < MIN_PHOTO_SCALE:
            continue  # unreadable, or so small that a card would show it blurred: the text card
        clean, file = prepared.files.get(site_path), files.get(site_path)
        if isinstance(clean, Path):
            photos[page.entry.source] = (str(clean), clean.stem)  # imagework names it by its digest
        elif isinstance(clean, bytes):
            photos[page.entry.source] = (clean, digest_bytes(clean))
        elif file is not None:
            photos[page.entry.source] = (str(file), digest_of(file))
    return photos


def read_logo(site_dir: Path, logo: str) -> bytes | None:
    """The logo as PNG/JPEG bytes for the card, or None (SVG logos are not drawn)."""
    if not logo or logo.lower().endswith(".svg"):
        return None
    for candidate in (site_dir / "static" / logo.lstrip("/"), site_dir / "content" / logo.lstrip("/")):
        if candidate.is_file():
            return candidate.read_bytes()
    return None
