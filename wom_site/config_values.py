"""The checks of single site.yaml values: each takes a value and returns what is wrong with it, or None.

config.py's dataclasses name them beside their fields (`_opt(default, check)`); the messages
read as the end of a sentence that begins with the key's name.
"""

from __future__ import annotations

import re
import string
import zoneinfo
from urllib.parse import urlsplit

from wom_site.safety import url_path_problem
from wom_site.spans import parse_interval

_NOT_IN_URLS = set(' "<>\\^`{|}\'') | {chr(c) for c in range(32)} | {chr(127)}


def _check_base_url(value: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "must be an absolute http(s) URL, such as https://example.com/"
    bad = sorted(set(value) & _NOT_IN_URLS)
    if bad:  # every page puts base_url in attributes, JSON-LD, feeds and headers
        return f"must be a plain URL: {''.join(bad)!r} is not allowed in it (percent-encode it)"
    if parts.query or parts.fragment or "@" in parts.netloc:
        return "must be the site's address only (no ?query, #fragment or user@), such as https://example.com/shop/"
    return None


def _check_menu_url(value: str) -> str | None:
    """A page of the site (/about/) or a web address: never javascript: or data:."""
    scheme = urlsplit(value).scheme.lower()
    if scheme not in ("", "http", "https", "mailto", "tel") or set(value) & _NOT_IN_URLS - {" "}:
        return "must be a path on the site (such as /about/) or an http(s), mailto: or tel: address"
    return None


def _check_timezone(value: str) -> str | None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone {value!r} (use a name such as Europe/Paris or UTC)"
    return None


def _check_highlight_style(value: str) -> str | None:
    from pygments.styles import get_all_styles  # imported only to check the name

    if value not in set(get_all_styles()):
        return f"unknown Pygments style {value!r} (such as xcode, default, monokai, lightbulb)"
    return None


PLACEHOLDERS = ("slug", "year", "month", "day", "category", "i_month", "i_day", "short_year", "date")


def _check_permalink(value: str) -> str | None:
    from wom_site.urls import as_format  # Jekyll's and Hugo's :placeholders are ours too

    pattern = as_format(value)
    if not pattern.startswith("/") or not pattern.endswith(("/", ".html")):
        return "must start with '/' and end with '/' or '.html', such as /stories/{slug}/"
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError:
        return "has an unmatched '{' or '}'"
    unknown = [name for name in names if name not in PLACEHOLDERS]
    if unknown:
        return f"unknown placeholder {{{unknown[0]}}} (use {', '.join('{' + n + '}' for n in PLACEHOLDERS[:4])})"
    if "slug" not in names:
        return "must contain {slug}"
    return url_path_problem(pattern)


def _check_language(value: str) -> str | None:
    if not value or not all(part.isalnum() for part in value.replace("_", "-").split("-")):
        return f"{value!r} must be a language tag such as en, de, pt-BR or zh-Hant"
    return None


PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


def _check_strings(value: dict) -> str | None:
    for key, text in value.items():
        if isinstance(text, dict):
            wrong = [c for c in text if c not in PLURAL_CATEGORIES or not isinstance(text[c], str)]
            if wrong:
                return f"{key!r}: a counted string takes texts for {', '.join(PLURAL_CATEGORIES)}, not {wrong[0]!r}"
        elif not isinstance(text, str):
            return f"{key!r}: must be text (the theme's English string as the key, your wording as the value)"
    return None


def _check_folder_name(value: str) -> str | None:
    if not value or value in (".", "..") or any(c in value for c in "/\\:") or value.startswith("."):
        return f"{value!r} must be the name of a folder under themes/, such as 'default'"
    return None


def _check_web_url(value: str) -> str | None:
    if value and urlsplit(value).scheme.lower() not in ("http", "https"):
        return "must be an http(s) address, such as https://maps.example.com/..."
    return None


def _check_color(value: str) -> str | None:
    body = value[1:]
    if not (value.startswith("#") and len(body) in (3, 6) and all(c in "0123456789abcdefABCDEF" for c in body)):
        return "must be a colour such as #1f3a5f"
    return None


_HANDLE = re.compile(r"^@?([A-Za-z0-9_][A-Za-z0-9_.-]*)@((?:[^\s@/:.]+\.)+[^\s@/:.]{2,})$")


def fediverse_handle(value: str) -> str | None:
    """`@user@host` (also written `user@host`) in its one form, or None when it is not one."""
    match = _HANDLE.match(value.strip())
    if not match:
        return None
    try:
        host = match.group(2).encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    return f"@{match.group(1)}@{host}"


def _check_handle(value: str) -> str | None:
    if value and fediverse_handle(value) is None:
        return f"{value!r} is not a fediverse handle: write it as @user@server, such as @mara@mastodon.social"
    return None


def _check_hours(value: list[str]) -> str | None:
    from wom_site.share.business import Unreadable, read_hours

    for line in value:
        try:
            read_hours(line)
        except Unreadable as error:
            return str(error)
    return None


def _check_interval(value: str) -> str | None:
    """A posting rhythm's span (rhythm.py)."""
    return None if not value or parse_interval(value) else "must be a span such as '2 weeks', '1 month' or '10 days'"


def _check_coordinate(limit: float):
    def check(value: str) -> str | None:
        try:
            ok = not value or -limit <= float(value) <= limit
        except ValueError:
            ok = False
        return None if ok else f"must be a number between -{limit:g} and {limit:g}, such as 40.7128"
    return check
