"""Bad input through the real CLI: one line per problem naming its file (and line), exit
status 1, no traceback, and the last good output/ left byte for byte as it was."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import BASIC_SITE, post, run_wom, write_files
from helpers import tree

CONFIG = BASIC_SITE + "share:\n  cards: false\n"  # cards are tested elsewhere; keep these builds quick
GOOD = {
    "content/stories/rosa.md": post("Rosa's bakery", "2026-03-14", tags="[bakery]", body="Rosa bakes.\n\n![bread](bread.png)"),
    "content/stories/bread.png": b"\x89PNG\r\n\x1a\n" + bytes(64),
    "content/tips/winter.md": post("Winter riding", "2026-01-10", body="Use lights."),
    "content/pages/about.md": "---\ntitle: About us\n---\n\nWe fix bikes.\n",
}
SUMMARY = re.compile(r"build failed: \d+ error\(s\); the previous output was left as it was")
PROBLEM_LINE = re.compile(r"(?:content|themes|static|site\.yaml|--base-url)[^:\n]*(?::\d+)?: \S.*")


@pytest.fixture(scope="module")
def good_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("good") / "site"
    root.mkdir()
    write_files(root, {"site.yaml": CONFIG, **GOOD})
    run_wom("build", "--source", str(root), check=True)
    return root


@pytest.fixture
def site(good_site, tmp_path) -> Path:
    """A copy of a site with its output/ and cache from a good build."""
    copy = tmp_path / "site"
    shutil.copytree(good_site, copy, symlinks=True)
    return copy


def beside_output(site: Path) -> list[str]:
    return sorted(p.name for p in site.iterdir() if p.name.startswith(".output"))


def build_fails(site: Path, *expected: str, extra: tuple[str, ...] = ()) -> list[str]:
    """Build a broken site: exit 1, each expected line (a regex) printed, output/ untouched."""
    before = tree(site / "output")
    result = run_wom("build", "--source", str(site), *extra)
    lines = result.stderr.splitlines()
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "File \"" not in result.stderr, result.stderr
    assert lines and SUMMARY.fullmatch(lines[-1]), result.stderr
    for line in lines[:-1]:
        assert PROBLEM_LINE.fullmatch(line), f"not a `path:line: message` line: {line!r}"
    for pattern in expected:
        assert any(re.fullmatch(pattern, line) for line in lines), f"{pattern!r} not in:\n{result.stderr}"
    assert tree(site / "output") == before, "the last good output changed"
    assert beside_output(site) == [], "a failed build left files beside output/"
    return lines


def story(front: str, body: str = "Text.") -> str:
    return f"---\n{front}\n---\n\n{body}\n"


BAD_FILE = "content/stories/bad.md"
B = re.escape(BAD_FILE)

CASES = [
    ("tab in front matter", {BAD_FILE: story("title: Bad\ndate: 2026-01-01\ntags:\n\t- x")},
     rf"{B}:5: a tab is used for indentation; YAML needs spaces"),
    ("invalid YAML", {BAD_FILE: story("title: Bad\ndate: 2026-01-01\ntags: [a, b")},
     rf"{B}:5: invalid YAML: .*"),
    ("unclosed front matter", {BAD_FILE: "---\ntitle: Bad\ndate: 2026-01-01\n\nThe body.\n"},
     rf"{B}:1: front matter is not closed: add a line with only '---' after it"),
    ("a date that is no date", {BAD_FILE: story("title: Bad\ndate: next tuesday")},
     rf"{B}:3: date: not a date: 'next tuesday' .*"),
    ("a date that does not exist", {BAD_FILE: story("title: Bad\ndate: 2026-02-30")},
     rf"{B}:3: invalid YAML: '2026-02-30' is not a real date .*"),
    ("a bad updated date", {BAD_FILE: story("title: Bad\ndate: 2026-01-01\nupdated: soon")},
     rf"{B}:4: updated: not a date: 'soon' .*"),
    ("a title that is a list", {BAD_FILE: story("title: [a, b]\ndate: 2026-01-01")},
     rf"{B}:2: title: must be text, not list .*"),
    ("a title that is a mapping", {BAD_FILE: story("date: 2026-01-01\ntitle:\n  text: hi")},
     rf"{B}:3: title: must be text, not .*"),
    ("a title that is true", {BAD_FILE: story("title: yes\ndate: 2026-01-01")},
     rf"{B}:2: title: must be text, not bool True"),
    ("a missing title", {BAD_FILE: story("date: 2026-01-01")},
     rf"{B}:1: title: required"),
    ("a missing date on a story", {BAD_FILE: story("title: Bad")},
     rf"{B}:1: date: required for stories and tips .*"),
    ("invalid UTF-8", {BAD_FILE: b"---\ntitle: Bad\ndate: 2026-01-01\n---\n\nOne\nCaf\xe9 au lait\n"},
     rf"{B}:7: is not valid UTF-8 text \(save it as UTF-8\)"),
    ("a binary file named .md", {BAD_FILE: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
     rf"{B}: is a binary file, not Markdown text"),
    ("front matter that is a list", {BAD_FILE: "---\n- a\n- b\n---\n\nText.\n"},
     rf"{B}:2: front matter must be a mapping of keys to values"),
    ("a key given twice", {BAD_FILE: story("title: One\ndate: 2026-01-01\ntitle: Two")},
     rf"{B}:4: invalid YAML: 'title' is given twice \(first on line 2\); keep one"),
    ("a Python tag in YAML", {BAD_FILE: story("title: !!python/object/apply:os.system [echo hi]\ndate: 2026-01-01")},
     rf"{B}:2: invalid YAML: could not determine a constructor .*"),
    ("a slug with /", {BAD_FILE: story("title: Bad\ndate: 2026-01-01\nslug: a/b")},
     rf"{B}:4: slug: 'a/b' must not contain '/', '\\' or '\.\.'"),
    ("a slug with \\", {BAD_FILE: story("title: Bad\ndate: 2026-01-01\nslug: 'a\\b'")},
     rf"{B}:4: slug: .* must not contain '/', '\\' or '\.\.'"),
    ("a slug with ..", {BAD_FILE: story("title: Bad\ndate: 2026-01-01\nslug: ..")},
     rf"{B}:4: slug: '\.\.' must not contain '/', '\\' or '\.\.'"),
    ("a tags mapping", {BAD_FILE: story("title: Bad\ndate: 2026-01-01\ntags: {a: 1}")},
     rf"{B}:4: tags: must be a list of text values"),
    ("an unknown customer field", {BAD_FILE: story("title: Bad\ndate: 2026-01-01\ncustomer:\n  name: X\n  qoute: Hi")},
     rf"{B}:6: customer\.qoute: unknown customer field .*"),
    ("two posts on one URL", {"content/stories/rosa-copy.md": story("title: Copy\ndate: 2026-01-01\nslug: rosa")},
     r"content/stories/rosa\.md:1: has the same URL /stories/rosa/ as content/stories/rosa-copy\.md; .*"),
    ("an alias on another post's URL", {BAD_FILE: story("title: Bad\ndate: 2026-01-01\naliases: [/tips/winter/]")},
     rf"{B}: its URL /tips/winter/ is also written by content/tips/winter\.md; .*"),
    ("a page on a generated URL", {"content/pages/tags.md": "---\ntitle: Tags\n---\n\nx\n"},
     r"content/pages/tags\.md:1: its URL /tags/ is reserved for a generated page; set another slug"),
    ("a broken link to a post", {BAD_FILE: story("title: Bad\ndate: 2026-01-01", "Intro.\n\nSee [this](../tips/nope.md).")},
     rf"{B}:8: broken link to content/tips/nope\.md \(no published post has that path\)"),
    ("an undefined variable in a template",
     {"themes/default/templates/story.html": "{% extends '_post.html' %}\n{% block before_body %}\n<p>\n{{ nope.thing }}\n</p>\n{% endblock %}\n"},
     r"themes/default/templates/story\.html:4: template error: 'nope' is undefined"),
    ("a syntax error in a template",
     {"themes/default/templates/tip.html": "{% extends '_post.html' %}\n{% block before_body %}\n{% if %}\n{% endblock %}\n"},
     r"themes/default/templates/tip\.html:3: template error: .*"),
    ("an undefined attribute in a partial",
     {"themes/default/templates/partials/footer.html": "<footer>\n{{ site.nope }}\n</footer>\n"},
     r"themes/default/templates/partials/footer\.html:2: template error: .*'nope'"),
    ("a missing theme", {"site.yaml": CONFIG + "theme: fancy\n"},
     r"site\.yaml:8: theme: no theme named 'fancy' \(expected a folder themes/fancy/\)"),
    ("an unknown site.yaml key", {"site.yaml": CONFIG + "titel: Typo\n"},
     r"site\.yaml:8: titel: unknown key \(did you mean 'title'\?\)"),
    ("an unknown nested key", {"site.yaml": CONFIG.replace("cards: false", "cardz: false")},
     r"site\.yaml:7: share\.cardz: unknown key \(did you mean 'cards'\?\)"),
    ("a wrong type in site.yaml", {"site.yaml": CONFIG + "feeds:\n  limit: many\n"},
     r"site\.yaml:9: feeds\.limit: must be a whole number, not 'many'"),
    ("a tab in site.yaml", {"site.yaml": CONFIG + "feeds:\n\tlimit: 3\n"},
     r"site\.yaml:9: a tab is used for indentation; YAML needs spaces"),
    ("invalid YAML in site.yaml", {"site.yaml": CONFIG + "menu: [a\n"},
     r"site\.yaml:\d+: invalid YAML: .*"),
    ("site.yaml not UTF-8", {"site.yaml": CONFIG.encode() + b"author: Zo\xeb\n"},
     r"site\.yaml: is not valid UTF-8 text"),
    ("a bad permalink placeholder", {"site.yaml": CONFIG + "stories:\n  permalink: /s/{slug}/{hour}/\n"},
     r"site\.yaml:9: stories\.permalink: unknown placeholder \{hour\} .*"),
    ("an unknown time zone", {"site.yaml": CONFIG.replace("timezone: UTC", "timezone: Mars/Olympus")},
     r"site\.yaml:4: timezone: unknown time zone 'Mars/Olympus' .*"),
    ("a bad --base-url", {}, r"--base-url: base_url: must be an absolute http\(s\) URL.*"),
    ("an unknown highlight style", {"site.yaml": CONFIG + "markdown:\n  highlight_style: solarized-nope\n"},
     r"site\.yaml:9: markdown\.highlight_style: unknown Pygments style 'solarized-nope' .*"),
    ("an unknown dark highlight style", {"site.yaml": CONFIG + "markdown:\n  highlight_dark_style: '../x'\n"},
     r"site\.yaml:9: markdown\.highlight_dark_style: unknown Pygments style '\.\./x' .*"),
]


@pytest.mark.parametrize("files, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_clear_line_and_the_last_output_stays(site, files, expected):
    write_files(site, files)
    extra = ("--base-url", "example.org") if not files else ()
    build_fails(site, expected, extra=extra)


def test_every_problem_of_a_build_is_reported_together_then_a_fix_builds(site):
    write_files(site, {
        "content/stories/a.md": story("title: A\ndate: 2026-01-01\nslug: x/y"),
        "content/stories/b.md": story("date: 2026-01-01"),
        "content/tips/c.md": b"\x00\x01binary",
        "content/pages/d.md": story("title: D", "Intro.\n\n[gone](../tips/gone.md)"),
        "themes/default/templates/page.html": "{% extends 'base.html' %}\n{% block main %}\n{{ missing_value }}\n{% endblock %}\n",
    })
    lines = build_fails(
        site,
        r"content/stories/a\.md:4: slug: .*",
        r"content/stories/b\.md:1: title: required",
        r"content/tips/c\.md: is a binary file, not Markdown text",
        r"content/pages/d\.md:7: broken link to content/tips/gone\.md .*",
        r"themes/default/templates/page\.html:3: template error: 'missing_value' is undefined",
    )
    assert lines[-1] == "build failed: 5 error(s); the previous output was left as it was"
    for rel in ["content/stories/a.md", "content/stories/b.md", "content/tips/c.md", "content/pages/d.md",
                "themes/default/templates/page.html"]:
        (site / rel).unlink()
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 0, result.stderr
    assert (site / "output/stories/rosa/index.html").is_file()


def test_a_missing_image_is_a_warning_naming_file_and_line(site):
    write_files(site, {BAD_FILE: story("title: Pictures\ndate: 2026-01-01", "Intro.\n\n![shop](shop.jpg)")})
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 0, result.stderr
    assert f"{BAD_FILE}:8: warning: image not found: shop.jpg" in result.stderr.splitlines()
    assert (site / "output/stories/bad/index.html").is_file()
    cover = story("title: Cover\ndate: 2026-01-01\nimage: cover.jpg")
    write_files(site, {BAD_FILE: cover})
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 0 and f"{BAD_FILE}: warning: image not found: cover.jpg" in result.stderr


def test_a_link_out_of_the_site_is_refused_not_published(site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("api key 1234")
    os.symlink(secret, site / "content/stories/notes.txt")
    build_fails(site, r"content/stories/notes\.txt: is a link to .*secret\.txt, outside the site; .*")
    (site / "content/stories/notes.txt").unlink()
    (site / "static").mkdir()
    os.symlink("/etc/hostname", site / "static/host.txt")
    build_fails(site, r"static/host\.txt: is a link to /etc/hostname, outside the site; .*")
    (site / "static/host.txt").unlink()
    os.symlink(secret, site / "content/stories/leak.md")
    build_fails(site, r"content/stories/leak\.md: is a link to .*")
    (site / "content/stories/leak.md").unlink()
    os.symlink(tmp_path / "nowhere.md", site / "content/stories/gone.md")
    build_fails(site, r"content/stories/gone\.md: is a link to .*")
    (site / "content/stories/gone.md").unlink()
    os.symlink("../stories/rosa.md", site / "content/pages/rosa-again.md")  # inside the site: fine
    assert run_wom("build", "--source", str(site)).returncode == 0


def test_a_file_name_that_is_not_utf8_is_named_readably(site):
    for name in (b"caf\xe9.md", b"photo\xff.jpg"):
        (site / "content/stories").joinpath(os.fsdecode(name)).write_bytes(b"---\ntitle: A\ndate: 2026-01-01\n---\nx\n")
    build_fails(site, r"content/stories/caf\\xe9\.md: the file name is not valid UTF-8; rename it .*",
                r"content/stories/photo\\xff\.jpg: the file name is not valid UTF-8; rename it .*")


def test_unexpected_errors_are_one_line_and_debug_shows_the_traceback(site, monkeypatch, capsys):
    from wom_site import build as build_module
    from wom_site import cli

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(build_module, "build", explode)
    assert cli.main(["build", "--source", str(site), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "error: RuntimeError: disk on fire (run with --debug for details)"
    with pytest.raises(RuntimeError):
        cli.main(["--debug", "build", "--source", str(site), "--quiet"])


def test_template_errors_from_the_process_pool_are_reported_once(tmp_path):
    """Above 200 pages, pages render in forked workers: their errors come back the same way."""
    from wom_site.pool import POOL_THRESHOLD

    site = tmp_path / "big"
    files = {"site.yaml": CONFIG,
             "themes/default/templates/story.html": "{% extends '_post.html' %}\n{% block before_body %}\n\n{{ page.nope.deeper }}\n{% endblock %}\n"}
    for i in range(POOL_THRESHOLD // 2 + 10):  # a page and a card page each
        files[f"content/stories/s{i}.md"] = post(f"Story {i}", "2026-01-05")
    write_files(site, files)
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "themes/default/templates/story.html:4: template error: 'wom_site.site.Page object' has no attribute 'nope'",
        "build failed: 1 error(s); the previous output was left as it was",
    ]


IMPORTS = [
    ("jekyll", {"_config.yml": "title: Old\nauthor: [unclosed\n"}, r"_config\.yml:\d: cannot be read \(invalid YAML: .*\)"),
    ("hugo", {"config.toml": "title = 'Old'\nbaseURL = [unclosed\n"}, r"config\.toml:2: cannot be read \(.*\)"),
    ("hugo", {"hugo.json": '{"title": "Old",\n}\n'}, r"hugo\.json:2: cannot be read \(.*\)"),
    ("pelican", {"pelicanconf.py": "SITENAME = 'Old'\nAUTHOR = 'unclosed\n"}, r"pelicanconf\.py:2: cannot be read \(.*\)"),
    ("wordpress", {"export.xml": "<rss>\n<channel>\n<item><title>A</title>\n"}, r"export\.xml:4: not a WordPress export \(.*\)"),
]


@pytest.mark.parametrize("kind, files, expected", IMPORTS, ids=[f"{kind}-{next(iter(files))}" for kind, files, _ in IMPORTS])
def test_an_unreadable_settings_file_of_another_generator_is_named_with_its_line(tmp_path, kind, files, expected):
    old = tmp_path / "old"
    write_files(old, files)
    source = old / "export.xml" if kind == "wordpress" else old
    result = run_wom("import", kind, str(source), str(tmp_path / "new"))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and re.fullmatch(expected, result.stderr.strip()), result.stderr
