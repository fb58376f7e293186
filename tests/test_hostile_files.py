"""Files that are not what they seem: FIFOs and devices in content/, templates that link outside the
site, output folders whose names are glob patterns, covers that climb out of content/, and a file
where the last build had a folder (or the reverse)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASIC_SITE, post, run_wom, write_files
from helpers import png, tree

FILES = {"content/stories/a.md": post("Story A", body="A story."), "content/tips/t.md": post("Tip", "2026-02-01", body="Oil.")}


def test_a_fifo_in_content_is_refused_by_name_and_never_waited_on(make_site):
    site = make_site(FILES)
    os.mkfifo(site / "content/stories/pipe.jpg")
    os.mkfifo(site / "content/stories/notes.md")
    result = run_wom("build", "--source", str(site))  # run_wom's timeout: a read of the FIFO would hang
    assert result.returncode == 1, result.stderr
    assert "content/stories/pipe.jpg: is a named pipe (FIFO), not a regular file" in result.stderr
    assert "content/stories/notes.md: is a named pipe (FIFO), not a regular file" in result.stderr
    assert "Traceback" not in result.stderr and not (site / "output").exists()


def test_a_device_linked_into_content_is_refused(make_site):
    site = make_site(FILES)
    (site / "content/stories/zero.bin").symlink_to("/dev/zero")
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 1 and "content/stories/zero.bin:" in result.stderr, result.stderr


def test_a_theme_template_linking_outside_the_site_is_refused(make_site, tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_text("SECRET KEY MATERIAL")
    site = make_site(FILES, config=BASIC_SITE + "theme: mine\n")
    (site / "themes/mine/templates").mkdir(parents=True)
    (site / "themes/mine/templates/story.html").symlink_to(secret)
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 1, result.stderr
    assert f"themes/mine/templates/story.html: is a link to {secret}, outside the site" in result.stderr
    assert not (site / "output").exists()
    shutil.rmtree(site / "themes/mine")
    (site / "themes/mine").symlink_to(tmp_path)  # the whole theme folder, elsewhere
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 1 and "themes/mine: leads to" in result.stderr, result.stderr


def test_a_cover_that_climbs_out_of_content_is_refused_by_name(make_site, tmp_path):
    (tmp_path / "outside.png").write_bytes(png(1200, 630))
    site = make_site({**FILES, "content/stories/b.md": post("B", image="../../../outside.png", image_alt="x"),
                      "content/stories/c.md": post("C", image="../../static/../../outside.png", image_alt="x")})
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 1, result.stderr
    assert "content/stories/b.md: image ../../../outside.png is outside content/" in result.stderr
    assert "content/stories/c.md: image ../../static/../../outside.png is outside content/" in result.stderr


def test_a_file_where_a_folder_was_and_the_reverse(make_site):
    site = make_site({**FILES, "content/stories/x": "an asset called x\n"})
    run_wom("build", "--source", str(site), check=True)
    assert (site / "output/stories/x").is_file()
    (site / "content/stories/x").unlink()
    (site / "content/stories/x.md").write_text(post("X", body="Now a post."))
    run_wom("build", "--source", str(site), check=True)
    assert "Now a post." in (site / "output/stories/x/index.html").read_text()
    (site / "content/stories/x.md").unlink()
    (site / "content/stories/x").write_text("an asset again\n")
    run_wom("build", "--source", str(site), check=True)
    assert (site / "output/stories/x").read_text() == "an asset again\n"


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.lists(st.sampled_from(["[", "]", "*", "?", "o", "1", "-", "!", "{", "}"]), min_size=1, max_size=6)
       .map(lambda parts: "out" + "".join(parts)))
def test_recovery_finds_a_killed_builds_folder_whatever_the_output_is_called(name):
    """Killed between the two renames of a swap: output/ is gone and the last good tree waits beside it."""
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        write_files(site, {"site.yaml": BASIC_SITE, **FILES})
        output = site / name
        run_wom("build", "--source", str(site), "--output", str(output), check=True)
        good = tree(output)
        (site / f".{name}1.wom-old-1").mkdir()  # another folder's leftover, which a pattern would also match
        os.rename(output, site / f".{name}.wom-old-4242")
        run_wom("build", "--source", str(site), "--output", str(output), check=True)
        assert tree(output) == good
        assert not (site / f".{name}.wom-old-4242").exists() and (site / f".{name}1.wom-old-1").exists()
