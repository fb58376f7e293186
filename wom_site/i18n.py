"""The languages the theme speaks: gettext catalogs (Babel), CLDR dates and numbers, direction.

Templates call `_()`, `gettext()`, `ngettext()` and `{% trans %}` (Jinja's i18n extension,
installed by templates.make_environment); Python code calls a Translator's `gettext`/`ngettext`
(`site.i18n`, or `translator(language)`), so `pybabel extract` (babel.cfg) finds every string.
Catalogs live in wom_site/locales/<id>/LC_MESSAGES/wom.po, compiled beside it to wom.mo.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as _gettext
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:  # Babel is imported on first use: a build that keeps its pages translates nothing
    import babel


LOCALE_DIR = Path(__file__).parent / "locales"
DOMAIN = "wom"
SOURCE_LANGUAGE = "en"
# The pseudo-locale (Chrome's and Android's name for it): every string accented and bracketed,
# so text that escaped translation stands out on a page and in tests.
PSEUDO = "en-XA"


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Translator:
    """One language's strings, dates and numbers. `overrides`: the site's own wording (site.yaml
    `strings:`), msgid -> text, or msgid -> {CLDR plural category: text} for counted strings."""

    language: str  # as written in site.yaml: the lang attribute
    locale: babel.Locale
    catalog: _gettext.NullTranslations = field(repr=False, compare=False)
    overrides: tuple = ()  # (msgid, text or ((category, text), ...)) pairs: hashable
    shipped: bool = True  # a catalog exists for the language (English needs none)
    pseudo: bool = False
    digest: str = ""  # of the catalog file: part of every page's key

    def gettext(self, message: str) -> str:
        own = self._override(message)
        if isinstance(own, str):
            return own
        text = self.catalog.gettext(message)
        return pseudo_text(text) if self.pseudo else text

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        own = self._override(singular)
        if isinstance(own, str):
            return own
        if isinstance(own, dict):
            category = self.locale.plural_form(abs(n))
            if category in own or "other" in own:
                return own.get(category, own.get("other"))
        text = self.catalog.ngettext(singular, plural, n)
        return pseudo_text(text) if self.pseudo else text

    def pgettext(self, context: str, message: str) -> str:
        own = self._override(message)
        if isinstance(own, str):
            return own
        text = self.catalog.pgettext(context, message)
        return pseudo_text(text) if self.pseudo else text

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        text = self.catalog.npgettext(context, singular, plural, n)
        return pseudo_text(text) if self.pseudo else text

    def _override(self, message: str):
        for key, value in self.overrides:
            if key == message:
                return dict(value) if isinstance(value, tuple) else value
        return None

    def format_date(self, value: dt.date | dt.datetime | None, style: str = "long") -> str:
        """A date for readers, in the language's own form (CLDR): "3. März 2025", "2025年3月3日".
        Machine dates (datetime attributes, feeds, sitemaps, JSON-LD) stay ISO 8601 elsewhere."""
        if value is None:
            return ""
        import babel.dates

        if style == "year":
            text = babel.dates.format_skeleton("y", value, locale=self.locale)
        else:
            day = value.date() if isinstance(value, dt.datetime) else value
            text = babel.dates.format_date(day, "medium" if style == "short" else style, locale=self.locale)
        return pseudo_text(text) if self.pseudo else text

    def quoted(self, text: str) -> str:
        """`text` between the language's quotation marks (CLDR's delimiters: „…“, « … », 「…」)."""
        start, end = QUOTES.get(self.locale.language, ("“", "”"))
        if self.locale.language == "zh" and self.locale.script == "Hans":
            start, end = "“", "”"
        elif self.locale.language == "pt" and self.locale.territory == "PT":
            start, end = "«", "»"
        return f"{start}{text}{end}"

    def format_number(self, value: int | float) -> str:
        import babel.numbers

        return babel.numbers.format_decimal(value, locale=self.locale)

    @property
    def direction(self) -> str:
        """"rtl" for Arabic, Hebrew, Persian..., else "ltr": the dir attribute."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    @property
    def og_locale(self) -> str:
        """Open Graph's locale: language_TERRITORY, the territory guessed when not given."""
        return og_locale(self.language)


# Babel does not carry CLDR's quotation delimiters; these are CLDR's for the shipped languages.
QUOTES = {
    "de": ("„", "“"), "cs": ("„", "“"), "pl": ("„", "”"), "fr": ("«\u202f", "\u202f»"), "es": ("«", "»"),
    "it": ("«", "»"), "nb": ("«", "»"), "no": ("«", "»"), "el": ("«", "»"), "ru": ("«", "»"), "uk": ("«", "»"),
    "ar": ("«", "»"), "fa": ("«", "»"), "sv": ("”", "”"), "fi": ("”", "”"), "he": ("”", "”"),
    "ja": ("「", "」"), "zh": ("「", "」"),
}


def pseudo_text(text: str) -> str:
    """Accent every letter and bracket the whole, keeping placeholders (%(name)s, %s) intact."""
    parts = re.split(r"(%\([^)]*\)[sd]|%[sd]|\{[^}]*\})", text)
    return "[" + "".join(p if i % 2 else p.translate(_ACCENTED) for i, p in enumerate(parts)) + "]"


_ACCENTED = str.maketrans("AaCcEeIiNnOoSsUuYyZzGgKkLlRrTtDdHhWwBbFfJjMmPpQqVvXx",
                          "ÅåÇçÉéÎîÑñÖöŠšÛûÝýŽžĜĝĶķĻļŘřŢţĐđĤĥŴŵƁƀƑƒĴĵḾḿṔṕǪǫṼṽẊẋ")


