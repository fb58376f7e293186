"""Site -> the list of pages to render: template, output file and ready context.

Pure: every URL, date and share link is computed here so templates only lay out. Posts and
their card pages are planned lazily from small views (posts.py); the generated pages (lists.py)
at once; images.py holds the images pages show, meta.py their meta tags.
"""

from __future__ import annotations

from wom_site.config import COLLECTIONS
from wom_site.diagnostics import Problem, warning
from wom_site.pages import lists
from wom_site.pages.images import EAGER_THUMBS, PageImages, Thumb
from wom_site.pages.jobs import LazyJob, PageJob, QrCode, is_keyed_plan
from wom_site.pages.meta import meta_for
from wom_site.pages.posts import (
    GENERATED_TEMPLATES, MASTODON_PAGE, CardView, PostView, plain_job, plan_card, plan_plain_page, plan_post, post_jobs,
    post_view, search_photo,
)
from wom_site.search import enabled as search_enabled
from wom_site.site import Page, Site
from wom_site.urls import alias_path

__all__ = ["EAGER_THUMBS", "GENERATED_TEMPLATES", "MASTODON_PAGE", "CardView", "LazyJob", "PageImages", "PageJob", "PostView",
           "QrCode", "Thumb", "alias_clashes", "is_keyed_plan", "meta_for", "own_jobs", "plan_card", "plan_pages",
           "plan_plain_page", "plan_post", "post_view", "search_photo"]


def plan_pages(site: Site, images: PageImages, templates: set[str]) -> list[PageJob | LazyJob]:
    jobs = [lists.home(site, images)]
    for kind in COLLECTIONS:
        jobs += lists.collection_lists(site, kind, images)
        for page in site.collections[kind]:
            jobs += post_jobs(site, page, images, templates)
    jobs += [plain_job(site, page, images, templates) for page in site.pages]
    jobs += lists.tag_pages(site, images)
    jobs.append(lists.tags_index(site, images))
    jobs.append(lists.archive(site, images))
    jobs.append(lists.customers(site, images))
    jobs.append(lists.mastodon(site, images))
    jobs.append(lists.not_found(site, images))  # /de/404.html too: Netlify's rules (hosting.py) and Cloudflare serve it under /de/
    if search_enabled(site.config):
        jobs.append(lists.search_page(site, images))
    jobs += lists.redirects(site, images)
    return jobs


def own_jobs(site: Site, page: Page, images: PageImages, templates: set[str]) -> list[PageJob | LazyJob]:
    """The pages that show `page`'s body: a post's page and card page, or a plain page."""
    if page.kind == "pages":
        return [plain_job(site, page, images, templates)]
    return post_jobs(site, page, images, templates)


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
