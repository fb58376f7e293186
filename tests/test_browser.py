"""The default theme in a real browser: the example site, served as a static host would serve it.

One Chromium for the module; every kind of page is loaded at phone width (375 px) and checked
the way visitors meet it: console, network, layout, accessibility (axe-core, light and dark),
keyboard focus. Story pages also get their share bar exercised, and the share card is printed.
"""

from __future__ import annotations

import io
import re

import pytest

from browser import PageWatch, axe_source, axe_violations, static_server
from conftest import REPO
from wom_site.build import BuildOptions, build

PHONE = {"width": 375, "height": 740}
STORY = "/stories/okafor-cargo-bike/"
PAGE_KINDS = {
    "home": "/",
    "story": STORY,
    "tip": "/tips/chain-care/",
    "tip-with-code": "/tips/tire-pressure/",
    "page": "/about/",
    "list-page-2": "/stories/page/2/",
    "tag": "/tags/cargo-bikes/",
    "tags-index": "/tags/",
    "archive": "/archive/",
    "customers": "/customers/",
    "404": "/no-such-page/",
    "share-card": STORY + "card/",
    "share-kit": STORY + "kit/",
    "mastodon-share": "/share/mastodon/?text=Hello%20there",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    output = tmp_path_factory.mktemp("browser") / "output"
    build(BuildOptions(source=REPO, output=output, use_cache=False))
    return output


@pytest.fixture(scope="module")
def origin(built):
    with static_server(built) as url:
        yield url


@pytest.fixture(scope="module")
def axe():
    return axe_source()


@pytest.fixture
def phone(browser, origin):
    """A fresh phone-sized context that may use the clipboard (127.0.0.1 is a secure context)."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, base_url=origin,
                                  permissions=["clipboard-read", "clipboard-write"])
    try:
        yield context
    finally:
        context.close()


# Elements reaching past the right edge, except inside a scrolling box (a wide table or code).
OVERFLOWING = """() => [...document.querySelectorAll('body *')].filter(e => {
    if (e.getBoundingClientRect().right <= window.innerWidth + 1) return false;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        const o = getComputedStyle(a).overflowX;
        if (o !== 'visible') return a.getBoundingClientRect().right > window.innerWidth + 1;
    }
    return getComputedStyle(e).position !== 'absolute' && getComputedStyle(e).position !== 'fixed';
}).map(e => e.tagName + '.' + e.className)"""


def _open(context, origin: str, path: str):
    page = context.new_page()
    watch = PageWatch(page, origin)
    response = page.goto(path, wait_until="load")
    return page, watch, response


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_every_kind_of_page_is_clean_on_a_phone(kind, phone, origin, axe):
    page, watch, response = _open(phone, origin, PAGE_KINDS[kind])
    if kind == "404":
        assert response.status == 404
        assert "Page not found" in page.inner_text("h1")
        # the missing document itself is the one expected failure
        watch.failed = [f for f in watch.failed if "/no-such-page/" not in f]
        watch.console_errors = [e for e in watch.console_errors if "404" not in e]
    else:
        assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert not watch.console_errors, "\n".join(watch.console_errors)
    assert not watch.failed, "\n".join(watch.failed)
    assert not watch.foreign, "requests to another origin: " + " ".join(watch.foreign)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "sideways scroll at 375 px"
    assert page.evaluate(OVERFLOWING) == [], "elements wider than the phone"
    assert page.evaluate("[...document.images].filter(i => !i.getAttribute('width') || !i.getAttribute('height')).map(i => i.src)") == []
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("[...document.images].every(i => i.complete)")
    assert page.evaluate("[...document.images].filter(i => i.naturalWidth === 0).map(i => i.src)") == []
    assert not watch.failed, "\n".join(watch.failed)
    assert axe_violations(page, axe) == []
    page.emulate_media(color_scheme="dark")
    assert axe_violations(page, axe) == [], "in dark mode"
    page.emulate_media(color_scheme="light")
    _assert_keyboard_focus_is_visible(page)


def test_no_page_scrolls_sideways_on_a_desktop_either(browser, origin):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=origin)
    try:
        page = context.new_page()
        for kind, path in PAGE_KINDS.items():
            page.goto(path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280, kind
            assert page.evaluate(OVERFLOWING) == [], kind
    finally:
        context.close()


def _assert_keyboard_focus_is_visible(page) -> None:
    """The first few Tab stops each show a focus ring (outline or box-shadow) on screen."""
    for step in range(4):
        page.keyboard.press("Tab")
        ring = page.evaluate("""() => {
            const e = document.activeElement;
            if (!e || e === document.body) return null;
            const s = getComputedStyle(e), r = e.getBoundingClientRect();
            return {tag: e.tagName, text: (e.innerText || e.value || '').trim().slice(0, 40),
                    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                    shadow: s.boxShadow !== 'none',
                    onscreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight
                              && r.right > 0 && r.left < window.innerWidth};
        }""")
        if ring is None and step > 0:
            break  # past the last Tab stop of a short page
        assert ring is not None, f"Tab {step + 1} focused nothing"
        assert ring["outline"] or ring["shadow"], f"no visible focus ring on {ring}"
        assert ring["onscreen"], f"focused element is off screen: {ring}"


def test_dark_mode_is_dark_and_readable(browser, origin, axe):
    context = browser.new_context(viewport=PHONE, color_scheme="dark", base_url=origin)
    try:
        page = context.new_page()
        page.goto(STORY)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        text = page.evaluate("getComputedStyle(document.body).color")
        assert _luminance(background) < 0.1 < _luminance(text)
        assert _contrast(text, background) >= 7
        assert axe_violations(page, axe) == []
    finally:
        context.close()


def _channels(css: str) -> list[float]:
    return [float(x) for x in re.findall(r"[\d.]+", css)[:3]]


def _luminance(css: str) -> float:
    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in _channels(css))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_story_shows_customer_card_and_share_bar_before_the_article_ends(phone, origin):
    page, _, _ = _open(phone, origin, STORY)
    card = page.locator(".customer-card").bounding_box()
    share = page.locator(".share-copy button").first.bounding_box()
    body = page.locator(".post-body").bounding_box()
    assert card["y"] < PHONE["height"], "the customer card starts on the first screen"
    assert share["y"] + share["height"] <= body["y"], "a share button comes before the article's text"
    assert page.locator(".customer-photo").is_visible()
    assert page.locator(".customer-outcome").is_visible()


def test_copy_link_puts_the_canonical_url_on_the_clipboard_and_says_so(phone, origin):
    page, watch, _ = _open(phone, origin, STORY)
    canonical = page.get_attribute("link[rel=canonical]", "href")
    button = page.locator("[data-copy]").first
    button.click()
    status = button.locator("xpath=..").locator(".copy-status")
    status.wait_for(state="visible")
    assert status.inner_text() == "Link copied."
    assert page.evaluate("navigator.clipboard.readText()") == canonical
    assert watch.console_errors == []


def test_copy_link_falls_back_to_a_selectable_field_without_a_clipboard(phone, origin):
    page = phone.new_page()
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined})")
    page.goto(STORY)
    page.locator("[data-copy]").first.click()
    field = page.locator(".copy-fallback input").first
    assert field.is_visible()
    assert field.input_value() == page.get_attribute("link[rel=canonical]", "href")
    assert page.evaluate("document.activeElement.tagName") == "INPUT"


def test_native_share_button_appears_only_where_the_browser_can_share(phone, origin):
    page = phone.new_page()
    page.add_init_script("delete Navigator.prototype.share; delete Navigator.prototype.canShare;")
    page.goto(STORY)
    assert page.locator("[data-share-native]").count() >= 1
    assert not page.locator("[data-share-native]").first.is_visible()

    page = phone.new_page()
    page.add_init_script("""Navigator.prototype.share = function (data) { window.shared = data; return Promise.resolve(); };""")
    page.goto(STORY)
    button = page.locator("[data-share-native]").first
    assert button.is_visible()
    button.click()
    shared = page.evaluate("window.shared")
    assert shared["url"] == page.get_attribute("link[rel=canonical]", "href")
    assert shared["title"]


def test_share_card_prints_on_one_a6_page(browser, origin):
    pypdf = pytest.importorskip("pypdf", reason="pypdf (in the test extra) counts the printed pages")
    context = browser.new_context(base_url=origin)
    try:
        page = context.new_page()
        page.goto(STORY + "card/")
        page.emulate_media(media="print")
        assert not page.locator(".card-actions").is_visible()
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    width_mm, height_mm = float(box.width) * 25.4 / 72, float(box.height) * 25.4 / 72
    assert (round(width_mm), round(height_mm)) == (105, 148), "A6"
    text = reader.pages[0].extract_text()
    assert "We haven't sat in traffic since October." in text.replace("’", "'")


# --- weight: these read the built files and need no browser ---------------------------

BUDGET = 50 * 1024  # a story page before images: HTML, CSS, JS and fonts, uncompressed


def page_weight(output, html_file) -> dict[str, int]:
    """Bytes of a page and of every stylesheet, script and font it loads, by file."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(html_file.read_bytes(), "html.parser")
    files = {str(html_file.relative_to(output)): html_file.stat().st_size}
    refs = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    refs += [script["src"] for script in page.find_all("script", src=True)]
    for ref in refs:
        assert ref.startswith("/"), f"{ref}: not from this site"
        path = output / ref.lstrip("/")
        files[ref] = path.stat().st_size
        if path.suffix == ".css":
            for font in re.findall(r"url\(['\"]?([^'\")]+\.(?:woff2?|ttf|otf))", path.read_text()):
                files[font] = (path.parent / font).stat().st_size
    return files


