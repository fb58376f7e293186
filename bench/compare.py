#!/usr/bin/env python3
"""Time two checkouts of wom-site side by side, interleaved in one run (before/after a change).

usage: python bench/compare.py --before DIR --after DIR [--small 1000] [--large 10000] [--runs 3] [--work DIR]
       [--side NAME=DIR ...] [--yaml NAME=TEXT ...] [--cases cold,body]

Each checkout builds its own copy of the same synthetic corpus (shared/corpus/make_corpus.py;
share.cards off, 20 photos in static/), run as `python -m wom_site build` with the checkout
first on PYTHONPATH (the interpreter running this script, which must have wom-site's
dependencies). Cases: cold at --small posts (no output/, no cache), and at --large posts:
nothing changed, one post's body edited, one post's title edited (its face: lists, tags and
feeds show it). Each case runs once to warm up, then --runs times, alternating before and
after; the table shows medians of wall time and of CPU time (user + system, the build and the
workers it waited for: steadier than wall time on a shared machine) and the median of each
run's peak memory of the whole process tree (PSS, polled every 10 ms from /proc: forked workers' shared pages count once).

--side adds a checkout beside before and after (interleaved with them; compared with before);
--yaml NAME=TEXT merges YAML into that side's site.yaml, such as "search: false" or
"share:\n  kits: false" to leave out a feature a later checkout added (mappings merge key by key
with the corpus's own, so share.cards stays off; before's site.yaml must stay one it reads). --cases: only the
cases named (cold, nothing, body, face).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import Failed, Sample, build_env, compile_checkout, interleaved, median, print_sample, timed, wom_build

REPO = Path(__file__).resolve().parent.parent


def make_site(n: int, dest: Path, shared: Path) -> None:
    if (dest / ".ready").exists():
        return
    shutil.rmtree(dest, ignore_errors=True)
    subprocess.run([sys.executable, str(shared / "corpus" / "make_corpus.py"), str(n), str(dest / "content")], check=True,
                   stdout=subprocess.DEVNULL)
    (dest / "site.yaml").write_text("title: Bench\nbase_url: https://example.com/\nshare:\n  cards: false\n")
    code = ("import sys\nfrom PIL import Image\nfor i in range(20):\n"
            "    Image.new('RGB', (640, 480), (i * 12, 110, 160)).save(f'{sys.argv[1]}/photo-{i}.jpg', quality=80)\n")
    (dest / "static" / "images").mkdir(parents=True)
    subprocess.run([sys.executable, "-c", code, str(dest / "static" / "images")], check=True)
    (dest / ".ready").write_text("ok\n")


def merged_yaml(base: str, extra: str) -> str:
    """base with extra's keys laid over it, mapping by mapping (one `share:`, not two)."""
    import yaml  # PyYAML: a dependency of wom-site, so of the interpreter running this script

    def merge(a: dict, b: dict) -> dict:
        out = dict(a)
        for key, value in b.items():
            out[key] = merge(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
        return out

    data = merge(yaml.safe_load(base) or {}, yaml.safe_load(extra) or {}) if extra.strip() else None
    return base if data is None else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def measure(checkout: Path, site: Path) -> Sample:
    # cwd: the site, never a checkout (python -m puts the working folder before PYTHONPATH)
    try:
        return timed(wom_build(site), build_env(checkout), site)
    except Failed as failure:
        sys.exit(f"bench: {checkout} failed on {site}:\n{failure.stderr}")


def edited(site: Path) -> Path:
    stories = sorted((site / "content" / "stories").glob("*.md"))
    return stories[len(stories) // 10]


def prepare(case: str, site: Path, run: int) -> None:
    if case == "cold":
        shutil.rmtree(site / "output", ignore_errors=True)
        shutil.rmtree(site / ".wom-cache", ignore_errors=True)
        return
    post = edited(site)
    original = (site / ".original").read_text(encoding="utf-8") if (site / ".original").exists() else None
    if original is None:
        original = post.read_text(encoding="utf-8")
        (site / ".original").write_text(original, encoding="utf-8")
    if case == "body edit":
        post.write_text(original + f"\nEdited for run {run} at {time.time()}.\n", encoding="utf-8")
    elif case == "face edit":
        post.write_text(original.replace("title: ", f"title: Run {run} {time.time():.0f} ", 1), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", type=Path, required=True)
    ap.add_argument("--after", type=Path, default=REPO)
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "wom-compare")
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"))
    ap.add_argument("--side", action="append", default=[], metavar="NAME=DIR", help="another checkout to time")
    ap.add_argument("--yaml", action="append", default=[], metavar="NAME=TEXT", help="lines added to a side's site.yaml")
    ap.add_argument("--cases", default="cold,nothing,body,face", help="the cases to run, by their first word")
    args = ap.parse_args()
    sides = {"before": args.before.resolve(), "after": args.after.resolve()}
    sides.update((name, Path(path).resolve()) for name, path in (s.split("=", 1) for s in args.side))
    extra_yaml = dict(y.split("=", 1) for y in args.yaml)
    cases = [("cold", args.small), ("nothing changed", args.large), ("body edit", args.large), ("face edit", args.large)]
    cases = [(case, n) for case, n in cases if case.split()[0] in args.cases.split(",")]
    results: dict[tuple[str, str], list[Sample]] = {}
    for checkout in sides.values():
        compile_checkout(checkout)
    for case, n in cases:
        corpus = args.work / f"corpus-{n}"
        make_site(n, corpus, args.shared)
        sites = {}
        for side in sides:
            sites[side] = args.work / f"{side}-{n}"
            if not sites[side].exists():
                shutil.copytree(corpus, sites[side], symlinks=True)
            extra = extra_yaml.get(side, "").replace("\\n", "\n")
            yaml = merged_yaml((corpus / "site.yaml").read_text(), extra)
            if (sites[side] / "site.yaml").read_text() != yaml:
                (sites[side] / "site.yaml").write_text(yaml)
            if (sites[side] / ".original").exists():  # the edited post back as it was
                edited(sites[side]).write_text((sites[side] / ".original").read_text(encoding="utf-8"), encoding="utf-8")

        def runner(name: str, case=case):
            def run_once(run: int) -> Sample:
                if case != "cold" and run == 0:
                    measure(sides[name], sites[name])  # a full build the warm cases start from
                prepare(case, sites[name], run)
                return measure(sides[name], sites[name])
            return run_once

        found = interleaved({name: runner(name) for name in sides}, args.runs,
                            lambda name, run, sample, case=case: print_sample(name, run, sample, f"{case:16} "))
        results.update(((case, name), samples) for name, samples in found.items())
    lines = ["| case | posts | side | wall s | change | CPU s | change | peak MB | change |", "|---|---|---|---|---|---|---|---|---|"]
    for case, n in cases:
        b = median(results[(case, "before")])
        for name in sides:
            a = median(results[(case, name)])
            lines.append(f"| {case} | {n} | {name} | {a.wall:.2f} | {100 * (a.wall - b.wall) / b.wall:+.0f}% | {a.cpu:.2f} | "
                         f"{100 * (a.cpu - b.cpu) / b.cpu:+.0f}% | {a.peak / 2**20:.0f} | {100 * (a.peak - b.peak) / b.peak:+.0f}% |")
    print("\n".join(lines))
    (args.work / "compare.md").write_text("\n".join(lines) + "\n" + json.dumps({f"{c}/{s}": v for (c, s), v in results.items()}) + "\n")


if __name__ == "__main__":
    main()
