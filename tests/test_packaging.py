"""The installed package works outside this repository: the wheel and sdist carry everything,
pass `twine check`, and a site made by `wom init` installs the same wom-site in CI."""

from __future__ import annotations

import email
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml

import wom_site
from conftest import REPO
from wom_site.deploy.requirements import source_from_direct_url


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> dict[str, Path]:
    """The sdist and the wheel `python -m build` makes (the wheel is built from the sdist)."""
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(REPO)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return {"wheel": next(out.glob("wom_site-*.whl")), "sdist": next(out.glob("wom_site-*.tar.gz"))}


def _venv(path: Path) -> Path:
    """A fresh virtual environment (no site packages of ours); returns its bin folder."""
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, capture_output=True, timeout=120)
    return path / "bin"


def venv_env(bin_dir: Path) -> dict[str, str]:
    """The environment of a shell in which that venv is active, and this checkout is not on the path."""
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", VIRTUAL_ENV=str(bin_dir.parent))
    env.pop("PYTHONPATH", None)
    return env


def _pip_install(bin_dir: Path, *args: str, cwd: Path | None = None) -> None:
    result = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", *args], cwd=cwd,
                            env=venv_env(bin_dir), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture(scope="module")
def user_venv(dist, tmp_path_factory) -> Path:
    """A user's virtual environment with the built wheel installed (dependencies from PyPI)."""
    bin_dir = _venv(tmp_path_factory.mktemp("user") / "venv")
    _pip_install(bin_dir, str(dist["wheel"]))
    return bin_dir


def _tracked_data_files() -> dict[str, str]:
    """Every file git tracks in the package and the default theme, but Python and the gettext
    sources (.po, .pot: the wheel ships their compiled .mo): wheel path -> repo path."""
    listed = subprocess.run(["git", "ls-files", "wom_site", "themes/default"], cwd=REPO, capture_output=True,
                            text=True, check=True).stdout.split()
    files = {}
    for rel in listed:
        if rel.endswith((".py", ".po", ".pot")) or not (REPO / rel).is_file():
            continue
        files["wom_site/themes/" + rel.removeprefix("themes/") if rel.startswith("themes/") else rel] = rel
    return files


def test_wheel_and_sdist_pass_twine_check_and_carry_every_data_file(dist):
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(dist["wheel"]), str(dist["sdist"])],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.count("PASSED") == 2, result.stdout + result.stderr
    wheel = zipfile.ZipFile(dist["wheel"])
    names = set(wheel.namelist())
    expected = _tracked_data_files()
    assert any(p.endswith(".ttf") for p in expected) and any(p.endswith(".html") for p in expected)
    assert not set(expected) - names, "missing from the wheel"
    shipped = sorted(p.parent.parent.name for p in (REPO / "wom_site/locales").glob("*/LC_MESSAGES/wom.po"))
    assert shipped and all(f"wom_site/locales/{lang}/LC_MESSAGES/wom.mo" in names for lang in shipped), shipped
    with tarfile.open(dist["sdist"]) as sdist:
        root = sdist.getnames()[0].split("/")[0]
        in_sdist = {n.removeprefix(root + "/") for n in sdist.getnames()}
    assert not set(expected.values()) - in_sdist, "missing from the sdist"
    assert {"LICENSE", "README.md", "pyproject.toml"} <= in_sdist
    meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
    meta = email.message_from_bytes(wheel.read(meta_name))
    assert meta["Version"] == wom_site.__version__  # the one place the version is written
    assert meta["License-Expression"] == "MIT"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert {"Homepage", "Source", "Issues"} <= set(urls) and all(u.startswith("https://") for u in urls.values())
    assert meta["Description-Content-Type"].startswith("text/markdown")


def test_wheel_installs_and_builds_a_new_site_elsewhere(dist, tmp_path):
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(dist["wheel"])],
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


def _workflow_step(site: Path, name: str) -> str:
    workflow = yaml.safe_load((site / ".github/workflows/wom.yml").read_text())
    return next(s["run"] for s in workflow["jobs"]["build"]["steps"] if s.get("name") == name)


