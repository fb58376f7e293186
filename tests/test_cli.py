"""The `wom` command's options, through the real CLI: what each one changes, and its exits."""

from __future__ import annotations

import os
import pty
import re
import shlex
import subprocess
import sys

import pytest

from conftest import BASIC_SITE, post, wom_env


def test_check_base_url_is_validated_like_site_yaml(make_site, wom):
    site = make_site({"content/tips/t.md": post("A tip", "2026-01-05")})
    for extra in ((), ("--no-build",)):
        result = wom("check", "--source", str(site), "--base-url", "not-a-url", *extra)
        assert result.returncode == 1, (extra, result.stdout, result.stderr)
        assert "--base-url: base_url: must be an absolute http(s) URL" in result.stderr.splitlines()[0], extra
        assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (site / "output").exists()


def test_check_output_builds_into_and_checks_that_folder(make_site, wom, tmp_path):
    site = make_site({"content/tips/t.md": post("A tip", "2026-01-05", body="See [nowhere](/nowhere/).")})
    elsewhere = tmp_path / "elsewhere"
    result = wom("check", "--source", str(site), "--output", str(elsewhere))
    assert result.returncode == 1
    assert "tips/t/index.html: broken internal link: /nowhere/" in result.stdout.splitlines()
    assert (elsewhere / "tips/t/index.html").is_file() and not (site / "output").exists()
    (elsewhere / "tips/t/index.html").write_text((elsewhere / "tips/t/index.html").read_text().replace("/nowhere/", "/tips/t/"))
    fixed = wom("check", "--source", str(site), "--output", str(elsewhere), "--no-build")
    assert fixed.returncode == 0 and "broken internal link" not in fixed.stdout  # the folder as it is now, not rebuilt
    missing = wom("check", "--source", str(site), "--output", str(tmp_path / "none"), "--no-build")
    assert missing.returncode == 1 and f"{tmp_path / 'none'}: does not exist: build the site first" in missing.stderr


def test_check_drafts_checks_the_draft_pages_too(make_site, wom):
    draft = post("Not yet", "2026-01-05", body="See [nowhere](/nowhere/).", draft=True)
    site = make_site({"content/tips/t.md": post("A tip", "2026-01-05"), "content/tips/draft.md": draft})
    without = wom("check", "--source", str(site))
    assert without.returncode == 0 and "tips/draft/" not in without.stdout and not (site / "output/tips/draft").exists()
    with_drafts = wom("check", "--source", str(site), "--drafts")
    assert with_drafts.returncode == 1
    assert "tips/draft/index.html: broken internal link: /nowhere/" in with_drafts.stdout.splitlines()


def test_check_base_url_is_the_address_checked(make_site, wom):
    body = "[Home](http://shop.example/repo/) and [gone](http://shop.example/repo/nowhere/)."
    site = make_site({"content/tips/t.md": post("A tip", "2026-01-05", body=body)})
    result = wom("check", "--source", str(site), "--base-url", "http://shop.example/repo/")
    lines = result.stdout.splitlines()
    assert "site.yaml: warning: base_url http://shop.example/repo/ is not https: some platforms show no preview for plain http" in lines
    # links under the given base are looked up in the output: the missing one is reported, home is found
    assert [line for line in lines if "broken internal link" in line] == [
        "tips/t/index.html: broken internal link: http://shop.example/repo/nowhere/"]
    page = (site / "output/tips/t/index.html").read_text()
    assert 'property="og:url" content="http://shop.example/repo/tips/t/"' in page
    plain = wom("check", "--source", str(site))  # site.yaml's https://example.org/ again: another site's links
    assert plain.returncode == 0 and "share check: 0 error(s)" in plain.stdout
    assert "is not https" not in plain.stdout and "broken internal link" not in plain.stdout


def test_build_quiet_prints_nothing_on_success(make_site, wom):
    site = make_site({"content/tips/t.md": post("A tip", "2026-01-05", description="A tip about chains, " * 4)})
    result = wom("build", "--source", str(site), "--quiet", check=True)
    assert (result.stdout, result.stderr) == ("", "")
    assert (site / "output/tips/t/index.html").is_file()
    loud = wom("build", "--source", str(site), check=True)
    assert re.fullmatch(rf"built \d+ pages in \d+\.\d\d s: 0 files written, (\d+) unchanged, 0 removed -> {re.escape(str(site / 'output'))}\n",
                        loud.stdout)
    (site / "content/tips/t.md").unlink()
    fewer = wom("build", "--source", str(site), check=True)
    assert re.search(r": \d+ files written, \d+ unchanged, [1-9]\d* removed -> ", fewer.stdout)  # the tip's pages went


