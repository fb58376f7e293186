#!/usr/bin/env python3
"""What the customers' share kits cost: cold builds of a 1,000-post site with cards, kits off
and kits on, side by side in one run (interleaved, so both meet the same machine load).

usage: python bench/kits.py [--posts 1000] [--runs 5] [--work DIR]

Uses the wom_site of this checkout (run it with this repository on PYTHONPATH, or installed)
and the deterministic corpus of shared/corpus/make_corpus.py (two stories in three have an
approved customer: 667 kits at 1,000 posts). A cold build removes output/ and .wom-cache/
first. Reports the median wall time and the median CPU time of the build and its workers
(bench/_timing.py).
The issue's limit: kits add no more than 50% to the cold build with cards.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import Sample, build_env, compile_checkout, interleaved, median, print_sample, timed, wom_build

REPO = Path(__file__).resolve().parent.parent


def corpus_script() -> Path:
    for candidate in (REPO.parent / "shared", REPO / "shared", Path("/work/shared")):
        if (candidate / "corpus" / "make_corpus.py").is_file():
            return candidate / "corpus" / "make_corpus.py"
    sys.exit("bench: cannot find shared/corpus/make_corpus.py")


def make_sites(posts: int, work: Path) -> dict[str, Path]:
    sites = {}
    for kits in ("off", "on"):
        site = work / f"kits-{kits}-{posts}"
        if not (site / "site.yaml").exists():
            shutil.rmtree(site, ignore_errors=True)
            subprocess.run([sys.executable, str(corpus_script()), str(posts), str(site / "content")], check=True)
            (site / "site.yaml").write_text("title: Bench\nbase_url: https://example.com/\n"
                                            f"share:\n  cards: true\n  kits: {'true' if kits == 'on' else 'false'}\n")
        sites[kits] = site
    return sites


def cold_build(site: Path) -> Sample:
    """One cold build of this checkout's wom_site (output/ and .wom-cache/ removed first)."""
    shutil.rmtree(site / "output", ignore_errors=True)
    shutil.rmtree(site / ".wom-cache", ignore_errors=True)
    return timed(wom_build(site), build_env(REPO), site)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--posts", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5, help="timed runs of each, after one warm-up of each (default 5)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "wom-bench")
    args = ap.parse_args()
    sites = make_sites(args.posts, args.work)
    compile_checkout(REPO)
    samples = interleaved({kits: (lambda run, kits=kits: cold_build(sites[kits])) for kits in ("off", "on")}, args.runs,
                          lambda kits, run, sample: run and print_sample(f"kits {kits}", run, sample))
    kits_made = len(list((sites["on"] / "output" / "stories").glob("*/kit/index.html")))
    wall = {k: median(v).wall for k, v in samples.items()}
    cpu = {k: median(v).cpu for k, v in samples.items()}
    print()
    print(f"| {args.posts:,} posts, cards on, cold | median wall s | median CPU s |")
    print("|---|---:|---:|")
    print(f"| kits off | {wall['off']:.2f} | {cpu['off']:.2f} |")
    print(f"| kits on ({kits_made} kits) | {wall['on']:.2f} | {cpu['on']:.2f} |")
    print(f"| kits add | {100 * (wall['on'] / wall['off'] - 1):+.0f}% | {100 * (cpu['on'] / cpu['off'] - 1):+.0f}% |")


if __name__ == "__main__":
    main()
