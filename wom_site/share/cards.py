"""Social card images (1200x630, for Open Graph / Twitter cards), drawn with Pillow.

A card shows a kicker, a title that wraps and shrinks until it fits, for customer
stories a quote with its attribution, and the site name plus logo in a footer.

Text is drawn run by run with a per-character font fallback chain (card_fonts.py): the
Noto Sans shipped in ``wom_site/fonts`` (Latin, Greek, Cyrillic) first, then Noto fonts
installed on the system for other scripts. Characters that no font covers (colour emoji,
for instance) are left out rather than drawn as tofu boxes, and are reported in
``Card.missing``. card_text.py lays the text out (bidi, wrapping, ellipsis).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import json
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageColor, ImageDraw, UnidentifiedImageError

from wom_site.brand import contrast as _contrast, mix as _mix  # one WCAG formula for CSS and cards
from wom_site.content import digest_bytes
from wom_site.images import CHAT_MAX_BYTES
# Fonts and text layout live beside (card_fonts.py, card_text.py); the names the build and the
# tests read of them are exported here too.
from wom_site.share.card_fonts import (  # noqa: F401
    ASCENT,
    DESCENT,
    RAQM,
    _clean,
    _face_for,
    _font,
    _split_runs,
    _width,
)
from wom_site.share.card_text import (  # noqa: F401
    ELLIPSIS,
    NO_LINE_END,
    NO_LINE_START,
    TextBlock,
    _base_rtl,
    _block_height,
    _ellipsize,
    _one_line,
    _tokens,
    _visual_order,
    _wrap,
    needs_shaping,
)

# Bump when the drawing changes, so every card gets a new key (and a new URL).
CARD_VERSION = "1"

WIDTH, HEIGHT = 1200, 630
PNG_COLOURS = 64
JPEG_QUALITY = 85
# A logo (as drawn) with more distinct colours than this, and than a fifth of its
# pixels, is a photo: the card is then a JPEG.
PHOTO_COLOURS = 256

# Layout grid (pixels).
STRIPE_W = 16
LEFT, RIGHT, TOP, BOTTOM = 88, 80, 64, 52
TEXT_W = WIDTH - LEFT - RIGHT
KICKER_SIZE = 24
FOOTER_H = 64
LOGO_MAX_W = 240
SITE_NAME_SIZE = 28
ATTRIBUTION_SIZE = 24
TITLE_SIZES = range(80, 39, -4)
STORY_TITLE_SIZES = range(56, 31, -4)
QUOTE_SIZES = range(36, 21, -2)


@dataclass(frozen=True)
class CardSpec:
    title: str
    site_name: str
    kicker: str = ""  # small label above the title, e.g. "Customer story", "Tip"
    quote: str | None = None  # for stories: the customer's quote
    attribution: str | None = None  # e.g. "Rosa Díaz, Owner, Rosa's Bakery"
    logo: bytes | None = None  # PNG/JPEG bytes of the site logo (SVG not supported: skipped)
    background: str = "#1f3a5f"  # theme colours as hex strings
    foreground: str = "#ffffff"
    accent: str = "#f2b134"
    photo: str | bytes = ""  # a photo to lead with (share/photo_cards.py): its file's path, or its bytes
    photo_digest: str = ""  # the photo's content hash: what the card's key knows of it


@dataclass(frozen=True)
class Card:
    data: bytes  # encoded image
    format: str  # "png" or "jpeg"
    width: int = WIDTH
    height: int = HEIGHT
    missing: tuple[str, ...] = ()  # characters no available font could draw (left out)


@functools.lru_cache(maxsize=8)
def _logo_digest(logo: bytes) -> str:
    """Every card of a site shows the same logo: hashed once, not once per card."""
    return digest_bytes(logo)


def card_key(spec: CardSpec) -> str:
    """Short stable digest of everything the card shows, for use in file names."""
    fields = {f.name: getattr(spec, f.name) for f in dataclasses.fields(spec)}  # all plain values
    logo = fields.pop("logo")
    fields["logo"] = _logo_digest(logo) if logo else None
    fields.pop("photo")  # where the photo lies does not change the card; its content does
    if not fields["photo_digest"]:
        del fields["photo_digest"]  # text cards keep the keys (and URLs) they had before photo cards
    payload = json.dumps([CARD_VERSION, fields], sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=8).hexdigest()


def _fit(text: str, bold: bool, sizes: range, max_height: int, leading: float,
         max_width: float = TEXT_W) -> TextBlock:
    """Largest size at which the wrapped text fits; at the smallest size, truncate."""
    rtl = _base_rtl(text)
    lines: list[str] = []
    for size in sizes:
        lines, broken = _wrap(text, bold, size, max_width)
        # Breaking inside a word is a last resort: first try smaller sizes.
        if broken and size != sizes[-1]:
            continue
        if _block_height(len(lines), size, round(size * leading)) <= max_height:
            return TextBlock(tuple(lines), size, leading, bold, rtl)
    size = sizes[-1]
    line_height = round(size * leading)
    count = max(1, 1 + (max_height - round(size * (ASCENT + DESCENT))) // line_height)
    kept = lines[:count]
    kept[-1] = _ellipsize(kept[-1] + " " + lines[count] if len(lines) > count else kept[-1],
                          bold, size, max_width)
    return TextBlock(tuple(kept), size, leading, bold, rtl)


# -------------------------------------------------------------------------- drawing

Colour = tuple[int, int, int]


def _colour(value: str, field: str) -> Colour:
    try:
        return ImageColor.getrgb(value)[:3]
    except ValueError as exc:
        raise ValueError(f"CardSpec.{field}: not a colour: {value!r}") from exc


@dataclass(frozen=True)
class Palette:
    background: Colour
    foreground: Colour
    accent: Colour  # accent as used for text: falls back to foreground if unreadable
    stripe: Colour
    divider: Colour

    @classmethod
    def from_spec(cls, spec: CardSpec) -> Palette:
        bg = _colour(spec.background, "background")
        fg = _colour(spec.foreground, "foreground")
        accent = _colour(spec.accent, "accent")
        text_accent = accent if _contrast(accent, bg) >= 3 else fg
        return cls(bg, fg, text_accent, accent, _mix(bg, fg, 0.22))


def _draw_block(draw: ImageDraw.ImageDraw, block: TextBlock, top: int, fill: Colour,
                left: int = LEFT, right: int = WIDTH - RIGHT) -> None:
    baseline = top + round(block.size * ASCENT)
    for line in block.lines:
        runs = _visual_order(_split_runs(line, block.bold), block.rtl)
        x = float(left)
        if block.rtl:  # right-to-left paragraphs are right-aligned
            x = right - _width(line, block.bold, block.size)
        for face, part in runs:
            font = _font(face, block.size)
            draw.text((x, baseline), part, font=font, fill=fill, anchor="ls")
            x += font.getlength(part)
        baseline += block.line_height


@lru_cache(maxsize=8)
def _logo_image(data: bytes) -> Image.Image | None:
    """Decoded logo scaled into the footer box; None if Pillow can't read it (SVG).

    Cached because a site uses one logo on every card; callers only read it."""
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.draft("RGB", (LOGO_MAX_W * 2, FOOTER_H * 2))  # fast JPEG downscale
            logo = im.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    scale = min(LOGO_MAX_W / logo.width, FOOTER_H / logo.height)
    size = (max(1, round(logo.width * scale)), max(1, round(logo.height * scale)))
    # Premultiplied alpha so transparent pixels don't bleed dark fringes.
    return logo.convert("RGBa").resize(size, Image.Resampling.LANCZOS).convert("RGBA")


def _is_photo(logo: Image.Image) -> bool:
    """Photos have a distinct colour in most pixels; flat logos only at their edges."""
    return logo.getcolors(max(PHOTO_COLOURS, logo.width * logo.height // 5)) is None


def _ramp(start: Colour, end: Colour, steps: int) -> list[Colour]:
    return [_mix(start, end, i / (steps - 1)) for i in range(steps)]


def _card_palette(palette: Palette, logo_area: Image.Image | None) -> Image.Image:
    """The palette is built from what the card holds rather than searched for:
    anti-aliased text only blends the background into the text colours, so
    ramps reproduce it exactly, and mapping onto a known palette is ~6x faster
    than running a quantizer over the whole card. A flat logo adds its colours."""
    bg = palette.background
    colours = [*_ramp(bg, palette.foreground, 32), *_ramp(bg, palette.accent, 16),
               palette.divider, palette.stripe]
    if logo_area is not None:
        spare = PNG_COLOURS - len(colours)
        reduced = logo_area.quantize(spare, method=Image.Quantize.FASTOCTREE).convert("RGB")
        colours += [c for _, c in sorted(reduced.getcolors(spare) or (), reverse=True)]
    unique = list(dict.fromkeys(colours))
    image = Image.new("P", (1, 1))
    image.putpalette([v for c in unique for v in c])
    return image


def _encode_jpeg(image: Image.Image) -> tuple[bytes, str]:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue(), "jpeg"


def _encode_png(image: Image.Image, palette: Image.Image) -> tuple[bytes, str]:
    """Palette PNG: flat colours and text compress best this way. Only a PNG over
    CHAT_MAX_BYTES (not seen in practice) is encoded a second time, at zlib's best: it stays a
    PNG, as the card's URL, known before it was drawn, says (card_format)."""
    out = io.BytesIO()
    indexed = image.quantize(palette=palette, dither=Image.Dither.NONE)
    # zlib level 3: ~3x faster than the default 6 for ~25% more bytes on ~25 KB.
    indexed.save(out, format="PNG", compress_level=3)
    if out.tell() > CHAT_MAX_BYTES:
        out = io.BytesIO()
        indexed.save(out, format="PNG", compress_level=9)
    return out.getvalue(), "png"


