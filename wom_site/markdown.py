"""The render function for a post's body (Python-Markdown's configuration: markdown_converter.py).

Rendering is a pure function of (body, source path, options, base path), so its
result is cached by content hash. Links to other posts by source path become
`wom-src:` placeholders that the site stage resolves once every URL is known.
"""

from __future__ import annotations

import ctypes
import functools
import posixpath
import re
import signal
import threading
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import nh3

from wom_site.config import MarkdownOptions
from wom_site.htmlimages import image_srcs

if TYPE_CHECKING:
    import xml.etree.ElementTree as etree

PLACEHOLDER = "wom-src:"
QUOTE_MARKER = "[!quote]"
WORDS_PER_MINUTE = 220
# Chinese and Japanese write no spaces between words: their reading time counts characters
# (Han and kana, about 500 a minute); Korean spaces its words, so it counts words like the rest.
CJK_CHARS_PER_MINUTE = 500


@functools.cache
def _cjk() -> re.Pattern:
    """Han and kana. Compiled on first use: its ranges make it the costliest pattern to compile
    (~2 ms) of the modules a build loads at its start, and a build that renders no body never uses it."""
    return re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")


def pack_html(html: str) -> bytes:
    """HTML as a build keeps it: zlib-compressed UTF-8, about a third of its length. Python
    keeps a string with one non-ASCII character at two bytes a character, so 10,000 bodies
    take 80 MB as strings and 13 MB packed; unpacking one takes 20 microseconds."""
    return zlib.compress(html.encode("utf-8", "surrogatepass"), 1)


def unpack_html(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8", "surrogatepass")


def reading_minutes(words: int, cjk_chars: int = 0) -> int:
    return max(1, round(words / WORDS_PER_MINUTE + cjk_chars / CJK_CHARS_PER_MINUTE))


@dataclass(frozen=True)
class RenderedBody:
    packed_html: bytes  # pack_html of the body's HTML; .html unpacks it
    word_count: int  # words outside Chinese and Japanese text
    first_paragraph: str  # HTML of the first paragraph, for summaries
    images: tuple[tuple[str, str], ...]  # (candidate source paths joined by "|", as written)
    quotes: tuple[tuple[str, str], ...]  # (anchor id, quote text)
    warnings: tuple[str, ...]
    # Where the body mentions each image and each linked post's file name (0-based line), so a
    # problem found later names its line without the Markdown, which the build does not keep.
    lines: tuple[tuple[str, int], ...] = ()
    image_srcs: tuple[str, ...] = ()  # each <img>'s src, in order: image sizes are found without unpacking
    links_posts: bool = False  # holds PLACEHOLDER links, for the site stage to resolve
    has_code: bool = False  # highlighted code: its page links the highlight stylesheet
    cjk_chars: int = 0  # Han and kana characters, read at CJK_CHARS_PER_MINUTE
    error: str = ""  # the body could not be rendered (past its time budget): the build names the file

    @property
    def html(self) -> str:
        return unpack_html(self.packed_html)

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self.word_count, self.cjk_chars)

    def line_of(self, written: str) -> int | None:
        return next((line for text, line in self.lines if text == written), None)


def _rewrite(root: etree.Element, state: dict) -> None:
    """Rewrites relative links and images, marks quotable blockquotes (markdown_converter.py
    calls it with each finished tree)."""
    for element in root.iter():
        if element.tag == "a" and element.get("href"):
            element.set("href", _link(element.get("href"), state))
        elif element.tag == "img" and element.get("src"):
            element.set("src", _image(element.get("src"), state))
            element.set("loading", "lazy")
            element.set("decoding", "async")
    _mark_quotes(root, state)


def _link(href: str, state: dict) -> str:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return href
    if parts.path.lower().endswith((".md", ".markdown")):
        target = _resolve(state["source_dir"], parts.path)
        state["links"].append(posixpath.basename(target))
        return PLACEHOLDER + target + (f"#{parts.fragment}" if parts.fragment else "")
    return _asset_url(href, state)


def _image(src: str, state: dict) -> str:
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return src
    if parts.path.startswith("/"):
        rel = parts.path.lstrip("/")
        candidates = f"static/{rel}|content/{rel}"
    else:
        candidates = _resolve(state["source_dir"], parts.path)
    state["images"].append((candidates, src))
    return _asset_url(src, state)


def _mark_quotes(root: etree.Element, state: dict) -> None:
    for quote_element in root.iter("blockquote"):
        first = quote_element.find("p")
        if first is None or not (first.text or "").lstrip().startswith(QUOTE_MARKER):
            continue
        first.text = first.text.lstrip()[len(QUOTE_MARKER):].lstrip("\n ")
        number = len(state["quotes"]) + 1
        quote_element.set("class", "quotable")
        quote_element.set("id", f"quote-{number}")
        text = " ".join("".join(quote_element.itertext()).split())
        state["quotes"].append((f"quote-{number}", text))


def _resolve(source_dir: str, path: str) -> str:
    from urllib.parse import unquote

    return posixpath.normpath(posixpath.join(source_dir, unquote(path)))


def _asset_url(href: str, state: dict) -> str:
    """Relative to the post's folder, or to the site root: either way under base_path."""
    parts = urlsplit(href)
    if parts.path.startswith("/"):
        site_path = parts.path.lstrip("/")
    else:
        resolved = _resolve(state["source_dir"], parts.path)
        site_path = resolved.removeprefix("content/")
    url = state["base_path"] + quote(site_path, safe="/%")
    if parts.query:
        url += "?" + parts.query
    if parts.fragment:
        url += "#" + parts.fragment
    return url


