"""Reading image sizes for share tags and templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    mime: str
    size: int  # bytes


def image_info(path: Path) -> ImageInfo | None:
    """Width, height and type from the file's header (the pixels are not decoded)."""
    if path.suffix.lower() == ".svg":
        return ImageInfo(0, 0, "image/svg+xml", path.stat().st_size)
    try:
        with Image.open(path) as image:
            return ImageInfo(image.width, image.height, MIME.get(image.format, f"image/{(image.format or 'unknown').lower()}"), path.stat().st_size)
    except (OSError, UnidentifiedImageError):
        return None
