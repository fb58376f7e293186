"""Site -> the list of pages to render: template, output file and ready context.

Pure: every URL, date and share link is computed here so templates only lay out.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from markupsafe import Markup

from wom_site.config import COLLECTIONS
from wom_site.diagnostics import Problem, warning
from wom_site.imagework import PreparedImages, body_sizes, responsive_html, srcset_for
from wom_site.share import meta as share_meta
from wom_site.share.links import share_links
from wom_site.share.meta import ImageRef, PageMeta, page_meta
from wom_site.share.qr import qr_svg
from wom_site.share.quotes import insert_quote_shares, quote_share_html
from wom_site.search import SEARCH_PAGE, enabled as search_enabled
from wom_site.site import Page, Site, redirect_paths
from wom_site.urls import alias_path, beside, output_file, page_path, tags_index_path

HOME_COUNT = 6
EAGER_THUMBS = 2  # list photos above the fold on a phone: loaded at once, the rest lazily
QUOTE_NETWORKS = ("whatsapp", "x", "bluesky", "mastodon", "email")
MASTODON_PAGE = "share/mastodon/"


@dataclass
class PageJob:
    output: str  # file path inside output/
    template: str
    meta: PageMeta
    context: dict = field(default_factory=dict)

    @property
    def noindex(self) -> bool:
        return self.meta.noindex


@dataclass
class LazyJob:
    """A page planned only if it must be rendered: `inputs` are everything `plan` reads
    (besides the config, templates and assets every page depends on), so an unchanged
    post is recognised without building its meta tags, JSON-LD and share links."""

    output: str
    template: str
    noindex: bool
    inputs: tuple
    plan: Callable[[], PageJob]
    page: Page | None = None  # the post it shows


@dataclass(frozen=True)
class QrCode:
    """A QR code drawn only when a template prints it: unchanged card pages never pay for it."""

    url: str
    title: str  # the code's accessible name

    def __html__(self) -> str:
        return qr_svg(self.url, self.title)

    __str__ = __html__


@dataclass(frozen=True)
class Pagination:
    number: int
    total: int
    previous_url: str
    next_url: str
    pages: tuple[tuple[int, str], ...]  # (number, url) for every page


@dataclass(frozen=True)
class PageImages:
    """Images chosen by the build: a page's own image or card, and the site's default."""

    by_source: dict  # entry source -> ImageRef for share tags (own image or card)
    default: ImageRef | None
    logo_url: str  # absolute URL of the logo, or ""
    covers: dict = field(default_factory=dict)  # entry source -> ImageRef of its own image, URL as a path
    by_path: dict = field(default_factory=dict)  # generated page's site path ("" home, "@stories" list) -> card
    prepared: PreparedImages | None = None  # published photos: sizes and WebP srcsets

    def body_html(self, page: Page, base_path: str) -> str:
        """The body with width, height and a WebP srcset on its images."""
        return responsive_html(page.html, self.prepared, base_path) if self.prepared else page.html

    def srcset(self, ref: ImageRef | None, base_path: str) -> str:
        return srcset_for(self.prepared, ref.url, base_path) if ref and self.prepared else ""

    def shown_sizes(self, page: Page, base_path: str) -> tuple:
        """The sizes and srcsets the page's body images and cover are published with."""
        if not self.prepared:
            return ()
        cover = self.srcset(self.covers.get(page.entry.source), base_path)
        return (body_sizes(page.image_srcs, self.prepared, base_path), cover)

    def for_path(self, key: str) -> ImageRef | None:
        return self.by_path.get(key, self.default)

    def thumb(self, page: Page, base_path: str, lazy: bool) -> Thumb | None:
        """The post's photo for a list: its cover, else the customer's portrait; None without
        one, or when its size is unknown (a list's image always has width and height)."""
        cover = self.covers.get(page.entry.source)
        if cover is not None:
            return Thumb(cover.url, cover.width, cover.height, self.srcset(cover, base_path), cover.alt, lazy)
        if not page.photo_url or "://" in page.photo_url or self.prepared is None:
            return None
        sized = self.prepared.responsive(page.photo_url, base_path)
        if sized is None:
            return None
        customer = page.customer
        srcset = srcset_for(self.prepared, page.photo_url, base_path)
        return Thumb(page.photo_url, sized.width, sized.height, srcset, customer.name or customer.company, lazy)

    def thumbs(self, pages: list[Page], base_path: str, eager: int = EAGER_THUMBS) -> dict[str, Thumb]:
        """Source -> Thumb for a list's posts; the first `eager` load at once (above the fold)."""
        found = {}
        for index, page in enumerate(pages):
            thumb = self.thumb(page, base_path, lazy=index >= eager)
            if thumb is not None:
                found[page.entry.source] = thumb
        return found


