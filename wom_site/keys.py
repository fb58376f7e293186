"""Keys: a digest of everything an output depends on, so an unchanged one is kept, not made.

Each page job or Output gets a key: a digest of everything its file depends on (package version,
templates, config, asset URLs, the build's year, and the job's template, meta and context or
the Output's args, where a post counts with its own fields and those of the posts it links to).
When the key matches the last build's and output/ still holds that build's file, the file is
not made again. Anything the key cannot describe is made every time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
from pathlib import Path

import wom_site
from wom_site.config import SiteConfig
from wom_site.content import digest_bytes as digest
from wom_site.pages import LazyJob, PageJob
from wom_site.search import binary_key
from wom_site.site import LINKS, Page, Site, Tag


class Unkeyable(Exception):
    """A value the key cannot describe: the page is rendered every time."""


def key_base(template_dirs: tuple[Path, ...], config, asset_urls: dict[str, str], year: int, catalogs: str = "",
             variables: str = "") -> str:
    """What every page depends on: package version, every template file, config, assets,
    `catalogs`, the digest of the translations pages are rendered with, and `variables`, the
    site values posts from other generators print (site_variables.py; a _config.yml too)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{wom_site.__version__}\0{config!r}\0{sorted(asset_urls.items())!r}\0{year}\0{catalogs}\0{variables}\0".encode())
    for folder in template_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(f"{path.relative_to(folder).as_posix()}\0".encode())
                h.update(path.read_bytes())
        h.update(b"\1")
    # and whether pages get a search box: what the build found of Pagefind (search.binary_key),
    # so a build with the binary after one without it (or the other way round) makes every page
    h.update(f"search\0{binary_key(config)}\0".encode())
    return h.hexdigest()


def environment_key(base: str, selection: str, static: dict, assets: list, site_dir: Path) -> str:
    """Everything a whole build reads but its sources and its "now": `base` is key_base()
    (version, templates, config, assets' URLs, year); `selection` the build's choice of drafts
    and future posts; then the static files and the content folder's other files."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{base}\0{selection}\0".encode())
    for logical, (published, value) in sorted(static.items()):
        h.update(f"{logical}\0{published}\0{_file_or_bytes_key(value)}\0".encode())
    for asset in assets:
        h.update(f"{asset.path}\0{asset.site_path}\0{_file_or_bytes_key(site_dir / asset.path)}\0".encode())
    return h.hexdigest()


def inputs_key(environment: str, sources: list) -> str:
    """Everything a whole build reads but its "now": when it matches the last build's, and no
    post's date has come since (see site.selection_window), there is nothing to do."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{environment}\0".encode())
    for source in sources:
        h.update(f"{source.path}\0{source.digest}\0".encode())
    return h.hexdigest()


def _file_or_bytes_key(value) -> str:
    if isinstance(value, bytes):
        return digest(value)
    try:
        stat = value.stat()
    except OSError:
        return "missing"
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _digest_parts(parts: list[str]) -> str:
    return digest("\x1f".join(parts).encode("utf-8", "surrogatepass"))


