"""`wom import`: real Jekyll, Hugo and Pelican sites and a real WordPress export become wom
sites that build, keep their old URLs, and can be imported again safely."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from helpers import png, soup, tree
from test_migrate import FIXTURES, MIGRATE, shown_syntax

WXR = REPO / "tests" / "fixtures" / "wordpress" / "theme-unit-test.xml"


def source_of(blog: str) -> Path:
    root = FIXTURES / blog
    for inner in ("docs", "exampleSite"):
        if (root / inner).is_dir():
            return root / inner
    return root


def published_file(output: Path, url: str) -> Path:
    path = url.lstrip("/")
    return output / path if path.endswith(".html") else output / path / "index.html"


def old_urls(site: Path) -> dict[str, str]:
    """The old URL of each imported post: its permalink (kept) or its alias (redirected)."""
    import json

    return json.loads((site / ".wom-import-urls.json").read_text()) if (site / ".wom-import-urls.json").exists() else {}


@pytest.mark.parametrize("blog", sorted(d.name for d in FIXTURES.iterdir() if d.is_dir()))
def test_import_a_real_blog_keeps_its_posts_and_urls(blog, tmp_path, wom):
    sys.path.insert(0, str(REPO))
    from wom_site.importer import import_site

    kind, site = blog.split("-")[0], tmp_path / "site"
    report = import_site(kind, source_of(blog), site)
    posts = sum(1 for _, _, post in MIGRATE.posts_of(kind, FIXTURES / blog) if post and _.suffix in (".md", ".markdown"))
    assert report.posts == posts
    built = wom("build", "--drafts", "--future", "--source", str(site))
    assert built.returncode == 0, built.stderr
    out = site / "output"
    pages = [published_file(out, "/" + path) for path in _post_paths(site)]
    clean = [p for p in pages if p.is_file() and not shown_syntax(p.read_text())]
    assert len(clean) / posts >= 0.98, [str(p) for p in pages if p not in clean]
    assert report.old_urls, "every post had a URL on the old site"
    for dest, old in report.old_urls.items():
        target = published_file(out, old)
        assert target.is_file(), f"{old} ({dest}) is not reachable"
    meta = yaml.safe_load((site / "site.yaml").read_text())
    assert meta["title"] and meta["base_url"].startswith("http")


def _post_paths(site: Path) -> list[str]:
    sys.path.insert(0, str(REPO))
    from wom_site.build import BuildOptions, build

    result = build(BuildOptions(source=site, drafts=True, future=True, use_cache=False, output=site / "probe"))
    return [page.site_path for page in result.site.posts]


def test_import_jekyll_fills_site_yaml_and_redirects_changed_urls(tmp_path, wom):
    site = tmp_path / "new"
    result = wom("import", "jekyll", str(FIXTURES / "jekyll-docs" / "docs"), str(site))
    assert result.returncode == 0, result.stderr
    assert "imported 9 post(s)" in result.stdout
    config = yaml.safe_load((site / "site.yaml").read_text())
    assert config["title"] == "Jekyll • Simple, blog-aware, static sites"
    assert config["base_url"] == "https://jekyllrb.com/"
    assert config["stories"]["permalink"] == "/news/{year}/{month}/{day}/{slug}/"
    post = (site / "content/stories/2023-01-29-jekyll-3-9-3-released.md").read_text()
    front = yaml.safe_load(post.split("---")[1])
    assert front["title"] == "Jekyll 3.9.3 Released" and front["date"].startswith("2023-01-29T18:30:22-08:00")
    assert "{%" not in post.split("---", 2)[2]
    assert wom("build", "--source", str(site)).returncode == 0
    assert (site / "output/news/2023/01/29/jekyll-3-9-3-released/index.html").is_file()


def test_import_pelican_inlines_code_files_and_keeps_html_urls(tmp_path, wom):
    source = tmp_path / "blog"
    shutil.copytree(FIXTURES / "pelican-jakevdp", source)
    (source / "content/downloads/code").mkdir(parents=True)
    (source / "content/downloads/code/hello_world.py").write_text('print("hello {{ world }}")\n')
    site = tmp_path / "new"
    assert wom("import", "pelican", str(source), str(site)).returncode == 0
    body = (site / "content/stories/2013-05-07-migrating-from-octopress-to-pelican.md").read_text()
    assert '```python\nprint("hello {{ world }}")\n```' in body
    built = wom("build", "--source", str(site))
    assert built.returncode == 0, built.stderr
    page = site / "output/blog/2013/05/07/migrating-from-octopress-to-pelican/index.html"
    assert any('hello {{ world }}' in pre.get_text() for pre in soup(page).find_all("pre"))


def test_import_hugo_bundle_keeps_its_image_beside_it(tmp_path, wom):
    site = tmp_path / "new"
    assert wom("import", "hugo", str(FIXTURES / "hugo-docsy-example"), str(site)).returncode == 0
    assert (site / "content/stories/first-post/index.md").is_file()
    assert (site / "content/stories/first-post/featured-pexels-peter-xie-sunset-35157036.jpg").is_file()
    assert wom("build", "--source", str(site)).returncode == 0
    assert yaml.safe_load((site / "site.yaml").read_text())["stories"]["permalink"] == "/blog/{year}/{month}/{day}/{slug}/"
    assert (site / "output/blog/2026/02/10/first-post/index.html").is_file()  # permalinks: blog: /:section/:year/...


def test_import_again_is_safe_and_keeps_hand_edits(tmp_path, wom):
    site = tmp_path / "new"
    source = FIXTURES / "jekyll-poole"
    assert wom("import", "jekyll", str(source), str(site)).returncode == 0
    edited = site / "content/stories/2020-04-03-options.md"
    edited.write_text(edited.read_text() + "\nMy own addition.\n")
    before = tree(site)
    again = wom("import", "jekyll", str(source), str(site))
    assert again.returncode == 0, again.stderr
    assert "changed since the last import, left as they are (1): content/stories/2020-04-03-options.md" in again.stdout
    assert tree(site) == before
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine/notes.txt").write_text("mine")
    refused = wom("import", "jekyll", str(source), str(tmp_path / "mine"))
    assert refused.returncode == 1 and "not empty" in refused.stderr and (tmp_path / "mine/notes.txt").read_text() == "mine"


def test_import_runs_jekylls_liquid_logic_once(tmp_path, wom):
    source = tmp_path / "blog"
    source.mkdir()
    (source / "_config.yml").write_text("title: Shop\nurl: https://shop.example\nrepository: https://git.example/shop\n")
    (source / "_posts").mkdir()
    (source / "_posts/2024-01-02-fixes.md").write_text(
        "---\ntitle: Fixes\nfixes: [tyres, chains]\n---\n"
        '{% assign issues = "12|13" | split: "|" %}\n{% for issue in issues %}\n- [#{{ issue }}]({{ site.repository }}/issues/{{ issue }})\n{% endfor %}\n'
        "{% for fix in page.fixes %}Fixed {{ fix | upcase }}. {% endfor %}\n\n"
        "```liquid\n{% for x in y %}{{ x }}{% endfor %}\n```\n")
    site = tmp_path / "new"
    result = wom("import", "jekyll", str(source), str(site))
    assert result.returncode == 0, result.stderr
    body = (site / "content/stories/2024-01-02-fixes.md").read_text()
    assert "- [#12](https://git.example/shop/issues/12)" in body and "- [#13](https://git.example/shop/issues/13)" in body
    assert "Fixed TYRES. Fixed CHAINS." in body
    assert "{% for x in y %}{{ x }}{% endfor %}" in body  # code is shown as written
    assert "not converted" not in result.stdout


def test_import_says_how_to_install_what_it_needs(tmp_path, wom):
    shim = tmp_path / "shim" / "markdownify"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ModuleNotFoundError(\"No module named 'markdownify'\", name='markdownify')\n")
    import os
    import subprocess

    from conftest import wom_env

    env = wom_env()
    env["PYTHONPATH"] = f"{shim.parent}{os.pathsep}{env['PYTHONPATH']}"
    result = subprocess.run([sys.executable, "-m", "wom_site", "import", "wordpress", str(WXR), str(tmp_path / "new")],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "pip install 'wom-site[import]'" in result.stderr and "Traceback" not in result.stderr


def test_import_refuses_what_is_not_a_site(tmp_path, wom):
    result = wom("import", "hugo", str(tmp_path), str(tmp_path / "new"))
    assert result.returncode == 1 and "is it a Hugo site?" in result.stderr and "Traceback" not in result.stderr


# --- posts that cannot be imported ----------------------------------------------------------

# Broken posts as they turn up in real old blogs, and the line each failure names (None: no line).
BROKEN = {
    "bad-yaml.md": (b"---\ntitle: [Unclosed\ndate: 2020-01-02\n---\nBody\n", True),
    "nul-byte.md": (b"---\ntitle: Nul\ndate: 2020-01-03\n---\nA pasted \0 byte\n", False),
    "latin-1.md": (b"---\ntitle: Caf\xe9\ndate: 2020-01-04\n---\nSaved by an old editor\n", True),
    "empty.md": (b"", False),
    "bad-date.md": (b"---\ntitle: When\ndate: next tuesday\n---\nBody\n", True),
}
GOOD = b"---\ntitle: Fine\ndate: 2020-01-01\n---\nThis one is fine.\n"


def _broken_blog(root: Path, kind: str, with_good: bool = True) -> tuple[Path, str]:
    """An old `kind` site whose post folder holds BROKEN (and one good post): (site, post folder)."""
    folder = {"jekyll": "_posts", "hugo": "content/posts", "pelican": "content"}[kind]
    config = {"jekyll": ("_config.yml", "title: Old\nurl: https://old.example\n"),
              "hugo": ("hugo.toml", 'title = "Old"\nbaseURL = "https://old.example/"\n'),
              "pelican": ("pelicanconf.py", "SITENAME = 'Old'\nSITEURL = 'https://old.example'\n")}[kind]
    (root / folder).mkdir(parents=True)
    (root / config[0]).write_text(config[1])
    for name, (data, _) in BROKEN.items():
        (root / folder / (f"2020-01-0{len(name) % 9 + 1}-{name}" if kind == "jekyll" else name)).write_bytes(data)
    if with_good:
        (root / folder / ("2020-01-01-fine.md" if kind == "jekyll" else "fine.md")).write_bytes(GOOD)
    (root / folder / "folder.md").mkdir()  # a folder named like a post: not a post, no failure
    return root, folder


@pytest.mark.parametrize("kind", ["jekyll", "hugo", "pelican"])
def test_import_names_every_post_it_could_not_import_and_fails(kind, tmp_path, wom):
    source, folder = _broken_blog(tmp_path / "old", kind)
    site = tmp_path / "new"
    result = wom("import", kind, str(source), str(site))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(BROKEN) + 1, result.stderr  # one line per failed post, then the summary
    for name, (_, has_line) in BROKEN.items():
        line = next(line for line in lines if line.split(":")[0].endswith(name))
        assert line.startswith(folder + "/"), line
        assert bool(re.match(r"^[^:]+:\d+: ", line)) == has_line, line
    assert lines[-1].startswith(f"imported 1 of {len(BROKEN) + 1} posts and pages: {len(BROKEN)} could not be imported")
    written = sorted(p.name for p in (site / "content").rglob("*.md"))
    assert written == ["2020-01-01-fine.md" if kind == "jekyll" else "fine.md"]  # what could be read is kept
    assert wom("build", "--source", str(site)).returncode == 0


def test_import_in_which_every_post_failed_fails(tmp_path, wom):
    source, _ = _broken_blog(tmp_path / "old", "jekyll", with_good=False)
    result = wom("import", "jekyll", str(source), str(tmp_path / "new"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"imported 0 of {len(BROKEN)} posts and pages" in result.stderr.splitlines()[-1]


def test_import_reads_no_post_that_links_outside_the_old_site(tmp_path, wom):
    secret = tmp_path / "secret.md"
    secret.write_bytes(GOOD.replace(b"This one is fine.", b"host secret"))
    source, folder = _broken_blog(tmp_path / "old", "jekyll")
    (source / folder / "2020-02-02-link.md").symlink_to(secret)
    result = wom("import", "jekyll", str(source), str(tmp_path / "new"))
    assert result.returncode == 1
    assert f"{folder}/2020-02-02-link.md: links to a file outside the site folder" in result.stderr
    assert not any(b"host secret" in p.read_bytes() for p in (tmp_path / "new").rglob("*") if p.is_file())


def test_import_copies_no_file_that_links_outside_the_old_site(tmp_path, wom):
    secret = tmp_path / "id_rsa.png"
    secret.write_bytes(b"host secret")
    source, _ = _broken_blog(tmp_path / "old", "hugo", with_good=True)
    (source / "static/images").mkdir(parents=True)
    (source / "static/images/logo.png").write_bytes(png(10, 10))
    (source / "static/images/key.png").symlink_to(secret)
    bundle = source / "content/posts/trip"
    bundle.mkdir()
    (bundle / "index.md").write_bytes(GOOD)
    (bundle / "photo.jpg").symlink_to(secret)
    site = tmp_path / "new"
    result = wom("import", "hugo", str(source), str(site))
    assert "Traceback" not in result.stderr
    assert "static/images/key.png: links to a file outside the site folder: not imported" in result.stdout
    assert "content/posts/trip/photo.jpg: links to a file outside the site folder: not imported" in result.stdout
    assert (site / "static/images/logo.png").is_file() and (site / "content/stories/trip/index.md").is_file()
    assert not any(b"host secret" in p.read_bytes() for p in site.rglob("*") if p.is_file())


# --- WordPress ------------------------------------------------------------------------------

def test_import_wordpress_export(tmp_path, wom):
    site = tmp_path / "wp"
    result = wom("import", "wordpress", str(WXR), str(site))
    assert result.returncode == 0, result.stderr
    assert re.search(r"imported 15 post\(s\) \(2 draft\(s\)\) and 2 page\(s\)", result.stdout)
    assert "unsafe HTML removed" in result.stdout  # what sanitizing removed is reported
    config = yaml.safe_load((site / "site.yaml").read_text())
    assert config["title"] == "Theme Unit Test Data" and config["base_url"] == "https://wpthemetestdata.wordpress.com/"
    assert config["stories"]["permalink"] == "/{year}/{month}/{day}/{slug}/"
    draft = yaml.safe_load((site / "content/stories/draft.md").read_text().split("---")[1])
    assert draft["draft"] is True
    built = wom("build", "--source", str(site))
    assert built.returncode == 0, built.stderr
    out = site / "output"
    post = soup(out / "2013/01/10/markup-image-alignment/index.html")
    assert post.h1.get_text(strip=True) == "Markup: Image Alignment"
    images = [img["src"] for img in post.select("main img, article img")]
    assert "https://wpthemetestdata.files.wordpress.com/2013/03/image-alignment-580x300.jpg" in images
    assert (out / "tags/alignment/index.html").is_file() and (out / "tags/classic/index.html").is_file()  # tags, categories
    assert (out / "about/index.html").is_file() and (out / "lorem-ipsum/index.html").is_file()  # pages
    featured = yaml.safe_load((site / "content/stories/template-featured-image-horizontal.md").read_text().split("---")[1])
    assert featured["image"].endswith("featured-image-horizontal.jpg")
    assert not (out / "2018/04/15/draft").exists()
    assert "<script" not in (out / "2013/01/11/markup-html-tags-and-formatting/index.html").read_text().split("<main")[1].split("</main>")[0]
    video = soup(out / "2010/06/02/post-format-video-youtube/index.html")
    assert not video.select("iframe")


def test_wordpress_images_download_only_when_asked(tmp_path, wom, monkeypatch):
    """Served from a local web server: copies land under static/uploads/ and posts point there."""
    import http.server
    import threading

    from helpers import free_port

    served = tmp_path / "served"
    (served / "2013/03").mkdir(parents=True)
    (served / "2013/03/photo.png").write_bytes(png(40, 30))
    export = tmp_path / "export.xml"
    port = free_port()
    export.write_text(WXR.read_text().replace("https://wpthemetestdata.files.wordpress.com/2013/03/image-alignment-580x300.jpg",
                                              f"http://127.0.0.1:{port}/2013/03/photo.png"))
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(served))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        linked = wom("import", "wordpress", str(export), str(tmp_path / "linked"))
        assert linked.returncode == 0 and not (tmp_path / "linked/static").exists()
        copied = wom("import", "wordpress", "--download-images", str(export), str(tmp_path / "copied"))
        assert copied.returncode == 0, copied.stderr
    finally:
        server.shutdown()
    assert (tmp_path / "copied/static/uploads/2013/03/photo.png").read_bytes() == png(40, 30)
    body = (tmp_path / "copied/content/stories/markup-image-alignment.md").read_text()
    assert "](/uploads/2013/03/photo.png" in body


def test_a_hostile_export_is_refused(tmp_path, wom):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n'
                    '<rss><channel><title>&b;</title></channel></rss>\n')
    result = wom("import", "wordpress", str(bomb), str(tmp_path / "new"))
    assert result.returncode == 1 and "not a WordPress export" in result.stderr and "Traceback" not in result.stderr
