"""Incremental builds give byte for byte what a cache-free build gives, whatever changed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import post, write_files
from helpers import assert_same_as_fresh, edit, png, tree
import wom_site
from wom_site import cachefile, pool, render
from wom_site.build import BuildOptions, build
from wom_site.theme import default_theme_dir

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)


def _site_files() -> dict[str, str]:
    files = {
        "content/pages/about.md": "---\ntitle: About us\n---\n\nWe fix bikes. See [a tip](../tips/t1.md).\n",
        "static/files/menu.txt": "coffee 2\n",
        "static/css/extra.css": "body { color: black; }\n",
        "content/stories/soon.md": post("Coming soon", date="2026-07-01", tags="[bikes]", body="Not yet."),
    }
    for i in range(6):
        tags = ["bikes", "repair"] if i % 2 else ["bikes", "cargo"]
        files[f"content/stories/s{i}.md"] = post(f"Story {i}", date=f"2026-0{1 + i % 5}-1{i}", tags=f"[{', '.join(tags)}]",
                                                 body=f"Story {i}'s text -- \"quoted\".\n\n## Part\n\nMore about story {i}.")
        files[f"content/tips/t{i}.md"] = post(f"Tip {i}", date=f"2026-0{1 + i % 5}-2{i}", tags="[repair]", body=f"Tip {i}: oil the chain.")
    return files


def _build(site: Path, now=NOW):
    return build(BuildOptions(source=site, now=now))


def _assert_same_as_fresh(site: Path, tmp_path: Path, now=NOW) -> None:
    assert_same_as_fresh(site, tmp_path / "fresh", now)



def _override_template(site: Path, name: str, old: str, new: str) -> None:
    target = site / "themes" / "default" / "templates" / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(default_theme_dir() / "templates" / name, target)
    edit(target, old, new)


CHANGES = [
    ("a post body", lambda s: edit(s / "content/stories/s2.md", "More about story 2.", "Rewritten story 2.")),
    ("a post title", lambda s: edit(s / "content/stories/s3.md", "Story 3", "A new title for three")),
    ("an old tip's title, shown only as a neighbour", lambda s: edit(s / "content/tips/t0.md", "Tip 0", "The oldest tip")),
    ("a template", lambda s: _override_template(s, "base.html", "</body>", "<!-- changed -->\n</body>")),
    ("a static file", lambda s: (s / "static/files/menu.txt").write_text("coffee 3\n")),
    ("a fingerprinted stylesheet", lambda s: (s / "static/css/extra.css").write_text("body { color: navy; }\n")),
    ("site.yaml", lambda s: edit(s / "site.yaml", 'title: "Test & Co"', 'title: "Test & Sons"')),
    # every body renders again, from Markdown the build reads again (cached entries do not keep it)
    ("Markdown options", lambda s: (s / "site.yaml").write_text((s / "site.yaml").read_text() + "markdown:\n  smarty: true\n")),
    ("a deleted post", lambda s: (s / "content/stories/s4.md").unlink()),
    ("a renamed tag", lambda s: edit(s / "content/stories/s1.md", "repair", "fixing")),
    ("a new post", lambda s: write_files(s, {"content/tips/t9.md": post("Tip nine", date="2026-05-30", tags="[cargo]")})),
    ("a cross-linked post's URL", lambda s: edit(s / "content/tips/t1.md", "title:", "slug: first-tip\ntitle:")),
]


def test_each_kind_of_change_matches_a_cache_free_build(make_site, tmp_path):
    site = make_site(_site_files())
    _build(site)
    _assert_same_as_fresh(site, tmp_path)
    for name, change in CHANGES:
        change(site)
        result = _build(site)
        assert result.stats.written > 0, name
        _assert_same_as_fresh(site, tmp_path)


def test_nothing_changed_touches_nothing(make_site):
    site = make_site(_site_files())
    _build(site)
    before = {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*")}
    result = _build(site)
    assert (result.stats.written, result.stats.removed) == (0, 0)
    assert result.stats.unchanged == len([p for p in before if p.is_file()])
    assert {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*")} == before


def test_one_edit_rewrites_only_what_shows_it(make_site):
    site = make_site(_site_files())
    _build(site)
    other = site / "output/tips/t5/index.html"
    mtime = other.stat().st_mtime_ns
    before = {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*") if p.is_file()}
    edit(site / "content/stories/s2.md", "More about story 2.", "Rewritten story 2.")
    result = _build(site)
    rewritten = [p for p in before if p.exists() and p.stat().st_mtime_ns != before[p]]
    assert 0 < len([p for p in rewritten if "pagefind" not in p.parts]) < 10  # the search index is made again
    assert "Rewritten story 2." in (site / "output/stories/s2/index.html").read_text()
    assert other.stat().st_mtime_ns == mtime


def test_a_post_appears_once_its_date_has_come(make_site, tmp_path):
    site = make_site(_site_files())
    _build(site)
    assert not (site / "output/stories/soon").exists()
    later = dt.datetime(2026, 7, 2, tzinfo=dt.timezone.utc)
    _build(site, now=later)
    assert (site / "output/stories/soon/index.html").exists()
    assert "Coming soon" in (site / "output/stories/index.html").read_text()
    _assert_same_as_fresh(site, tmp_path, now=later)


def test_a_damaged_output_file_is_rewritten(make_site, tmp_path):
    site = make_site(_site_files())
    _build(site)
    (site / "output/stories/s1/index.html").write_text("tampered")
    (site / "output/tips/t2/index.html").unlink()
    _build(site)
    _assert_same_as_fresh(site, tmp_path)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_corrupt_cache_is_ignored_and_rebuilt(make_site, tmp_path, damage):
    site = make_site(_site_files())
    _build(site)
    edit(site / "content/stories/s2.md", "More about story 2.", "Rewritten story 2.")
    for path in [p for p in (site / ".wom-cache").rglob("*") if p.is_file()]:
        data = path.read_bytes()
        path.write_bytes({"garbage": b"\x80\x04not JSON{", "truncated": data[: len(data) // 2], "empty": b""}[damage])
    _build(site)
    _assert_same_as_fresh(site, tmp_path)
    _build(site)  # and the rebuilt cache works
    _assert_same_as_fresh(site, tmp_path)


def test_a_cache_written_in_another_format_is_not_read(make_site, tmp_path):
    """A cache from another version (or a checkout whose cached types changed) holds objects
    this code cannot use: its files are ignored, whatever they hold."""
    site = make_site(_site_files())
    _build(site)
    edit(site / "content/stories/s2.md", "More about story 2.", "Rewritten story 2.")
    cache_files = list((site / ".wom-cache").glob("*.msgpack"))
    assert cache_files
    for path in cache_files:
        items = cachefile.loads(path.read_bytes())["items"]
        old_layout = wom_site.__version__  # as this version wrote them before cached types changed
        path.write_bytes(cachefile.dumps({"version": old_layout, "items": dict.fromkeys(items, "an old layout")}))
    _build(site)
    _assert_same_as_fresh(site, tmp_path)


def test_markdown_read_again_must_be_the_file_that_was_parsed(make_site):
    """A cached entry keeps no Markdown: when its HTML must be made again, its file is read again,
    and a file changed or gone since it was parsed is an error, never a body of the wrong text."""
    from wom_site.cached import render_bodies
    from wom_site.cache import Cache
    from wom_site.config import load_config
    from wom_site.content import SourceFile, digest_bytes, parse
    from wom_site.diagnostics import BuildFailed

    site = make_site(_site_files())
    config, path = load_config(site), site / "content/stories/s2.md"
    data = path.read_bytes()
    entry = dataclasses.replace(parse(SourceFile("content/stories/s2.md", "stories", data, digest_bytes(data)), config.tz), body=None)
    bodies = render_bodies([entry], config, "/", Cache(None), site)
    assert "More about story 2." in bodies[entry.digest].html  # read again, rendered
    edit(path, "More about story 2.", "Edited since.")
    with pytest.raises(BuildFailed) as changed:
        render_bodies([entry], config, "/", Cache(None), site)
    assert [str(p) for p in changed.value.problems] == ["content/stories/s2.md: changed while the site was building; run the build again"]
    path.unlink()
    with pytest.raises(BuildFailed) as gone:
        render_bodies([entry], config, "/", Cache(None), site)
    assert str(gone.value.problems[0]).startswith("content/stories/s2.md: cannot be read: ")


def test_deleting_the_cache_and_no_cache_always_work(make_site, tmp_path, wom):
    site = make_site(_site_files())
    _build(site)
    shutil.rmtree(site / ".wom-cache")
    _build(site)
    _assert_same_as_fresh(site, tmp_path)
    shutil.rmtree(site / ".wom-cache")
    edit(site / "content/stories/s2.md", "More about story 2.", "Built without a cache.")
    wom("build", "--source", str(site), "--no-cache", "--quiet", check=True)
    assert not (site / ".wom-cache").exists()  # --no-cache neither reads nor writes one
    assert "Built without a cache." in (site / "output/stories/s2/index.html").read_text()
    _assert_same_as_fresh(site, tmp_path, now=None)  # the CLI builds at the clock's now


def test_the_process_pool_gives_the_same_bytes(make_site, tmp_path, monkeypatch):
    from wom_site.share import social_images

    def pooled(on: bool) -> None:  # Markdown, pages and cards all in the pool, or none of them
        monkeypatch.setattr(pool, "POOL_THRESHOLD", 1 if on else 10**9)
        monkeypatch.setattr(social_images, "CARD_POOL_THRESHOLD", 1 if on else 10**9)

    pools, fork_pool = [], pool.fork_pool

    def counting_fork_pool(*args, **kwargs):
        pool = fork_pool(*args, **kwargs)
        pools.append(pool is not None)
        return pool

    monkeypatch.setattr(pool, "fork_pool", counting_fork_pool)
    site = make_site(_site_files())
    pooled(True)
    _build(site)
    if pool.workers() >= 2:  # one core: no pool to exercise
        assert len(pools) == 3 and all(pools)  # Markdown, cards and pages were made in the pool
    pooled(False)  # the reference builds outside the pool
    _assert_same_as_fresh(site, tmp_path)
    edit(site / "content/stories/s3.md", "Story 3", "Pooled title")
    pooled(True)
    _build(site)
    pooled(False)
    _assert_same_as_fresh(site, tmp_path)


def test_a_killed_patch_is_finished_or_dropped(make_site, tmp_path):
    from wom_site.output import JOURNAL, PATCH

    site = make_site(_site_files())
    _build(site)
    # an uncommitted patch (no journal) is dropped; output/ stays as it was
    stray = site / f".output{PATCH}999"
    (stray / "stories/s1").mkdir(parents=True)
    (stray / "stories/s1/index.html").write_text("half-written")
    _build(site)
    assert not stray.exists()
    assert "half-written" not in (site / "output/stories/s1/index.html").read_text()
    # a committed one is finished by the next build
    (stray / "extra").mkdir(parents=True)
    (stray / "extra/new.txt").write_text("from a killed build")
    (stray / JOURNAL).write_text('{"write": ["extra/new.txt"], "remove": []}')
    os.utime(stray / JOURNAL)
    from wom_site.output import clean_leftovers

    clean_leftovers(site / "output")
    assert (site / "output/extra/new.txt").read_text() == "from a killed build"
    assert not stray.exists()


def test_building_into_another_folder_keeps_both_right(make_site, tmp_path):
    site = make_site(_site_files())
    _build(site)
    edit(site / "content/stories/s2.md", "More about story 2.", "Rewritten story 2.")
    build(BuildOptions(source=site, output=tmp_path / "elsewhere", now=NOW))
    _build(site)  # output/ still holds the old story 2: it must be rebuilt, not trusted
    _assert_same_as_fresh(site, tmp_path)
    assert tree(tmp_path / "elsewhere") == tree(site / "output")


def test_a_preview_build_between_two_builds_leaves_the_second_nothing_to_render(make_site, tmp_path):
    """wom serve builds into its own folder with plain asset names: its page keys are its own."""
    site, alone = make_site(_site_files()), tmp_path / "alone"
    shutil.copytree(site, alone)
    for folder in (site, alone):
        _build(folder)
        edit(folder / "content/stories/s2.md", "Story 2's text", "Rewritten story 2's text")  # what lists show of it
    preview = build(BuildOptions(source=site, output=tmp_path / "preview", now=NOW, fingerprint_assets=False, assemble=True))
    assert preview.rendered > 0
    result, without_preview = _build(site), _build(alone)
    assert 0 < result.rendered == without_preview.rendered < result.pages  # story 2 and what shows it, not every page
    assert "Rewritten story 2's text" in (site / "output/stories/s2/index.html").read_text()
    _assert_same_as_fresh(site, tmp_path)


def test_a_fresh_checkout_with_the_kept_cache_and_output_renders_nothing(make_site, tmp_path, monkeypatch):
    """What the workflow wom init writes does on GitHub Actions: a new clone (every file with a
    new mtime) plus .wom-cache/ and output/ restored by actions/cache (mtimes kept)."""
    from wom_site import imagework

    site = make_site({**_site_files(), "content/stories/shop.jpg": png(900, 600, (120, 80, 40), "JPEG")})
    _build(site)
    assert (site / "output/stories/shop.jpg").is_file()
    clone = tmp_path / "clone"
    shutil.copytree(site, clone, ignore=shutil.ignore_patterns(".wom-cache", "output"), copy_function=shutil.copyfile)
    for kept in (".wom-cache", "output"):
        shutil.copytree(site / kept, clone / kept, copy_function=shutil.copy2)
    pages = {p: p.stat().st_mtime_ns for p in (clone / "output").rglob("*.html")}
    monkeypatch.setattr(imagework, "_process", lambda *args: pytest.fail("a photo was processed again"))
    result = _build(clone)
    assert (result.rendered, result.stats.removed) == (0, 0)
    assert {p: p.stat().st_mtime_ns for p in (clone / "output").rglob("*.html")} == pages  # no page rewritten
    assert result.stats.written <= 2  # menu.txt and shop.jpg: copied files known by their stat, which the clone changed
    edit(clone / "content/stories/s2.md", "More about story 2.", "Rewritten story 2.")
    assert 0 < _build(clone).rendered < result.pages
    assert "Rewritten story 2." in (clone / "output/stories/s2/index.html").read_text()


def _counted_draws(monkeypatch) -> list[str]:
    """The titles of the cards drawn from now on (all in this process, so they can be counted)."""
    from wom_site.share import social_images

    drawn = []
    real = social_images.render_card
    monkeypatch.setattr(social_images, "render_card", lambda spec: drawn.append(spec.title) or real(spec))
    monkeypatch.setattr(social_images, "CARD_POOL_THRESHOLD", 10**9)
    return drawn


def test_cards_are_drawn_once_and_kept_as_files(make_site, tmp_path, monkeypatch):
    drawn = _counted_draws(monkeypatch)
    site = make_site(_site_files())
    _build(site)
    first = len(drawn)
    cached = sorted((site / ".wom-cache/cards").iterdir())
    assert first > 10 and len(cached) == first
    drawn.clear()
    edit(site / "content/stories/s3.md", "Story 3", "A new title for three")
    _build(site)
    assert drawn == ["A new title for three"]
    assert len(list((site / ".wom-cache/cards").iterdir())) == first  # the old card is forgotten
    _assert_same_as_fresh(site, tmp_path)
    # a damaged card file is drawn again, never published as it is
    victim = sorted((site / ".wom-cache/cards").iterdir())[0]
    victim.write_bytes(b"not a png")
    drawn.clear()
    shutil.rmtree(site / "output")
    _build(site)
    assert len(drawn) == 1
    _assert_same_as_fresh(site, tmp_path)


def test_cards_drawn_in_the_pool_are_the_same(make_site, tmp_path, monkeypatch):
    from wom_site.share import social_images

    monkeypatch.setattr(social_images, "CARD_POOL_THRESHOLD", 1)
    site = make_site(_site_files())
    _build(site)
    monkeypatch.setattr(social_images, "CARD_POOL_THRESHOLD", 10**9)  # the reference draws in this process
    _assert_same_as_fresh(site, tmp_path)
    assert any(p.suffix == ".png" for p in (site / "output/cards").iterdir())


def test_cards_are_drawn_by_the_loop_and_taken_from_the_cache_not_drawn_again(make_site, tmp_path, monkeypatch):
    """A card is an Output the loop draws only when output/ lacks it and .wom-cache/ does not
    keep it: a template edit (which changes every file's key) and a clean build (output/
    removed, the cache kept) draw none; the share tags name the card before it is drawn."""
    drawn = _counted_draws(monkeypatch)
    site = make_site(_site_files())
    _build(site)
    assert len(drawn) > 10
    drawn.clear()
    _override_template(site, "base.html", "</body>", "<!-- changed -->\n</body>")
    _build(site)
    assert "<!-- changed -->" in (site / "output/index.html").read_text()
    shutil.rmtree(site / "output")
    _build(site)
    assert drawn == []
    _assert_same_as_fresh(site, tmp_path)
    page = (site / "output/stories/s2/index.html").read_text()
    card = re.search(r'<meta property="og:image" content="https://example.org/(cards/[^"]+)"', page).group(1)
    assert (site / "output" / card).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert 'property="og:image:type" content="image/png"' in page


def test_a_build_dated_earlier_hides_the_post_again(make_site, tmp_path):
    site = make_site(_site_files())
    later = dt.datetime(2026, 7, 2, tzinfo=dt.timezone.utc)
    _build(site, now=later)
    assert (site / "output/stories/soon/index.html").exists()
    _build(site)  # NOW is before the post's date: nothing else changed, but the selection did
    assert not (site / "output/stories/soon").exists()
    _assert_same_as_fresh(site, tmp_path)


def test_unchanged_sources_are_known_by_their_stat_and_edits_are_not_missed(make_site, tmp_path, monkeypatch):
    from wom_site import content

    monkeypatch.setattr(content, "SETTLED_NS", 0)  # trust stats at once (normally: 2 s after a change)
    site = make_site(_site_files())
    _build(site)
    reads = []
    real = content.open if hasattr(content, "open") else open
    monkeypatch.setattr(content, "open", lambda path, *a, **k: reads.append(path) or real(path, *a, **k), raising=False)
    target = site / "content/stories/s2.md"
    before = target.stat()
    edit(target, "More about story 2.", "More about story 9.")  # same size
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # same mtime too: ctime still tells
    assert (target.stat().st_size, target.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    _build(site)
    assert [Path(p).name for p in reads] == ["s2.md"]
    assert "More about story 9." in (site / "output/stories/s2/index.html").read_text()
    _assert_same_as_fresh(site, tmp_path)


def test_sources_whose_stat_alone_changed_are_read_once(make_site, monkeypatch):
    """A chmod, a copy or a restore gives every source a new ctime with the same content: the
    build that finds nothing changed (or only a body) reads them once and keeps their new stats,
    so the builds after it read none (they used to read and hash every source, every build)."""
    from wom_site import content

    monkeypatch.setattr(content, "SETTLED_NS", 0)
    site = make_site(_site_files())
    _build(site)
    reads = []
    monkeypatch.setattr(content, "open", lambda path, *a, **k: reads.append(path) or open(path, *a, **k), raising=False)
    sources = sorted((site / "content").rglob("*.md"))
    for kind_of_build in ("nothing", "body"):
        for path in sources:
            os.chmod(path, 0o600 if kind_of_build == "nothing" else 0o644)  # the ctime moves, nothing else
        if kind_of_build == "body":
            edit(site / "content/stories/s2.md", "More about story 2.", "More about story 2, edited.")
        reads.clear()
        result = _build(site)
        assert len(reads) == len(sources), kind_of_build  # each read once, to learn it is the same
        assert (result.stats.written == 0) == (kind_of_build == "nothing")
        reads.clear()
        _build(site)
        assert reads == [], kind_of_build


def test_related_posts_are_ranked_again_only_when_tags_or_order_change(make_site, tmp_path, monkeypatch):
    from wom_site import site as site_module

    ranked = []
    real = site_module._rank_related
    monkeypatch.setattr(site_module, "_rank_related", lambda *a: ranked.append(1) or real(*a))
    site = make_site(_site_files())
    _build(site)
    edit(site / "content/stories/s2.md", "Story 2's text", "Rewritten story 2's text")  # what lists show of it
    _build(site)
    assert len(ranked) == 1  # an edit that kept tags and order reused the ranking
    edit(site / "content/stories/s1.md", "repair", "fixing")
    _build(site)
    assert len(ranked) == 2
    _assert_same_as_fresh(site, tmp_path)


def test_rendered_pages_pass_through_a_spool_that_is_cleaned_up(make_site, tmp_path):
    from wom_site.output import SPOOL

    site = make_site(_site_files())
    stray = site / f".output{SPOOL}999999999"  # left by a killed build (no such process)
    (stray / "stories").mkdir(parents=True)
    _build(site)
    edit(site / "content/stories/s2.md", "Story 2's text", "Rewritten story 2's text")  # a full build
    _build(site)
    assert list(site.glob(f".output{SPOOL}*")) == []
    _assert_same_as_fresh(site, tmp_path)


def test_an_edit_renders_only_the_tag_pages_that_show_it(make_site, tmp_path, monkeypatch):
    """Tag pages hold a summary of their tag (name, URL, count), not its posts: editing what a
    list shows of one post re-renders the tag pages listing it or its neighbours, not every page
    of its tags."""
    from conftest import BASIC_SITE

    rendered = []
    real = render._render_chunk
    monkeypatch.setattr(render, "_render_chunk", lambda jobs, *a: rendered.extend(j.output for j in jobs) or real(jobs, *a))
    files = {f"content/tips/t{i:02}.md": post(f"Tip {i}", date=f"2026-01-{1 + i:02}", tags="[oil]", body=f"Tip {i}.\n\nMore on {i}.")
             for i in range(30)}
    site = make_site(files, config=BASIC_SITE + "taxonomies:\n  tags:\n    page_size: 5\n")
    _build(site)
    tag_pages = sorted(p.relative_to(site / "output").as_posix() for p in (site / "output/tags/oil").rglob("index.html"))
    assert len(tag_pages) == 6
    assert "30 posts · Page 3 of 6" in (site / "output/tags/oil/page/3/index.html").read_text()
    rendered.clear()
    edit(site / "content/tips/t17.md", "Tip 17.", "Tip seventeen.")  # its summary; newest first: 13th of 30, tag page 3
    result = _build(site)
    assert result.rendered == len(rendered)
    # tip 17 and its neighbours (16 and 18) are the 12th to 14th posts: all on tag page 3
    assert [p for p in rendered if p.startswith("tags/")] == ["tags/oil/page/3/index.html"]
    assert {"tips/t17/index.html", "tips/t16/index.html", "tips/t18/index.html"} <= set(rendered)
    assert len(rendered) < 12, rendered
    _assert_same_as_fresh(site, tmp_path)


def test_feeds_and_the_sitemap_are_made_again_only_when_what_they_show_changed(make_site, tmp_path, monkeypatch):
    from wom_site import feeds, sitemap as build_module

    made = []
    for name in ("atom", "json_feed"):
        real = getattr(feeds, name)
        monkeypatch.setattr(feeds, name, lambda site, path, *a, real=real: made.append(path) or real(site, path, *a))
    real_sitemap = build_module.render_sitemap
    monkeypatch.setattr(build_module, "render_sitemap", lambda entries: made.append("sitemap.xml") or real_sitemap(entries))
    files = {f"content/tips/t{i:02}.md": post(f"Tip {i}", date=f"2026-01-{1 + i:02}", tags="[oil]", body=f"Tip {i}.\n\nMore on {i}.")
             for i in range(30)}
    site = make_site(files)
    _build(site)
    assert "feeds/all.xml" in made and "sitemap.xml" in made
    made.clear()
    edit(site / "content/tips/t02.md", "Tip 2.", "Tip two.")  # its summary; older than the feeds' newest 20
    _build(site)
    assert made == []
    _assert_same_as_fresh(site, tmp_path)
    made.clear()
    edit(site / "content/tips/t25.md", "Tip 25", "A new title for 25")  # in every feed
    _build(site)
    assert sorted(made) == ["feeds/all.json", "feeds/all.xml", "feeds/tags/oil.json", "feeds/tags/oil.xml",
                            "feeds/tips.json", "feeds/tips.xml"]
    _assert_same_as_fresh(site, tmp_path)
