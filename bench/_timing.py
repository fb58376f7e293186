"""How every bench here times a build: one process tree, measured whole, runs interleaved, medians.

- CPU time: user + system of the build and of every worker it waited for (os.wait4's rusage of
  the build process), steadier than wall time on a machine that others share; wall time too.
- Peak memory: the largest sum of PSS over the process tree (polled every 10 ms from /proc), so
  pages that forked workers share with the build count once.
- Bytecode cached: a build runs without PYTHONDONTWRITEBYTECODE (some shells and CI images set
  it), else every build would compile each module it imports again (~0.7 s of CPU users never
  pay, larger for the checkout with more code), and `compile_checkout` writes it before timing.
- Interleaved: run 0 of every side is a warm-up (file cache, bytecode), then the sides take
  turns, so each meets the same load; the order alternates between runs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, NamedTuple


class Sample(NamedTuple):
    wall: float  # seconds by the clock
    cpu: float  # CPU seconds of the build and the workers it waited for
    peak: int  # bytes: the process tree's largest PSS


class Failed(Exception):
    """The timed command ended with an error; `stderr` is the end of what it said."""

    def __init__(self, returncode: int, stderr: str):
        super().__init__(f"exit status {returncode}:\n{stderr}")
        self.returncode, self.stderr = returncode, stderr


def build_env(checkout: Path | None = None, base: dict | None = None) -> dict[str, str]:
    """The environment of a timed build: `checkout` first on PYTHONPATH, bytecode cached."""
    env = dict(os.environ if base is None else base)
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_checkout(checkout: Path) -> None:
    """Write a checkout's bytecode once, before any of its builds is timed."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(checkout / "wom_site")], env=build_env(checkout),
                   check=True, stdout=subprocess.DEVNULL)


def wom_build(site: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "wom_site", "build", "--source", str(site), "--quiet", "--future", *extra]


def timed(cmd: list[str], env: dict[str, str], cwd: Path, output: list[str] | None = None) -> Sample:
    """Run `cmd` once and measure it; raises Failed on a non-zero exit. `output`, when given,
    receives what it printed (stdout and stderr). The working folder should not be a checkout:
    `python -m` puts it before PYTHONPATH."""
    printed = tempfile.TemporaryFile()  # not a pipe: a build's many warnings would fill it and stall the build
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=printed, stderr=subprocess.STDOUT)
    peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, sum(_pss(p) for p in _tree(proc.pid)))
        time.sleep(0.01)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    printed.seek(0)
    text = printed.read().decode(errors="replace")
    if output is not None:
        output.append(text)
    if proc.returncode:
        raise Failed(proc.returncode, text[-2000:])
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak)


def interleaved(sides: dict[str, Callable[[int], Sample]], runs: int,
                report: Callable[[str, int, Sample], None] | None = None) -> dict[str, list[Sample]]:
    """Call each side's `measure(run)` for run 0 (a warm-up, not kept) to `runs`, the sides taking
    turns (in alternating order); the samples of runs 1.. by side."""
    samples: dict[str, list[Sample]] = {name: [] for name in sides}
    names = list(sides)
    for run in range(runs + 1):
        for name in (names if run % 2 == 0 else names[::-1]):
            sample = sides[name](run)
            if run:
                samples[name].append(sample)
            if report:
                report(name, run, sample)
    return samples


def median(samples: list[Sample]) -> Sample:
    """The median of each measure on its own."""
    return Sample(statistics.median(s.wall for s in samples), statistics.median(s.cpu for s in samples),
                  int(statistics.median(s.peak for s in samples)))


def print_sample(name: str, run: int, sample: Sample, label: str = "") -> None:
    print(f"{label}{name:12} run {run}: {sample.wall:.2f} s, {sample.cpu:.2f} s CPU, {sample.peak / 2**20:.0f} MB",
          file=sys.stderr, flush=True)


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return pids


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0
