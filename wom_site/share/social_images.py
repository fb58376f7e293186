"""The social-card stage: which pages get a generated card, where it is published, and how it
is drawn (by the loop, outputs/loop.py: kept when output/ holds it, else from .wom-cache/'s
memo, else drawn in the process pool).

A card's file name carries the hash of what it shows, so platforms that cache
images by URL pick up a changed card, and an unchanged card is never redrawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from wom_site.brand import brand_of, brand_palette
from wom_site.content import digest_bytes
from wom_site.diagnostics import Problem, warning
from wom_site.i18n import N_
from wom_site.share import cards
from wom_site.share.cards import CardSpec, card_key, render_card
from wom_site.share.meta import ImageRef
from wom_site.share.photo_cards import render_photo_card
from wom_site.site import Site

KICKERS = {"stories": N_("Customer story"), "tips": N_("Tip")}
MIME = {"png": "image/png", "jpeg": "image/jpeg"}
EXTENSIONS = {"png": "png", "jpeg": "jpg"}
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
class PlannedCard:
    """A card to draw: what it shows, its key (share/cards.card_key: a digest of all of that,
    also in its file name) and its format. outputs/files.py makes it an Output."""

    spec: CardSpec
    key: str
    format: str  # "png" or "jpeg"

    @property
    def memo(self) -> str:
        """Where .wom-cache/ keeps it once drawn, by its key (outputs.Output.memo)."""
        return f"cards/{self.key}.{EXTENSIONS[self.format]}"


def card_files(site: Site, jobs: list[CardJob], missing_of=None) -> tuple[dict[str, ImageRef], dict[str, PlannedCard], list[Problem]]:
    """Every card's place, without drawing it: owner -> ImageRef, site path -> PlannedCard,
    font warnings. A card's size and format are known from its spec (cards.card_format), so a
    page's share tags are decided here and the card is drawn by the loop (outputs/loop.py),
    only when output/ does not hold it already. `missing_of(card)`: the characters no font
    draws (default: cards.missing_characters; the build keeps them by the card's key)."""
    refs, files, problems = {}, {}, []
    for job in jobs:
        card = PlannedCard(job.spec, card_key(job.spec), cards.card_format(job.spec))
        site_path = f"cards/{job.name}.{card.key}.{EXTENSIONS[card.format]}"
        files[site_path] = card
        refs[job.owner] = ImageRef(site.urls.absolute(site_path), cards.WIDTH, cards.HEIGHT, MIME[card.format], job.alt)
        missing = missing_of(card) if missing_of else cards.missing_characters(job.spec)
        if missing and job.owner and not job.owner.startswith("@"):
            where = job.owner if job.owner.startswith("content/") else "site.yaml"
            problems.append(warning(where, None, f"social card: no installed font draws {' '.join(missing)}; "
                                                 "left out (install fonts-noto-cjk or another Noto font for that script)"))
    return refs, files, problems + _shaping_problems(jobs)


def draw_card(spec: CardSpec, key: str) -> bytes:
    """A card's `make` (outputs/files.py): its Output's args are its key, which says all the
    card shows; the spec it is drawn from comes bound (functools.partial)."""
    card = render_photo_card(spec) if spec.photo else render_card(spec)
    return card.data


def _shaping_problems(jobs: list[CardJob]) -> list[Problem]:
    if not cards.RAQM and any(cards.needs_shaping(f"{job.spec.title} {job.spec.quote or ''}") for job in jobs):
        return [warning("site.yaml", None, "social cards: Pillow cannot shape Arabic, Hebrew or Indic text here "
                        "(no raqm layout): cards show it unjoined; install libraqm0 and libfribidi0 (apt-get install libraqm0)")]
    return []


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
