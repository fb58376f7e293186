"""Writing output/: refuse dangerous paths, write only what changed, swap atomically.

A build stages a new tree beside output/ (hard links to unchanged files, new files
written), then exchanges the two folders in one rename, so a build killed at any
moment leaves the last good output whole. A build with nothing changed touches nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import json
import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from wom_site.content import digest_bytes as _digest
from wom_site.diagnostics import UnsafePath
from wom_site.locks import hold, lock_beside
from wom_site.manifest import (  # noqa: F401 - the rest of wom_site reads these names from output
    JOURNAL,
    MARKER,
    OLD,
    OWNED,
    PATCH,
    SPOOL,
    STAGING,
    Manifest,
    manifest_path,
    output_tag,
)

STAGE_THREADS = 4
STAGE_THREADS_FROM = 200  # files; fewer are placed one by one


@dataclass(frozen=True)
class Kept:
    """An output file left exactly as the last build wrote it (its manifest key), without
    looking at it again: a full build keeps a page only once Manifest.intact said so; a build
    that changed only bodies keeps every file it does not replace."""

    digest: str


@dataclass(frozen=True)
class Spooled:
    """A rendered file already written to the spool folder beside output/: moved into place, not copied."""

    path: Path
    digest: str


def spool_folder(output_dir: Path) -> Path:
    """The folder, made here, where this build's renderers write pages (same file system as
    output/, so a rename places them)."""
    spool = output_dir.parent / f".{output_dir.name}{SPOOL}{os.getpid()}"
    spool.mkdir(parents=True, exist_ok=True)
    return spool


def spool_file(spool: Path, rel: str, data: bytes, content_digest: str) -> Spooled:
    """Write one rendered file into the spool: flat, named by its output path's hash (no folders to make or remove)."""
    target = spool / _digest(rel.encode("utf-8", "surrogatepass"))
    with open(target, "wb") as f:
        f.write(data)
    return Spooled(target, content_digest)


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


def check_output_dir(site_dir: Path, output_dir: Path, action: str = "write the site", suggest: bool = True) -> None:
    """Refuse an output folder whose replacement would destroy the user's files.
    `action` words the refusal ("refusing to {action} into ..."): a deploy passes "deploy" and
    suggest=False (output/ is no folder to deploy into)."""
    site = site_dir.resolve()
    out = output_dir.resolve()
    home = Path.home().resolve()
    forbidden = {Path("/"), home, site} | {site / name for name in ("content", "themes", "static", ".git", ".wom-cache")}
    if out in forbidden:
        raise UnsafePath(f"{out}: refusing to {action} into it: it holds your own files"
                         + (f"; choose a folder such as {site / 'output'}" if suggest else ""))
    if out in site.parents or out in home.parents:
        raise UnsafePath(f"{out}: refusing to {action} into it: it contains the site or your home folder")
    for protected in ("content", "themes", "static", ".git"):
        if (site / protected) in out.parents:
            raise UnsafePath(f"{out}: refusing to {action} inside {site / protected}")
    if out.exists() and not out.is_dir():
        raise UnsafePath(f"{out}: refusing to replace it: it is a file, not a folder")
    if out.is_dir() and not (out / MARKER).exists() and any(out.iterdir()):
        if (out / "site.yaml").exists() or (out / ".git").exists():
            raise UnsafePath(f"{out}: refusing to replace it: it holds a site.yaml or a .git and was not written by wom")


def check_replaceable(output_dir: Path) -> None:
    """Refuse to replace a non-empty folder that wom did not write: its files would be lost."""
    out = output_dir
    if out.is_dir() and not any((out / mark).exists() for mark in OWNED) and any(out.iterdir()):
        raise UnsafePath(f"{out}: refusing to replace it: it is not empty and wom did not write it (it has no {MARKER} file); "
                         "empty it, remove it or choose another folder")


def safe_join(root: Path, relative: str) -> Path:
    """Join an output path, refusing anything that would land outside `root`."""
    parts = relative.replace("\\", "/").split("/")
    if not relative or relative.startswith(("/", "\\")) or ".." in parts or "." in parts:
        raise UnsafePath(f"{relative!r}: refusing to write it outside the output folder")
    return root / relative


def _source_key(path: Path) -> str:
    stat = path.stat()
    return f"file:{stat.st_size}:{stat.st_mtime_ns}"


