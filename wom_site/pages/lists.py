"""The generated pages: home, collection lists, tag pages, the tags index, archive, customers,
the Mastodon chooser, 404, search, and the redirects from old URLs. Planned at once: there are
few of them, and each page's key walks what it was planned with (its meta and context)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from wom_site.pages.images import PageImages
from wom_site.pages.jobs import PageJob
from wom_site.pages.meta import meta_for, numbered
from wom_site.pages.posts import MASTODON_PAGE
from wom_site.search import SEARCH_PAGE
from wom_site.share import meta as share_meta
from wom_site.site import Page, Site, redirect_paths
from wom_site.urls import output_file, page_path, tags_index_path

HOME_COUNT = 6


@dataclass(frozen=True)
class Pagination:
    number: int
    total: int
    previous_url: str
    next_url: str
    pages: tuple[tuple[int, str], ...]  # (number, url) for every page


def home(site: Site, images: PageImages) -> PageJob:
    config, frame = site.config, site.frame
    ld = [share_meta.website(config), share_meta.organization(config, images.logo_url) | {"@context": "https://schema.org"}]
    business = share_meta.local_business(config, site.urls.absolute(config.business.image.lstrip("/")) if config.business.image else images.logo_url)
    if business:
        ld.append(business)
    meta = meta_for(frame, config.title, config.description, site.local(""), images.for_path(""), json_ld=ld, is_home=True)
    stories, tips = site.collections["stories"][:HOME_COUNT], site.collections["tips"][:HOME_COUNT]
    return PageJob(output_file(site.local("")), "home.html", meta, {
        "stories": stories,
        "tips": tips,
        "thumbs": images.thumbs(stories, site.urls.base_path) | images.thumbs(tips, site.urls.base_path, eager=0),
        "stories_url": site.urls.path(frame.list_path("stories")),
        "tips_url": site.urls.path(frame.list_path("tips")),
        "stories_title": site.collection_title("stories"),
        "tips_title": site.collection_title("tips"),
    })


def _paginate(site: Site, items: list, size: int, first_path: str):
    total = max(1, math.ceil(len(items) / max(size, 1)))
    urls = tuple((n, site.urls.path(page_path(first_path, n))) for n in range(1, total + 1))
    for number in range(1, total + 1):
        chunk = items[(number - 1) * size: number * size]
        pagination = Pagination(number, total, urls[number - 2][1] if number > 1 else "",
                                urls[number][1] if number < total else "", urls)
        yield page_path(first_path, number), chunk, pagination


def collection_lists(site: Site, kind: str, images: PageImages) -> list[PageJob]:
    collection, heading, _ = site.config.collection(kind), site.collection_title(kind), site.i18n.gettext
    jobs = []
    for path, chunk, pagination in _paginate(site, site.collections[kind], collection.page_size, site.frame.list_path(kind)):
        title = heading if pagination.number == 1 else numbered(site.frame, heading, pagination.number)
        description = (_("%(title)s from %(site)s.") % {"title": title, "site": site.config.title} + " " + site.config.description).strip()
        meta = meta_for(site.frame, title, description, path, images.for_path(f"@{kind}"))
        jobs.append(PageJob(output_file(path), "list.html", meta, {
            "heading": heading, "items": chunk, "pagination": pagination, "kind": kind,
            "thumbs": images.thumbs(chunk, site.urls.base_path),
            "feed_url": site.urls.path(site.local(f"feeds/{kind}.xml")),
        }))
    return jobs


def tag_pages(site: Site, images: PageImages) -> list[PageJob]:
    jobs, _ = [], site.i18n.gettext
    size = site.config.taxonomies.tags.page_size
    for tag in site.tags.values():
        for path, chunk, pagination in _paginate(site, tag.pages, size, tag.site_path):
            title = _("Tagged %(tag)s") % {"tag": site.i18n.quoted(tag.name)}
            description = _("Stories and tips about %(tag)s from %(site)s.") % {"tag": tag.name, "site": site.config.title}
            if pagination.number > 1:
                title = numbered(site.frame, title, pagination.number)
                description += " " + _("Page %(number)s of %(total)s") % {"number": site.i18n.format_number(pagination.number),
                                                                          "total": site.i18n.format_number(pagination.total)}
            meta = meta_for(site.frame, title, description, path, images.for_path(tag.site_path))
            jobs.append(PageJob(output_file(path), "tag.html", meta, {
                "tag": tag.summary, "items": chunk, "pagination": pagination,
                "thumbs": images.thumbs(chunk, site.urls.base_path),
                "feed_url": site.urls.path(site.local(f"feeds/tags/{tag.slug}.xml")),
            }))
    return jobs


def tags_index(site: Site, images: PageImages) -> PageJob:
    path = site.local(tags_index_path(site.config.taxonomies.tags.permalink))
    _ = site.i18n.gettext
    meta = meta_for(site.frame, _("Tags"), _("Every topic on %(site)s: find the stories and tips you need, one tag at a time.")
                    % {"site": site.config.title}, path, images.default)
    return PageJob(output_file(path), "tags.html", meta, {"tags": [tag.summary for tag in site.tags.values()]})


def archive(site: Site, images: PageImages) -> PageJob:
    years: dict[int, list[Page]] = defaultdict(list)
    for page in site.posts:
        years[page.date.year].append(page)
    _ = site.i18n.gettext
    meta = meta_for(site.frame, _("Archive"), _("Everything published on %(site)s, year by year, newest first.")
                    % {"site": site.config.title}, site.local("archive/"), images.default)
    return PageJob(site.local("archive/index.html"), "archive.html", meta, {"years": sorted(years.items(), reverse=True),
                                                                            "thumbs": images.thumbs(site.posts, site.urls.base_path, eager=8)})


def customers(site: Site, images: PageImages) -> PageJob:
    """Stories grouped by the customer's company (or name), alphabetically."""
    groups: dict[str, list[Page]] = defaultdict(list)
    for page in site.collections["stories"]:
        customer = page.customer
        if customer and (customer.company or customer.name):
            groups[customer.company or customer.name].append(page)
    ordered = sorted(groups.items(), key=lambda item: item[0].lower())
    _ = site.i18n.gettext
    meta = meta_for(site.frame, _("Our customers"), _("The people and businesses behind the stories on %(site)s.")
                    % {"site": site.config.title}, site.local("customers/"), images.default)
    return PageJob(site.local("customers/index.html"), "customers.html", meta, {"groups": ordered})


