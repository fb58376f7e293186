"""`wom kit STORY`: the address of a story's share kit and a message to send the customer."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from wom_site.config import SiteConfig
from wom_site.content import Entry, discover, parse
from wom_site.diagnostics import Problem
from wom_site.i18n import translator
from wom_site.languages import entry_language, language_config, prefix
from wom_site.share.kit import customer_message
from wom_site.site import entry_site_paths
from wom_site.urls import Urls


@dataclass(frozen=True)
class KitLink:
    url: str
    message: str


class NoKit(Exception):
    """The story named has no kit (none such, not approved, a draft); the message says why."""


def kit_link(site_dir: Path, config: SiteConfig, story: str) -> KitLink:
    if not config.share.kits:
        raise NoKit("site.yaml: share.kits is false, so the build makes no kits (set it to true)")
    entry = _find_story(site_dir, config, story)
    customer = entry.customer
    if customer is None or customer.approved is None:
        raise NoKit(f"{entry.source}: the customer has not approved it yet (customer.approved: <date>); "
                    "a story gets its kit once they have")
    if entry.draft:
        raise NoKit(f"{entry.source}: is a draft; its kit appears when it is published")
    # a translation (rosa.de.md, content/de/...): its kit is the language's, under /de/, in German
    code, _, slug = entry_language(entry, config)
    own = language_config(config, code)
    problems: list[Problem] = []
    site_path = entry_site_paths([dataclasses.replace(entry, slug=slug)], own, problems, prefix(config, code)).get(entry.source)
    if site_path is None:
        raise NoKit("; ".join(str(p) for p in problems))
    url = Urls.from_base(config.base_url).absolute(site_path + "kit/")
    business = own.business.name or own.title
    language = translator(code, own.strings)
    return KitLink(url, customer_message(customer.name, business, entry.title, url, language.gettext))


def _find_story(site_dir: Path, config: SiteConfig, story: str) -> Entry:
    """A story by its file (content/stories/x.md, x.md) or its slug."""
    sources, _ = discover(site_dir)
    wanted = story.strip().replace("\\", "/").removeprefix("./")
    stem = Path(wanted).name.rsplit(".", 1)[0] if wanted.endswith((".md", ".markdown")) else None
    for source in sorted((s for s in sources if s.kind == "stories"), key=lambda s: s.path):
        if stem is not None and not (source.path.endswith("/" + wanted) or source.path == wanted):
            continue
        entry = parse(source, config.tz)
        if isinstance(entry, Entry) and (stem is not None or entry.slug == wanted):
            return entry
        if stem is not None and not isinstance(entry, Entry):
            raise NoKit("; ".join(str(p) for p in entry))
    raise NoKit(f"content/stories: no story {story!r} (give its slug or its file, such as content/stories/rosa.md)")
