"""A text asked where each of many strings is written in it: a page's body or its source,
asked once per broken link by the link check (`LinkChecker._origin`).

A gallery page of 10,000 pictures its repository leaves out (1.35 MB of HTML, a real blog)
has 10,000 broken links, each looked for in the page's body and then in its source: one
search of the text each, from its start, was three quarters of the check (1.5 s of CPU
where the build's other work took 1.1 s). A string is found where it is first written
whole, between spaces, quotes, brackets or parentheses (as a link is in an attribute, a
Markdown link or a tag), else at its first place anywhere (inside a longer word, or holding
a space). The first few strings asked of a text are searched for in it; after them, the
text's words are indexed once (a theme's broken link is asked of every body, once each:
indexing each was three times the check of a blog with one).
"""

from __future__ import annotations

import bisect
import itertools
import re
from functools import cached_property

# What ends a word: the characters around a link in HTML (`src="…"`), Markdown (`](…)`,
# `[…]: …`, `<…>`) and tags (`{% asset_img … %}`). Not `=` nor `,`: links hold them
# (`tn.jpg?size=210x150`).
_EDGE = r"""[\s"'()<>\[\]`]"""
_AN_EDGE = re.compile(_EDGE)
_WORD_EDGES = re.compile(f"({_EDGE}+)")
_NEWLINE = re.compile("\n")
# Strings searched for in a text before its words are indexed: indexing a text costs about
# as much as 140 searches through all of it (550 to a link's place, in the gallery above).
SEARCHED_FIRST = 100


class SearchedText:
    """A text; the first place of each of its words is indexed once it has been asked
    more than SEARCHED_FIRST times."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._asked = 0

    @cached_property
    def _words(self) -> dict[str, int]:
        """Each word's first place: the text split at the edges (words and edges alternate,
        from a word, maybe empty), its parts' lengths summed to their starts, and the pairs
        put in a dict last to first, so that a word's first place is the one kept: all in C,
        with no Python step per word."""
        parts = _WORD_EDGES.split(self.text)
        starts = itertools.accumulate(map(len, parts), initial=0)
        words = dict(zip(reversed(parts[::2]), reversed(list(itertools.islice(starts, 0, None, 2)))))
        words.pop("", None)  # the text's start or end at an edge: no word
        return words

    @cached_property
    def _breaks(self) -> list[int]:
        return [match.start() for match in _NEWLINE.finditer(self.text)]

    def find(self, needle: str) -> int:
        """Where `needle` is first written as a whole word, else its first place anywhere
        in the text; -1 when it is nowhere. Both answer whether the text holds it."""
        self._asked += 1
        if self._asked > SEARCHED_FIRST:
            at = self._words.get(needle)
            return self.text.find(needle) if at is None else at
        first = at = self.text.find(needle)
        if needle and not _AN_EDGE.search(needle):  # else never a word
            while at >= 0 and not self._whole(at, at + len(needle)):
                at = self.text.find(needle, at + 1)
        return first if at < 0 else at

    def _whole(self, start: int, end: int) -> bool:
        """Whether the text's characters from `start` to `end` are a word (an edge or the
        text's end on each side)."""
        return (start == 0 or _AN_EDGE.match(self.text, start - 1) is not None) and (
            end == len(self.text) or _AN_EDGE.match(self.text, end) is not None)

    def line(self, at: int) -> int:
        """The line (from 1) of the text's character `at`."""
        return bisect.bisect(self._breaks, at) + 1
