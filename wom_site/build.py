"""The build: a pipeline of small stages, reading at the start and writing at the end.

    load_config -> discover -> parse -> select -> render_bodies -> assemble
                -> plan_pages -> render_pages (+ feeds, sitemap, static) -> write_output
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import re
import shutil
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pygments.formatters import HtmlFormatter

import wom_site
from wom_site.cache import CACHE_DIR, Cache
from wom_site.config import CONFIG_FILE, ConfigError, SiteConfig, load_config
from wom_site.content import Entry, SourceFile, digest_bytes, discover, parse, settled_stat
from wom_site.diagnostics import BuildFailed, Problem, warning
from wom_site.feeds import feed_files
from wom_site.images import image_info, share_image_warnings
from wom_site.imagework import ImageStore, PreparedImages, prepare_images
from wom_site.markdown import RenderedBody
from wom_site.output import (MARKER, Kept, Manifest, WriteStats, check_output_dir, check_replaceable, manifest_path,
                             output_tag, recover, spool_folder, write_output, writing)
from wom_site.outputs import Inputs, Output
from wom_site.outputs.loop import LastBuild, Templates, keep_or_make
from wom_site.outputs.registry import every_output
from wom_site.pages import PageImages, alias_clashes, own_jobs, plan_pages
from wom_site.render import Fingerprints, environment_key, inputs_key, key_base, render_jobs, render_markdown_all
from wom_site.share.meta import ImageRef
from wom_site import i18n, languages, snapshot
from wom_site.site import Page, Selection, Site, assemble, face, remade_page, select_entries, selection_window
from wom_site.snapshot import Snapshot
from wom_site.templates import install_translator, make_environment
from wom_site.theme import FINGERPRINTED, Theme, collect_static, fingerprint, line_of_key, resolve_theme
from wom_site.urls import Urls, tags_index_path


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


@dataclass
class Rendering:
    """What rendering one more page takes: wom serve keeps the last build's for its quick looks."""

    site: Site
    images: PageImages
    theme: Theme
    asset_urls: dict[str, str]
    selection: Selection
    _environment: object = field(default=None, repr=False)

    def environment(self):
        if self._environment is None:
            self._environment = make_environment(self.theme.template_dirs, _template_globals(self.site, self.asset_urls),
                                                 translator=self.site.i18n)
        return self._environment

    def carry_environment(self, earlier: Rendering | None) -> Rendering:
        """Take over an earlier build's environment, with this build's globals: its templates
        stay compiled (Jinja reloads any whose file changed), which saves ~40 ms a quick look."""
        if earlier is not None and earlier._environment is not None and earlier.theme.template_dirs == self.theme.template_dirs:
            self._environment = earlier._environment
            self._environment.globals.update(_template_globals(self.site, self.asset_urls))
            install_translator(self._environment, self.site.i18n)
        return self


@dataclass
class BuildResult:
    output_dir: Path
    stats: WriteStats
    pages: int
    warnings: list[Problem]
    awaiting_approval: list[Entry]
    seconds: float
    rendered: int = 0  # pages rendered by this build (the others were kept as they were)
    config: SiteConfig | None = field(default=None, repr=False)  # set even when nothing changed (site is None then)
    rendering: Rendering | None = field(default=None, repr=False)  # None when nothing changed
    errors: list[Problem] = field(default_factory=list)  # --keep-going: what was not built, and why

    @property
    def site(self) -> Site | None:
        return self.rendering.site if self.rendering else None


def build(options: BuildOptions, progress=None, cache: Cache | None = None) -> BuildResult:
    """Build the site; `progress` (progress.BuildProgress) shows bars for the slow stages.
    `cache`: one kept between builds in a long-running process (wom serve); default: loaded from disk."""
    # The build's objects live until it ends (few cycles die young): Python's cyclic collector
    # would walk the whole heap again and again (0.1-0.2 s at 10,000 posts); it runs afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with ExitStack() as held:  # the output folder's lock, once _build knows the folder
            return _build(options, progress, cache, held)
    finally:
        if collecting:
            gc.enable()


