"""Links and images whose destination CommonMark refuses but Hexo's kramed and pandoc accept.

hexo-renderer-kramed takes everything between `(` and `)` as the destination (pandoc too), so
real posts write links to Hexo URLs with spaces in them, `[post](https://me.io/2020/04/03/A B/)`,
and images with a Typora/CSDN size suffix, `![alt](pic.png =300x)` or `=300x200`. CommonMark
refuses both and the reader sees the Markdown as text. This inline rule runs only where the
standard link and image rules gave up, on one line with balanced parentheses: spaces in a
destination are percent-encoded, and a trailing `=WxH` becomes the image's width and height.
Only for blogs whose renderer read them so (`reads_loose_links`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .rule_dispatch import starts_with

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

SIZE = re.compile(r"^(?P<dest>.*?)\s+=(?P<width>\d*)x(?P<height>\d*)$")
TITLE = re.compile(r"^(?P<dest>.*?)\s+(?P<q>[\"'])(?P<title>.*)(?P=q)$")


def _closing_paren(src: str, start: int, end: int) -> int:
    """Index of the `)` closing the `(` before `start` on the same line, or -1."""
    depth = 0
    for pos in range(start, end):
        char = src[pos]
        if char == "\n":
            return -1
        if char == "\\":
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return pos
            depth -= 1
    return -1


@starts_with("![")
def loose_link(state: "StateInline", silent: bool) -> bool:
    start = state.pos
    is_image = state.src.startswith("![", start)
    if not is_image and state.src[start] != "[":
        return False
    label_start = start + (2 if is_image else 1)
    label_end = state.md.helpers.parseLinkLabel(state, label_start - 1, False)
    if label_end < 0 or label_end + 1 >= state.posMax or state.src[label_end + 1] != "(":
        return False
    close = _closing_paren(state.src, label_end + 2, state.posMax)
    if close < 0:
        return False
    inside = state.src[label_end + 2:close].strip()
    dest, title = inside, ""
    titled = TITLE.match(dest)
    if titled:
        dest, title = titled.group("dest"), titled.group("title")
    size = SIZE.match(dest) if is_image else None
    if size:
        dest = size.group("dest")
    dest = dest.strip().strip("<>")
    if not dest or not (size or any(c.isspace() for c in dest)):
        return False  # nothing CommonMark refused for the reason this rule is about
    if "](" in dest or dest.startswith("["):
        return False  # a Markdown link pasted where the URL goes: no URL to make a link of
    href = state.md.normalizeLink(dest)
    if not state.md.validateLink(href):
        return False
    if silent:
        state.pos = close + 1
        return True
    if is_image:
        children: list = []
        label = state.src[label_start:label_end]
        state.md.inline.parse(label, state.md, state.env, children)
        token = state.push("image", "img", 0)
        token.attrs = {"src": href, "alt": ""}
        token.children = children
        token.content = label
        if title:
            token.attrSet("title", title)
        if size and size.group("width"):
            token.attrSet("width", size.group("width"))
        if size and size.group("height"):
            token.attrSet("height", size.group("height"))
    else:
        old_max = state.posMax
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        if title:
            token.attrSet("title", title)
        state.linkLevel += 1
        state.pos, state.posMax = label_start, label_end
        state.md.inline.tokenize(state)
        state.posMax = old_max
        state.linkLevel -= 1
        state.push("link_close", "a", -1)
    state.pos = close + 1
    return True


def loose_links_plugin(md: "MarkdownIt") -> None:
    md.inline.ruler.after("image", "qp_loose_link", loose_link)


def reads_loose_links(renderer: str | None) -> bool:
    """kramed and pandoc read these forms (pandoc percent-encodes the spaces too), and so does
    a QuillPress blog; a Hexo blog rendered by marked (marked 4, in hexo-renderer-marked 6) or
    markdown-it saw them as text, so it keeps seeing text: `length[i](1 ≤ i ≤ n)` in a marked
    post is prose, not a link."""
    return renderer in (None, "hexo-renderer-kramed", "hexo-renderer-pandoc")
