"""What every page's head says: its meta tags, from the site's frame and the page's own values."""

from __future__ import annotations

from wom_site.share.meta import ImageRef, PageMeta, page_meta
from wom_site.site import Frame


def meta_for(frame: Frame, title: str, description: str, site_path: str, image: ImageRef | None, **kwargs) -> PageMeta:
    """`canonical` (default: the page's own URL) is also og:url: Mastodon files a preview under both."""
    canonical = kwargs.pop("canonical", None) or frame.urls.absolute(site_path)
    return page_meta(frame.config, title=title, description=description or frame.config.description,
                     canonical=canonical, image=image, i18n=frame.i18n, **kwargs)


def numbered(frame: Frame, title: str, number: int) -> str:
    """A list's title on its later pages: "Tips, page 2"."""
    return frame.i18n.gettext("%(title)s, page %(number)s") % {"title": title, "number": frame.i18n.format_number(number)}
