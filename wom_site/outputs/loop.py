"""The one loop every Output goes through: keep it if its inputs did not change, else make it.

A file is kept when its key (keys.Fingerprints: a digest of its `args` and of what every
file depends on) matches the key the last build recorded for its path, and output/ still
holds the file that build wrote (Manifest.intact): it is passed on as Kept and the writer
leaves it alone. Pages are made together in the process pool (render.render_jobs); every
other Output is made where it is met. An incremental build is this loop, nothing more.

While a file's key is computed, the posts among its `args` are recorded (`Made.shows`): a build
that changes only posts' bodies runs this same loop over those posts' own pages and the files
that show them (build.py, record.py), with no list of dependencies written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from wom_site.content import digest_bytes
from wom_site.diagnostics import Problem
from wom_site.output import Kept
from wom_site.outputs import Output
from wom_site.outputs.pages import rendered_in_pool
from wom_site.keys import Fingerprints
from wom_site.render import render_jobs


@dataclass(frozen=True)
class LastBuild:
    """What the loop asks of the last build: its key for a path, and whether output/ still holds that file."""

    fingerprints: Fingerprints | None  # None: no cache, make everything
    previous: Callable[[str], tuple[str, str] | None]  # path -> (key, content digest)
    intact: Callable[[str, str], bool]  # (path, content digest) -> output/path is that file


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
    for output in chosen.values():
        if output.make is not rendered_in_pool:
            _keep_or_make_one(output, last, made)
    return made


def _keep_or_make_one(output: Output, last: LastBuild, made: Made) -> None:
    path = output.path
    key = last.fingerprints.key(path, output.args) if last.fingerprints else None
    if key and last.fingerprints.seen:  # recorded while keying: the posts this file is made from
        made.shows[path] = (output.kind, tuple(sorted(last.fingerprints.seen)))
    previous = last.previous(path) if key else None
    if previous and previous[0] == key and last.intact(path, previous[1]):
        made.files[path], made.keys[path] = Kept(previous[1]), previous
        return
    data = made.files[path] = output.made()
    made.made += 1
    if key and isinstance(data, bytes):
        made.keys[path] = (key, digest_bytes(data))
