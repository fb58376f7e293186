"""Every input has a bound: past it, one clear line naming the file, and the rest of the site builds."""

from __future__ import annotations

import io
import subprocess
import sys
import threading

from conftest import post, run_wom, wom_env


def test_pathological_markdown_is_an_error_naming_the_file_in_bounded_time(make_site):
    site = make_site({"content/stories/slow.md": post("Slow", body="[a](" * 12000),
                      "content/stories/deep.md": post("Deep", "2026-01-06", body="*a " * 4000 + "b" + " a*" * 4000),
                      "content/stories/fine.md": post("Fine", "2026-01-07", body="Plain text.")})
    result = run_wom("build", "--source", str(site), "--keep-going")
    assert result.returncode == 1, result.stderr
    assert "content/stories/slow.md:5: its Markdown took more than 5 s to render" in result.stderr, result.stderr
    assert "content/stories/deep.md:5: its Markdown " in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert "Plain text." in (site / "output/stories/fine/index.html").read_text()  # the rest is published


def test_pathological_markdown_saved_while_wom_serve_runs_is_bounded_too(make_site):
    """wom serve rebuilds in a thread, where no timer signal reaches: the budget holds there too
    (markdown.time_budget), so the preview names the file instead of stalling for minutes."""
    site = make_site({"content/stories/fine.md": post("Fine", body="Plain text.")})
    server = subprocess.Popen([sys.executable, "-m", "wom_site", "serve", "--source", str(site), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=wom_env())
    try:
        said = _lines_until(server, "serving")
        (site / "content/stories/slow.md").write_text(post("Slow", body="[a](" * 12000))  # > 5 s unbounded
        said += _lines_until(server, "build failed")
        assert "content/stories/slow.md:5: its Markdown took more than 5 s to render" in said, said
        assert "Traceback" not in said
        (site / "content/stories/slow.md").write_text(post("Slow", body="Now simple."))  # and the preview goes on
        said += _lines_until(server, "rebuilt after content/stories/slow.md")
    finally:
        server.kill()
        server.communicate()


def _lines_until(server: subprocess.Popen, text: str, seconds: float = 120) -> str:
    """What the server prints up to a line holding `text`; fails after `seconds` without one."""
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        for line in server.stdout:
            lines.append(line)
            if text in line:
                found.set()
                return

    threading.Thread(target=read, daemon=True).start()
    assert found.wait(seconds), f"no line with {text!r} in {seconds} s:\n" + "".join(lines)
    return "".join(lines)


def test_a_yaml_alias_bomb_is_refused_with_its_line(make_site):
    lol = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))
    site = make_site({"content/stories/bomb.md": "---\ntitle: Bomb\ndate: 2026-01-01\n" + lol + "tags: *i\n---\n\nBody.\n",
                      "content/stories/fine.md": post("Fine", body="Plain.")})
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "content/stories/bomb.md:5: invalid YAML: YAML aliases (*a) are not allowed" in result.stderr or \
        "content/stories/bomb.md:5: YAML aliases (*a) are not allowed" in result.stderr, result.stderr
    site_yaml = site / "site.yaml"
    site_yaml.write_text(site_yaml.read_text() + "extra: {x: &x [1, 2], y: *x}\n")
    (site / "content/stories/bomb.md").unlink()
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 1 and result.stderr.startswith("site.yaml:") and "aliases" in result.stderr, result.stderr


def test_thousands_of_tags_on_one_post_give_output_linear_in_tags(make_site):
    tags = "[" + ", ".join(f"t{i}" for i in range(2000)) + "]"
    site = make_site({"content/stories/many.md": post("Many", tags=tags, body="Body."),
                      "content/stories/few.md": post("Few", "2026-01-06", tags="[t1, t2]", body="Body.")})
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 0, result.stderr
    assert "content/stories/many.md:4: warning: tags: 2000 tags; only the first 30 are used" in result.stderr, result.stderr
    size = sum(p.stat().st_size for p in (site / "output").rglob("*") if p.is_file())
    assert size < 20_000_000, size  # 2000 tags made 228 MB
    assert (site / "output/tags/t29/index.html").is_file() and not (site / "output/tags/t30").exists()


def test_a_decompression_bomb_cover_is_one_warning_and_the_rest_builds(make_site):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (30000, 30000)).save(buffer, "PNG")  # 900 megapixels, a few kilobytes
    site = make_site({"content/stories/bomb.md": post("Bomb", image="bomb.png", image_alt="x", body="Body."),
                      "content/stories/bomb.png": buffer.getvalue(),
                      "content/stories/fine.md": post("Fine", "2026-01-06", body="Plain.")})
    result = run_wom("build", "--source", str(site))
    assert result.returncode == 0, result.stderr
    assert "content/stories/bomb.md: warning: image bomb.png is not an image this build can read" in result.stderr, result.stderr
    assert "stories/bomb.png: warning: not an image Pillow can read" in result.stderr or "bomb.png" in result.stderr
    assert (site / "output/stories/fine/index.html").is_file() and (site / "output/stories/bomb/index.html").is_file()
