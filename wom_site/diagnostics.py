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


def warning(path: str, line: int | None, message: str, code: str = "") -> Problem:
    return Problem(path, line, message, "warning", code)


class BuildFailed(Exception):
    """Raised with every problem of a build, so they can be reported together."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class UnsafePath(Exception):
    """An output or deploy path that would destroy the user's files (exit status 2)."""
