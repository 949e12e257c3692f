"""Code highlighting with Pygments at build time: no highlight JavaScript in the page."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_all_lexers, get_lexer_by_name
from pygments.token import STANDARD_TYPES, Token, _TokenType
from pygments.util import ClassNotFound

from ..entry_points import declared_on_path
from .caption_markup import caption_html, caption_text
from .htmlattrs import safe_href
from .lexing import install

# Names bloggers write that Pygments spells differently.
_ALIASES = {"shell": "bash", "sh": "bash", "zsh": "bash", "console": "console", "yml": "yaml",
            "js": "javascript", "ts": "typescript", "py": "python", "c++": "cpp",
            "golang": "go", "rs": "rust", "vue": "html", "jsonc": "json", "plaintext": "text",
            "plain": "text", "txt": "text"}


@lru_cache(maxsize=256)
def _lexer(lang: str) -> Lexer | None:
    """One lexer per language and process (made once: finding and building a lexer costs
    more than highlighting a short block), with the faster rule matching of lexing.py."""
    name = _ALIASES.get(lang.lower(), lang.lower())
    if name not in _builtin_names() and not declared_on_path("pygments.lexers"):
        return None  # Pygments would read every installed package's metadata to say so
    install()
    try:
        return get_lexer_by_name(name, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@lru_cache(maxsize=1)
def _builtin_names() -> frozenset[str]:
    """Pygments' own lexers' names. A fence's language outside them (a typo, `git`, a
    made-up name: common in real blogs) is otherwise looked for among the lexers installed
    packages declare, which reads every package's metadata: ~0.2 s in each process that
    meets one, for nothing when no package declares a lexer."""
    return frozenset(alias for _, aliases, _, _ in get_all_lexers(plugins=False)
                     for alias in aliases)


# The first run of tabs on each line: hexo-util's highlight (Hexo 7's highlight.js) replaces
# only that one, each tab by `tab_replace`, leaving any later tab (before a comment) a tab.
_FIRST_TABS = re.compile(r"^([^\t\n]*)(\t+)", re.M)


def replace_tabs(code: str, tab: str) -> str:
    """`code` with the first run of tabs on each line replaced as Hexo replaces it."""
    return _FIRST_TABS.sub(lambda m: m.group(1) + tab * len(m.group(2)), code)


def highlight_block(code: str, lang: str = "", *, title: str = "", line_numbers: bool = False,
                    first_line: int = 1, marked: frozenset[int] = frozenset(),
                    tab_replace: str = "", url: str = "", link_text: str = "",
                    highlight: bool = True, texts: list[tuple[str, str]] | None = None) -> str:
    """A code block as HTML: a header with the language label, title and an optional link
    (Hexo's caption `title url link-text`; title and link text may hold formatting tags, see
    caption_markup.py), then the lines.

    Line numbers come from a CSS counter, so copying the code never copies the numbers.
    With `texts`, the block is added to it as (its HTML, its plain text): the words its tags
    would leave, read from the tokens, so `plain_text` need not strip the spans (see there).
    """
    if tab_replace:
        code = replace_tabs(code, tab_replace)
    code = code.rstrip("\n")
    lexer = _lexer(lang) if lang and highlight else None
    lines, words = _token_lines(code, lexer)
    classes = "code-block" + (" line-numbers" if line_numbers else "")
    numbered = "".join(
        f'<span class="line{" marked" if n in marked else ""}">{text}\n</span>'
        for n, text in enumerate(lines, first_line))
    label = html.escape(lang or "text")
    caption = f'<span class="code-title">{caption_html(title)}</span>' if title else ""
    href = safe_href(url) if url else None
    if href:
        caption += (f'<a class="code-link" href="{html.escape(href)}">'
                    f"{caption_html(link_text or 'link')}</a>")
    start = f' style="counter-reset: line {first_line - 1}"' if first_line != 1 else ""
    block = (f'<figure class="{classes}" data-lang="{label}"><figcaption>'
             f'<span class="code-lang">{label}</span>{caption}</figcaption>'
             f'<pre class="highlight"{start}><code class="language-{label}">{numbered}</code>'
             f"</pre></figure>\n")
    if texts is not None:  # every tag is a word break; the caption's text as shown
        heading = [lang or "text", caption_text(title),
                   caption_text(link_text or "link") if href else ""]
        texts.append((block, " ".join(heading) + " " + words))
    return block


_CLASS_OF: dict[_TokenType, str] = {}  # token type -> its CSS class, found once


def _css_class(ttype: _TokenType) -> str:
    found = _CLASS_OF.get(ttype)
    if found is None:
        standard = ttype
        while standard not in STANDARD_TYPES:
            standard = standard.parent or Token  # Token, the root, is a standard type
        found = _CLASS_OF[ttype] = STANDARD_TYPES[standard]
    return found


# A token's markup by (type, text), for tokens without a line break: code repeats its keywords,
# operators, names and indents, and escaping and wrapping each anew was a tenth of the time
# spent highlighting. Emptied when full (a process's blocks rarely come near it).
_SPANS: dict[tuple[_TokenType, str], tuple[str, str]] = {}  # -> (markup, text)
_SPANS_KEPT = 1 << 16


def _token_lines(code: str, lexer: Lexer | None) -> tuple[list[str], str]:
    """Highlighted HTML split into lines, each line's spans closed within it, so a line can
    be wrapped for numbering even when a token (a docstring) spans several lines; and the
    code's text as those tags leave it: a spanned token between spaces, where the tags would
    be once stripped (`plain_text`), a token without a span as it is.

    Called for every token of every block: most tokens hold no line break and have been
    seen before, so that case is one lookup."""
    if lexer is None:
        return [html.escape(line) for line in code.split("\n")], code
    lines: list[str] = []
    current: list[str] = []
    text: list[str] = []
    spans = _SPANS
    for _, ttype, value in _tokens(lexer, code):
        kept = spans.get((ttype, value))
        if kept is None:
            if value == "\n":  # a line's end, the commonest token never kept: 1 in 14
                lines.append("".join(current))
                current = []
                text.append(value)
                continue
            css = _css_class(ttype)
            if "\n" in value:
                *ended, last = value.split("\n")
                for piece in ended:
                    if piece:
                        current.append(_span(css, piece))
                    lines.append("".join(current))
                    current = []
                if last:
                    current.append(_span(css, last))
                text.append(f" {value} " if css else value)
                continue
            if len(spans) >= _SPANS_KEPT:
                spans.clear()
            kept = spans[(ttype, value)] = ((_span(css, value), f" {value} " if css else value)
                                            if value else ("", ""))
        current.append(kept[0])
        text.append(kept[1])
    lines.append("".join(current))
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines, "".join(text)


_PREPROCESS_KNOWN = hasattr(Lexer, "_preprocess_lexer_input")


def _tokens(lexer: Lexer, code: str) -> Iterable[tuple[int, _TokenType, str]]:
    """What `lexer.get_tokens(code)` yields, each with its position first. Pygments' own
    method passes every token through a generator of its own (and one per filter) after
    the lexer's loop: a sixth of the time spent highlighting. A lexer with filters, or with
    its own `get_tokens`, is asked through it, and so is every lexer of a Pygments without
    the preprocessing step this reads (a private method, as in Pygments 2.21)."""
    if _PREPROCESS_KNOWN and type(lexer).get_tokens is Lexer.get_tokens and not lexer.filters:
        text = lexer._preprocess_lexer_input(code)  # type: ignore[attr-defined]  # BOM, line ends, strip options
        return lexer.get_tokens_unprocessed(text)
    return ((0, ttype, value) for ttype, value in lexer.get_tokens(code))


def _span(css: str, piece: str) -> str:
    text = piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # html.escape
    return f'<span class="{css}">{text}</span>' if css else text


def stylesheet(light: str = "default", dark: str = "monokai") -> str:
    """Token colours for light and dark mode, scoped to `.highlight`. Dark colours are for
    the screen only: a page printed in dark mode gets the light ones, for white paper."""
    light_css = HtmlFormatter(style=light).get_style_defs(".highlight")
    dark_css = HtmlFormatter(style=dark).get_style_defs(":root[data-theme=dark] .highlight")
    auto_dark = HtmlFormatter(style=dark).get_style_defs(":root:not([data-theme=light]) .highlight")
    return (f"{light_css}\n@media screen {{\n{dark_css}\n}}\n"
            f"@media screen and (prefers-color-scheme: dark) {{\n{auto_dark}\n}}\n")
