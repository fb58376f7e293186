"""The one place that decides which Output a path gets, for every kind of file.

- A cleaned photo replaces the static file or asset it was made from (REPLACES).
- A generated default (robots.txt, _headers) gives way to a site's own file at its path.
- The same file asked for twice by one source (an alias written twice) is one file.
- Anything else is a clash: one error naming both sources, blaming the user's file.
"""

from __future__ import annotations

from collections.abc import Iterable

from wom_site.diagnostics import Problem
from wom_site.outputs import Output

REPLACES = {"photo": {"static", "asset"}}  # kind -> kinds it replaces at the same path, silently


def decide(outputs: Iterable[Output]) -> tuple[dict[str, Output], list[Problem]]:
    """path -> the Output published there, and an error per clash."""
    chosen: dict[str, Output] = {}
    problems: list[Problem] = []
    for output in outputs:
        earlier = chosen.get(output.path)
        if earlier is None:
            chosen[output.path] = output
            continue
        winner = _winner(earlier, output)
        if winner is None:
            problems.append(clash(earlier, output))
        else:
            chosen[output.path] = winner
    return chosen, problems


def _winner(earlier: Output, later: Output) -> Output | None:
    if later.kind in REPLACES.get(earlier.kind, ()):
        return earlier
    if earlier.kind in REPLACES.get(later.kind, ()):
        return later
    if earlier.default != later.default:
        return later if earlier.default else earlier
    if earlier.name == later.name:
        return earlier  # one source asking twice for one file (an alias written twice)
    return None


def clash(earlier: Output, later: Output) -> Problem:
    """One error naming both: the user's file is blamed (it is what they can change)."""
    if later.origin:
        blamed, other, kind = later.origin, earlier.name, later.kind
    elif earlier.origin:
        blamed, other, kind = earlier.origin, later.name, earlier.kind
    else:
        blamed, other, kind = "site.yaml", later.name, later.kind
    url = "/" + later.path.removesuffix("index.html")
    advice = "change a slug, permalink or alias" if kind == "page" else "rename or remove one of them"
    return Problem(blamed, None, f"its URL {url} is also written by {other}; {advice}")
