"""The site-wide values other generators' posts print: Jekyll's `site` ({{ site.title }},
{{ site.repository }}, {{ site.github.repository_url }}, {{ site.time }}).

Jekyll filled them from its _config.yml, plugins and the clock. A post copied unedited into
content/ still says `{{ site.repository }}/issues/12`; these are the values it gets here, in
this order (the later wins): a Jekyll `_config.yml` copied beside site.yaml, site.yaml's
`extra:`, then site.yaml's own title, description, author and language, and the build's day.
`site.github` is what jekyll-github-metadata derived from the repository's name.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from wom_site.diagnostics import Problem, warning
from wom_site.i18n import tell
from wom_site.yamlload import YamlError, load_yaml

JEKYLL_CONFIGS = ("_config.yml", "_config.yaml")
MAX_CONFIG_BYTES = 1_000_000  # a Jekyll config is a few KB; a bigger file is not one


def site_variables(site_dir: Path | None, config, now: dt.datetime | None) -> tuple[dict, list[Problem]]:
    """Liquid's `site` for posts of `site_dir`, and a warning when a _config.yml cannot be read."""
    values, problems = _jekyll_config(site_dir) if site_dir is not None else ({}, [])
    values.update(config.extra or {})
    ours = {"title": config.title, "description": config.description, "author": config.author, "lang": config.language}
    values.update({key: value for key, value in ours.items() if value})
    values.update(url="", baseurl="")  # paths from the site root: the build puts base_url's path in front
    if now is not None:  # the day only: a page says "updated December 7, 2026", and a post's cache lives a day
        values["time"] = now.astimezone(config.tz).date()
    github = _github(values.get("repository"))
    if github:
        values["github"] = {**github, **(values["github"] if isinstance(values.get("github"), dict) else {})}
    return values, problems


def _jekyll_config(site_dir: Path) -> tuple[dict, list[Problem]]:
    for name in JEKYLL_CONFIGS:
        path = site_dir / name
        if not path.is_file():
            continue
        try:
            if path.stat().st_size > MAX_CONFIG_BYTES:
                reason = tell("larger than %(size)s KB") % {"size": MAX_CONFIG_BYTES // 1000}
                return {}, [warning(name, None, tell("not read: %(reason)s") % {"reason": reason})]
            data = load_yaml(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            return {}, [warning(name, None, tell("not read: %(reason)s") % {"reason": reason})]
        except YamlError as error:
            return {}, [warning(name, error.line, tell("not read: %(reason)s") % {"reason": error.message})]
        return (dict(data) if isinstance(data, dict) else {}), []
    return {}, []


_REPOSITORY = re.compile(r"^(?:https?://github\.com/)?([\w.-]+)/([\w.-]+?)(?:\.git)?/?$")


def _github(repository) -> dict:
    """jekyll-github-metadata's values that follow from "owner/name" (or its GitHub URL)."""
    found = _REPOSITORY.match(repository.strip()) if isinstance(repository, str) else None
    if not found:
        return {}
    owner, name = found.groups()
    url = f"https://github.com/{owner}/{name}"
    return {"repository_nwo": f"{owner}/{name}", "repository_name": name, "owner_name": owner,
            "owner_url": f"https://github.com/{owner}", "project_title": name, "repository_url": url,
            "issues_url": f"{url}/issues", "releases_url": f"{url}/releases", "clone_url": f"{url}.git",
            "zip_url": f"{url}/zipball/HEAD", "tar_url": f"{url}/tarball/HEAD"}
