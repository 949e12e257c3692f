"""A fence opened in a list item whose code lines go back to the margin, read as Hexo reads it.

Hexo finds ```` ``` ```` blocks in the raw text before any Markdown renderer runs: from a fence
line to the next line holding the same fence, whatever the indentation in between. Authors rely
on it in lists:

    - Build it with
        ```sh
    make all
        ```

CommonMark ends the list item, and the code block with it, at the first line back at the
margin, so the code shows as paragraphs and the closing fence opens a new block. This rule takes
over only there (the code keeps its lines as written, less the indentation they share): a fence inside a list item, a line below the item's indentation before the
closing fence, and a closing fence that exists. Everything else is markdown-it's own fence rule.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .rule_dispatch import starts_with
from .tag_syntax import strip_indent

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock

OPENING = re.compile(r"(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)")


def _closing_line(state: "StateBlock", start: int, end: int, fence: str) -> int | None:
    """The line closing the fence (Hexo's rule: the same fence alone on its line, at any
    indentation), if a line below the list item's indentation comes first; else None."""
    below_item = False
    for line in range(start + 1, end):
        text = state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]
        if state.sCount[line] < state.blkIndent and text:
            below_item = True
        if text.rstrip() == fence:
            return line if below_item else None
    return None


@starts_with("`~")
def list_fence(state: "StateBlock", start: int, end: int, silent: bool) -> bool:
    # blkIndent > 0: inside a list item (or another container that indents its content)
    if not state.blkIndent or state.sCount[start] - state.blkIndent >= 4:
        return False
    opening = OPENING.fullmatch(state.src, state.bMarks[start] + state.tShift[start],
                                state.eMarks[start])
    if not opening:
        return False
    fence, info = opening.group("fence"), opening.group("info")
    if fence[0] == "`" and "`" in info:
        return False  # an inline code span, not a fence
    closing = _closing_line(state, start, end, fence)
    if closing is None:
        return False
    if silent:
        return True
    token = state.push("fence", "code", 0)
    token.info = info.strip()
    # as Hexo's highlighter takes it: the lines as written, less the indentation they share
    token.content = strip_indent(state.src[state.bMarks[start + 1]:state.bMarks[closing]])
    token.markup = fence
    token.map = [start, closing + 1]
    state.line = closing + 1
    return True


def list_fences_plugin(md: "MarkdownIt") -> None:
    md.block.ruler.before("fence", "qp_list_fence", list_fence,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
