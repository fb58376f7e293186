"""Photo-led social cards: the post's photo across the card, its title legible over it, and the
brand's band (logo and site name on the brand colour) along the bottom.

Legible by construction, whatever the photo: a black wash darkens the photo toward the
bottom, at least WASH_UNDER_TEXT wherever text is drawn, so white text keeps 4.5:1 contrast
even over a white wall (a pixel of 255 under a 0.55 wash is at most 115: 4.7:1 against white).
Encoded as a JPEG under 300 KB (DECISIONS: a photo background is a JPEG).
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageOps

from wom_site.images import CHAT_MAX_BYTES
from wom_site.share.cards import (ASCENT, HEIGHT, KICKER_SIZE, LEFT, RIGHT, SITE_NAME_SIZE, STRIPE_W, TEXT_W,
                                  TITLE_SIZES, WIDTH, Card, CardSpec, Palette, Texts, _draw_block, _fit, _logo_image,
                                  _one_line)

ORIENTATION = 0x0112  # the EXIF tag phones turn their photos with
BAND_H = 96  # the brand's band along the bottom
TEXT_TOP = 180  # nothing is written above this: the photo's upper part stays clear
WASH_TOP, WASH_UNDER_TEXT = 0.2, 0.55  # black over the photo at its top, and from TEXT_TOP down
WASH_FULL_AT = 330  # where the wash reaches its strongest
WASH_MAX = 0.85
JPEG_QUALITIES = (84, 74, 62)
WHITE = (255, 255, 255)
ATTRIBUTION_SIZE = 26


def render_photo_card(spec: CardSpec) -> Card:
    """Draw a photo-led card from `spec.photo` (a file's path, or the photo's bytes)."""
    palette = Palette.from_spec(spec)
    texts = Texts.from_spec(spec)
    image = _washed_photo(spec.photo, spec.photo_digest).copy()
    draw = ImageDraw.Draw(image)
    band_top = HEIGHT - BAND_H
    draw.rectangle((0, band_top, WIDTH - 1, HEIGHT - 1), fill=palette.background)
    draw.rectangle((0, 0, STRIPE_W - 1, band_top - 1), fill=palette.stripe)
    _draw_texts(draw, texts, band_top)
    _draw_band(image, draw, spec, texts, palette, band_top)
    return Card(data=_jpeg(image), format="jpeg", missing=texts.missing)


@lru_cache(maxsize=4)
def _washed_photo(source: str | bytes, digest: str) -> Image.Image:
    """The photo (a path, or its bytes) cropped to the card and washed, kept by its content hash
    (`digest`): the cards of one story in several languages decode it once per worker. Callers
    draw on a copy."""
    with Image.open(io.BytesIO(source) if isinstance(source, bytes) else source) as photo:
        # A JPEG is decoded at the smallest scale that still covers the card. The build hands
        # over its cleaned copy of the photo (upright, no wider than the theme's largest size,
        # 1200 px by default), so a phone's 12 MP photo is not decoded again here, and a
        # 1200 px photo is only cropped: no resampling at all.
        photo.draft("RGB", (WIDTH, HEIGHT))
        photo.load()
        upright = ImageOps.exif_transpose(photo) if photo.getexif().get(ORIENTATION, 1) != 1 else photo
        if upright.mode != "RGB":
            upright = upright.convert("RGB")
    # Faces sit in the upper part of most portraits, so the crop is centred above the middle.
    box = _cover_box(upright.size)
    left, top = round(box[0]), round(box[1])
    if round(box[2] - box[0]) == WIDTH and round(box[3] - box[1]) == HEIGHT:
        image = upright.crop((left, top, left + WIDTH, top + HEIGHT))
    else:  # scaled (a photo kept as it was, or the theme's sizes set larger); the wash hides a finer filter's gain
        image = upright.resize((WIDTH, HEIGHT), Image.Resampling.BILINEAR, box=box, reducing_gap=2.0)
    return Image.composite(_black(), image, _wash())


def _cover_box(size: tuple[int, int]) -> tuple[float, float, float, float]:
    """The largest box of the card's shape inside `size`, centred across and at 35% down."""
    width, height = size
    scale = min(width / WIDTH, height / HEIGHT)
    box_w, box_h = WIDTH * scale, HEIGHT * scale
    left, top = (width - box_w) / 2, (height - box_h) * 0.35
    return left, top, left + box_w, top + box_h


@lru_cache(maxsize=1)
def _wash() -> Image.Image:
    """How much black lies over each row of the photo (the same for every card: made once)."""
    column = Image.new("L", (1, HEIGHT))
    column.putdata([round(255 * _wash_at(y)) for y in range(HEIGHT)])
    return column.resize((WIDTH, HEIGHT))


@lru_cache(maxsize=1)
def _black() -> Image.Image:
    return Image.new("RGB", (WIDTH, HEIGHT), (0, 0, 0))


def _wash_at(y: int) -> float:
    if y >= TEXT_TOP:
        return min(WASH_MAX, WASH_UNDER_TEXT + (WASH_MAX - WASH_UNDER_TEXT) * (y - TEXT_TOP) / (WASH_FULL_AT - TEXT_TOP))
    return WASH_TOP + (WASH_UNDER_TEXT - WASH_TOP) * y / TEXT_TOP


def _draw_texts(draw: ImageDraw.ImageDraw, texts: Texts, band_top: int) -> None:
    """Kicker, title and attribution, stacked upward from just above the band."""
    bottom = band_top - 40
    attribution = _one_line(texts.attribution and "\u2014 " + texts.attribution, False, ATTRIBUTION_SIZE, TEXT_W)
    kicker = _one_line(texts.kicker, True, KICKER_SIZE, TEXT_W)
    reserved = (attribution.height + 16 if attribution.lines else 0) + (kicker.height + 18 if kicker.lines else 0)
    title = _fit(texts.title, True, TITLE_SIZES, bottom - TEXT_TOP - reserved, 1.12)
    y = bottom - reserved - title.height
    if kicker.lines:
        _draw_block(draw, kicker, y, WHITE)
        y += kicker.height + 18
    _draw_block(draw, title, y, WHITE)
    if attribution.lines:
        _draw_block(draw, attribution, y + title.height + 16, WHITE)


def _draw_band(image: Image.Image, draw: ImageDraw.ImageDraw, spec: CardSpec, texts: Texts, palette: Palette,
               band_top: int) -> None:
    """The brand mark: logo and site name on the brand colour."""
    x = LEFT
    logo = _logo_image(spec.logo) if spec.logo else None
    if logo is not None:
        image.paste(logo, (x, band_top + (BAND_H - logo.height) // 2), logo)
        x += logo.width + 24
    name = _one_line(texts.site_name, True, SITE_NAME_SIZE, WIDTH - RIGHT - x)
    baseline = band_top + BAND_H // 2 + round(SITE_NAME_SIZE * 0.36)
    _draw_block(draw, name, baseline - round(SITE_NAME_SIZE * ASCENT), palette.foreground, left=x)


def _jpeg(image: Image.Image) -> bytes:
    """The best quality that stays under the size chat apps accept."""
    for quality in JPEG_QUALITIES:
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=quality)
        if out.tell() <= CHAT_MAX_BYTES:
            break
    return out.getvalue()

