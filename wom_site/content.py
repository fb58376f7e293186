"""content/ -> SourceFile -> Entry: discovery, front matter, dates and slugs.

Parsing is a pure function of a file's bytes and a few config values, so its
result can be cached by content hash (see cache.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat as stat_module
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
from anyascii import anyascii

from wom_site.config import fediverse_handle
from wom_site.diagnostics import BuildFailed, Problem
from wom_site.safety import link_problem, resolved_outside, url_path_problem
from wom_site.yamlload import YamlError, line_of, load_yaml

MARKDOWN_SUFFIXES = (".md", ".markdown")
UNPUBLISHED_PREFIXES = (".", "_")  # hidden files and folders, drafts folders (content/_drafts/), notes


def is_content_markdown(path: str) -> bool:
    """A site-relative path naming a post's or page's Markdown file."""
    return path.startswith("content/") and path.lower().endswith(MARKDOWN_SUFFIXES)
KINDS = ("stories", "tips", "pages")
JEKYLL_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the site root, e.g. "content/stories/rosa.md"
    kind: str  # "stories", "tips" or "pages"
    data: bytes | None  # None: not read, the file is as it was when `digest` was taken (see discover)
    digest: str
    stat: tuple[int, ...] = ()  # (size, mtime_ns, inode, ctime_ns) when read


@dataclass(frozen=True)
class Asset:
    path: str  # relative to the site root, e.g. "content/stories/images/rosa.jpg"
    site_path: str  # where it is published, e.g. "stories/images/rosa.jpg"


@dataclass(frozen=True)
class Customer:
    name: str = ""
    company: str = ""
    role: str = ""
    photo: str = ""
    url: str = ""
    quote: str = ""
    approved: dt.date | None = None


@dataclass(frozen=True)
class Entry:
    source: str
    kind: str
    digest: str
    title: str
    slug: str
    body: str | None  # the Markdown; None once rendered (the build keeps the HTML, not both)
    body_line: int  # line of the body's first line in the file
    date: dt.datetime | None = None
    updated: dt.datetime | None = None
    publish_date: dt.datetime | None = None
    expiry_date: dt.datetime | None = None
    description: str = ""
    summary: str = ""  # Markdown, from front matter (summary/excerpt)
    tags: tuple[str, ...] = ()
    image: str = ""
    image_alt: str = ""
    author: str = ""
    fediverse: str = ""  # @user@server credited by Mastodon (fediverse:creator)
    draft: bool = False
    customer: Customer | None = None
    outcome: str = ""
    aliases: tuple[str, ...] = ()
    template: str = ""
    permalink: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def is_post(self) -> bool:
        return self.kind != "pages"


def digest_bytes(data: bytes) -> str:
    """The one content hash of wom (16-byte BLAKE2b, hex): sources, pages, spool and image names."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


SETTLED_NS = 2_000_000_000  # a file's stat vouches for its content once its mtime is this much older


