"""/index.json: the site's posts, newest first, as JSON, so a business can show its latest
stories on its main website (title, URL, date, summary, tags, customer, image)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from wom_site.outputs import Inputs, Output

VERSION = 1  # of the file's shape; a field added later does not change it


def generate(inputs: Inputs) -> Iterator[Output]:
    yield Output("index.json", "index-json", render, (inputs.site.urls.absolute(""), _records(inputs)))


def _records(inputs: Inputs) -> tuple:
    """One plain tuple per post: all `render` reads, so the file's key is exactly what it shows."""
    images = inputs.images
    records = []
    for page in inputs.site.posts:
        customer = page.entry.customer
        image = images.by_source.get(page.entry.source) or images.default
        records.append((page.title, page.canonical, page.date.isoformat() if page.date else None,
                        page.updated.isoformat() if page.updated else None, page.description,
                        tuple(tag.name for tag in page.tags), page.kind,
                        (customer.name, customer.company, customer.role) if customer else None,
                        (image.url, image.width, image.height, image.alt) if image else None))
    return tuple(records)


def render(home: str, records: tuple) -> bytes:
    posts = []
    for title, url, date, updated, summary, tags, kind, customer, image in records:
        posts.append({
            "title": title,
            "url": url,
            "date": date,
            "updated": updated,
            "summary": summary,
            "tags": list(tags),
            "collection": kind,
            "customer": dict(zip(("name", "company", "role"), customer)) if customer else None,
            "image": dict(zip(("url", "width", "height", "alt"), image)) if image else None,
        })
    data = {"version": VERSION, "home_page_url": home, "posts": posts}
    # compact: json's C encoder (an indented dump runs its Python encoder, ~10x slower)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
