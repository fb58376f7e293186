"""Liquid's `{{ page.x }}` and `{{ site.x | filter }}`: a value looked up and printed as Jekyll
prints it, and what a converted body records of the site values it printed, so the parse
cache (cached.py) knows when a change to site.yaml must parse it again."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re

from wom_site.i18n import SOURCE_LANGUAGE, Translator
from wom_site.liquid_logic import jekyll_slugify

LOGIC_USED = "{% %}"  # in Converted.site_used: the body ran Liquid's logic with these site values
I18N_USED = "{i18n}"  # in Converted.site_used: its texts and warnings are in this language


def language_key(i18n: Translator | None) -> str:
    """The language a body's conversions were written in: its tag, catalog and the site's own wording."""
    if i18n is None:
        return SOURCE_LANGUAGE
    return f"{i18n.language}/{i18n.digest}/" + hashlib.blake2b(repr(i18n.overrides).encode(), digest_size=8).hexdigest()


def same_site_values(used: tuple[str, ...], site: dict) -> bool:
    """Whether a body that printed `used` would print the same with `site` (its cache holds).
    The language is not looked at here: it is part of the parsed entry's own key (cached.py)."""
    for pair in used:
        written, _, printed = pair.partition("\0")
        if written == I18N_USED:
            continue
        if written == LOGIC_USED:
            now = site_digest(site)
        else:
            name, bar, filters = written.partition("|")
            now = _printed(site, name, bar + filters)[0]
        if now != printed:
            return False
    return True


def site_digest(site: dict) -> str:
    return hashlib.blake2b(repr(site).encode(), digest_size=12).hexdigest()


def _printed(values: dict, name: str, filters: str) -> tuple[str | None, bool]:
    """`name` looked up in `values` and through `filters`, as printed (None: a filter we do not
    know), and whether it had no value."""
    value = _lookup(values, name)
    missing = value is None or isinstance(value, dict)
    return _filtered(None if missing else value, filters), missing


def _lookup(values: dict, name: str):
    for part in name.split("."):
        if not isinstance(values, dict):
            return None
        values = values.get(part)
    return values


def _date(value, fmt: str) -> str:
    if not isinstance(value, (dt.date, dt.datetime)):
        return "" if value is None else str(value)
    # Ruby's %-d and %-m (no leading zero) are not portable in Python's strftime
    fmt = re.sub(r"%-([dmHIMSj])", lambda m: "\x01" + m.group(1), fmt)
    text = value.strftime(fmt)
    return re.sub("\x01(.)", lambda m: str(int(value.strftime("%" + m.group(1)))), text)


_FILTERS = {
    "date": lambda value, fmt="%B %d, %Y": _date(value, fmt),
    "date_to_string": lambda value: _date(value, "%d %b %Y"),
    "date_to_long_string": lambda value: _date(value, "%d %B %Y"),
    "date_to_xmlschema": lambda value: value.isoformat() if hasattr(value, "isoformat") else _text(value),
    "upcase": lambda value: _text(value).upper(),
    "downcase": lambda value: _text(value).lower(),
    "capitalize": lambda value: _text(value).capitalize(),
    "strip": lambda value: _text(value).strip(),
    "escape": lambda value: html.escape(_text(value)),
    "xml_escape": lambda value: html.escape(_text(value)),
    "slugify": lambda value, *_: jekyll_slugify(_text(value)),
    "default": lambda value, fallback="": value if value not in (None, "", False) else fallback,
    "prepend": lambda value, before="": before + _text(value),
    "append": lambda value, after="": _text(value) + after,
    "relative_url": lambda value: _text(value),  # root-relative: the build puts the base path in front
    "absolute_url": lambda value: _text(value),
}


def _filtered(value, filters: str) -> str | None:
    """`value` through Liquid's `| filter: arg` chain, as printed; None for a filter we do not know."""
    for written in re.findall(r"\|\s*([^|]+)", filters):
        name, _, args = written.partition(":")
        apply = _FILTERS.get(name.strip())
        if apply is None:
            return None
        arguments = [a.strip().strip("\"'") for a in re.findall(r"\s*(\"[^\"]*\"|'[^']*'|[^,\s][^,]*)", args)]
        try:
            value = apply(value, *arguments)
        except (TypeError, ValueError):
            return None
    return _text(value)


def _text(value) -> str:
    """A value as Jekyll prints it (dates the way a reader reads them)."""
    if value is None or isinstance(value, dict):
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return _date(value, "%B %d, %Y")
    if isinstance(value, (list, tuple)):
        return "".join(_text(item) for item in value)
    return str(value)
