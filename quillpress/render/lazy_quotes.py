"""Code fences and tag pairs opened on a quoted line run on over unquoted lines, as on Hexo.

Hexo finds fences (its `backtick_code_block` filter) and tag pairs (its tag escape) in a post's
raw text before Markdown reads it, and sets each aside where it opens: a fence opened on a `>`
line ends at the next line holding the same fence, quoted or not, and the quote goes on after
the block. Authors rely on it and write the `>` on the opening line only:

    > Wrap it in a list:
    > ```swift
    List { Text("Row") }
    ```

CommonMark ends the quote at the first unquoted line. The fence closed there empty, the code
showed as paragraphs, and the closing fence opened a new code block that ran on over the rest
of the post; a tag pair's body was drawn by the tag and shown again as text below the quote.

This core rule, run before the block parser, gives every line of such a fence or pair the
quote's `>`s (lines keep their numbers), so markdown-it reads the block inside its quote. A
fence's code lines lose what Hexo takes off them (up to the quote's depth of `>`, and one space
after); a tag's body stays as Hexo's tag gets it, unquoted, kept aside for the tag rule
(tag_syntax.KEPT_BODIES). A block whose lines are all quoted is left to Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from markdown_it.rules_core import StateCore

from .tag_syntax import KEPT_BODIES, QUOTED_FENCE, tag_at

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from ..plugin_api import TagSpec

# A quote's `>`s right before a fence or a tag: one search, ~1 µs a post, where looking for
# each opener took ~8 µs (`str.find` of "~~~" or "{%" is slow over CJK text)
_QUOTED_OPENER = re.compile(r">[ \t>]*(?:```|~~~|\{%)")


def _quoted_at(src: str, pos: int) -> bool:
    """Whether only a quote's `>`s and spaces stand before `pos` on its line."""
    prefix = src[src.rfind("\n", 0, pos) + 1:pos]
    return ">" in prefix and not prefix.strip(" \t>")


def _may_hold_one(src: str) -> bool:
    """Whether some fence or tag opens on a quoted line (a test before the patterns)."""
    return any(not src[src.rfind("\n", 0, match.start()) + 1:match.start()].strip(" \t")
               for match in _QUOTED_OPENER.finditer(src))


def _depth(line: str) -> int:
    """How many `>`s open the line."""
    return line[:len(line) - len(line.lstrip(" \t>"))].count(">")


class _Lines:
    """The post's lines, quoted where a block opened in a quote runs on over them."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.lines = src.split("\n")

    def line_of(self, pos: int) -> int:
        return self.src.count("\n", 0, pos)

    def lazy(self, first: int, last: int, depth: int) -> bool:
        """Whether a line from `first` to `last` has fewer than `depth` `>`s (a blank line
        too: it ends a quote in Markdown, not a block set aside on Hexo)."""
        return any(_depth(line) < depth for line in self.lines[first:last + 1])

    def quote(self, first: int, last: int, prefix: str,
              text: Callable[[str], str] = lambda line: line) -> None:
        for number in range(first, last + 1):
            self.lines[number] = prefix + text(self.lines[number])


def _quote_fence(lines: _Lines, match: re.Match[str]) -> None:
    """Quote the code and closing lines of a fence opened on a quoted line, their code as
    Hexo's filter gives it: less up to the opening line's number of `>`s and one space or
    tab after them."""
    start = match.group("start")
    depth = start.count(">")
    first = lines.line_of(match.start()) + 1
    last = lines.line_of(match.start("after"))
    if not lines.lazy(first, last, depth):
        return
    quote = start[:start.index(">")] + "> " * depth
    unquote = re.compile(rf"^(?:[^\S\n]*>){{0,{depth}}}(?:[^\S\n]|$)")
    lines.quote(first, last - 1, quote, lambda line: unquote.sub("", line, count=1))
    lines.quote(last, last, quote, lambda _: match.group("fence"))


def _quote_pair(lines: _Lines, pos: int, tags: dict[str, "TagSpec"],
                kept: dict[int, str]) -> int:
    """Quote the lines of a tag pair opened at `pos`, on a quoted line, keeping its body
    aside; where to look for the next tag (past the pair: Hexo sets it aside whole)."""
    opening, close = tag_at(lines.src, pos, tags, unknown_pairs=True) or (None, None)
    if opening is None or close is None:
        return pos + 2
    line = lines.line_of(pos)
    prefix = lines.src[lines.src.rfind("\n", 0, pos) + 1:pos]
    depth, last = prefix.count(">"), lines.line_of(close.start())
    if "\n" not in opening.group(0) and lines.lazy(line + 1, last, depth):
        kept[line] = lines.src[opening.end():close.start()]
        lines.quote(line + 1, last, prefix[:prefix.index(">")] + "> " * depth)
    return close.end()


def lazy_quotes(tags: dict[str, "TagSpec"]) -> Callable[[StateCore], None]:
    """The core rule (before `block`) that quotes the unquoted lines of fences and tag pairs
    opened on quoted lines; the tag bodies it kept go to the env for the tag rule."""

    def rule(state: StateCore) -> None:
        state.env.pop(KEPT_BODIES, None)  # a body parsed with the same env keeps none
        src = state.src
        if not _may_hold_one(src):
            return
        lines = _Lines(src)
        kept: dict[int, str] = {}
        fences = list(QUOTED_FENCE.finditer(src))
        for match in fences:
            if ">" in match.group("start"):
                _quote_fence(lines, match)
        pos = src.find("{%")
        while pos >= 0:
            inside = next((m.start("after") for m in fences if m.start() <= pos < m.start("after")),
                          None)
            if inside is not None:  # a tag in a fence is code on Hexo
                pos = src.find("{%", inside)
                continue
            pos = src.find("{%", _quote_pair(lines, pos, tags, kept) if _quoted_at(src, pos)
                           else pos + 2)
        state.src = "\n".join(lines.lines)
        if kept:
            state.env[KEPT_BODIES] = kept

    return rule


def lazy_quotes_plugin(md: "MarkdownIt", tags: dict[str, "TagSpec"]) -> None:
    """Install the rule right after `normalize`, before any block is read."""
    md.core.ruler.after("normalize", "qp_lazy_quotes", lazy_quotes(tags))
