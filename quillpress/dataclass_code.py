"""Dataclasses' generated methods kept from one command to the next, as Python keeps bytecode.

`@dataclass` writes a class's `__init__`, `__repr__`, `__eq__` (and more) as source text and
compiles it with `exec` each time the class is made, in every command: a cold build of the
demo makes ~60 dataclasses (QuillPress's, its plugins', markdown-it's) with ~220 methods, and
compiling them is ~22 ms of the main process's CPU, before the first body renders. The text
depends only on the class's fields and options, never on their values (defaults, types and
factories are handed to it by name), so its compiled code is kept with the compiled patterns
(pattern_cache.py, as a fact of the text) and a class made again runs the kept code. The code
of a text no longer made (a class edited since) ages out of the table as a pattern does.

The kept code is what `exec` compiles itself: the same text, the file name "<string>", no
`__future__` flag taken from the caller (dataclasses.py has none). A table from another
Python is not read (pattern_cache.STAMP); without a table the text is compiled as before.
"""

from __future__ import annotations

import builtins
import dataclasses
from types import CodeType
from typing import Any

from . import pattern_cache

KIND = "dataclass method"
VERSION = "exec-1"  # names how `_compiled` compiles: code kept by another way is compiled again


def _compiled(text: str) -> CodeType:
    return compile(text, "<string>", "exec", dont_inherit=True)


def _exec(source: Any, globals: dict[str, Any] | None = None, locals: Any = None, /) -> None:
    """`exec` as the dataclasses module calls it (`exec(text, globals, namespace)`), with the
    code of a text made before taken from the table."""
    if isinstance(source, str):
        text = source
        code = pattern_cache.kept_fact(KIND, text, 0, lambda: _compiled(text), VERSION)
        source = code if isinstance(code, CodeType) else _compiled(text)
    builtins.exec(source, globals, locals)


def install() -> None:
    """Make the dataclasses module's `exec` this one (a name in its globals is found before
    the built-in), for every dataclass made from now on in this process."""
    dataclasses.exec = _exec  # type: ignore[attr-defined]
