"""Where math is in Markdown: the markdown-it-py rules that find it before Markdown can eat it.

Math is taken out of the text before emphasis, escapes, tables or Hexo tags see it, so `_`,
`*`, `\\\\`, `\\{`, `\\,`, `{{` and `{%` reach the engine untouched; code spans and fences are
found first by their own rules, so math inside them stays code.

- `$…$` inline; `$$…$$` display, inline or on lines of its own (dollars.py says which
  dollars are math and which are money or shell variables; `\\$` is a dollar);
- `\\(…\\)` inline, `\\[…\\]` display, doubled (`\\\\(…\\\\)`) on blogs written for marked
  (escapes.py);
- bare `\\begin{equation|align|gather|multline|…}` blocks (mdit_py_plugins' amsmath), or
  inside a paragraph (on a list item's lazy line);
- bare lines of `\\newcommand`/`\\def`/… outside math, as hexo-renderer-pandoc's
  latex_macros reads them: they define the post's macros and show nothing;
- formulas in the text of raw HTML blocks (raw_html.py), as the blog's MathJax found them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.amsmath import RE_OPEN, amsmath_block
from mdit_py_plugins.dollarmath.index import math_block_dollar

from quillpress.plugin_api import starts_with

from .dollars import dollar_span
from .escapes import unescape
from .raw_html import math_in_raw_html

if TYPE_CHECKING:
    from markdown_it.token import Token

# A GFM table splits rows at every `|`, even inside `$|x|$`: such pipes are swapped for this
# private-use character before the block parse and swapped back once tokens exist.
PIPE = "\ue00f"
DISPLAY_TYPES = ("math_block", "math_block_label", "math_inline_double", "amsmath")
MATH_TYPES = ("math_inline", *DISPLAY_TYPES)
REF_TYPE = "math_ref"  # \eqref{label} or \ref{label} written in the text, outside math
MACROS_TYPE = "math_macros"  # macro definitions written as bare lines, outside math
_DEFINITION = re.compile(
    r"\\(?:(?:re)?newcommand|providecommand|def|let)(?![A-Za-z])")
_OPEN_ENV = re.compile(RE_OPEN)
_REF = re.compile(r"\\(eqref|ref)\{([^{}\n]+)\}")
_INLINE_SPAN = re.compile(r"`+|\\\(|\\.|\$\$?")
# What a formula rule (and raw_html.py) needs in the text: a body with none has no formula to
# draw (the math plugin's test for Node and for rendering in the main process).
FORMULA_MARKS = ("$", "\\(", "\\[", "\\begin{")
# What each rule above needs in the text to make a token: a document with none of these has no
# math token, so the whole-document pass after parsing has nothing to do.
MARKS = (*FORMULA_MARKS, "\\eqref{", "\\ref{", "newcommand", "\\providecommand", "\\def",
         "\\let", PIPE)

Gate = Callable[[dict[str, Any]], bool]  # env -> is math on for this document?


def _gated_inline(rule: Callable[[StateInline, bool], bool], gate: Gate, first: str) -> Any:
    """The rule, run only where math is on; `first`: the characters it can start at, so
    the parser asks it only there (the gate is a few lookups, at every `$` and `\\`)."""
    @starts_with(first)
    def run(state: StateInline, silent: bool) -> bool:
        return gate(state.env) and rule(state, silent)
    return run


def _gated_block(rule: Callable[[StateBlock, int, int, bool], bool], gate: Gate,
                 first: str) -> Any:
    """As `_gated_inline`, for a block rule: `first` is what its line can start with."""
    @starts_with(first)
    def run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        return gate(state.env) and rule(state, start, end, silent)
    return run


# Called once a document where math is off is parsed, with the line (0-based, as a token's
# `map[0]`) of the first `$…$` the math rules left as text, and the document's env.
Declined = Callable[[int, dict[str, Any]], None]
_DECLINED = "qp_math_declined"  # env key: (text, offset) of the first `$…$` left as text


def _declined_line(state: StateCore) -> int:
    """The line of the noted `$…$`: its inline token's first line (else that of the block
    token before it with a line map) and the line breaks before it in the token's text."""
    src, offset = state.env.pop(_DECLINED)
    first = 0
    for token in state.tokens:
        first = token.map[0] if token.map else first
        if token.type == "inline" and token.content is src:
            break
    return first + src.count("\n", 0, offset)


