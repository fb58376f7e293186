"""QR codes of canonical URLs, for the printable share cards.

The SVG is drawn in module units (a viewBox, every edge on a whole unit, a 4-module quiet zone),
so it stays sharp and whole at any size the page gives it; its width and height attributes are
the printed size, which the card's print stylesheet leaves alone.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from wom_site.xmltext import xml_text

# A fixed mask skips segno's evaluation of all eight masks: 1.5 ms a code instead
# of 5 ms, and any mask scans equally well on a printed card.
MASK = 0
QUIET_ZONE = 4  # modules of white around the code: ISO/IEC 18004's minimum
PRINT_WIDTH_MM = 46.0  # the code's printed width, quiet zone included: what the A6 card has room for
MIN_MODULE_MM = 0.4  # what a phone camera resolves at arm's length


# Each URL's code is drawn once a build (its card page; its kit page asks again soon after), so a
# few codes are kept, not thousands: a worker that kept every one it drew grew by ~20 KB a page
# (10 MB a worker at 1,000 posts, counted in the build's peak memory).
KEPT = 16


@lru_cache(maxsize=KEPT)
def _matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    import segno  # on first use: unchanged card pages draw no QR code

    code = segno.make(url, error="m", mask=MASK)
    return tuple(tuple(bool(cell) for cell in row) for row in code.matrix)


def printed_module_mm(url: str) -> float:
    """How wide one module of `url`'s code prints on the card."""
    return PRINT_WIDTH_MM / (len(_matrix(url)) + 2 * QUIET_ZONE)


@lru_cache(maxsize=KEPT)
def qr_svg(url: str, title: str) -> str:
    """An inline SVG of `url`'s QR code, `title` as its accessible name."""
    rows = _matrix(url)
    size = len(rows) + 2 * QUIET_ZONE
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{PRINT_WIDTH_MM:g}mm"'
        f' height="{PRINT_WIDTH_MM:g}mm" shape-rendering="crispEdges" role="img" class="qr-code">'
        f"<title>{escape(xml_text(title))}</title>"
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#111" d="{_dark_runs(rows)}"/></svg>'
    )


def _dark_runs(rows) -> str:
    """A path of one rectangle per horizontal run of dark modules, in module units."""
    parts = []
    for y, row in enumerate(rows, QUIET_ZONE):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            parts.append(f"M{start + QUIET_ZONE} {y}h{x - start}v1h-{x - start}z")
    return "".join(parts)
