"""Entries -> Site: which entries are published, their URLs, collections, tags,
related posts, archive and customers. Pure: no disk access."""

from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import html
import posixpath
import re
from collections import defaultdict
from collections.abc import Mapping
from itertools import combinations
from dataclasses import dataclass

from wom_site.config import COLLECTIONS, SiteConfig
from wom_site.content import Entry, SourceFile, digest_bytes, parse, slugify
from wom_site.diagnostics import Problem, warning
from wom_site.markdown import PLACEHOLDER, RenderedBody, pack_html, render_markdown
from wom_site.short_links import assign_short_paths
from wom_site.site_data import (  # noqa: F401 - the rest of wom_site reads these names from site
    BODY_FIELDS,
    LINKS,
    Frame,
    Page,
    Site,
    Tag,
    TagRef,
    TagSummary,
    _newest_first,
    face,
)
from wom_site.urls import Urls, alias_path, permalink

DESCRIPTION_LENGTH = 160


# --- which entries are published --------------------------------------------

@dataclass(frozen=True)
class Selection:
    drafts: bool = False
    future: bool = False


def select_entries(entries: list[Entry], config: SiteConfig, now: dt.datetime, selection: Selection):
    """Drop drafts, future and expired posts, and stories awaiting the customer's approval."""
    kept, awaiting = [], []
    for entry in entries:
        if entry.draft and not selection.drafts or search_stand_in(entry, config):
            continue
        publish = entry.publish_date or (entry.date if entry.is_post else None)
        if publish and publish > now and not selection.future:
            continue
        if entry.expiry_date and entry.expiry_date <= now:
            continue
        if needs_approval(entry, config) and not selection.drafts:
            awaiting.append(entry)
            continue
        kept.append(entry)
    return kept, awaiting


def search_stand_in(entry: Entry, config: SiteConfig) -> bool:
    """Hugo themes (beautifulhugo, docsy) ship a content/search.md holding only front matter that
    names their search layout; wom makes its own search page at that URL, so the stub is not
    published (it would clash with the page it stands for)."""
    return (config.search and entry.kind == "pages" and entry.slug == "search" and entry.template == "search"
            and not entry.permalink and not (entry.body or "").strip())


