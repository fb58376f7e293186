"""The printable share card's QR code, read by a real decoder (zxing-cpp) the way people meet it:
printed on A6 paper (Chromium's PDF, rasterized) and on a phone's screen (375 px screenshot).

Sites are made with `wom init` and stories with `wom new`, with titles as people write them:
a 90-character English title, a Cyrillic one, and base_urls under a sub-path (one of them
Cyrillic, so the percent-encoding of the canonical URL is what the code must carry).
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from urllib.parse import urlsplit, unquote

import pytest

from browser import static_server
from conftest import run_wom
from helpers import meta_property, soup

zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp (in the test extra) decodes the QR codes")
pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 (in the test extra) rasterizes the printed card")

LONG_TITLE = "How Mara's corner bakery kept its sourdough starter alive through a three-week power outage"
CYRILLIC_TITLE = "Как мы за один день починили старый велосипед соседки"
QUOTE = ("The power was out for three weeks and they still baked every morning; my kids did not miss a single "
         "loaf, and the whole street came round for bread.")
PRINT_DPI = 300
MIN_MODULE_MM = 0.4

SITES = {
    # name: (base_url, titles)
    "root": ("https://example.org/", (LONG_TITLE, CYRILLIC_TITLE)),
    "subpath": ("https://example.org/shop/blog/", (LONG_TITLE,)),
    "cyrillic-path": ("https://example.org/магазин/блог/", (CYRILLIC_TITLE,)),
}


def publish(path: Path) -> None:
    """What a writer does before publishing a story `wom new` wrote: a customer who agreed."""
    text = path.read_text(encoding="utf-8").replace("draft: true", "draft: false")
    text = re.sub(r"date: .*", "date: 2026-01-05T10:00:00+00:00", text, count=1)
    text = text.replace('name: ""', 'name: "Mara Okafor"').replace("approved: ", "approved: 2026-01-02 ")
    text = text.replace('quote: ""', f'quote: "{QUOTE}"')
    path.write_text(text + "Mara kept the starter in a cool box and fed it by candlelight.\n", encoding="utf-8")


def make_site(root: Path, base_url: str, titles, extra_config: str = "") -> list[Path]:
    """A site as `wom init` makes it, at `base_url`, with a story per title as `wom new` writes it."""
    run_wom("init", str(root), check=True)
    config = root / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://example.com/", base_url) + extra_config,
                      encoding="utf-8")
    made = []
    for title in titles:
        before = set((root / "content/stories").glob("*.md"))
        run_wom("new", "story", title, "--source", str(root), check=True)
        (path,) = set((root / "content/stories").glob("*.md")) - before
        publish(path)
        made.append(path)
    run_wom("build", "--source", str(root), check=True)
    return made


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """name -> (output folder, base_url, [card page site paths])"""
    built = {}
    for name, (base_url, titles) in SITES.items():
        root = tmp_path_factory.mktemp(name) / "site"
        make_site(root, base_url, titles)
        output = root / "output"
        cards = sorted(str(p.parent.relative_to(output)) + "/" for p in output.glob("stories/*/card/index.html")
                       if "first-story" not in str(p))
        assert len(cards) == len(titles), cards
        built[name] = (output, base_url, cards)
    return built


def served_root(output: Path, base_url: str, tmp: Path) -> Path:
    """A folder where `output` sits at base_url's path, as the host serves it."""
    sub = unquote(urlsplit(base_url).path).strip("/")
    if not sub:
        return output
    root = tmp / "host"
    (root / sub).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(output, root / sub)
    return root


def card_cases(sites):
    for name, (output, base_url, cards) in sites.items():
        for card in cards:
            yield name, output, base_url, card


def decode(image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode]


def canonical_of(output: Path, card: str) -> str:
    story = soup(output / card.removesuffix("card/") / "index.html")
    return story.find("link", rel="canonical")["href"]


