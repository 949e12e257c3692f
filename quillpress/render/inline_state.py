"""markdown-it's inline state, its tokens made by `new_token` (tokens.py): same tokens.

Every inline parse that the plain-text shortcut (rule_dispatch.py) cannot take pushes its
tokens through the state: a text token for each run of plain text, one per `*` or `_` of an
emphasis run, the opening and closing tokens of emphasis, links and math. markdown-it-py's
`push` and `pushPending` call the `Token` dataclass, whose `__init__` costs about half of
such a push again.
"""

from __future__ import annotations

from typing import Literal

from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .tokens import new_token


class QuickStateInline(StateInline):
    """`StateInline` whose `push` and `pushPending` are markdown-it-py 4's, step for step,
    with the token made by `new_token`."""

    def pushPending(self) -> Token:
        token = new_token("text", "", 0, self.pendingLevel, False, self.pending)
        self.tokens.append(token)
        self.pending = ""
        return token

    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        if self.pending:
            self.pushPending()
        token_meta = None
        if nesting < 0:  # a closing tag
            self.level -= 1
            self.delimiters = self._prev_delimiters.pop()
        token = new_token(ttype, tag, nesting, self.level)
        if nesting > 0:  # an opening tag: its own delimiters from here to its end
            self.level += 1
            self._prev_delimiters.append(self.delimiters)
            self.delimiters = []
            token_meta = {"delimiters": self.delimiters}
        self.pendingLevel = self.level
        self.tokens.append(token)
        self.tokens_meta.append(token_meta)
        return token
