"""Hexo's `{% tag args %}` syntax as markdown-it-py rules.

Tags are found by the Markdown parser itself, so a tag inside a code span or a fence stays
literal (but for the raw/endraw pairs Hexo's writers put in code spans), and a tag body reaches its function untouched by Markdown (Hexo's worst pitfall).
Block tags start a line; the same tags written mid-paragraph are found by the inline rule.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, html_block
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from ..errors import QuillError
from .rule_dispatch import starts_with

if TYPE_CHECKING:
    from markdown_it.renderer import RendererHTML
    from markdown_it.utils import OptionsDict

    from ..plugin_api import TagSpec
    from .context import RenderContext

# An opening tag may spread over several lines, as Nunjucks reads it (`{%` alone on a line, the
# name and each argument below), but never over a blank line.
OPEN = re.compile(r"\{%-?[ \t]*\n?[ \t]*([A-Za-z_]\w*)((?:(?!\n[ \t]*\n)[^%]|%(?!\}))*?)\s*-?%\}")
_INDENT = re.compile(r"(?m)^[ \t]*(?=\S)")
_FENCE = re.compile(r"(?m)^[ \t]{0,3}(?:`{3,}|~{3,})")
_TAG_HINT = ("check the tag's spelling, or that its plugin is loaded; "
             "write {% raw %}...{% endraw %} to show it literally")
_ARG = re.compile(r'"((?:\\.|[^"\\])*)"|\'((?:\\.|[^\'\\])*)\'|(\S+)')


def parse_args(text: str) -> list[str]:
    """Split tag arguments on spaces; quotes group words and are removed (Hexo's rule)."""
    args = []
    for match in _ARG.finditer(text):
        dq, sq, bare = match.groups()
        if dq is not None:
            args.append(dq.replace('\\"', '"'))
        elif sq is not None:
            args.append(sq.replace("\\'", "'"))
        else:
            args.append(bare)
    return args


def _end_tag(name: str) -> re.Pattern[str]:
    return re.compile(r"\{%-?\s*(end" + re.escape(name) + r"|" + re.escape(name) + r")\b[^\n]*?-?%\}")


def find_end(src: str, name: str, start: int) -> re.Match[str] | None:
    """The `{% endNAME %}` closing the tag opened before `start`, skipping nested pairs."""
    depth = 1
    for match in _end_tag(name).finditer(src, start):
        depth += -1 if match.group(1) == f"end{name}" else 1
        if depth == 0:
            return match
    return None


# Hexo renders tags inside code spans too, so its writers wrap the `{{` or `{%` they want to
# show in a code span between {% raw %} and {% endraw %}: the pair goes, what it wraps stays.
_RAW_IN_CODE = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)


def tags_in_inline_code_and_html(tags: dict[str, "TagSpec"]) -> Callable[[StateCore], None]:
    """The core rule after `inline`: a code span shows what its raw/endraw pairs wrap, and
    the tags inside a paragraph's inline HTML are drawn (`_split_html_inline`). An inline
    token's text is cut from the source: without `{%` there, the tokens are not walked."""

    def rule(state: StateCore) -> None:
        if "{%" not in state.src:
            return
        for block in state.tokens:
            if block.type == "inline" and block.children and "{%" in block.content:
                in_html = False
                for child in block.children:
                    if "{%" in child.content:
                        if child.type == "code_inline":
                            child.content = _RAW_IN_CODE.sub(r"\1", child.content)
                        in_html = in_html or child.type == "html_inline"
                if in_html:
                    _split_html_inline(state, block, tags)

    return rule


def _ctx(env: MutableMapping[str, Any]) -> "RenderContext | None":
    return env.get("qp")


def _line_offset(env: MutableMapping[str, Any]) -> int:
    ctx = _ctx(env)
    return ctx.source_line(0) - 1 if ctx is not None else 0


