"""Posts from Jekyll, Hugo and Pelican build as they are: real blogs (tests/fixtures/blogs/,
copied unedited) and the idioms of each generator, read through `wom build`."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
from pathlib import Path

import pytest

from conftest import BASIC_SITE, REPO, write_files
from helpers import png, soup, tree

FIXTURES = REPO / "tests" / "fixtures" / "blogs"
BLOGS = sorted(d.name for d in FIXTURES.iterdir() if d.is_dir())


def _script():
    spec = importlib.util.spec_from_file_location("migrate_blogs", REPO / "scripts" / "migrate_blogs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MIGRATE = _script()


def shown_syntax(html: str) -> list[str]:
    """Another generator's syntax that a page shows as text (code excluded)."""
    text = re.sub(r"<(pre|code)\b.*?</\1>", "", html, flags=re.S)
    return MIGRATE.LEFT.findall(text)


def test_fixtures_are_real_blogs_with_their_source_and_licence():
    assert len([b for b in BLOGS if b.startswith("jekyll")]) >= 3
    assert len([b for b in BLOGS if b.startswith("hugo")]) >= 3
    assert len([b for b in BLOGS if b.startswith("pelican")]) >= 2
    for blog in BLOGS:
        source = (FIXTURES / blog / "SOURCE.md").read_text()
        assert re.search(r"Repository: https://github.com/\S+", source) and re.search(r"Commit: [0-9a-f]{40}", source)
        assert re.search(r"Licence: (MIT|Apache-2.0|CC)", source)
        assert (FIXTURES / blog / "LICENSE").is_file()


@pytest.mark.parametrize("blog", BLOGS)
def test_a_real_blog_copied_unedited_builds(blog, tmp_path, wom):
    kind = blog.split("-")[0]
    site = tmp_path / "site"
    posts = MIGRATE.copy_site(kind, FIXTURES / blog, site)
    assert posts >= 3
    result = wom("build", "--source", str(site), "--drafts", "--future")  # a draft counts as a post here
    assert result.returncode == 0, result.stderr
    pages = {p: p.read_text("utf-8") for p in (site / "output" / "stories").rglob("index.html")}
    published = [p for p in pages if p.parent.parent.name == "stories" and p.parent.name not in ("page",)]
    clean = [p for p in published if not shown_syntax(pages[p])]
    # a post whose page still shows another generator's syntax is named, with its line
    for page in set(published) - set(clean):
        assert re.search(r"warning: Liquid .* left as text", result.stderr), result.stderr
    assert len(published) == posts
    assert len(clean) / posts >= 0.9, \
        [(p, shown_syntax(pages[p])) for p in set(published) - set(clean)]


def test_all_fixture_posts_publish_clean_ninety_percent(tmp_path):
    clean = total = 0
    for blog in BLOGS:
        site = tmp_path / blog
        total += MIGRATE.copy_site(blog.split("-")[0], FIXTURES / blog, site)
        clean += MIGRATE.published(site)[0]
    assert clean / total >= 0.9


