"""Sharing: tags survive hostile text, share links decode to the canonical URL, quotes, cards, wom check."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from conftest import BASIC_SITE, post
from helpers import json_ld, meta_property, png, soup

HOSTILE = 'Rosa\'s "bread" & <script>alert(1)</script> — Ζωή, Мария, 東京 🚲'


def build(make_site, wom, files, config=BASIC_SITE):
    site = make_site(files, config=config)
    wom("build", "--source", str(site), check=True)
    return site / "output"


def test_hostile_title_reads_back_exactly_everywhere(make_site, wom):
    out = build(make_site, wom, {"content/stories/x.md": post(HOSTILE, "2026-02-01", slug="hostile", description=HOSTILE)})
    page = soup(out / "stories/hostile/index.html")
    assert meta_property(page, "og:title") == HOSTILE
    assert meta_property(page, "twitter:title") == HOSTILE
    assert meta_property(page, "og:description") == HOSTILE
    assert page.title.get_text() == f"{HOSTILE} · Test & Co"
    assert page.h1.get_text() == HOSTILE
    posting = next(i for i in json_ld(page) if i["@type"] == "BlogPosting")
    assert posting["headline"] == HOSTILE and posting["description"] == HOSTILE
    raw = (out / "stories/hostile/index.html").read_text()
    assert "<script>alert" not in raw
    for script in page.find_all("script", type="application/ld+json"):
        assert "</" not in script.string


def test_description_falls_back_to_summary_cut_at_a_word(make_site, wom):
    words = " ".join(f"word{i}" for i in range(80))
    out = build(make_site, wom, {"content/tips/long.md": post("Long", "2026-02-01", body=words)})
    description = meta_property(soup(out / "tips/long/index.html"), "og:description")
    assert description.endswith("…") and len(description) <= 160
    assert description[:-1].split()[-1] in words.split()


def test_every_share_link_carries_the_canonical_url(make_site, wom):
    config = BASIC_SITE + "share:\n  utm: true\n"
    title = "Café & bikes: a story with a very long title " + "x" * 260
    out = build(make_site, wom, {"content/stories/x.md": post(title, "2026-02-01", slug="cafe")}, config)
    page = soup(out / "stories/cafe/index.html")
    canonical = "https://example.org/stories/cafe/"
    assert meta_property(page, "og:url") == canonical and "utm_" not in page.find("link", rel="canonical")["href"]
    links = {a["class"][1].removeprefix("share-"): a["href"] for a in page.select(".share-list a.share-button[class*=share-]") if len(a["class"]) > 1}
    assert set(links) >= {"x", "facebook", "linkedin", "whatsapp", "telegram", "reddit", "bluesky", "threads", "hackernews", "mastodon", "email"}
    for network, href in links.items():
        query = parse_qs(urlsplit(href).query)
        text = " ".join(v for values in query.values() for v in values)
        assert canonical + f"?utm_source={network}&utm_medium=social&utm_campaign=cafe" in text, (network, text)
    x_query = parse_qs(urlsplit(links["x"]).query)
    assert len(x_query["text"][0]) + 1 + len(x_query["url"][0]) <= 280
    assert len(parse_qs(urlsplit(links["bluesky"]).query)["text"][0]) <= 300
    mailto = links["email"]
    assert mailto.startswith("mailto:?subject=") and "+" not in mailto and "%20" in mailto
    assert links["mastodon"].startswith("/share/mastodon/?text=")
    assert (out / "share/mastodon/index.html").is_file()


def test_quotable_pull_quotes_get_anchors_and_their_own_links(make_site, wom):
    body = "Intro.\n\n> [!quote]\n> Mara tells you what *not* to fix.\n\nMore."
    story = post("Q", "2026-02-01", slug="q", body=body, customer='{name: "Zoë", quote: "Best shop", approved: 2026-01-01}')
    out = build(make_site, wom, {"content/stories/q.md": story})
    page = soup(out / "stories/q/index.html")
    quote = page.find("blockquote", id="quote-1")
    assert quote.get_text(" ", strip=True) == "Mara tells you what not to fix."
    share = quote.find_next_sibling("p", class_="quote-share")
    whatsapp = next(a["href"] for a in share.find_all("a") if "wa.me" in a["href"])
    text = parse_qs(urlsplit(whatsapp).query)["text"][0]
    assert "Mara tells you what not to fix." in text and text.endswith("https://example.org/stories/q/#quote-1")
    customer_links = page.find(id="customer-quote").find_next("p", class_="quote-share")
    assert any("customer-quote" in unquote(a["href"]) for a in customer_links.find_all("a"))


def test_printable_card_page_has_a_qr_code_of_the_canonical_url(make_site, wom):
    story = post("Card me", "2026-02-01", slug="card-me", customer='{name: "Ana", quote: "Lovely people", approved: 2026-01-01}')
    out = build(make_site, wom, {"content/stories/c.md": story})
    card = soup(out / "stories/card-me/card/index.html")
    assert meta_property(card, "robots") == "noindex"
    assert card.find("h1").get_text() == "Card me" and "Lovely people" in card.get_text()
    assert decode_qr_svg(card.find("svg")) == ["https://example.org/stories/card-me/"]


def decode_qr_svg(svg) -> list[str]:
    """The texts a QR decoder reads from the card's SVG, drawn 4 px a module (no browser needed)."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp (in the test extra) decodes QR codes")
    from PIL import Image, ImageDraw

    size = int(svg["viewbox"].split()[2])
    image = Image.new("L", (size * 4, size * 4), 255)
    draw = ImageDraw.Draw(image)
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)", svg.find("path")["d"]):
        x, y, width = int(x) * 4, int(y) * 4, int(width) * 4
        draw.rectangle((x, y, x + width - 1, y + 3), fill=0)
    return [result.text for result in zxingcpp.read_barcodes(image)]