def _display_block(rule: Callable[[StateBlock, int, int, bool], bool]) -> Any:
    """A display-math block rule made safe to ask "would you start here?".

    A paragraph asks each block rule in silent mode whether its next line ends it.
    mdit_py_plugins' `math_block_dollar` (0.7) pushes its token even then, so a `$$` block
    right under a line of text came out three times, the first two before the text. Here a
    silent call leaves the token stream and the line as they were.

    A line indented less than the block it sits in (the lazy continuation of a list item's
    paragraph, as CommonMark and marked read it) does not end that paragraph: the formula
    stays in the item, found there by the inline rules, and the list goes on."""

    def run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not silent:
            return rule(state, start, end, False)
        if state.sCount[start] < state.blkIndent:
            return False
        tokens, line = len(state.tokens), state.line
        found = rule(state, start, end, True)
        del state.tokens[tokens:]
        state.line = line
        return found
    return run


def _within_container(rule: Callable[[StateBlock, int, int, bool], bool]) -> Any:
    """A display block that closes inside the list item it opens in, as a fence does.

    A line of text indented less than the item ends the item (CommonMark, marked): a `$$`
    (or `\\[`) whose closer lies past it opens no block. Hexo's page shows that `$$` as
    text; searching on paired it with the next item's or next block's opener, and every
    formula after it was drawn from the wrong text, as error boxes."""

    def run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        return rule(state, start, _container_end(state, start, end), silent)
    return run


def _container_end(state: StateBlock, start: int, end: int) -> int:
    """The first line after `start` indented less than the list item holding it (or `end`).

    Only inside a list item (`blkIndent` above 0): outside one every line but a quote's lazy
    one qualifies, so the search ran to the end of the document for each display block,
    quadratic in a post's formulas (BlitherBoom812, 2,269 display blocks: CPU +8 % of the
    whole build); and in a quote it split a paragraph at a lazy `$$` line, which a17e589
    did not mean (BlitherBoom812's Physics page changed)."""
    if state.blkIndent == 0:
        return end
    line = start + 1
    while line < end and (state.isEmpty(line) or state.sCount[line] >= state.blkIndent):
        line += 1
    return line


def _within_paragraph(rule: Callable[[StateBlock, int, int, bool], bool]) -> Any:
    """A bare environment that closes before the next blank line: past one, the page had two
    paragraphs, and MathJax found no environment across them (`\\end{align*}\\\\` is no
    closing line, so the search had run on to a later environment's end, a formula of
    everything between). The search for the blank line stops where the rule's would, and
    starts only on a line opening an environment: a paragraph asks at each of its lines, and
    a search from every line starting with a backslash read the paragraph once per line."""

    def run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not _OPEN_ENV.match(state.src, state.bMarks[start] + state.tShift[start],
                               state.eMarks[start]):
            return False
        line = start + 1
        while line < end and not state.isEmpty(line):
            line += 1
        return rule(state, start, line, silent)
    return run


_FORMULAS_IN_A_ROW = re.compile(r"\$\$.*?(?<!\\)\$\$.*\$\$[ \t]*$")


def _one_formula_per_line(rule: Callable[[StateBlock, int, int, bool], bool]) -> Any:
    """`$$a$$ $$b$$` (or `$$a$$, and $$b$$`) on a line of its own is two formulas, as the
    blog's MathJax found them, not one block holding `a$$ $$b`: such a line is left to the
    paragraph, where the inline rule draws each as display."""

    def run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        line = state.src[state.bMarks[start] + state.tShift[start]:state.eMarks[start]]
        if _FORMULAS_IN_A_ROW.match(line):
            return False
        return rule(state, start, end, silent)
    return run


def dollar_rule(loose: bool, after_escapes: bool, gate: Gate,
                declined: Declined | None = None) -> Callable[[StateInline, bool], bool]:
    """The rule for `$…$` inline and `$$…$$` inside a paragraph (shown as display); `loose`:
    every pair is math, as the blog's renderer took them; `after_escapes`: a `$` after a
    backslash is a dollar sign (both: dollars.py). Where `gate` says math is off and
    `declined` is given, the first span it would have drawn is noted in the env (for
    `declined`, once the document is parsed) and left to the other rules, shown as written."""

    @starts_with("$")
    def dollar_inline(state: StateInline, silent: bool) -> bool:
        on = gate(state.env)
        if not on and (declined is None or _DECLINED in state.env):
            return False
        span = dollar_span(state.src, state.pos, state.posMax, loose, after_escapes)
        if span is None:
            return False
        if not on:
            state.env[_DECLINED] = (state.src, state.pos)
            return False
        end, display = span
        if not silent:
            width = 2 if display else 1
            token = state.push("math_inline_double" if display else "math_inline", "math", 0)
            token.content = state.src[state.pos + width:end - width]
            token.markup = "$" * width
        state.pos = end
        return True
    return dollar_inline