def _build(options: BuildOptions, progress, cache: Cache | None, held: ExitStack) -> BuildResult:
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

    selection = Selection(options.drafts, options.future)
    sources, assets = discover(site_dir, _known_sources(cache))
    urls = Urls.from_base(config.base_url)
    site_static = _site_static(site_dir)  # walked once: static/ may hold many photos
    static = _static_files(site_dir, theme, config, site_static, options.fingerprint_assets)
    asset_urls = {logical: urls.path(published) for logical, (published, _) in static.items()}
    base_key = key_base(theme.template_dirs, config, asset_urls, now.year, i18n.translator(config.language).digest)
    tag = output_tag(site_dir / config.output, output_dir)  # what this output folder's manifest, keys and snapshot are named by
    manifest = Manifest(manifest_path(site_dir / CACHE_DIR, tag) if options.use_cache else None, output_dir)
    inputs = environment = None
    known_files = {a.path for a in assets} | {f"static/{p}" for p in site_static}
    if cache.root is not None:
        environment = environment_key(base_key, repr(selection), static, assets, site_dir)
        inputs = inputs_key(environment, sources)
        last = cache.get("build", str(output_dir))
        if not options.assemble and isinstance(last, tuple) and len(last) == 5 and last[0] == inputs and last[1][0] <= now < last[1][1] and manifest.all_intact():
            # Nothing this build reads has changed, no post's date has come or gone since,
            # and output/ is as the last build left it: not even the posts need parsing.
            return BuildResult(output_dir, WriteStats(0, len(manifest.entries), 0), last[2], list(last[3]),
                               list(last[4]), time.perf_counter() - started, config=config)
        if not options.assemble:
            edited = _rebuild_bodies(BodyEdit(site_dir, config, theme, cache, manifest, tag, now, selection, environment,
                                              inputs, known_files, asset_urls, started), sources)
            if edited is not None:
                return edited
    entries, problems = parse_all(sources, config, cache, site_dir)
    problems += language_problems(site_dir, config)
    sources = [dataclasses.replace(s, data=None) if s.data is not None else s for s in sources]  # parsed: free the bytes
    window = selection_window(entries, now)
    entries, awaiting = select_entries(entries, config, now, selection)
    awaiting = _without_markdown(awaiting)  # listed in the result and the cache, never rendered
    bodies = render_bodies(entries, config, urls.base_path, cache, site_dir, progress)
    entries = _without_markdown(entries)
    related = dict(cache.get("related", "memo") or {})
    if config.languages:  # one site per language (languages.py)
        sites, body_problems = languages.assemble_all(entries, bodies, config, now, known_files, awaiting, related)
        site = sites[config.language]
    else:
        site, body_problems = assemble(entries, bodies, config, now, known_files, awaiting, related)
        sites = {config.language: site}
    cache.put("related", "memo", related)
    prepared = _prepare_images(site_dir, assets, site_static, config, cache, problems)
    images = _page_images(site, site_dir, prepared, problems, cache)
    card_files: dict[str, Path | bytes] = {}
    if config.share.cards:
        images, card_files = _with_cards(site, site_dir, images, cache, problems, progress, len(sites) == 1)
    jobs = plan_pages(site, images, theme.templates())
    if len(sites) > 1:
        jobs += _other_languages(sites, jobs, site_dir, prepared, problems, cache, card_files, theme.templates(), asset_urls, progress)
    chosen, clashes = every_output(Inputs(site, images, tuple(jobs), site_dir, static, frozenset(site_static),
                                          tuple(assets), prepared.files, card_files, tuple(sites.values())[1:]))
    problems += clashes + alias_clashes(site)
    spool = spool_folder(output_dir)
    try:
        outputs, fresh, more, foreign = render_site(chosen, site, theme, asset_urls, cache, manifest, base_key,
                                                    "pages" + tag, progress, spool,  # page keys of this output folder
                                                    tuple(s.i18n for s in sites.values())[1:])
        problems += more
        if cache.root is not None:
            snapshot.discard(cache.root, tag)  # it describes the output/ about to be replaced
        stats = _write(outputs, problems + body_problems, output_dir, manifest, options.keep_going)
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    rendered = len(jobs)  # pages planned (BuildResult.pages)
    warnings = sorted(set(problems + body_problems), key=_problem_order)
    errors = [p for p in warnings if p.is_error]  # only with keep_going: _write raises on them otherwise
    if errors:
        warnings = [p for p in warnings if not p.is_error]
        cache.save()  # what was parsed and rendered; but no record of a build to skip next time
        return BuildResult(output_dir, stats, rendered, warnings, awaiting, time.perf_counter() - started, fresh, config,
                           Rendering(site, images, theme, asset_urls, selection), errors)
    if inputs is not None:
        cache.put("build", str(output_dir), (inputs, window, rendered, tuple(warnings), tuple(awaiting)))
        if not options.assemble and len(sites) == 1:  # wom serve keeps its site in memory; body-only builds are for one language
            snapshot.save(Snapshot(environment, window, {s.path: s.digest for s in sources}, site, images, rendered,
                                   body_problems, problems, awaiting, not foreign), cache.root, tag)
    cache.save()
    return BuildResult(output_dir, stats, rendered, warnings, awaiting, time.perf_counter() - started, fresh, config,
                       Rendering(site, images, theme, asset_urls, selection))


