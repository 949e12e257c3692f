"""Smart punctuation ("quotes" → “quotes”, `--` → a dash, `...` → …) as the blog's renderer did.

Hexo's Markdown renderers turn it on by default, each its own way:
- marked (`marked.smartypants`, hexo-renderer-marked) and kramed (`kramed.smartypants`) run
  a few replacements over each run of text: `---` → —, `--` → – (kramed, an older marked:
  `--` → —), a quote after a space, a bracket or a dash opens, any other closes, `...` → …;
- markdown-it and markdown-it-plus (`markdown.render.typographer`, `markdown_it_plus.typographer`)
  use markdown-it's typographer: balanced quotes, dashes, …, (c) → ©.
A blog keeps what its renderer did, named by package.json (`config/hexo_plugins.py`); pandoc's
`smart` extension is not imitated (its rules are its own), and a blog with no Hexo renderer
keeps QuillPress's default, off. `markdown.typographer`, when written in _config.yml, decides
for any blog (markdown-it's typographer).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..config.hexo_plugins import markdown_renderer
from .line_breaks import setting_at

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

MARKDOWN_IT = "markdown-it"
MARKED = "marked"
KRAMED = "kramed"

# Where each renderer reads its setting in _config.yml, and its rules (all default to on).
SETTINGS: dict[str, tuple[tuple[str, ...], str]] = {
    "hexo-renderer-marked": (("marked", "smartypants"), MARKED),
    "hexo-renderer-kramed": (("kramed", "smartypants"), KRAMED),
    "hexo-renderer-markdown-it": (("markdown", "render", "typographer"), MARKDOWN_IT),
    "hexo-renderer-markdown-it-plus": (("markdown_it_plus", "typographer"), MARKDOWN_IT),
    "hexo-renderer-multi-markdown-it": (("markdown", "render", "typographer"), MARKDOWN_IT),
}

# Each rule: its pattern, its replacement, and a text every match holds. A run of text
# without that text is left alone, not searched: most runs hold no quote, dash or ellipsis,
# and searching each with every pattern was most of the time marked's blogs spent on it.
Rule = tuple[re.Pattern[str], str, str]
_QUOTES: list[Rule] = [
    (re.compile(r"""(^|[-\u2014/(\[{"\s])'"""), "\\1\u2018", "'"),  # opening single
    (re.compile("'"), "\u2019", "'"),  # closing single, apostrophe
    (re.compile(r"""(^|[-\u2014/(\[{\u2018\s])\""""), "\\1\u201c", '"'),  # opening double
    (re.compile('"'), "\u201d", '"'),  # closing double
    (re.compile(r"\.{3}"), "\u2026", "..."),
]
RULES: dict[str, list[Rule]] = {
    MARKED: [(re.compile("---"), "\u2014", "---"), (re.compile("--"), "\u2013", "--"), *_QUOTES],
    KRAMED: [(re.compile("--"), "\u2014", "--"), *_QUOTES],
}


def smart_punctuation(config: Any) -> str | None:
    """Whose smart punctuation this blog gets (MARKDOWN_IT, MARKED, KRAMED), or None."""
    if setting_at(config, ("markdown", "typographer")) is True:
        return MARKDOWN_IT
    report = getattr(config, "report", None)
    if report is not None and ("markdown", "typographer") in report.lines:
        return None  # written `false`, not the default
    renderer = markdown_renderer(config.root_path)
    if renderer not in SETTINGS:
        return None
    keys, style = SETTINGS[renderer]
    return None if setting_at(config, keys) is False else style


def smarten(text: str, rules: list[Rule]) -> str:
    """`text` with each rule's replacements made in turn, searched only by the rules whose
    text it holds (no replacement makes another rule's text)."""
    for pattern, replacement, needed in rules:
        if needed in text:
            text = pattern.sub(replacement, text)
    return text


def smartypants_plugin(md: "MarkdownIt", style: str) -> None:
    """marked's or kramed's replacements, on each run of text (never code, HTML, a bare URL
    or a backslash-escaped character, which stay as written)."""
    rules = RULES[style]

    def smartypants(state: "StateCore") -> None:
        for block in state.tokens:
            in_autolink = 0
            for token in block.children or []:
                if token.type in ("link_open", "link_close") and token.info == "auto":
                    in_autolink += token.nesting  # a bare URL is shown as written
                elif token.type == "text" and not in_autolink:
                    token.content = smarten(token.content, rules)

    md.core.ruler.after("linkify", "smartypants", smartypants)
