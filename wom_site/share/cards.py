"""Social card images (1200x630, for Open Graph / Twitter cards), drawn with Pillow.

A card shows a kicker, a title that wraps and shrinks until it fits, for customer
stories a quote with its attribution, and the site name plus logo in a footer.

Text is drawn run by run with a per-character font fallback chain: the Noto Sans
shipped in ``wom_site/fonts`` (Latin, Greek, Cyrillic) first, then Noto fonts
installed on the system for other scripts. Characters that no font covers (colour
emoji, for instance) are left out rather than drawn as tofu boxes, and are
reported in ``Card.missing``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import json
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image, ImageColor, ImageDraw, ImageFont, UnidentifiedImageError, features

from wom_site.content import digest_bytes
from wom_site.images import CHAT_MAX_BYTES

# Bump when the drawing changes, so every card gets a new key (and a new URL).
CARD_VERSION = "1"

WIDTH, HEIGHT = 1200, 630
PNG_COLOURS = 64
JPEG_QUALITY = 85
# A logo (as drawn) with more distinct colours than this, and than a fifth of its
# pixels, is a photo: the card is then a JPEG.
PHOTO_COLOURS = 256

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
SYSTEM_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
# Skipped system fonts: colour emoji is a bitmap font FreeType cannot scale to
# arbitrary sizes; Noto Sans itself is shipped (and tried first) already.
SKIPPED_FAMILIES = frozenset({"NotoColorEmoji", "NotoSans"})

# Raqm gives kerning, complex-script shaping and bidi within a run.
RAQM = features.check("raqm")
LAYOUT = ImageFont.Layout.RAQM if RAQM else ImageFont.Layout.BASIC

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
# Glyph extents relative to the font size (Noto: accents above caps, descenders).
ASCENT, DESCENT = 0.95, 0.27
ELLIPSIS = "\u2026"


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
    payload = json.dumps([CARD_VERSION, fields], sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=8).hexdigest()


# --------------------------------------------------------------------------- fonts


@dataclass(frozen=True)
class FontFace:
    path: str
    index: int = 0  # face number inside a .ttc collection


REGULAR = FontFace(str(FONT_DIR / "NotoSans-Regular.ttf"))
BOLD = FontFace(str(FONT_DIR / "NotoSans-Bold.ttf"))

Run = tuple[FontFace, str]


def _primary(bold: bool) -> FontFace:
    return BOLD if bold else REGULAR


@lru_cache(maxsize=None)
def _coverage(face: FontFace) -> frozenset[int]:
    """Code points a font maps to glyphs; read once per font file."""
    try:
        with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
            return frozenset(font.getBestCmap() or ())
    except Exception:  # unreadable font: it simply covers nothing
        return frozenset()


def _family_rank(family: str) -> tuple[int, str]:
    # Sans faces match the shipped Noto Sans best; CJK first as it is the largest.
    for rank, prefix in enumerate(("NotoSansCJK", "NotoSans", "NotoSerif")):
        if family.startswith(prefix):
            return rank, family
    return 3, family


@lru_cache(maxsize=None)
def _system_faces(bold: bool) -> tuple[FontFace, ...]:
    """Installed Noto fonts, one face per family, in fallback order."""
    families: dict[str, dict[bool, Path]] = {}
    for root in SYSTEM_FONT_DIRS:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("Noto*")):
            family, _, weight = path.stem.partition("-")
            if path.suffix.lower() not in (".ttf", ".otf", ".ttc"):
                continue
            if weight not in ("Regular", "Bold") or family in SKIPPED_FAMILIES:
                continue
            families.setdefault(family, {}).setdefault(weight == "Bold", path)
    faces = []
    for family in sorted(families, key=_family_rank):
        files = families[family]
        faces.append(FontFace(str(files.get(bold) or files[not bold])))
    return tuple(faces)


# Unicode name prefixes whose fonts are named differently.
_HINT_ALIASES = {
    word: "cjk"
    for word in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC", "BOPOMOFO", "FULLWIDTH", "HALFWIDTH")
}


def _script_hint(ch: str) -> str:
    """'ARABIC LETTER ALEF' -> 'arabic': fonts named after it are tried first,
    so most characters resolve without reading every installed font."""
    word = unicodedata.name(ch, "").split(" ", 1)[0]
    return _HINT_ALIASES.get(word, word.lower())


@lru_cache(maxsize=65536)
def _face_for(ch: str, bold: bool) -> FontFace | None:
    """First font in the fallback chain that has a glyph for ``ch``."""
    code = ord(ch)
    if code in _coverage(_primary(bold)):
        return _primary(bold)
    faces = _system_faces(bold)
    hint = _script_hint(ch)
    hinted = [f for f in faces if len(hint) > 2 and hint in Path(f.path).stem.lower()]
    for face in (*hinted, *faces):
        if code in _coverage(face):
            return face
    return None


@lru_cache(maxsize=512)
def _font(face: FontFace, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(face.path, size, index=face.index, layout_engine=LAYOUT)


# ---------------------------------------------------------------------- text runs


def _is_ignorable(ch: str) -> bool:
    """Invisible format characters (ZWJ, variation selectors): drop without reporting."""
    code = ord(ch)
    return (
        unicodedata.category(ch) in ("Cf", "Cc")
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
    )


def _clean(text: str, bold: bool) -> tuple[str, tuple[str, ...]]:
    """Drop characters no font can draw and collapse whitespace."""
    kept: list[str] = []
    missing: list[str] = []
    for ch in text:
        if ch.isspace():
            kept.append(" ")
        elif _face_for(ch, bold) is not None:
            kept.append(ch)
        elif not _is_ignorable(ch):
            missing.append(ch)
    return " ".join("".join(kept).split()), tuple(missing)


# Spaces, punctuation and marks stay in the current run's font when it has them:
# fewer runs, and marks stay with their base letter.
_STICKY = ("Z", "P", "M", "Cf")


@lru_cache(maxsize=4096)
def _split_runs(text: str, bold: bool) -> tuple[Run, ...]:
    runs: list[list] = []
    for ch in text:
        face = None
        if runs and unicodedata.category(ch).startswith(_STICKY) and ord(ch) in _coverage(runs[-1][0]):
            face = runs[-1][0]
        else:
            face = _face_for(ch, bold)
        if face is None:  # not drawable (callers clean text first)
            continue
        if runs and runs[-1][0] == face:
            runs[-1][1] += ch
        else:
            runs.append([face, ch])
    return tuple((face, part) for face, part in runs)


@lru_cache(maxsize=16384)  # words recur across a site's cards and the shrink steps
def _width(text: str, bold: bool, size: int) -> float:
    return sum(_font(face, size).getlength(part) for face, part in _split_runs(text, bold))


# ---------------------------------------------------------------------------- bidi

_BIDI = {"L": "L", "EN": "L", "AN": "L", "R": "R", "AL": "R", "NSM": "="}


def _base_rtl(text: str) -> bool:
    """Paragraph direction from its first strong character (Unicode rule P2)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


