"""Sharing in a real browser: the Mastodon chooser takes what people type and opens their server;
the customer's share kit copies, downloads and zips."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

import io
import zipfile

from PIL import Image

from browser import axe_source, axe_violations, static_server
from conftest import BASIC_SITE, post
from wom_site.build import BuildOptions, build

TEXT = "Rosa’s bread & bikes https://example.org/stories/rosa/"


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    site = tmp_path_factory.mktemp("chooser")
    (site / "site.yaml").write_text(BASIC_SITE, encoding="utf-8")
    (site / "content/tips").mkdir(parents=True)
    (site / "content/tips/t.md").write_text(post("T", "2026-02-01"), encoding="utf-8")
    (site / "content/stories").mkdir(parents=True)
    (site / "content/stories/rosa.md").write_text(post(
        "Rosa’s bakery bike", "2026-02-01", slug="rosa", description="How Rosa delivers bread by bike.",
        customer='{name: "Rosa Díaz", company: "Rosa’s Bakery", quote: "Ten minutes, and fixed.", approved: 2026-01-20}'), encoding="utf-8")
    build(BuildOptions(source=site, output=site / "output", use_cache=False))
    with static_server(site / "output") as url:
        yield url


def share_from_chooser(browser, origin, typed: str, storage_state=None):
    """Type `typed` into the chooser and submit; the URL the browser went to (never fetched), and the context."""
    context = browser.new_context(base_url=origin, storage_state=storage_state)
    opened = []

    def capture(route):
        opened.append(route.request.url)
        route.fulfill(status=200, body="ok", content_type="text/plain")

    context.route(lambda url: not url.startswith(origin), capture)
    page = context.new_page()
    page.goto("/share/mastodon/?text=" + TEXT.replace("&", "%26").replace(" ", "%20").replace("’", "%E2%80%99"))
    if typed is not None:
        page.fill("#instance", typed)
    page.click("form:has(#instance) button[type=submit]")  # not the header's search box
    page.wait_for_timeout(300)
    return opened, page, context


@pytest.mark.parametrize("typed, server", [
    ("@mara@mastodon.social", "mastodon.social"),
    ("mara@fosstodon.org", "fosstodon.org"),
    ("  Mastodon.Social ", "mastodon.social"),
    ("https://hachyderm.io/", "hachyderm.io"),
    ("https://hachyderm.io/@someone/12345", "hachyderm.io"),
    ("@mara@münchen.social", "xn--mnchen-3ya.social"),
    ("xn--mnchen-3ya.social", "xn--mnchen-3ya.social"),
    ("social.example.org:8443", "social.example.org:8443"),
    ("@mara@social.example.org:8443", "social.example.org:8443"),
])
def test_chooser_opens_the_server_people_type(browser, origin, typed, server):
    opened, page, context = share_from_chooser(browser, origin, typed)
    try:
        assert len(opened) == 1, opened
        url = urlsplit(opened[0])
        assert (url.scheme, url.netloc, url.path) == ("https", server, "/share")
        assert parse_qs(url.query)["text"] == [TEXT]
        state = context.storage_state()  # remembered on this device, for this site only
        stored = {(o["origin"], item["name"]): item["value"] for o in state["origins"] for item in o["localStorage"]}
        assert stored == {(origin, "wom-mastodon-instance"): server} and state["cookies"] == []
    finally:
        context.close()


@pytest.mark.parametrize("typed", ["mastodon", "@mara", "not a server", "javascript:alert(1)", "https://user:pw@evil.example/"])
def test_chooser_refuses_what_is_no_server_and_says_so(browser, origin, typed):
    opened, page, context = share_from_chooser(browser, origin, typed)
    try:
        assert opened == []
        message = page.evaluate("document.getElementById('instance').validationMessage")
        assert "mastodon.social" in message
    finally:
        context.close()


def test_chooser_remembers_the_server_in_this_browser_only(browser, origin):
    opened, page, context = share_from_chooser(browser, origin, "@mara@fosstodon.org")
    try:
        state = context.storage_state()
        stored = {item["name"]: item["value"] for o in state["origins"] for item in o["localStorage"]}
        assert stored == {"wom-mastodon-instance": "fosstodon.org"} and state["cookies"] == []
    finally:
        context.close()
    context = browser.new_context(base_url=origin, storage_state=state)
    try:
        page = context.new_page()
        page.goto("/share/mastodon/?text=hi")
        assert page.input_value("#instance") == "fosstodon.org"
    finally:
        context.close()
    fresh = browser.new_context(base_url=origin)  # another device (or a cleared browser) is asked again
    try:
        page = fresh.new_page()
        page.goto("/share/mastodon/?text=hi")
        assert page.input_value("#instance") == ""
    finally:
        fresh.close()


KIT = "/stories/rosa/kit/"


def test_kit_copy_link_and_texts_put_them_on_the_clipboard(browser, origin):
    context = browser.new_context(base_url=origin, permissions=["clipboard-read", "clipboard-write"], viewport={"width": 375, "height": 740})
    try:
        page = context.new_page()
        page.goto(KIT)
        page.click("button[data-kit-copy='#kit-url']")
        page.wait_for_function("document.querySelector('.kit-copy .kit-status').textContent !== ''")
        assert page.evaluate("navigator.clipboard.readText()") == "https://example.org/stories/rosa/"
        page.click("button[data-kit-copy='#kit-text-2']")
        assert page.evaluate("navigator.clipboard.readText()") == page.input_value("#kit-text-2")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


def test_kit_downloads_each_image_and_everything_as_a_zip(browser, origin, tmp_path):
    context = browser.new_context(base_url=origin, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(KIT)
        with page.expect_download() as info:
            page.click("a[download$='-square.png']")
        square = tmp_path / info.value.suggested_filename
        info.value.save_as(square)
        assert square.name == "rosa-square.png" and Image.open(square).size == (1080, 1080)
        with page.expect_download() as info:
            page.click("button[data-kit-zip]")
        assert info.value.suggested_filename == "rosa-share-kit.zip"
        archive = tmp_path / "kit.zip"
        info.value.save_as(archive)
        with zipfile.ZipFile(archive) as kit:
            assert kit.testzip() is None
            names = set(kit.namelist())
            assert names == {"rosa-square.png", "rosa-story.png", "rosa-link.png", "rosa-qr-code.svg", "rosa-texts.txt"}
            sizes = {name: Image.open(io.BytesIO(kit.read(name))).size for name in names if name.endswith(".png")}
            assert sizes == {"rosa-square.png": (1080, 1080), "rosa-story.png": (1080, 1920), "rosa-link.png": (1200, 630)}
            assert kit.read("rosa-square.png") == square.read_bytes()
            texts = kit.read("rosa-texts.txt").decode("utf-8")
            assert texts.startswith("https://example.org/stories/rosa/") and page.input_value("#kit-text-3") in texts.replace("\r\n", "\n")
            assert kit.read("rosa-qr-code.svg").startswith(b"<svg")
    finally:
        context.close()


def test_kit_page_has_no_serious_accessibility_issue_light_and_dark(browser, origin):
    axe = axe_source()
    for scheme in ("light", "dark"):
        context = browser.new_context(base_url=origin, color_scheme=scheme, viewport={"width": 375, "height": 740})
        try:
            page = context.new_page()
            page.goto(KIT)
            assert axe_violations(page, axe) == [], scheme
        finally:
            context.close()