def discover(site_dir: Path, known: dict[str, tuple] | None = None) -> tuple[list[SourceFile], list[Asset]]:
    """Every Markdown file under content/ (sorted), and every other file as an asset.

    `known` maps a source path to (stat, digest) from an earlier build: a file whose stat
    (size, mtime, inode, ctime) is the same is not read again (its data is None). Only stats
    taken well after the file's last change count (see settled_stat), so an edit in the same
    clock tick as a build's read is never missed.
    Raises BuildFailed naming every file that cannot be read or that links outside the site.
    """
    content = site_dir / "content"
    prefix = len(str(content)) + 1
    known = known or {}
    sources, assets, problems = [], [], []
    outside = resolved_outside(content, site_dir)
    if outside:
        raise BuildFailed([Problem("content", None, f"links to {outside}, outside the site; wom publishes only files inside the site folder")])
    for root, dirs, files in os.walk(content):
        dirs[:] = sorted(d for d in dirs if not d.startswith(UNPUBLISHED_PREFIXES))
        for name in sorted(files):
            if name.startswith(UNPUBLISHED_PREFIXES) or name.endswith("~"):
                continue  # hidden files, drafts folders, editor swap and backup files
            full = os.path.join(root, name)
            rel_content = full[prefix:].replace(os.sep, "/")
            rel = f"content/{rel_content}"
            try:
                st = os.lstat(full)
            except OSError as error:
                problems.append(Problem(rel, None, f"cannot be read: {error.strerror or error}"))
                continue
            if stat_module.S_ISLNK(st.st_mode) or not _is_utf8(rel):
                problem = link_problem(Path(full), rel, site_dir)
                if problem:
                    problems.append(problem)
                    continue
            if not name.lower().endswith(MARKDOWN_SUFFIXES):
                assets.append(Asset(rel, rel_content))
                continue
            try:
                if stat_module.S_ISLNK(st.st_mode):
                    st = os.stat(full)
                stat = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
                last = known.get(rel)
                if last and last[0] == stat:
                    sources.append(SourceFile(rel, _kind_of(rel_content), None, last[1], stat))
                    continue
                with open(full, "rb") as f:
                    data = f.read()
            except OSError as error:
                problems.append(Problem(rel, None, f"cannot be read: {error.strerror or error}"))
                continue
            sources.append(SourceFile(rel, _kind_of(rel_content), data, digest_bytes(data), stat))
    if problems:
        raise BuildFailed(problems)
    return sources, assets


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # os.walk hands such names over with surrogate escapes
        return False
    return True


def settled_stat(source: SourceFile, now_ns: int) -> tuple | None:
    """The stat to remember for `source`, or None while its last change is too recent to vouch for it."""
    if not source.stat or now_ns - max(source.stat[1], source.stat[3]) < SETTLED_NS:
        return None
    return source.stat


def _kind_of(rel_content: str) -> str:
    first = rel_content.split("/", 1)[0]
    return first if first in KINDS and "/" in rel_content else "pages"


# --- parsing -----------------------------------------------------------------

class _Problems(Exception):
    def __init__(self, problems):
        self.problems = problems


def parse(source: SourceFile, tz: dt.tzinfo) -> Entry | list[Problem]:
    """Read one Markdown file into an Entry, or return the problems that stop it."""
    try:
        return _parse(source, tz)
    except _Problems as error:
        return error.problems


def _parse(source: SourceFile, tz: dt.tzinfo) -> Entry:
    text = _decode(source)
    meta, body, body_line = _split_front_matter(source.path, text)
    problems: list[Problem] = []
    reader = _FieldReader(source.path, meta, tz, problems)
    stem = Path(source.path).name.rsplit(".", 1)[0]
    jekyll = JEKYLL_NAME.match(stem)
    title = reader.text("title", required=True)
    date = reader.datetime("date")
    if date is None and jekyll:
        date = dt.datetime(*map(int, jekyll.groups()[:3]), tzinfo=tz)
    if date is None and source.kind in ("stories", "tips") and "date" not in meta:
        problems.append(Problem(source.path, 1, "date: required for stories and tips (such as 2026-03-14)"))
    slug = _slug(reader, jekyll.group(4) if jekyll else stem, problems, source.path)
    entry = Entry(
        source=source.path,
        kind=source.kind,
        digest=source.digest,
        title=title,
        slug=slug,
        body=body,
        body_line=body_line,
        date=date,
        updated=reader.datetime("updated") or reader.datetime("lastmod") or reader.datetime("modified"),
        publish_date=reader.datetime("publishDate") or reader.datetime("publish_date"),
        expiry_date=reader.datetime("expiryDate") or reader.datetime("expiry_date"),
        description=reader.text("description"),
        summary=reader.text("summary") or reader.text("excerpt"),
        tags=reader.tags(),
        image=reader.text("image"),
        image_alt=reader.text("image_alt"),
        author=reader.author(),
        fediverse=reader.fediverse(),
        draft=reader.is_draft(),
        customer=reader.customer(),
        outcome=reader.text("outcome"),
        aliases=reader.url_paths("aliases") + reader.url_paths("redirect_from"),
        template=reader.text("layout") or reader.text("template"),
        permalink=reader.url_path("permalink") or reader.url_path("url"),
        extra={k: v for k, v in meta.items() if k not in reader.known},
    )
    if problems:
        raise _Problems(problems)
    return entry


