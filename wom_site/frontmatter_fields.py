"""Front matter fields read as typed values (text, lists, dates, URL paths, the customer),
each problem recorded with its key's line. content.parse reads every field through here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from wom_site.config import fediverse_handle
from wom_site.diagnostics import Problem
from wom_site.safety import MAX_NAME, url_path_problem
from wom_site.slugs import slugify
from wom_site.yamlload import line_of


@dataclass(frozen=True)
class Customer:
    name: str = ""
    company: str = ""
    role: str = ""
    photo: str = ""
    url: str = ""
    quote: str = ""
    approved: dt.date | None = None


Customer.__module__ = "wom_site.content"  # where templates' errors and the cache name it (content exports it)


FLAGS = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}
IMAGE_PATH_KEYS = ("path", "src", "url", "feature", "filename")
# Kept in a post's `extra` for templates, and read there: by languages.py, share/meta.py, Hugo themes.
KEPT_TYPES = {"lang": "text", "language": "text", "translation_key": "text", "translationKey": "text", "x": "text",
              "weight": "integer"}


def shown(value) -> str:
    """A value as a message quotes it: text in double quotes, cut short; others as YAML says them."""
    if isinstance(value, str):
        return '"' + (value if len(value) <= 60 else value[:57] + "...").replace('"', '\\"') + '"'
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return str(value)[:60]


class _FieldReader:
    """Reads typed fields from front matter, recording problems with their lines."""

    def __init__(self, path: str, meta: dict, tz: dt.tzinfo, problems: list[Problem], format: str = "yaml"):
        self.path, self.meta, self.tz, self.problems, self.format = path, meta, tz, problems, format
        self.known: set[str] = set()
        self.jekyll = False  # a Jekyll post (YYYY-MM-DD-name.md): its tags may be a space-separated string
        self.mapping_alt = ""  # the alt text of an image given as a mapping

    def _problem(self, key: str, message: str, mapping=None) -> None:
        line = line_of(mapping if mapping is not None else self.meta, key) or 1
        parent = next((name for name, value in self.meta.items() if value is mapping), None) if mapping is not None else None
        self.problems.append(Problem(self.path, line, f"{parent + '.' if parent else ''}{key}: {message}"))  # customer.quote

    def _get(self, key: str, mapping=None):
        self.known.add(key) if mapping is None else None
        return (self.meta if mapping is None else mapping).get(key)

    def text(self, key: str, required: bool = False, mapping=None) -> str:
        value = self._get(key, mapping)
        if value is None or value == "":
            if required:  # at the line of `title:` left empty, else the front matter's first
                self._problem(key, "required", mapping)
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
            kind = "a mapping" if isinstance(value, dict) else f"{type(value).__name__} {value!r}"  # not LineDict
            self._problem(key, f"must be text, not {kind}"[:120], mapping)
            return ""
        return str(value).strip()

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self._get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            if key in ("aliases", "redirect_from"):
                return (value,)
            # Jekyll: "tags: one two" is two tags; elsewhere (Pelican, ours) commas separate them
            separator = None if self.jekyll and "," not in value else ","
            return tuple(v.strip() for v in value.split(separator) if v.strip())
        if isinstance(value, list) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
            return tuple(str(v).strip() for v in value if str(v).strip())
        self._problem(key, "must be a list of text values")
        return ()

    def url_path(self, key: str) -> str:
        """A path on this site (a permalink): nothing that leads outside output/."""
        value = self.text(key)
        message = url_path_problem(value) if value else None
        if message:
            self._problem(key, message)
            return ""
        return value

    def url_paths(self, key: str) -> tuple[str, ...]:
        kept = []
        for value in self.text_list(key):
            message = url_path_problem(value)
            if message:
                self._problem(key, message)
            else:
                kept.append(value)
        return tuple(kept)

    def web_url(self, key: str, mapping) -> str:
        """A link readers may follow: http(s), mailto: or tel:, or a path; never javascript:."""
        value = self.text(key, mapping=mapping)
        scheme = value.split(":", 1)[0].lower() if ":" in value.split("/", 1)[0] else ""
        if scheme and scheme not in ("http", "https", "mailto", "tel"):
            self._problem(key, f"{value[:60]!r} is not a web address (use https://...)", mapping)
            return ""
        return value

    def tags(self) -> tuple[str, ...]:
        # Jekyll's categories and Pelican's category are kept as tags
        names = []
        for key in ("tags", "categories", "category"):
            for name in self.text_list(key):
                if len(slugify(name)) > MAX_NAME:  # its page's folder and feed are named by it
                    self._problem(key, f"{name[:40]!r}...: a tag of {len(name)} characters; a tag's address holds at most {MAX_NAME}")
                else:
                    names.append(name)
        return tuple(dict.fromkeys(names))

    def author(self) -> str:
        value = self._get("author")
        if isinstance(value, dict):
            return self.text("name", mapping=value)
        if isinstance(value, list):  # several authors under `author`
            return ", ".join(self.text_list("author"))
        authors = self.text_list("authors")
        return self.text("author") if value is not None else ", ".join(authors)

    def fediverse(self) -> str:
        """`fediverse: "@user@server"`, or the author's (`author: {name: ..., fediverse: ...}`)."""
        author = self.meta.get("author")
        mapping = author if isinstance(author, dict) and "fediverse" in author else None
        written = self.text("fediverse", mapping=mapping) if mapping is not None else ""
        written = self.text("fediverse") or written
        if not written:
            return ""
        handle = fediverse_handle(written)
        if handle is None:
            self._problem("fediverse", f"{written!r} is not a fediverse handle: write it as @user@server, such as @mara@mastodon.social",
                          mapping if mapping is not None and "fediverse" not in self.meta else None)
        return handle or ""

    def image(self) -> str:
        """The share image: ours, Hugo's first `images`, or a theme's featured_image / og_image; a
        mapping as jekyll-seo-tag reads it ({path, alt, width, height}). A value that is no path
        (`image: 5`) is an error at its line, never a post quietly without its image."""
        for key in ("images", "image", "featured_image", "og_image"):
            value = self._get(key)
            first = value[0] if isinstance(value, list) and value else value
            if isinstance(first, str) and first.strip():
                return first.strip()
            if isinstance(first, dict):
                found = self._image_of_mapping(key, first)
                if found:
                    return found
            elif first not in (None, "", []):
                self._problem(key, f"{shown(first)} is not an image path (write it as {key}: images/rosa.jpg)")
        return ""

    def _image_of_mapping(self, key: str, value: dict) -> str:
        """`image: {path: ..., alt: ...}` (jekyll-seo-tag; other themes say src, url, feature, filename)."""
        found = next((v for k, v in value.items() if k in IMAGE_PATH_KEYS and isinstance(v, str) and v.strip()), "")
        if not found:
            self._problem(key, f"a mapping needs the image's path ({key}: {{path: images/rosa.jpg, alt: ...}})")
        elif isinstance(value.get("alt"), str):
            self.mapping_alt = value["alt"].strip()
        return found.strip()

    def image_alt(self) -> str:
        return self.text("image_alt") or self.mapping_alt

    def first_datetime(self, *keys: str) -> dt.datetime | None:
        for key in keys:
            value = self.datetime(key)
            if value is not None:
                return value
        return None

    def datetime(self, key: str) -> dt.datetime | None:
        value = self._get(key)
        if value is None or value == "":
            return None
        parsed = _to_datetime(value, self.tz)
        if parsed is None:
            self._problem(key, f"not a date: {value!r} (write it as 2026-03-14 or 2026-03-14T09:30:00)")
        return parsed

    def is_draft(self) -> bool:
        """Ours and Hugo's `draft`, Jekyll's `published: false`, Pelican's `status: draft|hidden`."""
        published = self._get("published")
        published = True if isinstance(published, dt.date) else self.flag("published")  # a date: published then
        status = self.text("status").lower()
        return self.flag("draft") is True or published is False or status in ("draft", "hidden")

    def flag(self, key: str) -> bool | None:
        """true or false; as text too ("false" from a TOML or JSON header, Pelican's `Draft: yes`)."""
        value = self._get(key)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in FLAGS:
            return FLAGS[value.strip().lower()]
        self._problem(key, f"{shown(value)} is not true or false")
        return None

    def check_kept(self) -> None:
        """Keys wom keeps for templates but reads too (languages, share tags, Hugo's order): a
        value of the wrong type is named here, at its line, instead of being quietly ignored."""
        for key, kind in KEPT_TYPES.items():
            value = self.meta.get(key)
            if value is None or value == "":
                continue
            whole = isinstance(value, int) and not isinstance(value, bool)
            if kind == "integer" and not (whole or (isinstance(value, str) and value.strip().lstrip("-").isdigit())):
                self._problem(key, f"{shown(value)} is not a whole number")
            elif kind == "text" and not isinstance(value, str) and not (whole and key in ("translation_key", "translationKey")):
                self._problem(key, f"must be text, not {shown(value)}")

    def customer(self) -> Customer | None:
        value = self._get("customer")
        if value is None:
            return None
        if isinstance(value, str):
            return Customer(name=value.strip())
        if not isinstance(value, dict):
            self._problem("customer", "must be a mapping with name, company, role, photo, url, quote, approved")
            return None
        known = {"name", "company", "role", "photo", "url", "quote", "approved"}
        for key in value:
            if key not in known:
                self._problem(f"{key}", f"unknown customer field (use one of {', '.join(sorted(known))})", value)
        approved = value.get("approved")
        approved_date = None
        if approved not in (None, "", False):
            parsed = _to_datetime(approved, self.tz)
            if parsed is None:
                self._problem("approved", f"not a date: {shown(approved)} (write the day the customer agreed, "
                                          "such as 2026-03-10)", value)
            else:
                approved_date = parsed.date()
        fields = {k: self.text(k, mapping=value) for k in known - {"approved", "url"}}
        return Customer(**fields, url=self.web_url("url", value), approved=approved_date)