def test_home_page_has_website_organization_and_local_business(make_site, wom):
    config = BASIC_SITE + 'business:\n  name: "Spoke & Kettle"\n  phone: "+1 555 0142"\n  opening_hours: ["Tu-Fr 08:00-18:00"]\n'
    out = build(make_site, wom, {"content/tips/t.md": post("T", "2026-02-01")}, config)
    home = soup(out / "index.html")
    types = {i["@type"] for i in json_ld(home)}
    assert {"WebSite", "Organization", "LocalBusiness"} <= types
    assert meta_property(home, "og:type") == "website"
    assert "Spoke & Kettle" in home.find("footer").get_text()


def test_wom_check_reports_errors_and_json(make_site, wom):
    site = make_site({"content/tips/t.md": post("T", "2020-02-01", body="See [nowhere](/nowhere/).\n\n<img src='/x.png'>")},
                     config=BASIC_SITE.replace("https://example.org/", "http://example.org/"))
    result = wom("check", "--source", str(site))
    assert result.returncode == 1
    assert "tips/t/index.html: broken internal link: /nowhere/" in result.stdout
    assert "image(s) without alt text" in result.stdout
    assert "is not https" in result.stdout and "days old" in result.stdout
    data = json.loads(wom("check", "--source", str(site), "--format", "json", "--no-build").stdout)
    assert data["errors"] >= 2 and any(f["message"].startswith("broken internal link") for f in data["findings"])


def test_wom_check_passes_a_clean_site_with_warnings_only(make_site, wom):
    site = make_site({"content/tips/t.md": post("A tip", "2999-01-01", description="A practical tip about keeping your bike chain clean through the winter months.")})
    result = wom("check", "--source", str(site), "--future")
    assert result.returncode == 0, result.stdout
    assert "0 error(s)" in result.stdout


def _local(out, url):
    return out / url.removeprefix("https://example.org/")


def test_generated_social_cards_are_real_images_named_by_content(make_site, wom):
    from PIL import Image

    site = make_site({"content/stories/x.md": post("Cards for everyone", "2026-02-01", slug="x",
                                                    customer='{name: "Zoë", quote: "Great", approved: 2026-01-01}')})
    wom("build", "--source", str(site), check=True)
    out = site / "output"
    page = soup(out / "stories/x/index.html")
    url = meta_property(page, "og:image")
    assert url.startswith("https://example.org/cards/") and meta_property(page, "twitter:image") == url
    card = _local(out, url)
    assert card.stat().st_size < 300_000
    with Image.open(card) as image:
        assert image.size == (1200, 630)
        assert image.format.lower() in meta_property(page, "og:image:type")
    assert (meta_property(page, "og:image:width"), meta_property(page, "og:image:height")) == ("1200", "630")
    assert meta_property(soup(out / "index.html"), "og:image").startswith("https://example.org/cards/home.")
    # an edit to what the card shows gives a new URL; the old card is gone
    (site / "content/stories/x.md").write_text(post("Cards, renamed", "2026-02-01", slug="x",
                                                    customer='{name: "Zoë", quote: "Great", approved: 2026-01-01}'))
    wom("build", "--source", str(site), check=True)
    new_url = meta_property(soup(out / "stories/x/index.html"), "og:image")
    assert new_url != url and _local(out, new_url).is_file() and not card.exists()


def test_cards_off_uses_the_default_image_and_own_images_win(make_site, wom):
    config = BASIC_SITE + "share:\n  cards: false\n  image: images/share.png\n"
    site = make_site({
        "static/images/share.png": png(1200, 630),
        "content/tips/a.md": post("A", "2026-02-01"),
        "content/tips/b.md": post("B", "2026-02-01", image="small.png", image_alt="A blue square"),
        "content/tips/small.png": png(300, 200),
    }, config=config)
    result = wom("build", "--source", str(site), check=True)
    out = site / "output"
    assert not (out / "cards").exists()
    assert meta_property(soup(out / "tips/a/index.html"), "og:image") == "https://example.org/images/share.png"
    b = soup(out / "tips/b/index.html")
    assert meta_property(b, "og:image") == "https://example.org/tips/small.png"
    assert (meta_property(b, "og:image:width"), meta_property(b, "og:image:alt")) == ("300", "A blue square")
    assert "content/tips/b.md: warning: image small.png: is 300x200" in result.stderr


def test_a_card_title_no_font_can_draw_is_reported_not_boxed(make_site, wom):
    site = make_site({"content/tips/e.md": post("Bikes 🫠 forever", "2026-02-01")})
    result = wom("build", "--source", str(site), check=True)
    assert "content/tips/e.md: warning: social card: no installed font draws 🫠" in result.stderr
