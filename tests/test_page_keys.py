"""A page's key is recorded from what its planning is given, not declared beside it (issue 16).

Posts, card pages and kits are planned lazily by `functools.partial(plan, view)`: the view is
all the plan can read, and the key is a digest of the partial. These tests keep it so: every
lazy page of a real build (several languages, kits, photos) has such a plan, no plan is given
the Site, every one has a key; and each thing a post's page shows, changed, gives byte for byte
what a build without any cache gives.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import importlib
import typing
from pathlib import Path

import pytest

from conftest import BASIC_SITE, post
from helpers import assert_same_as_fresh, png, soup, tree
from wom_site.build import BuildOptions, build
from wom_site.keys import Fingerprints
from wom_site import publish
from wom_site.outputs import as_is, loop
from wom_site.outputs.pages import rendered_in_pool
from wom_site.pages import LazyJob
from wom_site.site import Site

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
CONFIG = BASIC_SITE + """\
logo: images/logo.png
brand:
  color: "#1f3a5f"
stories:
  title: "Our customers' stories"
languages:
  de: {title: "Test & Co Berlin"}
"""


def _story(i: int) -> str:
    tags = "[bikes, repair]" if i % 2 else "[bikes, cargo]"
    fields = {"tags": tags}
    if i == 1:
        fields["image"] = "images/cover.png"
        fields["customer"] = '{name: "Rosa Díaz", photo: images/rosa.png, quote: "Faster than the van.", approved: 2026-01-02}'
    body = f"Story {i}'s text.\n\n![A chain](images/body.png)\n" if i == 1 else f"Story {i}'s text."
    return post(f"Story {i}", date=f"2026-0{1 + i % 5}-1{i}", body=body, **fields)


def _files() -> dict:
    files = {f"content/stories/s{i}.md": _story(i) for i in range(6)}
    files.update({f"content/tips/t{i}.md": post(f"Tip {i}", date=f"2026-0{1 + i}-2{i}", tags="[repair]") for i in range(3)})
    files.update({
        "content/stories/s1.de.md": post("Geschichte eins", date="2026-02-11", tags="[bikes]", body="Auf Deutsch."),
        "content/stories/images/cover.png": png(1600, 1000, "#3a6b8c"),
        "content/stories/images/rosa.png": png(600, 600, "#8c3a6b"),
        "content/stories/images/body.png": png(1200, 800, "#6b8c3a"),
        "static/images/logo.png": png(256, 256, "#1f3a5f"),
        "content/pages/about.md": "---\ntitle: About us\n---\n\nWe fix bikes.\n",
    })
    return files


@pytest.fixture
def site(make_site) -> Path:
    return make_site(_files(), config=CONFIG)


def _build(site: Path):
    return build(BuildOptions(source=site, now=NOW))


def _lazy_jobs(site: Path, monkeypatch) -> list[LazyJob]:
    """The LazyJobs a real build hands the loop."""
    seen = []
    render_jobs = loop.render_jobs

    def recording(jobs, *args, **kwargs):
        seen.extend(job for job in jobs if isinstance(job, LazyJob))
        return render_jobs(jobs, *args, **kwargs)

    monkeypatch.setattr(loop, "render_jobs", recording)
    _build(site)
    return seen


def _plans(plan: functools.partial):
    """The plan and the plans it wraps (a page of another language wraps its plan in languages.spoken)."""
    yield plan
    for arg in plan.args:
        if isinstance(arg, functools.partial):
            yield from _plans(arg)


def _holds_a_site(value, depth: int = 0) -> bool:
    if isinstance(value, Site):
        return True
    if depth > 3 or isinstance(value, (str, bytes, int, float, type(None))):
        return False
    if isinstance(value, functools.partial):
        return any(_holds_a_site(v, depth + 1) for v in value.args)
    if isinstance(value, (list, tuple)):
        return any(_holds_a_site(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return any(_holds_a_site(v, depth + 1) for v in value.values())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(_holds_a_site(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value))
    return False


def test_every_lazy_page_is_planned_by_a_module_function_from_a_view_never_the_site(site, monkeypatch):
    jobs = _lazy_jobs(site, monkeypatch)
    outputs = {job.output for job in jobs}
    assert {"stories/s1/index.html", "stories/s1/card/index.html", "stories/s1/kit/index.html",
            "de/stories/s1/index.html", "de/stories/s1/card/index.html", "tips/t0/index.html"} <= outputs
    fingerprints = Fingerprints("base")
    for job in jobs:
        for plan in _plans(job.plan):
            func = plan.func
            assert getattr(importlib.import_module(func.__module__), func.__qualname__) is func, (job.output, func)
            hints = typing.get_type_hints(func)
            assert Site not in hints.values(), f"{func.__qualname__} takes the Site: give it a view of what it reads"
            assert not _holds_a_site(plan.args), (job.output, func.__qualname__)
        assert fingerprints.job(job) is not None, f"{job.output} has no key: it would be rendered on every build"


def test_every_generated_file_has_a_key_so_an_unchanged_one_is_kept(site, monkeypatch):
    """Files published as they are (static files, photos, cards: bytes or a Path) are compared by
    content; every other Output is made from plain arguments its key walks: never a Site, which
    could be read for anything (a feed gets the site's Frame and the posts it lists)."""
    chosen = {}
    keep_or_make = loop.keep_or_make

    def recording(outputs, *args, **kwargs):
        chosen.update(outputs)
        return keep_or_make(outputs, *args, **kwargs)

    monkeypatch.setattr(publish, "keep_or_make", recording)
    _build(site)
    made = {path: output for path, output in chosen.items() if output.make not in (as_is, rendered_in_pool)}
    assert {"feeds/all.xml", "feeds/stories.json", "de/feeds/all.xml", "index.json", "sitemap.xml"} <= set(made)
    fingerprints = Fingerprints("base")
    assert [path for path, output in made.items() if fingerprints.key(path, output.args) is None] == []


def test_a_lazy_job_refuses_a_plan_its_key_cannot_see():
    for plan in (lambda: None, functools.partial(lambda view: None, 1)):
        with pytest.raises(TypeError, match="module-level"):
            LazyJob("x/index.html", "page.html", False, plan)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _linked(site: Path, selector: str) -> Path:
    """The source of the post s1's page links to at `selector` (its first related post, its newer neighbour)."""
    href = soup(site / "output/stories/s1/index.html").select_one(selector)["href"]
    return site / "content/stories" / (href.strip("/").split("/")[-1] + ".md")


def _shown(site: Path, selector: str) -> str:
    found = soup(site / "output/stories/s1/index.html").select(selector)
    return " ".join(tag.get_text(" ", strip=True) if tag.name != "img" else str(tag) for tag in found)


def _changes(site: Path):
    """(what changed, the change, where s1's page shows it, the text it shows then)."""
    related, newer = _linked(site, ".related .post-item-title a"), _linked(site, "a[rel=next]")
    yield ("a related post's title", lambda: _edit(related, "title: \"Story", "title: \"Renamed related story"),
           ".related", "Renamed related story")
    yield ("the next post's title", lambda: _edit(newer, "title: \"", "title: \"Newer and renamed: "),
           "a[rel=next]", "Newer and renamed")
    yield ("the collection's title in site.yaml", lambda: _edit(site / "site.yaml", "Our customers' stories", "Tales from the shop"),
           ".post-kicker", "Tales from the shop")
    yield ("the customer's photo", lambda: (site / "content/stories/images/rosa.png").write_bytes(png(500, 700, "#112233")),
           None, None)
    yield ("the cover, at another size", lambda: (site / "content/stories/images/cover.png").write_bytes(png(1400, 700, "#445566")),
           None, None)
    yield ("a body image, at another size", lambda: (site / "content/stories/images/body.png").write_bytes(png(900, 900, "#778899")),
           None, None)
    yield ("the brand's colour", lambda: _edit(site / "site.yaml", "#1f3a5f", "#7a1f3f"), None, None)
    yield ("the logo", lambda: (site / "static/images/logo.png").write_bytes(png(300, 300, "#7a1f3f")), None, None)
    yield ("the translation's URL", lambda: _edit(site / "content/stories/s1.de.md", "title:", "slug: eins\ntitle:"),
           None, None)
    yield ("the customer's quote", lambda: _edit(site / "content/stories/s1.md", "Faster than the van.", "Quicker than a van."),
           ".customer-quote", "Quicker than a van.")


def test_each_thing_a_post_shows_changed_gives_what_a_clean_build_gives(site, tmp_path):
    _build(site)
    for name, change, selector, text in _changes(site):
        before = tree(site / "output")
        change()
        _build(site)
        incremental = assert_same_as_fresh(site, tmp_path / "fresh", NOW, name)
        assert incremental != before, f"{name}: nothing changed, so this case tests nothing"
        if selector:
            assert text in _shown(site, selector), name


@dataclasses.dataclass(frozen=True)
class _Image:
    url: str
    width: int


@dataclasses.dataclass(frozen=True)
class _View:
    image: _Image
    title: object
    sizes: object = ()


def _plan(view: _View) -> None:
    """A module-level plan function, as LazyJob requires."""


def _key(view: _View, fingerprints: Fingerprints | None = None) -> str | None:
    job = LazyJob("x/index.html", "page.html", False, functools.partial(_plan, view))
    return (fingerprints or Fingerprints("base")).job(job)


def test_a_key_does_not_depend_on_what_was_keyed_before_it():
    """Shared records and long lists are remembered within a build (keys.Fingerprints): a key
    must be the same whether they were met before or not, and whether records of their type
    are still remembered (a type whose first records were each met once is not any more)."""
    shared, long = _Image("/default.png", 1200), tuple((n, f"/page/{n}/") for n in range(40))
    alone = _key(_View(shared, "T", long))
    remembered = Fingerprints("base")
    for n in range(3):  # the shared image and list met again and again: remembered
        assert _key(_View(shared, f"T{n}", long), remembered) != alone
    assert _key(_View(shared, "T", long), remembered) == alone
    forgotten = Fingerprints("base")
    for n in range(100):  # a hundred images met once each: their type is not remembered any more
        assert _key(_View(_Image(f"/{n}.png", n), "T", long if n % 2 else ()), forgotten) != alone
    assert _key(_View(shared, "T", long), forgotten) == alone
    assert _key(_View(shared, "T", long), forgotten) == alone
    assert _key(_View(_Image("/default.png", 1200), "T", tuple(long)), forgotten) == alone  # equal, not the same objects


def test_a_key_tells_apart_values_that_print_alike():
    """Plain values are written at once (a repr, or a pickle of nested lists): types count."""
    from markupsafe import Markup

    image = _Image("/a.png", 1)
    variants = ["1", Markup("1"), 1, 1.0, True, None, (1,), [1], {"a": 1}, {"a": 1.0}, (("a", 1),), (("a", "1"),),
                [("a", [1])], [("a", (1,))], [("a", [Markup("1")])], [("a", [dt.date(2026, 1, 1)])],
                [("a", ["2026-01-01"])], tuple(range(20)), tuple(range(19)) + (20,), list(range(20)),
                {"a": 1, "b": 2}, {"b": 2, "a": 1}]
    keys = [_key(_View(image, value)) for value in variants]
    assert None not in keys
    assert len(set(keys)) == len(variants)
    assert _key(_View(image, [("a", [1])])) == _key(_View(image, [("a", [1])]))


def test_a_value_the_key_cannot_describe_is_not_keyed_even_inside_plain_ones():
    class Opaque:
        pass

    image = _Image("/a.png", 1)
    for value in (Opaque(), (1, Opaque()), [("a", [Opaque()])], {"a": (Opaque(),)}, tuple(range(20)) + (Opaque(),)):
        assert _key(_View(image, value)) is None, value