@pytest.mark.parametrize("site_name", list(SITES))
def test_printed_card_decodes_to_the_canonical_url(sites, browser, site_name, tmp_path):
    output, base_url, cards = sites[site_name]
    with static_server(served_root(output, base_url, tmp_path)) as origin:
        for card in cards:
            canonical = canonical_of(output, card)
            assert canonical.isascii(), "the canonical URL is percent-encoded"
            page = browser.new_page(viewport={"width": 375, "height": 740})
            try:
                page.goto(origin + urlsplit(base_url).path + card)
                page.emulate_media(media="print")
                pdf = page.pdf(prefer_css_page_size=True, print_background=True)
            finally:
                page.close()
            document = pdfium.PdfDocument(pdf)
            assert len(document) == 1, f"{card}: the card prints on one A6 page"
            width_mm = document[0].get_width() * 25.4 / 72
            assert round(width_mm) == 105
            image = document[0].render(scale=PRINT_DPI / 72).to_pil()
            assert decode(image) == [canonical], card
            module_mm = printed_module_mm(image, output / card / "index.html")
            assert module_mm >= MIN_MODULE_MM, f"{card}: {module_mm:.2f} mm a module"


def printed_module_mm(image, card_file: Path) -> float:
    """One module's printed size: the symbol's width on paper, as the decoder located its
    corners, over the number of modules the card page drew."""
    modules = int(float(soup(card_file).find("svg")["viewbox"].split()[2])) - 8
    result = next(iter(zxingcpp.read_barcodes(image)))
    left = min(result.position.top_left.x, result.position.bottom_left.x)
    right = max(result.position.top_right.x, result.position.bottom_right.x)
    return (right - left) / modules * 25.4 / PRINT_DPI


@pytest.mark.parametrize("site_name", list(SITES))
def test_card_on_a_phone_screen_decodes_to_the_canonical_url(sites, browser, site_name, tmp_path):
    from PIL import Image

    output, base_url, cards = sites[site_name]
    with static_server(served_root(output, base_url, tmp_path)) as origin:
        for card in cards:
            page = browser.new_page(viewport={"width": 375, "height": 740})
            try:
                page.goto(origin + urlsplit(base_url).path + card)
                shot = page.locator(".card-qr svg").screenshot()
            finally:
                page.close()
            assert decode(Image.open(io.BytesIO(shot))) == [canonical_of(output, card)], card


def test_card_page_points_at_the_story_and_stays_out_of_search(sites):
    output, base_url, cards = sites["subpath"]
    card = soup(output / cards[0] / "index.html")
    story_url = canonical_of(output, cards[0])
    assert card.find("link", rel="canonical")["href"] == story_url
    assert meta_property(card, "og:url") == story_url
    assert card.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_qr_svg_scales_by_its_viewbox_with_whole_modules_and_a_quiet_zone(sites):
    output, base_url, cards = sites["root"]
    svg = soup(output / cards[0] / "index.html").find("svg")
    x, y, width, height = (float(v) for v in svg["viewbox"].split())
    assert (x, y) == (0, 0) and width == height
    assert (width - 8 - 17) % 4 == 0, "whole modules: 17 + 4 * version, plus 4 on each side"
    assert svg.get("shape-rendering") == "crispEdges"
    path = svg.find("path")["d"]
    runs = [tuple(map(int, run)) for run in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", path)]
    assert "".join(f"M{x} {y}h{w}v1h-{w}z" for x, y, w in runs) == path, "only whole-module rectangles"
    assert min(x for x, _, _ in runs) == 4 and min(y for _, y, _ in runs) == 4, "a 4-module quiet zone"
    assert max(x + w for x, _, w in runs) == width - 4 and max(y for _, y, _ in runs) == height - 5


def print_and_decode(browser, url: str) -> list[str]:
    page = browser.new_page(viewport={"width": 375, "height": 740})
    try:
        page.goto(url)
        page.emulate_media(media="print")
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    return decode(pdfium.PdfDocument(pdf)[0].render(scale=PRINT_DPI / 72).to_pil())


def test_short_links_are_encoded_and_redirect_on_every_host(tmp_path, browser):
    root = tmp_path / "site"
    base_url = "https://example.org/shop/blog/"
    (story,) = make_site(root, base_url, (LONG_TITLE,), "hosting:\n  netlify: true\n")
    config = root / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("  cards: true", "  cards: true\n  short_links: true"),
                      encoding="utf-8")
    run_wom("build", "--source", str(root), check=True)
    output = root / "output"
    card = f"stories/{story.stem}/card/"
    canonical = canonical_of(output, card)
    with static_server(served_root(output, base_url, tmp_path)) as origin:
        (short_url,) = print_and_decode(browser, origin + "/shop/blog/" + card)
    assert re.fullmatch(r"https://example\.org/shop/blog/s/[0-9a-f]{3,}/", short_url), short_url
    assert len(short_url) < len(canonical) / 3
    # every host: a redirect page at the short path; Netlify and Cloudflare: a real 301 as well
    short_path = urlsplit(short_url).path.removeprefix("/shop/blog/")
    redirect = soup(output / short_path / "index.html")
    assert redirect.find("link", rel="canonical")["href"] == canonical
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={canonical}"
    rules = (output / "_redirects").read_text(encoding="utf-8").splitlines()
    assert f"/shop/blog/{short_path} {urlsplit(canonical).path} 301!" in rules
    # the card's printed text is what it encodes, and the card page still points at the story
    card_page = soup(output / card / "index.html")
    assert card_page.find(class_="card-url").get_text() == short_url
    assert card_page.find("link", rel="canonical")["href"] == canonical