# `\(…\)` and `\[…\]`; a blog written for marked doubles the backslash (`\\(…\\)`), since
# marked (kramed, markdown-it) turns `\(` into `(` before MathJax looks: there a lone pair
# is escaped punctuation (`\(MIT License\)`, a reference `[\[1\] …](…)`), as Hexo shows it.
BRACKETS = (("\\(", "\\)"), ("\\[", "\\]"))
DOUBLED = (("\\\\(", "\\\\)"), ("\\\\[", "\\\\]"))
# What makes a lone pair's text look like a formula the writer meant (`\( r_\theta \)`,
# `\(n\)`), not a parenthesis (`\(MIT License\)`)
_TEX_LIKE = re.compile(r"\\[A-Za-z]|[\^_]|^\s*[A-Za-z]\s*$")


def _bracket(src: str, pos: int, pairs: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    for opener, closer in pairs:
        if src.startswith(opener, pos):
            return opener, closer
    return None


def bracket_inline_rule(pairs: tuple[tuple[str, str], ...]) -> Any:
    def bracket_inline(state: StateInline, silent: bool) -> bool:
        r"""`\(…\)` inline and `\[…\]` inside a paragraph (shown as display)."""
        src, pos = state.src, state.pos
        found = _bracket(src, pos, pairs)
        if found is None:
            return False
        opener, closing = found
        end = src.find(closing, pos + len(opener))
        if end < 0 or not src[pos + len(opener):end].strip():
            return False
        if not silent:
            display = opener.endswith("[")
            token = state.push("math_inline_double" if display else "math_inline", "math", 0)
            token.content = src[pos + len(opener):end]
            token.markup = opener
        state.pos = end + len(closing)
        return True
    return bracket_inline


def environment_inline(state: StateInline, silent: bool) -> bool:
    r"""A bare `\begin{align}…\end{align}` inside a paragraph (the lazy line of a list item),
    which MathJax drew on the blog: display math in its place."""
    if not state.src.startswith("\\begin{", state.pos):
        return False
    match = _OPEN_ENV.match(state.src, state.pos)
    if match is None:
        return False
    closing = f"\\end{{{match.group(1)}{match.group(2)}}}"
    end = state.src.find(closing, match.end())
    if end < 0:
        return False
    end += len(closing)
    if not silent:
        token = state.push("amsmath", "math", 0)
        token.content = state.src[state.pos:end]
        token.meta = {"environment": match.group(1), "numbered": match.group(2)}
    state.pos = end
    return True


def reference_inline(state: StateInline, silent: bool) -> bool:
    r"""`\eqref{label}` and `\ref{label}` in the text, as LaTeX writers put them."""
    if not state.src.startswith(("\\eqref{", "\\ref{"), state.pos):
        return False
    match = _REF.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push(REF_TYPE, "a", 0)
        token.content = match.group(2).strip()
        token.info = match.group(1)
    state.pos = match.end()
    return True


def bracket_block_rule(pairs: tuple[tuple[str, str], ...]) -> Any:
    def bracket_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        r"""`\[` … `\]` on lines of their own."""
        if state.sCount[start] - state.blkIndent >= 4:
            return False
        begin = state.bMarks[start] + state.tShift[start]
        found = _bracket(state.src, begin, tuple(p for p in pairs if p[0].endswith("[")))
        if found is None:
            return False
        opener, closer = found
        close = state.src.find(closer, begin + len(opener))
        if close < 0:
            return False
        line = start
        while line < end and state.eMarks[line] < close:
            line += 1
        if line >= end or state.src[close + len(closer):state.eMarks[line]].strip():
            return False  # text after \] on its line: a paragraph, found by the inline rule
        if not silent:
            token = state.push("math_block", "math", 0)
            token.block = True
            token.content = state.src[begin + len(opener):close]
            token.markup = opener
            token.map = [start, line + 1]
        state.line = line + 1
        return True
    return bracket_block


def macro_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    r"""Lines that start with `\newcommand`, `\def`, … outside math: a block of definitions.
    A definition whose braces are still open goes on to the next line."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start] + state.tShift[start]
    if not _DEFINITION.match(state.src, begin):
        return False
    line, depth = start, 0
    while line < end:
        first = state.bMarks[line] + state.tShift[line]
        text = state.src[first:state.eMarks[line]]
        if depth == 0 and not _DEFINITION.match(text):
            break
        depth += _brace_balance(text)
        line += 1
    if depth != 0:
        return False  # unbalanced braces: leave it as text, so the writer sees it
    if not silent:
        token = state.push(MACROS_TYPE, "", 0)
        token.block = True
        token.content = state.src[begin:state.eMarks[line - 1]]
        token.map = [start, line]
    state.line = line
    return True


def _brace_balance(text: str) -> int:
    """Open minus closed braces, not counting escaped ones (`\\{`)."""
    unescaped = re.sub(r"\\.", "", text)
    return unescaped.count("{") - unescaped.count("}")


def protect_table_pipes(src: str, loose: bool = False, after_escapes: bool = False) -> str:
    """Swap `|` inside `$…$`, `$$…$$` and `\\(…\\)` for PIPE on lines that have both (`loose`,
    `after_escapes`: as dollar_rule). Only the lines holding a `|` are looked at, found by `str.find`: few
    lines have one."""
    pipe = src.find("|")
    if pipe < 0:
        return src
    out, done = [], 0
    while pipe >= 0:
        start = src.rfind("\n", 0, pipe) + 1
        end = src.find("\n", pipe)
        end = len(src) if end < 0 else end
        line = src[start:end]
        if "$" in line or "\\(" in line:
            out += [src[done:start], _protect_line(line, loose, after_escapes)]
            done = end
        pipe = src.find("|", end)
    return "".join([*out, src[done:]]) if out else src


def _protect_line(line: str, loose: bool, after_escapes: bool) -> str:
    out, pos = [], 0
    while True:
        match = _INLINE_SPAN.search(line, pos)
        if match is None:
            out.append(line[pos:])
            return "".join(out)
        token = match.group(0)
        stop = _span_end(line, token, match.end(), loose, after_escapes)
        if stop is None:
            out.append(line[pos:match.end()])
            pos = match.end()
            continue
        if token.startswith("`"):
            out.append(line[pos:stop])  # a code span stays as written
        else:
            out.append(line[pos:match.end()] + line[match.end():stop].replace("|", PIPE))
        pos = stop


def _span_end(line: str, opener: str, after: int, loose: bool, after_escapes: bool) -> int | None:
    """Where a code span or a math span that opens with `opener` ends (None: it does not)."""
    if opener.startswith("`"):
        end = line.find(opener, after)
        return None if end < 0 else end + len(opener)
    if opener == "\\(":
        end = line.find("\\)", after)
        return None if end < 0 else end + 2
    if opener.startswith("\\"):
        return None  # an escaped character
    span = dollar_span(line, after - len(opener), loose=loose, after_escapes=after_escapes)
    return None if span is None else span[0]


def may_hold_math(src: str) -> bool:
    """Whether a rule could have found math (or a swapped pipe) in this Markdown. Most posts
    of a blog that has math have none: their tokens are not walked again (~0.1 ms each)."""
    return any(mark in src for mark in MARKS)


# An entity that markdown-it turns into PIPE (`&#57359;`, `&#xE00F;`, zeros before the
# digits allowed): with none, and no PIPE, in the source, no token's text holds one.
_PIPE_ENTITY = re.compile(r"&#(?:[xX]0*[eE]00[fF]|0*57359);")


def _restore_pipes(state: StateCore) -> None:
    # Not "&#" alone: every `&#39;` or `&#124;` of a post would walk all its tokens.
    if PIPE not in state.src and _PIPE_ENTITY.search(state.src) is None:
        return
    for token in state.tokens:
        if PIPE in token.content:
            token.content = token.content.replace(PIPE, "|")
        for child in token.children or []:
            if PIPE in child.content:
                child.content = child.content.replace(PIPE, "|")


def _undo_escapes(tokens: list["Token"], escapes: str) -> None:
    """Formulas as MathJax saw them on the blog: every one with "marked", only `$…$` with
    "kramed" (kramed keeps `$$…$$` as written)."""
    for token in tokens:
        for math in [token, *(token.children or [])]:
            if math.type in MATH_TYPES and (escapes == "marked" or math.markup == "$"):
                math.content = unescape(math.content)


def _warn_lone_pairs(state: StateCore) -> None:
    """A lone `\\(…\\)` or `\\[…\\]` that holds TeX, on a blog whose renderer read it as
    escaped punctuation: shown as its renderer showed it, `(r_\\theta)`, with a warning at
    its line saying how to have it drawn."""
    ctx = state.env.get("qp")
    for block in state.tokens:
        children = block.children or []
        for index, child in enumerate(children):
            if child.type != "text_special" or child.markup not in ("\\(", "\\["):
                continue
            closer = "\\)" if child.markup == "\\(" else "\\]"
            end = next((at for at in range(index + 1, len(children))
                        if children[at].type == "text_special" and children[at].markup == closer),
                       None)
            if end is None:
                continue
            inner = "".join(token.content for token in children[index + 1:end])
            if ctx is not None and _TEX_LIKE.search(inner):
                shown = f"{child.markup}{inner}{closer}"
                ctx.warn(f"math: {shown} is shown as {child.content}{inner}{children[end].content}"
                         ", as the blog's Markdown renderer read `\\(` (an escaped parenthesis)",
                         ctx.source_line(block.map[0]) if block.map else None,
                         hint=f"to draw it, write {child.markup[0]}{shown[:-2]}\\{closer} or $…$, "
                              "which reach MathJax on Hexo too")


def math_syntax_plugin(md: MarkdownIt, gate: Gate,
                       after_parse: Callable[[list["Token"], dict[str, Any]], None],
                       render: Callable[["Token", dict[str, Any]], str],
                       escapes: str = "none", raw_html: bool = True, loose: bool = False,
                       declined: Declined | None = None, blank_lines: bool = True,
                       blank_line_environments: bool = True) -> None:
    """Install the math rules. `gate(env)` says whether this document has math turned on;
    `after_parse(tokens, env)` sees the whole document's tokens (to number equations before
    any is rendered); `render(token, env)` makes the HTML of one math token; `escapes` is how
    the blog's own renderer treated backslashes in math (escapes.py); `raw_html`: find
    formulas in raw HTML blocks too (raw_html.py); `loose`: every `$…$` is math (dollars.py);
    `declined(line, env)`: where math is off, told the line of a document's first `$…$` left
    as text (a blog that set up no math: asked.py); `blank_lines`, `blank_line_environments`:
    a `$$` block, a bare environment may hold blank lines (escapes.blank_lines_in_blocks)."""
    pairs = BRACKETS if escapes == "none" else DOUBLED

    def pipes(state: StateCore) -> None:
        if gate(state.env):
            state.src = protect_table_pipes(state.src, loose, escapes != "none")

    def parsed(state: StateCore) -> None:
        if may_hold_math(state.src) and gate(state.env):
            _restore_pipes(state)
            if escapes != "none":
                _undo_escapes(state.tokens, escapes)
            if raw_html:  # after the escapes: marked passed HTML through as written
                state.tokens = math_in_raw_html(state.tokens)
            after_parse(state.tokens, state.env)
        elif _DECLINED in state.env and declined is not None:
            declined(_declined_line(state), state.env)

    def lone_pairs(state: StateCore) -> None:
        if "\\" in state.src and gate(state.env):
            _warn_lone_pairs(state)

    md.core.ruler.after("normalize", "qp_math_pipes", pipes)
    if escapes != "none":  # before text_join, which folds the escapes into the text
        md.core.ruler.before("text_join", "qp_math_lone_pairs", lone_pairs)
    md.core.ruler.push("qp_math_parsed", parsed)
    md.inline.ruler.before("escape", "math_inline", dollar_rule(loose, escapes != "none", gate, declined))
    md.inline.ruler.before("escape", "qp_math_brackets",
                           _gated_inline(bracket_inline_rule(pairs), gate, "\\"))
    md.inline.ruler.before("escape", "qp_math_refs", _gated_inline(reference_inline, gate, "\\"))
    md.inline.ruler.before("escape", "qp_math_environments",
                           _gated_inline(environment_inline, gate, "\\"))
    # Not in "blockquote": a `$$` line right under a quoted line is the quote's lazy
    # continuation, as in marked, so the formula stays in the quote.
    display_alt = {"alt": ["paragraph", "reference", "list", "footnote_def"]}
    md.block.ruler.before("fence", "math_block", _gated_block(_display_block(_within_container(_one_formula_per_line(
        math_block_dollar(allow_labels=True, allow_blank_lines=blank_lines)))), gate, "$"), display_alt)
    md.block.ruler.before("fence", "qp_math_bracket_block", _gated_block(
        _display_block(_within_container(bracket_block_rule(pairs))), gate, "\\"), display_alt)
    md.block.ruler.before("fence", "qp_math_macros", _gated_block(macro_block, gate, "\\"))
    environments = amsmath_block if blank_line_environments else _within_paragraph(amsmath_block)
    md.block.ruler.before("fence", "amsmath",
                          _gated_block(_display_block(environments), gate, "\\"), display_alt)

    def render_rule(renderer: Any, tokens: list["Token"], idx: int, options: Any,
                    env: dict[str, Any]) -> str:
        return render(tokens[idx], env)

    for token_type in (*MATH_TYPES, REF_TYPE, MACROS_TYPE):
        md.add_render_rule(token_type, render_rule)