def test_jekyll_site_variables_come_from_their_config_and_loops_run(tmp_path, wom):
    """Poole and Jekyll's news, copied with their _config.yml beside site.yaml: {{ site.time }},
    {{ site.repository }} inside a {% for %} loop, and a variable nobody defines."""
    site = tmp_path / "site"
    MIGRATE.copy_site("jekyll", FIXTURES / "jekyll-poole", site)
    shutil.copy(FIXTURES / "jekyll-docs/docs/_posts/2013-05-08-jekyll-1-0-1-released.markdown", site / "content/stories")
    shutil.copy(FIXTURES / "jekyll-docs/docs/_config.yml", site / "_config.yml")  # repository: https://github.com/jekyll/jekyll
    days = {f"{d:%B %d, %Y}" for d in (dt.datetime.now(dt.timezone.utc).date(),)}
    result = wom("build", "--source", str(site))
    days.add(f"{dt.datetime.now(dt.timezone.utc).date():%B %d, %Y}")  # the build may cross midnight
    assert result.returncode == 0, result.stderr
    intro = soup(site / "output/stories/introduction/index.html").find("article") or soup(site / "output/stories/introduction/index.html")
    assert any(f"This demo site was last updated {day}." in intro.get_text() for day in days)
    assert "contribute on GitHub." in intro.get_text()
    assert not intro.select("a[href='']") and "{{" not in intro.get_text()
    # Jekyll prints nothing for a variable nobody defines: so does wom, and says so, with the line
    assert "content/stories/2020-04-04-introduction.md:19: warning: Liquid `{{ site.github.repo }}` has no value here" in result.stderr
    news = soup(site / "output/stories/jekyll-1-0-1-released/index.html")
    issues = [a["href"] for a in news.select("a[href*='/issues/']")]
    assert issues[:2] == ["https://github.com/jekyll/jekyll/issues/1037", "https://github.com/jekyll/jekyll/issues/1040"]
    assert "{%" not in news.get_text() and "left as text" not in result.stderr
    # the values are part of the caches: a new repository reaches the page on the next build
    config = (site / "_config.yml").read_text().replace("https://github.com/jekyll/jekyll", "https://github.com/example/fork")
    (site / "_config.yml").write_text(config)
    assert wom("build", "--source", str(site)).returncode == 0
    news = soup(site / "output/stories/jekyll-1-0-1-released/index.html")
    assert news.select("a[href='https://github.com/example/fork/issues/1037']")


def test_site_yaml_values_and_github_metadata(make_site, wom):
    site = make_site({"content/stories/a.md": "---\ntitle: A\ndate: 2024-01-01\nlayout: post\nteam: Bikes\n---\n"
                                              "On {{ site.title }} by {{ page.team | upcase }}: "
                                              "[code]({{ site.github.repository_url }}), "
                                              "[issues]({{ site.github.issues_url }}) and {{ site.owner | default: 'us' }}.\n"},
                     BASIC_SITE + "extra:\n  repository: spoke/shop\n")
    result = wom("build", "--source", str(site))
    assert result.returncode == 0, result.stderr
    page = soup(site / "output/stories/a/index.html")
    text = page.get_text()
    assert "On Test & Co by BIKES:" in text and "and us." in text and "{{" not in text
    assert page.find("a", string="code")["href"] == "https://github.com/spoke/shop"
    assert page.find("a", string="issues")["href"] == "https://github.com/spoke/shop/issues"
    # a new value in site.yaml reaches the body on the next build (the body's cache knows it)
    (site / "site.yaml").write_text((site / "site.yaml").read_text().replace("spoke/shop", "spoke/fork"))
    assert wom("build", "--source", str(site)).returncode == 0
    assert soup(site / "output/stories/a/index.html").find("a", string="code")["href"] == "https://github.com/spoke/fork"


def test_runaway_liquid_loops_are_bounded(make_site, wom):
    site = make_site({"content/stories/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nIntro.\n\n"
                                              "{% for i in (1..100000000) %}{% for j in (1..100000000) %}x{% endfor %}{% endfor %}\n"})
    result = wom("build", "--source", str(site))
    assert result.returncode == 0
    assert "content/stories/a.md:7: warning: Liquid tag `{% for i in (1..100000000) %}` left as text" in result.stderr
    assert (site / "output/stories/a/index.html").stat().st_size < 200_000


