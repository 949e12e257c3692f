"""What kramed (hexo-renderer-kramed) reads otherwise than CommonMark, beyond what it shares
with marked (bare links, `marked_inline`).

- **A heading without a space.** kramed's heading rule takes one to six `#` followed by any
  text, a space or not: `##Second try` and `#include <stdio.h>` are headings on Hexo's pages
  (an h2 "Second try", an h1 "include <stdio.h>"), and such a line ends the paragraph above
  it. CommonMark wants a space after the marks, so both were text in a paragraph. A closing
  run of `#` goes as kramed drops it, spaced or not (`#Title#` is "Title"); past six marks
  the rest is the text of an h6 (`####### x` is "# x").
- **A block right under a list.** kramed's list runs to a blank line followed by a line that
  is neither indented nor an item (or to a rule), so a heading, a fence or a quote written on
  the line after an item's last line is inside that item: `- step one` then `## Result` on the
  next line shows the heading in the item, as do the lines after it up to a blank line.
  CommonMark ends the list there. A rule (`---`) still ends it.
- **A paragraph ended by an indented heading.** kramed ends a paragraph at any line its
  heading rule reads, spaces before the marks and all, and then reads `    # x` as indented
  code; CommonMark keeps such a line in the paragraph.
- **Every numbered list starts at 1** (`lists_numbered_from_one`): no `start="3"`.
- **Two blank lines end a list** (`ending_at_two_blank_lines`): indented lines after them
  are code, not the last item's text.
- **A linked URL's text and an image's alt text as written** (as_written.py): `%E4%B8%AD`
  stays so, as on Hexo's pages.
- **A fence that is never closed is no fence.** kramed's fence rule wants the same run of
  backticks or tildes again after the code, at the end of a line, and Hexo's code filter,
  before it, wants a closing line too: a post that ends inside its last code block
  shows the ```` ```bash ```` line as text and the lines after it as Markdown (a `# comment`
  is a heading). CommonMark runs such a block to the end of its container, as code.

Found by the Hexo oracle (bench/hexo_diff) on real kramed blogs (985 posts, headings written
`##Name` in five of them; headings right under a list in four blogs).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it.rules_block import fence, heading

from .as_written import as_written_plugin
from .marked_lists import ending_at_two_blank_lines, lists_numbered_from_one
from .paragraph import paragraph
from .rule_dispatch import starts_with

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

# kramed's heading, tried where CommonMark's refused the line
_KRAMED_HEADING = re.compile(r"(#{1,6})[ \t]*(.+?)[ \t]*#*[ \t]*$")
# kramed's heading where it ends a paragraph: after spaces only, however many
_ENDS_PARAGRAPH = re.compile(r" *#{1,6} *[^\n]*[^ \n][^\n]*")


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


def _indented_heading(state: "StateBlock", start: int) -> int | None:
    """The first line after `start`, before an empty one, indented as code and read by
    kramed's heading rule (`    # x`, after spaces only)."""
    line = start + 1
    while line < state.lineMax and not state.isEmpty(line):
        if state.sCount[line] - state.blkIndent > 3 and _ENDS_PARAGRAPH.fullmatch(
                state.src, state.bMarks[line], state.eMarks[line]):
            return line
        line += 1
    return None


def kramed_paragraph(state: "StateBlock", start: int, end: int, silent: bool) -> bool:
    """A paragraph, ended before an indented line kramed reads as a heading; that line is
    then indented code (markdown-it's paragraph takes such lines in without asking)."""
    stop = _indented_heading(state, start)
    if stop is None:
        return paragraph(state, start, end, silent)
    line_max, state.lineMax = state.lineMax, stop
    try:
        return paragraph(state, start, stop, silent)
    finally:
        state.lineMax = line_max


_FENCE_OPENING = re.compile(r" *(`{3,}|~{3,})")


