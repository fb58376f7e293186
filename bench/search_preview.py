#!/usr/bin/env python3
"""What search costs the preview: a save in `wom serve` with the index made inside the rebuild
(as `wom build` does) and with the index made after it (serve/indexer.py), side by side.

usage: python bench/search_preview.py [--posts 1000] [--runs 5] [--work DIR]

One synthetic corpus (bench/serve_latency.make_site), copied twice; two previews run at once
in this process, one a copy, and their saves alternate (inline, after, inline, after...), each
waiting for everything the save sets off to end before the next, so that a busy machine slows
both alike. A browser showing the post is stood in for by a listener on /__wom/events (as the
page's script does). Per save, from the moment the file is written:
  page      the reload event of the post's quick look (serve/quick.py) and the new page served
  rebuilt   the full rebuild's reload: every other page (home, lists, tags) shows the edit
  indexed   the search index holds the edit (inline: at the rebuild; after: once put in)
Medians and worst of --runs, in ms.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "bench"), str(REPO / "tests")]

from serve_latency import fetch, listen, make_site  # noqa: E402
from wom_site.serve import Preview, ServeOptions  # noqa: E402

MODES = ("inline", "after")


def start(site: Path, mode: str) -> Preview:
    preview = Preview(ServeOptions(source=site, port=0, future=True), out=io.StringIO())
    if mode == "inline":  # the index inside every rebuild, as before serve/indexer.py
        preview.build_options = dataclasses.replace(preview.build_options, search_later=False)
    preview.start()
    threading.Thread(target=preview.serve_forever, daemon=True).start()
    return preview


def one_save(preview: Preview, mode: str, post: Path, original: str, run: int, events, arrived) -> dict:
    marker = f"Edited in run {run} at {time.time()}."
    seen, indexed = len(events), preview.indexer.indexed
    saved = time.perf_counter()
    post.write_text(original + f"\n{marker}\n")
    with arrived:
        if not arrived.wait_for(lambda: len(events) > seen, timeout=900):
            raise SystemExit(f"{mode}: no reload event within 900 s")
    body = fetch(preview.port, f"/stories/{post.stem}/")
    page = time.perf_counter()
    assert marker.encode() in body, "the new text is not served"
    with arrived:  # the full rebuild's reload (the first came from the quick look)
        if not arrived.wait_for(lambda: sum(kind == "reload" for _, kind in events[seen:]) >= 2, timeout=900):
            raise SystemExit(f"{mode}: no second reload within 900 s")
    rebuilt = [at for at, kind in events[seen:] if kind == "reload"][1]
    if mode == "after":
        deadline = time.monotonic() + 900
        while preview.indexer.indexed == indexed or preview.hub.index_updating:
            if time.monotonic() > deadline:
                raise SystemExit("after: the index was not put in within 900 s")
            time.sleep(0.01)
        done = time.perf_counter()
    else:
        done = rebuilt
    return {"page": (page - saved) * 1000, "rebuilt": (rebuilt - saved) * 1000, "indexed": (done - saved) * 1000}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "wom-bench-preview")
    args = parser.parse_args()
    root = args.work / f"preview-{args.posts}"
    if not (root / ".ready").exists():
        shutil.rmtree(root, ignore_errors=True)
        make_site(root / "inline", args.posts)
        shutil.copytree(root / "inline", root / "after", ignore=shutil.ignore_patterns(".wom-cache"))
        (root / ".ready").write_text("ok\n")
    previews, listeners, posts, originals = {}, {}, {}, {}
    try:
        for mode in MODES:
            started = time.perf_counter()
            previews[mode] = start(root / mode, mode)
            print(f"{mode}: first build {time.perf_counter() - started:.1f} s", flush=True)
            posts[mode] = sorted((root / mode / "content" / "stories").glob("*.md"))[0]
            originals[mode] = posts[mode].read_text()
            listeners[mode] = listen(previews[mode].port, f"/stories/{posts[mode].stem}/")
            with listeners[mode][1]:
                listeners[mode][1].wait_for(lambda: listeners[mode][0], timeout=10)  # hello
        samples = {mode: [] for mode in MODES}
        for run in range(args.runs):
            for mode in MODES:
                samples[mode].append(one_save(previews[mode], mode, posts[mode], originals[mode], run, *listeners[mode]))
                time.sleep(0.5)
    finally:
        for mode, preview in previews.items():
            posts[mode].write_text(originals[mode])
            preview.server.shutdown()
            preview.close()
    print(f"\n{args.posts:,} posts, {args.runs} saves each, ms (median / worst)\n")
    print("| index | save -> page reloaded | save -> every page rebuilt | save -> search finds the edit |")
    print("|---|---:|---:|---:|")
    for mode in MODES:
        cells = [f"{statistics.median(s[k] for s in samples[mode]):,.0f} / {max(s[k] for s in samples[mode]):,.0f}"
                 for k in ("page", "rebuilt", "indexed")]
        print(f"| {mode} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
