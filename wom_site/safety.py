"""Rules that keep content from reaching outside the site: URL paths and linked files.

URL paths written by people (permalink patterns, a post's permalink, aliases) become file
paths under output/; files under content/, static/ and themes/ become published files. Both
are checked here, early, so the author gets one line naming the file and key; output.safe_join
remains the last guard when writing.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from wom_site.diagnostics import Problem


MAX_NAME = 200  # bytes in one file or folder name of output/ (file systems hold 255, with room for temporary names)


def url_path_problem(value: str) -> str | None:
    """Why `value` cannot be a URL path inside the site, or None when it can."""
    longest = max((len(part.encode("utf-8", "surrogatepass")) for part in value.split("/")), default=0)
    if longest > MAX_NAME:
        return f"{value[:40]!r}... has a part of {longest} bytes; a file name holds at most {MAX_NAME}"
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return f"{value!r} contains a control character (a line break or tab?)"
    if "\\" in value:
        return f"{value!r} must not contain '\\'; URL paths use '/'"
    if any(part in (".", "..") for part in value.split("/")):
        return f"{value!r} must not contain '.' or '..' as a folder: it would point outside the site"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return f"{value!r} must be a path on this site, such as /old/address/, not a full URL"
    return None


def link_outside(path: Path, root: Path) -> Path | None:
    """Where a symbolic link leads, when that is outside `root` (else None).

    A link in a shared repository to /etc/passwd or ~/.aws/credentials must never be
    published by a build (GitHub Pages' Jekyll refuses such links too). Linked folders below
    content/ and static/ are not walked at all (os.walk and rglob do not follow them).
    """
    return resolved_outside(path, root) if path.is_symlink() else None


def resolved_outside(path: Path, root: Path) -> Path | None:
    """Where `path` really is (links followed all the way), when that is outside `root`."""
    target = Path(os.path.realpath(path))
    root = Path(os.path.realpath(root))
    return None if target == root or root in target.parents else target


def link_problem(path: Path, rel: str, site_dir: Path) -> Problem | None:
    """A file the build cannot publish: a name that is not UTF-8, a link leading outside the
    site, or a broken link."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:  # os.walk hands such names over with surrogate escapes
        shown = os.fsencode(rel).decode("utf-8", "backslashreplace")
        return Problem(shown, None, "the file name is not valid UTF-8; rename it (a URL needs a UTF-8 name)")
    outside = link_outside(path, site_dir)
    if outside is not None:
        return Problem(rel, None, f"is a link to {outside}, outside the site; wom publishes only files inside the site folder")
    if path.is_symlink() and not path.exists():
        return Problem(rel, None, f"is a broken link (to {os.readlink(path)})")
    return None
