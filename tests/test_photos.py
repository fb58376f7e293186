"""Photo-led stories: list thumbnails, photo-led social cards and the customer's portrait beside
their words, on a site made with `wom init` with a phone photo (sideways, with EXIF and GPS)."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from PIL import Image

from browser import axe_source, axe_violations, static_server
from conftest import run_wom
from helpers import meta_property, png, soup
from test_images import phone_photo

PORTRAIT_STORY = """---
title: "Rosa's bakery switched its deliveries to a cargo bike and never looked back"
date: 2026-01-10T09:00:00+00:00
tags: [bakeries]
customer:
  name: "Rosa Díaz"
  role: "Owner"
  photo: images/rosa.jpg
  quote: "The bike is faster than the van at eight in the morning."
  approved: 2026-01-02
---

Rosa tells it best.
"""

COVER_TIP = """---
title: "Keep your chain quiet"
date: 2026-01-08T09:00:00+00:00
tags: [bakeries]
image: images/chain.png
image_alt: "A clean chain on a workbench"
---

Oil it.
"""

PLAIN_TIP = """---
title: "Pump your tyres on Mondays"
date: 2026-01-06T09:00:00+00:00
tags: [bakeries]
---

Once a week.
"""


def build_site(root: Path, photo: bytes = None, site_yaml: dict[str, str] | None = None, story: str = PORTRAIT_STORY) -> Path:
    """`wom init`, site.yaml edited (`site_yaml`: old line -> new), the posts above; built."""
    run_wom("init", str(root), check=True)
    config = root / "site.yaml"
    text = config.read_text(encoding="utf-8")
    for old, new in (site_yaml or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    config.write_text(text, encoding="utf-8")
    files = {
        "content/stories/rosa.md": story,
        "content/stories/images/rosa.jpg": photo or phone_photo(),
        "content/tips/chain.md": COVER_TIP,
        "content/tips/images/chain.png": png(1600, 1000, "#3a6b8c"),
        "content/tips/pump.md": PLAIN_TIP,
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data if isinstance(data, bytes) else data.encode())
    run_wom("build", "--source", str(root), check=True)
    return root / "output"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("photos") / "rosa-bakes"
    return root, build_site(root)


def items(page) -> dict:
    """Each post card of a list page by its title."""
    return {a.get_text(strip=True): a.find_parent("article") for a in page.select(".post-item-title a")}


@pytest.mark.parametrize("list_page", ["index.html", "stories/index.html", "tags/bakeries/index.html"])
def test_lists_show_each_post_s_photo_with_size_srcset_and_alt(site, list_page):
    _, output = site
    cards = items(soup(output / list_page))
    story = cards.get("Rosa's bakery switched its deliveries to a cargo bike and never looked back")
    photo = story.select_one(".post-item-thumb img")
    assert photo["alt"] == "Rosa Díaz"
    assert int(photo["width"]) > 0 and int(photo["height"]) > 0
    assert (output / photo["src"].lstrip("/")).is_file()
    with Image.open(output / photo["src"].lstrip("/")) as published:
        assert (published.width, published.height) == (int(photo["width"]), int(photo["height"])), "upright, as published"
        assert not published.getexif(), "no EXIF (GPS) in what the list shows"
    page_url = "https://example.com/" + list_page.removesuffix("index.html")
    for candidate in story.select_one(".post-item-thumb source")["srcset"].split(", "):
        resolved = urljoin(page_url, candidate.split()[0])  # as the browser resolves it on that page
        assert (output / urlsplit(resolved).path.lstrip("/")).is_file(), candidate
    assert "no-photo" not in story["class"]


def test_a_cover_is_the_thumbnail_and_posts_without_a_photo_are_marked(site):
    _, output = site
    cards = items(soup(output / "tags/bakeries/index.html"))
    cover = cards["Keep your chain quiet"].select_one(".post-item-thumb img")
    assert cover["alt"] == "A clean chain on a workbench"
    plain = cards["Pump your tyres on Mondays"]
    assert plain.select_one(".post-item-thumb") is None and "no-photo" in plain["class"]


def test_photos_below_the_fold_load_lazily(site):
    _, output = site
    photos = soup(output / "tags/bakeries/index.html").select(".post-item-thumb img")
    assert len(photos) == 2
    assert [p.get("loading") for p in photos] == [None, None], "the first two are above the fold on a phone"
    archive = soup(output / "archive/index.html")
    thumbs = archive.select(".archive-thumb img")
    assert len(thumbs) == 2  # Rosa's portrait and the chain's cover; `wom init`'s first posts have no photo
    assert len(archive.select(".archive-thumb-none")) == 3, "the others keep the row's shape"
    assert all(t.get("width") and t.get("height") and t.get("alt") is not None for t in thumbs)


def test_a_post_with_a_photo_gets_a_photo_led_jpeg_card(site):
    root, output = site
    page = soup(output / "stories/rosa/index.html")
    url = meta_property(page, "og:image")
    card = output / url.split("example.com/", 1)[1]
    assert card.suffix == ".jpg" and card.stat().st_size < 300_000
    with Image.open(card) as image:
        assert image.format == "JPEG" and image.size == (1200, 630)
        upper = image.convert("RGB").getpixel((900, 40))
    assert (meta_property(page, "og:image:width"), meta_property(page, "og:image:type")) == ("1200", "image/jpeg")
    assert upper[2] > upper[0], "the photo, upright: its left (blue) half is on top after turning"
    text_card = meta_property(soup(output / "tips/pump/index.html"), "og:image")
    assert text_card.endswith(".png"), "a post without a photo keeps the text card"


def test_title_is_legible_over_a_white_photo(tmp_path):
    """The worst photo for white text: all white. Every pixel behind the text must be dark
    enough for 4.5:1 against white."""
    white = io.BytesIO()
    Image.new("RGB", (1600, 1200), (255, 255, 255)).save(white, "JPEG", quality=95)
    output = build_site(tmp_path / "white", white.getvalue())
    url = meta_property(soup(output / "stories/rosa/index.html"), "og:image")
    with Image.open(output / url.split("example.com/", 1)[1]) as image:
        gray = image.convert("L")
    # where text is drawn: from 180 px down to the band; the wash is the darkest value per row
    # that is not text (text is white): the row's median, as text covers under half a row
    for y in range(180, 630 - 96, 6):
        row = sorted(gray.getpixel((x, y)) for x in range(20, 1200))
        background = row[len(row) // 2]
        assert contrast_with_white(background) >= 4.5, f"row {y}: {background}"


def contrast_with_white(gray: int) -> float:
    s = gray / 255
    lum = s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    return 1.05 / (lum + 0.05)


def test_photo_cards_are_remade_only_when_what_they_show_changes(site, tmp_path):
    root, output = site
    url = meta_property(soup(output / "stories/rosa/index.html"), "og:image")
    run_wom("build", "--source", str(root), check=True)
    assert meta_property(soup(output / "stories/rosa/index.html"), "og:image") == url
    story = root / "content/stories/rosa.md"
    story.write_text(story.read_text(encoding="utf-8").replace("Rosa tells it best.", "Rosa tells it best, again."),
                     encoding="utf-8")
    run_wom("build", "--source", str(root), check=True)
    assert meta_property(soup(output / "stories/rosa/index.html"), "og:image") == url, "the body is not on the card"
    (root / "content/stories/images/rosa.jpg").write_bytes(phone_photo(1800, 1500))
    run_wom("build", "--source", str(root), check=True)
    assert meta_property(soup(output / "stories/rosa/index.html"), "og:image") != url, "a new photo, a new card"


def portrait_photo() -> bytes:
    """A phone's portrait photo as it is stored: sideways (orientation 6), with GPS. Upright it is
    1200x1600 in three bands: red on top, green in the middle, blue at the bottom."""
    upright = Image.new("RGB", (1200, 1600), (200, 30, 30))
    upright.paste((30, 200, 30), (0, 533, 1200, 1066))
    upright.paste((30, 30, 200), (0, 1066, 1200, 1600))
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned 90 degrees clockwise
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 31.0, 12.5), 3: "E", 4: (13.0, 24.0, 36.0)})
    buffer = io.BytesIO()
    upright.rotate(90, expand=True).save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def card_of(output: Path, page: str) -> Path:
    url = meta_property(soup(output / page), "og:image")
    return output / urlsplit(url).path.lstrip("/")


def test_a_portrait_phone_photo_leads_its_card_upright_cropped_above_the_middle(tmp_path):
    output = build_site(tmp_path / "portrait", portrait_photo())
    with Image.open(card_of(output, "stories/rosa/index.html")) as card:
        assert card.format == "JPEG" and card.size == (1200, 630)
        pixels = card.convert("RGB")
        top, middle = pixels.getpixel((1150, 40)), pixels.getpixel((1150, 330))
    # the crop is 630 rows of 1600, starting 35% of the way down the rest: rows 340-970, so red
    # (rows 0-533) at the card's top and green (533-1066) under the title; upright, not sideways
    assert top[0] > 2 * max(top[1], top[2]), top
    assert middle[1] > 2 * max(middle[0], middle[2]), middle


def test_a_photo_too_small_to_lead_a_card_keeps_the_text_card_and_its_thumbnail(tmp_path):
    output = build_site(tmp_path / "tiny", png(240, 180, "#3a6b8c", format="JPEG"))
    card = card_of(output, "stories/rosa/index.html")
    assert card.suffix == ".png", "a 240 px photo would be blurred across 1200 px"
    story = items(soup(output / "index.html"))["Rosa's bakery switched its deliveries to a cargo bike and never looked back"]
    thumb = story.select_one(".post-item-thumb img")
    assert (thumb["width"], thumb["height"]) == ("240", "180")


def test_photo_cards_and_thumbnails_under_a_sub_path(tmp_path):
    base = "https://example.org/shop/blog/"
    output = build_site(tmp_path / "sub", site_yaml={'base_url: "https://example.com/"': f'base_url: "{base}"'})
    url = meta_property(soup(output / "stories/rosa/index.html"), "og:image")
    assert url.startswith(base + "cards/") and url.endswith(".jpg"), url
    with Image.open(output / url.removeprefix(base)) as card:
        assert card.size == (1200, 630)
    story = items(soup(output / "stories/index.html"))["Rosa's bakery switched its deliveries to a cargo bike and never looked back"]
    photo = story.select_one(".post-item-thumb img")
    assert photo["src"].startswith("/shop/blog/") and (output / photo["src"].removeprefix("/shop/blog/")).is_file()
    for candidate in story.select_one(".post-item-thumb source")["srcset"].split(", "):
        resolved = urlsplit(urljoin(base + "stories/", candidate.split()[0])).path
        assert resolved.startswith("/shop/blog/") and (output / resolved.removeprefix("/shop/blog/")).is_file(), candidate


def test_a_photo_card_is_the_same_with_and_without_the_cache(tmp_path):
    """With a cache the card is drawn from the cleaned photo kept in .wom-cache/images/; without
    one from the same cleaned photo in memory: byte for byte the same site."""
    from helpers import tree

    root = tmp_path / "cached"
    output = build_site(root)  # the phone photo: sideways, 2000x1500, with GPS: it is cleaned
    assert card_of(output, "stories/rosa/index.html").suffix == ".jpg"
    run_wom("build", "--source", str(root), "--no-cache", "--output", str(tmp_path / "fresh"), check=True)
    assert tree(output) == tree(tmp_path / "fresh")


ARABIC_STORY = PORTRAIT_STORY.replace(
    "Rosa's bakery switched its deliveries to a cargo bike and never looked back", "مخبز روزا ينقل خبزه بدراجة الشحن").replace(
    "Rosa Díaz", "روزا دياز").replace("The bike is faster than the van at eight in the morning.", "الدراجة أسرع من الشاحنة صباحا.")


@pytest.fixture(scope="module")
def arabic(tmp_path_factory):
    root = tmp_path_factory.mktemp("arabic") / "rosa-ar"
    return build_site(root, site_yaml={"language: en": "language: ar"}, story=ARABIC_STORY)


def test_an_arabic_site_gets_photo_cards_and_thumbnails(arabic):
    output = arabic
    with Image.open(card_of(output, "stories/rosa/index.html")) as card:
        assert card.format == "JPEG" and card.size == (1200, 630)
    home = soup(output / "index.html")
    assert home.find("html")["dir"] == "rtl"
    story = items(home)["مخبز روزا ينقل خبزه بدراجة الشحن"]
    assert story.select_one(".post-item-thumb img")["alt"] == "روزا دياز"


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_story_shows_the_customer_s_portrait_beside_their_words(site, arabic, browser, width, language):
    output, customer = (site[1], "Rosa Díaz") if language == "en" else (arabic, "روزا دياز")
    with static_server(output) as origin:
        page = browser.new_page(viewport={"width": width, "height": 900})
        try:
            page.goto(origin + "/stories/rosa/")
            photo = page.locator(".customer-card .customer-photo")
            assert photo.get_attribute("alt") == customer
            words, name = page.locator(".customer-quote").bounding_box(), page.locator(".customer-name").bounding_box()
            box = photo.bounding_box()
            if language == "en":
                assert box["width"] >= 48 and box["x"] + box["width"] <= words["x"], "beside, not above"
                assert name["x"] == words["x"]
            else:  # right to left: the portrait on the right of the words
                assert box["width"] >= 48 and words["x"] + words["width"] <= box["x"], "beside, on the right"
                assert name["x"] + name["width"] == pytest.approx(words["x"] + words["width"], abs=1)
            assert box["y"] < words["y"] + words["height"] and words["y"] < box["y"] + box["height"]
            assert page.locator(".customer-name").inner_text() == customer
            assert page.evaluate("document.querySelector('.customer-photo').naturalWidth") > 0
        finally:
            page.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_photo_led_pages_are_clean_for_axe_and_fit_the_screen(site, browser, width, scheme):
    axe = axe_source()
    _, output = site
    with static_server(output) as origin:
        for path in ("/", "/stories/", "/tags/bakeries/", "/archive/", "/stories/rosa/"):
            page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
            try:
                page.goto(origin + path)
                assert page.evaluate("document.documentElement.scrollWidth") <= width, path
                assert axe_violations(page, axe) == [], f"{path} {width}px {scheme}"
                broken = page.evaluate("[...document.images].filter(i => i.complete && !i.naturalWidth).map(i => i.src)")
                assert broken == [], path
            finally:
                page.close()
