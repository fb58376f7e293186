"""The middle of the build: parse the sources, render their Markdown, assemble the Site.

Each stage takes plain data and returns plain data: no cache in its signature, no file read.
cached.py wraps them from outside, keeping each result by the key of its inputs.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from wom_site import i18n, languages
from wom_site.config import CONFIG_FILE, SiteConfig
from wom_site.content import Entry, SourceFile, parse
from wom_site.diagnostics import Problem, warning
from wom_site.markdown import RenderedBody
from wom_site.render import render_markdown_all
from wom_site.site import Site, assemble
from wom_site.theme import line_of_key


def parse_sources(sources: list[SourceFile], config: SiteConfig, variables: dict | None = None,
                  language: i18n.Translator | None = None) -> list[Entry | list[Problem]]:
    """Each source (with its bytes) as an Entry, or the problems that stop it. `variables`:
    Liquid's `site` (run.py); `language`: what converting other generators' syntax writes."""
    return [parse(source, config.tz, variables, language) for source in sources]


def entries_and_problems(parsed: list[Entry | list[Problem]]) -> tuple[list[Entry], list[Problem]]:
    entries, problems = [], []
    for result in parsed:
        if isinstance(result, Entry):
            entries.append(result)
            problems.extend(result.notes)  # warnings: another generator's syntax left as text...
        else:
            problems.extend(result)
    return entries, problems


def render_markdown(items: list[tuple], progress=None) -> list[RenderedBody]:
    """Each (Markdown, source, Markdown options, base path) as HTML; in the process pool when many."""
    return render_markdown_all(items, progress)


def assemble_site(entries: list[Entry], bodies: dict[str, RenderedBody], config: SiteConfig, now, known_files: set[str],
                  awaiting: list[Entry], related_memo: dict) -> tuple[dict[str, Site], list[Problem]]:
    """The site in each of its languages (the default first; languages.py). `related_memo`: the
    last related-posts ranking, reused while no post's tags, date or slug changed (and updated)."""
    if config.languages:
        return languages.assemble_all(entries, bodies, config, now, known_files, awaiting, related_memo)
    site, problems = assemble(entries, bodies, config, now, known_files, awaiting, related_memo)
    return {config.language: site}, problems


def without_markdown(entries: list[Entry]) -> list[Entry]:
    """Entries whose bodies are rendered no longer need their Markdown (at 10,000 posts, 60-90 MB)."""
    return [dataclasses.replace(e, body=None) if e.body is not None else e for e in entries]


def without_bytes(sources: list[SourceFile]) -> list[SourceFile]:
    """Parsed sources no longer need their bytes (the build keeps their digests)."""
    return [dataclasses.replace(s, data=None) if s.data is not None else s for s in sources]


def language_problems(site_dir: Path, config: SiteConfig) -> list[Problem]:
    """One warning when the theme cannot speak the site's language (it falls back to English)."""
    message = i18n.language_warning(config.language)
    return [warning(CONFIG_FILE, line_of_key(site_dir / CONFIG_FILE, "language"), message)] if message else []


def post_language_problems(site_dir: Path, config: SiteConfig, entries: list[Entry]) -> list[Problem]:
    """A warning for each post whose front matter names a language the site does not have (`lang:
    fr` on an English and German site): it is published in the site's language, and the writer
    should know, rather than find the post among the wrong language's pages."""
    known = languages.codes(config)
    problems = []
    for entry in entries:
        key, given = languages.given_language(entry)
        if given is None:
            continue
        language = languages.entry_language(entry, config)[0]
        if isinstance(given, str) and _primary(given) == _primary(language):
            continue  # its own language (it is one of the site's), or en-US on an English site
        message = i18n.tell("%(key)s: %(given)r is not one of the site's languages (%(known)s); the post is published in %(language)s")
        problems.append(warning(entry.source, line_of_key(site_dir / entry.source, key),
                                message % {"key": key, "given": given, "known": ", ".join(known), "language": language}))
    return problems


def _primary(code: str) -> str:
    """A language tag's language: "en" of "en-US" and "en_gb"."""
    return code.replace("_", "-").split("-")[0].lower()
