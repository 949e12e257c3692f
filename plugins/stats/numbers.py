"""The blog's numbers, counted from the site model: posts per day and per month, words per
month, posts per tag, the category tree and the longest posts.

Nothing here reads the clock: every range ends at the newest post, so the same posts give
the same page on any day.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from quillpress.plugin_api import Document, Site, Taxon, word_count


@dataclass(frozen=True)
class Branch:
    """A category with the number of posts in it or below it, and its sub-categories."""

    name: str
    posts: int
    children: tuple["Branch", ...]


@dataclass(frozen=True)
class Longest:
    title: str
    path: str
    words: int


@dataclass(frozen=True)
class Numbers:
    days: dict[date, int]  # posts per day, only days with posts
    first: date  # the first day the calendar shows (1 January of its first year)
    last: date  # the newest post's day: the calendar ends there
    months: list[tuple[str, int, int]]  # ("2024-03", posts, words), every month first → last
    tags: list[tuple[str, int]]  # most used first
    categories: tuple[Branch, ...]
    longest: list[Longest]


def _branch(category: Taxon) -> Branch:
    children = sorted(category.children, key=lambda c: c.name)
    return Branch(category.name, len(category.all_posts), tuple(_branch(c) for c in children))


def _month_keys(first: date, last: date) -> list[str]:
    keys, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def count(site: Site, years: int, tag_limit: int, longest_limit: int) -> Numbers | None:
    """The numbers of the site's published posts; None when it has none."""
    posts: list[Document] = site.posts
    if not posts:
        return None
    words = {post.path: word_count(post.word_counts or (0, 0)) for post in posts}
    days = Counter(post.date.date() for post in posts)
    last = max(days)
    first = date(max(min(days).year, last.year - years + 1), 1, 1)
    month_posts: Counter[str] = Counter()
    month_words: Counter[str] = Counter()
    for post in posts:
        key = f"{post.date.year:04d}-{post.date.month:02d}"
        month_posts[key] += 1
        month_words[key] += words[post.path]
    months = [(key, month_posts[key], month_words[key]) for key in _month_keys(min(days), last)]
    tags = sorted(((tag.name, tag.length) for tag in site.tags.values() if tag.length),
                  key=lambda item: (-item[1], item[0]))[:tag_limit]
    ranked = sorted(posts, key=lambda post: (-words[post.path], post.path))[:longest_limit]
    return Numbers(days=dict(sorted((d, n) for d, n in days.items() if d >= first)),
                   first=first, last=last, months=months, tags=tags,
                   categories=tuple(_branch(c) for c in site.root_categories),
                   longest=[Longest(post.title, post.path, words[post.path]) for post in ranked])
