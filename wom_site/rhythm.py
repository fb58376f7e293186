"""A posting rhythm: how often the site means to publish (site.yaml `rhythm:`), and how it does.

A site only helps a business while someone tends it. From the dates of published posts and
the rhythm this works out, per collection, when the last post went out, when the next is due,
the gaps longer than the rhythm, the posts per month and the customers who were featured.
Pure functions of plain data: the build, `wom rhythm`, `wom check` and `wom new next` use them.
Everything it says is for the writer, in the terminal (i18n.tell: English, listed in terminal.pot).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from wom_site.content import Entry
from wom_site.i18n import TN_, for_writer, tell, tell_n
from wom_site.spans import Interval, add_months, parse_interval

KIND_NAMES = {"stories": "story", "tips": "tip"}  # `wom new`'s names
TITLES = {"stories": TN_("Customer stories"), "tips": TN_("Tips"), "site": TN_("Any post")}
A_POST = {"stories": TN_("a story"), "tips": TN_("a tip"), "site": TN_("a post")}
NEW_POST = {"stories": TN_("no new story"), "tips": TN_("no new tip"), "site": TN_("no new post")}
MONTHS_SHOWN = 6
BAR_WIDTH = 24


@dataclass(frozen=True)
class Post:
    """What the rhythm reads of a published post."""

    kind: str  # "stories" or "tips"
    date: dt.datetime
    customer: str = ""  # the featured customer's name (stories)


def published_posts(entries: list[Entry], now: dt.datetime) -> tuple[Post, ...]:
    """The posts out by `now`, oldest first (drafts, scheduled posts and pages left out)."""
    posts = []
    for entry in entries:
        when = entry.publish_date or entry.date
        if entry.is_post and not entry.draft and when and when <= now:
            customer = entry.customer.name or entry.customer.company if entry.customer else ""
            posts.append(Post(entry.kind, when, customer))
    return tuple(sorted(posts, key=lambda p: p.date))


def newest_per_kind(posts: tuple[Post, ...]) -> tuple[Post, ...]:
    """The newest post of each collection: all an overdue line needs (and cheap to keep)."""
    return tuple({p.kind: p for p in posts}.values())  # posts are oldest first


@dataclass(frozen=True)
class Status:
    """One collection's rhythm (or the whole site's: kind "site") as of `now`."""

    kind: str
    every: Interval
    last: dt.datetime | None
    due: dt.datetime | None  # None: nothing published yet, due now
    per_month: tuple[tuple[dt.datetime, int], ...]  # (first of the month, posts), oldest first
    gaps: tuple[tuple[dt.datetime, dt.datetime], ...]  # longer than the rhythm, in the months shown
    featured: tuple[tuple[str, dt.datetime], ...]  # customers and when, in the months shown

    def overdue_days(self, now: dt.datetime) -> int:
        return 0 if self.due is None or self.due > now else max(1, (now - self.due).days)


def rhythms(config) -> dict[str, Interval]:
    """kind -> its interval, from site.yaml's rhythm (per collection, then `every` for the site)."""
    found = {}
    for kind in ("stories", "tips", "site"):
        text = getattr(config.rhythm, "every" if kind == "site" else kind)
        interval = parse_interval(text) if text else None
        if interval:
            found[kind] = interval
    return found


def statuses(config, posts: tuple[Post, ...], now: dt.datetime) -> list[Status]:
    return [status(kind, every, posts, now) for kind, every in rhythms(config).items()]


def status(kind: str, every: Interval, posts: tuple[Post, ...], now: dt.datetime) -> Status:
    mine = [p for p in posts if kind == "site" or p.kind == kind]
    start = add_months(now.replace(day=1, hour=0, minute=0, second=0, microsecond=0), 1 - MONTHS_SHOWN)
    shown = [p for p in mine if p.date >= start]
    months = [add_months(start, i) for i in range(MONTHS_SHOWN)]
    per_month = tuple((m, sum(1 for p in shown if (p.date.year, p.date.month) == (m.year, m.month))) for m in months)
    dates = [p.date for p in mine]
    gaps = tuple((a, b) for a, b in zip(dates, dates[1:] + [now]) if b > every.after(a) and b >= start)
    featured = tuple((p.customer, p.date) for p in shown if p.customer)
    last = dates[-1] if dates else None
    return Status(kind, every, last, every.after(last) if last else None, per_month, gaps, featured)


def most_due(found: list[Status], now: dt.datetime) -> Status | None:
    """The collection whose next post is due first (the site's own rhythm only when no
    collection has one), so `wom new next` and the overdue line name one kind."""
    collections = [s for s in found if s.kind != "site"] or found
    if not collections:
        return None
    return min(collections, key=lambda s: s.due or dt.datetime.min.replace(tzinfo=dt.timezone.utc))


