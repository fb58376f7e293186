"""A WordPress export (WXR, Tools -> Export) read into Imported.

The XML is parsed with defusedxml (an export is a file from elsewhere: no entity expansion, no
external entities). Bodies are HTML: sanitized as every body is (what was removed is
reported), then turned into Markdown by markdownify. Images stay on the old site's URLs
unless --download-images asks for copies (http(s) only, bounded, never redirected to
another scheme).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from wom_site.content import slugify
from wom_site.diagnostics import Problem, warning
from wom_site.importer import ImportFailed, Imported, ImportedPost, unreadable

MAX_IMAGES = 500
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 500 * 1024 * 1024
DRAFT_STATUSES = {"draft", "pending", "private", "auto-draft"}


def read_wordpress(export: Path, download_images: bool = False) -> Imported:
    import defusedxml.ElementTree as ET
    from defusedxml import DefusedXmlException

    if not export.is_file():
        raise ImportFailed(f"{export}: is not a file; give the .xml file of Tools -> Export")
    try:
        channel = ET.parse(export).getroot().find("channel")
    except (ET.ParseError, DefusedXmlException) as error:
        raise unreadable(export.name, error, "not a WordPress export") from None
    if channel is None:
        raise ImportFailed(f"{export.name}: not a WordPress export (no <channel>)")
    site = _Channel(channel)
    notes: list[Problem] = []
    skipped: list[Problem] = []
    posts = [post for item in channel.findall("item") if (post := site.post(item, notes, skipped)) is not None]
    pattern = _pattern([p.old_url for p in posts if p.dest.startswith("content/stories/")])
    for post in posts:
        _keep_url(post, pattern)
    files: list[tuple[Path | bytes, str]] = []
    if download_images:
        files = _download_images(posts, site.attachments, notes)
    config = {"title": site.title or "My site", "base_url": site.base_url}
    if site.description:
        config["description"] = site.description
    if site.authors:
        config["author"] = next(iter(site.authors.values()))
    if pattern:
        config["stories"] = {"title": "Posts", "permalink": pattern}
    return Imported(config, posts, files, notes, skipped)


def _local(element) -> dict[str, object]:
    """Children by local name (WXR's namespaces change with its version)."""
    found: dict[str, object] = {}
    for child in element:
        found.setdefault(child.tag.rsplit("}", 1)[-1], child)
    return found


def _text(children: dict, name: str) -> str:
    child = children.get(name)
    return (child.text or "").strip() if child is not None else ""


class _Channel:
    def __init__(self, channel):
        children = _local(channel)
        self.title = html.unescape(_text(children, "title"))
        link = _text(children, "link") or _text(children, "base_blog_url")
        self.base_url = link.rstrip("/") + "/" if link.startswith(("http://", "https://")) else "https://example.org/"
        self.description = html.unescape(_text(children, "description"))
        self.authors = {}
        for author in channel:
            if author.tag.endswith("}author"):
                fields = _local(author)
                self.authors[_text(fields, "author_login")] = _text(fields, "author_display_name") or _text(fields, "author_login")
        self.attachments: dict[str, str] = {}  # post id -> file URL
        for item in channel.findall("item"):
            fields = _local(item)
            if _text(fields, "post_type") == "attachment":
                self.attachments[_text(fields, "post_id")] = _text(fields, "attachment_url")

    def post(self, item, notes: list[Problem], skipped: list[Problem]) -> ImportedPost | None:
        fields = _local(item)
        kind, status = _text(fields, "post_type"), _text(fields, "status")
        title = html.unescape(re.sub(r"<[^>]+>", "", _text(fields, "title"))) or "(untitled)"
        if kind not in ("post", "page") or status == "trash":
            return None
        slug = slugify(_text(fields, "post_name")) or slugify(title) or f"post-{_text(fields, 'post_id')}"
        origin = f"{kind} {_text(fields, 'post_id')} “{title}”"
        collection = "stories" if kind == "post" else "pages"
        meta: dict = {"title": title}
        date = _local_date(_text(fields, "post_date"), _text(fields, "post_date_gmt"))
        if date:
            meta["date"] = date.isoformat()
        meta["slug"] = slug
        author = self.authors.get(_text(fields, "creator"))
        if author:
            meta["author"] = author
        excerpt = html.unescape(re.sub(r"<[^>]+>", " ", _text(fields, "encoded_excerpt") or _excerpt(item)))
        if excerpt.strip():
            meta["summary"] = " ".join(excerpt.split())
        tags = [html.unescape(c.text or "") for c in item.findall("category") if c.get("domain") in ("category", "post_tag")]
        tags = [t for t in dict.fromkeys(tags) if t and t.lower() != "uncategorized"]
        if tags:
            meta["tags"] = tags
        image = self.attachments.get(_postmeta(item).get("_thumbnail_id", ""))
        if image:
            meta["image"] = image
        if status in DRAFT_STATUSES or _text(fields, "post_password"):
            meta["draft"] = True  # a password-protected post is not public: it stays a draft
            if _text(fields, "post_password"):
                notes.append(warning(origin, None, "was password-protected: imported as a draft"))
        if collection == "stories" and "date" not in meta:
            meta["date"] = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        body = to_markdown(_content(item), origin, notes)
        public = status == "publish" and not _text(fields, "post_password")  # what readers could open
        old = urlsplit(_text(fields, "link")).path if public else ""
        return ImportedPost(f"content/{collection}/{slug}.md", meta, body, origin, old if old not in ("", "/") else "")


def _content(item) -> str:
    for child in item:
        if child.tag.endswith("}encoded") and "content" in child.tag:
            return child.text or ""
    return ""


def _excerpt(item) -> str:
    for child in item:
        if child.tag.endswith("}encoded") and "excerpt" in child.tag:
            return child.text or ""
    return ""


def _postmeta(item) -> dict[str, str]:
    values = {}
    for meta in item:
        if meta.tag.endswith("}postmeta"):
            fields = _local(meta)
            values[_text(fields, "meta_key")] = _text(fields, "meta_value")
    return values


def _local_date(local: str, gmt: str) -> dt.datetime | None:
    """The post's date as its author saw it (its URL's date), with the site's offset then."""
    when, utc = _date(local, None), _date(gmt, None)
    if when is None:
        return None
    if utc is None:
        return when
    offset = round((when - utc).total_seconds() / 900) * 900  # to the quarter hour
    return when.replace(tzinfo=dt.timezone(dt.timedelta(seconds=offset)))


def _date(text: str, tz) -> dt.datetime | None:
    if not text or text.startswith("0000"):
        return None
    try:
        parsed = dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return parsed.replace(tzinfo=tz) if tz else parsed


# --- bodies ----------------------------------------------------------------------------

_CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.S)
_EMBED_LINE = re.compile(r"^\s*(https?://(?:www\.)?(?:youtube\.com/watch\?v=|youtu\.be/|vimeo\.com/)\S+)\s*$", re.M)
_SHORTCODE = re.compile(r"\[(/?)(gallery|embed|audio|video|playlist|caption|contact-form[^\]\s]*)\b[^\]]*\]")


