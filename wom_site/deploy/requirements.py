"""requirements.txt for a new site: how this wom-site was installed, so CI installs the same.

pip records where an installed distribution came from in its `direct_url.json` (PEP 610): a
VCS URL at a commit, an archive (a wheel file or a URL), or a local folder. No such file means
it came from an index such as PyPI. The GitHub workflow `wom init` writes installs from the
requirements.txt made here; a local folder cannot be reached from CI, so it gets a note.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import wom_site

DISTRIBUTION = "wom-site"
REQUIREMENTS_PATH = "requirements.txt"
WHEELS_FOLDER = "wheels"  # a wheel copied into the new site, committed with it


@dataclass(frozen=True)
class InstallSource:
    """What requirements.txt says, and what `wom init` must add or tell for it to work."""

    requirement: str  # the requirement line
    how: str  # how wom-site was installed, in a few words (for wom init's output)
    note: str = ""  # why the line may not install in CI, and what to do; "" when it will
    archive: Path | None = None  # a local wheel or sdist to copy into the site's wheels/


def installed_source() -> InstallSource:
    """How the running wom-site was installed (PEP 610)."""
    version = wom_site.__version__
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return _unreachable(version, "run from a source folder, not installed")
    if dist.read_text("INSTALLER") is None:  # metadata setuptools left in a source folder
        return _unreachable(version, "run from a source folder, not installed")
    text = dist.read_text("direct_url.json")
    direct = json.loads(text) if text else None
    editable = (direct or {}).get("dir_info", {}).get("editable", False)
    if not editable and Path(str(dist.locate_file("wom_site"))).resolve() != Path(wom_site.__file__).parent.resolve():
        return _unreachable(version, "run from a source folder, not the installed wom-site")
    return source_from_direct_url(direct, dist.version)


def source_from_direct_url(direct: dict | None, version: str) -> InstallSource:
    """The requirement for a distribution with this direct_url.json (None: from an index)."""
    if not direct:
        return InstallSource(f"{DISTRIBUTION}=={version}", f"release {version}")
    url = direct.get("url", "")
    if "vcs_info" in direct:
        vcs = direct["vcs_info"]
        at = vcs.get("commit_id") or vcs.get("requested_revision", "")
        line = f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{url}" + (f"@{at}" if at else "")
        if direct.get("subdirectory"):
            line += f"#subdirectory={direct['subdirectory']}"
        return InstallSource(line, f"{vcs.get('vcs', 'git')} {url} at {at[:12] or 'its default branch'}")
    if "archive_info" in direct:
        return _from_archive(url, direct["archive_info"], version)
    editable = direct.get("dir_info", {}).get("editable", False)
    folder = _file_path(url) or url
    return _unreachable(version, f"{'an editable install' if editable else 'installed'} from the folder {folder}")


def _from_archive(url: str, info: dict, version: str) -> InstallSource:
    path = _file_path(url)
    if path is None:  # a wheel or sdist on the web: pin its hash when pip recorded one
        digest = info.get("hash") or next((f"{k}={v}" for k, v in sorted(info.get("hashes", {}).items())), "")
        return InstallSource(f"{DISTRIBUTION} @ {url}" + (f"#{digest}" if digest else ""), f"from {url}")
    if not path.is_file():
        return _unreachable(version, f"installed from {path}, which no longer exists")
    return InstallSource(f"./{WHEELS_FOLDER}/{path.name}", f"from the file {path}", archive=path)


def _unreachable(version: str, how: str) -> InstallSource:
    note = (f"wom-site was {how}: GitHub cannot install it from there. Replace the requirement in requirements.txt "
            f"with a release (wom-site=={version}), a git URL at a commit "
            f"(wom-site @ git+https://github.com/OWNER/wom-site@COMMIT) or a wheel committed to "
            f"this repository (./{WHEELS_FOLDER}/wom_site-{version}-py3-none-any.whl).")
    return InstallSource(f"{DISTRIBUTION}=={version}", how, note=note)


def _file_path(url: str) -> Path | None:
    parsed = urllib.parse.urlsplit(url)
    return Path(urllib.request.url2pathname(parsed.path)) if parsed.scheme == "file" else None


def requirements_text(source: InstallSource) -> str:
    """The file: a comment saying what it is for, the note if any, the requirement."""
    lines = ["# How the site's GitHub workflow installs wom-site: the one `wom init` ran with",
             f"# ({source.how}). Change it to upgrade."]
    if source.note:
        lines += ["#", *_comment(source.note)]
    return "\n".join(lines + [source.requirement]) + "\n"


def _comment(text: str, width: int = 92) -> list[str]:
    import textwrap

    return ["# " + line for line in textwrap.wrap(text, width - 2)]