def test_conversion_texts_speak_the_sites_language_and_warnings_the_terminals(make_site, wom):
    """Through gettext: the pseudo-locale accents every translated string ([Ŵåţçĥ...]); the
    warnings are the terminal's, English (i18n.for_writer)."""
    post = ("---\ntitle: A\ndate: 2024-01-01\n---\nIntro.\n\n{{< youtube w7Ft2ymGmfc >}}\n\n"
            "{{% note %}}\nBring gloves.\n{{% /note %}}\n\n{% include toc.html %}\n")
    site = make_site({"content/stories/a.md": post}, BASIC_SITE + "language: en-XA\n")
    result = wom("build", "--source", str(site))
    assert result.returncode == 0, result.stderr
    page = soup(site / "output/stories/a/index.html")
    assert page.find("a", href="https://www.youtube.com/watch?v=w7Ft2ymGmfc").get_text() == "▶ [Ŵåţçĥ ţĥé ṽîđéö öñ YouTube]"
    assert page.select_one(".admonition-title").get_text() == "[Ñöţé]"
    # the terminal stays English (i18n.for_writer; docs/languages.md "Who reads what")
    assert "content/stories/a.md:13: warning: Liquid tag `{% include toc.html %}` left as text" in result.stderr
    assert wom("check", "--source", str(site)).returncode == 1  # still what `wom check` fails on, in any language
    # the language is part of the post's cache keys: back in English, the page is too
    (site / "site.yaml").write_text(BASIC_SITE)
    again = wom("build", "--source", str(site))
    assert "a.md:13: warning: Liquid tag `{% include toc.html %}` left as text" in again.stderr
    assert soup(site / "output/stories/a/index.html").find("a", string="▶ Watch the video on YouTube")


# --- reading ---------------------------------------------------------------------------

def test_pelican_key_value_lines_between_dashes_are_read_when_they_are_not_yaml(tmp_path, wom):
    """bossylobster-blog: `title: Quick and Dirty: Santa's Coming` and `twitter_site: @bossylobster`
    are no YAML; Pelican reads them as `Key: value` lines, and so does wom, saying so."""
    site = tmp_path / "site"
    MIGRATE.copy_site("pelican", FIXTURES / "pelican-bossylobster", site)
    result = wom("build", "--source", str(site))
    assert result.returncode == 0, result.stderr
    santa = soup(site / "output/stories/quick-and-dirty-santas-coming/index.html")
    assert santa.h1.get_text(strip=True) == "Quick and Dirty: Santa's Coming"
    assert {"API", "Google Calendar", "OAuth2.0"} <= {a.get_text(strip=True).lstrip("#") for a in santa.select("a[href*='/tags/']")}
    assert ("content/stories/2011-11-17-quick-and-dirty-santas-coming.md:2: warning: front matter is not YAML "
            "(invalid YAML: mapping values are not allowed in this context): read as `Key: value` lines") in result.stderr
    assert soup(site / "output/stories/constantly-seek-criticism/index.html").h1.get_text(strip=True) == "Constantly Seek Criticism"
    # what was meant as YAML stays an error
    (site / "content/stories/bad.md").write_text("---\ntitle: Bad\ndate: 2026-01-01\ntags: [a, b\n---\nx\n")
    assert "content/stories/bad.md:5: invalid YAML" in wom("build", "--source", str(site)).stderr


def build_site(make_site, wom, files, config=BASIC_SITE, *extra):
    site = make_site(files, config)
    result = wom("build", "--source", str(site), *extra)
    assert result.returncode == 0, result.stderr
    return site, result


def test_toml_and_json_front_matter_with_hugo_keys(make_site, wom):
    site, _ = build_site(make_site, wom, {
        "content/stories/toml.md": '+++\ntitle = "From Hugo"\ndate = 2024-03-01T10:00:00+01:00\ntags = ["bikes", "repair"]\n'
                                   'aliases = ["/old/toml/"]\nslug = "hugo-post"\n+++\n\nA TOML post.\n',
        "content/stories/draft.md": '+++\ntitle = "Not yet"\ndate = 2024-03-02\ndraft = true\n+++\n\nHidden.\n',
        "content/stories/json.md": '{\n  "title": "From JSON",\n  "date": "2024-03-03",\n  "categories": ["news"]\n}\n\nA JSON post.\n',
        "content/stories/expired.md": '+++\ntitle = "Gone"\ndate = 2024-03-04\nexpiryDate = 2024-04-01\n+++\nOld.\n',
    })
    out = site / "output"
    page = soup(out / "stories/hugo-post/index.html")
    assert page.h1.get_text(strip=True) == "From Hugo"
    assert {a.get_text(strip=True).lstrip("#") for a in page.select("a[href*='/tags/']")} >= {"bikes", "repair"}
    assert "stories/hugo-post/" in (out / "old/toml/index.html").read_text()
    assert soup(out / "stories/json/index.html").h1.get_text(strip=True) == "From JSON"
    assert (out / "tags/news/index.html").is_file()
    assert not (out / "stories/draft").exists() and not (out / "stories/expired").exists()