def locale_id(language: str) -> str:
    """A site.yaml language (a BCP 47 tag: de, pt-BR, zh-Hant) as a catalog folder name."""
    return language.strip().replace("-", "_")


def parse_locale(language: str) -> babel.Locale | None:
    import babel

    try:
        return babel.Locale.parse(locale_id(language))
    except (ValueError, TypeError, babel.UnknownLocaleError):
        return None


def shipped_languages() -> list[str]:
    """The languages with a catalog, as BCP 47 tags (zh-Hans), English first."""
    found = sorted(p.parent.parent.name.replace("_", "-") for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return [SOURCE_LANGUAGE] + [tag for tag in found if tag != SOURCE_LANGUAGE]


def _catalog_candidates(language: str, locale: babel.Locale | None) -> list[str]:
    """Folders to try, most specific first: pt_BR, then pt; zh_TW finds zh_Hant."""
    names = [locale_id(language)]
    if locale is not None:
        script = locale.script or ("Hant" if locale.language == "zh" and locale.territory in ("TW", "HK", "MO") else
                                   "Hans" if locale.language == "zh" else None)
        if script:
            names.append(f"{locale.language}_{script}")
        names.append(locale.language)
        if locale.language == "no":
            names.append("nb")  # Norwegian: Bokmål is what "no" means on the web
    return list(dict.fromkeys(names))


def translator(language: str, overrides: Mapping | None = None) -> Translator:
    """The Translator for `language`, with the site's overrides (site.yaml `strings:`)."""
    return _translator(language, _freeze(overrides or {}))


@functools.lru_cache(maxsize=32)
def _translator(language: str, overrides: tuple) -> Translator:
    # a pure memo of reading a catalog file: every build and worker of one process shares it
    import babel

    if language == PSEUDO:
        return Translator(language, babel.Locale("en"), _gettext.NullTranslations(), overrides, True, True, "pseudo")
    locale = parse_locale(language)
    for name in _catalog_candidates(language, locale):
        path = LOCALE_DIR / name / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if path.is_file():
            from babel.support import Translations

            data = path.read_bytes()
            with path.open("rb") as handle:
                catalog = Translations(handle, DOMAIN)
            return Translator(language, locale or babel.Locale.parse(name), catalog, overrides, True, False,
                              hashlib.blake2b(data, digest_size=8).hexdigest())
    english = locale is not None and locale.language == SOURCE_LANGUAGE
    return Translator(language, locale or babel.Locale("en"), _gettext.NullTranslations(), overrides, english)


def for_writer() -> Translator:
    """What the terminal says to the person running wom (warnings, summaries, `wom rhythm`).
    English, whatever the site's language (docs/languages.md, "Who reads what"); the lines go
    through it (`tell`, `tell_n`), marked for extraction, so that this is the one place to change
    should the terminal ever speak the user's locale (LANGUAGE, LC_MESSAGES)."""
    return translator(SOURCE_LANGUAGE)


def tell(message: str) -> str:
    """A terminal line for the writer (for_writer). Its own keyword keeps terminal strings out of
    the theme's catalog (wom.pot, which every shipped language must translate whole) and in
    terminal.pot, ready should the terminal ever be translated (scripts/i18n.py)."""
    return for_writer().gettext(message)


def tell_n(singular: str, plural: str, n: int) -> str:
    """`tell` for a counted line: "1 draft", "3 drafts"."""
    return for_writer().ngettext(singular, plural, n)


def TN_(message: str) -> str:  # noqa: N802 (gettext's own naming, as N_)
    """Marks a terminal string where it is defined (`tell` translates it where it is printed)."""
    return message


def _freeze(overrides: Mapping) -> tuple:
    return tuple(sorted((str(k), tuple(sorted(v.items())) if isinstance(v, dict) else str(v)) for k, v in overrides.items()))


def language_warning(language: str) -> str | None:
    """Why the theme will show English for `language`, or None when it speaks it."""
    if translator(language).shipped:
        return None
    known = ", ".join(shipped_languages())
    if parse_locale(language) is None:
        return f"language: {language!r} is not a language tag such as de, pt-BR or zh-Hant; the theme shows English (shipped: {known})"
    return f"language: no translation of the theme for {language!r} yet; it shows English (shipped: {known}; README \"Languages\" says how to add one)"


_TERRITORIES = {"en": "US", "ar": "AR", "he": "IL", "fa": "IR", "hi": "IN", "ja": "JP", "ko": "KR", "zh": "CN",
                "el": "GR", "cs": "CZ", "da": "DK", "sv": "SE", "nb": "NO", "nn": "NO", "uk": "UA", "vi": "VN", "pt": "PT",
                "sr": "RS", "sl": "SI", "et": "EE", "ca": "ES", "ga": "IE", "ms": "MY", "sq": "AL"}


def og_locale(language: str) -> str:
    """de -> de_DE, en -> en_US, zh-Hant -> zh_TW, pt-BR -> pt_BR (Open Graph's form)."""
    locale = parse_locale(language)
    if locale is None:
        return language.replace("-", "_")
    territory = locale.territory
    if not territory:
        if locale.language == "zh":
            territory = "TW" if locale.script == "Hant" else "CN"
        elif locale.language == "ar":
            territory = "SA"
        else:
            territory = _TERRITORIES.get(locale.language, locale.language.upper())
    return f"{locale.language}_{territory}"
