"""The end of the build: keep or make every Output, write output/, remember the build."""

from __future__ import annotations

import shutil
from pathlib import Path

from wom_site import record, snapshot
from wom_site.diagnostics import BuildFailed, Problem
from wom_site.keys import Fingerprints
from wom_site.output import Kept, Manifest, WriteStats, spool_folder, write_output
from wom_site.outputs import Output
from wom_site.outputs.loop import LastBuild, Made, Templates, keep_or_make
from wom_site.outputs.registry import post_process
from wom_site.outputs.search import Folder
from wom_site.record import BuildRecord
from wom_site.run import Run
from wom_site.site import Site
from wom_site.snapshot import Snapshot
from wom_site.templates import make_environment, template_globals


def publish(run: Run, chosen: dict[str, Output], sites: dict[str, Site], problems: list[Problem],
            progress=None) -> tuple[Made, WriteStats]:
    """Keep or make every Output (pages rendered into a spool beside output/), then, when no
    problem is an error, write output/ (the last build's record and snapshot are dropped
    first: they describe the output/ being replaced)."""
    spool = spool_folder(run.output_dir)
    try:
        site, *others = sites.values()
        made = render_site(chosen, site, run, progress, spool, tuple(other.i18n for other in others))
        if not any(p.is_error for p in problems + made.problems):  # a failing build publishes nothing
            made.problems += post_process(tuple(sites.values()), made.files, chosen, Folder(run.output_dir, run.manifest, run.cache, run.tag,
                                                                                        run.options.search_later))
        if run.cache.root is not None:
            snapshot.discard(run.cache.root, run.tag)
            record.discard(run.record_path)
        return made, write(made.files, problems + made.problems, run.output_dir, run.manifest, run.options.keep_going)
    finally:
        shutil.rmtree(spool, ignore_errors=True)


def render_site(chosen: dict[str, Output], site: Site, run: Run, progress=None, spool: Path | None = None,
                others: tuple = ()) -> Made:
    """Keep or make every Output (outputs.loop), with this output folder's keys of the last
    build; `foreign` are then all the pages, rendered or kept, that show another post's body
    (templates.Environment). `others`: the Translators of the site's other languages."""
    cache, namespace = run.cache, "pages" + run.tag
    globals_ = template_globals(site, run.asset_urls)
    fingerprints = Fingerprints(run.base_key) if cache.root is not None else None
    bytecode = cache.root / "templates" if cache.root is not None else None  # compiled templates
    last = LastBuild(fingerprints, lambda output: cache.get(namespace, output), run.manifest.intact)
    templates = Templates(lambda: make_environment(run.theme.template_dirs, globals_, bytecode, site.i18n, others),
                          run.theme.template_dirs)
    made = keep_or_make(chosen, last, templates, progress, spool)
    for output, key in made.keys.items():
        cache.put(namespace, output, key)
    # pages kept as they were read what they read when they were rendered
    made.foreign |= {o for o in cache.get("foreign", namespace) or () if isinstance(made.files.get(o), Kept)}
    cache.put("foreign", namespace, made.foreign)
    return made


def write(outputs: dict, problems: list[Problem], output_dir: Path, manifest: Manifest, keep_going: bool = False) -> WriteStats:
    """Fail on errors (unless keeping going: then what built is published); otherwise write output/."""
    errors = [p for p in problems if p.is_error]
    if errors and not keep_going:
        raise BuildFailed(sorted(set(errors), key=problem_order) + [p for p in problems if not p.is_error])
    return write_output(outputs, output_dir, manifest)


def problem_order(problem: Problem):
    return (problem.path, problem.line or 0, problem.message)


def remember(run: Run, made: Made, pages: int, warnings: list[Problem], held: list, newest: tuple, window,
             snap: Snapshot | None) -> None:
    """The record of this build (record.py) and, for builds that change only bodies, its site
    (snapshot.py; None: a multilingual site, whose body-only builds are full ones); neither for
    a build that published with errors (--keep-going): the next one builds again."""
    if run.inputs is not None and not any(p.is_error for p in warnings):
        record.save(BuildRecord(run.inputs, window, pages, tuple(warnings), tuple(held), made.shows, newest), run.record_path)
        if not run.options.assemble and snap is not None:  # wom serve keeps its site in memory
            snapshot.save(snap, run.cache.root, run.tag, run.site_dir)
    run.cache.save()
