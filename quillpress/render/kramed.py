"""What kramed (hexo-renderer-kramed) reads otherwise than CommonMark, beyond what it shares
with marked (bare links, `marked_inline`).

- **A heading without a space.** kramed's heading rule takes one to six `#` followed by any
  text, a space or not: `##Second try` and `#include <stdio.h>` are headings on Hexo's pages
  (an h2 "Second try", an h1 "include <stdio.h>"), and such a line ends the paragraph above
  it. CommonMark wants a space after the marks, so both were text in a paragraph. A closing
  run of `#` goes as kramed drops it, spaced or not (`#Title#` is "Title"); past six marks
  the rest is the text of an h6 (`####### x` is "# x").
- **A linked URL's text and an image's alt text as written** (as_written.py): `%E4%B8%AD`
  stays so, as on Hexo's pages.

Found by the Hexo oracle (bench/hexo_diff) on a real kramed blog (985 posts, headings written
`##Name` in five of them).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it.rules_block import heading

from .as_written import as_written_plugin
from .rule_dispatch import starts_with

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock

# kramed's heading, tried where CommonMark's refused the line
_KRAMED_HEADING = re.compile(r"(#{1,6})[ \t]*(.+?)[ \t]*#*[ \t]*$")


@starts_with("#")
def kramed_heading(state: "StateBlock", start: int, end: int, silent: bool) -> bool:
    """markdown-it's heading rule, then kramed's for `#Title` (no space after the marks) and
    for seven marks or more."""
    if heading(state, start, end, silent):
        return True
    if state.is_code_block(start):
        return False
    found = _KRAMED_HEADING.match(state.src, state.bMarks[start] + state.tShift[start],
                            state.eMarks[start])
    if found is None:
        return False
    if silent:
        return True
    marks = found.group(1)
    state.line = start + 1
    opening = state.push("heading_open", f"h{len(marks)}", 1)
    opening.markup, opening.map = marks, [start, state.line]
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = found.group(2), [start, state.line], []
    state.push("heading_close", f"h{len(marks)}", -1).markup = marks
    return True


def kramed_plugin(md: "MarkdownIt") -> None:
    """kramed's heading rule in place of markdown-it's (same chains), its link and alt
    texts."""
    alt = next(rule.alt for rule in md.block.ruler.__rules__ if rule.name == "heading")
    md.block.ruler.at("heading", kramed_heading, {"alt": list(alt)})
    as_written_plugin(md)
