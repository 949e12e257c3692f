"""Icarus's tags (from hexo-component-inferno, which Icarus 4 and later load): `{% message %}`
and its own form of `{% tabs %}`. Both take `key:value` options, quoted where the value has
a space (`'title:Read me first'`); a value ends at its next colon, as in Icarus.

- `{% message color:warning 'icon:fas fa-info-circle' 'title:*Heads up*' size:small %}…
  {% endmessage %}`, a Bulma message box: the default theme's note box in that colour, the
  title (inline Markdown) on top. Icons and sizes are dropped (no icon font).
- `{% tabs size:small align:centered style:boxed %}` with `<!-- tab id:setup 'title:Set up'
  active -->…<!-- endtab -->` parts: drawn as the other themes' tabs (tabs.py), each caption
  from `title:`, the `active` one open, each panel under its `id:`, which Icarus's readers
  link to (`#setup`). The group's options only style Icarus's tab bar.

Registered on Icarus blogs only: NexT's and Butterfly's tabs read the same comments with
other words, and `message` means nothing elsewhere.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quillpress.plugin_api import QuillError, note_box

from .args import inline, kept_id, tone
from .tabs import panes, tab_group

if TYPE_CHECKING:
    from collections.abc import Iterator

    from quillpress.plugin_api import RenderContext

    from .tabs import Pane

# A bare word, or one quoted with " or ' (backslash escapes inside), then a space or the end.
_OPTION = re.compile(r"""\s*(?:"((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)'|(\S+))(?=\s|$)""")


def _pairs(words: list[str]) -> dict[str, str]:
    """Each `key:value` word (the value up to its next colon), a lone word as a key with no
    value; a key given twice keeps its last value, as in Icarus."""
    found: dict[str, str] = {}
    for word in words:
        key, _, value = word.partition(":")
        found[key] = value.split(":")[0]
    return found


def options(head: str) -> dict[str, str]:
    """The options of a tab's head, `id:one "title:One tab" active`."""
    words, pos, head = [], 0, head.strip()
    while pos < len(head):
        match = _OPTION.match(head, pos)
        if match is None:
            raise QuillError(f"malformed tab options: {head!r}",
                             hint="quote a value holding a space: 'title:Two words'")
        words.append(next(group for group in match.groups() if group is not None))
        pos = match.end()
    return _pairs(words)


def message(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Icarus's message box: a note in its `color`, its `title` on top."""
    settings = _pairs(args)
    title = settings.get("title", "")
    return note_box(f"note {tone(settings.get('color'))}", inline(ctx, title) if title else "", body)


def icarus_tabs(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Icarus's tabs: captions, ids and the open tab from each part's options."""
    found = panes(ctx, body)
    heads = [options(pane.head) for pane in found]
    active = next((number for number, head in enumerate(heads, 1) if "active" in head), 0)
    group_id = kept_id(ctx, "tabs")

    def drawn() -> Iterator[tuple[str, str, Pane]]:
        for number, (head, pane) in enumerate(zip(heads, found), 1):
            shown = inline(ctx, head.get("title") or f"Tab {number}")
            yield shown, kept_id(ctx, head.get("id") or f"{group_id}-{number}"), pane
    return tab_group(ctx, group_id, drawn(), active)
