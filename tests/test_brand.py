"""The business's colours and marks: site.yaml's brand on a site made with `wom init`, read back
as a visitor's browser computes it (Chromium at 375 and 1280 px, light and dark), and the icons
and manifest a phone asks for, parsed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PIL import Image

from browser import axe_source, axe_violations, static_server
from conftest import run_wom
from helpers import png, soup

GREEN, GOLD = "#2e7d32", "#f2b134"
PALE_YELLOW = "#f2d024"  # too light for text on white: links need a darker shade


def contrast(a, b) -> float:
    """WCAG 2 contrast ratio of two (r, g, b) colours: written here again, not imported, so the
    test checks the build's arithmetic rather than repeating it."""
    def lum(c):
        def lin(v):
            s = v / 255
            return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
        return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def css_rgb(value: str):
    numbers = re.findall(r"[\d.]+", value)
    return tuple(round(float(n)) for n in numbers[:3])


def hex_rgb(value: str):
    return tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))


def make_site(root: Path, brand_yaml: str, files: dict[str, bytes] | None = None) -> tuple[Path, str]:
    """`wom init`, then the brand lines added to its site.yaml; built. Returns (output, build's stderr)."""
    run_wom("init", str(root), check=True)
    config = root / "site.yaml"
    text = re.sub(r"(?m)^brand:\n(  .*\n)*", "", config.read_text(encoding="utf-8"))  # wom init's own brand: replaced
    config.write_text(text + brand_yaml, encoding="utf-8")
    for rel, data in (files or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    result = run_wom("build", "--source", str(root), check=True)
    return root / "output", result.stderr


@pytest.fixture(scope="module")
def green(tmp_path_factory):
    return make_site(tmp_path_factory.mktemp("green") / "greenway-bikes", f"brand:\n  color: \"{GREEN}\"\n  accent: \"{GOLD}\"\n")


@pytest.fixture(scope="module")
def yellow(tmp_path_factory):
    """An existing site's share.theme_color, no brand: section: it must colour the site too."""
    root = tmp_path_factory.mktemp("yellow") / "sunny-cafe"
    run_wom("init", str(root), check=True)
    config = root / "site.yaml"
    text = re.sub(r"(?m)^brand:\n(  .*\n)*", "", config.read_text(encoding="utf-8"))  # as before brand: existed
    config.write_text(text.replace("share:\n", f'share:\n  theme_color: "{PALE_YELLOW}"\n'), encoding="utf-8")
    result = run_wom("build", "--source", str(root), check=True)
    return root / "output", result.stderr


COLOURS_JS = """() => {
  const css = (selector, property) => getComputedStyle(document.querySelector(selector))[property];
  const link = document.querySelector('.more a');
  link.focus();
  return {
    body: css('body', 'backgroundColor'),
    surface: css('.post-item', 'backgroundColor'),
    link: getComputedStyle(link).color,
    focus: getComputedStyle(link).outlineColor,
    header: css('.site-header', 'borderTopColor'),
    card: css('.post-item', 'borderTopColor'),
    hero: css('.hero', 'backgroundColor'),
    heroText: css('.hero', 'color'),
  };
}"""


def computed_colours(browser, origin: str, width: int, scheme: str) -> dict:
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page.goto(origin + "/")
        page.keyboard.press("Tab")  # focus-visible needs a keyboard user
        return {k: css_rgb(v) for k, v in page.evaluate(COLOURS_JS).items()}
    finally:
        page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_brand_colours_the_site_in_light_mode(green, browser, width):
    output, _ = green
    with static_server(output) as origin:
        colours = computed_colours(browser, origin, width, "light")
    for role in ("link", "focus", "header", "card", "hero"):
        assert colours[role] == hex_rgb(GREEN), role
    assert contrast(colours["heroText"], colours["hero"]) >= 4.5


@pytest.mark.parametrize("width", [375, 1280])
def test_dark_mode_keeps_every_brand_role_readable(green, browser, width):
    output, _ = green
    with static_server(output) as origin:
        colours = computed_colours(browser, origin, width, "dark")
    assert sum(colours["body"]) < 150, "dark"
    for background in ("body", "surface"):
        assert contrast(colours["link"], colours[background]) >= 4.5
        assert contrast(colours["focus"], colours[background]) >= 3
    assert contrast(colours["heroText"], colours["hero"]) >= 4.5
    red, green_, blue = colours["link"]
    assert green_ > red and green_ > blue, "a shade of the brand's green, not the theme's blue"


def test_a_brand_colour_too_pale_for_text_gets_a_passing_shade_and_one_message(yellow, browser):
    output, stderr = yellow
    messages = [line for line in stderr.splitlines() if "too little contrast" in line]
    assert len(messages) == 1 and messages[0].startswith("site.yaml: warning: share.theme_color"), stderr  # the key it came from
    assert PALE_YELLOW in messages[0] and "links" in messages[0], stderr
    with static_server(output) as origin:
        light = computed_colours(browser, origin, 375, "light")
    assert light["header"] == hex_rgb(PALE_YELLOW), "the band shows the colour itself"
    assert contrast(light["link"], light["body"]) >= 4.5 and contrast(light["link"], light["surface"]) >= 4.5
    assert contrast(light["focus"], light["body"]) >= 3
    assert contrast(light["heroText"], light["hero"]) >= 4.5
    red, green_, blue = light["link"]
    assert red > blue and green_ > blue, "a darker yellow, not another hue"


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_branded_pages_are_clean_for_axe(yellow, green, browser, width, scheme):
    axe = axe_source()
    for output, _ in (yellow, green):
        with static_server(output) as origin:
            for path in ("/", "/stories/first-story/", "/stories/first-story/card/"):
                page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
                try:
                    page.goto(origin + path)
                    assert axe_violations(page, axe) == [], f"{output.parent.name}{path} {width}px {scheme}"
                finally:
                    page.close()


def test_monogram_icons_and_manifest(green):
    output, _ = green
    home = soup(output / "index.html")
    rels = [(" ".join(link["rel"]), link["href"]) for link in home.find_all("link")]
    for rel, name in (("icon", "favicon.ico"), ("icon", "favicon.svg"), ("apple-touch-icon", "apple-touch-icon.png"),
                      ("manifest", "site.webmanifest")):
        assert (rel, "/" + name) in rels, name
    with Image.open(output / "favicon.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48)} <= set(ico.info["sizes"])
        ico.size = (48, 48)
        assert ico.convert("RGB").getpixel((2, 2)) == hex_rgb(GREEN)
    for name, size in (("apple-touch-icon.png", 180), ("icon-192.png", 192), ("icon-512.png", 512)):
        with Image.open(output / name) as icon:
            assert icon.size == (size, size) and icon.mode == "RGB", name  # opaque
            assert icon.getpixel((4, 4)) == hex_rgb(GREEN)
            assert _has_letter(icon), name
    svg = soup(output / "favicon.svg")
    assert svg.find("rect")["fill"] == GREEN and svg.find("path")["d"]
    manifest_href = home.find("link", rel="manifest")["href"]
    manifest = json.loads((output / manifest_href.lstrip("/")).read_text(encoding="utf-8"))
    assert manifest["theme_color"] == GREEN and manifest["name"] == "Greenway Bikes"
    assert manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert (output / icon["src"]).is_file()
    assert home.find("meta", attrs={"name": "theme-color"})["content"] == GREEN


def _has_letter(icon) -> bool:
    """The monogram's letter: pixels of another colour than the brand inside the icon."""
    colours = {icon.getpixel((x, icon.height // 2)) for x in range(icon.width // 4, icon.width * 3 // 4)}
    return len(colours) > 1


def test_icons_from_a_logo_and_the_social_cards_wear_the_brand(tmp_path):
    logo = png(300, 300, "#c0392b")
    output, _ = make_site(tmp_path / "red-door", 'brand:\n  color: "#2e7d32"\n  logo: "logo.png"\n',
                          {"static/logo.png": logo})
    with Image.open(output / "icon-512.png") as icon:
        assert icon.getpixel((256, 256)) == (0xc0, 0x39, 0x2b), "the logo, centred"
        assert icon.getpixel((3, 3)) == (255, 255, 255), "on an opaque white square"
    with Image.open(output / "favicon.ico") as ico:
        ico.size = (32, 32)
        assert ico.convert("RGB").getpixel((16, 16)) == (0xc0, 0x39, 0x2b)
    story = soup(output / "stories/first-story/index.html")
    card_url = story.find("meta", property="og:image")["content"]
    card = output / card_url.split("://", 1)[1].split("/", 1)[1]
    with Image.open(card) as image:
        assert image.convert("RGB").getpixel((600, 20)) == hex_rgb(GREEN), "the card's background is the brand colour"
    assert soup(output / "index.html").find("header").find("img")["src"].endswith(".png")


def test_a_site_s_own_favicon_wins(tmp_path):
    own = png(48, 48, "#123456", format="ICO")
    output, _ = make_site(tmp_path / "own-icon", "", {"static/favicon.ico": own})
    assert (output / "favicon.ico").read_bytes() == own
    assert (output / "icon-192.png").is_file()


def css_properties(css: str, selector_start: str) -> dict[str, str]:
    """The custom properties of the first rule whose selector starts with `selector_start`."""
    block = re.search(re.escape(selector_start) + r"[^{]*\{([^}]*)\}", css).group(1)
    return dict(re.findall(r"(--[\w-]+):\s*([^;]+);", block))


def built_css(output: Path, name: str) -> str:
    """A stylesheet as the home page links it (its name carries a content hash)."""
    href = next(link["href"] for link in soup(output / "index.html").find_all("link", rel="stylesheet")
                if f"/css/{name}." in link["href"])
    return (output / href.lstrip("/")).read_text(encoding="utf-8")


def test_pure_yellow_gets_shades_that_pass_in_the_built_css(tmp_path):
    """#ffff00 fails every text role on a light page (1.1:1 on white): the built CSS must carry
    shades that pass, read back from the files a browser loads, light and dark."""
    output, stderr = make_site(tmp_path / "yellow-taxi", 'brand:\n  color: "#ffff00"\n  accent: "#ffff00"\n')
    assert len([line for line in stderr.splitlines() if "too little contrast" in line]) == 1, stderr
    brand, site = built_css(output, "brand"), built_css(output, "site")
    schemes = {"light": (css_properties(site, ":root"), css_properties(brand, ":root")),
               "dark": (css_properties(site.split("prefers-color-scheme: dark")[1], ":root"),
                        css_properties(brand.split("prefers-color-scheme: dark")[1], ":root"))}
    for scheme, (theme, own) in schemes.items():
        for background in (theme["--bg"], theme["--surface"]):
            for role, needed in (("--brand", 4.5), ("--accent", 4.5), ("--focus", 3.0)):
                ratio = contrast(hex_rgb(own[role]), hex_rgb(background))
                assert ratio >= needed, f"{scheme} {role} {own[role]} on {background}: {ratio:.2f}"
        assert contrast(hex_rgb(own["--brand-text"]), hex_rgb(own["--brand-fill"])) >= 4.5, scheme
    assert schemes["light"][1]["--brand-fill"] == "#ffff00", "buttons and the band keep the yellow, with dark text"


def test_icons_and_manifest_under_a_sub_path_on_an_arabic_site(tmp_path):
    root = tmp_path / "rosa-ar"
    run_wom("init", str(root), check=True)
    config = root / "site.yaml"
    text = config.read_text(encoding="utf-8").replace('base_url: "https://example.com/"', 'base_url: "https://example.org/shop/blog/"')
    text = re.sub(r'(?m)^title: .*$', 'title: "مخبز روزا"', text).replace("language: en", "language: ar")
    config.write_text(text, encoding="utf-8")
    run_wom("build", "--source", str(root), check=True)
    output = root / "output"
    home = soup(output / "index.html")
    assert home.find("html")["dir"] == "rtl"
    links = {" ".join(link["rel"]): link["href"] for link in home.find_all("link") if "icon" in " ".join(link["rel"])
             or link["rel"] == ["manifest"]}
    assert all(href.startswith("/shop/blog/") for href in links.values()), links
    manifest_href = links["manifest"]
    manifest = json.loads((output / manifest_href.removeprefix("/shop/blog/")).read_text(encoding="utf-8"))
    assert manifest["name"] == "مخبز روزا" and manifest["start_url"] == manifest["scope"] == "/shop/blog/"
    for icon in manifest["icons"]:  # relative to the manifest's own URL, as browsers resolve them
        assert (output / manifest_href.removeprefix("/shop/blog/")).parent.joinpath(icon["src"]).is_file(), icon
    assert soup(output / "favicon.svg").find("path")["d"], "the monogram's letter, drawn as an outline"
    with Image.open(output / "icon-192.png") as icon:
        assert _has_letter(icon)
