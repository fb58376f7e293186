"""`wom deploy`: build, then publish output/ to one target, uploading only what changed.

    resolve the target -> build (unless --no-build) -> list output/ -> the target's
    module computes a Plan (upload / delete / unchanged) -> print it (--dry-run) or run it

One module per kind of target: git.py (git+URL#branch), s3.py (s3://bucket/prefix),
local.py (a folder or file:// URL), rsync.py (user@host:/path). hosting.py writes the
Netlify / Cloudflare Pages files during the build; workflow.py is the GitHub Actions
workflow `wom init` adds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import wom_site
from wom_site.cache import CACHE_DIR
from wom_site.config import SiteConfig, load_config
from wom_site.deploy.plan import DeployError, Plan, output_files
from wom_site.diagnostics import place
from wom_site.locks import hold, lock_beside
from wom_site.output import writing

__all__ = ["DeployError", "DeployOptions", "Plan", "deploy", "resolve_target", "target_kind"]


@dataclass(frozen=True)
class DeployOptions:
    target: str  # a name under site.yaml's deploy:, or a literal target
    source: Path = Path(".")
    dry_run: bool = False
    yes: bool = False  # allow deleting more than half of what the target holds
    build: bool = True
    endpoint_url: str | None = None  # S3-compatible services
    wait: bool = True  # for another wom using the target or output/ (False: locks.Busy at once)


def resolve_target(name: str, config: SiteConfig) -> str:
    if name in config.deploy:
        target = config.deploy[name]
        if not isinstance(target, str) or not target.strip():
            raise DeployError(f"site.yaml: deploy.{name}: must be a target such as git+URL, s3://bucket or a folder")
        return target.strip()
    if target_kind(name) != "unknown":
        return name
    names = ", ".join(sorted(config.deploy)) or "none"
    raise DeployError(f"{place(name)}: unknown deploy target: site.yaml's deploy: names {names}; "
                      "or give git+URL[#branch], s3://bucket[/prefix], user@host:/path or a folder path")


def target_kind(target: str) -> str:
    from wom_site.deploy import rsync

    if target.startswith("git+"):
        return "git"
    if target.startswith("s3://"):
        return "s3"
    if target.startswith("file:"):
        return "local"
    if rsync.is_remote(target):
        return "rsync"
    if "://" in target:
        return "unknown"
    if target.startswith((".", "/", "~")) or "/" in target:
        return "local"
    return "unknown"


def deploy(options: DeployOptions, report: Callable[[str], None] = print) -> Plan:
    """Build (unless options.build is False), then publish; raises DeployError, BuildFailed,
    UnsafePath, locks.Busy. The target is checked before the build, and held (locks.py) while
    output/ is listed and published, so deploys started together publish one whole tree each."""
    site_dir = options.source.resolve()
    config = load_config(site_dir)
    target = resolve_target(options.target, config)
    kind = target_kind(target)
    output_dir = (site_dir / config.output).resolve()
    lock = _target_lock(kind, target, site_dir, output_dir)
    if options.build:
        from wom_site.build import BuildOptions, build
        from wom_site.progress import report_build

        report_build(build(BuildOptions(source=site_dir, wait=options.wait)))
    with hold(lock, place(target), options.wait), writing(output_dir, options.wait):
        files = output_files(output_dir)  # a build cannot swap output/ while it is published
        return _publish(kind, target, files, site_dir, output_dir, config, options, report)


def _target_lock(kind: str, target: str, site_dir: Path, output_dir: Path) -> Path:
    """Check the target (DeployError, UnsafePath) and name the lock file it owns: beside a folder,
    inside a local bare repository; for a remote target, one in the site's cache."""
    _check_text(target)
    if kind == "local":
        from wom_site.deploy import local

        folder = local.target_path(target)
        if not folder.is_absolute():
            raise DeployError(f"{place(target)}: give the folder as an absolute path (such as /srv/www/site or "
                              "~/public_html) or a file:// URL; a relative one depends on where wom runs")
        folder = folder.resolve()
        local.check_target(site_dir, output_dir, folder)
        return lock_beside(folder)
    if kind == "git":
        from wom_site.deploy import git

        spec = git.GitTarget.parse(target)
        repository = spec.local_repository()
        if spec.local_path() is not None:
            _check_local_repository(spec.local_path(), site_dir, output_dir)
        if repository is not None:
            return repository / "wom-deploy.lock"
    if kind == "rsync":
        from wom_site.deploy import rsync

        rsync.check_target(target)
    if kind == "s3":
        from wom_site.deploy import s3

        s3.S3Target.parse(target)
    digest = hashlib.sha256(target.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return site_dir / CACHE_DIR / "locks" / f"deploy-{digest}.lock"


def _check_text(target: str) -> None:
    """No target is a line break, a control character or an option of the program it goes to."""
    if any(ord(c) < 32 or ord(c) == 127 for c in target):
        raise DeployError(f"{target!r}: the deploy target contains a control character (a line break or tab?)")
    for prefix in ("", "git+", "s3://", "file:", "rsync://"):
        if target.startswith(prefix) and target[len(prefix):].lstrip().startswith("-"):
            raise DeployError(f"{place(target)}: looks like a command-line option; a deploy target never begins with '-'")


def _check_local_repository(path: Path, site_dir: Path, output_dir: Path) -> None:
    """A repository on this machine gets the output folder's refusals for what it would publish into:
    never inside the site's content/, themes/, static/ or output/."""
    from wom_site.diagnostics import UnsafePath

    real, site = path.resolve(), site_dir.resolve()
    for inside in [site / name for name in ("content", "themes", "static")] + [output_dir.resolve()]:
        if real == inside or inside in real.parents:
            raise UnsafePath(f"{real}: refusing to deploy into it: it is inside {inside}")


def _publish(kind, target, files, site_dir, output_dir, config, options, report) -> Plan:
    if kind == "git":
        from wom_site.deploy import git

        extra = {".nojekyll": b""}
        if config.hosting.cname:
            extra["CNAME"] = (config.hosting.cname.strip() + "\n").encode()
        message = f"Publish the site with wom deploy (wom-site {wom_site.__version__})"
        return git.deploy(files, target, extra, options.dry_run, message, report)
    if kind == "s3":
        from wom_site.deploy import s3

        return s3.deploy(files, target, options.endpoint_url, options.dry_run, options.yes, report)
    if kind == "rsync":
        from wom_site.deploy import rsync

        return rsync.deploy(files, target, output_dir, options.dry_run, options.yes)
    from wom_site.deploy import local

    return local.deploy(files, target, site_dir, output_dir, options.dry_run)
