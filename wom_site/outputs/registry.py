"""Every kind of file the build publishes: one line per kind.

A generator takes outputs.Inputs and yields Outputs; the order below is the order in which
precedence.decide meets them (an earlier Output is the one a clash names first). Finishers
run after it: they read the path of every other Output. Post-processors run after the loop:
they read what it made (the search index reads the pages' HTML) and add files of their own.
"""

from __future__ import annotations

from wom_site.diagnostics import Problem
from wom_site.outputs import Inputs, Output, feeds, files, host, icons, index_json, kit, pages, search, sitemap
from wom_site.outputs.precedence import decide
from wom_site.site import Site

GENERATORS = {
    "page": pages.generate,
    "card": files.cards,
    "feed": feeds.generate,
    "sitemap": sitemap.generate,  # and robots.txt
    "index-json": index_json.generate,
    "kit": kit.generate,  # the customer's share kit: its page and images
    "static": files.static,
    "asset": files.assets,
    "photo": files.photos,
    "icon": icons.generate,  # favicons and the web app manifest, from the brand
}

FINISHERS = {
    "host": host.generate,  # _headers, _redirects
}

POST_PROCESSORS = {
    "search": search.post_process,  # pagefind/: the search index
}


def every_output(inputs: Inputs) -> tuple[dict[str, Output], list]:
    """path -> the Output published there (precedence.decide), and an error per clash."""
    chosen, problems = decide(output for generate in GENERATORS.values() for output in generate(inputs))
    published = tuple(sorted(chosen))
    finished, more = decide([*chosen.values(), *(o for finish in FINISHERS.values() for o in finish(inputs, published))])
    return finished, problems + more


def shown_outputs(inputs: Inputs, shows: dict, sources: set[str]) -> dict[str, Output] | None:
    """The Outputs that the last build recorded as showing any of these posts (loop.Made.shows),
    made again by their generators from `inputs`: a build that changed only those posts' bodies.
    None when one of them cannot be made so (then the build is a full one)."""
    paths = {path for path, (_, shown) in shows.items() if not sources.isdisjoint(shown)}
    kinds = {shows[path][0] for path in paths}
    if not kinds <= GENERATORS.keys():
        return None  # a finisher's file: only a full build makes it
    found = {o.path: o for kind in kinds for o in GENERATORS[kind](inputs) if o.path in paths}
    return found if len(found) == len(paths) else None


def post_process(sites: tuple[Site, ...], files: dict, chosen: dict[str, Output], folder: search.Folder) -> list[Problem]:
    """Let each post-processor add its files to the loop's `files` (path -> bytes | Kept | ...);
    their problems (a clash with a chosen Output is an error). `sites`: one per language, the default first."""
    problems: list[Problem] = []
    for process in POST_PROCESSORS.values():
        problems += process(sites, files, chosen, folder)
    return problems
