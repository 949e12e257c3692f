"""Template helpers beyond URLs and dates: word counts, tag clouds, tables of contents.

They take plain data (text, Taxon lists, TOC entries) and return plain data or escaped HTML,
so themes stay free of logic that Jinja2 expresses badly (recursion, counting, scaling).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any


from markupsafe import Markup

from ..config.loader import Config
from ..model.urls import full_url_for, joined_url
from ..model.words import Counts, fragment_text, word_counts

_SPECIAL = re.compile("[&<>\"']")  # what html.escape replaces


def _escaped(text: str) -> str:
    """`html.escape(text)`, whose five replacements are run only for a text that needs one:
    an outline's entries are asked twice each (text and id), and few hold any of `&<>"'`."""
    return html.escape(text) if _SPECIAL.search(text) else text


def _counted(text: str | Counts) -> Counts:
    """The counts of a text or HTML fragment, or the counts themselves as a document keeps
    them (`post.word_counts`, made when its body was rendered): a theme copy or plugin that
    passes `post.text` still gets the same numbers, counted here."""
    return text if isinstance(text, tuple) else word_counts(text)


def word_count(text: str | Counts) -> int:
    """Words in a text or HTML fragment (or a document's `word_counts`): CJK characters count
    one each, other scripts by runs of letters and digits, so a mixed Chinese/English post
    gets a fair number."""
    return sum(_counted(text))


def reading_minutes(text: str | Counts, cjk_per_minute: int = 300, words_per_minute: int = 200) -> int:
    """Minutes to read, at least 1: CJK characters and Latin words read at different speeds."""
    return reading_stats(text, cjk_per_minute, words_per_minute)[1]


def reading_stats(text: str | Counts, cjk_per_minute: int = 300,
                  words_per_minute: int = 200) -> tuple[int, int]:
    """(word count, minutes to read) of a text or a document's `word_counts`, for a post's
    meta line."""
    cjk, latin = _counted(text)
    minutes = math.ceil(cjk / max(cjk_per_minute, 1) + latin / max(words_per_minute, 1))
    return cjk + latin, max(1, minutes)


def tag_cloud(tags: Iterable[Any], levels: int = 5) -> list[dict[str, Any]]:
    """Tags with a `level` from 1 to `levels` on a log scale of their post counts, sorted
    by name: a tag used 50 times does not dwarf one used twice into illegibility."""
    items = [t for t in tags if getattr(t, "length", 0)]
    if not items:
        return []
    logs = [math.log(t.length) for t in items]
    low, high = min(logs), max(logs)
    spread = high - low
    cloud = []
    for taxon, value in zip(items, logs):
        level = 1 + round((value - low) / spread * (levels - 1)) if spread else (levels + 1) // 2
        cloud.append({"tag": taxon, "level": level})
    return sorted(cloud, key=lambda item: item["tag"].name.lower())


def timeline_groups(posts: Iterable[Any]) -> list[tuple[int, list[tuple[int, list[Any]]]]]:
    """Posts grouped by year, then month, newest year and month first, each month's posts
    in the order given: a list page's timeline (one pass, where two `groupby` filters
    sorted every page's posts twice through the recording views)."""
    years: dict[int, dict[int, list[Any]]] = {}
    for post in posts:
        date = post.date
        years.setdefault(date.year, {}).setdefault(date.month, []).append(post)
    return [(year, [(month, months[month]) for month in sorted(months, reverse=True)])
            for year, months in sorted(years.items(), reverse=True)]


def toc_html(entries: Sequence[Any], list_class: str = "toc-list") -> Markup:
    """Nested `<ol>` lists from flat TOC entries (level, id, text). A jump of more than one
    level (h2 → h4) nests once, so the outline never has empty list items."""
    if not entries:
        return Markup("")
    out: list[str] = [f'<ol class="{html.escape(list_class)}">']
    stack = [entries[0].level]
    first = True
    for entry in entries:
        level = entry.level
        if not first:
            if level > stack[-1]:
                out.append('<ol class="toc-child">')
                stack.append(level)
            else:
                out.append("</li>")
                while len(stack) > 1 and level <= stack[-2]:
                    stack.pop()
                    out.append("</ol></li>")
                stack[-1] = min(stack[-1], level)
        first = False
        text = _escaped(" ".join(fragment_text(entry.text).split()))
        out.append(f'<li class="toc-item toc-level-{level}"><a class="toc-link" '
                   f'href="#{_escaped(entry.id)}">{text}</a>')
    out.append("</li>")
    out.extend("</ol></li>" for _ in stack[1:])
    out.append("</ol>")
    return Markup("".join(out))


def preview_image(page: Any, page_url: str, config: Config, fallback: str | None) -> str | None:
    """A page's og:image as an absolute URL: the post's cover (front-matter `cover`,
    `index_img`, `thumbnail`, `banner_img`…), else the first picture in its body (its `src`
    is relative to the page), else the theme's `og_image`."""
    cover = getattr(page, "card_image", None)
    if cover:
        return full_url_for(cover, config)
    first = getattr(page, "first_image", None)
    if first:
        return joined_url(page_url, str(first))
    return full_url_for(fallback, config) if fallback else None
