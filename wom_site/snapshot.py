"""The last full build's assembled site, kept on disk for builds that change only bodies.

Most edits change a post's body and nothing else pages show of it (site.face: title, date,
summary, tags...). Then the only files that change are the post's own pages and the feeds that
carry its body, so a build loads the site as the last full build assembled it, puts the new
bodies in, and makes those few files, instead of parsing, assembling and keying every post.

On disk, beside the cache: `snapshot{tag}.msgpack` (cachefile.py: data only), written by each full
build that succeeds (and removed before it writes output/, so it never describes an older
output/), and `snapshot{tag}-edits.msgpack`, the bodies that such smaller builds have changed
since. Either file unreadable, or written by another version: the build is a full one. Beside
them, `snapshot{tag}-heads.msgpack` holds a digest of each source's front matter as written, so
that a build where a changed post's front matter changed (its title, tags...: a full build)
knows it without loading the whole site (about a third of a second at 10,000 posts). Each head
is filed under its source's digest, so heads are never wrong, only perhaps incomplete: they stay
when the snapshot is discarded, and the next full build reads only the sources they do not know.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from wom_site.cache import SUFFIX, read_items, write_items
from wom_site.config import COLLECTIONS
from wom_site.content import Entry, SourceFile, digest_bytes
from wom_site.diagnostics import Problem
from wom_site.pages import PageImages
from wom_site.site import BODY_FIELDS, Page, Site, Tag, TagRef

EDITS_MAX = 20  # more changed posts than this: a full build (it uses every core)


@dataclass
class Snapshot:
    environment: str  # digest of everything the build read but the sources (keys.environment_key)
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
        return {page.entry.source: page for page in self.site.everything}

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
    return cache_dir / f"snapshot{tag}{SUFFIX}", cache_dir / f"snapshot{tag}-edits{SUFFIX}"


def heads_path(cache_dir: Path, tag: str) -> Path:
    return cache_dir / f"snapshot{tag}-heads{SUFFIX}"


def discard(cache_dir: Path, tag: str) -> None:
    """Remove the snapshot (not the heads: see the module's comment)."""
    for path in paths(cache_dir, tag):
        path.unlink(missing_ok=True)


def save(snapshot: Snapshot, cache_dir: Path, tag: str, site_dir: Path | None = None) -> None:
    """Write the snapshot of a full build (its earlier edits are part of it now), and the heads
    of its sources (read from `site_dir`). One that cannot be written is left out (the next
    build is a full one), never a failed build."""
    main, edits = paths(cache_dir, tag)
    heads = heads_path(cache_dir, tag)
    try:
        write_items(main, dict(vars(snapshot), site=_flat_site(snapshot.site), edits={}))
        edits.unlink(missing_ok=True)
        if site_dir is not None:
            write_items(heads, _heads(snapshot.digests, read_items(heads), site_dir))
    except (OSError, TypeError, ValueError):  # TypeError: a value the data-only format cannot hold
        _forget(main, edits, heads)


# Front matter as written: from the opening fence (--- or +++) to the same fence closing it.
_HEAD = re.compile(rb"\A(?:\xef\xbb\xbf)?(---|\+\+\+)[ \t]*\r?\n.*?^\1[ \t]*\r?$", re.S | re.M)


def head_digest(data: bytes) -> str:
    """A digest of a source's front matter; of the whole file when it has none this recognizes
    (then any edit counts as one to its front matter: a full build, never a wrong shortcut)."""
    found = _HEAD.match(data)
    return digest_bytes(found.group(0) if found else data)


def _heads(digests: dict[str, str], known: dict, site_dir: Path) -> dict[str, tuple[str, str]]:
    """source -> (its digest, its head's digest) for the sources as the snapshot holds them;
    a source is read only when the last heads knew another version of it."""
    heads = {}
    for source, digest in digests.items():
        last = known.get(source)
        if type(last) is tuple and last[0] == digest:
            heads[source] = last
            continue
        try:
            data = (site_dir / source).read_bytes()
        except OSError:
            continue
        if digest_bytes(data) == digest:  # else changed since it was read: no head, no early answer
            heads[source] = (digest, head_digest(data))
    return heads


def heads_changed(cache_dir: Path, tag: str, sources: list[SourceFile]) -> bool:
    """Whether a source read by this build (its stat changed) has another front matter than the
    snapshot's version of it: then the build is a full one, known without loading the snapshot.
    False when it cannot tell (no heads, an unknown source): the snapshot decides, as ever."""
    heads = read_items(heads_path(cache_dir, tag)) if cache_dir is not None else {}
    for source in sources:
        last = heads.get(source.path) if source.data is not None else None
        if type(last) is tuple and len(last) == 2 and last[0] != source.digest and last[1] != head_digest(source.data):
            return True
    return False


def save_edits(snapshot: Snapshot, cache_dir: Path, tag: str) -> None:
    try:
        write_items(paths(cache_dir, tag)[1], snapshot.edits)
    except (OSError, TypeError, ValueError):
        _forget(*paths(cache_dir, tag))  # without its edits the snapshot would describe an older output/


def _forget(*files: Path) -> None:
    for path in files:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def load(cache_dir: Path, tag: str, damaged=None) -> Snapshot | None:
    """The snapshot with its edits applied; None when it is missing, damaged or from another FORMAT
    (`damaged`: as for cache.read_items)."""
    main, edits_path = paths(cache_dir, tag)
    state = read_items(main, damaged)
    if not state:
        return None
    try:
        snapshot = Snapshot(**dict(state, site=_site_of(state["site"])))
        edits = read_items(edits_path, damaged)
        by_source = snapshot.by_source() if edits else {}
        for source, (digest, fields, problems) in edits.items():
            snapshot._apply(by_source[source], digest, fields, problems)
            snapshot.edits[source] = (digest, fields, problems)
    except Exception:  # noqa: BLE001 - a damaged or foreign file: build in full
        return None
    return snapshot


# Pages link to each other (previous, next, related): written as they are, 10,000 posts would
# nest 10,000 deep. They are kept as a flat list, each page's links as indexes into it. A page's
# tags (a few TagRefs that thousands of pages share) are indexes too: read back, each would
# otherwise cost the reader a reference of its own (a third of the snapshot's values).

def _flat_site(site: Site) -> dict:
    pages = site.everything  # the posts, newest first, then the plain pages
    index = {id(page): i for i, page in enumerate(pages)}
    tag_refs: dict[int, int] = {}
    refs: list[TagRef] = []

    def at(page: Page | None) -> int:
        return -1 if page is None else index[id(page)]

    def ref(tag: TagRef) -> int:
        number = tag_refs.get(id(tag))
        if number is None:
            number = tag_refs[id(tag)] = len(refs)
            refs.append(tag)
        return number

    return {
        "pages": [_unlinked(page) for page in pages],
        "links": [[[at(r) for r in page.related], at(page.previous), at(page.next), [ref(t) for t in page.tags]]
                  for page in pages],
        "tag_refs": refs,
        "posts": len(pages) - len(site.pages),
        "tags": [(tag.name, tag.slug, tag.site_path, tag.url, [at(p) for p in tag.pages]) for tag in site.tags.values()],
        "site": (site.config, site.urls, site.now, site.awaiting_approval),
    }


def _unlinked(page: Page) -> Page:
    """A copy of `page` without its links to other pages and its tags (the flat list holds them as indexes)."""
    copy = object.__new__(Page)
    vars(copy).update(vars(page))
    vars(copy).update(related=[], previous=None, next=None, tags=[])
    return copy


def _site_of(flat: dict) -> Site:
    pages, refs = flat["pages"], flat["tag_refs"]
    if not all(type(page) is Page for page in pages) or not all(type(ref) is TagRef for ref in refs):
        raise ValueError("not a list of pages")
    for page, (related, previous, next_, tags) in zip(pages, flat["links"]):
        page.related = [pages[i] for i in related]
        page.previous = pages[previous] if previous >= 0 else None
        page.next = pages[next_] if next_ >= 0 else None
        page.tags = [refs[i] for i in tags]
    config, urls, now, awaiting = flat["site"]
    posts = pages[:flat["posts"]]
    tags = {slug: Tag(name, slug, site_path, url, [pages[i] for i in members])
            for name, slug, site_path, url, members in flat["tags"]}
    # each collection is its posts in the newest-first order of all posts (both sort by site._newest_first)
    collections = {kind: [p for p in posts if p.kind == kind] for kind in COLLECTIONS}
    return Site(config, urls, now, collections, pages[len(posts):], tags, awaiting, posts)
