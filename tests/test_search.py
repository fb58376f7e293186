"""Search: Pagefind's index of the published posts, the header box, the search page."""

from __future__ import annotations

import gzip
import io
import json
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from browser import PageWatch, axe_source, axe_violations, static_server
from conftest import BASIC_SITE, post, run_wom, wom_env
from helpers import png, soup
from wom_site.build import BuildOptions, build

SUB_PATH_SITE = BASIC_SITE.replace('base_url: "https://example.org/"', 'base_url: "https://example.org/shop/blog/"')
PHONE = {"width": 375, "height": 740}

SITE_FILES = {
    "content/stories/lemon-tree.md": post("The one about the lemon tree", "2026-02-01",
                                          "Our marmalade customer planted a lemon tree in the yard.",
                                          tags="[garden, citrus]", image="images/lemon.png", image_alt="A lemon tree",
                                          customer='{name: "Ana Ruiz", company: "Ruiz Preserves", approved: 2026-01-01}'),
    "content/stories/images/lemon.png": png(1200, 630),
    "content/stories/bike.md": post("A bike for the school run", "2026-02-03", "Cargo bikes carry children.",
                                    tags="[family]"),
    "content/tips/oil.md": post("Oil your chain", "2026-02-04", "A drop of oil keeps the chain quiet in the yard.", tags="[garden]"),
    "content/stories/secret.md": post("A draft", "2026-02-05", "The word xylophonic is only in this draft.", draft=True),
    "content/stories/later.md": post("A future post", "2099-01-01", "The word futurewordle is only in a future post."),
    "content/about.md": post("About us", "2026-01-01", "We sell bicycles and brew kombucha."),
}


