"""Things the reader opens: Fluid's fold, Butterfly's hide tags, hexo-spoiler and
hexo-sliding-spoiler.

Block forms are `<details>`: keyboard, screen readers and find-in-page work with no script.
Inline forms (hideInline, spoiler) sit inside a paragraph where `<details>` may not go, so
they are a label around a checkbox: Space or a click shows the text, CSS alone does the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quillpress.plugin_api import attrs

from .args import colour_style, fields, inline, joined, tone

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext

SPOILER_STYLES = ("blur", "box")


def _details(classes: str, summary: str, body: str | None, style: str | None = None,
             open: bool = False) -> str:
    return (f'<details{attrs(class_=classes, open=open)}><summary{attrs(style=style)}>{summary}</summary>'
            f'<div class="tt-fold-body">{body or ""}</div></details>\n')


def fold(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Fluid's `{% fold [style] @title %}…{% endfold %}`."""
    style, at, title = joined(args).partition("@")
    if not at:
        style, title = "", style
    return _details(f"tt-fold tt-{tone(style)}", inline(ctx, title or "…"), body)


def hide_block(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Butterfly's `{% hideBlock [button text][, bg][, color] %}…{% endhideBlock %}`."""
    parts = fields(args) + ["", "", ""]
    return _details("tt-fold tt-hide-block", inline(ctx, parts[0] or "Click"), body,
                    colour_style(parts[1], parts[2]))


def hide_toggle(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Butterfly's `{% hideToggle title[, bg][, color] %}…{% endhideToggle %}`."""
    parts = fields(args) + ["", "", ""]
    return _details("tt-fold tt-hide-toggle", inline(ctx, parts[0] or "…"), body,
                    colour_style(parts[1], parts[2]))


def _reveal(classes: str, button: str, hidden: str, label: str, style: str | None = None) -> str:
    """A label holding a visually hidden checkbox: ticking it shows `hidden` (CSS)."""
    box = f'<input type="checkbox" class="tt-toggle"{attrs(aria_label=label)}>'
    return (f'<span{attrs(class_=classes)}><label{attrs(class_="tt-reveal", style=style)}>'
            f'{box}{button}</label><span class="tt-revealed">{hidden}</span></span>')


def hide_inline(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Butterfly's `{% hideInline content[, button text][, bg][, color] %}`."""
    parts = fields(args) + ["", "", "", ""]
    button = inline(ctx, parts[1] or "Click")
    return _reveal("tt-hide-inline", button, inline(ctx, parts[0]), "Show hidden text",
                   colour_style(parts[2], parts[3]))


def spoiler(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """hexo-spoiler's `{% spoiler [style:blur|box] [color:c] [p:] text… %}`: options come
    first, each `name:value`; the text starts at the first word that is not one.
    Followed by `{% endspoiler %}`, it is hexo-sliding-spoiler's block instead: the words are
    the title of a body folded away until the reader opens it."""
    if body is not None:
        return _details("tt-fold tt-sliding-spoiler", inline(ctx, joined(args) or "…"), body)
    options: dict[str, str] = {}
    words = list(args)
    while words and words[0].split(":", 1)[0] in ("style", "color", "p") and ":" in words[0]:
        name, _, value = words.pop(0).partition(":")
        options[name] = value
    style = options.get("style", "blur")
    style = style if style in SPOILER_STYLES else "blur"
    block = " tt-spoiler-block" if "p" in options else ""
    cover = colour_style(options.get("color"), None) if style == "box" else None
    text = f'<span class="tt-spoiler-text"{attrs(style=cover)}>{inline(ctx, " ".join(words))}</span>'
    box = '<input type="checkbox" class="tt-toggle" aria-label="Reveal spoiler">'
    return f'<label class="tt-spoiler tt-spoiler-{style}{block}">{box}{text}</label>'