def _bidi_pieces(runs: Sequence[Run]) -> list[list]:
    """Split runs into [face, text, class] pieces of one direction (L, R, or N)."""
    pieces: list[list] = []
    for face, text in runs:
        prev = "N"
        for ch in text:
            cls = _BIDI.get(unicodedata.bidirectional(ch), "N")
            cls = prev if cls == "=" else cls  # marks follow their base letter
            if pieces and pieces[-1][0] == face and pieces[-1][2] == cls:
                pieces[-1][1] += ch
            else:
                pieces.append([face, ch, cls])
            prev = cls
    return pieces


def _visual_order(runs: tuple[Run, ...], rtl: bool) -> tuple[Run, ...]:
    """Reorder runs left to right (simplified Unicode bidi: rules W/N/I/L2).

    Raqm orders the characters inside one run; the order of runs is ours."""
    if not RAQM or not (rtl or any(_base_rtl(part) for _, part in runs)):
        return runs
    pieces = _bidi_pieces(runs)
    base = "R" if rtl else "L"
    strong = [p[2] for p in pieces]
    levels = []
    for i, cls in enumerate(strong):
        if cls == "N":  # neutral: takes the direction around it, else the base
            before = next((c for c in reversed(strong[:i]) if c != "N"), base)
            after = next((c for c in strong[i + 1 :] if c != "N"), base)
            cls = before if before == after else base
        levels.append((1 if cls == "R" else 2) if rtl else (1 if cls == "R" else 0))
    order = list(range(len(pieces)))
    for level in range(max(levels), 0, -1):
        i = 0
        while i < len(order):
            j = i
            while j < len(order) and levels[order[j]] >= level:
                j += 1
            order[i:j] = reversed(order[i:j])
            i = j + 1
    return tuple((pieces[k][0], pieces[k][1]) for k in order)


# ------------------------------------------------------------------------- wrapping


@dataclass(frozen=True)
class TextBlock:
    lines: tuple[str, ...]
    size: int
    leading: float
    bold: bool
    rtl: bool = False

    @property
    def line_height(self) -> int:
        return round(self.size * self.leading)

    @property
    def height(self) -> int:
        return _block_height(len(self.lines), self.size, self.line_height)


def _block_height(lines: int, size: int, line_height: int) -> int:
    if not lines:
        return 0
    return (lines - 1) * line_height + round(size * (ASCENT + DESCENT))


# Kinsoku: CJK lines may break between any two characters, but never before closing punctuation
# or a small kana, nor after an opening bracket (JIS X 4051; the same rules hold in Chinese).
NO_LINE_START = frozenset("、。，．・：；？！ー）」』】〕〉》〙〗｝］’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻゠〜…‥")
NO_LINE_END = frozenset("（「『【〔〈《〘〖｛［‘“")


