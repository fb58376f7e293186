"""What a build tells the person who ran it."""

from __future__ import annotations

import sys
from typing import Callable

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


def report_build(result, quiet: bool = False) -> None:
    for problem in result.warnings:
        print(problem, file=sys.stderr)
    if result.awaiting_approval:
        print(f"{len(result.awaiting_approval)} story(ies) held back until the customer approves (add customer.approved: <date>):", file=sys.stderr)
        for held in result.awaiting_approval:
            print(f"  {held.source}: {held.customer}", file=sys.stderr)
    if quiet:
        return
    s = result.stats
    print(f"built {result.pages} pages in {result.seconds:.2f} s: {s.written} files written, "
          f"{s.unchanged} unchanged, {s.removed} removed -> {result.output_dir}")