def strip_indent(text: str) -> str:
    """Remove the indentation its lines share, as Hexo does to every tag body before the tag
    sees it (a tab counts as one character). A note written inside a list item is indented
    with the item; left indented, its Markdown would read as a code block."""
    indents = [len(m.group(0)) for m in _INDENT.finditer(text)]
    if not indents or not min(indents):
        return text
    return re.sub(rf"(?m)^[ \t]{{{min(indents)}}}", "", text)


def _spread(match: re.Match[str]) -> bool:
    """An opening tag over several lines: a tag whose end is optional but absent must fit on
    one line, else a broken opening (`{%note danger}`, its `%` missing) would run on to the
    next `%}` and take the text in between as its arguments."""
    return "\n" in match.group(2)


def _body_line(line: int, src: str, start: int, end: int, body: str | None = None) -> int:
    """The source line a tag's body starts on, its tag being `src[start:end]` from `line` on:
    the next line when a line break follows the tag (`_trim_body` drops it), else the tag's
    last line (`{% note %}Text`, or an opening tag spread over lines). Given the `body` a
    tag function gets (`_tag_body`), spaces after the tag count as its first line's indent:
    as deep as the shared indent (`{% note %}  ` in a list item), they go with it and the
    break after them is the one trimmed."""
    line += src.count("\n", start, end)
    if body is None or not body[:max(body.find("\n"), 0)].isspace():
        return line + src.startswith("\n", end)
    return line + strip_indent(body).startswith("\n")


def _trim_body(body: str) -> str:
    """One line break off each end of a body, as Hexo trims it."""
    if body.startswith("\n"):
        body = body[1:]
    return body[:-1] if body.endswith("\n") else body


def _tag_body(body: str) -> str:
    """What a tag function gets of the text between its tags, in Hexo's order: the shared
    indentation goes first, then one line break at each end. Trimmed first, a body whose end
    tag is indented like its text (`    text\n    {% endx %}`) would keep the break before
    the end tag's indent, which only the stripping removes."""
    return _trim_body(strip_indent(body))


def _unknown_pair(ctx: "RenderContext", name: str, body: str, block: bool,
                  body_line: int) -> str:
    """An unknown tag closed by its `{% endNAME %}` (a theme's box, a swiper): Hexo would
    stop on it; here the pair is dropped and its body shown as Markdown, with a warning."""
    ctx.warn(f"unknown tag {{% {name} %}}…{{% end{name} %}}: its body is shown as Markdown "
             "without the tags", hint=_TAG_HINT)
    if block:
        return ctx.render_markdown(_tag_body(body), body_line)
    return ctx.render_inline(body)


_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
RAW_HTML = "qp_raw"  # the info of an HTML block made from a {% raw %} pair
# The env key of the tag bodies lazy_quotes.py kept aside, by their opening tag's line
KEPT_BODIES = "qp_kept_tag_bodies"


def _hexo_fence(quote: str) -> re.Pattern[str]:
    """A code fence as Hexo finds it in a post's raw text before any renderer or tag runs
    (its `backtick_code_block` filter), each of its two fence lines led by `quote`: what
    opens the line up to the fence (`start`), the fence (`fence`), its info line (`info`), the
    code (`code`), and where the closing fence's line ends (`after`: the line breaks Hexo
    keeps)."""
    return re.compile(r"^(?P<start>" + quote + r"[^\S\r\n]*)(?P<fence>`{3,}|~{3,})[^\S\r\n]*"
                      r"(?P<info>(?:.*?[^`\s])?)[^\S\r\n]*\n(?P<code>(?:[\s\S]*?\n)?)"
                      + quote + r"[^\S\r\n]*(?P=fence)[^\S\r\n]?(?P<after>\n+|$)", re.M)


# Hexo's own pattern, over a post's text: up to three `>` of a quote may lead a fence line.
QUOTED_FENCE = _hexo_fence(r"(?:[^\S\r\n]*>){0,3}")
# Over an HTML block's text, where Markdown has taken the quote's `>` off: indentation only.
HEXO_FENCE = _hexo_fence("")


def may_hold_fence(src: str, begin: int = 0, stop: int | None = None) -> bool:
    """Whether `src[begin:stop]` holds a fence's characters (a test before HEXO_FENCE)."""
    return src.find("```", begin, stop) >= 0 or src.find("~~~", begin, stop) >= 0


