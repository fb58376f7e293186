"""Rendering pages: keep those whose key did not change (keys.py), render the rest on every core.

Posts and their card pages come as LazyJobs keyed by what their planning reads, so an
unchanged post is not even planned; a planned page lives only while it renders.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jinja2

from wom_site import pool
from wom_site.content import digest_bytes as digest
from wom_site.diagnostics import Problem
from wom_site.keys import Fingerprints
from wom_site.output import Kept, Spooled, spool_file
from wom_site.pages import LazyJob, PageJob
from wom_site.templates import Environment, template_problem


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


def _render_all(jobs: list[PageJob | LazyJob], make_env, template_dirs, advance=None, spool: Path | None = None) -> list:
    workers = pool.fork_pool(len(jobs))
    if workers is None:
        env, results = make_env(), []
        for start in range(0, len(jobs), 64):
            results += _render_chunk(jobs[start:start + 64], env, template_dirs, spool)
            if advance:
                advance(min(64, len(jobs) - start))
        return results
    # Workers are forked with the jobs in hand (nothing pickled but indexes and results).
    with workers:  # the executor forks on the first submit, after prepare()
        chunks = [range(i, min(i + 64, len(jobs))) for i in range(0, len(jobs), 64)]
        _Worker.prepare(jobs, make_env, template_dirs, spool)
        try:
            results = []
            for part in workers.map(_Worker.run, chunks):
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
    return pool.map_in_pool(_render_markdown_item, items, None, advance)


def _render_markdown_item(item: tuple):
    from wom_site.markdown import render_markdown

    return render_markdown(*item)
