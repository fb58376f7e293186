"""A build loads only the modules its work needs (build.py): one with nothing to do stops before
the pipeline's (Markdown, Jinja, Pillow, the generators), a body edit before what only a full
build uses. Seen in a fresh `wom build` process, as a user runs it: the tests' own process has
imported everything already. (What it saves is measured in bench/, docs/performance.md.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import post, wom_env
from helpers import edit

# `wom build`, then the names of every module the process imported, as JSON on the last line.
PROBE = ("import json, sys\nfrom wom_site.cli import main\nstatus = main(sys.argv[1:])\n"
         "print(json.dumps([status, sorted(sys.modules)]))\n")
FULL_BUILD_ONLY = {"wom_site.pipeline", "wom_site.share_images", "wom_site.translations", "wom_site.share.social_images",
                   "PIL", "fontTools"}
# What any build with a change loads: parsing, Markdown, rendering, the loop.
EDITS = {"wom_site.body_edits", "wom_site.foreign_syntax", "wom_site.cached", "wom_site.markdown_converter", "markdown",
         "jinja2", "wom_site.templates", "wom_site.outputs.registry", "wom_site.outputs.loop", "wom_site.publish"}


def _modules(site: Path) -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, "build", "--source", str(site), "--quiet"], cwd=site,
                            env=wom_env(), capture_output=True, text=True, timeout=300)
    status, modules = json.loads(result.stdout.splitlines()[-1])
    assert status == 0, result.stderr
    return set(modules)


def test_a_build_imports_only_what_its_work_needs(make_site):
    files = {f"content/stories/s{i}.md": post(f"Story {i}", tags="[bikes]", body=f"Story {i}.\n\nMore about story {i}.\n\n```python\nx = {i}\n```")
             for i in range(3)}
    site = make_site({**files, "content/tips/t1.md": post("A tip", body="Oil the chain.")},
                     config="title: Shop\nbase_url: https://example.org/shop/\nsearch: false\n")
    full = _modules(site)
    assert FULL_BUILD_ONLY | EDITS <= full  # the probe sees a build's imports

    unchanged = _modules(site)
    assert unchanged & (FULL_BUILD_ONLY | EDITS) == set()
    assert {"wom_site.run", "wom_site.config", "wom_site.record", "yaml"} <= unchanged

    edit(site / "content/stories/s1.md", "More about story 1.", "Rewritten story 1.")  # not its summary: a body edit
    body_edit = _modules(site)
    assert "Rewritten story 1." in (site / "output/stories/s1/index.html").read_text(encoding="utf-8")
    assert EDITS <= body_edit
    assert body_edit & FULL_BUILD_ONLY == set()
