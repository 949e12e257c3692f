"""A list line that marked (hexo-renderer-marked, Hexo's default renderer) does not let end a
paragraph: one whose marker is followed by a tab.

marked ends a paragraph at a list line only when a space follows the marker (`1. `, `- `), so
a line of text followed by `1.<TAB>first point` keeps those lines in the paragraph, one line
each, as the blog's readers saw them (writers who paste from a word processor get tabs there).
CommonMark starts a list. For marked blogs the list rule declines that one case; after a blank
line, or between the items of a list, a tab after the marker makes a list as before.

Found by the Hexo oracle (bench/hexo_diff) on a real marked blog.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it.rules_block import list_block

from .rule_dispatch import LIST_MARKERS, starts_with

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock

_TAB_AFTER_MARKER = re.compile(r"(?:[*+-]|\d{1,9}[.)])\t")


@starts_with(LIST_MARKERS)
def marked_list(state: "StateBlock", start: int, end: int, silent: bool) -> bool:
    """markdown-it's list rule, except that a tabbed marker does not interrupt a paragraph
    outside a list."""
    if silent and state.parentType == "paragraph" and state.listIndent < 0 and \
            _TAB_AFTER_MARKER.match(state.src, state.bMarks[start] + state.tShift[start]):
        return False
    return list_block(state, start, end, silent)


def marked_lists_plugin(md: "MarkdownIt") -> None:
    """Put the marked form of the list rule in place of markdown-it's, same chains."""
    alt = next(rule.alt for rule in md.block.ruler.__rules__ if rule.name == "list")
    md.block.ruler.at("list", marked_list, {"alt": list(alt)})
