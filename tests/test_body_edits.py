"""A build where only posts' bodies changed makes only their own pages and the feeds that carry
them, from the last full build's snapshot, and gives byte for byte what a cache-free build gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import tree
from helpers import edit as _edit
from test_incremental import NOW, _assert_same_as_fresh, _build, _override_template, _site_files
from wom_site import render
from wom_site.build import BuildOptions, build

S2_FEEDS = ["feeds/all.json", "feeds/all.xml", "feeds/stories.json", "feeds/stories.xml", "feeds/tags/bikes.json",
            "feeds/tags/bikes.xml", "feeds/tags/cargo.json", "feeds/tags/cargo.xml"]


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The output of every page rendered from here on."""
    outputs: list[str] = []
    real = render._render_chunk
    monkeypatch.setattr(render, "_render_chunk", lambda jobs, *a: outputs.extend(j.output for j in jobs) or real(jobs, *a))
    return outputs


def _changed(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    return sorted(rel for rel in after if before.get(rel) != after[rel])


def _fresh_warnings(site: Path, tmp_path: Path) -> list[str]:
    fresh = tmp_path / "fresh-warnings"
    shutil.rmtree(fresh, ignore_errors=True)
    return [str(p) for p in build(BuildOptions(source=site, output=fresh, use_cache=False, now=NOW)).warnings]


def test_a_body_edit_makes_the_post_and_the_feeds_that_carry_it(make_site, tmp_path, rendered):
    site = make_site(_site_files())
    _build(site)
    before = tree(site / "output")
    rendered.clear()
    _edit(site / "content/stories/s2.md", "More about story 2.", "Rewritten story 2.")
    result = _build(site)
    assert sorted(rendered) == ["stories/s2/card/index.html", "stories/s2/index.html"]
    assert result.rendered == 2 and result.pages > 30
    after = tree(site / "output")
    changed = _changed(before, after)
    assert [rel for rel in changed if not rel.startswith("pagefind/")] == S2_FEEDS + ["stories/s2/index.html"]
    assert len([rel for rel in changed if rel.startswith("pagefind/fragment/")]) == 1  # the search index has its new body
    assert after["pagefind/(index)"] == b"whole"
    assert "Rewritten story 2." in (site / "output/feeds/all.xml").read_text()
    assert (site / ".wom-cache/snapshot-edits.msgpack").is_file()
    _assert_same_as_fresh(site, tmp_path)


def test_body_edits_one_after_another_keep_each_others_bodies(make_site, tmp_path, rendered):
    """Each such build starts from the snapshot and the bodies the builds before it changed:
    a feed made for the second edit still carries the first."""
    site = make_site(_site_files())
    _build(site)
    _edit(site / "content/stories/s2.md", "More about story 2.", "First rewrite of two.")
    _build(site)
    _edit(site / "content/stories/s4.md", "More about story 4.", "First rewrite of four.")
    rendered.clear()
    _build(site)
    assert sorted(rendered) == ["stories/s4/card/index.html", "stories/s4/index.html"]
    feed = (site / "output/feeds/all.xml").read_text()
    assert "First rewrite of two." in feed and "First rewrite of four." in feed
    _assert_same_as_fresh(site, tmp_path)
    _edit(site / "content/stories/s2.md", "First rewrite of two.", "Second rewrite of two.")
    _build(site)
    _assert_same_as_fresh(site, tmp_path)
    _edit(site / "content/stories/s2.md", "Story 2", "A new title for two")  # a full build, a new snapshot
    _build(site)
    assert not (site / ".wom-cache/snapshot-edits.msgpack").exists()
    rendered.clear()
    _edit(site / "content/stories/s4.md", "First rewrite of four.", "Second rewrite of four.")
    _build(site)
    assert len(rendered) == 2
    _assert_same_as_fresh(site, tmp_path)


BODY_CHANGES = [
    ("a link to another post", "More about story 2.", "See [the first tip](../tips/t1.md)."),
    ("unsafe HTML", "More about story 2.", "<script>alert(1)</script>Safe text."),
    ("highlighted code", "More about story 2.", "```python\nprint('hi')\n```"),
    ("a quotable quote", "More about story 2.", "> [!quote]\n> Best repair shop in town."),
    ("a missing image", "More about story 2.", "![A bike](missing.jpg)"),
]


@pytest.mark.parametrize("name, old, new", BODY_CHANGES, ids=[c[0] for c in BODY_CHANGES])
def test_what_a_body_holds_and_what_it_warns_of_match_a_full_build(make_site, tmp_path, rendered, name, old, new):
    site = make_site(_site_files())
    _build(site)
    _edit(site / "content/stories/s2.md", old, new)
    rendered.clear()
    result = _build(site)
    assert len(rendered) == 2, name
    _assert_same_as_fresh(site, tmp_path)
    assert [str(p) for p in result.warnings] == _fresh_warnings(site, tmp_path)
    _edit(site / "content/stories/s2.md", new, old)  # and back: its warnings go
    assert [str(p) for p in _build(site).warnings] == _fresh_warnings(site, tmp_path) == []


def test_a_body_edit_with_an_error_fails_like_a_full_build(make_site, wom):
    site = make_site(_site_files())
    wom("build", "--quiet", cwd=site, check=True)
    before = tree(site / "output")
    _edit(site / "content/stories/s2.md", "More about story 2.", "See [a lost tip](../tips/gone.md).")
    result = wom("build", cwd=site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/stories/s2.md:11: broken link to content/tips/gone.md" in result.stderr, result.stderr
    assert tree(site / "output") == before
    _edit(site / "content/stories/s2.md", "See [a lost tip](../tips/gone.md).", "See [a tip](../tips/t1.md).")
    wom("build", "--quiet", cwd=site, check=True)
    assert 'href="/tips/t1/"' in (site / "output/stories/s2/index.html").read_text()


FULL_BUILDS = [
    ("its summary (lists show it)", "content/stories/s2.md", "Story 2's text", "Story two's text"),
    ("its title", "content/stories/s2.md", "Story 2", "Story two"),
    ("its tags", "content/stories/s2.md", "cargo]", "cargo, wheels]"),
    ("a draft", "content/stories/s2.md", "title:", "draft: true\ntitle:"),
    ("a page not yet published", "content/stories/soon.md", "Not yet.", "Not yet, soon."),
]


@pytest.mark.parametrize("name, path, old, new", FULL_BUILDS, ids=[c[0] for c in FULL_BUILDS])
def test_any_other_change_to_a_post_builds_in_full(make_site, tmp_path, rendered, name, path, old, new):
    site = make_site(_site_files())
    _build(site)
    _edit(site / path, old, new)
    rendered.clear()
    _build(site)
    assert not (site / ".wom-cache/snapshot-edits.msgpack").exists(), name  # a full build wrote a new snapshot
    if name != "a page not yet published":  # shown nowhere: nothing to render
        assert len(rendered) > 2, (name, rendered)
    _assert_same_as_fresh(site, tmp_path)


@pytest.mark.parametrize("shows", ["{{ item.html|safe }}", "{{ item['word_count'] }} words", "{{ item|attr('quotes')|length }}"])
def test_a_theme_showing_bodies_on_lists_gets_its_lists_remade(make_site, tmp_path, rendered, shows):
    """templates.Environment notes a page reading another post's body: body edits then build in full."""
    site = make_site(_site_files())
    _override_template(site, "partials/post_item.html", "</article>", f"<div class=body>{shows}</div></article>")
    _build(site)
    _edit(site / "content/stories/s2.md", "More about story 2.", "More about story two, in many more words than before.")
    rendered.clear()
    _build(site)
    assert "stories/index.html" in rendered
    _assert_same_as_fresh(site, tmp_path)


@pytest.mark.parametrize("damage", [b"garbage", b"", None])
def test_a_damaged_snapshot_means_a_full_build(make_site, tmp_path, rendered, damage):
    site = make_site(_site_files())
    _build(site)
    snapshot = site / ".wom-cache/snapshot.msgpack"
    if damage is None:
        snapshot.write_bytes(snapshot.read_bytes()[: snapshot.stat().st_size // 2])  # truncated
    else:
        snapshot.write_bytes(damage)
    _edit(site / "content/stories/s2.md", "More about story 2.", "Rewritten story 2.")
    rendered.clear()
    _build(site)
    assert len(rendered) > 2
    _assert_same_as_fresh(site, tmp_path)


def test_files_changed_by_hand_are_put_right_by_the_next_build(make_site, tmp_path):
    """A body-only build looks only at the files it replaces; the build after it, finding nothing
    changed, checks every file and puts back what was changed by hand."""
    site = make_site(_site_files())
    _build(site)
    (site / "output/tips/t1/index.html").write_text("changed by hand")
    _edit(site / "content/stories/s2.md", "More about story 2.", "Rewritten story 2.")
    _build(site)
    assert "Rewritten story 2." in (site / "output/stories/s2/index.html").read_text()
    _build(site)
    _assert_same_as_fresh(site, tmp_path)


def test_wom_build_after_a_body_edit(make_site, wom):
    site = make_site(_site_files())
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "search: false\n")  # the index: test_search.py
    wom("build", "--quiet", cwd=site, check=True)
    _edit(site / "content/tips/t3.md", "oil the chain.", "oil the chain.\n\nThen wipe it.")
    result = wom("build", cwd=site, check=True)
    # the tip's page, and the Atom and JSON feeds of the site, of tips and of its tag "repair"
    assert ": 7 files written," in result.stdout, result.stdout
    assert "Then wipe it." in (site / "output/tips/t3/index.html").read_text()


@pytest.mark.parametrize("name, old, new", [("its title", "title: \"Story 2\"", "title: \"Story two\""),
                                            ("its tags", "cargo]", "cargo, wheels]"),
                                            ("its description", "title:", "description: New words\ntitle:")])
def test_a_front_matter_edit_builds_in_full_without_loading_the_snapshot(make_site, tmp_path, monkeypatch, name, old, new):
    """The heads file (a digest of each source's front matter) answers first; a body edit still
    loads the snapshot and builds only its own pages, and a damaged heads file changes nothing."""
    from wom_site import snapshot

    loaded = []
    real = snapshot.load
    monkeypatch.setattr(snapshot, "load", lambda *a, **k: loaded.append(a) or real(*a, **k))
    site = make_site(_site_files())
    _build(site)
    _edit(site / "content/stories/s2.md", old, new)
    _build(site)
    assert loaded == [], name
    _assert_same_as_fresh(site, tmp_path)
    _edit(site / "content/stories/s2.md", "More about story 2.", "Rewritten story 2.")
    _build(site)
    assert len(loaded) == 1 and (site / ".wom-cache/snapshot-edits.msgpack").exists(), name  # the body-only build
    (site / ".wom-cache/snapshot-heads.msgpack").write_bytes(b"garbage")
    _edit(site / "content/stories/s2.md", "Rewritten story 2.", "Rewritten again.")
    _build(site)
    assert len(loaded) == 2
    _assert_same_as_fresh(site, tmp_path)
