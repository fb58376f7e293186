"""`wom check`: a share-readiness report read from the built site, as a crawler sees it."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wom_site.config import SiteConfig
from wom_site.images import image_info, share_image_warnings
from wom_site.progress import grouped_lines
from wom_site.share.qr import MIN_MODULE_MM, PRINT_WIDTH_MM
from wom_site.urls import Urls

TITLE_MAX = 70
DESCRIPTION_MAX = 200
DESCRIPTION_MIN = 50


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" or "warning"
    page: str  # output path, e.g. "stories/x/index.html", or "site.yaml"
    message: str

    def __str__(self) -> str:
        return f"{self.page}: {'' if self.severity == 'error' else 'warning: '}{self.message}"


class PageReader(HTMLParser):
    """Collects what share crawlers read: title, meta tags, canonical, links and images.
    The one reader of built pages: `wom check` and the preview's share cards both use it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = None
        self._in_title = False
        self.meta: dict[str, list[str]] = defaultdict(list)
        self.tags: list[tuple[str, str]] = []  # every meta name/property and its content, in order
        self.canonical = None
        self.links: list[str] = []
        self.images_without_alt = 0
        self.qr_size = 0  # the share card's QR code: modules across, quiet zone included

    def get(self, *keys: str) -> str:
        """The first non-empty value among the meta tags `keys`, in that order of preference."""
        for key in keys:
            value = (self.meta.get(key) or [""])[0]
            if value:
                return value
        return ""

    @property
    def noindex(self) -> bool:
        return any("noindex" in v for v in self.meta.get("robots", []))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title" and self.title is None:  # the document's; not an inline SVG's <title>
            self._in_title, self.title = True, ""
        elif tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.meta[key].append(a.get("content") or "")
                self.tags.append((key, a.get("content") or ""))
        elif tag == "link" and "canonical" in (a.get("rel") or "").split() and self.canonical is None:
            self.canonical = a.get("href")
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "img" and "alt" not in a:
            self.images_without_alt += 1
        elif tag == "svg" and "qr-code" in (a.get("class") or "").split() and a.get("viewbox"):
            self.qr_size = int(float(a["viewbox"].split()[2]))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def build_finding(problem) -> Finding:
    """A build's warning (a diagnostics.Problem) as a finding naming its source file and line."""
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    return Finding(problem.severity, where, problem.message)


def read_page(document: str) -> PageReader:
    page = PageReader()
    page.feed(document)
    page.close()
    return page


def site_base(base_url: str):
    """base_url split into its parts, its path ending in "/" and decoded (as local_target
    decodes links): what page findings resolve links against."""
    parts = urlsplit(Urls.from_base(base_url).base_url)
    return parts._replace(path=unquote(parts.path))


def base_url_findings(base_url: str) -> list[Finding]:
    if site_base(base_url).scheme != "https":
        return [Finding("warning", "site.yaml", f"base_url {base_url} is not https: some platforms show no preview for plain http")]
    return []


def check_output(output_dir: Path, config: SiteConfig, now: dt.datetime) -> list[Finding]:
    base = site_base(config.base_url)
    findings = base_url_findings(config.base_url)
    titles, descriptions = defaultdict(list), defaultdict(list)
    newest = None
    image_cache: dict = {}  # og:image problems by URL, and broken links by ("broken", href)
    for path in sorted(output_dir.rglob("*.html")):
        rel = path.relative_to(output_dir).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        page = read_page(text)
        noindex = page.noindex
        if "refresh" in text[:2000] and noindex:
            continue  # a redirect page
        findings += page_findings(rel, page, base, output_dir, image_cache)
        if not noindex and rel != "404.html":
            titles[page.title or ""].append(rel)
            descriptions[page.get("description")].append(rel)
        published = page.get("article:published_time")
        if published:
            when = dt.datetime.fromisoformat(published)
            newest = when if newest is None or when > newest else newest
    findings += _duplicates(titles, "title") + _duplicates(descriptions, "description")
    if newest and (now - newest).days > config.check.stale_days:
        findings.append(Finding("warning", "site", f"the newest post is {(now - newest).days} days old (check.stale_days: {config.check.stale_days}): a site nobody tends stops being shared"))
    return findings