# ---------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Texts:
    """The spec's texts with undrawable characters removed."""
    kicker: str
    title: str
    quote: str
    attribution: str
    site_name: str
    missing: tuple[str, ...]

    @classmethod
    def from_spec(cls, spec: CardSpec) -> Texts:
        parts = [
            _clean(spec.kicker.upper(), True),
            _clean(spec.title, True),
            _clean(_strip_quotes(spec.quote or ""), False),
            _clean(spec.attribution or "", False),
            _clean(spec.site_name, True),
        ]
        missing = tuple(dict.fromkeys(ch for _, gone in parts for ch in gone))
        return cls(*(text for text, _ in parts), missing=missing)


def _strip_quotes(quote: str) -> str:
    """The card adds its own quotation marks."""
    return quote.strip().strip("\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019").strip()


def _draw_footer(image: Image.Image, draw: ImageDraw.ImageDraw, spec: CardSpec,
                 texts: Texts, palette: Palette) -> Image.Image | None:
    """Divider, logo and site name; returns the logo as drawn (on the background)."""
    top = HEIGHT - BOTTOM - FOOTER_H
    draw.rectangle((LEFT, top - 30, WIDTH - RIGHT, top - 29), fill=palette.divider)
    x, logo_area = LEFT, None
    logo = _logo_image(spec.logo) if spec.logo else None
    if logo is not None:
        y = top + (FOOTER_H - logo.height) // 2
        image.paste(logo, (x, y), logo)
        logo_area = image.crop((x, y, x + logo.width, y + logo.height))
        x += logo.width + 24
    name = _one_line(texts.site_name, True, SITE_NAME_SIZE, WIDTH - RIGHT - x)
    # Centre the cap height on the footer's middle.
    baseline = top + FOOTER_H // 2 + round(SITE_NAME_SIZE * 0.36)
    _draw_block(draw, name, baseline - round(SITE_NAME_SIZE * ASCENT), palette.foreground, left=x)
    return logo_area


