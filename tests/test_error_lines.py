"""Every problem the terminal shows has one form, whatever the command: `place[:line]: message`
for an error and `place[:line]: warning: message` for a warning, where the place is the file (or
site.yaml, a folder, a deploy target, a command-line option or WOM_NOW). A table of hostile
inputs through the real CLI, one per kind of error a user can cause: every stderr line has that
form (or is one of the few summary lines), names the place, no traceback; exit status 1 for bad
input, 2 for command-line misuse."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import BASIC_SITE, post, wom_env, write_files

CONFIG = BASIC_SITE + "share:\n  cards: false\n"
GOOD = {"content/stories/rosa.md": post("Rosa's bakery", "2026-03-14", body="Rosa bakes."),
        "content/tips/winter.md": post("Winter riding", "2026-01-10", body="Use lights.")}
# a place may hold ':' (s3://bucket, user@host:/path) but not ': ', which ends it
PROBLEM = re.compile(r"(?P<place>'[^']*'|[^\s:'](?:[^:]|:(?! ))*?)(?::(?P<line>\d+))?: (?P<warning>warning: )?(?P<message>\S.*)")
SUMMARIES = [re.compile(p) for p in (
    r"build failed: \d+ error\(s\); the previous output was left as it was",
    r"--keep-going: published what could be built; .*",
    r"nothing was deployed",
    r"imported \d+ of \d+ posts and pages: \d+ could not be imported .*",
    r"not published: .*",
    r"  \S.*",  # a group's count or its documentation link, under its lines
    r"usage: wom .*",  # before a command-line mistake (then its options, indented)
)]


def story(front: str, body: str = "Text.") -> str:
    return f"---\n{front}\n---\n\n{body}\n"


def _old_jekyll(root: Path) -> Path:
    write_files(root, {"_config.yml": "title: Old\n", "_posts/2020-01-01-a.md": story("title: [unclosed"),
                       "_posts/2020-01-02-b.md": story("title: Fine")})
    return root


# (name, files written into a copy of a good site, the command (SITE, TMP filled in), exit status,
#  a regular expression one stderr line must match in full)
CASES = [
    ("a wrong type in site.yaml", {"site.yaml": CONFIG + "feeds:\n  limit: many\n"}, ["build"], 1,
     r"site\.yaml:9: feeds\.limit: must be a whole number, not 'many'"),
    ("an unknown site.yaml key", {"site.yaml": CONFIG + "titel: x\n"}, ["build"], 1, r"site\.yaml:8: titel: unknown key .*"),
    ("a base_url that is no URL", {"site.yaml": CONFIG.replace("https://example.org/", "example.org")}, ["build"], 1,
     r"site\.yaml:3: base_url: .*"),
    ("a wrong front-matter type", {"content/stories/bad.md": story("title: Bad\ndate: 2026-01-01\ndraft: maybe")}, ["build"], 1,
     r'content/stories/bad\.md:4: draft: "maybe" is not true or false'),
    ("invalid YAML", {"content/stories/bad.md": story("title: [Bad\ndate: 2026-01-01")}, ["build"], 1,
     r"content/stories/bad\.md:\d+: invalid YAML: .*"),
    ("a binary post", {"content/stories/bad.md": b"\x00\x01\x02"}, ["build"], 1,
     r"content/stories/bad\.md: is a binary file, not Markdown text"),
    ("two posts on one URL", {"content/stories/copy.md": story("title: Copy\ndate: 2026-01-01\nslug: rosa")}, ["build"], 1,
     r"content/stories/\w+\.md:1: has the same URL /stories/rosa/ as .*"),
    ("a missing template", {"themes/default/templates/story.html": "{% extends 'nope.html' %}\n"}, ["build"], 1,
     r"themes/default/templates/story\.html:1: template error: .*nope\.html.*"),
    ("a missing theme", {"site.yaml": CONFIG + "theme: fancy\n"}, ["build"], 1, r"site\.yaml:8: theme: no theme named 'fancy' .*"),
    ("a missing image", {"content/stories/pic.md": story("title: Pic\ndate: 2026-01-01", "![shop](shop.jpg)")}, ["build"], 0,
     r"content/stories/pic\.md:6: warning: image not found: shop\.jpg"),
    ("keep going past a bad post", {"content/stories/bad.md": story("title: Bad\ndate: 2026-01-01\nimage: 5")},
     ["build", "--keep-going"], 1, r"content/stories/bad\.md:4: image: 5 is not an image path .*"),
    ("a bad --base-url", {}, ["build", "--base-url", "example.org"], 1, r"--base-url: base_url: must be .*"),
    ("an output folder inside content/", {}, ["build", "--output", "SITE/content/out"], 2,
     r"\S+/content/out: refusing to write the site inside \S+/content"),
    ("WOM_NOW that is no date", {}, ["build", "WOM_NOW=next tuesday"], 2, r"WOM_NOW: 'next tuesday' is not a date .*"),
    ("check without an output", {}, ["check", "--no-build", "--output", "TMP/none"], 1, r"\S+/none: does not exist: build the site first"),
    ("serve without a site", {"site.yaml": None}, ["serve"], 1, r"site\.yaml: not found in \S+: .*"),
    ("serve on no port", {}, ["serve", "--port", "70000"], 2, r"--port: 70000 is not a port number \(0-65535\)"),
    ("a deploy target that is an option", {}, ["deploy", "git+--upload-pack=touch /tmp/x", "--no-build"], 1,
     r"git\+--upload-pack=touch /tmp/x: .*command-line option.*"),
    ("a relative deploy folder", {}, ["deploy", "./www", "--no-build"], 1, r"\./www: give the folder as an absolute path .*"),
    ("a deploy target with a line break", {}, ["deploy", "/tmp/a\nb", "--no-build"], 1,
     r"'/tmp/a\\nb': the deploy target contains a control character .*"),
    ("an unknown named deploy target", {}, ["deploy", "production", "--no-build"], 1, r"production: unknown deploy target: .*"),
    ("a deploy into the site", {}, ["deploy", "SITE/content", "--no-build"], 2, r"\S+/content: refusing to deploy into it: .*"),
    ("a deploy before any build", {}, ["deploy", "TMP/www", "--no-build"], 1,
     r"\S+/output: nothing to deploy: not a folder written by wom build .*"),
    ("a build error stops a deploy", {"content/stories/bad.md": story("title: Bad\ndate: soon")}, ["deploy", "TMP/www"], 1,
     r"content/stories/bad\.md:3: date: not a date: 'soon' .*"),
    ("a kit for no story", {}, ["kit", "nobody"], 1, r"content/stories: no story 'nobody' .*"),
    ("a new post that exists", {}, ["new", "story", "Rosa"], 1, r"\S+/content/stories/rosa\.md: already exists; .*"),
    ("init into a full folder", {}, ["init", "SITE"], 1, r"\S+: is not empty: `wom init` only creates new sites .*"),
    ("rhythm with a bad site.yaml", {"site.yaml": CONFIG + "rhythm:\n  stories: often\n"}, ["rhythm"], 1, r"site\.yaml:9: rhythm\.stories: .*"),
    ("import of no folder", {}, ["import", "hugo", "TMP/nothing", "TMP/new"], 1, r"\S+/nothing: is not a folder; .*"),
    ("import of something else", {}, ["import", "jekyll", "SITE", "TMP/new"], 1, r"\S+: has no _config\.yml; is it a Jekyll site\?"),
    ("import into a full folder", {}, ["import", "jekyll", "OLD", "SITE"], 1, r"\S+: is not empty and was not made by wom import; .*"),
    ("import of a broken post", {}, ["import", "jekyll", "OLD", "TMP/new"], 1, r"_posts/2020-01-01-a\.md:\d+: invalid YAML: .*"),
    ("an option's value of the wrong type", {}, ["serve", "--port", "x"], 2, r"--port: invalid int value: 'x'"),
    ("an option no command has", {}, ["build", "--nope"], 2, r"--nope: not an option of this command .*"),
    ("a missing argument", {}, ["new", "story"], 2, r"wom new: the following arguments are required: title"),
    ("no such command", {}, ["frobnicate"], 2, r"COMMAND: invalid choice: 'frobnicate' .*"),
    ("import of no WordPress export", {}, ["import", "wordpress", "TMP", "TMP/new"], 1, r"\S+: is not a file; .*"),
]
SOURCE_TAKING = {"build", "check", "serve", "deploy", "kit", "new", "rhythm"}


@pytest.fixture(scope="module")
def good_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("good") / "site"
    root.mkdir()
    write_files(root, {"site.yaml": CONFIG, **GOOD})
    return root


def _command(args: list[str], site: Path, tmp: Path) -> tuple[list[str], dict]:
    env = {}
    filled = []
    for arg in args:
        if arg.startswith("WOM_NOW="):
            env["WOM_NOW"] = arg.split("=", 1)[1]
            continue
        filled.append(arg.replace("SITE", str(site)).replace("TMP", str(tmp)).replace("OLD", str(tmp / "old")))
    if filled[0] in SOURCE_TAKING:
        filled += ["--source", str(site)]
    return filled, env


@pytest.mark.parametrize("files, args, status, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_problem_line_has_one_form_and_names_its_place(good_site, tmp_path, files, args, status, expected):
    import subprocess
    import sys

    site = tmp_path / "site"
    shutil.copytree(good_site, site)
    for rel, content in files.items():
        (site / rel).unlink() if content is None else write_files(site, {rel: content})
    _old_jekyll(tmp_path / "old")
    argv, env = _command(args, site, tmp_path)
    result = subprocess.run([sys.executable, "-m", "wom_site", *argv], env=wom_env(**env), capture_output=True,
                            text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == status, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and 'File "' not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert lines, "no problem was shown"
    for line in lines:
        if any(summary.fullmatch(line) for summary in SUMMARIES):
            continue
        found = PROBLEM.fullmatch(line)
        assert found, f"not a `place[:line]: [warning: ]message` line: {line!r}"
        assert found["place"] not in ("error", "warning", "wom"), f"a line that names no place: {line!r}"
    assert any(re.fullmatch(expected, line) for line in lines), f"{expected!r} not in:\n{result.stderr}"



@pytest.mark.parametrize("name", ["-\x85", "a\u2028b", "a\u2029b", "tab\there", "bell\x07", "nul\x00x", "a\x1cb", "zero\u200bwidth",
                                  "content/post: two.md"])
def test_a_place_that_would_break_or_hide_the_line_is_quoted(name):
    """A name from content, a deploy target or a file name can hold what splits a line (NEL,
    the Unicode line and paragraph separators: str.splitlines() breaks at them) or hides its
    end: the place is written escaped, so the problem stays one line whose place reads back."""
    from wom_site.diagnostics import place

    line = f"{place(name)}: unknown deploy target"
    assert len(line.splitlines()) == 1 and line.isprintable(), line
    found = PROBLEM.fullmatch(line)
    assert found and found["place"] == repr(name) and found["message"] == "unknown deploy target"


@pytest.mark.parametrize("name", ["content/stories/café.md", "content/ja/物語.md", "content/ar/قصة.md", "s3://bucket/x", "user@host:/srv"])
def test_a_plain_place_is_written_as_it_is(name):
    from wom_site.diagnostics import place

    assert place(name) == name
