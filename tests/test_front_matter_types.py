"""Front-matter values of the wrong type: every field wom reads is checked where it is read. A
wrong type is one error naming the file, the line of the key and the key (exit status 1, the last
good output kept, the rest published with --keep-going); what other generators write keeps its
meaning (`draft: "false"` from a TOML header, Jekyll's image mapping, Hugo's weight)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASIC_SITE, post, run_wom, write_files
from helpers import png, soup
from test_errors import build_fails
from wom_site.content import SourceFile, parse

CONFIG = BASIC_SITE + "share:\n  cards: false\n"
GOOD = {"content/stories/rosa.md": post("Rosa's bakery", "2026-03-14", body="Rosa bakes."),
        "content/tips/winter.md": post("Winter riding", "2026-01-10", body="Use lights.")}

# (key and value as written, the error's message after `key: `); the key is on line 4 of each post
WRONG = [
    ("draft: maybe", 'draft: "maybe" is not true or false'),
    ("published: sometimes", 'published: "sometimes" is not true or false'),
    ("draft: 2", "draft: 2 is not true or false"),
    ("image: 5", "image: 5 is not an image path (write it as image: images/rosa.jpg)"),
    ("image: {alt: A loaf}", "image: a mapping needs the image's path (image: {path: images/rosa.jpg, alt: ...})"),
    ("images: [true]", "images: true is not an image path (write it as images: images/rosa.jpg)"),
    ("featured_image: 3.5", "featured_image: 3.5 is not an image path (write it as featured_image: images/rosa.jpg)"),
    ("weight: heavy", 'weight: "heavy" is not a whole number'),
    ("lang: [de, fr]", "lang: must be text, not a list"),
    ("x: {handle: rosa}", "x: must be text, not a mapping"),
    ("translationKey: [a]", "translationKey: must be text, not a list"),
    ("date: null", "date: required for stories and tips (such as 2026-03-14)"),
    ("summary: [a, b]", "summary: must be text, not list ['a', 'b']"),
    ("tags: {a: 1}", "tags: must be a list of text values"),
    ("aliases: 5", "aliases: must be a list of text values"),
    ("customer: [Rosa]", "customer: must be a mapping with name, company, role, photo, url, quote, approved"),
    ("layout: {name: x}", "layout: must be text, not a mapping"),
    ("updated: true", "updated: not a date: True (write it as 2026-03-14 or 2026-03-14T09:30:00)"),
]


def bad_post(field: str) -> str:
    front = f"title: Bad\ndate: 2026-02-01\n{field}" if not field.startswith("date:") else f"title: Bad\nslug: bad\n{field}"
    return f"---\n{front}\n---\n\nBody.\n"


@pytest.fixture
def good_site(make_site):
    site = make_site({**GOOD}, config=CONFIG)
    run_wom("build", "--source", str(site), check=True)
    return site


def test_each_wrong_type_is_one_line_with_file_line_and_key_and_the_output_stays(good_site):
    files = {f"content/stories/bad-{i}.md": bad_post(field) for i, (field, _) in enumerate(WRONG)}
    write_files(good_site, files)
    expected = [re.escape(f"content/stories/bad-{i}.md:4: {message}") for i, (_, message) in enumerate(WRONG)]
    lines = build_fails(good_site, *expected)
    assert len(lines) == len(WRONG) + 1, lines  # one line each, then the summary


def test_keep_going_publishes_the_rest_and_names_each_wrong_value(good_site):
    write_files(good_site, {"content/stories/maybe.md": bad_post("draft: maybe"),
                            "content/stories/five.md": bad_post("image: 5"),
                            "content/stories/fine.md": post("Fine", "2026-02-02")})
    result = run_wom("build", "--keep-going", "--source", str(good_site))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert 'content/stories/maybe.md:4: draft: "maybe" is not true or false' in result.stderr.splitlines()
    assert "content/stories/five.md:4: image: 5 is not an image path" in result.stderr
    out = good_site / "output"
    assert (out / "stories/fine/index.html").is_file() and (out / "stories/rosa/index.html").is_file()
    assert not (out / "stories/maybe").exists() and not (out / "stories/five").exists()


def test_what_other_generators_write_keeps_its_meaning(good_site):
    write_files(good_site, {
        # a TOML header's "false" is text: not a draft; "true" is one
        "content/stories/toml-live.md": '+++\ntitle = "Live"\ndate = 2026-02-01\ndraft = "false"\n+++\n\nLive.\n',
        "content/stories/toml-draft.md": '+++\ntitle = "Hidden"\ndate = 2026-02-02\ndraft = "true"\n+++\n\nHidden.\n',
        "content/stories/json-live.md": '{"title": "Json", "date": "2026-02-03", "draft": "False"}\n\nJson.\n',
        # YAML 1.1 words are booleans; Jekyll's published: false; Pelican's Status: draft
        "content/stories/yes.md": "---\ntitle: Agreed\ndate: 2026-02-04\ndraft: yes\n---\n\nx\n",
        "content/stories/unpublished.md": "---\ntitle: Unpublished\ndate: 2026-02-05\npublished: false\n---\n\nx\n",
        "content/stories/pelican.md": "Title: Pel\nDate: 2026-02-06\nStatus: draft\n\nx\n",
        # jekyll-seo-tag's image mapping: its path is the share image, its alt the image's alt text
        "content/stories/seo.md": ("---\ntitle: Seo\ndate: 2026-02-07\nimage:\n  path: /img/loaf.png\n  alt: A warm loaf\n"
                                   "  width: 1200\n  height: 630\n---\n\nx\n"),
        "static/img/loaf.png": png(1200, 630),
        # Hugo: weight is a whole number (as text too), translationKey may be a number
        "content/stories/hugo.md": '+++\ntitle = "Hugo"\ndate = 2026-02-08\nweight = 3\ntranslationKey = 12\n+++\n\nx\n',
        "content/stories/hugo-text.md": "---\ntitle: Hugo2\ndate: 2026-02-09\nweight: '4'\n---\n\nx\n",
    })
    result = run_wom("build", "--source", str(good_site))
    assert result.returncode == 0, result.stderr
    out = good_site / "output/stories"
    published = {p.name for p in out.iterdir() if (p / "index.html").is_file()}
    assert {"toml-live", "json-live", "seo", "hugo", "hugo-text"} <= published
    assert not {"toml-draft", "yes", "unpublished", "pelican"} & published
    page = soup(out / "seo/index.html")
    assert page.find("meta", property="og:image")["content"] == "https://example.org/img/loaf.png"
    assert page.find("meta", property="og:image:alt")["content"] == "A warm loaf"


# --- generated: every field x values of every YAML type ------------------------------------------

FIELDS = ["title", "date", "updated", "lastmod", "modified", "publishDate", "expiryDate", "slug", "description",
          "summary", "excerpt", "tags", "categories", "category", "image", "images", "featured_image", "og_image",
          "image_alt", "author", "authors", "fediverse", "draft", "published", "status", "customer", "outcome",
          "aliases", "redirect_from", "layout", "template", "permalink", "url", "save_as", "lang", "language",
          "translation_key", "translationKey", "x", "weight"]
CUSTOMER = ["approved", "company", "name", "photo", "quote", "role", "url"]
CONTROL = "".join(map(chr, range(0x20)))
scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.dates()
           | st.datetimes(min_value=dt.datetime(1, 1, 2)) | st.text(max_size=20)
           | st.text(alphabet=CONTROL, min_size=1, max_size=5) | st.just("x" * 5000)
           | st.sampled_from(["maybe", "true", "False", "yes", "off", "heavy", "/a/b/", "../x", "javascript:x", "@a@b.c"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.sampled_from(CUSTOMER + ["path", "alt", "src", "other"]), inner, max_size=3),
                      max_leaves=5)


def _parse(meta: dict):
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10**6) + "---\n\nBody.\n"
    data = text.encode("utf-8")
    return text, parse(SourceFile("content/stories/p.md", "stories", data, "digest"), dt.timezone.utc)


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIELDS), values)
def test_any_value_of_any_field_is_accepted_or_one_error_naming_file_line_and_key(field, value):
    meta = {"title": "T", "date": dt.date(2026, 1, 1), field: value} if field not in ("title", "date") else \
           {"title": "T", "date": dt.date(2026, 1, 1), "slug": "p", field: value}
    text, result = _parse(meta)
    if not isinstance(result, list):
        return  # accepted (its meaning is checked by the tests above)
    lines = text.splitlines()
    for problem in result:
        assert problem.path == "content/stories/p.md" and problem.line, problem
        key = problem.message.split(": ", 1)[0]
        assert key == field or key.startswith(f"{field}."), problem
        if key == field:  # the line of the key itself
            assert lines[problem.line - 1].startswith(f"{field}:"), (problem, lines[problem.line - 1])


@settings(max_examples=12, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(FIELDS), values), min_size=2, max_size=6))
def test_a_site_of_posts_with_any_values_builds_or_names_each_problem(tmp_path_factory, fields):
    from wom_site.build import BuildOptions, build
    from wom_site.diagnostics import BuildFailed

    site = tmp_path_factory.mktemp("types")
    files = {f"content/stories/p{i}.md": "---\n" + yaml.safe_dump({"title": f"P{i}", "date": dt.date(2026, 1, 1 + i),
                                                                    "slug": f"p{i}", field: value}, allow_unicode=True,
                                                                   width=10**6) + "---\n\nBody.\n"
             for i, (field, value) in enumerate(fields) if field not in ("title", "date", "slug")}
    write_files(site, {"site.yaml": CONFIG, "content/stories/fine.md": post("Fine", "2026-03-01"), **files})
    try:
        result = build(BuildOptions(source=site, use_cache=False, keep_going=True, now=dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)))
    except BuildFailed as failure:  # a clash of two posts' URLs (an alias, a permalink) stops even --keep-going
        problems = failure.problems
    else:
        problems = result.errors
        assert (site / "output/stories/fine/index.html").is_file()
    for problem in problems:
        assert problem.path.startswith("content/") or problem.path == "site.yaml", problem
        assert str(problem).startswith(problem.path)
