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
figure), and the peak memory of the process tree (PSS; bench/_timing.py). Each case's runs are
interleaved after a warm-up run of each. Also prints the index's size on disk.
Prints a markdown table (also written to WORK/search-results.md).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import Failed, Sample, build_env, compile_checkout, interleaved, median, print_sample, timed, wom_build

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


def build_once(site: Path) -> Sample:
    """One `wom build` process (bench/_timing.py): its wall time, the CPU time of its process
    tree (the pool and Pagefind included) and the tree's peak PSS."""
    try:
        return timed(wom_build(site), build_env(REPO), site)
    except Failed as failure:
        sys.exit(f"bench: the build of {site} failed:\n{failure.stderr}")


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
    compile_checkout(REPO)
    for site in sites.values():  # each site built once, its caches filled
        build_once(site)
    rows = []
    for case in CASES:
        def run_once(run: int, site: Path, case=case) -> Sample:
            prepare(case, site, run)
            return build_once(site)

        found = interleaved({state: (lambda run, site=site: run_once(run, site)) for state, site in sites.items()}, runs,
                            lambda state, run, sample, case=case: print_sample(f"{case} {state}", run, sample))
        for state, samples in found.items():
            middle = median(samples)
            rows.append({"n": n, "case": case, "search": state, "seconds": middle.wall, "cpu": middle.cpu,
                         "runs": [round(r.wall, 2) for r in samples], "peak": middle.peak})
    index = sites["on"] / "output" / "pagefind"
    files = [p for p in index.rglob("*") if p.is_file()]
    rows.append({"n": n, "index_files": len(files), "index_bytes": sum(p.stat().st_size for p in files)})
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| posts | case | wall off (s) | wall on (s) | CPU off (s) | CPU on (s) | CPU cost | peak MB off / on (PSS) | wall runs off / on |",
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
                     f"{row['cpu']:.2f} | {row['cpu'] - off['cpu']:+.2f} | {off['peak'] / 2**20:.0f} / {row['peak'] / 2**20:.0f} | "
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
