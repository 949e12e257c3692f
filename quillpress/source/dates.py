"""Dates as Hexo reads and writes them: its input formats, the site timezone, Moment.js tokens."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import QuillError

_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S",
            "%Y/%m/%d %H:%M", "%Y/%m/%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")


@lru_cache(maxsize=None)
def site_zone(name: str) -> dt.tzinfo:
    """The config's `timezone`, or the machine's local zone when it is empty."""
    if not name:
        return dt.datetime.now().astimezone().tzinfo or dt.timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise QuillError(f"unknown timezone {name!r}", "_config.yml",
                         hint="use an IANA name such as 'Asia/Shanghai' or 'UTC'") from exc


def parse_date(value: object, zone: dt.tzinfo) -> dt.datetime:
    """Turn a front-matter date (YAML date, datetime or string) into an aware datetime.

    Naive values are read in the site timezone, as Hexo does; text with an offset is moved
    into it, since Hexo formats every date (and so every permalink) in `timezone`. A YAML
    timestamp with an offset (`date: 2024-02-18T03:31:47+08:00`, unquoted) keeps its UTC
    clock as the site's time (`hexo_clock`).
    Raises ValueError with a message fit for the user when the value is not a date.
    """
    if isinstance(value, dt.datetime):
        return hexo_clock(value, zone) if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=zone)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:  # `new Date(number)`: milliseconds since 1970, Invalid Date beyond its range
            return dt.datetime.fromtimestamp(value / 1000, zone)
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"not a date: {value!r}") from None
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    if legacy_early_year(text):
        legacy = _js_date(text)
        if legacy is None:  # `0020-03-04 10:00`: month 20 of day 3 to JavaScript, Invalid Date
            raise ValueError(f"not a date: {value!r}; write it as YYYY-MM-DD HH:mm:ss "
                             "or ISO 8601")
        return legacy.astimezone(zone) if legacy.tzinfo else legacy.replace(tzinfo=zone)
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=zone)
        except ValueError:
            continue
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        legacy = _js_date(text)
        if legacy is None:
            raise ValueError(f"not a date: {value!r}; write it as YYYY-MM-DD HH:mm:ss "
                             "or ISO 8601") from None
        parsed = legacy
    return parsed.astimezone(zone) if parsed.tzinfo else parsed.replace(tzinfo=zone)


# ECMAScript's own date form (`0050-03-04`, `0050-03-04T10:00`), whose year JavaScript's Date
# keeps as written; it reads any other (a space before the time, slashes) with its legacy
# parser, as a two-digit year: see _js_date.
_ES_FORM = re.compile(r"[+-]?\d{4,6}(?:-\d\d(?:-\d\d(?:T\d\d:\d\d.*)?)?)?$")
_FIRST_NUMBER = re.compile(r"(\d+)[-/ ]")


def legacy_early_year(text: str) -> bool:
    """Whether JavaScript's Date, and so Hexo, reads `text` (a quoted front-matter date) with
    its legacy parser and a leading year under 100 written with more digits: Hexo takes
    `"0050-03-04 10:00:00"` as 1950-03-04 and `"0000/03/04"` as 2000-03-04."""
    first = _FIRST_NUMBER.match(text)
    return (first is not None and len(first[1]) > 2 and int(first[1]) < 100
            and not _ES_FORM.match(text))


def hexo_clock(stamp: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """The time Hexo gives a YAML timestamp written with an offset: js-yaml reads it as the
    instant it names, then hexo-front-matter moves every parsed date by the machine's UTC
    offset (meant for timestamps without one, which js-yaml reads as UTC), so the instant's
    UTC clock becomes the site's clock: `2024-02-18T03:31:47+08:00` in Asia/Shanghai is
    2024-02-17 19:31:47 there, and the post's permalink says the 17th."""
    return stamp.astimezone(dt.timezone.utc).replace(tzinfo=zone)


_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The zone names JavaScript's Date parser knows, as hours from UTC.
_ZONES = {"ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
          "mst": -7, "mdt": -6, "pst": -8, "pdt": -7}
# An offset follows a space or a UTC name (`GMT-0500`); in `8-Dec-2015` the dashes separate.
_JS_TOKEN = re.compile(r"\([^)]*\)|(\d{1,2}):(\d{2})(?::(\d{2}))?"
                       r"|(?:(?<=\s)|(?<=GMT)|(?<=UTC)|(?<=UT)|(?<=Z))([+-])(\d{2}):?(\d{2})"
                       r"|(\d+)|([A-Za-z]+)", re.IGNORECASE)


