"""A very long paragraph of plain words and emphasis drawn a piece at a time.

markdown-it holds a token for every text, emphasis mark and delimiter of a paragraph until
the whole document is drawn: about 1.3 KB for each `**x**`. A 4 MB one-line post of them
peaked at 1.7 GB. Here such a paragraph is read in pieces of about `PIECE_CHARS`, each drawn
to HTML before the next is read; the paragraph's children are then one `DRAWN` token
holding that HTML, so what is held at once is one piece's tokens and the HTML so far. The
token is of its own type, drawn as it is, rather than `html_inline`: a plugin's rule for
the author's raw HTML (one that shows it as text) must not reach the pieces' markup.

The pieces give the HTML the whole gives only where nothing reaches across a cut:
- a paragraph is pieced only when all its characters are in `_PLAIN` (letters, digits,
  `_`, `*`, spaces, line breaks): no link, code span, tag, formula, entity or quote can
  start in it, so the only marks that pair across text are emphasis;
- a cut is made only between a space and a word (`_CUT`), where emphasis sees the same
  neighbours in the piece as in the whole;
- a piece is kept only when it leaves no emphasis mark open that a later closer could pair
  with (markdown-it pairs each closer with an opener before it, never one already paired);
  otherwise it is read again twice as long, up to `LONGEST_TRY` times, then to the
  paragraph's end at once (a mark never closed, `a*b`, had each piece after it read again
  and again: ~3 times the work of reading the paragraph whole);
- the parser's other rules must have nothing to do on such text (`_pieces_hold`): every
  inline rule but text, line breaks and emphasis starts at a character `_PLAIN` has not, the
  post-passes only pair delimiters, and every core rule after the inline one is a known one
  that leaves plain words alone (a plugin's own rule turns the pieces off).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from markdown_it import rules_inline

from .inline_state import QuickStateInline
from .rule_dispatch import only_pairs, starts_of
from .tokens import new_token

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererHTML
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

DRAWN = "qp_drawn_in_pieces"
PIECE_CHARS = 16_384
LONG_CHARS = 4 * PIECE_CHARS  # shorter paragraphs are read whole, as markdown-it does
LONGEST_TRY = 4  # a piece left open is read again up to 4 times as long, then to the end
_PLAIN = re.compile(r"[\w *\n]*")
_CUT = re.compile(r"(?<=[^ \n] )(?=[^ \n])")
_OWN_RULES = (rules_inline.text, rules_inline.newline, rules_inline.emphasis.tokenize)
# Core rules after `inline` that act only on tokens or characters a `_PLAIN` text has not
# (links, images, code, headings, footnotes, math, quotes and dashes); linkify is asked.
_LEAVE_PLAIN_WORDS = frozenset({
    "qp_raw_in_code", "github-tasklists", "footnote_tail", "linkify", "qp_heading_ids",
    "text_join", "qp_math_lone_pairs", "qp_math_parsed", "qp_external_links",
    "qp_lazy_pictures", "qp_asset_links", "qp_root_images", "qp_base_links",
    "qp_linked_url_entities", "emoji", "replacements", "smartquotes", "smartypants"})


def use_long_paragraph_pieces(md: "MarkdownIt") -> None:
    """Wrap the core rule that reads each inline token so a long plain paragraph is read in
    pieces. The rule wrapped may be markdown-it's own or one put in its place (tag_syntax's
    tells the tags which line each paragraph is on): it still reads every other token."""
    rules = md.core.ruler.__rules__
    read_whole = rules[md.core.ruler.__find__("inline")].fn

    def read_inline(state: "StateCore") -> None:
        """The core `inline` step, a long plain paragraph drawn in pieces."""
        tokens = state.tokens
        pieced = [token for i, token in enumerate(tokens) if _long_plain_paragraph(tokens, i)
                  and _pieces_hold(state.md, token.content)]
        for token in pieced:
            token.type = "qp_inline_in_pieces"  # out of sight of the rule that reads whole
        try:
            read_whole(state)
        finally:
            for token in pieced:
                token.type = "inline"
        for token in pieced:
            token.children = [new_token(DRAWN, "", 0,
                                        content=_drawn_in_pieces(token.content, state))]

    md.core.ruler.at("inline", read_inline)
    md.add_render_rule(DRAWN, lambda _renderer, tokens, idx, _options, _env: tokens[idx].content)


def _long_plain_paragraph(tokens: "list[Token]", i: int) -> bool:
    token = tokens[i]
    return (token.type == "inline" and len(token.content) > LONG_CHARS and i > 0
            and tokens[i - 1].type == "paragraph_open" and _PLAIN.fullmatch(token.content)
            is not None)


def _drawn_in_pieces(text: str, state: "StateCore") -> str:
    """The HTML of `text`'s inline tokens, read and drawn a piece at a time."""
    md, env = state.md, state.env
    renderer = cast("RendererHTML", md.renderer)  # build_parser's QuickRenderer
    drawn: list[str] = []
    start = 0
    size = PIECE_CHARS
    while start < len(text):
        cut = _CUT.search(text, start + size)
        end = cut.start() if cut else len(text)
        children: list[Token] = []
        if _closed(text[start:end], state, children) or end == len(text):
            drawn.append(renderer.renderInline(children, md.options, env))
            start, size = end, PIECE_CHARS
        else:  # a mark not closed soon (`a*b`) may stay open to the end: read the rest once
            size = size * 2 if size < LONGEST_TRY * PIECE_CHARS else len(text)
    return "".join(drawn)


def _closed(piece: str, state: "StateCore", children: "list[Token]") -> bool:
    """Read `piece` into `children` as markdown-it's inline parser does; True when no
    emphasis mark is left open for a closer after the piece."""
    md = state.md
    inline = QuickStateInline(piece, md, state.env, children)
    md.inline.tokenize(inline)
    for rule in md.inline.ruler2.getRules(""):
        rule(inline)
    return all(not mark.open or mark.end >= 0 for mark in inline.delimiters)


def _pieces_hold(md: "MarkdownIt", text: str) -> bool:
    """Whether the parser as set up now reads `_PLAIN` text so that pieces can be drawn
    apart (see the module's docstring)."""
    for rule in md.inline.ruler.__rules__:
        if rule.enabled and rule.fn not in _OWN_RULES:
            starts = starts_of(rule.fn)
            if starts is None or any(_PLAIN.fullmatch(char) for char in starts):
                return False
    if not all(only_pairs(rule.fn) for rule in md.inline.ruler2.__rules__ if rule.enabled):
        return False
    names = [rule.name for rule in md.core.ruler.__rules__ if rule.enabled]
    after = names[names.index("inline") + 1:]
    if not set(after) <= _LEAVE_PLAIN_WORDS:
        return False
    return not (md.options.get("linkify") and md.linkify is not None
                and md.linkify.pretest(text))
