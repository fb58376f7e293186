"""The core: a real site built through the CLI, read back as a reader and a crawler would."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser

from conftest import BASIC_SITE, post
from helpers import json_ld, meta_property, soup, tree

STORY = post(
    "Rosa's bakery & the bread bike", "2026-03-14",
    body="Rosa needed a bike. See [our winter tip](../tips/winter.md#lights).\n\n## How it went\n\nWell.",
    tags="[bakery, cargo bikes]",
    customer='{name: "Rosa Díaz", company: "Rosa\'s Bakery", role: Owner, quote: "Best bread in town.", approved: 2026-03-01}',
    outcome="Deliveries up 30%",
)
TIP = post("Winter riding", "2026-01-10", body="Use lights.\n\n## Lights {#lights}\n\nBright ones.", tags="[winter, cargo bikes]")
ABOUT = "---\ntitle: About us\n---\n\nWe fix bikes.\n"


def basic_files():
    return {"content/stories/rosa.md": STORY, "content/tips/winter.md": TIP, "content/pages/about.md": ABOUT}


def test_build_writes_clean_urls_lists_and_pages(make_site, wom):
    site = make_site(basic_files())
    result = wom("build", "--source", str(site), check=True)
    out = site / "output"
    assert "built" in result.stdout
    for path in ["index.html", "stories/rosa/index.html", "tips/winter/index.html", "about/index.html",
                 "stories/index.html", "tips/index.html", "tags/index.html", "tags/cargo-bikes/index.html",
                 "archive/index.html", "customers/index.html", "404.html", "robots.txt", "sitemap.xml",
                 "stories/rosa/card/index.html"]:
        assert (out / path).is_file(), path
    story = soup(out / "stories/rosa/index.html")
    assert story.h1.get_text() == "Rosa's bakery & the bread bike"
    card = story.find(class_="customer-card")
    assert "Rosa Díaz" in card.get_text() and "Best bread in town." in card.get_text()
    assert "Deliveries up 30%" in card.get_text()
    link = story.find("a", string="our winter tip")
    assert link["href"] == "/tips/winter/#lights"
    assert story.find(id="how-it-went").find("a", class_="heading-anchor")["href"] == "#how-it-went"
    home = soup(out / "index.html")
    assert home.find("a", href="/stories/rosa/") and home.find("a", href="/tips/winter/")
    tag_page = soup(out / "tags/cargo-bikes/index.html")
    assert {a["href"] for a in tag_page.select(".post-item-title a")} == {"/stories/rosa/", "/tips/winter/"}
    customers = soup(out / "customers/index.html")
    assert customers.find("h2", string="Rosa's Bakery")


def test_share_tags_and_json_ld_on_a_story(make_site, wom):
    site = make_site(basic_files())
    wom("build", "--source", str(site), check=True)
    page = soup(site / "output/stories/rosa/index.html")
    assert meta_property(page, "og:title") == "Rosa's bakery & the bread bike"
    assert meta_property(page, "og:url") == "https://example.org/stories/rosa/"
    assert page.find("link", rel="canonical")["href"] == "https://example.org/stories/rosa/"
    assert meta_property(page, "og:type") == "article"
    assert meta_property(page, "twitter:card") == "summary_large_image"
    assert [m["content"] for m in page.find_all("meta", property="article:tag")] == ["bakery", "cargo bikes"]
    posting = next(i for i in json_ld(page) if i["@type"] == "BlogPosting")
    assert posting["headline"] == meta_property(page, "og:title")
    assert posting["description"] == meta_property(page, "og:description")
    assert posting["about"]["name"] == "Rosa's Bakery"
    assert posting["mentions"][0]["worksFor"]["name"] == "Rosa's Bakery"
    assert any(i["@type"] == "BreadcrumbList" for i in json_ld(page))


def test_feeds_are_valid_and_absolute(make_site, wom):
    site = make_site(basic_files())
    wom("build", "--source", str(site), check=True)
    out = site / "output"
    for name in ["feeds/all.xml", "feeds/stories.xml", "feeds/tags/cargo-bikes.xml"]:
        ET.parse(out / name)  # well-formed XML
        feed = feedparser.parse((out / name).read_bytes())
        assert not feed.bozo, (name, feed.bozo_exception)
        assert all(e.link.startswith("https://example.org/") for e in feed.entries)
    everything = feedparser.parse((out / "feeds/all.xml").read_bytes())
    assert [e.title for e in everything.entries] == ["Rosa's bakery & the bread bike", "Winter riding"]
    assert 'href="https://example.org/tips/winter/#lights"' in everything.entries[0].content[0].value
    import json
    data = json.loads((out / "feeds/all.json").read_text())
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["items"][0]["url"] == "https://example.org/stories/rosa/"


def test_sitemap_and_robots(make_site, wom):
    site = make_site(basic_files())
    wom("build", "--source", str(site), check=True)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site / "output/sitemap.xml").getroot()
    urls = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in root.findall("s:url", ns)}
    assert urls["https://example.org/stories/rosa/"] == "2026-03-14"
    assert "https://example.org/about/" in urls
    assert all(u.startswith("https://example.org/") for u in urls)
    assert "Sitemap: https://example.org/sitemap.xml" in (site / "output/robots.txt").read_text()


def test_subpath_base_url_prefixes_every_internal_link(make_site, wom):
    site = make_site(basic_files())
    wom("build", "--source", str(site), "--base-url", "https://user.github.io/repo/", check=True)
    page = soup(site / "output/stories/rosa/index.html")
    internal = [a["href"] for a in page.find_all("a", href=True) if a["href"].startswith("/")]
    assert internal and all(h.startswith("/repo/") for h in internal), internal
    assert all(link["href"].startswith("/repo/") for link in page.find_all("link", rel="stylesheet"))
    assert meta_property(page, "og:url") == "https://user.github.io/repo/stories/rosa/"


def test_two_builds_are_byte_identical(make_site, wom, tmp_path):
    site = make_site(basic_files())
    wom("build", "--source", str(site), "--output", str(tmp_path / "a"), "--no-cache", check=True)
    wom("build", "--source", str(site), "--output", str(tmp_path / "b"), "--no-cache", check=True)
    files_a, files_b = tree(tmp_path / "a"), tree(tmp_path / "b")  # Pagefind's own unstable files summed up
    assert sorted(files_a) == sorted(files_b) and files_a["pagefind/(index)"] == b"whole"
    for rel in files_a:
        assert files_a[rel] == files_b[rel], rel


def test_drafts_future_and_unapproved_stories_are_held_back(make_site, wom):
    files = basic_files() | {
        "content/tips/draft.md": post("A draft", "2026-01-01", draft=True),
        "content/tips/later.md": post("Later", "2999-01-01"),
        "content/stories/waiting.md": post("Waiting", "2026-01-01", customer='{name: "Ann", quote: "Hi"}'),
        "content/tips/jekyll.md": post("Jekyll unpublished", "2026-01-01", published=False),
    }
    site = make_site(files)
    result = wom("build", "--source", str(site), check=True)
    out = site / "output"
    assert not (out / "tips/draft").exists() and not (out / "tips/later").exists()
    assert not (out / "stories/waiting").exists() and not (out / "tips/jekyll").exists()
    assert ("not published: 2 drafts (content/tips/draft.md, content/tips/jekyll.md), 1 scheduled for 1 Jan 2999 "
            "(content/tips/later.md), 1 waiting for the customer's approval (content/stories/waiting.md): "
            "add customer.approved: <date> once they agree") in result.stderr
    wom("build", "--source", str(site), "--drafts", "--future", check=True)
    assert (out / "tips/draft/index.html").exists() and (out / "tips/later/index.html").exists()
    assert (out / "stories/waiting/index.html").exists()


def test_approval_can_be_turned_off(make_site, wom):
    files = {"content/stories/waiting.md": post("Waiting", "2026-01-01", customer='{name: "Ann"}')}
    site = make_site(files, config=BASIC_SITE + "stories:\n  require_approval: false\n")
    wom("build", "--source", str(site), check=True)
    assert (site / "output/stories/waiting/index.html").exists()


def test_front_matter_from_jekyll_hugo_and_pelican_builds(make_site, wom):
    files = {
        "content/stories/2016-10-06-jekyll-post.md": "---\nlayout: post\ntitle: From Jekyll\ncategories: [news, bikes]\nexcerpt: Short.\nredirect_from: /old/jekyll/\n---\nBody.\n",
        "content/tips/hugo.md": "---\ntitle: From Hugo\ndate: 2020-05-01T10:00:00+02:00\nlastmod: 2020-06-01\ndraft: false\naliases: [/old/hugo/]\n---\nBody.\n",
        "content/tips/pelican.md": "---\ntitle: From Pelican\ndate: 2019-01-02 10:00\ncategory: tips\nauthor: Someone\nstatus: published\n---\nBody.\n",
    }
    site = make_site(files)
    wom("build", "--source", str(site), check=True)
    out = site / "output"
    jekyll = soup(out / "stories/jekyll-post/index.html")
    assert "October 6, 2016" in jekyll.get_text()
    assert {a.get_text() for a in jekyll.select(".post-tags a")} == {"#news", "#bikes"}
    assert soup(out / "old/jekyll/index.html").find("link", rel="canonical")["href"] == "https://example.org/stories/jekyll-post/"
    assert soup(out / "old/hugo/index.html").find("meta", attrs={"http-equiv": "refresh"})
    assert meta_property(soup(out / "tips/hugo/index.html"), "article:modified_time").startswith("2020-06-01")


def test_init_then_build_then_new(tmp_path, wom):
    target = tmp_path / "newsite"
    wom("init", str(target), check=True)
    wom("build", cwd=target, check=True)
    assert (target / "output/index.html").is_file()
    assert (target / "output/stories/first-story/index.html").is_file()
    assert (target / ".gitignore").read_text().startswith("output/")
    again = wom("init", str(target))
    assert again.returncode == 1 and "not empty" in again.stderr
    created = wom("new", "story", "Zoë's café & bikes", cwd=target, check=True)
    assert "zoes-cafe-bikes.md" in created.stdout + created.stderr
    path = target / "content/stories/zoes-cafe-bikes.md"
    assert path.is_file() and "draft: true" in path.read_text() and "customer:" in path.read_text()
    refused = wom("new", "story", "Zoë's café & bikes", cwd=target)
    assert refused.returncode == 1 and "already exists" in refused.stderr


def test_version_and_help(wom):
    assert wom("--version", check=True).stdout.startswith("wom-site ")
    for command in ["build", "init", "new"]:
        assert wom(command, "--help", check=True).stdout.startswith("usage: wom " + command)
    assert wom("build", "--bogus").returncode == 2


def test_pagination_related_and_neighbours(make_site, wom):
    files = {f"content/tips/t{i}.md": post(f"Tip {i}", f"2026-01-{i + 1:02d}", tags="[bikes, winter]" if i % 2 else "[bikes]")
             for i in range(25)}
    config = BASIC_SITE + "tips:\n  page_size: 10\ntaxonomies:\n  tags:\n    page_size: 10\n"
    site = make_site(files, config=config)
    wom("build", "--source", str(site), check=True)
    out = site / "output"
    first = soup(out / "tips/index.html")
    assert len(first.select(".post-item")) == 10 and first.find("a", rel="next")["href"] == "/tips/page/2/"
    third = soup(out / "tips/page/3/index.html")
    assert len(third.select(".post-item")) == 5 and third.find("a", rel="prev")["href"] == "/tips/page/2/"
    assert (out / "tags/bikes/page/3/index.html").is_file()
    middle = soup(out / "tips/t5/index.html")
    assert middle.find("a", rel="prev")["href"] == "/tips/t4/" and middle.find("a", rel="next")["href"] == "/tips/t6/"
    related = [a["href"] for a in middle.select(".related .post-item-title a")]
    assert len(related) == 3 and "/tips/t5/" not in related
    assert all(int(h.strip("/").split("/")[-1][1:]) % 2 == 1 for h in related)  # share both tags
    archive = soup(out / "archive/index.html")
    assert archive.find("h2", string="2026") and len(archive.select(".archive-list li")) == 25


def test_a_site_theme_overrides_templates_and_static_files_by_path(make_site, wom):
    files = {
        "content/pages/about.md": "---\ntitle: About\nmood: sunny\n---\nHi.\n",
        "themes/mine/templates/page.html": '{% extends "base.html" %}{% block main %}<p id="custom">{{ page.title }} is {{ page.entry.extra.mood }}, {{ extra.motto }}</p>{% endblock %}',
        "themes/mine/static/css/site.css": "body { color: rebeccapurple; }",
    }
    site = make_site(files, config=BASIC_SITE + "theme: mine\nextra:\n  motto: ride on\n")
    wom("build", "--source", str(site), check=True)
    out = site / "output"
    page = soup(out / "about/index.html")
    assert page.find(id="custom").get_text() == "About is sunny, ride on"
    css = page.find("link", rel="stylesheet")["href"]
    assert "rebeccapurple" in (out / css.lstrip("/")).read_text()
    assert (out / "index.html").is_file()  # other templates come from the default theme


def test_a_missing_theme_and_bad_config_are_errors(make_site, wom):
    site = make_site({}, config=BASIC_SITE + "theme: nowhere\n")
    result = wom("build", "--source", str(site))
    assert result.returncode == 1 and "site.yaml:6: theme: no theme named 'nowhere'" in result.stderr
    site2 = make_site({}, config=BASIC_SITE + "shar:\n  cards: false\n", name="other")
    result = wom("build", "--source", str(site2))
    assert result.returncode == 1 and "site.yaml:6: shar: unknown key (did you mean 'share'?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_tags_link_leads_to_the_tags_page_whatever_the_tag_permalink(make_site, wom):
    for name, permalink, index in (("topics", "/topics/{slug}/", "topics/"), ("bare", "/{slug}/", "tags/")):
        site = make_site(basic_files(), BASIC_SITE + f"taxonomies:\n  tags:\n    permalink: {permalink}\n", name=name)
        wom("build", "--source", str(site), check=True)
        footer = soup(site / "output/index.html").find("footer", class_="site-footer")
        assert footer.find("a", string="Tags")["href"] == f"/{index}"
        assert soup(site / "output" / index / "index.html").h1 is not None, index


def test_markdown_renders_correctly_from_two_threads_at_once():
    """wom serve renders a quick look while its rebuild renders Markdown on another thread."""
    import sys
    import threading

    from wom_site.config import MarkdownOptions
    from wom_site.markdown import render_markdown

    bodies = {name: "\n\n".join(f"Paragraph {i} of {name} with ![photo {i}](/images/{name}-{i}.jpg) and *emphasis*."
                                   for i in range(40)) for name in ("rosa", "okafor")}
    options = MarkdownOptions()
    alone = {name: render_markdown(body, f"content/stories/{name}.md", options, "/") for name, body in bodies.items()}
    mismatches, errors = [], []

    def render(name: str) -> None:
        for _ in range(30):
            try:
                result = render_markdown(bodies[name], f"content/stories/{name}.md", options, "/")
            except Exception as error:  # noqa: BLE001 - a race shows up as an exception too
                errors.append(error)
                continue
            if result != alone[name]:
                mismatches.append(name)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often: a shared converter would mix the posts
    try:
        threads = [threading.Thread(target=render, args=(name,)) for name in bodies]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == [] and mismatches == []
    assert len(alone["rosa"].images) == 40
