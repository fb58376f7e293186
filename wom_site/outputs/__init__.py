"""Every file the build publishes is an Output; each kind of file has a generator here.

A generator is a function `generate(inputs: Inputs) -> Iterable[Output]`, registered by one
line in registry.py. precedence.py decides, for all kinds at once, which Output a path gets;
loop.py keeps the unchanged ones and makes the others; output.py writes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable


@dataclass(frozen=True, slots=True)
class Output:
    """One file under output/: where it goes, what kind it is, and how to make it.

    `make(*args)` returns the file's bytes (or a Path, copied as it is). The file's key is a
    digest of `args` (with what every file depends on: package version, templates, config),
    so `make` must read nothing but its arguments: a module-level function over plain data,
    Pages, frozen dataclasses. When the key matches the last build's and output/ still holds
    that file, `make` is not called. Arguments the key cannot describe (a Path, bytes, an
    object) make the file on every build; the writer then compares contents.

    A costly file (a social card) names a `memo`, a path under .wom-cache/: the writer keeps
    there what `make` made, and a later build whose output/ lacks the file (a clean build with
    a warm cache, a template edit) takes it from there, checked by its content digest, instead
    of making it again. Such files are made together in the process pool once `pool_from` or
    more of their kind are to be made.
    """

    path: str  # under output/, "/"-separated, no leading slash
    kind: str  # the generator's name in registry.py: "page", "feed", "index-json", ...
    make: Callable[..., bytes | Path]
    args: tuple = ()
    origin: str = ""  # the user's file it comes from ("content/x.md", "static/a.txt"); "" if generated
    label: str = ""  # how a clash names it; default: its origin, else "the generated <kind>"
    default: bool = False  # a generated default that a site's own file at this path replaces (robots.txt)
    memo: str = ""  # under .wom-cache/: where what `make` made is kept for the next builds ("": nowhere)
    pool_from: int = 0  # made in the process pool when at least this many of its kind are made (0: where met)

    def made(self) -> bytes | Path:
        return self.make(*self.args)

    @property
    def name(self) -> str:
        return self.label or self.origin or f"the generated {self.kind}"


def as_is(value: bytes | Path) -> bytes | Path:
    """`make` for a file published as it is (a static file, a cleaned photo)."""
    return value


@dataclass(frozen=True)
class Inputs:
    """What generators read: the assembled site and what the build prepared around it."""

    site: Any  # site.Site
    images: Any  # pages.PageImages: every page's share image
    jobs: tuple  # the planned pages (pages.PageJob | pages.LazyJob)
    site_dir: Path
    static: dict = field(default_factory=dict)  # logical path -> (published path, Path | bytes)
    site_static: frozenset = frozenset()  # logical paths that come from the site's own static/
    assets: tuple = ()  # content.Asset: files beside posts
    photos: dict = field(default_factory=dict)  # site path -> cleaned photo (imagework.PreparedImages.files)
    cards: dict = field(default_factory=dict)  # site path -> social card to draw (share/social_images.PlannedCard)
    translations: tuple = ()  # the site in its other languages (site.Site each; languages.py); jobs holds their pages too
    sanitized: dict = field(default_factory=dict)  # site path -> an .html/.svg asset made safe (activecontent.py)
    voices: tuple = ()  # languages.Voice per language in `translations`: its share images, and how its pages speak

    @property
    def sites(self) -> tuple:
        """The site in every language, the default first."""
        return (self.site, *self.translations)

    def in_every_language(self) -> Iterator[tuple[Any, Any, Callable]]:
        """(site, its pages' share images, what makes a page planned for it speak its language)
        for every language, the default first: for generators that plan pages of their own."""
        yield self.site, self.images, _as_planned
        for voice in self.voices:
            yield voice.site, voice.images, voice.speak


def _as_planned(job):
    return job
