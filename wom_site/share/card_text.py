"""Text laid out on a social card: the visual order of right-to-left runs (bidi), and lines
that wrap (CJK punctuation kept on its line), shrink until they fit, or end in an ellipsis.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from wom_site.share.card_fonts import ASCENT, DESCENT, RAQM, Run, _width

ELLIPSIS = "\u2026"


_BIDI = {"L": "L", "EN": "L", "AN": "L", "R": "R", "AL": "R", "NSM": "="}


def _base_rtl(text: str) -> bool:
    """Paragraph direction from its first strong character (Unicode rule P2)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


def _bidi_pieces(runs: Sequence[Run]) -> list[list]:
    """Split runs into [face, text, class] pieces of one direction (L, R, or N)."""
    pieces: list[list] = []
    for face, text in runs:
        prev = "N"
        for ch in text:
            cls = _BIDI.get(unicodedata.bidirectional(ch), "N")
            cls = prev if cls == "=" else cls  # marks follow their base letter
            if pieces and pieces[-1][0] == face and pieces[-1][2] == cls:
                pieces[-1][1] += ch
            else:
                pieces.append([face, ch, cls])
            prev = cls
    return pieces


def _visual_order(runs: tuple[Run, ...], rtl: bool) -> tuple[Run, ...]:
    """Reorder runs left to right (simplified Unicode bidi: rules W/N/I/L2).

    Raqm orders the characters inside one run; the order of runs is ours."""
    if not RAQM or not (rtl or any(_base_rtl(part) for _, part in runs)):
        return runs
    pieces = _bidi_pieces(runs)
    base = "R" if rtl else "L"
    strong = [p[2] for p in pieces]
    levels = []
    for i, cls in enumerate(strong):
        if cls == "N":  # neutral: takes the direction around it, else the base
            before = next((c for c in reversed(strong[:i]) if c != "N"), base)
            after = next((c for c in strong[i + 1 :] if c != "N"), base)
            cls = before if before == after else base
        levels.append((1 if cls == "R" else 2) if rtl else (1 if cls == "R" else 0))
    order = list(range(len(pieces)))
    for level in range(max(levels), 0, -1):
        i = 0
        while i < len(order):
            j = i
            while j < len(order) and levels[order[j]] >= level:
                j += 1
            order[i:j] = reversed(order[i:j])
            i = j + 1
    return tuple((pieces[k][0], pieces[k][1]) for k in order)


@dataclass(frozen=True)
class TextBlock:
    lines: tuple[str, ...]
    size: int
    leading: float
    bold: bool
    rtl: bool = False

    @property
    def line_height(self) -> int:
        return round(self.size * self.leading)

    @property
    def height(self) -> int:
        return _block_height(len(self.lines), self.size, self.line_height)


def _block_height(lines: int, size: int, line_height: int) -> int:
    if not lines:
        return 0
    return (lines - 1) * line_height + round(size * (ASCENT + DESCENT))


# Kinsoku: CJK lines may break between any two characters, but never before closing punctuation
# or a small kana, nor after an opening bracket (JIS X 4051; the same rules hold in Chinese).
NO_LINE_START = frozenset("、。，．・：；？！ー）」』】〕〉》〙〗｝］’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻゠〜…‥")
NO_LINE_END = frozenset("（「『【〔〈《〘〖｛［‘“")


def needs_shaping(text: str) -> bool:
    """Text that is unreadable unless shaped and ordered (raqm): right-to-left and Indic scripts."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") or "\u0900" <= ch <= "\u0dff" for ch in text)


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Words as (text, preceded_by_space). Wide (CJK) characters are words of
    their own, since those scripts may break between any two characters (kinsoku aside)."""
    tokens: list[tuple[str, bool]] = []
    for word in text.split(" "):
        spaced = True
        current = ""
        for ch in word:
            if unicodedata.east_asian_width(ch) in ("W", "F"):
                if current:
                    tokens.append((current, spaced))
                    spaced = False
                tokens.append((ch, spaced))
                spaced, current = False, ""
            else:
                current += ch
        if current:
            tokens.append((current, spaced))
    return _keep_together(tokens)



def _keep_together(tokens: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Glue closing punctuation to what precedes it and opening brackets to what follows."""
    kept: list[tuple[str, bool]] = []
    for token, spaced in tokens:
        if kept and not spaced and (token[0] in NO_LINE_START or kept[-1][0][-1] in NO_LINE_END):
            kept[-1] = (kept[-1][0] + token, kept[-1][1])
        else:
            kept.append((token, spaced))
    return kept

def _break_word(word: str, bold: bool, size: int, max_width: float) -> Iterator[str]:
    """Split a word wider than the line into pieces that fit."""
    piece = ""
    for ch in word:
        if piece and _width(piece + ch, bold, size) > max_width:
            yield piece
            piece = ""
        piece += ch
    if piece:
        yield piece


def _wrap(text: str, bold: bool, size: int, max_width: float) -> tuple[list[str], bool]:
    """Greedy line breaking; word widths are summed, so each word is measured once.
    Also returns whether a word had to be broken."""
    space = _width(" ", bold, size)
    lines: list[str] = []
    line, line_w, broken = "", 0.0, False
    for token, spaced in _tokens(text):
        width = _width(token, bold, size)
        pieces = [token] if width <= max_width else list(_break_word(token, bold, size, max_width))
        broken = broken or len(pieces) > 1
        for k, piece in enumerate(pieces):
            if k:
                width, spaced = _width(piece, bold, size), False
            elif len(pieces) > 1:
                width = _width(piece, bold, size)
            gap = space if spaced and line else 0.0
            if line and line_w + gap + width > max_width:
                lines.append(line)
                line, line_w = piece, width
            else:
                line += (" " if gap else "") + piece
                line_w += gap + width
    if line:
        lines.append(line)
    return lines, broken


def _ellipsize(text: str, bold: bool, size: int, max_width: float) -> str:
    """Cut ``text`` so that it plus an ellipsis fits; prefer a word boundary."""
    text = text.rstrip()
    while text and _width(text + ELLIPSIS, bold, size) > max_width:
        cut = text.rfind(" ")
        # Drop a whole word unless that would lose most of the line.
        text = text[:cut] if cut > len(text) // 2 else text[:-1]
        text = text.rstrip(" ,;:.-\u2013\u2014")
    return text + ELLIPSIS


def _one_line(text: str, bold: bool, size: int, max_width: float) -> TextBlock:
    """A single line, truncated with an ellipsis when too wide."""
    if text and _width(text, bold, size) > max_width:
        text = _ellipsize(text, bold, size, max_width)
    return TextBlock((text,) if text else (), size, 1.2, bold, _base_rtl(text))
