"""Rendering pages: skip those whose inputs did not change, render the rest on every core.

Each PageJob gets a key: a digest of everything its output depends on (package version,
templates, config, asset URLs, the build's year, and the job's template, meta and context,
where a post counts with its own fields and those of the posts it links to). When the key
matches the last build's and output/ still holds that build's file, the page is not rendered:
it is passed on as `Kept(digest)` and write_output keeps the file as it is.
Posts and their card pages come as LazyJobs keyed by what their planning reads, so an
unchanged post is not even planned. Anything the key cannot describe is rendered every time.
"""

from __future__ import annotations

import ctypes
import dataclasses
import datetime as dt
import gc
import hashlib
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jinja2

import wom_site
from wom_site.content import digest_bytes as digest
from wom_site.diagnostics import Problem
from wom_site.output import Kept, Spooled, spool_file
from wom_site.pages import LazyJob, PageJob
from wom_site.site import LINKS, Page, Site, Tag
from wom_site.templates import Environment, template_problem

POOL_THRESHOLD = 200  # fewer items than this render in-process (a pool costs ~100 ms to start)


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def fork_pool(items: int, threshold: int | None = None) -> ProcessPoolExecutor | None:
    """A process pool when the work is worth it and the platform can fork, else None.
    `threshold`: default POOL_THRESHOLD, read at call time (tests lower it)."""
    if items < (POOL_THRESHOLD if threshold is None else threshold) or workers() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    _return_free_memory()
    return _FrozenPool(workers(), mp_context=multiprocessing.get_context("fork"),
                       initializer=_end_with_parent, initargs=(os.getpid(),))


def _return_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's malloc_trim), before forking.
    The build frees large texts as it goes (file bytes once parsed, Markdown once rendered);
    glibc keeps those pages, and each forked worker would count them again. At 10,000 posts
    this takes the parent from 194 to 108 MB after assembling, in a few milliseconds."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


class _FrozenPool(ProcessPoolExecutor):
    """A fork pool whose workers leave the parent's objects alone: with the collector's
    objects frozen, a worker's garbage collections do not touch (and so copy) every page of
    the parent's heap, which would count its memory once more per worker."""

    def __enter__(self):
        gc.freeze()
        return super().__enter__()

    def __exit__(self, *exc):
        try:
            return super().__exit__(*exc)
        finally:
            gc.unfreeze()


def _end_with_parent(parent: int) -> None:
    """A worker ends when its build does: a build killed with SIGKILL cannot tell its forked
    workers, and they would wait forever (each holding the pipes that would tell them).
    A worker also collects its garbage, which the build pauses in the parent (see build.py)."""
    gc.enable()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)


# --- keys ------------------------------------------------------------------------

class Unkeyable(Exception):
    """A value the key cannot describe: the page is rendered every time."""


