"""Front-matter keys wom reads, and the did-you-mean warning for the others.

A key that is neither ours nor another generator's (foreign_keys.py) is most likely a typo
(`titel:`), which would otherwise be silently kept for templates as `page.entry.extra`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from wom_site.diagnostics import Problem, warning
from wom_site.foreign_keys import is_known_foreign_key
from wom_site.i18n import TN_, tell
from wom_site.yamlload import line_of

OURS = ("title", "date", "updated", "slug", "description", "summary", "tags", "image", "image_alt", "author",
        "draft", "publishDate", "expiryDate", "customer", "outcome", "aliases", "layout", "template", "permalink",
        "fediverse", "translation_key", "lang", "language", "x")  # the last four: read from extra (languages, share tags)
KIND = TN_("unknown front-matter key")  # diagnostics.DOC_SECTIONS links it


def unknown_key_warnings(path: str, extra: Mapping, meta) -> list[Problem]:
    """One warning per key of `extra` (what the post's reader did not take) no one knows, at the
    key's line in the front matter `meta`, with the nearest of ours when one is near. Found
    while parsing, so the warning is kept with the parsed post (Entry.notes)."""
    found = []
    for key in extra:
        if not isinstance(key, str) or key in OURS or is_known_foreign_key(key):
            continue
        near = difflib.get_close_matches(key.lower(), [k.lower() for k in OURS], n=1, cutoff=0.7)
        if near:
            ours = next(k for k in OURS if k.lower() == near[0])
            message = tell("%(kind)s: `%(key)s`: did you mean `%(ours)s`?") % {"kind": tell(KIND), "key": key, "ours": ours}
        else:
            message = tell("%(kind)s: `%(key)s` is not read by wom (themes see it as page.entry.extra.%(key)s)") % {
                "kind": tell(KIND), "key": key}
        found.append(warning(path, line_of(meta, key), message))
    return found
