"""Front-matter values of a shape Hexo does not expect, read as Hexo reads them, with a warning.

Hexo turns whatever it finds into text with JavaScript's String(): `tags: true` is the tag
"true" and `title: {a: 1}` the title "[object Object]". The build goes on the same way, but
the author is told where, since such a value is almost always a YAML slip (an unquoted
colon, a missing dash).
"""

from __future__ import annotations

from typing import Any

from .frontmatter import key_line
from ..config.yaml12 import js_text

_QUOTE = "quote the value, or write a YAML list (- a) for several"


def shape_warnings(front: dict[str, Any], text: str) -> list[tuple[str, int, str]]:
    """(message, line, hint) for each text field holding a mapping or list, and each tag or
    category list holding a boolean, a mapping or a list where names are meant."""
    found = []
    title = front.get("title")
    if isinstance(title, (dict, list)):
        found.append((f"`title` is {_kind(title)}, not text; shown as {js_text(title)!r} "
                      "(as Hexo does)", key_line(text, "title"), _QUOTE))
    for key in ("tags", "tag", "categories", "category"):
        value = front.get(key)
        items = value if isinstance(value, list) else [value]
        nested_ok = key.startswith("categ")  # [[a, b], c]: several category hierarchies
        odd = [item for item in items if isinstance(item, (bool, dict))
               or (isinstance(item, list) and not nested_ok)]
        if odd:
            names = ", ".join(repr(js_text(item)) for item in odd)
            found.append((f"`{key}` holds {_kind(odd[0])} {js_text(odd[0])!r} where a name is "
                          f"meant; read as the name {names} (as Hexo does)", key_line(text, key), _QUOTE))
    return found


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "the boolean"
    return "a mapping" if isinstance(value, dict) else "a list"