@dataclass(frozen=True)
class Thumb:
    """A post's photo as a list shows it."""

    url: str  # a path URL
    width: int
    height: int
    srcset: str
    alt: str
    lazy: bool


def plan_pages(site: Site, images: PageImages, templates: set[str]) -> list[PageJob | LazyJob]:
    jobs = [_home(site, images)]
    for kind in COLLECTIONS:
        jobs += _collection_lists(site, kind, images)
        for page in site.collections[kind]:
            jobs += _post_jobs(site, page, images, templates)
    jobs += [plan_plain_page(site, page, images, templates) for page in site.pages]
    jobs += _tag_pages(site, images)
    jobs.append(_tags_index(site, images))
    jobs.append(_archive(site, images))
    jobs.append(_customers(site, images))
    jobs.append(_mastodon(site, images))
    jobs.append(_not_found(site, images))  # /de/404.html too: Netlify's rules (hosting.py) and Cloudflare serve it under /de/
    if search_enabled(site.config):
        jobs.append(_search_page(site, images))
    jobs += _redirects(site, images)
    return jobs


def alias_clashes(site: Site) -> list[Problem]:
    """An old URL that two posts both claim (Hugo lets the last one win without a word):
    it redirects to the first, and the second is told."""
    first: dict[str, str] = {}
    problems = []
    for page in site.everything:
        for alias in page.entry.aliases:
            path = alias_path(alias)
            owner = first.setdefault(path, page.entry.source) if path else None
            if owner and owner != page.entry.source:
                problems.append(warning(page.entry.source, None, f"aliases: /{path} is also an alias of {owner}, "
                                                                  f"and redirects there; remove it from one of them"))
    return problems


def _meta(site: Site, title: str, description: str, site_path: str, images: PageImages, **kwargs) -> PageMeta:
    """`canonical` (default: the page's own URL) is also og:url: Mastodon files a preview under both."""
    canonical = kwargs.pop("canonical", None) or site.urls.absolute(site_path)
    return page_meta(site.config, title=title, description=description or site.config.description,
                     canonical=canonical, image=kwargs.pop("image", images.default), i18n=site.i18n, **kwargs)


meta_for = _meta  # for generators of other pages (outputs/kit.py)


def _home(site: Site, images: PageImages) -> PageJob:
    config = site.config
    ld = [share_meta.website(config), share_meta.organization(config, images.logo_url) | {"@context": "https://schema.org"}]
    business = share_meta.local_business(config, site.urls.absolute(config.business.image.lstrip("/")) if config.business.image else images.logo_url)
    if business:
        ld.append(business)
    meta = _meta(site, config.title, config.description, site.local(""), images, json_ld=ld, is_home=True, image=images.for_path(""))
    stories, tips = site.collections["stories"][:HOME_COUNT], site.collections["tips"][:HOME_COUNT]
    return PageJob(output_file(site.local("")), "home.html", meta, {
        "stories": stories,
        "tips": tips,
        "thumbs": images.thumbs(stories, site.urls.base_path) | images.thumbs(tips, site.urls.base_path, eager=0),
        "stories_url": site.urls.path(_list_path(site, "stories")),
        "tips_url": site.urls.path(_list_path(site, "tips")),
        "stories_title": site.collection_title("stories"),
        "tips_title": site.collection_title("tips"),
    })


def _list_path(site: Site, kind: str) -> str:
    """A collection's list lives at the first path segment of its permalink."""
    first = site.config.collection(kind).permalink.strip("/").split("/")[0]
    return site.local(f"{first}/" if "{" not in first else f"{kind}/")


