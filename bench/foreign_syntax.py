#!/usr/bin/env python3
"""What reading other generators' syntax costs a cold parse, side by side in one run (medians).

usage: PYTHONPATH=. python bench/foreign_syntax.py [--posts 1000] [--runs 7]

Parses every post of a synthetic site (/work/shared/corpus/make_corpus.py, no foreign syntax)
and of the real blogs in tests/fixtures/blogs (full of it), three ways, interleaved so a busy
machine slows each alike:
  none    the body is not looked at (convert_body replaced by a no-op): the floor
  scan    every body scanned line by line (the quick skip switched off): before
  skip    bodies holding none of the patterns' needles left as they are: after
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wom_site import foreign_syntax  # noqa: E402
from wom_site.content import SourceFile, discover, parse  # noqa: E402

CORPUS = Path("/work/shared/corpus/make_corpus.py")
FIXTURES = ROOT / "tests" / "fixtures" / "blogs"


def synthetic(root: Path, posts: int) -> list[SourceFile]:
    subprocess.run([sys.executable, str(CORPUS), str(posts), str(root / "content")], check=True, capture_output=True)
    return discover(root)[0]


def real_blogs(root: Path) -> list[SourceFile]:
    """The fixture blogs' Markdown, as posts of one site (migrate_blogs.py copies them so)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import migrate_blogs

    sources = []
    for blog in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        site = root / blog.name
        migrate_blogs.copy_site(blog.name.split("-")[0], blog, site)
        sources += discover(site)[0]
    return sources


def parse_all(sources: list[SourceFile], way: str) -> float:
    real_convert, real_needles = foreign_syntax.convert_body, foreign_syntax.NEEDLES
    if way == "none":
        foreign_syntax.convert_body = lambda body, *_: foreign_syntax.Converted(body, [], ())
    elif way == "scan":
        foreign_syntax.NEEDLES = frozenset({""})  # "" is in every body: nothing skipped
    gc.disable()  # as the build runs its stages
    try:
        started = time.perf_counter()
        for source in sources:
            parse(source, dt.timezone.utc, {})
        return time.perf_counter() - started
    finally:
        gc.enable()
        foreign_syntax.convert_body, foreign_syntax.NEEDLES = real_convert, real_needles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    ways = ("none", "scan", "skip")
    with tempfile.TemporaryDirectory() as tmp:
        sets = {f"synthetic, {args.posts} posts": synthetic(Path(tmp) / "synthetic", args.posts),
                "real blogs (tests/fixtures/blogs)": real_blogs(Path(tmp) / "real")}
        for name, sources in sets.items():
            times: dict[str, list[float]] = {way: [] for way in ways}
            parse_all(sources, "skip")  # warm: imports, regex compilation, the Liquid environment
            for _ in range(args.runs):
                for way in ways:
                    times[way].append(parse_all(sources, way))
            floor = statistics.median(times["none"])
            print(f"{name}: {len(sources)} files, median of {args.runs} runs")
            for way in ways:
                median = statistics.median(times[way])
                print(f"  {way:5} {median:7.3f} s   body scan: {median - floor:+.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