def test_short_links_stay_put_when_newer_posts_take_a_clashing_prefix(make_site, wom):
    import hashlib

    from conftest import BASIC_SITE, post, write_files

    def digest(slug):
        return hashlib.sha256(f"tips/{slug}/".encode()).hexdigest()

    first = digest("p0")[:3]
    clash = next(f"p{i}" for i in range(1, 100_000) if digest(f"p{i}")[:3] == first)
    site = make_site({"content/tips/old.md": post("Old", "2026-01-01", slug="p0")},
                     BASIC_SITE + "share:\n  short_links: true\n")
    wom("build", "--source", str(site), check=True)
    old_card = soup(site / "output/tips/p0/card/index.html").find(class_="card-url").get_text()
    assert old_card == f"https://example.org/s/{first}/"
    write_files(site, {"content/tips/new.md": post("New", "2026-02-01", slug=clash)})
    wom("build", "--source", str(site), check=True)
    assert soup(site / "output/tips/p0/card/index.html").find(class_="card-url").get_text() == old_card
    new_card = soup(site / f"output/tips/{clash}/card/index.html").find(class_="card-url").get_text()
    assert new_card == f"https://example.org/s/{digest(clash)[:4]}/"
    assert soup(site / f"output/s/{digest(clash)[:4]}/index.html").find("link", rel="canonical")["href"] == \
        f"https://example.org/tips/{clash}/"


def test_wom_check_warns_when_a_url_is_too_long_to_print(make_site, wom):
    from conftest import BASIC_SITE, post

    long_base = "https://example.org/" + "/".join(["branch-office-directory-of-the-northern-region"] * 18) + "/"
    site = make_site({"content/tips/t.md": post("Tyres", "2026-01-01", slug="tyres",
                                                 description="How hard to pump your tyres for winter roads, and why.")},
                     BASIC_SITE.replace("https://example.org/", long_base))
    result = wom("check", "--source", str(site))
    lines = [line for line in result.stdout.splitlines() if "QR code" in line]
    assert len(lines) == 1 and lines[0].startswith("tips/tyres/card/index.html: warning:"), result.stdout
    assert "mm a module" in lines[0] and "short_links" in lines[0]
    fine = make_site({"content/tips/t.md": post("Tyres", "2026-01-01", slug="tyres")}, BASIC_SITE, name="fine")
    assert "QR code" not in wom("check", "--source", str(fine)).stdout
