"""The theme speaks the site's language: every reader-visible string through gettext, CLDR dates,
shipped catalogs complete, overrides in site.yaml, English with one warning for the rest."""

from __future__ import annotations

import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import Comment, Doctype
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from conftest import BASIC_SITE, REPO, post
from helpers import soup

LOCALES = REPO / "wom_site" / "locales"
CATALOGS = sorted(LOCALES.glob("*/LC_MESSAGES/wom.po"))

# Every word of this site is Cyrillic, so any Latin letter on its pages is the theme's or the build's.
CYRILLIC_SITE = """\
title: "Пекарня Роза"
description: "Истории наших покупателей."
base_url: "https://example.org/shop/blog/"
timezone: UTC
author: "Роза"
language: {language}
business:
  name: "Пекарня Роза"
  address: "улица Ленина, 5"
  map_url: "https://www.openstreetmap.org/"
stories:
  page_size: 1
taxonomies:
  tags:
    page_size: 1
"""

STORY_FIELDS = dict(tags=["хлеб"], description="Как мы испекли торт.",
                    customer='{name: "Анна", company: "Кафе Весна", quote: "Лучший хлеб в городе.", approved: 2026-01-01}',
                    outcome="Вернулась с друзьями")


def every_page_kind(language: str) -> dict[str, str]:
    body = "Текст истории.\n\n> [!quote]\n> Хлеб как у бабушки.\n"
    return {
        "site.yaml": CYRILLIC_SITE.format(language=language),
        "content/stories/one.md": post("Первая история", "2026-01-05", body, aliases="[/old/one/]", **STORY_FIELDS),
        "content/stories/two.md": post("Вторая история", "2026-01-06", body, author="Борис", updated="2026-01-09", **STORY_FIELDS),
        "content/tips/tip.md": post("Совет дня", "2026-01-07", "Совет.", tags=["хлеб"], description="Совет."),
        "content/pages/about.md": post("О нас", "2026-01-01", "Мы печём хлеб."),
    }


