"""Reading built output the way a browser or crawler would."""

from __future__ import annotations

import json
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
