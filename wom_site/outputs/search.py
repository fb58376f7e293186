"""The search index (search: true): Pagefind's files, made from the pages the loop made.

Pagefind reads the published HTML, so the index is the one post-processor (registry.py): it
runs on the loop's files, and its own files join them before the writer, in the same staging
and atomic swap as every page. Like the loop, it keeps what has not changed: when every
indexed page is the file the last index was made from, the last index's files are Kept and
Pagefind does not run. A site's own file under pagefind/ is a clash, as with any Output.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wom_site.cache import Cache
from wom_site.content import digest_bytes
from wom_site.diagnostics import Problem
from wom_site.output import MARKER, Kept, Manifest, output_key, write_output
from wom_site.outputs import Output, as_is
from wom_site.outputs.precedence import decide
from wom_site.search import BUNDLE, binary_key, find_pagefind, lay_out, run_pagefind
from wom_site.site import Site
from wom_site.urls import output_file


@dataclass(frozen=True)
class Folder:
    """The output folder a post-processor adds to: where to work, what it holds, what was remembered."""

    output_dir: Path
    manifest: Manifest
    cache: Cache
    tag: str  # output.output_tag: names this folder's records in the cache
    later: bool = False  # wom serve: keep the last index now and remake it after the page reloads (serve/indexer.py)


@dataclass(frozen=True)
class Pending:
    """The index a preview build left to be made after it (Folder.later): of these pages, as
    the build wrote them (output path, content key), under this base path."""

    key: str
    base_path: str
    pages: tuple[tuple[str, str], ...]


def indexed_pages(sites: tuple[Site, ...]) -> list[str]:
    """Output files of the pages search finds: every published post and plain page, in every
    language (Pagefind makes one index per <html lang>). Drafts and future posts are in a site
    only when the preview shows them; card, kit, redirect and 404 pages are not posts."""
    return [output_file(page.site_path) for site in sites for page in site.everything]


def post_process(sites: tuple[Site, ...], files: dict, chosen: dict[str, Output], folder: Folder) -> list[Problem]:
    """Put the index of the pages among `files` into `files` (replacing the last one); its problems."""
    site = sites[0]
    binary = find_pagefind() if site.config.search else None
    pages = sorted({p for p in indexed_pages(sites) if p in files}) if binary else []
    if not pages:  # no index (Pagefind makes none of no page): nor the last one, which a body-only build passes on
        for rel in [rel for rel in files if rel.startswith(BUNDLE)]:
            del files[rel]
        folder.cache.put("search", "pending" + folder.tag, None)
        return []
    keys = tuple((p, output_key(files[p])) for p in pages)
    key = index_key(binary_key(site.config), site.urls.base_path, keys)
    last = _last_index(folder)
    folder.cache.put("search", "pending" + folder.tag, None)
    if last is not None and (last[0] == key or folder.later):
        # unchanged; or a preview, which shows the edit first and remakes the index after it
        index: dict = {rel: Kept(digest) for rel, digest in last[1].items()}
        problems: list[Problem] = []
        if last[0] != key:
            folder.cache.put("search", "pending" + folder.tag, Pending(key, site.urls.base_path, keys))
    else:
        # a page kept without a look (a body-only build) may have been changed by hand: indexed
        # as it is, but not remembered, so the next build, which puts the page right, indexes again
        trusted = all(folder.manifest.intact(p, files[p].digest) for p in pages if isinstance(files[p], Kept))
        index, problems = run_pagefind(files, pages, site.urls.base_path, folder.output_dir, binary)
        if index and trusted:
            _remember(folder, key, index)
    if index:  # replaces the last index (a body-only build passes on every other file as it was)
        for rel in [rel for rel in files if rel.startswith(BUNDLE)]:
            del files[rel]
        files.update(index)
    return problems + _clashes(index, chosen)


def index_key(binary: str, base_path: str, pages: tuple[tuple[str, str], ...]) -> str:
    """What an index is made from: the binary (search.binary_key), the base path, each page's content key."""
    return digest_bytes(repr((binary, base_path, [list(page) for page in pages])).encode())


def pending(cache: Cache, tag: str) -> Pending | None:
    """The index the last preview build of this output folder left to be made, if any."""
    found = cache.get("search", "pending" + tag)
    return found if isinstance(found, Pending) else None


def laid_out(job: Pending, folder: Folder, work: Path) -> bool:
    """The pending index's pages, as output/ holds them now, under `work`: False when output/
    no longer holds those pages as the job names them (a later build changed them)."""
    if not all(folder.manifest.intact(rel, key) for rel, key in job.pages):
        return False
    lay_out({rel: Kept(key) for rel, key in job.pages}, [rel for rel, _ in job.pages], job.base_path,
            folder.output_dir, work)
    return True


def install(job: Pending, index: dict[str, bytes], folder: Folder) -> None:
    """Put an index made after its build into output/, every other file kept as it is (the
    writer's staging and swap, as for any build); the index is remembered as of `job`'s pages."""
    if not folder.manifest.entries:  # nothing recorded (no cache): the next build indexes
        return
    outputs = {rel: Kept(entry[0]) for rel, entry in folder.manifest.entries.items()
               if rel != MARKER and not rel.startswith(BUNDLE)}
    outputs.update(index)
    write_output(outputs, folder.output_dir, folder.manifest)
    _remember(folder, job.key, index)
    if pending(folder.cache, folder.tag) == job:
        folder.cache.put("search", "pending" + folder.tag, None)
    # not saved here: a save keeps only what was used since the last one (the build's), and the
    # preview's cache lives in memory; its next build saves this record with the rest


def _last_index(folder: Folder) -> tuple[str, dict[str, str]] | None:
    """The last index (its key, its files' digests) when output/ still holds it whole."""
    last = folder.cache.get("search", "index" + folder.tag)
    if isinstance(last, tuple) and len(last) == 2 and isinstance(last[1], dict) and last[1] \
            and all(folder.manifest.intact(rel, digest) for rel, digest in last[1].items()):
        return last
    return None


def _remember(folder: Folder, key: str, index: dict[str, bytes]) -> None:
    folder.cache.put("search", "index" + folder.tag, (key, {rel: digest_bytes(data) for rel, data in index.items()}))


def _clashes(index: dict, chosen: dict[str, Output]) -> list[Problem]:
    """A site's own file where the index writes one: an error naming both, as for any Output."""
    theirs = [chosen[rel] for rel in index if rel in chosen]
    if not theirs:
        return []
    ours = [Output(rel, "search", as_is, (b"",), label="the search index") for rel in index if rel in chosen]
    return decide(theirs + ours)[1]
