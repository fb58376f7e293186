"""Files published as they are (static and theme files, files beside posts, cleaned photos), and social cards."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from wom_site.activecontent import is_active
from wom_site.outputs import Inputs, Output, as_is


def static(inputs: Inputs) -> Iterator[Output]:
    """The theme's static files and the site's own static/ (which replaces the theme's: theme.py)."""
    for logical, (published, value) in inputs.static.items():
        origin = f"static/{logical}" if logical in inputs.site_static else ""
        yield Output(published, "static", as_is, (value,), origin, origin or f"the theme's static file {logical}")


def assets(inputs: Inputs) -> Iterator[Output]:
    """Files beside the posts in content/ (images, PDFs), referenced by relative links."""
    for asset in inputs.assets:
        if is_active(asset.path):  # sanitized, or not published (the build said why)
            if asset.site_path in inputs.sanitized:
                yield Output(asset.site_path, "asset", as_is, (inputs.sanitized[asset.site_path],), asset.path)
            continue
        yield Output(asset.site_path, "asset", as_is, (inputs.site_dir / asset.path,), asset.path)


def photos(inputs: Inputs) -> Iterator[Output]:
    """Every published photo upright and without EXIF/GPS, and its WebP sizes (imagework.py):
    it replaces the static file or asset it was made from (precedence.REPLACES)."""
    for path, value in inputs.photos.items():
        yield Output(path, "photo", as_is, (value,), label=f"the cleaned photo {path}")


def cards(inputs: Inputs) -> Iterator[Output]:
    """Social card images for pages without their own image (share/social_images.py), drawn by
    the loop from their spec, which comes bound to `make`: the args are the card's key
    (cards.card_key), a digest of all the spec shows (not where its photo lies). What is drawn
    is kept in .wom-cache/ by that key (`memo`): a clean build, or one whose keys all changed
    with a template edit, takes a card from there instead of drawing it again."""
    if not inputs.cards:
        return
    # Pillow and fontTools come with social_images: a build with no card to publish (cards off,
    # or a body edit, which remakes no card) never loads them.
    from wom_site.share import social_images

    for path, card in inputs.cards.items():
        yield Output(path, "card", partial(social_images.draw_card, card.spec), (card.key,), memo=card.memo,
                     pool_from=social_images.CARD_POOL_THRESHOLD)
