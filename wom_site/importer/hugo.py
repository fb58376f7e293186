"""A Hugo site folder: its config (TOML, YAML or JSON), content/ sections and bundles, and the
URLs its permalinks gave them."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from wom_site.content import Entry, slugify
from wom_site.importer import ImportFailed, unreadable
from wom_site.importer.site_folder import MARKDOWN, _base_url, _config, _load_yaml_file, _raw_meta, _Site, _walk

POST_SECTIONS = {"post", "posts", "blog", "news", "articles", "article"}
TRANSLATION = re.compile(r"\.[a-z]{2}(-[a-z]{2,4})?$", re.I)  # about.pt-br.md: Hugo's translation of about.md


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
