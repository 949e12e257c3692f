"""marked's bare `www.` URL runs through an entity or a backslash escape in it.

marked reads a bare URL from the source as written, so `www.a.example/x?p=1&amp;q=2` is one
link (to `?p=1&q=2`). markdown-it's inline parser has already made `&amp;` (and `\\&`) a token
of its own when linkify reads the texts, so the link stopped at `p=1` and `&amp;q=2` was text.
A URL with a scheme is read from the source (the inline linkify rule, at its `://`); for
`www.` this core rule, run before linkify, joins the text from the URL's start to its end (as
marked ends it, on the source) into one text token, which linkify then links whole.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from markdown_it.token import Token

from .marked_inline import MARKED_URL_RUN, marked_url_end

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

_JOINED = ("text", "text_special")


def _source(token: Token) -> str:
    """What `token` (text, or an entity or escape) was in the source."""
    return token.markup if token.type == "text_special" else token.content


def _url_start(text: str) -> int:
    """Where a `www.` URL that runs to the end of `text` starts, or -1."""
    for found in MARKED_URL_RUN.finditer(text):
        if found.end() == len(text) and found.group()[:4] == "www.":
            return found.start()
    return -1


def _joined(state: "StateCore", tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    children = deque(tokens)
    while children:
        child, start = children.popleft(), -1
        if child.type == "text" and children and children[0].type == "text_special":
            start = _url_start(child.content)
        if start < 0:
            out.append(child)
            continue
        source, taken = child.content, 0
        while taken < len(children) and children[taken].type in _JOINED:
            source += _source(children[taken])
            taken += 1
            if any(char.isspace() or char == "<" for char in _source(children[taken - 1])):
                break  # the URL ends at a blank or `<` at the latest
        end = marked_url_end(source, start)
        if end <= len(child.content):
            out.append(child)
            continue
        out.extend(Token("text", "", 0, content=text, level=child.level)
                   for text in (source[:start], source[start:end]) if text)
        for _ in range(taken):
            children.popleft()
        if end < len(source):  # the rest of the joined tokens, read again, looked at again
            rest: list[Token] = []
            state.md.inline.parse(source[end:], state.md, state.env, rest)
            children.extendleft(reversed(rest))
    return out


def join_entity_split_urls(state: "StateCore") -> None:
    """Join each `www.` URL split by an entity or escape into one text token. The source is
    looked at first: walking every token of a long post costs more than the rule's work."""
    if "www." not in state.src or ("&" not in state.src and "\\" not in state.src):
        return
    for token in state.tokens:
        if (token.type == "inline" and token.children and "www." in token.content
                and any(child.type == "text_special" for child in token.children)):
            token.children = _joined(state, token.children)


def entity_split_urls_plugin(md: "MarkdownIt") -> None:
    md.core.ruler.before("linkify", "qp_entity_split_urls", join_entity_split_urls)
