"""Nunjucks output `{{ name }}` in a post's text is written as Hexo's tag engine writes it.

Hexo renders every post with Nunjucks, the post's own data as the variables: `{{ title }}`
shows the title, `{{ date }}` the date as moment.js prints it, a front-matter key its value
(as JavaScript's String() shows it, HTML and all), and any other name nothing at all (the
remains of a Jekyll template, `{{ page.title }}`, vanish). On a blog Hexo builds (package.json
names Hexo), QuillPress writes the same where Hexo's tag engine reads the text, as for
Nunjucks comments (nunjucks_comments.py): not in code, math, raw HTML blocks, `{% raw %}`,
nor in posts where the engine does not run. A QuillPress blog's `{{ }}` stays text: no
template engine runs over its posts.

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
    from markdown_it.rules_inline import StateInline

    from ..config.loader import Config
    from .context import RenderContext

OPEN, CLOSE = "{{", "}}"
_NAME = r"[A-Za-z_$][\w$]*"
_PATH = re.compile(rf"-?\s*({_NAME}(?:\s*\.\s*{_NAME}|\s*\[\s*\d+\s*\])*)\s*-?")
_STEP = re.compile(rf"({_NAME})|\[\s*(\d+)\s*\]")


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


def nunjucks_values_plugin(md: "MarkdownIt", config: "Config", renderer: str | None) -> None:
    """Install the inline rule on a blog Hexo builds; `renderer` is its Hexo Markdown
    renderer (None: no Hexo blog, where `{{ }}` stays text, as QuillPress runs no template
    engine over a post)."""
    if renderer is None:
        return
    by_default = not disabled_by_config(config, renderer)

    @starts_with("{")
    def inline_value(state: "StateInline", silent: bool) -> bool:
        if not state.src.startswith(OPEN, state.pos):
            return False
        close = state.src.find(CLOSE, state.pos + len(OPEN), state.posMax)
        ctx: RenderContext | None = state.env.get("qp")
        if close < 0 or ctx is None or not engine_runs(state.env, by_default):
            return False
        inside = state.src[state.pos + len(OPEN):close]
        path = _PATH.fullmatch(inside)
        if path is None:
            if not silent:
                ctx.warn(f"{{{{{inside}}}}} is a Nunjucks expression QuillPress does not "
                         "evaluate; shown as written",
                         hint="write its value, or a front-matter key's name alone: {{ key }}")
            return False
        if not silent:
            token = state.push("html_inline", "", 0)
            token.content = _look_up(_variables(ctx), path.group(1))
        state.pos = close + len(CLOSE)
        return True

    md.inline.ruler.push("qp_nunjucks_value", inline_value)
