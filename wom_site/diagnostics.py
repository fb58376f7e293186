"""Problems found in a site's input, carried as values until the CLI prints them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the site root, with forward slashes
    line: int | None
    message: str
    severity: str = "error"  # "error" or "warning"
    code: str = ""  # what kind of problem, for tools that act on one kind (LEFT_AS_TEXT)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


# Another generator's syntax a page would show as text: `wom check` fails on it.
LEFT_AS_TEXT = "left-as-text"


# Where each kind of problem is explained (kind_of's names; anchors in docs/problems.md).
DOCS = "https://github.com/wom-site/wom-site/blob/main/docs/problems.md"
DOC_SECTIONS = {
    "image not found": "image-not-found",
    "unknown front-matter key": "unknown-front-matter-key",
    "placeholder text": "placeholder-text",
    "empty customer quote": "empty-customer-quote",
    "TODO": "todo",
    "image larger than shown": "image-larger-than-shown",
    "no summary": "no-summary",
    "link to a page that does not exist": "link-to-a-page-that-does-not-exist",
    "broken internal link": "link-to-a-page-that-does-not-exist",
    "overdue": "posting-rhythm",
    "silent": "posting-rhythm",
    "not published": "not-published",
}


def kind_of(problem: Problem) -> str:
    """What kind of problem this is: the words before its first colon ("image not found",
    "title"), or the whole message when it has none that short."""
    head = problem.message.split(": ", 1)[0]
    return head if len(head) <= 40 and "/" not in head else problem.message


def doc_link(kind: str) -> str | None:
    anchor = DOC_SECTIONS.get(kind)
    return f"{DOCS}#{anchor}" if anchor else None


def warning(path: str, line: int | None, message: str, code: str = "") -> Problem:
    return Problem(path, line, message, "warning", code)


def place(name: str) -> str:
    """A place (a path, a deploy target) as a terminal line begins with it: `place: message`.
    Quoted only when it holds what would break the line or hide its end: ': ', or anything
    str.isprintable() refuses (controls, C1 controls such as NEL U+0085, line and paragraph
    separators, invisible format characters), which repr() then writes as escapes."""
    name = str(name)
    return repr(name) if not name.isprintable() or ": " in name else name


class BuildFailed(Exception):
    """Raised with every problem of a build, so they can be reported together."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class UnsafePath(Exception):
    """An output or deploy path that would destroy the user's files (exit status 2)."""