def _paginate(site: Site, items: list, size: int, first_path: str):
    total = max(1, math.ceil(len(items) / max(size, 1)))
    urls = tuple((n, site.urls.path(page_path(first_path, n))) for n in range(1, total + 1))
    for number in range(1, total + 1):
        chunk = items[(number - 1) * size: number * size]
        pagination = Pagination(number, total, urls[number - 2][1] if number > 1 else "",
                                urls[number][1] if number < total else "", urls)
        yield page_path(first_path, number), chunk, pagination


def _collection_lists(site: Site, kind: str, images: PageImages) -> list[PageJob]:
    collection, heading, _ = site.config.collection(kind), site.collection_title(kind), site.i18n.gettext
    jobs = []
    for path, chunk, pagination in _paginate(site, site.collections[kind], collection.page_size, _list_path(site, kind)):
        title = heading if pagination.number == 1 else _numbered(site, heading, pagination.number)
        description = (_("%(title)s from %(site)s.") % {"title": title, "site": site.config.title} + " " + site.config.description).strip()
        meta = _meta(site, title, description, path, images, image=images.for_path(f"@{kind}"))
        jobs.append(PageJob(output_file(path), "list.html", meta, {
            "heading": heading, "items": chunk, "pagination": pagination, "kind": kind,
            "thumbs": images.thumbs(chunk, site.urls.base_path),
            "feed_url": site.urls.path(site.local(f"feeds/{kind}.xml")),
        }))
    return jobs


def _numbered(site: Site, title: str, number: int) -> str:
    """A list's title on its later pages: "Tips, page 2"."""
    return site.i18n.gettext("%(title)s, page %(number)s") % {"title": title, "number": site.i18n.format_number(number)}


def own_jobs(site: Site, page: Page, images: PageImages, templates: set[str]) -> list[PageJob | LazyJob]:
    """The pages that show `page`'s body: a post's page and card page, or a plain page."""
    if page.kind == "pages":
        return [plan_plain_page(site, page, images, templates)]
    return _post_jobs(site, page, images, templates)


def _post_jobs(site: Site, page: Page, images: PageImages, templates: set[str]) -> list[LazyJob]:
    """A post and its printable card page, planned lazily: they are most of a big site's pages."""
    source = page.entry.source
    image = images.by_source.get(source, images.default)
    template = _template(page, site.config.collection(page.kind).template, templates)
    inputs = (page, image, images.covers.get(source), images.logo_url, images.shown_sizes(page, site.urls.base_path))
    return [
        LazyJob(output_file(page.site_path), template, False, ("post",) + inputs,
                lambda: plan_post(site, page, images, templates), page),
        LazyJob(output_file(beside(page.site_path, "card/")), "card.html", True, ("card",) + inputs,
                lambda: _card_page(site, page, images), page),
    ]


def plan_post(site: Site, page: Page, images: PageImages, templates: set[str]) -> PageJob:
    config = site.config
    image = images.by_source.get(page.entry.source, images.default)
    collection, section = config.collection(page.kind), site.collection_title(page.kind)
    crumbs = [(config.title, site.urls.absolute(site.local(""))), (section, site.urls.absolute(_list_path(site, page.kind))),
              (page.title, page.canonical)]
    ld = [share_meta.blog_posting(config, page, page.title, page.description, image, images.logo_url), share_meta.breadcrumbs(crumbs)]
    meta = _meta(site, page.title, page.description, page.site_path, images, image=image, article=page, json_ld=ld,
                 section=section, alternates=_other_locales(page))
    return PageJob(output_file(page.site_path), _template(page, collection.template, templates), meta, {
        "page": page,
        "has_code": page.has_code,
        "cover": images.covers.get(page.entry.source),
        "cover_srcset": images.srcset(images.covers.get(page.entry.source), site.urls.base_path),
        "share": _share(site, page),
        "body_html": insert_quote_shares(images.body_html(page, site.urls.base_path), _quote_shares(site, page), site.i18n),
        "customer_quote_share": _customer_quote_share(site, page),
        "card_url": site.urls.path(beside(page.site_path, "card/")),
        "list_url": site.urls.path(_list_path(site, page.kind)),
        "list_title": section,
        "alternates": page.translations,
        "search_photo": search_photo(page, images),
    })


def search_photo(page: Page, images: PageImages) -> ImageRef | None:
    """The photo a search result shows: the post's cover, else its customer's photo."""
    cover = images.covers.get(page.entry.source)
    if cover or not page.photo_url:
        return cover
    return ImageRef(page.photo_url, 0, 0, "", page.customer.name or page.customer.company if page.customer else "")


