"""Keys: a digest of everything an output depends on, so an unchanged one is kept, not made.

Each page job or Output gets a key: a digest of everything its file depends on (package version,
templates, config, asset URLs, the build's year, and the job's template, meta and context or
the Output's args, where a post counts with its own fields and those of the posts it links to).
When the key matches the last build's and output/ still holds that build's file, the file is
not made again. Anything the key cannot describe is made every time.

A face edit at 10,000 posts keys some 22,000 files, so the walk is kept cheap: a type's walker
is looked up in a dict; plain values (scalars, and short lists of them) are written at once, as
their repr or pickle, not walked one by one; a post's digest, a shared record and a long list
are walked once a build. None of this changes what a key covers (tests/test_page_keys.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import io
import operator
import pickle
from pathlib import Path
from typing import Callable

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


# A post's own fields but its body (hashed as bytes), the links to other posts, its tags and
# translations (which hold records): plain values, pickled at once (Fingerprints._plain)
_page_own_fields = operator.attrgetter(*(f.name for f in dataclasses.fields(Page)
                                         if f.name not in (*LINKS, "entry", "packed_html", "tags", "translations")))
# What may hold only plain values: worth trying to pickle (Fingerprints._plain)
_SCALARS = frozenset({type(None), bool, int, float, str})  # repr() describes these exactly
_SEQUENCES = frozenset({tuple, list})
_SIZED = _SEQUENCES | {dict}
_CONTAINERS = _SCALARS | _SIZED


class _NotPlain(Exception):
    pass


class _PlainPickler(pickle.Pickler):
    """Pickles plain values only: None, booleans and exact ints, floats, strings, bytes,
    bytearrays, tuples, lists, dicts, sets and frozensets, which the C pickler writes itself,
    exactly. Anything else (a record, a str subclass such as Markup, a function) is refused,
    to be walked. No memo (`fast`): the bytes depend on the values, not on which are shared."""

    def reducer_override(self, obj):
        raise _NotPlain(type(obj).__name__)


class Fingerprints:
    """Keys for the jobs of one build. A key is a digest of the tokens a walk of the job writes;
    what many jobs share (a post's digest, the Frame, a long list) is walked once a build.

    Each type is walked by the walker `_learn` picks for it the first time it is met (a dict
    lookup, not a chain of isinstance checks). A frozen dataclass is written as its fields'
    tokens, remembered (by identity) to be repeated, so its tokens are the same whether it was
    met before or not: the memo makes a key cheaper, never different."""

    def __init__(self, base: str):
        self.base = base
        self._own: dict[int, str] = {}
        self._deep: dict[int, str] = {}
        self._fields: dict[type, Callable[[object], tuple]] = {}
        self._names: dict[Callable, str] = {}  # a plan function -> its token
        self._long: dict[int, tuple[object, object, tuple[str, ...]]] = {}  # id -> (value, digest or tokens, posts in it)
        self._shows: list[str] = []  # the sources of the posts the last key walked (repeats allowed)
        self._met: dict[type, int] = {}  # frozen dataclasses: how many objects of a type were walked
        self._shared: set[type] = set()  # ... types an object of which was met again
        self._buffer = io.BytesIO()
        self._pickler = _PlainPickler(self._buffer, 5)
        self._pickler.fast = True
        # each kind of value's walker, its subclasses' too (_learn): the first base that matches
        self._by_base: tuple[tuple[type, Callable], ...] = (
            (bool, self._scalar), (int, self._scalar), (float, self._scalar), (str, self._text), (dt.date, self._date),
            (tuple, self._items), (list, self._items), (dict, self._dict), (Page, self._page_ref), (Tag, self._tag_ref),
            (functools.partial, self._partial), (SiteConfig, self._config_ref), (Site, self._site))
        self._walkers: dict[type, Callable] = {**dict(self._by_base), str: self._str, type(None): self._scalar,
                                               dt.datetime: self._date}

    @property
    def seen(self) -> set[str]:
        """The posts (by source) the last key walked: what its file shows."""
        return set(self._shows)

    def job(self, job: PageJob | LazyJob) -> str | None:
        """A planned page's key: its meta and context; a lazy one's, the plan it will be made by
        (a partial: its function and the view it is given, which is all it can read)."""
        parts = [self.base, job.output, job.template]
        self._shows = []
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
        self._shows = []
        try:
            self._walk(inputs, parts)
        except Unkeyable:
            return None
        return _digest_parts(parts)

    def _walk(self, value, parts: list[str]) -> None:
        (self._walkers.get(type(value)) or self._learn(type(value)))(value, parts)

    def _learn(self, cls: type) -> Callable:
        """How values of `cls` are walked, decided once a build (subclasses as their base)."""
        for base, walker in self._by_base:
            if issubclass(cls, base):
                break
        else:
            if dataclasses.is_dataclass(cls):
                walker = self._frozen if cls.__dataclass_params__.frozen else self._dataclass
            else:
                walker = self._unkeyable
        self._walkers[cls] = walker
        return walker

    def _scalar(self, value, parts: list[str]) -> None:
        parts.append(repr(value))

    def _str(self, value: str, parts: list[str]) -> None:
        parts.append(f"s{len(value)}:{value}")

    def _text(self, value: str, parts: list[str]) -> None:
        """A str subclass (Markup: printed as it is, where a str is escaped) with its type."""
        parts.append(f"{type(value).__qualname__}:{len(value)}:{value}")

    def _date(self, value: dt.date, parts: list[str]) -> None:
        parts.append(f"d{value.isoformat()}")

    def _items(self, value, parts: list[str]) -> None:
        if len(value) > 16:  # e.g. the page list every page of a paginated tag shares
            parts.append(self._sequence(value))
        else:
            self._values(value, parts)

    def _values(self, values, parts: list[str]) -> None:
        """Values in order: written at once when they are plain (_plain), else each walked."""
        if type(values) in _SEQUENCES:
            kinds = set(map(type, values))
            if kinds <= _SCALARS:  # repr is exact for these types
                parts.append(f"r{values!r}")
                return
            if kinds <= _CONTAINERS:
                data = self._plain(values)
                if data is not None:
                    parts.append("p" + data.decode("latin-1"))
                    return
        parts.append(f"[{len(values)}")
        walkers = self._walkers
        for item in values:
            (walkers.get(type(item)) or self._learn(type(item)))(item, parts)

    def _plain(self, values: tuple | list) -> bytes | None:
        """The pickle of `values` when they hold only plain values and no long list (which is
        walked once a build by _sequence, not pickled for every job): one C call for a post's
        own fields or /index.json's records instead of a walk. None: walk them."""
        for value in values:
            if type(value) in _SIZED and (len(value) > 16 or not _CONTAINERS.issuperset(
                    map(type, value.values() if type(value) is dict else value))):
                return None
        buffer, pickler = self._buffer, self._pickler
        buffer.seek(0)
        buffer.truncate()
        pickler.clear_memo()
        try:
            pickler.dump(values)
        except Exception:  # not plain further down (_NotPlain): walked, which describes it or gives up
            return None
        return buffer.getvalue()

    def _dict(self, value: dict, parts: list[str]) -> None:
        if not value or (type(value) is dict and _SCALARS.issuperset(map(type, value))
                         and _SCALARS.issuperset(map(type, value.values()))):
            parts.append(f"r{value!r}")  # exact for these types, in order
            return
        parts.append(f"{{{len(value)}")
        walkers = self._walkers
        for k, v in value.items():
            (walkers.get(type(k)) or self._learn(type(k)))(k, parts)
            (walkers.get(type(v)) or self._learn(type(v)))(v, parts)

    def _page_ref(self, page: Page, parts: list[str]) -> None:
        self._shows.append(page.entry.source)
        parts.append(self._deep.get(id(page)) or self._page(page))

    def _tag_ref(self, tag: Tag, parts: list[str]) -> None:
        parts.append(self._tag(tag))

    def _partial(self, value: functools.partial, parts: list[str]) -> None:
        """A lazy page's plan: the function, and what it is given."""
        func = value.func
        name = self._names.get(func)
        if name is None:
            name = self._names[func] = f"f{func.__module__}.{func.__qualname__}"
        parts.append(name)
        parts.append(f"[{len(value.args)}")  # a view or two: walked, never plain
        walkers = self._walkers
        for arg in value.args:
            (walkers.get(type(arg)) or self._learn(type(arg)))(arg, parts)
        self._dict(value.keywords, parts)

    def _config_ref(self, config: SiteConfig, parts: list[str]) -> None:
        """In the base too, but a language's config is another one."""
        parts.append(self._config(config))

    def _site(self, value, parts: list[str]) -> None:
        # A Site can be read for anything (every post, tag, collection): a file made from one
        # has no key. Give `make` the site's Frame (config, URL rules) and what it shows.
        raise Unkeyable("Site")

    def _unkeyable(self, value, parts: list[str]) -> None:
        raise Unkeyable(type(value).__name__)

    def _dataclass(self, value, parts: list[str]) -> None:
        cls = type(value)
        parts.append(cls.__qualname__)
        self._values(self._fields_of(cls)(value), parts)

    def _frozen(self, value, parts: list[str]) -> None:
        """A frozen dataclass (the Frame, the default share image, a post's view): its tokens,
        remembered to be repeated for the next job that shares it. A type whose first objects
        were each met once (a post's view, its photos' sizes) is not remembered any more."""
        cls = type(value)
        found = self._long.get(id(value))
        if found is not None and found[0] is value:
            parts.extend(found[1])
            if found[2]:
                self._shows.extend(found[2])
            self._shared.add(cls)
            return
        start, shown = len(parts), len(self._shows)
        self._dataclass(value, parts)
        self._long[id(value)] = (value, tuple(parts[start:]), tuple(self._shows[shown:]))
        met = self._met[cls] = self._met.get(cls, 0) + 1
        if met >= 64 and cls not in self._shared:
            self._walkers[cls] = self._dataclass  # walked from now on, not remembered

    def _config(self, config: SiteConfig) -> str:
        """A config by its repr (exact, as in key_base), once a build."""
        found = self._long.get(id(config))
        if found is None or found[0] is not config:
            found = self._long[id(config)] = (config, digest(repr(config).encode("utf-8", "surrogatepass")), ())
        return found[1]

    def _sequence(self, value) -> str:
        """A long list (e.g. the page list every page of a paginated tag shares), walked once a build."""
        found = self._long.get(id(value))
        if found is None or found[0] is not value:
            shown = len(self._shows)
            data = self._plain(value) if type(value) in _SEQUENCES and _CONTAINERS.issuperset(map(type, value)) else None
            if data is not None:  # hashed as it is (e.g. /index.json's records)
                key = digest(b"p%d:" % len(value) + data)
            else:
                inner = [f"[{len(value)}"]
                for item in value:
                    self._walk(item, inner)
                key = _digest_parts(inner)
            found = self._long[id(value)] = (value, key, tuple(self._shows[shown:]))
            return key
        self._shows.extend(found[2])
        return found[1]

    def _fields_of(self, cls: type) -> Callable[[object], tuple]:
        """A dataclass's field values as one tuple (operator.attrgetter, once per class)."""
        found = self._fields.get(cls)
        if found is None:
            names = tuple(f.name for f in dataclasses.fields(cls))
            if len(names) > 1:
                found = operator.attrgetter(*names)
            else:  # attrgetter of one name gives the value, not a tuple
                found = (lambda value: (getattr(value, names[0]),)) if names else (lambda value: ())
            self._fields[cls] = found
        return found

    def _page_own(self, page: Page) -> str:
        """A post by itself: its source (by digest), URL, body, tags; not its neighbours."""
        found = self._own.get(id(page))
        if found is None:
            entry, values = page.entry, _page_own_fields(page)
            h = hashlib.blake2b(digest_size=16)
            parts = [f"page\x1f{entry.source}\x1f{entry.digest}\x1f{entry.kind}"]
            data = self._plain(values) if _CONTAINERS.issuperset(map(type, values)) else None
            if data is not None:  # its plain fields, hashed as their pickle (first, by length)
                h.update(b"p%d:" % len(data))
                h.update(data)
            else:
                self._values(values, parts)
            self._items(page.tags, parts)
            self._items(page.translations, parts)
            h.update("\x1f".join(parts).encode("utf-8", "surrogatepass"))
            h.update(b"\x1fb%d:" % len(page.packed_html))  # the body, hashed as it is
            h.update(page.packed_html)
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
