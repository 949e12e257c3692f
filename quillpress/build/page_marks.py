"""Which of the plugins' marker texts a finished page contains, found in few passes.

Plugins link their stylesheets and scripts only from pages that show their markup
(`api.inject(..., when='class="tt-')`). Each asking the page on its own was one scan of
the whole page per plugin (a post page is 25-40 KB of text; five such scans were a tenth
of making it). Texts whose attribute starts alike up to its quote (`class="`) are
searched for together, with one pattern whose literal start the pattern engine skips to;
words before the attribute (`<figure class="qp-chart"`) are left out of the pattern and
checked where it matches, so that they do not make a group (and a pass) of their own. Any
other text is a substring test of its own, the quickest scan for one text. A text that
could overlap another of its group (`ab` and `bc` in `abc`) would be hidden by it in the
pattern's matches, so it is tested on its own too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


class MarkScan:
    """Finds which of `texts` occur in a page."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.texts = frozenset(text for text in texts if text)
        groups: dict[str, list[tuple[str, int]]] = {}  # by attribute: (text, where it starts)
        for text in sorted(self.texts):
            quote = text.find('"')
            at = text.rfind(" ", 0, quote) + 1 if quote > 0 else 0
            groups.setdefault(text[at:quote + 1] or text, []).append((text, at))
        self._alone: list[str] = []
        self._together: list[tuple[re.Pattern[str], list[tuple[str, int]]]] = []
        for group in groups.values():
            apart = [(text, at) for text, at in group if any(
                _overlaps(other[at_other:], text[at:]) for other, at_other in group if other != text)]
            rest = [entry for entry in group if entry not in apart]
            self._alone += [text for text, _ in apart + (rest if len(rest) == 1 else [])]
            if len(rest) > 1:
                pattern = "|".join(re.escape(text[at:]) for text, at in rest)
                self._together.append((re.compile(pattern), rest))

    def found(self, page: str) -> frozenset[str]:
        """The texts that `page` contains."""
        found = {text for text in self._alone if text in page}
        for pattern, texts in self._together:
            seen = 0
            for match in pattern.finditer(page):
                attribute = match.start()
                for text, at in texts:
                    if text not in found and attribute >= at \
                            and page.startswith(text, attribute - at):
                        found.add(text)
                        seen += 1
                if seen == len(texts):
                    break
        return frozenset(found)


def _overlaps(first: str, second: str) -> bool:
    """Whether an occurrence of `second` can begin inside one of `first` after its start:
    `second` inside `first` past its first character, or an end of `first` that `second`
    starts with. (Both starting at the same place is found: every text is tried there.)"""
    return first.find(second, 1) >= 0 or any(second.startswith(first[i:])
                                             for i in range(1, len(first)))
