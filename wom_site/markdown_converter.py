"""Python-Markdown set up as every post is rendered: its extensions, and markdown.py's hook.

A module of its own so that importing wom_site.markdown (RenderedBody, pack_html, sanitize,
which most stages use) does not load Python-Markdown, its extensions and Pygments' lexers
(~20 ms): markdown.render_markdown imports it when a build first renders a body, and a build
with nothing to render never does.
"""

from __future__ import annotations

import threading
from typing import Callable

import markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.codehilite import CodeHiliteExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.smarty import SmartyExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor

from wom_site.config import MarkdownOptions

Hook = Callable  # (root element, md.wom_state) -> None: changes the tree in place


class _HookProcessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, hook: Hook):
        super().__init__(md)
        self.hook = hook

    def run(self, root) -> None:
        self.hook(root, self.md.wom_state)


class _WomExtension(Extension):
    def __init__(self, hook: Hook):
        super().__init__()
        self.hook = hook

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # after inline processing (priority 20), before prettify (10)
        md.treeprocessors.register(_HookProcessor(md, self.hook), "wom_links", 15)


_per_thread = threading.local()


def converter(options: MarkdownOptions, hook: Hook) -> markdown.Markdown:
    """One converter per thread, options and hook: a Markdown object keeps its state while it
    converts, so two threads sharing one (wom serve's quick look beside its rebuild) would
    mix their posts."""
    converters = getattr(_per_thread, "converters", None)
    if converters is None:
        converters = _per_thread.converters = {}
    if (options, hook) not in converters:
        converters[(options, hook)] = _new_markdown(options, hook)
    return converters[(options, hook)]


def _new_markdown(options: MarkdownOptions, hook: Hook) -> markdown.Markdown:
    # Extensions as instances, not names: a name makes Python-Markdown scan every installed
    # package's entry points first (~20 ms, a tenth of a small rebuild). The first seven are
    # what "extra" loads, in its order; they take no settings from it.
    extensions = [
        FencedCodeExtension(), FootnoteExtension(), AttrListExtension(), DefListExtension(), TableExtension(),
        AbbrExtension(), MarkdownInHtmlExtension(), SaneListExtension(),
        CodeHiliteExtension(css_class="highlight", guess_lang=False),
        TocExtension(permalink="#" if options.heading_anchors else False, permalink_class="heading-anchor",
                     permalink_title="Link to this section"),
        _WomExtension(hook),
    ]
    if options.smarty:
        extensions.append(SmartyExtension())
    return markdown.Markdown(extensions=extensions, output_format="html")
