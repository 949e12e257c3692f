"""Two of markdown-it's core rules, skipped when a document cannot need them; same tokens.

Both ran over every post for nothing on most of them: `normalize` replaced each of a post's
line breaks by itself (its pattern matches "\\n" too) to turn "\\r\\n" and "\\r" into "\\n",
and the task-list rule asked four questions of every token to find an inline token that
starts with "[ ] ", "[x] " or "[X] ", which is all it acts on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from markdown_it.rules_core import StateCore

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

CoreRule = Callable[[StateCore], None]
_TODO = ("[ ] ", "[x] ", "[X] ")


def normalize(state: StateCore) -> None:
    """markdown-it's `normalize`: line endings as "\\n", NUL as U+FFFD."""
    src = state.src
    if "\r" in src:
        src = src.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in src:
        src = src.replace("\0", "\ufffd")
    state.src = src


def only_with_todos(rule: CoreRule) -> CoreRule:
    """The task-list rule, run only when some inline token starts like a task."""

    def tasklists(state: StateCore) -> None:
        # An inline token's text is cut from the source: without a task's start there, the
        # tokens are not walked at all.
        if any(todo in state.src for todo in _TODO) and any(
                token.type == "inline" and token.content.startswith(_TODO)
                for token in state.tokens):
            rule(state)

    return tasklists


def use_core_shortcuts(md: "MarkdownIt") -> None:
    """Put the shortcuts in place of the rules they stand for, where `md` has them."""
    ruler = md.core.ruler
    names = ruler.get_all_rules()
    if "normalize" in names:
        ruler.at("normalize", normalize)
    if "github-tasklists" in names:
        rule = ruler.__rules__[ruler.__find__("github-tasklists")].fn
        ruler.at("github-tasklists", only_with_todos(rule))
