"""Substrings that every match of a regular expression contains, read from the pattern itself.

A body without any of them cannot match, so a costly scan (foreign_syntax.py: another
generator's syntax) can be skipped with a few `in` tests. Taking them from the compiled
patterns keeps the shortcut true when a pattern changes: nothing to keep in step by hand.
"""

from __future__ import annotations

import re

try:  # the parser `re` compiles with (Python 3.11+); sre_parse before
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

_MAX_EXACT = 32  # alternatives kept when spelling out a small branch ((page|site)\.)


def needles(patterns: list[re.Pattern]) -> frozenset[str]:
    """Strings such that any match of any of `patterns` contains one; {""} (always scan) when
    a pattern has no such string or cannot be read."""
    found: set[str] = set()
    for pattern in patterns:
        try:
            own = _needles(list(sre_parse.parse(pattern.pattern, pattern.flags)))
        except (re.error, TypeError, ValueError, RecursionError):
            own = None
        if not own or pattern.flags & re.IGNORECASE:
            return frozenset({""})
        found |= own
    return frozenset(n for n in found if not any(other in n for other in found if other != n))  # "{{<" is in "{{"


def characters(found: frozenset[str]) -> frozenset[str]:
    """One character of each needle, the bracket or bar where it has one: a body holding none of
    them holds no needle, and `c in body` runs at memchr's speed."""
    return frozenset(min(n, key=lambda c: (_SYNTAX + c).index(c)) for n in found if n)


def _needles(items: list) -> frozenset[str] | None:
    """The best needle set of a sequence: one of its runs of exact text, or one item's own."""
    candidates: list[frozenset[str]] = []
    run: frozenset[str] | None = frozenset({""})
    for op, arg in items + [(None, None)]:  # the sentinel ends the last run
        exact = _exact(op, arg) if op is not None else None
        if exact is not None and run is not None and len(run) * len(exact) <= _MAX_EXACT:
            run = frozenset(a + b for a in run for b in exact)
            continue
        if run and min(map(len, run)):
            candidates.append(run)
        run = exact if exact is not None else frozenset({""})
        inner = _inner(op, arg) if op is not None else None
        if inner:
            candidates.append(inner)
    return max(candidates, key=_rarity, default=None)


def _rarity(strings: frozenset[str]) -> tuple:
    """Prose is full of words ("raw", "toc"): template syntax shows in its brackets and bars.
    The set whose every string holds one of them, then its shortest string the longest."""
    return all(any(c in s for c in _SYNTAX) for s in strings), min(map(len, strings)), -len(strings)


_SYNTAX = "{}|<>%"


def _exact(op, arg) -> frozenset[str] | None:
    """The strings one item matches, when they are few and literal."""
    if op is sre_parse.LITERAL:
        return frozenset({chr(arg)})
    if op is sre_parse.IN and all(kind is sre_parse.LITERAL for kind, _ in arg) and len(arg) <= _MAX_EXACT:
        return frozenset(chr(value) for _, value in arg)
    if op is sre_parse.SUBPATTERN:
        return _exact_sequence(list(arg[-1]))
    if op is sre_parse.BRANCH:
        alternatives = [_exact_sequence(list(branch)) for branch in arg[1]]
        if all(a is not None for a in alternatives) and sum(map(len, alternatives)) <= _MAX_EXACT:
            return frozenset().union(*alternatives)
    return None


def _exact_sequence(items: list) -> frozenset[str] | None:
    strings = frozenset({""})
    for op, arg in items:
        exact = _exact(op, arg)
        if exact is None or len(strings) * len(exact) > _MAX_EXACT:
            return None
        strings = frozenset(a + b for a in strings for b in exact)
    return strings


def _inner(op, arg) -> frozenset[str] | None:
    """Needles of an item that is not exact text but must match: a group, a branch, a repeat."""
    if op is sre_parse.SUBPATTERN:
        return _needles(list(arg[-1]))
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT) and arg[0] >= 1:
        return _needles(list(arg[2]))
    if op is sre_parse.BRANCH:
        each = [_needles(list(branch)) for branch in arg[1]]
        return frozenset().union(*each) if all(each) else None
    return None
