"""The end of the build: keep or make every Output, write output/, remember the build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

from wom_site import record, snapshot
from wom_site.cache import Cache
from wom_site.content import digest_bytes
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
        stats = write(made.files, problems + made.problems, run.output_dir, run.manifest, run.options.keep_going)
        keep_memos(chosen, made, run.output_dir, run.cache)
        return made, stats
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
    last = LastBuild(fingerprints, lambda output: cache.get(namespace, output), run.manifest.intact, memo_reader(cache))
    templates = Templates(lambda: make_environment(run.theme.template_dirs, globals_, bytecode, site.i18n, others),
                          run.theme.template_dirs)
    made = keep_or_make(chosen, last, templates, progress, spool)
    for output, key in made.keys.items():
        cache.put(namespace, output, key)
    # pages kept as they were read what they read when they were rendered
    made.foreign |= {o for o in cache.get("foreign", namespace) or () if isinstance(made.files.get(o), Kept)}
    cache.put("foreign", namespace, made.foreign)
    return made


MEMOS = "memo"  # the cache's namespace: memo file (Output.memo) -> the content digest it was written with


def memo_reader(cache: Cache) -> Callable[[str], tuple[bytes, str] | None]:
    """What the loop asks of .wom-cache/'s memos: a memo's bytes and digest, when the file
    still holds what was written there (a damaged or replaced one is made again)."""
    def read(name: str) -> tuple[bytes, str] | None:
        digest = cache.get(MEMOS, name) if cache.root is not None else None
        if not isinstance(digest, str):
            return None
        try:
            data = (cache.root / name).read_bytes()
        except OSError:
            return None
        return (data, digest) if digest_bytes(data) == digest else None
    return read


def keep_memos(chosen: dict[str, Output], made: Made, output_dir: Path, cache: Cache) -> None:
    """After output/ is written: each Output with a memo has it in .wom-cache/ (copied from
    output/ when it is not there as written), and the memo folders hold nothing else, so the
    cache does not grow with every card a site ever had."""
    if cache.root is None:
        return
    kept: dict[Path, set[str]] = {}
    for path, output in chosen.items():
        if not output.memo or path not in made.keys:
            continue
        digest, target = made.keys[path][1], cache.root / output.memo
        kept.setdefault(target.parent, set()).add(target.name)
        if cache.get(MEMOS, output.memo) == digest and target.is_file():
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{os.getpid()}")
            shutil.copyfile(output_dir / path, temporary)
            os.replace(temporary, target)
        except OSError:
            continue  # a memo is a shortcut: without it the file is made again
        cache.put(MEMOS, output.memo, digest)
    for folder, names in kept.items():
        _forget_others(folder, names)


def _forget_others(folder: Path, names: set[str]) -> None:
    try:
        found = os.listdir(folder)
    except OSError:
        return
    for name in found:
        if name not in names and not name.startswith("."):
            try:
                os.unlink(folder / name)
            except OSError:
                pass


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
