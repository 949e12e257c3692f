"""Fences that CommonMark closes elsewhere than Hexo, read as Hexo reads them.

Hexo finds ```` ``` ```` blocks in the raw text before any Markdown renderer runs: from a fence
line to the next line holding the same fence, whatever the indentation in between and of that
line. Authors rely on it in lists:

    - Build it with
        ```sh
    make all
        ```

CommonMark ends the list item, and the code block with it, at the first line back at the
margin, so the code shows as paragraphs and the closing fence opens a new block. It also reads a
closing fence indented four columns or more as a line of code, and ends the block at the next
fence, so the text after the block becomes code and the code after it text. This rule takes
over only there (the code keeps its lines as written, less the indentation they share): a
closing fence that exists, with a line below the list item's indentation before it or itself
indented four columns past the block's margin (unless the lines after it are as deep: then it
opens an example nested in the code, which Hexo cuts in two). Everything else is markdown-it's
own fence rule.
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
    indentation), if CommonMark would end the block elsewhere: a line below the list item's
    indentation comes first, or the closing fence is indented four columns or more (code to
    CommonMark); else None."""
    below_item = False
    for line in range(start + 1, end):
        text = state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]
        if state.sCount[line] < state.blkIndent and text:
            below_item = True
        if text.rstrip() == fence:
            deep = state.sCount[line] - state.blkIndent >= 4
            return line if below_item or (deep and not _opens_nested(state, line, end)) else None
    return None


def _opens_nested(state: "StateBlock", line: int, end: int) -> bool:
    """Whether the deep fence `line` opens an example nested in the code (the next line
    with text is indented as deep): Hexo's filter ends the block there and cuts the example
    in two, which no author meant; CommonMark's reading, one block, is kept."""
    for after in range(line + 1, end):
        if not state.isEmpty(after):
            return state.sCount[after] >= state.sCount[line]
    return False


@starts_with("`~")
def list_fence(state: "StateBlock", start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
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
