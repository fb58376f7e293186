#!/usr/bin/env python3
"""What search costs a build: the same corpus built with `search: false` and with search on
(Pagefind), side by side in one run.

usage: python bench/search.py [--sizes 1000,10000] [--runs 3] [--work DIR]

For each size, two copies of one synthetic corpus (shared/corpus/make_corpus.py; share cards
off, every post built with --future) are built by `python -m wom_site` from this checkout,
interleaved run by run (off, on, off, on...) so that a busy machine slows both alike:
  cold      no output/, no .wom-cache/: everything built, and the whole index made
  unchanged nothing changed since the last build
  one edit  one story's body changed: its page, its feeds, and (search on) the whole index again
Times are medians of --runs, wall clock and CPU (user + system, summed over the build and every
process it waited for: its pool and Pagefind; on a shared machine CPU time is the steadier
figure); "peak RSS" is the largest single process's. Also prints the index's size on disk.
Prints a markdown table (also written to WORK/search-results.md).
"""

from __future__ import annotations

import argparse
import os
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = ("cold", "unchanged", "one edit")


def find_corpus_maker() -> Path:
    for candidate in (REPO.parent / "shared", REPO / "shared", Path("/work/shared")):
        if (candidate / "corpus" / "make_corpus.py").is_file():
            return candidate / "corpus" / "make_corpus.py"
    sys.exit("bench: cannot find shared/corpus/make_corpus.py beside the repository")


def make_sites(n: int, work: Path) -> dict[str, Path]:
    """One corpus, two sites: search off and on (the same content, copied)."""
    root = work / f"search-{n}"
    sites = {"off": root / "off", "on": root / "on"}
    if not (root / ".ready").exists():
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run([sys.executable, str(find_corpus_maker()), str(n), str(sites["off"] / "content")], check=True)
        shutil.copytree(sites["off"], sites["on"])
        for state, site in sites.items():
            search = "false" if state == "off" else "true"
            (site / "site.yaml").write_text(f"title: Bench\nbase_url: https://example.com/\nshare:\n  cards: false\nsearch: {search}\n")
        (root / ".ready").write_text("ok\n")
    return sites


# Run in a fresh process so that its children's usage is this one build's: CPU time summed over
# the build and every process it waited for (its pool, Pagefind), and the largest one's peak RSS.
MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss * 1024,
                  "rc": done.returncode, "stderr": done.stderr[-2000:]}))
"""


def build_once(site: Path) -> dict:
    """One `wom build` process: wall seconds, CPU seconds of its process tree, largest process's peak RSS."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    command = [sys.executable, "-m", "wom_site", "build", "--source", str(site), "--quiet", "--future"]
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], env=env, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    if result["rc"] != 0:
        sys.exit(f"bench: the build of {site} failed:\n{result['stderr']}")
    return result


def prepare(case: str, site: Path, run: int) -> None:
    if case == "cold":
        shutil.rmtree(site / "output", ignore_errors=True)
        shutil.rmtree(site / ".wom-cache", ignore_errors=True)
    elif case == "one edit":
        story = sorted((site / "content" / "stories").glob("*.md"))[0]
        text = story.read_text(encoding="utf-8").split("\n<!-- bench edit", 1)[0]
        story.write_text(text + f"\n<!-- bench edit {run} {time.time()} -->\nEdited for run {run}.\n", encoding="utf-8")


def bench_size(n: int, work: Path, runs: int) -> list[dict]:
    sites = make_sites(n, work)
    for site in sites.values():  # warm-up: each site built once, its caches filled
        build_once(site)
    rows = []
    for case in CASES:
        samples: dict[str, list[dict]] = {"off": [], "on": []}
        for run in range(runs):
            for state, site in sites.items():
                prepare(case, site, run)
                samples[state].append(build_once(site))
        for state in sites:
            runs_ = samples[state]
            rows.append({"n": n, "case": case, "search": state,
                         "seconds": statistics.median(r["seconds"] for r in runs_),
                         "cpu": statistics.median(r["cpu"] for r in runs_),
                         "runs": [round(r["seconds"], 2) for r in runs_], "rss": max(r["rss"] for r in runs_)})
    index = sites["on"] / "output" / "pagefind"
    files = [p for p in index.rglob("*") if p.is_file()]
    rows.append({"n": n, "index_files": len(files), "index_bytes": sum(p.stat().st_size for p in files)})
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| posts | case | wall off (s) | wall on (s) | CPU off (s) | CPU on (s) | CPU cost | peak RSS off / on (MB) | wall runs off / on |",
             "|---:|---|---:|---:|---:|---:|---:|---|---|"]
    sizes = []
    for row in rows:
        if "index_files" in row:
            sizes.append(f"- {row['n']:,} posts: the index is {row['index_files']:,} files, "
                         f"{row['index_bytes'] / 1e6:.1f} MB")
            continue
        if row["search"] != "on":
            continue
        off = next(r for r in rows if r.get("search") == "off" and r["n"] == row["n"] and r["case"] == row["case"])
        lines.append(f"| {row['n']:,} | {row['case']} | {off['seconds']:.2f} | {row['seconds']:.2f} | {off['cpu']:.2f} | "
                     f"{row['cpu']:.2f} | {row['cpu'] - off['cpu']:+.2f} | {off['rss'] / 1e6:.0f} / {row['rss'] / 1e6:.0f} | "
                     f"{off['runs']} / {row['runs']} |")
    return "\n".join(lines + [""] + sizes) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated post counts (default 1000,10000)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per case and state (default 3)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "wom-bench")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        rows += bench_size(n, args.work, args.runs)
    out = table(rows)
    (args.work / "search-results.md").write_text(out)
    print(out)


if __name__ == "__main__":
    main()
