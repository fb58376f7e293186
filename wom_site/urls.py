"""Every URL rule in one place: site paths, base paths, permalinks, output files.

A *site path* is relative to the site root with no leading slash ("stories/x/").
Templates never build URLs by pasting strings; they receive ready ones from here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit


@dataclass(frozen=True)
class Urls:
    base_url: str  # absolute, ends with "/"

    @classmethod
    def from_base(cls, base_url: str) -> "Urls":
        url = ascii_url(base_url)
        return cls(url if url.endswith("/") else url + "/")

    @property
    def base_path(self) -> str:
        """The path part of base_url: "/" or "/repo/"; every internal link starts with it."""
        return urlsplit(self.base_url).path or "/"

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def path(self, site_path: str) -> str:
        return self.base_path + quote(site_path, safe="/%#?=&")

    def absolute(self, site_path: str) -> str:
        return self.origin + self.path(site_path)


def ascii_url(url: str) -> str:
    """`url` as browsers send it: the host in IDNA, the path percent-encoded (UTF-8), so every
    URL built on it (canonical links, feeds, QR codes) is one ASCII spelling of the address."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host.isascii():
        netloc = parts.netloc.replace(host, host.encode("idna").decode("ascii"))
    else:
        netloc = parts.netloc
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe="/%:@!$&'()*+,;="), parts.query, parts.fragment))


def permalink(pattern: str, slug: str, date: dt.datetime | None, category: str = "") -> str:
    """Fill a permalink pattern such as /stories/{slug}/ and return a site path. Jekyll's and
    Hugo's `:year/:title` and Pelican's `{date:%Y}` are understood too (see as_format)."""
    values = {"slug": slug, "category": category}
    if date is not None:
        values.update(year=f"{date.year:04d}", month=f"{date.month:02d}", day=f"{date.day:02d}",
                      i_month=str(date.month), i_day=str(date.day), short_year=f"{date.year % 100:02d}", date=date)
    filled = as_format(pattern).format_map(_Strict(values))
    return re.sub(r"/{2,}", "/", filled).lstrip("/")  # an empty {category} leaves no empty folder


# Jekyll's and Hugo's placeholders, as ours: a pattern copied from _config.yml or hugo.toml works as is
FOREIGN_PLACEHOLDERS = {
    "year": "year", "month": "month", "day": "day", "i_month": "i_month", "i_day": "i_day",
    "short_year": "short_year", "title": "slug", "slug": "slug", "slugorfilename": "slug", "slugorcontentbasename": "slug",
    "filename": "slug", "contentbasename": "slug", "name": "slug", "categories": "category", "category": "category",
    "sections": "category", "section": "category",
}
_FOREIGN = re.compile(r":(" + "|".join(sorted(FOREIGN_PLACEHOLDERS, key=len, reverse=True)) + r")(?![A-Za-z_])")


def as_format(pattern: str) -> str:
    """`/:year/:month/:title.html` (Jekyll, Hugo) as `/{year}/{month}/{slug}.html`; Jekyll's
    `:output_ext` is `.html`."""
    pattern = pattern.replace(":output_ext", ".html")
    return _FOREIGN.sub(lambda m: "{" + FOREIGN_PLACEHOLDERS[m.group(1)] + "}", pattern)


class _Strict(dict):
    def __missing__(self, key):
        raise ValueError(f"permalink placeholder {{{key}}} is unknown here")


def output_file(site_path: str) -> str:
    """Clean URLs: a site path ending in "/" is written as its index.html."""
    return site_path + "index.html" if site_path.endswith("/") or not site_path else site_path


def beside(site_path: str, name: str) -> str:
    """The site path of a page that belongs to another, such as its card: "x/" -> "x/card/";
    a page written as a file ("2019/x.html") gets a folder of its name ("2019/x/card/")."""
    return (site_path.removesuffix(".html") + "/" if site_path.endswith(".html") else site_path) + name


def alias_path(alias: str) -> str | None:
    """Site path where an old URL (aliases, redirect_from) is answered: "old/" or "old.html";
    None when it names no page of its own (the site root, or a '..' folder)."""
    path = alias.strip("/")
    if not path or ".." in path.split("/"):
        return None
    return path if path.endswith(".html") else path + "/"


def tags_index_path(tag_permalink: str) -> str:
    """Site path of the page listing every tag: the tag permalink up to its first placeholder."""
    return tag_permalink.split("{")[0].lstrip("/") or "tags/"


def page_path(first_page: str, number: int) -> str:
    """Site path of page `number` of a paginated list whose first page is `first_page`."""
    return first_page if number == 1 else f"{first_page}page/{number}/"