BEAUTIFULHUGO_SEARCH = "---\ndraft: false\nlayout: search\nsitemap:\n  priority : 0.1\ntitle: Search\ntype: search\n---\n"


def test_a_hugo_themes_search_page_stub_gives_way_to_wom_search_page(make_site, wom):
    """beautifulhugo and docsy ship content/search.md: front matter naming their search layout,
    no text. Copied over, it stands for the search page wom makes at the same URL."""
    site, result = build_site(make_site, wom, {"content/search.md": BEAUTIFULHUGO_SEARCH,
                                                "content/docs/search.md": "---\ntitle: Search Results\nlayout: search\n---\n"})
    assert "search" not in result.stderr, result.stderr
    page = soup(site / "output/search/index.html")
    assert page.select_one("link[href*='pagefind-ui.css']"), "wom's search page loads Pagefind's UI"


def test_a_search_page_with_its_own_text_still_clashes_with_the_generated_one(make_site, wom):
    site = make_site({"site.yaml": BASIC_SITE, "content/search.md": BEAUTIFULHUGO_SEARCH + "\nHow to find a story.\n"})
    result = wom("build", "--source", str(site))
    assert result.returncode == 1
    assert "content/search.md: its URL /search/ is also written by the generated page search" in result.stderr


def test_pelican_metadata_header(make_site, wom):
    site, _ = build_site(make_site, wom, {
        "content/tips/pelican.md": "Title: My super title\nDate: 2010-12-03 10:20\nModified: 2010-12-05 19:30\n"
                                   "Category: Python\nTags: pelican, publishing\nSlug: my-super-post\n"
                                   "Authors: Alexis Metaireau, Conan Doyle\nSummary: Short version for index\n"
                                   "    and feeds\n\nThis is the content of my super blog post.\n",
        "content/tips/hidden.md": "Title: Hidden\nDate: 2010-12-04\nStatus: draft\n\nNo.\n",
        "content/tips/note.md": "---\ntitle: Plain\ndate: 2010-12-05\n---\nNote: this line is text, not metadata.\n",
    })
    out = site / "output"
    page = soup(out / "tips/my-super-post/index.html")
    assert page.h1.get_text(strip=True) == "My super title"
    assert page.find("meta", attrs={"name": "description"})["content"] == "Short version for index and feeds"
    assert (out / "tags/python/index.html").is_file() and (out / "tags/publishing/index.html").is_file()
    assert "Alexis Metaireau, Conan Doyle" in page.get_text()
    assert not (out / "tips/hidden").exists()
    assert "Note: this line is text" in (out / "tips/note/index.html").read_text()


@pytest.mark.parametrize("written, day", [
    ("2023-01-29 18:30:22 2023 -0800", "2023-01-29"),  # Jekyll's own news post
    ("2018-03-22 7:52:14", "2018-03-22"),  # Pelican
    ("Sat, 14 Mar 2026 09:30:00 +0100", "2026-03-14"),
    ("March 14, 2026", "2026-03-14"),
])
def test_dates_other_generators_accept(make_site, wom, written, day):
    site, _ = build_site(make_site, wom, {"content/stories/a.md": f"---\ntitle: A\ndate: '{written}'\n---\nText.\n"})
    times = soup(site / "output/stories/a/index.html").select("time[datetime]")
    assert times and times[0]["datetime"].startswith(day)


