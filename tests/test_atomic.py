"""A build killed with SIGKILL at any moment leaves output/ whole: the last good site or the
new one, never a half-written tree; the next build cleans up what the killed one left."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BASIC_SITE, REPO, post, run_wom, write_files
from helpers import tree
from wom_site.build import BuildOptions, build

POSTS = 90  # ~230 output files: staging uses its threads (from 200 files)
CONFIG = BASIC_SITE + "share:\n  cards: false\n"
KILL_AT = Path(__file__).with_name("kill_at.py")


def site_files() -> dict[str, str]:
    files = {"site.yaml": CONFIG, "content/pages/about.md": "---\ntitle: About\n---\n\nWe fix bikes.\n"}
    for i in range(POSTS):
        files[f"content/stories/s{i}.md"] = post(f"Story {i}", f"2026-01-{1 + i % 28:02d}", tags=f"[t{i % 7}]",
                                                 body=f"Story {i} begins here.\n\nAnd goes on.")
    return files


def retitle(site: Path) -> None:  # every page changes: a full restage and swap
    (site / "site.yaml").write_text(CONFIG.replace('"Test & Co"', '"Test & Sons"'))


def edit_one(site: Path) -> None:  # a few files change: a committed patch
    path = site / "content/stories/s5.md"
    path.write_text(path.read_text().replace("Story 5 begins here.", "Story 5 was rewritten."))


CHANGES = {"retitle": retitle, "edit_one": edit_one}


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.iterdir() if p.name.startswith(".output."))


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The old site built (with its cache), and the tree each change should give."""
    base = tmp_path_factory.mktemp("atomic")
    old = base / "old"
    old.mkdir()
    write_files(old, site_files())
    build(BuildOptions(source=old))
    expected = {}
    for name, change in CHANGES.items():
        fresh = base / name
        shutil.copytree(old, fresh, symlinks=True)
        change(fresh)
        build(BuildOptions(source=fresh, output=base / f"{name}-out", use_cache=False))
        expected[name] = tree(base / f"{name}-out")
    return old, tree(old / "output"), expected


def killed(old_site: Path, tmp_path: Path, change: str, moment: str, nth: int) -> Path:
    site = tmp_path / "site"
    shutil.copytree(old_site, site, symlinks=True)
    CHANGES[change](site)
    result = subprocess.run([sys.executable, str(KILL_AT), moment, str(nth), "build", "--source", str(site), "--quiet"],
                            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, timeout=60)
    assert result.returncode == -signal.SIGKILL, (result.returncode, result.stderr)
    return site


def assert_mended_by_next_build(site: Path, new: dict[str, bytes]) -> None:
    result = build(BuildOptions(source=site))
    assert result.stats.written > 0 or tree(site / "output") == new
    assert tree(site / "output") == new
    assert leftovers(site) == []


# (change, moment, nth, what output/ holds right after the kill)
WHOLE = [
    ("retitle", "write", 1, "old"),
    ("retitle", "write", 120, "old"),
    ("retitle", "exchange", 1, "old"),
    ("retitle", "exchanged", 1, "new"),
    ("retitle", "manifest", 1, "new"),
    ("edit_one", "write", 1, "old"),
    ("edit_one", "commit", 1, "old"),
    ("edit_one", "manifest", 1, "new"),
]


@pytest.mark.parametrize("change, moment, nth, state", WHOLE, ids=[f"{c}-{m}-{n}" for c, m, n, _ in WHOLE])
def test_a_killed_build_leaves_the_old_or_the_new_site_whole(sites, tmp_path, change, moment, nth, state):
    old_site, old, expected = sites
    site = killed(old_site, tmp_path, change, moment, nth)
    assert tree(site / "output") == (old if state == "old" else expected[change])
    assert_mended_by_next_build(site, expected[change])


def test_killed_between_the_two_renames_the_old_site_is_put_back(sites, tmp_path):
    """Without renameat2 the swap is two renames; killed between them, output/ is briefly
    absent and the whole old tree waits beside it; any next build (even a failing one) puts it back."""
    old_site, old, expected = sites
    site = killed(old_site, tmp_path, "retitle", "rename", 1)
    assert not (site / "output").exists()
    (waiting,) = [site / name for name in leftovers(site) if ".wom-old-" in name]
    assert tree(waiting) == old
    (site / "content/stories/broken.md").write_text("---\ntitle: [oops\n---\n")
    assert run_wom("build", "--source", str(site)).returncode == 1
    assert tree(site / "output") == old and leftovers(site) == []
    (site / "content/stories/broken.md").unlink()
    assert_mended_by_next_build(site, expected["retitle"])


