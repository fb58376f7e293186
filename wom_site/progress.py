"""What a build tells the person who ran it."""

from __future__ import annotations

import sys


def report_build(result, quiet: bool = False) -> None:
    for problem in result.warnings:
        print(problem, file=sys.stderr)
    if result.awaiting_approval:
        print(f"{len(result.awaiting_approval)} story(ies) held back until the customer approves (add customer.approved: <date>):", file=sys.stderr)
        for entry in result.awaiting_approval:
            print(f"  {entry.source}: {entry.customer.name or entry.customer.company}", file=sys.stderr)
    if quiet:
        return
    s = result.stats
    print(f"built {result.pages} pages in {result.seconds:.2f} s: {s.written} files written, "
          f"{s.unchanged} unchanged, {s.removed} removed -> {result.output_dir}")