def test_the_workflow_wom_init_writes_installs_the_wheel_the_user_installed(user_venv, tmp_path):
    site = tmp_path / "my-site"
    init = subprocess.run([str(user_venv / "wom"), "init", str(site)], env=venv_env(user_venv),
                          capture_output=True, text=True, timeout=120)
    assert init.returncode == 0, init.stderr
    wheel_name = next((site / "wheels").glob("wom_site-*.whl")).name
    assert f"copied {wheel_name} into wheels/" in init.stdout and "note:" not in init.stdout
    requirement = [line for line in (site / "requirements.txt").read_text().splitlines() if not line.startswith("#")]
    assert requirement == [f"./wheels/{wheel_name}"]

    runner = _venv(tmp_path / "runner")  # a CI runner: nothing but Python, in the site's checkout
    env = venv_env(runner)
    base_url = "https://example.org/shop/blog"  # what configure-pages gives: no trailing slash
    for step in ("Install wom-site", "Build"):
        command = _workflow_step(site, step).replace("${{ steps.pages.outputs.base_url }}", base_url)
        result = subprocess.run(["bash", "-e", "-c", command], cwd=site, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"{step}: {result.stdout[-2000:]}{result.stderr[-2000:]}"
    installed = subprocess.run([str(runner / "python"), "-c", "import wom_site; print(wom_site.__file__)"],
                               env=env, capture_output=True, text=True, cwd=tmp_path).stdout
    assert installed.startswith(str(runner.parent))
    home = (site / "output/index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/shop/blog/">' in home


@pytest.mark.parametrize("direct, line, note", [
    (None, "wom-site==1.2.0", False),
    ({"url": "https://github.com/me/wom-site.git", "vcs_info": {"vcs": "git", "commit_id": "a" * 40, "requested_revision": "main"}},
     f"wom-site @ git+https://github.com/me/wom-site.git@{'a' * 40}", False),
    ({"url": "https://example.org/wom_site-1.2.0-py3-none-any.whl", "archive_info": {"hashes": {"sha256": "beef"}}},
     "wom-site @ https://example.org/wom_site-1.2.0-py3-none-any.whl#sha256=beef", False),
    ({"url": "file:///home/me/src/wom-site", "dir_info": {"editable": True}}, "wom-site==1.2.0", True),
    ({"url": "file:///home/me/src/wom-site", "dir_info": {}}, "wom-site==1.2.0", True),
    ({"url": "file:///nowhere/wom_site-1.2.0-py3-none-any.whl", "archive_info": {}}, "wom-site==1.2.0", True),
])
def test_requirements_follow_how_wom_site_was_installed(direct, line, note):
    source = source_from_direct_url(direct, "1.2.0")
    assert source.requirement == line and bool(source.note) == note and source.archive is None
    if note:  # says where it was installed from and what to write instead
        assert "GitHub cannot install it" in source.note and "wom-site==1.2.0" in source.note


def test_init_from_a_source_folder_says_so_in_requirements_and_output(wom, tmp_path):
    result = wom("init", str(tmp_path / "new"), check=True)  # this checkout, on PYTHONPATH
    text = (tmp_path / "new/requirements.txt").read_text()
    assert "note: wom-site was run from a source folder" in result.stdout
    assert "# wom-site was run from a source folder" in text and "GitHub cannot install it" in text
    assert text.splitlines()[-1] == f"wom-site=={wom_site.__version__}"


def _start_commands() -> list[str]:
    """The commands of the README's "Start your own site", comments removed."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Start your own site", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_the_readme_start_your_own_site_commands_reach_a_deployed_folder(user_venv, tmp_path):
    from helpers import free_port

    commands = _start_commands()
    assert len(commands) <= 5 and commands[0].startswith("pipx install wom-site")
    assert not any(c.startswith(("pip install", "python3 -m pip install")) for c in commands)  # never outside a venv
    install, rest = commands[0], commands[1:]
    assert [c.split()[1] for c in rest] == ["init", "new", "serve", "deploy"]
    port = free_port()
    script = ["set -e"]
    for command in rest:  # the user's wom is the built wheel in a fresh venv (as pipx would make it)
        if command.startswith("wom serve"):
            script += [f"{command} --port {port} > serve.log 2>&1 &", "SERVE=$!",
                       "for i in $(seq 300); do grep -q serving serve.log && break; sleep 0.1; done",
                       f"python -c \"import urllib.request, sys; sys.stdout.buffer.write(urllib.request.urlopen("
                       f"'http://127.0.0.1:{port}/stories/how-rosa-got-her-van-back/').read())\" > ../draft.html",
                       "kill $SERVE; wait $SERVE || true"]
        else:
            script.append(command)
    env = dict(venv_env(user_venv), HOME=str(tmp_path))
    result = subprocess.run(["bash", "-c", "\n".join(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    site, deployed = tmp_path / "my-site", tmp_path / "public_html"
    assert "created a new site in my-site" in result.stdout
    assert "wrote content/stories/how-rosa-got-her-van-back.md" in result.stdout
    assert f"deployed to {deployed}" in result.stdout
    assert (deployed / "index.html").is_file() and (deployed / "stories/first-story/index.html").is_file()
    assert not (deployed / "stories/how-rosa-got-her-van-back").exists()  # still a draft
    assert "not published: 1 draft (content/stories/how-rosa-got-her-van-back.md)" in result.stderr
    draft_page = (tmp_path / "draft.html").read_text()
    assert "How Rosa got her van back" in draft_page and 'id="wom-badge"' in draft_page  # the preview showed it
    assert (site / "requirements.txt").read_text().splitlines()[-1].startswith("./wheels/wom_site-")


def test_the_readme_stays_short_and_links_only_to_docs_that_exist():
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 250  # the rest belongs in docs/
    first_block = readme.split("```sh\n", 1)[1].split("```", 1)[0]  # the two commands come before anything else to run
    assert first_block == "python3 -m pip install . && wom build\npython3 -m pip install '.[test]' && python3 -m pytest\n"
    assert readme.index("```sh") < readme.index("## Start your own site")
    for target in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (REPO / target).is_file(), target