def clean_leftovers(output_dir: Path) -> None:
    """Remove what a killed build left beside output/, restoring output/ if it was mid-swap."""
    parent, name = output_dir.parent, glob.escape(output_dir.name)  # "out[1]" or "*" is no pattern
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f".{name}{OLD}*"))
    if not output_dir.exists() and olds:
        os.rename(olds[-1], output_dir)
        olds = olds[:-1]
    spools = [p for p in parent.glob(f".{name}{SPOOL}*") if not _alive(p.name.rsplit("-", 1)[-1])]
    for leftover in olds + sorted(parent.glob(f".{name}{STAGING}*")) + spools:
        shutil.rmtree(leftover, ignore_errors=True)
    for patch in sorted(parent.glob(f".{name}{PATCH}*")):
        if (patch / JOURNAL).is_file():
            _apply(patch, output_dir)  # it was committed: finish it
        else:
            shutil.rmtree(patch, ignore_errors=True)  # never committed: output/ is untouched


def _alive(pid: str) -> bool:
    """Whether the build that owns a spool is still running (this one, or one rendering beside it)."""
    if not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


# --- small changes: a committed patch instead of a whole staging tree ------------------
#
# Restaging every file costs a link and a folder per page, seconds at 10,000 posts on a slow
# disk. When few files change, the new files are written into a patch folder beside output/,
# a journal naming them is committed with one rename, and then they are renamed into place.
# A build killed before the commit leaves output/ untouched; one killed after it is finished
# by the next build (clean_leftovers), so output/ never stays half old, half new.

PATCH_MAX = 0.2  # patch when at most this share of the files changed


def _patchable(output_dir: Path, changed: list[str], total: int, removed: list[str] = ()) -> bool:
    if len(changed) > max(50, PATCH_MAX * total):
        return False
    new = set(changed)
    for rel in [*changed, *removed]:  # a file where a folder is, or the reverse: let a full restage sort it out
        target = safe_join(output_dir, rel)
        if rel in new and target.is_dir():
            return False
        for folder in target.parents:
            if folder == output_dir:
                break
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                return False  # a link put into output/ must not lead a write or a delete outside it
    return True


def _patch(outputs, changed: list[str], removed: list[str], output_dir: Path) -> None:
    patch = output_dir.parent / f".{output_dir.name}{PATCH}{os.getpid()}"
    shutil.rmtree(patch, ignore_errors=True)
    try:
        _stage({rel: outputs[rel] for rel in changed}, set(), output_dir, patch)
        tmp = patch / (JOURNAL + ".tmp")
        tmp.write_text(json.dumps({"write": sorted(changed), "remove": sorted(removed)}))
    except BaseException:  # not committed: output/ is untouched; leave nothing beside it
        shutil.rmtree(patch, ignore_errors=True)
        raise
    os.replace(tmp, patch / JOURNAL)  # the commit point
    _apply(patch, output_dir)


