"""Which lines of a post's body are code, kept as written when other generators' syntax is
converted (foreign_syntax.py): fenced and indented blocks, <pre> blocks and Liquid's
{% raw %} regions. {% highlight %} and Hugo's highlight become fences here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FENCE = re.compile(r"^(\s{0,3})(`{3,}|~{3,})")
_HIGHLIGHT_OPEN = re.compile(r"^\s*(?:\{%-?\s*highlight\s+([\w+#.-]+)[^%]*-?%\}|\{\{[<%]\s*highlight\s+\"?([\w+#.-]+)\"?[^>%]*[>%]\}\})\s*$")
_HIGHLIGHT_CLOSE = re.compile(r"^\s*(?:\{%-?\s*endhighlight\s*-?%\}|\{\{[<%]\s*/highlight\s*[>%]\}\})\s*$")
_RAW_OPEN = re.compile(r"\{%-?\s*raw\s*-?%\}")
_RAW_CLOSE = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_PRE_OPEN = re.compile(r"^\s*<(pre|code|script|style)\b", re.I)
_LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s")


def split_code(body: str) -> tuple[list[str], list[bool]]:
    """The body's lines, and which of them are code. {% highlight %} and Hugo's highlight
    become fences here; {% raw %} regions count as code (Liquid shows them as written)."""
    lines = _CodeLines()
    for line in body.split("\n"):
        if not lines.within_block(line):
            lines.outside_blocks(line)
    return lines.out, lines.code


@dataclass
class _CodeLines:
    out: list[str] = field(default_factory=list)
    code: list[bool] = field(default_factory=list)
    fence: str | None = None  # the fence that opened the current code block ("highlight": a highlight tag)
    in_raw: bool = False
    in_pre: bool = False
    previous_blank: bool = True
    in_list: bool = False  # an indented line in a list continues the item: not code

    def add(self, line: str, is_code: bool) -> None:
        self.out.append(line)
        self.code.append(is_code)

    def within_block(self, line: str) -> bool:
        """A line inside an open code block, raw region or <pre>, kept as code; False outside them."""
        if self.fence is not None:
            self.add(line, True)
            highlight = self.fence == "highlight"
            if (highlight and _HIGHLIGHT_CLOSE.match(line)) or (not highlight and line.strip().startswith(self.fence)):
                if highlight:
                    self.out[-1] = "```"
                self.fence = None
            return True
        if self.in_raw:
            close = _RAW_CLOSE.search(line)
            self.add(_RAW_CLOSE.sub("", line) if close else line, True)
            self.in_raw = not close
            return True
        if self.in_pre:
            self.add(line, True)
            self.in_pre = not re.search(r"</(pre|code|script|style)>", line, re.I)
            return True
        return False

    def outside_blocks(self, line: str) -> None:
        self.add(*self._opening(line))
        if line.strip():
            if len(line) - len(line.lstrip(" ")) < 4 and not line.startswith("\t"):  # starts or ends a list
                self.in_list = bool(_LIST_ITEM.match(line))
            self.previous_blank = False
        else:
            self.previous_blank = True

    def _opening(self, line: str) -> tuple[str, bool]:
        """The line (a highlight tag as a fence) and whether it is code; a block it opens stays open."""
        opened = _FENCE.match(line)
        highlight = _HIGHLIGHT_OPEN.match(line)
        if opened:
            self.fence = opened.group(2)
            return line, True
        if highlight:
            self.fence = "highlight"
            return "```" + (highlight.group(1) or highlight.group(2) or ""), True
        if _RAW_OPEN.search(line) and not _RAW_CLOSE.search(line):
            before, after = _RAW_OPEN.split(line, 1)
            self.in_raw = True
            return before + after, True
        if _PRE_OPEN.match(line) and not re.search(r"</(pre|code|script|style)>", line, re.I):
            self.in_pre = True
            return line, True
        if (line.startswith("    ") or line.startswith("\t")) and not self.in_list \
                and (self.previous_blank or (self.code and self.code[-1])):
            return line, True  # an indented code block
        return line, False
