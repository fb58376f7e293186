"""The HTTP side of the preview: map request paths into the built folder, safely.

Requests are read-only: clean URLs (a folder serves its index.html, /x redirects to /x/),
404.html with status 404, no folder listings, and nothing outside the built folder
(`..`, encoded dots, absolute-URI request targets are refused with 400).
"""

from __future__ import annotations

import html
import ipaddress
import os
import re
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote

from wom_site import policy
from wom_site.serve.paths import not_found_page, resolve
from wom_site.serve.reload import EVENTS_PATH, SHARE_PATH, Hub, inject, overlay_html, page_snippet

DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)

CHUNK = 64 * 1024


def content_type(path: Path) -> str:
    return policy.content_type(path.name)  # by name only: the preview serves feeds as plain XML


@dataclass(frozen=True)
class QuickLook:
    """A page rendered alone after a save, served until a rebuild confirms or replaces it."""

    file: str  # its output file, which the rebuild writes
    html: bytes
    build: int  # its number (hub.build_id), which the page carries: a build that began before it has not seen it


class PreviewState:
    """What the handlers read: the built folder, the site's base path and the live-reload hub."""

    def __init__(self, root: Path, hub: Hub, loopback_only: bool = True) -> None:
        self.root = root
        self.hub = hub
        self.loopback_only = loopback_only  # then only local Host names: no DNS rebinding to drafts
        self.base_path = "/"  # from base_url, updated by every successful build
        self.base_url = ""
        # URL path -> its quick look; replaced whole (never changed in place) as handlers read it
        self.quick: dict[str, QuickLook] = {}
        self.quick_served = threading.Event()
        self.badges: dict[str, str] = {}  # URL path -> its preview badge (drafts, scheduled posts); replaced whole


def _local_host(host: str, port: int) -> bool:
    """A Host header naming this machine exactly, with this server's port (or no Host at all,
    as HTTP/1.0 clients send). Nothing looser: with DNS rebinding, any web page can make a
    browser send `Host: 127.0.0.1.nip.io` or `localhost.evil.example` to this port."""
    if not host:
        return True
    name, sep, given = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    if not sep:
        name, given = host, "80"
    if not given.isascii() or not given.isdigit() or int(given) != port:
        return False
    return is_loopback_name(name)


def is_loopback_name(name: str) -> bool:
    """localhost, a *.localhost name, or a loopback address (127.0.0.0/8, ::1), exactly: a name
    or address only this machine reaches."""
    name = name.lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name == "localhost" or (name.endswith(".localhost") and _LABELS.fullmatch(name)):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


_LABELS = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+localhost")


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # bursts of hundreds of connections queue instead of being refused
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], state: PreviewState) -> None:
        self.state = state
        super().__init__(address, PreviewHandler)

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, DISCONNECTS):
            return  # the browser went away mid-response: nothing to report
        print(f"wom serve: error while answering {client_address[0]}: {type(error).__name__}: {error}", file=sys.stderr)


MAX_REQUEST_LINE = 8192  # bytes, as nginx's default large_client_header_buffers
MAX_HEADER_BYTES = 16384
MAX_HEADERS = 100


class PreviewHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "wom-serve"
    timeout = 120  # idle keep-alive connections give their thread back eventually
    server: PreviewServer

    def handle(self) -> None:
        try:
            super().handle()
        except DISCONNECTS:
            self.close_connection = True

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass  # a preview prints builds, not every request

    def parse_request(self) -> bool:
        """Bound what a request may send: a request line past MAX_REQUEST_LINE is answered 414,
        headers past MAX_HEADER_BYTES (or MAX_HEADERS of them) 431, instead of silence."""
        if len(self.raw_requestline) > MAX_REQUEST_LINE:
            self.requestline, self.request_version, self.command = "", "HTTP/1.1", "GET"
            self.close_connection = True
            self.send_error(414, "URI Too Long")
            return False
        if not super().parse_request():
            return False
        items = self.headers.items()
        if len(items) > MAX_HEADERS or sum(len(k) + len(v) + 4 for k, v in items) > MAX_HEADER_BYTES:
            self.close_connection = True
            self.send_error(431, "Request Header Fields Too Large")
            return False
        return True

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        state = self.server.state
        if state.loopback_only and not _local_host(self.headers.get("Host", ""), self.server.server_address[1]):
            return self._send(400, "text/plain; charset=utf-8", b"400 bad request: not a local Host\n", head)
        path, _, query = self.path.partition("?")
        if path == EVENTS_PATH and not head:
            return self._events(state, parse_qs(query).get("page", [""])[0])
        quick = state.quick.get(path)
        if quick is not None:
            self._send(200, "text/html; charset=utf-8", self._with_snippet(quick.html, unquote(path), quick.build), head)
            state.quick_served.set()
            return None
        if path == SHARE_PATH:
            from wom_site.serve.share_preview import share_preview_page

            page = parse_qs(query).get("path", [state.base_path])[0]
            status, body = share_preview_page(state, page)
            return self._send(status, "text/html; charset=utf-8", self._with_snippet(body, None), head)
        resolved = resolve(state.root, state.base_path, self.path)
        if resolved.status == 301:
            return self._redirect(resolved.location)
        if resolved.status == 400:
            return self._send(400, "text/plain; charset=utf-8", b"400 bad request\n", head)
        if resolved.status == 404:
            return self._not_found(state, head, self.path)
        self._file(resolved.file, 200, head, path)

    def _file(self, file: Path, status: int, head: bool, page_path: str) -> None:
        kind = content_type(file)
        try:
            if kind.startswith("text/html"):
                build = self.server.state.hub.site_build  # before reading: an older number only reloads once more
                return self._send(status, kind, self._with_snippet(file.read_bytes(), unquote(page_path), build), head)
            handle = open(file, "rb")
        except OSError:  # swapped away by a rebuild between resolving and reading
            return self._send(404, "text/plain; charset=utf-8", b"404 not found\n", head)
        with handle:
            stat = os.fstat(handle.fileno())
            tag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'  # files are replaced, never edited in place
            if status == 200 and self.headers.get("If-None-Match") == tag:
                return self._headers(304, kind, None, tag)
            self._headers(status, kind, stat.st_size, tag)
            if not head:
                while chunk := handle.read(CHUNK):
                    self.wfile.write(chunk)

    def _not_found(self, state: PreviewState, head: bool, target: str = "/") -> None:
        page = not_found_page(state.root, state.base_path, target)
        if page is not None:
            return self._file(page, 404, head, state.base_path)
        missing, failed = (html.escape(state.hub.i18n.gettext(text)) for text in ("Page not found", "Build failed"))
        body = f"<!doctype html><title>{missing}</title><h1>{missing}</h1>".encode()
        if state.hub.errors:
            body = f"<!doctype html><title>{failed}</title><body></body>".encode()
        self._send(404, "text/html; charset=utf-8", self._with_snippet(body, state.base_path), head)

    def _with_snippet(self, document: bytes, page_path: str | None, build: int | None = None) -> bytes:
        """`build`: the build number the document belongs to (default: the latest)."""
        state = self.server.state
        hub, badge = state.hub, state.badges.get(page_path, "") if page_path else ""
        return inject(document, page_snippet(hub.site_build if build is None else build, hub.errors, page_path, hub.i18n, badge))

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def _headers(self, status: int, kind: str, length: int | None, etag: str = "") -> None:
        """`etag`: a file that browsers may keep if they ask first (a reload then costs one
        "304 Not Modified" per stylesheet, script and image); pages are never kept."""
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if length is not None:
            self.send_header("Content-Length", str(length))
        if etag:
            self.send_header("Cache-Control", "no-cache")
            self.send_header("ETag", etag)
        else:
            self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()

    def _send(self, status: int, kind: str, body: bytes, head: bool) -> None:
        self._headers(status, kind, len(body))
        if not head:
            self.wfile.write(body)

    def _events(self, state: PreviewState, page: str) -> None:
        """Server-Sent Events: a hello with the current state, then every build's outcome."""
        hub = state.hub
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        listener = hub.listen(page)
        try:
            quick = state.quick.get(page)
            hello = hub.hello(quick.build if quick is not None else hub.site_build)
            self.wfile.write(("retry: 500\n\n" + hello).encode("utf-8"))
            self.wfile.flush()
            while not hub.closed.is_set():
                try:
                    message = listener.get(timeout=15)
                except Exception:  # noqa: BLE001 - queue.Empty: keep the connection alive
                    message = ": ping\n\n"
                if message is None:
                    break
                self.wfile.write(message.encode("utf-8"))
                self.wfile.flush()
        except DISCONNECTS:
            pass
        finally:
            hub.forget(listener)


__all__ = ["PreviewServer", "PreviewState", "resolve", "content_type", "overlay_html"]
