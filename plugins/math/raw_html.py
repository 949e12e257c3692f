"""Math written inside raw HTML blocks, found as the reader's MathJax found it on the blog.

CommonMark passes an HTML block (`<table>…`, or the lines under a lone `<img>` up to the next
blank line) through as it is, so no Markdown rule sees the `$x$` in its cells. Hexo's themes
render math in the browser: MathJax or KaTeX's auto-render scans the page's text, so the blog's
readers saw those formulas drawn. QuillPress draws math at build time, so it looks for them in
the text between the tags itself, with the Markdown delimiter rules (dollars.py), and leaves
alone what MathJax skips: the inside of `<code>`, `<pre>`, `<script>`, `<style>`, `<textarea>`,
`<noscript>`, comments and every tag with its attributes. A `{% raw %}…{% endraw %}` pair is
HTML too: Hexo hands what it wraps to the page untouched, as a block of its own or inside a
sentence, and MathJax found the formulas there as well.

Only an HTML block or raw pair holding a `$`, `\\(` or `\\[` is scanned, so posts without such blocks pay
nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .dollars import dollar_span, escaped

if TYPE_CHECKING:
    from markdown_it.token import Token

HINT = re.compile(r"\$|\\[(\[]")
# What is not text: a skipped element with its content, a comment, a doctype, or one tag
# (quoted attribute values may hold `>`).
_NOT_TEXT = re.compile(
    r"<(script|style|pre|code|textarea|noscript)\b[^>]*>.*?</\1\s*>"
    r"|<!--.*?-->|<![^>]*>|<\?.*?\?>"
    r"|</?[A-Za-z][\w:-]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.S | re.I)
_BRACKETS = {"\\(": "\\)", "\\[": "\\]"}


def formulas(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, delimiter, TeX) of each formula in one run of HTML text."""
    pos = 0
    while (match := HINT.search(text, pos)) is not None:
        start = match.start()
        if escaped(text, start):
            pos = start + 1
            continue
        opener = match.group(0)
        if opener == "$":
            span = dollar_span(text, start)
            if span is None:
                pos = start + (2 if text.startswith("$$", start) else 1)
                continue
            end, display = span
            width = 2 if display else 1
            yield start, end, "$" * width, text[start + width:end - width]
        else:
            close = text.find(_BRACKETS[opener], start + 2)
            if close < 0 or not text[start + 2:close].strip():
                pos = start + 2
                continue
            end = close + 2
            yield start, end, opener, text[start + 2:close]
        pos = end


def split(source: str) -> list[tuple[str, str]]:
    """The HTML cut into ("html", markup) and ("$"|"$$"|"\\("|"\\[", TeX) parts, in order;
    TeX has its character references decoded, as the browser gave it to MathJax."""
    parts: list[tuple[str, str]] = []
    done = 0  # everything before this is in parts

    def text_run(first: int, last: int) -> None:
        nonlocal done
        for start, end, delimiter, tex in formulas(source[first:last]):
            parts.append(("html", source[done:first + start]))
            parts.append((delimiter, html.unescape(tex)))
            done = first + end

    pos = 0
    for match in _NOT_TEXT.finditer(source):
        text_run(pos, match.start())
        pos = match.end()
    text_run(pos, len(source))
    parts.append(("html", source[done:]))
    return [(kind, value) for kind, value in parts if kind != "html" or value]


def math_in_raw_html(tokens: list["Token"]) -> list["Token"]:
    """The block tokens with each HTML block that holds math cut into HTML and formula
    tokens (inline formulas, and `$$`/`\\[` shown as display in its place), and likewise each
    `{% raw %}` pair inside a paragraph (`math_in_inline_raw`); the same list when no HTML
    block holds math (most documents: no new list is built token by token)."""
    cuts: list[tuple[int, list[Token]]] = []
    for index, token in enumerate(tokens):
        if token.type == "html_block" and HINT.search(token.content) is not None:
            parts = split(token.content)
            if any(kind != "html" for kind, _ in parts):  # a block that is one formula too
                cuts.append((index, [_part(token, kind, value) for kind, value in parts]))
        elif token.type == "inline" and token.children and "{%" in token.content:
            token.children = math_in_inline_raw(token.children)
    return _spliced(tokens, cuts)


def math_in_inline_raw(children: list["Token"]) -> list["Token"]:
    """A paragraph's tokens with each `{% raw %}…{% endraw %}` pair that holds math cut into
    inline HTML and formula tokens: Hexo left `$…$` in the sentence's HTML, where the blog's
    MathJax drew it; the same list when no pair does."""
    cuts: list[tuple[int, list[Token]]] = []
    for index, child in enumerate(children):
        meta = child.meta if child.type == "qp_tag" else None
        body = meta.get("body") if meta and meta.get("name") == "raw" else None
        if body and HINT.search(body) is not None:
            parts = split(body)
            if any(kind != "html" for kind, _ in parts):
                html_part = child.copy(type="html_inline", meta={})
                cuts.append((index, [_part(html_part, kind, value) for kind, value in parts]))
    return _spliced(children, cuts)


def _spliced(tokens: list["Token"], cuts: list[tuple[int, list["Token"]]]) -> list["Token"]:
    """`tokens` with the token at each cut's index replaced by the cut's pieces."""
    if not cuts:
        return tokens
    out: list[Token] = []
    done = 0
    for index, pieces in cuts:
        out += tokens[done:index]
        out += pieces
        done = index + 1
    out += tokens[done:]
    return out


def _part(html_token: "Token", kind: str, value: str) -> "Token":
    """One part of HTML cut by `split`: HTML as a copy of its token, a formula as a math
    token in its place."""
    if kind == "html":
        return html_token.copy(content=value)
    display = kind in ("$$", "\\[")
    return html_token.copy(type="math_inline_double" if display else "math_inline", tag="math",
                           markup=kind, content=value, block=False)
