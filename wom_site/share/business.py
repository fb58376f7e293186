"""The business behind the blog as Google reads it: LocalBusiness JSON-LD from what a person writes.

Opening hours are written the way shop doors say them ("Mon-Fri 9-17:30", "Sat 10am-2pm",
"Mo-Fr 09:00-17:30") and published as schema.org openingHoursSpecification; phone numbers are
published in international form. Pure: config.py calls the readers to validate site.yaml.
Google's rules: https://developers.google.com/search/docs/appearance/structured-data/local-business
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_NAMES = {name: i for i, day in enumerate(DAYS) for name in
              {day.lower(), day[:2].lower(), day[:3].lower(), day[:4].lower(), day[:5].lower()}}
_DAY_NAMES.update({"tues": 1, "thur": 3, "thurs": 3})
_EVERY_DAY = ("daily", "every day", "everyday")
_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*([ap]\.?m\.?)?$")
_RANGE_DASH = re.compile(r"\s*(?:-|–|—|\bto\b)\s*")
HOURS_EXAMPLE = "write it like 'Mon-Fri 9:00-17:30' or 'Sat 10am-2pm'"


@dataclass(frozen=True)
class OpeningHours:
    days: tuple[str, ...]  # schema.org day names, Monday first
    opens: str  # "09:00"
    closes: str  # "17:30"

    def json_ld(self) -> dict:
        return {"@type": "OpeningHoursSpecification", "dayOfWeek": list(self.days),
                "opens": self.opens, "closes": self.closes}


class Unreadable(ValueError):
    """What a person wrote that cannot be read; the message says how to write it."""


def read_hours(text: str) -> list[OpeningHours]:
    """One line of opening hours: days, then one or more time ranges ("Mon-Fri 9-12, 13-17:30")."""
    match = re.match(r"^\s*(.+?)\s+(\d.*)$", text.strip())
    if not match:
        raise Unreadable(f"cannot read {text!r} as opening hours ({HOURS_EXAMPLE})")
    days = _read_days(match.group(1), text)
    return [OpeningHours(days, *_read_range(part, text)) for part in re.split(r"\s*[,;&]\s*|\s+and\s+", match.group(2))]


def _read_days(written: str, whole: str) -> tuple[str, ...]:
    written = written.strip().rstrip(":").lower()
    if written in _EVERY_DAY:
        return DAYS
    chosen: list[int] = []
    for part in re.split(r"\s*[,&/]\s*|\s+and\s+", written):
        ends = _RANGE_DASH.split(part.strip().rstrip("."))
        try:
            first, last = (_DAY_NAMES[ends[0].rstrip(".")], _DAY_NAMES[ends[-1].rstrip(".")])
        except KeyError:
            raise Unreadable(f"cannot read the days in {whole!r} ({HOURS_EXAMPLE})") from None
        if len(ends) > 2:
            raise Unreadable(f"cannot read the days in {whole!r} ({HOURS_EXAMPLE})")
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
        chosen += [day for day in span if day not in chosen]
    return tuple(DAYS[day] for day in chosen)


def _read_range(written: str, whole: str) -> tuple[str, str]:
    ends = _RANGE_DASH.split(written.strip())
    if len(ends) != 2:
        raise Unreadable(f"cannot read the hours in {whole!r} ({HOURS_EXAMPLE})")
    (open_h, open_m, open_pm), (close_h, close_m, close_pm) = (_read_time(end, whole) for end in ends)
    if open_pm is None and close_pm is None and (close_h, close_m) <= (open_h, open_m) and open_h < 12 and close_h < 12:
        close_h += 12  # "9-5": shops mean five in the afternoon
    if (close_h, close_m) in ((24, 0), (0, 0)):
        close_h, close_m = 23, 59  # Google's way of saying "until midnight"
    if (close_h, close_m) <= (open_h, open_m):
        raise Unreadable(f"the hours in {whole!r} close before they open ({HOURS_EXAMPLE})")
    return f"{open_h:02d}:{open_m:02d}", f"{close_h:02d}:{close_m:02d}"


def _read_time(written: str, whole: str) -> tuple[int, int, bool | None]:
    match = _TIME.match(written.strip().lower())
    if not match:
        raise Unreadable(f"cannot read the time {written!r} in {whole!r} ({HOURS_EXAMPLE})")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = match.group(3)
    pm = None if suffix is None else suffix.startswith("p")
    if suffix is not None:
        if not 1 <= hour <= 12:
            raise Unreadable(f"cannot read the time {written!r} in {whole!r} ({HOURS_EXAMPLE})")
        hour = hour % 12 + (12 if pm else 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise Unreadable(f"cannot read the time {written!r} in {whole!r} ({HOURS_EXAMPLE})")
    return hour, minute, pm


def international_phone(written: str, country: str = "") -> str:
    """The number in international form (+44 20 7946 0018); `country` (ISO code) for a local number."""
    import phonenumbers  # imported when a site has a phone: a ~0.1 s import

    region = country.upper() if len(country) == 2 else None
    try:
        number = phonenumbers.parse(written, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        hint = "" if written.strip().startswith("+") or region else " or set business.address.country (such as US)"
        raise Unreadable(f"cannot read {written!r} as a phone number; write it with its country code, such as +1 212 555 0142{hint}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def local_business(business, url: str, image_url: str) -> dict | None:
    """LocalBusiness JSON-LD from site.yaml's validated `business:` (config.Business)."""
    if not business.name:
        return None
    data = {"@context": "https://schema.org", "@type": business.type or "LocalBusiness", "name": business.name, "url": url}
    if business.address:
        data["address"] = business.address.json_ld()
    if business.phone:
        data["telephone"] = international_phone(business.phone, business.address.country)
    if business.email:
        data["email"] = business.email
    hours = [spec.json_ld() for line in business.opening_hours for spec in read_hours(line)]
    if hours:
        data["openingHoursSpecification"] = hours
    if business.geo.latitude and business.geo.longitude:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": float(business.geo.latitude),
                       "longitude": float(business.geo.longitude)}
    if business.price_range:
        data["priceRange"] = business.price_range
    if business.map_url:
        data["hasMap"] = business.map_url
    if image_url:
        data["image"] = image_url
    return data
