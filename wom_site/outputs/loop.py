"""The one loop every Output goes through: keep it if its inputs did not change, else make it.

A file is kept when its key (keys.Fingerprints: a digest of its `args` and of what every
file depends on) matches the key the last build recorded for its path, and output/ still
holds the file that build wrote (Manifest.intact): it is passed on as Kept and the writer
leaves it alone. Pages are made together in the process pool (render.render_jobs); every
other Output is made where it is met. An incremental build is this loop, nothing more.

While a file's key is computed, the posts among its `args` are recorded (`Made.shows`): a build
that changes only posts' bodies runs this same loop over those posts' own pages and the files
that show them (build.py, record.py), with no list of dependencies written by hand.

A costly Output that output/ lacks (a social card after a clean or a template edit) is taken
from its memo in .wom-cache/ when that still holds what was made (`LastBuild.memo`: by its
content digest); those still to make are made together in the process pool (`pool_from`).
The writer keeps the memos (publish.keep_memos); the loop only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from wom_site.content import digest_bytes
from wom_site.diagnostics import Problem
from wom_site.output import Kept, Spooled, spool_file
from wom_site.outputs import Output
from wom_site.outputs.pages import rendered_in_pool
from wom_site.keys import Fingerprints
from wom_site.pool import map_in_pool
from wom_site.render import render_jobs


@dataclass(frozen=True)
class LastBuild:
    """What the loop asks of the last build: its key for a path, and whether output/ still holds that file."""

    fingerprints: Fingerprints | None  # None: no cache, make everything
    previous: Callable[[str], tuple[str, str] | None]  # path -> (key, content digest)
    intact: Callable[[str, str], bool]  # (path, content digest) -> output/path is that file
    memo: Callable[[str], tuple[bytes, str] | None] = lambda name: None  # Output.memo -> (bytes, digest) kept there


@dataclass(frozen=True)
class Templates:
    """How pages are rendered: a Jinja environment per process, and where templates live (for errors)."""

    make_env: Callable
    template_dirs: tuple[Path, ...]


@dataclass
class Made:
    files: dict  # path -> bytes | Path | Kept | Spooled, for output.write_output
    keys: dict[str, tuple[str, str]]  # path -> (key, content digest), for the next build
    problems: list[Problem]
    rendered: int  # pages rendered (the others were kept)
    made: int = 0  # other files made
    foreign: set[str] = field(default_factory=set)  # rendered pages that read another post's body
    shows: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # path -> (kind, posts it shows)


def keep_or_make(chosen: dict[str, Output], last: LastBuild, templates: Templates, progress=None,
                 spool: Path | None = None) -> Made:
    jobs = [output.args[0] for output in chosen.values() if output.make is rendered_in_pool]
    pages = render_jobs(jobs, templates.make_env, templates.template_dirs, last.fingerprints, last.previous,
                        last.intact, progress, spool)
    made = Made(pages.outputs, pages.keys, pages.problems, pages.rendered, 0, pages.foreign)
    pooled: dict[str, list[tuple[Output, str | None]]] = {}  # kind -> (Output, key) to make in the pool
    for output in chosen.values():
        if output.make is rendered_in_pool:
            continue
        key = _key(output, last, made)
        if _kept(output, key, last, made) or _remembered(output, key, last, made, spool):
            continue
        if output.pool_from:
            pooled.setdefault(output.kind, []).append((output, key))
        else:
            _add(made, output.path, key, output.made())
    for kind, waiting in pooled.items():
        _make_in_pool(kind, waiting, made, progress, spool)
    return made


def _key(output: Output, last: LastBuild, made: Made) -> str | None:
    key = last.fingerprints.key(output.path, output.args) if last.fingerprints else None
    if key and last.fingerprints.seen:  # recorded while keying: the posts this file is made from
        made.shows[output.path] = (output.kind, tuple(sorted(last.fingerprints.seen)))
    return key


def _kept(output: Output, key: str | None, last: LastBuild, made: Made) -> bool:
    """Whether the last build made this file from the same inputs and output/ still holds it."""
    previous = last.previous(output.path) if key else None
    if previous and previous[0] == key and last.intact(output.path, previous[1]):
        made.files[output.path], made.keys[output.path] = Kept(previous[1]), previous
        return True
    return False


def _remembered(output: Output, key: str | None, last: LastBuild, made: Made, spool: Path | None) -> bool:
    """Whether the file was taken from its memo in .wom-cache/ (what an earlier build made of it)."""
    found = last.memo(output.memo) if output.memo else None
    if found is None:
        return False
    data, digest = found
    made.files[output.path] = spool_file(spool, output.path, data, digest) if spool else data
    if key:
        made.keys[output.path] = (key, digest)
    return True


def _add(made: Made, path: str, key: str | None, data: bytes | Path | Spooled, digest: str = "") -> None:
    made.files[path] = data
    made.made += 1
    if key and isinstance(data, (bytes, Spooled)):
        made.keys[path] = (key, digest or (data.digest if isinstance(data, Spooled) else digest_bytes(data)))


def _make_in_pool(kind: str, waiting: list[tuple[Output, str | None]], made: Made, progress, spool: Path | None) -> None:
    """Make the Outputs of one kind together, on every core once there are enough of them."""
    advance = progress.stage(MAKING.get(kind, f"Making {kind} files"), len(waiting)) if progress else None
    items = [(output.make, output.args, output.path, spool) for output, _ in waiting]
    threshold = min(output.pool_from for output, _ in waiting)
    for (output, key), data in zip(waiting, map_in_pool(_make_one, items, threshold, advance)):
        _add(made, output.path, key, data)


MAKING = {"card": "Drawing social cards"}  # what the progress bar says while a kind is made


def _make_one(item: tuple[Callable, tuple, str, Path | None]) -> bytes | Path | Spooled:
    """One Output made (in a worker): written to the spool when there is one, so only its name
    and digest come back through the pool's pipe."""
    make, args, path, spool = item
    data = make(*args)
    if spool is None or not isinstance(data, bytes):
        return data
    return spool_file(spool, path, data, digest_bytes(data))
