"""Other generators' syntax in a post's body, converted when the post is read.

Jekyll's Liquid, Hugo's shortcodes, Pelican's link markers and kramdown's attribute lists
become the Markdown (or the few HTML elements) that mean the same here. What has no
equivalent is left as text and named in a warning with its file and line, so `wom build`
and `wom check` can say so: nothing of another generator's syntax is published silently.

Code is never touched: fenced and indented code blocks, inline code, <pre> blocks and
Liquid's {% raw %} keep their `{{` and `{%` as written, and are not warned about.
What the tags become is in foreign_markup.py; Liquid's values and filters in liquid_values.py.
"""

from __future__ import annotations

import bisect
import html
import re
import shlex
from dataclasses import dataclass
from typing import Callable

from wom_site.body_code import _HIGHLIGHT_CLOSE, _HIGHLIGHT_OPEN, _RAW_CLOSE, _RAW_OPEN, split_code
from wom_site.diagnostics import LEFT_AS_TEXT, Problem, warning
from wom_site.foreign_markup import ADMONITIONS, VIDEO_SITES, _admonition, _arguments, _figure, _jekyll_link, _shlex_ok, _video_link
from wom_site.i18n import SOURCE_LANGUAGE, Translator, tell, translator
from wom_site.liquid_logic import LOGIC, installed, run_logic
from wom_site.liquid_values import I18N_USED, LOGIC_USED, _printed, language_key, site_digest
from wom_site.needles import characters, needles

MORE = re.compile(r"<!--\s*more\s*-->", re.I)
_PELICAN_SUMMARY = re.compile(r"<!--\s*PELICAN_BEGIN_SUMMARY\s*-->(.*?)<!--\s*PELICAN_END_SUMMARY\s*-->", re.S)


def summary_of(body: str) -> str:
    """The summary an author marked in the body (`<!--more-->`, Pelican's summary comments),
    as plain text; "" when none is marked."""
    marked = _PELICAN_SUMMARY.search(body)
    if marked:
        excerpt = marked.group(1)
    else:
        more = MORE.search(body)
        if not more:
            return ""
        excerpt = body[: more.start()]
    return _plain(excerpt)


def _plain(markdown: str) -> str:
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: their text
    text = re.sub(r"\{[{%][^}]*[}%]\}", "", text)  # template tags
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"^\s{0,3}(#+|>|[-*+]|\d+\.)\s*", "", text, flags=re.M)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(html.unescape(text).split())


_COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}|\{::comment\}.*?\{:/comment\}", re.S)


# --- conversions ----------------------------------------------------------------------

class _Plain(str):
    """Text kept as written (Liquid's raw): a stand-in for a regex match in `keep`."""

    def group(self, _=0) -> str:
        return str(self)


_RAW_SPAN = re.compile(f"{_RAW_OPEN.pattern}(.*?){_RAW_CLOSE.pattern}")  # body_code.py's open and close tags, around one span
_VALUE = re.compile(r"\{\{-?\s*(page|site)\.([\w.-]+)\s*((?:\|[^|}]*)*?)\s*-?\}\}")
_KEPT = re.compile("\x00(\\d+)\x00")  # a span set aside while a line is converted (_Line.convert)
_EMPTY_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(\s*\)")
_INLINE_SHORTCODE = re.compile(r"\{\{<\s*([\w-]+\.inline)\s*>\}\}.*?\{\{<\s*/\s*\1\s*>\}\}", re.S)
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1")
_SHORTCODE = re.compile(r"\{\{([<%])\s*(/?)\s*([\w./-]+)(.*?)\s*(/?)\s*[>%]\}\}")
_LIQUID_TAG = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}")
_SITE_URL = re.compile(r"\{\{-?\s*site\.(?:url|baseurl)\s*-?\}\}")
_URL_FILTER = re.compile(r"\{\{-?\s*(['\"])(.*?)\1\s*\|\s*(?:relative_url|absolute_url|prepend:\s*site\.baseurl)\s*-?\}\}")
_PELICAN_LINK = re.compile(r"(?:\{(filename|static|attach)\}|\|(filename|static|attach)\|)")
_KRAMDOWN_TOC = re.compile(r"^[ \t]*(?:[-*+]|1\.)[ \t]+.*\n[ \t]*\{:\s*toc\s*\}[ \t]*$", re.M)
_KRAMDOWN_IAL = re.compile(r"^\s*\{:[^:}\n][^}\n]*\}\s*$")
_KRAMDOWN_EXTENSION = re.compile(r"\{::\w+[^}]*/\}")


@dataclass(frozen=True)
class Converted:
    body: str
    notes: list[Problem]
    site_used: tuple[str, ...]  # "name\0value printed" of each `{{ site.x }}` the body printed (flat: cacheable)


