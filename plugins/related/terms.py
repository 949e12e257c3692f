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

KEEP = 40  # terms kept per post, before weighting
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PAIR = re.compile(f"(?=([{_HAN}]{{2}}))")  # every overlapping pair, in one pass
_WORD = re.compile(r"[a-z][a-z0-9+#]{2,}")
STOPWORDS = frozenset("""
the and for are but not you all any can had her was one our out has have him his how its
may new now old see two way who did get let put say she too use with that this from they
will would there their what when which into than then them these those been were your more
some such only also very just over most other about after before could should while where
here each both because through between being does done make made like well even much many
""".split())


def terms(text: str) -> list[str]:
    """The post's most frequent terms, most frequent first."""
    counts = Counter(_PAIR.findall(text))
    counts.update(word for word in _WORD.findall(text.lower()) if word not in STOPWORDS)
    # Ties keep the order of first appearance, which the text alone decides.
    return [term for term, _ in counts.most_common(KEEP)]
