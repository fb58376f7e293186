"""`wom import`: a wom site made from a Jekyll, Hugo or Pelican site folder, or a WordPress export.

    read their site (generators.py, wordpress.py) -> Imported (plain data: config, posts, files)
    -> write.py: site.yaml, content/ with our front matter, static files, a report

Every post is read by the build's own reader (content.parse), so an imported post means what
the same file copied into content/ would mean; the import writes it down in our words, with
the old URL kept (its permalink) or redirected (an alias).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from wom_site.diagnostics import Problem

KINDS = ("jekyll", "hugo", "pelican", "wordpress")


class ImportFailed(Exception):
    """Nothing was imported: the message says why (one line)."""


def unreadable(name: str, error: Exception, why: str = "cannot be read") -> ImportFailed:
    """`name:line: why (error)`, with the line the parser's error names, where it names one."""
    line = _error_line(error)
    return ImportFailed(f"{name}{f':{line}' if line else ''}: {why} ({getattr(error, 'message', None) or error})")


def _error_line(error: Exception) -> int | None:
    """The line of a YAML, TOML, JSON, Python or XML parse error (each says it its own way)."""
    for attribute in ("line", "lineno"):  # YamlError; JSONDecodeError and SyntaxError
        if isinstance(getattr(error, attribute, None), int):
            return getattr(error, attribute)
    position = getattr(error, "position", None)  # xml.etree's ParseError: (line, column)
    if isinstance(position, tuple) and position and isinstance(position[0], int):
        return position[0]
    found = re.search(r"at line (\d+)", str(error))  # tomllib
    return int(found.group(1)) if found else None


@dataclass
class ImportedPost:
    dest: str  # relative to the new site, e.g. "content/stories/my-post.md"
    meta: dict  # our front matter, in the order it is written
    body: str  # Markdown
    origin: str  # where it came from, for the report
    old_url: str = ""  # its URL on the old site (a path), kept or redirected
    files: list[tuple[Path, str]] = field(default_factory=list)  # files beside it (a bundle's images)

    @property
    def is_draft(self) -> bool:
        return bool(self.meta.get("draft"))


@dataclass
class Imported:
    config: dict  # site.yaml
    posts: list[ImportedPost]
    files: list[tuple[Path | bytes, str]]  # static files and images: (source file or bytes, path in the new site)
    notes: list[Problem] = field(default_factory=list)  # what was not converted, and where
    skipped: list[Problem] = field(default_factory=list)  # what was left out on purpose (pages wom makes itself)
    failed: list[Problem] = field(default_factory=list)  # posts that could not be imported: one each, with why


@dataclass
class ImportReport:
    dest: Path
    posts: int
    pages: int
    drafts: int
    files: int
    redirected: int
    kept_urls: int
    notes: list[Problem]
    skipped: list[Problem]
    left_alone: list[str]  # files changed by hand since the last import, not overwritten
    failed: list[Problem] = field(default_factory=list)  # posts that could not be imported (exit status 1)
    source: Path | None = None  # what was imported: failed posts are named by their place in it
    old_urls: dict[str, str] = field(default_factory=dict)  # a post's file in the new site -> its URL on the old one

    def lines(self) -> list[str]:
        lines = [f"imported {self.posts} post(s) ({self.drafts} draft(s)) and {self.pages} page(s), "
                 f"{self.files} file(s) -> {self.dest}",
                 f"old URLs: {self.kept_urls} kept as they were, {self.redirected} redirected to the new address"]
        if self.skipped:
            lines.append(f"not imported ({len(self.skipped)}):")
            lines += [f"  {p}" for p in self.skipped]
        if self.notes:
            lines.append(f"not converted ({len(self.notes)}), to look at:")
            lines += [f"  {p}" for p in self.notes]
        if self.left_alone:
            lines.append(f"changed since the last import, left as they are ({len(self.left_alone)}): {', '.join(self.left_alone[:5])}")
        return lines

    def failure_lines(self) -> list[str]:
        """For stderr when a post could not be imported: one line per post (`file:line: why`), then
        how many of them were imported. Like `wom build --keep-going`, what could be read was written."""
        from wom_site.i18n import tell

        if not self.failed:
            return []
        found = self.posts + self.pages + len(self.failed)
        summary = tell("imported %(done)s of %(found)s posts and pages: %(failed)s could not be imported "
                                       "(listed above, by their place in %(source)s); the others were written to %(dest)s")
        return [str(p) for p in self.failed] + [summary % {"done": self.posts + self.pages, "found": found,
                                                           "failed": len(self.failed), "dest": self.dest,
                                                           "source": self.source}]


def import_site(kind: str, source: Path, dest: Path, download_images: bool = False) -> ImportReport:
    """Read `source` (a site folder, or a WordPress export file) and write a wom site in `dest`."""
    from wom_site.importer.write import write_site

    if kind == "wordpress":
        from wom_site.importer.wordpress import read_wordpress

        imported = read_wordpress(source, download_images)
    else:
        from wom_site.importer.generators import read_generator

        imported = read_generator(kind, source)
        imported.skipped += _drop_files_outside(imported, source)
    report = write_site(imported, dest)
    report.source = source
    return report


def _drop_files_outside(imported: Imported, root: Path) -> list[Problem]:
    """A file of the old site that links outside it (an image that is a link to ~/.ssh/id_rsa)
    is not copied into the new site, which would publish it: named, as the build names one."""
    real, refused = root.resolve(), []

    def inside(files: list) -> list:
        kept = []
        for file, rel in files:
            if isinstance(file, Path) and not file.resolve().is_relative_to(real):
                refused.append(Problem(file.relative_to(root).as_posix() if file.is_relative_to(root) else str(file), None,
                                       "links to a file outside the site folder: not imported"))
            else:
                kept.append((file, rel))
        return kept

    imported.files = inside(imported.files)
    for post in imported.posts:
        post.files = inside(post.files)
    return refused
