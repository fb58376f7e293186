"""The build: site.yaml and content/ to output/, one line a stage (docs/architecture.md).

Reading happens at the start (run.start), writing at the end (publish.publish); the stages
between take plain data and return plain data. The last build's record (record.py) may say
that nothing needs doing, or only posts' bodies (body_edits.py): then the pipeline stops early.
"""

from __future__ import annotations

import gc
from contextlib import ExitStack

from wom_site.activecontent import sanitized
from wom_site.brand import brand_warning
from wom_site.body_edits import nothing_changed, rebuild_bodies
from wom_site.cache import Cache
from wom_site.cached import assemble_site, parse_all, render_bodies
from wom_site.front_matter_keys import unknown_key_warnings
from wom_site.held_back import held_back
from wom_site.outputs import Inputs
from wom_site.outputs.registry import every_output
from wom_site.pages import alias_clashes, plan_pages
from wom_site.publish import problem_order, publish, remember
from wom_site.rhythm import newest_per_kind, published_posts
from wom_site.run import BuildOptions, BuildResult, Rendering, config_for, start
from wom_site.share_images import share_images
from wom_site.site import select_entries, selection_window
from wom_site.snapshot import Snapshot
from wom_site.search import missing_binary_problems
from wom_site.stages import language_problems, without_bytes, without_markdown
from wom_site.translations import other_languages

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
    run, sources = start(options, cache, held)  # config, theme, output folder (locked), sources, static/, last record
    shortcut = nothing_changed(run) or rebuild_bodies(run, sources)
    if shortcut is not None:
        return shortcut
    entries, problems = parse_all(sources, run.config, run.cache, run.site_dir, run.variables)
    problems += language_problems(run.site_dir, run.config) + missing_binary_problems(run.config) + run.variable_problems
    problems += brand_warning(run.config)
    problems += unknown_key_warnings(entries)
    sources, window = without_bytes(sources), selection_window(entries, run.now)
    held = held_back(entries, run.config, run.now, run.selection)  # said after the build, with the reason
    entries, awaiting = select_entries(entries, run.config, run.now, run.selection)
    newest = newest_per_kind(published_posts(entries, run.now))  # for the posting rhythm's overdue line
    bodies = render_bodies(entries, run.config, run.urls.base_path, run.cache, run.site_dir, progress, run.variables)
    entries, awaiting = without_markdown(entries), without_markdown(awaiting)  # 60-90 MB at 10,000 posts
    sites, body_problems = assemble_site(entries, bodies, run.config, run.now, run.known_files, awaiting, run.cache)
    site = sites[run.config.language]  # the default language's (the only one of most sites)
    images, photos, cards = share_images(site, run.site_dir, run.assets, run.site_static, run.cache, problems, progress,
                                         prune=len(sites) == 1)
    jobs = plan_pages(site, images, run.theme.templates())
    translated, voices = other_languages(sites, jobs, run.site_dir, photos, problems, run.cache, cards, run.theme.templates(),
                                         run.asset_urls, progress, run.assets, run.site_static)
    jobs += translated
    chosen, clashes = every_output(Inputs(site, images, tuple(jobs), run.site_dir, run.static, frozenset(run.site_static),
                                          tuple(run.assets), photos.files, cards, tuple(sites.values())[1:],
                                          sanitized=sanitized(run.assets, run.site_dir, problems), voices=voices))
    problems += clashes + alias_clashes(site)
    made, stats = publish(run, chosen, sites, problems + body_problems, progress)
    problems += made.problems
    warnings = sorted(set(problems + body_problems), key=problem_order)
    snap = Snapshot(run.environment, window, {s.path: s.digest for s in sources}, site, images, len(jobs), body_problems,
                    problems, awaiting, not made.foreign) if len(sites) == 1 else None  # body-only builds: one language
    remember(run, made, len(jobs), warnings, held, newest, window, snap)
    return run.result(stats, len(jobs), warnings, held, made.rendered,
                      Rendering(site, images, run.theme, run.asset_urls, run.selection), newest)
