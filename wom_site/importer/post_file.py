"""One old post's file: its text, or why it cannot be imported (in the build's own words)."""

from __future__ import annotations

from pathlib import Path

from wom_site.diagnostics import Problem


def post_text(path: Path, root: Path, rel: str) -> tuple[str, None] | tuple[None, Problem]:
    """The text of the post at `path` (named `rel` in the old site `root`), or the one problem
    that keeps it out: outside the site, unreadable, binary, empty or not UTF-8 (with its line)."""
    why, line = "", None
    try:
        inside = path.resolve().is_relative_to(root.resolve())
        data = path.read_bytes() if inside else b""
    except OSError as error:
        inside, data, why = True, b"", f"cannot be read: {error.strerror or error}"
    if not inside:
        why = "links to a file outside the site folder: not imported"
    elif not why and b"\0" in data:
        why = "is a binary file, not Markdown text"
    elif not why and not data.strip():
        why = "is empty: nothing to import"
    if not why:
        try:
            return data.decode("utf-8").removeprefix("\ufeff"), None
        except UnicodeDecodeError as error:
            why, line = "is not valid UTF-8 text (save it as UTF-8)", data[: error.start].count(b"\n") + 1
    return None, Problem(rel, line, why)


def starts_with_front_matter(path: Path) -> bool:
    """A page Jekyll would render; one that cannot be read is let through, to be named as failed."""
    try:
        with path.open("rb") as f:
            return f.read(3) == b"---"
    except OSError:
        return True
