"""`wom check`'s look at the sources: what a writer left unfinished before it goes out.

The built pages tell how a link will unfurl (check.py); the Markdown tells what `wom new` left
to fill in, notes to oneself, a story without the customer's words, a post without a summary,
and photos far larger than the theme ever shows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from wom_site.check import Finding
from wom_site.config import SiteConfig
from wom_site.content import Entry, discover, parse
from wom_site.i18n import tell
from wom_site.images import image_info
from wom_site.scaffold import PLACEHOLDERS
from wom_site.site import Selection, select_entries

TODO = re.compile(r"\b(TODO|FIXME|XXX)\b")
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def unfinished_findings(site_dir: Path, config: SiteConfig, now: dt.datetime, drafts: bool = False) -> list[Finding]:
    """Findings for the posts the next build publishes (drafts too with `drafts`), and photos."""
    sources, assets = discover(site_dir)
    entries = [e for e in (parse(s, config.tz) for s in sources) if isinstance(e, Entry)]
    # scheduled posts count: they go live by themselves on their day
    published, _ = select_entries(entries, config, now, Selection(drafts=drafts, future=True))
    findings = [f for entry in published for f in entry_findings(entry)]
    widest = max(config.images.widths)
    for asset in assets:
        if asset.path.lower().endswith(PHOTO_SUFFIXES):
            findings += _photo_findings(site_dir / asset.path, asset.path, widest)
    return findings


def entry_findings(entry: Entry) -> list[Finding]:
    out = []

    def add(message: str) -> None:
        out.append(Finding("warning", entry.source, message))

    customer = [str(v) for v in dataclasses.astuple(entry.customer) if v] if entry.customer else []
    text = "\n".join([entry.title, entry.description, entry.summary, entry.body or "", entry.outcome, *customer])
    for placeholder in PLACEHOLDERS:
        if placeholder in text:
            add(tell("placeholder text: “%(text)s” is still there (from `wom new` or `wom init`); write your own")
                % {"text": placeholder[:60]})
    for line_number, line in enumerate((entry.body or "").splitlines(), entry.body_line):
        found = TODO.search(line)
        if found:
            add(tell("TODO: line %(line)s: %(text)s") % {"line": line_number, "text": line.strip()[:80]})
    if entry.kind == "stories" and entry.customer is not None and not entry.customer.quote:
        add(tell("empty customer quote: the story names a customer but has no customer.quote in their words"))
    if entry.is_post and not entry.description and not entry.summary:
        add(tell("no summary: no description or summary, so its link card shows the first paragraph, cut"))
    return out


def _photo_findings(path: Path, rel: str, widest: int) -> list[Finding]:
    info = image_info(path)
    if info is None or info.width <= widest:
        return []
    message = tell("image larger than shown: %(width)sx%(height)s px, %(mb).1f MB; the theme shows it at "
                                   "most %(widest)s px wide (the build publishes a smaller copy)")
    return [Finding("warning", rel, message % {"width": info.width, "height": info.height, "mb": info.size / 1e6,
                                               "widest": widest})]
