"""The brand's icons and web app manifest (wom_site/icons.py draws them): favicon.ico,
favicon.svg, apple-touch-icon.png, icon-192.png, icon-512.png, site.webmanifest.

Each is a default: a file of that name in the site's static/ or its own theme replaces it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from wom_site import icons
from wom_site.brand import Brand, brand_of, brand_palette
from wom_site.content import digest_bytes
from wom_site.outputs import Inputs, Output


def generate(inputs: Inputs) -> Iterator[Output]:
    config = inputs.site.config
    brand = brand_of(config)
    logo = _logo_file(inputs.site_dir, brand.logo)
    # The logo by path and content hash: the key then changes exactly when the logo does.
    args = (brand, config.title, inputs.site.urls.base_path, str(logo) if logo else "",
            digest_bytes(logo.read_bytes()) if logo else "")
    for name in icons.ICON_FILES:
        yield Output(name, "icon", icon_file, (name, *args), default=True)


def icon_file(name: str, brand: Brand, title: str, start_path: str, logo: str, logo_digest: str) -> bytes:
    return _icon_set(brand, title, start_path, logo, logo_digest)[name]


@lru_cache(maxsize=2)
def _icon_set(brand: Brand, title: str, start_path: str, logo: str, logo_digest: str) -> dict[str, bytes]:
    """All six drawn at once (they share one master image); `logo_digest` keys the cache."""
    data = Path(logo).read_bytes() if logo else None
    svg = data if data is not None and logo.lower().endswith(".svg") else None
    return icons.icon_files(brand, brand_palette(brand), title, None if svg else data, svg, start_path)


def _logo_file(site_dir: Path, logo: str) -> Path | None:
    if not logo:
        return None
    for candidate in (site_dir / "static" / logo.lstrip("/"), site_dir / "content" / logo.lstrip("/")):
        if candidate.is_file():
            return candidate
    return None