class Fingerprints:
    """Keys for the jobs of one build; a post's digest is computed once and reused."""

    def __init__(self, base: str):
        self.base = base
        self._own: dict[int, str] = {}
        self._deep: dict[int, str] = {}
        self._fields: dict[type, tuple[str, ...]] = {}
        self._long: dict[int, tuple[object, str, frozenset]] = {}  # id -> (sequence, digest, posts in it)
        self.seen: set[str] = set()  # the posts (by source) the last key walked: what its file shows

    def job(self, job: PageJob | LazyJob) -> str | None:
        """A planned page's key: its meta and context; a lazy one's, the plan it will be made by
        (a partial: its function and the view it is given, which is all it can read)."""
        parts = [self.base, job.output, job.template]
        self.seen = set()
        try:
            if isinstance(job, LazyJob):
                self._walk(job.plan, parts)
            else:
                self._walk(job.meta, parts)
                self._walk(job.context, parts)
        except Unkeyable:
            return None
        return _digest_parts(parts)

    def key(self, output: str, inputs) -> str | None:
        """The key of a file made from `inputs` (and the base) by a plain function, not a template."""
        parts = [self.base, output]
        self.seen = set()
        try:
            self._walk(inputs, parts)
        except Unkeyable:
            return None
        return _digest_parts(parts)

    def _walk(self, value, parts: list[str]) -> None:
        if value is None or isinstance(value, (bool, int, float)):
            parts.append(repr(value))
        elif isinstance(value, str):
            parts.append(f"s{len(value)}:{value}")
        elif isinstance(value, (dt.datetime, dt.date)):
            parts.append(f"d{value.isoformat()}")
        elif isinstance(value, (list, tuple)):
            if len(value) > 16:  # e.g. the page list every page of a paginated tag shares
                parts.append(self._sequence(value))
                return
            parts.append(f"[{len(value)}")
            for item in value:
                self._walk(item, parts)
        elif isinstance(value, dict):
            parts.append(f"{{{len(value)}")
            for k, v in value.items():
                self._walk(k, parts)
                self._walk(v, parts)
        elif isinstance(value, Page):
            self.seen.add(value.entry.source)
            parts.append(self._page(value))
        elif isinstance(value, Tag):
            parts.append(self._tag(value))
        elif isinstance(value, functools.partial):  # a lazy page's plan: the function, and what it is given
            parts.append(f"f{value.func.__module__}.{value.func.__qualname__}")
            self._walk(value.args, parts)
            self._walk(value.keywords, parts)
        elif isinstance(value, SiteConfig):  # in the base too, but a language's config is another one
            parts.append(self._config(value))
        elif isinstance(value, Site):
            # A Site can be read for anything (every post, tag, collection): a file made from one
            # has no key. Give `make` the site's Frame (config, URL rules) and what it shows.
            raise Unkeyable("Site")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            if type(value).__dataclass_params__.frozen:  # e.g. the default share image of most pages
                parts.append(self._frozen(value))
                return
            parts.append(type(value).__qualname__)
            for name in self._names(type(value)):
                self._walk(getattr(value, name), parts)
        else:
            raise Unkeyable(type(value).__name__)

    def _config(self, config: SiteConfig) -> str:
        """A config by its repr (exact, as in key_base), once a build."""
        found = self._long.get(id(config))
        if found is None or found[0] is not config:
            found = self._long[id(config)] = (config, digest(repr(config).encode("utf-8", "surrogatepass")), frozenset())
        return found[1]

    def _sequence(self, value) -> str:
        """A long list (e.g. the page list every page of a paginated tag shares), walked once a build."""
        return self._shared(value, f"[{len(value)}", value)

    def _frozen(self, value) -> str:
        """A frozen dataclass, walked once per build however many jobs share it."""
        return self._shared(value, type(value).__qualname__, (getattr(value, name) for name in self._names(type(value))))

    def _shared(self, value, head: str, items) -> str:
        """The digest of `head` and `items` walked, remembered for `value` (by identity)."""
        found = self._long.get(id(value))
        if found is None or found[0] is not value:
            inner, outer_seen = [head], self.seen
            self.seen = set()
            try:
                for item in items:
                    self._walk(item, inner)
                found = self._long[id(value)] = (value, _digest_parts(inner), frozenset(self.seen))
            finally:
                self.seen = outer_seen
        self.seen.update(found[2])
        return found[1]

    def _names(self, cls: type) -> tuple[str, ...]:
        if cls not in self._fields:
            self._fields[cls] = tuple(f.name for f in dataclasses.fields(cls))
        return self._fields[cls]

    def _page_own(self, page: Page) -> str:
        """A post by itself: its source (by digest), URL, body, tags; not its neighbours."""
        found = self._own.get(id(page))
        if found is None:
            entry = page.entry
            h = hashlib.blake2b(f"page\x1f{entry.source}\x1f{entry.digest}\x1f{entry.kind}".encode("utf-8", "surrogatepass"),
                                digest_size=16)
            for name in self._names(Page):
                if name in LINKS or name == "entry":
                    continue
                value = getattr(page, name)
                if isinstance(value, str):  # hashed as it is (repr would copy and escape it)
                    h.update(b"\x1fs%d:" % len(value))
                    h.update(value.encode("utf-8", "surrogatepass"))
                    continue
                if isinstance(value, bytes):  # the packed body
                    h.update(b"\x1fb%d:" % len(value))
                    h.update(value)
                    continue
                text = repr(value)  # numbers, dates and small dataclasses: repr is exact and fast
                if " object at 0x" in text:  # something repr cannot describe: walk it (or give up)
                    parts: list[str] = []
                    self._walk(value, parts)
                    text = "\x1f".join(parts)
                h.update(b"\x1fr%d:" % len(text))
                h.update(text.encode("utf-8", "surrogatepass"))
            found = self._own[id(page)] = h.hexdigest()
        return found

    def _page(self, page: Page) -> str:
        """A post with the posts it points to (related, previous, next), one level deep."""
        found = self._deep.get(id(page))
        if found is None:
            parts = [self._page_own(page)]
            for p in page.related:
                parts.append(self._page_own(p))
            parts.append(self._page_own(page.previous) if page.previous else "-")
            parts.append(self._page_own(page.next) if page.next else "-")
            found = self._deep[id(page)] = digest("\x1f".join(parts).encode())
        return found

    def _tag(self, tag: Tag) -> str:
        found = self._deep.get(id(tag))
        if found is None:
            parts = ["tag", tag.name, tag.slug, tag.site_path, tag.url] + [self._page(p) for p in tag.pages]
            found = self._deep[id(tag)] = digest("\x1f".join(parts).encode("utf-8", "surrogatepass"))
        return found
