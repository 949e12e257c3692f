"""Whether markdown-it-py runs compiled (mypyc, from `compiled.py` at set-up) or as Python.

Set-up compiles markdown-it-py's parser modules into C extensions of the same version
(`make setup`, `compiled.py`); without a C compiler the package stays pure Python. The output
is the same either way. What differs for QuillPress's code that extends the parser: a compiled
class keeps its fields in slots of its own, without a `__dict__`, so an instance's fields are
copied by their names (`copy_fields`).
"""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES

from markdown_it import parser_block

COMPILED = parser_block.__file__ is not None and parser_block.__file__.endswith(tuple(EXTENSION_SUFFIXES))
PARSER_KIND = "compiled (mypyc)" if COMPILED else "pure Python"


def copy_fields(source: object, target: object) -> None:
    """Give `target` every field `source` has (a compiled class lists its own in
    `__mypyc_attrs__`, beside a `__dict__` for an interpreted subclass's)."""
    names = [name for name in getattr(type(source), "__mypyc_attrs__", ()) if name != "__dict__"]
    for name in names:
        if hasattr(source, name):  # a field never set is left unset
            setattr(target, name, getattr(source, name))
    if hasattr(source, "__dict__"):
        vars(target).update(vars(source))
