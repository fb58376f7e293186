"""The start of a build: what it is asked (BuildOptions), what it reads before any stage
(Run: config, theme, sources, static files, the output folder and its last build), and what
it gives back (BuildResult)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from pygments.formatters import HtmlFormatter

from wom_site import i18n, record
from wom_site.brand import brand_css
from wom_site.cache import CACHE_DIR, Cache
from wom_site.config import ConfigError, SiteConfig, load_config
from wom_site.content import Asset, SourceFile, discover, stats_to_remember
from wom_site.diagnostics import BuildFailed, Problem
from wom_site.keys import environment_key, inputs_key, key_base
from wom_site.output import (Manifest, WriteStats, check_output_dir, check_replaceable, manifest_path, output_tag, recover,
                             writing)
from wom_site.pages import PageImages
from wom_site.record import BuildRecord, Held
from wom_site.rhythm import Post
from wom_site.site import Selection, Site
from wom_site.site_variables import site_variables
from wom_site.theme import FINGERPRINTED, Theme, collect_static, fingerprint, resolve_theme
from wom_site.urls import Urls


@dataclass(frozen=True)
class BuildOptions:
    source: Path = Path(".")
    output: Path | None = None  # default: site.yaml's `output`, relative to the source
    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    use_cache: bool = True
    now: dt.datetime | None = None  # the build's "now", for future posts; default: the clock
    fingerprint_assets: bool = True  # False in preview: a CSS edit then rewrites only the CSS file
    assemble: bool = False  # assemble the site even when nothing changed (wom serve's quick looks need it)
    wait: bool = True  # for another build writing the same output folder (False: locks.Busy at once)
    keep_going: bool = False  # publish every post that builds; list the others in BuildResult.errors
    search_later: bool = False  # wom serve: an edit keeps the last search index; serve/indexer.py remakes it after


@dataclass
class Rendering:
    """What rendering one more page takes: wom serve keeps the last build's for its quick looks."""

    site: Site
    images: PageImages
    theme: Theme
    asset_urls: dict[str, str]
    selection: Selection
    _environment: object = field(default=None, repr=False)

    # templates.py (Jinja) is imported by these two, which only wom serve calls: a build that
    # finds nothing to do never loads Jinja.
    def environment(self):
        if self._environment is None:
            from wom_site.templates import make_environment, template_globals
            self._environment = make_environment(self.theme.template_dirs, template_globals(self.site, self.asset_urls),
                                                 translator=self.site.i18n)
        return self._environment

    def carry_environment(self, earlier: Rendering | None) -> Rendering:
        """Take over an earlier build's environment, with this build's globals: its templates
        stay compiled (Jinja reloads any whose file changed), which saves ~40 ms a quick look."""
        if earlier is not None and earlier._environment is not None and earlier.theme.template_dirs == self.theme.template_dirs:
            from wom_site.templates import install_translator, template_globals
            self._environment = earlier._environment
            self._environment.globals.update(template_globals(self.site, self.asset_urls))
            install_translator(self._environment, self.site.i18n)
        return self


@dataclass
class BuildResult:
    output_dir: Path
    stats: WriteStats
    pages: int
    warnings: list[Problem]
    held_back: list[Held]  # posts left out of this output, and why (held_back.py)
    seconds: float
    rendered: int = 0  # pages rendered by this build (the others were kept as they were)
    config: SiteConfig | None = field(default=None, repr=False)  # set even when nothing changed (site is None then)
    rendering: Rendering | None = field(default=None, repr=False)  # None when nothing changed
    errors: list[Problem] = field(default_factory=list)  # --keep-going: what was not built, and why
    newest: tuple[Post, ...] = ()  # the newest published post of each collection (the posting rhythm)

    @property
    def site(self) -> Site | None:
        return self.rendering.site if self.rendering else None


