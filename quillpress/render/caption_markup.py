"""A code block's caption as HTML: its text escaped, its simple formatting tags kept.

Hexo writes a caption (```` ```lang caption ````, `{% codeblock caption %}`) into the page as
HTML, so authors mark words in it: `last updated in <u>4.0</u>` shows 4.0 underlined. The
caption is still written by whoever wrote the info string, which this project treats as
hostile (htmlattrs.py): only formatting tags without attributes are kept, balanced within the
caption (an open `<u>` would otherwise run on into the code below it); any other tag, a
script among them, is shown as the text it is.
"""

from __future__ import annotations

import html
import re

_KEPT = ("b", "strong", "i", "em", "u", "s", "del", "ins", "mark", "code", "kbd", "sub", "sup",
         "small")
_TAG = re.compile(r"<(/?)(" + "|".join(_KEPT) + r")\s*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")  # in caption_html's output: only the kept tags


def caption_html(text: str) -> str:
    """`text` escaped, except the formatting tags of _KEPT that open and close in it."""
    pieces: list[str] = []
    open_tags: list[tuple[str, int]] = []  # (name, index of its piece), innermost last
    at = 0
    for match in _TAG.finditer(text):
        pieces.append(html.escape(text[at:match.start()]))
        closing, name = bool(match.group(1)), match.group(2).lower()
        if not closing:
            open_tags.append((name, len(pieces)))
            pieces.append(f"<{name}>")
        elif any(opened == name for opened, _ in open_tags):
            while open_tags:
                opened, _ = open_tags.pop()
                pieces.append(f"</{opened}>")
                if opened == name:
                    break
        else:  # a close with no open: shown as written
            pieces.append(html.escape(match.group(0)))
        at = match.end()
    pieces.append(html.escape(text[at:]))
    for name, index in open_tags:  # never closed: shown as written
        pieces[index] = html.escape(f"<{name}>")
    return "".join(pieces)


def caption_text(text: str) -> str:
    """The caption's words as its HTML (caption_html) shows them once its tags are stripped:
    each kept tag a space."""
    return html.unescape(_ANY_TAG.sub(" ", caption_html(text)))
