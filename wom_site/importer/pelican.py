"""A Pelican site folder: pelicanconf.py (read for its plain values, never run), articles and
pages, the URLs its settings gave them, and its liquid_tags' code files and notebooks."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from wom_site.content import Entry, slugify
from wom_site.diagnostics import Problem, warning
from wom_site.importer import ImportFailed, unreadable
from wom_site.importer.site_folder import MARKDOWN, _base_url, _config, _raw_meta, _Site, _walk
from wom_site.urls import as_format


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