def _draw_body(draw: ImageDraw.ImageDraw, texts: Texts, palette: Palette) -> None:
    """Kicker, title and (for stories) quote and attribution."""
    y = TOP
    if texts.kicker:
        kicker = _one_line(texts.kicker, True, KICKER_SIZE, TEXT_W)
        _draw_block(draw, kicker, y, palette.accent)
        y += kicker.height + 22
    bottom = HEIGHT - BOTTOM - FOOTER_H - 30 - 34  # above the divider
    if not texts.quote:
        title = _fit(texts.title, True, TITLE_SIZES, bottom - y, 1.12)
        _draw_block(draw, title, y, palette.foreground)
        return
    title = _fit(texts.title, True, STORY_TITLE_SIZES, round((bottom - y) * 0.4), 1.15)
    _draw_block(draw, title, y, palette.foreground)
    y += title.height + (28 if title.lines else 0)
    attribution = _one_line(texts.attribution and "\u2014 " + texts.attribution,
                            False, ATTRIBUTION_SIZE, TEXT_W)
    quote_bottom = bottom - (attribution.height + 18 if attribution.lines else 0)
    quote = _fit("\u201c" + texts.quote + "\u201d", False, QUOTE_SIZES, quote_bottom - y, 1.3)
    _draw_block(draw, quote, y, palette.foreground)
    _draw_block(draw, attribution, y + quote.height + 18, palette.accent)


def render_card(spec: CardSpec) -> Card:
    """Draw the text card and encode it (PNG for flat designs, JPEG with a photo logo); a spec
    with a `photo` is drawn by share/photo_cards.py instead."""
    palette = Palette.from_spec(spec)
    texts = Texts.from_spec(spec)
    image = Image.new("RGB", (WIDTH, HEIGHT), palette.background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, STRIPE_W - 1, HEIGHT - 1), fill=palette.stripe)
    _draw_body(draw, texts, palette)
    logo_area = _draw_footer(image, draw, spec, texts, palette)
    # The format follows from the spec (card_format), so the card is encoded once and its URL
    # can say it before it is drawn.
    if spec.logo and _logo_is_photo(spec.logo, spec.background):
        data, fmt = _encode_jpeg(image)
    else:
        data, fmt = _encode_png(image, _card_palette(palette, logo_area))
    return Card(data=data, format=fmt, missing=texts.missing)


def card_format(spec: CardSpec) -> str:
    """The card's format, known before it is drawn (its URL and og:image:type say it): a JPEG
    for a photo-led card (photo_cards.py) or a photo-like logo, else a palette PNG."""
    if spec.photo:
        return "jpeg"
    return "jpeg" if spec.logo and _logo_is_photo(spec.logo, spec.background) else "png"


def missing_characters(spec: CardSpec) -> tuple[str, ...]:
    """The characters of the card's texts that no font draws (left out), known without drawing it."""
    return Texts.from_spec(spec).missing


@lru_cache(maxsize=8)
def _logo_is_photo(logo: bytes, background: str) -> bool:
    """Whether the logo, as the footer draws it over the background, is a photo: every card of
    a site shows the same logo, so this is worked out once."""
    drawn = _logo_image(logo)
    if drawn is None:
        return False
    area = Image.new("RGB", drawn.size, _colour(background, "background"))
    area.paste(drawn, (0, 0), drawn)
    return _is_photo(area)
