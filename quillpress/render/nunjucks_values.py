"""Nunjucks output `{{ name }}` in a post's text is written as Hexo's tag engine writes it.

Hexo renders every post with Nunjucks, the post's own data as the variables: `{{ title }}`
shows the title, `{{ date }}` the date as moment.js prints it, a front-matter key its value
(as JavaScript's String() shows it, HTML and all), and any other name nothing at all (the
remains of a Jekyll template, `{{ page.title }}`, vanish). On a blog Hexo builds (package.json
names Hexo), QuillPress writes the same where Hexo's tag engine reads the text, as for
Nunjucks comments (nunjucks_comments.py): not in code, math, raw HTML blocks, `{% raw %}`,
nor in posts where the engine does not run. A QuillPress blog's `{{ }}` stays text: no
template engine runs over its posts.

A line that starts with `{{ … }}` is written as it stands, its values filled in, and no
Markdown read in it (not even a paragraph around it): Hexo sets each `{{ … }}` aside as an
HTML comment before its renderer runs, and a line starting with an HTML comment is raw HTML
to marked and markdown-it alike. So a line holding only a name not set leaves nothing, not
an empty paragraph (checked with Hexo 7.3 on marked, in a paragraph, list item and quote).

Only a name, or a path of names (`a.b`, `list[0]`), is looked up. Any other expression
(a filter, a sum, a call) is shown as written, with a warning: QuillPress does not run
Nunjucks' expression language.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from ..config.yaml12 import js_text
from .nunjucks_comments import disabled_by_config, engine_runs
from .rule_dispatch import starts_with

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline

    from ..config.loader import Config
    from .context import RenderContext

OPEN, CLOSE = "{{", "}}"
_NAME = r"[A-Za-z_$][\w$]*"
_PATH = re.compile(rf"-?\s*({_NAME}(?:\s*\.\s*{_NAME}|\s*\[\s*\d+\s*\])*)\s*-?")
_STEP = re.compile(rf"({_NAME})|\[\s*(\d+)\s*\]")
_OUTPUT = re.compile(r"\{\{(.*?)\}\}")


def _moment_text(when: dt.datetime) -> str:
    """A date as moment.js's toString() prints it: `Sat May 20 2023 08:30:00 GMT+0800`."""
    return when.strftime("%a %b %d %Y %H:%M:%S GMT%z")


def _variables(ctx: "RenderContext") -> dict[str, Any]:
    """The names a post's Nunjucks sees: its front-matter, with the title and dates Hexo
    read from it."""
    doc = ctx.doc
    return {**doc.front, "title": doc.title, "date": doc.date, "updated": doc.updated}


def _look_up(variables: dict[str, Any], path: str) -> str:
    """The text Nunjucks writes for `path`: empty for a name not set (or null)."""
    value: Any = variables
    for name, index in _STEP.findall(path):
        if isinstance(value, dict) and name:
            value = value.get(name)
        elif isinstance(value, list) and index and int(index) < len(value):
            value = value[int(index)]
        else:
            return ""
    if value is None:
        return ""
    return _moment_text(value) if isinstance(value, dt.datetime) else js_text(value)


def _written(ctx: "RenderContext", inside: str) -> str | None:
    """What Hexo writes for `{{inside}}`: a path's value, or None for an expression
    QuillPress does not evaluate (warned of, at the post)."""
    path = _PATH.fullmatch(inside)
    if path is not None:
        return _look_up(_variables(ctx), path.group(1))
    ctx.warn(f"{{{{{inside}}}}} is a Nunjucks expression QuillPress does not evaluate; shown "
             "as written", hint="write its value, or a front-matter key's name alone: {{ key }}")
    return None


def nunjucks_values_plugin(md: "MarkdownIt", config: "Config", renderer: str | None) -> None:
    """Install the block and inline rules on a blog Hexo builds; `renderer` is its Hexo
    Markdown renderer (None: no Hexo blog, where `{{ }}` stays text, as QuillPress runs no
    template engine over a post)."""
    if renderer is None:
        return
    by_default = not disabled_by_config(config, renderer)

    @starts_with("{")
    def line_value(state: "StateBlock", start: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[start] + state.tShift[start]
        if state.sCount[start] - state.blkIndent >= 4 or not state.src.startswith(OPEN, pos):
            return False
        line = state.src[pos:state.eMarks[start]]
        ctx: RenderContext | None = state.env.get("qp")
        if _OUTPUT.match(line) is None or ctx is None or not engine_runs(state.env, by_default):
            return False
        if not all(_PATH.fullmatch(inside) for inside in _OUTPUT.findall(line)):
            return False  # an expression QuillPress does not evaluate: text, with a warning
        if not silent:
            token = state.push("html_block", "", 0)
            token.map = [start, start + 1]
            token.content = _OUTPUT.sub(lambda m: _written(ctx, m.group(1)) or "", line) + "\n"
        state.line = start + 1
        return True

    @starts_with("{")
    def inline_value(state: "StateInline", silent: bool) -> bool:
        if not state.src.startswith(OPEN, state.pos):
            return False
        close = state.src.find(CLOSE, state.pos + len(OPEN), state.posMax)
        ctx: RenderContext | None = state.env.get("qp")
        if close < 0 or ctx is None or not engine_runs(state.env, by_default):
            return False
        inside = state.src[state.pos + len(OPEN):close]
        if silent:
            if _PATH.fullmatch(inside) is None:
                return False
        elif (value := _written(ctx, inside)) is None:
            return False
        else:
            state.push("html_inline", "", 0).content = value
        state.pos = close + len(CLOSE)
        return True

    # Before the setext heading: the line is raw HTML to Hexo's renderer, as a comment is,
    # and like one it ends a paragraph, a quote's lazy line and a list item's.
    md.block.ruler.before("lheading", "qp_nunjucks_value_line", line_value,
                          {"alt": ["paragraph", "reference", "blockquote"]})
    md.inline.ruler.push("qp_nunjucks_value", inline_value)
