"""Fixtures that build real sites in temporary folders, through the CLI and the library."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

BASIC_SITE = """\
title: "Test & Co"
description: "A test site."
base_url: "https://example.org/"
timezone: UTC
author: Tester
"""


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")


def post(title: str, date: str = "2026-01-05", body: str = "Some text.", **fields) -> str:
    """Markdown with front matter; extra fields are written as YAML lines."""
    import json

    lines = [f"title: {json.dumps(title, ensure_ascii=False)}", f"date: {date}"]
    for key, value in fields.items():
        lines.append(f"{key}: {value if isinstance(value, str) and value.startswith(('[', '{')) else json.dumps(value, ensure_ascii=False, default=str)}")
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


@pytest.fixture
def make_site(tmp_path):
    """make_site({"content/stories/a.md": "..."}) -> site folder with a basic site.yaml."""

    def make(files: dict[str, str | bytes] | None = None, config: str = BASIC_SITE, name: str = "site") -> Path:
        root = tmp_path / name
        root.mkdir()
        write_files(root, {"site.yaml": config, **(files or {})})
        return root

    return make


def wom_env(**extra: str) -> dict[str, str]:
    """The environment a `python -m wom_site` subprocess runs in: this checkout first on its path."""
    return dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""), **extra)


def run_wom(*args: str, cwd: Path | None = None, check: bool | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "wom_site", *args], cwd=cwd, env=wom_env(),
                            capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"wom {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def wom():
    return run_wom


@pytest.fixture(scope="module")
def browser():
    """One Chromium for a test module's browser tests (tests/browser.py: skips, with the reason,
    where Chromium or Playwright is missing)."""
    from browser import chromium_browser

    with chromium_browser() as chromium:
        yield chromium