@dataclass(frozen=True)
class Run:
    """Everything a build read before its first stage; each stage takes what it needs of it."""

    options: BuildOptions
    started: float  # time.perf_counter()
    site_dir: Path
    config: SiteConfig
    output_dir: Path
    theme: Theme
    cache: Cache
    now: dt.datetime
    selection: Selection
    assets: list[Asset]
    urls: Urls
    site_static: dict[str, Path]  # logical path -> file, of the site's own static/
    static: dict[str, tuple[str, Path | bytes]]  # logical path -> (published path, content): theme and site
    asset_urls: dict[str, str]  # logical path -> its URL (CSS and JS fingerprinted)
    base_key: str  # what every file depends on (keys.key_base)
    tag: str  # names this output folder's manifest, keys, record and snapshot (output.output_tag)
    manifest: Manifest
    known_files: set[str]  # files a post may link to (assets, static/)
    environment: str | None  # keys.environment_key; None without a cache
    inputs: str | None  # keys.inputs_key; None without a cache
    last: BuildRecord | None  # the last build's record
    variables: dict  # Liquid's `site`, for posts copied from Jekyll (site_variables.py)
    variable_problems: list[Problem]  # a _config.yml beside site.yaml that could not be read

    @property
    def record_path(self) -> Path:
        return record.record_path(self.cache.root, self.tag)

    def nothing_changed(self) -> BuildResult | None:
        """The last build's result when nothing this build reads has changed, no post's date has
        come or gone since, and output/ is as that build left it: not even the posts need parsing."""
        last = self.last
        if self.options.assemble or last is None or last.inputs != self.inputs or not last.holds_at(self.now) \
                or not self.manifest.all_intact():
            return None
        return self.result(WriteStats(0, len(self.manifest.entries), 0), last.pages, list(last.warnings), list(last.held))

    def remember_stats(self, sources: list[SourceFile]) -> None:
        """Keep the stats of sources this build read though their content had not changed (a copy,
        a restore or a chmod gave them new ctimes), so the next build need not read and hash them
        again. Only then: a body edit's own edited post is no reason to rewrite the stats."""
        known = self.cache.get("sources", "stats") or {}
        if any(s.data is not None and (last := known.get(s.path)) and last[1] == s.digest for s in sources):
            self.cache.put("sources", "stats", stats_to_remember(sources))

    def result(self, stats: WriteStats, pages: int, warnings: list[Problem], held: list[Held], rendered: int = 0,
               rendering: Rendering | None = None, newest: tuple[Post, ...] | None = None) -> BuildResult:
        """The build's result; errors among `warnings` (only with keep_going) are its `errors`.
        `newest`: default, the last build's (a build that changed no post's date)."""
        errors = [p for p in warnings if p.is_error]
        if newest is None:
            newest = self.last.newest if self.last else ()
        return BuildResult(self.output_dir, stats, pages, [p for p in warnings if not p.is_error], held,
                           time.perf_counter() - self.started, rendered, self.config, rendering, errors, newest)


def start(options: BuildOptions, cache: Cache | None, held: ExitStack) -> tuple[Run, list[SourceFile]]:
    """Read what the build starts from, and the sources; a dangerous output folder is refused
    first, then the folder's lock is taken and kept in `held` until the build ends."""
    started = time.perf_counter()
    site_dir = options.source.resolve()
    config = config_for(site_dir, options)
    output_dir = (options.output or site_dir / config.output).resolve()
    check_output_dir(site_dir, output_dir)
    check_replaceable(output_dir)  # before the lock: a refused folder gets no lock file beside it
    held.enter_context(writing(output_dir, options.wait))  # one build at a time into a folder, from here to the end
    recover(output_dir)  # a killed build's output/ is restored or finished first, even if this one fails
    check_replaceable(output_dir)
    theme = resolve_theme(site_dir, config.theme)
    if isinstance(theme, Problem):
        raise BuildFailed([theme])
    if cache is None or not options.use_cache:
        cache = Cache(site_dir / CACHE_DIR if options.use_cache else None)
    now = options.now or dt.datetime.now(dt.timezone.utc)
    sources, assets = discover(site_dir, _known_sources(cache))
    urls = Urls.from_base(config.base_url)
    site_static = _site_static(site_dir)  # walked once: static/ may hold many photos
    static = _static_files(site_dir, theme, config, site_static, options.fingerprint_assets)
    asset_urls = {logical: urls.path(published) for logical, (published, _) in static.items()}
    variables, variable_problems = site_variables(site_dir, config, now)  # {{ site.x }} in posts from elsewhere
    base_key = key_base(theme.template_dirs, config, asset_urls, now.year, i18n.translator(config.language).digest,
                        repr({k: v for k, v in variables.items() if k != "time"}))
    tag = output_tag(site_dir / config.output, output_dir)
    manifest = Manifest(manifest_path(cache.root, tag) if cache.root is not None else None, output_dir)
    selection = Selection(options.drafts, options.future)
    environment = inputs = last = None
    if cache.root is not None:
        environment = environment_key(base_key, repr(selection), static, assets, site_dir)
        inputs, last = inputs_key(environment, sources), record.load(record.record_path(cache.root, tag))
    known_files = {a.path for a in assets} | {f"static/{p}" for p in site_static}
    return Run(options, started, site_dir, config, output_dir, theme, cache, now, selection, assets, urls, site_static,
               static, asset_urls, base_key, tag, manifest, known_files, environment, inputs, last, variables,
               variable_problems), sources


