"""Every pair of neighbouring characters in runs of CJK text, for the plugins that index it.

Chinese has no spaces between words, so the search index and the related posts take each
pair of neighbouring characters as a term ("静态网站" → 静态, 态网, 网站): pairs catch most
two-character words, the commonest length, and need no dictionary. A Chinese post has
hundreds to thousands of pairs; made one at a time (`run[i] + run[i + 1]`, or a look-ahead
regex tried at every position) they cost more than counting them, so they are laid out in
one string and cut apart in C (`neighbour_pairs`).

Both plugins cut the same post: the search index its first 1,500 characters, the related posts
all of it. The search index's pairs are kept (`lead_pairs`) and the related posts cut only the
rest (`han_pairs`): cutting the same pairs twice was 7% of both plugins' instructions (200
c1000 posts, callgrind).
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterable
from itertools import chain, compress

# Kana, CJK ideographs and Hangul syllables: the search index's terms are their characters and
# pairs. Case maps no character into or out of these ranges, so a text lower-cased has the
# same runs (checked over every code point).
CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # the ideographs alone: the related posts'
# A class then a repeat, not `[…]+`: a pattern that starts with a character class lets `re`
# skip the characters outside it in a tight loop, where one that starts with a repeat is tried
# at every position of the text (`term_counts` spent 15% fewer instructions so; `[…]{2,}` was a
# third of the related posts' regular expression's instructions).
CJK_RUN = re.compile(rf"[{CJK}][{CJK}]*")
_HAN_RUN = re.compile(f"[{_HAN}][{_HAN}]+")
_NOT_HAN = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")  # kana and Hangul: CJK but not `_HAN`
# The text whose first `end` characters `lead_pairs` cut last, and their pairs.
_lead: tuple[str, int, list[str]] = ("", 0, [])

_UNITS = "utf-16-le" if sys.byteorder == "little" else "utf-16-be"  # array("H")'s order
_CUT = 0x1F  # between two pairs laid out in one string (a control character, in no CJK run)
_MARKS = b"\0" + b"?" * 255  # a byte's mark: zero for NUL, `?` for any other
# Shorter runs (joined) are cut one pair at a time: laying them out costs ~23,000 instructions
# a call, then ~830 a character, against ~1,150 a character one at a time (callgrind), and a
# title or a post's tags, each cut apart on its own, is some tens of characters.
LAID_FROM = 64


def neighbour_pairs(runs: list[str]) -> Iterable[str]:
    """Every pair of neighbouring characters within each of `runs`, in order, made without a
    Python step per pair: the runs joined by NUL are laid out as UTF-16 units, pair after
    pair, cut at `_CUT` by one split, and the pairs holding a NUL (across two runs) are left
    out by a mask made from the same joined text. Runs of any text give their pairs: one
    with a character beyond the BMP (two UTF-16 units; CJK ideographs, kana and Hangul
    syllables are one), a surrogate, a NUL or `_CUT` is cut one pair at a time, as are runs
    shorter than `LAID_FROM` together."""
    joined = "\0".join(runs)
    if len(joined) < LAID_FROM:
        return _one_at_a_time(runs)
    try:
        units = array("H", joined.encode(_UNITS))
    except UnicodeEncodeError:  # a surrogate, which UTF-16 cannot hold alone
        return _one_at_a_time(runs)
    pairs = len(units) - 1
    if pairs < 1:  # no run of two characters
        return ()
    if len(units) != len(joined) or chr(_CUT) in joined or joined.count("\0") >= len(runs):
        return _one_at_a_time(runs)
    laid = array("H", [_CUT]) * (3 * pairs - 1)
    laid[0::3] = units[:-1]
    laid[1::3] = units[1:]
    # Nonzero where a pair starts, zero on a NUL and on a run's last character (every
    # character but NUL made `?` first: an ASCII one is itself in the encoding).
    starts = joined.encode("ascii", "replace").translate(_MARKS).replace(b"?\0", b"\0\0")
    return compress(laid.tobytes().decode(_UNITS).split(chr(_CUT)), starts)


def _one_at_a_time(runs: list[str]) -> list[str]:
    """`neighbour_pairs` for runs it cannot lay out in one string."""
    return [run[at:at + 2] for run in runs for at in range(len(run) - 1)]


def lead_pairs(text: str, end: int, runs: list[str]) -> list[str]:
    """`neighbour_pairs(runs)`, where `runs` are `CJK_RUN`'s runs of `text[:end]` (or of it
    lower-cased), kept for `han_pairs(text)`: the caller must not change the list."""
    global _lead
    pairs = list(neighbour_pairs(runs))
    _lead = (text, end, pairs)
    return pairs


def han_pairs(text: str) -> Iterable[str]:
    """Every pair of neighbouring CJK ideographs within `text`, in order. When `text` is the
    very string `lead_pairs` was last given and it holds no kana or Hangul (so its runs of CJK
    are runs of ideographs), the pairs of its first part are those and only the rest is cut:
    from the last character of that part, which pairs with the first one after it."""
    lead_text, end, pairs = _lead
    if lead_text is not text or _NOT_HAN.search(text):
        return neighbour_pairs(_HAN_RUN.findall(text))
    return chain(pairs, neighbour_pairs(CJK_RUN.findall(text, max(end - 1, 0))))
