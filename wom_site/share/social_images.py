"""The social-card stage: which pages get a generated card, and drawing them (cached).

A card's file name carries the hash of what it shows, so platforms that cache
images by URL pick up a changed card, and an unchanged card is never redrawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wom_site.cache import Cache
from wom_site.diagnostics import Problem, warning
from wom_site.share.cards import Card, CardSpec, card_key, render_card
from wom_site.share.meta import ImageRef
from wom_site.site import Site

KICKERS = {"stories": "Customer story", "tips": "Tip"}
MIME = {"png": "image/png", "jpeg": "image/jpeg"}


@dataclass(frozen=True)
class CardJob:
    owner: str  # an entry's source path, or a generated page's site path
    name: str  # readable part of the file name
    spec: CardSpec
    alt: str


def plan_cards(site: Site, logo: bytes | None, has_own_image: set[str]) -> list[CardJob]:
    config = site.config
    colours = {"background": config.share.theme_color, "accent": config.share.accent_color}

    def spec(title: str, kicker: str = "", quote: str | None = None, attribution: str | None = None) -> CardSpec:
        return CardSpec(title=title, site_name=config.title, kicker=kicker, quote=quote,
                        attribution=attribution, logo=logo, **colours)

    jobs = []
    for page in site.everything:
        if page.entry.source in has_own_image:
            continue
        customer = page.customer if page.kind == "stories" else None
        quote = customer.quote if customer and customer.quote else None
        attribution = ", ".join(x for x in (customer.name, customer.role, customer.company) if x) if quote else None
        jobs.append(CardJob(page.entry.source, f"{page.kind}-{page.entry.slug}",
                            spec(page.title, KICKERS.get(page.kind, ""), quote, attribution),
                            f"{page.title} · {config.title}"))
    jobs.append(CardJob("", "home", spec(config.title, "", None, None) if not config.description
                        else spec(config.description, config.title), config.title))
    for kind in KICKERS:
        title = config.collection(kind).title
        jobs.append(CardJob(f"@{kind}", kind, spec(title, config.title), f"{title} · {config.title}"))
    for tag in site.tags.values():
        jobs.append(CardJob(tag.site_path, f"tag-{tag.slug}", spec(f"#{tag.name}", "Stories and tips"), f"#{tag.name} · {config.title}"))
    return jobs


def make_cards(site: Site, jobs: list[CardJob], cache: Cache) -> tuple[dict[str, ImageRef], dict[str, bytes], list[Problem]]:
    """Draw (or reuse) every card: owner -> ImageRef, output path -> bytes, font warnings."""
    refs, files, problems = {}, {}, []
    for job in jobs:
        key = card_key(job.spec)
        card = cache.get("cards", key)
        if not isinstance(card, Card):
            card = render_card(job.spec)
            cache.put("cards", key, card)
        extension = "png" if card.format == "png" else "jpg"
        site_path = f"cards/{job.name}.{key}.{extension}"
        files[site_path] = card.data
        refs[job.owner] = ImageRef(site.urls.absolute(site_path), card.width, card.height, MIME[card.format], job.alt)
        if card.missing and job.owner and not job.owner.startswith("@"):
            where = job.owner if job.owner.startswith("content/") else "site.yaml"
            problems.append(warning(where, None, f"social card: no installed font draws {' '.join(card.missing)}; "
                                                 "left out (install fonts-noto-cjk or another Noto font for that script)"))
    return refs, files, problems


def read_logo(site_dir: Path, logo: str) -> bytes | None:
    """The logo as PNG/JPEG bytes for the card, or None (SVG logos are not drawn)."""
    if not logo or logo.lower().endswith(".svg"):
        return None
    for candidate in (site_dir / "static" / logo.lstrip("/"), site_dir / "content" / logo.lstrip("/")):
        if candidate.is_file():
            return candidate.read_bytes()
    return None
