"""Safe by default: output folders that would destroy files are refused, nothing is written
outside output/, and nothing an author writes can run script in a reader's browser."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BASIC_SITE, post, run_wom, write_files
from helpers import json_ld, meta_property, soup

CONFIG = BASIC_SITE + "share:\n  cards: false\n"
FILES = {
    "content/stories/rosa.md": post("Rosa's bakery", "2026-03-14", body="Rosa bakes."),
    "content/pages/about.md": "---\ntitle: About us\n---\n\nWe fix bikes.\n",
}


def everything(root: Path) -> dict[str, bytes | str]:
    """Every file and link under root (links by target), to prove nothing changed."""
    found = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = path.read_bytes()
    return found


# --- output folders that would destroy the user's files ------------------------------

@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A home folder holding the site (HOME is what the refusals read)."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    site = home / "work" / "site"
    write_files(site, {"site.yaml": CONFIG, **FILES, "static/logo.txt": "logo", "themes/default/README.md": "mine",
                       ".git/HEAD": "ref: refs/heads/main\n"})
    write_files(home, {"notes.txt": "my notes", "elsewhere/other-site/site.yaml": CONFIG, "elsewhere/repo/.git/HEAD": "x",
                       "elsewhere/photos/cat.jpg": b"\xff\xd8", "elsewhere/file.txt": "a file"})
    return home


REFUSED = [
    ("the site itself", "work/site", "holds your own files"),
    ("content/", "work/site/content", "holds your own files"),
    ("themes/", "work/site/themes", "holds your own files"),
    ("static/", "work/site/static", "holds your own files"),
    ("the site's .git", "work/site/.git", "holds your own files"),
    ("inside content/", "work/site/content/out", "refusing to write the site inside"),
    ("inside .git", "work/site/.git/out", "refusing to write the site inside"),
    ("a parent of the site", "work", "contains the site or your home folder"),
    ("the home folder", ".", "holds your own files"),
    ("another site", "elsewhere/other-site", "holds a site.yaml or a .git"),
    ("a git repository", "elsewhere/repo", "holds a site.yaml or a .git"),
    ("a folder of someone's files", "elsewhere/photos", "is not empty and wom did not write it"),
    ("a file", "elsewhere/file.txt", "is a file, not a folder"),
]


@pytest.mark.parametrize("where, message", [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_dangerous_output_folders_are_refused_and_nothing_is_touched(home, where, message):
    before = everything(home)
    result = run_wom("build", "--source", str(home / "work/site"), "--output", str(home / where))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"{(home / where).resolve()}: refusing to ") and message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert everything(home) == before


def test_root_and_output_key_in_site_yaml_are_refused(home):
    site = home / "work/site"
    result = run_wom("build", "--source", str(site), "--output", "/")
    assert result.returncode == 2 and "refusing" in result.stderr
    before = everything(home)
    for value in ["..", "content", "../../elsewhere/photos", str(home)]:
        (site / "site.yaml").write_text(CONFIG + f"output: {json.dumps(value)}\n")
        result = run_wom("build", "--source", str(site))
        assert result.returncode == 2 and "refusing" in result.stderr, (value, result.stderr)
        (site / "site.yaml").write_text(CONFIG)
        assert everything(home) == before


def test_a_wom_output_folder_and_an_empty_one_are_fine(home):
    site = home / "work/site"
    for where in ["work/site/output", "elsewhere/empty", "elsewhere/new/deeper"]:
        (home / "elsewhere/empty").mkdir(exist_ok=True)
        assert run_wom("build", "--source", str(site), "--output", str(home / where)).returncode == 0
        assert (home / where / "index.html").is_file()
        assert run_wom("build", "--source", str(site), "--output", str(home / where)).returncode == 0


# --- nothing is written outside output/ -----------------------------------------------

HOSTILE = [
    {"content/stories/a.md": post("A", slug="../../../escaped")},
    {"content/stories/a.md": post("A", permalink="/../../escaped/")},
    {"content/stories/a.md": post("A", permalink="//evil.example/x/")},
    {"content/stories/a.md": post("A", url="/a/../../../escaped/")},
    {"content/stories/a.md": post("A", aliases='["../../escaped.html"]')},
    {"content/stories/a.md": post("A", redirect_from='["/ok/", "/../../../escaped/"]')},
    {"content/stories/a.md": post("A", aliases='["/a\\\\..\\\\..\\\\escaped/"]')},
    {"content/stories/a.md": post("A", aliases='["/line\\nbreak/"]')},
    {"content/stories/a.md": post("A", tags='["../../escaped", "..", "/"]')},
    {"site.yaml": CONFIG + "stories:\n  permalink: /../../{slug}/\n"},
    {"site.yaml": CONFIG + "taxonomies:\n  tags:\n    permalink: /t/../../../{slug}/\n"},
    {"site.yaml": CONFIG + "theme: ../../escaped\n"},
    {"site.yaml": CONFIG + "theme: /tmp\n"},
]


@pytest.mark.parametrize("files", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_paths_never_write_outside_output(tmp_path, files):
    root = tmp_path / "a" / "b"
    site = root / "site"
    write_files(site, {"site.yaml": CONFIG, **FILES, **files})
    before = {p for p in tmp_path.rglob("*")}
    result = run_wom("build", "--source", str(site))
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    made = {p for p in tmp_path.rglob("*")} - before
    outside = [p for p in made if not p.is_relative_to(site / "output") and not p.is_relative_to(site / ".wom-cache")
               and p not in (site / "output", site / ".wom-cache")]
    assert outside == [], outside
    assert not list(tmp_path.rglob("escaped*")) or all(p.is_relative_to(site / "output") for p in tmp_path.rglob("escaped*"))


def test_a_link_planted_in_output_never_leads_a_write_or_delete_outside(make_site, tmp_path):
    site = make_site({"site.yaml": CONFIG, **FILES, "content/tips/t.md": post("Tip", body="Oil it.")})
    assert run_wom("build", "--source", str(site)).returncode == 0
    theirs = tmp_path / "theirs"
    write_files(theirs, {"index.html": "their page", "keep.txt": "keep"})
    shutil.rmtree(site / "output/tips/t")
    os.symlink(theirs, site / "output/tips/t")
    before = everything(theirs)
    (site / "content/tips/t.md").write_text(post("Tip", body="Oil it well."))  # a small change: a patch
    assert run_wom("build", "--source", str(site)).returncode == 0
    (site / "content/tips/t.md").unlink()  # and a removal
    assert run_wom("build", "--source", str(site)).returncode == 0
    assert everything(theirs) == before
    assert not (site / "output/tips/t").exists()


def test_wom_new_and_init_never_overwrite(make_site, tmp_path):
    site = make_site({"site.yaml": CONFIG, **FILES})
    path = site / "content/stories/rosas-bakery.md"
    path.write_text("mine")
    result = run_wom("new", "story", "Rosa's bakery", "--source", str(site))
    assert result.returncode == 1 and "already exists" in result.stderr and path.read_text() == "mine"
    folder = tmp_path / "busy"
    write_files(folder, {"notes.txt": "mine"})
    result = run_wom("init", str(folder))
    assert result.returncode == 1 and everything(folder) == {"notes.txt": b"mine"}


# --- content never attacks readers ----------------------------------------------------

EVIL_BODY = """\
Hello <script>alert('body')</script> world.

