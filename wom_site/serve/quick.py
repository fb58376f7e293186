"""Quick look: a saved post's page rendered alone, from the last build's site, in milliseconds.

At 10,000 posts a full rebuild takes about 1.5 s, mostly to find out which of 22,000 pages
changed. The writer is looking at one of them: the preview renders that page first, shows it,
then runs the full rebuild, which replaces it (and reloads the page again only if the two
differ). This is Hugo's "fast render" idea. Only a body or front-matter edit that keeps the
post's (or plain page's) URL and tags qualifies; anything else waits for the full rebuild.
"""

from __future__ import annotations

from pathlib import Path

from wom_site.build import Rendering
from wom_site.content import SourceFile, digest_bytes, is_content_markdown
from wom_site.pages import plan_plain_page, plan_post, post_view
from wom_site.site import Page, entry_site_paths, remade_page


def edited_page(rendering: Rendering, changed: set[str]) -> Page | None:
    """The published post or page whose file is the one thing that changed, if any."""
    if len(changed) != 1:
        return None
    (path,) = changed
    if not is_content_markdown(path):
        return None
    site = rendering.site
    return next((p for p in site.everything if p.entry.source == path), None)


def quick_look(site_dir: Path, rendering: Rendering, old: Page) -> bytes | None:
    """The post's page as its file reads now, or None when only a full rebuild can tell."""
    site, config = rendering.site, rendering.site.config
    data = (site_dir / old.entry.source).read_bytes()
    source = SourceFile(old.entry.source, old.entry.kind, data, digest_bytes(data))
    page = remade_page(site, old, source, rendering.selection, set(), [])
    if page is None or page.entry.tags != old.entry.tags:
        return None  # errors are the full build's to report; new tags move the post between tag pages
    if entry_site_paths([page.entry], config, []).get(page.entry.source) != old.site_path:
        return None
    page.tags, page.related, page.previous, page.next = old.tags, old.related, old.previous, old.next
    page.translations = old.translations
    plan = plan_plain_page if page.kind == "pages" else plan_post
    job = plan(post_view(site, page, rendering.images, rendering.theme.templates()))
    return rendering.environment().get_template(job.template).render(meta=job.meta, **job.context).encode("utf-8")
