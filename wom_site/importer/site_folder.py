"""What the Jekyll, Hugo and Pelican readers share: a site folder read into posts, pages and
files, the old URLs kept, and the helpers each reader uses (jekyll.py, hugo.py, pelican.py).

Only files are read; nothing of theirs is run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from wom_site.content import Entry, SourceFile, digest_bytes, parse, slugify
from wom_site.diagnostics import Problem, kind_of, warning
from wom_site.front_matter_keys import KIND as UNKNOWN_KEY
from wom_site.importer import Imported, ImportedPost, unreadable
from wom_site.importer.post_file import post_text
from wom_site.urls import as_format, permalink
from wom_site.yamlload import YamlError, load_yaml

MARKDOWN = (".md", ".markdown", ".mdown", ".mkd")
SKIP_DIRS = {"node_modules", "vendor", "themes", "_site", "public", "output", "resources", ".git", "layouts", "_layouts",
             "_includes", "_sass", "_data", "archetypes", "i18n"}


class _Site:
    """A generator's site folder: subclasses say where posts are and what their URLs were."""

    kind = ""

    def __init__(self, root: Path):
        self.root = root
        self.config = self.read_config()
        self.tz = dt.timezone.utc
        self.notes: list[Problem] = []
        self.skipped: list[Problem] = []
        self.failed: list[Problem] = []

    def read(self) -> Imported:
        posts, pages = [], []
        for path, collection, section in self.sources():
            made = self.post(path, collection, section)
            if made is not None:
                (posts if collection == "stories" else pages).append(made)
        pages = [page for page in pages if not self._made_by_wom(page)]
        pattern = self.our_pattern(posts)
        for post in posts + pages:
            self.keep_url(post, pattern if post.dest.startswith("content/stories/") else None)
        _drop_clashing_aliases(posts + pages, pattern, self.notes)
        config = self.site_config()
        if pattern:
            config["stories"] = {"title": "Posts", "permalink": pattern}
        return Imported(config, posts + pages, self.static_files(), self.notes, self.skipped, self.failed)

    def _made_by_wom(self, page: ImportedPost) -> bool:
        """Their theme's home, archive, tags and 404 pages: wom makes its own."""
        own = str(page.meta.get("permalink") or "").strip("/").split("/")[0]
        if page.meta["slug"] in GENERATED or own in GENERATED:
            self.skipped.append(Problem(page.origin, None, "not imported: wom makes this page itself "
                                                           "(home, archive, tags, search or 404)"))
            return True
        return False

    # the parts each generator fills in
    def read_config(self) -> dict:
        return {}

    def sources(self):  # -> (file, "stories" | "pages", section)
        return []

    def site_values(self) -> dict:
        return {}

    def old_url(self, entry: Entry, section: str, path: Path) -> str:
        return ""

    def their_slug(self, entry: Entry, path: Path) -> str:
        return entry.slug

    def pattern(self) -> str:
        return ""

    def static_files(self) -> list[tuple[Path, str]]:
        return []

    def site_config(self) -> dict:
        return {}

    def prepare(self, text: str, path: Path) -> str:
        return _site_values(text, self.site_values())

    # reading one post
    def post(self, path: Path, collection: str, section: str) -> ImportedPost | None:
        rel = path.relative_to(self.root).as_posix()
        dest = f"content/{collection}/{_dest_name(path)}"
        text, failure = post_text(path, self.root, rel)
        if failure is not None:
            self.failed.append(failure)
            return None
        data = self.prepare(text, path).encode("utf-8")
        entry = parse(SourceFile(dest, collection, data, digest_bytes(data)), self.tz)
        if not isinstance(entry, Entry):
            self.failed += [dataclasses.replace(p, path=rel) for p in entry]
            return None
        # what is left to convert; a key wom does not read is kept in the post, and the build names it
        self.notes += [dataclasses.replace(n, path=rel, line=n.line) for n in entry.notes
                       if not n.message.startswith("title: missing") and kind_of(n) != UNKNOWN_KEY]
        slug = self.their_slug(entry, path)
        post = ImportedPost(dest, front_matter(entry, slug), entry.body, rel, self.old_url(entry, section, path))
        if path.name.lower().startswith("index."):  # a bundle: its images and files stay beside it
            post.files = [(f, f"{dest.rsplit('/', 1)[0]}/{f.relative_to(path.parent).as_posix()}")
                          for f in sorted(path.parent.rglob("*")) if f.is_file() and f.suffix.lower() not in MARKDOWN]
        if self.kind != "wordpress" and collection == "stories" and "date" not in post.meta:
            self.notes.append(warning(rel, None, "has no date: imported as a page"))
        return post

    def our_pattern(self, posts: list[ImportedPost]) -> str:
        """Their posts' URL pattern in our words, for site.yaml; "" when ours cannot say it."""
        from wom_site.config import _check_permalink

        pattern = self.pattern()
        if not pattern:
            return ""
        pattern = "/" + pattern.lstrip("/")
        pattern = as_format(re.sub(r"/:categories|/\{category\}", "", pattern))  # their categories are our tags
        return pattern if _check_permalink(pattern) is None else ""

    def keep_url(self, post: ImportedPost, pattern: str | None) -> None:
        """The old URL stays: the post's own permalink, or the pattern's, or an alias to the new one."""
        old = post.old_url
        if not old or post.meta.get("permalink"):
            return
        if pattern:
            new = "/" + permalink(pattern, post.meta["slug"], _date(post.meta.get("date")), slugify((post.meta.get("tags") or [""])[0]))
        elif post.dest.startswith("content/pages/"):
            new = f"/{post.meta['slug']}/"
        else:
            new = f"/stories/{post.meta['slug']}/"
        if _same_url(old, new):
            return
        post.meta.setdefault("aliases", [])
        if old not in post.meta["aliases"]:
            post.meta["aliases"].append(old)


