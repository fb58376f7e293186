"""A planned page: PageJob (its template, meta tags and context, ready), or LazyJob (planned
only if it must be rendered)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from wom_site.share.meta import PageMeta
from wom_site.share.qr import qr_svg
from wom_site.site import Page


@dataclass
class PageJob:
    output: str  # file path inside output/
    template: str
    meta: PageMeta
    context: dict = field(default_factory=dict)

    @property
    def noindex(self) -> bool:
        return self.meta.noindex


@dataclass
class LazyJob:
    """A page planned only if it must be rendered: most of a big site's pages are posts and
    their card pages, and an unchanged one is recognised without building its meta tags,
    JSON-LD and share links.

    `plan` is a functools.partial of a module-level function over a small plain view of what
    the page reads (pages/posts.py: PostView), never the whole Site. The page's key is a digest
    of that partial (keys.Fingerprints walks it like any Output's args): what planning reads is
    what the key covers, with no list of inputs kept beside it by hand."""

    output: str
    template: str
    noindex: bool
    plan: functools.partial  # () -> PageJob
    page: Page | None = None  # the post it shows: names the file in a clash, not part of its key

    def __post_init__(self) -> None:
        if not is_keyed_plan(self.plan):
            raise TypeError(f"{self.output}: a LazyJob's plan must be a functools.partial of a module-level "
                            f"function (its key is a digest of the partial), not {self.plan!r}")


def is_keyed_plan(plan) -> bool:
    """A partial of a module-level function, whose arguments the key can walk."""
    if not isinstance(plan, functools.partial):
        return False
    name = getattr(plan.func, "__qualname__", "")
    return bool(name) and "<" not in name  # not a lambda, nor a function defined inside another


@dataclass(frozen=True)
class QrCode:
    """A QR code drawn only when a template prints it: unchanged card pages never pay for it."""

    url: str
    title: str  # the code's accessible name

    def __html__(self) -> str:
        return qr_svg(self.url, self.title)

    __str__ = __html__
