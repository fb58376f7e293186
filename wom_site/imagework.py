"""Published photos: upright, without EXIF/GPS, no wider than the theme uses, with WebP sizes.

A phone photo taken at a customer's home tells where they live: every JPEG, PNG and WebP the
build publishes (from content/ and the site's static/) is turned upright from its EXIF
orientation, stripped of EXIF, XMP and text chunks (the colour profile stays), and downscaled
when wider than the largest of `images.widths`. A file that needs none of that is published
byte for byte. `images.keep_metadata: true` keeps the metadata (still upright and downscaled).

Post images (those under content/) also get WebP copies at each of `images.widths` below their
own width, plus one at their own width, for `srcset`; `responsive_html` adds them, and width and
height, to the `<img>` tags of a post's body.

Results are cached by the file's content hash (remembered by its stat, Cache.of_file) and the
options: the metadata in the `images` namespace of the Cache, the image bytes as files in
.wom-cache/images/ named by a hash of what made them.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wom_site.config import Images as ImageOptions
from wom_site.content import digest_bytes
from wom_site.htmlimages import ATTR, IMG, src_path

if TYPE_CHECKING:  # Pillow is imported lazily: a site without images never pays for it
    from PIL import Image

PROCESSED = (".jpg", ".jpeg", ".png", ".webp")
ORIENTATION = 0x0112
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
VERSION = 1  # bump when the processing changes, so cached results are remade


@dataclass(frozen=True)
class Responsive:
    """What a template or the body rewrite needs to show one image well."""

    width: int
    height: int
    srcset: str  # WebP candidates: "/a.480.ab12cd34ef.webp 480w, ..."; "" when none


@dataclass
class PreparedImages:
    files: dict[str, bytes | Path] = field(default_factory=dict)  # site path -> what to publish there
    sizes: dict[str, Responsive] = field(default_factory=dict)  # site path -> size and srcset
    problems: list[tuple[str, str]] = field(default_factory=list)  # (source path, message)

    def responsive(self, url_path: str, base_path: str) -> Responsive | None:
        if not url_path.startswith(base_path):
            return None
        return self.sizes.get(url_path[len(base_path):])


class ImageStore:
    """Content-addressed image files under .wom-cache/images/ (or memory with caching off)."""

    def __init__(self, root: Path | None):
        self.root = root
        self._memory: dict[str, bytes] = {}
        self.used: set[str] = set()

    def get(self, name: str) -> Path | bytes | None:
        self.used.add(name)
        if self.root is None:
            return self._memory.get(name)
        path = self.root / name
        return path if path.is_file() else None

    def put(self, name: str, data: bytes) -> None:
        self.used.add(name)
        if self.root is None:
            self._memory[name] = data
            return
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, self.root / name)

    def prune(self) -> None:
        """Forget files this build did not use, so the cache does not grow without end."""
        if self.root is None or not self.root.is_dir():
            return
        for path in self.root.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)


def prepare_images(images: dict[str, Path], post_images: set[str], options: ImageOptions,
                   cache, store: ImageStore) -> PreparedImages:
    """Clean every image in `images` (site path -> file); WebP sizes for those in `post_images`."""
    prepared = PreparedImages()
    largest = max(options.widths) if options.widths else 0
    for site_path, source in sorted(images.items()):
        if not site_path.lower().endswith(PROCESSED):
            continue
        key = (VERSION, site_path, content_digest(source, cache), options.keep_metadata, tuple(options.widths),
               site_path in post_images)
        entry = cache.get("images", key)
        files = _stored(entry, store) if entry is not None else None
        if files is None:
            from PIL import Image, UnidentifiedImageError  # only when an image must be processed

            try:
                entry, made = _process(site_path, source.read_bytes(), options, largest, site_path in post_images)
            except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
                prepared.problems.append((site_path, "not an image Pillow can read; published as it is"))
                continue
            for name, data in made.items():
                store.put(name, data)
            files = {name: store.get(name) for name in made}  # the stored file, as the next build sees it
            cache.put("images", key, entry)
        width, height, clean_name, variants = entry
        if clean_name:
            prepared.files[site_path] = files[clean_name]
        for variant_path, name, _ in variants:
            prepared.files[variant_path] = files[name]
        srcset = ", ".join(f"{_url_quote(path)} {w}w" for path, _, w in variants)
        prepared.sizes[site_path] = Responsive(width, height, srcset)
    return prepared


def content_digest(source: Path, cache) -> str:
    """The file's content hash, remembered by its stat: a fresh clone (every mtime new, as on
    a CI runner) hashes each photo once (~5 ms) instead of processing it again (~100 ms+)."""
    return cache.of_file("image-digests", source, lambda path: digest_bytes(path.read_bytes()))


def _stored(entry, store: ImageStore) -> dict | None:
    """The stored files an entry names, or None when any went missing (then: make them again)."""
    _, _, clean_name, variants = entry
    names = ([clean_name] if clean_name else []) + [name for _, name, _ in variants]
    files = {}
    for name in names:
        found = store.get(name)
        if found is None:
            return None
        files[name] = found
    return files


def _process(site_path: str, data: bytes, options: ImageOptions, largest: int, with_variants: bool):
    """-> ((width, height, clean file name or "", [(variant site path, file name, width)]), {name: bytes})"""
    made: dict[str, bytes] = {}
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as original:
        original.load()
        image = original
        exif = original.getexif()
        needs = (exif.get(ORIENTATION, 1) != 1 or (largest and original.width > largest)
                 or (not options.keep_metadata and _has_metadata(original)))
        clean_name = ""
        if needs:
            image = ImageOps.exif_transpose(original)
            if largest and image.width > largest:
                image = image.resize((largest, max(1, round(image.height * largest / image.width))), Image.LANCZOS)
            clean = _encode(image, FORMATS[posixpath.splitext(site_path)[1].lower()], original, options.keep_metadata)
            clean_name = _name(clean, posixpath.splitext(site_path)[1].lower())
            made[clean_name] = clean
        width, height = image.size
        variants = []
        if with_variants:
            stem = posixpath.splitext(site_path)[0]
            for w in sorted({w for w in options.widths if w < width} | {width}):
                scaled = image if w == width else image.resize((w, max(1, round(height * w / width))), Image.LANCZOS)
                webp = _encode(scaled, "WEBP", original, options.keep_metadata)
                name = _name(webp, ".webp")
                made[name] = webp
                variants.append((f"{stem}.{w}.{name[:10]}.webp", name, w))
    return (width, height, clean_name, variants), made


def _has_metadata(image: Image.Image) -> bool:
    info = image.info
    return bool(len(image.getexif()) or any(k in info for k in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop"))
                or getattr(image, "text", None))


def _encode(image: Image.Image, fmt: str, original: Image.Image, keep_metadata: bool) -> bytes:
    params: dict = {}
    icc = original.info.get("icc_profile")
    if icc:
        params["icc_profile"] = icc  # colours, not whereabouts
    if keep_metadata:
        exif = original.getexif()
        exif[ORIENTATION] = 1  # the pixels are upright now
        params["exif"] = exif.tobytes()
    if fmt == "JPEG":
        image = image.convert("RGB") if image.mode not in ("RGB", "L", "CMYK") else image
        params.update(quality=85, optimize=True, progressive=True)
    elif fmt == "PNG":
        params.update(optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.mode or "transparency" in image.info else "RGB")
        params.update(quality=80, method=4)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def _name(data: bytes, suffix: str) -> str:
    return digest_bytes(data) + suffix


def _url_quote(site_path: str) -> str:
    from urllib.parse import quote

    return quote(site_path, safe="/%")


# --- the body's <img> tags ----------------------------------------------------------

BODY_SIZES = "(min-width: 44rem) 40rem, calc(100vw - 2.5rem)"


def responsive_html(body: str, prepared: PreparedImages, base_path: str, sizes: str = BODY_SIZES) -> str:
    """Width and height on every known image of a body, and a WebP srcset in a <picture>."""
    if not prepared.sizes or "<img" not in body:
        return body

    def rewrite(match: re.Match) -> str:
        tag = match.group(0)
        attrs = dict(ATTR.findall(tag))
        found = prepared.responsive(src_path(attrs.get("src", "")), base_path)
        if found is None:
            return tag
        extra = ""
        if "width" not in attrs and "height" not in attrs:
            extra += f' width="{found.width}" height="{found.height}"'
        tag = tag[:-1].rstrip("/").rstrip() + extra + ">"
        if not found.srcset or "srcset" in attrs:
            return tag
        srcset = srcset_for(prepared, attrs["src"], base_path)
        return f'<picture><source type="image/webp" srcset="{srcset}" sizes="{sizes}">{tag}</picture>'

    return IMG.sub(rewrite, body)


def body_sizes(srcs: tuple[str, ...], prepared: PreparedImages, base_path: str) -> tuple[Responsive | None, ...]:
    """What responsive_html would give each of the body's images (`srcs`: htmlimages.image_srcs of it): a
    page's key includes it, since it changes when a photo is replaced while the body does not."""
    if not prepared.sizes:
        return ()
    return tuple(prepared.responsive(src, base_path) for src in srcs)


def srcset_for(prepared: PreparedImages, url_path: str, base_path: str) -> str:
    """The WebP srcset of an image by its URL path (a cover), with the base path; "" if none."""
    found = prepared.responsive(src_path(url_path), base_path)
    if found is None or not found.srcset:
        return ""
    return ", ".join(f"{base_path}{item}" for item in found.srcset.split(", "))
