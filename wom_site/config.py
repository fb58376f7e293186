"""site.yaml: typed, validated configuration.

Each section is a frozen dataclass; validation walks the dataclass fields, so the
dataclasses are the single description of every key, its type and its default.
Errors name the key and its line, and unknown keys get a "did you mean" suggestion
(config_reading.py walks the fields; config_values.py checks single values).
"""

from __future__ import annotations

import dataclasses
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from wom_site.config_values import (  # noqa: F401 - other modules read these names from config
    PLACEHOLDERS,
    PLURAL_CATEGORIES,
    _check_base_url,
    _check_color,
    _check_coordinate,
    _check_folder_name,
    _check_handle,
    _check_highlight_style,
    _check_hours,
    _check_interval,
    _check_language,
    _check_menu_url,
    _check_permalink,
    _check_strings,
    _check_timezone,
    _check_web_url,
    fediverse_handle,
)
from wom_site.config_reading import CONFIG_FILE, read_section
from wom_site.diagnostics import Problem
from wom_site.yamlload import YamlError, line_of, load_yaml


def _opt(default, check=None, **kwargs):
    if callable(default):
        return field(default_factory=default, metadata={"check": check}, **kwargs)
    return field(default=default, metadata={"check": check}, **kwargs)


def _section(factory):
    return field(default_factory=factory)


@dataclass(frozen=True)
class Social:
    x: str = ""  # handle, with or without @
    mastodon: str = ""  # @user@instance
    fediverse: str = _opt("", _check_handle)  # credited by Mastodon (fediverse:creator); default: mastodon
    bluesky: str = ""
    facebook: str = ""
    linkedin: str = ""
    threads: str = ""


@dataclass(frozen=True)
class Collection:
    title: str = ""
    permalink: str = _opt("", _check_permalink)
    template: str = ""
    page_size: int = 10
    require_approval: bool = True  # stories only: hold back stories without customer.approved


# A collection's title defaults to the theme's, in the site's language (Site.collection_title)
def _stories() -> Collection:
    return Collection( permalink="/stories/{slug}/", template="story.html")


def _tips() -> Collection:
    return Collection(permalink="/tips/{slug}/", template="tip.html", require_approval=False)


@dataclass(frozen=True)
class Taxonomy:
    permalink: str = _opt("/tags/{slug}/", _check_permalink)
    page_size: int = 20


@dataclass(frozen=True)
class Taxonomies:
    tags: Taxonomy = _section(Taxonomy)


@dataclass(frozen=True)
class MarkdownOptions:
    raw_html: bool = False  # trust authors' raw HTML fully (no sanitizing)
    smarty: bool = False  # curly quotes and dashes (doubles Markdown time)
    highlight_style: str = _opt("xcode", _check_highlight_style)
    highlight_dark_style: str = _opt("lightbulb", _check_highlight_style)
    heading_anchors: bool = True


@dataclass(frozen=True)
class Feeds:
    limit: int = 20  # newest entries per feed; 0 means all
    atom: bool = True
    json: bool = True


DEFAULT_NETWORKS = (
    "x", "facebook", "linkedin", "whatsapp", "telegram", "reddit", "bluesky",
    "threads", "hackernews", "mastodon", "email",
)


@dataclass(frozen=True)
class Share:
    cards: bool = True  # generate a social card image for pages without their own image
    kits: bool = True  # a share kit for each story whose customer approved it (/stories/<slug>/kit/)
    image: str = ""  # the site's default share image (a path under static/ or content/)
    networks: list[str] = field(default_factory=lambda: list(DEFAULT_NETWORKS))
    pages: bool = False  # show the share bar on plain pages too
    utm: bool = False  # add utm_source/medium/campaign to share links (never to canonical URLs)
    short_links: bool = False  # a short /s/<hex>/ redirect per post, encoded in its card's QR code
    theme_color: str = _opt("#1f3a5f", _check_color)
    accent_color: str = _opt("#f2b134", _check_color)


@dataclass(frozen=True)
class Branding:
    """The business's colours and mark (wom_site/brand.py); empty values fall back to
    share.theme_color, share.accent_color and the top-level logo."""

    color: str = _opt("", lambda v: _check_color(v) if v else None)
    accent: str = _opt("", lambda v: _check_color(v) if v else None)
    logo: str = ""  # a PNG, JPEG or SVG under static/ (favicons are made from it)


@dataclass(frozen=True)
class Images:
    keep_metadata: bool = False  # keep EXIF/GPS in published photos
    widths: list[int] = field(default_factory=lambda: [480, 800, 1200])


@dataclass(frozen=True)
class Address:
    """A postal address; a one-line address (`address: "214 Linden Street"`) is its street."""

    street: str = ""
    locality: str = ""  # town or city
    postal_code: str = ""
    region: str = ""  # state or county
    country: str = ""  # ISO 3166 code, such as US or GB: also the phone number's country

    @classmethod
    def from_text(cls, text: str) -> "Address":
        return cls(street=text.strip())

    def __str__(self) -> str:
        town = " ".join(p for p in (self.postal_code, self.locality) if p)
        return ", ".join(p for p in (self.street, town, self.region, self.country) if p)

    def __bool__(self) -> bool:
        return bool(str(self))

    def json_ld(self) -> dict:
        fields = {"streetAddress": self.street, "addressLocality": self.locality, "postalCode": self.postal_code,
                  "addressRegion": self.region, "addressCountry": self.country.upper()}
        return {"@type": "PostalAddress", **{k: v for k, v in fields.items() if v}}


@dataclass(frozen=True)
class Geo:
    latitude: str = _opt("", _check_coordinate(90))
    longitude: str = _opt("", _check_coordinate(180))


