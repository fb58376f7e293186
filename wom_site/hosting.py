"""Files that Netlify and Cloudflare Pages read from the published folder: _headers, _redirects.

Written by the build when `hosting.netlify` or `hosting.cloudflare` is true. The redirect
pages themselves (meta refresh plus canonical link) exist for every host; these rules
make the two hosts answer old URLs with a real 301 and serve files with good headers.
"""

from __future__ import annotations

from collections.abc import Iterable

from wom_site.policy import FINGERPRINTED, IMMUTABLE, PAGEFIND_DATA, SHORT
from wom_site.search import BUNDLE
from wom_site.site import Frame, Site, redirect_paths

# The theme runs no inline script or handler: JSON-LD is data, never executed.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
}


def content_security_policy(search: bool = False) -> str:
    """`search`: Pagefind compiles its WebAssembly search engine, which needs 'wasm-unsafe-eval'
    (WebAssembly only: eval() of JavaScript stays blocked)."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'" if search else "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https:",  # covers and customer photos may live on other hosts
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ])


def host_files(site: Site, published: Iterable[str]) -> dict[str, bytes]:
    """_headers and _redirects for the site, given every published path; {} when no host asks for them."""
    hosting = site.config.hosting
    if not (hosting.netlify or hosting.cloudflare):
        return {}
    return {"_headers": render_headers(site, published).encode(), "_redirects": render_redirects(site).encode()}


def render_headers(site: Frame | Site, published: Iterable[str]) -> str:
    urls = site.urls
    lines = ["# Written by wom build (hosting.netlify / hosting.cloudflare in site.yaml).", f"{urls.path('')}*"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    lines.append(f"  Content-Security-Policy: {content_security_policy(site.config.search)}")
    lines += [f"{urls.path('feeds/')}*", f"  Cache-Control: {SHORT}"]
    if site.config.search:  # the index's files change names when they change; the scripts do not
        lines += [f"{urls.path(BUNDLE)}*", f"  Cache-Control: {SHORT}"]
        lines += [f"{urls.path(BUNDLE + folder)}/*\n  Content-Type: {PAGEFIND_DATA}" for folder in ("fragment", "index", "filter")]
    for path in sorted(p for p in published if FINGERPRINTED.search(p)):
        lines += [urls.path(path), f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


def render_redirects(site: Site) -> str:
    return format_redirects(redirect_rules(site), redirect_code(site))  # one language (host_files)


def redirect_rules(site: Site) -> tuple[tuple[str, str], ...]:
    """(old path, new URL) for every alias / redirect_from and short link of every page."""
    rules = []
    for page in site.everything:
        for path in redirect_paths(page):
            rules.append((site.urls.path(path), page.url))  # percent-encoded: a space cannot split the rule
    return tuple(rules)


def redirect_code(site: Site) -> str:
    """Netlify needs `!` to redirect where a file exists (the alias's HTML page); Cloudflare
    always redirects and would not read `301!`."""
    return "301!" if site.config.hosting.netlify and not site.config.hosting.cloudflare else "301"


def not_found_rules(sites) -> tuple[tuple[str, str], ...]:
    """(pattern, page): each language's missing addresses answered by its own 404 page, for
    Netlify (which serves only the root's 404.html by itself). Cloudflare Pages needs none: it
    serves the nearest 404.html up the path, and its _redirects takes no 404 status."""
    hosting = sites[0].config.hosting
    if not hosting.netlify or hosting.cloudflare:
        return ()
    return tuple((site.urls.path(site.prefix) + "*", site.urls.path(site.local("404.html"))) for site in sites if site.prefix)


def format_redirects(rules: tuple[tuple[str, str], ...], code: str, not_found: tuple[tuple[str, str], ...] = ()) -> str:
    lines = ["# Written by wom build from aliases / redirect_from front matter and short links."]
    lines += [f"{source} {target} {code}" for source, target in rules]
    if not_found:  # last: Netlify reads rules top down, and a 404 rule applies only where no file is
        lines.append("# Each language's own page for addresses that do not exist.")
        lines += [f"{pattern} {page} 404" for pattern, page in not_found]
    return "\n".join(lines) + "\n"
