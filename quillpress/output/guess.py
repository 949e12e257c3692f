"""The link check's "did you mean": difflib's closest name, with its first filter made cheap.

`difflib.get_close_matches(name, names, n=1, cutoff=0.6)` first drops each name that has
too few letters in common with `name` to reach the cutoff (`quick_ratio`), counting them in a
Python loop over the name's letters. A gallery page of 10,000 pictures its repository leaves
out (a real blog) has its first 200 broken links guessed over 200 output files: those counts
were 0.15 s of CPU, nearly all of the guesses' time, in the build's last stage.

Here each name's letter counts are packed once per check into one int, a 16-bit field per
letter, and the letters two names have in common are counted with a few int operations (a
minimum in every field at once, then a sum of the fields by one multiplication). difflib then
gets only the names that pass, with a margin for rounding, and judges them with its own tests:
its answer is the one it gives over all the names.

Past FIELDS letters, later letters share the fields (a field holds the sum of its letters'
counts): a blog whose paths are Chinese titles has thousands of letters, and a field for each
made every name an int of thousands of fields, slower to compare than difflib's own loop (3,000
letters: 2.6 times difflib's time). A shared field counts at least the letters two names have
in common in it (the smaller of two sums is at least the sum of the smaller counts), so no name
difflib would pick is set aside.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Collection
from functools import cache

CLOSE = 0.6  # difflib's least likeness for a guess
_BITS = 16  # a field: a letter's count below its top bit, which guards the subtraction
_MOST = (1 << (_BITS - 1)) - 1  # a count a field holds; a longer name is not packed
FIELDS = 64  # fields per name: the letters after the first FIELDS share them


class Guesser:
    """Guesses for the names of one check: each name's letters are packed once."""

    def __init__(self) -> None:
        self._shift: dict[str, int] = {}  # a letter -> where its field starts
        self._packed: dict[str, int | None] = {}  # a name -> its counts; None: too long to pack

    def nearest(self, name: str, names: Collection[str]) -> list[str]:
        """`difflib.get_close_matches(name, names, n=1, cutoff=CLOSE)`."""
        packed = [(other, self._pack_name(other)) for other in names]
        mine = self._pack(name, new_letters=False)  # a letter no name holds is in common with none
        fields = min(len(self._shift), FIELDS)
        near = []
        for other, its in packed:
            # difflib's tests: 2 × (length of the shorter, letters in common) / both lengths
            needed = CLOSE * (len(name) + len(other)) * (1 - 1e-9)
            if 2.0 * min(len(name), len(other)) >= needed and (
                    its is None or 2.0 * _in_common(mine, its, fields) >= needed):
                near.append(other)
        return difflib.get_close_matches(name, near, n=1, cutoff=CLOSE)

    def _pack_name(self, name: str) -> int | None:
        if name not in self._packed:
            self._packed[name] = self._pack(name, new_letters=True) if len(name) <= _MOST else None
        return self._packed[name]

    def _pack(self, text: str, new_letters: bool) -> int:
        """`text`'s letter counts, each added into its letter's field (given one when
        `new_letters`: the next of FIELDS, round), no field above _MOST: as no packed name
        has more letters in a field, a guessed name's letters in common with one stay the same."""
        sums: dict[int, int] = {}
        for letter, count in Counter(text).items():
            shift = self._shift.get(letter)
            if shift is None:
                if not new_letters:
                    continue
                shift = self._shift[letter] = _BITS * (len(self._shift) % FIELDS)
            sums[shift] = sums.get(shift, 0) + count
        packed = 0
        for shift, count in sums.items():
            packed |= min(count, _MOST) << shift
        return packed


def _in_common(a: int, b: int, fields: int) -> int:
    """The sum over the fields of the smaller count of `a` and `b`: in each field, `a` plus
    the guard bit minus `b` keeps the guard bit where `a` >= `b`; that bit spread over its
    field picks `b` there, `a` elsewhere; multiplied by a 1 in every field, the top field
    holds the sum of them all (as no sum passes _MOST, none carries into the next field)."""
    ones, guards = _masks(fields)
    at_least = ((((a | guards) - b) & guards) >> (_BITS - 1)) * ((1 << _BITS) - 1)
    smaller = b ^ ((a ^ b) & ~at_least)
    return ((smaller * ones) >> (_BITS * max(fields - 1, 0))) & ((1 << _BITS) - 1)


@cache
def _masks(fields: int) -> tuple[int, int]:
    """A 1 in each of `fields` fields, and each field's guard bit."""
    ones = sum(1 << (_BITS * field) for field in range(fields))
    return ones, ones << (_BITS - 1)
