"""The build that skips most of the pipeline: only posts' bodies changed.

Such a build (their face, what other pages show, is the same: site.face) starts from the last
full build's site (snapshot.py), puts the new bodies in, and runs the loop over their own pages
and the files the record names as showing them. (A build that changes nothing stops earlier:
run.Run.nothing_changed.)
"""

from __future__ import annotations

import dataclasses

from wom_site import record, snapshot
from wom_site.cached import with_data
from wom_site.content import SourceFile
from wom_site.diagnostics import Problem
from wom_site.output import MARKER, Kept, write_output
from wom_site.publish import problem_order
from wom_site.outputs import Inputs
from wom_site.outputs.loop import LastBuild, Templates, keep_or_make
from wom_site.outputs.pages import page_output
from wom_site.outputs.registry import post_process, shown_outputs
from wom_site.outputs.search import Folder
from wom_site.pages import own_jobs
from wom_site.run import BuildResult, Run
from wom_site.site import Page, face, remade_page
from wom_site.snapshot import Snapshot
from wom_site.templates import make_environment, template_globals


def rebuild_bodies(run: Run, sources: list[SourceFile]) -> BuildResult | None:
    """When only posts' bodies changed (snapshot.py), run the loop over their own pages and the
    files the last build recorded as showing them (record.py), and keep every other file;
    None when a full build is needed."""
    if run.options.assemble or run.last is None or not run.manifest.settled() \
            or snapshot.heads_changed(run.cache.root, run.tag, sources):
        return None  # heads_changed: a changed post's front matter, known without loading the snapshot
    snap = snapshot.load(run.cache.root, run.tag, run.cache.damaged)
    if snap is None or snap.environment != run.environment or not snap.bodies_private \
            or not snap.window[0] <= run.now < snap.window[1]:
        return None
    changed = snap.changed(sources)
    if not changed or len(changed) > snapshot.EDITS_MAX:
        return None
    site, images, templates = snap.site, snap.images, run.theme.templates()
    site.now = run.now
    remade = _remade_pages(run, snap, changed)
    if remade is None:
        return None
    shown = shown_outputs(Inputs(site, images, (), run.site_dir), run.last.shows, {s.path for s in changed})
    if shown is None:
        return None
    chosen = {job.output: page_output(job) for page in remade for job in own_jobs(site, page, images, templates)}
    chosen.update(shown)
    bytecode = run.cache.root / "templates"
    env = lambda: make_environment(run.theme.template_dirs, template_globals(site, run.asset_urls), bytecode, site.i18n)  # noqa: E731
    made = keep_or_make(chosen, LastBuild(None, lambda output: None, lambda *_: False), Templates(env, run.theme.template_dirs))
    if made.problems or made.foreign:
        return None  # a template error (the full build reports it), or a page showing another's body
    outputs = {rel: Kept(entry[0]) for rel, entry in run.manifest.entries.items() if rel != MARKER}  # not looked at
    outputs.update(made.files)
    search_problems = post_process((site,), outputs, {}, Folder(run.output_dir, run.manifest, run.cache, run.tag))
    stats = write_output(outputs, run.output_dir, run.manifest)
    snapshot.save_edits(snap, run.cache.root, run.tag)
    warnings = sorted(set(snap.other_problems + snap.body_problems + search_problems), key=problem_order)
    record.save(dataclasses.replace(run.last, inputs=run.inputs, warnings=tuple(warnings)), run.record_path)
    run.remember_stats(sources)
    run.cache.save()
    return run.result(stats, snap.pages, warnings, list(run.last.held), made.rendered)


def _remade_pages(run: Run, snap: Snapshot, changed: list[SourceFile]) -> list[Page] | None:
    """The site's pages of the changed sources, given their new bodies; None when a source does
    not parse, is not a published page, or shows other pages something new (its face changed)."""
    by_source = snap.by_source()
    remade = []
    for source in changed:
        old = by_source.get(source.path)
        try:
            source = with_data(source, run.site_dir)
        except OSError:
            return None  # the full build says why
        problems: list[Problem] = []
        page = remade_page(snap.site, old, source, run.selection, run.known_files, problems, run.variables) if old else None
        if page is None or face(page) != face(old) or any(p.is_error for p in problems):
            return None  # shows other pages something new, or fails (a full build names every problem)
        remade.append((old, page, source.digest, problems))
    for old, page, digest, problems in remade:
        snap.put_body(old, page, digest, problems)
    return [old for old, *_ in remade]