MARKDOWN_SECONDS = 5  # a long post renders in well under 0.1 s; pathological nesting would take minutes


class TimeBudgetSpent(Exception):
    pass


@contextmanager
def time_budget(seconds: float):
    """Raise TimeBudgetSpent in the block after `seconds`, in whatever thread it runs: a timer
    signal in a process's main thread (a build and its pool's workers), an exception sent to
    the thread by a timer thread elsewhere (wom serve's rebuilds and quick looks). Either lands
    between two steps of Python code, as a signal handler does."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        with _thread_budget(seconds):
            yield
        return

    def spent(signum, frame):
        raise TimeBudgetSpent()

    previous = signal.signal(signal.SIGALRM, spent)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_budget(seconds: float):
    """time_budget off the main thread: CPython's PyThreadState_SetAsyncExc from a timer. The
    lock makes the end of the block and the timer exclusive: an exception sent but not yet
    raised when the block ends is taken back, so none is raised after it."""
    target, lock, state = threading.get_ident(), threading.Lock(), {"open": True, "sent": False}

    def spend() -> None:
        with lock:
            if state["open"]:
                state["sent"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(TimeBudgetSpent))

    timer = threading.Timer(seconds, spend)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["open"] = False
            if state["sent"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)


def render_markdown(body: str, source: str, options: MarkdownOptions, base_path: str) -> RenderedBody:
    from wom_site.markdown_converter import converter  # Python-Markdown: loaded by the first body rendered

    md = converter(options, _rewrite)
    md.reset()
    state = {"source_dir": posixpath.dirname(source), "base_path": base_path, "images": [], "quotes": [], "links": []}
    md.wom_state = state
    try:
        with time_budget(MARKDOWN_SECONDS):
            html = md.convert(body)
    except (TimeBudgetSpent, RecursionError) as error:
        md.reset()  # (its state is half-made)
        why = "is nested too deeply" if isinstance(error, RecursionError) else f"took more than {MARKDOWN_SECONDS} s"
        return RenderedBody(pack_html(""), 0, "", (), (), (), error=(
            f"its Markdown {why} to render (deeply nested lists, emphasis or brackets?); simplify it"))
    warnings: tuple[str, ...] = ()
    if not options.raw_html:
        html, warnings = sanitize(html)
    text = _TAGS.sub(" ", html)
    cjk_chars = len(_cjk().findall(text))
    if cjk_chars:
        text = _cjk().sub(" ", text)
    first = _FIRST_PARAGRAPH.search(html)
    return RenderedBody(
        packed_html=pack_html(html),
        word_count=len(text.split()),
        cjk_chars=cjk_chars,
        first_paragraph=first.group(1) if first else "",
        images=tuple(state["images"]),
        quotes=tuple(state["quotes"]),
        warnings=warnings,
        lines=_lines(body, state["links"] + [written for _, written in state["images"]]),
        image_srcs=image_srcs(html),
        links_posts=PLACEHOLDER in html,
        has_code='class="highlight"' in html,
    )


def _lines(body: str, needles: list[str]) -> tuple[tuple[str, int], ...]:
    """The first line of the body that mentions each needle."""
    found: dict[str, int] = {}
    if needles:
        lines = body.split("\n")
        for needle in dict.fromkeys(needles):
            line = next((number for number, text in enumerate(lines) if needle in text), None)
            if line is not None:
                found[needle] = line
    return tuple(found.items())


_TAGS = re.compile(r"<[^>]+>")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)

# --- sanitizing --------------------------------------------------------------

_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s", "samp",
    "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "time", "tr", "u", "ul", "var", "video", "audio", "track",
}
_ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden"},
    "a": {"href", "hreflang", "rel", "target"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"src", "srcset", "type", "media", "sizes"},
    "video": {"src", "controls", "width", "height", "poster", "muted", "loop", "playsinline"},
    "audio": {"src", "controls"},
    "track": {"src", "kind", "srclang", "label"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "abbr": {"title"},
    "details": {"open"},
}
_CLEANER = None


def _cleaner():
    global _CLEANER  # one compiled sanitizer per process, built on first use
    if _CLEANER is None:
        _CLEANER = nh3.Cleaner(
            tags=_ALLOWED_TAGS,
            clean_content_tags={"script", "style"},
            attributes=_ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto", "tel", PLACEHOLDER.rstrip(":")},
            link_rel=None,
            strip_comments=True,
        )
    return _CLEANER


_TAG_NAMES = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_ATTRS = re.compile(r"\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=")
_URL_ATTRS = re.compile(r"""(?:href|src)\s*=\s*["']?\s*(javascript|data|vbscript):""", re.I)


def sanitize(html: str) -> tuple[str, tuple[str, ...]]:
    """Remove what authors could inject; say what was removed."""
    clean = _cleaner().clean(html)
    if clean == html:
        return clean, ()
    removed = []
    lost_tags = _counts(_TAG_NAMES.findall(html)) - _counts(_TAG_NAMES.findall(clean))
    for tag in sorted(lost_tags):
        removed.append(f"<{tag}> element")
    lost_attrs = _counts(a.lower() for a in _ATTRS.findall(html)) - _counts(a.lower() for a in _ATTRS.findall(clean))
    for attr in sorted(lost_attrs):
        removed.append(f"{attr}= attribute")
    if _URL_ATTRS.search(html):
        removed.append("javascript:/data: link")
    if not removed:
        return clean, ()
    return clean, (f"unsafe HTML removed: {', '.join(removed)} (set markdown.raw_html: true to trust authors)",)


def _counts(items):
    from collections import Counter

    return Counter(items)
