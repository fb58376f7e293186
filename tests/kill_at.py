"""Run `wom ARGS...` and SIGKILL itself at a chosen moment of writing output/.

    python tests/kill_at.py MOMENT N build --source SITE

MOMENT is where the process dies, at the Nth time it gets there:
  write      writing a file into the staging or patch folder (or moving a rendered page there)
  exchange   just before the atomic exchange of staging and output/
  exchanged  just after it, before the old tree is removed
  rename     after a plain rename (the fallback where renameat2 is missing: N=1 leaves no output/)
  commit     just after a patch's journal is committed
  apply      after a committed patch moved its Nth file into output/
  manifest   while saving the manifest, after output/ is in place
  pool       while the forked pool that renders pages is running
Before dying it prints the ids of its child processes (the pool's workers), one per line.
No hooks in wom itself: the test wraps the functions that output.py calls.
"""

from __future__ import annotations

import os
import pathlib
import signal
import sys
import types

from wom_site import output, render
from wom_site.cli import main

moment, nth, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
seen = 0


def arrive(where: str) -> None:
    global seen
    if where == moment:
        seen += 1
        if seen == nth:
            print(*children(), sep="\n", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)


def children() -> list[int]:
    found = []
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            found.append(int(stat.parent.name))
    return found


real_os = os
fake_os = types.SimpleNamespace(**{name: getattr(os, name) for name in dir(os) if not name.startswith("__")})
output.os = fake_os  # output.py's own view of os; everything else keeps the real one

real_write_bytes = pathlib.Path.write_bytes


def write_bytes(self, data):
    arrive("write")
    return real_write_bytes(self, data)


pathlib.Path.write_bytes = write_bytes

real_exchange = output._exchange


def exchange(a, b):
    arrive("exchange")
    if moment == "rename":
        return False  # as on a system without renameat2
    done = real_exchange(a, b)
    arrive("exchanged")
    return done


output._exchange = exchange


def rename(a, b):
    real_os.rename(a, b)
    arrive("rename")


fake_os.rename = rename


def replace(a, b):
    real_os.replace(a, b)
    if output.SPOOL in str(a):
        arrive("write")  # a rendered page moved from the spool into the staging or patch folder
    elif str(b).endswith(output.JOURNAL):
        arrive("commit")
    elif output.PATCH in str(a):
        arrive("apply")


fake_os.replace = replace
real_save = output.Manifest.save


def save(self, output_dir, keys, *rest):
    arrive("manifest")
    return real_save(self, output_dir, keys, *rest)


output.Manifest.save = save
real_clear = render._Worker.clear.__func__


def clear(cls):
    arrive("pool")  # the pool's map is done; its workers are alive until the pool shuts down
    return real_clear(cls)


render._Worker.clear = classmethod(clear)

sys.exit(main(args))