@starts_with("`~")
def kramed_fence(state: "StateBlock", start: int, end: int, silent: bool) -> bool:
    """markdown-it's fence, where the text after its opening line holds the opening run
    again at the end of a line (kramed's closing; a longer run ends with it too). The text
    is read to the end of the post: a paragraph asks with its own end, which stops before
    an indented `# comment` line of the very code it asks about (`kramed_paragraph`)."""
    opening = _FENCE_OPENING.match(state.src, state.bMarks[start] + state.tShift[start],
                                   state.eMarks[start])
    if opening is not None:
        closing = re.compile(re.escape(opening.group(1)) + r" *$", re.M)
        if closing.search(state.src, state.eMarks[start] + 1) is None:
            return False
    return fence(state, start, end, silent)


_BLANK = re.compile(r"[\s>]*$")  # a blank line, in a quote too (`>`)
_LIST_CLOSES = ("bullet_list_close", "ordered_list_close", "list_item_close")
# what kramed's list takes in from the line after it (a rule ends it; a list is its own item)
_TAKEN_IN = ("heading_open", "paragraph_open", "blockquote_open", "fence", "code_block")


def _block_end(tokens: "list[Token]", start: int) -> int:
    """The index after the block opening at `start` (one token, or to its matching close)."""
    if tokens[start].nesting != 1:
        return start + 1
    depth = 0
    for end in range(start, len(tokens)):
        depth += tokens[end].nesting
        if depth == 0:
            return end + 1
    return len(tokens)


def _right_under(token: "Token", level: int, lines: list[str]) -> bool:
    """Whether `token` opens a block kramed's list takes in, at the list's `level`, on the
    line right under the block before it (not after a blank line, nor a quote's `>` line)."""
    return (token.type in _TAKEN_IN and token.level == level and token.map is not None
            and _BLANK.match(lines[token.map[0] - 1]) is None)


def blocks_under_lists(state: "StateCore") -> None:
    """Move the blocks written on the lines right under a list, up to a blank line, into its
    last item (the innermost), as kramed reads them."""
    tokens, lines = state.tokens, state.src.split("\n")
    opens: list[int] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type in ("bullet_list_open", "ordered_list_open"):
            opens.append(i)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            opening = tokens[opens.pop()]
            after = i + 1
            while after < len(tokens) and _right_under(tokens[after], opening.level, lines):
                after = _block_end(tokens, after)
            if after > i + 1 and not opens:
                into = i
                while tokens[into - 1].type in _LIST_CLOSES:
                    into -= 1  # before the innermost last item's close
                _move(tokens, i + 1, after, into, tokens[into].level + 1 - opening.level,
                      tokens[into - 1].type == "paragraph_close" and tokens[into - 1].hidden)
                i = after - 1
        i += 1


def _move(tokens: "list[Token]", start: int, end: int, into: int, deeper: int, tight: bool
          ) -> None:
    """Move tokens[start:end] to index `into` (before `start`), `deeper` levels in; their
    paragraphs without `<p>` in a tight list."""
    moved = tokens[start:end]
    for token in moved:
        token.level += deeper
        if tight and token.type in ("paragraph_open", "paragraph_close") \
                and token.level == tokens[into].level + 1:
            token.hidden = True
    tokens[into:end] = moved + tokens[into:start]


def kramed_plugin(md: "MarkdownIt") -> None:
    """kramed's heading and fence rules in place of markdown-it's (same chains), its lists
    taking in the blocks right under them, ending at two blank lines and numbered from 1, its
    link and alt texts."""
    alt = next(rule.alt for rule in md.block.ruler.__rules__ if rule.name == "heading")
    md.block.ruler.at("heading", kramed_heading, {"alt": list(alt)})
    md.block.ruler.at("paragraph", kramed_paragraph)
    alt = next(rule.alt for rule in md.block.ruler.__rules__ if rule.name == "fence")
    md.block.ruler.at("fence", kramed_fence, {"alt": list(alt)})
    lists = next(rule for rule in md.block.ruler.__rules__ if rule.name == "list")
    md.block.ruler.at("list", ending_at_two_blank_lines(lists.fn), {"alt": list(lists.alt)})
    md.core.ruler.after("block", "kramed_blocks_under_lists", blocks_under_lists)
    lists_numbered_from_one(md)
    as_written_plugin(md)
