"""The chunked search index: terms split into hash buckets (the documents' files: index.py).

A reader's first query fetches the manifest (a few bytes), the buckets holding the words it
typed and the documents it shows, never the whole index (about 12 MB at 5,000 posts as one
file; bench/search_bytes.py measures it). Terms are lower-cased Latin words, matched by
prefix, and CJK characters and bigrams, so Chinese needs no word list: "并发编程" is the
documents holding 并发, 发编 and 编程. A term's bucket is a hash of its first two characters
(Latin; so every word a prefix can reach is in one bucket) or of the whole term (CJK).

Document ids count from the oldest document, so a new post takes the next id and no other
file is renamed; results tied on score show the higher id (the newer post) first, as the
single-file index did. The bucket count follows the number of documents (about 8 per
bucket, a power of two), so a bucket stays near 20 KB at any size.

A posting is a document id, stored as the gap from the previous one, and one character of
FLAGS: how often the term occurs in the text (0-9, capped), whether it is in the title (at
its start, 2, or elsewhere, 1) and whether it is in a tag or category name.
"""

from __future__ import annotations

import hashlib
import re
import sys
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import repeat
from operator import or_

from quillpress.plugin_api import CJK, CJK_RUN, lead_pairs, neighbour_pairs

TOKEN = re.compile(rf"[{CJK}]+|[^\W_{CJK}]+")
LATIN_WORD = re.compile(rf"[^\W_{CJK}][^\W_{CJK}]*")
CJK_CHAR = re.compile(rf"[{CJK}]")
FLAGS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"  # value = 10*title + 30*label + count
SHARD_DIR = "search"
# A posting array's type, 4 bytes unsigned: CPython stores an int into an array of an
# unsigned type directly, and through its argument parser, twice, into one of a signed type
# ("i"): filling c1000's postings took 17% fewer instructions so (callgrind).
POSTING = "I"
FILL_STEP = 64  # documents filled between two looks at `fill_while`'s test (~7 ms of CPU)
_COUNT_FLAG = dict(enumerate(FLAGS[:9]))  # a count's flag below 9; 9 and more: FLAGS[9]
_BIG_ENDIAN = sys.byteorder == "big"  # a posting's bytes in memory (`_gaps_and_flags`)
Columns = list[str]  # a document's terms, one a line, and their flag characters (`document_columns`)


def term_counts(text: str, within: str | None = None) -> Counter[str]:
    """How often each index term occurs: Latin words whole, CJK runs as each character and
    each pair of neighbours. Counted, not listed in order: a regular expression finds the
    words and the CJK runs in one pass each and Counter counts in C, where a loop over every
    word in Python cost twice as much (the flags' order does not matter, see
    `document_columns`). `within`: the longer text `text` begins, whose pairs are then kept
    for the related posts (`lead_pairs`)."""
    lower = text.lower()
    counts = Counter(LATIN_WORD.findall(lower))
    runs = CJK_RUN.findall(lower)
    if runs:
        counts.update("".join(runs))
    if within is not None:
        counts.update(lead_pairs(within, len(text), runs))
    elif runs:
        counts.update(neighbour_pairs(runs))
    return counts


def bucket_count(docs: int) -> int:
    """A power of two near docs / 8, from 8 to 1024."""
    count = 8
    while count * 8 < docs and count < 1024:
        count *= 2
    return count


def bucket_of(term: str, buckets: int) -> int:
    """FNV-1a over the code points of the term's shard key; qp-search.js has the same."""
    key = term if CJK_CHAR.match(term) else term[:2]
    value = 0x811C9DC5
    for char in key:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value % buckets


@lru_cache(maxsize=1024)
def name_terms(name: str) -> frozenset[str]:
    """The terms of a tag or category name: posts share them (a blog's few tags), and
    counting a post's names cost more than its title."""
    return frozenset(term_counts(name))


def document_columns(title: str, labels: list[str], text: str | None,
                     within: str | None = None) -> Columns:
    """What one document contributes to the buckets: [its terms, one a line; their FLAGS
    characters in the same order]. A term's flag says how often it occurs in `text` (0-9,
    capped; no text, no count), whether it is in the title (at its start, 2, or elsewhere, 1)
    and whether it is in a tag or category name. The text's terms come in the order counted,
    then the title's and names' terms, sorted. Made where the body is rendered, in parallel,
    as two strings: the main process then reads each term and its flag without cutting half a
    million lines apart, and 5,000 posts' terms held as dicts took some hundreds of MB.
    `within`: as `term_counts`'s."""
    counts = term_counts(text, within) if text else Counter()
    # A name's terms are its own (no term crosses the space between two names).
    in_title, in_labels = set(term_counts(title)), set().union(*map(name_terms, labels))
    runs = TOKEN.findall(title.lower())
    first = {runs[0], runs[0][:1], runs[0][:2]} & in_title if runs else set()
    marked = sorted(in_title | in_labels)
    marks = "".join([FLAGS[min(counts.pop(term, 0), 9)
                           + 10 * (2 if term in first else 1 if term in in_title else 0)
                           + 30 * (term in in_labels)] for term in marked])
    # The text's own terms: flag = count, capped at 9, looked up in C (`min` per count, then
    # FLAGS, cost four times as much: a third of this function at ~700 terms a post).
    counted = "".join(map(_COUNT_FLAG.get, counts.values(), repeat(FLAGS[9])))
    return ["\n".join([*counts, *marked]), counted + marks]


