"""Open Graph, X card and JSON-LD for every page, computed in Python for the templates."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from wom_site.config import SiteConfig, fediverse_handle
from wom_site.i18n import Translator, og_locale, translator
from wom_site.share import business as business_ld
from wom_site.site import shorten

X_TITLE_MAX = 70  # X cuts card titles after about 70 characters: cut at a word ourselves


@dataclass(frozen=True)
class ImageRef:
    url: str  # absolute
    width: int
    height: int
    type: str  # MIME type
    alt: str


@dataclass
class PageMeta:
    title: str  # the page's own title (og:title)
    document_title: str  # <title>: page title · site name
    description: str
    canonical: str
    og_type: str  # "article" or "website"
    image: ImageRef | None
    properties: list[tuple[str, str]] = field(default_factory=list)  # <meta property=...>
    names: list[tuple[str, str]] = field(default_factory=list)  # <meta name=...>
    json_ld: str = ""  # serialized, safe inside <script>
    noindex: bool = False


def iso(value: dt.datetime | None) -> str:
    return value.isoformat() if value else ""


def _handle(value: str) -> str:
    value = value.strip()
    return value if not value or value.startswith("@") else "@" + value


def page_meta(
    config: SiteConfig, *, title: str, description: str, canonical: str, image: ImageRef | None,
    article=None, json_ld: list[dict] | None = None, is_home: bool = False, noindex: bool = False,
    section: str = "", alternates: tuple[str, ...] = (), i18n: Translator | None = None,
) -> PageMeta:
    """Meta tags for a page; `article` is a site.Page for stories and tips, `section` its
    collection's title; `alternates`: og:locale of the page's other languages."""
    site_name = config.title
    document_title = site_name if is_home or title == site_name else f"{title} · {site_name}"
    og_type = "article" if article is not None else "website"
    props = [
        ("og:title", title), ("og:description", description), ("og:url", canonical),
        ("og:type", og_type), ("og:site_name", site_name), ("og:locale", og_locale(config.language)),
    ] + [("og:locale:alternate", other) for other in alternates]
    names = [("twitter:card", "summary_large_image"), ("twitter:title", shorten(title, X_TITLE_MAX)),
             ("twitter:description", description)]
    if image:
        props += [("og:image", image.url), ("og:image:secure_url", image.url) if image.url.startswith("https:") else ("og:image:url", image.url),
                  ("og:image:width", str(image.width)), ("og:image:height", str(image.height)),
                  ("og:image:type", image.type), ("og:image:alt", image.alt)]
        names += [("twitter:image", image.url), ("twitter:image:alt", image.alt)]
    if config.social.x:
        names.append(("twitter:site", _handle(config.social.x)))
    if article is not None:
        entry = article.entry
        props.append(("article:published_time", iso(entry.date)))
        props.append(("article:modified_time", iso(entry.updated or entry.date)))
        if entry.author or config.author:
            props.append(("article:author", entry.author or config.author))
        props.append(("article:section", section))
        props += [("article:tag", tag.name) for tag in article.tags]
        creator = entry.extra.get("x") or config.social.x
        if isinstance(creator, str) and creator:
            names.append(("twitter:creator", _handle(creator)))
        names += slack_labels(article, i18n)
    fediverse = fediverse_creator(config, article.entry if article is not None else None)
    if fediverse:
        names.append(("fediverse:creator", fediverse))
    return PageMeta(title, document_title, description, canonical, og_type, image, props, names,
                    dump_json_ld(json_ld or []), noindex)


def fediverse_creator(config: SiteConfig, entry=None) -> str:
    """Whom Mastodon credits for a page: the post's handle, its author's, else the site's."""
    if entry is not None and entry.fediverse:
        return entry.fediverse
    author = (entry.author if entry is not None else "") or config.author
    for known in config.authors:
        if known.name == author and known.fediverse:
            return fediverse_handle(known.fediverse) or ""
    return fediverse_handle(config.social.fediverse or config.social.mastodon) or ""


