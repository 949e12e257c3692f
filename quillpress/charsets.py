"""Faster compiling of regular expressions with large character classes.

A build compiles about 900 regular expressions before its first page (Pygments' lexers, the
search and word-count patterns, YAML, linkify): a quarter of a small blog's cold build. In
CPython 3.11-3.13 (`re._compiler._optimize_charset`), a class range such as `[\\u4e00-\\u9fff]`
is marked in the class's bitmap one character at a time in Python: ~5 ms for a CJK class and
15 ms for a Unicode identifier class (Python's and JavaScript's lexers have several), ~85 ms
of the demo blog's build in all.

`install()` puts `optimize_charset` in its place. It makes the very same result, marking
each range with one slice assignment, but for one change that makes matching faster: many
ranges beyond the BMP come behind a guard (`_guarded`). Classes matched ignoring case (each
character is mapped to its lower case, one by one) still go to the original.
tests/test_charsets.py compares both on every class of every Pygments lexer, and what the
guarded ones take character by character. On a Python whose `re` differs, nothing is replaced.
"""

from __future__ import annotations

import sys
from typing import Any

from re import _compiler, _constants  # type: ignore[attr-defined]

_BMP = 0x10000  # a class's bitmap covers the Basic Multilingual Plane; the rest is kept as is
_LATIN1 = 0x100  # …or only the first 256 characters while nothing larger is in the class
_ONES = b"\x01" * _BMP
_CHUNK = 256  # large bitmaps are stored as distinct 256-character chunks and a chunk index
_VERSIONS = ((3, 11), (3, 12), (3, 13))  # where the replaced function is known to be the same
GUARD_FROM = 8  # ranges beyond the BMP put behind a guard from this many on (see `_guarded`)
LAYOUT = "guarded"  # what these classes look like to `re`: kept patterns are of one (pattern_cache.py)

Charset = list[tuple[Any, Any]]  # (opcode, argument) pairs, as re._parser makes them
_original = getattr(_compiler, "_optimize_charset", None)


def install() -> None:
    """Use `optimize_charset` for this process's regular expressions (idempotent)."""
    if _original is not None and sys.version_info[:2] in _VERSIONS:
        _compiler._optimize_charset = optimize_charset


def optimize_charset(charset: Charset, iscased: Any = None, fixup: Any = None,
                     fixes: Any = None) -> tuple[Charset, bool]:
    """What `re._compiler._optimize_charset` returns for this class: the class as at most two
    ranges or single characters, or as a bitmap (CHARSET, BIGCHARSET), plus the parts the
    bitmap cannot hold (categories, characters beyond the BMP), and whether case matters."""
    if fixup is not None:
        return _original(charset, iscased, fixup, fixes)  # type: ignore[misc]
    bitmap = bytearray(_LATIN1)
    negated: Charset = []
    rest: Charset = []
    for op, arg in charset:
        if op is _constants.LITERAL or op is _constants.RANGE:
            low, high = (arg, arg) if op is _constants.LITERAL else arg
            if high >= _LATIN1 and len(bitmap) == _LATIN1:
                bitmap += bytes(_BMP - _LATIN1)
            end = min(high + 1, _BMP)
            if low < end:
                bitmap[low:end] = _ONES[:end - low]
            if high >= _BMP:
                rest.append((op, arg))  # its BMP part is in the bitmap too, as the original has it
        elif op is _constants.NEGATE:
            negated.append((op, arg))
        else:
            rest.append((op, arg))
    runs = _runs(bitmap)
    if runs is not None:
        short = negated + [(_constants.LITERAL, start) if end - start == 1 else
                           (_constants.RANGE, (start, end - 1)) for start, end in runs] + rest
        return (short if len(short) < len(charset) else charset), False
    if len(bitmap) == _LATIN1:
        return negated + [(_constants.CHARSET, _compiler._mk_bitmap(bitmap))] + rest, False
    return negated + [(_constants.BIGCHARSET, _big_charset(bytes(bitmap)))] + _guarded(rest), False


def _guarded(rest: Charset) -> Charset:
    """The parts of a class beyond its bitmap, those beyond the BMP behind a guard.

    `re` tests a character against a class's items in turn. A BMP character the bitmap does
    not take was tested against every range beyond the BMP too: a Unicode identifier class
    has ~200 (Python's and JavaScript's lexers), so each identifier's end (a space, a
    bracket) took ~200 tests, ~12% of the instructions spent lexing c1000's code blocks.
    `NEGATE, RANGE(0, 0xFFFF), NEGATE` before them ends the test for a BMP character:
    `re` reads a class's NEGATE as "the rest of the items do not take it", so those three
    take a character only when it is beyond the BMP and one of the ranges after them does."""
    beyond: Charset = []  # the ranges and characters: `rest` holds only those beyond the BMP
    others: Charset = []  # categories
    for item in rest:
        (beyond if item[0] is _constants.LITERAL or item[0] is _constants.RANGE else others).append(item)
    if len(beyond) < GUARD_FROM:
        return rest
    return others + [(_constants.NEGATE, None), (_constants.RANGE, (0, _BMP - 1)),
                     (_constants.NEGATE, None), *beyond]


def _runs(bitmap: bytearray) -> list[tuple[int, int]] | None:
    """The marked characters as one or two [start, end) runs; None when there are more."""
    runs: list[tuple[int, int]] = []
    end = 0
    while (start := bitmap.find(1, end)) >= 0:
        if len(runs) == 2:
            return None
        end = bitmap.find(0, start)
        if end < 0:
            runs.append((start, len(bitmap)))
            break
        runs.append((start, end))
    return runs


def _big_charset(bitmap: bytes) -> list[int]:
    """A BMP bitmap as `re` stores it: the number of distinct chunks, each chunk's number by
    position, then the distinct chunks in order of first appearance, as words."""
    numbers: dict[bytes, int] = {}
    positions = bytearray(_BMP // _CHUNK)
    for index in range(len(positions)):
        chunk = bitmap[index * _CHUNK:(index + 1) * _CHUNK]
        positions[index] = numbers.setdefault(chunk, len(numbers))
    words = _compiler._mk_bitmap(bytearray(b"".join(numbers)))
    return [len(numbers), *_compiler._bytes_to_codes(positions), *words]
