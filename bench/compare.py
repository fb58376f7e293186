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
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return pids


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def build_env(checkout: Path) -> dict[str, str]:
    """The environment a timed build runs in: the checkout first on the path, bytecode cached.

    With PYTHONDONTWRITEBYTECODE set (as in some shells and CI images) every build would compile
    each module it imports from source again, about 0.7 s of CPU that users never pay (pip
    compiles an installed package) and that grows with the code, not with what a build does.
    """
    env = dict(os.environ, PYTHONPATH=str(checkout))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_checkout(checkout: Path) -> None:
    """Write the checkout's bytecode once, before any build is timed."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(checkout / "wom_site")], env=build_env(checkout),
                   check=True, stdout=subprocess.DEVNULL)


def measure(checkout: Path, site: Path) -> tuple[float, int, float]:
    env = build_env(checkout)
    cmd = [sys.executable, "-m", "wom_site", "build", "--source", str(site), "--quiet", "--future"]
    start = time.perf_counter()
    errors = tempfile.TemporaryFile()  # not a pipe: a build's many warnings would fill it and stall the build
    # cwd: the site, never a checkout (python -m puts the working folder before PYTHONPATH)
    proc = subprocess.Popen(cmd, env=env, cwd=site, stdout=subprocess.DEVNULL, stderr=errors)
    peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, sum(_pss(p) for p in _tree(proc.pid)))
        time.sleep(0.01)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        errors.seek(0)
        sys.exit(f"bench: {checkout} failed on {site}:\n{errors.read().decode(errors='replace')[-2000:]}")
    # CPU time of the build and the workers it waited for: steadier than wall time on a shared machine
    return seconds, peak, usage.ru_utime + usage.ru_stime


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
    results: dict[tuple[str, str], list[tuple[float, int]]] = {}
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
        for run in range(args.runs + 1):
            for side, checkout in sides.items():
                if case != "cold" and run == 0:
                    measure(checkout, sites[side])  # a full build the warm cases start from
                prepare(case, sites[side], run)
                sample = measure(checkout, sites[side])
                if run:
                    results.setdefault((case, side), []).append(sample)
                print(f"{case:16} {side:10} run {run}: {sample[0]:.2f} s, {sample[2]:.2f} s CPU, {sample[1] / 2**20:.0f} MB",
                      file=sys.stderr)
    lines = ["| case | posts | side | wall s | change | CPU s | change | peak MB | change |", "|---|---|---|---|---|---|---|---|---|"]
    for case, n in cases:
        b = results[(case, "before")]
        bs, bc, bm = (statistics.median(s[i] for s in b) for i in (0, 2, 1))
        for side in sides:
            a = results[(case, side)]
            as_, ac, am = (statistics.median(s[i] for s in a) for i in (0, 2, 1))
            lines.append(f"| {case} | {n} | {side} | {as_:.2f} | {100 * (as_ - bs) / bs:+.0f}% | {ac:.2f} | "
                         f"{100 * (ac - bc) / bc:+.0f}% | {am / 2**20:.0f} | {100 * (am - bm) / bm:+.0f}% |")
    print("\n".join(lines))
    (args.work / "compare.md").write_text("\n".join(lines) + "\n" + json.dumps({f"{c}/{s}": v for (c, s), v in results.items()}) + "\n")


if __name__ == "__main__":
    main()