def page_findings(rel: str, page: PageReader, base, output_dir: Path, image_cache) -> list[Finding]:
    """What keeps one built page from being shared well; `base` from site_base(), `image_cache` a
    dict kept across pages (image checks by URL, and whether a link is broken by ("broken", href))."""
    out: list[Finding] = []
    noindex = page.noindex

    def add(severity, message):
        out.append(Finding(severity, rel, message))

    title = (page.title or "").strip()
    if not title or not page.get("og:title"):
        add("error", "no title (<title> and og:title)")
    elif len(page.get("og:title")) > TITLE_MAX and not noindex:
        add("warning", f"title is {len(page.get('og:title'))} characters; previews cut it after about {TITLE_MAX}")
    description = page.get("og:description") or page.get("description")
    if not description:
        add("error", "no description (meta description and og:description)")
    elif len(description) > DESCRIPTION_MAX:
        add("warning", f"description is {len(description)} characters; previews cut it after about {DESCRIPTION_MAX}")
    elif len(description) < DESCRIPTION_MIN and not noindex:
        add("warning", f"description is only {len(description)} characters; say a little more")
    for key in ("og:url", "og:image", "twitter:image"):
        value = page.get(key)
        if value and not urlsplit(value).scheme:
            add("error", f"{key} is a relative URL ({value}); share crawlers need absolute URLs")
    if page.canonical and not urlsplit(page.canonical).scheme:
        add("error", f"canonical link is relative ({page.canonical})")
    image = page.get("og:image")
    if not image:
        add("warning", "no og:image: the link will unfurl without a picture")
    else:
        if not page.get("og:image:alt"):
            add("warning", "og:image has no alt text (og:image:alt)")
        out += [Finding("warning", rel, f"og:image {m}") for m in _image_problems(image, base, output_dir, image_cache)]
    if page.images_without_alt:
        add("error", f"{page.images_without_alt} image(s) without alt text")
    if page.qr_size and PRINT_WIDTH_MM / page.qr_size < MIN_MODULE_MM:
        add("warning", f"the QR code prints at {PRINT_WIDTH_MM / page.qr_size:.2f} mm a module, under the {MIN_MODULE_MM} mm "
                       "a phone reads at arm's length: its URL is too long (shorten the slug, or set share: {short_links: true})")
    for href in page.links:  # menu, tag and neighbour links repeat on every page: each is looked up once
        if ("broken", href) not in image_cache:
            target = local_target(href, base, output_dir)
            image_cache[("broken", href)] = target is not None and not target.exists()
        if image_cache[("broken", href)]:
            add("error", f"broken internal link: {href}")
    return out


def _image_problems(url: str, base, output_dir: Path, cache) -> list[str]:
    if url not in cache:
        local = local_target(url, base, output_dir)
        if local is None:
            cache[url] = []
        elif not local.is_file():
            cache[url] = [f"{url} does not exist in the output"]
        else:
            info = image_info(local)
            cache[url] = share_image_warnings(info) if info else [f"{url} is not a readable image"]
    return cache[url]


def local_target(href: str, base, output_dir: Path) -> Path | None:
    """The output file an internal URL points at (under the base path), or None for external
    links; the one rule for `wom check`'s links and images and the share preview's images."""
    parts = urlsplit(href)
    if parts.scheme in ("mailto", "tel", "javascript", "data"):
        return None
    if parts.scheme or parts.netloc:
        if parts.netloc != base.netloc:
            return None
    elif not parts.path.startswith("/"):
        return None  # fragment-only or relative links are not checked here
    path = unquote(parts.path)
    if not path.startswith(base.path):
        return output_dir / "__outside_base_path__"
    rel = path[len(base.path):]
    if ".." in rel.split("/"):
        return None
    target = output_dir / rel
    return target / "index.html" if rel == "" or rel.endswith("/") else target


def _duplicates(groups: dict[str, list[str]], what: str) -> list[Finding]:
    return [
        Finding("warning", pages[0], f"same {what} as {', '.join(pages[1:4])}{' and more' if len(pages) > 4 else ''}: {text[:60]!r}")
        for text, pages in groups.items()
        if text and len(pages) > 1
    ]


def format_findings(findings: list[Finding], style: str, verbose: bool = False) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if style == "json":
        return json.dumps({"errors": errors, "warnings": warnings, "findings": [asdict(f) for f in findings]}, indent=2)
    lines = grouped_lines(sorted(findings, key=lambda f: (f.severity != "error", f.page)), verbose, "check")
    lines.append(f"share check: {errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)
