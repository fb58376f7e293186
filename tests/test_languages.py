"""Multilingual sites: `languages:` in site.yaml, `post.de.md` beside `post.md` (or content/ja/...),
each language with its own home, lists, tags and feeds, translations linked both ways."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import post
from helpers import meta_property, soup

SITE = """\
title: "Spoke & Kettle"
description: "Stories from our riders."
base_url: "https://example.org/shop/"
timezone: UTC
language: en
languages:
  de: {title: "Spoke & Kettle Berlin", description: "Geschichten unserer Kundschaft."}
  ja:
    title: "スポーク＆ケトル"
    menu: [{title: "ストーリー", url: /ja/stories/}]
menu:
  - {title: Stories, url: /stories/}
"""

FILES = {
    "site.yaml": SITE,
    # English, German beside it (the convention wom writes), Japanese in Hugo's folder per language
    "content/stories/rosa.md": post("Rosa gets her van back", "2025-03-03", "English body.", tags=["vans"],
                                   description="How Rosa got her van back."),
    "content/stories/rosa.de.md": post("Rosa bekommt ihren Transporter zurück", "2025-03-03", "Deutscher Text.",
                                      tags=["transporter"], description="Wie Rosa ihren Transporter zurückbekam."),
    "content/ja/stories/rosa.md": post("ロサのバン", "2025-03-03", "日本語の本文。", description="ロサのバンの話。"),
    # a German post whose English original has another name: linked by translation_key
    "content/tips/chain.md": post("Chain care", "2025-03-04", "Oil it.", translation_key="chain-care"),
    "content/tips/kette-pflegen.de.md": post("Kette pflegen", "2025-03-04", "Ölen.", translation_key="chain-care"),
    # only in English
    "content/tips/only.md": post("Only in English", "2025-03-05", "Not translated."),
}
PREFIX = "https://example.org/shop/"


def build(make_site, wom, files=FILES) -> Path:
    site = make_site(files)
    result = wom("build", "--source", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site / "output"


def hreflangs(page) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)}


def test_every_translation_links_every_other_both_ways(make_site, wom):
    out = build(make_site, wom)
    versions = {"en": "stories/rosa/", "de": "de/stories/rosa/", "ja": "ja/stories/rosa/"}
    expected = {lang: PREFIX + path for lang, path in versions.items()} | {"x-default": PREFIX + "stories/rosa/"}
    for lang, path in versions.items():
        page = soup(out / path / "index.html")
        assert page.html["lang"] == lang
        assert hreflangs(page) == expected, path
        assert page.find("link", rel="canonical")["href"] == PREFIX + path
        switcher = page.select_one("nav.language-switcher")
        links = {a["lang"]: a["href"] for a in switcher.find_all("a")}
        assert links == {code: PREFIX + p for code, p in versions.items()}
        assert switcher.find("a", attrs={"aria-current": "page"})["lang"] == lang
        assert {a.get_text() for a in switcher.find_all("a")} == {"English", "Deutsch", "日本語"}
        others = {m["content"] for m in page.find_all("meta", property="og:locale:alternate")}
        assert meta_property(page, "og:locale") == {"en": "en_US", "de": "de_DE", "ja": "ja_JP"}[lang]
        assert others == {"en_US", "de_DE", "ja_JP"} - {meta_property(page, "og:locale")}
    german_tip = soup(out / "de/tips/kette-pflegen/index.html")
    assert hreflangs(german_tip) == {"en": PREFIX + "tips/chain/", "de": PREFIX + "de/tips/kette-pflegen/",
                                     "x-default": PREFIX + "tips/chain/"}


def test_each_language_has_its_own_home_lists_tags_and_feeds_in_its_language(make_site, wom):
    out = build(make_site, wom)
    home = soup(out / "de/index.html")
    assert home.html["lang"] == "de"
    assert home.select_one("h1").get_text() == "Spoke & Kettle Berlin"
    assert home.select_one("#stories-heading").get_text() == "Kundengeschichten"
    assert home.select_one(".brand")["href"] == "/shop/de/"
    assert [a["href"] for a in home.select(".site-nav a")] == ["/shop/de/stories/"]  # the default menu, in German's folder
    assert hreflangs(home)["x-default"] == PREFIX and hreflangs(home)["ja"] == PREFIX + "ja/"
    assert [a.get_text() for a in soup(out / "ja/index.html").select(".site-nav a")] == ["ストーリー"]
    stories = soup(out / "de/stories/index.html")
    assert [a.get_text() for a in stories.select(".post-item-title a")] == ["Rosa bekommt ihren Transporter zurück"]
    assert (out / "de/tags/transporter/index.html").is_file() and not (out / "de/tags/vans").exists()
    assert soup(out / "de/tags/index.html").select_one("h1").get_text() == "Schlagwörter"
    feed = ET.parse(out / "de/feeds/all.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    assert feed.find(f"{atom}title").text == "Spoke & Kettle Berlin"
    assert [e.find(f"{atom}title").text for e in feed.findall(f"{atom}entry")] == ["Kette pflegen", "Rosa bekommt ihren Transporter zurück"]
    assert ET.parse(out / "de/feeds/stories.xml").getroot().find(f"{atom}title").text == "Kundengeschichten · Spoke & Kettle Berlin"
    assert json.loads((out / "ja/feeds/all.json").read_text(encoding="utf-8"))["language"] == "ja"
    assert soup(out / "ja/stories/rosa/index.html").select_one("time.dt-published").get_text() == "2025年3月3日"


def test_a_post_without_a_translation_is_absent_from_the_other_languages(make_site, wom):
    out = build(make_site, wom)
    assert (out / "tips/only/index.html").is_file()
    for lang in ("de", "ja"):
        assert not (out / lang / "tips/only").exists()
        listed = (out / lang / "tips/index.html").read_text(encoding="utf-8") + (out / lang / "feeds/all.xml").read_text(encoding="utf-8")
        assert "Only in English" not in listed
        assert "Only in English" not in (out / lang / "index.html").read_text(encoding="utf-8")
    only = soup(out / "tips/only/index.html")
    assert hreflangs(only) == {} and only.select_one("nav.language-switcher") is None


def test_the_sitemap_lists_every_language_with_xhtml_alternates(make_site, wom):
    out = build(make_site, wom)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {u.find("s:loc", ns).text: u for u in ET.parse(out / "sitemap.xml").getroot().findall("s:url", ns)}
    assert {PREFIX + p for p in ("stories/rosa/", "de/stories/rosa/", "ja/stories/rosa/", "de/", "ja/tips/")} <= set(urls)
    links = {x.get("hreflang"): x.get("href") for x in urls[PREFIX + "ja/stories/rosa/"].findall("x:link", ns)}
    assert links == {"en": PREFIX + "stories/rosa/", "de": PREFIX + "de/stories/rosa/", "ja": PREFIX + "ja/stories/rosa/",
                     "x-default": PREFIX + "stories/rosa/"}
    assert urls[PREFIX + "tips/only/"].findall("x:link", ns) == []


def test_a_second_build_keeps_every_language_and_an_edit_reaches_its_translation(make_site, wom):
    site_out = build(make_site, wom)
    site = site_out.parent
    first = (site_out / "de/stories/rosa/index.html").read_text(encoding="utf-8")
    assert wom("build", "--source", str(site)).returncode == 0
    assert (site_out / "de/stories/rosa/index.html").read_text(encoding="utf-8") == first
    (site / "content/stories/rosa.de.md").write_text(
        post("Rosa bekommt ihren Transporter zurück", "2025-03-03", "Ein neuer Satz.", tags=["transporter"]), encoding="utf-8")
    assert wom("build", "--source", str(site)).returncode == 0
    assert "Ein neuer Satz." in (site_out / "de/stories/rosa/index.html").read_text(encoding="utf-8")
    assert "Ein neuer Satz." not in (site_out / "stories/rosa/index.html").read_text(encoding="utf-8")


def test_a_bad_language_is_a_clear_error(make_site, wom):
    site = make_site({**FILES, "site.yaml": SITE.replace("  ja:\n", "  'de DE': {}\n  ja:\n")})
    result = wom("build", "--source", str(site))
    assert result.returncode == 1
    assert "site.yaml:8: languages: 'de DE' must be a language tag" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


# en + de + ar under a sub-path: the files every language gets of its own, and links between languages
THREE = """\
title: "Spoke & Kettle"
description: "Stories from our riders."
base_url: "https://example.org/shop/blog/"
timezone: UTC
language: en
hosting: {netlify: true}
stories: {require_approval: true}
languages:
  de: {title: "Spoke & Kettle Berlin"}
  ar: {title: "سبوك وكيتل"}
