"""Images shown with their alt text as a caption, where the blog's renderer did so.

pandoc's implicit figures: an image alone in its paragraph is shown with its caption.

A blog rendered by hexo-renderer-pandoc gets pandoc's `implicit_figures`: a paragraph holding
nothing but one image with alt text becomes a `<figure>`, and the alt text (Markdown inside it
included) is shown under the image as its `<figcaption>`. Authors of such blogs write the
caption only there (`![Figure 2.1 Prices, 1860-2010](fig21.png)`), so without it the reader
loses it. An image with empty alt, or beside text, stays as it is (pandoc 2's rule). Other
renderers (marked, markdown-it) never did this, so their blogs are left alone.

hexo-renderer-marked's `figcaption: true` (off by default) wraps every image with alt text,
inline ones too, in a `<figure>` whose `<figcaption aria-hidden="true">` repeats the alt text as
written (its Markdown not rendered), inside the paragraph as marked writes it.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from markdown_it.token import Token

from ..config.hexo_plugins import markdown_renderer
from .as_written import entities_read
from .line_breaks import setting_at

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

    from ..config.loader import Config


def _lone_image(tokens: list[Token], i: int) -> Token | None:
    """The image a shown paragraph starting at `i` holds alone, if it has alt text."""
    opening, inline, closing = tokens[i:i + 3]
    if opening.type != "paragraph_open" or opening.hidden or closing.type != "paragraph_close":
        return None
    children = inline.children or []
    if len(children) != 1 or children[0].type != "image" or not children[0].children:
        return None
    return children[0]


def implicit_figures(state: "StateCore") -> None:
    tokens = state.tokens
    i = 0
    while i + 2 < len(tokens):
        image = _lone_image(tokens, i)
        if image is None:
            i += 1
            continue
        opening, inline, closing = tokens[i:i + 3]
        opening.type, opening.tag = "figure_open", "figure"
        closing.type, closing.tag = "figure_close", "figure"
        caption = Token("inline", "", 0, content=image.content, map=inline.map,
                        children=list(image.children or []))
        tokens[i + 2:i + 2] = [Token("figcaption_open", "figcaption", 1, block=True),
                               caption, Token("figcaption_close", "figcaption", -1, block=True)]
        i += 6


def implicit_figures_plugin(md: "MarkdownIt") -> None:
    md.core.ruler.after("inline", "qp_implicit_figures", implicit_figures)


def marked_figcaption(config: "Config") -> bool:
    """Whether the blog's renderer is hexo-renderer-marked with `marked.figcaption: true`."""
    return (setting_at(config, ("marked", "figcaption")) is True
            and markdown_renderer(config.root_path) == "hexo-renderer-marked")


def captioned(image_html: str, image: Token) -> str:
    """`image_html` as marked's figcaption option draws it: in a figure captioned with the
    image's alt text as written, when it has one: its entities read, as in the alt text
    (marked writes the same escaped label into both, entities left for the browser)."""
    if not image.content:
        return image_html
    caption = html.escape(entities_read(image.content))
    return f'<figure>{image_html}<figcaption aria-hidden="true">{caption}</figcaption></figure>'

