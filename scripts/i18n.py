"""The theme's catalogs: extract, update, compile (Babel's pybabel, with this project's options).

    python scripts/i18n.py extract      # templates + Python -> wom_site/locales/wom.pot (readers' strings)
                                        #   and terminal.pot (the writer's terminal lines: i18n.tell)
    python scripts/i18n.py update       # merge wom.pot into every language's wom.po
    python scripts/i18n.py compile      # every wom.po -> wom.mo (committed; shipped in the wheel)
    python scripts/i18n.py init LANG    # start a language: wom_site/locales/LANG/LC_MESSAGES/wom.po
    python scripts/i18n.py all          # extract, update, compile

LANG is a catalog folder name: de, pt_BR, zh_Hans. Run from the repository root.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "wom_site" / "locales"
POT = LOCALES / "wom.pot"
# The terminal's lines (i18n.tell, tell_n, TN_): English by decision (docs/languages.md, "Who
# reads what"), so no language must translate them; listed here for the day one does.
TERMINAL_POT = LOCALES / "terminal.pot"
TERMINAL_KEYWORDS = ("-k", "tell", "-k", "tell_n:1,2", "-k", "TN_")
DOMAIN = "wom"


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(pot: Path = POT, terminal_pot: Path = TERMINAL_POT) -> None:
    # file-only locations and no wrapping: a moved line or a long string does not churn every .po
    common = ("--add-location=file", "--no-wrap", "--sort-by-file", "--project=wom-site",
              "--copyright-holder=wom-site contributors")
    pybabel("extract", "-F", str(ROOT / "babel.cfg"), "-o", str(pot), *common, ".")
    pybabel("extract", "--no-default-keywords", *TERMINAL_KEYWORDS, "-o", str(terminal_pot), *common, "wom_site")


def update() -> None:
    pybabel("update", "-i", str(POT), "-d", str(LOCALES), "-D", DOMAIN, "--no-wrap", "--ignore-obsolete",
            "--no-fuzzy-matching")


def compile_all() -> None:
    pybabel("compile", "-d", str(LOCALES), "-D", DOMAIN, "--statistics")


def init(language: str) -> None:
    pybabel("init", "-i", str(POT), "-d", str(LOCALES), "-D", DOMAIN, "-l", language, "--no-wrap")


def main(argv: list[str]) -> int:
    os.chdir(ROOT)  # locations in the catalogs are relative to the repository
    command = argv[0] if argv else "all"
    if command == "init" and len(argv) == 2:
        init(argv[1])
    elif command in ("extract", "update", "compile", "all"):
        if command in ("extract", "all"):
            extract()
        if command in ("update", "all"):
            update()
        if command in ("compile", "all"):
            compile_all()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
