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
