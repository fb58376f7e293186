"""The plan every deploy target computes before it changes anything (as Hugo's deploy does).

A target lists what is already there as path -> digest (in whatever digest it can read
cheaply: a git blob id, an S3 ETag, a hash of a file on disk); comparing that with the
same digests of output/ gives what to upload, what to delete and what to leave alone.
A dry run prints the plan; a real deploy executes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wom_site.output import MARKER, OLD, STAGING, recover


class DeployError(Exception):
    """A deploy that cannot go ahead or failed: one clear line for the person deploying (exit 1)."""


@dataclass(frozen=True)
class Plan:
    target: str
    upload: tuple[str, ...]  # new or changed, in the order they will be sent
    delete: tuple[str, ...]  # remote paths no longer in the output
    unchanged: int

    @property
    def changes(self) -> bool:
        return bool(self.upload or self.delete)

    def lines(self) -> list[str]:
        return [f"upload {path}" for path in self.upload] + [f"delete {path}" for path in self.delete]

    def summary(self, done: bool = True) -> str:
        verbs = ("uploaded", "deleted") if done else ("would upload", "would delete")
        return f"{verbs[0]} {len(self.upload)}, unchanged {self.unchanged}, {verbs[1]} {len(self.delete)}"


def compare(target: str, local: dict[str, str], remote: dict[str, str]) -> Plan:
    """local and remote: path -> digest of the same kind. Pure."""
    upload = tuple(sorted((p for p, d in local.items() if remote.get(p) != d), key=upload_order))
    delete = tuple(sorted(p for p in remote if p not in local))
    return Plan(target, upload, delete, len(local) - len(upload))


def check_deletions(plan: Plan, existing: int, where: str, things: str, yes: bool, dry_run: bool) -> None:
    """Refuse to delete more than half of the `existing` files (or objects) at the target without --yes:
    a mistyped target or prefix must not wipe someone's site. A dry run only shows the plan."""
    if plan.delete and len(plan.delete) * 2 > existing and not yes and not dry_run:
        raise DeployError(f"{where}: refusing to delete {len(plan.delete)} of the {existing} {things} there "
                          "(more than half): check the target, then run again with --yes")


def upload_order(path: str) -> tuple[int, str]:
    """Assets first, pages last: a reader never gets a page whose CSS or images are not there yet."""
    return (1 if path.endswith((".html", ".htm")) else 0, path)


def output_files(output_dir: Path) -> dict[str, Path]:
    """The published files of output/: site path -> file (wom's own marker left out)."""
    recover(output_dir)  # a build killed mid-swap or mid-patch is undone or finished first
    if not output_dir.is_dir() or not (output_dir / MARKER).exists():
        raise DeployError(f"{output_dir}: nothing to deploy: not a folder written by wom build (run `wom build` first)")
    files = {}
    for path in sorted(output_dir.rglob("*")):
        rel = path.relative_to(output_dir).as_posix()
        if rel == MARKER or STAGING in rel or OLD in rel or not path.is_file():
            continue
        files[rel] = path
    return files
