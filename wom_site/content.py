"""content/ -> SourceFile -> Entry: discovery, parsing (the fields: frontmatter_fields.py) and slugs.

Parsing is a pure function of a file's bytes and a few config values, so its
result can be cached by content hash (see cache.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat as stat_module
import time
from dataclasses import dataclass, field
from pathlib import Path


from wom_site.diagnostics import BuildFailed, Problem, warning
from wom_site.frontmatter import FrontMatter, FrontMatterError, split_front_matter
from wom_site.frontmatter_fields import Customer, _FieldReader
from wom_site.i18n import Translator, tell
from wom_site.safety import MAX_NAME, link_problem, resolved_outside
from wom_site.slugs import slugify  # noqa: F401 - where the build and importers find it
from wom_site.urls import permalink
from wom_site.front_matter_keys import unknown_key_warnings
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
    site_used: tuple[str, ...] = ()  # site variables the body printed ("name\0value"): part of its cache keys

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
                sources.append(_source(full, rel, rel_content, st, known))
            except OSError as error:
                problems.append(Problem(rel, None, f"cannot be read: {error.strerror or error}"))
    if problems:
        raise BuildFailed(problems)
    return sources, assets


def _source(full: str, rel: str, rel_content: str, st, known: dict) -> SourceFile:
    """One Markdown file, not read again when `known` has it with this stat (raises OSError)."""
    if stat_module.S_ISLNK(st.st_mode):
        st = os.stat(full)
    stat = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
    last = known.get(rel)
    if last and last[0] == stat:
        return SourceFile(rel, _kind_of(rel_content), None, last[1], stat)
    with open(full, "rb") as f:
        data = f.read()
    return SourceFile(rel, _kind_of(rel_content), data, digest_bytes(data), stat)


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


def stats_to_remember(sources: list[SourceFile]) -> dict[str, tuple]:
    """source path -> (stat, digest) for the sources whose stat vouches for their content now:
    what the next build's discover() is given, so it reads only files that changed."""
    now = time.time_ns()
    return {s.path: (stat, s.digest) for s in sources if (stat := settled_stat(s, now)) is not None}


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


def parse(source: SourceFile, tz: dt.tzinfo, site: dict | None = None, i18n: Translator | None = None) -> Entry | list[Problem]:
    """Read one Markdown file into an Entry, or return the problems that stop it. `site`: the
    values another generator's posts print as {{ site.x }} (site_variables.py); `i18n`: the
    site's language, for what converting their syntax writes and warns (default: English)."""
    try:
        return _parse(source, tz, site, i18n)
    except _Problems as error:
        return error.problems


def _parse(source: SourceFile, tz: dt.tzinfo, site: dict | None, i18n: Translator | None) -> Entry:
    text = _decode(source)
    front = _split_front_matter(source.path, text)
    meta = front.meta
    problems: list[Problem] = []
    notes = _not_yaml(source.path, front)  # warnings: what was read from another generator's way of writing
    reader = _FieldReader(source.path, meta, tz, problems, front.format)
    stem = _post_name(source.path)
    jekyll = JEKYLL_NAME.match(stem)
    reader.jekyll = bool(jekyll)
    title, date = _title_and_date(reader, source, jekyll, notes)
    slug = _slug(reader, jekyll.group(4) if jekyll else stem, problems, source.path)
    converted = _foreign().convert_body(front.body, source.path, front.body_line, {**meta, "title": title, "date": date}, site, i18n)
    notes.extend(converted.notes)
    reader.check_kept()
    tags = _first_tags(reader, notes)
    extra = {k: v for k, v in meta.items() if k not in reader.known}
    notes += unknown_key_warnings(source.path, extra, meta)
    entry = Entry(
        source=source.path,
        kind=source.kind,
        digest=source.digest,
        title=title,
        slug=slug,
        body=converted.body,
        body_line=front.body_line,
        date=date,
        updated=reader.first_datetime("updated", "lastmod", "modified", "last_modified_at"),
        publish_date=reader.first_datetime("publishDate", "publish_date", "publishdate"),
        expiry_date=reader.first_datetime("expiryDate", "expiry_date", "expirydate"),
        description=reader.text("description"),
        summary=reader.text("summary") or reader.text("excerpt") or _foreign().summary_of(front.body),
        tags=tags,
        image=reader.image(),
        image_alt=reader.image_alt(),
        author=reader.author(),
        fediverse=reader.fediverse(),
        draft=reader.is_draft(),
        customer=reader.customer(),
        outcome=reader.text("outcome"),
        aliases=reader.url_paths("aliases") + reader.url_paths("redirect_from"),
        template=reader.text("layout") or reader.text("template"),
        permalink=_own_permalink(reader, slug, date, tags),
        extra=extra,
        notes=tuple(notes),
        site_used=converted.site_used,
    )
    if problems:
        raise _Problems(problems)
    return entry


def _foreign():
    """foreign_syntax.py (other generators' syntax in a body) and what it uses: ~8 ms of imports
    that the first post parsed loads, and a build with nothing to parse never does."""
    from wom_site import foreign_syntax

    return foreign_syntax


def _not_yaml(path: str, front: FrontMatter) -> list[Problem]:
    if not front.not_yaml:
        return []
    line, why = front.not_yaml  # `title: Santa: the sequel` is no YAML, but it is what Pelican reads
    return [warning(path, line, tell("front matter is not YAML (%(reason)s): read as `Key: value` lines, "
                                     "as Pelican does") % {"reason": why})]


def _title_and_date(reader: _FieldReader, source: SourceFile, jekyll: re.Match | None,
                    notes: list[Problem]) -> tuple[str, dt.datetime | None]:
    """The post's title and date; a Jekyll post's file name (2026-03-14-name.md) gives those it lacks."""
    title = reader.text("title", required=not jekyll)
    if not title and jekyll:  # Jekyll titles a post without one from its file name
        title = jekyll.group(4).replace("-", " ").strip().title()
        notes.append(warning(source.path, 1, tell("title: missing; “%(title)s” taken from the file name") % {"title": title}))
    date = reader.datetime("date")
    if date is None and jekyll:
        date = dt.datetime(*map(int, jekyll.groups()[:3]), tzinfo=reader.tz)
    if date is None and source.kind in ("stories", "tips") and reader.meta.get("date") in (None, ""):  # `date:` left empty too
        reader.problems.append(Problem(source.path, line_of(reader.meta, "date") or 1,
                                       "date: required for stories and tips (such as 2026-03-14)"))
    return title, date


def _first_tags(reader: _FieldReader, notes: list[Problem]) -> tuple[str, ...]:
    """The post's tags, at most MAX_TAGS of them."""
    tags = reader.tags()
    if len(tags) > MAX_TAGS:  # each tag's page and feeds list the post with all its tags: n tags, n² links
        notes.append(warning(reader.path, line_of(reader.meta, "tags") or line_of(reader.meta, "categories") or 1,
                             f"tags: {len(tags)} tags; only the first {MAX_TAGS} are used"))
        tags = tags[:MAX_TAGS]
    return tags


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


# --- slugs -------------------------------------------------------------------

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
    elif len(slug) > MAX_NAME:  # a folder of output/ is named by it
        reader._problem("slug", f"{len(slug)} characters; a slug holds at most {MAX_NAME}")
        return ""
    return slug
