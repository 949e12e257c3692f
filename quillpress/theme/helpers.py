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

from urllib.parse import urljoin

from markupsafe import Markup

from ..config.loader import Config
from ..model.urls import full_url_for

# One CJK character is about one word: Chinese and Japanese are written without spaces.
_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f"
_CJK_RUN = re.compile(f"[{_CJK_CHARS}]+")
# A run of CJK characters (its text found), or a word of other scripts (found as ""): both in
# one pass over the text. The two never overlap, so the quantifiers need not give back.
_CJK_RUN_OR_WORD = re.compile(f"([{_CJK_CHARS}]++)|[^\\W_{_CJK_CHARS}]++(?:['’.-][^\\W_{_CJK_CHARS}]++)*+")
# With more distinct letters of other scripts than this (Cyrillic, Vietnamese), one pass of
# the pattern is quicker than a replacement pass over the bytes for each letter.
_FEW_LETTERS = 4
_OTHER_LETTER = re.compile(f"[^\\W_{_CJK_CHARS}]")  # a letter or digit of another script
_TAG = re.compile(r"<[^>]+>")
_SPECIAL = re.compile("[&<>\"']")  # what html.escape replaces
# A word is a run of letters and digits, or several joined by one of these: "don't", "3.14".
_JOINERS = b"'.-"
_ASCII = bytes(range(0x80))
_CONTINUATION = bytes(range(0x80, 0xC0))  # the bytes of a UTF-8 character after its first
# Each byte of UTF-8 text as a mark: `a` an ASCII letter or digit, `j` a joiner, a space
# anything else, the first byte of a wider character included (see _counts).
_MARKS = bytes(ord("a") if chr(byte).isascii() and chr(byte).isalnum()
               else ord("j") if byte in _JOINERS else ord(" ") for byte in range(256))


def _plain(text: str) -> str:
    """The text of an HTML fragment: tags made spaces, entities decoded."""
    text = str(text or "")
    return html.unescape(_TAG.sub(" ", text)) if "<" in text or "&" in text else text


def _escaped(text: str) -> str:
    """`html.escape(text)`, whose five replacements are run only for a text that needs one:
    an outline's entries are asked twice each (text and id), and few hold any of `&<>"'`."""
    return html.escape(text) if _SPECIAL.search(text) else text


def _counts(text: str) -> tuple[int, int]:
    """(CJK characters, other words) of a text or HTML fragment.

    Counted with byte operations, not a pattern matched word by word (0.08 ms a post, a
    tenth of making its page): the UTF-8 bytes become one mark per character (`_MARKS`,
    continuation bytes dropped), and a word ends at each `a` followed by a space, by the
    end, or by a joiner that no `a` follows. Wider characters are marks too: a CJK character
    (counted apart) and punctuation are spaces, a letter of another script (é, я, α) is
    first replaced by `a` (a text with many such letters goes through the pattern that
    defines a word), the right single quote (’) by a joiner."""
    plain = _plain(text)
    data = plain.encode("utf-8", "surrogatepass")
    wide = data.translate(None, _ASCII).decode("utf-8", "surrogatepass")
    letters = _few_letters(wide)
    if letters is None:
        found = _CJK_RUN_OR_WORD.findall(plain)
        return sum(map(len, found)), found.count("")
    for letter in letters:
        data = data.replace(letter.encode("utf-8", "surrogatepass"), b"a")
    marks = data.replace("’".encode(), b"'").translate(_MARKS, _CONTINUATION)
    words = (marks.count(b"a ") + marks.count(b"aj ") + marks.count(b"ajj")
             + marks.endswith(b"a") + marks.endswith(b"aj"))
    return len(wide) - len(_CJK_RUN.sub("", wide)), words


def _few_letters(text: str) -> list[str] | None:
    """The distinct letters and digits of `text` that are not CJK characters, or None when
    there are more than _FEW_LETTERS: found one at a time, each then removed from the text,
    so a Russian post is given up after five searches, not after a list of all its letters."""
    letters: list[str] = []
    while (found := _OTHER_LETTER.search(text)) is not None:
        if len(letters) == _FEW_LETTERS:
            return None
        letters.append(found.group())
        text = text.replace(letters[-1], "")
    return letters


def word_count(text: str) -> int:
    """Words in a text or HTML fragment: CJK characters count one each, other scripts by
    runs of letters and digits, so a mixed Chinese/English post gets a fair number."""
    return sum(_counts(text))


def reading_minutes(text: str, cjk_per_minute: int = 300, words_per_minute: int = 200) -> int:
    """Minutes to read, at least 1: CJK characters and Latin words read at different speeds."""
    return reading_stats(text, cjk_per_minute, words_per_minute)[1]


def reading_stats(text: str, cjk_per_minute: int = 300, words_per_minute: int = 200) -> tuple[int, int]:
    """(word count, minutes to read) from one pass over the text, for a post's meta line."""
    cjk, latin = _counts(text)
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
        text = _escaped(" ".join(_plain(entry.text).split()))
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
        return urljoin(page_url, first)
    return full_url_for(fallback, config) if fallback else None
