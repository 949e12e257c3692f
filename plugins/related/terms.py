"""The words a post is about: English words and Chinese character pairs, most frequent first.

Chinese has no spaces, so each run of CJK characters is cut into overlapping pairs
("静态网站" → 静态, 态网, 网站): pairs catch most two-character words, the commonest length,
and need no dictionary. Other scripts are split on non-letters and lower-cased, with the
commonest English words left out. A post keeps only its most frequent terms, so what is
stored per post is small and its cost does not grow with the length of the post.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import filterfalse

from quillpress.plugin_api import han_pairs

KEEP = 40  # terms kept per post, before weighting
_WORD = re.compile(r"[a-z][a-z0-9+#]{2,}")
STOPWORDS = frozenset("""
the and for are but not you all any can had her was one our out has have him his how its
may new now old see two way who did get let put say she too use with that this from they
will would there their what when which into than then them these those been were your more
some such only also very just over most other about after before could should while where
here each both because through between being does done make made like well even much many
""".split())


def terms(title: str, text: str) -> list[str]:
    """The post's most frequent terms, most frequent first: those of its title, then its text."""
    counts = Counter(han_pairs(title))
    counts.update(han_pairs(text))  # after the search index's, which cut the text's first part
    counts.update(filterfalse(STOPWORDS.__contains__, _WORD.findall(f"{title}\n{text}".lower())))
    # Ties keep the order of first appearance, which the text alone decides: `sorted` is
    # stable (as `most_common`, whose heap over (term, count) items cost more).
    return sorted(counts, key=counts.__getitem__, reverse=True)[:KEEP]