def packed(doc: Columns) -> dict[str, str]:
    """A document's `columns` as {term: flag}."""
    terms, flags = doc
    return dict(zip(terms.split("\n"), flags)) if flags else {}


_NO_TERMS: Columns = ["", ""]  # a document that is not (or no longer) there


@dataclass
class Postings:
    """Every term's postings, kept as one compact array per term: each posting is one int,
    the document id shifted left by 8 bits, or'ed with the code of its flag character,
    in increasing id order (5,000 posts make millions of postings; 4 bytes each, `POSTING`:
    ids up to 2**24, sixteen million documents, fit). Kept
    between builds (in `serve`) so that an edit changes only the buckets of the terms it
    added or removed; each bucket has a digest of its content (`digest`), so a build, in
    `serve` or in a new process, makes again only the bucket files whose content changed."""

    buckets: int = 0
    docs: list[Columns] = field(default_factory=list)  # each document's terms and flags
    terms: dict[str, array[int]] = field(default_factory=dict)
    in_bucket: dict[int, set[str]] = field(default_factory=dict)
    digests: dict[int, str] = field(default_factory=dict)  # those asked for since a change
    pending: list[Columns] | None = None  # left by `fill_later`; its first `filled` are in
    filled: int = 0  # ... `growing`, the terms' postings being appended
    growing: defaultdict[str, array[int]] = field(default_factory=lambda: defaultdict(
        partial(array, POSTING)), repr=False)

    def clear(self) -> None:
        """Drop every posting. In place: the bucket routes of the last build hold this
        object (their `make`), and with it everything it holds."""
        self.buckets, self.docs, self.terms, self.in_bucket, self.digests = 0, [], {}, {}, {}
        self.pending, self.filled, self.growing = None, 0, defaultdict(partial(array, POSTING))

    def fill_later(self, new_docs: list[Columns]) -> None:
        """The postings of `new_docs` (`columns`, id = position), filled when a bucket's
        digest or bytes are first asked for, in the process that asks, or meanwhile in
        part (`fill_while`). A first one-off build asks in the child that works out its
        pages' fingerprints (`Builder._plan`), which then makes the buckets too (their
        routes are `together`): the fill (0.57 s of CPU at 5,000 posts) leaves the main
        process's stretch between the bodies and the pages, where the other core idled
        once the related posts were ranked. The bucket count is known at once."""
        self.clear()
        self.buckets = bucket_count(len(new_docs))
        self.pending = new_docs

    def fill_while(self, busy: Callable[[], bool]) -> None:
        """Fill what `fill_later` left, FILL_STEP documents at a time, while `busy()`: the
        main process fills while the related posts are ranked in a child (Background.busy),
        in what would be a wait for their lists, and leaves the rest to the process that
        asks first."""
        while self.pending is not None and self.filled < len(self.pending) and busy():
            self._append(self.pending, self.filled + FILL_STEP)

    def _ready(self) -> None:
        """Fill what `fill_later` left, if anything."""
        if self.pending is not None:
            new_docs, self.pending = self.pending, None
            self._fill(new_docs)

    def update(self, new_docs: list[Columns]) -> set[int]:
        """Bring the postings to `new_docs` (`columns`, id = position); returns the buckets
        changed."""
        self._ready()
        buckets = bucket_count(len(new_docs))
        if buckets != self.buckets:
            self.clear()
            self.buckets = buckets
        dirty: set[int] = set()
        if not self.docs:
            self._fill(new_docs)
            dirty = set(range(buckets))
        for doc_id in range(max(len(new_docs), len(self.docs))):
            old_flags = self.docs[doc_id] if doc_id < len(self.docs) else _NO_TERMS
            new_flags = new_docs[doc_id] if doc_id < len(new_docs) else _NO_TERMS
            if old_flags == new_flags:
                continue
            old, new = packed(old_flags), packed(new_flags)
            for term in old.keys() - new.keys():
                postings = self.terms[term]
                del postings[bisect_left(postings, doc_id << 8)]
                dirty.add(bucket_of(term, buckets))
            for term, flag in new.items():
                if old.get(term) != flag:
                    self._set(term, doc_id, flag)
                    dirty.add(bucket_of(term, buckets))
        self.docs = list(new_docs)
        for number in dirty:
            self.digests.pop(number, None)  # worked out again when asked (`digest`)
        return dirty

    def _set(self, term: str, doc_id: int, flag: str) -> None:
        postings = self.terms.get(term)
        if postings is None:
            postings = self.terms[term] = array(POSTING)
            self.in_bucket.setdefault(bucket_of(term, self.buckets), set()).add(term)
        at = bisect_left(postings, doc_id << 8)
        if at < len(postings) and postings[at] >> 8 == doc_id:
            postings[at] = doc_id << 8 | ord(flag)
        else:
            postings.insert(at, doc_id << 8 | ord(flag))

    def _fill(self, new_docs: list[Columns]) -> None:
        """The first build: every posting at once, appended in id order (the general path
        above is for edits), after those `fill_while` appended."""
        self._append(new_docs, len(new_docs))
        self.terms, self.in_bucket = dict(self.growing), {}  # terms whose postings all went: gone too
        self.filled, self.growing = 0, defaultdict(partial(array, POSTING))
        for term in self.terms:
            self.in_bucket.setdefault(bucket_of(term, self.buckets), set()).add(term)
        self.docs = list(new_docs)

    def _append(self, new_docs: list[Columns], end: int) -> None:
        """The postings of documents `filled` to `end` (ids in order, so each term's array
        stays sorted) appended to `growing`. A document's lines are appended by `map`s, with
        no Python statement per posting: this loop over half a million postings (1,000
        posts) was the largest piece of work the main process did alone, 0.55 s written as
        a loop."""
        postings_of = self.growing.__getitem__
        end = min(end, len(new_docs))
        for doc_id, (terms_text, flags) in enumerate(new_docs[self.filled:end], self.filled):
            if flags:
                deque(map(array.append, map(postings_of, terms_text.split("\n")),
                          map(or_, repeat(doc_id << 8), flags.encode("ascii"))), maxlen=0)
        self.filled = end

    def _postings(self, number: int) -> Iterator[tuple[str, array[int]]]:
        """The bucket's terms that have postings, sorted, with their packed postings."""
        for term in sorted(self.in_bucket.get(number, ())):
            postings = self.terms[term]
            if postings:
                yield term, postings

    def digest(self, number: int) -> str:
        """A hash of the bucket's postings: the same postings, the same file (`encoded`).
        Worked out when first asked after a change, not when the postings are filled: a
        first one-off build asks in the child that works out its pages' fingerprints
        (`Builder._plan`), beside the pages, not in the main process before them."""
        made = self.digests.get(number)
        if made is None:
            self._ready()
            made = self.digests[number] = self._digest(number)
        return made

    def _digest(self, number: int) -> str:
        digest = hashlib.blake2b(digest_size=16)
        for term, postings in self._postings(number):
            digest.update(f"{term}\0{len(postings)}\0".encode("utf-8"))
            digest.update(postings.tobytes())
        return digest.hexdigest()

    def encoded(self, number: int) -> bytes:
        """{term: [[id gaps], "flags"]} for the bucket's terms, sorted, as UTF-8. Written out
        here, not by `json.dumps` of lists of ints: the gaps are written from a table of
        decimals (`_decimals`), and a term is written as it is, since it is a run of letters,
        digits or CJK characters (`TOKEN`), which JSON escapes none of."""
        self._ready()
        decimal = _decimals(len(self.docs)).__getitem__
        body = []
        for term, postings in self._postings(number):
            gaps, flags = _gaps_and_flags(postings)
            body.append(f'"{term}":[[{",".join(map(decimal, gaps))}],"{flags}"]')
        return ("{" + ",".join(body) + "}").encode("utf-8")


