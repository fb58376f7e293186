"""Jekyll's Liquid logic in a post ({% assign %}, {% for %}, {% if %}...), run with python-liquid.

A post's loops and conditions have no Markdown equivalent; Jekyll ran them on every build.
`wom import jekyll` runs them once against the site's _config.yml (`site`) and the post's front
matter (`page`) and keeps their result; `wom build` runs them when it reads a post copied
unedited (site_variables.py gives `site`). Only spans made of Liquid's own logic tags are run,
never code, and never tags that reach other files ({% include %}): what cannot be run stays as
written, and the build names it. python-liquid is in the `wom-site[import]` extra: without it
nothing is run (`installed()` says so).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from typing import Callable

_TAG = re.compile(r"\{%-?\s*(\w+)\b.*?-?%\}", re.S)
OPENING = {"for": "endfor", "if": "endif", "unless": "endunless", "case": "endcase", "capture": "endcapture",
           "tablerow": "endtablerow"}
LOGIC = set(OPENING) | set(OPENING.values()) | {"assign", "else", "elsif", "when", "break", "continue", "cycle",
                                                "increment", "decrement", "echo"}


def installed() -> bool:
    return importlib.util.find_spec("liquid") is not None


def run_logic(body: str, site: dict, page: dict, is_code: Callable[[int, int], bool] | None = None) -> str:
    """`body` with each span of Liquid logic replaced by what it renders to. `is_code(start,
    end)`: whether that part of the body is code (left as written)."""
    env = _environment()
    if env is None:
        return body
    out, last = [], 0
    for start, end in _spans(body):
        span = body[start:end]
        if "```" in span or "~~~" in span or (is_code is not None and is_code(start, end)):
            continue  # code: shown as written
        try:
            rendered = env.from_string(span).render(site=site, page=page)
        except Exception:  # noqa: BLE001 - any Liquid error: leave the span for the build to name
            continue
        out += [body[last:start], rendered]
        last = end
    out.append(body[last:])
    return "".join(out)


def jekyll_slugify(text, *_) -> str:
    """Jekyll's slugify filter (its default mode): what is not a letter or digit becomes '-'."""
    return re.sub(r"[\W_]+", "-", str(text).lower()).strip("-")


@functools.lru_cache(maxsize=1)
def _environment():
    try:
        import liquid
    except ModuleNotFoundError:
        return None
    class Bounded(liquid.Environment):  # a post is input: its loops may not run away
        loop_iteration_limit = 10_000
        output_stream_limit = 1_000_000
        local_namespace_limit = 1_000_000
        context_depth_limit = 10

    env = Bounded(undefined=liquid.StrictUndefined)
    env.filters.update(slugify=jekyll_slugify, relative_url=str, absolute_url=str,
                       markdownify=str, jsonify=json.dumps)  # Jekyll's own filters
    return env


def _spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each run of Liquid logic: an assign, or a block with its end tag, and
    the assigns and blocks that follow it directly."""
    spans: list[tuple[int, int]] = []
    depth, start, end = 0, None, 0
    for tag in _TAG.finditer(body):
        name = tag.group(1)
        if name not in LOGIC:
            if depth:  # a tag Liquid alone cannot run (include, highlight...) inside a block
                depth, start = 0, None
            continue
        if start is None:
            if name not in OPENING and name != "assign":
                continue
            start = tag.start()
        if name in OPENING:
            depth += 1
        elif name in OPENING.values():
            depth -= 1
        if depth == 0:
            end = tag.end()
            spans.append((start, end))
            start = None
        elif depth < 0:
            depth, start = 0, None
    return _merge(spans, body)


def _merge(spans: list[tuple[int, int]], body: str) -> list[tuple[int, int]]:
    """An assign's span joins the block after it (the block reads what it assigned)."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not body[merged[-1][1]:start].strip():
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [(start, _output_end(body, end)) for start, end in merged]


def _output_end(body: str, end: int) -> int:
    return end
