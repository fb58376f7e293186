"""Issue 16's proof, for every kind of output: whatever changes, an incremental build gives byte
for byte what a cache-free build gives. The site below publishes at least one file of every
kind the registry knows (pages, cards, feeds, sitemap, /index.json, kits, static files, files
beside posts, cleaned photos, icons, host files, the search index, in two languages); a kind
added to the registry without a file here fails the first test, so the comparison keeps
covering every kind.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import BASIC_SITE, post
from helpers import assert_same_as_fresh, edit as _edit, png, tree
from wom_site.build import BuildOptions, build
from wom_site.outputs import registry

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
CONFIG = BASIC_SITE.replace("https://example.org/", "https://example.org/shop/blog/") + """\
languages:
  de: {title: "Test & Co auf Deutsch"}
hosting:
  netlify: true
brand:
  color: "#1f6f5c"
"""
ROSA = post("Rosa’s bakery bike", "2026-02-01", slug="rosa", tags="[cargo]",
            customer='{name: "Rosa Díaz", photo: images/rosa.jpg, quote: "Ten minutes, really.", approved: 2026-01-20}',
            body="Rosa bakes.\n\nThe [price list](prices.txt) is beside this story.\n")
FILES = {
    "content/stories/rosa.md": ROSA,
    "content/stories/rosa.de.md": post("Rosas Bäckerrad", "2026-02-01", slug="rosa", tags="[cargo]", body="Rosa backt."),
    "content/stories/images/rosa.jpg": png(900, 1200, "#8a5a3c", "JPEG"),
    "content/stories/prices.txt": "bread 3\n",
    "content/tips/chain.md": post("Keep your chain quiet", "2026-01-08", slug="chain", tags="[repair]",
                                  body="Oil it.", aliases="[/old/chain/]"),
    "content/pages/about.md": "---\ntitle: About us\n---\n\nWe fix bikes.\n",
    "static/files/menu.txt": "coffee 2\n",
}


CHANGES = [
    ("a story's body", lambda s: _edit(s / "content/stories/rosa.md", "Rosa bakes.", "Rosa bakes at dawn.")),
    ("the customer's quote (kit texts)", lambda s: _edit(s / "content/stories/rosa.md", "Ten minutes, really.", "Faster than the van.")),
    ("the customer's photo", lambda s: (s / "content/stories/images/rosa.jpg").write_bytes(png(900, 1200, "#2c4a7a", "JPEG"))),
    ("a file beside a post", lambda s: (s / "content/stories/prices.txt").write_text("bread 4\n")),
    ("the German translation's title", lambda s: _edit(s / "content/stories/rosa.de.md", "Rosas Bäckerrad", "Rosas Lastenrad")),
    ("an alias (host files)", lambda s: _edit(s / "content/tips/chain.md", "[/old/chain/]", "[/old/chain/, /oil/]")),
    ("the brand colour (cards, icons, styles)", lambda s: _edit(s / "site.yaml", "#1f6f5c", "#7a2c4a")),
    ("a static file", lambda s: (s / "static/files/menu.txt").write_text("coffee 3\n")),
]


def _built(site: Path, **options) -> None:
    result = build(BuildOptions(source=site, now=NOW, **options))
    assert not result.errors, result.errors


@pytest.fixture
def kinds_made(monkeypatch) -> set[str]:
    """The kinds whose generator, finisher or post-processor gave at least one file."""
    made: set[str] = set()

    def watched(kind, generate):
        def wrapper(*args):
            outputs = list(generate(*args))
            if outputs:
                made.add(kind)
            return outputs
        return wrapper

    for table in (registry.GENERATORS, registry.FINISHERS):
        for kind, generate in list(table.items()):
            monkeypatch.setitem(table, kind, watched(kind, generate))
    for kind, process in list(registry.POST_PROCESSORS.items()):
        def post_processed(sites, files, *rest, kind=kind, process=process):
            before = set(files)
            problems = process(sites, files, *rest)
            if set(files) - before:
                made.add(kind)
            return problems
        monkeypatch.setitem(registry.POST_PROCESSORS, kind, post_processed)
    return made


def test_the_site_publishes_every_kind_of_output(make_site, kinds_made):
    site = make_site(FILES, config=CONFIG)
    _built(site)
    every = set(registry.GENERATORS) | set(registry.FINISHERS) | set(registry.POST_PROCESSORS)
    assert sorted(every - kinds_made) == [], "add a file of this kind to FILES, so the comparison covers it"
    out = site / "output"
    for rel in ("de/stories/rosa/index.html", "stories/rosa/kit/index.html", "_redirects", "_headers", "favicon.ico",
                "index.json", "de/index.json", "files/menu.txt", "stories/prices.txt"):
        assert (out / rel).is_file(), rel


@pytest.mark.parametrize("name, change", CHANGES, ids=[name for name, _ in CHANGES])
def test_an_incremental_build_after_each_change_equals_a_cache_free_one(make_site, tmp_path, name, change):
    site = make_site(FILES, config=CONFIG)
    _built(site)
    before = tree(site / "output")
    change(site)
    _built(site)
    assert tree(site / "output") != before, f"{name}: the build published nothing new"
    assert_same_as_fresh(site, tmp_path / "fresh", NOW, name)

