"""hexo-tag-plantuml's `{% plantuml %}…{% endplantuml %}`: a UML diagram written in PlantUML.

The plugin sent the diagram to the PlantUML server while Hexo built the site and pasted the
drawing it got back into the page. QuillPress fetches nothing while it builds, and PlantUML
has no renderer in JavaScript to draw it in the page, so the reader gets the diagram's source
as a code block, and under it a link to the same drawing on the PlantUML server (opened only
when clicked: the page asks no outside service for anything). Before, the source was read as
Markdown: `A -> B: call` became a line of prose, `[component]` a broken link.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from quillpress.plugin_api import attrs, highlight_code, parse_code_options

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext

SERVER = "https://www.plantuml.com/plantuml/svg/"
# PlantUML's own base64 alphabet (its text encoding for diagrams in URLs).
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"


def encode(source: str) -> str:
    """The diagram as the PlantUML server reads it from a URL: UTF-8, raw deflate, then
    PlantUML's base64 (three bytes to four characters, the last group padded with zeros)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = packer.compress(source.encode("utf-8")) + packer.flush()
    out: list[str] = []
    for start in range(0, len(data), 3):
        group = data[start:start + 3].ljust(3, b"\0")
        number = int.from_bytes(group, "big")
        out.extend(_ALPHABET[(number >> shift) & 0x3F] for shift in (18, 12, 6, 0))
    return "".join(out)


def plantuml(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    source = (body or "").strip("\n")
    ctx.warn("{% plantuml %} is hexo-tag-plantuml's diagram, drawn by the PlantUML server "
             "while Hexo built; QuillPress shows its source, with a link to the drawing there",
             hint="keep it, or put an image of the diagram in the post")
    code = highlight_code(source, parse_code_options("lang:plantuml"), ctx.config.get("highlight") or {},
                          ctx.code_texts)
    link = f'<a{attrs(href=SERVER + encode(source))} rel="noopener">The diagram, drawn by the PlantUML server</a>'
    return f'<div class="tt-plantuml">{code}<p class="tt-plantuml-link">{link}</p></div>\n'

