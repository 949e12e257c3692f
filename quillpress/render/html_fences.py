"""Code fences inside an HTML block, made code blocks as Hexo makes them.

Hexo turns every ```` ``` ```` fence of a post into a highlighted block before its Markdown
renderer runs (its `backtick_code_block` filter reads the raw text). Written inside HTML with no
blank line around it (a `<div>` of columns, each a `<b>` title, a fence and a picture; a fence
under a `<form>` showing that form's code), the fence is a code block on Hexo whatever the
renderer. Markdown passes an HTML block through as it is, up to its first blank line, so the
backticks and the code showed as text: in HTML, a `<form>` in the code was even drawn as a
live form. This core rule cuts such a block at its fences (tag_syntax.HEXO_FENCE): HTML pieces
around fence tokens, which the fence renderer then draws as any other fence. The HTML block
rule has already run such a block on over a blank line in the code (tag_syntax).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .tag_syntax import HEXO_FENCE, html_piece, may_hold_fence, strip_indent


def _fence_token(match: re.Match[str], like: Token, first_line: int) -> Token:
    """The fence token of one fence `match` of the HTML block `like`, starting on
    `first_line` (of the document's lines, as markdown-it counts them)."""
    token = Token("fence", "code", 0)
    token.info, token.markup = match.group("info"), match.group("fence")
    # the code as Hexo's highlighter takes it: less the indentation its lines share
    token.content = strip_indent(match.group("code"))
    lines = match.string.count("\n", match.start(), match.start("after")) + 1
    token.map, token.level, token.block = [first_line, first_line + lines], like.level, True
    return token


def split_at_fences(block: Token) -> list[Token]:
    """The HTML block's fences as fence tokens between HTML pieces of it ([block] when it
    holds none). Each piece before a fence keeps the fence's indentation, as Hexo keeps it
    before its code block; each piece after one starts on the line below the closing
    fence (the fence's HTML ends its own line)."""
    text, pieces, pos = block.content, [], 0
    top = block.map[0] if block.map else 0
    for match in HEXO_FENCE.finditer(text):
        if text[pos:match.end("start")]:
            pieces.append(html_piece(text[pos:match.end("start")], block, block.info))
        pieces.append(_fence_token(match, block, top + text.count("\n", 0, match.start())))
        after = match.start("after")
        pos = after + 1 if match.group("after") else after
    if not pieces:
        return [block]
    if text[pos:]:
        pieces.append(html_piece(text[pos:], block, block.info))
    return pieces


def fences_in_html_blocks(state: StateCore) -> None:
    """The core rule (after the tags in HTML blocks are read) that makes code blocks of the
    fences inside HTML blocks (`split_at_fences`). A fence inside a tag pair stays in the
    pair's body, where the tag's own Markdown draws it."""
    if not may_hold_fence(state.src):
        return
    tokens = state.tokens
    for token in tokens:
        if token.type == "html_block" and may_hold_fence(token.content):
            break
    else:
        return
    state.tokens = [piece for token in tokens for piece in (
        split_at_fences(token) if token.type == "html_block" and may_hold_fence(token.content)
        else [token])]


def html_fences_plugin(md: MarkdownIt) -> None:
    """Install the rule after the one reading tags in HTML blocks (tag_syntax)."""
    md.core.ruler.after("qp_tags_in_html", "qp_fences_in_html", fences_in_html_blocks)
