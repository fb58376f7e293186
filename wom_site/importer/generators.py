"""Jekyll, Hugo and Pelican site folders, read into Imported: their config, posts and files.

Only files are read; nothing of theirs is run (pelicanconf.py is read for its plain values).
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import json
import re
import tomllib
from pathlib import Path

from wom_site.config import COLLECTIONS  # noqa: F401 - the collections posts go to
from wom_site.content import Entry, SourceFile, digest_bytes, parse, slugify
from wom_site.diagnostics import Problem, warning
from wom_site.importer import ImportFailed, Imported, ImportedPost, unreadable
from wom_site.importer.post_file import post_text, starts_with_front_matter
from wom_site.urls import as_format, permalink
from wom_site.yamlload import YamlError, load_yaml

MARKDOWN = (".md", ".markdown", ".mdown", ".mkd")
FILES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".pdf", ".mp4", ".webm", ".mp3", ".ogg",
         ".zip", ".txt", ".csv", ".json", ".ipynb", ".py", ".r", ".sh", ".c", ".js", ".css")
POST_SECTIONS = {"post", "posts", "blog", "news", "articles", "article"}
SKIP_DIRS = {"node_modules", "vendor", "themes", "_site", "public", "output", "resources", ".git", "layouts", "_layouts",
             "_includes", "_sass", "_data", "archetypes", "i18n"}
TRANSLATION = re.compile(r"\.[a-z]{2}(-[a-z]{2,4})?$", re.I)  # about.pt-br.md: Hugo's translation of about.md


def read_generator(kind: str, source: Path) -> Imported:
    if not source.is_dir():
        raise ImportFailed(f"{source}: is not a folder; give the folder of the {kind.capitalize()} site")
    reader = {"jekyll": _Jekyll, "hugo": _Hugo, "pelican": _Pelican}[kind](source)
    return reader.read()


# --- what the three share -------------------------------------------------------------

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
        self.notes += [dataclasses.replace(n, path=rel, line=n.line) for n in entry.notes
                       if not n.message.startswith("title: missing")]
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


# --- Jekyll ---------------------------------------------------------------------------------

JEKYLL_STYLES = {"date": "/:categories/:year/:month/:day/:title:output_ext", "pretty": "/:categories/:year/:month/:day/:title/",
                 "ordinal": "/:categories/:year/:y_day/:title:output_ext", "none": "/:categories/:title:output_ext",
                 "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext"}


class _Jekyll(_Site):
    kind = "jekyll"

    def read_config(self) -> dict:
        path = self.root / "_config.yml"
        if not path.is_file() and (self.root / "_config.yaml").is_file():
            path = self.root / "_config.yaml"
        if not path.is_file():
            raise ImportFailed(f"{self.root}: has no _config.yml; is it a Jekyll site?")
        return _load_yaml_file(path)

    def sources(self):
        for folder, draft in (("_posts", False), ("_drafts", True)):
            for posts in sorted(p for p in self.root.rglob(folder) if p.is_dir() and not set(p.parts) & SKIP_DIRS):
                for path in _walk(posts):
                    if path.suffix.lower() in MARKDOWN:
                        yield path, "stories", "drafts" if draft else ""
                    elif path.suffix.lower() in (".html", ".textile"):
                        self.failed.append(Problem(path.relative_to(self.root).as_posix(), None, f"{path.suffix} posts are not imported (Markdown only)"))
        for path in _walk(self.root):
            if path.suffix.lower() in MARKDOWN and path.name.lower() not in ("readme.md", "license.md", "changelog.md", "contributing.md") \
                    and starts_with_front_matter(path):
                yield path, "pages", ""

    def prepare(self, text: str, path: Path) -> str:
        from wom_site.frontmatter import FrontMatterError, split_front_matter
        from wom_site.liquid_logic import run_logic

        try:
            front = split_front_matter(text)
        except FrontMatterError:
            front = None  # the build's reader names the problem
        if front is not None and "{%" in front.body:  # loops and conditions, run once as Jekyll would
            text = text[: len(text) - len(front.body)] + run_logic(front.body, self.config, dict(front.meta))
        text = super().prepare(text, path)
        if "_drafts" in path.parts and text.startswith("---"):
            text = "---\npublished: false" + text[3:]  # a draft stays one
        return text

    def site_values(self) -> dict:
        return self.config

    def pattern(self) -> str:
        collections = self.config.get("collections") if isinstance(self.config.get("collections"), dict) else {}
        posts = collections.get("posts") if isinstance(collections.get("posts"), dict) else {}
        written = str(posts.get("permalink") or self.config.get("permalink") or "date")
        return JEKYLL_STYLES.get(written, written).replace(":output_ext", ".html")

    def old_url(self, entry: Entry, section: str, path: Path) -> str:
        if entry.permalink or section == "drafts":
            return ""
        if entry.kind == "pages":
            return "/" + path.relative_to(self.root).with_suffix(".html").as_posix()
        meta = _raw_meta(path)
        categories = meta.get("categories") or meta.get("category") or []
        if isinstance(categories, str):
            categories = categories.split()
        cats = "/".join(slugify(str(c)) for c in categories if slugify(str(c)))
        pattern = self.pattern().replace(":categories", cats).replace(":y_day", f"{entry.date.timetuple().tm_yday:03d}" if entry.date else "")
        try:
            return "/" + permalink(pattern, entry.slug, entry.date)
        except (ValueError, KeyError):
            return ""

    def static_files(self) -> list[tuple[Path, str]]:
        return [(p, f"static/{p.relative_to(self.root).as_posix()}") for p in _walk(self.root)
                if p.suffix.lower() in FILES and p.suffix.lower() not in (".css", ".js", ".json")
                and p.relative_to(self.root).parts[0] not in ("assets/css", "assets/js")]

    def site_config(self) -> dict:
        author = self.config.get("author")
        author = author.get("name", "") if isinstance(author, dict) else author
        return _config(self.config.get("title") or self.config.get("name"),
                       _base_url(self.config.get("url", ""), self.config.get("baseurl", "")),
                       self.config.get("description"), author, self.config.get("timezone"))


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


# --- Hugo ----------------------------------------------------------------------------------

class _Hugo(_Site):
    kind = "hugo"
    CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json",
               "config/_default/hugo.toml", "config/_default/config.toml", "config/_default/hugo.yaml", "config/_default/config.yaml")

    def read_config(self) -> dict:
        for name in self.CONFIGS:
            path = self.root / name
            if path.is_file():
                try:
                    if path.suffix == ".toml":
                        return tomllib.loads(path.read_text(encoding="utf-8"))
                    if path.suffix == ".json":
                        return json.loads(path.read_text(encoding="utf-8"))
                except (tomllib.TOMLDecodeError, json.JSONDecodeError, OSError) as error:
                    raise unreadable(name, error) from None
                return _load_yaml_file(path)
        raise ImportFailed(f"{self.root}: has no hugo.toml or config.toml; is it a Hugo site?")

    def content_dir(self) -> Path:
        languages = self.config.get("languages") or {}
        default = self.config.get("defaultContentLanguage", "en")
        own = (languages.get(default) or {}).get("contentDir") if isinstance(languages, dict) else None
        return self.root / (own or self.config.get("contentDir") or "content")

    def sources(self):
        content = self.content_dir()
        if not content.is_dir():
            raise ImportFailed(f"{content}: does not exist")
        for path in _walk(content, skip_hidden=False):
            rel = path.relative_to(content)
            if path.suffix.lower() not in MARKDOWN or path.name.startswith("_") or TRANSLATION.search(path.stem):
                continue
            folders = [p.lower() for p in rel.parts[:-1]]
            post = bool(set(folders) & POST_SECTIONS)
            yield path, "stories" if post else "pages", "/".join(rel.parts[:-1] if path.stem != "index" else rel.parts[:-2])

    def their_slug(self, entry: Entry, path: Path) -> str:
        meta = _raw_meta(path)
        written = meta.get("slug")
        name = path.parent.name if path.stem.lower() == "index" else path.stem
        return slugify(str(written)) if written else slugify(name)

    def links(self) -> dict:
        links = self.config.get("permalinks") or {}
        return links.get("page", links) if isinstance(links.get("page"), dict) else links

    def pattern(self) -> str:
        tops = {section.split("/")[0] for section in self.sections}
        if len(tops) != 1:
            return ""  # posts in several sections: each keeps its old URL as an alias
        top = tops.pop()
        written = self.links().get(top)
        written = written if isinstance(written, str) else "/:sections/:slugorfilename/"  # Hugo's default
        if ":sections" in written and len(self.sections) != 1:
            return ""
        return _pretty(_hugo_fill(written, {"section": top, "sections": self.sections[0], **_OURS}))

    @property
    def sections(self) -> list[str]:
        """The sections (folder paths) holding posts."""
        found = getattr(self, "_sections", None)
        if found is None:
            found = self._sections = sorted({section.lower() for _, collection, section in self.sources() if collection == "stories"})
        return found

    def old_url(self, entry: Entry, section: str, path: Path) -> str:
        if entry.permalink:
            return ""
        slug = self.their_slug(entry, path)
        top = section.split("/", 1)[0].lower()
        written = self.links().get(top) if entry.kind == "stories" else None
        written = written if isinstance(written, str) else "/:sections/:slugorfilename/"
        names = {"slug": slug, "slugorfilename": slug, "slugorcontentbasename": slug, "filename": slug, "contentbasename": slug,
                 "title": slugify(entry.title) or slug, "section": top, "sections": section.lower()}
        if entry.date:
            names.update(year=f"{entry.date.year:04d}", month=f"{entry.date.month:02d}", day=f"{entry.date.day:02d}")
        filled = _hugo_fill(written, names)
        return _pretty("/" + re.sub(r"/{2,}", "/", filled).lstrip("/")) if filled else ""

    def static_files(self) -> list[tuple[Path, str]]:
        static = self.root / (self.config.get("staticDir") or "static")
        return [(p, f"static/{p.relative_to(static).as_posix()}") for p in _walk(static, skip_hidden=False)] if static.is_dir() else []

    def site_config(self) -> dict:
        params = self.config.get("params") or {}
        author = params.get("author") or self.config.get("author") or ""
        author = author.get("name", "") if isinstance(author, dict) else author
        return _config(self.config.get("title"), _base_url(self.config.get("baseURL") or self.config.get("baseurl") or ""),
                       params.get("description"), author, self.config.get("timeZone"))


_OURS = {"year": "{year}", "month": "{month}", "day": "{day}", "slug": "{slug}", "slugorfilename": "{slug}",
         "slugorcontentbasename": "{slug}", "filename": "{slug}", "contentbasename": "{slug}", "title": "{slug}"}


def _pretty(url: str) -> str:
    """Hugo's URLs end in "/" (a folder) unless they name a file."""
    return url if not url or url.endswith("/") or url.rsplit("/", 1)[-1].count(".") else url + "/"