def fragments(output: Path) -> list[dict]:
    """Every page in the index as Pagefind stores it (gzip'd JSON after a signature)."""
    found = []
    for path in sorted((output / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        found.append(json.loads(data[len(b"pagefind_dcd"):]))
    return found


def by_url(output: Path) -> dict[str, dict]:
    return {fragment["url"]: fragment for fragment in fragments(output)}


def test_index_holds_each_published_post_with_its_metadata_and_filters(make_site, wom):
    site = make_site(SITE_FILES, config=SUB_PATH_SITE)
    result = wom("build", "--source", str(site), check=True)
    assert "warning" not in result.stderr + result.stdout
    index = by_url(site / "output")
    assert set(index) == {"/shop/blog/stories/lemon-tree/", "/shop/blog/stories/bike/", "/shop/blog/tips/oil/",
                          "/shop/blog/about/"}
    lemon = index["/shop/blog/stories/lemon-tree/"]
    assert "marmalade customer planted a lemon tree" in lemon["content"]
    assert "Share" not in lemon["content"] and "Related" not in lemon["content"]  # only the post itself
    assert lemon["meta"]["title"] == "The one about the lemon tree"
    assert lemon["meta"]["date"] == "February 1, 2026"
    assert lemon["meta"]["image"].startswith("/shop/blog/stories/images/lemon") and lemon["meta"]["image_alt"] == "A lemon tree"
    assert lemon["filters"]["Collection"] == ["Customer stories"]

    assert sorted(lemon["filters"]["Tag"]) == ["citrus", "garden"] and lemon["filters"]["Customer"] == ["Ruiz Preserves"]
    words = " ".join(f["content"] for f in index.values())
    assert "xylophonic" not in words and "futurewordle" not in words
    # the search page and every page's box lead there, under the sub-path
    page = soup(site / "output" / "stories" / "bike" / "index.html")
    form = page.select_one("header form[role=search]")
    assert form["action"] == "/shop/blog/search/" and form["method"] == "get"
    assert form.select_one("input[name=q]")["id"] == form.select_one("label")["for"]
    search = soup(site / "output" / "search" / "index.html")
    assert search.select_one('meta[name=robots]')["content"].startswith("noindex")
    assert [s["src"] for s in search.select("script[src]")][0] == "/shop/blog/pagefind/pagefind-ui.js"
    assert (site / "output" / "pagefind" / "pagefind-ui.js").is_file()
    sitemap = (site / "output" / "sitemap.xml").read_text()
    assert "/search/" not in sitemap


def test_preview_builds_index_drafts_they_show(make_site):
    site = make_site(SITE_FILES)
    output = site / "preview"
    build(BuildOptions(source=site, output=output, drafts=True))
    assert "xylophonic" in by_url(output)["/stories/secret/"]["content"]


def test_an_unchanged_build_keeps_the_index_and_an_edit_remakes_it(make_site, wom):
    site = make_site(SITE_FILES)
    output = site / "output"
    wom("build", "--source", str(site), check=True)
    before = {p: p.stat().st_mtime_ns for p in (output / "pagefind").rglob("*") if p.is_file()}
    # a change that does not touch any indexed page (a new CSS file) keeps the index as it was
    (site / "static").mkdir()
    (site / "static" / "robots-note.txt").write_text("hello")
    wom("build", "--source", str(site), check=True)
    assert {p: p.stat().st_mtime_ns for p in (output / "pagefind").rglob("*") if p.is_file()} == before
    # a body edit (the body-only build path) reindexes
    story = site / "content" / "stories" / "bike.md"
    story.write_text(story.read_text().replace("Cargo bikes", "Quokkafied cargo bikes"))
    wom("build", "--source", str(site), check=True)
    assert "Quokkafied" in by_url(output)["/stories/bike/"]["content"]
    # a new post is found too, and a removed one is gone
    (site / "content" / "stories" / "new.md").write_text(post("New one", "2026-02-06", "Wombatish news."))
    (site / "content" / "tips" / "oil.md").unlink()
    wom("build", "--source", str(site), check=True)
    index = by_url(output)
    assert "Wombatish" in index["/stories/new/"]["content"] and "/tips/oil/" not in index
    leftovers = [p.name for p in site.iterdir() if p.name.startswith(".output")]
    assert leftovers == []


def test_search_false_builds_no_index_and_no_box(make_site, wom):
    site = make_site(SITE_FILES, config=BASIC_SITE + "search: false\n")
    wom("build", "--source", str(site), check=True)
    assert not (site / "output" / "pagefind").exists() and not (site / "output" / "search").exists()
    page = soup(site / "output" / "stories" / "bike" / "index.html")
    assert page.select("form[role=search]") == [] and page.select("[data-pagefind-body]") == []


def test_without_the_binary_one_warning_and_a_site_without_search(make_site):
    import subprocess
    import sys

    site = make_site(SITE_FILES)
    result = subprocess.run([sys.executable, "-m", "wom_site", "build", "--source", str(site)], capture_output=True,
                            text=True, env=wom_env(PAGEFIND_BINARY_PATH=str(site / "no-such-pagefind")), timeout=300)
    assert result.returncode == 0, result.stderr
    said = [line for line in (result.stdout + result.stderr).splitlines() if "Pagefind" in line]
    assert len(said) == 1 and "site.yaml" in said[0] and "without search" in said[0]
    assert not (site / "output" / "pagefind").exists() and not (site / "output" / "search").exists()
    assert soup(site / "output" / "index.html").select("form[role=search]") == []


def test_the_binary_coming_or_going_between_builds_remakes_the_index_and_the_boxes(make_site):
    """Whether Pagefind can run is an input of every page (its search box) and of the index:
    an unchanged site built without it, then with it, then without it again, is right each time."""
    import subprocess
    import sys

    site = make_site(SITE_FILES)
    output = site / "output"

    def build_with(binary: str | None) -> str:
        extra = {} if binary is None else {"PAGEFIND_BINARY_PATH": binary}
        done = subprocess.run([sys.executable, "-m", "wom_site", "build", "--source", str(site)], capture_output=True,
                              text=True, env=wom_env(**extra), timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout + done.stderr

    build_with(str(site / "no-such-pagefind"))
    assert not (output / "pagefind").exists() and soup(output / "index.html").select("form[role=search]") == []
    build_with(None)  # the same sources, now with the binary
    assert "marmalade customer" in by_url(output)["/stories/lemon-tree/"]["content"]
    assert soup(output / "stories" / "bike" / "index.html").select("header form[role=search]")
    assert (output / "search" / "index.html").is_file()
    said = build_with(str(site / "no-such-pagefind"))  # and gone again: no stale index, no box leading nowhere
    assert "without search" in said
    assert not (output / "pagefind").exists() and not (output / "search").exists()
    assert soup(output / "stories" / "bike" / "index.html").select("form[role=search]") == []


def test_a_site_with_no_page_to_index_builds_without_a_pagefind_warning(make_site, wom):
    """Every story awaiting its customer's approval: nothing to index, and nothing to warn about."""
    site = make_site({"content/stories/held.md": post("Held", "2026-02-01", "Waiting.", customer='{name: "Ana"}')})
    result = wom("build", "--source", str(site), check=True)
    assert "Pagefind" not in result.stdout + result.stderr, result.stderr
    assert not (site / "output" / "pagefind").exists()


def test_netlify_headers_allow_pagefind_wasm_and_type_its_files(make_site, wom):
    site = make_site(SITE_FILES, config=SUB_PATH_SITE + "hosting:\n  netlify: true\n")
    wom("build", "--source", str(site), check=True)
    headers = (site / "output" / "_headers").read_text()
    assert "'wasm-unsafe-eval'" in headers
    assert "/shop/blog/pagefind/*\n" in headers


# --- in a browser, on a plain static server, under a sub-path --------------------------------

@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from conftest import write_files

    root = tmp_path_factory.mktemp("search")
    site = root / "site"
    write_files(site, {"site.yaml": SUB_PATH_SITE, **SITE_FILES})
    build(BuildOptions(source=site, output=root / "www" / "shop" / "blog", use_cache=False))
    with static_server(root / "www") as origin:
        yield origin


def _search_from_the_header(context, origin: str, word: str):
    page = context.new_page()
    watch = PageWatch(page, origin)
    page.goto(origin + "/shop/blog/stories/bike/")
    page.fill("header input[name=q]", word)
    page.keyboard.press("Enter")  # the plain form: no script needed to get to the search page
    page.wait_for_url("**/shop/blog/search/?q=*")
    page.wait_for_selector(".pagefind-ui__message")  # Pagefind says how many results it found
    page.wait_for_function("!document.querySelector('.pagefind-ui__message').textContent.includes('Searching')")
    return page, watch


def test_a_word_only_one_story_has_finds_it_and_a_drafts_word_finds_nothing(browser, served):
    context = browser.new_context(viewport=PHONE)
    try:
        page, watch = _search_from_the_header(context, served, "marmalade")
        page.wait_for_selector(".pagefind-ui__result-link")
        links = page.locator(".pagefind-ui__result-link")
        assert links.count() == 1
        assert links.first.inner_text() == "The one about the lemon tree"
        result = page.locator(".pagefind-ui__result").first
        assert "February 1, 2026" in result.inner_text()  # the date
        assert "marmalade" in result.locator(".pagefind-ui__result-excerpt").inner_text()
        assert "/shop/blog/stories/images/lemon" in result.locator("img").get_attribute("src")
        links.first.focus()
        page.keyboard.press("Enter")  # followed by keyboard
        page.wait_for_url(served + "/shop/blog/stories/lemon-tree/")
        assert page.inner_text("h1") == "The one about the lemon tree"

        page, more = _search_from_the_header(context, served, "xylophonic")
        assert page.locator(".pagefind-ui__result").count() == 0
        for w in (watch, more):
            assert not w.foreign, "requests left the origin: " + " ".join(w.foreign)
            assert not w.failed, "\n".join(w.failed)
            assert not w.console_errors, "\n".join(w.console_errors)
    finally:
        context.close()


def test_filters_by_tag_and_the_page_is_clean_light_and_dark_at_375_px(browser, served):
    axe = axe_source()
    context = browser.new_context(viewport=PHONE)
    try:
        page, watch = _search_from_the_header(context, served, "yard")
        page.wait_for_function("document.querySelectorAll('.pagefind-ui__result').length === 2")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert axe_violations(page, axe) == []
        page.emulate_media(color_scheme="dark")
        assert axe_violations(page, axe) == [], "in dark mode"
        page.emulate_media(color_scheme="light")
        # the filter panel: open it and tick Tag "citrus" with the keyboard
        tag_filter = page.locator(".pagefind-ui__filter-name", has_text="Tag")
        tag_filter.wait_for(timeout=90_000)  # Pagefind loads its filters after the results (slow on a busy machine)
        tag_filter.click()
        box = page.get_by_label("citrus", exact=False).first
        box.focus()
        page.keyboard.press("Space")
        page.wait_for_function("document.querySelectorAll('.pagefind-ui__result').length === 1")
        assert page.locator(".pagefind-ui__result-link").inner_text() == "The one about the lemon tree"
        assert not watch.foreign, "requests left the origin: " + " ".join(watch.foreign)
    finally:
        context.close()


def test_a_sites_own_file_where_the_index_writes_is_an_error_naming_both(make_site, wom):
    site = make_site({**SITE_FILES, "static/pagefind/pagefind-entry.json": "{}"})
    result = wom("build", "--source", str(site))
    assert result.returncode == 1
    said = [line for line in result.stderr.splitlines() if "pagefind-entry.json" in line]
    assert len(said) == 1 and said[0].startswith("static/pagefind/pagefind-entry.json") and "the search index" in said[0]
    assert "Traceback" not in result.stderr


def test_wom_serve_searches_what_it_shows_drafts_included(browser, make_site):
    import io
    import threading

    from wom_site.serve import Preview, ServeOptions

    site = make_site(SITE_FILES, config=SUB_PATH_SITE)
    preview = Preview(ServeOptions(source=site, port=0, drafts=True), out=io.StringIO())
    preview.start()
    threading.Thread(target=preview.serve_forever, daemon=True).start()
    context = browser.new_context(viewport=PHONE)
    try:
        origin = f"http://127.0.0.1:{preview.port}"
        page = context.new_page()
        watch = PageWatch(page, origin)
        page.goto(origin + "/shop/blog/search/?q=xylophonic")
        page.wait_for_selector(".pagefind-ui__result-link")
        assert page.locator(".pagefind-ui__result-link").all_inner_texts() == ["A draft"]
        assert not watch.foreign and not watch.failed, watch.foreign + watch.failed
        assert not (site / "output").exists()  # the preview builds into its own folder
    finally:
        context.close()
        preview.server.shutdown()
        preview.close()


def test_a_french_site_searches_in_french(browser, make_site, tmp_path):
    site = make_site(SITE_FILES, config=BASIC_SITE + "language: fr\n")
    build(BuildOptions(source=site, output=tmp_path / "www", use_cache=False))
    entry = json.loads((tmp_path / "www" / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["fr"]  # the index is the site's language's (<html lang>)
    with static_server(tmp_path / "www") as origin:
        page = browser.new_page()
        page.goto(origin + "/search/?q=marmalade")
        page.wait_for_selector(".pagefind-ui__result-link")
        assert "résultat" in page.inner_text(".pagefind-ui__message")  # Pagefind's UI speaks French
        assert page.get_attribute("html", "lang") == "fr"
        page.close()


def test_each_language_has_its_index_and_its_search_page(make_site, wom):
    config = BASIC_SITE + "language: en\nlanguages:\n  de:\n    title: Test und Co\n"
    site = make_site({"content/stories/rosa.md": post("Rosa's bakery", "2026-01-05", "Sourdough every morning."),
                      "content/stories/rosa.de.md": post("Rosas Bäckerei", "2026-01-05", "Sauerteigbrot jeden Morgen.")},
                     config=config)
    wom("build", "--source", str(site), check=True)
    out = site / "output"
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
    assert sorted(entry["languages"]) == ["de", "en"]
    index = by_url(out)
    assert "Sauerteigbrot" in index["/de/stories/rosa/"]["content"] and "Sourdough" in index["/stories/rosa/"]["content"]
    german = soup(out / "de" / "stories" / "rosa" / "index.html")
    assert german.select_one("header form[role=search]")["action"] == "/de/search/"
    assert soup(out / "de" / "search" / "index.html").select_one("html")["lang"] == "de"
    assert soup(out / "search" / "index.html").select_one("html")["lang"] == "en"


def test_a_german_site_searches_in_german_words(make_site, wom):
    site = make_site(SITE_FILES, config=SUB_PATH_SITE + "language: de\n")
    assert wom("build", "--source", str(site)).returncode == 0
    page = soup(site / "output/search/index.html")
    assert page.find("h1").get_text() == "Suchen"
    assert page.find("meta", attrs={"name": "description"})["content"] == "Durchsuchen Sie die Geschichten und Tipps auf Test & Co."
    assert page.find("div", id="search")["data-date-label"] == "Veröffentlicht"
    noscript = soup(site / "output/search/index.html").find("noscript").get_text()
    assert noscript.startswith("Die Suche braucht JavaScript") and "nach Schlagwort" in noscript
    story = soup(site / "output/stories/lemon-tree/index.html")
    assert story.find("label", attrs={"for": "site-search-q"}).get_text() == "Diese Website durchsuchen"
    assert story.find("input", id="site-search-q")["placeholder"] == "Suchen"
    filters = {span["data-pagefind-filter"] for span in story.select(".search-data [data-pagefind-filter]")}
    assert filters == {"Rubrik", "Schlagwort", "Kunde"}


# --- wom serve: the page first, the index after ------------------------------------------------

def _edit_bike(site: Path, word: str) -> None:
    story = site / "content" / "stories" / "bike.md"
    scratch = story.with_name(".bike.md.tmp")  # as editors save: a whole new file renamed over the old
    scratch.write_text(SITE_FILES["content/stories/bike.md"].replace("Cargo bikes", f"{word} cargo bikes"))
    scratch.replace(story)


def _wait(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_wom_serve_reloads_an_edited_post_first_and_its_search_finds_the_new_word_after(browser, make_site):
    """Through the CLI: a save reloads the post's page from a build that does not run Pagefind;
    the search page, reloaded by the same build, then finds the new word once the index is in."""
    site = make_site(SITE_FILES, config=SUB_PATH_SITE)
    server = subprocess.Popen([sys.executable, "-m", "wom_site", "serve", "--source", str(site), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=wom_env())
    context = browser.new_context(viewport=PHONE)
    try:
        line = ""
        while "serving" not in line:
            line = server.stdout.readline()
            assert line or server.poll() is None, server.stderr.read()
        url = re.search(r"http://127\.0\.0\.1:\d+/shop/blog/", line).group(0)
        story, results = context.new_page(), context.new_page()
        with story.expect_request(lambda request: "/__wom/events" in request.url):
            story.goto(url + "stories/bike/")
        with results.expect_request(lambda request: "/__wom/events" in request.url):
            results.goto(url + "search/?q=quokkafied")
        results.wait_for_selector(".pagefind-ui__message")
        assert results.locator(".pagefind-ui__result-link").count() == 0
        _edit_bike(site, "Quokkafied")
        story.wait_for_function("document.querySelector('main').innerText.includes('Quokkafied cargo bikes')",
                                timeout=30000)
        results.wait_for_selector(".pagefind-ui__result-link", timeout=60000)
        assert results.locator(".pagefind-ui__result-link").all_inner_texts() == ["A bike for the school run"]
        assert results.locator("#wom-index").count() == 0  # the note went with the old index
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    finally:
        context.close()
        if server.poll() is None:
            server.kill()
            server.communicate()
    said = [line for line in out.splitlines() if line.startswith(("rebuilt", "search index updated"))]
    assert said[0].startswith("rebuilt after content/stories/bike.md"), out  # the page's build, without Pagefind
    assert "search index updated" in said[-1], out  # then the index, on its own
    assert "Traceback" not in err and not (site / "output").exists()


@pytest.fixture
def held_index(monkeypatch):
    """The preview's indexer, made to wait at each run until the test lets it go."""
    from wom_site.serve import indexer

    gate, runs = threading.Event(), []
    real = indexer.Indexer._index_once

    def index_once(self, tag):
        runs.append(tag)
        gate.wait(60)
        return real(self, tag)

    monkeypatch.setattr(indexer.Indexer, "_index_once", index_once)
    return gate, runs


def test_preview_search_page_says_the_index_is_updating_and_saves_in_a_row_make_one_index(browser, make_site,
                                                                                         held_index):
    from wom_site.serve import Preview, ServeOptions

    gate, runs = held_index
    site = make_site(SITE_FILES)
    preview = Preview(ServeOptions(source=site, port=0), out=io.StringIO())
    preview.start()
    threading.Thread(target=preview.serve_forever, daemon=True).start()
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    try:
        origin = f"http://127.0.0.1:{preview.port}"
        page = context.new_page()
        page.goto(origin + "/search/?q=wombatish")
        page.wait_for_selector(".pagefind-ui__message")
        for word in ("Quokkafied", "Wombatish"):  # two saves, each rebuilt, while the index waits
            builds = preview.builds
            _edit_bike(site, word)
            _wait(lambda: preview.builds > builds)
        # the pages show the edits at once; the index is the last whole one, and the page says so
        served = preview.output_dir
        assert "Wombatish" in (served / "stories" / "bike" / "index.html").read_text()
        index = by_url(served)
        assert "Cargo bikes carry" in index["/stories/bike/"]["content"] and "Wombatish" not in index["/stories/bike/"]["content"]
        assert preview.hub.index_updating
        page.wait_for_selector("#wom-index[role=status]")
        assert "Updating the search index" in page.inner_text("#wom-index")
        assert axe_violations(page, axe_source()) == []
        gate.set()
        # one index, of the last save; the search page searches again by itself
        page.wait_for_selector(".pagefind-ui__result-link", timeout=60000)
        assert page.locator(".pagefind-ui__result-link").all_inner_texts() == ["A bike for the school run"]
        assert preview.indexer.indexed == 1 and not preview.hub.index_updating
        assert "Wombatish" in by_url(served)["/stories/bike/"]["content"]
        # putting the index in forgets nothing the next build keeps: it rewrites the edited post's
        # files, not every page
        builds = preview.builds
        _edit_bike(site, "Numbatish")
        _wait(lambda: preview.builds > builds)
        written = re.findall(r"rebuilt after content/stories/bike\.md: .*\((\d+) written", preview.out.getvalue())
        assert int(written[-1]) == int(written[0]), preview.out.getvalue()  # as many as the saves before
    finally:
        gate.set()
        context.close()
        preview.server.shutdown()
        preview.close()


def test_a_save_stops_a_running_pagefind(make_site):
    """The preview's index gives the CPU back at once when a save comes (search.index_folder)."""
    from wom_site.search import find_pagefind, index_folder, lay_out

    site = make_site(SITE_FILES)
    output = site / "output"
    build(BuildOptions(source=site, output=output))
    pages = ["stories/bike/index.html", "about/index.html"]
    work = site / "work"
    lay_out({rel: output / rel for rel in pages}, pages, "/", output, work)
    cancelled = threading.Event()
    cancelled.set()
    assert index_folder(work, find_pagefind(), cancelled, background=True) is None
    assert index_folder(work, find_pagefind(), threading.Event(), background=True)[0]  # and runs when not stopped
