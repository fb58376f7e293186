"""The pages of every language but the default (languages.py): planned in their language,
with their own social cards; every generated page learns its versions in the others."""

from __future__ import annotations

from pathlib import Path

from wom_site import languages
from wom_site.cache import Cache
from wom_site.diagnostics import Problem
from wom_site.imagework import PreparedImages
from wom_site.pages import plan_pages
from wom_site.share_images import _page_images, _with_cards, published_files
from wom_site.templates import template_globals


def other_languages(sites: dict, jobs: list, site_dir: Path, prepared: PreparedImages, problems: list[Problem], cache: Cache,
                    card_files: dict, templates: set[str], asset_urls: dict[str, str], assets=(), site_static: dict[str, Path] | None = None) -> tuple[list, tuple[languages.Voice, ...]]:
    """The jobs of the other languages' pages (`card_files` gets their cards to draw; `assets` and
    `site_static` give customers' photos for them), and each of those languages as a Voice (for
    generators that publish pages of their own: kits); ([], ()) for one language."""
    if len(sites) == 1:
        return [], ()
    published = published_files(site_dir, assets, site_static or {})  # customers' photos, for their cards
    codes = list(sites)
    by_language = {codes[0]: jobs}
    voices = []
    for code in codes[1:]:
        other = sites[code]
        images = _page_images(other, site_dir, prepared, problems, cache)
        if other.config.share.cards:
            images, cards = _with_cards(other, site_dir, images, published, cache, problems)
            card_files.update(cards)
        voice = languages.Voice(code, other, images, template_globals(other, asset_urls)["site"])
        voices.append(voice)
        by_language[code] = [voice.speak(job) for job in plan_pages(other, images, templates)]
    languages.generated_alternates(sites, by_language)
    return [job for code in codes[1:] for job in by_language[code]], tuple(voices)
