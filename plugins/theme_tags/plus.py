"""Tags of hexo-butterfly-tag-plugins-plus (Butterfly's popular add-on, from Volantis):
folding, tip, timenode, and the inline marks u, emp, wavy, del, kbd, psw, sup, sub.

Same look as the rest: folding is a `<details>`, psw a spoiler box, the marks plain HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from quillpress.plugin_api import attrs

from .args import drop_icons, inline, tone
from .folds import spoiler

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext

MARKS = {"u": "u", "emp": "em", "wavy": "span", "del": "del", "kbd": "kbd", "sup": "sup", "sub": "sub"}


def folding(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% folding [color] [open], title %}…{% endfolding %}`."""
    words, comma, title = " ".join(args).partition(",")
    if not comma:
        words, title = "", words
    options = words.split()
    colour = next((w for w in options if w != "open"), "")
    return (f'<details{attrs(class_=f"tt-fold tt-{tone(colour)}", open="open" in options)}>'
            f"<summary>{inline(ctx, title.strip() or '…')}</summary>"
            f'<div class="tt-fold-body">{body or ""}</div></details>\n')


def tip(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% tip [style] [icon words] %}text{% endtip %}`: a small callout; icons are dropped."""
    words = drop_icons(args)
    colour = tone(words[0] if words else "", "info")
    return f'<div class="tt-tip tt-{colour}">{body or ""}</div>\n'


def timenode(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% timenode title %}…{% endtimenode %}` inside a `{% timeline %}`."""
    title = " ".join(args)
    return (f'<div class="tt-timenode"><p class="tt-timeline-title">{inline(ctx, title)}</p>'
            f"{body or ''}</div>\n")


def mark(name: str) -> Callable[["RenderContext", list[str], str | None], str]:
    """`{% u text %}`, `{% kbd Ctrl %}` …: the words in one element."""
    element = MARKS[name]

    def render(ctx: "RenderContext", args: list[str], body: str | None) -> str:
        shown = html.escape(" ".join(args), quote=False)
        return f'<{element} class="tt-mark tt-{name}">{shown}</{element}>'
    return render


def password_text(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% psw text %}`: text hidden under a box until revealed, as a spoiler."""
    return spoiler(ctx, ["style:box", *args], body)
