"""pandoc's fenced divs (`::: {#thm-2 .theorem}` … `:::`) as `<div>`s, on pandoc blogs.

Authors of blogs rendered by hexo-renderer-pandoc group blocks (a theorem, a proof, a panel of
figures) in fenced divs, give them ids and classes, and link to those ids. markdown-it has no
such block: each fence showed as text in the paragraph below it, and the links led nowhere.

pandoc's rules, checked against pandoc 2.17: a div opens with a line, at the margin of its block,
of three or more colons then attributes in braces (`pandoc_attributes.py`) or one word (a class),
optionally more colons; it cannot interrupt a paragraph. It closes at the next line of three or
more colons alone, at the margin, that closes no div opened inside it; colons in a code block do
not count. With no closing line, or an opening line indented, it is text. Divs nest.

What the blog's Lua filters add to the divs (a theorem's label and number) and citeproc's
citations are not made: they need the blog's filter run by pandoc.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .pandoc_attributes import parse_attributes
from .rule_dispatch import starts_with

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock

_COLONS = re.compile(r":{3,}[ \t]*")
_WORD = re.compile(r"(?P<word>[^\s{}:]\S*?)[ \t]*:*[ \t]*")
_TAIL = re.compile(r"[ \t]*:*[ \t]*")
_CODE_FENCE = re.compile(r"`{3,}|~{3,}")


def opening_attributes(text: str) -> list[tuple[str, str]] | None:
    """The HTML attributes of a div that the line `text` opens, or None if it opens none."""
    colons = _COLONS.match(text)
    if colons is None:
        return None
    at = colons.end()
    if text.startswith("{", at):
        parsed = parse_attributes(text, at)
        if parsed is None or _TAIL.fullmatch(text, parsed[1]) is None:
            return None
        return parsed[0]
    word = _WORD.fullmatch(text, at)
    return [("class", word["word"])] if word else None


def _text(state: "StateBlock", line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]


def _closing_line(state: "StateBlock", start: int, end: int) -> int | None:
    """The line that closes the div opened at `start`, skipping the divs opened inside it and
    code blocks; None if there is none before `end`."""
    depth = 0
    code_fence = ""  # the fence of the code block the scan is in, if any
    may_open = True  # the line before ended no paragraph an opening line would continue
    for line in range(start + 1, end):
        text = _text(state, line)
        at_margin = state.sCount[line] == state.blkIndent
        if code_fence:
            if text.rstrip().startswith(code_fence) and not text.rstrip().strip(code_fence[0]):
                code_fence, may_open = "", True
            continue
        fence = _CODE_FENCE.match(text) if state.sCount[line] - state.blkIndent < 4 else None
        if fence is not None:
            code_fence = fence.group()
        elif at_margin and _COLONS.fullmatch(text):
            if depth == 0:
                return line
            depth, may_open = depth - 1, True
        elif at_margin and may_open and opening_attributes(text) is not None:
            depth += 1
        else:
            may_open = not text or text.startswith("#")
    return None


@starts_with(":")
def fenced_div(state: "StateBlock", start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] != state.blkIndent:
        return False
    attrs = opening_attributes(_text(state, start))
    if attrs is None:
        return False
    closing = _closing_line(state, start, end)
    if closing is None:
        return False
    if silent:
        return True
    old_parent, old_max = state.parentType, state.lineMax
    state.parentType, state.lineMax = "fenced_div", closing
    opening = state.push("div_open", "div", 1)
    opening.attrs = dict(attrs)
    opening.markup, opening.map = ":::", [start, closing + 1]
    state.md.block.tokenize(state, start + 1, closing)
    state.push("div_close", "div", -1).markup = ":::"
    state.parentType, state.lineMax = old_parent, old_max
    state.line = closing + 1
    return True


def fenced_divs_plugin(md: "MarkdownIt") -> None:
    md.block.ruler.before("fence", "qp_fenced_div", fenced_div)