@lru_cache(maxsize=1)
def _decimals(count: int) -> list[str]:
    """The decimal text of every number below `count` (a bucket's largest id gap is below the
    number of documents): a gap's text is looked up, where `json.dumps` made one for each of
    the millions of postings."""
    return list(map(str, range(count)))


def _gaps_and_flags(postings: array[int]) -> tuple[array[int], str]:
    """A term's id gaps and its flag characters, cut out of its postings' bytes (each posting
    `id << 8 | flag`, ids increasing) by a few operations on whole integers, not one Python
    step per posting (with `_decimals`, the 1,024 buckets of 5,000 posts took 0.24 s of CPU,
    not 0.49 s; bench/README.md, stop 32): the postings read as one little-endian integer, a 32-bit lane
    each, are shifted right by 8 and masked to their ids' three bytes; moved up one lane and
    subtracted, each lane holds its id less the one before it (the first, less 0), and no
    lane borrows from the next, as the ids increase."""
    if _BIG_ENDIAN:
        postings = array(POSTING, postings)
        postings.byteswap()
    raw, lanes = postings.tobytes(), 32 * len(postings)
    ids = int.from_bytes(raw, "little") >> 8 & int.from_bytes(
        b"\xff\xff\xff\0" * len(postings), "little")
    gaps = array("i", (ids - (ids << 32 & (1 << lanes) - 1)).to_bytes(lanes // 8, "little"))
    if _BIG_ENDIAN:
        gaps.byteswap()
    return gaps, raw[0::4].decode("ascii")