def _js_date(text: str) -> dt.datetime | None:
    """A date in the forms JavaScript's `new Date(text)` reads besides ISO 8601, which Hexo
    falls back to: the `date` command's `Tue Dec  8 19:01:14 EST 2015`, `Date.toString()`'s
    `... GMT-0500 (EST)`, RFC 2822 mail dates, `Dec 8, 2015 10:00 PM`, and numbers alone as
    `2018 01 30`, the American `1/30/2018` or a year (over 31) and month (`2018-01`,
    `2018-001`: the 1st). As there, words before the first number are
    ignored, any other unknown word or sign refuses the text, and a named month's day
    defaults to the 1st; without a zone the time is the site's (naive result). None when it
    is not such a date."""
    numbers: list[str] = []
    month = offset = pm = None
    clock = (0, 0, 0)
    end = 0
    for match in _JS_TOKEN.finditer(text):
        if text[end:match.start()].strip(" \t,./-"):
            return None
        end = match.end()
        hour, minute, second, sign, off_h, off_m, number, word = match.groups()
        if hour is not None:
            clock = (int(hour), int(minute), int(second or 0))
        elif sign is not None:
            minutes = int(off_h) * 60 + int(off_m)
            offset = dt.timedelta(minutes=minutes if sign == "+" else -minutes)
        elif number is not None:
            numbers.append(number)
        elif word is not None:
            low = word.lower()
            if len(low) >= 3 and low[:3] in _MONTHS and month is None:
                month = _MONTHS[low[:3]]
            elif low in _ZONES:
                offset = dt.timedelta(hours=_ZONES[low]) if offset is None else offset
            elif low in ("am", "pm"):
                pm = low == "pm"
            elif low[:3] not in _WEEKDAYS and numbers:
                return None
    if text[end:].strip(" \t,./-"):
        return None
    if month is not None and 1 <= len(numbers) <= 2:
        day, year = ("1", *numbers) if len(numbers) == 1 else numbers
        if len(day) > 2:
            day, year = year, day
    elif month is None and len(numbers) == 3:
        year_first = not 1 <= int(numbers[0]) <= 31  # as V8 tells a year from a month
        month_text, day, year = (numbers[1], numbers[2], numbers[0]) if year_first else numbers
        month = int(month_text)
    elif month is None and len(numbers) == 2 and int(numbers[0]) > 31:  # `2024-02`: the 1st
        (year, month_text), day = numbers, "1"
        month = int(month_text)
    else:
        return None
    hour, minute, second = clock
    if pm is not None and hour <= 12:
        hour = hour % 12 + (12 if pm else 0)
    # V8 takes any year under 100 so, however many digits it has: `0050` is 1950
    full_year = int(year) + (0 if int(year) > 99 else 2000 if int(year) < 50 else 1900)
    try:
        naive = dt.datetime(full_year, month, int(day), hour, minute, second)
    except ValueError:
        return None
    return naive.replace(tzinfo=dt.timezone(offset)) if offset is not None else naive


# Moment.js tokens, longest first so "YYYY" wins over "YY".
_MOMENT = {
    "YYYY": "{year}", "YY": "%y", "MMMM": "%B", "MMM": "%b", "MM": "%m", "M": "{month}",
    "DDDD": "%j", "DD": "%d", "Do": "{dayord}", "D": "{day}", "dddd": "%A", "ddd": "%a",
    "HH": "%H", "H": "{hour}", "hh": "%I", "h": "{hour12}", "mm": "%M", "m": "{minute}",
    "ss": "%S", "s": "{second}", "A": "%p", "a": "{ampm}", "ZZ": "%z", "Z": "{tzcolon}",
    "X": "{unix}",
}
_TOKEN = re.compile(r"\[([^\]]*)\]|" + "|".join(sorted(_MOMENT, key=len, reverse=True)))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_date(value: dt.datetime, moment_format: str) -> str:
    """Format a datetime with Moment.js tokens (`YYYY-MM-DD`, `MMM D YYYY`, `[text]`)."""
    def token(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return match.group(1)
        code = _MOMENT[match.group(0)]
        if not code.startswith("{"):
            return value.strftime(code)
        offset = value.strftime("%z")
        return code.format(
            year=f"{value.year:04d}",  # Moment pads it; strftime's %Y does not on Linux
            month=value.month, day=value.day, dayord=_ordinal(value.day), hour=value.hour,
            hour12=(value.hour % 12) or 12, minute=value.minute, second=value.second,
            ampm="am" if value.hour < 12 else "pm",
            tzcolon=f"{offset[:3]}:{offset[3:]}" if offset else "", unix=int(value.timestamp()))
    return _TOKEN.sub(token, moment_format)