def test_jekyll_file_names_give_date_slug_and_title_and_space_separated_tags(make_site, wom):
    site, result = build_site(make_site, wom, {
        "content/stories/2019-03-01-no-title-here.md": "---\ntags: bikes repair\ncategories: news\n---\nText.\n",
    })
    page = soup(site / "output/stories/no-title-here/index.html")
    assert page.h1.get_text(strip=True) == "No Title Here"
    assert page.select("time[datetime]")[0]["datetime"].startswith("2019-03-01")
    assert all((site / f"output/tags/{t}/index.html").is_file() for t in ("bikes", "repair", "news"))
    assert "title: missing" in result.stderr


def test_a_bundle_folder_names_its_post_and_keeps_its_images(make_site, wom):
    site, _ = build_site(make_site, wom, {
        "content/stories/my-trip/index.md": "---\ntitle: Trip\ndate: 2024-05-01\n---\n![The view](view.png)\n",
        "content/stories/my-trip/view.png": png(),
    })
    page = soup(site / "output/stories/my-trip/index.html")
    src = page.select("article img, main img")[0]["src"]
    assert src == "/stories/my-trip/view.png"
    assert (site / "output/stories/my-trip/view.png").is_file()


def test_permalink_patterns_of_other_generators(make_site, wom):
    config = BASIC_SITE + "stories:\n  permalink: /:year/:month/:day/:title.html\ntips:\n  permalink: /blog/{date:%Y}/{slug}/\n"
    site, _ = build_site(make_site, wom, {
        "content/stories/2019-03-01-spring.md": "---\ntitle: Spring\n---\nText.\n",
        "content/stories/own.md": "---\ntitle: Own\ndate: 2020-01-02\npermalink: /:year/own-url.html\n---\nText.\n",
        "content/tips/chain.md": "---\ntitle: Chain\ndate: 2021-06-07\nurl: /tips/the-chain/\n---\nText.\n",
        "content/tips/saved.md": "Title: Saved\nDate: 2021-06-08\nSave_as: old/saved.html\n\nText.\n",
        "content/tips/other.md": "---\ntitle: Other\ndate: 2021-06-09\n---\n[Spring]({% post_url 2019-03-01-spring %})\n",
    }, config)
    out = site / "output"
    assert soup(out / "2019/03/01/spring.html").h1.get_text(strip=True) == "Spring"
    assert (out / "2020/own-url.html").is_file()
    assert (out / "tips/the-chain/index.html").is_file()
    assert (out / "old/saved.html").is_file()
    assert (out / "blog/2021/other/index.html").is_file()
    link = soup(out / "blog/2021/other/index.html").find("a", string="Spring")
    assert link["href"] == "/2019/03/01/spring.html"


def test_a_bad_permalink_pattern_is_still_refused(make_site, wom):
    site = make_site({}, BASIC_SITE + "stories:\n  permalink: /:year/:nonsense/\n")
    result = wom("build", "--source", str(site))
    assert result.returncode == 1 and "stories.permalink" in result.stderr


def test_more_marker_and_pelican_summary_set_the_summary(make_site, wom):
    site, _ = build_site(make_site, wom, {
        "content/stories/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nThe **teaser** part.\n\n<!--more-->\n\nThe rest.\n",
        "content/stories/b.md": "Title: B\nDate: 2024-01-02\n\n<!-- PELICAN_BEGIN_SUMMARY -->\nMarked summary.\n"
                                "<!-- PELICAN_END_SUMMARY -->\n\nAnd more.\n",
    })
    a = soup(site / "output/stories/a/index.html")
    assert a.find("meta", attrs={"name": "description"})["content"] == "The teaser part."
    assert "<!--more-->" not in (site / "output/stories/a/index.html").read_text()
    assert soup(site / "output/stories/b/index.html").find("meta", attrs={"name": "description"})["content"] == "Marked summary."


# --- converting ---------------------------------------------------------------------------

