"""`user@host:/path` (or `rsync://host/module/path`): mirror output/ through the rsync binary.

A dry run of rsync itself (--itemize-changes) gives the plan; the real run sends with
--delay-updates (changed files are put in place together at the end) and deletes last.
Like a local mirror, it only deletes in a folder that an earlier wom deploy marked as its own:
the marker file is sent as a second source, so the dry run also tells whether it is there.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from wom_site.deploy.local import DEPLOY_MARKER, MARKER_TEXT
from wom_site.deploy.plan import DeployError, Plan, check_deletions, upload_order
from wom_site.diagnostics import place
from wom_site.output import MARKER

REMOTE = re.compile(r"^(?:rsync://.+|(?:[^@/:\s]+@)?[A-Za-z0-9][A-Za-z0-9.\-]*:.*)$")
ESCAPED = re.compile(r"\\#([0-7]{3})")
OPTIONS = ["--protect-args",  # names reach the remote side as data, never split by its shell
           "--recursive", "--links", "--times", "--omit-dir-times", "--checksum", "--delete-after",
           "--delay-updates", f"--exclude=/{MARKER}", "--exclude=.~tmp~/"]


def is_remote(target: str) -> bool:
    return bool(REMOTE.match(target)) and not target.startswith(("git+", "s3://", "file:"))


def check_target(target: str) -> None:
    """A host (and user) that cannot be read as an option of rsync or ssh."""
    remote = target.removeprefix("rsync://")
    user, at, _ = remote.partition("@") if "@" in remote.split(":", 1)[0] else ("", "", "")
    if remote.startswith("-") or user.startswith("-") or remote[len(user) + len(at):].startswith("-"):
        raise DeployError(f"{place(target)}: looks like a command-line option; expected user@host:/path")


def deploy(files: dict[str, Path], target: str, output_dir: Path, dry_run: bool, yes: bool) -> Plan:
    rsync = shutil.which("rsync")
    if not rsync:
        raise DeployError(f"{place(target)}: deploying there needs the rsync program, which is not installed "
                          "(e.g. `apt install rsync`), or deploy to a local folder instead")
    destination = target if target.endswith("/") else target + "/"
    with tempfile.TemporaryDirectory(prefix="wom-deploy-") as marker_dir:
        (Path(marker_dir) / DEPLOY_MARKER).write_bytes(MARKER_TEXT)
        sources = [str(output_dir) + "/", marker_dir + "/"]
        # "--" ends the options: no source or target is ever read as one
        listing = _run([rsync, *OPTIONS, "--dry-run", "--itemize-changes", "--", *sources, destination], target)
        plan, existing = _plan(target, files, listing)
        first_deploy = _marker_is_new(listing)
        if existing and not dry_run and first_deploy:
            raise DeployError(f"{place(target)}: refusing to deploy into it: it is not empty and no earlier wom deploy "
                              "wrote it (empty it or choose a new folder)")
        check_deletions(plan, existing, target, "files", yes, dry_run)
        if not dry_run and (plan.changes or first_deploy):
            _run([rsync, *OPTIONS, "--", *sources, destination], target)
    return plan


def _marker_is_new(listing: str) -> bool:
    return any(line.split(" ", 1)[-1].strip() == DEPLOY_MARKER and "+++" in line for line in listing.split("\n"))


def _plan(target: str, files: dict[str, Path], listing: str) -> tuple[Plan, int]:
    """From rsync's itemized lines: '<f+++++++++ new', '<f.st...... changed', '*deleting old'."""
    upload, delete, new = [], [], 0
    for line in listing.split("\n"):
        flags, _, path = line.partition(" ")
        path = _unescape(path.strip())
        if flags == "*deleting" and not path.endswith("/"):
            delete.append(path)
        elif flags[:2] in ("<f", ">f") and path in files:  # (the marker is not among files)
            upload.append(path)
            new += flags[2:].startswith("+")
    existing = len(files) - new + len(delete)
    plan = Plan(target, tuple(sorted(upload, key=upload_order)), tuple(sorted(delete)), len(files) - len(upload))
    return plan, existing


def _unescape(path: str) -> str:
    """rsync's listing shows a line break or another control character in a name as \\#ooo (octal)."""
    return ESCAPED.sub(lambda m: chr(int(m.group(1), 8)), path)


def _run(command: list[str], target: str) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except OSError as error:
        raise DeployError(f"{place(target)}: could not run rsync: {error}") from None
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        reason = lines[0] if lines else f"exit status {result.returncode}"
        if result.returncode == 255:
            raise DeployError(f"{place(target)}: cannot be reached: {reason}")
        raise DeployError(f"{place(target)}: rsync failed: {reason}")
    return result.stdout
