"""The customer's share kit (pure): the images they can post themselves and the texts they can
start from, written from their point of view. outputs/kit.py publishes them; nothing here tracks.

Images are drawn as cheaply as the bench budget (kits may add 50% to a cold build with cards)
needs: text is drawn once, into a grey mask whose levels index a ramp from the background to the
text colour (all anti-aliasing produces), so the 4-bit PNG needs no quantizing pass; the square's
drawing is reused for the 9:16 image; a story's photo makes them JPEGs instead.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from wom_site.i18n import N_
from wom_site.share import cards as C

# Post formats: a feed post (square), a story or status (9:16). The 1200x630 link card is the
# page's own og:image, so the kit offers exactly what the link unfurls as.
SIZES = {"square": (1080, 1080), "story": (1080, 1920)}
LEVELS = 15  # anti-aliasing levels from background to text: a 4-bit PNG, half the bytes to compress
TEXT = LEVELS - 1  # text is drawn with this grey: anti-aliasing blends it into 0..TEXT, the ramp
ACCENT = LEVELS  # the accent colour's index (solid shapes only: no anti-aliased edges)
JPEG_QUALITY = 86
MARGIN = 88


@dataclass(frozen=True)
class KitDesign:
    """Everything a kit image shows; its fields are its cache key (outputs.Output args)."""

    title: str
    quote: str  # the pull-quote: the customer's quote, else the story's first `> [!quote]`
    attribution: str  # "Rosa Díaz, Rosa's Bakery"
    site_name: str
    domain: str  # example.com: where the story lives
    kicker: str  # "Customer story"
    background: str
    foreground: str
    accent: str
    photo: tuple[str, str] | None = None  # (file path, content digest) of the story's own photo


def draw_kit_image(design: KitDesign, shape: str) -> bytes:
    """One kit image: "square", or "story" (the square's design centred on a 9:16 canvas,
    which leaves room for the app's own bars at the top and bottom)."""
    square = _square(design)
    width, height = SIZES[shape]
    above = (height - SIZES["square"][1]) // 2
    if square.photo is not None:
        return _with_photo(square.mask, square.photo, (width, height), above, design)
    return _png(width, height, _palette(design), square.deflated, above, height - above - SIZES["square"][1])


@dataclass(frozen=True)
class _Square:
    mask: Image.Image  # LEVELS grey levels, and ACCENT
    photo: Image.Image | None
    deflated: tuple[bytes, int, int] | None  # the square's PNG rows, deflated once for both shapes


@lru_cache(maxsize=4)
def _square(design: KitDesign) -> _Square:
    """The square drawn once for both shapes: the loop makes a kit's square and its story image
    one after the other, so the second only wraps the square's compressed rows in plain ones."""
    width, height = SIZES["square"]
    photo = _photo(design.photo, width, round(height * 0.3)) if design.photo else None
    mask = Image.new("L", (width, height), 0)
    texts = C.Texts.from_spec(C.CardSpec(title=design.title, site_name=design.site_name, kicker=design.kicker,
                                         quote=design.quote or None, attribution=design.attribution or None))
    _layout(ImageDraw.Draw(mask), texts, design, width, height, (photo.height if photo else 0) + MARGIN)
    return _Square(mask, photo, None if photo else _deflate_rows(mask))


# --- a 4-bit palette PNG whose rows can be shared between images -----------------------------

def _deflate_rows(mask: Image.Image) -> tuple[bytes, int, int]:
    """The mask's rows as PNG scanlines (filter 0, two pixels a byte), deflated as a
    self-contained segment (flushed, no final block): (segment, adler32, length)."""
    packed = Image.frombytes("P", mask.size, mask.tobytes()).tobytes("raw", "P;4")
    stride = (mask.width + 1) // 2
    rows = b"".join(b"\0" + packed[i:i + stride] for i in range(0, len(packed), stride))
    return _segment(rows, final=False), zlib.adler32(rows), len(rows)


def _segment(data: bytes, final: bool) -> bytes:
    squeeze = zlib.compressobj(1, zlib.DEFLATED, -15)  # raw deflate: segments are concatenated
    return squeeze.compress(data) + squeeze.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def _png(width: int, height: int, palette: list[int], middle: tuple[bytes, int, int], above: int, below: int) -> bytes:
    """Background rows, the square's rows (deflated already), background rows: one zlib stream."""
    blank = b"\0" * (1 + (width + 1) // 2)
    top, bottom = blank * above, blank * below
    segment, adler, length = middle
    checksum = zlib.adler32(bottom, _adler_combine(zlib.adler32(top), adler, length))
    stream = b"\x78\x01" + _segment(top, False) + segment + _segment(bottom, True) + struct.pack(">I", checksum)
    header = struct.pack(">IIBBBBB", width, height, 4, 3, 0, 0, 0)  # 4 bits, palette
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"PLTE", bytes(palette)) + _chunk(b"IDAT", stream) + _chunk(b"IEND", b"")


def _adler_combine(first: int, second: int, second_length: int) -> int:
    """adler32 of two pieces from each piece's (zlib's adler32_combine, which Python does not expose)."""
    base = 65521
    rem = second_length % base
    a1, b1 = first & 0xFFFF, first >> 16
    a2, b2 = second & 0xFFFF, second >> 16
    a = (a1 + a2 - 1) % base
    b = (b1 + b2 + rem * a1 - rem) % base
    return (b << 16) | a


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _layout(draw: ImageDraw.ImageDraw, texts: C.Texts, design: KitDesign, width: int, height: int, top: int) -> None:
    text_w, left, right = width - 2 * MARGIN, MARGIN, width - MARGIN
    footer_top = height - MARGIN - 76
    crowded = top > MARGIN  # below a photo: tighter spacing
    draw.rectangle((left, top, left + 120, top + 11), fill=ACCENT)  # the accent bar
    y = top + (34 if crowded else 44)
    kicker = C._one_line(texts.kicker, True, 34, text_w)
    C._draw_block(draw, kicker, y, TEXT, left=left, right=right)
    y += kicker.height + 30
    room = footer_top - 60 - y
    title = C._fit(texts.title, True, range(76, 39, -4), round(room * (0.45 if texts.quote else 1)), 1.12, text_w)
    C._draw_block(draw, title, y, TEXT, left=left, right=right)
    y += title.height + (30 if crowded else 48)
    if texts.quote:
        who = C._one_line(texts.attribution and "\u2014 " + texts.attribution, False, 38, text_w)
        quote = C._fit("\u201c" + texts.quote + "\u201d", False, range(52, 25, -2),
                       footer_top - 60 - y - (who.height + 24 if who.lines else 0), 1.3, text_w)
        C._draw_block(draw, quote, y, TEXT, left=left, right=right)
        C._draw_block(draw, who, y + quote.height + 24, TEXT, left=left, right=right)
    draw.rectangle((left, footer_top, right, footer_top + 1), fill=4)  # the divider: a quarter of the way to the text colour
    site = C._one_line(texts.site_name, True, 36, text_w * 0.6)
    C._draw_block(draw, site, footer_top + 28, TEXT, left=left, right=right)
    domain = C._one_line(design.domain, False, 32, text_w * 0.4)
    domain_left = right - round(C._width(design.domain, False, 32)) if domain.lines else right
    C._draw_block(draw, domain, footer_top + 31, TEXT, left=max(left, domain_left), right=right)


def _palette(design: KitDesign) -> list[int]:
    bg, fg, accent = (C._colour(v, f) for v, f in ((design.background, "background"), (design.foreground, "foreground"), (design.accent, "accent")))
    ramp = [C._mix(bg, fg, i / (LEVELS - 1)) for i in range(LEVELS)] + [accent]
    return [v for colour in ramp for v in colour]


def _with_photo(mask: Image.Image, photo: Image.Image, size: tuple[int, int], above: int, design: KitDesign) -> bytes:
    indexed = Image.new("L", size, 0)
    indexed.paste(mask, (0, above))
    indexed.putpalette(_palette(design))  # the grey levels become palette indexes: no pixel is touched
    image = indexed.convert("RGB")
    image.paste(photo, (0, above))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def _photo(photo: tuple[str, str], width: int, height: int) -> Image.Image | None:
    """The story's photo, upright, cropped to fill the top of the image (no EXIF is carried over)."""
    try:
        with Image.open(Path(photo[0])) as im:
            im.draft("RGB", (width * 2, height * 2))
            return ImageOps.fit(ImageOps.exif_transpose(im).convert("RGB"), (width, height), Image.Resampling.LANCZOS)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None


def image_format(design: KitDesign) -> str:
    return "jpg" if design.photo else "png"


# --- suggested texts ---------------------------------------------------------------------

# Lengths people can post as they are: X counts a link as 23 characters in 280, Bluesky
# allows 300 graphemes, Threads and Mastodon 500; Facebook, LinkedIn and a message have room.
NETWORK_LENGTHS = ((N_("X and Bluesky"), 280), (N_("Threads and Mastodon"), 500), (N_("Facebook, LinkedIn or a message"), 1200))


@dataclass(frozen=True)
class SuggestedText:
    networks: str
    limit: int
    text: str  # ends with the story's link


def suggested_texts(title: str, business: str, quote: str, outcome: str, url: str, _=lambda s: s) -> tuple[SuggestedText, ...]:
    """Posts the customer can start from, in the first person, each within its network's length."""
    short = _("%(business)s told our story: “%(title)s”") % {"business": business, "title": title}
    middle = short + " " + (_("What I said: “%(quote)s”") % {"quote": quote} if quote else "")
    long = middle + (" " + outcome if outcome else "") + " " + _("Thank you, %(business)s!") % {"business": business}
    texts = []
    for (networks, limit), body in zip(NETWORK_LENGTHS, (short, middle, long)):
        texts.append(SuggestedText(_(networks), limit, _fit(" ".join(body.split()), url, limit)))
    return tuple(texts)


def _fit(text: str, url: str, limit: int) -> str:
    room = limit - len(url) - 1
    if len(text) > room:
        cut = text[: room - 1]
        text = (cut[: cut.rfind(" ")] if " " in cut[room // 2:] else cut).rstrip(" ,;:.-") + "…"
    return f"{text} {url}"


def customer_message(customer_name: str, business: str, title: str, kit_url: str, _=lambda s: s) -> str:
    """What the business sends the customer (mail, chat) with the kit's address."""
    first = customer_name.split()[0] if customer_name.strip() else ""
    greeting = _("Hello %(name)s,") % {"name": first} if first else _("Hello,")
    body = _("your story “%(title)s” is live. Here is everything to share it yourself, if you like: "
             "the link, ready-made images and a few texts to start from.") % {"title": title}
    thanks = _("Thank you!")  # outside the f-string: pybabel does not extract from inside one
    return f"{greeting}\n\n{body}\n\n{kit_url}\n\n{thanks}\n{business}"