def to_markdown(body: str, origin: str, notes: list[Problem]) -> str:
    """A WordPress body (HTML with automatic paragraphs and shortcodes) as Markdown."""
    from markdownify import markdownify

    from wom_site.markdown import sanitize

    original = body
    body = re.sub(r"<!--\s*/?wp:.*?-->", "", body)  # the block editor's comments
    body = _CAPTION.sub(lambda m: _caption(m.group(1)), body)
    body = _EMBED_LINE.sub(lambda m: f'<p><a href="{html.escape(m.group(1))}">▶ Watch the video</a></p>', body)
    for shortcode in sorted({m.group(2) for m in _SHORTCODE.finditer(body)}):
        notes.append(warning(origin, None, f"WordPress shortcode [{shortcode}] not converted: left out"))
    body = _SHORTCODE.sub("", body)
    if "<!-- wp:" not in original:  # the classic editor: paragraphs are blank lines
        body = _autop(body)
    clean, removed = sanitize(body)
    for message in removed:
        notes.append(warning(origin, None, message.replace(" (set markdown.raw_html: true to trust authors)", "")))
    return markdownify(clean, heading_style="ATX", bullets="-", code_language="").strip()


def _caption(inner: str) -> str:
    image = re.search(r"<img[^>]*>", inner)
    text = re.sub(r"<a[^>]*>\s*<img[^>]*>\s*</a>|<img[^>]*>", "", inner).strip()
    return f"<figure>{image.group(0) if image else ''}<figcaption>{text}</figcaption></figure>"


