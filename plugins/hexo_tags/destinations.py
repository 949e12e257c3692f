"""`[text]({% post_path slug %})` and `![alt]({% asset_path file %})`: a tag as the target
of a Markdown link or image.

Hexo expands tags before Markdown, so Hexo blogs write this often. Markdown would not
accept a destination with spaces, so the link syntax is taught to take these two tags;
being a parser rule, it leaves the same text inside code spans alone.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from quillpress.plugin_api import QuillError, parse_args, starts_with

from .assets import asset_path, post_path

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext

_TARGET_TAGS: dict[str, Any] = {"post_path": post_path, "asset_path": asset_path}
_DESTINATION = re.compile(
    r"\(\s*\{%-?\s*(post_path|asset_path)\b((?:[^%\n]|%(?!\}))*?)\s*-?%\}\s*\)")


def _target(ctx: "RenderContext", name: str, args: str) -> str | None:
    try:
        return html.unescape(_TARGET_TAGS[name](ctx, parse_args(args), None))
    except QuillError:
        return None  # left to the tag rule, which shows the error where it is


def tag_destinations(md: MarkdownIt) -> None:
    @starts_with("![")
    def rule(state: StateInline, silent: bool) -> bool:
        src, start = state.src, state.pos
        image = src.startswith("![", start)
        if not image and not src.startswith("[", start):
            return False
        ctx = state.env.get("qp")
        opening = start + 1 if image else start
        label_end = state.md.helpers.parseLinkLabel(state, opening, not image)
        match = _DESTINATION.match(src, label_end + 1) if label_end >= 0 else None
        if ctx is None or match is None:
            return False
        href = _target(ctx, match.group(1), match.group(2))
        if href is None:
            return False
        if silent:
            return True
        label = src[opening + 1:label_end]
        if image:
            token = state.push("image", "img", 0)
            token.attrs = {"src": href, "alt": ""}
            token.content = label
            token.children = []
            state.md.inline.parse(label, state.md, state.env, token.children)
        else:
            limit = state.posMax
            state.pos, state.posMax = opening + 1, label_end
            state.push("link_open", "a", 1).attrs = {"href": href}
            state.linkLevel += 1
            state.md.inline.tokenize(state)
            state.linkLevel -= 1
            state.push("link_close", "a", -1)
            state.posMax = limit
        state.pos = match.end()
        return True

    md.inline.ruler.before("link", "qp_tag_destination", rule)
