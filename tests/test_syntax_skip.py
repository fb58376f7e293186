"""The quick skip of bodies that cannot hold another generator's syntax (foreign_syntax.NEEDLES,
read from the patterns by needles.py) changes nothing but the time a build takes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO
from wom_site import body_code, foreign_syntax
from wom_site.foreign_syntax import convert_body, find_left_syntax, might_hold_syntax
from wom_site.needles import needles

FIXTURES = REPO / "tests" / "fixtures" / "blogs"
# Patterns of foreign_syntax (and of body_code, which finds its code) that never convert or name
# anything by themselves: they find code (kept as written), a summary marker, or tidy up after a
# conversion. Any other pattern added to the modules must be in SCANNED, or bodies holding it
# would be skipped.
NOT_TRIGGERS = {"_FENCE", "_PRE_OPEN", "_INLINE_CODE", "_LIST_ITEM", "MORE", "_PELICAN_SUMMARY", "_EMPTY_LINK", "_KEPT"}
SITE = {"title": "Shop", "repository": "spoke/shop", "url": "", "baseurl": ""}


def converted(body: str) -> tuple:
    done = convert_body(body, "content/stories/a.md", 5, {"title": "A"}, SITE)
    return done.body, [str(n) for n in done.notes], done.site_used


def scanned(body: str) -> tuple:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(foreign_syntax, "NEEDLES", frozenset({""}))  # the skip switched off
        return converted(body), find_left_syntax(body)


def test_every_pattern_that_converts_is_scanned():
    found = {name: value for module in (foreign_syntax, body_code) for name, value in vars(module).items()
             if isinstance(value, re.Pattern)}
    patterns = set(found)
    scanned_names = {name for name in patterns if found[name] in foreign_syntax.SCANNED}
    assert patterns - scanned_names == NOT_TRIGGERS


def test_needles_are_what_every_match_must_hold():
    assert needles([re.compile(r"\{\{[<%]\s*(\w+)")]) == {"{{%", "{{<"}
    assert needles([re.compile(r"(?:\{(filename|static)\}|\|(filename|static)\|)")]) == \
        {"{filename}", "{static}", "|filename|", "|static|"}
    assert needles([re.compile(r"\{\{-?\s*(page|site)\.(\w+)"), re.compile(r"\{%-?\s*raw")]) == {"{{", "{%"}
    assert needles([re.compile(r"\w+")]) == {""}  # nothing every match holds: always scan
    assert needles([re.compile("more", re.I)]) == {""}  # any case: no plain substring to look for
    assert "" not in foreign_syntax.NEEDLES


def test_real_blogs_convert_alike_with_and_without_the_skip():
    bodies = [p.read_text("utf-8") for p in FIXTURES.rglob("*") if p.suffix in (".md", ".markdown")]
    assert len(bodies) > 50
    skipped = 0
    for body in bodies:
        assert (converted(body), find_left_syntax(body)) == scanned(body)
        skipped += not might_hold_syntax(body)
    assert skipped  # some real posts hold nothing to convert


PIECES = ["{{", "}}", "{%", "%}", "{{<", ">}}", "{{%", "{:", "{::", "}", "{", "|", "|filename|", "{static}", "{tag}",
          "`", "```\n", "    ", "\n", " ", "raw", "endraw", "highlight", "page.title", "site.title", "site.url",
          "x", "- ", "# ", "<pre>", "</pre>", "comment", "endcomment", "toc", ".inline", "youtube", "<!--more-->", "\x00"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_any_body_converts_alike_with_and_without_the_skip(body):
    assert (converted(body), find_left_syntax(body)) == scanned(body)
