"""Published photos: upright, without EXIF/GPS, downscaled, with WebP sizes for srcset."""

from __future__ import annotations

import io

from PIL import Image, PngImagePlugin

from conftest import BASIC_SITE, post
from helpers import meta_property, png, soup

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def phone_photo(width: int = 2000, height: int = 1500) -> bytes:
    """A JPEG as a phone writes it: sideways pixels, orientation 6, maker and GPS position."""
    image = Image.new("RGB", (width, height), (200, 40, 40))
    image.paste((40, 40, 200), (0, 0, width // 2, height))  # left half blue: shows the rotation
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # stored rotated: display turned 90° clockwise
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 31.0, 12.5), 3: "E", 4: (13.0, 24.0, 36.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "taken at 12 Elm Street")
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 120, 60)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def clean_png() -> bytes:
    return png(300, 200, (10, 60, 120))


def site_files() -> dict:
    return {
        "content/stories/rosa.md": post("Rosa's bakery", "2026-01-05", image="images/van.jpg", image_alt="The van",
                                        body="Text.\n\n![The counter](images/counter.png)\n\n![Logo](images/plain.png)\n"),
        "content/stories/images/van.jpg": phone_photo(),
        "content/stories/images/counter.png": png_with_text(),
        "content/stories/images/plain.png": clean_png(),
        "static/images/shop.jpg": phone_photo(800, 600),
    }


def _exif(data: bytes) -> Image.Exif:
    with Image.open(io.BytesIO(data)) as image:
        return image.getexif()


def test_photos_are_published_upright_without_gps_and_downscaled(make_site, wom):
    site = make_site(site_files())
    wom("build", "--source", str(site), check=True)
    out = site / "output"
    van = (out / "stories/images/van.jpg").read_bytes()
    assert len(_exif(van)) == 0 and b"PhoneMaker" not in van
    with Image.open(io.BytesIO(van)) as image:
        assert image.size == (1200, 1600)  # upright (portrait) and 1200 wide, the largest width
        assert image.getpixel((600, 100))[2] > 150  # the blue half is on top once turned upright
    shop = (out / "images/shop.jpg").read_bytes()  # the site's static/ photos too
    assert len(_exif(shop)) == 0 and b"PhoneMaker" not in shop
    counter = out / "stories/images/counter.png"
    with Image.open(counter) as image:
        assert not image.text
    assert b"Elm Street" not in counter.read_bytes()
    # an image with nothing to remove is published byte for byte
    assert (out / "stories/images/plain.png").read_bytes() == clean_png()
    # the source files are never changed
    assert (site / "content/stories/images/van.jpg").read_bytes() == phone_photo()


def test_post_images_get_webp_sizes_width_height_and_lazy_loading(make_site, wom):
    site = make_site(site_files())
    wom("build", "--source", str(site), check=True)
    out = site / "output"
    page = soup(out / "stories/rosa/index.html")
    cover = page.select_one(".post-cover picture")
    assert cover.img["width"] == "1200" and cover.img["height"] == "1600"
    assert cover.img.get("loading") != "lazy"  # the cover is at the top
    candidates = [item.split() for item in cover.source["srcset"].split(", ")]
    assert cover.source["type"] == "image/webp"
    assert [w for _, w in candidates] == ["480w", "800w", "1200w"]
    for url, width in candidates:
        variant = out / url.lstrip("/")
        with Image.open(variant) as image:
            assert image.format == "WEBP" and f"{image.width}w" == width
            assert len(image.getexif()) == 0
    body = page.select_one(".post-body")
    assert len(body.find_all("img")) == 2
    for img in body.find_all("img"):
        assert img["width"] == "300" and img["height"] == "200"
        assert img["loading"] == "lazy"
        assert img.parent.name == "picture" and img.parent.source["type"] == "image/webp"
    # share tags give the size as published
    assert meta_property(page, "og:image:width") == "1200"
    assert meta_property(page, "og:image:height") == "1600"


def test_keep_metadata_keeps_exif_but_still_turns_the_photo_upright(make_site, wom):
    site = make_site(site_files(), config=BASIC_SITE + "images:\n  keep_metadata: true\n  widths: [400, 1000]\n")
    wom("build", "--source", str(site), check=True)
    out = site / "output"
    exif = _exif((out / "stories/images/van.jpg").read_bytes())
    assert exif.get(0x010F) == "PhoneMaker" and exif.get_ifd(GPS_IFD).get(1) == "N"
    assert exif.get(ORIENTATION, 1) == 1
    with Image.open(out / "stories/images/van.jpg") as image:
        assert image.size == (1000, 1333)
    srcset = soup(out / "stories/rosa/index.html").select_one(".post-cover source")["srcset"]
    assert [item.split()[1] for item in srcset.split(", ")] == ["400w", "1000w"]


def test_a_second_build_reuses_the_cached_images(make_site, wom):
    site = make_site(site_files())
    wom("build", "--source", str(site), check=True)
    cached = {p.name: p.stat().st_mtime_ns for p in (site / ".wom-cache/images").iterdir()}
    assert cached
    (site / "content/stories/rosa.md").write_text(post("Rosa's bakery", "2026-01-05", image="images/van.jpg",
                                                       image_alt="The van", body="Changed text."))
    wom("build", "--source", str(site), check=True)
    assert {p.name: p.stat().st_mtime_ns for p in (site / ".wom-cache/images").iterdir()} == cached  # not made again


def test_a_replaced_photo_updates_the_pages_that_show_it(make_site, wom):
    site = make_site(site_files())
    wom("build", "--source", str(site), check=True)
    (site / "content/stories/images/counter.png").write_bytes(png(1000, 400, (200, 60, 20)))  # the post's text is unchanged
    wom("build", "--source", str(site), check=True)
    out = site / "output"
    counter = next(img for img in soup(out / "stories/rosa/index.html").select(".post-body img") if "counter" in img["src"])
    assert (counter["width"], counter["height"]) == ("1000", "400")
    for item in counter.parent.source["srcset"].split(", "):
        assert (out / item.split()[0].lstrip("/")).is_file()  # every WebP size it names is published


def test_an_unreadable_image_is_a_warning_naming_the_file_and_is_published_as_is(make_site, wom):
    site = make_site({**site_files(), "content/stories/images/broken.jpg": b"not really a JPEG"})
    result = wom("build", "--source", str(site), check=True)
    assert "content/stories/images/broken.jpg" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "output/stories/images/broken.jpg").read_bytes() == b"not really a JPEG"