@dataclass(frozen=True)
class BodyEdit:
    """What a build that changes only bodies needs of the build in progress."""

    site_dir: Path
    config: SiteConfig
    theme: Theme
    cache: Cache
    manifest: Manifest  # of the output folder
    tag: str  # the output folder's (output.output_tag)
    now: dt.datetime
    selection: Selection
    environment: str
    inputs: str
    known_files: set[str]
    asset_urls: dict[str, str]
    started: float


def _rebuild_bodies(edit: BodyEdit, sources: list[SourceFile]) -> BuildResult | None:
    """When only posts' bodies changed (snapshot.py), make their own pages and the feeds that
    carry them, and keep every other file; None when a full build is needed."""
    if not edit.manifest.settled():
        return None
    snap = snapshot.load(edit.cache.root, edit.tag)
    if snap is None or snap.environment != edit.environment or not snap.bodies_private \
            or not snap.window[0] <= edit.now < snap.window[1]:
        return None
    changed = snap.changed(sources)
    if not changed or len(changed) > snapshot.EDITS_MAX:
        return None
    site, images, templates = snap.site, snap.images, edit.theme.templates()
    site.now = edit.now
    remade = _remade_pages(edit, snap, changed)
    if remade is None:
        return None
    jobs = [job for page in remade for job in own_jobs(site, page, images, templates)]
    bytecode = edit.cache.root / "templates"
    env = lambda: make_environment(edit.theme.template_dirs, _template_globals(site, edit.asset_urls), bytecode, site.i18n)  # noqa: E731
    result = render_jobs(jobs, env, edit.theme.template_dirs, None, lambda output: None, lambda *_: False)
    if result.problems or result.foreign:
        return None  # a template error (the full build reports it), or a page showing another's body
    pages = {id(page) for page in remade}
    outputs = {rel: Kept(record[0]) for rel, record in edit.manifest.entries.items() if rel != MARKER}  # not looked at
    outputs.update(result.outputs)
    outputs.update({output: make() for output, (_, chosen), make in feed_files(site) if any(id(p) in pages for p in chosen)})
    stats = write_output(outputs, edit.manifest.output_dir, edit.manifest)
    snapshot.save_edits(snap, edit.cache.root, edit.tag)
    warnings = sorted(set(snap.other_problems + snap.body_problems), key=_problem_order)
    edit.cache.put("build", str(edit.manifest.output_dir), (edit.inputs, snap.window, snap.pages, tuple(warnings), tuple(snap.awaiting)))
    edit.cache.save()
    return BuildResult(edit.manifest.output_dir, stats, snap.pages, warnings, list(snap.awaiting),
                       time.perf_counter() - edit.started, result.rendered, edit.config)


def _remade_pages(edit: BodyEdit, snap: Snapshot, changed: list[SourceFile]) -> list[Page] | None:
    """The site's pages of the changed sources, given their new bodies; None when a source does
    not parse, is not a published page, or shows other pages something new (its face changed)."""
    by_source = snap.by_source()
    remade = []
    for source in changed:
        old = by_source.get(source.path)
        try:
            source = _with_data(source, edit.site_dir)
        except OSError:
            return None  # the full build says why
        problems: list[Problem] = []
        page = remade_page(snap.site, old, source, edit.selection, edit.known_files, problems) if old else None
        if page is None or face(page) != face(old) or any(p.is_error for p in problems):
            return None  # shows other pages something new, or fails (a full build names every problem)
        remade.append((old, page, source.digest, problems))
    for old, page, digest, problems in remade:
        snap.put_body(old, page, digest, problems)
    return [old for old, *_ in remade]


