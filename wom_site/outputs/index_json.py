"""/index.json: the site's posts, newest first, as JSON, so a business can show its latest
stories on its main website (title, URL, date, summary, tags, customer, image).

A multilingual site has one per language (/de/index.json: the German posts), each naming its
`language`; the default language's also lists where every language's file is (`languages`)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from wom_site.outputs import Inputs, Output

VERSION = 1  # of the file's shape; a field added later does not change it


def generate(inputs: Inputs) -> Iterator[Output]:
    multilingual = len(inputs.sites) > 1
    every = tuple((s.config.language, s.urls.absolute(s.local("index.json"))) for s in inputs.sites) if multilingual else ()
    for site, images, _ in inputs.in_every_language():
        language = (site.config.language, every if site is inputs.site else ()) if multilingual else None
        yield Output(site.local("index.json"), "index-json", render,
                     (site.urls.absolute(site.local("")), _records(site, images), language))


def _records(site, images) -> tuple:
    """One plain tuple per post: all `render` reads, so the file's key is exactly what it shows."""
    records = []
    for page in site.posts:
        customer = page.entry.customer
        image = images.by_source.get(page.entry.source) or images.default
        records.append((page.title, page.canonical, page.date.isoformat() if page.date else None,
                        page.updated.isoformat() if page.updated else None, page.description,
                        tuple(tag.name for tag in page.tags), page.kind,
                        (customer.name, customer.company, customer.role) if customer else None,
                        (image.url, image.width, image.height, image.alt) if image else None))
    return tuple(records)


def render(home: str, records: tuple, language: tuple | None = None) -> bytes:
    """`language`: on a multilingual site, (this file's language, ((language, URL of its
    index.json), ...) on the default language's file, else ())."""
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
    if language is not None:
        code, every = language
        data["language"] = code
        if every:
            data["languages"] = dict(every)
    # compact: json's C encoder (an indented dump runs its Python encoder, ~10x slower)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
