"""Text that is not what a page expects: control characters in XML outputs, markup and scripts in
author-supplied files and config values."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path


from conftest import run_wom

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
