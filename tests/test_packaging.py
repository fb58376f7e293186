"""The installed package works outside this repository: theme and assets ship in the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from conftest import REPO


def test_wheel_installs_and_builds_a_new_site_elsewhere(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
                   check=True, capture_output=True, timeout=240)
    wheel = next(wheels.glob("wom_site-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "wom_site/themes/default/templates/base.html" in names
    assert "wom_site/themes/default/static/css/site.css" in names
    shipped = sorted(p.parent.parent.name for p in (REPO / "wom_site/locales").glob("*/LC_MESSAGES/wom.po"))
    assert shipped and all(f"wom_site/locales/{lang}/LC_MESSAGES/wom.mo" in names for lang in shipped), shipped
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=240)
    env = dict(os.environ, PYTHONPATH=str(target))
    site = tmp_path / "x"

    def wom(*args, cwd=tmp_path):
        return subprocess.run([sys.executable, "-m", "wom_site", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=240)

    probe = subprocess.run([sys.executable, "-c", "import wom_site; print(wom_site.__file__)"],
                                                   cwd=tmp_path, env=env, capture_output=True, text=True)
    assert probe.stdout.startswith(str(target)), probe
    assert wom("init", str(site)).returncode == 0
    result = wom("build", cwd=site)
    assert result.returncode == 0, result.stderr
    assert (site / "output/index.html").is_file()
    yaml = site / "site.yaml"  # the installed package speaks German from its own catalog
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("language: en", "language: de"), encoding="utf-8")
    result = wom("build", cwd=site)
    assert result.returncode == 0 and "warning: language" not in result.stdout + result.stderr, result.stderr
    assert "Zum Inhalt springen" in (site / "output/index.html").read_text(encoding="utf-8")
    assert any((site / "output/css").glob("site.*.css"))
