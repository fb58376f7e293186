"""The layering of docs/architecture.md stays true: import-linter's contracts in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_imports_keep_the_layers_of_the_architecture():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint, "lint-imports not found: import-linter is in the test extra (pip install '.[test]')"
    result = subprocess.run([lint, "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=300,
                            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "4 kept, 0 broken" in result.stdout


def test_the_pure_stages_run_on_plain_data_without_a_cache_or_the_disk():
    """parse, Markdown and assemble (stages.py) take values and return values: a site from
    sources made in memory, no cache and no site folder (cached.py adds the cache around them)."""
    import datetime as dt
    import inspect

    from wom_site import stages
    from wom_site.config import config_from_mapping
    from wom_site.content import SourceFile, digest_bytes
    from wom_site.markdown import unpack_html

    for name, function in inspect.getmembers(stages, inspect.isfunction):
        if function.__module__ == "wom_site.stages":
            assert "cache" not in inspect.signature(function).parameters, name
    config = config_from_mapping({"title": "Shop", "base_url": "https://example.org/shop/blog/"})
    text = "---\ntitle: Почему мы пекём\ndate: 2026-03-14\ntags: [хлеб]\n---\nFlour, *water* and salt.\n".encode()
    sources = [SourceFile("content/stories/bread.md", "stories", text, digest_bytes(text))]
    entries, problems = stages.entries_and_problems(stages.parse_sources(sources, config))
    assert problems == [] and [e.title for e in entries] == ["Почему мы пекём"]
    (body,) = stages.render_markdown([(entries[0].body, entries[0].source, config.markdown, "/shop/blog/")])
    assert "<em>water</em>" in unpack_html(body.packed_html)
    now = dt.datetime(2026, 4, 1, tzinfo=dt.timezone.utc)
    memo: dict = {}
    sites, problems = stages.assemble_site(stages.without_markdown(entries), {entries[0].digest: body}, config, now,
                                           set(), [], memo)
    (post,) = sites["en"].posts
    assert problems == [] and post.url == "/shop/blog/stories/bread/"
    assert "<em>water</em>" in post.html and [t.name for t in post.tags] == ["хлеб"]
    assert memo  # the related-posts ranking, for the caller to keep
