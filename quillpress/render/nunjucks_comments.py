"""Nunjucks comments `{# … #}` in a post's text are left out, as Hexo leaves them out.

Hexo reads every post with Nunjucks, its tag engine, so a `{# note to self #}` in the text
never reaches the page: authors use it to keep drafts' notes and the remains of a Jekyll
template out of sight. QuillPress leaves it out where Hexo's tag engine reads the text too:

- in paragraphs, headings, list items, quotes and table cells (the inline rule, so a comment
  may run over the lines of one paragraph);
- where a comment starts a line and ends a line, over as many lines as it takes, blank lines
  and Markdown inside it included, up to a code fence (the block rule): nothing of it is
  shown, not even an empty paragraph.

It stays as written in code (code spans, fenced and indented code, code tags), in math, in
raw HTML blocks and inside `{% raw %}`, which is what an author writing about Jinja or Liquid
shows on purpose, and in posts where Hexo's tag engine does not run: `disableNunjucks: true`
in the front-matter, or in the renderer's section of `_config.yml` (`marked:` for
hexo-renderer-marked, `markdown:` for hexo-renderer-markdown-it) unless the front-matter says
`disableNunjucks: false`. A `{#` with no `#}` after it stays text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .rule_dispatch import starts_with

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline

    from ..config.loader import Config
    from .context import RenderContext

OPEN, CLOSE = "{#", "#}"
# A fence line: Hexo sets code aside before it looks for comments, so a `#}` in code below
# closes nothing; a comment line whose only close is past a fence stays text.
_FENCE = re.compile(r"(?m)^[ \t>]*(?:```|~~~)")
# The config section that holds `disableNunjucks` for each Hexo renderer that reads it.
_RENDERER_SECTION = {"hexo-renderer-marked": "marked", "hexo-renderer-markdown-it": "markdown"}


def disabled_by_config(config: "Config", renderer: str | None) -> bool:
    """Whether the blog's renderer tells Hexo not to run Nunjucks over posts."""
    section = config.get(_RENDERER_SECTION.get(renderer or "", ""))
    return isinstance(section, Mapping) and bool(section.get("disableNunjucks"))


def engine_runs(env: Mapping[str, Any], by_default: bool) -> bool:
    """Whether Hexo's tag engine reads this document (so its comments are left out): its
    front-matter's `disableNunjucks` (a boolean) decides, else the renderer's setting."""
    ctx: RenderContext | None = env.get("qp")
    written = ctx.doc.front.get("disableNunjucks") if ctx is not None else None
    return not written if isinstance(written, bool) else by_default


def nunjucks_comments_plugin(md: "MarkdownIt", config: "Config", renderer: str | None) -> None:
    """Install both rules; `renderer` is the blog's Hexo Markdown renderer."""
    by_default = not disabled_by_config(config, renderer)

    @starts_with("{")
    def block_comment(state: "StateBlock", start: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[start] + state.tShift[start]
        if state.sCount[start] - state.blkIndent >= 4 or not state.src.startswith(OPEN, pos):
            return False
        close = state.src.find(CLOSE, pos + len(OPEN))
        if close < 0 or _FENCE.search(state.src, pos, close) is not None:
            return False
        line_end = state.src.find("\n", close)
        line_end = len(state.src) if line_end < 0 else line_end
        if state.src[close + len(CLOSE):line_end].strip() or not engine_runs(
                state.env, by_default):
            return False  # text follows it on its line: the inline rule leaves it out there
        last = start
        while last + 1 < end and state.bMarks[last + 1] <= close:
            last += 1
        if close > state.eMarks[last]:
            return False  # it closes outside the list item or quote it opened in
        if not silent:
            state.line = last + 1
        return True

    @starts_with("{")
    def inline_comment(state: "StateInline", silent: bool) -> bool:
        if not state.src.startswith(OPEN, state.pos):
            return False
        close = state.src.find(CLOSE, state.pos + len(OPEN), state.posMax)
        if close < 0 or not engine_runs(state.env, by_default):
            return False
        state.pos = close + len(CLOSE)
        return True

    # A comment line ends a paragraph, as the blank line Hexo leaves in its place does.
    md.block.ruler.before("paragraph", "qp_nunjucks_comment", block_comment,
                          {"alt": ["paragraph"]})
    md.inline.ruler.push("qp_nunjucks_comment", inline_comment)