def needs_shaping(text: str) -> bool:
    """Text that is unreadable unless shaped and ordered (raqm): right-to-left and Indic scripts."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") or "\u0900" <= ch <= "\u0dff" for ch in text)


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Words as (text, preceded_by_space). Wide (CJK) characters are words of
    their own, since those scripts may break between any two characters (kinsoku aside)."""
    tokens: list[tuple[str, bool]] = []
    for word in text.split(" "):
        spaced = True
        current = ""
        for ch in word:
            if unicodedata.east_asian_width(ch) in ("W", "F"):
                if current:
                    tokens.append((current, spaced))
                    spaced = False
                tokens.append((ch, spaced))
                spaced, current = False, ""
            else:
                current += ch
        if current:
            tokens.append((current, spaced))
    return _keep_together(tokens)



def _keep_together(tokens: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Glue closing punctuation to what precedes it and opening brackets to what follows."""
    kept: list[tuple[str, bool]] = []
    for token, spaced in tokens:
        if kept and not spaced and (token[0] in NO_LINE_START or kept[-1][0][-1] in NO_LINE_END):
            kept[-1] = (kept[-1][0] + token, kept[-1][1])
        else:
            kept.append((token, spaced))
    return kept

def _break_word(word: str, bold: bool, size: int, max_width: float) -> Iterator[str]:
    """Split a word wider than the line into pieces that fit."""
    piece = ""
    for ch in word:
        if piece and _width(piece + ch, bold, size) > max_width:
            yield piece
            piece = ""
        piece += ch
    if piece:
        yield piece


def _wrap(text: str, bold: bool, size: int, max_width: float) -> tuple[list[str], bool]:
    """Greedy line breaking; word widths are summed, so each word is measured once.
    Also returns whether a word had to be broken."""
    space = _width(" ", bold, size)
    lines: list[str] = []
    line, line_w, broken = "", 0.0, False
    for token, spaced in _tokens(text):
        width = _width(token, bold, size)
        pieces = [token] if width <= max_width else list(_break_word(token, bold, size, max_width))
        broken = broken or len(pieces) > 1
        for k, piece in enumerate(pieces):
            if k:
                width, spaced = _width(piece, bold, size), False
            elif len(pieces) > 1:
                width = _width(piece, bold, size)
            gap = space if spaced and line else 0.0
            if line and line_w + gap + width > max_width:
                lines.append(line)
                line, line_w = piece, width
            else:
                line += (" " if gap else "") + piece
                line_w += gap + width
    if line:
        lines.append(line)
    return lines, broken


def _ellipsize(text: str, bold: bool, size: int, max_width: float) -> str:
    """Cut ``text`` so that it plus an ellipsis fits; prefer a word boundary."""
    text = text.rstrip()
    while text and _width(text + ELLIPSIS, bold, size) > max_width:
        cut = text.rfind(" ")
        # Drop a whole word unless that would lose most of the line.
        text = text[:cut] if cut > len(text) // 2 else text[:-1]
        text = text.rstrip(" ,;:.-\u2013\u2014")
    return text + ELLIPSIS


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


def _one_line(text: str, bold: bool, size: int, max_width: float) -> TextBlock:
    """A single line, truncated with an ellipsis when too wide."""
    if text and _width(text, bold, size) > max_width:
        text = _ellipsize(text, bold, size, max_width)
    return TextBlock((text,) if text else (), size, 1.2, bold, _base_rtl(text))


# -------------------------------------------------------------------------- drawing

Colour = tuple[int, int, int]


def _colour(value: str, field: str) -> Colour:
    try:
        return ImageColor.getrgb(value)[:3]
    except ValueError as exc:
        raise ValueError(f"CardSpec.{field}: not a colour: {value!r}") from exc


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))  # type: ignore[return-value]


def _luminance(c: Colour) -> float:
    def lin(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(v) for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: Colour, b: Colour) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


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
    CHAT_MAX_BYTES (not seen in practice) is encoded a second time, as JPEG."""
    out = io.BytesIO()
    indexed = image.quantize(palette=palette, dither=Image.Dither.NONE)
    # zlib level 3: ~3x faster than the default 6 for ~25% more bytes on ~25 KB.
    indexed.save(out, format="PNG", compress_level=3)
    if out.tell() > CHAT_MAX_BYTES:
        return _encode_jpeg(image)
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
    """Draw the card and encode it (PNG for flat designs, JPEG with a photo logo)."""
    palette = Palette.from_spec(spec)
    texts = Texts.from_spec(spec)
    image = Image.new("RGB", (WIDTH, HEIGHT), palette.background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, STRIPE_W - 1, HEIGHT - 1), fill=palette.stripe)
    _draw_body(draw, texts, palette)
    logo_area = _draw_footer(image, draw, spec, texts, palette)
    # The format follows from the content, so the card is encoded once.
    if logo_area is not None and _is_photo(logo_area):
        data, fmt = _encode_jpeg(image)
    else:
        data, fmt = _encode_png(image, _card_palette(palette, logo_area))
    return Card(data=data, format=fmt, missing=texts.missing)