def test_killed_while_applying_a_patch_it_is_finished_before_anyone_reads_output(sites, tmp_path):
    """A small change is committed (a journal) before its files are moved in, one rename each.
    Killed in between, every file is whole (old or new); the next build, a failing one or
    `wom deploy --no-build` finishes the patch before reading output/."""
    old_site, old, expected = sites
    new = expected["edit_one"]
    changed = [rel for rel in new if old.get(rel) != new[rel]]
    assert 2 <= len(changed) < 20
    site = killed(old_site, tmp_path, "edit_one", "apply", 1)
    now = tree(site / "output")
    # the search index's files are named by their content: old ones leave and new ones arrive
    assert set(now) <= set(old) | set(new) and all(now[rel] in (old.get(rel), new.get(rel)) for rel in now)
    mirror = tmp_path / "mirror"
    assert run_wom("deploy", str(mirror), "--source", str(site), "--no-build").returncode == 0
    assert tree(mirror) == {rel: data for rel, data in new.items() if rel != ".wom-output"} | {".wom-deploy": tree(mirror)[".wom-deploy"]}
    assert tree(site / "output") == new and leftovers(site) == []


def test_killed_from_outside_at_real_moments(sites, tmp_path):
    """A real `wom build` process killed once its staging folder appears, and after delays."""
    old_site, old, expected = sites
    new = expected["retitle"]
    for n, delay in enumerate([None, 0.4]):
        site = tmp_path / f"site{n}"
        shutil.copytree(old_site, site, symlinks=True)
        retitle(site)
        process = subprocess.Popen([sys.executable, "-m", "wom_site", "build", "--source", str(site), "--quiet"],
                                   env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < deadline:
            if delay is None and leftovers(site):
                break
            if delay is not None and time.monotonic() > deadline - 30 + delay:
                break
            time.sleep(0.002)
        process.send_signal(signal.SIGKILL)
        process.wait()
        if delay is None:  # killed while its staging folder existed, not after it finished
            assert process.returncode == -signal.SIGKILL, process.returncode
        assert tree(site / "output") in (old, new), f"kill {n}: output/ is neither the old nor the new site"
        assert_mended_by_next_build(site, new)


def test_a_killed_build_leaves_no_worker_processes_behind(sites, tmp_path):
    old_site, old, expected = sites
    site = tmp_path / "site"
    shutil.copytree(old_site, site, symlinks=True)
    retitle(site)
    result = subprocess.run([sys.executable, str(KILL_AT), "pool", "1", "build", "--source", str(site), "--quiet"],
                            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, timeout=60)
    assert result.returncode == -signal.SIGKILL, result.stderr
    workers = [int(pid) for pid in result.stdout.split()]
    if not workers:
        pytest.skip("pages were rendered without a process pool here (one core)")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and [pid for pid in workers if _alive(pid)]:
        time.sleep(0.02)
    assert [pid for pid in workers if _alive(pid)] == []
    assert tree(site / "output") == old


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent's wait is missing


@pytest.mark.parametrize("change", ["retitle", "edit_one"])
@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()], ids=["disk-full", "ctrl-c"])
def test_a_full_disk_or_ctrl_c_while_writing_leaves_output_and_nothing_beside_it(sites, tmp_path, monkeypatch, change, failure):
    old_site, old, expected = sites
    site = tmp_path / "site"
    shutil.copytree(old_site, site, symlinks=True)
    CHANGES[change](site)
    real, calls = Path.write_bytes, []

    def write_bytes(self, data):
        calls.append(self)
        if len(calls) == 2:
            raise failure
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    with pytest.raises(type(failure)):
        build(BuildOptions(source=site))
    monkeypatch.undo()
    assert tree(site / "output") == old and leftovers(site) == []
    assert_mended_by_next_build(site, expected[change])


def test_a_second_build_waits_for_the_one_writing_output(sites, tmp_path):
    """Two builds of one site at once (an editor's build on save and yours) never mix or
    delete each other's files: the second waits while the first writes."""
    from wom_site.output import writing

    old_site, old, expected = sites
    site = tmp_path / "site"
    shutil.copytree(old_site, site, symlinks=True)
    retitle(site)
    with writing(site / "output"):  # as if another build were writing right now
        waiting = subprocess.Popen([sys.executable, "-m", "wom_site", "build", "--source", str(site), "--quiet"],
                                   env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        assert waiting.poll() is None and tree(site / "output") == old
    assert waiting.wait(timeout=60) == 0, waiting.stderr.read()
    assert tree(site / "output") == expected["retitle"]
    edit_one(site)
    together = [subprocess.Popen([sys.executable, "-m", "wom_site", "build", "--source", str(site), "--quiet", *extra],
                                 env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, stderr=subprocess.PIPE, text=True)
                for extra in ([], ["--no-cache"])]
    assert [p.wait(timeout=60) for p in together] == [0, 0], [p.stderr.read() for p in together]
    assert (site / "output/.wom-output").is_file() and leftovers(site) == []
    assert "Story 5 was rewritten." in (site / "output/stories/s5/index.html").read_text()
    assert "Test &amp; Sons" in (site / "output/index.html").read_text()
