"""The build: site.yaml and content/ to output/ (docs/architecture.md).

`build` reads what the build starts from (run.start), then does only what the last build's
record leaves to do: nothing (Run.nothing_changed), posts' bodies (body_edits.py), or every
stage (pipeline.py). Each of the last two is imported only when the build comes to it: a build
with nothing to do, the most common one (wom serve, CI, a second `wom build`), then loads none
of the pipeline's modules (Markdown, Jinja, images, the generators of outputs/: about a third
of its start-up), and a body edit none that only a full build uses (docs/performance.md).
"""

from __future__ import annotations

import gc
from contextlib import ExitStack

from wom_site.cache import Cache
from wom_site.run import BuildOptions, BuildResult, Rendering, config_for, start

__all__ = ["BuildOptions", "BuildResult", "Rendering", "build", "config_for"]


def build(options: BuildOptions, progress=None, cache: Cache | None = None) -> BuildResult:
    """Build the site; `progress` (progress.BuildProgress) shows bars for the slow stages.
    `cache`: one kept between builds in a long-running process (wom serve); default: loaded from disk."""
    # The build's objects live until it ends (few cycles die young): Python's cyclic collector
    # would walk the whole heap again and again (0.1-0.2 s at 10,000 posts); it runs afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with ExitStack() as held:  # the output folder's lock, once the build knows the folder
            return _build(options, progress, cache, held)
    finally:
        if collecting:
            gc.enable()


def _build(options: BuildOptions, progress, cache: Cache | None, held: ExitStack) -> BuildResult:
    run, sources = start(options, cache, held)  # config, theme, output/ (locked), sources, last record
    result = run.nothing_changed()
    if result is not None:
        run.remember_stats(sources)
        run.cache.save(only="sources")  # the only part of the cache such a build used
    if result is None:  # imported here, not above: see the module's docstring
        from wom_site.body_edits import rebuild_bodies
        result = rebuild_bodies(run, sources)
    if result is None:
        from wom_site.pipeline import full_build
        result = full_build(run, sources, progress)
    return result