def _with_data(source: SourceFile, site_dir: Path) -> SourceFile:
    """`source` with its bytes: read now if discover knew it by its stat (raises OSError)."""
    if source.data is not None:
        return source
    data = (site_dir / source.path).read_bytes()
    return dataclasses.replace(source, data=data, digest=digest_bytes(data))


def _write(outputs, problems, output_dir: Path, manifest: Manifest, keep_going: bool = False) -> WriteStats:
    """Fail on errors (unless keeping going: then what built is published); otherwise write output/."""
    errors = [p for p in problems if p.is_error]
    if errors and not keep_going:
        raise BuildFailed(sorted(set(errors), key=_problem_order) + [p for p in problems if not p.is_error])
    return write_output(outputs, output_dir, manifest)


def language_problems(site_dir: Path, config: SiteConfig) -> list[Problem]:
    """One warning when the theme cannot speak the site's language (it falls back to English)."""
    message = i18n.language_warning(config.language)
    return [warning(CONFIG_FILE, line_of_key(site_dir / CONFIG_FILE, "language"), message)] if message else []


def _problem_order(problem: Problem):
    return (problem.path, problem.line or 0, problem.message)


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


# --- stages ----------------------------------------------------------------------

def _known_sources(cache: Cache) -> dict[str, tuple]:
    known = cache.get("sources", "stats")
    return known if isinstance(known, dict) else {}


def parse_all(sources: list[SourceFile], config: SiteConfig, cache: Cache, site_dir: Path | None = None) -> tuple[list[Entry], list[Problem]]:
    entries, problems = [], []
    for source in sources:
        key = (source.path, source.digest, source.kind, config.timezone)
        result = cache.get("entries", key)
        if result is None:
            if source.data is None:  # known by its stat, but no longer in the cache: read it now
                source = _with_data(source, site_dir)
                key = (source.path, source.digest, source.kind, config.timezone)
            result = parse(source, config.tz)
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
                  progress=None) -> dict[str, RenderedBody]:
    bodies, missing = {}, {}
    for entry in entries:
        key = (entry.digest, entry.source, config.markdown, base_path)
        body = cache.get("bodies", key)
        if body is None:
            missing[key] = entry
        else:
            bodies[entry.digest] = body
    items = [(_markdown_of(entry, site_dir, config), entry.source, config.markdown, base_path) for entry in missing.values()]
    for (key, entry), body in zip(missing.items(), render_markdown_all(items, progress)):
        cache.put("bodies", key, body)
        bodies[entry.digest] = body
    return bodies


def _markdown_of(entry: Entry, site_dir: Path, config: SiteConfig) -> str:
    """The entry's Markdown: kept from parsing, or (an entry from the cache) read again."""
    if entry.body is not None:
        return entry.body
    try:
        data = (site_dir / entry.source).read_bytes()
    except OSError as error:
        raise BuildFailed([Problem(entry.source, None, f"cannot be read: {error.strerror or error}")]) from None
    digest = digest_bytes(data)
    reread = parse(SourceFile(entry.source, entry.kind, data, digest), config.tz) if digest == entry.digest else None
    if not isinstance(reread, Entry):
        raise BuildFailed([Problem(entry.source, None, "changed while the site was building; run the build again")])
    return reread.body


def _without_markdown(entries: list[Entry]) -> list[Entry]:
    """Entries whose bodies are rendered no longer need their Markdown (at 10,000 posts, 60-90 MB)."""
    return [dataclasses.replace(e, body=None) if e.body is not None else e for e in entries]


def _site_static(site_dir: Path) -> dict[str, Path]:
    folder = site_dir / "static"
    return collect_static((folder,), site_dir) if folder.is_dir() else {}


def _static_files(site_dir: Path, theme: Theme, config: SiteConfig, site_static: dict[str, Path],
                  fingerprint_assets: bool = True) -> dict[str, tuple[str, Path | bytes]]:
    """Logical path -> (published path, file or bytes); CSS and JS get a content hash in the name."""
    files: dict[str, Path | bytes] = dict(collect_static(theme.static_dirs, site_dir))
    files["css/highlight.css"] = _highlight_css(config).encode()
    files.update(site_static)
    published = {}
    for logical, value in files.items():
        if fingerprint_assets and logical.endswith(FINGERPRINTED):
            data = value if isinstance(value, bytes) else value.read_bytes()
            published[logical] = (fingerprint(logical, data), data)
        else:
            published[logical] = (logical, value)
    return published


