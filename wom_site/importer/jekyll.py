"""A Jekyll site folder: _config.yml, _posts/ and _drafts/, pages with front matter, and the
URLs its permalink style gave them."""

from __future__ import annotations

from pathlib import Path

from wom_site.content import Entry, slugify
from wom_site.diagnostics import Problem
from wom_site.importer import ImportFailed
from wom_site.importer.post_file import starts_with_front_matter
from wom_site.importer.site_folder import MARKDOWN, SKIP_DIRS, _base_url, _config, _load_yaml_file, _raw_meta, _Site, _walk
from wom_site.urls import permalink

FILES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".pdf", ".mp4", ".webm", ".mp3", ".ogg",
         ".zip", ".txt", ".csv", ".json", ".ipynb", ".py", ".r", ".sh", ".c", ".js", ".css")
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