def _apply(patch: Path, output_dir: Path) -> None:
    try:
        journal = json.loads((patch / JOURNAL).read_bytes())
        if not (isinstance(journal, dict) and all(isinstance(journal.get(k), list) and all(isinstance(r, str) for r in journal[k])
                                                  for k in ("write", "remove"))):
            raise ValueError("not a journal")
    except (OSError, ValueError):  # damaged: drop it (the next build rewrites whatever differs from its manifest)
        print(f"{patch / JOURNAL}: warning: a damaged journal of an interrupted build was removed", file=sys.stderr)
        shutil.rmtree(patch, ignore_errors=True)
        return
    for rel in journal["write"]:
        source = safe_join(patch, rel)
        if source.exists():  # absent: already moved by an earlier, interrupted apply
            target = safe_join(output_dir, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    for rel in journal["remove"]:
        target = safe_join(output_dir, rel)
        try:
            target.unlink()
        except FileNotFoundError:
            pass
        for folder in target.parents:
            if folder == output_dir:
                break
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
    shutil.rmtree(patch, ignore_errors=True)


@contextmanager
def writing(output_dir: Path, wait: bool = True):
    """One writer at a time for an output folder (locks.py): a second build (an editor's build on
    save while you run one) waits here, or raises locks.Busy when `wait` is False, instead of
    deleting the first one's staging folder. A build holds it from start to end."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    with hold(output_lock(output_dir), str(output_dir), wait):
        yield


def output_lock(output_dir: Path) -> Path:
    """What an output folder's lock is taken on: the site's own folder when output/ is in a site
    (no file is added to the user's repository, nor a .wom-cache/ to a --no-cache build), else a
    lock file beside the folder."""
    if (output_dir.parent / "site.yaml").is_file():
        return output_dir.parent
    return lock_beside(output_dir)


def recover(output_dir: Path) -> None:
    """Undo or finish what a killed build left beside output/, once no build is writing it."""
    if not output_dir.parent.is_dir():
        return  # nothing was ever written there
    with writing(output_dir):
        clean_leftovers(output_dir)


def write_output(outputs: dict, output_dir: Path, manifest: Manifest) -> WriteStats:
    """Write outputs (rel path -> bytes, a source Path, or a Kept value: output/rel as it is)."""
    with writing(output_dir):
        return _write_output(outputs, output_dir, manifest)


def _write_output(outputs: dict, output_dir: Path, manifest: Manifest) -> WriteStats:
    clean_leftovers(output_dir)
    check_replaceable(output_dir)
    outputs = dict(outputs)
    outputs[MARKER] = b"This folder is written by wom build; its contents are replaced on every build.\n"
    existing = output_dir.is_dir()
    recorded, keys, same = manifest.entries, {}, set()
    for rel, value in outputs.items():  # one pass: a build that changed one body keeps 22,000 files
        kept = type(value) is Kept
        key = keys[rel] = value.digest if kept else output_key(value)
        # a Kept file the manifest records with its key is not looked at again
        if existing and (kept and recorded.get(rel, _NO_RECORD)[0] == key or manifest.intact(rel, key)):
            same.add(rel)
    removed = [rel for rel in manifest.entries if rel not in outputs] if existing else []
    extra_on_disk = existing and not manifest.entries and any(output_dir.iterdir())
    if existing and len(same) == len(outputs) and not removed and not extra_on_disk:
        return WriteStats(0, len(same), 0)
    changed = [rel for rel in outputs if rel not in same]
    if existing and manifest.entries and not extra_on_disk and _patchable(output_dir, changed, len(outputs), removed):
        _patch(outputs, changed, removed, output_dir)
    else:
        staging = output_dir.parent / f".{output_dir.name}{STAGING}{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            _stage(outputs, same, output_dir, staging)
        except BaseException:  # a full disk or Ctrl-C: output/ is untouched; leave nothing beside it
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _swap_in(staging, output_dir)
    manifest.save(keys, same)
    return WriteStats(len(outputs) - len(same), len(same), len(removed))


_NO_RECORD = (None,)


def output_key(value) -> str:
    """The content key write_output records for an output value (bytes, a source Path, Kept or Spooled)."""
    if isinstance(value, Path):
        return _source_key(value)
    if isinstance(value, bytes):
        return _digest(value)
    return value.digest  # Kept: the content key the last build recorded; Spooled: of its bytes


def _stage(outputs, same, output_dir: Path, staging: Path) -> None:
    """Fill the staging folder, several files at a time (creating files and folders waits on
    the disk's journal; a few threads overlap those waits)."""
    targets = {rel: safe_join(staging, rel) for rel in sorted(outputs)}
    staging.mkdir(parents=True, exist_ok=True)

    def place(rel: str) -> None:
        target, value = targets[rel], outputs[rel]
        target.parent.mkdir(parents=True, exist_ok=True)  # safe when threads race
        if rel in same:
            try:
                os.link(output_dir / rel, target)  # unchanged: keep inode and mtime
                return
            except OSError:
                pass
        if isinstance(value, Spooled):
            try:
                os.replace(value.path, target)
            except OSError:
                shutil.copyfile(value.path, target)
        elif isinstance(value, Path):
            shutil.copy2(value, target)
        elif not isinstance(value, bytes):
            raise RuntimeError(f"{output_dir / rel} changed while the site was building; run the build again")
        else:
            target.write_bytes(value)

    if len(targets) < STAGE_THREADS_FROM:
        for rel in targets:
            place(rel)
        return
    with ThreadPoolExecutor(STAGE_THREADS) as pool:
        for _ in pool.map(place, targets, chunksize=64):
            pass


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _swap_in(staging: Path, output_dir: Path) -> None:
    if output_dir.exists() and _exchange(staging, output_dir):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old output
        return
    if output_dir.exists():
        old = output_dir.parent / f".{output_dir.name}{OLD}{os.getpid()}"
        os.rename(output_dir, old)  # a kill between these renames is undone by clean_leftovers
        os.rename(staging, output_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(staging, output_dir)