def _hugo_fill(pattern: str, names: dict) -> str:
    """Hugo's :tokens filled from `names`; "" when one is not there (:monthname, :weekday...)."""
    missing = []

    def fill(match: re.Match) -> str:
        if match.group(1) not in names:
            missing.append(match.group(1))
            return ""
        return names[match.group(1)]

    filled = re.sub(r":(\w+)", fill, pattern)
    return "" if missing else filled


# --- Pelican -------------------------------------------------------------------------------

class _Pelican(_Site):
    kind = "pelican"

    def read_config(self) -> dict:
        path = self.root / "pelicanconf.py"
        if not path.is_file() and (self.root / "content").is_dir():
            return {}  # a repository of the posts alone (bossylobster-blog): Pelican's defaults; site_config says so
        if not path.is_file():
            raise ImportFailed(f"{self.root}: has no pelicanconf.py; is it a Pelican site?")
        config = _python_values(path)
        if (self.root / "publishconf.py").is_file():
            config.update({k: v for k, v in _python_values(self.root / "publishconf.py").items() if v})
        return config

    def content_dir(self) -> Path:
        return self.root / str(self.config.get("PATH") or "content")

    def sources(self):
        content = self.content_dir()
        pages = [str(p) for p in self.config.get("PAGE_PATHS") or ["pages"]]
        static = [str(p) for p in self.config.get("STATIC_PATHS") or ["images"]]
        for path in _walk(content, skip_hidden=False):
            rel = path.relative_to(content).as_posix()
            if any(rel == s or rel.startswith(s.rstrip("/") + "/") for s in static):
                continue
            if path.suffix.lower() == ".rst":
                self.failed.append(Problem(path.relative_to(self.root).as_posix(), None, "reStructuredText is not imported (Markdown only)"))
            elif path.suffix.lower() in MARKDOWN:
                page = any(rel.startswith(p.rstrip("/") + "/") for p in pages)
                yield path, "pages" if page else "stories", rel.rsplit("/", 1)[0] if "/" in rel else ""

    def prepare(self, text: str, path: Path) -> str:
        text = _inline_code_and_notebooks(text, self.content_dir(), self.config, self.notes, path.relative_to(self.root).as_posix())
        return text

    def their_slug(self, entry: Entry, path: Path) -> str:
        meta = _raw_meta(path)
        if meta.get("slug"):
            return slugify(str(meta["slug"]))
        source = str(self.config.get("SLUGIFY_SOURCE") or "title")
        return slugify(entry.title if source == "title" else path.stem) or entry.slug

    def pattern(self) -> str:
        return str(self.config.get("ARTICLE_URL") or "{slug}.html")

    def old_url(self, entry: Entry, section: str, path: Path) -> str:
        if entry.permalink:
            return ""
        meta = _raw_meta(path)
        pattern = str(self.config.get("PAGE_URL" if entry.kind == "pages" else "ARTICLE_URL") or ("pages/{slug}.html" if entry.kind == "pages" else "{slug}.html"))
        category = meta.get("category") or (section.split("/")[0] if section and self.config.get("USE_FOLDER_AS_CATEGORY", True) else self.config.get("DEFAULT_CATEGORY", "misc"))
        values = {"slug": self.their_slug(entry, path), "date": entry.date, "category": slugify(str(category)),
                  "author": slugify(entry.author.split(",")[0]) if entry.author else "", "lang": "en"}
        try:
            return "/" + as_format(pattern).format(**values).lstrip("/")
        except (KeyError, ValueError, AttributeError, IndexError):
            return ""

    def static_files(self) -> list[tuple[Path, str]]:
        content, found = self.content_dir(), []
        for folder in self.config.get("STATIC_PATHS") or ["images"]:
            base = content / str(folder)
            if base.is_file():
                found.append((base, f"static/{folder}"))
            elif base.is_dir():
                found += [(p, f"static/{p.relative_to(content).as_posix()}") for p in _walk(base, skip_hidden=False)]
        return found

    def site_config(self) -> dict:
        c = self.config
        if not (self.root / "pelicanconf.py").is_file():
            self.notes.append(Problem("pelicanconf.py", None, "not found: Pelican's defaults were used (URLs {slug}.html); "
                                      "fill in site.yaml's title and base_url", "warning"))
        return _config(c.get("SITENAME"), _base_url(str(c.get("SITEURL") or "")), c.get("SITESUBTITLE"), c.get("AUTHOR"), c.get("TIMEZONE"))


