"""Files that reach output/ through the one seam (wom_site/outputs): /index.json, and the one
place that decides which file a path gets."""

from __future__ import annotations

import datetime as dt
import json
import shutil

from conftest import post, write_files
from helpers import png
from wom_site.build import BuildOptions, build

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
SHOP = """\
title: "Вело & Co"
base_url: "https://example.org/shop/blog/"
timezone: UTC
author: Tester
"""


def _files() -> dict:
    return {
        "content/stories/rosa.md": post("Rosa's cargo bike, 90 characters of title to see it kept whole in the JSON index",
                                        "2026-03-02", tags="[cargo, bikes]", description="A bike for two kids.",
                                        image="rosa.jpg",
                                        customer='{name: "Rosa Díaz", company: "Díaz Bakery", role: "Owner", approved: 2026-01-01}'),
        "content/stories/rosa.jpg": png(1200, 800, format="JPEG"),
        "content/tips/oil.md": post("Смазка цепи", "2026-04-01", tags="[repair]", body="Oil the chain every month."),
        "content/tips/later.md": post("Not yet", "2099-09-01"),
        "content/tips/draft.md": post("Draft", "2026-02-01", draft=True),
        "content/stories/waiting.md": post("Waiting", "2026-02-01", customer='{name: "Al"}'),
        "content/pages/about.md": "---\ntitle: About\n---\n\nWe fix bikes.\n",
    }


def _index(site) -> dict:
    return json.loads((site / "output/index.json").read_text(encoding="utf-8"))


def test_index_json_lists_the_published_posts_newest_first(make_site, wom):
    site = make_site(_files(), config=SHOP)
    wom("build", "--source", str(site), check=True)
    index = _index(site)
    assert index["home_page_url"] == "https://example.org/shop/blog/"
    titles = [p["title"] for p in index["posts"]]
    assert titles == ["Смазка цепи", "Rosa's cargo bike, 90 characters of title to see it kept whole in the JSON index"]
    tip, story = index["posts"]
    assert tip["url"] == "https://example.org/shop/blog/tips/oil/"
    assert tip["date"].startswith("2026-04-01") and tip["tags"] == ["repair"] and tip["customer"] is None
    assert tip["summary"].startswith("Oil the chain")
    assert story["summary"] == "A bike for two kids."
    assert story["customer"] == {"name": "Rosa Díaz", "company": "Díaz Bakery", "role": "Owner"}
    assert sorted(story["tags"]) == ["bikes", "cargo"]
    assert story["image"]["url"] == "https://example.org/shop/blog/stories/rosa.jpg"
    assert (story["image"]["width"], story["image"]["height"]) == (1200, 800)
    # every URL in it is a page the build published
    for entry in index["posts"]:
        path = entry["url"].removeprefix("https://example.org/shop/blog/")
        assert (site / "output" / path / "index.html").is_file()


def test_index_json_follows_edits_and_is_kept_when_nothing_it_shows_changed(make_site):
    site = make_site(_files(), config=SHOP)
    build(BuildOptions(source=site, now=NOW))
    index = site / "output/index.json"
    mtime = index.stat().st_mtime_ns
    assert build(BuildOptions(source=site, now=NOW)).stats.written == 0
    assert index.stat().st_mtime_ns == mtime
    tip = site / "content/tips/oil.md"
    tip.write_text(tip.read_text(encoding="utf-8").replace("every month.", "every month, and after rain."), encoding="utf-8")
    build(BuildOptions(source=site, now=NOW))  # its first paragraph: its summary
    summary = [p["summary"] for p in _index(site)["posts"] if p["title"] == "Смазка цепи"][0]
    assert "after rain" in summary
    mtime = index.stat().st_mtime_ns
    tip.write_text(tip.read_text(encoding="utf-8").replace("Смазка цепи", "Chain oil"), encoding="utf-8")
    build(BuildOptions(source=site, now=NOW))
    assert [p["title"] for p in _index(site)["posts"]][0] == "Chain oil"
    assert index.stat().st_mtime_ns != mtime
    about = site / "content/pages/about.md"
    about.write_text(about.read_text().replace("fix", "sell"))
    mtime = index.stat().st_mtime_ns
    assert build(BuildOptions(source=site, now=NOW)).stats.written > 0
    assert index.stat().st_mtime_ns == mtime  # a plain page is not in it


def test_a_post_appears_in_index_json_once_its_date_has_come(make_site):
    site = make_site(_files(), config=SHOP)
    build(BuildOptions(source=site, now=NOW))
    assert "Not yet" not in [p["title"] for p in _index(site)["posts"]]
    build(BuildOptions(source=site, now=dt.datetime(2099, 9, 2, tzinfo=dt.timezone.utc)))
    assert _index(site)["posts"][0]["title"] == "Not yet"


def test_a_static_file_on_a_generated_path_is_one_error_naming_both(make_site, wom):
    site = make_site({**_files(), "static/index.json": "{}"}, config=SHOP)
    result = wom("build", "--source", str(site))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "static/index.json: its URL /index.json is also written by the generated index-json" in result.stderr
    (site / "static/index.json").unlink()
    write_files(site, {"static/about/index.html": "<p>mine</p>"})
    result = wom("build", "--source", str(site))
    assert result.returncode == 1
    assert "static/about/index.html: its URL /about/ is also written by content/pages/about.md" in result.stderr


