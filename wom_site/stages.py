"""The middle of the build: parse the sources, render their Markdown, assemble the Site.

Each stage is cached from outside by its inputs (the cache's namespaces: "entries" by the
source's digest, "bodies" by the entry's digest and the Markdown options).
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from wom_site import i18n, languages
from wom_site.cache import Cache
from wom_site.config import CONFIG_FILE, SiteConfig
from wom_site.content import Entry, SourceFile, digest_bytes, parse, settled_stat
from wom_site.foreign_syntax import language_key, same_site_values
from wom_site.diagnostics import BuildFailed, Problem, warning
from wom_site.markdown import RenderedBody
from wom_site.render import render_markdown_all
from wom_site.site import Site, assemble
from wom_site.theme import line_of_key


def parse_all(sources: list[SourceFile], config: SiteConfig, cache: Cache, site_dir: Path | None = None,
              variables: dict | None = None) -> tuple[list[Entry], list[Problem]]:
    """Every source read into an Entry (or its problems). `variables`: Liquid's `site` (run.py)."""
    entries, problems = [], []
    language = i18n.translator(config.language, config.strings)  # what converting other generators' syntax writes
    for source in sources:
        key = (source.path, source.digest, source.kind, config.timezone, language_key(language))
        result = cache.get("entries", key)
        if isinstance(result, Entry) and not same_site_values(result.site_used, variables or {}):
            result = None  # it printed {{ site.x }} (or ran Liquid with it), and x has changed since
        if result is None:
            if source.data is None:  # known by its stat, but no longer in the cache: read it now
                source = with_data(source, site_dir)
                key = (source.path, source.digest, source.kind, config.timezone, language_key(language))
            result = parse(source, config.tz, variables, language)
            # cached without its Markdown: a body is rendered once, then cached as HTML
            cache.put("entries", key, dataclasses.replace(result, body=None) if isinstance(result, Entry) else result)
        if isinstance(result, Entry):
            entries.append(result)
            problems.extend(result.notes)  # warnings: another generator's syntax left as text...
        else:
            problems.extend(result)
    _remember_sources(sources, cache)
    return entries, problems


def _remember_sources(sources: list[SourceFile], cache: Cache) -> None:
    """Stats of settled sources, so the next build reads only files that changed."""
    if cache.root is None:
        return
    now = time.time_ns()
    stats = {}
    for source in sources:
        stat = settled_stat(source, now)
        if stat is not None:
            stats[source.path] = (stat, source.digest)
    cache.put("sources", "stats", stats)


def render_bodies(entries: list[Entry], config: SiteConfig, base_path: str, cache: Cache, site_dir: Path,
                  progress=None, variables: dict | None = None) -> dict[str, RenderedBody]:
    bodies, missing = {}, {}
    for entry in entries:
        key = (entry.digest, entry.source, config.markdown, base_path, entry.site_used)
        body = cache.get("bodies", key)
        if body is None:
            missing[key] = entry
        else:
            bodies[entry.digest] = body
    items = [(_markdown_of(entry, site_dir, config, variables), entry.source, config.markdown, base_path) for entry in missing.values()]
    for (key, entry), body in zip(missing.items(), render_markdown_all(items, progress)):
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


def without_markdown(entries: list[Entry]) -> list[Entry]:
    """Entries whose bodies are rendered no longer need their Markdown (at 10,000 posts, 60-90 MB)."""
    return [dataclasses.replace(e, body=None) if e.body is not None else e for e in entries]


def with_data(source: SourceFile, site_dir: Path) -> SourceFile:
    """`source` with its bytes: read now if discover knew it by its stat (raises OSError)."""
    if source.data is not None:
        return source
    data = (site_dir / source.path).read_bytes()
    return dataclasses.replace(source, data=data, digest=digest_bytes(data))


def without_bytes(sources: list[SourceFile]) -> list[SourceFile]:
    """Parsed sources no longer need their bytes (the build keeps their digests)."""
    return [dataclasses.replace(s, data=None) if s.data is not None else s for s in sources]


def assemble_site(entries: list[Entry], bodies: dict[str, RenderedBody], config: SiteConfig, now, known_files: set[str],
                  awaiting: list[Entry], cache: Cache) -> tuple[dict[str, Site], list[Problem]]:
    """The site in each of its languages (the default first; languages.py), with the
    related-posts memo kept in the cache between builds."""
    related = dict(cache.get("related", "memo") or {})
    if config.languages:
        sites, problems = languages.assemble_all(entries, bodies, config, now, known_files, awaiting, related)
    else:
        site, problems = assemble(entries, bodies, config, now, known_files, awaiting, related)
        sites = {config.language: site}
    cache.put("related", "memo", related)
    return sites, problems


def language_problems(site_dir: Path, config: SiteConfig) -> list[Problem]:
    """One warning when the theme cannot speak the site's language (it falls back to English)."""
    message = i18n.language_warning(config.language)
    return [warning(CONFIG_FILE, line_of_key(site_dir / CONFIG_FILE, "language"), message)] if message else []