def convert_body(body: str, path: str, first_line: int, page: dict | None = None, site: dict | None = None,
                 i18n: Translator | None = None) -> Converted:
    """The body with other generators' idioms converted, and a warning for each left as text.
    `page`: the post's own values (title, date...) for Liquid's {{ page.title }}; `site`: the
    site's (site_variables.py), for {{ site.x }} and Liquid's logic (run when python-liquid is
    installed); `i18n`: the site's language, for the texts a conversion writes (warnings are the
    terminal's: i18n.tell)."""
    if not might_hold_syntax(body):
        return Converted(body, [], ())  # most posts: nothing to convert, nothing to name
    notes: list[Problem] = []
    original, used, page = body, {}, page or {}
    _ = (i18n or translator(SOURCE_LANGUAGE)).gettext
    body = _COMMENT.sub("", body)
    if site is not None and "{%" in body:
        ran = _run_logic(body, site, page)
        if ran != body:
            used[LOGIC_USED] = site_digest(site)  # what the loops read of `site` is not known: all of it
        body = ran
    body = _KRAMDOWN_TOC.sub("[TOC]", body)
    body = _INLINE_SHORTCODE.sub(lambda m: _dropped_inline(m, body, path, first_line, notes), body)
    lines, code = split_code(body)
    closes = {m.group(3) for m in _SHORTCODE.finditer(body) if m.group(2)}
    converted: list[str] = []
    for number, (line, is_code) in enumerate(zip(lines, code)):
        if is_code:
            converted.append(line)
            continue
        if _KRAMDOWN_IAL.match(line):
            before = converted[-1] if converted else ""
            if before.lstrip().startswith("#") and not code[number - 1]:
                converted[-1] = f"{before} {line.strip()}"  # attr_list reads a heading's on its own line
                line = ""
            elif not before.strip() or code[number - 1]:
                line = ""  # after a blank line or a code block: styling attr_list cannot apply
        converter = _Line(path, first_line + number, closes, notes, page, site or {}, used, _)
        converted.append(converter.convert(line))
    text = "\n".join(converted)
    if text != original:  # what it wrote is in the site's language
        used[I18N_USED] = language_key(i18n)
    return Converted(text, notes, tuple(f"{name}\0{value}" for name, value in sorted(used.items())))


def _run_logic(body: str, site: dict, page: dict) -> str:
    """Liquid's loops and conditions run as Jekyll ran them, outside code (liquid_logic.py)."""
    _, code = split_code(body)
    starts = [0] + [m.end() for m in re.finditer("\n", body)]  # offset of each line

    def is_code(start: int, end: int) -> bool:
        first, last = bisect.bisect_right(starts, start) - 1, bisect.bisect_right(starts, end) - 1
        return any(code[first: last + 1])

    return run_logic(body, site, page, is_code)


