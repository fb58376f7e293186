"""Text that is not what a page expects: control characters in XML outputs, markup and scripts in
author-supplied files and config values."""

from __future__ import annotations

import json
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_wom, write_files

CONTROLS = [chr(c) for c in range(0x20)]


def control_post(c: str, i: int) -> str:
    """Front matter and body carrying the control character (as YAML escapes where YAML refuses it raw)."""
    escaped = json.dumps(f"Title {i}{c}end")  # JSON strings are YAML double-quoted strings
    return (f"---\ntitle: {escaped}\ndate: 2026-01-{1 + i % 28:02d}\ndescription: {json.dumps('About ' + c + str(i))}\n"
            f"tags: [{json.dumps('tag' + c + str(i))}]\n---\n\nBody {i} with a{c}b in it.\n")


def xml_outputs(output: Path) -> list[Path]:
    return sorted([*output.rglob("*.xml"), *output.rglob("*.svg")])


def test_every_control_character_leaves_every_xml_output_valid(make_site):
    files = {f"content/stories/c{i:02d}.md": control_post(c, i) for i, c in enumerate(CONTROLS) if c != "\x00"}
    files["content/stories/nul.md"] = control_post("\\u0000", 0).replace('"\\\\u0000', '"\\u0000')
    site = make_site(files)
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 0, result.stderr
    outputs = xml_outputs(site / "output")
    assert any(p.name == "all.xml" for p in outputs) and any(p.name == "sitemap.xml" for p in outputs)
    for path in outputs:
        ET.fromstring(path.read_bytes())  # expat refuses any character XML 1.0 forbids
    feed = (site / "output/feeds/all.xml").read_text()
    assert "Title 11end" in feed and "Body 11 with ab in it." in feed  # the vertical tab dropped, the rest kept
    assert "Title 9\tend" in feed  # tab, line feed and carriage return are XML
    cards = list((site / "output").rglob("card/index.html"))
    assert cards and all("<svg" in p.read_text() for p in cards)
    for card in cards:  # the QR code's SVG, inline in the printable card
        svg = card.read_text()
        ET.fromstring(svg[svg.index("<svg"):svg.index("</svg>") + 6])


# --- active content: .html and .svg from content/, config values in every context ---------

EVIL_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10" onload="alert(1)">
  <script>alert(2)</script>
  <rect id="kept" width="10" height="10" fill="#123456" onclick="alert(3)" style="fill: url(javascript:alert(4))"/>
  <a xlink:href="javascript:alert(5)"><text>x</text></a><a href="data:text/html,hi"><text>y</text></a>
  <a href="/stories/">ok</a>
  <foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/"/></foreignObject>
  <set attributeName="href" to="javascript:alert(6)"/>
  <style>@import url(https://evil.example/x.css);</style>
</svg>
"""


def test_svg_and_html_from_content_are_published_without_what_runs(make_site):
    from bs4 import BeautifulSoup

    site = make_site({"content/stories/a.md": "---\ntitle: A\ndate: 2026-01-01\n---\n\n![d](d.svg)\n",
                      "content/stories/d.svg": EVIL_SVG,
                      "content/stories/page.html": "<h1 onclick='alert(1)'>Hi</h1><script>alert(2)</script><p>kept</p>",
                      "content/stories/entity.svg": b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'})
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 0, result.stderr
    svg = (site / "output/stories/d.svg").read_bytes()
    root = ET.fromstring(svg)
    text = svg.decode().lower()
    for bad in ("<script", "onload", "onclick", "javascript:", "data:text", "foreignobject", "iframe", "<set", "@import"):
        assert bad not in text, bad
    assert root.find("{http://www.w3.org/2000/svg}rect").get("fill") == "#123456"  # the drawing is kept
    assert 'href="/stories/"' in svg.decode()
    page = (site / "output/stories/page.html").read_text()
    assert "<script" not in page and "onclick" not in page and "kept" in page
    assert not (site / "output/stories/entity.svg").exists()
    lines = result.stderr.splitlines()
    assert any(line.startswith("content/stories/d.svg: warning: removed unsafe content:") for line in lines), lines
    assert any(line.startswith("content/stories/page.html: warning: removed unsafe content:") for line in lines), lines
    assert any(line.startswith("content/stories/entity.svg: warning: not published:") for line in lines), lines
    assert BeautifulSoup((site / "output/stories/a/index.html").read_text(), "html.parser").find("img")


HOSTILE = st.lists(st.sampled_from(list("\"'<>&/\\` ab") + ["</script>", "<!--", "*/", "</style>", "{{", "${x}"]), min_size=1,
                   max_size=8).map(lambda s: "A" + "".join(s)).filter(lambda s: s.strip() == s)


def strings(data) -> set[str]:
    if isinstance(data, str):
        return {data}
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    return set().union(*(strings(v) for v in values)) if values else set()


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=HOSTILE)
def test_config_values_are_escaped_in_every_context(value):
    from bs4 import BeautifulSoup

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        quoted = json.dumps(value)
        write_files(site, {"site.yaml": f"title: {quoted}\ndescription: {quoted}\nbase_url: https://example.org/shop/\n"
                                        f"author: {quoted}\nbusiness:\n  name: {quoted}\n  phone: '+44 20 7946 0000'\n"
                                        f"menu:\n  - title: {quoted}\n    url: /about/\n",
                           "content/stories/a.md": "---\ntitle: Story\ndate: 2026-01-01\n---\n\nBody.\n"})
        result = run_wom("build", "--source", str(site))
        assert result.returncode == 0, result.stderr
        for path in (site / "output").rglob("*.html"):
            soup = BeautifulSoup(path.read_text(), "html.parser")
            for script in soup.find_all("script"):
                assert script.get("src") or script.get("type") == "application/ld+json", (path, script)
                if script.get("type") == "application/ld+json":
                    json.loads(script.string)  # data, whole
            for meta in soup.find_all("meta", property="og:site_name"):
                assert meta["content"] == value
        home = BeautifulSoup((site / "output/index.html").read_text(), "html.parser")
        assert home.title.string.startswith(value) or value in home.title.string
        ld = [json.loads(s.string) for s in home.find_all("script", type="application/ld+json")]
        assert value in strings(ld)  # the business's and the site's name, exactly
        assert "</" not in "".join(s.string for s in home.find_all("script", type="application/ld+json"))
        for feed in (site / "output/feeds").glob("*.xml"):
            ET.fromstring(feed.read_bytes())


@pytest.mark.parametrize("base_url", ['https://example.org/"onmouseover=alert(1)', "javascript:alert(1)//", "https://example.org/ x",
                                      "https://example.org/?q=<script>", "ftp://example.org/", "//example.org/", "https://example.org/\nx"])
def test_a_base_url_that_is_no_plain_http_url_is_refused_at_load(make_site, base_url):
    site = make_site({"content/stories/a.md": "---\ntitle: A\ndate: 2026-01-01\n---\n\nBody.\n"},
                     config=f"title: T\nbase_url: {json.dumps(base_url)}\n")
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 1 and result.stderr.startswith("site.yaml:") and "base_url" in result.stderr, result.stderr
    assert not (site / "output").exists()


def test_a_menu_link_cannot_run_script(make_site):
    site = make_site({}, config="title: T\nbase_url: https://example.org/\nmenu:\n  - title: Evil\n    url: 'javascript:alert(1)'\n")
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 1 and "site.yaml" in result.stderr and "menu" in result.stderr, result.stderr