def _fences(src: str, begin: int, stop: int) -> Iterator[re.Match[str]]:
    """The fences (HEXO_FENCE) that open in `src[begin:stop]`; the last may close after it."""
    if may_hold_fence(src, begin, stop):
        for match in HEXO_FENCE.finditer(src, begin):
            if match.start() >= stop:
                return
            yield match


def _unread(src: str, begin: int, stop: int) -> list[tuple[int, int]]:
    """The spans of `src` from `begin` to `stop` where Hexo draws no tag: HTML comments (see
    `_split_html`) and code fences, which Hexo makes code blocks of before it reads a tag."""
    spans = ([m.span() for m in _COMMENT.finditer(src, begin, stop)]
             if src.find("<!--", begin, stop) >= 0 else [])
    return spans + [(m.start(), m.start("after")) for m in _fences(src, begin, stop)]


def _tag_token(meta: dict[str, Any], line: int, block: bool) -> Token:
    token = Token("qp_tag", "", 0)
    token.meta = meta
    token.map = [line, line + 1]
    token.block = block
    return token


def _html_inline_token(content: str, info: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content, token.info = content, info
    return token


def html_piece(content: str, like: Token, info: str = "") -> Token:
    """A piece of the HTML block `like`, as an HTML block of its own."""
    token = Token("html_block", "", 0)
    token.content, token.map, token.level, token.info = content, like.map, like.level, info
    return token


def tag_at(src: str, start: int, tags: dict[str, "TagSpec"], *, unknown_pairs: bool
            ) -> tuple[re.Match[str], re.Match[str] | None] | None:
    """The tag opening at `start` and its end tag (None: a tag without a body), if it is
    complete: a known tag, a raw pair, or with `unknown_pairs` an unknown tag closed by its
    `{% endNAME %}`. Markdown's own rules take unknown pairs (their body is shown, with a
    warning); inside HTML only known tags and raw pairs are read, so a script's template
    (`{% if %}…{% endif %}`) stays as written."""
    match = OPEN.match(src, start)
    if match is None:
        return None
    spec = tags.get(match.group(1))
    if spec is None and not unknown_pairs and match.group(1) != "raw":
        return None
    if spec is not None and not (spec.ends or spec.optional_end):
        return match, None
    close = find_end(src, match.group(1), match.end())
    if close is None and (spec is None or spec.ends or _spread(match)):
        return None
    return match, close


def _split_html(src: str, first_line: int, tags: dict[str, "TagSpec"],
                html: Callable[[str, str], Token], block: bool) -> list[Token]:
    """The tags of a piece of HTML (`src`, from source line `first_line` on) as tag tokens
    between `html(text, info)` pieces of it; [] when it holds none. Hexo reads tags over the
    whole post, HTML included; Markdown stops at HTML, so its tag rules never see them.
    Known tags and raw pairs only: anything else in `{% %}` (a script's own template) stays,
    and so does a tag in an HTML comment (a writer's way to put a tag aside): Hexo draws it
    inside the comment, where the page shows nothing either way, so it need not be drawn or
    warned about (and Hexo 7 breaks a comment over several lines that holds one: its `-->`
    is read as text and the comment runs on over the page). A tag in a code fence is code,
    as on Hexo (html_fences.py makes the fence a code block)."""
    pos, out = 0, []
    unread = _unread(src, 0, len(src))
    start = src.find("{%")
    while start >= 0:
        unread_end = next((end for begin, end in unread if begin < start < end), None)
        if unread_end is not None:
            start = src.find("{%", unread_end)
            continue
        found = tag_at(src, start, tags, unknown_pairs=False)
        if found is None:
            start = src.find("{%", start + 2)
            continue
        match, close = found
        name = match.group(1)
        stop = close.end() if close else match.end()
        body = src[match.end():close.start()] if close else None
        if src[pos:start]:
            out.append(html(src[pos:start], ""))
        if name == "raw":
            out.append(html(body or "", RAW_HTML))
        else:
            line = first_line + src.count("\n", 0, start)
            meta = {"name": name, "args": match.group(2), "body": body, "line": line,
                    "body_line": _body_line(line, src, start, match.end(), body)}
            out.append(_tag_token(meta, line, block))
        pos = stop
        start = src.find("{%", pos)
    if out and src[pos:]:
        out.append(html(src[pos:], ""))
    return out


def _split_html_block(state: StateCore, block: Token, tags: dict[str, "TagSpec"]) -> list[Token]:
    """An HTML block's tags as tag tokens between pieces of the block (`_split_html`): Butterfly's
    `{% galleryGroup %}` lines inside a `<div class="gallery-group-main">`."""
    first_line = (block.map[0] if block.map else 0) + 1 + _line_offset(state.env)
    return _split_html(block.content, first_line, tags,
                       lambda text, info: html_piece(text, block, info), True) or [block]


def _split_html_inline(state: StateCore, paragraph: Token, tags: dict[str, "TagSpec"]) -> None:
    """The tags inside a paragraph's inline HTML (`_split_html`): markdown-it reads
    `<source src="{% asset_path clip.mp4 %}">` in a paragraph as one piece of HTML, so the
    inline tag rule never sees the tag Hexo draws in its attribute. Each piece's line is
    found where its text stands in the paragraph's (an HTML piece is cut from it as written):
    the children before it do not tell it, for a code span's line breaks are spaces in its
    content and a tag's body spread over lines is no child's text."""
    src, pos = paragraph.content, 0
    first_line = (paragraph.map[0] if paragraph.map else 0) + 1 + _line_offset(state.env)
    children: list[Token] = []
    for child in paragraph.children or ():
        pieces: list[Token] = []
        if child.type == "html_inline":
            at = src.find(child.content, pos)
            pos = at + len(child.content) if at >= 0 else pos
            if "{%" in child.content:
                line = first_line + src.count("\n", 0, max(at, 0))
                pieces = _split_html(child.content, line, tags, _html_inline_token, False)
        children.extend(pieces or [child])
    paragraph.children = children


def _pair_past(src: str, begin: int, stop: int, tags: dict[str, "TagSpec"]) -> int:
    """Where the pair opened in `src[begin:stop]` and closed after `stop` ends, else -1 (the
    tags `_split_html_block` draws: known ones and raw pairs, outside comments and fences).
    Hexo sets every tag pair aside before Markdown reads the post, so a blank line in its
    body does not end the HTML block around it, as it ends any other (markdown-it's types 6
    and 7)."""
    unread = _unread(src, begin, stop)
    past, start = -1, src.find("{%", begin, stop)
    while start >= 0:
        found = None if any(a < start < b for a, b in unread) else tag_at(
            src, start, tags, unknown_pairs=False)
        close = found[1] if found else None
        if close is not None and close.start() >= stop:
            past, start = close.end(), -1
        else:
            start = src.find("{%", close.end() if close else start + 2, stop)
    return past


def _fence_past(src: str, begin: int, stop: int) -> int:
    """Where the code fence opened in `src[begin:stop]` and closed after `stop` ends, else
    -1. Hexo makes a code block of each fence before Markdown reads the post, so a blank
    line in the code does not end the HTML block the fence stands in either."""
    return next((m.start("after") for m in _fences(src, begin, stop) if m.start("after") > stop), -1)


def html_block_holding_pairs(tags: dict[str, "TagSpec"]
                             ) -> Callable[[StateBlock, int, int, bool], bool]:
    """markdown-it's HTML block rule, except that a block cut by a blank line inside a tag
    pair (`_pair_past`) or a code fence (`_fence_past`) runs on to the line holding the
    pair's end or the closing fence, then to its next blank line, as if the pair or the
    fence were one line."""

    @starts_with("<")
    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if silent:
            return html_block(state, start, end, True)
        if not html_block(state, start, end, False):
            return False
        src, grown = state.src, False
        checked, stop = state.bMarks[start], state.eMarks[state.line - 1]
        while state.line < end and state.isEmpty(state.line) and (
                "{%" in src[checked:stop] or may_hold_fence(src, checked, stop)):
            past = max(_pair_past(src, checked, stop, tags), _fence_past(src, checked, stop))
            line = state.line
            while past >= 0 and line < end and state.eMarks[line] < past:
                line += 1
            if past < 0 or line >= end:  # none, or its end is outside this list item or quote
                break
            line += 1
            while line < end and not state.isEmpty(line) and state.sCount[line] >= state.blkIndent:
                line += 1
            checked, stop, state.line, grown = past, state.eMarks[line - 1], line, True
        if grown:
            token = state.tokens[-1]
            token.map = [start, state.line]
            token.content = state.getLines(start, state.line, state.blkIndent, True)
        return True

    return rule


def tags_in_html_blocks(tags: dict[str, "TagSpec"]) -> Callable[[StateCore], None]:
    """The core rule (after `block`) that reads tags inside HTML blocks (_split_html_block)."""

    def holds_tags(token: Token) -> bool:
        return token.type == "html_block" and "{%" in token.content and token.info != RAW_HTML

    def rule(state: StateCore) -> None:  # an HTML block's text is cut from the source
        if "{%" not in state.src:
            return
        # A loop asking only the HTML blocks, not `any` over a generator asking every token:
        # ~500 instructions a token, for each post that holds a tag anywhere.
        for token in state.tokens:
            if token.type == "html_block" and holds_tags(token):
                break
        else:
            return
        state.tokens = [piece for token in state.tokens for piece in
                        (_split_html_block(state, token, tags) if holds_tags(token) else [token])]

    return rule


def tag_plugin(md: MarkdownIt, tags: dict[str, "TagSpec"]) -> None:
    """Install the tag rules for the given registry on a parser."""

    @starts_with("{")
    def block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[start] + state.tShift[start]
        if state.sCount[start] - state.blkIndent >= 4 or not state.src.startswith("{%", pos):
            return False
        found = tag_at(state.src, pos, tags, unknown_pairs=True)
        if found is None:
            return False  # the inline rule reports the unknown tag or the missing end tag
        match, close = found
        name = match.group(1)
        body = state.src[match.end():close.start()] if close else None
        kept = state.env.get(KEPT_BODIES)
        if kept is not None and body is not None:
            body = kept.get(start, body)
        stop = close.end() if close else match.end()
        line_end = state.src.find("\n", stop)
        line_end = len(state.src) if line_end < 0 else line_end
        if state.src[stop:line_end].strip():
            return False  # text follows the tag on its line: leave it to the inline rule
        next_line = start + 1
        while next_line < end and state.bMarks[next_line] <= stop:
            next_line += 1
        if silent:
            return True
        if name == "raw" and body is not None:
            body = _trim_body(body)  # Nunjucks' pair: no tag body, nor its indent stripped
            if _FENCE.search(body):
                # Hexo turns fences into code blocks before it reads any tag: a raw pair
                # around a fence (kept from Nunjucks for its `{{ }}`) still shows a code
                # block. The body is parsed alone, so its tokens' lines are moved to where
                # it stands.
                first = len(state.tokens)
                state.md.block.parse(body, state.md, state.env, state.tokens)
                below = _body_line(start, state.src, pos, match.end())
                for token in state.tokens[first:]:
                    if token.map:
                        token.map = [token.map[0] + below, token.map[1] + below]
                state.line = next_line
                return True
            # Hexo hands a raw block to the page as it is: an HTML block, so what reads HTML
            # blocks reads it too (the formulas the blog's MathJax drew there in the browser).
            token = state.push("html_block", "", 0)
            token.content = body
            token.info = RAW_HTML  # its tags stay literal
        else:
            token = state.push("qp_tag", "", 0)
            line = start + 1 + _line_offset(state.env)
            token.meta = {"name": name, "args": match.group(2), "body": body, "line": line,
                          "body_line": _body_line(line, state.src, pos, match.end(), body)}
        token.map = [start, next_line]
        token.block = True
        state.line = next_line
        return True

    @starts_with("{")
    def inline_rule(state: StateInline, silent: bool) -> bool:
        if not state.src.startswith("{%", state.pos):
            return False
        found = tag_at(state.src, state.pos, tags, unknown_pairs=True)
        match = found[0] if found else OPEN.match(state.src, state.pos)
        if not match:
            return False
        name = match.group(1)
        ctx = _ctx(state.env)
        line = (ctx.line if ctx else 0) + state.src.count("\n", 0, state.pos)
        if found is None:  # an unknown tag, or a tag missing its end
            if not silent:
                problem = (f"unknown tag {{% {name} %}}" if name not in tags
                           else f"{{% {name} %}} has no {{% end{name} %}}")
                if ctx is not None:
                    ctx.warn(problem, line, hint=_TAG_HINT)
                token = state.push("text", "", 0)
                token.content = match.group(0)
            state.pos = match.end()
            return True
        close = found[1]
        if not silent:
            token = state.push("qp_tag", "", 0)
            body = state.src[match.end():close.start()] if close else None
            token.meta = {"name": name, "args": match.group(2), "line": line, "body": body,
                          "body_line": _body_line(line, state.src, state.pos, match.end(), body)}
        state.pos = close.end() if close else match.end()
        return True

    def inline_with_lines(state: StateCore) -> None:
        """The core 'inline' step, telling the context which line each paragraph is on."""
        ctx = _ctx(state.env)
        offset = _line_offset(state.env)
        for token in state.tokens:
            if token.type == "inline":
                if ctx is not None and token.map:
                    ctx.line = token.map[0] + 1 + offset
                if token.children is None:
                    token.children = []  # keep the list: later rules (task lists) read it
                state.md.inline.parse(token.content, state.md, state.env, token.children)

    def render_tag(renderer: "RendererHTML", tokens: list[Token], idx: int,
                   options: "OptionsDict", env: dict[str, Any]) -> str:
        meta = tokens[idx].meta
        ctx = _ctx(env)
        spec = tags.get(meta["name"])
        if ctx is None:
            return html.escape(f"{{% {meta['name']}{meta['args']} %}}")
        ctx.line = meta["line"]
        if spec is None:
            return _unknown_pair(ctx, meta["name"], meta["body"], tokens[idx].block,
                                 meta["body_line"])
        try:
            args = parse_args(meta["args"])
        except ValueError as exc:
            return ctx.error_box(f"{{% {spec.name} %}}: bad arguments ({exc})", meta["args"])
        body = meta["body"]
        if body is not None and spec.name != "raw":  # Nunjucks' own pair: no tag body
            body = _tag_body(body)  # Hexo's rule for every tag body, passed on raw or not
            if not spec.raw_body:
                body = ctx.render_markdown(body, meta["body_line"])
        saved, ctx.body_line = ctx.body_line, meta["body_line"]  # for a body passed on raw
        try:
            made = spec.func(ctx, args, body)
        except QuillError as exc:
            return ctx.error_box(f"{{% {spec.name} %}}: {exc.message}", body or "", hint=exc.hint)
        except Exception as exc:  # a broken tag must not stop the post or the build
            return ctx.error_box(f"{{% {spec.name} %}} failed: {exc!r}", body or "")
        finally:
            ctx.body_line = saved
        return made if isinstance(made, str) else ctx.not_text_box(
            f"{{% {spec.name} %}}", made, body or "")

    md.block.ruler.at("html_block", html_block_holding_pairs(tags),  # `at` resets the alt
                      {"alt": ["paragraph", "reference", "blockquote"]})
    md.block.ruler.after("fence", "qp_tag", block_rule,
                         {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before("backticks", "qp_tag", inline_rule)
    md.core.ruler.after("block", "qp_tags_in_html", tags_in_html_blocks(tags))
    md.core.ruler.at("inline", inline_with_lines)
    md.core.ruler.after("inline", "qp_raw_in_code", tags_in_inline_code_and_html(tags))
    md.add_render_rule("qp_tag", render_tag)

