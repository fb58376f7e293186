"""`wom serve`: build into .wom-cache/serve/, serve it, rebuild on save, tell the pages.

The preview never writes output/: drafts, future posts and the reload script stay in
the site's own cache folder, out of reach of a deploy.
"""

from __future__ import annotations

import errno
import re
import sys
import threading
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from wom_site.build import BuildOptions, BuildResult, Rendering, build
from wom_site.cache import CACHE_DIR, Cache
from wom_site.content import is_content_markdown
from wom_site.diagnostics import BuildFailed
from wom_site.i18n import translator
from wom_site.output import output_tag
from wom_site.progress import print_problems, writer_lines
from wom_site.serve.badges import preview_badges
from wom_site.serve.indexer import Indexer
from wom_site.serve.quick import edited_page, quick_look
from wom_site.serve.reload import Hub
from wom_site.serve.server import PreviewServer, PreviewState, QuickLook, is_loopback_name
from wom_site.serve.watcher import QUIET_SECONDS, Debouncer, SourceWatcher
from wom_site.urls import Urls, output_file

SERVE_DIR = "serve"
QUICK_GRACE_SECONDS = 0.3  # how long a quick look waits for the browser to fetch it
QUICK_SETTLE_SECONDS = 0.2  # then for the page to load and reconnect, before the rebuild takes the CPU
FAILURE_GRACE_SECONDS = 0.2  # a failed build waits this long for the rest of a save before it is shown


@dataclass(frozen=True)
class ServeOptions:
    source: Path = Path(".")
    host: str = "127.0.0.1"
    port: int = 8000  # 0: any free port
    drafts: bool = False
    future: bool = False
    open_browser: bool = False
    quiet_seconds: float = QUIET_SECONDS


class PortInUse(Exception):
    """The address is taken (or not ours to take); the message suggests --port."""


class Preview:
    """The running preview: one build at a time, a server, a watcher, a hub of open pages."""

    def __init__(self, options: ServeOptions, out: TextIO | None = None) -> None:
        self.options = options
        self.out = out or sys.stdout
        self.site_dir = options.source.resolve()
        self.output_dir = self.site_dir / CACHE_DIR / SERVE_DIR
        self.build_options = BuildOptions(source=self.site_dir, output=self.output_dir, drafts=options.drafts,
                                          future=options.future, fingerprint_assets=False, assemble=True,
                                          search_later=True)
        self.cache = Cache(self.site_dir / CACHE_DIR)  # kept in memory between builds
        self.hub = Hub()
        self.state = PreviewState(self.output_dir, self.hub, loopback_only=is_loopback_name(options.host))
        self.server: PreviewServer | None = None
        self.builds = 0
        self.last_seconds = 0.0  # the last build's own time (bench/serve_latency.py reports it)
        self.rendering: Rendering | None = None  # the last build's site, for quick looks
        self._build_lock = threading.Lock()
        self._quick_lock = threading.Lock()
        # Saves are debounced, get their quick look, then queue for the rebuild thread: a save
        # during a long rebuild still gets its quick look at once (the rebuilds merge what waits).
        self._rebuilder = Debouncer(self.rebuild, quiet=0)
        self._debouncer = Debouncer(self._saved, options.quiet_seconds)
        self._watcher = SourceWatcher(self.site_dir, self._debouncer)
        self.indexer = Indexer(self.output_dir, self.cache, self._build_lock, self.hub.indexing, self._say)

    @property
    def port(self) -> int:
        return self.server.server_address[1] if self.server else self.options.port

    @property
    def url(self) -> str:
        host = self.options.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}{self.state.base_path}"

    def start(self) -> None:
        """Bind first (a taken port fails at once), then build, then watch."""
        try:
            self.server = PreviewServer((self.options.host, self.options.port), self.state)
        except OSError as error:
            if error.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
                raise PortInUse(_bind_message(self.options, error)) from None
            raise
        self._watcher.start()  # before the first build, so a save during it is not lost
        self.indexer.start()
        self.rebuild(set())
        self._rebuilder.start()
        self._debouncer.start()

    def serve_forever(self) -> None:
        self.server.serve_forever(poll_interval=0.2)

    def close(self) -> None:
        self.hub.close()
        self._watcher.stop()
        self.indexer.stop()
        self._debouncer.stop()
        self._rebuilder.stop()
        if self.server:
            self.server.server_close()

    def _saved(self, changed: set[str]) -> None:
        self.indexer.cancel()  # the page first: Pagefind gives the CPU back
        self._quick_look(changed)
        self._rebuilder.add(changed)

    def rebuild(self, changed: set[str]) -> BuildResult | None:
        """Build once; on failure keep serving the last good build and show the errors."""
        with self._build_lock:
            started = self.hub.build_id  # quick looks numbered above this are newer than the build
            saves = self._debouncer.received
            try:
                result = build(self.build_options, cache=self.cache)
            except Exception as error:  # noqa: BLE001 - a bug in a build must not stop the preview
                self._settle_quick_looks(started, None)
                if self._debouncer.changed_since(saves, FAILURE_GRACE_SECONDS):
                    # A file changed while (or just after) the build read it: an editor that
                    # truncates, then writes, can be caught between the two. The build that
                    # change brings decides.
                    self._say("sources changed during a failed build; building again")
                elif isinstance(error, BuildFailed):
                    self._failed([str(p) for p in error.problems if p.is_error], error.problems)
                else:
                    self._failed([f"build crashed: {type(error).__name__}: {error}"], [])
                return None
            if result.rendering is not None:
                self.rendering = result.rendering.carry_environment(self.rendering)
                self.state.badges = preview_badges(result.rendering.site)
            only_posts = _only_posts(changed)  # else a template, stylesheet or site.yaml change reaches every page
            keep, confirmed = self._settle_quick_looks(started, self.output_dir if only_posts else None)
            if not only_posts:
                keep, confirmed = (), {}
            self.builds += 1
            self.last_seconds = result.seconds
            # from the config, not result.site: a build that found nothing changed has no Site
            self.state.base_path = Urls.from_base(result.config.base_url).base_path
            self.state.base_url = result.config.base_url
            self.hub.i18n = translator(result.config.language, result.config.strings)
            print_problems(result.warnings, out=self.out, command="serve")
            for line in writer_lines(result):
                self._say(line)
            self._say(_built_line(result, changed))
            self.hub.built(css_only=_only_stylesheets(changed), keep=keep, confirmed=confirmed)
            self.indexer.built(output_tag(self.site_dir / result.config.output, self.output_dir))
            return result

    def _quick_look(self, changed: set[str]) -> None:
        """Show the edited post's page at once, when a browser shows it; the rebuild follows."""
        rendering = self.rendering
        page = edited_page(rendering, changed) if rendering and not self.hub.errors else None
        if page is None or not self.hub.watching(page.url):
            return
        try:
            data = quick_look(self.site_dir, rendering, page)
        except Exception:  # noqa: BLE001 - the full rebuild reports (or survives) whatever this hits
            return
        if data is None:
            return
        with self._quick_lock:
            self.state.quick_served.clear()
            connections = self.hub.connections  # before the reload: the page reconnects after it

            def show(number: int) -> None:  # before the reload event goes out
                self.state.quick = {**self.state.quick, page.url: QuickLook(output_file(page.site_path), data, number)}

            self.hub.quick(page.url, show)
        # The rebuild would hold the interpreter while the browser asks for the page: let it ask first.
        if self.state.quick_served.wait(QUICK_GRACE_SECONDS):
            # its stylesheet, script and images come next: a rebuild holding the interpreter
            # would make each of those requests wait its turn
            self.hub.wait_for_connection(page.url, connections, QUICK_SETTLE_SECONDS)

    def _settle_quick_looks(self, started: int, output_dir: Path | None) -> tuple[tuple[str, ...], dict[str, int]]:
        """After a build that began at build number `started` (hub.build_id): the pages that
        need no reload, and those the build confirmed (URL -> the build number their quick
        look carries). A quick look the build saw is dropped (confirmed if the built file is
        the same); a newer one stays served, and its page waits for the next build."""
        with self._quick_lock:
            keep, confirmed, newer = [], {}, {}
            for url, quick in self.state.quick.items():
                if quick.build > started:
                    keep.append(url)
                    newer[url] = quick
                elif output_dir is not None and _seen(_read(output_dir / quick.file)) == _seen(quick.html):
                    keep.append(url)
                    confirmed[url] = quick.build
            self.state.quick = newer
            return tuple(keep), confirmed

    def _failed(self, lines: list[str], problems) -> None:
        for problem in problems or lines:
            self._say(str(problem))
        self._say(f"build failed ({len(lines)} error(s)); still serving the last good build, the browser shows the errors")
        self.hub.failed(lines)

    def _say(self, line: str) -> None:
        print(line, file=self.out, flush=True)


