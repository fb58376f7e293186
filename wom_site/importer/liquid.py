"""Jekyll's Liquid logic in a post ({% assign %}, {% for %}, {% if %}...), run once at import.

A post's loops and conditions have no Markdown equivalent; Jekyll ran them on every build.
`wom import jekyll` runs them once with python-liquid, against the site's _config.yml (`site`)
and the post's front matter (`page`), and keeps their result. Only spans made of Liquid's own
logic tags are run, never code blocks, and never tags that reach other files ({% include %}):
what cannot be run stays as written, and the build names it.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"\{%-?\s*(\w+)\b.*?-?%\}", re.S)
OPENING = {"for": "endfor", "if": "endif", "unless": "endunless", "case": "endcase", "capture": "endcapture",
           "tablerow": "endtablerow"}
LOGIC = set(OPENING) | set(OPENING.values()) | {"assign", "else", "elsif", "when", "break", "continue", "cycle",
                                                "increment", "decrement", "echo"}


def run_logic(body: str, site: dict, page: dict) -> str:
    """`body` with each span of Liquid logic replaced by what it renders to."""
    try:
        import liquid
    except ModuleNotFoundError:
        return body
    from wom_site.content import slugify

    env = liquid.Environment(undefined=liquid.StrictUndefined)
    env.filters.update(slugify=lambda text, *_: slugify(str(text)), relative_url=str, absolute_url=str,
                       markdownify=str, jsonify=lambda value: __import__("json").dumps(value))  # Jekyll's own filters
    out, last = [], 0
    for start, end in _spans(body):
        span = body[start:end]
        if "```" in span or "~~~" in span:
            continue  # code: shown as written
        try:
            rendered = env.from_string(span).render(site=site, page=page)
        except Exception:  # noqa: BLE001 - any Liquid error: leave the span for the build to name
            continue
        out += [body[last:start], rendered]
        last = end
    out.append(body[last:])
    return "".join(out)


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
