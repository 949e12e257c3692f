"""A text asked where each of many strings is written in it: a page's body or its source,
asked once per broken link by the link check (`LinkChecker._origin`).

A gallery page of 10,000 pictures its repository leaves out (1.35 MB of HTML, a real blog)
has 10,000 broken links, each looked for in the page's body and then in its source: one
search of the text each, from its start, was three quarters of the check (1.5 s of CPU
where the build's other work took 1.1 s). Here a string written whole, between spaces,
quotes, brackets or parentheses (as a link is in an attribute, a Markdown link or a tag),
is found in an index of the text's words made once; any other string (one inside a longer
word, or holding a space) is searched for in the text as before.
"""

from __future__ import annotations

import bisect
import itertools
import re
from functools import cached_property

# What ends a word: the characters around a link in HTML (`src="…"`), Markdown (`](…)`,
# `[…]: …`, `<…>`) and tags (`{% asset_img … %}`). Not `=` nor `,`: links hold them
# (`tn.jpg?size=210x150`).
_WORD_EDGES = re.compile(r"""([\s"'()<>\[\]`]+)""")
_NEWLINE = re.compile("\n")


class SearchedText:
    """A text and the first place of each of its words, indexed when first asked."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _words(self) -> dict[str, int]:
        """Each word's first place: the text split at the edges (words and edges alternate,
        from a word, maybe empty), its parts' lengths summed to their starts, and the pairs
        put in a dict last to first, so that a word's first place is the one kept: all in C,
        with no Python step per word."""
        parts = _WORD_EDGES.split(self.text)
        starts = itertools.accumulate(map(len, parts), initial=0)
        return dict(zip(reversed(parts[::2]), reversed(list(itertools.islice(starts, 0, None, 2)))))

    @cached_property
    def _breaks(self) -> list[int]:
        return [match.start() for match in _NEWLINE.finditer(self.text)]

    def find(self, needle: str) -> int:
        """Where `needle` is first written as a whole word, else its first place anywhere
        in the text; -1 when it is nowhere. Both answer whether the text holds it."""
        at = self._words.get(needle)
        return self.text.find(needle) if at is None else at

    def line(self, at: int) -> int:
        """The line (from 1) of the text's character `at`."""
        return bisect.bisect(self._breaks, at) + 1
