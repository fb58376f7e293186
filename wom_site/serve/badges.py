"""The preview's badges: a draft, a post scheduled for later or a story waiting for the
customer's approval says so on its page, in preview only (never in a built file)."""

from __future__ import annotations

import html

from wom_site.site import Site, needs_approval


def preview_badges(site: Site) -> dict[str, str]:
    """URL path -> the badge its page wears in the preview (published pages wear none)."""
    badges, _ = {}, site.i18n.gettext  # in the site's language, like the page it sits on
    for page in site.everything:
        entry = page.entry
        publish = entry.publish_date or (entry.date if entry.is_post else None)
        if entry.draft:
            badges[page.url] = _("Draft: not published until you remove draft: true")
        elif publish and publish > site.now:
            badges[page.url] = _("Scheduled: published on %(date)s") % {"date": site.i18n.format_date(publish)}
        elif needs_approval(entry, site.config):
            badges[page.url] = _("Waiting for the customer's approval (customer.approved)")
    return badges


def badge_html(text: str) -> str:
    return f"<div id=\"wom-badge\" role=\"status\">{html.escape(text)}</div>\n"


BADGE_STYLE = (
    "#wom-badge{position:fixed;left:50%;top:.5rem;transform:translateX(-50%);z-index:2147483646;"
    "max-width:calc(100% - 1rem);padding:.4rem .9rem;border-radius:999px;background:#7c2d12;color:#fff;"
    "font:600 14px/1.3 system-ui,sans-serif;text-align:center;box-shadow:0 2px 8px rgba(0,0,0,.3)}"
)
