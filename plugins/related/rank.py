"""Related posts: for each post, the others sharing the most (and rarest) tags, categories and terms.

Comparing every pair of posts would make a 5,000-post blog do 12.5 million comparisons.
Instead each feature (a tag, a category, a term) keeps its posts in date order, and a post
looks only at the `WINDOW` posts on each side of it in each of its features' lists: the
work per post is bounded by its number of features, so the whole is linear in the number of
posts. A feature's weight is its rarity (inverse document frequency), tags and categories
count more than words, and scores sum over shared features. Ties go to the newer post, then
the path, so the lists are deterministic.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, compress

WINDOW = 10  # neighbours looked at on each side, per feature
TERMS_USED = 12  # a post's most telling terms (by frequency × rarity)
BOOST = {"tag": 3.0, "category": 2.0, "term": 1.0}


@dataclass(frozen=True)
class Item:
    """What ranking needs of a post: a sort key (newest first) and its features."""

    key: tuple[float, str]  # (-timestamp, path): the order lists are kept in
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    terms: tuple[str, ...]  # most frequent first


def _weights(items: Sequence[Item]) -> dict[str, dict[str, float]]:
    """Each feature's rarity, by kind: tags ("t"), categories ("c"), terms ("w"). Counted per
    kind, by name, not under one name per feature made for each of the ~215,000 a 5,000-post
    blog's posts hold (`Counter` counts at C speed what a loop adding to a dict counted)."""
    total = len(items) + 1
    counts = {"t": Counter(chain.from_iterable(item.tags for item in items)),
              "c": Counter(chain.from_iterable(item.categories for item in items)),
              "w": Counter(chain.from_iterable(item.terms for item in items))}
    return {kind: {name: math.log(total / count) for name, count in found.items()}
            for kind, found in counts.items()}


def _features(item: Item, weight: dict[str, dict[str, float]]) -> list[tuple[str, float]]:
    # Frequency (by rank in the post) times rarity (in the blog) picks the telling terms.
    rarity = weight["w"]
    count = len(item.terms)
    words = [w for _, w in sorted([(-rarity[w] * (count - rank), w)
                                   for rank, w in enumerate(item.terms)])]
    chosen = [("t\0" + t, BOOST["tag"] * weight["t"][t]) for t in item.tags]
    chosen += [("c\0" + c, BOOST["category"] * weight["c"][c]) for c in item.categories]
    chosen += [("w\0" + w, BOOST["term"] * rarity[w]) for w in words[:TERMS_USED]]
    return chosen


def related(items: Sequence[Item], limit: int) -> list[list[int]]:
    """For each item, the indexes of up to `limit` related items, best first."""
    weight = _weights(items)
    features = [_features(item, weight) for item in items]
    postings: dict[str, list[int]] = defaultdict(list)
    # Where each post stands in each of its features' lists, noted as it is put there (the
    # lists are filled in their order): found again by bisecting each list by sort key, it
    # was ~77,000 searches at 5,000 posts, in the ranking the pages wait for.
    places: list[list[int]] = [[] for _ in items]
    for index in sorted(range(len(items)), key=lambda i: items[i].key):
        place = places[index]
        for feature, _ in features[index]:
            posted = postings[feature]
            at = len(posted)
            while at and posted[at - 1] == index:  # a feature named twice: its first place
                at -= 1
            place.append(at)
            posted.append(index)
    key_of = [item.key for item in items]
    found: list[list[int]] = []
    for index, place in enumerate(places):
        # The hot loop (a few hundred additions per post): no test per neighbour, the
        # post's own score is dropped once at the end.
        scores: dict[int, float] = {}
        score_of = scores.get
        for (feature, value), at in zip(features[index], place):
            for other in postings[feature][max(0, at - WINDOW): at + WINDOW + 1]:
                scores[other] = score_of(other, 0.0) + value
        scores.pop(index, None)
        found.append(_best(scores, key_of, limit))
    return found


def _best(scores: dict[int, float], key_of: list[tuple[float, str]], limit: int) -> list[int]:
    """The `limit` best scored posts: highest score first, then the newer, then the path.
    Only posts scoring at least the `limit`-th highest score can be among them, so only
    those (a few of the hundreds scored) are made into sort keys: a key for each was a
    sixth of the ranking, in the related child a cold build waits for before its pages."""
    if not scores or limit <= 0:
        return []
    cut = heapq.nlargest(limit, scores.values())[-1]
    best = sorted([(-scores[other], key_of[other], other)
                   for other in compress(scores, map(cut.__le__, scores.values()))])
    return [other for _, _, other in best[:limit]]
