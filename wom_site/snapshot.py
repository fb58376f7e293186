"""The last full build's assembled site, kept on disk for builds that change only bodies.

Most edits change a post's body and nothing else pages show of it (site.face: title, date,
summary, tags...). Then the only files that change are the post's own pages and the feeds that
carry its body, so a build loads the site as the last full build assembled it, puts the new
bodies in, and makes those few files, instead of parsing, assembling and keying every post.

On disk, beside the cache: `snapshot{tag}.pickle`, written by each full build that succeeds
(and removed before it writes output/, so it never describes an older output/), and
`snapshot{tag}-edits.pickle`, the bodies that such smaller builds have changed since. Either
file unreadable, or written by another version: the build is a full one.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from wom_site.cache import FORMAT
from wom_site.config import COLLECTIONS
from wom_site.content import Entry, SourceFile
from wom_site.diagnostics import Problem
from wom_site.pages import PageImages
from wom_site.site import BODY_FIELDS, Page, Site, Tag

EDITS_MAX = 20  # more changed posts than this: a full build (it uses every core)
_LINKS = ("related", "previous", "next")


@dataclass
class Snapshot:
    environment: str  # digest of everything the build read but the sources (render.environment_key)
    window: tuple[dt.datetime, dt.datetime]  # the span of "now" the site was selected for
    digests: dict[str, str]  # every source file -> its digest, as the site holds it
    site: Site
    images: PageImages
    pages: int  # pages the full build planned
    body_problems: list[Problem]  # warnings about bodies (from site.make_page)
    other_problems: list[Problem]  # every other warning
    awaiting: list[Entry]
    bodies_private: bool  # no page showed another post's body (templates.Environment)
    edits: dict[str, tuple] = field(default_factory=dict)  # source -> (digest, body fields, problems)

    def by_source(self) -> dict[str, Page]:
        pages = [p for kind in COLLECTIONS for p in self.site.collections[kind]] + self.site.pages
        return {page.entry.source: page for page in pages}

    def changed(self, sources: list[SourceFile]) -> list[SourceFile] | None:
        """The sources whose content differs from the site's; None when files came or went."""
        if len(sources) != len(self.digests) or any(s.path not in self.digests for s in sources):
            return None
        return [s for s in sources if s.digest != self.digests[s.path]]

    def put_body(self, target: Page, page: Page, digest: str, problems: list[Problem]) -> None:
        """Give the site's `target` the body (and entry) of `page`, its new version with the same face."""
        fields = {name: getattr(page, name) for name in BODY_FIELDS + ("entry",)}
        self._apply(target, digest, fields, problems)
        self.edits[page.entry.source] = (digest, fields, tuple(problems))

    def _apply(self, target: Page, digest: str, fields: dict, problems) -> None:
        for name, value in fields.items():
            setattr(target, name, value)
        self.digests[target.entry.source] = digest
        self.body_problems = [p for p in self.body_problems if p.path != target.entry.source] + list(problems)


def paths(cache_dir: Path, tag: str) -> tuple[Path, Path]:
    return cache_dir / f"snapshot{tag}.pickle", cache_dir / f"snapshot{tag}-edits.pickle"


def discard(cache_dir: Path, tag: str) -> None:
    for path in paths(cache_dir, tag):
        path.unlink(missing_ok=True)


def save(snapshot: Snapshot, cache_dir: Path, tag: str) -> None:
    """Write the snapshot of a full build (its earlier edits are part of it now)."""
    main, edits = paths(cache_dir, tag)
    state = dict(vars(snapshot), site=_flat_site(snapshot.site), edits={})
    _write(main, state)
    edits.unlink(missing_ok=True)


def save_edits(snapshot: Snapshot, cache_dir: Path, tag: str) -> None:
    _write(paths(cache_dir, tag)[1], snapshot.edits)


def load(cache_dir: Path, tag: str) -> Snapshot | None:
    main, edits_path = paths(cache_dir, tag)
    state = _read(main)
    if not isinstance(state, dict):
        return None
    try:
        snapshot = Snapshot(**dict(state, site=_site_of(state["site"])))
        edits = _read(edits_path) if edits_path.exists() else {}
        by_source = snapshot.by_source() if edits else {}
        for source, (digest, fields, problems) in (edits or {}).items():
            snapshot._apply(by_source[source], digest, fields, problems)
            snapshot.edits[source] = (digest, fields, problems)
    except Exception:  # noqa: BLE001 - a damaged or foreign file: build in full
        return None
    return snapshot


def _write(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:  # as cache.py writes its files
        pickle.dump({"version": FORMAT, "items": value}, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def _read(path: Path):
    try:
        with open(path, "rb") as f:
            loaded = pickle.load(f)
        return loaded["items"] if loaded["version"] == FORMAT else None
    except Exception:  # noqa: BLE001 - missing, damaged or foreign
        return None


# Pages link to each other (previous, next, related): pickled as they are, 10,000 posts would
# nest 10,000 deep. They are kept as a flat list, each page's links as indexes into it.

def _flat_site(site: Site) -> dict:
    pages = [p for kind in COLLECTIONS for p in site.collections[kind]] + site.pages
    index = {id(page): i for i, page in enumerate(pages)}

    def at(page: Page | None) -> int:
        return -1 if page is None else index[id(page)]

    return {
        "pages": [{k: v for k, v in vars(page).items() if k not in _LINKS} for page in pages],
        "links": [([at(r) for r in page.related], at(page.previous), at(page.next)) for page in pages],
        "collections": {kind: [at(p) for p in site.collections[kind]] for kind in COLLECTIONS},
        "plain": [at(p) for p in site.pages],
        "tags": [(tag.name, tag.slug, tag.site_path, tag.url, [at(p) for p in tag.pages]) for tag in site.tags.values()],
        "posts": [at(p) for p in site.posts],  # sorted once (10 ms at 10,000 posts)
        "site": (site.config, site.urls, site.now, site.awaiting_approval),
    }


def _site_of(flat: dict) -> Site:
    pages = []
    for fields in flat["pages"]:
        page = object.__new__(Page)
        vars(page).update(fields)
        pages.append(page)
    for page, (related, previous, next_) in zip(pages, flat["links"]):
        page.related = [pages[i] for i in related]
        page.previous = pages[previous] if previous >= 0 else None
        page.next = pages[next_] if next_ >= 0 else None
    config, urls, now, awaiting = flat["site"]
    tags = {slug: Tag(name, slug, site_path, url, [pages[i] for i in members])
            for name, slug, site_path, url, members in flat["tags"]}
    return Site(config, urls, now, {kind: [pages[i] for i in flat["collections"][kind]] for kind in COLLECTIONS},
                [pages[i] for i in flat["plain"]], tags, awaiting, [pages[i] for i in flat["posts"]])
