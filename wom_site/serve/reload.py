"""Live reload: the open pages listening on /__wom/events, and what is injected into served HTML.

The snippet (reload script, error overlay, share-preview link) is added to HTML as it is
served; it is never written into a file, so it can never reach a deploy.
"""

from __future__ import annotations

import html
import json
import queue
import threading
from typing import Callable
from urllib.parse import quote

from wom_site.i18n import Translator, translator
from wom_site.serve.badges import BADGE_STYLE, badge_html

EVENTS_PATH = "/__wom/events"
SHARE_PATH = "/__wom/share"


class Hub:
    """The preview's state (build number, errors of the last build) and its listeners."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: dict[queue.Queue, str] = {}  # listener -> the page it shows, as its events URL says
        self._arrived = threading.Condition(self._lock)
        self._connections = 0  # event streams opened so far
        self.build_id = 0  # numbers builds and quick looks alike: each stamps the pages it serves
        self.site_build = 0  # the last full build's number: what a page served from disk carries
        self.errors: list[str] = []  # error lines of the last build; empty when it succeeded
        self.i18n: Translator = translator("en")  # the site's language, for what the preview adds to pages
        self.confirmed: dict[str, int] = {}  # URL path -> build number of the quick look the last build confirmed
        self.index_updating = False  # the search index does not show the last edits yet (serve/indexer.py)
        self.closed = threading.Event()

    def listen(self, page: str = "") -> queue.Queue:
        listener: queue.Queue = queue.Queue()
        with self._lock:
            self._listeners[listener] = page
            self._connections += 1
            self._arrived.notify_all()
        return listener

    @property
    def connections(self) -> int:
        return self._connections

    def wait_for_connection(self, page: str, after: int, timeout: float) -> bool:
        """Wait until an event stream for `page` opens after the `after`-th one: a reloaded
        page opens its stream once its stylesheets and text are in (its script ends the body)."""
        with self._arrived:
            return self._arrived.wait_for(
                lambda: self._connections > after and page in self._listeners.values(), timeout)

    def forget(self, listener: queue.Queue) -> None:
        with self._lock:
            self._listeners.pop(listener, None)

    def watching(self, page: str) -> bool:
        """Whether an open browser page shows `page` (a URL path)."""
        with self._lock:
            return page in self._listeners.values()

    @property
    def listeners(self) -> int:
        with self._lock:
            return len(self._listeners)

    def hello(self, build: int) -> str:
        """The first message of a page's stream; `build`: the number that page would carry if
        served now (a page whose stamp differs reloads, so a quick look at one page never
        reloads another that reconnects)."""
        return sse_message("hello", {"build": build, "errors": self.errors, "confirmed": self.confirmed,
                                     "indexing": self.index_updating})

    def built(self, css_only: bool = False, keep: tuple[str, ...] = (), confirmed: dict[str, int] | None = None) -> None:
        """A build succeeded: pages reload, or only swap their stylesheets. Pages at the
        URL paths in `keep` already show what the build made (a quick look): they stay.
        `confirmed`: URL path -> the build number its quick look carried, for pages that
        reconnect after this message (their hello then tells them they are up to date)."""
        with self._lock:
            was_failing = bool(self.errors)
            self.build_id += 1
            self.site_build = self.build_id
            self.errors = []
            self.confirmed = dict(confirmed or {})
            kind = "css" if css_only and not was_failing else "reload"
            self._publish(sse_message(kind, {"build": self.build_id, "keep": list(keep)}))

    def quick(self, page: str, show: Callable[[int], None]) -> None:
        """A quick look at `page` (a URL path) is ready: `show(number)` puts it where it is
        served, stamped with its new build number, then the browsers showing it reload."""
        with self._lock:
            self.build_id += 1
            self.confirmed = {}
            show(self.build_id)
            message = sse_message("reload", {"build": self.build_id, "keep": []})
            for listener, shows in self._listeners.items():
                if shows == page:
                    listener.put(message)

    def indexing(self, updating: bool) -> None:
        """The search index is being remade (True) or shows every page again (False): the search
        page says so, then searches again."""
        with self._lock:
            if updating != self.index_updating:
                self.index_updating = updating
                self._publish(sse_message("index", {"updating": updating}))

    def failed(self, errors: list[str]) -> None:
        with self._lock:
            self.errors = list(errors)
            self._publish(sse_message("failed", {"build": self.build_id, "errors": self.errors}))

    def close(self) -> None:
        self.closed.set()
        with self._lock:
            for listener in self._listeners:
                listener.put(None)

    def _publish(self, message: str) -> None:
        for listener in self._listeners:
            listener.put(message)


def sse_message(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def inject(document: bytes, snippet: str) -> bytes:
    """Put the snippet before the last </body>, or at the end of a page without one."""
    lower = document.lower()
    at = lower.rfind(b"</body>")
    data = snippet.encode("utf-8")
    return document + data if at < 0 else document[:at] + data + document[at:]


def page_snippet(build_id: int, errors: list[str], page_path: str | None, i18n: Translator | None = None,
                 badge: str = "") -> str:
    """The preview's additions to a page, in the site's language (`i18n`); `page_path` None:
    no share-preview button; `badge`: what the page is (a draft, scheduled...), shown on it."""
    i18n = i18n or translator("en")
    tools = badge_html(badge) if badge else ""
    if page_path is not None:
        share = f"{SHARE_PATH}?path={quote(page_path, safe='/')}"
        label = html.escape(i18n.gettext("Share preview"))
        tools += f"<div id=\"wom-tools\"><a href=\"{html.escape(share)}\">{label}</a></div>\n"
    texts = {"failed": i18n.gettext("Build failed"), "hint": i18n.gettext("Fix the file and save: this page updates by itself."),
             "indexing": i18n.gettext("Updating the search index: results do not show your latest edits yet.")}
    script = _SCRIPT % {"build": int(build_id), "events": json.dumps(EVENTS_PATH), "texts": json.dumps(texts).replace("<", "\\u003c")}
    return (
        "\n<!-- wom serve: preview only, never written to files -->\n"
        f"<style id=\"wom-preview-style\">{_STYLE}{BADGE_STYLE}</style>\n"
        + tools
        + overlay_html(errors, i18n)
        + f"<script id=\"wom-reload\">{script}</script>\n"
    )


def overlay_html(errors: list[str], i18n: Translator | None = None) -> str:
    if not errors:
        return ""
    i18n = i18n or translator("en")
    lines = html.escape("\n".join(errors))
    failed, hint = (html.escape(i18n.gettext("Build failed")),
                    html.escape(i18n.gettext("Fix the file and save: this page updates by itself.")))
    return f"<div id=\"wom-overlay\" role=\"alert\"><h2>{failed}</h2><pre>{lines}</pre><p>{hint}</p></div>\n"


_STYLE = (
    "#wom-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;"
    "background:rgba(24,24,27,.98);color:#fafafa;font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace}"
    "#wom-overlay h2{margin:0 0 1rem;color:#fca5a5;font:600 1.25rem system-ui,sans-serif}"
    "#wom-overlay pre{white-space:pre-wrap;margin:0 0 1rem}"
    "#wom-overlay p{font-family:system-ui,sans-serif;color:#d4d4d8}"
    "#wom-tools{position:fixed;right:.75rem;bottom:.75rem;z-index:2147483646;"
    "font:13px/1 system-ui,sans-serif}"
    "#wom-tools a{display:block;padding:.5rem .75rem;border-radius:999px;background:#18181b;"
    "color:#fff;text-decoration:none;opacity:.75}#wom-tools a:hover,#wom-tools a:focus{opacity:1}"
    "#wom-index{margin:0 0 1rem;padding:.5rem .75rem;border-inline-start:4px solid currentColor}"
)

_SCRIPT = """(function () {
  var build = %(build)d;
  var texts = %(texts)s;
  function overlay(lines) {
    var box = document.getElementById("wom-overlay");
    if (!lines || !lines.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "wom-overlay";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("h2");
    title.textContent = texts.failed;
    var pre = document.createElement("pre");
    pre.textContent = lines.join("\\n");
    var hint = document.createElement("p");
    hint.textContent = texts.hint;
    box.append(title, pre, hint);
  }
  function swapStylesheets(stamp) {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("wom", stamp);
      var fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.onload = function () { link.remove(); };
      link.after(fresh);
    });
  }
  function indexNote(updating) {
    var box = document.querySelector(".search-ui[data-bundle]");  // the search page only
    if (!box) return;
    var note = document.getElementById("wom-index");
    if (updating) {
      if (!note) {
        note = document.createElement("p");
        note.id = "wom-index";
        note.setAttribute("role", "status");
        box.before(note);
      }
      note.textContent = texts.indexing;
    } else if (note) {  // the index now holds every edit: the same search again
      var input = box.querySelector(".pagefind-ui__search-input");
      var url = new URL(location.href);
      if (input && input.value) url.searchParams.set("q", input.value);
      location.replace(url.href);
    }
  }
  var events = new EventSource(%(events)s + "?page=" + encodeURIComponent(location.pathname));
  events.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    if (d.errors.length) overlay(d.errors);
    else if (d.build !== build && d.confirmed[location.pathname] !== build) location.reload();
    else { build = d.build; overlay([]); }
    indexNote(d.indexing);
  });
  events.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    if (d.keep.indexOf(location.pathname) >= 0) { build = d.build; overlay([]); }
    else location.reload();
  });
  events.addEventListener("css", function (e) {
    var d = JSON.parse(e.data);
    build = d.build;
    overlay([]);
    swapStylesheets(d.build);
  });
  events.addEventListener("failed", function (e) { overlay(JSON.parse(e.data).errors); });
  events.addEventListener("index", function (e) { indexNote(JSON.parse(e.data).updating); });
})();"""