def key_base(template_dirs: tuple[Path, ...], config, asset_urls: dict[str, str], year: int, catalogs: str = "") -> str:
    """What every page depends on: package version, every template file, config, assets, and
    `catalogs`, the digest of the translations pages are rendered with."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{wom_site.__version__}\0{config!r}\0{sorted(asset_urls.items())!r}\0{year}\0{catalogs}\0".encode())
    for folder in template_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(f"{path.relative_to(folder).as_posix()}\0".encode())
                h.update(path.read_bytes())
        h.update(b"\1")
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
        self._long: dict[int, tuple[object, str]] = {}  # id -> (sequence, digest): shared by many jobs

    def job(self, job: PageJob | LazyJob) -> str | None:
        parts = [self.base, job.output, job.template]
        try:
            if isinstance(job, LazyJob):
                self._walk(job.inputs, parts)
            else:
                self._walk(job.meta, parts)
                self._walk(job.context, parts)
        except Unkeyable:
            return None
        return _digest_parts(parts)

    def key(self, output: str, inputs) -> str | None:
        """The key of a file made from `inputs` (and the base) by a plain function, not a template."""
        parts = [self.base, output]
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
            parts.append(self._page(value))
        elif isinstance(value, Tag):
            parts.append(self._tag(value))
        elif isinstance(value, Site):
            # A Site stands for its config and URL rules, already in the base; the pages a
            # file shows are passed beside it (outputs.Output), so they count on their own.
            parts.append("site")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            if type(value).__dataclass_params__.frozen:  # e.g. the default share image of most pages
                parts.append(self._frozen(value))
                return
            parts.append(type(value).__qualname__)
            for name in self._names(type(value)):
                self._walk(getattr(value, name), parts)
        else:
            raise Unkeyable(type(value).__name__)

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
            inner = [head]
            for item in items:
                self._walk(item, inner)
            found = self._long[id(value)] = (value, _digest_parts(inner))
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


# --- rendering -----------------------------------------------------------------------

@dataclass
class Rendered:
    outputs: dict[str, bytes | Kept]
    keys: dict[str, tuple[str, str]]  # output -> (job key, content digest), for the next build
    problems: list[Problem]
    rendered: int  # pages actually rendered (the others were kept)
    foreign: set[str] = dataclasses.field(default_factory=set)  # rendered pages that read another post's body


def render_jobs(
    jobs: list[PageJob | LazyJob],
    make_env: Callable[[], jinja2.Environment],
    template_dirs: tuple[Path, ...],
    fingerprints: Fingerprints | None,
    previous: Callable[[str], tuple[str, str] | None],
    intact: Callable[[str, str], bool],
    progress=None,
    spool: Path | None = None,
) -> Rendered:
    """Render the jobs whose key changed (or that have none); keep the others' files.
    A LazyJob is planned only when it is rendered. With a `spool` folder, each page is written
    there as it is rendered (by the worker that rendered it) and passed on as `Spooled`, so a
    big build never holds every page in memory."""
    outputs: dict[str, bytes | Kept | Spooled] = {}
    keys: dict[str, tuple[str, str]] = {}
    todo: list[tuple[PageJob | LazyJob, str | None]] = []
    for job in jobs:
        key = fingerprints.job(job) if fingerprints else None
        last = previous(job.output) if key else None
        if last and last[0] == key and intact(job.output, last[1]):
            outputs[job.output] = Kept(last[1])
            keys[job.output] = last
        else:
            todo.append((job, key))  # a LazyJob is planned where it is rendered, in a worker
    problems: list[Problem] = []
    foreign: set[str] = set()
    advance = progress.stage("Rendering pages", len(todo)) if progress else None
    for (job, key), result in zip(todo, _render_all([job for job, _ in todo], make_env, template_dirs, advance, spool)):
        if isinstance(result, Problem):
            if result not in problems:
                problems.append(result)
            continue
        data, content_digest, read_foreign = result
        outputs[job.output] = data
        if read_foreign:
            foreign.add(job.output)
        if key:
            keys[job.output] = (key, content_digest)
    return Rendered(outputs, keys, problems, len(todo), foreign)


def make_files(files: list[tuple[str, tuple, Callable[[], bytes]]], fingerprints: Fingerprints | None,
               previous: Callable[[str], tuple[str, str] | None], intact: Callable[[str, str], bool]) -> Rendered:
    """Files made by plain functions (feeds, the sitemap) from (output, inputs, make): like
    render_jobs, a file whose inputs' key matches the last build's, still intact, is kept."""
    outputs: dict[str, bytes | Kept] = {}
    keys: dict[str, tuple[str, str]] = {}
    made = 0
    for output, inputs, make in files:
        key = fingerprints.key(output, inputs) if fingerprints else None
        last = previous(output) if key else None
        if last and last[0] == key and intact(output, last[1]):
            outputs[output], keys[output] = Kept(last[1]), last
            continue
        data = outputs[output] = make()
        made += 1
        if key:
            keys[output] = (key, digest(data))
    return Rendered(outputs, keys, [], made)


def _render_all(jobs: list[PageJob | LazyJob], make_env, template_dirs, advance=None, spool: Path | None = None) -> list:
    pool = fork_pool(len(jobs))
    if pool is None:
        env, results = make_env(), []
        for start in range(0, len(jobs), 64):
            results += _render_chunk(jobs[start:start + 64], env, template_dirs, spool)
            if advance:
                advance(min(64, len(jobs) - start))
        return results
    # Workers are forked with the jobs in hand (nothing pickled but indexes and results).
    with pool:  # the executor forks on the first submit, after prepare()
        chunks = [range(i, min(i + 64, len(jobs))) for i in range(0, len(jobs), 64)]
        _Worker.prepare(jobs, make_env, template_dirs, spool)
        try:
            results = []
            for part in pool.map(_Worker.run, chunks):
                results.extend(part)
                if advance:
                    advance(len(part))
            return results
        finally:
            _Worker.clear()


class _Worker:
    """What forked workers inherit: set just before the pool forks, cleared after."""

    jobs: list[PageJob | LazyJob] = []
    make_env = None
    template_dirs: tuple[Path, ...] = ()
    env: jinja2.Environment | None = None
    spool: Path | None = None

    @classmethod
    def prepare(cls, jobs, make_env, template_dirs, spool=None) -> None:
        cls.jobs, cls.make_env, cls.template_dirs, cls.env, cls.spool = jobs, make_env, template_dirs, None, spool

    @classmethod
    def clear(cls) -> None:
        cls.jobs, cls.make_env, cls.env = [], None, None

    @classmethod
    def run(cls, indexes: range) -> list:
        if cls.env is None:
            cls.env = cls.make_env()
        return _render_chunk([cls.jobs[i] for i in indexes], cls.env, cls.template_dirs, cls.spool)


def _render_chunk(jobs: list[PageJob | LazyJob], env: Environment, template_dirs, spool: Path | None = None) -> list:
    """Plan (LazyJobs) and render each job: a planned page lives only while it renders."""
    results = []
    for job in jobs:
        if isinstance(job, LazyJob):
            job = job.plan()
        env.own, env.foreign_read = job.context.get("page"), False
        env.speak(job.context.get("lang"))
        try:
            html = env.get_template(job.template).render(meta=job.meta, **job.context)
        except Exception as error:  # noqa: BLE001 - any template failure is reported with its place
            results.append(template_problem(error, template_dirs))
            continue
        data = html.encode("utf-8")
        content_digest = digest(data)
        results.append((spool_file(spool, job.output, data, content_digest) if spool else data, content_digest, env.foreign_read))
    return results


def render_markdown_all(items: list[tuple], progress=None) -> list:
    """render_markdown over (body, source, options, base_path) tuples, in a pool when many."""
    advance = progress.stage("Rendering Markdown", len(items)) if progress else None
    return map_in_pool(_render_markdown_item, items, POOL_THRESHOLD, advance)


def map_in_pool(function: Callable, items: list, threshold: int | None = None, advance=None) -> list:
    """[function(item) for item in items], on every core when there are at least `threshold` items
    (default POOL_THRESHOLD).

    `function` must be a module-level function (it is pickled by name); results come back in order.
    """
    pool = fork_pool(len(items), threshold)
    results: list = []
    if pool is None:
        for item in items:
            results.append(function(item))
            if advance and len(results) % 64 == 0:
                advance(64)
    else:
        with pool:
            chunk = max(1, min(64, len(items) // (4 * workers())))
            for result in pool.map(function, items, chunksize=chunk):
                results.append(result)
                if advance and len(results) % 64 == 0:
                    advance(64)
    if advance and len(results) % 64:
        advance(len(results) % 64)
    return results


def _render_markdown_item(item: tuple):
    from wom_site.markdown import render_markdown

    return render_markdown(*item)