def test_every_story_page_weighs_at_most_50_kb_before_images(built):
    weights = {}
    for html_file in sorted((built / "stories").glob("*/index.html")) + sorted((built / "tips").glob("*/index.html")):
        weights[html_file.parent.name] = sum(page_weight(built, html_file).values())
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] <= BUDGET, f"{heaviest}: {weights[heaviest]} bytes: {page_weight(built, built / 'stories' / heaviest / 'index.html')}"


def test_every_image_has_width_and_height_and_post_images_load_lazily(built):
    from bs4 import BeautifulSoup

    for html_file in built.rglob("*.html"):
        page = BeautifulSoup(html_file.read_bytes(), "html.parser")
        for img in page.find_all("img"):
            assert img.get("width") and img.get("height"), f"{html_file.relative_to(built)}: {img}"
        for img in page.select(".post-body img"):
            assert img.get("loading") == "lazy"
        for img in page.select(".post-cover img, .customer-photo, .brand img"):
            assert img.get("loading") != "lazy", "above the fold"


def test_story_page_transfers_at_most_50_kb_before_images(phone, origin):
    page, watch, _ = _open(phone, origin, STORY)
    page.wait_for_load_state("networkidle")
    entries = page.evaluate("""() => [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
        .map(e => ({url: e.name, type: e.initiatorType, bytes: e.encodedBodySize}))""")
    before_images = [e for e in entries if not re.search(r"\.(png|jpe?g|webp|gif|svg|ico|avif)(\?|$)", e["url"])]
    assert {e["type"] for e in before_images} <= {"navigation", "link", "script", "css", "other"}
    total = sum(e["bytes"] for e in before_images)
    assert 0 < total <= BUDGET, before_images
    assert not watch.foreign
