"""Three of markdown-it's core rules and the footnote pass, skipped where a document cannot
need them; the same tokens but in one case (the task-list rule, below).

They ran over every post for nothing on most of them: `normalize` replaced each of a post's
line breaks by itself (its pattern matches "\\n" too) to turn "\\r\\n" and "\\r" into "\\n",
the task-list rule asked four questions of every token to find an inline token that
starts with "[ ] ", "[x] " or "[X] ", `text_join` copied the children of every inline
token, most of which hold one text and nothing to join, and the footnote pass walked every
document for footnotes most never have. The one difference: the task-list rule's other white
space after the bracket (`only_with_todos`).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

from markdown_it.rules_core import StateCore

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

CoreRule = Callable[[StateCore], None]
# markdown-it-py's private helper of its `text_join` (4.3): absent from 4.0-4.2, which
# pyproject.toml allows; there markdown-it's own rule stays in place.
_JOIN: Callable[[list["Token"]], list["Token"]] | None = getattr(
    import_module("markdown_it.rules_core.text_join"), "_join_text_tokens", None)
_TODO = ("[ ] ", "[x] ", "[X] ")


def normalize(state: StateCore) -> None:
    """markdown-it's `normalize`: line endings as "\\n", NUL as U+FFFD."""
    src = state.src
    if "\r" in src:
        src = src.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in src:
        src = src.replace("\0", "\ufffd")
    state.src = src


def text_join(state: StateCore) -> None:
    """markdown-it's `text_join` (`text_special` children become text, neighbouring texts one
    token), passing over the inline tokens whose only child is a text without children: the
    plain-text shortcut's (rule_dispatch.py), six of seven in the corpus. markdown-it would
    give such a token a new list holding the same child."""
    join = _JOIN
    assert join is not None  # put in place only then (use_core_shortcuts)
    for inline_token in state.tokens:
        if inline_token.type != "inline":
            continue
        children = inline_token.children
        if children and len(children) == 1 and children[0].type == "text" \
                and not children[0].children:
            continue
        children = children or []
        for child in children:
            if child.children:  # an image's `alt` is parsed into its own tokens
                child.children = join(child.children)
        inline_token.children = join(children)


def only_with_todos(rule: CoreRule) -> CoreRule:
    """The task-list rule, run only when some inline token starts like a task: "[ ] ", "[x] "
    or "[X] ", as markdown-it-task-lists and marked (Hexo's default renderer) read one. Not
    quite mdit-py-plugins' rule (0.7), which takes any white space after the bracket: an item
    "- [ ]" followed by a line break or a tab it marks as a task, without a checkbox, and
    drops its "[ ]"; here that item keeps its text (none of the real blogs has one)."""

    def tasklists(state: StateCore) -> None:
        # An inline token's text is cut from the source: without a task's start there, the
        # tokens are not walked at all. Every start ends with "] ", looked for first: one
        # search of the source, not three, for most posts (~12 K instructions against ~35 K
        # for a post of the 1,000-post corpus, whose CJK text is searched two bytes a letter).
        src = state.src
        if "] " in src and any(todo in src for todo in _TODO) and any(
                token.type == "inline" and token.content.startswith(_TODO)
                for token in state.tokens):
            rule(state)

    return tasklists


def only_with_footnotes(rule: CoreRule) -> CoreRule:
    """mdit_py_plugins' footnote pass, run only when the document defined or referred to a
    footnote. Its reference rule makes the env's footnote record, empty, wherever it is
    asked; given that record, the pass walked every token to take out the definitions'
    tokens (there are none: a definition is recorded in `refs`) and made the same list
    again."""

    def footnote_tail(state: StateCore) -> None:
        footnotes = state.env.get("footnotes")
        if footnotes is not None and (footnotes.get("refs") or footnotes.get("list")):
            rule(state)

    return footnote_tail


def use_core_shortcuts(md: "MarkdownIt") -> None:
    """Put the shortcuts in place of the rules they stand for, where `md` has them."""
    ruler = md.core.ruler
    names = ruler.get_all_rules()
    if "normalize" in names:
        ruler.at("normalize", normalize)
    if "text_join" in names and _JOIN is not None:
        ruler.at("text_join", text_join)
    if "github-tasklists" in names:
        rule = ruler.__rules__[ruler.__find__("github-tasklists")].fn
        ruler.at("github-tasklists", only_with_todos(rule))
    if "footnote_tail" in names:
        rule = ruler.__rules__[ruler.__find__("footnote_tail")].fn
        ruler.at("footnote_tail", only_with_footnotes(rule))
