"""Kratos-Rebirth's tags: alertbar, alertpanel, collapse and blur (its scripts/tag-widgets.js).

    {% alertbar warning "Update: **done**." %}           a coloured bar, its text Markdown
    {% alertpanel info Title %}…{% endalertpanel %}      a coloured box under a title
    {% collapse Title [open] %}…{% endcollapse %}        folded until the reader opens it
    {% blur text %}                                      text blurred until revealed

Drawn as the other themes' notes, folds and spoilers are; `linklist` (friends from a data
file) is left to foreign.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quillpress.plugin_api import note_box

from .args import inline, tone
from .folds import _details, spoiler

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext


def alert_bar(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% alertbar type text %}`: the text as Markdown, as the theme renders it."""
    kind, text = (args + ["", ""])[:2]
    return note_box(f"note {tone(kind, 'info')}", "", ctx.render_markdown(text, ctx.line))


def alert_panel(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% alertpanel type title %}…{% endalertpanel %}`."""
    kind, title = (args + ["", ""])[:2]
    return note_box(f"note {tone(kind, 'info')}", inline(ctx, title) if title else "", body)


def collapse(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% collapse title [open] %}…{% endcollapse %}`."""
    title, state = (args + ["", ""])[:2]
    return _details("tt-fold tt-default", inline(ctx, title or "…"), body, open=state == "open")


def blur(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% blur text %}`: hexo-spoiler's blurred text, revealed by a click."""
    return spoiler(ctx, ["style:blur", *args[:1]], None)
