"""Which characters a regular expression can start a match with, read from its parse tree.

The fast lexer (lexing.py) asks, at each position, only the rules whose pattern can start
with the character there. The answer may say yes too often, never no wrongly: whatever this
module cannot read exactly (a backreference, an ASCII-only class, case folding beyond ASCII)
counts as "any character".

Python's own regex parser (`re._parser`, private, the public `sre_parse` of Python 3.10)
gives the tree: a sequence of (opcode, argument) pairs. Should it change shape in a later
Python, every pattern reads as "any character" and the lexer is only slower.
"""

from __future__ import annotations

import re
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from re import _constants as sre, _parser as sre_parse  # type: ignore[attr-defined]

from .. import pattern_cache

Test = Callable[[str], bool]  # one character -> may a match start with it?


def _any(char: str) -> bool:
    return True


def _matches(pattern: str) -> Test:
    match = re.compile(pattern).match
    return lambda char: match(char) is not None


_CATEGORIES: dict[Any, Test] = {
    sre.CATEGORY_DIGIT: lambda c: c.isdecimal(),
    sre.CATEGORY_NOT_DIGIT: lambda c: not c.isdecimal(),
    sre.CATEGORY_SPACE: _matches(r"\s"),
    sre.CATEGORY_NOT_SPACE: _matches(r"\S"),
    sre.CATEGORY_WORD: _matches(r"\w"),
    sre.CATEGORY_NOT_WORD: _matches(r"\W"),
}


# Parse trees kept from the compiling of lexers' rules, until first_test reads them: parsing a
# pattern was ~60% of first_test's cost (0.07 s of a cold demo build). The oldest go first
# beyond _KEPT (a tree that is never read waits here; a tree takes some KB).
_KEPT = 2048
_trees: dict[tuple[str, int], Any] = {}


_keeping = threading.Lock()  # one lexer at a time (the dev server's threads): `re` put back as it was


@contextmanager
def trees_kept() -> Iterator[None]:
    """While lexers are made (their rules compile), keep the parse tree `re` makes of each
    pattern, under the pattern and its final flags, which the compiled pattern carries."""
    with _keeping:
        parse = sre_parse.parse

        def keeping(source: Any, flags: int = 0, state: Any = None) -> Any:
            tree = parse(source, flags, state)
            if isinstance(source, str):
                _trees[(source, tree.state.flags)] = tree
                if len(_trees) > _KEPT:
                    del _trees[next(iter(_trees))]
            return tree

        sre_parse.parse = keeping
        try:
            yield
        finally:
            sre_parse.parse = parse


# What the first character may be, as plain data that pattern_cache.py keeps with a compiled
# pattern (a later command builds the test without parsing the pattern again): one item per
# character-consuming item that may come first, (opcode, argument, ignoring case) with numbers
# for re's named constants, or () for "any character".
Item = tuple[Any, ...]


def _facts_version() -> str:
    """The version the items are kept under, a digest of this module's source: they are what
    its code made of a pattern, so items kept before an edit or an upgrade of it are not read
    (their answers could be wrong now), only made again."""
    try:
        digest = zlib.crc32(Path(__file__).read_bytes())
    except OSError:  # no source to read (a zipped install, where no table is written either)
        digest = 0
    return f"{digest:08x}"


_FACTS_VERSION = _facts_version()


def first_test(pattern: re.Pattern[str]) -> tuple[Test, bool]:
    """(test, may_be_empty): `test(c)` is False only when no match can start where `c` comes
    next; `may_be_empty` when a match may consume nothing whatever comes next (such a rule is
    tried everywhere, the end of the text too). A look-ahead `(?=…)` that must read a
    character says which: JavaScript's `(?=/)` and `^(?=\\s|/|<!--)`, tried at every
    character before, were a third of the joined matches of c1000's blocks."""
    kept = _trees.pop((pattern.pattern, pattern.flags), None)  # also when not read below
    if pattern.flags & (re.ASCII | re.LOCALE):
        return _any, True
    fold = bool(pattern.flags & re.IGNORECASE)

    def read() -> tuple[bool, list[Item]]:
        items: list[Item] = []
        empty = _sequence(list(kept or sre_parse.parse(pattern.pattern, pattern.flags)), fold, items)
        return empty, items
    try:
        empty, items = pattern_cache.kept_fact("first characters", pattern.pattern, pattern.flags,
                                               read, _FACTS_VERSION)
        test = _one_of(_named(item) if item else None for item in items)
    except Exception:  # noqa: BLE001 - anything unexpected: answer "any character"
        return _any, True
    if empty or test is _any:
        return _any, True
    return test, False


def _item(op: Any, arg: Any, fold: bool) -> Item:
    """A character-consuming parse-tree item as plain data (numbers for re's constants);
    () for one that `_char_test` reads as any character."""
    if op is sre.IN:
        arg = tuple((int(o), int(a) if isinstance(a, int) else a) for o, a in arg)
    elif op is not sre.LITERAL and op is not sre.NOT_LITERAL:
        return ()
    return int(op), arg, fold


def _named(item: Item) -> tuple[Any, Any, bool]:
    """`_item` read back: re's named constants again, which `_char_test` compares by identity."""
    op, arg, fold = item
    op = sre.OPCODES[op]
    if op is sre.IN:
        arg = [(sre.OPCODES[o], sre.CHCODES[a] if sre.OPCODES[o] is sre.CATEGORY else a)
               for o, a in arg]
    return op, arg, fold


