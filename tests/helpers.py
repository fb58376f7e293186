"""Reading built output the way a browser or crawler would, and small makers tests share."""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path

from bs4 import BeautifulSoup


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def meta_property(page: BeautifulSoup, name: str) -> str | None:
    tag = page.find("meta", attrs={"property": name}) or page.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


def json_ld(page: BeautifulSoup) -> list[dict]:
    items = []
    for script in page.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        items.extend(data["@graph"] if "@graph" in data else [data])
    return items


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path relative to it."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def png(width: int = 1200, height: int = 630, colour="#c87828", format: str = "PNG") -> bytes:
    """A plain image of that size (a PNG, or another Pillow `format` such as "JPEG")."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format)
    return buffer.getvalue()


def free_port() -> int:
    """A local TCP port nothing listens on (just now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