"""
APPROVED = '{name: "Rosa Díaz", company: "Rosa’s Bakery", quote: "%s", approved: 2026-01-01}'
THREE_FILES = {
    "site.yaml": THREE,
    "content/stories/rosa.md": post("Rosa’s bike", "2026-01-05", "Read it [in German](rosa.de.md) or [in Arabic](rosa.ar.md); "
                                    "see [the tip](../tips/oil.md).", aliases="[/old/rosa/]", customer=APPROVED % "Fast."),
    "content/stories/rosa.de.md": post("Rosas Fahrrad", "2026-01-05", "Auf [Englisch](rosa.md), und [der Tipp](../tips/oil.md).",
                                       aliases="[/alt/rosa/]", customer=APPROVED % "Schnell."),
    "content/stories/rosa.ar.md": post("دراجة روزا", "2026-01-05", "[بالإنجليزية](rosa.md)", customer=APPROVED % "سريع."),
    "content/tips/oil.md": post("Oil your chain", "2026-01-06", "A drop of oil."),
}
BLOG = "https://example.org/shop/blog/"


def test_a_link_to_a_translation_or_another_languages_post_leads_there(make_site, wom):
    out = build(make_site, wom, THREE_FILES)
    links = lambda rel: {a.get_text(): a["href"] for a in soup(out / rel).select(".post-body a, .e-content a")}
    assert links("stories/rosa/index.html") == {"in German": "/shop/blog/de/stories/rosa/", "in Arabic": "/shop/blog/ar/stories/rosa/",
                                                "the tip": "/shop/blog/tips/oil/"}
    assert links("de/stories/rosa/index.html") == {"Englisch": "/shop/blog/stories/rosa/", "der Tipp": "/shop/blog/tips/oil/"}
    assert links("ar/stories/rosa/index.html") == {"بالإنجليزية": "/shop/blog/stories/rosa/"}
    checked = wom("check", "--source", str(out.parent))
    assert "broken" not in checked.stdout + checked.stderr, checked.stdout


def test_every_language_has_its_404_page_and_netlify_serves_it(make_site, wom):
    out = build(make_site, wom, THREE_FILES)
    for code, heading, home in (("", "Page not found", "/shop/blog/"), ("de/", "Seite nicht gefunden", "/shop/blog/de/"),
                                ("ar/", "الصفحة غير موجودة", "/shop/blog/ar/")):
        page = soup(out / f"{code}404.html")
        assert page.find("h1").get_text() == heading and page.html["lang"] == (code.strip("/") or "en")
        assert page.find("main").find("a", href=home), code
        assert meta_property(page, "robots") == "noindex"
    assert soup(out / "ar/404.html").html["dir"] == "rtl"
    rules = (out / "_redirects").read_text(encoding="utf-8").splitlines()
    assert "/shop/blog/old/rosa/ /shop/blog/stories/rosa/ 301!" in rules
    assert "/shop/blog/alt/rosa/ /shop/blog/de/stories/rosa/ 301!" in rules  # every language's old URLs
    assert rules[-2:] == ["/shop/blog/de/* /shop/blog/de/404.html 404", "/shop/blog/ar/* /shop/blog/ar/404.html 404"]
    assert "404.html" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    # Cloudflare Pages serves the nearest 404.html by itself, and takes no 404 rule
    cloudflare = make_site({**THREE_FILES, "site.yaml": THREE.replace("netlify: true", "cloudflare: true")}, name="cloudflare")
    assert wom("build", "--source", str(cloudflare)).returncode == 0
    assert " 404" not in (cloudflare / "output/_redirects").read_text(encoding="utf-8")


def test_index_json_and_share_kits_in_every_language(make_site, wom):
    out = build(make_site, wom, THREE_FILES)
    root = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert root["language"] == "en" and root["languages"] == {"en": BLOG + "index.json", "de": BLOG + "de/index.json",
                                                              "ar": BLOG + "ar/index.json"}
    assert [p["url"] for p in root["posts"]] == [BLOG + "tips/oil/", BLOG + "stories/rosa/"]
    german = json.loads((out / "de/index.json").read_text(encoding="utf-8"))
    assert german["language"] == "de" and "languages" not in german and german["home_page_url"] == BLOG + "de/"
    assert [(p["title"], p["url"]) for p in german["posts"]] == [("Rosas Fahrrad", BLOG + "de/stories/rosa/")]
    for code, kicker, direction in (("de/", "Paket zum Teilen", "ltr"), ("ar/", "حزمة المشاركة", "rtl"), ("", "Share kit", "ltr")):
        kit = soup(out / f"{code}stories/rosa/kit/index.html")
        assert kit.select_one(".kit-kicker").get_text() == kicker and kit.html["dir"] == direction
        assert kit.find("input", id="kit-url")["value"] == f"{BLOG}{code}stories/rosa/"
        story = soup(out / f"{code}stories/rosa/index.html")
        downloads = [a["href"] for a in kit.find_all("a", download=True)]
        assert downloads[:2] == [f"/shop/blog/{code}stories/rosa/kit/square.png", f"/shop/blog/{code}stories/rosa/kit/story.png"]
        assert meta_property(story, "og:image").endswith(downloads[2].removeprefix("/shop/blog/"))  # the language's own card
        assert all((out / href.removeprefix("/shop/blog/")).is_file() for href in downloads)
    assert kit_text(out, "de/").startswith("Spoke & Kettle Berlin hat unsere Geschichte erzählt: „Rosas Fahrrad“")
    assert not (out / "de/tips/oil").exists()
    message = wom("kit", "content/stories/rosa.de.md", "--source", str(out.parent)).stdout.splitlines()
    assert message[0] == BLOG + "de/stories/rosa/kit/" and message[2] == "Hallo Rosa,"
    assert wom("kit", "rosa", "--source", str(out.parent)).stdout.splitlines()[0] == BLOG + "stories/rosa/kit/"


def kit_text(out: Path, code: str) -> str:
    return soup(out / f"{code}stories/rosa/kit/index.html").find("textarea").get_text()


def test_short_links_of_each_language_live_under_its_folder(make_site, wom):
    """Two languages' versions of one post share a path within their language: their short
    links must not clash (the German one lives under de/s/...), and each leads to its own story."""
    out = build(make_site, wom, {**FILES, "site.yaml": SITE + "share:\n  short_links: true\n"})
    cards = {lang: soup(out / f"{prefix}stories/rosa/card/index.html").find(class_="card-url").get_text()
             for lang, prefix in (("en", ""), ("de", "de/"), ("ja", "ja/"))}
    assert cards["en"].startswith(PREFIX + "s/") and cards["de"].startswith(PREFIX + "de/s/"), cards
    assert cards["ja"].startswith(PREFIX + "ja/s/") and len(set(cards.values())) == 3, cards
    for lang, short in cards.items():
        redirect = soup(out / short.removeprefix(PREFIX) / "index.html")
        story = {"en": "stories/rosa/", "de": "de/stories/rosa/", "ja": "ja/stories/rosa/"}[lang]
        assert redirect.find("link", rel="canonical")["href"] == PREFIX + story, lang


def test_a_post_in_a_language_the_site_does_not_have_is_named_with_its_line(make_site, wom):
    """`lang: fr` on an English, German and Japanese site: the post is published in English, and
    the build says so at the key's line, once, in the one problem form; `lang: en-US` (the site's
    language with a region, as Jekyll sites write it) and `lang: de` say nothing."""
    files = dict(FILES)
    files["content/tips/fr.md"] = post("Entretien de la chaîne", "2025-03-06", "Huilez-la.", lang="fr")
    files["content/tips/us.md"] = post("Chain care, US", "2025-03-07", "Oil it.", lang="en-US")
    files["content/tips/de-by-key.md"] = post("Kette", "2025-03-08", "Ölen.", lang="de")
    site = make_site(files)
    result = wom("build", "--source", str(site))
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if "not one of the site's languages" in line]
    assert said == ["content/tips/fr.md:4: warning: lang: 'fr' is not one of the site's languages (en, de, ja); "
                    "the post is published in en"], result.stderr
    assert (site / "output/tips/fr/index.html").is_file()
    assert (site / "output/de/tips/de-by-key/index.html").is_file()
    again = wom("build", "--source", str(site))  # nothing changed: the warning is repeated, as every warning
    assert [line for line in again.stderr.splitlines() if "not one of the site's languages" in line] == said