def _decode(source: SourceFile) -> str:
    if b"\0" in source.data:
        raise _Problems([Problem(source.path, None, "is a binary file, not Markdown text")])
    try:
        text = source.data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = source.data[: error.start].count(b"\n") + 1
        raise _Problems([Problem(source.path, line, "is not valid UTF-8 text (save it as UTF-8)")]) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


_HANDLER = frontmatter.YAMLHandler()


def _split_front_matter(path: str, text: str) -> tuple[dict, str, int]:
    """Front matter as a line-aware mapping, the body, and the body's first line."""
    if not text.startswith("---"):
        return {}, text, 1
    try:
        raw, body = _HANDLER.split(text)
    except ValueError:
        raise _Problems([Problem(path, 1, "front matter is not closed: add a line with only '---' after it")]) from None
    try:
        # `raw` starts with the newline that ends the opening '---' line
        meta = load_yaml(raw, first_line=1)
    except YamlError as error:
        raise _Problems([Problem(path, error.line, error.message)]) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise _Problems([Problem(path, 2, "front matter must be a mapping of keys to values")])
    return meta, body, text[: len(text) - len(body)].count("\n") + 1


class _FieldReader:
    """Reads typed fields from front matter, recording problems with their lines."""

    def __init__(self, path: str, meta: dict, tz: dt.tzinfo, problems: list[Problem]):
        self.path, self.meta, self.tz, self.problems = path, meta, tz, problems
        self.known: set[str] = set()

    def _problem(self, key: str, message: str, mapping=None) -> None:
        line = line_of(mapping if mapping is not None else self.meta, key) or 1
        self.problems.append(Problem(self.path, line, f"{key}: {message}"))

    def _get(self, key: str, mapping=None):
        self.known.add(key) if mapping is None else None
        return (self.meta if mapping is None else mapping).get(key)

    def text(self, key: str, required: bool = False, mapping=None) -> str:
        value = self._get(key, mapping)
        if value is None or value == "":
            if required:
                self.problems.append(Problem(self.path, 1, f"{key}: required"))
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
            self._problem(key, f"must be text, not {type(value).__name__} {value!r}"[:120], mapping)
            return ""
        return str(value).strip()

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self._get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return tuple(v.strip() for v in value.split(",") if v.strip()) if key != "aliases" and key != "redirect_from" else (value,)
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
        names = self.text_list("tags") + self.text_list("categories") + self.text_list("category")
        return tuple(dict.fromkeys(names))

    def author(self) -> str:
        value = self._get("author")
        if isinstance(value, dict):
            return self.text("name", mapping=value)
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

    def datetime(self, key: str) -> dt.datetime | None:
        value = self._get(key)
        if value is None or value == "":
            return None
        parsed = _to_datetime(value, self.tz)
        if parsed is None:
            self._problem(key, f"not a date: {value!r} (write it as 2026-03-14 or 2026-03-14T09:30:00)")
        return parsed

    def is_draft(self) -> bool:
        draft = self._get("draft")
        published = self._get("published")
        status = str(self._get("status") or "").lower()
        return draft is True or str(draft).lower() == "true" or published is False or status in ("draft", "hidden")

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
                self._problem("approved", f"not a date: {approved!r}", value)
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
    return None


# --- slugs -------------------------------------------------------------------

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Fold to ASCII (transliterating, not dropping) and join words with '-'."""
    folded = anyascii(text.replace("'", "").replace("\u2019", "")).lower()
    return _NOT_SLUG.sub("-", folded).strip("-")


def _slug(reader: _FieldReader, file_stem: str, problems: list[Problem], path: str) -> str:
    given = reader.text("slug")
    if given:
        if "/" in given or "\\" in given or ".." in given:
            reader._problem("slug", f"{given!r} must not contain '/', '\\' or '..'")
            return ""
        slug = slugify(given)
    else:
        slug = slugify(file_stem)
    if not slug:
        slug = slugify(file_stem)
    if not slug:
        problems.append(Problem(path, 1, "slug: nothing is left of the file name as a URL; set `slug:` in the front matter"))
    return slug