_TITLE = re.compile(rb"<title>.*?</title>", re.S)


def _seen(page: bytes | None) -> bytes | None:
    """What a reader sees of a page: its title and body. The rest of the head may differ
    between a quick look and its rebuild (a new title redraws the social card, whose file
    name the head's og:image names) without anything to show."""
    if page is None:
        return None
    title, body = _TITLE.search(page), page.find(b"<body")
    return (title.group(0) if title else b"") + (page[body:] if body >= 0 else page)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _only_posts(changed: set[str]) -> bool:
    """True when only Markdown files under content/ changed: a quick look can stand for them."""
    return all(is_content_markdown(p) for p in changed)


def _only_stylesheets(changed: set[str]) -> bool:
    """True when only CSS files changed (new folders aside): pages swap stylesheets, no reload."""
    files = [p for p in changed if not p.endswith("/")]
    return bool(files) and all(p.endswith(".css") for p in files)


def _built_line(result: BuildResult, changed: set[str]) -> str:
    s = result.stats
    what = "built" if not changed else f"rebuilt after {', '.join(sorted(changed)[:3])}{' ...' if len(changed) > 3 else ''}"
    return f"{what}: {result.pages} pages in {result.seconds:.2f} s ({s.written} written, {s.unchanged} unchanged)"


def _bind_message(options: ServeOptions, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return (f"{options.host}:{options.port}: already in use (another wom serve?); "
                f"choose another with --port {options.port + 1 if options.port else 8001}")
    if error.errno == errno.EACCES:
        return f"{options.host}:{options.port}: not allowed to listen there; choose a port above 1023 with --port 8000"
    return f"{options.host}:{options.port}: cannot listen there: {error.strerror}; check --host"


def serve(options: ServeOptions) -> int:
    """Run the preview until Ctrl-C. Exit status: 0 stopped, 1 no site.yaml, 2 port unavailable."""
    if not (options.source / "site.yaml").is_file():
        print(f"site.yaml: not found in {options.source.resolve()}: is this a wom site? (pass --source DIR)", file=sys.stderr)
        return 1
    preview = Preview(options)
    try:
        preview.start()
    except PortInUse as error:
        print(error, file=sys.stderr)  # `host:port: why`
        preview.close()
        return 2
    except KeyboardInterrupt:
        preview.close()
        print("stopped", flush=True)
        return 0
    print(f"serving {preview.url} (preview built in {preview.output_dir}; Ctrl-C to stop)", flush=True)
    if options.open_browser:
        threading.Thread(target=webbrowser.open, args=(preview.url,), daemon=True).start()
    try:
        preview.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        preview.close()
    print("stopped", flush=True)
    return 0


