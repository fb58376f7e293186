"""Hostile names and concurrent runs against real deploy targets: a bare git repository, a folder,
rsync (to a folder, and through a stand-in remote shell), built and deployed through the CLI.

Whatever a file in content/ is called, the published tree holds exactly the site's files and
never a file of the host; deploys and builds started together leave one whole tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASIC_SITE, post, run_wom, wom_env, write_files

SECRET = b"host secret: this file must never be published\n"


def git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True).stdout.decode("utf-8", "surrogateescape")


def branch_files(remote: Path, branch: str = "gh-pages") -> dict[str, bytes]:
    listing = git("--git-dir", str(remote), "ls-tree", "-r", "-z", "--full-tree", branch)
    files = {}
    for record in filter(None, listing.split("\0")):
        meta, path = record.split("\t", 1)
        files[path] = subprocess.run(["git", "--git-dir", str(remote), "cat-file", "blob", meta.split()[2]],
                                     check=True, capture_output=True).stdout
    return files


def published(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name not in (".wom-output", ".wom-deploy")}


def hostile_site(root: Path, name: str, secret: Path) -> Path:
    """A site whose content/ has a file called `name`, and beside it a folder called `name` + a line
    break, whose nested folders spell the secret's absolute path: in a list of paths joined by
    line breaks, that file reads as `.../name` and `/path/to/secret`."""
    site = root / "site"
    write_files(site, {"site.yaml": BASIC_SITE, "content/stories/rosa.md": post("Rosa", body="Rosa bakes.")})
    stories = site / "content" / "stories"
    (stories / name).write_bytes(b"an asset\n")
    nested = stories / (name + "\n")  # then folders named tmp, pytest-..., host: "x\n/tmp/.../secret.txt"
    nested.joinpath(*secret.parts[1:-1]).mkdir(parents=True)
    nested.joinpath(*secret.parts[1:]).write_bytes(b"a decoy with the secret's name\n")
    return site


def assert_no_host_file(files: dict[str, bytes], secret: Path) -> None:
    host = {secret.read_bytes(), Path("/etc/passwd").read_bytes()}
    leaked = [path for path, data in files.items() if data in host]
    assert not leaked, f"host files published as {leaked}"


def test_a_name_spelling_a_host_path_after_a_line_break_publishes_no_host_file(tmp_path):
    secret = tmp_path / "host" / "secret.txt"
    secret.parent.mkdir()
    secret.write_bytes(SECRET)
    site = hostile_site(tmp_path, "x", secret)
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(remote))
    result = run_wom("deploy", f"git+{remote}", "--source", str(site), check=True)
    assert "deployed to" in result.stdout
    files = branch_files(remote)
    assert_no_host_file(files, secret)
    assert files == published(site / "output") | {".nojekyll": b""}
    assert files["stories/x"] == b"an asset\n"
    assert files["stories/x\n" + str(secret)] == b"a decoy with the secret's name\n"


# File names from the whole of Unicode (no "/" or NUL, which no file name holds), biased towards
# what breaks path lists and command lines: line breaks, controls, "-" prefixes, glob brackets.
SPICE = st.sampled_from(["\n", "\r", "\t", "\x0b", "\x1b", "-", "--", "[", "]", "*", "?", " ", "\\", ":", "#", "'", '"',
                         "\u2028", "\u202e", "é", "ж", "日本"])
NAMES = (st.lists(st.one_of(SPICE, st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0"),
                                             min_size=1, max_size=8)), min_size=1, max_size=8)
         .map("".join)
         .filter(lambda n: n not in (".", "..") and not n.startswith((".", "_")) and not n.endswith("~")
                 and not n.lower().endswith((".md", ".markdown", ".html", ".htm", ".svg")) and len(n.encode()) < 200))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.one_of(NAMES, st.sampled_from(["-rf", "--upload-pack=touch pwned", "[ab]*?", "a" * 199, "x\r\n"])))
def test_hostile_names_reach_git_and_folders_as_data(name):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        secret = tmp / "host" / "secret.txt"
        secret.parent.mkdir()
        secret.write_bytes(SECRET)
        site = hostile_site(tmp, name, secret)
        remote, folder = tmp / "remote.git", tmp / "www"
        git("init", "--quiet", "--bare", str(remote))
        to_git = run_wom("deploy", f"git+{remote}", "--source", str(site))
        assert to_git.returncode == 0, to_git.stderr
        to_folder = run_wom("deploy", str(folder), "--source", str(site), "--no-build")
        assert to_folder.returncode == 0, to_folder.stderr
        output = published(site / "output")
        assert output[f"stories/{name}"] == b"an asset\n"
        for files in (branch_files(remote), published(folder)):
            assert_no_host_file(files, secret)
            assert {p: d for p, d in files.items() if p != ".nojekyll"} == output
        assert not (tmp / "pwned").exists() and not (site / "pwned").exists()


@pytest.mark.skipif(not shutil.which("rsync"), reason="rsync is not installed")
def test_hostile_names_reach_rsync_as_data(tmp_path, monkeypatch):
    """Through a stand-in remote shell (rsync's server side runs here), as for user@host:/path."""
    shell = tmp_path / "fake-ssh"
    shell.write_text('#!/bin/sh\nwhile [ $# -gt 0 ]; do case "$1" in -l|-p) shift 2;; -*) shift;; *) break;; esac; done\n'
                     'shift\nexec sh -c "$*"\n')
    shell.chmod(0o755)
    monkeypatch.setenv("RSYNC_RSH", str(shell))
    secret = tmp_path / "host" / "secret.txt"
    secret.parent.mkdir()
    secret.write_bytes(SECRET)
    site = hostile_site(tmp_path, "x", secret)
    for name in ["a\nb", "-e sh", "[x]*", "tab\there", "sp ace; touch pwned", "x\\#012y"]:
        (site / "content/stories" / name).write_bytes(name.encode() + b"\n")
    dest = tmp_path / "dest dir"
    dest.mkdir()
    first = run_wom("deploy", f"fakehost:{dest}", "--source", str(site))
    assert first.returncode == 0, first.stderr
    assert published(dest) == published(site / "output")
    assert_no_host_file(published(dest), secret)
    again = run_wom("deploy", f"fakehost:{dest}", "--source", str(site), "--no-build", check=True)
    assert "up to date" in again.stdout, again.stdout  # every hostile name was read back from rsync's listing
    assert not (tmp_path / "pwned").exists() and not list(dest.rglob("pwned"))


# --- concurrency ---------------------------------------------------------------------

def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "wom_site", *args], env=wom_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def many_posts(n: int, word: str) -> dict[str, str]:
    return {f"content/stories/s{i}.md": post(f"Story {i}", body=f"{word} {i}. " * 20) for i in range(n)}