GENERATED = {"index", "home", "archive", "archives", "tags", "tag", "categories", "category", "404", "search", "feed",
             "atom", "rss", "sitemap", "customers", "stories", "tips", "page"}


def _drop_clashing_aliases(posts: list[ImportedPost], pattern: str, notes: list[Problem]) -> None:
    """An old alias that is now another post's URL (Hugo let the real page win) is dropped."""
    urls = {str(p.meta.get("permalink") or "").strip("/") for p in posts if p.meta.get("permalink")}
    urls |= {p.old_url.strip("/") for p in posts if p.old_url}
    for post in posts:
        kept = []
        for alias in post.meta.get("aliases") or []:
            if alias.strip("/") in urls and alias != post.old_url:
                notes.append(warning(post.origin, None, f"aliases: {alias} left out: another post is there"))
            else:
                kept.append(alias)
        if "aliases" in post.meta:
            post.meta["aliases"] = kept


def _same_url(a: str, b: str) -> bool:
    return a.strip("/").removesuffix("index.html").strip("/") == b.strip("/").removesuffix("index.html").strip("/")


def _date(value) -> dt.datetime | None:
    if not value:
        return None
    return dt.datetime.fromisoformat(str(value)) if not isinstance(value, dt.datetime) else value


def _dest_name(path: Path) -> str:
    """The file's name in the new site: Markdown as .md; a bundle keeps its folder."""
    stem = path.stem
    if stem.lower() == "index":
        return f"{path.parent.name}/index.md"
    return f"{stem}.md"


_SITE_VALUE = re.compile(r"\{\{-?\s*site\.(\w+)\s*-?\}\}")


def _site_values(text: str, values: dict) -> str:
    """Liquid's {{ site.title }} and the like, filled from their config."""
    def fill(match: re.Match) -> str:
        value = values.get(match.group(1))
        return str(value) if isinstance(value, (str, int, float)) and match.group(1) not in ("url", "baseurl") else match.group(0)

    return _SITE_VALUE.sub(fill, text) if values else text


def front_matter(entry: Entry, slug: str) -> dict:
    """An entry in our front matter, in the order a person reads it."""
    meta: dict = {"title": entry.title}
    if entry.date:
        meta["date"] = entry.date.isoformat()
    if entry.updated:
        meta["updated"] = entry.updated.isoformat()
    meta["slug"] = slug
    for key, value in (("author", entry.author), ("description", entry.description), ("summary", entry.summary),
                       ("tags", list(entry.tags)), ("image", entry.image), ("image_alt", entry.image_alt)):
        if value:
            meta[key] = value
    if entry.draft:
        meta["draft"] = True
    if entry.publish_date:
        meta["publish_date"] = entry.publish_date.isoformat()
    if entry.expiry_date:
        meta["expiry_date"] = entry.expiry_date.isoformat()
    if entry.permalink:
        meta["permalink"] = entry.permalink
    if entry.aliases:
        meta["aliases"] = list(entry.aliases)
    return meta


def _walk(root: Path, skip_hidden: bool = True):
    """Files below `root`, sorted, leaving out tools' folders, hidden files and (optionally) _folders."""
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if any(part in SKIP_DIRS or part.startswith(".") for part in parts[:-1]) or path.name.startswith("."):
            continue
        if skip_hidden and any(part.startswith("_") for part in parts):
            continue
        if path.is_file():
            yield path


def _load_yaml_file(path: Path) -> dict:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlError) as error:
        raise unreadable(path.name, error) from None
    return data if isinstance(data, dict) else {}


def _base_url(url: str, base: str = "") -> str:
    url = (url or "").strip()
    if not url.startswith(("http://", "https://")):
        return ""
    return url.rstrip("/") + "/" + (base.strip("/") + "/" if base and base.strip("/") else "")


def _raw_meta(path: Path) -> dict:
    from wom_site.frontmatter import FrontMatterError, split_front_matter

    try:
        return split_front_matter(path.read_text(encoding="utf-8")).meta
    except (FrontMatterError, OSError, UnicodeDecodeError):
        return {}


def _config(title, base_url, description, author, timezone) -> dict:
    config = {"title": str(title or "My site"), "base_url": base_url or "https://example.org/"}
    if description:
        config["description"] = str(description).strip()
    if author:
        config["author"] = str(author)
    if timezone:
        config["timezone"] = str(timezone)
    return config
