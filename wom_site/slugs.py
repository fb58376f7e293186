"""Slugs: the part of a URL (and the name of a folder of output/) made from a title, file or tag."""

from __future__ import annotations

import re

from anyascii import anyascii

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Fold to ASCII (transliterating, not dropping) and join words with '-'."""
    folded = anyascii(text.replace("'", "").replace("\u2019", "")).lower()
    return _NOT_SLUG.sub("-", folded).strip("-")
