#!/usr/bin/env python3
"""Time two checkouts of wom-site on one synthetic site, interleaved in one run (medians).

usage: python bench/side_by_side.py BEFORE_DIR AFTER_DIR [--posts 1000] [--runs 5] [--cards] [--without-pagefind]

Each checkout builds its own copy of the site (so their caches never mix): cold (no output,
no cache), warm (nothing changed) and one edit (one post's body changed). Runs alternate
before/after, so a machine shared with other work slows both alike. --without-pagefind: both
build as if Pagefind were missing (one warning, no index), to compare a checkout with search
against one from before search, or to leave Pagefind's cost out.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path("/work/shared/corpus/make_corpus.py")


def make_site(root: Path, posts: int, cards: bool) -> Path:
    subprocess.run([sys.executable, str(CORPUS), str(posts), str(root / "content")], check=True, capture_output=True)
    (root / "site.yaml").write_text(f"title: Bench\nbase_url: https://example.com/\nshare:\n  cards: {str(cards).lower()}\n")
    from PIL import Image  # the photos the corpus refers to, as bench/run.py writes them

    (root / "static" / "images").mkdir(parents=True)
    for i in range(20):
        Image.new("RGB", (640, 480), (i * 12, 110, 160)).save(root / "static" / "images" / f"photo-{i}.jpg", quality=80)
    return root


def timed(checkout: Path, site: Path, pagefind: bool = True) -> float:
    env = {"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin"}
    if not pagefind:
        env["PAGEFIND_BINARY_PATH"] = str(site / "no-pagefind")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "wom_site", "build", "--source", str(site), "--quiet", "--future"],
                   check=True, env=env, cwd=site, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cards", action="store_true")
    parser.add_argument("--without-pagefind", action="store_true", help="build as if Pagefind were missing")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wom-side-"))
    base = make_site(work / "base", args.posts, args.cards)
    sites = {name: work / name for name in ("before", "after")}
    for site in sites.values():
        shutil.copytree(base, site)
    checkouts = {"before": args.before.resolve(), "after": args.after.resolve()}
    times = {(name, case): [] for name in sites for case in ("cold", "warm", "one edit")}
    post = sorted((base / "content" / "stories").glob("*.md"))[args.posts // 20]
    rel = post.relative_to(base)
    for run in range(args.runs):
        for name in (("before", "after") if run % 2 == 0 else ("after", "before")):
            site, checkout = sites[name], checkouts[name]
            shutil.rmtree(site / "output", ignore_errors=True)
            shutil.rmtree(site / ".wom-cache", ignore_errors=True)
            pagefind = not args.without_pagefind
            times[name, "cold"].append(timed(checkout, site, pagefind))
            timed(checkout, site, pagefind)  # settle file stats (a fresh file is not trusted by its stat)
            times[name, "warm"].append(timed(checkout, site, pagefind))
            original = (site / rel).read_text()
            (site / rel).write_text(original + f"\nEdited in run {run}.\n")
            times[name, "one edit"].append(timed(checkout, site, pagefind))
            (site / rel).write_text(original)
    print(f"{args.posts} posts, cards {'on' if args.cards else 'off'}, Pagefind {'off' if args.without_pagefind else 'on'}, "
          f"{args.runs} runs each, interleaved; median seconds")
    print("| case | before | after | after/before |")
    print("|---|---|---|---|")
    for case in ("cold", "warm", "one edit"):
        b, a = statistics.median(times["before", case]), statistics.median(times["after", case])
        print(f"| {case} | {b:.2f} | {a:.2f} | {a / b:.3f} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
