"""Where templates and static files come from: the site's theme folder over the default."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import wom_site
from wom_site.diagnostics import Problem

FINGERPRINTED = (".css", ".js")


def default_theme_dir() -> Path:
    """The default theme, inside the installed package or beside it in a checkout."""
    package = Path(wom_site.__file__).parent
    for candidate in (package / "themes" / "default", package.parent / "themes" / "default"):
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError("the default theme is missing from the wom-site installation")


@dataclass(frozen=True)
class Theme:
    template_dirs: tuple[Path, ...]  # searched in order
    static_dirs: tuple[Path, ...]  # later ones override earlier ones, by path

    def templates(self) -> set[str]:
        names = set()
        for folder in self.template_dirs:
            names.update(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
        return names


def resolve_theme(site_dir: Path, name: str) -> Theme | Problem:
    default = default_theme_dir()
    own = site_dir / "themes" / name
    if name != "default" and not own.is_dir():
        return Problem("site.yaml", None, f"theme: no theme named {name!r} (expected a folder themes/{name}/)")
    layers = [default] + ([own] if own.is_dir() and own.resolve() != default.resolve() else [])
    template_dirs = tuple(d / "templates" for d in reversed(layers) if (d / "templates").is_dir())
    static_dirs = tuple(d / "static" for d in layers if (d / "static").is_dir())
    return Theme(template_dirs, static_dirs)


@dataclass(frozen=True)
class StaticFile:
    source: Path
    site_path: str  # published path, fingerprinted for CSS and JS


def fingerprint(site_path: str, data: bytes) -> str:
    digest = hashlib.blake2b(data, digest_size=5).hexdigest()
    stem, dot, suffix = site_path.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{site_path}.{digest}"


def collect_static(dirs: tuple[Path, ...]) -> dict[str, Path]:
    """Logical path -> file; a later folder overrides an earlier one by path."""
    files: dict[str, Path] = {}
    for folder in dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                files[path.relative_to(folder).as_posix()] = path
    return files
