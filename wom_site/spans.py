"""Spans of time as a writer gives them in site.yaml ('2 weeks', 'a month', '10 days').

A leaf: site.yaml's validation (config.py) and the posting rhythm (rhythm.py) both read them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

UNITS = {"day": (1, 0), "week": (7, 0), "fortnight": (14, 0), "month": (0, 1), "year": (0, 12)}
_SPAN = re.compile(r"^\s*(?:(\d+|a|an|one)\s+)?(day|week|fortnight|month|year)s?\s*$", re.I)


@dataclass(frozen=True)
class Interval:
    days: int = 0
    months: int = 0
    text: str = ""  # as written in site.yaml

    def after(self, moment: dt.datetime) -> dt.datetime:
        return add_months(moment, self.months) + dt.timedelta(days=self.days)


def parse_interval(text: str) -> Interval | None:
    """'2 weeks', 'a month', '10 days', 'week' -> Interval; None when it is not a span."""
    match = _SPAN.match(str(text))
    if not match:
        return None
    count = match.group(1) or "1"
    n = 1 if count.lower() in ("a", "an", "one") else int(count)
    days, months = UNITS[match.group(2).lower()]
    return Interval(days * n, months * n, str(text).strip()) if n > 0 else None


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))
