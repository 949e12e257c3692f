"""The block parser's state made cheaper: its line table, its tokens and its one-line cuts.

markdown-it-py starts every block parse by walking the source line by line in Python, to
note where each line begins and ends and how far it is indented (`bMarks`, `eMarks`,
`tShift`, `sCount`, `bsCount`): about 0.18 ms per post of the 1,000-post corpus, for ~77
lines each. The same table comes from `str.split`, `itertools.accumulate` and `str.lstrip`
mapped over the lines, in C; only lines indented with a tab are measured in Python (a tab
moves to the next multiple of four columns). The table is the library's, entry for entry
(`tests/test_render_line_marks.py` compares them), so every rule sees the same lines.

The state also pushes its tokens through `new_token` (tokens.py), and cuts a single line
without indentation to strip (most paragraphs, every table row) with one slice: markdown-it's
`getLines` walks each line's indentation a character at a time first.
"""

from __future__ import annotations

from itertools import accumulate, repeat
from typing import Literal
from operator import add, sub

from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from markdown_it.utils import EnvType

from .tokens import new_token

_BLANK = " \t"  # what markdown-it counts as indentation (`isStrSpace`)


def _columns(line: str, indent: int) -> int:
    """The width of a line's first `indent` characters (spaces and tabs), tabs expanded."""
    width = 0
    for char in line[:indent]:
        width += 4 - width % 4 if char == "\t" else 1
    return width


def line_marks(src: str) -> tuple[list[int], list[int], list[int], list[int]]:
    """(begin offsets, end offsets, indents in characters, indents in columns) of the lines
    of `src`, with markdown-it's extra entry at the end. Like markdown-it, a last line holding
    only spaces and tabs (or nothing) after the last line break gets no entry."""
    lines = src.split("\n")
    if not lines[-1].lstrip(_BLANK):
        lines.pop()
    lengths = list(map(len, lines))
    begins = list(accumulate(map(add, lengths, repeat(1)), initial=0))
    ends = list(map(add, begins, lengths))
    shifts = list(map(sub, lengths, map(len, map(str.lstrip, lines, repeat(_BLANK)))))
    if "\t" in src:
        widths = [_columns(line, shift) if "\t" in line[:shift] else shift
                  for line, shift in zip(lines, shifts)]
    else:
        widths = shifts.copy()
    end = len(src)
    begins[-1] = end  # the extra entry (accumulate's last sum, one past a final line break)
    ends.append(end)
    shifts.append(0)
    widths.append(0)
    return begins, ends, shifts, widths


class QuickStateBlock(StateBlock):
    """markdown-it's block state, its line table made by `line_marks`."""

    def __init__(self, src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> None:
        super().__init__("", md, env, tokens)  # every other field, as the library sets it
        self.src = src
        self.bMarks, self.eMarks, self.tShift, self.sCount = line_marks(src)
        self.bsCount = [0] * len(self.bMarks)
        self.lineMax = len(self.bMarks) - 1
        self.has_tabs = "\t" in src

    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        """markdown-it's push: the token made by `new_token`."""
        if nesting < 0:
            self.level -= 1  # closing tag
        token = new_token(ttype, tag, nesting, self.level, True)
        if nesting > 0:
            self.level += 1  # opening tag
        self.tokens.append(token)
        return token

    def getLines(self, begin: int, end: int, indent: int, keepLastLF: bool) -> str:
        """markdown-it's cut of lines `begin` to `end`, each without its first `indent`
        columns: one line with nothing to strip is one slice."""
        if end == begin + 1 and (indent == 0 or (indent <= self.tShift[begin]
                                                 and not self.has_tabs)):
            # the first `indent` characters are the line's indentation, one column each
            first = self.bMarks[begin] + indent
            return self.src[first:self.eMarks[begin] + 1 if keepLastLF else self.eMarks[begin]]
        return super().getLines(begin, end, indent, keepLastLF)


def _block_end(state: StateBlock, line: int, end: int) -> int:
    """The first line after `line` that is not indented into the block nested too deep (a
    blank line does not end it), or `end`. markdown-it skips to `end`, which for a list is
    the end of the post (or of the quote around it): "After." below a list nested past the
    limit was lost with it. marked, Hexo's default renderer, has no limit."""
    counts, begins, shifts, ends = state.sCount, state.bMarks, state.tShift, state.eMarks
    for after in range(line + 1, end):
        if begins[after] + shifts[after] < ends[after] and counts[after] < state.blkIndent:
            return after
    return end


def said_too_deep(state: StateBlock, line: int) -> None:
    """Warn, once a document, that blocks nested past `maxNesting` (lists, quotes) are left
    out from `line`: markdown-it drops them without a word."""
    ctx = state.env.get("qp")
    if ctx is None or state.env.get(_SAID_TOO_DEEP):
        return
    state.env[_SAID_TOO_DEEP] = True
    ctx.warn(f"lists and quotes nested past {state.md.options.maxNesting} levels (a list "
             "takes two, a quote one): the deeper lines are left out (Hexo's markdown-it "
             "renderer leaves out the rest of the post)", ctx.source_line(line),
             hint="nest less deeply (Hexo's default renderer, marked, shows them)")


_SAID_TOO_DEEP = "qp_said_too_deep"


class QuickBlockParser(ParserBlock):
    """markdown-it's block parser, starting each parse from a `QuickStateBlock`, its loop
    over blocks with the state's line tests (`skipEmptyLines`, `isEmpty`) written out."""

    def tokenize(self, state: StateBlock, startLine: int, endLine: int) -> None:
        """markdown-it-py 4's `ParserBlock.tokenize`, step for step: try the rules at each
        block's first line; note whether an empty line came before the next block."""
        rules = self.ruler.getRules("")
        max_nesting = state.md.options.maxNesting
        begins, ends, shifts, counts = state.bMarks, state.eMarks, state.tShift, state.sCount
        line = startLine
        empty_lines = False
        while line < endLine:
            while line < state.lineMax and begins[line] + shifts[line] >= ends[line]:
                line += 1  # skipEmptyLines
            state.line = line
            if line >= endLine:
                break
            if counts[line] < state.blkIndent:
                break  # the end of a nested block (blockquote, list item)
            if state.level >= max_nesting:  # too deep: its lines are left out
                state.line = _block_end(state, line, endLine)
                said_too_deep(state, line)
                break
            for rule in rules:
                if rule(state, line, endLine, False):
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            else:
                raise RuntimeError("none of the block rules matched")
            # tight unless an empty line came before this block
            state.tight = not empty_lines
            line = state.line
            # a paragraph may "eat" one empty line after it in nested lists
            if line - 1 < endLine and begins[line - 1] + shifts[line - 1] >= ends[line - 1]:
                empty_lines = True
            if line < endLine and begins[line] + shifts[line] >= ends[line]:
                empty_lines = True
                line += 1
                state.line = line

    def parse(self, src: str, md: MarkdownIt, env: EnvType,
              outTokens: list[Token]) -> list[Token] | None:
        if not src:
            return None
        state = QuickStateBlock(src, md, env, outTokens)
        self.tokenize(state, state.line, state.lineMax)
        return state.tokens


def use_quick_line_marks(md: MarkdownIt) -> None:
    """Give the parser the block parser above, its rules and chains kept."""
    parser = QuickBlockParser()
    vars(parser).update(vars(md.block))
    md.block = parser