JEKYLL_POST = """\
---
title: Liquid
date: 2024-02-01
---
{% highlight ruby linenos %}
def hello; puts "{{ not liquid }}"; end
{% endhighlight %}

![Logo]({{ site.baseurl }}/images/logo.png) and ![Badge]({{ "/images/logo.png" | relative_url }})

Read [the other post]({% post_url 2024-01-01-other %}) and [its link]({% link _posts/2024-01-01-other.md %}).

{% include video id="XsxDH4HcOWA" provider="youtube" %}

{% youtube dQw4w9WgXcQ %}

Code stays: `{% include toc.html %}` and

    {{ page.title }} in an indented block

```liquid
{% for post in site.posts %}{{ post.title }}{% endfor %}
```

## A heading
{: .special}

This post is called {{ page.title }}.
"""


def test_liquid_becomes_markdown_and_code_is_left_alone(make_site, wom):
    site, result = build_site(make_site, wom, {
        "content/stories/2024-02-01-liquid.md": JEKYLL_POST,
        "content/stories/2024-01-01-other.markdown": "---\ntitle: Other\n---\nHi.\n",
        "static/images/logo.png": png(),
    }, BASIC_SITE.replace("https://example.org/", "https://example.org/shop/blog/"))
    html = (site / "output/stories/liquid/index.html").read_text()
    page = soup(site / "output/stories/liquid/index.html")
    assert page.select("div.highlight pre") or page.select("pre code.language-ruby, .highlight")
    assert '{{ not liquid }}' in page.get_text()  # inside the highlighted code, as written
    assert [img["src"] for img in page.select("main img, article img")][:2] == ["/shop/blog/images/logo.png"] * 2
    assert page.find("a", string="the other post")["href"] == "/shop/blog/stories/other/"
    assert page.find("a", string="its link")["href"] == "/shop/blog/stories/other/"
    videos = [a["href"] for a in page.select("a[href*='youtube.com']")]
    assert "https://www.youtube.com/watch?v=XsxDH4HcOWA" in videos and "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in videos
    assert not page.select("iframe, script[src*='youtube']")
    assert "{% include toc.html %}" in page.get_text() and "{{ page.title }} in an indented block" in page.get_text()
    assert "{% for post in site.posts %}" in page.get_text()
    assert page.find("h2", class_="special")
    assert "This post is called Liquid." in page.get_text()
    assert shown_syntax(html) == []
    assert "left as text" not in result.stderr  # code is code: not warned about


HUGO_POST = """\
+++
title = "Shortcodes"
date = 2024-02-02
+++
{{< figure src="/images/logo.png" alt="Our logo" caption="The shop's logo" >}}

{{< youtube w7Ft2ymGmfc >}}
{{< vimeo 48912912 >}}

See [the other one]({{< ref "other.md" >}}) and [again]({{< relref "/posts/other" >}}).

{{% note %}}
Bring **gloves**.
{{% /note %}}

{{< notice warning >}}
Sharp edges.
{{< /notice >}}

{{< highlight go "linenos=table" >}}
fmt.Println("{{< not a shortcode >}}")
{{< /highlight >}}
"""


def test_hugo_shortcodes_become_markdown(make_site, wom):
    site, result = build_site(make_site, wom, {
        "content/stories/posts/shortcodes.md": HUGO_POST,
        "content/stories/posts/other.md": "+++\ntitle = \"Other\"\ndate = 2024-01-01\n+++\nHi.\n",
        "static/images/logo.png": png(),
    })
    html = (site / "output/stories/shortcodes/index.html").read_text()
    page = soup(site / "output/stories/shortcodes/index.html")
    figure = page.find("figure")
    assert figure.img["src"] == "/images/logo.png" and figure.img["alt"] == "Our logo"
    assert figure.figcaption.get_text(strip=True) == "The shop's logo"
    assert page.select("a[href='https://www.youtube.com/watch?v=w7Ft2ymGmfc']")
    assert page.select("a[href='https://vimeo.com/48912912']")
    assert not page.select("iframe")
    assert page.find("a", string="the other one")["href"] == "/stories/other/"
    assert page.find("a", string="again")["href"] == "/stories/other/"
    note = page.select_one("div.admonition.note")
    assert note and note.strong.get_text() == "gloves"
    assert page.select_one("div.admonition.warning").get_text().count("Sharp edges.") == 1
    assert '{{< not a shortcode >}}' in page.find("pre").get_text()
    assert shown_syntax(html) == []
    assert "left as text" not in result.stderr


