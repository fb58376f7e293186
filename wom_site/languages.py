"""One site, several languages (Hugo's model, the one its users know).

site.yaml's `language:` is the default language, published at the root; `languages:` adds others,
each published under /<code>/ with its own home, lists, tags, archive and feeds:

    language: en
    languages:
      de: {title: "Spoke & Kettle Berlin", description: "…"}

A translation is a file beside the original with the language before the suffix
(`content/stories/rosa.de.md` translates `content/stories/rosa.md`); sites laid out the other
Hugo way, one folder per language (`content/de/stories/rosa.md`), are read as well. Translations
share a key: the file's path without its language, or front matter `translation_key`. A post
without a translation is absent from the other languages: never shown with a foreign theme.
"""

from __future__ import annotations

import dataclasses
import functools
import posixpath
import re
from dataclasses import dataclass

from wom_site.config import MenuItem, SiteConfig
from wom_site.content import Entry, slugify
from wom_site.i18n import og_locale, parse_locale
from wom_site.pages import LazyJob, PageJob
from wom_site.site import assemble, entry_site_paths

JEKYLL_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


@dataclass(frozen=True)
class Alternate:
    """One language's version of a page: the hreflang link and the language switcher's entry."""

    language: str  # BCP 47 tag (hreflang, lang)
    name: str  # the language's name in itself: "Deutsch", "日本語"
    url: str  # absolute
    current: bool  # the version the page itself is
    default: bool  # the site's default language (x-default)

    @property
    def og_locale(self) -> str:
        return og_locale(self.language)


def codes(config: SiteConfig) -> list[str]:
    """Every language of the site, the default first."""
    return [config.language] + [code for code in config.languages if code != config.language]


def prefix(config: SiteConfig, code: str) -> str:
    """Where a language's pages live: the default at the root, the others under "<code>/"."""
    return "" if code == config.language else f"{code.lower()}/"


def language_name(code: str) -> str:
    locale = parse_locale(code)
    name = locale.get_display_name(locale) if locale else None
    return (name[:1].upper() + name[1:]) if name else code


def entry_language(entry: Entry, config: SiteConfig) -> tuple[str, str, str]:
    """(language, translation key, slug) of an entry: from `rosa.de.md`, from content/de/...,
    or front matter `lang`; the slug loses the language suffix the file name gave it."""
    known = {code.lower(): code for code in codes(config)}
    path = entry.source.removeprefix("content/")
    language = None
    first, _, rest = path.partition("/")
    if rest and first.lower() in known:
        language, path = known[first.lower()], rest
    folder, name = posixpath.split(path)
    stem, _, suffix = name.rpartition(".")
    base, dot, tail = stem.rpartition(".")
    slug = entry.slug
    if dot and tail.lower() in known:
        language = known[tail.lower()]
        if slug in (slugify(stem), slugify(JEKYLL_PREFIX.sub("", stem))):  # not set in front matter
            slug = slugify(JEKYLL_PREFIX.sub("", base)) or slug
        stem = base
    given = given_language(entry)[1]
    if isinstance(given, str) and given.lower() in known:
        language = known[given.lower()]
    key = entry.extra.get("translation_key") or entry.extra.get("translationKey")
    key = str(key) if isinstance(key, int) and not isinstance(key, bool) else key  # translationKey = 12 (TOML)
    if not isinstance(key, str) or not key:
        key = posixpath.join(folder, stem)
    return language or config.language, f"{entry.kind}:{key}", slug


def given_language(entry: Entry) -> tuple[str, object]:
    """The front-matter key that names a post's language (`lang`, else `language`) and its value
    (None when neither is given)."""
    for key in ("lang", "language"):
        if entry.extra.get(key):
            return key, entry.extra[key]
    return "lang", None


def split_entries(entries: list[Entry], config: SiteConfig) -> dict[str, list[Entry]]:
    """Each language's entries (slugs without the language suffix)."""
    groups: dict[str, list[Entry]] = {code: [] for code in codes(config)}
    for entry in entries:
        language, key, slug = entry_language(entry, config)
        extra = entry.extra if entry.extra.get("translation_key") == key else {**entry.extra, "translation_key": key}
        groups[language].append(dataclasses.replace(entry, slug=slug, extra=extra))
    return groups


def language_config(config: SiteConfig, code: str) -> SiteConfig:
    """The site as one of its languages sees it: its title, description, menu and wording."""
    if code == config.language:
        return config
    own = config.languages[code]
    return dataclasses.replace(
        config, language=code, title=own.title or config.title, description=own.description or config.description,
        strings=own.strings, menu=own.menu or [_under(item, prefix(config, code)) for item in config.menu],
        # collection titles from site.yaml are in the default language: the theme's translation instead
        stories=dataclasses.replace(config.stories, title=own.stories_title),
        tips=dataclasses.replace(config.tips, title=own.tips_title),
    )


