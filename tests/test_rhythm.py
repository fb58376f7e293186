"""A posting rhythm: `wom rhythm`'s chart, gaps, featured customers and what is due, the
overdue line of builds, `wom check`'s silence warning and `wom new next`, with a frozen now."""

from __future__ import annotations

import subprocess
import sys

from conftest import BASIC_SITE, post, wom_env

NOW = "2026-12-07T10:00:00+00:00"
RHYTHM = BASIC_SITE + "rhythm:\n  stories: 1 month\n  tips: 2 weeks\n"


def wom_at(*args: str, now: str = NOW) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wom_site", *args], env=wom_env(WOM_NOW=now),
                          capture_output=True, text=True, timeout=300)


def rhythm_site(make_site, config: str = RHYTHM):
    return make_site({
        "content/stories/rosa.md": post("Rosa", "2026-07-10", customer='{name: "Rosa Díaz", approved: 2026-07-01}'),
        "content/stories/amira.md": post("Amira", "2026-10-01", customer='{name: "Amira Haddad", approved: 2026-09-01}'),
        "content/stories/draft.md": post("Not yet", "2026-12-01", draft=True),
        "content/stories/waiting.md": post("Waiting", "2026-12-02", customer='{name: "Hana Sato"}'),
        "content/tips/old.md": post("Old tip", "2026-11-20"),
        "content/tips/new.md": post("New tip", "2026-12-01"),
        "content/tips/later.md": post("Later tip", "2026-12-20"),
    }, config)


def test_wom_rhythm_shows_months_gaps_featured_and_what_is_due(make_site):
    site = rhythm_site(make_site)
    result = wom_at("rhythm", "--source", str(site))
    assert result.returncode == 0, result.stderr
    assert result.stdout == """\
Posting rhythm on 7 Dec 2026

Customer stories: one every 1 month
  Jul 2026  █ 1
  Aug 2026  · 0
  Sep 2026  · 0
  Oct 2026  █ 1
  Nov 2026  · 0
  Dec 2026  · 0
  last: 1 Oct 2026 · next due: 1 Nov 2026, overdue by 36 days
  gaps longer than the rhythm: 10 Jul 2026 to 1 Oct 2026 (83 days); 1 Oct 2026 to now (67 days)
  featured: Rosa Díaz (10 Jul 2026), Amira Haddad (1 Oct 2026)

Tips: one every 2 weeks
  Jul 2026  · 0
  Aug 2026  · 0
  Sep 2026  · 0
  Oct 2026  · 0
  Nov 2026  █ 1
  Dec 2026  █ 1
  last: 1 Dec 2026 · next due: 15 Dec 2026, in 8 days

Next: a story, due on 1 Nov 2026: wom new next "Title"
"""


def test_builds_mention_an_overdue_post_in_one_line_and_check_warns_of_silence(make_site):
    site = rhythm_site(make_site)
    build = wom_at("build", "--source", str(site))
    overdue = [line for line in build.stderr.splitlines() if line.startswith("overdue:")]
    assert overdue == ["overdue: a story was due on 1 Nov 2026 (rhythm: every 1 month); "
                       "`wom rhythm` shows more, `wom new next \"Title\"` starts one"]
    again = wom_at("build", "--source", str(site))  # nothing changed: the record still knows the newest posts
    assert " 0 files written" in again.stdout and overdue[0] in again.stderr.splitlines()
    check = wom_at("check", "--source", str(site))
    assert ("site: warning: silent: no new story for 67 days, longer than the rhythm (every 1 month); "
            "a site nobody tends stops being passed on") in check.stdout
    october = wom_at("build", "--source", str(site), now="2026-10-15T10:00:00+00:00")  # the story is on time
    assert [line for line in october.stderr.splitlines() if line.startswith("overdue:")] == [
        "overdue: a tip has not been published yet (rhythm: every 2 weeks); `wom rhythm` shows more, `wom new next \"Title\"` starts one"]
    assert "silent" not in wom_at("check", "--source", str(site), now="2026-10-15T10:00:00+00:00").stdout


def test_wom_new_next_starts_the_kind_that_is_due_with_its_template(make_site):
    site = rhythm_site(make_site)
    result = wom_at("new", "next", "Walt's commute", "--source", str(site))
    story = site / "content/stories/walts-commute.md"
    assert result.stdout == f"wrote {story} (the story due on 1 Nov 2026)\n"
    text = story.read_text()
    for asked in ("name:", "quote:", "photo:", "approved:", "read the story to them and ask if you may publish it"):
        assert asked in text
    tips_due = wom_at("new", "next", "Chain oil", "--source", str(site), now="2026-10-20T10:00:00+00:00")
    assert tips_due.stdout == f"wrote {site / 'content/tips/chain-oil.md'} (the tip due now)\n"  # none published yet
    no_rhythm = make_site({}, name="plain")
    plain = wom_at("new", "next", "Hello", "--source", str(no_rhythm))
    assert plain.stdout.endswith("(a story: no collection has a rhythm in site.yaml)\n")


def test_a_rhythm_that_is_no_span_is_a_config_error(make_site):
    site = make_site({}, BASIC_SITE + "rhythm:\n  stories: often\n")
    result = wom_at("build", "--source", str(site))
    assert result.returncode == 1
    assert "site.yaml:7: rhythm.stories: must be a span such as '2 weeks', '1 month' or '10 days'" in result.stderr
