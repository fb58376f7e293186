#!/usr/bin/env python3
"""Screenshots of every kind of page, on a phone and a desktop, light and dark, for review.

Builds a site (the example site by default) into a temporary folder, serves it as a static
host would, and has Debian's Chromium (through Playwright) take full-page screenshots.

Usage (from the repository root):

    python scripts/screenshots.py [--source DIR] [--out screenshots/] [--dark]

Writes OUT/<kind>-<width>.png (and <kind>-<width>-dark.png with --dark) for home, a story, a
tip, a plain page, list page 2, a tag, the tags index, the archive, the customers index, the
404 page, a share card and the Mastodon share page, at 375 and 1280 px.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from browser import CHROMIUM, CHROMIUM_ARGS, static_server  # noqa: E402
from wom_site.build import BuildOptions, build  # noqa: E402

WIDTHS = (375, 1280)


def page_kinds(site) -> dict[str, str]:
    """One URL path per kind of page, taken from the built site."""
    urls = site.urls
    stories, tips = site.collections.get("stories", []), site.collections.get("tips", [])
    kinds = {"home": urls.path("")}
    story = next((p for p in stories if p.customer), stories[0] if stories else None)
    if story:
        kinds |= {"story": story.url, "share-card": urls.path(story.site_path + "card/")}
    if tips:
        kinds["tip"] = tips[0].url
    if site.pages:
        kinds["page"] = site.pages[0].url
    stories_url = urls.path(site.config.stories.permalink.split("{")[0].lstrip("/"))
    kinds["list"] = stories_url
    if len(stories) > site.config.stories.page_size:
        kinds["list-page-2"] = stories_url + "page/2/"
    if site.tags:
        kinds["tag"] = max(site.tags.values(), key=lambda tag: len(tag.pages)).url
    kinds |= {
        "tags-index": urls.path(site.config.taxonomies.tags.permalink.split("{")[0].lstrip("/")),
        "archive": urls.path("archive/"),
        "customers": urls.path("customers/"),
        "404": urls.path("no-such-page/"),
        "mastodon-share": urls.path("share/mastodon/") + "?text=Hello",
    }
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=REPO)
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--dark", action="store_true", help="also take dark-mode screenshots")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"error: Chromium is not installed at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        result = build(BuildOptions(source=args.source, output=Path(tmp) / "output", use_cache=False))
        kinds = page_kinds(result.site)
        with static_server(result.output_dir) as origin, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            schemes = ("light", "dark") if args.dark else ("light",)
            for scheme in schemes:
                for width in WIDTHS:
                    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
                    page = context.new_page()
                    for kind, path in kinds.items():
                        page.goto(origin + path, wait_until="networkidle")
                        name = f"{kind}-{width}{'-dark' if scheme == 'dark' else ''}.png"
                        page.screenshot(path=str(args.out / name), full_page=True)
                        print(args.out / name)
                    context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