def _under(item: MenuItem, folder: str) -> MenuItem:
    """The default menu in another language: its site links lead to that language's pages."""
    if "://" in item.url or item.url.startswith(("mailto:", "tel:", "#")):
        return item
    return MenuItem(item.title, "/" + folder + item.url.lstrip("/"))


def link_translations(sites: dict) -> None:
    """Give every post and page the Alternates of its translations (itself included), by key."""
    by_key: dict[str, list] = {}
    for code, site in sites.items():
        for page in site.everything:
            by_key.setdefault(page.entry.extra["translation_key"], []).append((code, page))
    default = next(iter(sites))
    for versions in by_key.values():
        if len(versions) < 2:
            continue
        for code, page in versions:
            page.translations = tuple(Alternate(c, language_name(c), p.canonical, p is page, c == default)
                                      for c, p in versions)


def generated_alternates(sites: dict, jobs: dict) -> None:
    """Give each generated page (home, lists, tags index, archive...) the Alternates of the same
    page in the other languages: the page at the same path under each language's prefix."""
    default = next(iter(sites))
    by_path: dict[str, list] = {}
    for code, site in sites.items():
        for job in jobs[code]:
            if hasattr(job, "context") and "page" not in job.context and job.output.startswith(site.prefix):
                by_path.setdefault(job.output[len(site.prefix):], []).append((code, site, job))
    for versions in by_path.values():
        if len(versions) < 2:
            continue
        for code, site, job in versions:
            alternates = tuple(Alternate(c, language_name(c), s.urls.absolute(j.output.removesuffix("index.html")), j is job,
                                         c == default) for c, s, j in versions)
            job.context["alternates"] = alternates
            job.meta.properties += [("og:locale:alternate", a.og_locale) for a in alternates if not a.current]


def assemble_all(entries: list[Entry], bodies: dict, config: SiteConfig, now, known_files: set[str], awaiting: list[Entry],
                 related_memo: dict | None) -> tuple[dict, list]:
    """One Site per language (the default's first), translations linked both ways."""
    groups = split_entries(entries, config)
    paths = _site_paths(groups, config)
    sites, problems = {}, []
    for code in codes(config):
        default = code == config.language
        elsewhere = {source: path for other, found in paths.items() if other != code for source, path in found.items()}
        site, more = assemble(groups[code], bodies, language_config(config, code), now, known_files,
                              awaiting if default else [], related_memo if default else None, prefix(config, code), elsewhere)
        sites[code] = site
        problems += more
    link_translations(sites)
    return sites, problems


def _site_paths(groups: dict[str, list[Entry]], config: SiteConfig) -> dict[str, dict[str, str]]:
    """Each language's posts, source -> site path: a link from a post to its translation (or to
    another language's post) leads there instead of being a broken link. Problems (two posts on
    one URL) are assemble's to report."""
    if len(groups) < 2:
        return {}
    return {code: entry_site_paths(entries, language_config(config, code), [], prefix(config, code))
            for code, entries in groups.items()}


@dataclass(frozen=True)
class Voice:
    """A language other than the default, as generators of pages and files need it: its site,
    its pages' share images, and the `site` dict its templates read (translations.py makes it)."""

    code: str
    site: object  # site.Site
    images: object  # pages.PageImages
    site_globals: dict

    def speak(self, job):
        """`job` (a page planned for this language's site) rendered in this language."""
        return speaking(job, self.speech)

    @functools.cached_property
    def speech(self) -> Speech:  # one a language, so a page's key walks it once a build
        return Speech(self.code, self.site.i18n.direction, self.site_globals)


def speaking(job, speech: Speech):
    """A page of another language: its context names the language (templates.Environment.speak)
    and carries that language's `site` (title, menu, URLs), which templates read over the global."""
    if isinstance(job, LazyJob):  # its key walks the speech too (it is one of the partial's arguments)
        return dataclasses.replace(job, plan=functools.partial(spoken, job.plan, speech))
    return _with(job, speech)


@dataclass(frozen=True)
class Speech:
    """What a page of another language is given: its language, direction and `site` dict."""

    language: str
    direction: str
    site_globals: dict


def spoken(plan: functools.partial, speech: Speech) -> PageJob:
    """A LazyJob's plan, in another language: the page `plan` makes, speaking it."""
    return _with(plan(), speech)


def _with(job: PageJob, speech: Speech) -> PageJob:
    job.context.update({"lang": speech.language, "dir": speech.direction, "site": speech.site_globals})
    return job