def _highlight_css(config: SiteConfig) -> str:
    light = HtmlFormatter(style=config.markdown.highlight_style).get_style_defs(".highlight")
    dark = HtmlFormatter(style=config.markdown.highlight_dark_style).get_style_defs(".highlight")
    css = f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
    return re.sub(r" */\*.*?\*/", "", css)  # Pygments names every token in a comment


def _prepare_images(site_dir: Path, assets, site_static: dict[str, Path], config: SiteConfig, cache: Cache, problems: list[Problem]) -> PreparedImages:
    """Every published photo cleaned; post images (under content/) also in WebP sizes."""
    images = {asset.site_path: site_dir / asset.path for asset in assets}
    post_images = set(images)
    images.update(site_static)
    store = ImageStore(cache.root / "images" if cache.root is not None else None)
    prepared = prepare_images(images, post_images, config.images, cache, store)
    store.prune()
    problems += [warning(images[path].relative_to(site_dir).as_posix(), None, message) for path, message in prepared.problems]
    return prepared


def _page_images(site: Site, site_dir: Path, prepared: PreparedImages, problems: list[Problem], cache: Cache) -> PageImages:
    """Each page's share image: its own `image`, else the site's default image."""
    config, urls = site.config, site.urls
    info_of = _cached_image_info(cache)
    by_source, covers = {}, {}
    for page in site.everything:
        if page.entry.image and not page.entry.image_alt:  # the title stands in, and hides that it is missing
            problems.append(warning(page.entry.source, None, f"image {page.entry.image} has no alt text: add image_alt "
                                    "(screen readers and share previews otherwise get the title)"))
        if page.entry.image:
            ref = _image_ref(site_dir, urls, page.entry.image, page.entry.source, page.entry.image_alt or page.title, problems, prepared, info_of)
            if ref:
                by_source[page.entry.source] = ref
                covers[page.entry.source] = dataclasses.replace(ref, url=ref.url.removeprefix(urls.origin))
    default = None
    if config.share.image:
        default = _image_ref(site_dir, urls, config.share.image, "site.yaml", config.title, problems, prepared, info_of)
    logo_url = urls.absolute(config.logo.lstrip("/")) if config.logo else ""
    return PageImages(by_source, default, logo_url, covers, prepared=prepared)


def _cached_image_info(cache: Cache) -> Callable:
    """image_info by the file's stat (cache.file_key), from the cache when the file is unchanged
    (reading every cover's header with Pillow costs ~0.4 s a build at 10,000 posts).
    False: no such file."""
    def info_of(path: Path):
        found = cache.of_file("image-info", path, lambda p: image_info(p) or "unreadable")
        if found is None:
            return False
        return None if found == "unreadable" else found
    return info_of


def _image_ref(site_dir: Path, urls: Urls, written: str, source: str, alt: str, problems: list[Problem],
               prepared: PreparedImages, info_of: Callable) -> ImageRef | None:
    if "://" in written:
        return ImageRef(written, 1200, 630, "image/jpeg", alt)
    if written.startswith("/") or source == "site.yaml":
        candidates = [f"static/{written.lstrip('/')}", f"content/{written.lstrip('/')}"]
    else:
        candidates = [str(Path(source).parent / written)]
    for candidate in candidates:
        info = info_of(site_dir / candidate)
        if info is not False:
            if info is None:
                problems.append(warning(source, None, f"image {written} is not an image this build can read"))
                return None
            for message in share_image_warnings(info):
                problems.append(warning(source, None, f"image {written}: {message}"))
            site_path = candidate.split("/", 1)[1]
            published = prepared.sizes.get(site_path)
            if published:  # upright and downscaled: the size as published
                info = dataclasses.replace(info, width=published.width, height=published.height)
            return ImageRef(urls.absolute(site_path), info.width, info.height, info.mime, alt)
    problems.append(warning(source, None, f"image not found: {written}"))
    return None


def _with_cards(site: Site, site_dir: Path, images: PageImages, cache: Cache, problems: list[Problem], progress=None,
                prune: bool = True):
    """Generated social cards for every page without its own image (drawn ones kept in .wom-cache/cards/)."""
    from wom_site.share.social_images import make_cards, plan_cards, read_logo

    jobs = plan_cards(site, read_logo(site_dir, site.config.logo), set(images.by_source))
    card_dir = cache.root / "cards" if cache.root is not None else None
    refs, files, more = make_cards(site, jobs, cache, card_dir, progress, prune)
    problems += more
    by_source = dict(images.by_source)
    by_source.update({owner: ref for owner, ref in refs.items() if owner.startswith("content/")})
    by_path = {owner: ref for owner, ref in refs.items() if not owner.startswith("content/")}
    return dataclasses.replace(images, by_source=by_source, by_path=by_path), files


