"""Jekyll, Hugo and Pelican site folders, read into Imported: their config, posts and files.

Only files are read; nothing of theirs is run (pelicanconf.py is read for its plain values).
What the three readers share is in site_folder.py; each generator's own ways in its module.
"""

from __future__ import annotations

from pathlib import Path

from wom_site.importer import ImportFailed, Imported
from wom_site.importer.hugo import _Hugo
from wom_site.importer.jekyll import _Jekyll
from wom_site.importer.pelican import _Pelican


def read_generator(kind: str, source: Path) -> Imported:
    if not source.is_dir():
        raise ImportFailed(f"{source}: is not a folder; give the folder of the {kind.capitalize()} site")
    reader = {"jekyll": _Jekyll, "hugo": _Hugo, "pelican": _Pelican}[kind](source)
    return reader.read()