def overdue_line(config, posts: tuple[Post, ...], now: dt.datetime) -> str | None:
    """One line for `wom build` and `wom serve` when a post is overdue; None when none is.
    `posts`: the published posts, or only the newest of each collection (newest_per_kind)."""
    late = [s for s in statuses(config, posts, now) if s.overdue_days(now) > 0 or s.last is None]
    if not late:
        return None
    worst = max(late, key=lambda s: s.overdue_days(now) if s.last else 10**6)
    values = {"what": tell(A_POST[worst.kind]), "every": worst.every.text, "day": day(worst.due) if worst.due else ""}
    if worst.due:
        text = tell("overdue: %(what)s was due on %(day)s (rhythm: every %(every)s); "
                 "`wom rhythm` shows more, `wom new next \"Title\"` starts one")
    else:
        text = tell("overdue: %(what)s has not been published yet (rhythm: every %(every)s); "
                 "`wom rhythm` shows more, `wom new next \"Title\"` starts one")
    return text % values


def silence_warning(config, posts: tuple[Post, ...], now: dt.datetime) -> str | None:
    """For `wom check`: the site has been silent for longer than its rhythm allows."""
    late = [s for s in statuses(config, posts, now) if s.overdue_days(now) > 0]
    if not late:
        return None
    longest = max(late, key=lambda s: s.overdue_days(now))
    return tell("silent: %(what)s for %(days)s days, longer than the rhythm (every %(every)s); "
             "a site nobody tends stops being passed on") % {
        "what": tell(NEW_POST[longest.kind]), "days": (now - longest.last).days, "every": longest.every.text}


def day(moment: dt.datetime) -> str:
    import babel.dates  # on first use: a build that says nothing about dates never loads it

    return babel.dates.format_date(moment.date(), "d MMM y", locale=for_writer().locale)


def _month(moment: dt.datetime) -> str:
    import babel.dates

    return babel.dates.format_date(moment.date(), "MMM y", locale=for_writer().locale)


def site_posts(site_dir, config, now: dt.datetime) -> tuple[Post, ...]:
    """The published posts of the site on disk (read, not built: quick even at 10,000 posts)."""
    from wom_site.content import discover, parse
    from wom_site.site import Selection, select_entries

    sources, _assets = discover(site_dir)
    entries = [e for e in (parse(s, config.tz) for s in sources) if isinstance(e, Entry)]
    return published_posts(select_entries(entries, config, now, Selection())[0], now)  # as the build selects


def report_lines(found: list[Status], now: dt.datetime) -> list[tuple[str, str]]:
    """`wom rhythm`'s lines, each with a rich style ("" for none): a small chart per collection."""
    lines = [(tell("Posting rhythm on %(day)s") % {"day": day(now)}, "bold")]
    widest = max(max((n for s in found for _m, n in s.per_month), default=0), BAR_WIDTH)
    for s in found:
        lines += [("", ""), (tell("%(title)s: one every %(every)s") % {"title": tell(TITLES[s.kind]), "every": s.every.text}, "bold")]
        for month, n in s.per_month:
            bar = "█" * max(round(n * BAR_WIDTH / widest), 1 if n else 0) or "·"  # a block a post, up to 24
            lines.append((f"  {_month(month)}  {bar} {n}", ""))
        lines.append(_due_line(s, now))
        if s.gaps:
            lines.append(("  " + tell("gaps longer than the rhythm: %(spans)s") % {"spans": "; ".join(_gap(a, b, now) for a, b in s.gaps)},
                          "yellow"))
        if s.featured:
            names = ", ".join(f"{name} ({day(when)})" for name, when in s.featured)
            lines.append(("  " + tell("featured: %(names)s") % {"names": names}, ""))
    nxt = most_due(found, now)
    if nxt:
        when = tell("due on %(day)s") % {"day": day(nxt.due)} if nxt.due else tell("due now")
        lines += [("", ""), (tell("Next: %(what)s, %(when)s: wom new next \"Title\"") % {"what": tell(A_POST[nxt.kind]), "when": when},
                             "bold")]
    return lines


def _gap(start: dt.datetime, end: dt.datetime, now: dt.datetime) -> str:
    n = (end - start).days
    days = tell_n("%(n)s day", "%(n)s days", n) % {"n": n}
    return tell("%(start)s to %(end)s (%(days)s)") % {"start": day(start), "end": tell("now") if end == now else day(end), "days": days}


def _due_line(s: Status, now: dt.datetime) -> tuple[str, str]:
    if s.last is None:
        return "  " + tell("nothing published yet: the first is due now"), "red"
    late = s.overdue_days(now)
    left = math.ceil((s.due - now).total_seconds() / 86400)
    state = (tell_n("overdue by %(n)s day", "overdue by %(n)s days", late) % {"n": late} if late else
             tell_n("in %(n)s day", "in %(n)s days", left) % {"n": left})
    return ("  " + tell("last: %(last)s · next due: %(due)s, %(state)s") % {"last": day(s.last), "due": day(s.due), "state": state},
            "red" if late else "green")