<img src="x.png" onerror="alert('img')"> <a href="javascript:alert('a')">click</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>
<iframe src="https://evil.example/"></iframe><svg onload="alert('svg')"></svg>
<div style="background:url(javascript:alert('style'))" onclick="alert('div')">styled</div>
<style>body { display: none }</style><form action="https://evil.example/"><input name="pw"></form>

[markdown link](javascript:alert('md')) and ![image](javascript:alert('mdimg'))

A paragraph with attributes {: onclick="alert('attr')" }

<object data="evil.swf"></object><embed src="evil.swf"><base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">
"""
EVIL = "</script><script>alert('x')</script><img src=x onerror=alert(1)> \"quoted\" & 'single'"
SCRIPT_OK = re.compile(r'<script(?! type="application/ld\+json">| src="/(js|pagefind)/[\w.-]+\.js" defer>)', re.I)


def assert_harmless(page: BeautifulSoup, raw: str) -> None:
    """No script but the theme's own and JSON-LD, no event handlers, no script URLs, and no
    active elements in what authors wrote."""
    assert not SCRIPT_OK.search(raw), SCRIPT_OK.search(raw)
    for tag in page.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (tag.name, name)
            for v in value if isinstance(value, list) else [value]:
                assert not re.match(r"\s*(javascript|data|vbscript):", v, re.I), (tag.name, name, v)
    for written in page.select(".post-body"):  # what authors wrote; the theme's own icons are <svg>
        assert not written.find(["script", "iframe", "object", "embed", "form", "input", "base", "style", "meta", "svg"]), written


def test_raw_html_and_links_are_sanitized_and_the_author_is_told(make_site):
    site = make_site({"site.yaml": CONFIG, "content/stories/evil.md": post("Evil", body=EVIL_BODY)})
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 0, result.stderr
    (warning,) = [line for line in result.stderr.splitlines() if "unsafe HTML removed" in line]
    assert warning.startswith("content/stories/evil.md: warning: unsafe HTML removed: ")
    for removed in ["<script>", "<iframe>", "onerror=", "onclick=", "style=", "javascript:/data: link"]:
        assert removed in warning, removed
    raw = (site / "output/stories/evil/index.html").read_text()
    page = BeautifulSoup(raw, "html.parser")
    assert_harmless(page, raw)
    body = page.find(class_="post-body")
    assert "Hello" in body.get_text() and "alert('body')" not in body.get_text()  # the script's content is gone too
    assert body.find("a", string="click").get("href") is None
    assert body.find("div", string="styled") is not None  # what is harmless stays
    for feed in ["feeds/all.xml", "feeds/all.json"]:
        text = (site / "output" / feed).read_text()
        assert "<script" not in text and "onerror=" not in text and "javascript:" not in text, feed


def test_raw_html_true_trusts_the_authors(make_site):
    site = make_site({"site.yaml": CONFIG + "markdown:\n  raw_html: true\n",
                      "content/stories/trusted.md": post("Trusted", body='<div class="embed"><iframe src="https://player.example/1"></iframe></div>')})
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 0 and "unsafe" not in result.stderr
    assert soup(site / "output/stories/trusted/index.html").find("iframe")["src"] == "https://player.example/1"


def test_front_matter_text_is_escaped_everywhere(make_site):
    story = post(EVIL, "2026-03-14", description=EVIL, tags=json.dumps([EVIL]), outcome=EVIL, image_alt=EVIL, author=EVIL,
                 customer=json.dumps({"name": EVIL, "company": EVIL, "role": EVIL, "quote": EVIL, "approved": "2026-03-01"}),
                 body="> [!quote]\n> " + EVIL)
    site = make_site({"site.yaml": CONFIG, "content/stories/evil.md": story, "content/pages/p.md": post(EVIL, summary=EVIL)})
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 0, result.stderr
    pages = [p for p in (site / "output").rglob("*.html")]
    assert len(pages) > 10
    for path in pages:
        raw = path.read_text()
        assert_harmless(BeautifulSoup(raw, "html.parser"), raw)
        assert "<script>alert" not in raw and "<img src=x" not in raw, path
    page = soup(site / "output/stories/evil/index.html")
    assert page.h1.get_text() == EVIL
    assert meta_property(page, "og:title") == EVIL and meta_property(page, "og:description") == EVIL
    posting = next(i for i in json_ld(page) if i["@type"] == "BlogPosting")
    assert posting["headline"] == EVIL
    for feed in ["feeds/all.xml", "sitemap.xml"]:
        assert "<script>" not in (site / "output" / feed).read_text()
    assert json.loads((site / "output/feeds/all.json").read_text())["items"][0]["title"] == EVIL


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x"])
def test_a_customer_link_must_be_a_web_address(make_site, url):
    story = post("Story", customer=json.dumps({"name": "X", "url": url, "approved": "2026-01-01"}))
    site = make_site({"site.yaml": CONFIG, "content/stories/s.md": story})
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"^content/stories/s\.md:\d+: customer\.url: .* is not a web address", result.stderr, re.M), result.stderr


def test_config_links_must_be_web_addresses(make_site):
    site = make_site({"site.yaml": CONFIG + "business:\n  name: Shop\n  map_url: \"javascript:alert(1)\"\n", **FILES})
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 1 and "site.yaml:10: business.map_url: must be an http(s) address" in result.stderr