def test_a_progress_bar_on_a_terminal_only_and_never_with_quiet(make_site):
    files = {f"content/tips/t{i}.md": post(f"Tip {i}", "2026-01-05", body=f"Text {i}.") for i in range(210)}
    site = make_site(files, BASIC_SITE + "share:\n  cards: false\n")

    def build_on_a_terminal(*options: str) -> tuple[bytes, str]:
        terminal, attached = pty.openpty()  # stderr is a terminal; stdout stays a pipe
        process = subprocess.Popen([sys.executable, "-m", "wom_site", "build", "--source", str(site), "--no-cache", *options],
                                   env=wom_env(TERM="xterm", COLUMNS="100"),
                                   stdout=subprocess.PIPE, stderr=attached)
        os.close(attached)
        shown = b""
        while True:
            try:
                chunk = os.read(terminal, 65536)
            except OSError:  # the build ended and closed its end
                break
            if not chunk:
                break
            shown += chunk
        out = process.communicate(timeout=120)[0].decode()
        os.close(terminal)
        assert process.returncode == 0
        return shown, out

    shown, out = build_on_a_terminal()
    assert b"Rendering Markdown" in shown and b"/210" in shown and out.startswith("built ")
    assert build_on_a_terminal("--quiet") == (b"", "")


def test_no_command_shows_usage_and_the_five_commands_of_a_first_hour(wom):
    result = wom()
    assert result.returncode == 2
    assert result.stdout.startswith("usage: wom")
    firsts = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("  wom ")]
    assert firsts == ["init", "new", "serve", "check", "deploy"]
    assert "wom COMMAND --help" in result.stdout


@pytest.mark.parametrize("command", ["build", "check", "serve", "init", "new", "deploy"])
def test_every_command_help_ends_with_examples_that_parse(command, wom):
    from wom_site.cli import _parser

    result = wom(command, "--help")
    assert result.returncode == 0
    examples = result.stdout.split("\nexamples:\n", 1)[1].splitlines()
    assert examples and all(line.startswith(f"  wom {command}") for line in examples)
    for line in examples:  # each example is a valid command line
        argv = shlex.split(line.split("&&")[0].split("#")[0].split(">")[0])[1:]
        assert _parser().parse_args(argv).command == command


def test_top_level_help_shows_the_first_hour(wom):
    assert "Your first hour with wom:" in wom("--help").stdout


def test_main_in_process_leaves_the_garbage_collector_as_it_was(make_site):
    """Only the `wom` process (cli.run) keeps the collector off; a caller of main() keeps its own."""
    import gc

    from wom_site import cli

    site = make_site({"content/tips/t.md": post("A tip", "2026-01-05")})
    assert gc.isenabled()
    assert cli.main(["build", "--source", str(site), "--quiet"]) == 0
    assert gc.isenabled()
    assert (site / "output/tips/t/index.html").is_file()


def test_new_tip_and_page_write_drafts_that_build(make_site, wom):
    site = make_site({"content/tips/t.md": post("A tip", "2026-01-05")})
    tip = wom("new", "tip", "Oil the chain", "--source", str(site), check=True)
    page = wom("new", "page", "Opening hours", "--source", str(site), check=True)
    tip_file, page_file = site / "content/tips/oil-the-chain.md", site / "content/pages/opening-hours.md"
    assert tip.stdout == f"wrote {tip_file}\n" and page.stdout == f"wrote {page_file}\n"
    assert 'title: "Oil the chain"' in tip_file.read_text() and "draft: true" in tip_file.read_text()
    assert 'title: "Opening hours"' in page_file.read_text() and "date:" not in page_file.read_text()
    wom("build", "--source", str(site), "--drafts", check=True)
    assert (site / "output/tips/oil-the-chain/index.html").is_file()
    assert (site / "output/opening-hours/index.html").is_file()


def test_serve_refuses_a_port_out_of_range_and_a_folder_without_site_yaml(make_site, wom, tmp_path):
    site = make_site({"content/tips/t.md": post("A tip", "2026-01-05")})
    port = wom("serve", "--source", str(site), "--port", "70000")
    assert port.returncode == 2 and port.stderr == "--port: 70000 is not a port number (0-65535)\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = wom("serve", "--port", "0", cwd=empty)
    assert missing.returncode == 1
    assert missing.stderr == f"site.yaml: not found in {empty}: is this a wom site? (pass --source DIR)\n"
    assert not (empty / ".wom-cache").exists()