def _autop(text: str) -> str:
    """WordPress's automatic paragraphs: a blank line ends one."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return "\n".join(block if re.match(r"\s*<(h\d|ul|ol|dl|pre|blockquote|table|div|figure|p|hr|address)\b", block) or "<pre" in block
                     else f"<p>{block.strip().replace(chr(10), '<br>')}</p>" for block in blocks if block.strip())


# --- URLs ------------------------------------------------------------------------------

_SHAPES = [(re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+/$"), "/{year}/{month}/{day}/{slug}/"),
           (re.compile(r"^/\d{4}/\d{2}/[^/]+/$"), "/{year}/{month}/{slug}/"),
           (re.compile(r"^/blog/[^/]+/$"), "/blog/{slug}/")]


def _pattern(old_urls: list[str]) -> str:
    """The permalink structure most posts had (it is not in the export), in our words."""
    shapes = Counter(next((ours for shape, ours in _SHAPES if shape.match(url)), "") for url in old_urls if url)
    best, count = shapes.most_common(1)[0] if shapes else ("", 0)
    return best if best and count * 2 > len(old_urls) else ""


def _keep_url(post: ImportedPost, pattern: str) -> None:
    from wom_site.urls import permalink

    if not post.old_url:
        return
    meta = post.meta
    if post.dest.startswith("content/pages/"):
        new = f"/{meta['slug']}/"
    elif pattern:
        new = "/" + permalink(pattern, meta["slug"], dt.datetime.fromisoformat(meta["date"]))
    else:
        new = f"/stories/{meta['slug']}/"
    if new.strip("/") != post.old_url.strip("/"):
        meta.setdefault("aliases", []).append(post.old_url)


# --- images ------------------------------------------------------------------------------

_IMG = re.compile(r"(!\[[^\]]*\]\()(https?://[^)\s]+)")


class _NoOtherSchemes(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.URLError(f"redirected to {urlsplit(newurl).scheme}:, not followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _download_images(posts: list[ImportedPost], attachments: dict[str, str], notes: list[Problem]) -> list[tuple[bytes, str]]:
    """Copies of the posts' images under static/uploads/, and the posts pointed at them."""
    opener = urllib.request.build_opener(_NoOtherSchemes)
    files: dict[str, bytes] = {}
    local: dict[str, str] = {}
    total = 0
    wanted = [url for post in posts for url in [post.meta.get("image", "")] + [m.group(2) for m in _IMG.finditer(post.body)] if url]
    for url in dict.fromkeys(wanted):
        if len(files) >= MAX_IMAGES or total >= MAX_TOTAL_BYTES:
            notes.append(warning("--download-images", None, f"stopped after {len(files)} images ({total // 2**20} MB): the rest stay linked"))
            break
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            continue
        name = "/".join(slugify(p) or "x" for p in parts.path.strip("/").split("/")[:-1])
        stem, _, suffix = parts.path.rsplit("/", 1)[-1].rpartition(".")
        rel = f"static/uploads/{name}/{slugify(stem) or 'image'}.{slugify(suffix) or 'bin'}".replace("//", "/")
        try:
            with opener.open(url, timeout=20) as response:
                data = response.read(MAX_IMAGE_BYTES + 1)
        except (urllib.error.URLError, OSError, ValueError) as error:
            notes.append(warning(url, None, f"not downloaded ({getattr(error, 'reason', error)}): stays linked"))
            continue
        if len(data) > MAX_IMAGE_BYTES:
            notes.append(warning(url, None, f"larger than {MAX_IMAGE_BYTES // 2**20} MB: not downloaded, stays linked"))
            continue
        files[rel] = data
        local[url] = "/" + rel.removeprefix("static/")
        total += len(data)
    for post in posts:
        post.body = _IMG.sub(lambda m: m.group(1) + local.get(m.group(2), m.group(2)), post.body)
        if post.meta.get("image") in local:
            post.meta["image"] = local[post.meta["image"]]
    return [(data, rel) for rel, data in files.items()]
