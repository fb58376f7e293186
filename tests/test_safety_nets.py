"""A writer's mistakes get a sentence, not silence: what a build left out and why, typos in
front matter, what `wom new` left in a post, and many warnings of one kind summed up.
Everything through the CLI, with the build's "now" frozen by WOM_NOW."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import post, wom_env
from helpers import png

NOW = "2026-12-07T10:00:00+00:00"
DOCS = "https://github.com/wom-site/wom-site/blob/main/docs/problems.md"


def wom_at(*args: str, cwd=None, now: str = NOW) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wom_site", *args], cwd=cwd, env=wom_env(WOM_NOW=now),
                          capture_output=True, text=True, timeout=300)


def test_every_build_ends_with_what_it_did_not_publish_and_why(make_site):
    site = make_site({
        "content/tips/out.md": post("Published", "2026-11-01"),
        "content/tips/d1.md": post("Draft one", "2026-11-02", draft=True),
        "content/tips/d2.md": post("Draft two", "2026-11-03", published=False),
        "content/tips/later.md": post("Later", "2026-12-12"),
        "content/stories/x.md": post("Rosa's story", "2026-11-04", customer='{name: "Rosa"}'),
    })
    expected = ("not published: 2 drafts (content/tips/d1.md, content/tips/d2.md), 1 scheduled for 12 Dec 2026 "
                "(content/tips/later.md), 1 waiting for the customer's approval (content/stories/x.md): "
                "add customer.approved: <date> once they agree")
    first = wom_at("build", "--source", str(site))
    assert first.returncode == 0 and expected in first.stderr.splitlines()
    again = wom_at("build", "--source", str(site))  # nothing changed: said again, from the cache
    assert "0 files written" in again.stdout and expected in again.stderr.splitlines()
    assert not (site / "output/tips/later").exists() and not (site / "output/tips/d1").exists()
    on_the_day = wom_at("build", "--source", str(site), now="2026-12-12T08:00:00+00:00")
    assert (site / "output/tips/later/index.html").is_file()
    assert "scheduled" not in on_the_day.stderr and "2 drafts" in on_the_day.stderr
    everything = wom_at("build", "--source", str(site), "--drafts", "--future")
    assert "not published" not in everything.stderr


def test_a_bad_wom_now_is_a_usage_error(make_site):
    result = wom_at("build", "--source", str(make_site()), now="next tuesday")
    assert result.returncode == 2 and result.stderr.startswith("WOM_NOW: 'next tuesday' is not a date")


def test_front_matter_typos_get_a_did_you_mean_and_other_generators_keys_do_not(make_site):
    site = make_site({
        "content/tips/a.md": post("A tip", "2026-11-01", titel="Oops", tgas="[a]", weight=3, mood="happy",
                                  redirect_to="/x/", publishdate="2026-01-01"),
    })
    result = wom_at("build", "--source", str(site))
    lines = [line for line in result.stderr.splitlines() if "front-matter key" in line]
    assert sorted(lines) == [  # at each key's line: title 2, date 3, titel 4, tgas 5, weight 6, mood 7
        "content/tips/a.md:4: warning: unknown front-matter key: `titel`: did you mean `title`?",
        "content/tips/a.md:5: warning: unknown front-matter key: `tgas`: did you mean `tags`?",
        "content/tips/a.md:7: warning: unknown front-matter key: `mood` is not read by wom (themes see it as page.entry.extra.mood)",
    ]
    assert f"  why, and how to fix it: {DOCS}#unknown-front-matter-key" in result.stderr
    assert result.returncode == 0 and (site / "output/tips/a/index.html").is_file()


def test_a_key_of_the_wrong_type_says_which_type_it_wants(make_site):
    site = make_site({"content/tips/a.md": post("A tip", "2026-11-01", tags='{a: 1}', date_extra=1)
                      .replace("title: \"A tip\"", "title: [A, tip]")})
    result = wom_at("build", "--source", str(site))
    assert result.returncode == 1
    assert "content/tips/a.md:2: title: must be text, not list" in result.stderr
    assert "content/tips/a.md:4: tags: must be a list of text values" in result.stderr


def test_many_warnings_of_one_kind_are_summed_up_and_a_different_one_still_shows(make_site):
    files = {f"content/tips/t{i}.md": post(f"Tip {i}", "2026-11-01", body=f"![photo](missing-{i}.jpg)") for i in range(9)}
    files["content/tips/odd.md"] = post("Odd", "2026-11-02", titel="x")
    site = make_site(files)
    result = wom_at("build", "--source", str(site))
    lines = result.stderr.splitlines()
    missing = [line for line in lines if "image not found" in line and line.startswith("content/")]
    assert len(missing) == 3
    assert "  ... and 6 more warnings 'image not found' (9 in all; `wom build --verbose` lists every one)" in lines
    assert f"  why, and how to fix it: {DOCS}#image-not-found" in lines
    assert any("`titel`: did you mean `title`?" in line for line in lines)
    verbose = wom_at("build", "--source", str(site), "--verbose")
    assert sum("image not found" in line for line in verbose.stderr.splitlines()) == 9


def test_check_finds_what_a_writer_left_unfinished(make_site):
    site = make_site({
        "content/tips/ok.md": post("A finished tip", "2026-11-01", description="Oil the chain every month in winter, and it lasts twice as long."),
        "content/tips/todo.md": post("Half done", "2026-11-02", description="A tip that is not finished yet but someone forgot to say so.",
                                     body="First line.\n\nTODO: ask Mara for the torque figure."),
        "content/stories/s.md": post("A story", "2026-11-03", customer='{name: "Rosa", approved: 2026-11-01}',
                                     body="Some words."),
        "content/stories/big.jpg": png(3000, 2000, format="JPEG"),
        "content/tips/link.md": post("Links", "2026-11-04", description="A tip that links to a page of this site that is not there.",
                                     body="See [the old page](/tips/no-such-tip/)."),
    })
    new = wom_at("new", "story", "Rosa's new bike", "--source", str(site))
    written = site / "content/stories/rosas-new-bike.md"
    assert new.returncode == 0 and "Write the story in the customer's words" in written.read_text()
    written.write_text(written.read_text().replace("draft: true", "draft: false").replace("approved:  ", "approved: 2026-11-05"))
    result = wom_at("check", "--source", str(site), "--verbose")
    out = result.stdout
    assert ("content/stories/rosas-new-bike.md: warning: placeholder text: “Write the story in the customer's words” "
            "is still there (from `wom new` or `wom init`); write your own") in out
    assert "content/tips/todo.md: warning: TODO: line 9: TODO: ask Mara for the torque figure." in out
    assert "content/stories/s.md: warning: empty customer quote" in out
    assert "content/stories/s.md: warning: no summary" in out and "content/tips/ok.md: warning: no summary" not in out
    assert "content/stories/big.jpg: warning: image larger than shown: 3000x2000 px" in out
    assert "tips/link/index.html: broken internal link: /tips/no-such-tip/" in out
    assert f"{DOCS}#placeholder-text" in out and f"{DOCS}#todo" in out
    assert result.returncode == 1  # the broken link is an error; the rest are warnings
    as_json = json.loads(wom_at("check", "--source", str(site), "--format", "json").stdout)
    assert any(f["page"] == "content/tips/todo.md" and f["message"].startswith("TODO") for f in as_json["findings"])


def test_every_documentation_link_leads_to_a_section_of_docs_problems():
    import re

    from conftest import REPO
    from wom_site.diagnostics import DOC_SECTIONS

    headings = (REPO / "docs/problems.md").read_text(encoding="utf-8").splitlines()
    anchors = {re.sub(r"[^a-z0-9 -]", "", h[3:].strip().lower()).replace(" ", "-") for h in headings if h.startswith("## ")}
    assert set(DOC_SECTIONS.values()) <= anchors


def test_the_terminal_stays_english_whatever_the_locale_and_the_site_language(make_site):
    """docs/languages.md, "Who reads what": the lines a build prints are English (they name
    English keys, and are searched for), in a German site and a German terminal alike."""
    site = make_site({"content/tips/later.md": post("Später", "2026-12-12", titel="x")}, name="de")
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "language: de\n")
    german = subprocess.run([sys.executable, "-m", "wom_site", "build", "--source", str(site)], capture_output=True, text=True,
                            env=wom_env(WOM_NOW=NOW, LANGUAGE="de_DE.UTF-8", LANG="de_DE.UTF-8"), timeout=300)
    lines = german.stderr.splitlines()
    assert "not published: 1 scheduled for 12 Dec 2026 (content/tips/later.md)" in lines
    assert "content/tips/later.md:4: warning: unknown front-matter key: `titel`: did you mean `title`?" in lines
