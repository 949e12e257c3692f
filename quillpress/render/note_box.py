"""The note box of the themes' tags: a coloured `<div class="note …">`, its title line on top.

Stellar's `{% box %}` (theme_tags) and Redefine's titled `{% notel %}` (hexo_tags) are the same
box under two names. Both plugins draw it here, through the plugin API, so the markup the
default theme styles (`.note`, `.note-title`) is written in one place.
"""

from __future__ import annotations

from .htmlattrs import attrs


def note_box(classes: str, title: str, body: str | None) -> str:
    """The box with `classes` (`note` and its colour). `title` is HTML already (the tag's
    words as inline Markdown); empty for a box with no title line."""
    head = f'<p class="note-title"><strong>{title}</strong></p>' if title else ""
    return f"<div{attrs(class_=classes)}>{head}{body or ''}</div>\n"
