#!/usr/bin/env python3
"""What photo-led social cards cost: cold builds of one corpus with text cards only, and of the
same corpus where a share of the stories have a customer's photo (so their cards are photo-led).

usage: python bench/photo_cards.py [--posts 1000] [--photo-share 0.5] [--runs 3] [--work DIR] [--before CHECKOUT]
                                  [--phone-photos]

The corpus comes from shared/corpus/make_corpus.py; `with_photos` then gives that share of its
stories a distinct customer photo (a 1200x900 JPEG, as a chat app passes a phone photo on)
under static/customers/: no wider than images.widths' largest and without EXIF, so it is
published as it is and what the two builds differ by is the photo-led cards (and the lists'
thumbnails), not the photo cleaning that any photo on a site costs. Both sites build with this checkout's wom (no bench venv:
run it with the Python that runs the tests). Cold means: no output/, no .wom-cache/. Runs of the
two sites alternate (text, photo, text, photo...) so that load on the machine hits both alike;
the table shows medians. `--before CHECKOUT` (another checkout of wom-site, e.g. a `git worktree`
of an earlier commit) builds the photo site with that code too, in the same alternation: the
cost of a change to photo cards, measured side by side. `--phone-photos`: the photos are as a
phone takes them instead (4032x3024, stored sideways with EXIF orientation and GPS), so they are
cleaned (turned upright, stripped, downscaled) as well: what a real site's first build pays.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import Sample, build_env, compile_checkout, interleaved, median, print_sample, timed, wom_build

REPO = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared") if (Path("/work/shared") / "corpus").is_dir() else REPO.parent / "shared"
BODY_PHOTOS = 20
LIMIT = 1.30  # issue 19: photo cards may make the cold build at most 30% slower


def make_site(folder: Path, posts: int) -> None:
    from PIL import Image

    subprocess.run([sys.executable, str(SHARED / "corpus" / "make_corpus.py"), str(posts), str(folder / "content")],
                   check=True)
    (folder / "site.yaml").write_text("title: Bench\nbase_url: https://example.com/\nshare:\n  cards: true\n")
    images = folder / "static" / "images"  # the corpus's bodies show /images/photo-0.jpg ... photo-19.jpg
    images.mkdir(parents=True)
    for i in range(BODY_PHOTOS):
        Image.new("RGB", (640, 480), (i * 12, 110, 160)).save(images / f"photo-{i}.jpg", quality=80)


def with_photos(folder: Path, share: float, seed: int = 19, phone: bool = False) -> int:
    """Give `share` of the stories a customer photo of their own; returns how many."""
    from PIL import Image, ImageDraw

    width, height = (4032, 3024) if phone else (1200, 900)
    rng = random.Random(seed)
    photos = folder / "static" / "customers"
    photos.mkdir(parents=True, exist_ok=True)
    count = 0
    for story in sorted((folder / "content" / "stories").glob("*.md")):
        if rng.random() >= share:
            continue
        image = Image.new("RGB", (width, height), tuple(rng.randrange(256) for _ in range(3)))
        draw = ImageDraw.Draw(image)
        for _ in range(40):  # shapes, so the JPEG is photo-sized rather than flat
            x, y = rng.randrange(width), rng.randrange(height)
            size = width // 3
            draw.ellipse((x, y, x + rng.randrange(40, size), y + rng.randrange(40, size)),
                         fill=tuple(rng.randrange(256) for _ in range(3)))
        name = f"{story.stem}.jpg"
        extra = {}
        if phone:  # stored sideways, as phones do, with where it was taken
            exif = Image.Exif()
            exif[0x0112] = 6
            exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 31.0, 12.5), 3: "E", 4: (13.0, 24.0, 36.0)})
            extra["exif"] = exif.tobytes()
        image.save(photos / name, "JPEG", quality=82, **extra)
        text = story.read_text(encoding="utf-8")
        story.write_text(re.sub(r"(customer:\n)", rf'\1  photo: "/customers/{name}"\n', text, count=1), encoding="utf-8")
        count += 1
    return count


def cold_build(folder: Path, repo: Path = REPO) -> Sample:
    """One cold build with `repo`'s wom_site (bench/_timing.py: CPU of the build and its workers,
    steadier than wall time on a machine that others share)."""
    shutil.rmtree(folder / "output", ignore_errors=True)
    shutil.rmtree(folder / ".wom-cache", ignore_errors=True)
    return timed(wom_build(folder), build_env(repo), folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--photo-share", type=float, default=0.5, help="share of the stories with a customer photo")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "wom-bench-photos")
    parser.add_argument("--before", type=Path, help="a checkout whose photo cards to time beside this one's")
    parser.add_argument("--phone-photos", action="store_true", help="12 MP photos, sideways, with EXIF and GPS")
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    text_site, photo_site = args.work / "text-cards", args.work / "photo-cards"
    make_site(text_site, args.posts)
    shutil.copytree(text_site, photo_site)
    photographed = with_photos(photo_site, args.photo_share, phone=args.phone_photos)
    builds = {"text": (text_site, REPO), "photo": (photo_site, REPO)}
    if args.before:
        builds = {"text": builds["text"], "before": (photo_site, args.before.resolve()), "photo": builds["photo"]}
    for repo in {repo for _, repo in builds.values()}:
        compile_checkout(repo)
    times = interleaved({name: (lambda run, folder=folder, repo=repo: cold_build(folder, repo))
                         for name, (folder, repo) in builds.items()}, args.runs, print_sample)
    cards = sum(1 for _ in (photo_site / "output" / "cards").glob("stories-*.jpg"))
    wall = {name: median(runs).wall for name, runs in times.items()}
    cpu = {name: median(runs).cpu for name, runs in times.items()}
    labels = {"text": "text cards only", "before": f"the same photos, cards of {args.before}",
              "photo": f"{photographed} stories with a photo ({cards} photo-led cards)"}
    print(f"| cold build, {args.posts} posts (median of {args.runs}) | wall | vs text | CPU | vs text | runs: wall / CPU |")
    print("|---|---|---|---|---|---|")
    for name, runs in times.items():
        print(f"| {labels[name]} | {wall[name]:.2f} s | {wall[name] / wall['text'] - 1:+.1%} | {cpu[name]:.2f} s "
              f"| {cpu[name] / cpu['text'] - 1:+.1%} | {', '.join(f'{r.wall:.1f}/{r.cpu:.1f}' for r in runs)} |")
    print(f"\nphoto cards: {wall['photo'] / wall['text'] - 1:+.1%} wall, {cpu['photo'] / cpu['text'] - 1:+.1%} CPU "
          f"(limit {LIMIT - 1:+.0%})")
    sys.exit(0 if min(wall["photo"] / wall["text"], cpu["photo"] / cpu["text"]) <= LIMIT else 1)


if __name__ == "__main__":
    main()
