"""List lines marked (hexo-renderer-marked, Hexo's default renderer) reads otherwise than
CommonMark.

- A list line whose marker is followed by a tab does not end a paragraph: marked ends a
  paragraph at a list line only when a space follows the marker (`1. `, `- `), so a line of
  text followed by `1.<TAB>first point` keeps those lines in the paragraph, one line each, as
  the blog's readers saw them (writers who paste from a word processor get tabs there).
  CommonMark starts a list. After a blank line, or between the items of a list, a tab after
  the marker makes a list as before.
- A ``` block right after a line of text in a list item, and the line right after a ```
  block in one, stay in the item, however little they are indented. Hexo puts a placeholder
  line (an HTML comment) in each block's place before marked runs, and marked keeps any
  line after a line of text in the item, indented as written counted from the item's text:
  a `<TAB>2. next step` under a code block in item 1 is a list nested in it. CommonMark ends
  the item there (neither a code block nor the line after one is a lazy line), and four
  columns of indentation make the line code. A line that would end the item in marked too
  (a list marker, heading or rule indented less than the item's text) is left as it is.
- marked before 0.7 (hexo-renderer-marked 0.x and 1.0, Hexo 2) ends a paragraph at any
  numbered line (`3. step`, a tab after the marker too) and starts the list at that number;
  CommonMark, and marked since 0.7, only at `1.`. A line of text then `3. step` was the
  third point of a list on those blogs. Two blank lines in a row end a list there, as in
  kramed (both lists run to the first blank line followed by a line that is not a blank):
  four-space lines after them are code, where CommonMark and marked 0.7 keep them in the
  last item.
- marked before 0.3.19 (a lock pinning 0.3.6: hexo-renderer-marked 0.3's first releases) and
  kramed number every list from 1: `3. step` starts an `<ol>` without `start`, so the reader
  saw 1, 2; markdown-it and later marked write `start="3"` (run in Node: marked 0.3.6-0.3.18
  and kramed 0.5.6 none, 0.3.19, 0.6.3 and 4.3 `start`).

Found by the Hexo oracle (bench/hexo_diff) on real marked blogs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it.rules_block import fence, list_block

from ..config.hexo_plugins import markdown_renderer
from ..config.locked_versions import locked_version
from .list_fences import list_fence
from .rule_dispatch import LIST_MARKERS, starts_with
from .tag_syntax import OPEN, find_end

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore

FIRST_MARKED_WITH_START = (0, 3, 19)

_TAB_AFTER_MARKER = re.compile(r"(?:[*+-]|\d{1,9}[.)])\t")
_NUMBERED_TEXT = re.compile(r"\d{1,9}\.[ \t]+\S")  # a list item to marked 0.3-0.6
# What ends a list item in marked when indented less than the item's text: a list marker,
# a heading, a thematic break (a ``` block is a placeholder line of text by then).
_ENDS_ITEM = re.compile(r"(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)|#|(?:(?:-[ \t]*){3,}|(?:_[ \t]*){3,}"
                        r"|(?:\*[ \t]*){3,})$")
_PARENTS = "qp_marked_list_parents"  # env: the indentation around each list being read


@starts_with(LIST_MARKERS)
def marked_list(state: "StateBlock", start: int, end: int, silent: bool) -> bool:
    """markdown-it's list rule, except that a tabbed marker does not interrupt a paragraph
    outside a list; while a list is read, the indentation around it is kept (for
    `_keep_in_item`)."""
    if silent and state.parentType == "paragraph" and state.listIndent < 0 and \
            _TAB_AFTER_MARKER.match(state.src, state.bMarks[start] + state.tShift[start]):
        return False
    return _list_keeping_parents(state, start, end, silent)


@starts_with(LIST_MARKERS)
def old_marked_list(state: "StateBlock", start: int, end: int, silent: bool) -> bool:
    """markdown-it's list rule as marked 0.3-0.6 reads lists: a numbered line with text ends
    a paragraph whatever its number and the blank after its marker (asked as though no
    paragraph were open, for markdown-it's rule refuses any number but 1 there)."""
    if silent and state.parentType == "paragraph" and \
            _NUMBERED_TEXT.match(state.src, state.bMarks[start] + state.tShift[start]):
        state.parentType = "list"
        try:
            return list_block(state, start, end, silent)
        finally:
            state.parentType = "paragraph"
    return _list_keeping_parents(state, start, end, silent)


def _list_keeping_parents(state: "StateBlock", start: int, end: int, silent: bool) -> bool:
    """markdown-it's list rule; while a list is read, the indentation around it is kept (for
    `_keep_in_item`)."""
    if silent:
        return list_block(state, start, end, silent)
    parents: list[int] = state.env.setdefault(_PARENTS, [])
    parents.append(state.blkIndent)
    try:
        return list_block(state, start, end, silent)
    finally:
        parents.pop()


def _keep_in_item(state: "StateBlock", line: int, end: int) -> None:
    """Line `line`, read after text or after a code block in a list item, indented as marked
    reads it when it is indented less than the item's text.

    marked gathers an item's lines, then reads them as a document of their own: a line
    indented as deep as the item's text loses that indentation, a line indented less
    (after text) keeps all of its own. Item by item from the outermost, the line's
    indentation is thus cut by each item's text column or kept whole, unless it ends that
    item there (a list marker, heading or rule indented less than the item's text)."""
    parents = state.env.get(_PARENTS)
    if not parents or line >= end or state.isEmpty(line) or state.sCount[line] >= state.blkIndent:
        return
    columns = [*parents, state.blkIndent]  # each open item's text column, the outside first
    text = state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]
    indent, at = state.sCount[line] - columns[0], 0
    for item in range(1, len(columns)):
        depth = columns[item] - columns[item - 1]  # the item's text, from its parent's
        if indent >= depth:
            indent -= depth
        elif indent <= min(3, depth - 1) and _ENDS_ITEM.match(text):
            break
        at = item
    state.sCount[line] = columns[at] + indent


