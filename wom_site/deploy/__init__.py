"""`wom deploy`: build, then publish output/ to one target, uploading only what changed.

    resolve the target -> build (unless --no-build) -> list output/ -> the target's
    module computes a Plan (upload / delete / unchanged) -> print it (--dry-run) or run it

One module per kind of target: git.py (git+URL#branch), s3.py (s3://bucket/prefix),
local.py (a folder or file:// URL), rsync.py (user@host:/path). hosting.py writes the
Netlify / Cloudflare Pages files during the build; workflow.py is the GitHub Actions
workflow `wom init` adds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import wom_site
from wom_site.config import SiteConfig, load_config
from wom_site.deploy.plan import DeployError, Plan, output_files

__all__ = ["DeployError", "DeployOptions", "Plan", "deploy", "resolve_target", "target_kind"]


@dataclass(frozen=True)
class DeployOptions:
    target: str  # a name under site.yaml's deploy:, or a literal target
    source: Path = Path(".")
    dry_run: bool = False
    yes: bool = False  # allow deleting more than half of what the target holds
    build: bool = True
    endpoint_url: str | None = None  # S3-compatible services


def resolve_target(name: str, config: SiteConfig) -> str:
    if name in config.deploy:
        target = config.deploy[name]
        if not isinstance(target, str) or not target.strip():
            raise DeployError(f"site.yaml: deploy.{name} must be a target such as git+URL, s3://bucket or a folder")
        return target.strip()
    if target_kind(name) != "unknown":
        return name
    names = ", ".join(sorted(config.deploy)) or "none"
    raise DeployError(f"unknown deploy target {name!r}: site.yaml's deploy: names {names}; "
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
    """Build (unless options.build is False), then publish; raises DeployError, BuildFailed, UnsafePath."""
    site_dir = options.source.resolve()
    config = load_config(site_dir)
    target = resolve_target(options.target, config)
    kind = target_kind(target)
    if options.build:
        from wom_site.build import BuildOptions, build
        from wom_site.progress import report_build

        report_build(build(BuildOptions(source=site_dir)))
    output_dir = (site_dir / config.output).resolve()
    files = output_files(output_dir)
    return _publish(kind, target, files, site_dir, output_dir, config, options, report)


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
