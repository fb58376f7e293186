"""Fonts for social cards: which face draws each character (the Noto Sans shipped in
``wom_site/fonts`` first, then Noto fonts installed on the system for other scripts), the text
split into runs of one face, and how wide a text is when drawn.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageFont, features

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
SYSTEM_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
# Skipped system fonts: colour emoji is a bitmap font FreeType cannot scale to
# arbitrary sizes; Noto Sans itself is shipped (and tried first) already.
SKIPPED_FAMILIES = frozenset({"NotoColorEmoji", "NotoSans"})

# Raqm gives kerning, complex-script shaping and bidi within a run.
RAQM = features.check("raqm")
LAYOUT = ImageFont.Layout.RAQM if RAQM else ImageFont.Layout.BASIC

# Glyph extents relative to the font size (Noto: accents above caps, descenders).
ASCENT, DESCENT = 0.95, 0.27

@dataclass(frozen=True)
class FontFace:
    path: str
    index: int = 0  # face number inside a .ttc collection


REGULAR = FontFace(str(FONT_DIR / "NotoSans-Regular.ttf"))
BOLD = FontFace(str(FONT_DIR / "NotoSans-Bold.ttf"))

Run = tuple[FontFace, str]


def _primary(bold: bool) -> FontFace:
    return BOLD if bold else REGULAR


@lru_cache(maxsize=None)
def _coverage(face: FontFace) -> frozenset[int]:
    """Code points a font maps to glyphs; read once per font file."""
    try:
        with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
            return frozenset(font.getBestCmap() or ())
    except Exception:  # unreadable font: it simply covers nothing
        return frozenset()


def _family_rank(family: str) -> tuple[int, str]:
    # Sans faces match the shipped Noto Sans best; CJK first as it is the largest.
    for rank, prefix in enumerate(("NotoSansCJK", "NotoSans", "NotoSerif")):
        if family.startswith(prefix):
            return rank, family
    return 3, family


@lru_cache(maxsize=None)
def _system_faces(bold: bool) -> tuple[FontFace, ...]:
    """Installed Noto fonts, one face per family, in fallback order."""
    families: dict[str, dict[bool, Path]] = {}
    for root in SYSTEM_FONT_DIRS:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("Noto*")):
            family, _, weight = path.stem.partition("-")
            if path.suffix.lower() not in (".ttf", ".otf", ".ttc"):
                continue
            if weight not in ("Regular", "Bold") or family in SKIPPED_FAMILIES:
                continue
            families.setdefault(family, {}).setdefault(weight == "Bold", path)
    faces = []
    for family in sorted(families, key=_family_rank):
        files = families[family]
        faces.append(FontFace(str(files.get(bold) or files[not bold])))
    return tuple(faces)


# Unicode name prefixes whose fonts are named differently.
_HINT_ALIASES = {
    word: "cjk"
    for word in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC", "BOPOMOFO", "FULLWIDTH", "HALFWIDTH")
}


def _script_hint(ch: str) -> str:
    """'ARABIC LETTER ALEF' -> 'arabic': fonts named after it are tried first,
    so most characters resolve without reading every installed font."""
    word = unicodedata.name(ch, "").split(" ", 1)[0]
    return _HINT_ALIASES.get(word, word.lower())


@lru_cache(maxsize=65536)
def _face_for(ch: str, bold: bool) -> FontFace | None:
    """First font in the fallback chain that has a glyph for ``ch``."""
    code = ord(ch)
    if code in _coverage(_primary(bold)):
        return _primary(bold)
    faces = _system_faces(bold)
    hint = _script_hint(ch)
    hinted = [f for f in faces if len(hint) > 2 and hint in Path(f.path).stem.lower()]
    for face in (*hinted, *faces):
        if code in _coverage(face):
            return face
    return None


@lru_cache(maxsize=512)
def _font(face: FontFace, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(face.path, size, index=face.index, layout_engine=LAYOUT)


def _is_ignorable(ch: str) -> bool:
    """Invisible format characters (ZWJ, variation selectors): drop without reporting."""
    code = ord(ch)
    return (
        unicodedata.category(ch) in ("Cf", "Cc")
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
    )


def _clean(text: str, bold: bool) -> tuple[str, tuple[str, ...]]:
    """Drop characters no font can draw and collapse whitespace."""
    kept: list[str] = []
    missing: list[str] = []
    for ch in text:
        if ch.isspace():
            kept.append(" ")
        elif _face_for(ch, bold) is not None:
            kept.append(ch)
        elif not _is_ignorable(ch):
            missing.append(ch)
    return " ".join("".join(kept).split()), tuple(missing)


# Spaces, punctuation and marks stay in the current run's font when it has them:
# fewer runs, and marks stay with their base letter.
_STICKY = ("Z", "P", "M", "Cf")


@lru_cache(maxsize=4096)
def _split_runs(text: str, bold: bool) -> tuple[Run, ...]:
    runs: list[list] = []
    for ch in text:
        face = None
        if runs and unicodedata.category(ch).startswith(_STICKY) and ord(ch) in _coverage(runs[-1][0]):
            face = runs[-1][0]
        else:
            face = _face_for(ch, bold)
        if face is None:  # not drawable (callers clean text first)
            continue
        if runs and runs[-1][0] == face:
            runs[-1][1] += ch
        else:
            runs.append([face, ch])
    return tuple((face, part) for face, part in runs)


@lru_cache(maxsize=16384)  # words recur across a site's cards and the shrink steps
def _width(text: str, bold: bool, size: int) -> float:
    return sum(_font(face, size).getlength(part) for face, part in _split_runs(text, bold))
