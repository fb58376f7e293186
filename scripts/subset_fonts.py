#!/usr/bin/env python3
"""Rebuild the fonts in wom_site/fonts from Noto Sans (Debian's fonts-noto-core).

The fonts keep every character and OpenType layout feature of the originals;
only the TrueType hinting (bytecode instructions) is removed. Hinting matters
for small text on screens, not for the 24-80 px text of social cards, and
running it made drawing text 2-3x slower (it was most of a card's render time).
It also shrinks the files from ~510 KB to ~310 KB each.

Noto Sans has no Reserved Font Name, so the modified fonts may keep their name
under the SIL Open Font License 1.1.

Usage: python scripts/subset_fonts.py [SOURCE_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE_DIR = Path("/usr/share/fonts/truetype/noto")
TARGET_DIR = Path(__file__).resolve().parent.parent / "wom_site" / "fonts"
FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")


def options() -> subset.Options:
    opts = subset.Options()
    opts.hinting = False  # the point of this script: drop the bytecode
    opts.layout_features = ["*"]  # keep kerning, ligatures, mark positioning
    opts.name_IDs = ["*"]  # keep copyright and licence records
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.glyph_names = False
    return opts


def dehint(source: Path, target: Path) -> None:
    # recalcTimestamp=False keeps the output byte-identical between runs.
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options())
    subsetter.populate(unicodes=font.getBestCmap().keys())
    subsetter.subset(font)
    font.save(target)
    print(f"{target.name}: {source.stat().st_size} -> {target.stat().st_size} bytes")


def main(argv: list[str]) -> int:
    source_dir = Path(argv[1]) if len(argv) > 1 else SOURCE_DIR
    for name in FILES:
        dehint(source_dir / name, TARGET_DIR / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
