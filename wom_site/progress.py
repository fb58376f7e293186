"""What a build tells the person who ran it."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Callable

from wom_site.diagnostics import DOC_SECTIONS, doc_link, kind_of
from wom_site.held_back import summary as held_back_summary
from wom_site.i18n import tell
from wom_site.rhythm import overdue_line

SHOW_FROM = 200  # items in a stage; smaller builds finish before a bar would help


class BuildProgress:
    """Progress bars for the slow stages, on a terminal only (stderr), never with --quiet."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._bars = None

    @classmethod
    def for_terminal(cls, quiet: bool) -> "BuildProgress":
        return cls(not quiet and sys.stderr.isatty())

    def stage(self, description: str, total: int) -> Callable[[int], None] | None:
        """An `advance(n)` callable for a stage of `total` items, or None when no bar is shown."""
        if not self.enabled or total < SHOW_FROM:
            return None
        if self._bars is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bars = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                  console=Console(stderr=True), transient=True)
            self._bars.start()
        task = self._bars.add_task(description, total=total)
        return lambda n: self._bars.advance(task, n)

    def close(self) -> None:
        if self._bars is not None:
            self._bars.stop()
            self._bars = None


GROUP_FROM = 6  # problems of one kind; from this many on, the first few stand for the rest
SHOWN = 3


def print_problems(problems, verbose: bool = False, out=None, command: str = "build") -> None:
    for line in grouped_lines(problems, verbose, command):
        print(line, file=out or sys.stderr)


def grouped_lines(problems, verbose: bool = False, command: str = "build") -> list[str]:
    """Every problem (a Problem or a check Finding), one line each; a kind with many is shown by
    its first few lines, its count and how to see them all, so that one different problem is
    never lost among them. A kind the documentation explains is followed by its link, once."""
    groups: dict[str, list] = {}
    for problem in problems:
        groups.setdefault(kind_of(problem), []).append(problem)
    lines = []
    for kind, group in groups.items():
        many = len(group) >= GROUP_FROM and not verbose
        lines += [str(problem) for problem in (group[:SHOWN] if many else group)]
        if many:
            what = {"more": len(group) - SHOWN, "kind": kind, "all": len(group), "command": f"wom {command} --verbose"}
            text = (tell("... and %(more)s more warnings '%(kind)s' (%(all)s in all; `%(command)s` lists every one)")
                    if all(p.severity == "warning" for p in group) else
                    tell("... and %(more)s more problems '%(kind)s' (%(all)s in all; `%(command)s` lists every one)"))
            lines.append("  " + text % {**what, "more": f"{what['more']:,}", "all": f"{what['all']:,}"})
        link = doc_link(_untranslated(kind))
        if link:
            lines.append("  " + tell("why, and how to fix it: %(link)s") % {"link": link})
    return lines


def _untranslated(kind: str) -> str:
    """The English name of a kind should the terminal ever name it otherwise (docs anchors are English)."""
    return next((english for english in DOC_SECTIONS if tell(english) == kind), kind)


def writer_lines(result, now=None) -> list[str]:
    """What the writer should know after any build: what was left out, and an overdue post."""
    now = now or dt.datetime.now(dt.timezone.utc)
    lines = [held_back_summary(result.held_back), overdue_line(result.config, result.newest, now) if result.config else None]
    return [line for line in lines if line]


def report_build(result, quiet: bool = False, verbose: bool = False, now=None) -> None:
    print_problems(result.warnings, verbose)
    for line in writer_lines(result, now):
        print(line, file=sys.stderr)
    if quiet:
        return
    s = result.stats
    print(f"built {result.pages} pages in {result.seconds:.2f} s: {s.written} files written, "
          f"{s.unchanged} unchanged, {s.removed} removed -> {result.output_dir}")
