"""markdown-it rule chains that ask only the rules able to start at the character found.

markdown-it-py tries the block rules, in order, on every line until one takes it, and a
paragraph asks its terminator rules again on each of its lines; inline, it tries the inline
rules at every position where plain text stops. With footnotes, math, Hexo tags and the
rest, that is some twenty rules per line and per position, and most give up at once because
the line does not start with their character (`#`, `>`, `$`, `{%`...), each after a call,
a debug-log call and a few lookups. About a third of a body's parse went to such calls.

A rule declares the characters it can start at: for block rules, the first character of the
line after its indentation; for inline rules, the character at the current position. A
chain is then one function that looks at that character and runs, in the chain's order, the
rules declared for it and every rule that declared nothing. Rules only ever skipped are
those that would have returned False without looking further, so the tokens are the same.

markdown-it's own rules and mdit_py_plugins' are declared here (each checked in its source:
the character test comes first, before any side effect); QuillPress's and plugins' rules
declare themselves with `starts_with`.

Inline, markdown-it's `text` rule comes first and takes every run of characters outside its
terminator set, so the other rules only ever start at a terminator. Most inline contents
(table cells, headings, CJK paragraphs) hold none: each comes out as one text token, which
the parser here makes without a state, a rule chain and the four pairing passes.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from markdown_it import MarkdownIt, rules_block, rules_inline
from markdown_it.parser_inline import ParserInline
from markdown_it.ruler import Ruler
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType
from mdit_py_plugins.footnote.index import footnote_def, footnote_inline, footnote_ref

from .inline_state import QuickStateInline
from .tokens import new_token

F = TypeVar("F", bound=Callable[..., bool])
P = TypeVar("P", bound=Callable[..., None])
_ATTRIBUTE = "qp_starts_with"

LIST_MARKERS = "*-+0123456789"
_BUILT_IN: dict[Callable[..., bool], str] = {
    # block: the first character of the line, after its indentation
    rules_block.fence: "`~",
    rules_block.blockquote: ">",
    rules_block.hr: "*-_",
    rules_block.list_block: LIST_MARKERS,
    rules_block.reference: "[",
    rules_block.html_block: "<",
    rules_block.heading: "#",
    footnote_def: "[",
    # inline: the character at the position
    rules_inline.linkify: ":",
    rules_inline.newline: "\n",
    rules_inline.escape: "\\",
    rules_inline.backtick: "`",
    rules_inline.strikethrough.tokenize: "~",
    rules_inline.emphasis.tokenize: "_*",
    rules_inline.link: "[",
    rules_inline.image: "!",
    rules_inline.autolink: "<",
    rules_inline.html_inline: "<",
    rules_inline.entity: "&",
    footnote_inline: "^",  # `^[…]`
}


_DELIMITER_ROW = frozenset("|-:")
_BLANK = frozenset(" \t")  # markdown-it's `isStrSpace`


def gated_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's table rule, asked only when the next line can be a table's delimiter
    row (`|`, `-` or `:` first, and not `-` before a space or tab, a list item's start):
    the rule is undeclared, so asked on nearly every line, and checks that line first,
    without side effects."""
    line = start + 1
    if line >= end:
        return False
    pos = state.bMarks[line] + state.tShift[line]
    src = state.src
    first = src[pos:pos + 1]
    if first not in _DELIMITER_ROW or (first == "-" and src[pos + 1:pos + 2] in _BLANK):
        return False
    return rules_block.table(state, start, end, silent)


_UNDERLINE = frozenset("-=")