def test_pelican_links_and_kramdown(make_site, wom):
    site, _ = build_site(make_site, wom, {
        "content/tips/a.md": "Title: A\nDate: 2024-01-01\n\nSee [B]({filename}b.md) and ![Chart]({static}/images/logo.png)"
                             " and [C](|filename|/tips/b.md).\n\n* TOC\n{:toc}\n\n## Part\n\nText\n{: .lead}\n",
        "content/tips/b.md": "Title: B\nDate: 2024-01-02\n\nHi.\n",
        "static/images/logo.png": png(),
    })
    page = soup(site / "output/tips/a/index.html")
    assert page.find("a", string="B")["href"] == "/tips/b/"
    assert page.find("a", string="C")["href"] == "/tips/b/"
    assert page.find("img", alt="Chart")["src"] == "/images/logo.png"
    assert page.find("p", class_="lead").get_text() == "Text"
    assert page.select("div.toc a[href='#part']")
    assert shown_syntax((site / "output/tips/a/index.html").read_text()) == []


def test_what_has_no_equivalent_is_named_and_wom_check_fails(make_site, wom):
    site = make_site({"content/stories/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nIntro.\n\n{% include toc.html %}\n\n"
                                              "{{< tweet-grid cols=3 >}}\n"})
    result = wom("build", "--source", str(site))
    assert result.returncode == 0
    assert "content/stories/a.md:7: warning: Liquid tag `{% include toc.html %}` left as text" in result.stderr
    assert "content/stories/a.md:9: warning: Hugo shortcode `{{< tweet-grid cols=3 >}}` left as text" in result.stderr
    check = wom("check", "--source", str(site))
    assert check.returncode == 1
    assert "content/stories/a.md:7: Liquid tag `{% include toc.html %}` left as text" in check.stdout


def test_a_body_edit_still_names_what_is_left(make_site, wom):
    site = make_site({"content/stories/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nIntro.\n\n{% include toc.html %}\n"})
    assert "left as text" in wom("build", "--source", str(site)).stderr
    (site / "content/stories/a.md").write_text("---\ntitle: A\ndate: 2024-01-01\n---\nIntro, edited.\n\n{% include toc.html %}\n")
    again = wom("build", "--source", str(site))
    assert again.returncode == 0 and "a.md:7: warning: Liquid tag `{% include toc.html %}` left as text" in again.stderr
    assert "Intro, edited." in (site / "output/stories/a/index.html").read_text()


# --- keep going --------------------------------------------------------------------------

def test_keep_going_publishes_what_builds_and_lists_the_rest(make_site, wom):
    site = make_site({
        "content/stories/good.md": "---\ntitle: Good\ndate: 2024-01-01\n---\nFine.\n",
        "content/stories/bad.md": "+++\ntitle = \"Bad\"\ndate = \n+++\nBroken TOML.\n",
        "content/stories/worse.md": "---\ntitle: Worse\ndate: not a date at all\n---\n",
    })
    plain = wom("build", "--source", str(site))
    assert plain.returncode == 1 and not (site / "output").exists()
    result = wom("build", "--keep-going", "--source", str(site))
    assert result.returncode == 1
    assert (site / "output/stories/good/index.html").is_file()
    assert not (site / "output/stories/bad").exists() and not (site / "output/stories/worse").exists()
    assert re.search(r"content/stories/bad\.md:\d+: TOML front matter", result.stderr)
    assert "content/stories/worse.md:3: date: not a date" in result.stderr
    assert "Traceback" not in result.stderr
    before = tree(site / "output")
    again = wom("build", "--source", str(site))  # without it: nothing new, the last output stays
    assert again.returncode == 1 and tree(site / "output") == before
    shutil.rmtree(site / ".wom-cache", ignore_errors=True)
