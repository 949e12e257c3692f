"""Sidebars: Icarus's `widgets: [{type, position, …}]`, NexT's `sidebar`, Butterfly's `aside`.

The default theme has no sidebar. The profile widget's author, avatar and links are read
(profile.py), and the table of contents is the default theme's own, beside posts. Every
other widget went by without a line in `doctor` (`widgets` counted as read once the profile
was): a sidebar's list of links vanished unexplained, and `aside` and `sidebar` were "no such
setting".
"""

from __future__ import annotations

from typing import Any

from .notes import ThemeImport

NO_SIDEBAR = "the default theme has no sidebar"
# Widgets whose content the default theme shows elsewhere, and where.
ELSEWHERE = {"categories": "the Categories page lists them", "tags": "the Tags page lists them",
             "archives": "the Archives page lists the posts by month",
             "recent_posts": "the home page lists the newest posts"}


def _widget_note(widget: dict[str, Any], out: ThemeImport) -> None:
    kind = str(widget["type"])
    key = f"widgets.{kind}"
    if kind == "toc":
        out.note(key, "mapped", "the table of contents beside posts (`toc`)")
    elif kind in ELSEWHERE:
        out.note(key, "dropped", f"{NO_SIDEBAR}; {ELSEWHERE[kind]}")
    elif kind == "links" and isinstance(widget.get("links"), dict):
        out.note(key, "dropped", f"{NO_SIDEBAR}: its {len(widget['links'])} links are not shown "
                 "(the menu or a page can hold them)")
    else:
        out.note(key, "dropped", f"{NO_SIDEBAR}: not shown")


def read_widgets(settings: dict[str, Any], out: ThemeImport) -> None:
    widgets = settings.get("widgets")
    for widget in widgets if isinstance(widgets, list) else []:
        if isinstance(widget, dict) and widget.get("type") not in (None, "", "profile"):
            _widget_note(widget, out)
    for key in ("sidebar", "aside"):
        if settings.get(key) not in (None, "", [], {}):
            out.note(key, "dropped", NO_SIDEBAR)
