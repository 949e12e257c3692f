"""markdown-it tokens made without the dataclass's `__init__`: the same objects, cheaper.

A post of the 1,000-post corpus makes ~215 tokens. markdown-it-py's `Token` is a dataclass
with slots whose `__init__` sets thirteen fields, two of them from factories, then calls
`__post_init__`, which calls `convert_attrs`, which makes the attribute dict a second time;
the block and inline states then set `block` and `level` after it. `new_token` sets each
slot once: about half the cost of a pushed token, the same `Token` (same class, same field
values, equal under `==`).

If markdown-it's `Token` ever has other fields than those set here, `new_token` falls back
to calling the class (tests/test_render_quick_parse.py checks both paths).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from markdown_it.token import Token

# Token's fields, in order, as this module sets them.
FIELDS = ("type", "tag", "nesting", "attrs", "map", "level", "children", "content", "markup",
          "info", "meta", "block", "hidden")
_new = object.__new__


def _new_token(kind: str, tag: str, nesting: Any, level: int = 0, block: bool = False,
               content: str = "") -> Token:
    """`Token(kind, tag, nesting, level=level, block=block, content=content)`, slot by slot."""
    token = _new(Token)
    token.type = kind
    token.tag = tag
    token.nesting = nesting
    token.attrs = {}
    token.map = None
    token.level = level
    token.children = None
    token.content = content
    token.markup = ""
    token.info = ""
    token.meta = {}
    token.block = block
    token.hidden = False
    return token


def _called_token(kind: str, tag: str, nesting: Any, level: int = 0, block: bool = False,
                  content: str = "") -> Token:
    """The same token from the class itself (when its fields are not the ones above)."""
    return Token(kind, tag, nesting, level=level, block=block, content=content)


def fields_known() -> bool:
    """Whether markdown-it's Token has exactly the fields `_new_token` sets."""
    return tuple(field.name for field in dataclasses.fields(Token)) == FIELDS


new_token = _new_token if fields_known() else _called_token