def slack_labels(article, i18n: Translator | None = None) -> list[tuple[str, str]]:
    """Slack's unfurl shows up to two label/value pairs under the description (in `i18n`'s language)."""
    i18n = i18n or translator("en")
    minutes = i18n.ngettext("%(num)s min read", "%(num)s min read", article.reading_minutes) % {
        "num": i18n.format_number(article.reading_minutes)}
    labels = [(i18n.gettext("Reading time"), minutes)]
    customer = article.entry.customer
    if article.kind == "stories" and customer and (customer.name or customer.company):
        labels.append((i18n.gettext("Customer"), ", ".join(p for p in (customer.name, customer.company) if p)))
    names = []
    for number, (label, data) in enumerate(labels, 1):
        names += [(f"twitter:label{number}", label), (f"twitter:data{number}", data)]
    return names


def dump_json_ld(items: list[dict]) -> str:
    """JSON that cannot close its <script> element: <, > and & are escaped."""
    if not items:
        return ""
    data = items[0] if len(items) == 1 else {"@context": "https://schema.org", "@graph": [_strip_context(i) for i in items]}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _strip_context(item: dict) -> dict:
    return {k: v for k, v in item.items() if k != "@context"}


# --- JSON-LD objects -----------------------------------------------------------

def organization(config: SiteConfig, logo_url: str) -> dict:
    org = {"@type": "Organization", "name": config.business.name or config.title, "url": config.base_url}
    if logo_url:
        org["logo"] = {"@type": "ImageObject", "url": logo_url}
    same_as = [u for u in _profile_urls(config) if u]
    if same_as:
        org["sameAs"] = same_as
    return org


def _profile_urls(config: SiteConfig) -> list[str]:
    s = config.social
    urls = []
    if s.x:
        urls.append(f"https://x.com/{s.x.lstrip('@')}")
    if s.bluesky:
        urls.append(f"https://bsky.app/profile/{s.bluesky.lstrip('@')}")
    if s.mastodon and s.mastodon.count("@") == 2:
        user, instance = s.mastodon.lstrip("@").split("@")
        urls.append(f"https://{instance}/@{user}")
    for value in (s.facebook, s.linkedin, s.threads):
        if value.startswith("https://"):
            urls.append(value)
    return urls


def blog_posting(config: SiteConfig, page, title: str, description: str, image: ImageRef | None, logo_url: str) -> dict:
    entry = page.entry
    author_name = entry.author or config.author or config.title
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": title,
        "description": description,
        "datePublished": iso(entry.date),
        "dateModified": iso(entry.updated or entry.date),
        "author": {"@type": "Person", "name": author_name},
        "publisher": organization(config, logo_url),
        "mainEntityOfPage": {"@type": "WebPage", "@id": page.canonical},
        "url": page.canonical,
        "inLanguage": config.language,
        "wordCount": page.word_count,
    }
    if image:
        data["image"] = {"@type": "ImageObject", "url": image.url, "width": image.width, "height": image.height}
    if page.tags:
        data["keywords"] = ", ".join(t.name for t in page.tags)
    customer = entry.customer
    if customer and (customer.name or customer.company):
        data.update(_customer_ld(customer))
    return data


def _customer_ld(customer) -> dict:
    extra: dict = {}
    company = {"@type": "Organization", "name": customer.company} if customer.company else None
    if company and customer.url:
        company["url"] = customer.url
    person = None
    if customer.name:
        person = {"@type": "Person", "name": customer.name}
        if customer.role:
            person["jobTitle"] = customer.role
        if company:
            person["worksFor"] = company
    extra["about"] = company or person
    if person:
        extra["mentions"] = [person]
        if customer.quote:
            extra["citation"] = {"@type": "Quotation", "text": customer.quote, "spokenByCharacter": person}
    return extra


def breadcrumbs(items: list[tuple[str, str]]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(items, 1)
        ],
    }


def website(config: SiteConfig) -> dict:
    return {"@context": "https://schema.org", "@type": "WebSite", "name": config.title,
            "url": config.base_url, "description": config.description, "inLanguage": config.language}


def local_business(config: SiteConfig, image_url: str) -> dict | None:
    return business_ld.local_business(config.business, config.base_url, image_url)