def _other_locales(page: Page) -> tuple[str, ...]:
    """og:locale:alternate: the locales of the page's translations."""
    return tuple(alternate.og_locale for alternate in page.translations if not alternate.current)


def _template(page: Page, default: str, templates: set[str]) -> str:
    """Front matter `layout`/`template` wins when the theme has it (Jekyll's "post" does not)."""
    wanted = page.entry.template
    for name in (wanted, f"{wanted}.html"):
        if wanted and name in templates and name not in GENERATED_TEMPLATES:
            return name
    return default


# Templates of generated pages, which need their own context: another generator's `layout:
# archive` or `layout: home` on a post must not pick them.
GENERATED_TEMPLATES = frozenset({"home.html", "list.html", "tag.html", "tags.html", "archive.html", "customers.html",
                                 "redirect.html", "404.html", "share.html", "card.html", "mastodon.html", "base.html"})


def _share(site: Site, page: Page):
    config = site.config
    return share_links(page.canonical, page.title, page.description, config.share.networks,
                       mastodon_page=site.urls.path(site.local(MASTODON_PAGE)), utm=config.share.utm, campaign=page.entry.slug,
                       i18n=site.i18n)


def _quote_shares(site: Site, page: Page) -> dict:
    """Share links for each quotable pull-quote, pre-filled with the quote."""
    return {anchor: _quote_links(site, page, site.i18n.quoted(text), anchor) for anchor, text in page.quotes}


def _customer_quote_share(site: Site, page: Page) -> str:
    """A story's customer quote is quotable by default."""
    customer = page.customer
    if not customer or not customer.quote:
        return ""
    text = f"{site.i18n.quoted(customer.quote)} — {customer.name or customer.company}"
    return quote_share_html("customer-quote", _quote_links(site, page, text, "customer-quote"), site.i18n)


def _quote_links(site: Site, page: Page, text: str, anchor: str):
    """Links sharing `text`, pointing at the quote's place in the page, on the networks fit for quotes."""
    config = site.config
    return share_links(page.canonical, page.title, text, [n for n in config.share.networks if n in QUOTE_NETWORKS],
                       mastodon_page=site.urls.path(site.local(MASTODON_PAGE)), utm=config.share.utm, campaign=page.entry.slug,
                       fragment=anchor, i18n=site.i18n)


def _card_page(site: Site, page: Page, images: PageImages) -> PageJob:
    """A printable card with a QR code, for handing a story over in person."""
    path = beside(page.site_path, "card/")
    meta = _meta(site, site.i18n.gettext("Share card: %(title)s") % {"title": page.title}, page.description, path, images,
                 noindex=True, image=images.by_source.get(page.entry.source, images.default),
                 canonical=page.canonical)  # the card page is a printable view of the post
    scanned = site.urls.absolute(page.short_paths[0]) if page.short_paths else page.canonical
    qr_title = site.i18n.gettext("QR code for %(url)s") % {"url": scanned}
    return PageJob(output_file(path), "card.html", meta, {"page": page, "qr_svg": QrCode(scanned, qr_title), "qr_url": scanned})


def plan_plain_page(site: Site, page: Page, images: PageImages, templates: set[str]) -> PageJob:
    image = images.by_source.get(page.entry.source, images.default)
    meta = _meta(site, page.title, page.description, page.site_path, images, image=image, alternates=_other_locales(page))
    context = {"page": page, "cover": images.covers.get(page.entry.source), "has_code": page.has_code, "alternates": page.translations,
               "body_html": Markup(images.body_html(page, site.urls.base_path)),
               "share": _share(site, page) if site.config.share.pages else [], "search_photo": search_photo(page, images)}
    return PageJob(output_file(page.site_path), _template(page, "page.html", templates), meta, context)


