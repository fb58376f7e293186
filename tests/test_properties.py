"""Property-based tests (hypothesis): arbitrary front matter and Markdown never give a
traceback or an unescaped script, and every error names the file it comes from."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import BASIC_SITE, write_files
from wom_site.build import BuildOptions, build
from wom_site.content import slugify
from wom_site.diagnostics import BuildFailed, UnsafePath
from wom_site.output import safe_join
from wom_site.safety import url_path_problem
from wom_site.urls import output_file

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
CONFIG = BASIC_SITE + "share:\n  cards: false\n"
SCRIPT_OK = re.compile(r'<script(?! type="application/ld\+json">| src="/(js|pagefind)/[\w.-]+\.js" defer>)', re.I)
LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
PURE = settings(database=None)  # no .hypothesis/ folder in the worktree
# Builds are slow to shrink (minutes): a failure is reported as found.
BUILDS = settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow],
                  phases=[Phase.explicit, Phase.generate])

# --- pure rules --------------------------------------------------------------------------


@PURE
@given(st.text())
def test_a_slug_is_always_safe_in_a_path(text):
    slug = slugify(text)
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slug), slug


@PURE
@given(st.text(alphabet=st.sampled_from("ab/.\\:%?#\n \t~") | st.characters(), max_size=30))
def test_an_accepted_url_path_stays_inside_output(value):
    if url_path_problem(value) is not None or not value.strip("/"):
        return  # refused, or the home page
    site_path = value.strip("/") + "/"  # as site.py and pages.py make it
    assert posixpath.normpath("/out/" + site_path).startswith("/out")
    assert safe_join(Path("/out"), output_file(site_path)).is_relative_to("/out")


@PURE
@given(st.text(max_size=40))
def test_safe_join_never_leaves_its_root(relative):
    try:
        joined = safe_join(Path("/out"), relative)
    except UnsafePath:
        return
    assert posixpath.normpath(str(joined)).startswith("/out/")


# --- whole builds --------------------------------------------------------------------------

scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
           | st.dates() | st.datetimes(min_value=dt.datetime(1, 1, 2)))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                      max_leaves=6)
KEYS = ["title", "date", "slug", "description", "summary", "tags", "image", "image_alt", "author", "draft",
        "customer", "outcome", "aliases", "permalink", "updated", "layout", "publishDate"]
front_matter = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10), values, max_size=6)
hostile_text = st.sampled_from([
    "<script>alert(1)</script>", "</script><script>alert(2)</script>", "<img src=x onerror=alert(3)>",
    "\"><svg onload=alert(4)>", "javascript:alert(5)", "{{ 7*7 }}", "{% raw %}", "&lt;script&gt;", "\u2028", "<!--",
])
text_values = st.one_of(st.text(max_size=30), hostile_text, st.lists(hostile_text | st.text(max_size=5), max_size=4).map("".join))
text_fields = st.fixed_dictionaries({
    "title": text_values, "description": text_values, "outcome": text_values, "image_alt": text_values,
    "tags": st.lists(text_values, max_size=3),
    "customer": st.fixed_dictionaries({"name": text_values, "company": text_values, "quote": text_values, "role": text_values}),
})
snippets = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "![y](data:image/png;base64,AA)",
    "\n\n", "---\n", "\n{: onclick=\"alert(1)\" }\n", "```\n", "<!--", "-->", "<div>", "</div>", "&", "<", "> [!quote]\n> ",
    "[link](../tips/nowhere.md)", "[^1]\n\n[^1]: note", "<a href='javascript:alert(1)'>a</a>", "<style>x{}</style>",
    "# Heading {#id onclick=x}", "<details open ontoggle=alert(1)>", "\\", "|a|b|\n|-|-|\n|1|2|\n",
])
markdown = st.lists(snippets | st.text(max_size=20), max_size=12).map("".join)


@contextmanager
def run_build(files: dict[str, str]):
    """Build in a fresh folder, removed afterwards: (site folder, None) or (site folder, BuildFailed)."""
    with tempfile.TemporaryDirectory(prefix="wom-prop-") as name:
        folder = Path(name)
        write_files(folder, {"site.yaml": CONFIG, **files})
        try:
            build(BuildOptions(source=folder, use_cache=False, now=NOW))
        except BuildFailed as failure:
            yield folder, failure
        else:
            yield folder, None


def assert_errors_name_their_files(failure: BuildFailed, files: dict[str, str]) -> None:
    for problem in failure.problems:
        assert problem.path in files, f"a problem not naming one of the site's files: {problem}"
        assert str(problem).startswith(problem.path)


def assert_pages_harmless(folder: Path) -> None:
    for page in (folder / "output").rglob("*.html"):
        raw = page.read_text(encoding="utf-8")
        assert not SCRIPT_OK.search(raw), (page, SCRIPT_OK.search(raw))
        for tag in BeautifulSoup(raw, "html.parser").find_all(True):
            assert not [name for name in tag.attrs if name.lower().startswith("on")], (page, tag)
        for data in LD.findall(raw):
            json.loads(data)
            assert "</" not in data and "<" not in data


def _dump(mapping: dict) -> str:
    return "---\n" + yaml.safe_dump(mapping, allow_unicode=True) + "---\n\n"


@BUILDS
@given(st.lists(st.tuples(front_matter, st.sampled_from([True, True, True, False])), min_size=1, max_size=3))
def test_arbitrary_front_matter_never_crashes_and_errors_name_the_file(metas):
    # Most posts get a good title, date and slug over their random fields, so that some examples
    # build and their pages are checked too (random front matter alone never built; most random
    # values are of a wrong type, which is an error by design).
    files = {f"content/stories/p{i}.md": _dump({**meta, **({"title": f"Post {i}", "date": dt.date(2026, 1, 1 + i),
                                                                "slug": f"p{i}"} if seeded else {})}) + "Body.\n"
             for i, (meta, seeded) in enumerate(metas)}
    with run_build(files) as (folder, failure):
        if failure:
            assert_errors_name_their_files(failure, files)
        else:
            assert_pages_harmless(folder)


@BUILDS
@given(st.lists(text_fields, min_size=1, max_size=3), markdown)
def test_arbitrary_text_fields_and_markdown_are_escaped(metas, body):
    files = {}
    for i, meta in enumerate(metas):
        meta["customer"]["approved"] = dt.date(2026, 1, 1)
        files[f"content/stories/p{i}.md"] = _dump({**meta, "date": dt.date(2026, 1, 1 + i), "slug": f"p{i}"}) + body + "\n"
    with run_build(files) as (folder, failure):
        if failure:
            assert_errors_name_their_files(failure, files)
            errors = [p for p in failure.problems if p.is_error]
            expected = ("title: required", "broken link", "is a binary file")  # an empty title, a link in the body, a NUL
            assert all(any(e in p.message for e in expected) for p in errors), errors
            return
        assert_pages_harmless(folder)
        page = (folder / "output/stories/p0/index.html").read_text(encoding="utf-8")
        assert "<script>alert" not in page and "<img src=x" not in page and "<svg onload" not in page


@BUILDS
@given(st.text(max_size=80), st.binary(max_size=40))
def test_garbage_front_matter_and_bytes_are_errors_naming_the_file(text, data):
    files = {"content/stories/text.md": "---\n" + text + "\n---\n\nBody.\n", "content/tips/bytes.md": b"---\n" + data}
    with run_build(files) as (folder, failure):
        if failure:
            assert_errors_name_their_files(failure, files)
        else:
            assert_pages_harmless(folder)
