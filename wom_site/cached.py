"""The cache around the pure stages (stages.py): each result kept by the key of its inputs.

A wrapper looks every item up in the cache, reads from disk what the stage needs for the
missing ones (a source known only by its stat, the Markdown of an entry from the cache), runs
the stage once over them (so it can use the process pool) and stores what it returned.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from wom_site import i18n, stages
from wom_site.cache import Cache
from wom_site.config import SiteConfig
from wom_site.content import Entry, SourceFile, digest_bytes, parse, stats_to_remember
from wom_site.diagnostics import BuildFailed, Problem
from wom_site.liquid_values import language_key, same_site_values
from wom_site.markdown import RenderedBody
from wom_site.site import Site


def parse_all(sources: list[SourceFile], config: SiteConfig, cache: Cache, site_dir: Path | None = None,
              variables: dict | None = None) -> tuple[list[Entry], list[Problem]]:
    """stages.parse_sources, by each source's digest (an entry is cached without its Markdown).
    `variables`: Liquid's `site` (run.py)."""
    language = i18n.translator(config.language, config.strings)  # what converting other generators' syntax writes
    parsed = [_cached_entry(cache, _entry_key(source, config, language), variables) for source in sources]
    missing = [i for i, result in enumerate(parsed) if result is None]
    read = [with_data(sources[i], site_dir) for i in missing]  # known by its stat, no longer in the cache: read it now
    for i, source, result in zip(missing, read, stages.parse_sources(read, config, variables, language)):
        parsed[i] = result
        # cached without its Markdown: a body is rendered once, then cached as HTML
        cache.put("entries", _entry_key(source, config, language),
                  dataclasses.replace(result, body=None) if isinstance(result, Entry) else result)
    _remember_sources(sources, cache)
    return stages.entries_and_problems(parsed)


def _entry_key(source: SourceFile, config: SiteConfig, language) -> tuple:
    return (source.path, source.digest, source.kind, config.timezone, language_key(language))


def _cached_entry(cache: Cache, key: tuple, variables: dict | None):
    result = cache.get("entries", key)
    if isinstance(result, Entry) and not same_site_values(result.site_used, variables or {}):
        return None  # it printed {{ site.x }} (or ran Liquid with it), and x has changed since
    return result


def _remember_sources(sources: list[SourceFile], cache: Cache) -> None:
    """Stats of settled sources, so the next build reads only files that changed."""
    if cache.root is not None:
        cache.put("sources", "stats", stats_to_remember(sources))


def render_bodies(entries: list[Entry], config: SiteConfig, base_path: str, cache: Cache, site_dir: Path,
                  progress=None, variables: dict | None = None) -> dict[str, RenderedBody]:
    """stages.render_markdown, by each entry's digest and the Markdown options: entry digest -> body."""
    bodies, missing = {}, {}
    for entry in entries:
        key = (entry.digest, entry.source, config.markdown, base_path, entry.site_used)
        body = cache.get("bodies", key)
        if body is None:
            missing[key] = entry
        else:
            bodies[entry.digest] = body
    items = [(_markdown_of(entry, site_dir, config, variables), entry.source, config.markdown, base_path)
             for entry in missing.values()]
    for (key, entry), body in zip(missing.items(), stages.render_markdown(items, progress)):
        cache.put("bodies", key, body)
        bodies[entry.digest] = body
    return bodies


def _markdown_of(entry: Entry, site_dir: Path, config: SiteConfig, variables: dict | None) -> str:
    """The entry's Markdown: kept from parsing, or (an entry from the cache) read again."""
    if entry.body is not None:
        return entry.body
    try:
        data = (site_dir / entry.source).read_bytes()
    except OSError as error:
        raise BuildFailed([Problem(entry.source, None, f"cannot be read: {error.strerror or error}")]) from None
    digest = digest_bytes(data)
    reread = parse(SourceFile(entry.source, entry.kind, data, digest), config.tz, variables,
                   i18n.translator(config.language, config.strings)) if digest == entry.digest else None
    if not isinstance(reread, Entry):
        raise BuildFailed([Problem(entry.source, None, "changed while the site was building; run the build again")])
    return reread.body


def assemble_site(entries: list[Entry], bodies: dict[str, RenderedBody], config: SiteConfig, now, known_files: set[str],
                  awaiting: list[Entry], cache: Cache) -> tuple[dict[str, Site], list[Problem]]:
    """stages.assemble_site, with the related-posts memo kept in the cache between builds."""
    related = dict(cache.get("related", "memo") or {})
    sites, problems = stages.assemble_site(entries, bodies, config, now, known_files, awaiting, related)
    cache.put("related", "memo", related)
    return sites, problems


def with_data(source: SourceFile, site_dir: Path) -> SourceFile:
    """`source` with its bytes: read now if discover knew it by its stat (raises OSError)."""
    if source.data is not None:
        return source
    data = (site_dir / source.path).read_bytes()
    return dataclasses.replace(source, data=data, digest=digest_bytes(data))