def _lheading(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's setext heading rule, asked only when one of the lines that follow,
    up to an empty one, can be an underline: after its indentation, a run of `-` or `=`
    then only spaces and tabs (else it finds no underline and gives up, after asking the
    paragraph's terminator rules on each line; a list's items, `- a` under `- b`, are not
    underlines). Tried before every paragraph, it leaves the state's parent type at
    "paragraph" when it gives up on a line that is not code, which the paragraph rule then
    keeps: so does this."""
    begins, ends, shifts, src = state.bMarks, state.eMarks, state.tShift, state.src
    line = start + 1
    while line < end and begins[line] + shifts[line] < ends[line]:
        first = begins[line] + shifts[line]
        marker = src[first]
        if marker in _UNDERLINE and not src[first:ends[line]].rstrip(" \t").lstrip(marker):
            return rules_block.lheading(state, start, end, silent)
        line += 1
    if not state.is_code_block(start):
        state.parentType = "paragraph"
    return False


def _code(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's indented code rule, asked only for a line indented four columns past
    the block's indent (its first test)."""
    if state.sCount[start] - state.blkIndent < 4:
        return False
    return rules_block.code(state, start, end, silent)


_DD_MARKERS = frozenset(":~")


def _definitions(rule: Callable[..., bool]) -> Callable[..., bool]:
    """mdit_py_plugins' definition-list rule, asked only when the line its `skipMarker`
    reads first starts with `:` or `~`: the line after the term (past one empty line) for a
    new list, its own line when asked in silent mode. The rule is undeclared, so a paragraph
    asked it on each of its lines; it makes no change before that test."""

    def deflist(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        line = start
        if not silent:
            line += 1
            if line < end and state.isEmpty(line):
                line += 1
            if line >= end:
                return False
        pos = state.bMarks[line] + state.tShift[line]
        if state.src[pos:pos + 1] not in _DD_MARKERS:
            return False
        return rule(state, start, end, silent)
    return deflist


def _hr(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's thematic break rule, asked only when the line's first marker is followed,
    past spaces and tabs, by the same marker (a break is three or more of them with nothing
    else): the rule is declared for `*`, `-` and `_`, so it was asked, with a debug-log call,
    at every bullet item (`- text`) and every paragraph line starting with `*` or `_`."""
    src = state.src
    pos = state.bMarks[start] + state.tShift[start]
    marker = src[pos:pos + 1]
    pos += 1
    while src[pos:pos + 1] in _BLANK:
        pos += 1
    if src[pos:pos + 1] != marker:  # the line's end ("\n" or none) is no marker
        return False
    return rules_block.hr(state, start, end, silent)


# The package exports the table rule under its module's name: the module is found by its path.
_TABLE_MODULE = importlib.import_module("markdown_it.rules_block.table")
_ESCAPED_SPLIT: Callable[[str], list[str]] = _TABLE_MODULE.escapedSplit


def quick_escaped_split(row: str) -> list[str]:
    """markdown-it's split of a table row into cells, which walks the row a character at a
    time to honour `\\|` (a quarter of a table's parse): a row with no backslash has no
    escaped pipe, and its cells are `str.split`'s."""
    return row.split("|") if "\\" not in row else _ESCAPED_SPLIT(row)


# A built-in rule stands for itself in a chain, or for a cheaper gate in front of it.
_GATED: dict[Callable[..., bool], Callable[..., bool]] = {rules_block.table: gated_table,
                                                          rules_block.lheading: _lheading,
                                                          rules_block.code: _code,
                                                          rules_block.hr: _hr}


def _gated(rule: Callable[..., bool]) -> Callable[..., bool]:
    """The rule's cheaper gate, if it has one (the definition-list rule is made anew by each
    `deflist_plugin` call, so it is known by its module and name)."""
    gated = _GATED.get(rule)
    if gated is not None:
        return gated
    if (getattr(rule, "__module__", None) == "mdit_py_plugins.deflist.index"
            and getattr(rule, "__name__", None) == "deflist"):
        return _definitions(rule)
    return rule


def starts_with(chars: str) -> Callable[[F], F]:
    """Declare the characters a block rule's line (after its indentation), or an inline
    rule's position, must start with for the rule to match; the rule must return False,
    without side effects, anywhere else."""

    def declare(rule: F) -> F:
        setattr(rule, _ATTRIBUTE, chars)
        return rule
    return declare


def starts_of(rule: Callable[..., bool]) -> str | None:
    declared = getattr(rule, _ATTRIBUTE, None)
    if declared is None and isinstance(rule, partial) and rule.func is footnote_ref:
        # `[^label]`, a partial fixing `always_match`: before its test of the character it
        # only makes the env's empty footnote record, which the footnote pass then walks
        # every token for (core_shortcuts.only_with_footnotes passes over an empty one)
        return "["
    return declared if declared is not None else _BUILT_IN.get(rule)


Rules = tuple[Callable[..., bool], ...]


class _Candidates(dict[str, Rules]):
    """A chain's rules to try for each character ("" past the end), found once per character
    (a dict, so the chains' lookup is a plain `get`)."""

    def __init__(self, rules: list[Callable[..., bool]]) -> None:
        super().__init__()
        self.rules = [(_gated(rule), starts_of(rule)) for rule in rules]

    def __missing__(self, char: str) -> Rules:
        found = self[char] = tuple(
            rule for rule, chars in self.rules if chars is None or (char and char in chars))
        return found


def _block_chain(rules: list[Callable[..., bool]]) -> Callable[..., bool]:
    candidates = _Candidates(rules)

    def chain(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[start] + state.tShift[start]
        for rule in candidates[state.src[pos:pos + 1]]:
            if rule(state, start, end, silent):
                return True
        return False
    return chain


def _inline_chain(rules: list[Callable[..., bool]]) -> Callable[..., bool]:
    candidates = _Candidates(rules)

    def chain(state: StateInline, silent: bool) -> bool:
        pos = state.pos
        for rule in candidates[state.src[pos:pos + 1]]:
            if rule(state, silent):
                return True
        return False
    return chain


class _DispatchingRuler(Ruler[Any]):
    """A Ruler whose every chain compiles to one dispatching function."""

    make_chain: Callable[[list[Callable[..., bool]]], Callable[..., bool]]
    leads_with_text = False  # the main chain's first rule is markdown-it's `text`

    def __compile__(self) -> None:
        super().__compile__()
        assert self.__cache__ is not None
        main = self.__cache__.get("") or [None]
        self.leads_with_text = main[0] is rules_inline.text
        self.__cache__ = {name: [self.make_chain(rules)] if len(rules) > 1 else rules
                          for name, rules in self.__cache__.items()}


def _dispatching(ruler: Ruler[Any],
                 make_chain: Callable[..., Callable[..., bool]]) -> _DispatchingRuler:
    dispatching = _DispatchingRuler()
    vars(dispatching).update(vars(ruler))
    dispatching.make_chain = make_chain
    dispatching.__cache__ = None
    return dispatching


# Post-passes (ruler2) that only pair the delimiters rules left (`*`, `_`, `~`, brackets):
# with no terminator in the text, no rule ran and they have nothing to do.
_PAIRING = frozenset({rules_inline.link_pairs, rules_inline.strikethrough.postProcess,
                      rules_inline.emphasis.postProcess, rules_inline.fragments_join})

# Post-passes that act only on delimiters of their own markers, which a rule pushes where it
# finds that character in the text (strikethrough's tokenizer at `~`, emphasis's at `*` and
# `_`): a text without them gives the pass nothing to do, yet it walks every delimiter and
# token (strikethrough's ~10k instructions a paragraph, most of them math or emphasis).
# What this takes on trust: a plugin's inline rule that pushed such a delimiter at another
# character (`+x+` as `*x*`) would leave it unpaired where the text holds no `*` or `_`.
# None known does (no rule of mdit-py-plugins pushes delimiters: sub and sup make tokens);
# telling it from the delimiters costs the walk the gate saves.
_MARKED_PASSES: dict[Callable[..., None], re.Pattern[str]] = {
    rules_inline.strikethrough.postProcess: re.compile("~"),
    rules_inline.emphasis.postProcess: re.compile("[*_]"),
}
Passes = tuple[tuple[Callable[..., None], "re.Pattern[str] | None"], ...]
_PAIRS = "qp_pairs_delimiters_of"


def pairs_delimiters_of(chars: str) -> Callable[[P], P]:
    """Declare a post-pass (ruler2) that only pairs the delimiters its own inline rule pushed
    where the text holds one of `chars`, as strikethrough's pass does for `~`: it is then
    skipped for texts without them, and a text with no terminator at all still takes the
    shortcut."""

    def declare(rule: P) -> P:
        setattr(rule, _PAIRS, re.compile(f"[{re.escape(chars)}]"))
        return rule
    return declare


def only_pairs(rule: Callable[..., None]) -> bool:
    """Whether a post-pass (ruler2) only pairs the delimiters inline rules left."""
    return rule in _PAIRING or hasattr(rule, _PAIRS)


class _TextShortcut(ParserInline):
    """markdown-it's inline parser, with a text that holds no terminator made one text token
    directly: what `text` alone makes of it when it leads the chain and the post-passes
    only pair delimiters (checked again whenever either chain is rebuilt)."""

    ruler: _DispatchingRuler
    # The two rulers' compiled chains (their `__cache__`, a new dict each time a ruler
    # compiles, None after any change) when the shortcut was last checked, and its answer.
    _checked: tuple[object, object, bool] = (None, None, False)
    # The post-passes' compiled chain when they were last read, and each pass with the
    # pattern of the markers it needs in the text (None: it runs on every text).
    _passes: tuple[object, Passes] = (None, ())

    def parse(self, src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> list[Token]:
        if self.terminator_re.search(src) is None:
            checked_chains, checked_passes, holds = self._checked
            if (self.ruler.__cache__ is not checked_chains
                    or self.ruler2.__cache__ is not checked_passes or checked_chains is None):
                holds = self._shortcut_holds()
            if holds:
                if src:
                    tokens.append(new_token("text", "", 0, 0, False, src))
                return tokens
        # markdown-it's `parse`, with the quicker state, skipping the passes left nothing
        state = QuickStateInline(src, md, env, tokens)
        self.tokenize(state)
        for rule, markers in self._post_passes():
            if markers is None or markers.search(src) is not None:
                rule(state)
        return state.tokens

    def _post_passes(self) -> Passes:
        """The post-passes (ruler2's chain, compiled if need be), each with its markers."""
        rules = self.ruler2.getRules("")  # compiled: the cache is a dict, never None here
        read_from, passes = self._passes
        if self.ruler2.__cache__ is not read_from:
            passes = tuple((rule, _MARKED_PASSES.get(rule) or getattr(rule, _PAIRS, None))
                           for rule in rules)
            self._passes = (self.ruler2.__cache__, passes)
        return passes

    def _shortcut_holds(self) -> bool:
        """Check the shortcut against the chains as compiled now (and compile them), and note
        which compiled chains the answer is for."""
        self.ruler.getRules("")  # compiled: `leads_with_text` is set for the chain as it is
        passes = self.ruler2.getRules("")
        holds = self.ruler.leads_with_text and all(only_pairs(rule) for rule in passes)
        self._checked = (self.ruler.__cache__, self.ruler2.__cache__, holds)
        return holds


def dispatch_rules(md: MarkdownIt) -> None:
    """Make the parser's block and inline chains dispatch on the first character, and its
    plain texts skip the inline rules. Rules added or switched on and off later are still
    seen: the chains are rebuilt then. The table rule's row split is `quick_escaped_split`
    (markdown-it's module global, so for every parser of the process: the same cells)."""
    _TABLE_MODULE.escapedSplit = quick_escaped_split  # type: ignore[attr-defined]
    md.block.ruler = _dispatching(md.block.ruler, _block_chain)
    inline = _TextShortcut()
    vars(inline).update(vars(md.inline))
    inline.ruler = _dispatching(md.inline.ruler, _inline_chain)
    md.inline = inline
