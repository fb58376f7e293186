"""Share links built at build time: plain URLs, no third-party script, no tracking."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from wom_site.i18n import Translator, translator

X_LIMIT = 280
BLUESKY_LIMIT = 300
THREADS_LIMIT = 500


@dataclass(frozen=True)
class ShareLink:
    network: str
    label: str  # accessible name, e.g. "Share on WhatsApp"
    href: str
    icon: str  # id of the icon <symbol> in the page's sprite
    shown_name: str = ""  # the network's name in the page's language ("E-Mail"), when it has one

    @property
    def name(self) -> str:
        return self.shown_name or LABELS[self.network]


LABELS = {
    "x": "X", "facebook": "Facebook", "linkedin": "LinkedIn", "whatsapp": "WhatsApp",
    "telegram": "Telegram", "reddit": "Reddit", "bluesky": "Bluesky", "threads": "Threads",
    "hackernews": "Hacker News", "mastodon": "Mastodon", "email": "Email",
}


def _q(text: str) -> str:
    """Percent-encode everything but unreserved characters (spaces as %20, never +)."""
    return quote(text, safe="")


def _fit(text: str, url: str, limit: int) -> str:
    """Shorten text so that "text url" fits a post of `limit` characters."""
    room = limit - len(url) - 1
    if len(text) <= room:
        return text
    return text[: max(room - 1, 0)].rstrip() + "…"


def tracked(url: str, network: str, campaign: str, utm: bool) -> str:
    if not utm:
        return url
    query = urlencode({"utm_source": network, "utm_medium": "social", "utm_campaign": campaign})
    return f"{url}{'&' if '?' in url else '?'}{query}"


def share_links(
    url: str, title: str, text: str, networks: list[str], *, mastodon_page: str,
    utm: bool = False, campaign: str = "", fragment: str = "", i18n: Translator | None = None,
) -> list[ShareLink]:
    """One link per configured network, in the configured order; labels in `i18n`'s language."""
    _ = (i18n or translator("en")).gettext
    links = []
    for network in networks:
        link_url = tracked(url, network, campaign, utm) + (f"#{fragment}" if fragment else "")
        href = _href(network, link_url, title, text, mastodon_page)
        if href:
            label = _("Share on %(network)s") % {"network": LABELS[network]} if network != "email" else _("Share by email")
            links.append(ShareLink(network, label, href, f"i-{network}", _("Email") if network == "email" else ""))
    return links


def _href(network: str, url: str, title: str, text: str, mastodon_page: str) -> str | None:
    # Each intent as its network documents it (checked December 2026); the source is beside it.
    message = text or title
    if network == "x":
        # https://docs.x.com/x-for-websites/post-button/guides/web-intent (text + url, 280 in all)
        return f"https://x.com/intent/tweet?text={_q(_fit(message, url, X_LIMIT - 1))}&url={_q(url)}"
    if network == "facebook":
        # https://developers.facebook.com/docs/sharing/reference/share-dialog documents only the
        # dialog, which needs an app_id; sharer.php (u=) is its app-less form, still served.
        return f"https://www.facebook.com/sharer/sharer.php?u={_q(url)}"
    if network == "linkedin":
        # https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/plugins/share-plugin
        # (the plugin opens share-offsite with url; title and text come from the page's tags)
        return f"https://www.linkedin.com/sharing/share-offsite/?url={_q(url)}"
    if network == "whatsapp":
        # https://faq.whatsapp.com/general/26000030 (click to chat: wa.me/?text=, no number)
        return f"https://wa.me/?text={_q(message + ' ' + url)}"
    if network == "telegram":
        # https://core.telegram.org/widgets/share (custom buttons: url and text)
        return f"https://t.me/share/url?url={_q(url)}&text={_q(message)}"
    if network == "reddit":
        # Reddit documents no share URL; /submit with url and title is what its own share menu opens.
        return f"https://www.reddit.com/submit?url={_q(url)}&title={_q(title)}"
    if network == "bluesky":
        # https://docs.bsky.app/docs/advanced-guides/intent-links (text only, 300 graphemes)
        return f"https://bsky.app/intent/compose?text={_q(_fit(message, url, BLUESKY_LIMIT) + ' ' + url)}"
    if network == "threads":
        # https://developers.facebook.com/documentation/threads/threads-web-intents (text + url)
        return f"https://www.threads.com/intent/post?text={_q(_fit(message, url, THREADS_LIMIT))}&url={_q(url)}"
    if network == "hackernews":
        # https://news.ycombinator.com/bookmarklet.html (submitlink with u and t)
        return f"https://news.ycombinator.com/submitlink?u={_q(url)}&t={_q(title)}"
    if network == "mastodon":
        # the chooser page asks for the server, then opens its /share?text= (Mastodon's share page,
        # https://github.com/mastodon/mastodon/blob/main/app/controllers/shares_controller.rb)
        return f"{mastodon_page}?text={_q(_fit(message, url, 500) + ' ' + url)}"
    if network == "email":
        # RFC 6068: spaces are %20 and line breaks %0D%0A in mailto URLs
        body = f"{message}\r\n\r\n{url}"
        return f"mailto:?subject={_q(title)}&body={_q(body)}"
    return None
