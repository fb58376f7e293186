"""The `wom` command's options, through the real CLI: what each one changes, and its exits."""

from __future__ import annotations

from conftest import BASIC_SITE, post


def test_check_base_url_is_validated_like_site_yaml(make_site, wom):
    site = make_site({"content/tips/t.md": post("A tip", "2026-01-05")})
    for extra in ((), ("--no-build",)):
        result = wom("check", "--source", str(site), "--base-url", "not-a-url", *extra)
        assert result.returncode == 1, (extra, result.stdout, result.stderr)
        assert "--base-url: base_url: must be an absolute http(s) URL" in result.stderr.splitlines()[0], extra
        assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (site / "output").exists()
