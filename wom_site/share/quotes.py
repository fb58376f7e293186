"""Share links under each quotable pull-quote, inserted into a post's body HTML."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from wom_site.i18n import Translator, translator
from wom_site.share.links import ShareLink

_QUOTE = re.compile(r'(<blockquote class="quotable" id="(quote-\d+)">.*?</blockquote>)', re.S)


_NEW_TAB = {False: ' target="_blank"', True: ""}


def quote_share_html(anchor: str, links: list[ShareLink], i18n: Translator | None = None) -> str:
    i18n = i18n or translator("en")
    # (texts outside the f-strings: pybabel does not look inside them)
    this_quote, share, colon = i18n.gettext("%(label)s: this quote"), i18n.gettext("Share this quote"), i18n.pgettext("label separator", ":")
    items = " ".join(
        f'<a href="{escape(link.href)}" rel="noopener nofollow"{_NEW_TAB[link.network == "email"]}'
        f' aria-label="{escape(this_quote % {"label": link.label})}">{escape(link.name)}</a>'
        for link in links
    )
    return f'<p class="quote-share"><a class="quote-link" href="#{escape(anchor)}">{escape(share)}</a>{escape(colon)} {items}</p>'


def insert_quote_shares(body_html: str, shares: dict[str, list[ShareLink]], i18n: Translator | None = None) -> Markup:
    """After each quotable blockquote, a line of share links pre-filled with the quote."""

    def add(match: re.Match) -> str:
        links = shares.get(match.group(2))
        return match.group(1) + ("\n" + quote_share_html(match.group(2), links, i18n) if links else "")

    return Markup(_QUOTE.sub(add, body_html))
