"""Where templates and static files come from: the site's theme folder over the default."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import wom_site
from wom_site.diagnostics import BuildFailed, Problem
from wom_site.safety import link_problem, resolved_outside

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
        return Problem("site.yaml", line_of_key(site_dir / "site.yaml", "theme"),
                       f"theme: no theme named {name!r} (expected a folder themes/{name}/)")
    if own.is_dir():
        problem = _linked_outside(own, site_dir)
        if problem:
            return problem
    layers = [default] + ([own] if own.is_dir() and own.resolve() != default.resolve() else [])
    template_dirs = tuple(d / "templates" for d in reversed(layers) if (d / "templates").is_dir())
    static_dirs = tuple(d / "static" for d in layers if (d / "static").is_dir())
    return Theme(template_dirs, static_dirs)


def _linked_outside(theme_dir: Path, site_dir: Path) -> Problem | None:
    """A theme folder, or a template in it, that is a link to something outside the site: Jinja
    would read it and the build publish what it holds (a link to ~/.ssh/id_rsa as a template)."""
    outside = resolved_outside(theme_dir, site_dir)
    if outside is not None:
        return Problem(theme_dir.relative_to(site_dir).as_posix(), None,
                       f"leads to {outside}, outside the site; wom reads only files inside the site folder")
    for path in sorted(theme_dir.rglob("*")):
        problem = link_problem(path, path.relative_to(site_dir).as_posix(), site_dir)
        if problem:
            return problem
    return None


def line_of_key(path: Path, key: str) -> int | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), None)


def fingerprint(site_path: str, data: bytes) -> str:
    digest = hashlib.blake2b(data, digest_size=5).hexdigest()
    stem, dot, suffix = site_path.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{site_path}.{digest}"


def collect_static(dirs: tuple[Path, ...], site_dir: Path | None = None) -> dict[str, Path]:
    """Logical path -> file; a later folder overrides an earlier one by path.

    With `site_dir`, a file linking outside the site (or a broken link) stops the build.
    """
    files: dict[str, Path] = {}
    problems = []
    for folder in dirs:
        if site_dir is not None and site_dir in folder.parents and resolved_outside(folder, site_dir):
            problems.append(Problem(folder.relative_to(site_dir).as_posix(), None,
                                    f"leads to {resolved_outside(folder, site_dir)}, outside the site; wom publishes only files inside the site folder"))
            continue
        for path in sorted(folder.rglob("*")):
            if path.name.startswith("."):
                continue
            problem = _unsafe(path, site_dir) if site_dir is not None else None
            if problem:
                problems.append(problem)
            elif path.is_file():
                files[path.relative_to(folder).as_posix()] = path
    if problems:
        raise BuildFailed(problems)
    return files


def _unsafe(path: Path, site_dir: Path) -> Problem | None:
    if site_dir not in path.parents:
        return None  # the default theme, inside the installed package
    return link_problem(path, path.relative_to(site_dir).as_posix(), site_dir)