def _other_languages(sites: dict, jobs: list, site_dir: Path, prepared: PreparedImages, problems: list[Problem], cache: Cache,
                     card_files: dict, templates: set[str], asset_urls: dict[str, str], progress=None) -> list:
    """The pages of every language but the default, in their language (languages.speaking),
    with their own social cards; every generated page learns its versions in the others."""
    from wom_site.share.social_images import prune_cards

    codes = list(sites)
    by_language = {codes[0]: jobs}
    for code in codes[1:]:
        other = sites[code]
        images = _page_images(other, site_dir, prepared, problems, cache)
        if other.config.share.cards:
            images, cards = _with_cards(other, site_dir, images, cache, problems, progress, prune=False)
            card_files.update(cards)
        site_globals = _template_globals(other, asset_urls)["site"]
        by_language[code] = [languages.speaking(job, code, other.i18n.direction, site_globals)
                             for job in plan_pages(other, images, templates)]
    if cache.root is not None and sites[codes[0]].config.share.cards:
        prune_cards(cache.root / "cards", card_files)
    languages.generated_alternates(sites, by_language)
    return [job for code in codes[1:] for job in by_language[code]]


def render_site(chosen: dict[str, Output], site: Site, theme: Theme, asset_urls: dict[str, str], cache: Cache,
                manifest: Manifest, base_key: str, pages_namespace: str, progress=None,
                spool: Path | None = None, others: tuple = ()) -> tuple[dict, int, list[Problem], set[str]]:
    """Keep or make every Output (outputs.loop). Returns the files, the number of pages rendered,
    problems, and the pages that show another post's body (templates.Environment). `others`:
    the Translators of the site's other languages."""
    globals_ = _template_globals(site, asset_urls)
    fingerprints = Fingerprints(base_key) if cache.root is not None else None
    bytecode = cache.root / "templates" if cache.root is not None else None  # compiled templates
    last = LastBuild(fingerprints, lambda output: cache.get(pages_namespace, output), manifest.intact)
    templates = Templates(lambda: make_environment(theme.template_dirs, globals_, bytecode, site.i18n, others), theme.template_dirs)
    made = keep_or_make(chosen, last, templates, progress, spool)
    for output, key in made.keys.items():
        cache.put(pages_namespace, output, key)
    # pages kept as they were read what they read when they were rendered
    foreign = {o for o in cache.get("foreign", pages_namespace) or () if isinstance(made.files.get(o), Kept)} | made.foreign
    cache.put("foreign", pages_namespace, foreign)
    return made.files, made.rendered, made.problems, foreign


def _template_globals(site: Site, asset_urls: dict[str, str]) -> dict:
    config, urls = site.config, site.urls

    def asset(logical: str) -> str:
        return asset_urls.get(logical) or urls.path(logical)

    return {
        "site": {
            "title": config.title,
            "description": config.description,
            "language": config.language,
            "base_url": config.base_url,
            "home_url": urls.path(site.local("")),
            "logo_url": asset(config.logo.lstrip("/")) if config.logo else "",
            "menu": [{"title": m.title, "url": _menu_url(urls, m.url)} for m in config.menu],
            "business": config.business,
            "social": config.social,
            "theme_color": config.share.theme_color,
            "feed_atom": urls.path(site.local("feeds/all.xml")) if config.feeds.atom else "",
            "feed_json": urls.path(site.local("feeds/all.json")) if config.feeds.json else "",
            "tags_url": urls.path(site.local(tags_index_path(config.taxonomies.tags.permalink))),
            "archive_url": urls.path(site.local("archive/")),
            "customers_url": urls.path(site.local("customers/")),
            "year": site.now.year,
            "generator": f"wom-site {wom_site.__version__}",
        },
        "extra": config.extra,
        "asset": asset,
    }


def _menu_url(urls: Urls, url: str) -> str:
    return url if "://" in url or url.startswith(("mailto:", "tel:")) else urls.path(url.lstrip("/"))
