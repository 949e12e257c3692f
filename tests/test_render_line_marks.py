"""The block parser's line table made by string methods is markdown-it's own, so pages are too.

line_marks.py builds `bMarks`, `eMarks`, `tShift`, `sCount` and `bsCount` without markdown-it's
loop; each entry must equal the library's on sources that are hard to cut into lines (tabs
at odd columns, blank and whitespace-only lines, a last line without a line break, nested
lists, lazy continuations, blockquotes, tables, Unicode spaces that are not indentation), and
the parser must give the same tokens.
"""

from __future__ import annotations

import random

import pytest
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from quillpress.render.line_marks import QuickStateBlock, use_quick_line_marks

TRICKY = [
    "",
    "\n",
    "\n\n\n",
    "   ",
    "a\n   ",
    "a\n \t ",
    "a\n\t",
    "a\n\n",
    "a\n \n",
    "a",
    " a\n  b\n\tc\n \td\n  \te\n   \tf\n\t\tg\n \t \th",
    "- one\n\t- two\n\t\t- three\n  lazy continuation\n\n    code after a blank\n",
    "1. first\n   1) nested\n      - deep\n\n   para in item\n2. second\n",
    "> quote\ncontinued lazily\n>\tindented by a tab\n> > nested\n>- list in a quote\n",
    "| a | b |\n|---|:-:|\n| 1 | 2 |\n\t| 3 | 4 |\n",
    "\u3000full-width space first\n\u00a0no-break space\n\u2003em space\n\v\fcontrol\n",
    "Term\n: definition\n\t: tabbed definition\n\n[^1]: note\n\ttabbed note\n",
    "```\n\tcode with\ttabs\n```\n    indented\n\t\tcode\n",
    "CRLF\r\nlines\r\n\r\n- item\r\n\ttab\r\n",
    "trailing spaces   \nand tabs\t\t\nend without a break \t",
    "全角\u3000空白の行\n\u3000\u3000二つ\n\t中文\n",
]


def _random_sources(count: int) -> list[str]:
    """Lines made of indentation, markers and text, in a fixed order (seeded)."""
    pieces = [" ", "  ", "\t", " \t", "\u3000", "- ", "1. ", "> ", "|", "---", "a", "b c",
              "```", "\r", ""]
    rng = random.Random(13)
    return ["\n".join("".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
                      for _ in range(rng.randint(1, 8))) + rng.choice(["", "\n", " ", "\t"])
            for _ in range(count)]


def _table(state: StateBlock) -> tuple[list[int], ...]:
    return state.bMarks, state.eMarks, state.tShift, state.sCount, state.bsCount, [state.lineMax]


def test_line_table_is_markdown_its() -> None:
    md = MarkdownIt("commonmark")
    differ = [src for src in TRICKY + _random_sources(5000)
              if _table(QuickStateBlock(src, md, {}, [])) != _table(StateBlock(src, md, {}, []))]
    assert differ == []


def _parser(quick: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table").use(footnote_plugin).use(deflist_plugin)
    if quick:
        use_quick_line_marks(md)
    return md


@pytest.mark.parametrize("src", TRICKY)
def test_parsed_tokens_and_html_are_markdown_its(src: str) -> None:
    plain, quick = _parser(False), _parser(True)
    assert quick.parse(src) == plain.parse(src)
    assert quick.render(src) == plain.render(src)


def test_rules_added_after_the_swap_still_run() -> None:
    """A plugin that adds a block rule after the parser was swapped is still asked."""
    md = _parser(True)
    md.block.ruler.before("paragraph", "shout", _shout)
    assert md.render("!!loud\n\nquiet\n") == "<p>LOUD</p>\n<p>quiet</p>\n"


def _shout(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    pos = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("!!", pos):
        return False
    if not silent:
        state.push("paragraph_open", "p", 1)
        inline = state.push("inline", "", 0)
        inline.content = state.src[pos + 2:state.eMarks[start]].upper()
        inline.children = []
        state.push("paragraph_close", "p", -1)
    state.line = start + 1
    return True
