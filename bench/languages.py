#!/usr/bin/env python3
"""What a second language costs: a 1,000-post site, monolingual and in two languages, per page.

usage: PYTHONPATH=. python bench/languages.py [--posts 1000] [--runs 5] [--cards] [--work DIR]

Both sites are the same synthetic corpus (shared/corpus/make_corpus.py); the two-language one
adds a German translation of every post (`post.de.md` beside `post.md`) and `languages: {de: {}}`,
so it has about twice the pages. Each build is cold (no output, no .wom-cache), in its own
process, the two sites interleaved run by run in ONE run (the machine is shared and noisy);
the table gives the medians, the pages built and the time per page, by the clock and in CPU
seconds of the build's process tree (workers included): with several builds sharing two cores,
the clock of one build varies by half from run to run, its CPU time by a few percent. The
issue's limit: the two-language site no more than 10% slower per page.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import Failed, Sample, build_env, compile_checkout, interleaved, median, print_sample, timed

REPO = Path(__file__).resolve().parent.parent
PAGES = re.compile(r"built (\d+) pages")


def make_sites(work: Path, posts: int, cards: bool) -> dict[str, Path]:
    corpus = work / "corpus"
    if not corpus.exists():
        shared = next(p for p in (REPO.parent / "shared", Path("/work/shared")) if (p / "corpus/make_corpus.py").is_file())
        subprocess.run([sys.executable, str(shared / "corpus/make_corpus.py"), str(posts), str(corpus)], check=True)
    config = f"title: Bench\nbase_url: https://example.com/\nlanguage: en\nshare:\n  cards: {'true' if cards else 'false'}\n"
    sites = {"monolingual": work / "mono", "two languages": work / "two"}
    for name, site in sites.items():
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(corpus, site / "content")  # make_corpus writes stories/ and tips/
        (site / "site.yaml").write_text(config + ("languages:\n  de: {title: Bench DE}\n" if name == "two languages" else ""))
    for original in sorted((sites["two languages"] / "content").rglob("*.md")):
        text = original.read_text(encoding="utf-8")
        translated = re.sub(r'^title: "?(.*?)"?$', lambda m: f'title: "DE {m.group(1)}"', text, count=1, flags=re.M)
        original.with_name(original.stem + ".de.md").write_text(translated, encoding="utf-8")
    return sites


def cold_build(site: Path) -> tuple[Sample, int]:
    """One cold build (bench/_timing.py) and the pages it built."""
    shutil.rmtree(site / "output", ignore_errors=True)
    shutil.rmtree(site / ".wom-cache", ignore_errors=True)
    printed: list[str] = []
    try:
        sample = timed([sys.executable, "-m", "wom_site", "build", "--future", "--source", str(site)],
                       build_env(REPO, {"PATH": "/usr/bin:/bin"}), site, printed)
    except Failed as failure:
        sys.exit(f"bench: build of {site} failed:\n{failure.stderr}")
    return sample, int(PAGES.search(printed[0]).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cards", action="store_true", help="draw social cards (share.cards: true)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "wom-bench-languages")
    args = parser.parse_args()
    sites = make_sites(args.work, args.posts, args.cards)
    pages: dict[str, int] = {}

    def build(name: str, run: int) -> Sample:
        sample, pages[name] = cold_build(sites[name])
        return sample

    compile_checkout(REPO)
    samples = interleaved({name: (lambda run, name=name: build(name, run)) for name in sites}, args.runs, print_sample)
    print(f"| {args.posts} posts, cards {'on' if args.cards else 'off'}, {args.runs} cold runs | pages | median s | ms per page "
          "| median CPU s | CPU ms per page |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    per_page, cpu_per_page = {}, {}
    for name in sites:
        wall, cpu = median(samples[name]).wall, median(samples[name]).cpu
        per_page[name], cpu_per_page[name] = wall / pages[name] * 1000, cpu / pages[name] * 1000
        print(f"| {name} | {pages[name]} | {wall:.2f} | {per_page[name]:.3f} | {cpu:.2f} | {cpu_per_page[name]:.3f} |")
    for label, table in (("by the clock", per_page), ("in CPU time", cpu_per_page)):
        ratio = table["two languages"] / table["monolingual"]
        print(f"two languages / monolingual, per page, {label}: {ratio:.3f} ({(ratio - 1) * 100:+.1f}%)")


if __name__ == "__main__":
    main()