def _tag_pages(site: Site, images: PageImages) -> list[PageJob]:
    jobs, _ = [], site.i18n.gettext
    size = site.config.taxonomies.tags.page_size
    for tag in site.tags.values():
        for path, chunk, pagination in _paginate(site, tag.pages, size, tag.site_path):
            title = _("Tagged %(tag)s") % {"tag": site.i18n.quoted(tag.name)}
            description = _("Stories and tips about %(tag)s from %(site)s.") % {"tag": tag.name, "site": site.config.title}
            if pagination.number > 1:
                title = _numbered(site, title, pagination.number)
                description += " " + _("Page %(number)s of %(total)s") % {"number": site.i18n.format_number(pagination.number),
                                                                          "total": site.i18n.format_number(pagination.total)}
            meta = _meta(site, title, description, path, images, image=images.for_path(tag.site_path))
            jobs.append(PageJob(output_file(path), "tag.html", meta, {
                "tag": tag.summary, "items": chunk, "pagination": pagination,
                "thumbs": images.thumbs(chunk, site.urls.base_path),
                "feed_url": site.urls.path(site.local(f"feeds/tags/{tag.slug}.xml")),
            }))
    return jobs


def _tags_index(site: Site, images: PageImages) -> PageJob:
    path = site.local(tags_index_path(site.config.taxonomies.tags.permalink))
    _ = site.i18n.gettext
    meta = _meta(site, _("Tags"), _("Every topic on %(site)s: find the stories and tips you need, one tag at a time.")
                 % {"site": site.config.title}, path, images)
    return PageJob(output_file(path), "tags.html", meta, {"tags": [tag.summary for tag in site.tags.values()]})


def _archive(site: Site, images: PageImages) -> PageJob:
    years: dict[int, list[Page]] = defaultdict(list)
    for page in site.posts:
        years[page.date.year].append(page)
    _ = site.i18n.gettext
    meta = _meta(site, _("Archive"), _("Everything published on %(site)s, year by year, newest first.") % {"site": site.config.title},
                 site.local("archive/"), images)
    return PageJob(site.local("archive/index.html"), "archive.html", meta, {"years": sorted(years.items(), reverse=True),
                                                                            "thumbs": images.thumbs(site.posts, site.urls.base_path, eager=8)})


def _customers(site: Site, images: PageImages) -> PageJob:
    """Stories grouped by the customer's company (or name), alphabetically."""
    groups: dict[str, list[Page]] = defaultdict(list)
    for page in site.collections["stories"]:
        customer = page.customer
        if customer and (customer.company or customer.name):
            groups[customer.company or customer.name].append(page)
    ordered = sorted(groups.items(), key=lambda item: item[0].lower())
    _ = site.i18n.gettext
    meta = _meta(site, _("Our customers"), _("The people and businesses behind the stories on %(site)s.") % {"site": site.config.title},
                 site.local("customers/"), images)
    return PageJob(site.local("customers/index.html"), "customers.html", meta, {"groups": ordered})


def _mastodon(site: Site, images: PageImages) -> PageJob:
    _ = site.i18n.gettext
    meta = _meta(site, _("Share on Mastodon"), _("Choose your Mastodon server to share this page."), site.local(MASTODON_PAGE), images,
                 noindex=True)
    return PageJob(output_file(site.local(MASTODON_PAGE)), "mastodon.html", meta, {})


def _not_found(site: Site, images: PageImages) -> PageJob:
    _ = site.i18n.gettext
    path = site.local("404.html")
    meta = _meta(site, _("Page not found"), _("This page does not exist. Try the newest stories."), path, images, noindex=True)
    return PageJob(path, "404.html", meta, {"recent": site.posts[:5]})


def _search_page(site: Site, images: PageImages) -> PageJob:
    """Where the search box leads: Pagefind's UI fills it from ?q= (search.py makes the index)."""
    _ = site.i18n.gettext
    meta = _meta(site, _("Search"), _("Search the stories and tips on %(site)s.") % {"site": site.config.title},
                 site.local(SEARCH_PAGE), images, noindex=True)
    return PageJob(output_file(site.local(SEARCH_PAGE)), "search.html", meta, {})


def _redirects(site: Site, images: PageImages) -> list[PageJob]:
    """Old URLs (aliases, redirect_from) as small pages that send readers on."""
    jobs, taken = [], set()
    for page in site.everything:
        for path in redirect_paths(page):
            if path in taken:
                continue  # an old URL two posts claim redirects to the first (alias_clashes warns)
            taken.add(path)
            meta = _meta(site, page.title, page.description, page.site_path, images, noindex=True)
            jobs.append(PageJob(output_file(path), "redirect.html", meta, {"target": page.canonical, "page": page}))
    return jobs