@dataclass
class _Line:
    path: str
    line: int
    closes: set[str]  # shortcodes that have a closing tag somewhere in the body
    notes: list[Problem]
    page: dict  # the post's own values, for {{ page.title }}
    site: dict  # the site's, for {{ site.repository }}
    used: dict  # site variables printed: name -> value as printed
    _: Callable[[str], str]  # gettext for what readers see, in the site's language

    def convert(self, line: str) -> str:
        line = _KRAMDOWN_EXTENSION.sub("", line)  # {::options ... /}: kramdown's settings
        spans: list[str] = []

        def keep(match: re.Match) -> str:
            spans.append(match.group(0))
            return f"\x00{len(spans) - 1}\x00"

        text = _RAW_SPAN.sub(lambda m: keep(_Plain(m.group(1))), line)  # {% raw %}...{% endraw %}: as written
        text = _INLINE_CODE.sub(keep, text)
        text = _SITE_URL.sub("", text)
        text = _URL_FILTER.sub(lambda m: m.group(2), text)
        emptied = len(self.notes)
        text = _VALUE.sub(self._value, text)
        if len(self.notes) > emptied:  # a link whose address had no value: its text, not a link to nowhere
            text = _EMPTY_LINK.sub(r"\1", text)
        text = _PELICAN_LINK.sub("", text)
        text = _SHORTCODE.sub(self._shortcode, text)
        text = _LIQUID_TAG.sub(self._liquid, text)
        self._left_as_text(text)
        for _ in range(len(spans)):  # a kept span may hold another (code inside {% raw %}); a NUL
            text = _KEPT.sub(lambda m: spans[int(m.group(1))] if int(m.group(1)) < len(spans) else m.group(0), text)
            if "\x00" not in text:  # of the author's own (wom import's input) is left as it is
                break
        return text

    def _value(self, match: re.Match) -> str:
        """{{ page.title }}, {{ site.repository }}, {{ site.time | date: "%B %d, %Y" }}: the value,
        or nothing (as Jekyll prints a variable that has none) and a warning."""
        scope, name, filters = match.group(1), match.group(2), match.group(3)
        printed, missing = _printed(self.page if scope == "page" else self.site, name, filters)
        if printed is None:
            return match.group(0)  # a filter we do not know: left as text, and named
        if scope == "site":
            self.used[f"{name}{filters}"] = printed
        if missing and not printed:
            self._warn(tell("Liquid `%(value)s` has no value here: left out, as Jekyll does (give it under extra: "
                              "in site.yaml)") % {"value": match.group(0)})
        return printed

    # Hugo -------------------------------------------------------------------
    def _shortcode(self, match: re.Match) -> str:
        closing, name, args = match.group(2), match.group(3), _arguments(match.group(4))
        base = name.rsplit("/", 1)[-1]
        if base in ADMONITIONS:
            kind = args.get("0") or args.get("type") or args.get("title") or base
            return "</div>" if closing else _admonition(base if base not in ("notice", "callout", "alert", "admonition", "hint") else kind, args.get("title", ""), self._)
        if closing and name in ("details",):
            return "</details>"
        if closing:
            return self._dropped(match.group(0), name) if name in self.closes else match.group(0)
        if name in VIDEO_SITES:
            return _video_link(name, args.get("id") or args.get("0", ""), args.get("title", ""), self._)
        if name in ("ref", "relref"):
            target = args.get("0") or args.get("path", "")
            return target if target.endswith((".md", ".markdown")) or "#" in target else target.rstrip("/") + ".md"
        if name == "figure":
            return _figure(args.get("src", ""), args.get("alt", ""), args.get("caption", "") or args.get("title", ""), args.get("link", ""))
        if name == "details":
            summary = args.get("summary") or args.get("0") or self._("Details")
            return f"<details markdown=\"1\"><summary>{html.escape(summary)}</summary>"
        if name == "gist" and "0" in args:
            gist = f"{args['0']}/{args.get('1', '')}"
            label = self._("Gist %(id)s") % {"id": gist}
            return f"[{label}](https://gist.github.com/{gist})"
        if name in ("tweet", "x", "twitter") and args.get("id"):
            user = args.get("user", "i")
            label = self._("Post on X by %(user)s") % {"user": user}
            return f"[{label}](https://x.com/{user}/status/{args['id']})"
        if name in self.closes:
            return self._dropped(match.group(0), name)
        self._warn(tell("Hugo shortcode `%(shortcode)s` left as text") % {"shortcode": match.group(0)}, LEFT_AS_TEXT)
        return match.group(0)

    def _dropped(self, written: str, name: str) -> str:
        self._warn(tell("Hugo shortcode `%(shortcode)s` not converted: its tags dropped, what it wraps kept")
                   % {"shortcode": written})
        return ""

    # Liquid -----------------------------------------------------------------
    def _liquid(self, match: re.Match) -> str:
        name, rest = match.group(1), match.group(2).strip()
        args = _arguments(rest)
        if name in ("post_url", "link"):
            return _jekyll_link(name, rest.split()[0] if rest else "")
        if name in ("youtube", "vimeo"):
            return _video_link(name, args.get("0", ""), "", self._)
        if name == "include" and args.get("0") == "video" and args.get("provider") in VIDEO_SITES:
            return _video_link(args["provider"], args.get("id", ""), "", self._)
        if name == "include" and args.get("0") == "figure":
            return _figure(args.get("image_path", ""), args.get("alt", ""), args.get("caption", ""), "")
        if name == "img":  # Octopress / Pelican liquid_tags: {% img [class] src [w [h]] [title] %}
            words = [w for w in shlex.split(rest, posix=True) if not re.fullmatch(r"\d+|left|right|center", w)] if _shlex_ok(rest) else []
            if words:
                return f"![{html.escape(' '.join(words[1:]), quote=False)}]({words[0]})"
        if name == "video":  # Octopress / Pelican liquid_tags: {% video src [w h] [poster] %}
            words = rest.split()
            if words:
                poster = next((w for w in words[1:] if not w.isdigit()), "")
                return f'<video src="{html.escape(words[0])}" controls preload="none"{f" poster={chr(34)}{html.escape(poster)}{chr(34)}" if poster else ""}></video>'
        if name == "notebook" and rest:  # Pelican's liquid_tags: a Jupyter notebook shown in the post
            target = rest.split()[0]
            self._warn(tell("Liquid tag `%(tag)s` not converted: the page links to the notebook (`wom import "
                              "pelican` puts its cells in the post)") % {"tag": match.group(0)})
            label = self._("Open the notebook %(name)s") % {"name": target.rsplit("/", 1)[-1]}
            return f"[{label}](/{target.lstrip('/')})"
        if name == "include_code" and rest:  # Octopress / liquid_tags: a code file shown in the post
            words = rest.split()
            title = " ".join(w for w in words[1:] if not w.startswith("lang:")).strip("\"'") or words[0]
            self._warn(tell("Liquid tag `%(tag)s` not converted: the page links to the file (`wom import "
                              "pelican` puts the code in the post)") % {"tag": match.group(0)})
            return f"[{title} ({words[0].rsplit('/', 1)[-1]})](/code/{words[0].lstrip('/')})"
        if name == "gist" and rest:
            gist = rest.split()[0]
            label = self._("Gist %(id)s") % {"id": gist}
            return f"[{label}](https://gist.github.com/{gist})"
        if name in LOGIC and not installed():
            self._warn(tell("Liquid tag `%(tag)s` left as text (wom runs Liquid's logic once python-liquid is "
                              "installed: pip install 'wom-site[import]')") % {"tag": match.group(0)}, LEFT_AS_TEXT)
        else:
            self._warn(tell("Liquid tag `%(tag)s` left as text") % {"tag": match.group(0)}, LEFT_AS_TEXT)
        return match.group(0)

    # what is left --------------------------------------------------------------
    def _left_as_text(self, text: str) -> None:
        for found in _LIQUID_OUTPUT.finditer(text):
            self._warn(tell("Liquid `%(value)s` left as text") % {"value": found.group(0)}, LEFT_AS_TEXT)
        for found in _PELICAN_LEFT.finditer(text):
            self._warn(tell("Pelican link `%(link)s` left as text") % {"link": found.group(0)}, LEFT_AS_TEXT)

    def _warn(self, message: str, code: str = "") -> None:
        """A warning on this line; `code` LEFT_AS_TEXT for what a page would show (wom check fails)."""
        self.notes.append(warning(self.path, self.line, message, code))


