"""The icons browsers and phones ask for, made from the brand: from the logo, or without one a
monogram (the site's initial on the brand colour).

favicon.ico (16, 32 and 48 px), favicon.svg, apple-touch-icon.png (180 px, opaque),
icon-192.png, icon-512.png and site.webmanifest (name, icons, theme colour). Pure: the logo
comes in as bytes, the files go out as bytes. outputs/icons.py publishes them.
"""

from __future__ import annotations

import base64
import io
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from anyascii import anyascii

from wom_site.brand import LIGHT, Brand, BrandPalette

if TYPE_CHECKING:  # Pillow is imported when icons are drawn: a build that keeps them never loads it
    from PIL import Image

FONT = Path(__file__).parent / "fonts" / "NotoSans-Bold.ttf"
CAP_HEIGHT = 0.714  # Noto Sans's capital height, in ems
MASTER = 512  # every raster icon is scaled down from one drawing this size
ICO_SIZES = [(16, 16), (32, 32), (48, 48)]
PNG_SIZES = {"apple-touch-icon.png": 180, "icon-192.png": 192, "icon-512.png": 512}
MANIFEST = "site.webmanifest"
ICON_FILES = ("favicon.ico", "favicon.svg", *PNG_SIZES, MANIFEST)


def icon_files(brand: Brand, palette: BrandPalette, title: str, logo: bytes | None, logo_svg: bytes | None,
               start_path: str) -> dict[str, bytes]:
    """Every icon file, by its path at the site's root (`logo`: a PNG or JPEG; `logo_svg`: an SVG
    logo, used as the SVG icon while the raster icons show the monogram)."""
    from PIL import Image

    fill, ink = palette.light.fill, palette.light.on_fill
    master = _logo_square(logo) if logo else None
    if master is None:
        master = _monogram_png(initial(title), fill, ink)
    files = {"favicon.ico": _ico(master)}
    for name, size in PNG_SIZES.items():
        files[name] = _png(master.resize((size, size), Image.Resampling.LANCZOS))
    if logo_svg is not None:
        files["favicon.svg"] = logo_svg
    elif logo:
        files["favicon.svg"] = _embedded_svg(master)
    else:
        files["favicon.svg"] = _monogram_svg(initial(title), fill, ink).encode()
    files[MANIFEST] = _manifest(title, brand.color, start_path).encode()
    return files


def initial(title: str) -> str:
    """The site's initial as the bundled font can draw it: its first letter or digit, else that
    letter transliterated (東京 -> D), else "W"."""
    for char in title:
        if char.isalnum():
            if ord(char) in _cmap():
                return char.upper()
            folded = [c for c in anyascii(char) if c.isalnum()]
            return folded[0].upper() if folded else "W"
    return "W"


# --- drawing ------------------------------------------------------------------

def _logo_square(data: bytes) -> Image.Image | None:
    """The logo centred on a white square with a margin (phones mask icons to rounded shapes,
    and apple-touch icons must be opaque); None when Pillow cannot read it."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            logo = image.convert("RGBA")
    except Exception:  # noqa: BLE001 - an unreadable logo falls back to the monogram
        return None
    inner = round(MASTER * 0.8)
    logo.thumbnail((inner, inner), Image.Resampling.LANCZOS)
    square = Image.new("RGBA", (MASTER, MASTER), "#ffffff")
    square.alpha_composite(logo, ((MASTER - logo.width) // 2, (MASTER - logo.height) // 2))
    return square.convert("RGB")


def _monogram_png(letter: str, fill: str, ink: str) -> Image.Image:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (MASTER, MASTER), fill)
    font = ImageFont.truetype(str(FONT), round(MASTER * 0.56 / CAP_HEIGHT))  # caps 56% of the icon high
    ImageDraw.Draw(image).text((MASTER / 2, MASTER / 2), letter, font=font, fill=ink, anchor="mm")
    return image


def _monogram_svg(letter: str, fill: str, ink: str) -> str:
    """The letter as an outline (no font needed to show it), centred on a rounded square."""
    outline, (left, bottom, right, top) = _outline(letter)
    size = 1000 / (0.56 / CAP_HEIGHT)  # the same proportions as the PNGs, in font units
    x, y = (size - (right - left)) / 2 - left, (size + (top - bottom)) / 2 + bottom
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size:.0f} {size:.0f}">'
            f'<rect width="{size:.0f}" height="{size:.0f}" rx="{size * 0.18:.0f}" fill="{fill}"/>'
            f'<path fill="{ink}" transform="translate({x:.0f} {y:.0f}) scale(1 -1)" d="{outline}"/></svg>')


def _embedded_svg(master: Image.Image) -> bytes:
    from PIL import Image

    small = master.resize((96, 96), Image.Resampling.LANCZOS)
    data = base64.b64encode(_png(small)).decode()
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96">'
            f'<image width="96" height="96" href="data:image/png;base64,{data}"/></svg>').encode()


def _ico(master: Image.Image) -> bytes:
    out = io.BytesIO()
    master.save(out, format="ICO", sizes=ICO_SIZES)
    return out.getvalue()


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _manifest(title: str, theme_color: str, start_path: str) -> str:
    icons = [{"src": name, "sizes": f"{size}x{size}", "type": "image/png"}
             for name, size in PNG_SIZES.items() if name != "apple-touch-icon.png"]
    icons.append({"src": "favicon.svg", "sizes": "any", "type": "image/svg+xml"})
    return json.dumps({
        "name": title, "short_name": title[:12], "start_url": start_path, "scope": start_path,
        "display": "minimal-ui", "theme_color": theme_color, "background_color": LIGHT["bg"], "icons": icons,
    }, ensure_ascii=False, indent=2) + "\n"


# --- the bundled font's outlines -------------------------------------------------

@lru_cache(maxsize=1)
def _font():
    from fontTools.ttLib import TTFont  # on first use: most builds reuse cached icons

    return TTFont(FONT)


@lru_cache(maxsize=1)
def _cmap() -> dict:
    return _font().getBestCmap()


def _outline(letter: str) -> tuple[str, tuple]:
    """The letter's outline as SVG path data (font units, y up) and its bounds."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.pens.svgPathPen import SVGPathPen

    glyphs = _font().getGlyphSet()
    glyph = glyphs[_cmap()[ord(letter)]]
    pen, bounds = SVGPathPen(glyphs), BoundsPen(glyphs)
    glyph.draw(pen)
    glyph.draw(bounds)
    return pen.getCommands(), bounds.bounds or (0, 0, 0, 0)
