#!/usr/bin/env python3
"""Time from saving one post to the preview's reload event, and to the new page being served.

usage: python bench/serve_latency.py [--posts N] [--runs R] [--site DIR] [--browser]

Builds a synthetic site with /work/shared/corpus/make_corpus.py (or uses --site DIR),
starts the real preview server in this process on a free port, listens on
/__wom/events like a browser showing the post, then saves the post R times and prints
the median and worst times: to the reload event and the new page served (the quick look
of serve/quick.py), and to the full rebuild's reload. The 50 ms debounce is included.
Every post is built, future-dated ones included (the corpus runs past today at ~3,500 posts).

--browser: instead, Debian's Chromium (/usr/bin/chromium, through Playwright) shows the post,
and each run times from the save to the reloaded page's first contentful paint with the new text.
"""

from __future__ import annotations

import argparse
import http.client
import io
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the tests' Chromium and flags)
from wom_site.serve import Preview, ServeOptions  # noqa: E402

CORPUS = Path("/work/shared/corpus/make_corpus.py")
SITE_YAML = """title: "Bench & Co"
base_url: "https://example.org/"
timezone: UTC
author: Bench
"""


def make_site(root: Path, posts: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(SITE_YAML)
    subprocess.run([sys.executable, str(CORPUS), str(posts), str(root / "content")], check=True)
    images = root / "static" / "images"
    images.mkdir(parents=True, exist_ok=True)
    from PIL import Image

    for i in range(20):
        Image.new("RGB", (64, 48), (i * 10, 90, 140)).save(images / f"photo-{i}.jpg", quality=80)
    return root


def listen(port: int, page: str):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("GET", f"/__wom/events?page={page}")  # as the page's script does
    response = conn.getresponse()
    events: list[tuple[float, str]] = []
    arrived = threading.Condition()

    def read() -> None:
        for line in iter(response.fp.readline, b""):
            if line.startswith(b"event: "):
                with arrived:
                    events.append((time.perf_counter(), line[7:].strip().decode()))
                    arrived.notify_all()

    threading.Thread(target=read, daemon=True).start()
    return events, arrived


def fetch(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    body = conn.getresponse().read()
    conn.close()
    return body


def in_browser(preview: Preview, post: Path, url: str, runs: int) -> list[float]:
    """Chromium shows the post; each save is timed until the reloaded page's first
    contentful paint (from the page's performance timeline, on the same clock), and the
    full rebuild is let finish before the next save."""
    from playwright.sync_api import sync_playwright

    original, shown = post.read_text(), []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{preview.port}{url}")
            while not preview.hub.watching(url):
                time.sleep(0.01)
            for run in range(runs):
                marker = f"Edited in run {run} at {time.time()}."
                builds = preview.builds
                saved = time.time()
                post.write_text(original + f"\n{marker}\n")
                page.wait_for_function(f"document.querySelector('main').innerText.includes({marker!r}) && "
                                       "performance.getEntriesByName('first-contentful-paint').length > 0", timeout=600_000)
                # when the reloaded page first painted, by its own clock (Playwright notices later)
                painted = page.evaluate("performance.timeOrigin + performance.getEntriesByName('first-contentful-paint')[0].startTime")
                shown.append(painted - saved * 1000)
                while preview.builds == builds:
                    time.sleep(0.01)
                page.wait_for_load_state("load")
                time.sleep(0.2)
        finally:
            browser.close()
            post.write_text(original)
    return shown


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=24)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--site", type=Path, help="an existing site (default: a fresh corpus in a temporary folder)")
    parser.add_argument("--browser", action="store_true", help="time save -> new text shown in Chromium")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or make_site(Path(tmp) / "site", args.posts)
        post = sorted((site / "content" / "stories").glob("*.md"))[0]
        slug = post.stem
        started = time.perf_counter()
        preview = Preview(ServeOptions(source=site, port=0, future=True), out=io.StringIO())
        preview.start()
        posts = sum(1 for _ in (site / "content").rglob("*.md"))
        print(f"site: {site} ({posts} Markdown files); first build {time.perf_counter() - started:.2f} s "
              f"({preview.last_seconds:.2f} s in build())")
        threading.Thread(target=preview.serve_forever, daemon=True).start()
        if args.browser:
            try:
                shown = in_browser(preview, post, f"/stories/{slug}/", args.runs)
            finally:
                preview.server.shutdown()
                preview.close()
            print(f"runs: {args.runs}")
            print(f"save -> new text painted in Chromium: median {statistics.median(shown):.0f} ms   "
                  f"min {min(shown):.0f} ms   max {max(shown):.0f} ms")
            return 0
        events, arrived = listen(preview.port, f"/stories/{slug}/")
        original = post.read_text()
        to_event, to_page, to_rebuilt, build_times = [], [], [], []
        try:
            with arrived:
                arrived.wait_for(lambda: events, timeout=10)  # hello
            for run in range(args.runs):
                marker = f"Edited in run {run} at {time.time()}."
                seen = len(events)
                saved = time.perf_counter()
                post.write_text(original + f"\n{marker}\n")
                with arrived:
                    if not arrived.wait_for(lambda: len(events) > seen, timeout=600):
                        raise SystemExit("no reload event within 600 s")
                at, kind = events[seen]
                if kind != "reload":
                    raise SystemExit(f"expected reload, got {kind}: {preview.hub.errors}")
                body = fetch(preview.port, f"/stories/{slug}/")
                served = time.perf_counter()
                assert marker.encode() in body, "the new text is not served"
                with arrived:  # the full rebuild's reload (the first one came from the quick look)
                    if not arrived.wait_for(lambda: len(events) > seen + 1, timeout=600):
                        raise SystemExit("no second reload event within 600 s")
                to_event.append((at - saved) * 1000)
                to_page.append((served - saved) * 1000)
                to_rebuilt.append((events[seen + 1][0] - saved) * 1000)
                build_times.append(preview.last_seconds * 1000)
                time.sleep(0.1)
        finally:
            post.write_text(original)
            preview.server.shutdown()
            preview.close()
    print(f"runs: {args.runs}")
    for name, values in (("save -> reload event", to_event), ("save -> new page served", to_page),
                         ("save -> full rebuild done", to_rebuilt), ("of which build()", build_times)):
        print(f"{name:24} median {statistics.median(values):8.0f} ms   min {min(values):8.0f} ms   max {max(values):8.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
