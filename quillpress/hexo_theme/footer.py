"""The footer's first year and its "Powered by" line, from a Hexo theme's `footer:` section.

The default theme's footer is `{since, powered_by}`. Each Hexo theme shapes its own: NexT
writes `since` and `powered` (NexT 7: `powered: {enable, version}`), Butterfly `owner.since`
and `copyright` (its "Powered by Hexo | Theme" line: true/false, or Butterfly 5's
`{enable, version}`). Carried over as it was, a NexT footer kept its `powered: false` under a
name the default theme never reads, and the pages said "Powered by QuillPress" anyway.
"""

from __future__ import annotations

from typing import Any

from .lookup import dig, enabled
from .notes import ThemeImport

SINCE = ("since", "owner.since")
POWERED = ("powered", "copyright")
SHOWS = "the default theme's footer shows the years, the author, the social links and \"Powered by\""


def _powered(footer: dict[str, Any]) -> tuple[str, bool] | None:
    """(the key, on or off) of the theme's "Powered by" switch. NexT's `copyright` is the
    name in its © line, text: only a switch (true/false, or a mapping) counts."""
    for key in POWERED:
        value = footer.get(key)
        if isinstance(value, (bool, dict)):
            return key, enabled(value)
    return None


def _unset(value: Any) -> bool:
    """Nothing asked of the footer: empty, or a part turned off (NexT's `beian: {enable: false}`)."""
    return value in (None, "", [], {}) or (isinstance(value, dict) and not enabled(value))


def read_footer(settings: dict[str, Any], out: ThemeImport) -> None:
    footer = settings.get("footer")
    if not isinstance(footer, dict):
        return
    mapped: dict[str, Any] = {}
    read: set[str] = set()
    noted = len(out.notes)
    for key in SINCE:
        since = dig(footer, key)
        if key == "owner.since" and not enabled(footer.get("owner")):
            continue  # Butterfly without its © line: the default theme's keeps its own years
        if isinstance(since, (int, str)) and not isinstance(since, bool) and str(since).strip():
            mapped["since"] = since
            out.note(f"footer.{key}", "carried" if key == "since" else "mapped", f"footer.since: {since}")
            read.add(key.split(".")[0])
            break
    switch = _powered(footer)
    if switch is not None:
        key, on = switch
        mapped["powered_by"] = on
        out.note(f"footer.{key}", "mapped", f"footer.powered_by: {str(on).lower()}")
        read.add(key)
    for key, value in footer.items():
        if key in read or _unset(value):
            continue
        out.note(f"footer.{key}", "dropped", SHOWS)
    if mapped:
        out.settings["footer"] = mapped
    elif len(out.notes) == noted:  # nothing set: not carried as it is either
        out.note("footer", "dropped", SHOWS)
