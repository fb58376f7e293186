#!/usr/bin/env python3
"""What keying a full build's files costs (keys.Fingerprints), by kind, side by side in one run.

usage: PYTHONPATH=. python bench/page_keys.py SITE [--against OLD_KEYS_PY] [--runs 7] [--future]

Runs a full build of SITE (the nothing-changed and body-only shortcuts switched off, as in a
face edit) until the output loop gets its Outputs, then stops before anything is made or
written. Every Output is then keyed, --runs times, by this checkout's keys.py and, with
--against, by another version of the file (`git show e8be352:wom_site/keys.py > old.py`),
alternating so a busy machine slows both alike; the table shows each kind's fastest run in ms
(the posts' own digests first, as the first page that shows a post pays for them). With
--against it also checks that both give the same partition of files by key and the same posts
shown by each file: a faster key that tells apart less would show here.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import time
from collections import defaultdict
from pathlib import Path

from wom_site import body_edits, keys, publish
from wom_site.cli import main
from wom_site.outputs.pages import rendered_in_pool
from wom_site.run import Run


def outputs_of(site: Path, future: bool) -> dict:
    """The Outputs a full build of `site` hands the loop (nothing made, nothing written)."""
    caught = {}

    def catch(chosen, *args, **kwargs):
        caught.update(chosen)
        raise SystemExit(0)

    Run.nothing_changed = lambda self: None
    body_edits.rebuild_bodies = lambda run, sources: None
    publish.keep_or_make = catch
    try:
        main(["build", "--source", str(site), "--quiet"] + (["--future"] if future else []))
    except SystemExit:
        pass
    return caught


def key_all(module, chosen: dict) -> tuple[dict, dict]:
    """Each Output's (key, posts shown), and the time each kind took."""
    fingerprints, took, found = module.Fingerprints("base"), defaultdict(float), {}
    start = time.perf_counter()
    for output in chosen.values():  # the posts' digests, once a build (the first page showing one pays)
        page = getattr(output.args[0], "page", None) if output.make is rendered_in_pool else None
        if page is not None:
            fingerprints._page(page)
    took["posts' own digests"] = time.perf_counter() - start
    for path, output in chosen.items():
        start = time.perf_counter()
        if output.make is rendered_in_pool:
            job = output.args[0]
            key, kind = fingerprints.job(job), getattr(getattr(job, "plan", None), "func", None)
            kind = kind.__name__ if kind else job.template
        else:
            key, kind = fingerprints.key(path, output.args), output.kind
        took[kind] += time.perf_counter() - start
        found[path] = (key, frozenset(fingerprints.seen))
    return found, took


def partition(found: dict) -> list:
    groups = defaultdict(list)
    for path, (key, _) in found.items():
        groups[key].append(path)
    return sorted(sorted(paths) for paths in groups.values())


def run() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--against", type=Path, help="another version of wom_site/keys.py")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--future", action="store_true", help="build with --future")
    args = ap.parse_args()
    chosen = outputs_of(args.site, args.future)
    sides = {"this": keys}
    if args.against:
        spec = importlib.util.spec_from_file_location("keys_against", args.against)
        sides["against"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sides["against"])
    gc.disable()
    best: dict[str, dict[str, float]] = {name: defaultdict(lambda: float("inf")) for name in sides}
    results = {}
    for _ in range(args.runs):
        for name, module in sides.items():
            results[name], took = key_all(module, chosen)
            for kind, seconds in took.items():
                best[name][kind] = min(best[name][kind], seconds)
    kinds = sorted(best["this"], key=lambda kind: -best["this"][kind])
    print(f"{len(chosen)} files; fastest of {args.runs} runs, ms")
    print("| kind | " + " | ".join(sides) + " |\n|---|" + "---:|" * len(sides))
    for kind in kinds + ["all"]:
        cells = [sum(best[name].values()) if kind == "all" else best[name][kind] for name in sides]
        print(f"| {kind} | " + " | ".join(f"{1000 * cell:.1f}" for cell in cells) + " |")
    if args.against:
        this, other = results["this"], results["against"]
        print("same partition by key:", partition(this) == partition(other))
        print("same posts shown:", all(this[path][1] == other[path][1] for path in this))
        print("same files keyed:", all((this[path][0] is None) == (other[path][0] is None) for path in this))


if __name__ == "__main__":
    run()
