"""Imported -> a wom site on disk: site.yaml, content/, static/, and what it wrote.

Running an import again over its own result is safe: a file the import wrote before is
written again only while it is as the import left it (.wom-import.json records each file's
digest); one changed by hand since is left alone and named. A folder that holds anything
else is refused: an import never overwrites a person's own site.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml

from wom_site.content import digest_bytes
from wom_site.importer import ImportFailed, Imported, ImportReport

RECORD = ".wom-import.json"


def write_site(imported: Imported, dest: Path) -> ImportReport:
    record = _record(dest)
    files: dict[str, bytes | Path] = {"site.yaml": _site_yaml(imported.config)}
    for post in imported.posts:
        files[post.dest] = _post_text(post.meta, post.body).encode("utf-8")
        files.update({rel: source for source, rel in post.files})
    for source, rel in imported.files:
        files.setdefault(rel, source)
    written, left_alone = {}, []
    for rel, source in sorted(files.items()):
        target = dest / rel
        if not _inside(dest, target):
            continue  # a name from the source that would leave the new site
        data = source if isinstance(source, bytes) else source.read_bytes()
        if target.exists():
            now = digest_bytes(target.read_bytes())
            if rel not in record or record[rel] != now:
                if now != digest_bytes(data):
                    left_alone.append(rel)
                written[rel] = record.get(rel, now)
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written[rel] = digest_bytes(data)
    (dest / RECORD).write_text(json.dumps(written, indent=1, sort_keys=True), encoding="utf-8")
    posts = [p for p in imported.posts if p.dest.startswith("content/stories/")]
    urls = [p for p in imported.posts if p.old_url]
    return ImportReport(
        dest=dest, posts=len(posts), pages=len(imported.posts) - len(posts), drafts=sum(p.is_draft for p in posts),
        files=sum(1 for rel in files if not rel.endswith(".md") and rel != "site.yaml"),
        redirected=sum(1 for p in urls if p.old_url in (p.meta.get("aliases") or [])),
        kept_urls=sum(1 for p in urls if p.old_url not in (p.meta.get("aliases") or [])),
        notes=imported.notes, skipped=imported.skipped, left_alone=left_alone, failed=imported.failed,
        old_urls={p.dest: p.old_url for p in urls})


def _record(dest: Path) -> dict:
    """What the last import here wrote; refuses a folder that holds something else."""
    if not dest.exists():
        return {}
    if not dest.is_dir():
        raise ImportFailed(f"{dest}: is a file; give a new folder for the site")
    path = dest / RECORD
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            data = None
        if isinstance(data, dict):
            return data
    if any(dest.iterdir()):
        raise ImportFailed(f"{dest}: is not empty and was not made by wom import; give a new folder")
    return {}


def _inside(dest: Path, target: Path) -> bool:
    return os.path.normpath(target).startswith(os.path.normpath(dest) + os.sep)


def _site_yaml(config: dict) -> bytes:
    head = "# Made by `wom import`: the settings of the old site that mean something here.\n"
    return (head + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)).encode("utf-8")


def _post_text(meta: dict, body: str) -> str:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{front}---\n\n{body.strip()}\n"
