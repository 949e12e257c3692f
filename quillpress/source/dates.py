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

    Naive values are read in the site timezone, as Hexo does; values with an offset are
    moved into it, since Hexo formats every date (and so every permalink) in `timezone`.
    Raises ValueError with a message fit for the user when the value is not a date.
    """
    if isinstance(value, dt.datetime):
        return value.astimezone(zone) if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=zone)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value / 1000 if value > 1e11 else value, zone)
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=zone)
        except ValueError:
            continue
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not a date: {value!r}; write it as YYYY-MM-DD HH:mm:ss "
                         "or ISO 8601") from None
    return parsed.astimezone(zone) if parsed.tzinfo else parsed.replace(tzinfo=zone)


# Moment.js tokens, longest first so "YYYY" wins over "YY".
_MOMENT = {
    "YYYY": "%Y", "YY": "%y", "MMMM": "%B", "MMM": "%b", "MM": "%m", "M": "{month}",
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
            month=value.month, day=value.day, dayord=_ordinal(value.day), hour=value.hour,
            hour12=(value.hour % 12) or 12, minute=value.minute, second=value.second,
            ampm="am" if value.hour < 12 else "pm",
            tzcolon=f"{offset[:3]}:{offset[3:]}" if offset else "", unix=int(value.timestamp()))
    return _TOKEN.sub(token, moment_format)