def mastodon(site: Site, images: PageImages) -> PageJob:
    _ = site.i18n.gettext
    meta = meta_for(site.frame, _("Share on Mastodon"), _("Choose your Mastodon server to share this page."),
                    site.local(MASTODON_PAGE), images.default, noindex=True)
    return PageJob(output_file(site.local(MASTODON_PAGE)), "mastodon.html", meta, {})


def not_found(site: Site, images: PageImages) -> PageJob:
    _ = site.i18n.gettext
    path = site.local("404.html")
    meta = meta_for(site.frame, _("Page not found"), _("This page does not exist. Try the newest stories."), path, images.default,
                    noindex=True)
    return PageJob(path, "404.html", meta, {"recent": site.posts[:5]})


def search_page(site: Site, images: PageImages) -> PageJob:
    """Where the search box leads: Pagefind's UI fills it from ?q= (search.py makes the index)."""
    _ = site.i18n.gettext
    meta = meta_for(site.frame, _("Search"), _("Search the stories and tips on %(site)s.") % {"site": site.config.title},
                    site.local(SEARCH_PAGE), images.default, noindex=True)
    return PageJob(output_file(site.local(SEARCH_PAGE)), "search.html", meta, {})


def redirects(site: Site, images: PageImages) -> list[PageJob]:
    """Old URLs (aliases, redirect_from) as small pages that send readers on."""
    jobs, taken = [], set()
    for page in site.everything:
        for path in redirect_paths(page):
            if path in taken:
                continue  # an old URL two posts claim redirects to the first (alias_clashes warns)
            taken.add(path)
            meta = meta_for(site.frame, page.title, page.description, page.site_path, images.default, noindex=True)
            jobs.append(PageJob(output_file(path), "redirect.html", meta, {"target": page.canonical, "page": page}))
    return jobs
