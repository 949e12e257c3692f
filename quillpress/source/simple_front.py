"""A fast path for the front-matter most posts have: `key: value` lines and lists.

Reading a post's front-matter through the YAML library cost about 0.15 ms (a sixth of
the time a 1,000-post build spends reading its sources, alone in the main process): the
parser is C, but each value is resolved and built in Python, node by node. Most posts
write only top-level keys with one-line values (plain or quoted text, numbers, dates,
`[a, b]`) and `- item` lists. `simple_mapping` reads exactly those and gives up (None) on
anything else, which then goes to the YAML library: a comment, an escape, a multi-line
value, a nested mapping, an anchor, a tab. Plain values are resolved by the same rules
as the library's (`yaml12.plain_scalar`), so both paths give the same values;
tests/test_core_simple_front.py compares them.
"""

from __future__ import annotations

import re
from typing import Any

from ..config.yaml12 import js_text, plain_scalar

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?")
_ENTRY = re.compile(r"( *)- (.*)")
# Anything the fast path leaves to YAML wherever it is: tabs, line breaks YAML knows but
# `split("\n")` does not, and characters YAML refuses or handles specially.
_UNSAFE = re.compile("[\x00-\x08\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS = frozenset(",[]{}")

Twice = tuple[tuple[str, ...], int, int]  # (key path, first line, second line), as yaml12.key_lines


class _NotSimple(Exception):
    """The block needs the YAML library."""


def simple_mapping(block: str) -> tuple[dict[str, Any], list[Twice]] | None:
    """The mapping a simple YAML block holds and its keys written twice (1-based lines of
    the block), or None when the block is not simple (then read it with the library)."""
    if not block.strip(" \n") or _UNSAFE.search(block):
        return None
    try:
        return _read(block.split("\n"))
    except _NotSimple:
        return None


def _read(lines: list[str]) -> tuple[dict[str, Any], list[Twice]]:
    """The lines' mapping and keys written twice; raises _NotSimple at the first line that
    is not a `key: value`, a `key:` or an entry of that key's list."""
    mapping: dict[str, Any] = {}
    twice: list[Twice] = []
    first_line: dict[str, int] = {}
    open_key: str | None = None  # a `key:` with no value: the `- item` lines below are its
    indent = -1  # of that list's entries
    for number, line in enumerate(lines, 1):
        if not line.strip(" "):
            continue
        key = _KEY.fullmatch(line)
        if key is not None:
            written, rest = key.group(1), (key.group(2) or "").strip(" ")
            if written in first_line:
                twice.append(((written,), first_line[written], number))
            first_line[written] = number
            name = plain_scalar(written)
            name = name if isinstance(name, str) else js_text(name)
            mapping[name] = _value(rest, flow=False) if rest else None
            open_key, indent = (None if rest else name), -1
            continue
        entry = _ENTRY.fullmatch(line)
        if entry is None or open_key is None:
            raise _NotSimple
        if indent not in (-1, len(entry.group(1))):
            raise _NotSimple  # entries at two indents: YAML reads something else
        indent = len(entry.group(1))
        item = entry.group(2).strip(" ")
        if not item:
            raise _NotSimple
        if mapping[open_key] is None:
            mapping[open_key] = []
        mapping[open_key].append(_value(item, flow=False))
    return mapping, twice


def _value(text: str, flow: bool) -> Any:
    """One value: `[a, b]` (not inside another), quoted text without escapes, or plain."""
    if not flow and text.startswith("[") and text.endswith("]"):
        inner = text[1:-1]
        if not inner.strip(" "):
            return []
        items = [item.strip(" ") for item in inner.split(",")]
        if not all(items):
            raise _NotSimple  # `[a, , b]`, `[a,]`: YAML's own reading
        return [_value(item, flow=True) for item in items]
    first = text[:1]
    if first in ('"', "'"):
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != first or first in inner or "\\" in inner:
            raise _NotSimple
        return inner
    if (first in _INDICATORS or ": " in text or " #" in text or text.endswith(":")
            # inside `[...]`: the flow indicators, and `:?`, which libyaml reads as a `:` and
            # a key's `?` (`[a:?]` is an error there, not the text "a:?")
            or (flow and (not _FLOW_INDICATORS.isdisjoint(text) or ":?" in text))):
        raise _NotSimple
    return plain_scalar(text)
