"""Share links under each quotable pull-quote, inserted into a post's body HTML."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from wom_site.share.links import ShareLink

_QUOTE = re.compile(r'(<blockquote class="quotable" id="(quote-\d+)">.*?</blockquote>)', re.S)


_NEW_TAB = {False: ' target="_blank"', True: ""}


def quote_share_html(anchor: str, links: list[ShareLink]) -> str:
    items = " ".join(
        f'<a href="{escape(link.href)}" rel="noopener nofollow"{_NEW_TAB[link.network == "email"]}'
        f' aria-label="{escape(link.label)}: this quote">{escape(link.name)}</a>'
        for link in links
    )
    return f'<p class="quote-share"><a class="quote-link" href="#{escape(anchor)}">Share this quote</a>: {items}</p>'


def insert_quote_shares(body_html: str, shares: dict[str, list[ShareLink]]) -> Markup:
    """After each quotable blockquote, a line of share links pre-filled with the quote."""

    def add(match: re.Match) -> str:
        links = shares.get(match.group(2))
        return match.group(1) + ("\n" + quote_share_html(match.group(2), links) if links else "")

    return Markup(_QUOTE.sub(add, body_html))
