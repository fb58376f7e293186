"""Debian's Chromium through Playwright, a plain static file server, and axe-core.

Playwright's own browser download cannot work here: tests drive /usr/bin/chromium, and skip
with a clear reason where it (or the playwright package, or axe-core) is missing.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium():
    """The playwright sync API, or a skip naming what is missing."""
    if not CHROMIUM.exists():
        pytest.skip("Debian Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    return pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@contextmanager
def chromium_browser():
    sync_api = require_chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_source() -> str:
    """axe.min.js from $WOM_AXE_JS (.ci/run installs the npm package and sets it)."""
    path = os.environ.get("WOM_AXE_JS", "")
    if not path or not Path(path).is_file():
        pytest.skip("axe-core is not available: npm install axe-core and set WOM_AXE_JS to its axe.min.js")
    return Path(path).read_text(encoding="utf-8")


def axe_violations(page, source: str, impacts=("serious", "critical")) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    lines = []
    for violation in result["violations"]:
        if violation["impact"] in impacts:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    """What a static host does: files as they are, and 404.html for anything missing."""

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def static_server(folder: Path):
    """Serve `folder` on 127.0.0.1 (a free port) from a thread; yields the origin."""
    handler = functools.partial(_StaticHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class PageWatch:
    """Console errors, failed requests and requests to other origins, collected as a page loads."""

    def __init__(self, page, origin: str):
        self.origin = origin
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.foreign: list[str] = []
        self.bytes_by_type: dict[str, int] = {}
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))
        page.on("requestfailed", self._failed)
        page.on("request", self._request)
        page.on("response", self._response)

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _failed(self, request) -> None:
        # net::ERR_ABORTED is Chromium cancelling a load it no longer needs (the page navigated away,
        # following a link, while its favicon was still on the way): not a request that failed.
        # A missing file still counts: it answers 404, which _response records.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.failed.append(f"{request.url} ({request.failure})")

    def _request(self, request) -> None:
        if not request.url.startswith((self.origin + "/", "data:", "about:")):
            self.foreign.append(request.url)

    def _response(self, response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} ({response.status})")
