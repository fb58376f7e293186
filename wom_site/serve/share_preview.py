"""The share preview: how a page's link card looks on X, Facebook, LinkedIn and a chat app.

Everything is drawn from the page as built: its meta tags are read back with `wom check`'s
reader (as a crawler would), and its og:image is mapped back to the built file so the
preview works offline. The checks under the cards are `wom check`'s findings for the page.
Every value is escaped. What the preview says is in the language of the page it previews (its
<html lang>), like the overlay; the checks are `wom check`'s lines, in English (docs/languages.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote, urlsplit

from wom_site.check import Finding, PageReader, base_url_findings, local_target, page_findings, read_page, site_base
from wom_site.i18n import N_, Translator, translator
from wom_site.images import CHAT_MAX_BYTES
from wom_site.serve.paths import resolve
from wom_site.serve.reload import SHARE_PATH


def local_image(image_url: str, base_url: str, root: Path) -> tuple[str, Path | None]:
    """The URL the preview shows for an image, and its built file when it is the site's own
    (found by `wom check`'s rule for internal URLs)."""
    parts = urlsplit(image_url)
    if parts.scheme not in ("http", "https"):
        return "", None
    file = local_target(image_url, site_base(base_url), root)
    if file is not None and not parts.path.endswith("/") and file.is_file():
        return parts.path, file
    return image_url, None


def share_preview_page(state, page_path: str) -> tuple[int, bytes]:
    """(status, HTML) of the share preview for the built page at `page_path`."""
    resolved = resolve(state.root, state.base_path, page_path if page_path.startswith("/") else "/" + page_path)
    if resolved.status == 301:
        resolved = resolve(state.root, state.base_path, resolved.location)
    t: Translator = state.hub.i18n
    if resolved.status != 200 or resolved.file.suffix != ".html":
        missing = escape(t.gettext("No built page at %(path)s.")) % {"path": f"<code>{escape(page_path)}</code>"}
        return 404, _document(t.gettext("Share preview"), page_path, f"<p class=\"problem\">{missing}</p>", t)
    text = resolved.file.read_text("utf-8", errors="replace")
    t = page_translator(text, t)
    tags = read_page(text)
    base_url = state.base_url or tags.canonical or ""
    image_url, image_file = local_image(tags.get("og:image", "twitter:image"), base_url, state.root)
    x_image, x_file = local_image(tags.get("twitter:image", "og:image"), base_url, state.root)
    card = Card(
        url=tags.get("og:url") or tags.canonical or "",
        title=tags.get("og:title") or (tags.title or ""),
        description=tags.get("og:description", "description"),
        image=image_url,
        image_alt=tags.get("og:image:alt"),
        site_name=tags.get("og:site_name"),
    )
    x_card = Card(
        url=card.url,
        title=tags.get("twitter:title") or card.title,
        description=tags.get("twitter:description") or card.description,
        image=x_image,
        image_alt=tags.get("twitter:image:alt") or card.image_alt,
        site_name=card.site_name,
    )
    body = "".join([
        "<div class=\"cards\">",
        _x_card(x_card, tags.get("twitter:card") or "summary", t),
        _facebook_card(card, t),
        _linkedin_card(card, t),
        _chat_card(card, t),
        "</div>",
        _checks(_findings(tags, resolved.file, state.root, base_url), card, image_file, t),
        _tag_table(tags, t),
    ])
    title = t.gettext("Share preview: %(title)s") % {"title": card.title or page_path}
    return 200, _document(title, page_path, body, t)


_LANG = re.compile(r"<html\b[^>]*?\blang=\"([^\"]+)\"", re.I)


def page_translator(document: str, site: Translator) -> Translator:
    """The previewed page's language: the site's (with its `strings:`), or another language's
    on a multilingual site (read from its <html lang>)."""
    found = _LANG.search(document[:4096])
    if found is None or found.group(1) == site.language:
        return site
    return translator(found.group(1))


@dataclass(frozen=True)
class Card:
    url: str
    title: str
    description: str
    image: str
    image_alt: str
    site_name: str

    @property
    def domain(self) -> str:
        return urlsplit(self.url).netloc.removeprefix("www.")


def _img(card: Card, cls: str, t: Translator) -> str:
    if not card.image:
        missing = escape(t.gettext("no image"))  # outside the f-string: pybabel does not look inside one
        return f"<div class=\"{cls} noimage\">{missing}</div>"
    return f"<img class=\"{cls}\" src=\"{escape(card.image)}\" alt=\"{escape(card.image_alt)}\">"


def _x_card(card: Card, kind: str, t: Translator) -> str:
    if kind == "summary_large_image":
        source = escape(t.gettext("From %(domain)s") % {"domain": card.domain})
        inner = (f"<div class=\"x-large\">{_img(card, 'wide', t)}<span class=\"x-title\">{escape(card.title)}</span></div>"
                 f"<p class=\"muted\">{source}</p>")
    else:
        inner = (f"<div class=\"x-small\">{_img(card, 'square', t)}<div><p class=\"muted\">{escape(card.domain)}</p>"
                 f"<p class=\"clamp2\">{escape(card.title)}</p><p class=\"muted clamp2\">{escape(card.description)}</p></div></div>")
    return _section("X", f"<div class=\"x\">{inner}</div>", f"twitter:card = {kind}")


def _facebook_card(card: Card, t: Translator) -> str:
    return _section("Facebook", (
        f"<div class=\"fb\">{_img(card, 'wide', t)}<div class=\"fb-text\">"
        f"<p class=\"domain\">{escape(card.domain.upper())}</p>"
        f"<p class=\"title clamp2\">{escape(card.title)}</p>"
        f"<p class=\"muted clamp1\">{escape(card.description)}</p></div></div>"))


def _linkedin_card(card: Card, t: Translator) -> str:
    return _section("LinkedIn", (
        f"<div class=\"li\">{_img(card, 'wide', t)}<div class=\"li-text\">"
        f"<p class=\"title clamp2\">{escape(card.title)}</p>"
        f"<p class=\"muted\">{escape(card.domain)}</p></div></div>"))


def _chat_card(card: Card, t: Translator) -> str:
    return _section(t.gettext("Chat app (WhatsApp, iMessage)"), (
        f"<div class=\"chat\"><div class=\"bubble\"><div class=\"unfurl\">{_img(card, 'wide', t)}"
        f"<div class=\"chat-text\"><p class=\"title clamp2\">{escape(card.title)}</p>"
        f"<p class=\"muted clamp2\">{escape(card.description)}</p>"
        f"<p class=\"muted\">{escape(card.domain)}</p></div></div>"
        f"<p class=\"link\">{escape(card.url)}</p></div></div>"))


def _section(name: str, inner: str, note: str = "") -> str:
    extra = f" <small>{escape(note)}</small>" if note else ""
    return f"<section class=\"platform\"><h2>{escape(name)}{extra}</h2>{inner}</section>"


def _findings(page: PageReader, file: Path, root: Path, base_url: str) -> list[Finding]:
    """`wom check`'s findings for this one page (the same limits and wording)."""
    rel = file.relative_to(root).as_posix()
    return (base_url_findings(base_url) if base_url else []) + page_findings(rel, page, site_base(base_url), root, {})


def _checks(findings: list[Finding], card: Card, image_file: Path | None, t: Translator) -> str:
    # `wom check`'s lines stay as the command prints them (English, like every CLI message)
    notes = [f"{'' if f.severity == 'error' else 'warning: '}{f.message}" for f in findings]
    if card.image and image_file is None:
        notes.append(t.gettext("og:image is not a file of this build; the preview uses the URL as it is"))
    elif image_file is not None and (size := image_file.stat().st_size) > CHAT_MAX_BYTES:
        notes.append(t.gettext("the image is %(size)s KB: WhatsApp drops previews over %(limit)s KB")
                     % {"size": t.format_number(size // 1000), "limit": t.format_number(CHAT_MAX_BYTES // 1000)})
    heading, fine = escape(t.gettext("Checks")), escape(t.gettext("Nothing to fix."))
    if not notes:
        return f"<section class=\"checks ok\"><h2>{heading}</h2><p>{fine}</p></section>"
    items = "".join(f"<li>{escape(n)}</li>" for n in notes)
    return f"<section class=\"checks\"><h2>{heading}</h2><ul>{items}</ul></section>"


def _tag_table(tags: PageReader, t: Translator) -> str:
    rows = [("<title>", tags.title or ""), ("canonical", tags.canonical or "")] + tags.tags
    body = "".join(f"<tr><th scope=\"row\">{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    heading = escape(t.gettext("Tags as built"))
    return f"<section class=\"tags\"><h2>{heading}</h2><table>{body}</table></section>"


def _document(title: str, page_path: str, body: str, t: Translator) -> bytes:
    back, label, button = (escape(t.gettext(text)) for text in (N_("back to the page"), N_("Page path"), N_("Preview")))
    page_link = f"<a href=\"{escape(quote(page_path, safe='/'))}\">{back}</a>"
    form = (f"<form method=\"get\" action=\"{SHARE_PATH}\"><label>{label} "
            f"<input name=\"path\" value=\"{escape(page_path)}\" size=\"40\"></label> <button>{button}</button> {page_link}</form>")
    return (f"<!doctype html><html lang=\"{escape(t.language)}\" dir=\"{t.direction}\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<meta name=\"robots\" content=\"noindex\"><title>{escape(title)}</title><style>{_STYLE}</style></head>"
            f"<body><header><h1>{escape(title)}</h1>{form}</header><main>{body}</main></body></html>").encode("utf-8")


_STYLE = """
body{margin:0;background:#f4f4f5;color:#18181b;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}
header{padding:1rem 1.5rem;background:#fff;border-bottom:1px solid #e4e4e7}h1{font-size:1.2rem;margin:0 0 .5rem}
main{padding:1.5rem;max-width:1100px}p{margin:0}.muted{color:#71717a;font-size:.9em}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1.5rem}
.platform h2,.checks h2,.tags h2{font-size:.95rem;margin:0 0 .5rem}.platform small{font-weight:400;color:#71717a}
.wide{display:block;width:100%;aspect-ratio:1.91/1;object-fit:cover;background:#d4d4d8}
.square{width:120px;height:120px;object-fit:cover;flex:none;background:#d4d4d8}
.noimage{display:flex;align-items:center;justify-content:center;color:#71717a;font-size:.85em}
.clamp1,.clamp2{display:-webkit-box;-webkit-box-orient:vertical;overflow:hidden}.clamp1{-webkit-line-clamp:1}.clamp2{-webkit-line-clamp:2}
.title{font-weight:600}
.x{background:#000;color:#e7e9ea;padding:.75rem;border-radius:12px}.x .muted{color:#71767b}
.x-large{position:relative;border-radius:16px;overflow:hidden;border:1px solid #2f3336}
.x-title{position:absolute;inset-inline-start:.6rem;bottom:.6rem;max-width:85%;background:rgba(0,0,0,.77);color:#fff;border-radius:4px;padding:0 .35rem;font-size:.85em;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.x-large+p{margin-top:.3rem}.x-small{display:flex;gap:.75rem;border:1px solid #2f3336;border-radius:16px;overflow:hidden}.x-small>div{padding:.5rem}
.fb{background:#fff;border:1px solid #dadde1}.fb-text{background:#f0f2f5;padding:.6rem .75rem;font-family:Helvetica,Arial,sans-serif}
.fb .domain{color:#65676b;font-size:.8em}.fb .title{color:#050505;font-size:1.05em}
.li{background:#fff;border-radius:8px;overflow:hidden;box-shadow:0 0 0 1px rgba(0,0,0,.08)}.li-text{padding:.6rem .75rem}
.chat{background:#efeae2;padding:1rem;border-radius:8px}.bubble{background:#d9fdd3;border-radius:8px;padding:.3rem;max-width:330px;margin-inline-start:auto}
.unfurl{background:#f0f2f5;border-radius:6px;overflow:hidden}.chat-text{padding:.4rem .6rem}.link{color:#027eb5;padding:.3rem;word-break:break-all;font-size:.9em}
.checks,.tags{margin-top:1.5rem;background:#fff;padding:1rem;border-radius:8px}.checks.ok{color:#166534}
table{border-collapse:collapse;width:100%;font-size:.85em}th,td{text-align:start;vertical-align:top;padding:.25rem .5rem;border-top:1px solid #e4e4e7;word-break:break-word}th{white-space:nowrap;font-weight:500;color:#52525b}
.problem{color:#b91c1c}
"""