_LIQUID_OUTPUT = re.compile(r"\{\{-?\s+[A-Za-z_][\w.]*(?:\s*\|[^}]*)?\s*-?\}\}|\{\{-?\s*[A-Za-z_][\w]*\.[\w.]+\s*-?\}\}")
_PELICAN_LEFT = re.compile(r"\{(?:tag|category|author|index|tags|categories|authors)\}[\w/-]*")


def find_left_syntax(body: str) -> list[tuple[int, str]]:
    """(0-based line, text) of every piece of another generator's syntax in `body` outside
    code: what a page would show as text. Used by tests and by `wom import`'s report."""
    if not might_hold_syntax(body):
        return []
    lines, code = split_code(body)
    found = []
    for number, (line, is_code) in enumerate(zip(lines, code)):
        if is_code:
            continue
        text = _INLINE_CODE.sub("", line)
        for pattern in (_SHORTCODE, _LIQUID_TAG, _LIQUID_OUTPUT, _PELICAN_LEFT, _PELICAN_LINK):
            found += [(number, m.group(0)) for m in pattern.finditer(text)]
    return found


def _dropped_inline(match: re.Match, body: str, path: str, first_line: int, notes: list[Problem]) -> str:
    """Hugo's inline shortcodes hold template code (scripts, loops), never text: dropped."""
    line = first_line + body[: match.start()].count("\n")
    notes.append(warning(path, line, tell("Hugo inline shortcode `%(name)s` dropped: it holds template code, not text")
                         % {"name": match.group(1)}))
    return ""


# --- the quick skip ----------------------------------------------------------------------

# Every pattern that converts or names something. A body holding none of the strings that each
# of their matches must contain (needles.py reads them from the patterns) is left as it is.
# Patterns that only protect code (_INLINE_CODE here; body_code.py's _FENCE, _PRE_OPEN, _LIST_ITEM) are not here.
SCANNED = (_COMMENT, _KRAMDOWN_TOC, _INLINE_SHORTCODE, _HIGHLIGHT_OPEN, _HIGHLIGHT_CLOSE, _RAW_OPEN, _RAW_CLOSE,
           _KRAMDOWN_IAL, _KRAMDOWN_EXTENSION, _RAW_SPAN, _SITE_URL, _URL_FILTER, _VALUE, _PELICAN_LINK, _SHORTCODE,
           _LIQUID_TAG, _LIQUID_OUTPUT, _PELICAN_LEFT)
NEEDLES = needles(list(SCANNED))  # {"{{", "{%", "{:", "%}", "{filename}", "|filename|", ...}
_CHARACTERS = characters(NEEDLES)  # {"{", "}", "|"}: most bodies hold none, found at memchr's speed


def might_hold_syntax(body: str) -> bool:
    """Whether `body` may hold another generator's syntax (False: it surely does not)."""
    if "" in NEEDLES:
        return True
    return any(c in body for c in _CHARACTERS) and any(needle in body for needle in NEEDLES)
