"""What other generators' shortcodes and Liquid tags become here: notes (admonitions), video
links, figures, links to posts; and the arguments those tags are written with."""

from __future__ import annotations

import html
import re
import shlex

from wom_site.i18n import N_

ADMONITIONS = {"note", "notice", "callout", "alert", "hint", "admonition", "warning", "tip", "info", "caution",
               "important", "danger", "error", "success", "attention", "aside"}
VIDEO_SITES = {"youtube": "https://www.youtube.com/watch?v={id}", "vimeo": "https://vimeo.com/{id}"}
VIDEO_NAMES = {"youtube": "YouTube", "vimeo": "Vimeo"}


def _jekyll_link(tag: str, target: str) -> str:
    """{% post_url 2010-07-21-name %} and {% link _posts/2010-07-21-name.md %} as a link to the
    post's file (the site stage finds it by name wherever it was copied); a page of another
    collection ({% link _docs/history.md %}) at the URL Jekyll gives it by default."""
    target = target.strip("\"'")
    if tag == "post_url":
        return target.rsplit("/", 1)[-1] + ".md"
    parts = target.split("/")
    if parts[0].startswith("_") and parts[0] != "_posts" and len(parts) > 1:
        return "/" + "/".join([parts[0][1:]] + parts[1:]).rsplit(".", 1)[0] + "/"
    return target.rsplit("/", 1)[-1] if target.endswith((".md", ".markdown")) else target


def _shlex_ok(text: str) -> bool:
    try:
        shlex.split(text)
    except ValueError:
        return False
    return True


def _arguments(text: str) -> dict[str, str]:
    """Shortcode or Liquid arguments: positional as "0", "1"..., named as themselves."""
    args: dict[str, str] = {}
    position = 0
    for match in re.finditer(r"([\w-]+)\s*=\s*(\"[^\"]*\"|'[^']*'|`[^`]*`|\S+)|(\"[^\"]*\"|'[^']*'|`[^`]*`|\S+)", text):
        if match.group(1):
            args[match.group(1)] = match.group(2).strip("\"'`")
        else:
            args[str(position)] = match.group(3).strip("\"'`")
            position += 1
    return args


# the heading a note gets when its shortcode gives none: the reader's language, not the kind's name
ADMONITION_TITLES = {"note": N_("Note"), "warning": N_("Warning"), "tip": N_("Tip"), "info": N_("Info"),
                     "caution": N_("Caution"), "important": N_("Important"), "danger": N_("Danger"), "error": N_("Error"),
                     "success": N_("Success"), "attention": N_("Attention"), "aside": N_("Aside")}


def _admonition(kind: str, title: str, _) -> str:
    kind = re.sub(r"[^a-z-]", "", kind.lower()) or "note"
    label = html.escape(title or (_(ADMONITION_TITLES[kind]) if kind in ADMONITION_TITLES else kind.capitalize()))
    return f'<div class="admonition {kind}" markdown="1">\n<p class="admonition-title">{label}</p>\n'


def _video_link(site: str, video_id: str, title: str, _) -> str:
    """A plain link: nothing from YouTube or Vimeo loads until a reader follows it."""
    video_id = re.sub(r"[^\w-]", "", video_id)
    if not video_id:
        return ""
    name = VIDEO_NAMES[site]
    label = _("Watch “%(title)s” on %(site)s") % {"title": title, "site": name} if title else \
        _("Watch the video on %(site)s") % {"site": name}
    return f"[▶ {label}]({VIDEO_SITES[site].format(id=video_id)})"


def _figure(src: str, alt: str, caption: str, link: str) -> str:
    if not src:
        return ""
    image = f"![{alt.replace(']', '')}]({src})"
    if link:
        image = f"[{image}]({link})"
    caption_html = f"<figcaption>{html.escape(caption)}</figcaption>\n" if caption else ""
    return f'<figure markdown="1">\n\n{image}\n\n{caption_html}</figure>\n'
