"""Pagefind: finding its binary and running it over pages the build is about to publish.

The index is made from the published HTML itself (each post's and page's `<main
data-pagefind-body>`, with the metadata and filters its template marks), in a folder beside
output/, and read back as bytes: outputs/search.py hands them on as files of the build, so the
atomic swap publishes pages and index together, and a build killed while indexing leaves the
last good output (and its index) whole.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

from wom_site.diagnostics import Problem, warning
from wom_site.output import SPOOL, Kept, Spooled

BUNDLE = "pagefind/"  # the site path of the index and Pagefind's scripts
SEARCH_PAGE = "search/"  # the page the search box goes to; Pagefind's UI shows the results there
# Pagefind's bundle also carries UIs this theme does not load; they are left out of output/.
UNUSED = ("pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.js", "playground/")
EXCLUDED = ".heading-anchor"  # the "#" links the Markdown puts after headings (markdown.heading_anchors)
TIMEOUT = 900  # seconds: a 10,000-post site indexes in well under a minute


def find_pagefind() -> Path | None:
    """The Pagefind binary: $PAGEFIND_BINARY_PATH, the pagefind[bin] wheel's, or one on PATH."""
    configured = os.environ.get("PAGEFIND_BINARY_PATH")
    if configured is not None:
        return Path(configured) if Path(configured).is_file() else None
    try:
        from pagefind_bin import get_executable

        return get_executable()
    except (ImportError, OSError):
        found = shutil.which("pagefind")
        return Path(found) if found else None


def binary_key(config) -> str:
    """What the build's files depend on of Pagefind: "off", "missing", or the binary (its path,
    size and time, so an upgrade reindexes). Part of every page's key (keys.key_base): the
    search box is on a page only when the index can be made, so a build with the binary after
    one without it (or the other way round) makes every page and the index again."""
    if not config.search:
        return "off"
    binary = find_pagefind()
    if binary is None:
        return "missing"
    try:
        stat = binary.stat()
    except OSError:
        return "missing"
    return f"{binary}:{stat.st_size}:{stat.st_mtime_ns}"


def enabled(config) -> bool:
    """Search is on (site.yaml's search) and Pagefind can run here."""
    return config.search and find_pagefind() is not None


def missing_binary_problems(config) -> list[Problem]:
    """One warning when site.yaml asks for search but Pagefind cannot run: the site is built without it."""
    return [missing_binary_warning()] if config.search and find_pagefind() is None else []


def missing_binary_warning() -> Problem:
    return warning("site.yaml", None, "search: the Pagefind binary is not available on this platform "
                                      "(pip install 'pagefind[bin]'); the site is built without search "
                                      "(set search: false to silence this)")


def run_pagefind(outputs: dict, pages: list[str], base_path: str, output_dir: Path,
                 binary: Path) -> tuple[dict[str, bytes], list[Problem]]:
    """Lay the pages out in a folder beside output/ (at their URL paths, so results link under a
    sub-path base_url), run Pagefind over it, and read back its bundle."""
    work = work_folder(output_dir, "search")
    try:
        lay_out(outputs, pages, base_path, output_dir, work)
        found = index_folder(work, binary)
        return found if found is not None else ({}, [])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def work_folder(output_dir: Path, kind: str) -> Path:
    """A folder beside output/ that the next build removes if this process dies (output.SPOOL)."""
    return output_dir.parent / f".{output_dir.name}{SPOOL}{kind}-{os.getpid()}"


def lay_out(outputs: dict, pages: list[str], base_path: str, output_dir: Path, work: Path) -> None:
    """The pages at their URL paths under work/site (hard links where they are on disk)."""
    shutil.rmtree(work, ignore_errors=True)
    pages_root = (work / "site").joinpath(*[part for part in base_path.split("/") if part])
    for rel in pages:
        _place(outputs[rel], output_dir / rel, pages_root / rel)


def index_folder(work: Path, binary: Path, cancelled: threading.Event | None = None,
                 background: bool = False) -> tuple[dict[str, bytes], list[Problem]] | None:
    """Run Pagefind over work/site and read its bundle back; None when `cancelled` was set
    while it ran (it is stopped at once). `background`: at a lower priority, so that the
    preview's page and a rebuild get the CPU first."""
    bundle, log = work / "bundle", work / "pagefind.log"
    (work / "site").mkdir(parents=True, exist_ok=True)  # a site with no page to index has none laid out
    # an argument vector of our own paths: nothing from the content reaches a command line
    command = [str(binary), "--site", str(work / "site"), "--output-path", str(bundle), "--silent",
               "--exclude-selectors", EXCLUDED]
    nice = shutil.which("nice") if background else None
    if nice:  # nice(1) execs Pagefind in its place: the same process, which _wait can stop
        command = [nice, "-n", "10", *command]
    try:
        with open(log, "wb") as said:
            status = _wait(subprocess.Popen(command, stdout=said, stderr=said), cancelled)
    except (OSError, subprocess.TimeoutExpired) as error:
        return {}, [warning("site.yaml", None, f"search: Pagefind could not run ({error}); the site is built without a new index")]
    if status is None:
        return None
    if status != 0:
        lines = log.read_text("utf-8", "replace").strip().splitlines()
        reason = lines[-1] if lines else f"exit status {status}"
        return {}, [warning("site.yaml", None, f"search: Pagefind failed ({reason}); the site is built without a new index")]
    return _read_bundle(bundle), []


def _wait(process: subprocess.Popen, cancelled: threading.Event | None) -> int | None:
    """Its exit status; None (and the process killed) when `cancelled` is set first."""
    deadline = time.monotonic() + TIMEOUT
    try:
        while cancelled is None or not cancelled.is_set():
            try:
                return process.wait(timeout=0.05 if cancelled is not None else TIMEOUT)
            except subprocess.TimeoutExpired:
                if time.monotonic() >= deadline:
                    raise
        return None
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _place(value, published: Path, target: Path) -> None:
    """One page's HTML at `target`: linked where it already is on disk, written otherwise."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source = value.path if isinstance(value, Spooled) else published if isinstance(value, Kept) else value
    if isinstance(source, bytes):
        target.write_bytes(source)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _read_bundle(bundle: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(bundle.rglob("*")):
        rel = path.relative_to(bundle).as_posix()
        if path.is_file() and not rel.startswith(UNUSED):
            files[BUNDLE + rel] = path.read_bytes()
    return files
