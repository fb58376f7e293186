"""Reading built output the way a browser or crawler would, and small makers tests share."""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path

from bs4 import BeautifulSoup


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def meta_property(page: BeautifulSoup, name: str) -> str | None:
    tag = page.find("meta", attrs={"property": name}) or page.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


def json_ld(page: BeautifulSoup) -> list[dict]:
    items = []
    for script in page.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        items.extend(data["@graph"] if "@graph" in data else [data])
    return items


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path relative to it. Pagefind writes its filter and
    metadata files differently from run to run for the same pages (Pagefind/pagefind#638): they
    stand here as one entry, "pagefind/(index)", saying whether the index is whole."""
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    unstable = [rel for rel in files if rel.startswith(("pagefind/index/", "pagefind/filter/"))
                or rel == "pagefind/pagefind-entry.json" or (rel.startswith("pagefind/") and rel.endswith(".pf_meta"))]
    if unstable:
        files["pagefind/(index)"] = search_index_state(folder)
        for rel in unstable:
            del files[rel]
    return files


def search_index_state(folder: Path) -> bytes:
    """b"whole" when Pagefind's entry file names a metadata file and WebAssembly that exist for each
    language, and as many pages as there are fragments; else what is missing."""
    bundle = folder / "pagefind"
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text())
    except (OSError, ValueError):
        return b"no pagefind-entry.json"
    missing = [name for language in entry["languages"].values()
               for name in (f"pagefind.{language['hash']}.pf_meta", f"wasm.{language['wasm']}.pagefind")
               if not (bundle / name).is_file()]
    pages = sum(language["page_count"] for language in entry["languages"].values())
    fragments = len(list((bundle / "fragment").glob("*.pf_fragment")))
    if missing or pages != fragments:
        return f"missing {missing}, {pages} pages, {fragments} fragments".encode()
    return b"whole"


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must be there) by `new` in a text file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def assert_same_as_fresh(site: Path, fresh: Path, now=None, case: str = "") -> dict[str, bytes]:
    """site/output (built incrementally) is byte for byte what a cache-free build into `fresh`
    gives (Pagefind's index by wholeness: tree); returns the output's tree."""
    import shutil

    from wom_site.build import BuildOptions, build

    shutil.rmtree(fresh, ignore_errors=True)
    build(BuildOptions(source=site, output=fresh, use_cache=False, now=now))
    incremental, expected = tree(site / "output"), tree(fresh)
    assert sorted(incremental) == sorted(expected), case
    assert [rel for rel in expected if incremental[rel] != expected[rel]] == [], case
    return incremental


def png(width: int = 1200, height: int = 630, colour="#c87828", format: str = "PNG") -> bytes:
    """A plain image of that size (a PNG, or another Pillow `format` such as "JPEG")."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format)
    return buffer.getvalue()


def free_port() -> int:
    """A local TCP port nothing listens on (just now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
