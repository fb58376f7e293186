"""Every kind of file the build publishes: one line per kind.

A generator takes outputs.Inputs and yields Outputs; the order below is the order in which
precedence.decide meets them (an earlier Output is the one a clash names first). Finishers
run after it: they read the path of every other Output.
"""

from __future__ import annotations

from wom_site.outputs import Inputs, Output, feeds, files, host, index_json, kit, pages, sitemap
from wom_site.outputs.precedence import decide

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
}

FINISHERS = {
    "host": host.generate,  # _headers, _redirects
}


def every_output(inputs: Inputs) -> tuple[dict[str, Output], list]:
    """path -> the Output published there (precedence.decide), and an error per clash."""
    chosen, problems = decide(output for generate in GENERATORS.values() for output in generate(inputs))
    published = tuple(sorted(chosen))
    finished, more = decide([*chosen.values(), *(o for finish in FINISHERS.values() for o in finish(inputs, published))])
    return finished, problems + more
