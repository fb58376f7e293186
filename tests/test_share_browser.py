"""Sharing in a real browser: the Mastodon chooser takes what people type and opens their server."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from browser import chromium_browser, static_server
from conftest import BASIC_SITE, post
from wom_site.build import BuildOptions, build

TEXT = "Rosa’s bread & bikes https://example.org/stories/rosa/"


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    site = tmp_path_factory.mktemp("chooser")
    (site / "site.yaml").write_text(BASIC_SITE, encoding="utf-8")
    (site / "content/tips").mkdir(parents=True)
    (site / "content/tips/t.md").write_text(post("T", "2026-02-01"), encoding="utf-8")
    build(BuildOptions(source=site, output=site / "output", use_cache=False))
    with static_server(site / "output") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as chromium:
        yield chromium


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
    page.click("button[type=submit]")
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