def config_for(site_dir: Path, options: BuildOptions) -> SiteConfig:
    """site.yaml with the options' --base-url, validated like site.yaml; BuildFailed names the key."""
    try:
        config = load_config(site_dir)
    except ConfigError as error:
        raise BuildFailed(error.problems) from None
    if options.base_url:
        from wom_site.config import config_from_mapping  # validate the override like site.yaml
        try:
            config_from_mapping({"base_url": options.base_url})
        except ConfigError as error:
            raise BuildFailed([dataclasses.replace(p, path="--base-url") for p in error.problems]) from None
        config = dataclasses.replace(config, base_url=options.base_url)
    return config


def _known_sources(cache: Cache) -> dict[str, tuple]:
    known = cache.get("sources", "stats")
    return known if isinstance(known, dict) else {}


def _site_static(site_dir: Path) -> dict[str, Path]:
    folder = site_dir / "static"
    return collect_static((folder,), site_dir) if folder.is_dir() else {}


def _static_files(site_dir: Path, theme: Theme, config: SiteConfig, site_static: dict[str, Path],
                  fingerprint_assets: bool = True) -> dict[str, tuple[str, Path | bytes]]:
    """Logical path -> (published path, file or bytes); CSS and JS get a content hash in the name.
    css/brand.css is made here from site.yaml's brand (a site's own theme may still replace it);
    theme CSS is published without its comments (a story page's budget: 50 KB before images)."""
    brand = brand_css(config)
    files: dict[str, Path | bytes] = {"css/brand.css": brand} if brand else {}
    files.update(collect_static(theme.static_dirs, site_dir))
    files["css/highlight.css"] = _highlight_css(config).encode()
    files.update(site_static)
    published, own = {}, set(site_static.values())
    for logical, value in files.items():
        if fingerprint_assets and logical.endswith(FINGERPRINTED):
            data = value if isinstance(value, bytes) else value.read_bytes()
            if logical.endswith(".css") and isinstance(value, Path) and value not in own:
                data = _without_comments(data)
            published[logical] = (fingerprint(logical, data), data)
        else:
            published[logical] = (logical, value)
    return published


_CSS_COMMENT = re.compile(rb'("(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\')|/\*.*?\*/', re.S)


def _without_comments(css: bytes) -> bytes:
    """A theme stylesheet without its comments (strings kept whole: a "/*" in one stays)."""
    return _CSS_COMMENT.sub(lambda m: m.group(1) or b"", css)


def _highlight_css(config: SiteConfig) -> str:
    light = HtmlFormatter(style=config.markdown.highlight_style).get_style_defs(".highlight")
    dark = HtmlFormatter(style=config.markdown.highlight_dark_style).get_style_defs(".highlight")
    css = f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
    return re.sub(r" */\*.*?\*/", "", css)  # Pygments names every token in a comment