@dataclass(frozen=True)
class Business:
    name: str = ""
    type: str = "LocalBusiness"  # or a more precise schema.org type, such as BikeStore or CafeOrCoffeeShop
    address: Address = _section(Address)
    phone: str = ""
    email: str = ""
    opening_hours: list[str] = _opt(list, _check_hours)  # as people write them: "Mon-Fri 9-17:30"
    map_url: str = _opt("", _check_web_url)
    geo: Geo = _section(Geo)
    price_range: str = ""  # such as "$$" or "€10-30"
    image: str = ""  # a photo of the shop (under static/ or content/); default: the logo

    def problems(self) -> list[tuple[str, str]]:
        """Checks across keys: the phone number is read with the address's country."""
        from wom_site.share.business import Unreadable, international_phone

        try:
            self.phone and international_phone(self.phone, self.address.country)
        except Unreadable as error:
            return [("phone", str(error))]
        return []


@dataclass(frozen=True)
class Author:
    name: str = ""
    fediverse: str = _opt("", _check_handle)  # @user@server, credited on the author's posts


@dataclass(frozen=True)
class MenuItem:
    title: str = ""
    url: str = _opt("", _check_menu_url)


@dataclass(frozen=True)
class Language:
    """One more language of a multilingual site (`languages:`; see languages.py)."""

    title: str = ""  # the site's title in this language (default: title)
    description: str = ""
    menu: list[MenuItem] = field(default_factory=list)  # default: the site's menu, its URLs under /<code>/
    strings: dict = field(default_factory=dict, metadata={"check": _check_strings})
    stories_title: str = ""  # default: the theme's "Customer stories" in this language
    tips_title: str = ""


@dataclass(frozen=True)
class Check:
    stale_days: int = 60  # warn when the newest post is older than this


@dataclass(frozen=True)
class Rhythm:
    """How often the site means to publish: `wom rhythm`, and an overdue line in builds."""

    every: str = _opt("", _check_interval)  # any post, such as "2 weeks"
    stories: str = _opt("", _check_interval)  # a customer story, such as "1 month"
    tips: str = _opt("", _check_interval)


@dataclass(frozen=True)
class Hosting:
    netlify: bool = False  # write _headers and _redirects
    cloudflare: bool = False
    cname: str = ""  # custom domain for GitHub Pages


@dataclass(frozen=True)
class SiteConfig:
    title: str = "My site"
    base_url: str = _opt("", _check_base_url)
    description: str = ""
    language: str = _opt("en", _check_language)  # a BCP 47 tag: de, pt-BR, zh-Hant
    strings: dict = field(default_factory=dict, metadata={"check": _check_strings})  # the theme's wording, replaced: msgid -> text (README "Languages")
    timezone: str = _opt("UTC", _check_timezone)
    author: str = ""
    logo: str = ""
    social: Social = _section(Social)
    stories: Collection = _section(_stories)
    tips: Collection = _section(_tips)
    taxonomies: Taxonomies = _section(Taxonomies)
    markdown: MarkdownOptions = _section(MarkdownOptions)
    theme: str = _opt("default", _check_folder_name)
    output: str = "output"
    feeds: Feeds = _section(Feeds)
    share: Share = _section(Share)
    brand: Branding = _section(Branding)
    images: Images = _section(Images)
    business: Business = _section(Business)
    menu: list[MenuItem] = field(default_factory=list)
    authors: list[Author] = field(default_factory=list)  # per-author details, by the name posts give
    extra: dict = field(default_factory=dict)  # passed to templates as is
    check: Check = _section(Check)
    rhythm: Rhythm = _section(Rhythm)
    hosting: Hosting = _section(Hosting)
    search: bool = True  # a Pagefind index and a search page (search.py)
    deploy: dict = field(default_factory=dict)  # name -> target, for `wom deploy NAME`
    languages: dict = field(default_factory=dict)  # language tag -> Language, besides `language` (languages.py)

    def collection(self, kind: str) -> Collection:
        return getattr(self, kind)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


COLLECTIONS = ("stories", "tips")


class ConfigError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def load_config(site_dir: Path) -> SiteConfig:
    """Read and validate site.yaml; raise ConfigError naming every bad key."""
    path = site_dir / CONFIG_FILE
    if not path.is_file():
        raise ConfigError([Problem(CONFIG_FILE, None, "not found: is this a wom site? (`wom init DIR` makes one)")])
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except UnicodeDecodeError:
        raise ConfigError([Problem(CONFIG_FILE, None, "is not valid UTF-8 text")]) from None
    except YamlError as error:
        raise ConfigError([Problem(CONFIG_FILE, error.line, error.message)]) from None
    return config_from_mapping(data)


def config_from_mapping(data) -> SiteConfig:
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise ConfigError([Problem(CONFIG_FILE, None, "must be a mapping of keys to values")])
    config = read_section(SiteConfig(), data, "", problems, None)
    config = dataclasses.replace(config, languages=_languages(data.get("languages"), config.language, problems))
    if not config.base_url and "base_url" not in data:
        problems.append(Problem(CONFIG_FILE, None, "base_url: required (the site's absolute address, such as https://example.com/)"))
    if problems:
        raise ConfigError(problems)
    return config


def _languages(data, default: str, problems: list[Problem]) -> dict:
    """`languages:` as {tag: Language}; each tag checked like `language`."""
    if not data:
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(CONFIG_FILE, None, "languages: must be a mapping of language tags (de, fr...) to their settings"))
        return {}
    languages = {}
    for code, value in data.items():
        line = line_of(data, code)
        message = _check_language(str(code))
        if message or str(code) == default:
            problems.append(Problem(CONFIG_FILE, line, f"languages: {message or f'{code!r} is already the site language'}"))
            continue
        languages[str(code)] = read_section(Language(), {} if value is None else value, f"languages.{code}.", problems, line)
    return languages