def selection_window(entries: list[Entry], now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The span of time around `now` in which select_entries chooses as it does at `now` (it
    changes only when a post's publish or expiry date comes): a build may reuse its selection then."""
    since = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    until = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    for entry in entries:
        publish = entry.publish_date or (entry.date if entry.is_post else None)
        for moment in (publish, entry.expiry_date):
            if moment is None:
                continue
            if now < moment < until:
                until = moment
            elif since < moment <= now:
                since = moment
    return since, until


def needs_approval(entry: Entry, config: SiteConfig) -> bool:
    return (
        entry.kind == "stories"
        and entry.customer is not None
        and entry.customer.approved is None
        and config.stories.require_approval
    )


# --- assembling ---------------------------------------------------------------

def assemble(
    entries: list[Entry],
    bodies: dict[str, RenderedBody],
    config: SiteConfig,
    now: dt.datetime,
    known_files: set[str],
    awaiting: list[Entry] = (),
    related_memo: dict | None = None,
    prefix: str = "",
    elsewhere: Mapping[str, str] | None = None,
) -> tuple[Site, list[Problem]]:
    """Give every entry its URL and place in collections and tags; resolve cross links.

    `related_memo` (a dict, kept by the caller between builds) remembers the last related-posts
    ranking: it is reused while no post's tags, date or slug changed. `prefix`: a language's
    folder ("de/"), before every URL but a front matter permalink. `elsewhere`: the other
    languages' posts (source -> site path), which a link to a translation resolves to."""
    urls = Urls.from_base(config.base_url)
    problems: list[Problem] = []
    site_paths = entry_site_paths(entries, config, problems, prefix)
    by_source = Targets((e.source, site_paths[e.source]) for e in entries if e.source in site_paths)
    pages = [
        make_page(e, bodies[e.digest], site_paths[e.source], urls, by_source, known_files, problems, elsewhere or {})
        for e in entries
        if e.source in site_paths
    ]
    collections = {kind: sorted((p for p in pages if p.kind == kind), key=_newest_first) for kind in COLLECTIONS}
    plain = sorted((p for p in pages if p.kind == "pages"), key=lambda p: p.site_path)
    tags = _tags([p for kind in COLLECTIONS for p in collections[kind]], config, urls, prefix)
    for kind_pages in collections.values():
        _link_neighbours(kind_pages)
    _relate([p for kind in COLLECTIONS for p in collections[kind]], memo=related_memo)
    if config.share.short_links:
        assign_short_paths([p for kind in COLLECTIONS for p in collections[kind]], prefix)
    site = Site(config, urls, now, collections, plain, tags, list(awaiting), prefix=prefix)
    return site, problems


def redirect_paths(page: Page) -> list[str]:
    """Site paths that send readers on to `page`: its old URLs (aliases, redirect_from), then its short links."""
    return [path for path in map(alias_path, page.entry.aliases) if path] + list(page.short_paths)


RESERVED = {"s/", "tags/", "archive/", "customers/", "share/", "cards/", "feeds/", "assets/", "stories/", "tips/"}


def entry_site_paths(entries: list[Entry], config: SiteConfig, problems: list[Problem], prefix: str = "") -> dict[str, str]:
    """Each entry's site path; two entries on one URL is an error naming both."""
    paths: dict[str, str] = {}
    owners: dict[str, str] = {}
    for entry in sorted(entries, key=lambda e: e.source):
        if entry.permalink:
            site_path = _own_site_path(entry.permalink)
        elif entry.kind in COLLECTIONS:
            site_path = permalink(config.collection(entry.kind).permalink, entry.slug, entry.date)
        else:
            site_path = "" if entry.slug == "index" else f"{entry.slug}/"
        if site_path in RESERVED:
            problems.append(Problem(entry.source, 1, f"its URL /{site_path} is reserved for a generated page; set another slug"))
            continue
        site_path = site_path if entry.permalink else prefix + site_path
        if site_path in owners:
            problems.append(Problem(entry.source, 1, f"has the same URL /{site_path} as {owners[site_path]}; give one of them another slug"))
            continue
        owners[site_path] = entry.source
        paths[entry.source] = site_path
    return paths


def _own_site_path(permalink: str) -> str:
    """A post's own permalink as a site path: "/" is the home page, "/a/b.html" a file, else a folder."""
    path = permalink.strip("/")
    if not path:
        return ""
    return path if path.endswith(".html") else path + "/"


def by_name(by_source: dict[str, str]) -> dict[str, str]:
    """Site paths by a post's name (its file name without extension, or its bundle folder's
    name): how Jekyll's post_url, Hugo's ref and Pelican's {filename} name another post, whose
    folder and extension changed when it was copied. Names held by two posts are left out."""
    names: dict[str, str | None] = {}
    for source, site_path in by_source.items():
        name = _post_name(source)
        names[name] = None if name in names else site_path
    return {name: path for name, path in names.items() if path is not None}


class Targets(dict):
    """Source path -> site path, and (computed once) site path by post name."""

    @functools.cached_property
    def names(self) -> dict[str, str]:
        return by_name(self)


def _post_name(source: str) -> str:
    parts = source.rsplit("/", 2)
    stem = parts[-1].rsplit(".", 1)[0]
    return parts[-2] if stem == "index" and len(parts) > 1 else stem


_PLACEHOLDER_HREF = re.compile(r'href="' + re.escape(PLACEHOLDER) + r'([^"#]*)(#[^"]*)?"')


def make_page(entry, body, site_path, urls, by_source, known_files, problems, elsewhere: Mapping[str, str] = {}) -> Page:
    """One entry's Page: its body's links to other posts resolved (`by_source`: source -> site path;
    `elsewhere`: the same for the site's other languages, where a link to a translation leads)."""
    names = None

    def resolve(match: re.Match) -> str:
        nonlocal names
        target = html.unescape(match.group(1))
        if target not in by_source:
            names = by_source.names if isinstance(by_source, Targets) else by_name(by_source) if names is None else names
            if _post_name(target) in names:
                return f'href="{urls.path(names[_post_name(target)])}{match.group(2) or ""}"'
            if target in elsewhere:  # the file itself in another language (by name stays within one language)
                return f'href="{urls.path(elsewhere[target])}{match.group(2) or ""}"'
        if target not in by_source:
            written = posixpath.basename(target)
            problems.append(Problem(entry.source, _body_line(entry, body, written), f"broken link to {target} (no published post has that path)"))
            return 'href="#"'
        return f'href="{urls.path(by_source[target])}{match.group(2) or ""}"'

    # most bodies link no post: they keep the packed HTML as it is
    packed_html = pack_html(_PLACEHOLDER_HREF.sub(resolve, body.html)) if body.links_posts else body.packed_html
    for candidates, written in body.images:
        if not any(c in known_files for c in candidates.split("|")):
            problems.append(warning(entry.source, _body_line(entry, body, written), f"image not found: {written}"))
    for message in body.warnings:
        problems.append(warning(entry.source, None, message))
    if body.error:
        problems.append(Problem(entry.source, entry.body_line, body.error))
    summary_html = f"<p>{html.escape(entry.summary)}</p>" if entry.summary else _PLACEHOLDER_HREF.sub(resolve, f"<p>{body.first_paragraph}</p>" if body.first_paragraph else "")
    description = entry.description or shorten(_plain(entry.summary or body.first_paragraph))
    return Page(
        entry=entry,
        site_path=site_path,
        url=urls.path(site_path),
        canonical=urls.absolute(site_path),
        packed_html=packed_html,
        summary_html=summary_html,
        description=description,
        word_count=body.word_count + body.cjk_chars,  # a Chinese or Japanese character counts as a word
        reading_minutes=body.reading_minutes,
        quotes=body.quotes,
        photo_url=_photo_url(entry, urls),
        image_srcs=body.image_srcs,
        has_code=body.has_code,
    )


def remade_page(site: Site, old: Page, source: SourceFile, selection: Selection, known_files: set[str],
                problems: list[Problem], variables: dict | None = None) -> Page | None:
    """`old`'s page made again from its file as `source` holds it now, at the same URL, against the
    assembled `site` (its links not set); None when the file has errors (the full build's to
    report) or is no longer published."""
    config = site.config
    entry = parse(source, config.tz, variables, site.i18n)
    if not isinstance(entry, Entry) or not select_entries([entry], config, site.now, selection)[0]:
        return None
    problems.extend(entry.notes)  # another generator's syntax left as text: named again
    body = render_markdown(entry.body, entry.source, config.markdown, site.urls.base_path)
    site_paths = {p.entry.source: p.site_path for p in site.everything}
    page = make_page(dataclasses.replace(entry, body=None), body, old.site_path, site.urls, site_paths, known_files, problems)
    page.short_paths = old.short_paths  # a body edit changes no URL
    return page


def _body_line(entry: Entry, body: RenderedBody, written: str) -> int | None:
    """The file's line where the body first mentions `written` (for a message), if any."""
    line = body.line_of(written)
    return None if line is None else entry.body_line + line


def _photo_url(entry: Entry, urls: Urls) -> str:
    photo = entry.customer.photo if entry.customer else ""
    if not photo or "://" in photo:
        return photo
    if photo.startswith("/"):
        return urls.path(photo.lstrip("/"))
    folder = entry.source.rsplit("/", 1)[0].removeprefix("content").lstrip("/")
    return urls.path(posixpath.normpath(posixpath.join(folder, photo)))


_TAG = re.compile(r"<[^>]+>")


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """Cut at a word boundary near `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def _tags(posts: list[Page], config: SiteConfig, urls: Urls, prefix: str = "") -> dict[str, Tag]:
    tags: dict[str, Tag] = {}
    refs: dict[str, TagRef] = {}  # one per tag, shared by its pages
    for page in posts:
        seen = set()  # a page listed once per tag, even when two spellings fold to one slug
        for name in page.entry.tags:
            slug = slugify(name)
            if not slug:
                continue
            if slug not in tags:
                site_path = prefix + permalink(config.taxonomies.tags.permalink, slug, None)
                tags[slug] = Tag(name, slug, site_path, urls.path(site_path), [])
                refs[slug] = TagRef(name, slug, tags[slug].url)
            if slug not in seen:
                seen.add(slug)
                tags[slug].pages.append(page)
                page.tags.append(refs[slug])
    for tag in tags.values():
        tag.pages.sort(key=_newest_first)
    return dict(sorted(tags.items(), key=lambda item: item[1].name.lower()))


def _link_neighbours(pages: list[Page]) -> None:
    """Previous = older, next = newer, within one collection."""
    for newer, older in zip(pages, pages[1:]):
        newer.previous = older
        older.next = newer


def _relate(posts: list[Page], count: int = 3, memo: dict | None = None) -> None:
    """The `count` posts sharing the most tags with each post, newest first among equals.

    Posts with the same tag set share one ranking, and each level of "k tags in common" is
    read off the newest-first tag lists, so the cost stays near-linear in the number of posts.
    """
    ordered = sorted(posts, key=_newest_first)
    if memo is not None:
        # The ranking depends only on each post's tags and its place in the newest-first order.
        shape = digest_bytes(repr([(p.entry.source, [t.slug for t in p.tags]) for p in ordered] + [count]).encode())
        if memo.get("shape") == shape and set(memo.get("related", ())) == {p.entry.source for p in posts}:
            by_source = {p.entry.source: p for p in posts}
            for page in posts:
                page.related = [by_source[s] for s in memo["related"][page.entry.source]]
            return
    _rank_related(posts, ordered, count)
    if memo is not None:
        memo.clear()
        memo.update(shape=shape, related={p.entry.source: [r.entry.source for r in p.related] for p in posts})


def _rank_related(posts: list[Page], ordered: list[Page], count: int) -> None:
    order = {id(p): i for i, p in enumerate(ordered)}
    by_tag: dict[str, list[Page]] = defaultdict(list)
    tag_sets: dict[int, frozenset] = {}
    for page in ordered:
        tag_sets[id(page)] = frozenset(t.slug for t in page.tags)
        for slug in tag_sets[id(page)]:
            by_tag[slug].append(page)
    rankings: dict[frozenset, list[Page]] = {}
    for page in posts:
        tags = tag_sets[id(page)]
        if tags not in rankings:
            rankings[tags] = _ranking(tags, by_tag, tag_sets, order, count + 1)
        page.related = [p for p in rankings[tags] if p is not page][:count]


def _ranking(tags: frozenset, by_tag, tag_sets, order, wanted: int) -> list[Page]:
    """The `wanted` best posts for a tag set: most tags in common, then newest."""
    if len(tags) > 8:  # subsets would explode: count shared tags directly
        shared: dict[int, int] = defaultdict(int)
        pages = {}
        for slug in tags:
            for other in by_tag[slug]:
                shared[id(other)] += 1
                pages[id(other)] = other
        best = sorted(shared, key=lambda i: (-shared[i], order[i]))[:wanted]
        return [pages[i] for i in best]
    ranked: list[Page] = []
    for k in range(len(tags), 0, -1):
        level: list[Page] = []
        for subset in combinations(sorted(tags), k):
            exact = frozenset(subset)  # posts whose tags meet `tags` in exactly this subset
            shortest = min(subset, key=lambda slug: len(by_tag[slug]))
            found = 0
            for other in by_tag[shortest]:
                if tag_sets[id(other)] & tags == exact:
                    level.append(other)
                    found += 1
                    if found == wanted:
                        break
        level.sort(key=lambda p: order[id(p)])
        ranked += level[: wanted - len(ranked)]
        if len(ranked) >= wanted:
            break
    return ranked