def _python_values(path: Path) -> dict:
    """The plain values (strings, numbers, lists, dicts) assigned at the top of a Python
    settings file, read without running it."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, OSError, UnicodeDecodeError) as error:
        raise unreadable(path.name, error) from None
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return values


_INCLUDE_CODE = re.compile(r"^[ \t]*\{%\s*include_code\s+(\S+)(.*?)%\}[ \t]*$", re.M)
_NOTEBOOK = re.compile(r"^[ \t]*\{%\s*notebook\s+(\S+)(?:\s+cells\[(-?\d*):(-?\d*)\])?\s*%\}[ \t]*$", re.M)


def _inline_code_and_notebooks(text: str, content: Path, config: dict, notes: list, rel: str) -> str:
    """Pelican's liquid_tags include_code and notebook, with the file's code or cells in the post."""
    code_dir = content / str(config.get("CODE_DIR") or "code")

    def code(match: re.Match) -> str:
        path = code_dir / match.group(1)
        words = match.group(2).split()
        lang = next((w.split(":", 1)[1] for w in words if w.startswith("lang:")), "")
        title = " ".join(w for w in words if not w.startswith("lang:")).strip("\"'")
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return match.group(0)
        return (f"**{title}**\n\n" if title else "") + f"```{lang}\n{source.rstrip()}\n```"

    def notebook(match: re.Match) -> str:
        path = content / match.group(1)
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells") or []
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError):
            return match.group(0)
        start = int(match.group(2)) if match.group(2) else None
        end = int(match.group(3)) if match.group(3) else None
        return "\n\n".join(_cell(cell, notes, rel) for cell in cells[start:end])

    return _NOTEBOOK.sub(notebook, _INCLUDE_CODE.sub(code, text))


def _cell(cell: dict, notes: list, rel: str) -> str:
    source = "".join(cell.get("source") or [])
    if cell.get("cell_type") == "markdown":
        return source
    if cell.get("cell_type") != "code":
        return ""
    parts = [f"```python\n{source.rstrip()}\n```"]
    for output in cell.get("outputs") or []:
        text = "".join(output.get("text") or (output.get("data") or {}).get("text/plain") or [])
        if text.strip():
            parts.append("```\n" + text.rstrip() + "\n```")
        elif "image/png" in (output.get("data") or {}):
            parts.append("*(a figure of the notebook, not imported)*")
            if not any(n.path == rel and "figure" in n.message for n in notes):
                notes.append(warning(rel, None, "notebook figures are not imported: the notebook's text and code are"))
    return "\n\n".join(parts)