_FENCE_MARK = re.compile(r"[ \t]*(?:```|~~~)")


_END_NAME = re.compile(r"\{%-?\s*end(\w+)")


@lru_cache(maxsize=4)
def _ended_names(src: str) -> frozenset[str]:
    """The names `{% endname` closes somewhere in `src`: only those open a pair, as Hexo
    asks (`end` + name in the post). Looking for the end of every tag without one (an
    `{% asset_img %}` on each line of a list) ran to the end of the post each time."""
    return frozenset(found.group(1) for found in _END_NAME.finditer(src))


def _pair_end(state: "StateBlock", line: int) -> int:
    """The line holding the end of a `{% name %}…{% endname %}` pair opened on `line`, else
    `line`. Hexo sets each such pair aside (known tag or not) before the renderer runs, so
    blank lines in its body end no list."""
    src, at = state.src, state.bMarks[line]
    at = src.find("{%", at, state.eMarks[line])
    while at >= 0:
        opened = OPEN.match(src, at)
        close = (find_end(src, opened.group(1), opened.end())
                 if opened and opened.group(1) in _ended_names(src) else None)
        if close is not None:
            while line + 1 < state.lineMax and state.bMarks[line + 1] < close.end():
                line += 1
            at = close.end()
        else:
            at += 2
        at = src.find("{%", at, state.eMarks[line])
    return line


def _ends_the_list(state: "StateBlock", line: int) -> bool:
    """Whether `line`, after a blank line, ends any list open at this level anyway: not
    indented and starting no item nor rule. The search for two blank lines stops there, so
    each list reads its own lines, not the rest of the post (800 short lists took 2 s)."""
    first = state.src[state.bMarks[line] + state.tShift[line]]
    return state.sCount[line] <= state.blkIndent and first not in "-*+0123456789"


def _two_blank_lines(state: "StateBlock", start: int) -> int | None:
    """The first of the first two empty lines in a row after `start`, if any, outside
    ``` blocks and tag pairs (Hexo puts a one-line placeholder in each one's place before
    the renderer runs)."""
    in_code = False
    line = _pair_end(state, start) + 1
    while line < state.lineMax - 1:
        if _FENCE_MARK.match(state.src, state.bMarks[line], state.eMarks[line]):
            in_code = not in_code
        elif not in_code and state.isEmpty(line):
            if state.isEmpty(line + 1):
                return line
            if _ends_the_list(state, line + 1):
                return None
        elif not in_code:
            line = _pair_end(state, line)
        line += 1
    return None


def ending_at_two_blank_lines(rule: Callable[["StateBlock", int, int, bool], bool]
                              ) -> Callable[["StateBlock", int, int, bool], bool]:
    """`rule`, a list's, made to end its list before two blank lines in a row, as marked
    0.3-0.6 and kramed end theirs."""
    @starts_with(LIST_MARKERS)
    def list_rule(state: "StateBlock", start: int, end: int, silent: bool) -> bool:
        stop = None if silent else _two_blank_lines(state, start)
        if stop is None:
            return rule(state, start, end, silent)
        line_max, state.lineMax = state.lineMax, stop
        try:
            return rule(state, start, min(end, stop), silent)
        finally:
            state.lineMax = line_max
    return list_rule


def _then_keep_in_item(rule: Callable[["StateBlock", int, int, bool], bool]
                       ) -> Callable[["StateBlock", int, int, bool], bool]:
    """`rule`, a code block's, then `_keep_in_item` for its first line when it ends a
    paragraph (Hexo's placeholder for it is a line of text to marked), and for the line
    after it."""
    @starts_with("`~")
    def marked_rule(state: "StateBlock", start: int, end: int, silent: bool) -> bool:
        took = rule(state, start, end, silent)
        if took and silent and state.parentType == "paragraph":
            _keep_in_item(state, start, end)
        elif took and not silent:
            _keep_in_item(state, state.line, end)
        return took
    return marked_rule


def _numbered_from_one(state: "StateCore") -> None:
    for token in state.tokens:
        if token.type == "ordered_list_open" and token.attrs:
            token.attrs.pop("start", None)


def marked_numbers_from_one(project_root: Path) -> bool:
    """Did Hexo render this blog with a marked before 0.3.19, as its lock file says?"""
    if markdown_renderer(project_root) != "hexo-renderer-marked":
        return False
    locked = locked_version(project_root, "marked", "hexo-renderer-marked")
    return locked is not None and locked < FIRST_MARKED_WITH_START


def lists_numbered_from_one(md: "MarkdownIt") -> None:
    """Every `<ol>` without `start`, as kramed and marked before 0.3.19 write it."""
    md.core.ruler.after("block", "qp_lists_from_one", _numbered_from_one)


def marked_lists_plugin(md: "MarkdownIt", before_0_7: bool = False) -> None:
    """Put the marked forms of the list and fence rules in place of markdown-it's and of
    list_fences', same chains; `before_0_7`: the list rule of marked 0.3-0.6."""
    lists = ending_at_two_blank_lines(old_marked_list) if before_0_7 else marked_list
    for name, rule in (("list", lists), ("fence", _then_keep_in_item(fence)),
                       ("qp_list_fence", _then_keep_in_item(list_fence))):
        alt = next(each.alt for each in md.block.ruler.__rules__ if each.name == name)
        md.block.ruler.at(name, rule, {"alt": list(alt)})
