"""marked 4.0.14 and later: a table's delimiter row holding a tab makes no table.

marked reads a delimiter row (`|---|---|`) with spaces only around its dashes and pipes. Up to
4.0.13 it turned every tab of the post into spaces before reading, so `|---<tab>|---` was a row
there; from 4.0.14 on the header, that row and the lines under them are a paragraph (lines
joined by `<br>` with Hexo's `breaks`). hexo-renderer-marked 5 asks for marked ^4.0.1, 6 for
^4.1.1, 7 for ^15, so a blog on 5 ran either side of the change: its lock file tells which.
Checked in Node: marked 0.3.6, 0.4.0, 0.5.2, 0.6.3, 0.7.0, 1.2.9, 2.1.3, 3.0.8 and 4.0.0-4.0.13
make a table of such rows; 4.0.14-4.0.19, 4.1.1, 4.2.0, 4.2.12, 4.3.0 and 15.0.4 do not (a tab
in the header row is fine in all).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it.rules_block import StateBlock

from ..config.hexo_plugins import declared_major, markdown_renderer, marked_before_0_7
from ..config.locked_versions import locked_version
from .rule_dispatch import gated_table

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

Rule = Callable[[StateBlock, int, int, bool], bool]

FIRST_TAB_STRICT_MARKED = (4, 0, 14)


def reads_tabbed_delimiters_as_text(project_root: Path) -> bool:
    """Did Hexo render this blog with marked 4.0.14 or later? The version its lock file
    installed says; without one, hexo-renderer-marked 5+ is taken as a recent marked (what
    its range installs today). A range not starting with a number, or no range (Hexo's
    default renderer, unless Hexo 2's marked 0.3), is taken as a recent one, as
    `marked_before_0_7` takes it."""
    if markdown_renderer(project_root) != "hexo-renderer-marked":
        return False
    locked = locked_version(project_root, "marked", "hexo-renderer-marked")
    if locked is not None:
        return locked >= FIRST_TAB_STRICT_MARKED
    if marked_before_0_7(project_root):
        return False
    major = declared_major(project_root, "hexo-renderer-marked")
    return major is None or major >= 5


def _no_tab_in_delimiter_row(rule: Rule) -> Rule:
    """The table rule, declining where the line under the header holds a tab."""

    def run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        line = start + 1
        if line < end and "\t" in state.src[state.bMarks[line]:state.eMarks[line]]:
            return False
        return rule(state, start, end, silent)
    return run


def marked_tables_plugin(md: "MarkdownIt") -> None:
    """Put marked 4's table rule in place of markdown-it's, same chains."""
    alt = next(each.alt for each in md.block.ruler.__rules__ if each.name == "table")
    md.block.ruler.at("table", _no_tab_in_delimiter_row(gated_table), {"alt": list(alt)})
