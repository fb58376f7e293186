"""Reading image sizes for share tags and templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
    from PIL import Image, UnidentifiedImageError  # imported on first use: most builds read no image

    try:
        with Image.open(path) as image:
            return ImageInfo(image.width, image.height, MIME.get(image.format, f"image/{(image.format or 'unknown').lower()}"), path.stat().st_size)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None  # a decompression bomb too: one warning for this file, the rest builds


SHARE_MIN = (1200, 630)
SHARE_MAX_BYTES = 5 * 1024 * 1024
CHAT_MAX_BYTES = 300_000  # WhatsApp shows no picture for a larger image (generated cards stay under it)
SHARE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


def share_image_warnings(info: ImageInfo) -> list[str]:
    """What keeps an image from unfurling well on the big platforms."""
    messages = []
    if info.mime not in SHARE_TYPES:
        messages.append(f"is {info.mime}; share previews need JPEG, PNG, GIF or WebP")
    elif info.width < SHARE_MIN[0] or info.height < SHARE_MIN[1]:
        messages.append(f"is {info.width}x{info.height}; share previews want at least 1200x630")
    if info.size > SHARE_MAX_BYTES:
        messages.append(f"is {info.size / 1048576:.1f} MB; some platforms drop previews over 5 MB")
    return messages
