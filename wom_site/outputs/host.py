"""_headers and _redirects for Netlify and Cloudflare Pages (hosting.netlify / hosting.cloudflare).

A finisher: it reads the paths of every other Output (fingerprinted files get long cache
headers), so registry.py runs it after the others. A site's own static/_headers replaces it.
"""

from __future__ import annotations

from collections.abc import Iterator

from wom_site.hosting import format_redirects, not_found_rules, redirect_code, redirect_rules, render_headers
from wom_site.outputs import Inputs, Output


def generate(inputs: Inputs, published: tuple[str, ...]) -> Iterator[Output]:
    hosting = inputs.site.config.hosting
    if not (hosting.netlify or hosting.cloudflare):
        return
    yield Output("_headers", "host", _headers, (inputs.site.frame, published), default=True)
    site = inputs.site
    rules = tuple(rule for each in inputs.sites for rule in redirect_rules(each))  # every language's old URLs
    yield Output("_redirects", "host", _redirects, (rules, redirect_code(site), not_found_rules(inputs.sites)), default=True)


def _headers(frame, published) -> bytes:
    return render_headers(frame, published).encode()


def _redirects(rules: tuple[tuple[str, str], ...], code: str, not_found: tuple[tuple[str, str], ...] = ()) -> bytes:
    return format_redirects(rules, code, not_found).encode()
