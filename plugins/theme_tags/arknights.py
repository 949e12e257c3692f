"""Arknights' code editor and hidden text (its scripts/tags; its admonitions are drawn with
the note, in hexo_tags/quotes.py).

    {% editor [lang] [theme] [readOnly] [height] [key:value…] %}code{% endeditor %}
    {% hide text… %}

The theme loads Monaco, a code editor, in the reader's page; QuillPress runs no script there,
so the code is drawn as a highlighted block in its language. Hidden text is the spoiler the
other themes' hide tags draw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quillpress.plugin_api import highlight_code, parse_code_options

from .args import joined
from .folds import spoiler

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext


def editor(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """The code in the first plain word's language (the theme's default is javascript);
    the editor's theme, read-only flag, height and `key:value` options are its own."""
    plain = [word for word in args if not (":" in word and word.split(":", 1)[0].strip())]
    options = parse_code_options("")
    options.lang = plain[0] if plain else "javascript"
    return highlight_code((body or "").strip("\n") + "\n", options,
                          ctx.config.get("highlight") or {}, ctx.code_texts)


def hide(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% hide text %}`: the words (Markdown) hidden until the reader reveals them."""
    return spoiler(ctx, [joined(args)], None)
