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

from anyascii import anyascii

from wom_site.config import fediverse_handle
from wom_site.diagnostics import BuildFailed, Problem, warning
from wom_site.foreign_syntax import convert_body, summary_of
from wom_site.frontmatter import FrontMatter, FrontMatterError, split_front_matter
from wom_site.safety import link_problem, resolved_outside, url_path_problem
from wom_site.urls import permalink
from wom_site.yamlload import line_of

MARKDOWN_SUFFIXES = (".md", ".markdown")
MAX_TAGS = 30  # per post
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
    notes: tuple[Problem, ...] = ()  # warnings found while reading (another generator's syntax left as text...)

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
            kind = _not_regular(full, st)
            if kind:  # reading a FIFO waits forever; a device is no file to publish
                problems.append(Problem(rel, None, f"is {kind}, not a regular file; wom reads and publishes only regular files"))
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


def _not_regular(full: str, st) -> str:
    """What a file under content/ is when it is not a regular file (following a link), else ""."""
    if stat_module.S_ISLNK(st.st_mode):
        try:
            st = os.stat(full)
        except OSError:
            return ""  # a broken link: link_problem said so
    mode = st.st_mode
    if stat_module.S_ISREG(mode):
        return ""
    if stat_module.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat_module.S_ISCHR(mode) or stat_module.S_ISBLK(mode):
        return "a device"
    if stat_module.S_ISSOCK(mode):
        return "a socket"
    return "a folder" if stat_module.S_ISDIR(mode) else "a special file"


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


_LANGUAGE_FOLDER = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _kind_of(rel_content: str) -> str:
    parts = rel_content.split("/")
    if len(parts) > 2 and parts[1] in KINDS and _LANGUAGE_FOLDER.match(parts[0]):
        parts = parts[1:]  # content/de/stories/x.md: Hugo's folder per language (languages.py)
    return parts[0] if parts[0] in KINDS and len(parts) > 1 else "pages"


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
    front = _split_front_matter(source.path, text)
    meta = front.meta
    problems: list[Problem] = []
    notes: list[Problem] = []  # warnings: what was read from another generator's way of writing
    reader = _FieldReader(source.path, meta, tz, problems, front.format)
    stem = _post_name(source.path)
    jekyll = JEKYLL_NAME.match(stem)
    reader.jekyll = bool(jekyll)
    title = reader.text("title", required=not jekyll)
    if not title and jekyll:  # Jekyll titles a post without one from its file name
        title = jekyll.group(4).replace("-", " ").strip().title()
        notes.append(warning(source.path, 1, f"title: missing; “{title}” taken from the file name"))
    date = reader.datetime("date")
    if date is None and jekyll:
        date = dt.datetime(*map(int, jekyll.groups()[:3]), tzinfo=tz)
    if date is None and source.kind in ("stories", "tips") and "date" not in meta:
        problems.append(Problem(source.path, 1, "date: required for stories and tips (such as 2026-03-14)"))
    slug = _slug(reader, jekyll.group(4) if jekyll else stem, problems, source.path)
    body, converted = convert_body(front.body, source.path, front.body_line,
                                   {"title": title, "date": date, "author": meta.get("author"), "description": meta.get("description")})
    notes.extend(converted)
    tags = reader.tags()
    if len(tags) > MAX_TAGS:  # each tag's page and feeds list the post with all its tags: n tags, n² links
        notes.append(warning(source.path, line_of(meta, "tags") or line_of(meta, "categories") or 1,
                             f"tags: {len(tags)} tags; only the first {MAX_TAGS} are used"))
        tags = tags[:MAX_TAGS]
    entry = Entry(
        source=source.path,
        kind=source.kind,
        digest=source.digest,
        title=title,
        slug=slug,
        body=body,
        body_line=front.body_line,
        date=date,
        updated=reader.first_datetime("updated", "lastmod", "modified", "last_modified_at"),
        publish_date=reader.first_datetime("publishDate", "publish_date", "publishdate"),
        expiry_date=reader.first_datetime("expiryDate", "expiry_date", "expirydate"),
        description=reader.text("description"),
        summary=reader.text("summary") or reader.text("excerpt") or summary_of(front.body),
        tags=tags,
        image=reader.image(),
        image_alt=reader.text("image_alt"),
        author=reader.author(),
        fediverse=reader.fediverse(),
        draft=reader.is_draft(),
        customer=reader.customer(),
        outcome=reader.text("outcome"),
        aliases=reader.url_paths("aliases") + reader.url_paths("redirect_from"),
        template=reader.text("layout") or reader.text("template"),
        permalink=_own_permalink(reader, slug, date, tags),
        extra={k: v for k, v in meta.items() if k not in reader.known},
        notes=tuple(notes),
    )
    if problems:
        raise _Problems(problems)
    return entry


def _post_name(path: str) -> str:
    """The name a post's file gives it: a bundle (posts/my-post/index.md) is named by its folder."""
    parts = path.split("/")
    stem = parts[-1].rsplit(".", 1)[0]
    if stem.lower() == "index" and len(parts) > 3:  # content/<kind>/<folder>/index.md
        return parts[-2]
    return stem


def _own_permalink(reader: "_FieldReader", slug: str, date: dt.datetime | None, tags: tuple[str, ...]) -> str:
    """The post's own URL: `permalink` (Jekyll's may hold :placeholders), `url` (Hugo,
    Pelican) or Pelican's `save_as` file."""
    for key in ("permalink", "url", "save_as"):
        value = reader.url_path(key)
        if not value:
            continue
        if key == "save_as":
            value = "/" + value.lstrip("/").removesuffix("index.html")
        try:
            filled = permalink(value, slug, date, slugify(tags[0]) if tags else "")
        except (ValueError, KeyError, IndexError) as error:
            reader._problem(key, str(error))
            return ""
        return "/" + filled
    return ""


def _decode(source: SourceFile) -> str:
    if b"\0" in source.data:
        raise _Problems([Problem(source.path, None, "is a binary file, not Markdown text")])
    try:
        text = source.data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = source.data[: error.start].count(b"\n") + 1
        raise _Problems([Problem(source.path, line, "is not valid UTF-8 text (save it as UTF-8)")]) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _split_front_matter(path: str, text: str) -> FrontMatter:
    """Front matter (YAML, TOML, JSON or Pelican's header) as a line-aware mapping, and the body."""
    try:
        return split_front_matter(text)
    except FrontMatterError as error:
        raise _Problems([Problem(path, error.line, error.message)]) from None


class _FieldReader:
    """Reads typed fields from front matter, recording problems with their lines."""

    def __init__(self, path: str, meta: dict, tz: dt.tzinfo, problems: list[Problem], format: str = "yaml"):
        self.path, self.meta, self.tz, self.problems, self.format = path, meta, tz, problems, format
        self.known: set[str] = set()
        self.jekyll = False  # a Jekyll post (YYYY-MM-DD-name.md): its tags may be a space-separated string

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
        names = self.text_list("tags") + self.text_list("categories") + self.text_list("category")
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
        """The share image: ours, Hugo's first `images`, or a theme's featured_image / og_image."""
        images = self._get("images")
        if images:
            first = images[0] if isinstance(images, list) else images
            if isinstance(first, str):
                return first.strip()
        for key in ("image", "featured_image", "og_image"):
            value = self._get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
            if isinstance(value, dict):  # some themes: image: {path: ..., alt: ...}
                found = next((v for k, v in value.items() if k in ("path", "src", "url", "feature", "filename") and isinstance(v, str)), "")
                if found:
                    return found.strip()
        return ""

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