def test_a_sites_own_robots_txt_replaces_the_generated_one(make_site, wom):
    site = make_site({**_files(), "static/robots.txt": "User-agent: *\nDisallow: /\n"}, config=SHOP)
    wom("build", "--source", str(site), check=True)
    assert (site / "output/robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    (site / "static/robots.txt").unlink()
    wom("build", "--source", str(site), check=True)
    assert "Sitemap: https://example.org/shop/blog/sitemap.xml" in (site / "output/robots.txt").read_text()


def test_the_last_builds_record_is_data_that_names_what_each_file_shows(make_site, tmp_path):
    from helpers import tree
    from wom_site.record import VERSION

    site = make_site(_files(), config=SHOP)
    build(BuildOptions(source=site, now=NOW))
    record = json.loads((site / ".wom-cache/build.json").read_text(encoding="utf-8"))
    assert record["version"] == VERSION and record["pages"] > 0
    kind, shown = record["shows"]["feeds/all.xml"]
    assert kind == "feed" and "content/tips/oil.md" in shown
    assert "index.json" not in record["shows"]  # it shows faces only: a body edit keeps it
    tip = site / "content/tips/oil.md"
    tip.write_text(tip.read_text(encoding="utf-8") + "\nA second paragraph.\n", encoding="utf-8")
    index = (site / "output/index.json").stat().st_mtime_ns
    build(BuildOptions(source=site, now=NOW))  # only a body changed: its pages and the feeds that show it
    assert (site / ".wom-cache/snapshot-edits.msgpack").is_file()
    assert "A second paragraph." in (site / "output/feeds/all.xml").read_text(encoding="utf-8")
    assert (site / "output/index.json").stat().st_mtime_ns == index
    fresh = tmp_path / "fresh"
    build(BuildOptions(source=site, output=fresh, use_cache=False, now=NOW))
    assert tree(site / "output") == tree(fresh)
    (site / ".wom-cache/build.json").write_text('{"version": 1, "inputs": [')  # damaged: a full build
    tip.write_text(tip.read_text(encoding="utf-8") + "\nA third paragraph.\n", encoding="utf-8")
    build(BuildOptions(source=site, now=NOW))
    assert "A third paragraph." in (site / "output/feeds/all.xml").read_text(encoding="utf-8")
    assert json.loads((site / ".wom-cache/build.json").read_text(encoding="utf-8"))["version"] == VERSION


EVERY_KIND = {
    "page": "stories/rosa/index.html", "card": None, "feed": "feeds/all.xml", "sitemap": "sitemap.xml",
    "robots": "robots.txt", "index-json": "index.json", "static": "files/menu.txt", "asset": "stories/notes.pdf",
    "photo": "images/shop.jpg", "host": "_headers", "kit": None, "icon": "favicon.ico",
}


def test_every_kind_of_output_matches_a_cache_free_build_after_each_change(make_site, tmp_path):
    """The byte-for-byte comparison with a cache-free build, over a site that has a file of
    every registered kind (a new kind must be added here: the registry is checked)."""
    from helpers import tree
    from test_images import phone_photo
    from wom_site.outputs.registry import FINISHERS, GENERATORS

    assert set(EVERY_KIND) == set(GENERATORS) | {"robots"} | set(FINISHERS)  # robots.txt comes with the sitemap
    site = make_site({**_files(), "static/files/menu.txt": "coffee 2\n", "static/images/shop.jpg": phone_photo(800, 600),
                      "content/stories/notes.pdf": b"%PDF-1.4 notes\n",
                      "content/tips/alias.md": post("Moved", "2026-02-02", aliases="[/old/tip/]")},
                     config=SHOP + "hosting:\n  netlify: true\n")

    def same_as_fresh() -> None:
        fresh = tmp_path / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        build(BuildOptions(source=site, output=fresh, use_cache=False, now=NOW))
        assert tree(site / "output") == tree(fresh)

    build(BuildOptions(source=site, now=NOW))
    out = site / "output"
    assert all((out / path).is_file() for path in EVERY_KIND.values() if path)
    assert list((out / "cards").iterdir())  # drawn social cards (the tip has no image of its own)
    assert list(out.glob("stories/*/kit/index.html"))  # the approved customer's share kit
    same_as_fresh()
    tip = site / "content/tips/oil.md"
    changes = [
        lambda: tip.write_text(tip.read_text(encoding="utf-8") + "\nMore oil.\n", encoding="utf-8"),  # a body
        lambda: tip.write_text(tip.read_text(encoding="utf-8").replace("Смазка цепи", "Chain oil"), encoding="utf-8"),
        lambda: (site / "static/files/menu.txt").write_text("coffee 3\n"),
        lambda: (site / "static/images/shop.jpg").write_bytes(phone_photo(640, 480)),
        lambda: (site / "content/stories/notes.pdf").write_bytes(b"%PDF-1.4 new notes\n"),
        lambda: write_files(site, {"content/tips/alias.md": post("Moved", "2026-02-02", aliases="[/older/tip/]")}),
    ]
    for change in changes:
        change()
        build(BuildOptions(source=site, now=NOW))
        same_as_fresh()
