"""A right-to-left site in Chromium at 375 px: mirrored layout and share bar, no sideways scroll,
axe-core clean. Built from Arabic content with `language: ar`."""

from __future__ import annotations

import pytest

from browser import axe_source, axe_violations, chromium_browser, static_server
from conftest import post, write_files
from wom_site.build import BuildOptions, build

PHONE = {"width": 375, "height": 740}
ARABIC_SITE = """\
title: "مخبز الياسمين"
description: "قصص زبائننا ونصائح للخبز في البيت."
base_url: "https://example.org/"
language: ar
timezone: Asia/Amman
business:
  name: "مخبز الياسمين"
  address: "شارع الرينبو ١٢، عمّان"
stories:
  page_size: 1
"""
STORY = post("كعكة العيد التي أنقذت الحفلة", "2025-03-03",
             "طلبت سلمى كعكة كبيرة قبل العيد بيوم واحد فقط.\n\n> [!quote]\n> لم أتوقع أن تكون جاهزة في الوقت المحدد.\n\n"
             + "كان الخبازون يعملون طوال الليل. " * 40,
             description="كيف جهّزنا كعكة العيد في ليلة واحدة.", tags=["حلويات", "أعياد"],
             customer='{name: "سلمى", company: "مقهى النخيل", quote: "أفضل كعكة تذوقتها.", approved: 2025-03-01}')


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    site = tmp_path_factory.mktemp("rtl") / "site"
    write_files(site, {"site.yaml": ARABIC_SITE, "content/stories/eid.md": STORY,
                       "content/stories/bread.md": post("خبز الصباح", "2025-02-01", "خبز طازج كل صباح.", tags=["حلويات"]),
                       "content/tips/dough.md": post("كيف تعجن العجين", "2025-02-10", "اعجن عشر دقائق.", tags=["أعياد"])})
    build(BuildOptions(source=site, use_cache=False))
    with static_server(site / "output") as url:
        yield url


@pytest.fixture(scope="module")
def phone(origin):
    with chromium_browser() as browser:
        context = browser.new_context(viewport=PHONE, device_scale_factor=1, base_url=origin)
        try:
            yield context
        finally:
            context.close()


# Elements reaching past either edge of the viewport (outside a scrolling box).
OUTSIDE = """() => [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || (r.right <= window.innerWidth + 1 && r.left >= -1)) return false;
    const style = getComputedStyle(e);
    if (style.position === 'absolute' || style.position === 'fixed') return false;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== 'visible') return false;
    return true;
}).map(e => e.tagName + '.' + e.className)"""


@pytest.mark.parametrize("path", ["/", "/stories/eid/", "/stories/page/2/", "/tags/", "/archive/", "/stories/eid/card/",
                                  "/share/mastodon/"])
def test_an_arabic_page_is_right_to_left_fits_a_phone_and_is_accessible(phone, path):
    page = phone.new_page()
    page.goto(path, wait_until="load")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "sideways scroll at 375 px"
    assert page.evaluate(OUTSIDE) == [], "elements past the edge of the phone"
    assert axe_violations(page, axe_source()) == []
    page.emulate_media(color_scheme="dark")
    assert axe_violations(page, axe_source()) == [], "in dark mode"


def test_the_share_bar_and_the_story_mirror(phone):
    page = phone.new_page()
    page.goto("/stories/eid/", wait_until="load")
    # the share bar's first button sits at the right, the next one to its left
    boxes = page.evaluate("""() => [...document.querySelectorAll('#share .share-list > li:not([hidden])')]
                                 .map(li => li.getBoundingClientRect()).map(r => [r.left, r.right, r.top])""")
    first, second = boxes[0], boxes[1]
    assert first[2] == second[2], "the first two share buttons share a row"
    assert second[1] <= first[0] + 1, f"second button not left of the first: {boxes[:2]}"
    bar = page.evaluate("(() => { const r = document.querySelector('#share .share-list').getBoundingClientRect(); return [r.left, r.right]; })()")
    assert abs(bar[1] - first[1]) < 2, "the first button starts at the bar's right edge"
    # the customer quote's accent border is on its right (the start side)
    border = page.evaluate("getComputedStyle(document.querySelector('.post-body blockquote')).borderRightWidth")
    assert border != "0px"
    assert page.evaluate("getComputedStyle(document.querySelector('.post-body blockquote')).borderLeftWidth") == "0px"
