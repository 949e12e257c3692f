"""`++inserted++` and `==marked==` as `<ins>` and `<mark>`, where the blog's renderer ran
markdown-it-ins and markdown-it-mark (renderer_plugins.py).

Both npm plugins read a doubled character the way markdown-it reads `~~struck~~`: a run of the
character opens or closes by the same rules as emphasis (its neighbours), each pair of the run
is one mark, a run of odd length keeps one character as text (outside the marks: `+++a+++` is
`+<ins>a</ins>+`), and marks nest with emphasis and each other. Without the plugin, as on
other renderers, the characters stay text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from markdown_it.rules_inline.state_inline import Delimiter

from .rule_dispatch import pairs_delimiters_of, starts_with

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline


def _opened_and_closed(char: str, tag: str) -> tuple[Callable[["StateInline", bool], bool],
                                                        Callable[["StateInline"], None]]:
    """The inline rule that sets a run's pairs of `char` aside as delimiters, and the pass
    that turns each matched pair into `<tag>` and `</tag>`."""
    code = ord(char)

    @starts_with(char)
    def delimiters(state: "StateInline", silent: bool) -> bool:
        if silent or state.src[state.pos] != char:
            return False
        scanned = state.scanDelims(state.pos, True)
        if scanned.length < 2:
            return False
        if scanned.length % 2:
            state.push("text", "", 0).content = char
        for _ in range(scanned.length // 2):
            state.push("text", "", 0).content = char * 2
            if scanned.can_open or scanned.can_close:
                state.delimiters.append(Delimiter(code, 0, len(state.tokens) - 1, -1,
                                                  scanned.can_open, scanned.can_close))
        state.pos += scanned.length
        return True

    def marks(state: "StateInline") -> None:
        lists = [state.delimiters] + [meta["delimiters"] for meta in state.tokens_meta
                                      if meta and "delimiters" in meta]
        closing = []
        for found in lists:
            for opener in found:
                if opener.marker != code or opener.end == -1:
                    continue
                start, end = state.tokens[opener.token], state.tokens[found[opener.end].token]
                start.type, start.tag, start.nesting, start.markup, start.content = \
                    f"{tag}_open", tag, 1, char * 2, ""
                end.type, end.tag, end.nesting, end.markup, end.content = \
                    f"{tag}_close", tag, -1, char * 2, ""
                closing.append(found[opener.end].token)
        # The odd character of a closing run was pushed before its pairs: it goes after them.
        tokens = state.tokens
        for index in sorted(closing):
            before = tokens[index - 1]
            if before.type == "text" and before.content == char:
                tokens[index - 1], tokens[index] = tokens[index], before

    return delimiters, pairs_delimiters_of(char)(marks)


def doubled_mark_plugin(md: "MarkdownIt", char: str, tag: str) -> None:
    """Install `char char` … `char char` as `<tag>`, beside markdown-it's strikethrough."""
    delimiters, marks = _opened_and_closed(char, tag)
    md.inline.ruler.after("strikethrough", f"qp_{tag}", delimiters)
    md.inline.ruler2.after("strikethrough", f"qp_{tag}", marks)


def ins_plugin(md: "MarkdownIt") -> None:
    """markdown-it-ins: `++text++` → `<ins>text</ins>`."""
    doubled_mark_plugin(md, "+", "ins")


def mark_plugin(md: "MarkdownIt") -> None:
    """markdown-it-mark: `==text==` → `<mark>text</mark>`."""
    doubled_mark_plugin(md, "=", "mark")