def build(make_site, wom, files: dict[str, str]) -> Path:
    site = make_site(files)
    result = wom("build", "--source", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def visible_texts(page) -> list[str]:
    """What a reader sees or hears: text, accessible names, titles, placeholders, share texts,
    what scripts show (data-copied...), and what a link preview shows (meta descriptions)."""
    for hidden in page.find_all(["script", "style"]):
        hidden.decompose()
    texts = [t for t in page.find_all(string=True) if not isinstance(t, (Doctype, Comment))]
    for tag in page.find_all(True):
        for name in ("aria-label", "title", "alt", "placeholder", "data-copied", "data-select", "data-invalid"):
            if tag.get(name):
                texts.append(tag[name])
        if tag.name == "meta" and (tag.get("name") in ("description", "twitter:title", "twitter:description", "twitter:image:alt")
                                   or tag.get("property") in ("og:title", "og:description", "og:image:alt", "article:section")):
            texts.append(tag["content"])
    return [str(t) for t in texts]


BRANDS = re.compile(r"WhatsApp|Facebook|LinkedIn|Telegram|Reddit|Bluesky|Threads|Hacker News|Mastodon|\bX\b|mastodon\.social")
URL = re.compile(r"https?://\S+|/\S*")


def untranslated(text: str) -> str:
    """What is left of `text` once pseudo-translated parts ([…], nested), URLs and brand names go."""
    while True:
        shorter = re.sub(r"\[[^][]*\]", "", text)
        if shorter == text:
            break
        text = shorter
    return re.sub(r"[^A-Za-z]+", " ", BRANDS.sub("", URL.sub("", text))).strip()


def test_every_page_kind_in_the_pseudo_locale_leaves_no_text_untranslated(make_site, wom):
    site = build(make_site, wom, every_page_kind("en-XA"))
    out = site / "output"
    pages = sorted(out.rglob("*.html"))
    kinds = {p.relative_to(out).as_posix() for p in pages}
    for expected in ("index.html", "stories/index.html", "stories/page/2/index.html", "stories/one/index.html",
                     "stories/one/card/index.html", "stories/one/kit/index.html", "tips/tip/index.html", "about/index.html",
                     "tags/khleb/index.html", "tags/khleb/page/2/index.html", "tags/index.html", "archive/index.html",
                     "customers/index.html", "share/mastodon/index.html", "404.html", "old/one/index.html", "search/index.html"):
        assert expected in kinds, (expected, sorted(kinds))
    leaks = {}
    for path in pages:
        left = [untranslated(t) for t in visible_texts(soup(path))]
        left = [t for t in left if t]
        if left:
            leaks[path.relative_to(out).as_posix()] = left
    assert not leaks, leaks
    # and the feeds' human text
    for feed in sorted((out / "feeds").rglob("*.xml")):
        title = ET.parse(feed).getroot().find("{http://www.w3.org/2005/Atom}title").text
        assert not untranslated(title), (feed, title)
    for feed in sorted((out / "feeds").rglob("*.json")):
        assert not untranslated(json.loads(feed.read_text(encoding="utf-8"))["title"])


def test_pseudo_locale_reaches_plural_forms_dates_and_share_labels(make_site, wom):
    site = build(make_site, wom, every_page_kind("en-XA"))
    page = soup(site / "output/stories/two/index.html")
    meta = page.select_one(".post-meta").get_text(" ", strip=True)
    assert "[%" not in meta and "min" not in meta
    assert "%(author)s" not in meta  # the author placeholder was filled
    links = [a["aria-label"] for a in page.select(".share a.share-button[aria-label]")]
    assert links and all(label.startswith("[") for label in links)


def german_site(extra: str = "") -> dict[str, str]:
    config = BASIC_SITE + "language: de\n" + extra
    return {
        "site.yaml": config,
        "content/stories/a.md": post("Brötchen am Sonntag", "2025-03-03", "Text.", tags=["brot"], description="Kurz.",
                                     customer='{name: "Anna", quote: "Bestes Brot.", approved: 2025-03-01}'),
        "content/tips/b.md": post("Teig ruhen lassen", "2025-03-04", " ".join(["Wort"] * 600), description="Tipp."),
    }


@pytest.mark.skipif(not (LOCALES / "de/LC_MESSAGES/wom.mo").is_file(), reason="no German catalog")
def test_a_german_site_speaks_german_with_cldr_dates(make_site, wom):
    site = build(make_site, wom, german_site())
    out = site / "output"
    story = soup(out / "stories/a/index.html")
    assert story.html["lang"] == "de" and story.html["dir"] == "ltr"
    assert story.select_one("time.dt-published").get_text() == "3. März 2025"
    assert story.select_one("time.dt-published")["datetime"].startswith("2025-03-03")  # machine dates stay ISO 8601
    assert story.select_one(".share-title").get_text() == "Weitersagen"
    assert story.select_one(".customer-quote p").get_text() == "„Bestes Brot.“"
    tip = soup(out / "tips/b/index.html")
    assert "3 Minuten Lesezeit" in tip.select_one(".post-meta").get_text()
    home = soup(out / "index.html")
    assert home.select_one("#stories-heading").get_text() == "Kundengeschichten"
    feed = ET.parse(out / "feeds/stories.xml").getroot()
    assert feed.find("{http://www.w3.org/2005/Atom}title").text == "Kundengeschichten · Test & Co"


def test_site_yaml_strings_override_the_theme_wording(make_site, wom):
    extra = 'strings:\n  "Pass it on": "Erzähl es weiter"\n  "%(num)s min read": {one: "eine Minute", other: "%(num)s Minuten"}\n'
    site = build(make_site, wom, german_site(extra))
    tip = soup(site / "output/tips/b/index.html")
    assert tip.select_one(".share-title").get_text() == "Erzähl es weiter"
    assert "3 Minuten" in tip.select_one(".post-meta").get_text()


def test_a_bad_override_is_a_clear_error(make_site, wom):
    site = make_site(german_site('strings:\n  "Pass it on": [a, b]\n'))
    result = wom("build", "--source", str(site))
    assert result.returncode == 1
    assert "site.yaml" in result.stderr and "strings" in result.stderr and "Traceback" not in result.stderr


def test_a_language_not_shipped_falls_back_to_english_with_one_warning(make_site, wom):
    site = make_site({**german_site(), "site.yaml": BASIC_SITE + "language: sw\n"})
    result = wom("build", "--source", str(site))
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert output.count("no translation of the theme for 'sw'") == 1, output
    story = soup(site / "output/stories/a/index.html")
    assert story.html["lang"] == "sw"
    assert story.select_one(".share-title").get_text() == "Pass it on"
    assert story.select_one("time.dt-published").get_text() == "3 Machi 2025"  # CLDR still knows its dates


def _messages(catalog) -> dict:
    return {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}


def _forms(string) -> tuple:
    return tuple(string) if isinstance(string, (list, tuple)) else (string,)


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _extracted_now(tmp_path: Path, monkeypatch) -> tuple[dict, dict]:
    spec = importlib.util.spec_from_file_location("i18n_script", REPO / "scripts" / "i18n.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    monkeypatch.chdir(REPO)  # locations are relative to the repository, as in the committed files
    script.extract(tmp_path / "wom.pot", tmp_path / "terminal.pot")
    return (_messages(read_po((tmp_path / "wom.pot").open("rb"))),
            _messages(read_po((tmp_path / "terminal.pot").open("rb"))))


def test_the_committed_templates_hold_every_marked_string(tmp_path, monkeypatch):
    """A string marked in the code but never extracted reaches no catalog: readers of every
    language would see it in English, and the completeness test below could not tell."""
    readers, terminal = _extracted_now(tmp_path, monkeypatch)
    committed = _messages(read_po((LOCALES / "wom.pot").open("rb")))
    committed_terminal = _messages(read_po((LOCALES / "terminal.pot").open("rb")))
    assert sorted(set(readers) ^ set(committed)) == [], (
        "a line the terminal prints: mark it with i18n.tell / tell_n / TN_, not _ or gettext (the terminal stays "
        "English); a string readers see: run python scripts/i18n.py all, then translate it in every wom.po")
    assert sorted(set(terminal) ^ set(committed_terminal)) == [], "run: python scripts/i18n.py extract"


def test_terminal_lines_stay_out_of_the_readers_catalog(tmp_path, monkeypatch):
    """docs/languages.md, "Who reads what": the terminal stays English, so its lines must not
    become strings every shipped language has to translate."""
    readers, terminal = _extracted_now(tmp_path, monkeypatch)
    assert "not published: %(what)s" in terminal and "Posting rhythm on %(day)s" in terminal
    assert "Details" in readers and "Updating the search index: results do not show your latest edits yet." in readers
    for line in ("not published: %(what)s", "Posting rhythm on %(day)s", "unknown front-matter key"):
        assert line in terminal and line not in readers, line


@pytest.mark.parametrize("po", CATALOGS, ids=[p.parent.parent.name for p in CATALOGS])
def test_every_shipped_catalog_is_complete_and_keeps_its_placeholders(po):
    template = _messages(read_po((LOCALES / "wom.pot").open("rb")))
    catalog = read_po(po.open("rb"))
    messages = _messages(catalog)
    assert catalog.num_plurals >= 1 and catalog.plural_expr
    problems = []
    for msgid, source in template.items():
        message = messages.get(msgid)
        if message is None or message.fuzzy:
            problems.append(f"missing or fuzzy: {msgid!r}")
            continue
        forms = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if isinstance(source.id, (list, tuple)) and len(forms) != catalog.num_plurals:
            problems.append(f"{msgid!r}: {len(forms)} plural forms, the language has {catalog.num_plurals}")
        wanted = set(PLACEHOLDER.findall(msgid if isinstance(source.id, str) else source.id[1]))
        for form in forms:
            if not form:
                problems.append(f"untranslated: {msgid!r}")
            elif set(PLACEHOLDER.findall(form)) - wanted or (isinstance(source.id, str) and set(PLACEHOLDER.findall(form)) != wanted):
                problems.append(f"{msgid!r}: placeholders {sorted(PLACEHOLDER.findall(form))} instead of {sorted(wanted)}")
    assert not problems, problems
    compiled = po.with_suffix(".mo")
    assert compiled.is_file(), f"{compiled} missing: run python scripts/i18n.py compile"
    mo = _messages(read_mo(compiled.open("rb")))
    stale = [msgid for msgid, message in messages.items()
             if msgid in template and (mo.get(msgid) is None or _forms(mo[msgid].string) != _forms(message.string))]
    assert not stale, f"{compiled} is older than its .po: run python scripts/i18n.py compile ({stale[:3]})"


@pytest.mark.parametrize("language, note, details, video", [
    ("de", "Hinweis", "Details", "▶ Das Video auf YouTube ansehen"),
    ("ja", "注記", "詳細", "▶ YouTubeで動画を見る"),
    ("ar", "ملاحظة", "التفاصيل", "▶ شاهد الفيديو على YouTube"),
])
def test_texts_a_conversion_writes_into_a_page_are_in_the_sites_language(make_site, wom, language, note, details, video):
    """A post brought from Hugo keeps its notes, folded details and videos; what the conversion
    writes for them (a note's heading, a summary, a link's text) is the reader's language."""
    body = ("{{% note %}}\nBring gloves.\n{{% /note %}}\n\n{{< details >}}\nThe long answer.\n{{< /details >}}\n\n"
            "{{< youtube dQw4w9WgXcQ >}}\n")
    site = build(make_site, wom, {"site.yaml": BASIC_SITE + f"language: {language}\n",
                                   "content/tips/gloves.md": post("Gloves", "2025-03-03", body)})
    page = soup(site / "output/tips/gloves/index.html")
    assert page.select_one(".admonition-title").get_text() == note
    assert page.select_one("details summary").get_text() == details
    assert video in [a.get_text() for a in page.select("a[href^='https://www.youtube']")]


def test_reading_time_counts_characters_in_japanese_and_words_elsewhere(make_site, wom):
    japanese = "今日はパン屋でとても美味しいパンを買いました。" * 70  # 1,610 characters, no spaces: about 3 minutes
    english = " ".join(["word"] * 700)  # about 3 minutes
    site = build(make_site, wom, {"site.yaml": BASIC_SITE + "language: ja\n",
                                   "content/tips/ja.md": post("パンの話", "2025-03-03", japanese),
                                   "content/tips/en.md": post("Bread", "2025-03-04", english)})
    for name in ("ja", "en"):
        meta = soup(site / f"output/tips/{name}/index.html").select_one(".post-meta").get_text()
        assert "3分で読めます" in meta, (name, meta)
    assert soup(site / "output/tips/ja/index.html").select_one("time.dt-published").get_text() == "2025年3月3日"


@pytest.mark.parametrize("language, expected", [("de", "de_DE"), ("en", "en_US"), ("pt-BR", "pt_BR"), ("zh-Hant", "zh_TW"),
                                                ("ar", "ar_SA"), ("ja", "ja_JP")])
def test_og_locale_follows_the_language(make_site, wom, language, expected):
    site = build(make_site, wom, {"site.yaml": BASIC_SITE + f"language: {language}\n",
                                   "content/tips/a.md": post("A", "2025-03-04", "Text.")})
    page = soup(site / "output/tips/a/index.html")
    assert page.find("meta", property="og:locale")["content"] == expected
    assert page.html["lang"] == language


def test_cjk_card_lines_never_start_with_closing_punctuation_nor_end_with_an_opening_bracket():
    from wom_site.share import cards

    tokens = [token for token, _ in cards._tokens("東京の「パン屋」で、焼きたてを買った。とても（本当に）美味しい！")]
    assert "".join(tokens) == "東京の「パン屋」で、焼きたてを買った。とても（本当に）美味しい！"
    assert not [t for t in tokens if t[0] in cards.NO_LINE_START], tokens
    assert not [t for t in tokens if t[-1] in cards.NO_LINE_END], tokens
    assert "「パ" in tokens and "屋」" in tokens and "た。" in tokens  # breaks stay possible everywhere else


def test_the_build_says_so_when_cards_cannot_shape_arabic(make_site, monkeypatch):
    from wom_site.build import BuildOptions, build
    from wom_site.share import cards

    files = {"site.yaml": BASIC_SITE + "language: ar\n", "content/tips/a.md": post("كيف تعجن العجين", "2025-03-04", "اعجن.")}
    site = make_site(files)
    result = build(BuildOptions(source=site, use_cache=False))
    assert not any("raqm" in p.message for p in result.warnings) or not cards.RAQM
    monkeypatch.setattr(cards, "RAQM", False)
    result = build(BuildOptions(source=site, use_cache=False))
    assert [p for p in result.warnings if "no raqm layout" in p.message], result.warnings


@pytest.mark.parametrize("language, menu", [("de", ["Geschichten", "Tipps", "Über uns"]), ("ar", ["القصص", "نصائح", "من نحن"]),
                                            ("ja", ["ストーリー", "ヒント", "私たちについて"])])
def test_a_site_from_wom_init_shows_no_english_theme_text_on_any_page_kind(tmp_path, wom, language, menu):
    site = tmp_path / "site"
    assert wom("init", "--language", language, str(site)).returncode == 0
    assert f"\nlanguage: {language}\n" in (site / "site.yaml").read_text(encoding="utf-8")
    result = wom("build", "--source", str(site))
    assert result.returncode == 0, result.stderr
    catalog = read_po((LOCALES / language / "LC_MESSAGES/wom.po").open("rb"))
    english = {m.id for m in catalog if isinstance(m.id, str) and m.id and m.string != m.id and "%" not in m.id and m.id != ":"}
    pages = sorted((site / "output").rglob("*.html"))
    assert len(pages) > 10
    found = {}
    for path in pages:
        page = soup(path)
        assert page.html["lang"] == language and page.html["dir"] == ("rtl" if language == "ar" else "ltr")
        if page.select(".site-nav"):  # wom init wrote the menu in the language
            assert [a.get_text() for a in page.select(".site-nav a")][-3:] == menu, path
        seen = {text.strip() for text in visible_texts(page)} & english
        if seen:
            found[path.relative_to(site / "output").as_posix()] = sorted(seen)
    assert not found, found


def test_the_preview_says_what_it_adds_in_the_site_language():
    from wom_site.i18n import translator
    from wom_site.serve.reload import page_snippet

    snippet = page_snippet(3, ["content/a.md:2: title: required"], "/stories/a/", translator("de"))
    assert "<h2>Erstellen fehlgeschlagen</h2>" in snippet and ">Teilen-Vorschau</a>" in snippet
    assert '"hint": "Korrigieren Sie die Datei' in snippet  # what the script shows when a later build fails
    assert "Build failed" not in snippet


def test_wom_init_refuses_a_language_that_is_not_a_tag_and_creates_nothing(tmp_path, wom):
    result = wom("init", "--language", "not a language", str(tmp_path / "site"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["--language: 'not a language' is not a language tag such as de, pt-BR or zh-Hant (nothing was created)"]
    assert not (tmp_path / "site").exists() and "Traceback" not in result.stderr


def _gettext_calls_inside_fstrings(tree) -> list[int]:
    import ast

    names = {"_", "gettext", "ngettext", "pgettext", "npgettext", "N_"}
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for call in ast.walk(node):
                if isinstance(call, ast.Call):
                    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
                    if name in names and call.args and isinstance(call.args[0], ast.Constant):
                        lines.append(call.lineno)
    return lines


def test_no_string_is_marked_inside_an_f_string_where_pybabel_cannot_see_it():
    """pybabel does not extract from f-strings: a string marked there is shown in English forever."""
    import ast

    found = {}
    for path in sorted((REPO / "wom_site").rglob("*.py")):
        lines = _gettext_calls_inside_fstrings(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            found[path.relative_to(REPO).as_posix()] = lines
    assert not found, found
    assert _gettext_calls_inside_fstrings(ast.parse("x = f\"{_('Thank you!')}\"")) == [1]  # the check sees one
