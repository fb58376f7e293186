"""A post's page, its printable card page, and a plain page: each planned from a small view.

A view is computed cheaply for every post, up front: the page, the images it shows, its
template and the site's frame (config, URL rules, language), and nothing else. A post's plan
is `functools.partial(plan_post, view)`, so its key (keys.Fingerprints) is a digest of exactly
what planning reads; the costly part (meta tags, JSON-LD, share links) runs only for the posts
that are rendered. A plan function never takes the Site: what it cannot be given, it cannot read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from markupsafe import Markup

from wom_site.imagework import PreparedImages
from wom_site.pages.images import PageImages, body_html, srcset
from wom_site.pages.jobs import LazyJob, PageJob, QrCode
from wom_site.pages.meta import meta_for
from wom_site.share import meta as share_meta
from wom_site.share.links import share_links
from wom_site.share.meta import ImageRef
from wom_site.share.quotes import insert_quote_shares, quote_share_html
from wom_site.site import Frame, Page, Site
from wom_site.urls import beside, output_file

QUOTE_NETWORKS = ("whatsapp", "x", "bluesky", "mastodon", "email")
MASTODON_PAGE = "share/mastodon/"
# Templates of generated pages, which need their own context: another generator's `layout:
# archive` or `layout: home` on a post must not pick them.
GENERATED_TEMPLATES = frozenset({"home.html", "list.html", "tag.html", "tags.html", "archive.html", "customers.html",
                                 "redirect.html", "404.html", "share.html", "card.html", "mastodon.html", "base.html"})


@dataclass(frozen=True)
class PostView:
    """All that planning a post's page (or a plain page) reads."""

    frame: Frame
    page: Page  # with the posts it links (related, previous, next): its key covers them too
    template: str
    image: ImageRef | None  # its share image: its own image or card, else the site's default
    cover: ImageRef | None  # its own image, URL as a path
    logo_url: str
    photos: PreparedImages | None  # the sizes of its body's images and cover (PageImages.photos_of)


@dataclass(frozen=True)
class CardView:
    """All that planning a post's printable card page reads."""

    frame: Frame
    page: Page
    image: ImageRef | None


def post_view(site: Site, page: Page, images: PageImages, templates: set[str]) -> PostView:
    default = "page.html" if page.kind == "pages" else site.config.collection(page.kind).template
    return PostView(site.frame, page, _template(page, default, templates), images.share_image(page),
                    images.covers.get(page.entry.source), images.logo_url, images.photos_of(page, site.urls.base_path))


def post_jobs(site: Site, page: Page, images: PageImages, templates: set[str]) -> list[LazyJob]:
    """A post and its printable card page, planned lazily: they are most of a big site's pages."""
    view = post_view(site, page, images, templates)
    card = CardView(view.frame, page, view.image)
    return [LazyJob(output_file(page.site_path), view.template, False, partial(plan_post, view), page),
            LazyJob(output_file(beside(page.site_path, "card/")), "card.html", True, partial(plan_card, card), page)]


def plain_job(site: Site, page: Page, images: PageImages, templates: set[str]) -> PageJob:
    """A plain page (about, contact...): planned at once, its key walks the planned page."""
    return plan_plain_page(post_view(site, page, images, templates))


def plan_post(view: PostView) -> PageJob:
    frame, page, urls = view.frame, view.page, view.frame.urls
    config, section = frame.config, frame.collection_title(page.kind)
    crumbs = [(config.title, urls.absolute(frame.local(""))), (section, urls.absolute(frame.list_path(page.kind))),
              (page.title, page.canonical)]
    ld = [share_meta.blog_posting(config, page, page.title, page.description, view.image, view.logo_url),
          share_meta.breadcrumbs(crumbs)]
    meta = meta_for(frame, page.title, page.description, page.site_path, view.image, article=page, json_ld=ld,
                    section=section, alternates=_other_locales(page))
    return PageJob(output_file(page.site_path), view.template, meta, {
        "page": page,
        "has_code": page.has_code,
        "cover": view.cover,
        "cover_srcset": srcset(view.photos, view.cover, urls.base_path),
        "share": _share(frame, page),
        "body_html": insert_quote_shares(body_html(page, view.photos, urls.base_path), _quote_shares(frame, page), frame.i18n),
        "customer_quote_share": _customer_quote_share(frame, page),
        "card_url": urls.path(beside(page.site_path, "card/")),
        "list_url": urls.path(frame.list_path(page.kind)),
        "list_title": section,
        "alternates": page.translations,
        "search_photo": search_photo(page, view.cover),
    })


def plan_card(view: CardView) -> PageJob:
    """A printable card with a QR code, for handing a story over in person."""
    frame, page = view.frame, view.page
    path, _ = beside(page.site_path, "card/"), frame.i18n.gettext
    meta = meta_for(frame, _("Share card: %(title)s") % {"title": page.title}, page.description, path, view.image,
                    noindex=True, canonical=page.canonical)  # the card page is a printable view of the post
    scanned = frame.urls.absolute(page.short_paths[0]) if page.short_paths else page.canonical
    qr_title = _("QR code for %(url)s") % {"url": scanned}
    return PageJob(output_file(path), "card.html", meta, {"page": page, "qr_svg": QrCode(scanned, qr_title), "qr_url": scanned})


def plan_plain_page(view: PostView) -> PageJob:
    frame, page, base_path = view.frame, view.page, view.frame.urls.base_path
    meta = meta_for(frame, page.title, page.description, page.site_path, view.image, alternates=_other_locales(page))
    context = {"page": page, "cover": view.cover, "has_code": page.has_code, "alternates": page.translations,
               "body_html": Markup(body_html(page, view.photos, base_path)),
               "share": _share(frame, page) if frame.config.share.pages else [], "search_photo": search_photo(page, view.cover)}
    return PageJob(output_file(page.site_path), view.template, meta, context)


def search_photo(page: Page, cover: ImageRef | None) -> ImageRef | None:
    """The photo a search result shows: the post's cover, else its customer's photo."""
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


def _share(frame: Frame, page: Page):
    config = frame.config
    return share_links(page.canonical, page.title, page.description, config.share.networks,
                       mastodon_page=frame.urls.path(frame.local(MASTODON_PAGE)), utm=config.share.utm,
                       campaign=page.entry.slug, i18n=frame.i18n)


def _quote_shares(frame: Frame, page: Page) -> dict:
    """Share links for each quotable pull-quote, pre-filled with the quote."""
    return {anchor: _quote_links(frame, page, frame.i18n.quoted(text), anchor) for anchor, text in page.quotes}


def _customer_quote_share(frame: Frame, page: Page) -> str:
    """A story's customer quote is quotable by default."""
    customer = page.customer
    if not customer or not customer.quote:
        return ""
    text = f"{frame.i18n.quoted(customer.quote)} — {customer.name or customer.company}"
    return quote_share_html("customer-quote", _quote_links(frame, page, text, "customer-quote"), frame.i18n)


def _quote_links(frame: Frame, page: Page, text: str, anchor: str):
    """Links sharing `text`, pointing at the quote's place in the page, on the networks fit for quotes."""
    config = frame.config
    return share_links(page.canonical, page.title, text, [n for n in config.share.networks if n in QUOTE_NETWORKS],
                       mastodon_page=frame.urls.path(frame.local(MASTODON_PAGE)), utm=config.share.utm,
                       campaign=page.entry.slug, fragment=anchor, i18n=frame.i18n)