def test_deploys_and_builds_started_together_leave_one_whole_tree(make_site, tmp_path):
    """Three deploys to one folder and two builds, held at the start so that all of them race
    when the lock is let go (each says once that it waits)."""
    from wom_site.output import writing

    site = make_site(many_posts(40, "First"))
    run_wom("build", "--source", str(site), check=True)
    folder = tmp_path / "www" / "site"
    for word in ["Second", "Third"]:
        write_files(site, many_posts(40, word))
        with writing(site / "output"):
            runs = [start("deploy", str(folder), "--source", str(site)) for _ in range(3)]
            runs += [start("build", "--source", str(site)) for _ in range(2)]
            firsts = [p.stderr.readline() for p in runs]  # each says once that it waits
            assert all(line == f"{site / 'output'}: waiting: another wom is using it\n" for line in firsts), firsts
        outs = [(p.wait(timeout=300), *p.communicate()) for p in runs]
        assert [code for code, _, _ in outs] == [0] * 5, outs
        built = published(site / "output")
        assert published(folder) == built  # all files, of one build
        assert len(built) > 80 and f"{word} 3." in built["stories/s3/index.html"].decode()
    assert sorted(p.name for p in folder.parent.iterdir()) == [".site.wom-lock", "site"]


def test_no_wait_fails_at_once_in_one_line_while_another_wom_writes(make_site, tmp_path):
    from wom_site.locks import hold, lock_beside
    from wom_site.output import writing

    site = make_site(many_posts(3, "Hi"))
    run_wom("build", "--source", str(site), check=True)
    folder = tmp_path / "www"
    with writing(site / "output"):
        busy = run_wom("build", "--source", str(site), "--no-wait")
        assert busy.returncode == 1 and busy.stderr.count("\n") == 1, busy.stderr
        assert busy.stderr.startswith(f"{site / 'output'}: in use by another wom") and "--no-wait" in busy.stderr
    with hold(lock_beside(folder), "test"):
        busy = run_wom("deploy", str(folder), "--source", str(site), "--no-wait")
        assert busy.returncode == 1 and busy.stderr.strip().splitlines()[-1].startswith(f"{folder}: in use by another wom"), busy.stderr
        assert f"(process {os.getpid()})" in busy.stderr
        assert not folder.exists()


