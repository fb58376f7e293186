"""A local folder (a path or a file:// URL): mirror output/ into it, swapping atomically.

The new tree is staged beside the folder (hard links to unchanged files, copies of the
rest) and exchanged with it in one rename, so a reader of the folder never sees half a
deploy. The folder gets the same refusals as `--output`, and wom only ever replaces a
folder that is empty or that an earlier `wom deploy` marked as its own.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from wom_site.deploy.plan import DeployError, Plan, compare
from wom_site.diagnostics import UnsafePath, place
from wom_site.output import _stage, _swap_in, check_output_dir, clean_leftovers

DEPLOY_MARKER = ".wom-deploy"  # written into every folder wom deploy mirrors into
MARKER_TEXT = b"This folder is a mirror written by wom deploy; it is replaced on every deploy.\n"


def target_path(target: str) -> Path:
    if target.startswith("file:"):
        parts = urlsplit(target)
        if parts.netloc not in ("", "localhost"):
            raise DeployError(f"{place(target)}: a file:// URL must name a folder on this machine")
        return Path(unquote(parts.path))
    return Path(target).expanduser()


def check_target(site_dir: Path, output_dir: Path, folder: Path) -> None:
    """Refuse folders whose replacement would destroy someone's files (UnsafePath, exit 2)."""
    folder = folder.resolve()
    check_output_dir(site_dir, folder, action="deploy", suggest=False)  # same refusals as --output
    output_dir = output_dir.resolve()
    if folder == output_dir or output_dir in folder.parents or folder in output_dir.parents:
        raise UnsafePath(f"{folder}: refusing to deploy into it: it overlaps the output folder {output_dir}")
    if folder.is_dir() and not (folder / DEPLOY_MARKER).exists() and any(folder.iterdir()):
        raise UnsafePath(f"{folder}: refusing to deploy into it: it is not empty and no earlier wom deploy wrote it "
                         "(empty it or choose a new folder)")


def deploy(files: dict[str, Path], target: str, site_dir: Path, output_dir: Path, dry_run: bool) -> Plan:
    folder = target_path(target).resolve()
    check_target(site_dir, output_dir, folder)
    if not dry_run:
        clean_leftovers(folder)  # a deploy killed mid-swap is finished or undone first
    plan = compare(target, {p: _stamp(f) for p, f in files.items()}, _existing(folder))
    if dry_run or not plan.changes:
        return plan
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.parent / f".{folder.name}.wom-staging-deploy"
    outputs: dict[str, Path | bytes] = {**files, DEPLOY_MARKER: MARKER_TEXT}
    same = set(files) - set(plan.upload) if folder.is_dir() else set()
    try:
        _stage(outputs, same, folder, staging)
        _swap_in(staging, folder)
    except OSError as error:
        raise DeployError(f"{folder}: could not mirror the site into it: {error.strerror or error} (the folder was left as it was)") from None
    return plan


def _stamp(path: Path) -> str:
    """Size and modification time: copies keep the time, so an unchanged file matches its copy."""
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _existing(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    found = {}
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if rel != DEPLOY_MARKER and path.is_file():
            found[rel] = _stamp(path)
    return found
