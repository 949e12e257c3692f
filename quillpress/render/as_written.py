"""What marked and kramed (hexo-renderer-marked, hexo-renderer-kramed) write into the page as
the author typed it, where markdown-it writes what it read.

Both escape such text with an escape that leaves an entity (`&amp;`, `&copy;`, `&#40;`) as it
is, so the reader's browser reads it; markdown-it escapes it once more or shows the
markup it parsed.

- **A linked URL's text** (a bare URL, `<https://…>`): `%20` and `%E4%B8%AD` stay so, where
  markdown-it decodes them (`normalizeLinkText`); the address is the same.
- **An entity in a linked URL**: `https://a.example/?a=1&amp;b=2` leads to `?a=1&b=2` and
  reads so. CommonMark reads no entity in a bare URL nor in `<…>`: the page said
  `?a=1&amp;b=2` and its link led there.
- **An image's alt text**: the label as written, markup included (`![Fig. *2*](f.png)` gives
  `Fig. *2*`, `![a\\_b](x.png)` keeps its backslash), its entities read; CommonMark's alt is
  the label's text with the markup taken out (`Fig. 2`). Themes show it as the picture's
  caption (Butterfly, Fluid, NexT), and a screen reader reads it.

Found by the Hexo oracle (bench/hexo_diff) on real marked and kramed blogs.
"""

from __future__ import annotations

from html import unescape
from html.entities import html5
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererHTML
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token
    from markdown_it.utils import OptionsDict

# what marked's and kramed's escape leave as they are: `&` before `#?\w+;`
_ENTITY = re.compile(r"&(#?\w+);")


def _read(found: re.Match[str]) -> str:
    name = found.group(1)
    if name.startswith("#"):
        return unescape(found.group())  # a number no character has stays as written
    return html5.get(name + ";", found.group())  # a name the browser does not know, too


def entities_read(text: str) -> str:
    """`text` with each entity a browser reads in an attribute replaced by its character;
    an unknown one (`&foo;`) stays, as the browser shows it."""
    return _ENTITY.sub(_read, text) if "&" in text else text


def _as_written(url: str) -> str:
    return entities_read(url)


def _linked_urls_read_entities(state: "StateCore") -> None:
    """The addresses of bare and `<…>` links with their entities read (their texts are, by
    `normalizeLinkText`)."""
    for token in state.tokens:
        if token.type != "inline" or "&" not in token.content:
            continue
        for child in token.children or ():
            if child.type == "link_open" and child.info == "auto":
                href = child.attrGet("href")
                if isinstance(href, str) and "&" in href:
                    child.attrSet("href", state.md.normalizeLink(entities_read(href)))


def _image_alt_as_written(renderer: "RendererHTML", tokens: "Sequence[Token]", idx: int,
                          options: "OptionsDict", env: Any) -> str:
    token = tokens[idx]
    token.attrSet("alt", entities_read(token.content))
    return renderer.renderToken(tokens, idx, options, env)


def as_written_plugin(md: "MarkdownIt") -> None:
    """Linked URLs' texts, their entities and images' alt texts as marked and kramed write
    them."""
    md.normalizeLinkText = _as_written  # type: ignore[method-assign,assignment]
    md.core.ruler.after("linkify", "qp_linked_url_entities", _linked_urls_read_entities)
    md.add_render_rule("image", _image_alt_as_written)


def _escaped_entities_read(state: "StateCore") -> None:
    """Link and image addresses whose source holds `\\&`, with their entities read."""
    if "\\&" not in state.src:
        return
    for token in state.tokens:
        if token.type != "inline" or "\\&" not in token.content:
            continue
        for child in token.children or ():
            key = "src" if child.type == "image" else "href" if child.type == "link_open" else ""
            value = child.attrGet(key) if key else None
            if isinstance(value, str) and "&" in value and child.info != "auto":
                child.attrSet(key, state.md.normalizeLink(entities_read(value)))


def escaped_entities_plugin(md: "MarkdownIt") -> None:
    """marked 0.7 and later: a backslash before `&` in a link's or image's address does not
    stop the entity after it. marked takes the address's backslashes out and writes the rest
    with entities left for the browser, so `![](https://a.example/1\\&quot;)` loads `1"`;
    CommonMark reads `\\&` as a plain `&`, so the page asked for `1&quot;`. (kramed and marked
    0.3-0.6 keep the backslash, which the browser reads as `/`: left as is.)"""
    md.core.ruler.after("inline", "qp_escaped_entities", _escaped_entities_read)