# --- targets: options, host-less and relative paths, refused folders -------------------

def site_state(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): (p.read_bytes() if p.is_file() else b"") for p in site.rglob("*")
            if not p.relative_to(site).as_posix().startswith(".wom-cache")}


OPTION = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=12).map(lambda s: "-" + s)
RELATIVE = st.text(st.characters(whitelist_categories=("Ll", "Nd"), whitelist_characters="/._-"), min_size=1, max_size=12) \
    .filter(lambda s: "/" in s and not s.startswith(("/", "-", "~")) and "://" not in s)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.one_of(
    OPTION, OPTION.map(lambda s: "git+" + s), OPTION.map(lambda s: s + "@host:/srv/www"), OPTION.map(lambda s: "rsync://" + s),
    OPTION.map(lambda s: "s3://" + s), RELATIVE, RELATIVE.map(lambda s: ":" + s), RELATIVE.map(lambda s: "git+" + s),
    RELATIVE.map(lambda s: "file:" + s),
    st.sampled_from(["git+--upload-pack=touch pwned", "git+ext::sh -c touch% pwned", "git+fd::17", ":/srv/www",
                     "-e touch pwned@host:/x", "git+/tmp/x#--force", "git+/tmp/x#a..b", "git+/tmp/x#a b",
                     "/tmp/x\n/etc", "git+evil://host/x"])))
def test_targets_that_are_options_or_relative_paths_are_refused_in_one_line(built_site, target):
    site = built_site
    before = site_state(site)
    result = run_wom("deploy", "--source", str(site), "--no-build", "--", target, cwd=site / "content")
    assert result.returncode in (1, 2), (target, result.stdout, result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr, result.stderr
    assert site_state(site) == before  # nothing deployed into the site, content/ untouched
    assert not list(site.rglob("pwned")) and not Path("pwned").exists()


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("targets") / "site"
    write_files(site, {"site.yaml": BASIC_SITE, "content/stories/rosa.md": post("Rosa", body="Rosa bakes.")})
    run_wom("build", "--source", str(site), check=True)
    return site


def test_every_local_target_gets_the_output_refusals(built_site, tmp_path):
    site = built_site
    inside = site / "content" / "pages.git"
    git("init", "--quiet", "--bare", str(inside))
    for target in [f"git+{inside}", f"git+file://{inside}", str(site / "content"), str(site / "content/www"),
                   str(site / "output"), str(site), str(Path.home()), "/", f"file://{site}/static/x",
                   f"git+{site / 'output'}"]:
        result = run_wom("deploy", target, "--source", str(site), "--no-build")
        assert result.returncode in (1, 2) and "refusing" in result.stderr or "not a" in result.stderr, (target, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert git("--git-dir", str(inside), "branch", "--list").strip() == ""
