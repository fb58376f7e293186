"""What a build did not publish, and why: drafts, posts scheduled for later, expired posts and
stories waiting for the customer's approval. A build ends by saying so, so that a writer who
cannot find a post on the site reads why in the same terminal."""

from __future__ import annotations

import datetime as dt

from wom_site.content import Entry
from wom_site.i18n import for_writer, tell, tell_n
from wom_site.record import Held
from wom_site.site import Selection, needs_approval

SHOWN_FILES = 3  # files named per reason; the rest are counted
REASONS = ("draft", "scheduled", "expired", "approval")


def held_back(entries: list[Entry], config, now: dt.datetime, selection: Selection) -> list[Held]:
    """Every entry select_entries leaves out, with the reason (the first that applies)."""
    held = []
    for entry in entries:
        publish = entry.publish_date or (entry.date if entry.is_post else None)
        if entry.draft and not selection.drafts:
            held.append(Held(entry.source, "draft"))
        elif publish and publish > now and not selection.future:
            held.append(Held(entry.source, "scheduled", publish))
        elif entry.expiry_date and entry.expiry_date <= now:
            held.append(Held(entry.source, "expired", entry.expiry_date))
        elif needs_approval(entry, config) and not selection.drafts:
            held.append(Held(entry.source, "approval", None, entry.customer.name or entry.customer.company))
    return sorted(held, key=lambda h: (REASONS.index(h.reason), h.when or now, h.source))


def summary(held: list[Held] | tuple[Held, ...]) -> str | None:
    """One line: "not published: 2 drafts (a.md, b.md), 1 scheduled for 12 Dec 2026 (c.md), ..."."""
    if not held:
        return None
    parts = []
    for reason in REASONS:
        group = [h for h in held if h.reason == reason]
        if group:
            parts.append(f"{_count(reason, group)} ({_files(group)})")
    line = tell("not published: %(what)s") % {"what": ", ".join(parts)}
    if any(h.reason == "approval" for h in held):  # the approval group comes last: say how to publish it
        line += ": " + tell("add customer.approved: <date> once they agree")
    return line


def _count(reason: str, group: list[Held]) -> str:
    n = len(group)
    if reason == "draft":
        return tell_n("%(n)s draft", "%(n)s drafts", n) % {"n": n}
    if reason == "scheduled":
        first, last = group[0].when, group[-1].when
        if n > 1 and last.date() != first.date():
            return tell("%(n)s scheduled for %(first)s to %(last)s") % {"n": n, "first": _day(first), "last": _day(last)}
        return tell("%(n)s scheduled for %(day)s") % {"n": n, "day": _day(first)}
    if reason == "expired":
        return tell("%(n)s expired") % {"n": n}
    return tell("%(n)s waiting for the customer's approval") % {"n": n}


def _files(group: list[Held]) -> str:
    shown = ", ".join(h.source for h in group[:SHOWN_FILES])
    more = len(group) - SHOWN_FILES
    return shown + (" " + tell("and %(n)s more") % {"n": more} if more > 0 else "")


def _day(moment: dt.datetime) -> str:
    import babel.dates  # on first use: most builds hold nothing back

    return babel.dates.format_date(moment.date(), "d MMM y", locale=for_writer().locale)