def _sequence(items: Iterable[tuple[Any, Any]], fold: bool, tests: list[Item]) -> bool:
    """Add the items for the first character of this sequence; True when it may be empty
    and read no character (a look-ahead that must read one reads the first: its items)."""
    for op, arg in items:
        if op is sre.ASSERT and arg[0] == 1:  # `(?=…)`: the character it reads comes next
            ahead: list[Item] = []
            if not _sequence(list(arg[1]), fold, ahead):
                tests += ahead
                return False
            continue
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero width: the next item consumes the first character
        if op is sre.SUBPATTERN:
            _, add_flags, del_flags, sub = arg
            if add_flags & (re.ASCII | re.LOCALE):
                tests.append(())  # `(?a:…)`: ASCII classes, not read here (any character)
                continue
            inner = (fold or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            if not _sequence(list(sub), inner, tests):
                return False
        elif op is sre.ATOMIC_GROUP:
            if not _sequence(list(arg), fold, tests):
                return False
        elif op is sre.BRANCH:
            empty = False
            for branch in arg[1]:
                empty = _sequence(list(branch), fold, tests) or empty
            if not empty:
                return False
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, _, sub = arg
            if not _sequence(list(sub), fold, tests) and low > 0:
                return False
        else:
            tests.append(_item(op, arg, fold))
            return False
    return True


def _one_of(items: Iterable[tuple[Any, Any, bool] | None]) -> Test:
    """One test for the items a match may start with (None: any character), as true as
    `any` over each item's own test. Their literal characters are looked up in one set: a
    rule that starts with a keyword list has some twenty of them, and asking each in turn
    made a lexer's first sight of a character in a state cost ~0.3 ms (mythsman's blocks
    in 170 languages: 0.4 s of each process's highlighting)."""
    chars: set[str] = set()
    non_ascii = False  # a literal ignoring case: any non-ASCII character may fold to it
    others: list[Test] = []
    for item in items:
        if item is None:
            return _any
        op, arg, fold = item
        in_set = op is sre.IN and not (arg and arg[0][0] is sre.NEGATE)
        for member_op, member_arg in arg if in_set else [(op, arg)]:
            if member_op is sre.LITERAL:
                found = _literal_chars(member_arg, fold)
                if found is None:
                    return _any
                chars.update(found)
                non_ascii = non_ascii or fold
                continue
            test = (_member_test if in_set else _char_test)(member_op, member_arg, fold)
            if test is _any:
                return _any
            others.append(test)
    return _either(frozenset(chars), non_ascii, others)


def _literal_chars(code: int, fold: bool) -> tuple[str, ...] | None:
    """The characters `_literal` accepts besides non-ASCII ones under `fold` (None: any)."""
    char = chr(code)
    if not fold:
        return (char,)
    if not char.isascii():
        return None
    return (char.lower(), char.upper())


def _either(chars: frozenset[str], non_ascii: bool, others: list[Test]) -> Test:
    if not others:
        if non_ascii:
            return lambda c: c in chars or not c.isascii()
        return chars.__contains__
    if not chars and not non_ascii and len(others) == 1:
        return others[0]
    return lambda c: c in chars or (non_ascii and not c.isascii()) or any(t(c) for t in others)


def _char_test(op: Any, arg: Any, fold: bool) -> Test:
    """The test for one character-consuming item (any other item: any character)."""
    if op is sre.LITERAL:
        return _literal(arg, fold)
    if op is sre.NOT_LITERAL and not fold:
        excluded = chr(arg)
        return lambda char: char != excluded
    if op is sre.IN:
        return _charset(arg, fold)
    return _any


def _literal(code: int, fold: bool) -> Test:
    char = chr(code)
    if not fold:
        return lambda c: c == char
    if not char.isascii():
        return _any
    lower = char.lower()
    return lambda c: not c.isascii() or c.lower() == lower  # Kelvin sign ~ k, long s ~ s


def _in_range(low: int, high: int, fold: bool) -> Test:
    def test(char: str) -> bool:
        if fold:  # an ASCII range: the character in either case (any non-ASCII one may fold)
            return not char.isascii() or any(low <= ord(v) <= high
                                             for v in (char, char.lower(), char.upper()))
        return low <= ord(char) <= high
    return test


def _member_test(op: Any, arg: Any, fold: bool) -> Test:
    """The test for one member of a character set."""
    if op is sre.LITERAL:
        return _literal(arg, fold)
    if op is sre.RANGE:
        low, high = arg
        return _any if fold and high >= 128 else _in_range(low, high, fold)
    if op is sre.CATEGORY and arg in _CATEGORIES:
        return _CATEGORIES[arg]
    return _any


def _charset(items: list[tuple[Any, Any]], fold: bool) -> Test:
    negate = bool(items) and items[0][0] is sre.NEGATE
    tests = [_member_test(op, arg, fold) for op, arg in (items[1:] if negate else items)]
    if negate:
        if fold or _any in tests:
            return _any  # the complement of an approximate set is not safe
        return lambda c: not any(test(c) for test in tests)
    if _any in tests:
        return _any
    return lambda c: any(test(c) for test in tests)
