"""The customer's share kit: /stories/<slug>/kit/ for approved stories, unlisted, untracked,
made only when its story changes; `wom kit` prints its address and a message for the customer."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from conftest import BASIC_SITE, post
from helpers import meta_property, png, soup, tree
from wom_site.build import BuildOptions, build

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
ROSA = post("Rosa’s bakery bike carries the bread across town", "2026-02-01", slug="rosa", tags="[cargo]",
            customer='{name: "Rosa Díaz", company: "Rosa’s Bakery", quote: "They fixed my brakes in ten minutes.", approved: 2026-01-20}',
            outcome="Two hundred deliveries a month, no car.", body="Rosa bakes.\n\n> [!quote]\n> Ten minutes, really.\n")
FILES = {
    "content/stories/rosa.md": ROSA,
    "content/stories/waiting.md": post("Not approved yet", "2026-02-02", slug="waiting", customer='{name: "Ana", quote: "Hi"}'),
    "content/stories/anon.md": post("No customer named", "2026-02-03", slug="anon"),
    "content/tips/t.md": post("A tip", "2026-02-04", slug="tip"),
}
CONFIG = BASIC_SITE.replace("https://example.org/", "https://example.org/shop/blog/") + "stories:\n  require_approval: false\n"


def make(make_site, files=None, config=CONFIG):
    site = make_site({**FILES, **(files or {})}, config=config)
    build(BuildOptions(source=site, now=NOW))
    return site, site / "output"


def test_only_an_approved_story_has_a_kit_and_it_is_unlisted(make_site):
    site, out = make(make_site)
    assert (out / "stories/rosa/kit/index.html").is_file()
    assert not (out / "stories/waiting/kit").exists() and not (out / "stories/anon/kit").exists()
    assert not (out / "tips/tip/kit").exists()
    kit = soup(out / "stories/rosa/kit/index.html")
    assert meta_property(kit, "robots") == "noindex"
    url = "https://example.org/shop/blog/stories/rosa/kit/"
    assert kit.find("link", rel="canonical")["href"] == url == meta_property(kit, "og:url")
    others = [p for p in out.rglob("*") if p.is_file() and "/kit/" not in p.as_posix() and p.suffix in (".html", ".xml", ".json", ".txt")]
    assert others and not [p for p in others if "/kit/" in p.read_text(encoding="utf-8", errors="replace")]


def test_kit_page_has_link_images_texts_and_card_without_tracking(make_site):
    site, out = make(make_site)
    raw = (out / "stories/rosa/kit/index.html").read_text(encoding="utf-8")
    kit = soup(out / "stories/rosa/kit/index.html")
    canonical = "https://example.org/shop/blog/stories/rosa/"
    assert kit.find("input", id="kit-url")["value"] == canonical
    assert "utm_" not in raw and "?ref" not in raw
    assert not [s for s in kit.find_all("script", src=True) if "://" in s["src"]]  # only our own script
    downloads = {a["download"]: a["href"] for a in kit.find_all("a", download=True)}
    assert set(downloads) == {"rosa-square.png", "rosa-story.png", "rosa-link.png"}
    sizes = {}
    for name, href in downloads.items():
        assert href.startswith("/shop/blog/")
        with Image.open(out / href.removeprefix("/shop/blog/")) as image:
            sizes[name] = image.size
    assert sizes == {"rosa-square.png": (1080, 1080), "rosa-story.png": (1080, 1920), "rosa-link.png": (1200, 630)}
    story = soup(out / "stories/rosa/index.html")
    assert meta_property(story, "og:image").endswith(downloads["rosa-link.png"].removeprefix("/shop/blog/"))
    texts = [area.get_text() for area in kit.find_all("textarea")]
    assert len(texts) == 3 and [len(t) <= limit for t, limit in zip(texts, (280, 500, 1200))] == [True] * 3
    assert all(t.endswith(canonical) for t in texts) and len(set(texts)) == 3
    assert "They fixed my brakes in ten minutes." in texts[1] and "Two hundred deliveries" in texts[2]
    assert kit.find("a", href="/shop/blog/stories/rosa/card/") and kit.find("svg")


def test_kit_images_show_the_photo_upright_and_without_its_metadata(make_site):
    photo = Image.new("RGB", (900, 600), "#c87828")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: a phone photo taken upright
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 30.0)}  # GPS
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", exif=exif)
    rosa = ROSA.replace("slug: ", "image: rosa.jpg\nimage_alt: Rosa and her bike\nslug: ")
    site, out = make(make_site, {"content/stories/rosa.md": rosa, "content/stories/rosa.jpg": buffer.getvalue()})
    for shape, size in (("square", (1080, 1080)), ("story", (1080, 1920))):
        with Image.open(out / f"stories/rosa/kit/{shape}.jpg") as image:
            assert image.size == size and image.format == "JPEG"
            assert not image.getexif() and "exif" not in image.info
            top = image.crop((0, 0 if shape == "square" else 420, 1080, 100 if shape == "square" else 520)).convert("RGB")
            r, g, b = ImageStat.Stat(top).mean
            assert abs(r - 0xc8) < 12 and abs(g - 0x78) < 12 and abs(b - 0x28) < 12  # the photo, on top


def test_kit_files_are_made_only_when_the_story_changes_and_match_a_clean_build(make_site, tmp_path):
    site, out = make(make_site)
    kit_files = sorted((out / "stories/rosa/kit").iterdir())
    before = {p: p.stat().st_mtime_ns for p in kit_files}
    text = (site / "content/tips/t.md").read_text()
    (site / "content/tips/t.md").write_text(text.replace("Some text.", "Other text."))
    build(BuildOptions(source=site, now=NOW))
    assert {p: p.stat().st_mtime_ns for p in kit_files} == before
    _same_as_clean(site, tmp_path)
    square = (out / "stories/rosa/kit/square.png").read_bytes()
    rosa = site / "content/stories/rosa.md"
    rosa.write_text(rosa.read_text().replace("ten minutes.", "five minutes."))
    build(BuildOptions(source=site, now=NOW))
    assert (out / "stories/rosa/kit/square.png").read_bytes() != square
    assert "five minutes." in (out / "stories/rosa/kit/index.html").read_text()
    _same_as_clean(site, tmp_path)
    rosa.write_text(rosa.read_text().replace("approved: 2026-01-20", "approved: "))  # consent withdrawn
    build(BuildOptions(source=site, now=NOW))
    assert not (out / "stories/rosa/kit").exists()
    _same_as_clean(site, tmp_path)


def _same_as_clean(site: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    build(BuildOptions(source=site, output=fresh, use_cache=False, now=NOW))
    incremental, expected = tree(site / "output"), tree(fresh)
    assert sorted(incremental) == sorted(expected)
    assert [rel for rel in expected if incremental[rel] != expected[rel]] == []


def test_wom_kit_prints_the_address_and_a_message_for_the_customer(make_site, wom):
    site = make_site(FILES, config=CONFIG)
    result = wom("kit", "rosa", "--source", str(site))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "https://example.org/shop/blog/stories/rosa/kit/"
    assert lines[2] == "Hello Rosa," and "Rosa’s bakery bike carries the bread across town" in result.stdout
    assert result.stdout.count("https://example.org/shop/blog/stories/rosa/kit/") == 2 and "Test & Co" in result.stdout
    by_file = wom("kit", "content/stories/rosa.md", "--source", str(site))
    assert by_file.stdout == result.stdout
    waiting = wom("kit", "waiting", "--source", str(site))
    assert waiting.returncode == 1 and "content/stories/waiting.md: the customer has not approved it yet" in waiting.stderr
    missing = wom("kit", "nobody", "--source", str(site))
    assert missing.returncode == 1 and "no story 'nobody'" in missing.stderr and "Traceback" not in missing.stderr


def test_share_kits_false_makes_no_kit_and_wom_kit_says_why(make_site, wom):
    site, out = make(make_site, config=CONFIG + "share:\n  kits: false\n")
    assert (out / "stories/rosa/index.html").is_file() and not (out / "stories/rosa/kit").exists()
    result = wom("kit", "rosa", "--source", str(site))
    assert result.returncode == 1 and "share.kits is false" in result.stderr


def test_a_kit_speaks_the_site_language_with_its_quotation_marks(make_site, wom):
    german = CONFIG + "language: de\nbusiness:\n  name: Fahrrad Rosa\n"
    site, out = make(make_site, config=german)
    kit = soup(out / "stories/rosa/kit/index.html")
    assert kit.select_one(".kit-kicker").get_text() == "Paket zum Teilen"
    assert [h.get_text() for h in kit.find_all("h2")] == ["Der Link", "Bilder zum Posten", "Ein paar Worte dazu",
                                                       "Eine Karte zum Weitergeben", "Alles auf einmal"]
    assert kit.find("title").get_text().startswith("Paket zum Teilen: Rosa’s bakery bike")
    labels = [label.get_text() for label in kit.select(".kit-text label")]
    assert labels == ["Für X und Bluesky (bis zu 280 Zeichen)", "Für Threads und Mastodon (bis zu 500 Zeichen)",
                      "Für Facebook, LinkedIn oder eine Nachricht (bis zu 1.200 Zeichen)"]
    texts = [area.get_text() for area in kit.find_all("textarea")]
    assert texts[0].startswith("Fahrrad Rosa hat unsere Geschichte erzählt: „Rosa’s bakery bike")
    assert "Was ich gesagt habe: „They fixed my brakes in ten minutes.“" in texts[1] and "Danke, Fahrrad Rosa!" in texts[2]
    alts = [img["alt"] for img in kit.select(".kit-images img")]
    assert alts[0].startswith("Quadratisches Bild für einen Feed-Beitrag: ") and alts[1].startswith("Hochformat für eine Story")
    assert kit.find("button", attrs={"data-kit-zip": True})["data-failed"].startswith("Der Download hat nicht geklappt")
    message = wom("kit", "rosa", "--source", str(site)).stdout.splitlines()
    assert message[2] == "Hallo Rosa," and message[4].startswith("Ihre Geschichte „Rosa’s bakery bike")
    assert message[-2:] == ["Vielen Dank!", "Fahrrad Rosa"]


@pytest.mark.parametrize("language, direction, kicker, first_text, label", [
    ("ja", "ltr", "シェアキット", "Test & Coが私たちのストーリーを紹介してくれました：「Rosa’s", "XとBluesky向け（280文字まで）"),
    ("ar", "rtl", "حزمة المشاركة", "روى Test & Co قصتنا: «Rosa’s", "على X وBluesky (حدّ الأحرف: 280)"),
])
def test_a_japanese_kit_and_an_arabic_kit(make_site, language, direction, kicker, first_text, label):
    site, out = make(make_site, config=CONFIG + f"language: {language}\n")
    kit = soup(out / "stories/rosa/kit/index.html")
    assert kit.html["dir"] == direction and kit.select_one(".kit-kicker").get_text() == kicker
    assert kit.find("textarea").get_text().startswith(first_text)
    assert kit.select(".kit-text label")[0].get_text() == label