def _to_datetime(value, tz: dt.tzinfo) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    if not isinstance(value, str):
        return None
    text = value.strip()
    for candidate in (text, text.replace(" ", "T", 1)):
        try:
            parsed = dt.datetime.fromisoformat(candidate)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
        except ValueError:
            continue
    for pattern in ("%Y-%m-%d %H:%M", "%Y/%m/%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S %z"):
        try:
            parsed = dt.datetime.strptime(text, pattern)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
        except ValueError:
            continue
    return _other_generators_date(text, tz)


_REPEATED_YEAR = re.compile(r"^(\d{4})(-\d{1,2}-\d{1,2}.*?) \1(?= |$)")


def _other_generators_date(text: str, tz: dt.tzinfo) -> dt.datetime | None:
    """What Jekyll (Ruby's Time.parse), Hugo and Pelican also accept: "2018-03-22 7:52:14",
    "Sat, 14 Mar 2026 09:30:00 +0100", "March 14, 2026", and "2023-01-29 18:30:22 2023 -0800"
    (a year repeated, as in Jekyll's own news posts). Only whole dates: never a guess from
    part of the text."""
    from dateutil import parser  # here: most sites write ISO dates and never need it

    for candidate in (text, _REPEATED_YEAR.sub(r"\1\2", text)):
        try:
            parsed = parser.parse(candidate, default=dt.datetime(2000, 1, 1))
        except (ValueError, OverflowError):
            continue
        if not re.search(r"\d{4}", candidate):
            return None  # "March 14": a year would be guessed
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    return None
